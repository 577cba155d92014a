package httpx

import (
	"errors"
	"fmt"
	"net/http"
	"testing"
	"time"
)

// plainService names a service without a NotJSON wording of its own.
type plainService struct{}

func (plainService) Name() string { return "acme" }

// wordedService has a NotJSON wording of its own.
type wordedService struct{}

func (wordedService) Name() string    { return "crmco" }
func (wordedService) NotJSON() string { return "not valid JSON" }

func TestDecodeError(t *testing.T) {
	t.Parallel()
	errJSON := errors.New("invalid character '<'")
	tests := []struct {
		name string
		err  error
		want string
	}{
		{name: "default wording", err: &DecodeError[plainService]{Method: "GET", Endpoint: "/v1/things", StatusCode: 200, Err: errJSON},
			want: "acme: GET /v1/things: 200 response is not the JSON expected: invalid character '<'"},
		{name: "service wording", err: &DecodeError[wordedService]{Method: "POST", Endpoint: "/crm/x", StatusCode: 201, Err: errJSON},
			want: "crmco: POST /crm/x: 201 response is not valid JSON: invalid character '<'"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := tt.err.Error(); got != tt.want {
				t.Errorf("Error() = %q, want %q", got, tt.want)
			}
			if !errors.Is(tt.err, errJSON) {
				t.Error("the JSON error is not found with errors.Is")
			}
			var temp interface{ RetryDelay() time.Duration }
			if !errors.As(tt.err, &temp) || temp.RetryDelay() != 0 {
				t.Error("not temporary with a zero delay")
			}
		})
	}
}

func TestDecodeErrorTypesDiffer(t *testing.T) {
	t.Parallel()
	// Each service's DecodeError is a type of its own for errors.As.
	var err error = fmt.Errorf("pull: %w", &DecodeError[plainService]{Err: errors.New("x")})
	var other *DecodeError[wordedService]
	if errors.As(err, &other) {
		t.Error("errors.As found another service's DecodeError")
	}
	var own *DecodeError[plainService]
	if !errors.As(err, &own) {
		t.Error("errors.As did not find the service's own DecodeError")
	}
}

func TestWrapOp(t *testing.T) {
	t.Parallel()
	errBase := errors.New("acme: POST /v1/things: 400 Bad Request")
	tests := []struct {
		name   string
		err    error
		format string
		args   []any
		want   string
	}{
		{name: "own prefix not repeated", err: errBase, format: "upsert %d things", args: []any{3},
			want: "acme: upsert 3 things: POST /v1/things: 400 Bad Request"},
		{name: "foreign error kept whole", err: errors.New("connection refused"), format: "list things",
			want: "acme: list things: connection refused"},
		{name: "another service's prefix kept", err: errors.New("crmco: GET /x: 500"), format: "list things",
			want: "acme: list things: crmco: GET /x: 500"},
		{name: "nested", err: WrapOp("acme", errBase, "inner"), format: "outer",
			want: "acme: outer: inner: POST /v1/things: 400 Bad Request"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := WrapOp("acme", tt.err, tt.format, tt.args...)
			if got := err.Error(); got != tt.want {
				t.Errorf("Error() = %q, want %q", got, tt.want)
			}
			if !errors.Is(err, tt.err) {
				t.Error("the wrapped error is not found with errors.Is")
			}
			var oe *OpError
			if !errors.As(err, &oe) || oe.Service != "acme" {
				t.Errorf("errors.As *OpError = %+v", oe)
			}
		})
	}
}

func TestPermanentStatus(t *testing.T) {
	t.Parallel()
	tests := []struct {
		code int
		want bool
	}{
		{http.StatusOK, false},
		{http.StatusFound, false},
		{http.StatusBadRequest, true},
		{http.StatusUnauthorized, true},
		{http.StatusNotFound, true},
		{http.StatusRequestTimeout, false},
		{http.StatusConflict, true},
		{http.StatusLocked, false},
		{http.StatusUpgradeRequired, true},
		{http.StatusTooManyRequests, false},
		{499, true},
		{http.StatusInternalServerError, false},
		{http.StatusServiceUnavailable, false},
	}
	for _, tt := range tests {
		if got := PermanentStatus(tt.code); got != tt.want {
			t.Errorf("PermanentStatus(%d) = %v, want %v", tt.code, got, tt.want)
		}
	}
}
