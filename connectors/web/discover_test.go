package web

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
)

// germanSite is a multi-page German company site.
func germanSite(t *testing.T) *fixture {
	t.Helper()
	page := func(title, body string) http.HandlerFunc {
		return html(`<!DOCTYPE html><html lang="de"><head><meta charset="utf-8"><title>` + title +
			`</title></head><body>` + body + `</body></html>`)
	}
	xml := func(body string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/xml")
			fmt.Fprint(w, strings.ReplaceAll(body, "{HOST}", "http://"+r.Host))
		}
	}
	return newFixture(t, map[string]http.HandlerFunc{
		"/robots.txt": func(w http.ResponseWriter, r *http.Request) {
			fmt.Fprintf(w, "User-agent: *\nDisallow: /intern/\nSitemap: http://%s/sitemap_index.xml\nSitemap: https://elsewhere.example/sitemap.xml\n", r.Host)
		},
		"/sitemap_index.xml": xml(`<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap><loc>{HOST}/post-sitemap.xml</loc></sitemap>
  <sitemap><loc>{HOST}/page-sitemap.xml</loc></sitemap>
  <sitemap><loc>https://cdn.other.example/sitemap.xml</loc></sitemap>
</sitemapindex>`),
		"/page-sitemap.xml": xml(`<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <url><loc>{HOST}/</loc></url>
  <url><loc>{HOST}/leistungen/</loc></url>
  <url><loc>{HOST}/unternehmen/gesch%C3%A4ftsf%C3%BChrung/</loc></url>
  <url><loc>{HOST}/karriere/</loc></url>
  <url><loc>{HOST}/presse/</loc></url>
</urlset>`),
		"/post-sitemap.xml": xml(`<urlset><url><loc>{HOST}/news/2025/neuer-standort/</loc></url></urlset>`),
		"/": page("ACME Maschinenbau GmbH", `
<nav><a href="/unternehmen/">Über uns</a> <a href="/leistungen/">Leistungen</a> <a href="/kontakt">Kontakt</a></nav>
<main><a href="/karriere/">Karriere</a> <a href="mailto:info@acme.example">E-Mail</a>
<a href="https://www.linkedin.com/company/acme-team">Unser Team auf LinkedIn</a>
<a href="/intern/team">Intranet-Team</a> <a href="/downloads/impressum.pdf">Impressum (PDF)</a></main>
<footer><a href="/impressum#top">Impressum</a> <a href="/datenschutz">Datenschutz</a> <a href="/">Startseite</a></footer>`),
		"/unternehmen/": page("Über uns", `<a href="gesch%C3%A4ftsf%C3%BChrung/">Geschäftsführung</a>
<a href="/unternehmen/team/">Unser Team</a> <a href="/unternehmen/geschichte">Geschichte</a>`),
		"/unternehmen/geschäftsführung/": page("Geschäftsführung", `<h1>Geschäftsführung</h1><p>Dr. Anna Schmidt</p>`),
		"/unternehmen/team/":             page("Team", `<a href="/unternehmen/team/vertrieb">Ansprechpartner Vertrieb</a>`),
		"/unternehmen/team/vertrieb":     page("Vertrieb", `<p>Max Müller</p>`),
		"/kontakt":                       page("Kontakt", `<p>Tel. 0711 123</p>`),
		"/impressum": func(w http.ResponseWriter, r *http.Request) {
			if r.Header.Get("If-None-Match") == `"imp-1"` {
				w.WriteHeader(http.StatusNotModified)
				return
			}
			w.Header().Set("ETag", `"imp-1"`)
			page("Impressum", `<p>Geschäftsführer: Dr. Anna Schmidt</p>`)(w, r)
		},
		"/presse/":                page("Presse", `<p>Pressekontakt</p>`),
		"/leistungen/":            page("Leistungen", `<p>Sondermaschinen</p>`),
		"/unternehmen/geschichte": page("Geschichte", `<p>Seit 1923</p>`),
		"/intern/team":            page("Intern", `<p>secret</p>`),
		// /news/2025/neuer-standort/ is missing: 404.
	})
}

