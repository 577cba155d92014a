package linkedin

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/abmsync/abmsync/crm"
	"github.com/abmsync/abmsync/internal/httpx"
)

// Names of the settings that error messages point to.
const (
	versionSetting = "ABMSYNC_LINKEDIN_VERSION"
	reconnectHint  = "reconnect LinkedIn (GET " + connectPath + ") or set ABMSYNC_LINKEDIN_ACCESS_TOKEN to a new token"
)

// kindError is a sentinel that also matches a broader kind (such as
// crm.ErrPermanent) with errors.Is.
type kindError struct {
	msg  string
	kind error
}

func (e *kindError) Error() string { return e.msg }
func (e *kindError) Unwrap() error { return e.kind }

// Sentinel errors; test with errors.Is.
var (
	// ErrNotFound matches an *ErrorResponse with status 404.
	ErrNotFound = errors.New("linkedin: not found")
	// ErrUnauthorized matches a 401 answer (missing, invalid, expired or
	// revoked access token) and a refresh token LinkedIn refused. A person
	// must reconnect; it also matches crm.ErrPermanent.
	ErrUnauthorized error = &kindError{
		msg:  "linkedin: unauthorized: the access token is invalid, expired or revoked: " + reconnectHint,
		kind: crm.ErrPermanent,
	}
	// ErrVersionRetired matches a 426 answer: the LinkedIn-Version sent is
	// no longer (or not yet) served. It is a configuration error and also
	// matches crm.ErrPermanent.
	ErrVersionRetired error = &kindError{
		msg:  "linkedin: API version retired (426): set " + versionSetting + " to a current YYYYMM version (see https://learn.microsoft.com/en-us/linkedin/marketing/versioning)",
		kind: crm.ErrPermanent,
	}
)

// ErrorResponse is a non-2xx answer from LinkedIn other than 429, with
// LinkedIn's own error fields. errors.Is matches ErrNotFound (404),
// ErrUnauthorized (401), ErrVersionRetired (426) and crm.ErrPermanent (any
// 4xx except 408, 423 and 429, which a later retry may fix).
type ErrorResponse struct {
	// StatusCode is the HTTP status code.
	StatusCode int
	// Message is LinkedIn's description of the error.
	Message string
	// ServiceErrorCode is LinkedIn's subcode (e.g. 65602 for an expired
	// token), 0 when absent.
	ServiceErrorCode int
	// Status is the body's "status", normally the HTTP status again.
	Status int
	// Code is the symbolic code some answers carry, such as
	// EXPIRED_ACCESS_TOKEN or NONEXISTENT_VERSION.
	Code string
	// Method and Endpoint name the request: the URL path, never the query.
	Method, Endpoint string
	// Version is the LinkedIn-Version the request carried.
	Version string
}

// Error names the request, the status and LinkedIn's message and codes,
// plus what to do for 401 and 426.
func (e *ErrorResponse) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "linkedin: %s %s: %d %s", e.Method, e.Endpoint, e.StatusCode, http.StatusText(e.StatusCode))
	if e.Message != "" {
		b.WriteString(": ")
		b.WriteString(e.Message)
	}
	var extra []string
	if e.Code != "" {
		extra = append(extra, e.Code)
	}
	if e.ServiceErrorCode != 0 {
		extra = append(extra, "serviceErrorCode "+strconv.Itoa(e.ServiceErrorCode))
	}
	if len(extra) > 0 {
		b.WriteString(" (" + strings.Join(extra, ", ") + ")")
	}
	switch e.StatusCode {
	case http.StatusUpgradeRequired:
		fmt.Fprintf(&b, ": LinkedIn-Version %q is retired: set %s to a current YYYYMM version", e.Version, versionSetting)
	case http.StatusUnauthorized:
		b.WriteString(": " + reconnectHint)
	}
	return b.String()
}

