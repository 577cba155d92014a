package linkedin

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/abmsync/abmsync/connectors/linkedin/linkedintest"
	"github.com/abmsync/abmsync/internal/clocktest"
)

// apiNow is the fixed "now" of the API tests.
var apiNow = time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)

const apiTestVersion = "202610"

// The tests drive the client's waits and "now" with the shared fake clock.
var _ Clock = (*clocktest.Fake)(nil)

// apiFixture is a client wired to a fake LinkedIn whose clock is the
// client's.
type apiFixture struct {
	srv *linkedintest.Server
	c   *Client
	clk *clocktest.Fake
	cfg Config
}

// newAPIFixture starts a fake LinkedIn and a client for it; mods adjust the
// client's config and the server's options before either starts.
func newAPIFixture(t *testing.T, mods ...func(*Config, *linkedintest.Options)) *apiFixture {
	t.Helper()
	clk := clocktest.New(apiNow)
	opts := linkedintest.Options{Clock: clk.Now}
	cfg := Config{Version: apiTestVersion, Clock: clk}
	for _, m := range mods {
		m(&cfg, &opts)
	}
	srv := linkedintest.NewServer(opts)
	t.Cleanup(srv.Close)
	cfg.BaseURL = srv.URL()
	cfg.AuthBaseURL = srv.URL()
	if cfg.AdAccount == "" {
		cfg.AdAccount = srv.AdAccount()
	}
	if cfg.SourcePlatform == "" {
		cfg.SourcePlatform = srv.SourcePlatform()
	}
	if cfg.AccessToken == "" {
		cfg.AccessToken = srv.AccessToken()
	}
	c, err := New(cfg, srv.Client(), nil)
	if err != nil {
		t.Fatal(err)
	}
	return &apiFixture{srv: srv, c: c, clk: clk, cfg: cfg}
}

// requestsTo returns the recorded requests with call key key.
func (f *apiFixture) requestsTo(key string) []linkedintest.Request {
	var out []linkedintest.Request
	for _, r := range f.srv.Requests() {
		if r.Key == key {
			out = append(out, r)
		}
	}
	return out
}

// assertNoSecret fails when err's text contains any of the secrets.
func assertNoSecret(t *testing.T, err error, secrets ...string) {
	t.Helper()
	if err == nil {
		return
	}
	for _, s := range secrets {
		if s != "" && strings.Contains(err.Error(), s) {
			t.Errorf("error %q contains a secret", err)
		}
	}
}

// failingTransport fails the first n round trips with err, then delegates.
type failingTransport struct {
	mu   sync.Mutex
	n    int
	err  error
	next http.RoundTripper
}

func (t *failingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	t.mu.Lock()
	fail := t.n > 0
	if fail {
		t.n--
	}
	t.mu.Unlock()
	if fail {
		if r.Body != nil {
			r.Body.Close()
		}
		return nil, t.err
	}
	return t.next.RoundTrip(r)
}

// newHTTPTestServer serves h and returns its URL.
func newHTTPTestServer(t *testing.T, h http.Handler) string {
	t.Helper()
	ts := httptest.NewServer(h)
	t.Cleanup(ts.Close)
	return ts.URL
}

func ioNopCloser(s string) io.ReadCloser { return io.NopCloser(strings.NewReader(s)) }

// contextWithClient makes x/oauth2 use hc for token requests.
func contextWithClient(hc *http.Client) context.Context {
	return context.WithValue(context.Background(), oauth2.HTTPClient, hc)
}