func TestDiscoverGermanSite(t *testing.T) {
	t.Parallel()
	site := germanSite(t)
	c, _ := newTestClient(t, nil)
	got, err := c.Discover(context.Background(), site.URL)
	if err != nil {
		t.Fatal(err)
	}
	want := []Candidate{
		{site.URL + "/impressum", KindImprint, 1},
		{site.URL + "/unternehmen/gesch%C3%A4ftsf%C3%BChrung/", KindManagement, 1},
		{site.URL + "/unternehmen/team/", KindTeam, 2},
		{site.URL + "/kontakt", KindContact, 1},
		{site.URL + "/unternehmen/", KindAbout, 1},
		{site.URL + "/presse/", KindPress, 1},
		// Weak matches (keyword in an earlier path segment only) last.
		{site.URL + "/unternehmen/geschichte", KindAbout, 2},
		{site.URL + "/news/2025/neuer-standort/", KindNews, 1},
		// A small site: the home page's other links last, but not
		// /karriere/ and /datenschutz (no people).
		{site.URL + "/leistungen/", KindOther, 1},
	}
	if !slices.Equal(got, want) {
		t.Errorf("Discover =\n%s\nwant\n%s", fmtCands(got), fmtCands(want))
	}
	if n := site.hits("/intern/team"); n != 0 {
		t.Errorf("robots-disallowed page requested %d times", n)
	}
	if n := site.hits("/unternehmen/team/vertrieb"); n != 0 {
		t.Errorf("page beyond MaxDepth requested %d times", n)
	}
	if n := site.hits("/robots.txt"); n != 1 {
		t.Errorf("robots.txt fetched %d times", n)
	}
	// Discovery reads the home page and the hub pages it needs, no more.
	wantPaths := []string{"/robots.txt", "/sitemap_index.xml", "/page-sitemap.xml", "/post-sitemap.xml", "/",
		"/unternehmen/geschäftsführung/", "/unternehmen/"}
	if got := site.paths(); !slices.Equal(got, wantPaths) {
		t.Errorf("requests %v, want %v", got, wantPaths)
	}
}

func TestFetchPages(t *testing.T) {
	t.Parallel()
	site := germanSite(t)
	c, _ := newTestClient(t, nil)
	prev := map[string]Validators{site.URL + "/impressum": {ETag: `"imp-1"`}}
	pages, err := c.FetchPages(context.Background(), site.URL, prev)
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, sp := range pages {
		kinds = append(kinds, sp.Candidate.Kind)
		switch {
		case sp.Candidate.Kind == KindNews:
			var se *StatusError
			if !errors.As(sp.Err, &se) || se.StatusCode != 404 || sp.Page != nil {
				t.Errorf("news: %+v, want a 404 StatusError", sp)
			}
		case sp.Err != nil:
			t.Errorf("%s: %v", sp.Candidate.URL, sp.Err)
		case sp.Candidate.Kind == KindHome:
			if sp.Candidate.URL != site.URL+"/" || sp.Candidate.Depth != 0 || !strings.Contains(string(sp.Page.Body), "Impressum") {
				t.Errorf("home page: %+v", sp.Candidate)
			}
		case sp.Candidate.Kind == KindImprint:
			if !sp.Page.NotModified {
				t.Errorf("imprint: conditional GET not used: %+v", sp.Page)
			}
		case sp.Candidate.Kind == KindManagement:
			if !strings.Contains(string(sp.Page.Body), "Dr. Anna Schmidt") {
				t.Errorf("management page body %q", sp.Page.Body)
			}
		}
	}
	if want := []string{KindHome, KindImprint, KindManagement, KindTeam, KindContact, KindAbout, KindPress, KindAbout, KindNews, KindOther}; !slices.Equal(kinds, want) {
		t.Errorf("kinds %v, want %v", kinds, want)
	}
	// Every page once, hub pages not fetched twice.
	for _, p := range []string{"/", "/unternehmen/", "/unternehmen/geschäftsführung/", "/impressum", "/kontakt"} {
		if n := site.hits(p); n != 1 {
			t.Errorf("%s fetched %d times, want 1", p, n)
		}
	}
}

func TestFetchPagesBudget(t *testing.T) {
	t.Parallel()
	for _, budget := range []int{1, 3, 5} {
		t.Run(fmt.Sprint(budget), func(t *testing.T) {
			t.Parallel()
			site := germanSite(t)
			c, _ := newTestClient(t, func(cfg *Config) { cfg.PageBudget = budget })
			pages, err := c.FetchPages(context.Background(), site.URL, nil)
			if err != nil {
				t.Fatal(err)
			}
			htmlFetches := 0
			for _, p := range site.paths() {
				if p != "/robots.txt" && !strings.HasSuffix(p, ".xml") {
					htmlFetches++
				}
			}
			if htmlFetches != budget {
				t.Errorf("%d HTML pages fetched (%v), want the budget %d", htmlFetches, site.paths(), budget)
			}
			if len(pages) != budget { // the home page and budget-1 candidates
				t.Errorf("%d pages returned, want %d", len(pages), budget)
			}
		})
	}
}

