package web

import (
	"bytes"
	"compress/gzip"
	"encoding/xml"
	"io"
	"net/url"
	"strings"

	"github.com/PuerkitoBio/goquery"
	xhtml "golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/net/html/charset"
)

// Parsing limits: a page or a sitemap yields at most this many URLs.
const (
	maxLinksPerPage   = 5000
	maxURLsPerSitemap = 50000 // the sitemaps.org limit per file
	maxLinkText       = 200
)

// link is an <a href> of a page, resolved against the page's base URL.
type link struct {
	URL  *url.URL
	Text string
}

// extractLinks returns the http(s) links of an HTML page (UTF-8) with their
// text (title and aria-label included), resolved against <base href> or
// pageURL, without fragments and userinfo. It returns nothing when the page
// asks robots not to follow its links (<meta name="robots"
// content="nofollow"> or name="abmsync"). Broken HTML is parsed as
// browsers do; extractLinks never fails.
func extractLinks(pageURL *url.URL, body []byte) []link {
	doc, err := goquery.NewDocumentFromReader(bytes.NewReader(body))
	if err != nil {
		return nil
	}
	nofollow := false
	doc.Find("meta[name][content]").Each(func(_ int, s *goquery.Selection) {
		name := strings.ToLower(strings.TrimSpace(s.AttrOr("name", "")))
		if name != "robots" && name != ProductToken {
			return
		}
		for d := range strings.SplitSeq(strings.ToLower(s.AttrOr("content", "")), ",") {
			if d = strings.TrimSpace(d); d == "nofollow" || d == "none" {
				nofollow = true
			}
		}
	})
	if nofollow {
		return nil
	}
	base := pageURL
	if href, ok := doc.Find("base[href]").First().Attr("href"); ok {
		if b, err := pageURL.Parse(strings.TrimSpace(href)); err == nil && (b.Scheme == "http" || b.Scheme == "https") {
			base = b
		}
	}
	var links []link
	doc.Find("a[href], area[href]").EachWithBreak(func(_ int, s *goquery.Selection) bool {
		href := strings.TrimSpace(s.AttrOr("href", ""))
		if href == "" || strings.HasPrefix(href, "#") {
			return true
		}
		u, err := base.Parse(href)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return true
		}
		u.User = nil
		u.Fragment, u.RawFragment = "", ""
		text := strings.Join(strings.Fields(strings.Join([]string{
			nodeText(s), s.AttrOr("title", ""), s.AttrOr("aria-label", ""),
		}, " ")), " ")
		if len(text) > maxLinkText {
			text = truncateUTF8(text, maxLinkText)
		}
		links = append(links, link{URL: u, Text: text})
		return len(links) < maxLinksPerPage
	})
	return links
}

// blockElements separate words where they start and end: a card link
// <a><small>Über uns</small><h2>Unser Team</h2><p>...</p></a> reads
// "Über uns Unser Team ...", not "Über unsUnser Team...".
var blockElements = map[atom.Atom]bool{
	atom.Address: true, atom.Article: true, atom.Aside: true, atom.Blockquote: true, atom.Br: true,
	atom.Dd: true, atom.Div: true, atom.Dl: true, atom.Dt: true, atom.Figcaption: true, atom.Figure: true,
	atom.Footer: true, atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true,
	atom.H6: true, atom.Header: true, atom.Hr: true, atom.Li: true, atom.Main: true, atom.Nav: true,
	atom.Ol: true, atom.P: true, atom.Section: true, atom.Table: true, atom.Td: true, atom.Th: true,
	atom.Tr: true, atom.Ul: true,
}

// nodeText is the text of a selection like Selection.Text, with a space
// where a block element starts or ends and without scripts, styles and
// templates. It stops adding text nodes after 4*maxLinkText bytes.
func nodeText(s *goquery.Selection) string {
	var b strings.Builder
	var walk func(n *xhtml.Node)
	walk = func(n *xhtml.Node) {
		if b.Len() > 4*maxLinkText {
			return
		}
		switch n.Type {
		case xhtml.TextNode:
			b.WriteString(n.Data)
			return
		case xhtml.ElementNode:
			if n.DataAtom == atom.Script || n.DataAtom == atom.Style || n.DataAtom == atom.Template {
				return
			}
		}
		block := n.Type == xhtml.ElementNode && blockElements[n.DataAtom]
		if block {
			b.WriteByte(' ')
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
		if block {
			b.WriteByte(' ')
		}
	}
	for _, n := range s.Nodes {
		walk(n)
	}
	return b.String()
}

func truncateUTF8(s string, n int) string {
	for n > 0 && n < len(s) && !isRuneStart(s[n]) {
		n--
	}
	return s[:n]
}

func isRuneStart(b byte) bool { return b&0xC0 != 0x80 }

// parseSitemap reads <loc> entries of a sitemap (<urlset>) or sitemap
// index (<sitemapindex>), gzip-compressed or not, in any XML encoding. It
// keeps what it read before a syntax error or the end of a truncated body,
// and stops after maxURLsPerSitemap entries. index reports a sitemap index.
func parseSitemap(body []byte) (locs []string, index bool) {
	var r io.Reader = bytes.NewReader(body)
	if len(body) >= 2 && body[0] == 0x1f && body[1] == 0x8b {
		zr, err := gzip.NewReader(r)
		if err != nil {
			return nil, false
		}
		// The sitemaps.org limit for an uncompressed sitemap.
		r = io.LimitReader(zr, 50<<20)
	}
	d := xml.NewDecoder(r)
	d.Strict = false
	d.CharsetReader = charset.NewReaderLabel
	inLoc := false
	var text strings.Builder
	for len(locs) < maxURLsPerSitemap {
		tok, err := d.Token()
		if err != nil {
			break
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch strings.ToLower(t.Name.Local) {
			case "sitemapindex":
				index = true
			case "loc":
				inLoc = true
				text.Reset()
			}
		case xml.CharData:
			if inLoc && text.Len() < 4096 {
				text.Write(t)
			}
		case xml.EndElement:
			if inLoc && strings.EqualFold(t.Name.Local, "loc") {
				inLoc = false
				if s := strings.TrimSpace(text.String()); s != "" {
					locs = append(locs, s)
				}
			}
		}
	}
	return locs, index
}
