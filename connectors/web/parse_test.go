package web

import (
	"net/url"
	"slices"
	"strings"
	"testing"
)

func TestExtractLinks(t *testing.T) {
	t.Parallel()
	base, _ := url.Parse("https://acme.example/de/start.html")
	tests := []struct {
		name, body string
		want       []string // "URL|text"
	}{
		{"relative and absolute",
			`<a href="kontakt">Kontakt</a> <a href="/impressum#top">Impressum</a> <a href="https://acme.example/team">  Unser
			 Team </a>`,
			[]string{"https://acme.example/de/kontakt|Kontakt", "https://acme.example/impressum|Impressum", "https://acme.example/team|Unser Team"}},
		{"base href", `<head><base href="https://www.acme.example/en/"></head><a href="about">About</a>`,
			[]string{"https://www.acme.example/en/about|About"}},
		{"title and aria-label", `<a href="/team" title="Unser Team"><img src="t.png"></a><a href="/k" aria-label="Kontakt"></a>`,
			[]string{"https://acme.example/team|Unser Team", "https://acme.example/k|Kontakt"}},
		{"skips non-http and fragments", `<a href="#top">top</a><a href="mailto:x@acme.example">m</a><a href="tel:+49">t</a>
			<a href="javascript:void(0)">j</a><a href="ftp://acme.example/f">f</a><a href="">e</a>`, nil},
		{"strips userinfo", `<a href="https://user:pw@acme.example/team">Team</a>`, []string{"https://acme.example/team|Team"}},
		{"area", `<map><area href="/vorstand" alt="Vorstand"></map>`, []string{"https://acme.example/vorstand|"}},
		{"meta robots nofollow", `<meta name="robots" content="noindex,nofollow"><a href="/team">Team</a>`, nil},
		{"meta abmsync none", `<meta name="abmsync" content="none"><a href="/team">Team</a>`, nil},
		{"card: words of its blocks apart, scripts left out",
			`<a href="/ueber-uns/team/"><small>01 · ÜBER UNS</small><h2>Unser Team</h2><p>Geschäftsleitung</p><script>x()</script><b>→</b></a>`,
			[]string{"https://acme.example/ueber-uns/team/|01 · ÜBER UNS Unser Team Geschäftsleitung →"}},
		{"meta robots noindex only", `<meta name="robots" content="noindex"><a href="/team">Team</a>`, []string{"https://acme.example/team|Team"}},
	}
	for _, tt := range tests {
		var got []string
		for _, l := range extractLinks(base, []byte(tt.body)) {
			got = append(got, l.URL.String()+"|"+l.Text)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("%s: links %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestParseSitemap(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, body string
		want       []string
		index      bool
	}{
		{"urlset", `<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
			<url><loc>https://acme.example/</loc><lastmod>2026-01-01</lastmod></url>
			<url><loc>
			  https://acme.example/team
			</loc></url></urlset>`, []string{"https://acme.example/", "https://acme.example/team"}, false},
		{"index", `<sitemapindex><sitemap><loc>https://acme.example/page-sitemap.xml</loc></sitemap></sitemapindex>`,
			[]string{"https://acme.example/page-sitemap.xml"}, true},
		{"latin-1 declared", "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><urlset><url><loc>https://acme.example/gesch\xe4ftsf\xfchrung</loc></url></urlset>",
			[]string{"https://acme.example/geschäftsführung"}, false},
		{"entities and CDATA", `<urlset><url><loc>https://acme.example/a?x=1&amp;y=2</loc></url><url><loc><![CDATA[https://acme.example/b]]></loc></url></urlset>`,
			[]string{"https://acme.example/a?x=1&y=2", "https://acme.example/b"}, false},
		{"truncated keeps the complete entries", `<urlset><url><loc>https://acme.example/a</loc></url><url><loc>https://acme.exa`,
			[]string{"https://acme.example/a"}, false},
		{"not xml", `<!DOCTYPE html><html><body>404</body></html>`, nil, false},
		{"empty", ``, nil, false},
	}
	for _, tt := range tests {
		got, index := parseSitemap([]byte(tt.body))
		if !slices.Equal(got, tt.want) || index != tt.index {
			t.Errorf("%s: %q index=%v, want %q index=%v", tt.name, got, index, tt.want, tt.index)
		}
	}
}

func TestDecodeHTMLNeverInvalid(t *testing.T) {
	t.Parallel()
	for _, body := range []string{"\xff\xfe\x00", "<meta charset=utf-8>\xc3", "<meta charset=shift_jis>\x82\xa0", strings.Repeat("\x80", 10)} {
		out, _ := decodeHTML([]byte(body), "")
		if !isValidUTF8(out) {
			t.Errorf("decodeHTML(%q) = %q: invalid UTF-8", body, out)
		}
	}
}

func isValidUTF8(b []byte) bool { return strings.ToValidUTF8(string(b), "\uFFFD") == string(b) }