func TestDiscoverMaxDepth(t *testing.T) {
	t.Parallel()
	site := germanSite(t)
	c, _ := newTestClient(t, func(cfg *Config) { cfg.MaxDepth = 1 })
	got, err := c.Discover(context.Background(), site.URL)
	if err != nil {
		t.Fatal(err)
	}
	for _, cd := range got {
		if cd.Depth > 1 {
			t.Errorf("candidate %+v beyond MaxDepth 1", cd)
		}
	}
	if n := site.hits("/unternehmen/"); n != 0 {
		t.Errorf("hub page fetched %d times with MaxDepth 1", n)
	}
}

// TestDiscoverWindows1252 classifies by link text decoded from
// windows-1252.
func TestDiscoverWindows1252(t *testing.T) {
	t.Parallel()
	site := newFixture(t, map[string]http.HandlerFunc{
		"/": html("<html><body><a href=\"/gf\">Gesch\xe4ftsf\xfchrung</a> <a href=\"/wir\">\xdcber uns</a>"+
			" <a href=\"/x\">Produkte</a></body></html>", "text/html; charset=windows-1252"),
		"/wir": html("<p>wir</p>"),
	})
	c, _ := newTestClient(t, nil)
	got, err := c.Discover(context.Background(), site.URL)
	if err != nil {
		t.Fatal(err)
	}
	// "Produkte" names no people page; a small site's other link comes last.
	want := []Candidate{{site.URL + "/gf", KindManagement, 1}, {site.URL + "/wir", KindAbout, 1}, {site.URL + "/x", KindOther, 1}}
	if !slices.Equal(got, want) {
		t.Errorf("Discover = %v, want %v", got, want)
	}
}

// TestDiscoverBareDomain: a bare host tries https first and falls back to
// http when https cannot connect (here: a plain HTTP server).
func TestDiscoverBareDomain(t *testing.T) {
	t.Parallel()
	site := newFixture(t, map[string]http.HandlerFunc{
		"/":          html(`<a href="/impressum">Impressum</a>`),
		"/impressum": html("<p>x</p>"),
	})
	c, _ := newTestClient(t, nil)
	host := strings.TrimPrefix(site.URL, "http://")
	got, err := c.Discover(context.Background(), host)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].URL != site.URL+"/impressum" {
		t.Errorf("Discover(%s) = %v", host, got)
	}
}

func TestDiscoverGzipSitemap(t *testing.T) {
	t.Parallel()
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	site := newFixture(t, nil)
	fmt.Fprintf(zw, `<urlset><url><loc>%s/ueber-uns/team</loc></url><url><loc>%s/produkte</loc></url></urlset>`, site.URL, site.URL)
	zw.Close()
	site.routes = map[string]http.HandlerFunc{
		"/robots.txt": text("Sitemap: " + site.URL + "/sitemap.xml.gz\n"),
		"/sitemap.xml.gz": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/gzip")
			w.Write(gz.Bytes())
		},
		"/": html("<p>no links</p>"),
	}
	c, _ := newTestClient(t, nil)
	got, err := c.Discover(context.Background(), site.URL+"/")
	if err != nil {
		t.Fatal(err)
	}
	if want := []Candidate{{site.URL + "/ueber-uns/team", KindTeam, 1}}; !slices.Equal(got, want) {
		t.Errorf("Discover = %v, want %v", got, want)
	}
}

