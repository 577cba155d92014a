package salesforce

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
	ErrNotFound = errors.New("salesforce: not found")
	// ErrUnauthorized matches an *ErrorResponse with status 401
	// (INVALID_SESSION_ID) that a fresh token did not fix.
	ErrUnauthorized = errors.New("salesforce: unauthorized")
	// ErrAuthExpired matches the error returned when Salesforce refuses the
	// refresh token or the client credentials (revoked, expired, app
	// uninstalled): a person must reconnect. It also matches
	// crm.ErrPermanent.
	ErrAuthExpired = errors.New("Salesforce authorization expired: reconnect")
	// ErrRequestLimit matches a 403 REQUEST_LIMIT_EXCEEDED answer (the
	// org's daily API allowance is used up). It also matches
	// crm.ErrPermanent: waiting minutes does not help.
	ErrRequestLimit = errors.New("salesforce: daily API request limit reached")
)

// Salesforce error codes the connector branches on.
const (
	codeInvalidSession   = "INVALID_SESSION_ID"
	codeRequestLimit     = "REQUEST_LIMIT_EXCEEDED"
	codeUnableToLockRow  = "UNABLE_TO_LOCK_ROW"
	codeInvalidLocator   = "INVALID_QUERY_LOCATOR"
	codeInvalidField     = "INVALID_FIELD"
	codeDuplicateDevName = "DUPLICATE_DEVELOPER_NAME"
)

// APIError is one entry of a Salesforce error body
// ([{"message","errorCode","fields"}]). Per-record results of sObject
// Collections name the code statusCode; both land in ErrorCode.
type APIError struct {
	Message    string   `json:"message"`
	ErrorCode  string   `json:"errorCode,omitempty"`
	StatusCode string   `json:"statusCode,omitempty"`
	Fields     []string `json:"fields,omitempty"`
}

// Code is ErrorCode, else StatusCode.
func (e APIError) Code() string {
	if e.ErrorCode != "" {
		return e.ErrorCode
	}
	return e.StatusCode
}

func (e APIError) String() string {
	s := e.Code()
	if e.Message != "" {
		s += ": " + e.Message
	}
	if len(e.Fields) > 0 {
		s += " (fields " + strings.Join(e.Fields, ", ") + ")"
	}
	return s
}

// ErrorResponse is a non-2xx answer from Salesforce with its own error
// entries. errors.Is matches ErrNotFound (404), ErrUnauthorized (401),
// ErrRequestLimit (REQUEST_LIMIT_EXCEEDED) and crm.ErrPermanent (any 4xx
// except 408, 423 and 429, and except UNABLE_TO_LOCK_ROW, which a later
// retry may fix).
type ErrorResponse struct {
	StatusCode int
	Status     string
	Errors     []APIError
	// Method and Endpoint name the request: the URL path, never the query
	// (a SOQL query may hold personal data).
	Method, Endpoint string
	// Hint says what to fix after a 401: the settings holding the
	// credentials.
	Hint string
}

// Error names the request and Salesforce's codes and messages.
func (e *ErrorResponse) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "salesforce: %s %s: %s", e.Method, e.Endpoint, e.Status)
	for i, d := range e.Errors {
		if i == 3 {
			fmt.Fprintf(&b, "; and %d more", len(e.Errors)-3)
			break
		}
		sep := "; "
		if i == 0 {
			sep = ": "
		}
		b.WriteString(sep + d.String())
	}
	if e.Hint != "" {
		b.WriteString(": " + e.Hint)
	}
	return b.String()
}

// HasCode reports whether one of the entries has code.
func (e *ErrorResponse) HasCode(code string) bool {
	for _, d := range e.Errors {
		if d.Code() == code {
			return true
		}
	}
	return false
}

// Is matches the sentinel errors and crm.ErrPermanent.
func (e *ErrorResponse) Is(target error) bool {
	switch target {
	case ErrNotFound:
		return e.StatusCode == http.StatusNotFound
	case ErrUnauthorized:
		return e.StatusCode == http.StatusUnauthorized
	case ErrRequestLimit:
		return e.HasCode(codeRequestLimit)
	case crm.ErrPermanent:
		return httpx.PermanentStatus(e.StatusCode) && !e.HasCode(codeUnableToLockRow)
	}
	return false
}

// RetryDelay makes a lock error a crm.Temporary: another process holds the
// row for a few seconds.
func (e *ErrorResponse) RetryDelay() time.Duration {
	if e.HasCode(codeUnableToLockRow) {
		return 5 * time.Second
	}
	return 0
}

// service names Salesforce in the error types shared through httpx.
type service struct{}

// Name is the prefix of the connector's error messages.
func (service) Name() string { return "salesforce" }

// DecodeError reports a 2xx answer whose body is not the JSON expected. It
// is temporary (crm.Temporary with no delay of its own).
type DecodeError = httpx.DecodeError[service]

// wrapOp prefixes an error with the operation that failed.
func wrapOp(err error, format string, args ...any) error {
	return httpx.WrapOp(service{}.Name(), err, format, args...)
}

// permanentError is a refusal no retry can fix.
type permanentError struct {
	msg string
}

func (e *permanentError) Error() string        { return e.msg }
func (e *permanentError) Is(target error) bool { return target == crm.ErrPermanent }

func permanentf(format string, args ...any) error {
	return &permanentError{msg: fmt.Sprintf(format, args...)}
}

// checkResponse returns nil for 2xx answers and an *ErrorResponse
// otherwise, reading the body of non-2xx answers.
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
	if err := json.Unmarshal(data, &e.Errors); err != nil {
		// A single object (some gateways), or not JSON at all.
		var one APIError
		if json.Unmarshal(data, &one) == nil && one.Code() != "" {
			e.Errors = []APIError{one}
		} else if s := httpx.Snippet(data); s != "" {
			e.Errors = []APIError{{Message: s}}
		}
	}
	return e
}
