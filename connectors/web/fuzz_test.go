package web

import (
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"
)

func FuzzRobots(f *testing.F) {
	for _, s := range []string{
		"User-agent: *\nDisallow: /private\n",
		"User-agent: abmsync\nAllow: /team\nDisallow: /\nCrawl-delay: 2.5\nSitemap: https://acme.example/s.xml\n",
		"Disallow: /x\nUser-agent: *\n",
		"Disallow /x\nUser-agent *\nCrawl-delay: 1e400\n",
		"\ufeffUser-agent: a\r\nUser-agent: abm\r\nDisallow: /*?sid=$\r\n",
		"User-agent:\nCrawl-delay\n#\n:",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		data, err := parseRobots(body)
		if err != nil {
			// The repairs in sanitizeRobots cover every error the library
			// reports; a failure here would mean a complete disallow.
			t.Fatalf("parseRobots(%q): %v", body, err)
		}
		g := data.FindGroup(ProductToken)
		if g.CrawlDelay < 0 {
			t.Errorf("negative crawl delay %v", g.CrawlDelay)
		}
		data.TestAgent("/team?x=1", ProductToken)
	})
}

func FuzzParseSitemap(f *testing.F) {
	for _, s := range []string{
		`<?xml version="1.0"?><urlset><url><loc>https://acme.example/team</loc></url></urlset>`,
		`<sitemapindex><sitemap><loc> https://acme.example/page-sitemap.xml </loc></sitemap></sitemapindex>`,
		`<?xml version="1.0" encoding="ISO-8859-1"?><urlset><url><loc>https://acme.example/f\xfchrung</loc></url>`,
		`<urlset><url><loc>https://acme.example/a</loc><url><loc>trunc`,
		"\x1f\x8b\x08\x00",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		locs, _ := parseSitemap(body)
		if len(locs) > maxURLsPerSitemap {
			t.Errorf("%d locs", len(locs))
		}
		for _, l := range locs {
			if l != strings.TrimSpace(l) || l == "" {
				t.Errorf("untrimmed loc %q", l)
			}
		}
	})
}

func FuzzExtractLinks(f *testing.F) {
	for _, s := range []string{
		`<a href="/impressum">Impressum</a><a href="https://u:p@acme.example/team#x" title="Team">x</a>`,
		`<base href="https://acme.example/de/"><a href="kontakt">Kontakt</a><area href="/über-uns">`,
		`<meta name="robots" content="noindex, nofollow"><a href="/team">Team</a>`,
		`<a href="javascript:alert(1)">x</a><a href="mailto:a@b">m</a><a href="//evil.example/">e</a><a href="http://[::1">`,
		`<table><a href=/vorstand>Vorstand<tr><td><a href=/x>`,
	} {
		f.Add(s)
	}
	base, _ := url.Parse("https://acme.example/start")
	f.Fuzz(func(t *testing.T, body string) {
		links := extractLinks(base, []byte(body))
		if len(links) > maxLinksPerPage {
			t.Errorf("%d links", len(links))
		}
		for _, l := range links {
			if l.URL.Scheme != "http" && l.URL.Scheme != "https" || l.URL.Host == "" {
				t.Errorf("non-http link %s", l.URL)
			}
			if l.URL.User != nil || l.URL.Fragment != "" {
				t.Errorf("userinfo or fragment kept: %s", l.URL)
			}
			if len(l.Text) > maxLinkText || !utf8.ValidString(l.Text) && utf8.ValidString(body) {
				t.Errorf("bad link text %q", l.Text)
			}
			kind, _ := classify(l.URL, l.Text)
			if kind != "" && kindRank(kind) >= len(kindOrder) {
				t.Errorf("unknown kind %q", kind)
			}
		}
	})
}