func TestDiscoverErrors(t *testing.T) {
	t.Parallel()
	site := newFixture(t, map[string]http.HandlerFunc{"/": html(`<a href="/impressum">Impressum</a>`)})
	port := site.URL[strings.LastIndexByte(site.URL, ':')+1:]
	c, _ := newTestClient(t, func(cfg *Config) { cfg.AllowLoopback = false })
	for _, s := range []string{site.URL, "localhost:" + port, "http://localhost:" + port + "/"} {
		if _, err := c.Discover(context.Background(), s); !errors.Is(err, ErrForbiddenAddress) {
			t.Errorf("Discover(%s) = %v, want ErrForbiddenAddress", s, err)
		}
	}
	for _, s := range []string{"", "  ", "ftp://acme.example/", "http://", "acme .example", "acme.example:port"} {
		if _, err := c.Discover(context.Background(), s); !errors.Is(err, ErrInvalidSite) && !errors.Is(err, ErrUnsupportedScheme) {
			t.Errorf("Discover(%q) = %v, want an invalid-site error", s, err)
		}
	}
	if got := site.paths(); len(got) != 0 {
		t.Errorf("server saw %v", got)
	}

	// Robots disallow everything: nothing is fetched and the error says why.
	closed := newFixture(t, map[string]http.HandlerFunc{
		"/robots.txt": text("User-agent: *\nDisallow: /\n"),
		"/":           html(`<a href="/impressum">Impressum</a>`),
	})
	c2, _ := newTestClient(t, nil)
	if _, err := c2.Discover(context.Background(), closed.URL); !errors.Is(err, ErrDisallowedByRobots) {
		t.Errorf("Discover(disallowed site) = %v", err)
	}
	if got := closed.paths(); !slices.Equal(got, []string{"/robots.txt"}) {
		t.Errorf("disallowed site saw %v, want robots.txt only", got)
	}
}

func TestClassify(t *testing.T) {
	t.Parallel()
	tests := []struct {
		path, text, kind string
		strength         int
	}{
		{"/impressum", "", KindImprint, strongMatch},
		{"/impressum.html", "", KindImprint, strongMatch},
		{"/en/imprint/", "", KindImprint, strongMatch},
		{"/legal-notice", "", KindImprint, strongMatch},
		{"/rechtliches", "Legal Notice", KindImprint, strongMatch},
		{"/x", "Impressum & Datenschutz", KindImprint, strongMatch},
		{"/offenlegung", "", KindImprint, strongMatch},
		{"/unternehmen/geschäftsführung", "", KindManagement, strongMatch},
		{"/unternehmen/geschaeftsfuehrung/", "", KindManagement, strongMatch},
		{"/ueber-uns/vorstand", "", KindManagement, strongMatch},
		{"/about/leadership-team", "", KindManagement, strongMatch},
		{"/company/management", "", KindManagement, strongMatch},
		{"/x", "Vorstandsmitglieder", KindManagement, strongMatch},
		{"/team", "", KindTeam, strongMatch},
		{"/unser-team.php", "", KindTeam, strongMatch},
		{"/ansprechpartner", "", KindTeam, strongMatch},
		{"/x", "Ihre Ansprechpartnerin", KindTeam, strongMatch},
		{"/organisation", "", KindTeam, strongMatch},
		{"/kontakt", "", KindContact, strongMatch},
		{"/contact-us", "", KindContact, strongMatch},
		{"/über-uns", "", KindAbout, strongMatch},
		{"/ueber-uns", "", KindAbout, strongMatch},
		{"/uber-uns", "", KindAbout, strongMatch},
		{"/about", "", KindAbout, strongMatch},
		{"/unternehmen", "", KindAbout, strongMatch},
		{"/company", "", KindAbout, strongMatch},
		{"/presse", "", KindPress, strongMatch},
		{"/pressemitteilungen", "", KindPress, strongMatch},
		{"/press", "", KindPress, strongMatch},
		{"/news", "", KindNews, strongMatch},
		{"/aktuelles", "", KindNews, strongMatch},
		// Keyword only in an earlier segment: weak.
		{"/news/2025/neuer-standort", "", KindNews, weakMatch},
		{"/team/standorte", "", KindTeam, weakMatch},
		// A folder's index file stands for the folder.
		{"/ueber-uns/team/index.html", "", KindTeam, strongMatch},
		{"/impressum/index.php", "", KindImprint, strongMatch},
		{"/index.html", "", "", weakMatch},
		// Link text of a card: a space between its blocks.
		{"/ueber-uns/firmengeschichte/", "02 · ÜBER UNS Firmengeschichte", KindAbout, strongMatch},
		{"/wir-stellen-uns-vor", "", KindAbout, strongMatch},
		{"/blog", "Blog", KindNews, strongMatch},
		// Language variants' home pages.
		{"/en/", "EN", KindHome, strongMatch},
		{"/en", "", KindHome, strongMatch},
		{"/de-ch/index.html", "", KindHome, strongMatch},
		{"/en_GB/", "", KindHome, strongMatch},
		{"/english/", "", KindHome, strongMatch},
		{"/en/about-us", "", KindAbout, strongMatch},
		{"/xy/", "", "", weakMatch},
		{"/en-123/", "", "", weakMatch},
		// Job ads, career and privacy pages name no one worth the budget,
		// even when the link says "team"; the imprint wins.
		{"/team/jobs-bei-uns", "", "", weakMatch},
		{"/offene-stellen/index.html", "Teil unseres Teams werden? Offene Stellen", "", weakMatch},
		{"/job-softwareentwickler-c-in-berlin.html", "Softwareentwickler (m/w/d)", "", weakMatch},
		{"/karriere/", "Join our team", "", weakMatch},
		{"/karriere/ansprechpartner", "Ihre Ansprechpartner", KindTeam, strongMatch},
		{"/datenschutz", "Datenschutz & Team", "", weakMatch},
		{"/privacy-policy.html", "Privacy Policy", "", weakMatch},
		// The link text wins over an earlier segment.
		{"/unternehmen/x", "Geschäftsführung", KindManagement, strongMatch},
		// No match, no false friends.
		{"/produkte", "Produkte", "", weakMatch},
		{"/steam-turbines", "Steam turbines", "", weakMatch},
		{"/newsletter", "Newsletter", "", weakMatch},
		{"/express-service", "Express", "", weakMatch},
		{"/datenschutz", "Datenschutz", "", weakMatch},
		{"/dashboard", "Dashboard", "", weakMatch},
		{"/", "", "", weakMatch},
	}
	for _, tt := range tests {
		u := &url.URL{Scheme: "https", Host: "acme.example", Path: tt.path}
		kind, strength := classify(u, tt.text)
		if kind != tt.kind || (kind != "" && strength != tt.strength) {
			t.Errorf("classify(%s, %q) = %q/%d, want %q/%d", tt.path, tt.text, kind, strength, tt.kind, tt.strength)
		}
	}
}

