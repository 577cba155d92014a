package httpx

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestParseRetryAfter(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		v      string
		want   time.Duration
		wantOK bool
	}{
		{name: "empty", v: ""},
		{name: "seconds", v: "3", want: 3 * time.Second, wantOK: true},
		{name: "zero", v: "0", want: 0, wantOK: true},
		{name: "fraction", v: "1.5", want: 1500 * time.Millisecond, wantOK: true},
		{name: "negative", v: "-1"},
		{name: "garbage", v: "soon"},
		{name: "padded is not trimmed", v: " 3 "},
		{name: "date in the past", v: "Wed, 21 Oct 2015 07:28:00 GMT", want: 0, wantOK: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, ok := ParseRetryAfter(tt.v)
			if got != tt.want || ok != tt.wantOK {
				t.Errorf("ParseRetryAfter(%q) = %v, %v; want %v, %v", tt.v, got, ok, tt.want, tt.wantOK)
			}
		})
	}
}

func TestParseRetryAfterFutureDate(t *testing.T) {
	t.Parallel()
	v := time.Now().Add(time.Hour).UTC().Format(http.TimeFormat)
	got, ok := ParseRetryAfter(v)
	if !ok || got <= 58*time.Minute || got > time.Hour {
		t.Errorf("ParseRetryAfter(%q) = %v, %v; want about 1h, true", v, got, ok)
	}
}

func TestRetryAfter(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		h      http.Header
		want   time.Duration
		wantOK bool
	}{
		{name: "absent", h: http.Header{}},
		{name: "seconds", h: http.Header{"Retry-After": {"7"}}, want: 7 * time.Second, wantOK: true},
		{name: "padded is trimmed", h: http.Header{"Retry-After": {" 2 "}}, want: 2 * time.Second, wantOK: true},
		{name: "blank", h: http.Header{"Retry-After": {"  "}}},
		{name: "garbage", h: http.Header{"Retry-After": {"later"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, ok := RetryAfter(tt.h)
			if got != tt.want || ok != tt.wantOK {
				t.Errorf("RetryAfter(%v) = %v, %v; want %v, %v", tt.h, got, ok, tt.want, tt.wantOK)
			}
		})
	}
}

func TestBackoff(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		n          int
		base, ceil time.Duration
		// the result lies in [lo, hi)
		lo, hi time.Duration
	}{
		{name: "first", n: 0, base: 250 * time.Millisecond, ceil: 8 * time.Second, lo: 125 * time.Millisecond, hi: 250 * time.Millisecond},
		{name: "third", n: 2, base: 250 * time.Millisecond, ceil: 8 * time.Second, lo: 500 * time.Millisecond, hi: time.Second},
		{name: "capped", n: 10, base: 500 * time.Millisecond, ceil: 30 * time.Second, lo: 15 * time.Second, hi: 30 * time.Second},
		{name: "overflow is capped", n: 62, base: 2 * time.Second, ceil: 30 * time.Second, lo: 15 * time.Second, hi: 30 * time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			for range 200 {
				if d := Backoff(tt.n, tt.base, tt.ceil); d < tt.lo || d >= tt.hi {
					t.Fatalf("Backoff(%d, %v, %v) = %v, want in [%v, %v)", tt.n, tt.base, tt.ceil, d, tt.lo, tt.hi)
				}
			}
		})
	}
}

func TestRewind(t *testing.T) {
	t.Parallel()
	errGetBody := errors.New("gone")
	tests := []struct {
		name     string
		req      func() *http.Request
		wantOK   bool
		wantBody string
	}{
		{name: "no body", req: func() *http.Request {
			r, _ := http.NewRequest(http.MethodGet, "http://api.test/", nil)
			return r
		}, wantOK: true},
		{name: "replayable body", req: func() *http.Request {
			r, _ := http.NewRequest(http.MethodPost, "http://api.test/", bytes.NewReader([]byte(`{"a":1}`)))
			return r
		}, wantOK: true, wantBody: `{"a":1}`},
		{name: "stream without GetBody", req: func() *http.Request {
			r, _ := http.NewRequest(http.MethodPost, "http://api.test/", io.NopCloser(strings.NewReader("x")))
			return r
		}},
		{name: "GetBody fails", req: func() *http.Request {
			r, _ := http.NewRequest(http.MethodPost, "http://api.test/", strings.NewReader("x"))
			r.GetBody = func() (io.ReadCloser, error) { return nil, errGetBody }
			return r
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			req := tt.req()
			if req.Body != nil {
				_, _ = io.ReadAll(req.Body) // the first attempt used it up
			}
			r, ok := Rewind(req)
			if ok != tt.wantOK {
				t.Fatalf("ok = %v, want %v", ok, tt.wantOK)
			}
			if !ok {
				if r != nil {
					t.Errorf("request = %v, want nil", r)
				}
				return
			}
			if r == req {
				t.Error("Rewind returned the same request, not a copy")
			}
			var got []byte
			if r.Body != nil {
				got, _ = io.ReadAll(r.Body)
			}
			if string(got) != tt.wantBody {
				t.Errorf("body = %q, want %q", got, tt.wantBody)
			}
		})
	}
}

func TestDrain(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		size     int
		wantLeft int
	}{
		{name: "empty", size: 0, wantLeft: 0},
		{name: "small", size: 100, wantLeft: 0},
		{name: "larger than the cap", size: 64<<10 + 5, wantLeft: 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rd := bytes.NewReader(make([]byte, tt.size))
			body := &closeRecorder{Reader: rd}
			Drain(&http.Response{Body: body})
			if !body.closed {
				t.Error("body not closed")
			}
			if rd.Len() != tt.wantLeft {
				t.Errorf("%d bytes left unread, want %d", rd.Len(), tt.wantLeft)
			}
		})
	}
}

func TestSleep(t *testing.T) {
	t.Parallel()
	done, cancel := context.WithCancel(context.Background())
	cancel()
	tests := []struct {
		name string
		ctx  context.Context
		d    time.Duration
		want error
	}{
		{name: "zero", ctx: context.Background(), d: 0},
		{name: "negative", ctx: context.Background(), d: -time.Second},
		{name: "short wait", ctx: context.Background(), d: time.Millisecond},
		{name: "zero, context done", ctx: done, d: 0, want: context.Canceled},
		{name: "long wait, context done", ctx: done, d: time.Hour, want: context.Canceled},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if err := Sleep(tt.ctx, tt.d); !errors.Is(err, tt.want) {
				t.Errorf("Sleep(%v) = %v, want %v", tt.d, err, tt.want)
			}
		})
	}
}
