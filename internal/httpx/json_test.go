package httpx

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func TestTransportError(t *testing.T) {
	t.Parallel()
	errConn := errors.New("connection refused")
	live := context.Background()
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	tests := []struct {
		name string
		ctx  context.Context
		err  error
		// want is the error expected back: itself, not merely matching.
		want error
	}{
		{name: "url.Error is unwrapped", ctx: live,
			err: &url.Error{Op: "Get", URL: "http://api.test/x?token=secret", Err: errConn}, want: errConn},
		{name: "plain error kept", ctx: live, err: errConn, want: errConn},
		{name: "context error made plain", ctx: cancelled,
			err: &url.Error{Op: "Get", URL: "http://api.test/x", Err: fmt.Errorf("dial: %w", context.Canceled)}, want: context.Canceled},
		{name: "context done, unrelated error kept", ctx: cancelled,
			err: &url.Error{Op: "Get", URL: "http://api.test/x", Err: errConn}, want: errConn},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			req, _ := http.NewRequestWithContext(tt.ctx, http.MethodGet, "http://api.test/x", nil)
			got := TransportError(req, tt.err)
			if got != tt.want {
				t.Errorf("TransportError = %#v, want %#v", got, tt.want)
			}
			if strings.Contains(got.Error(), "secret") {
				t.Errorf("TransportError = %q quotes the URL", got)
			}
		})
	}
}

func TestDecodeJSON(t *testing.T) {
	t.Parallel()
	type item struct {
		ID string `json:"id"`
	}
	tests := []struct {
		name     string
		body     string
		v        func() any
		want     any
		wantErr  bool
		wantLeft int // bytes of the body left unread
	}{
		{name: "decodes", body: `{"id":"7"}`, v: func() any { return new(item) }, want: &item{ID: "7"}},
		{name: "not JSON", body: `<html>bad gateway</html>`, v: func() any { return new(item) }, wantErr: true},
		{name: "nil target discards", body: `{"id":"7"}`, v: func() any { return nil }},
		{name: "nil target discards at most 1 MiB", body: strings.Repeat("x", 1<<20+3), v: func() any { return nil }, wantLeft: 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rd := strings.NewReader(tt.body)
			v := tt.v()
			err := DecodeJSON(rd, v)
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, want error %v", err, tt.wantErr)
			}
			if tt.want != nil && *(v.(*item)) != *(tt.want.(*item)) {
				t.Errorf("decoded %+v, want %+v", v, tt.want)
			}
			if v == nil && rd.Len() != tt.wantLeft {
				t.Errorf("%d bytes left, want %d", rd.Len(), tt.wantLeft)
			}
		})
	}
}

func TestSnippet(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("a", 199) + "é" + "tail" // "é" straddles byte 200
	tests := []struct {
		name string
		data string
		want string
	}{
		{name: "empty", data: "", want: ""},
		{name: "one line", data: "  Bad Gateway \n", want: "Bad Gateway"},
		{name: "white space folded", data: "<html>\n\t<body>502</body>\n</html>", want: "<html> <body>502</body> </html>"},
		{name: "cut at 200 bytes", data: strings.Repeat("b", 300), want: strings.Repeat("b", 200)},
		{name: "cut on a rune boundary", data: long, want: strings.Repeat("a", 199)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := Snippet([]byte(tt.data)); got != tt.want {
				t.Errorf("Snippet(%q) = %q, want %q", tt.data, got, tt.want)
			}
		})
	}
}
