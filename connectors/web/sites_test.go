package web

import (
	"context"
	"encoding/json"
	"fmt"
	"mime"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
)

// siteSource is the SOURCE.json of a saved site under testdata/sites: which
// pages a human found to name people of the organisation.
type siteSource struct {
	URL         string   `json:"url"`
	PeoplePages []string `json:"people_pages"`
	OtherPages  []string `json:"other_pages"`
	Notes       string   `json:"notes"`
}

// staticSite serves a saved site folder the way a static web server
// (nginx, Apache, GitHub Pages, http.FileServer) does.
type staticSite struct {
	*httptest.Server
	dir string
	// redirectDirs: "/x" for a folder x answers 301 to "/x/" (nginx,
	// Apache, GitHub Pages, http.FileServer); else it is answered with
	// x/index.html directly (hosts with "pretty URLs", try_files $uri
	// $uri/index.html).
	redirectDirs bool

	mu     sync.Mutex
	served []string // files answered with 200, in order
	misses []string // paths answered with 404
}

func newStaticSite(t *testing.T, dir string, redirectDirs bool) *staticSite {
	t.Helper()
	s := &staticSite{dir: dir, redirectDirs: redirectDirs}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	return s
}

// resolve maps a URL path to the saved file that answers it, or to the
// path a redirect points at; both are "" for a 404.
func (s *staticSite) resolve(p string) (file, redirectTo string) {
	clean := path.Clean("/" + p)
	if clean == "/SOURCE.json" {
		return "", "" // the fixture's description, not part of the site
	}
	rel := strings.TrimPrefix(clean, "/")
	isFile := func(rel string) bool {
		fi, err := os.Stat(filepath.Join(s.dir, filepath.FromSlash(rel)))
		return err == nil && fi.Mode().IsRegular()
	}
	isDir := func(rel string) bool {
		fi, err := os.Stat(filepath.Join(s.dir, filepath.FromSlash(rel)))
		return err == nil && fi.IsDir()
	}
	index := path.Join(rel, "index.html")
	if rel == "" {
		index = "index.html"
	}
	if strings.HasSuffix(p, "/") || rel == "" {
		if isFile(index) {
			return index, ""
		}
		return "", ""
	}
	switch {
	case isFile(rel):
		return rel, ""
	case isDir(rel) && isFile(index):
		if s.redirectDirs {
			return "", clean + "/"
		}
		return index, ""
	case isFile(rel + ".html"):
		return rel + ".html", ""
	}
	return "", ""
}

func (s *staticSite) serve(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	file, to := s.resolve(r.URL.Path)
	if to != "" {
		if r.URL.RawQuery != "" {
			to += "?" + r.URL.RawQuery
		}
		http.Redirect(w, r, to, http.StatusMovedPermanently)
		return
	}
	var body []byte
	if file != "" {
		var err error
		if body, err = os.ReadFile(filepath.Join(s.dir, filepath.FromSlash(file))); err != nil {
			file = ""
		}
	}
	s.mu.Lock()
	if file == "" {
		s.misses = append(s.misses, r.URL.Path)
	} else {
		s.served = append(s.served, file)
	}
	s.mu.Unlock()
	if file == "" {
		http.NotFound(w, r)
		return
	}
	ct := mime.TypeByExtension(path.Ext(file))
	switch path.Ext(file) {
	case ".html":
		ct = "text/html; charset=utf-8"
	case ".xml":
		ct = "application/xml"
	}
	if ct == "" {
		ct = http.DetectContentType(body)
	}
	w.Header().Set("Content-Type", ct)
	_, _ = w.Write(body)
}

// pageFile is the saved file a fetched page's final URL stands for.
func (s *staticSite) pageFile(t *testing.T, pageURL string) string {
	t.Helper()
	u, err := url.Parse(pageURL)
	if err != nil {
		t.Fatalf("page URL %q: %v", pageURL, err)
	}
	p := u.Path
	for range 5 {
		file, to := s.resolve(p)
		if to == "" {
			return file
		}
		p = to
	}
	return ""
}

func (s *staticSite) servedFiles() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.served)
}

func loadSiteSource(t *testing.T, dir string) siteSource {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "SOURCE.json"))
	if err != nil {
		t.Fatal(err)
	}
	var src siteSource
	if err := json.Unmarshal(b, &src); err != nil {
		t.Fatalf("%s/SOURCE.json: %v", dir, err)
	}
	return src
}