func TestSameSite(t *testing.T) {
	t.Parallel()
	home, _ := parseURL("https://acme.example/")
	cr := &crawl{site: map[string]bool{siteHost(home): true}, cands: map[string]*cand{}, homes: map[string]bool{urlKey(home): true}}
	for raw, want := range map[string]bool{
		"https://acme.example/team":      true,
		"http://acme.example/team":       true,
		"https://www.acme.example/team":  true,
		"https://WWW.ACME.EXAMPLE/team":  true,
		"https://jobs.acme.example/team": false,
		"https://acme.example.evil/team": false,
		"https://acme.example:8443/team": false,
		"https://notacme.example/team":   false,
	} {
		u, _ := parseURL(raw)
		if got := cr.sameSite(u); got != want {
			t.Errorf("sameSite(%s) = %v, want %v", raw, got, want)
		}
	}
	// Variants of one page are one candidate.
	for _, raw := range []string{"https://acme.example/team", "http://www.acme.example/team/", "https://acme.example/team#x",
		"https://acme.example/team/index.html", "https://www.acme.example/team/index.htm"} {
		u, _ := parseURL(raw)
		cr.consider(u, "", 2)
	}
	if len(cr.cands) != 1 {
		t.Errorf("%d candidates for one page", len(cr.cands))
	}
	// "/x/" wins over "/x": relative links on the page resolve against it.
	for _, cd := range cr.cands {
		if cd.URL != "https://acme.example/team/" || cd.Depth != 2 {
			t.Errorf("candidate %+v, want https://acme.example/team/ at depth 2", cd.Candidate)
		}
	}
	for _, raw := range []string{"https://acme.example/index.html", "https://www.acme.example/index.php", "https://acme.example/?"} {
		u, _ := parseURL(raw)
		cr.consider(u, "Über uns", 1)
	}
	if len(cr.cands) != 1 {
		t.Errorf("the home page became a candidate: %d candidates", len(cr.cands))
	}
}

func TestSiteURLs(t *testing.T) {
	t.Parallel()
	for site, want := range map[string]string{
		"acme.example":               "https://acme.example/ http://acme.example/",
		" WWW.Acme.Example ":         "https://www.acme.example/ http://www.acme.example/",
		"acme.example/de/":           "https://acme.example/de/ http://acme.example/de/",
		"https://www.acme.example":   "https://www.acme.example/",
		"http://acme.example/start":  "http://acme.example/start",
		"https://u:pw@acme.example/": "https://acme.example/",
		"müller.example":             "https://xn--mller-kva.example/ http://xn--mller-kva.example/",
	} {
		us, err := siteURLs(site)
		if err != nil {
			t.Errorf("siteURLs(%q): %v", site, err)
			continue
		}
		var got []string
		for _, u := range us {
			got = append(got, u.String())
		}
		if strings.Join(got, " ") != want {
			t.Errorf("siteURLs(%q) = %v, want %s", site, got, want)
		}
	}
}