// Is reports whether e matches ErrNotFound, ErrUnauthorized,
// ErrVersionRetired or crm.ErrPermanent.
func (e *ErrorResponse) Is(target error) bool {
	switch target {
	case ErrNotFound:
		return e.StatusCode == http.StatusNotFound
	case ErrUnauthorized:
		return e.StatusCode == http.StatusUnauthorized
	case ErrVersionRetired:
		return e.StatusCode == http.StatusUpgradeRequired
	case crm.ErrPermanent:
		return httpx.PermanentStatus(e.StatusCode)
	}
	return false
}

// DefaultRateLimitDelay is RateLimitError.RetryAfter when a 429 carries no
// Retry-After: LinkedIn's per-member limits on the DMP streaming endpoints
// are per minute.
const DefaultRateLimitDelay = time.Minute

// RateLimitError is a 429 answer that outlasted the client's own waiting.
// It implements crm.Temporary and matches crm.ErrRateLimited; errors.As also
// finds the underlying *ErrorResponse.
type RateLimitError struct {
	// RetryAfter is how long LinkedIn asked to wait (Retry-After), else
	// DefaultRateLimitDelay.
	RetryAfter time.Duration
	// Response is the 429 answer itself.
	Response *ErrorResponse
}

// Error names the request and the wait.
func (e *RateLimitError) Error() string {
	msg := ""
	if e.Response.Message != "" {
		msg = ": " + e.Response.Message
	}
	return fmt.Sprintf("linkedin: %s %s: 429 rate limited, retry in %s%s",
		e.Response.Method, e.Response.Endpoint, e.RetryAfter, msg)
}

// RetryDelay returns RetryAfter (crm.Temporary).
func (e *RateLimitError) RetryDelay() time.Duration { return e.RetryAfter }

// Unwrap exposes crm.ErrRateLimited and the *ErrorResponse.
func (e *RateLimitError) Unwrap() []error { return []error{crm.ErrRateLimited, e.Response} }

// service names LinkedIn in the error types shared through httpx.
type service struct{}

// Name is the prefix of the connector's error messages.
func (service) Name() string { return "linkedin" }

// DecodeError reports a 2xx answer whose body is not the JSON expected,
// typically a proxy's error page. It is temporary (crm.Temporary with no
// delay of its own). Its fields are Method, Endpoint (the URL path, no
// query), StatusCode and Err (the decoding error, also its Unwrap).
type DecodeError = httpx.DecodeError[service]

// wrapOp prefixes an error with the operation that failed, without
// repeating the "linkedin: " of the error it wraps.
func wrapOp(err error, format string, args ...any) error {
	return httpx.WrapOp(service{}.Name(), err, format, args...)
}

// permanentf is a client-side refusal (bad argument, bad configuration)
// that no retry can fix.
func permanentf(format string, args ...any) error {
	return &kindError{msg: "linkedin: " + fmt.Sprintf(format, args...), kind: crm.ErrPermanent}
}

// errorBody is LinkedIn's error JSON.
type errorBody struct {
	Message          string `json:"message"`
	ServiceErrorCode int    `json:"serviceErrorCode"`
	Status           int    `json:"status"`
	Code             string `json:"code"`
}

// checkResponse returns nil for 2xx answers and a typed error otherwise: a
// *RateLimitError for 429, an *ErrorResponse for everything else. It reads
// the body of non-2xx answers.
func checkResponse(r *http.Response) error {
	if r.StatusCode >= 200 && r.StatusCode <= 299 {
		return nil
	}
	data, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	e := &ErrorResponse{StatusCode: r.StatusCode}
	if r.Request != nil {
		e.Method = r.Request.Method
		e.Endpoint = r.Request.URL.Path
		e.Version = r.Request.Header.Get(headerVersion)
	}
	var body errorBody
	if err := json.Unmarshal(data, &body); err == nil {
		e.Message, e.ServiceErrorCode, e.Status, e.Code = body.Message, body.ServiceErrorCode, body.Status, body.Code
	} else {
		e.Message = httpx.Snippet(data)
	}
	if r.StatusCode == http.StatusTooManyRequests {
		d, ok := httpx.RetryAfter(r.Header)
		if !ok {
			d = DefaultRateLimitDelay
		}
		return &RateLimitError{RetryAfter: d, Response: e}
	}
	return e
}
