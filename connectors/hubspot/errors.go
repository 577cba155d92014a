package hubspot

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

// Sentinel errors; test with errors.Is.
var (
	// ErrNotFound matches an *ErrorResponse with status 404.
	ErrNotFound = errors.New("hubspot: not found")
	// ErrUnauthorized matches an *ErrorResponse with status 401 (missing,
	// unknown or expired access token).
	ErrUnauthorized = errors.New("hubspot: unauthorized")
	// ErrAuthExpired matches the error returned when HubSpot rejects the
	// OAuth refresh token (revoked, uninstalled app): a person must reconnect
	// the app. Such errors also match crm.ErrPermanent.
	ErrAuthExpired = errors.New("HubSpot authorization expired: reconnect")
)

// ErrorDetail is one entry of the errors array of a HubSpot error body.
type ErrorDetail struct {
	Message     string `json:"message"`
	Code        string `json:"code,omitempty"`
	In          string `json:"in,omitempty"`
	SubCategory string `json:"subCategory,omitempty"`
	// Context is kept raw: HubSpot documents it both as an object of string
	// arrays and as a string.
	Context json.RawMessage `json:"context,omitempty"`
}

// ErrorResponse is a non-2xx answer from HubSpot other than 429. It carries
// HubSpot's own error fields. errors.Is matches ErrNotFound (404),
// ErrUnauthorized (401) and crm.ErrPermanent (any 4xx except 408, 423 and
// 429, which a later retry may fix).
type ErrorResponse struct {
	StatusCode int
	// Status is the HTTP status line, e.g. "400 Bad Request".
	Status        string
	Message       string
	Category      string
	CorrelationID string
	SubCategory   string
	Errors        []ErrorDetail
	// Context is HubSpot's context object (e.g. {"ids": [...]}) when it
	// is a map of string lists.
	Context map[string][]string
	// Method and Endpoint name the request: the URL path, never the query.
	Method   string
	Endpoint string
	// Hint says what to fix, for a 401: the settings holding the
	// credentials (Config.CredentialsHint).
	Hint string
}

// Error names the request and HubSpot's message, category and correlation ID.
func (e *ErrorResponse) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "hubspot: %s %s: %s", e.Method, e.Endpoint, e.Status)
	if e.Message != "" {
		b.WriteString(": ")
		b.WriteString(e.Message)
	}
	var extra []string
	if e.Category != "" {
		extra = append(extra, "category "+e.Category)
	}
	if e.SubCategory != "" {
		extra = append(extra, "subCategory "+e.SubCategory)
	}
	if e.CorrelationID != "" {
		extra = append(extra, "correlationId "+e.CorrelationID)
	}
	if len(extra) > 0 {
		b.WriteString(" (" + strings.Join(extra, ", ") + ")")
	}
	if e.Hint != "" {
		b.WriteString(": " + e.Hint)
	}
	return b.String()
}

// Is reports whether e matches ErrNotFound, ErrUnauthorized or
// crm.ErrPermanent.
func (e *ErrorResponse) Is(target error) bool {
	switch target {
	case ErrNotFound:
		return e.StatusCode == http.StatusNotFound
	case ErrUnauthorized:
		return e.StatusCode == http.StatusUnauthorized
	case crm.ErrPermanent:
		return httpx.PermanentStatus(e.StatusCode)
	}
	return false
}

// RateLimitError is a 429 answer that survived the client's own waiting (or
// hit the daily limit). It implements crm.Temporary and matches
// crm.ErrRateLimited; errors.As also finds the underlying *ErrorResponse.
type RateLimitError struct {
	// RetryAfter is how long HubSpot asked to wait: Retry-After, else 1s
	// for the SECONDLY policy, else
	// X-HubSpot-RateLimit-Interval-Milliseconds, else 1s.
	RetryAfter time.Duration
	// Policy is HubSpot's policyName: TEN_SECONDLY_ROLLING, SECONDLY or DAILY.
	Policy   string
	Response *ErrorResponse
}

// Error names the request, the policy and the wait.
func (e *RateLimitError) Error() string {
	policy := ""
	if e.Policy != "" {
		policy = " (" + e.Policy + ")"
	}
	msg := ""
	if e.Response.Message != "" {
		msg = ": " + e.Response.Message
	}
	if e.Response.CorrelationID != "" {
		msg += " (correlationId " + e.Response.CorrelationID + ")"
	}
	return fmt.Sprintf("hubspot: %s %s: 429 rate limited%s, retry in %s%s",
		e.Response.Method, e.Response.Endpoint, policy, e.RetryAfter, msg)
}

