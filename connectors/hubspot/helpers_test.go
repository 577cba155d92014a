package hubspot

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/abmsync/abmsync/connectors/hubspot/hubspottest"
	"github.com/abmsync/abmsync/crm"
	"github.com/abmsync/abmsync/internal/clocktest"
	"github.com/abmsync/abmsync/internal/httpx"
)

var testNow = time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)

// useFakeTime makes the client's rate limiting and retry waits run on clk.
func useFakeTime(c *Client, clk *clocktest.Fake) {
	c.mono = clk.Now
	c.sleep = clk.Sleep
}

// fastLimits keeps client-side limiters out of the way of functional tests.
func fastLimits(cfg *Config) {
	cfg.RequestsPer10s = 1 << 20
	cfg.SearchPerSecond = 1 << 20
}

// bundle is a client wired to a fake portal.
type bundle struct {
	srv *hubspottest.Server
	c   *Client
	clk *clocktest.Fake
}

// setup starts a fake portal with gen and a client for it whose waits run
// on a fake clock.
func setup(t *testing.T, gen hubspottest.GenOptions, mods ...func(*Config, *hubspottest.Options)) *bundle {
	t.Helper()
	gen.Now = testNow
	opts := hubspottest.Options{Data: hubspottest.Generate(gen), Clock: func() time.Time { return testNow }}
	cfg := Config{}
	fastLimits(&cfg)
	for _, m := range mods {
		m(&cfg, &opts)
	}
	srv := hubspottest.NewServer(opts)
	t.Cleanup(srv.Close)
	cfg.BaseURL = srv.URL()
	if cfg.RefreshToken == "" {
		cfg.AccessToken = srv.AccessToken()
	}
	c, err := New(cfg, srv.Client())
	if err != nil {
		t.Fatal(err)
	}
	clk := clocktest.New(testNow)
	useFakeTime(c, clk)
	return &bundle{srv: srv, c: c, clk: clk}
}

// handlerClient returns a client for a purpose-built handler.
func handlerClient(t *testing.T, h http.HandlerFunc, mods ...func(*Config)) (*Client, *clocktest.Fake) {
	t.Helper()
	ts := httptest.NewServer(h)
	t.Cleanup(ts.Close)
	cfg := Config{BaseURL: ts.URL, AccessToken: "pat-test-secret-token"}
	fastLimits(&cfg)
	for _, m := range mods {
		m(&cfg)
	}
	c, err := New(cfg, ts.Client())
	if err != nil {
		t.Fatal(err)
	}
	clk := clocktest.New(testNow)
	useFakeTime(c, clk)
	return c, clk
}

// pullAll runs a pull to its end and returns the records and pages.
func pullAll(t *testing.T, c *Client, req crm.PullRequest) ([]crm.Record, []crm.Page) {
	t.Helper()
	var recs []crm.Record
	var pages []crm.Page
	for i := 0; ; i++ {
		if i > 100000 {
			t.Fatal("pull does not end")
		}
		p, err := c.Pull(context.Background(), req)
		if err != nil {
			t.Fatalf("page %d: %v", i, err)
		}
		pages = append(pages, p)
		recs = append(recs, p.Records...)
		if p.Next == "" {
			return recs, pages
		}
		req.Token = p.Next
	}
}

// setAttemptTimeout sets the per-attempt timeout New takes from
// http.Client.Timeout.
func setAttemptTimeout(c *Client, d time.Duration) {
	var rt http.RoundTripper = c.hc.Transport
	for {
		switch t := rt.(type) {
		case *httpx.RetryTransport:
			rt = t.Next
		case *rateLimitTransport:
			rt = t.next
		case *authTransport:
			rt = t.next
		case *httpx.CountTransport:
			t.Timeout = d
			return
		default:
			panic("unexpected transport")
		}
	}
}
