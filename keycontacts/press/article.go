package press

import (
	"bytes"
	"strings"

	"github.com/PuerkitoBio/goquery"
	xhtml "golang.org/x/net/html"
)

// MaxArticleBytes is how much of a page ArticleText reads.
const MaxArticleBytes = 8 << 20

// ArticleText returns the title and the main text of an article page, for
// FindMentions. It prefers the largest <article> (or an
// itemprop="articleBody" inside it), else the element holding the largest
// block of <p> paragraphs, else the body; navigation, headers outside the
// article, footers, asides, forms, scripts, styles and cookie, share,
// comment and newsletter boxes are dropped. Paragraphs are separated by a
// blank line, white space inside them is collapsed.
//
// The title is the article's <h1>, else og:title, else the page's only
// <h1>, else <title>. ArticleText does no I/O and never panics; the
// caller decodes the page to UTF-8 (the polite fetcher does). HTML too
// deeply nested for the parser yields the tag-stripped text of the page
// and an empty title.
func ArticleText(html []byte) (title, text string) {
	defer func() {
		if recover() != nil {
			title, text = "", ""
		}
	}()
	return articleText(html)
}

func articleText(html []byte) (string, string) {
	if len(html) > MaxArticleBytes {
		html = html[:MaxArticleBytes]
	}
	doc, err := goquery.NewDocumentFromReader(bytes.NewReader(html))
	if err != nil {
		return "", stripHTML(string(html), 0)
	}
	doc.Find("script, style, noscript, template, svg, iframe, object, form, button, select, nav, footer, aside, dialog").Remove()
	doc.Find("header").Each(func(_ int, h *goquery.Selection) {
		if h.Closest("article").Length() == 0 {
			h.Remove()
		}
	})
	doc.Find("[role=navigation], [role=banner], [role=contentinfo], [role=complementary], [aria-hidden=true], [hidden]").Remove()
	total := pTextLen(doc.Selection)
	doc.Find("[class], [id]").Each(func(_ int, s *goquery.Selection) {
		if !isBoilerplate(s.AttrOr("class", "") + " " + s.AttrOr("id", "")) {
			return
		}
		// a class such as "nav-open" on a wrapper must not take the
		// article with it
		if s.Is("html, body, main, article") || s.Find("article, main, [itemprop=articleBody]").Length() > 0 ||
			pTextLen(s)*2 > total {
			return
		}
		s.Remove()
	})

	main := mainContainer(doc)
	title := articleTitle(doc, main)
	var b textBuilder
	if main != nil {
		walkText(main, &b, title)
	}
	return title, b.String()
}

// boilerplateWords in a class or id mark boxes that are not article text.
var boilerplateWords = map[string]bool{
	"cookie": true, "cookies": true, "consent": true, "newsletter": true, "comments": true,
	"comment": true, "share": true, "sharing": true, "social": true, "breadcrumb": true,
	"breadcrumbs": true, "related": true, "advert": true, "advertisement": true, "ad": true,
	"ads": true, "sidebar": true, "promo": true, "subscribe": true, "paywall": true,
	"navigation": true, "nav": true, "menu": true, "footer": true, "banner": true,
}

func isBoilerplate(classes string) bool {
	for _, w := range strings.FieldsFunc(strings.ToLower(classes), func(r rune) bool {
		return r == ' ' || r == '-' || r == '_' || r == '\t' || r == '\n'
	}) {
		if boilerplateWords[w] {
			return true
		}
	}
	return false
}

// mainContainer picks the node whose text is the article.
func mainContainer(doc *goquery.Document) *xhtml.Node {
	var best *xhtml.Node
	bestLen := 0
	doc.Find("article").Each(func(_ int, a *goquery.Selection) {
		if body := a.Find("[itemprop=articleBody]"); body.Length() > 0 {
			a = body.First()
		}
		if n := pTextLen(a) + len(strings.TrimSpace(a.Text()))/10; n > bestLen {
			best, bestLen = a.Get(0), n
		}
	})
	if best != nil {
		return best
	}
	if body := doc.Find("[itemprop=articleBody]"); body.Length() > 0 {
		return body.Get(0)
	}
	// the parent with the most paragraph text; the first one wins a tie
	sums := map[*xhtml.Node]int{}
	var parents []*xhtml.Node
	doc.Find("p").Each(func(_ int, p *goquery.Selection) {
		if n := p.Get(0); n.Parent != nil {
			if _, seen := sums[n.Parent]; !seen {
				parents = append(parents, n.Parent)
			}
			sums[n.Parent] += len(strings.TrimSpace(p.Text()))
		}
	})
	for _, n := range parents {
		if sums[n] > bestLen {
			best, bestLen = n, sums[n]
		}
	}
	if best != nil {
		return best
	}
	if body := doc.Find("body"); body.Length() > 0 {
		return body.Get(0)
	}
	return nil
}

func pTextLen(s *goquery.Selection) int {
	n := 0
	s.Find("p").Each(func(_ int, p *goquery.Selection) { n += len(strings.TrimSpace(p.Text())) })
	return n
}

func articleTitle(doc *goquery.Document, main *xhtml.Node) string {
	clean := func(s string) string { return collapse(s, 0) }
	if main != nil {
		art := goquery.NewDocumentFromNode(main).Selection
		if a := art.Closest("article"); a.Length() > 0 {
			art = a
		}
		if h := art.Find("h1").First(); h.Length() > 0 {
			if t := clean(h.Text()); t != "" {
				return t
			}
		}
	}
	if og, ok := doc.Find(`meta[property="og:title"]`).First().Attr("content"); ok && clean(og) != "" {
		return clean(og)
	}
	if h := doc.Find("h1"); h.Length() == 1 {
		if t := clean(h.Text()); t != "" {
			return t
		}
	}
	return clean(doc.Find("title").First().Text())
}

// walkText writes the text of n, one paragraph per block element,
// skipping the heading that repeats the title.
func walkText(n *xhtml.Node, b *textBuilder, title string) {
	switch n.Type {
	case xhtml.TextNode:
		b.write(n.Data)
		return
	case xhtml.ElementNode:
		if skipTags[n.Data] {
			return
		}
		if n.Data == "h1" && title != "" && collapse(nodeText(n), 0) == title {
			return
		}
		if blockTags[n.Data] {
			b.brk()
			defer b.brk()
		}
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		walkText(c, b, title)
	}
}

func nodeText(n *xhtml.Node) string {
	var sb strings.Builder
	var f func(*xhtml.Node)
	f = func(n *xhtml.Node) {
		if n.Type == xhtml.TextNode {
			sb.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			f(c)
		}
	}
	f(n)
	return sb.String()
}