// TestFetchPagesSavedSites runs the real discovery with the default page
// budget and depth on three real websites as published (saved under
// testdata/sites, each with a SOURCE.json naming the pages that name
// people, decided by a human) and checks that every people page reachable
// the way the site links it is discovered and fetched. The sites cover
// footer-only imprint links, an /en/ language variant with its own imprint,
// extension-less directory links (/leadership), team pages reached through
// cards, "Über uns" sub-pages (/ueber-uns/team/index.html) and a sitemap
// that lists the production host's URLs. Each site is served both by a
// server that redirects /x to /x/ and by one that answers /x directly.
//
// smallBudget is the fewest pages that hold every people page when the
// ordering is right (the home page, the imprint and contact pages ranked
// first by design, and the hub pages discovery reads for their links):
// pages that name no one and whose links name no people page (job ads,
// privacy policy, services) must not take that budget, and with any budget
// they come after every people page.
func TestFetchPagesSavedSites(t *testing.T) {
	t.Parallel()
	tests := []struct {
		site string
		// unreachable lists people pages no link, sitemap or robots.txt
		// of the saved site leads to (none so far).
		unreachable []string
		// last lists pages of other_pages that must not be fetched
		// before a people page: no person, no people-page keyword.
		last        []string
		smallBudget int
	}{
		{
			site:        "adakom",
			last:        []string{"job-softwareentwickler-c-in-berlin.html", "werkstudent-it-in-berlin.html"},
			smallBudget: 4,
		},
		{
			site: "fbg-bau",
			last: []string{"offene-stellen/index.html", "datenschutz/index.html", "leistungen/index.html",
				"referenzen/index.html", "partnerfirma/index.html"},
			smallBudget: 6,
		},
		{site: "forestdale-garden", last: []string{"volunteer/index.html"}, smallBudget: 5},
	}
	for _, tt := range tests {
		for _, redirectDirs := range []bool{true, false} {
			mode := "direct"
			if redirectDirs {
				mode = "redirect"
			}
			for _, budget := range []int{0, tt.smallBudget} {
				name := fmt.Sprintf("%s/%s/budget=%d", tt.site, mode, budget)
				if budget == 0 {
					name = fmt.Sprintf("%s/%s/default", tt.site, mode)
				}
				t.Run(name, func(t *testing.T) {
					t.Parallel()
					dir := filepath.Join("testdata", "sites", tt.site)
					src := loadSiteSource(t, dir)
					site := newStaticSite(t, dir, redirectDirs)
					c, _ := newTestClient(t, func(cfg *Config) { cfg.PageBudget = budget })
					pages, err := c.FetchPages(context.Background(), site.URL+"/", nil)
					if err != nil {
						t.Fatal(err)
					}
					var fetched []string // files of the pages returned, in order
					kinds := map[string]string{}
					for _, sp := range pages {
						if sp.Err != nil {
							t.Logf("  %-10s %s: %v", sp.Candidate.Kind, sp.Candidate.URL, sp.Err)
							continue
						}
						f := site.pageFile(t, sp.Page.URL)
						if f == "" {
							t.Errorf("page %s stands for no saved file", sp.Page.URL)
							continue
						}
						t.Logf("  %-10s d%d %s -> %s", sp.Candidate.Kind, sp.Candidate.Depth, sp.Candidate.URL, f)
						if !slices.Contains(fetched, f) {
							fetched = append(fetched, f)
							kinds[f] = sp.Candidate.Kind
						}
					}
					found := 0
					var missed []string
					for _, p := range src.PeoplePages {
						switch {
						case slices.Contains(fetched, p):
							found++
						case slices.Contains(tt.unreachable, p):
						default:
							missed = append(missed, p)
						}
					}
					t.Logf("%s (%s, budget %d): %d pages fetched, people pages %d/%d (recall %.0f%%); server sent %v",
						tt.site, mode, c.cfg.PageBudget, len(fetched), found, len(src.PeoplePages),
						100*float64(found)/float64(len(src.PeoplePages)), site.servedFiles())
					if len(missed) > 0 {
						t.Errorf("people pages not fetched: %v (fetched %v)", missed, fetched)
					}
					lastPeople := -1
					for i, f := range fetched {
						if slices.Contains(src.PeoplePages, f) {
							lastPeople = i
						}
					}
					for i, f := range fetched[:lastPeople+1] {
						if slices.Contains(tt.last, f) {
							t.Errorf("%s (kind %s, no person) fetched at %d, before a people page", f, kinds[f], i)
						}
					}
					for _, f := range tt.last {
						if !slices.Contains(src.OtherPages, f) {
							t.Errorf("%s is not among other_pages of SOURCE.json", f)
						}
						if budget > 0 && slices.Contains(site.servedFiles(), f) {
							t.Errorf("%s fetched with the small budget %d", f, budget)
						}
					}
					htmlServed := 0
					for _, f := range site.servedFiles() {
						if strings.HasSuffix(f, ".html") {
							htmlServed++
						}
					}
					if htmlServed > c.cfg.PageBudget {
						t.Errorf("%d pages served with budget %d: %v", htmlServed, c.cfg.PageBudget, site.servedFiles())
					}
				})
			}
		}
	}
}