func fmtCands(cs []Candidate) string {
	var b strings.Builder
	for _, c := range cs {
		fmt.Fprintf(&b, "  %-10s d%d %s\n", c.Kind, c.Depth, c.URL)
	}
	return b.String()
}

// TestDiscoverSitemapProductionHost: a sitemap read from the site whose
// entries all name one other host (the production host of a site reached
// under another name) lists the site's own paths; a sitemap that mixes
// hosts, or one read from another host, adds nothing of theirs.
func TestDiscoverSitemapProductionHost(t *testing.T) {
	t.Parallel()
	urlset := func(locs ...string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/xml")
			fmt.Fprint(w, `<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`)
			for _, l := range locs {
				fmt.Fprintf(w, "<url><loc>%s</loc></url>", strings.ReplaceAll(l, "{HOST}", "http://"+r.Host))
			}
			fmt.Fprint(w, `</urlset>`)
		}
	}
	const prod = "https://www.acme-prod.example"
	// elsewhere is another host serving a sitemap of production URLs.
	elsewhere := newFixtureOn(t, "127.0.0.2:0", map[string]http.HandlerFunc{
		"/sitemap.xml": urlset(prod+"/team/", prod+"/impressum/"),
	})
	tests := []struct {
		name   string
		routes map[string]http.HandlerFunc
		want   []string // paths of the candidates
	}{
		{"production host mapped", map[string]http.HandlerFunc{
			"/robots.txt":  text("User-agent: *\nDisallow: /intern/\n"),
			"/sitemap.xml": urlset(prod+"/", prod+"/ueber-uns/team/", prod+"/impressum/?lang=de", prod+"/produkte/", prod+"/intern/team/"),
		}, []string{"/impressum/?lang=de", "/ueber-uns/team/"}},
		{"index and its sitemaps mapped", map[string]http.HandlerFunc{
			"/sitemap.xml": func(w http.ResponseWriter, r *http.Request) {
				fmt.Fprint(w, `<sitemapindex><sitemap><loc>`+prod+`/page-sitemap.xml</loc></sitemap></sitemapindex>`)
			},
			"/page-sitemap.xml": urlset(prod + "/kontakt/"),
		}, []string{"/kontakt/"}},
		{"robots.txt names the production host's sitemap", map[string]http.HandlerFunc{
			"/robots.txt":        text("Sitemap: " + prod + "/sitemap_index.xml\n"),
			"/sitemap_index.xml": urlset(prod + "/team/"),
		}, []string{"/team/"}},
		{"mixed hosts: other hosts dropped", map[string]http.HandlerFunc{
			"/sitemap.xml": urlset("{HOST}/kontakt", prod+"/team/"),
		}, []string{"/kontakt"}},
		{"two other hosts: none", map[string]http.HandlerFunc{
			"/sitemap.xml": urlset("https://a.example/team/", "https://b.example/impressum/"),
		}, nil},
		{"read from another host: none", map[string]http.HandlerFunc{
			"/sitemap.xml": redirect(elsewhere.URL+"/sitemap.xml", http.StatusMovedPermanently),
		}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tt.routes["/"] = html("<p>no links</p>")
			site := newFixture(t, tt.routes)
			c, _ := newTestClient(t, nil)
			got, err := c.Discover(context.Background(), site.URL+"/")
			if err != nil {
				t.Fatal(err)
			}
			var paths []string
			for _, cd := range got {
				if !strings.HasPrefix(cd.URL, site.URL+"/") {
					t.Errorf("candidate %s not on the crawled host %s", cd.URL, site.URL)
				}
				paths = append(paths, strings.TrimPrefix(cd.URL, site.URL))
			}
			slices.Sort(paths)
			if !slices.Equal(paths, tt.want) {
				t.Errorf("candidates %v, want %v", paths, tt.want)
			}
			if n := site.hits("/intern/team/"); n != 0 {
				t.Errorf("robots-disallowed page requested %d times", n)
			}
			if strings.Contains(tt.name, "another host") && elsewhere.hits("/sitemap.xml") == 0 {
				t.Error("the sitemap on the other host was not read")
			}
		})
	}
}
