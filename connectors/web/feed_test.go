package web

import (
	"context"
	"errors"
	"net/http"
	"testing"
)

func TestFetchFeed(t *testing.T) {
	t.Parallel()
	latin1 := "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss><channel><title>Gesch\xe4ft</title></channel></rss>"
	serve := func(ct, body string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", ct)
			_, _ = w.Write([]byte(body))
		}
	}
	f := newFixture(t, map[string]http.HandlerFunc{
		"/rss":       serve("application/rss+xml", latin1),
		"/atom":      serve("application/atom+xml; charset=utf-8", `<feed xmlns="http://www.w3.org/2005/Atom"/>`),
		"/image.png": serve("image/png", "\x89PNG"),
		"/robots.txt": func(w http.ResponseWriter, r *http.Request) {
			_, _ = w.Write([]byte("User-agent: *\nDisallow: /private\n"))
		},
		"/private/feed": serve("application/rss+xml", "<rss/>"),
	})
	c, _ := newTestClient(t, nil)
	ctx := context.Background()

	p, err := c.FetchFeed(ctx, f.URL+"/rss", nil)
	if err != nil {
		t.Fatal(err)
	}
	// The body stays in its declared encoding for the XML decoder.
	if string(p.Body) != latin1 {
		t.Errorf("feed body re-encoded: %q", p.Body)
	}
	if _, err := c.FetchFeed(ctx, f.URL+"/atom", nil); err != nil {
		t.Errorf("atom feed: %v", err)
	}
	if _, err := c.FetchFeed(ctx, f.URL+"/image.png", nil); !errors.Is(err, ErrNotHTML) {
		t.Errorf("image as feed: %v, want ErrNotHTML", err)
	}
	if _, err := c.FetchFeed(ctx, f.URL+"/private/feed", nil); !errors.Is(err, ErrDisallowedByRobots) {
		t.Errorf("disallowed feed: %v, want ErrDisallowedByRobots", err)
	}
	if f.hits("/private/feed") != 0 {
		t.Error("a feed robots.txt disallows was fetched")
	}
	// Fetch (HTML) still refuses a feed.
	if _, err := c.Fetch(ctx, f.URL+"/rss", nil); !errors.Is(err, ErrNotHTML) {
		t.Errorf("Fetch of a feed: %v, want ErrNotHTML", err)
	}
}