// RetryDelay returns RetryAfter (crm.Temporary).
func (e *RateLimitError) RetryDelay() time.Duration { return e.RetryAfter }

// Unwrap exposes crm.ErrRateLimited and the *ErrorResponse.
func (e *RateLimitError) Unwrap() []error { return []error{crm.ErrRateLimited, e.Response} }

// service names HubSpot in the error types shared through httpx.
type service struct{}

// Name is the prefix of the connector's error messages.
func (service) Name() string { return "hubspot" }

// NotJSON keeps the wording HubSpot's DecodeError has always had.
func (service) NotJSON() string { return "not valid JSON" }

// DecodeError reports a 2xx answer whose body is not the JSON expected,
// typically a proxy's error page. It is temporary (crm.Temporary with no
// delay of its own): the same request usually succeeds later. Its fields are
// Method, Endpoint (the URL path), StatusCode and Err (the JSON error, also
// its Unwrap).
type DecodeError = httpx.DecodeError[service]

// wrapOp prefixes an error with the operation that failed, without
// repeating the "hubspot: " of the error it wraps.
func wrapOp(err error, format string, args ...any) error {
	return httpx.WrapOp(service{}.Name(), err, format, args...)
}

// permanentError is a client-side refusal (bad argument, bad token) that no
// retry can fix.
type permanentError struct{ msg string }

func (e *permanentError) Error() string        { return e.msg }
func (e *permanentError) Is(target error) bool { return target == crm.ErrPermanent }

func permanentf(format string, args ...any) error {
	return &permanentError{msg: fmt.Sprintf(format, args...)}
}

// errorBody is HubSpot's error JSON, including the rate-limit variant.
type errorBody struct {
	Status        string          `json:"status"`
	Message       string          `json:"message"`
	Category      string          `json:"category"`
	SubCategory   json.RawMessage `json:"subCategory"`
	CorrelationID string          `json:"correlationId"`
	Errors        []ErrorDetail   `json:"errors"`
	Context       json.RawMessage `json:"context"`
	ErrorType     string          `json:"errorType"`
	PolicyName    string          `json:"policyName"`
}

// checkResponse returns nil for 2xx answers and a typed error otherwise: a
// *RateLimitError for 429, an *ErrorResponse for everything else. It reads
// the body of non-2xx answers.
func checkResponse(r *http.Response) error {
	if r.StatusCode >= 200 && r.StatusCode <= 299 {
		return nil
	}
	data, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	e := &ErrorResponse{StatusCode: r.StatusCode, Status: r.Status}
	if e.Status == "" {
		e.Status = strconv.Itoa(r.StatusCode) + " " + http.StatusText(r.StatusCode)
	}
	if r.Request != nil {
		e.Method = r.Request.Method
		e.Endpoint = r.Request.URL.Path
	}
	var body errorBody
	if err := json.Unmarshal(data, &body); err == nil {
		e.Message = body.Message
		e.Category = body.Category
		e.CorrelationID = body.CorrelationID
		e.Errors = body.Errors
		e.SubCategory = rawString(body.SubCategory)
		_ = json.Unmarshal(body.Context, &e.Context)
	} else {
		e.Message = httpx.Snippet(data)
	}
	if e.CorrelationID == "" {
		e.CorrelationID = r.Header.Get("X-HubSpot-Correlation-Id")
	}
	if r.StatusCode == http.StatusTooManyRequests {
		policy := body.PolicyName
		if policy == "" {
			policy = body.ErrorType
		}
		return &RateLimitError{RetryAfter: rateLimitDelay(r.Header, body.PolicyName), Policy: policy, Response: e}
	}
	return e
}

// rawString returns a JSON string's value, or "" for anything else.
func rawString(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	return ""
}

// rateLimitDelay is how long a 429 under policy asks to wait: Retry-After
// (seconds or an HTTP date), else one second for the per-second (SECONDLY)
// limit, whatever interval header comes with it, else the rate-limit
// interval header, else one second (search answers carry no rate-limit
// headers).
func rateLimitDelay(h http.Header, policy string) time.Duration {
	// Not trimmed (unlike httpx.RetryAfter): a padded value falls through
	// to the interval header, as it always has.
	if d, ok := httpx.ParseRetryAfter(h.Get("Retry-After")); ok {
		return d
	}
	if policy == policySecondly {
		return time.Second
	}
	if ms, err := strconv.Atoi(h.Get(headerInterval)); err == nil && ms > 0 {
		return time.Duration(ms) * time.Millisecond
	}
	return time.Second
}
