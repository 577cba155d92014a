package httpx

import (
	"fmt"
	"net/http"
	"strings"
	"time"
)

// Service names the outside system a connector talks to, for the error types
// httpx defines once for every connector. A connector implements it on an
// empty struct type of its own and instantiates the generic types with it
// (type DecodeError = httpx.DecodeError[service]), so that each connector's
// error is a type of its own for errors.As.
//
// A Service may also have a method NotJSON() string giving the words a
// DecodeError uses for the body it could not decode (HubSpot's messages have
// always said "not valid JSON"); without it they say "not the JSON expected".
type Service interface {
	// Name is the prefix of every error message of the connector, such as
	// "hubspot".
	Name() string
}

// notJSONWording is the optional NotJSON method of a Service.
type notJSONWording interface {
	NotJSON() string
}

// DecodeError reports a 2xx answer whose body is not the JSON expected,
// typically a proxy's error page. It is temporary (crm.Temporary with no
// delay of its own): the same request usually succeeds later. S names the
// connector; its message reads "<name>: <method> <endpoint>: <status>
// response is not the JSON expected: <err>".
type DecodeError[S Service] struct {
	// Method and Endpoint name the request (the URL path, no query).
	Method, Endpoint string
	// StatusCode is the HTTP status of the answer.
	StatusCode int
	// Err is the JSON decoding error.
	Err error
}

// Error names the request.
func (e *DecodeError[S]) Error() string {
	var s S
	what := "not the JSON expected"
	if w, ok := any(s).(notJSONWording); ok {
		what = w.NotJSON()
	}
	return fmt.Sprintf("%s: %s %s: %d response is %s: %v", s.Name(), e.Method, e.Endpoint, e.StatusCode, what, e.Err)
}

// Unwrap returns the decoding error.
func (e *DecodeError[S]) Unwrap() error { return e.Err }

// RetryDelay returns 0: the caller's backoff decides (crm.Temporary).
func (e *DecodeError[S]) RetryDelay() time.Duration { return 0 }

// OpError prefixes an error with the operation that failed, naming the
// service once: "hubspot: upsert contacts: POST /x: 400 Bad Request" rather
// than "hubspot: upsert contacts: hubspot: POST /x: ...". Build it with
// WrapOp.
type OpError struct {
	// Service is the connector's message prefix, such as "hubspot".
	Service string
	// Op says what was being done.
	Op string
	// Err is the error being wrapped; it must not be nil.
	Err error
}

// Error is Service, Op and Err's message without its own "<Service>: ".
func (e *OpError) Error() string {
	p := e.Service + ": "
	return p + e.Op + ": " + strings.TrimPrefix(e.Err.Error(), p)
}

// Unwrap returns Err.
func (e *OpError) Unwrap() error { return e.Err }

// WrapOp returns an *OpError for service whose Op is format applied to args.
// err must not be nil.
func WrapOp(service string, err error, format string, args ...any) error {
	return &OpError{Service: service, Op: fmt.Sprintf(format, args...), Err: err}
}

// PermanentStatus reports whether an answer with status code is a client
// error that no resend fixes: any 4xx except 408 (Request Timeout), 423
// (Locked) and 429 (Too Many Requests).
func PermanentStatus(code int) bool {
	if code < 400 || code > 499 {
		return false
	}
	switch code {
	case http.StatusRequestTimeout, http.StatusLocked, http.StatusTooManyRequests:
		return false
	}
	return true
}
