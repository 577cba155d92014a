package press

import (
	"strings"
	"unicode"
	"unicode/utf8"

	xhtml "golang.org/x/net/html"
)

// textBuilder collects running text into paragraphs, collapsing white space
// inside a paragraph and separating paragraphs with a blank line.
type textBuilder struct {
	out   strings.Builder
	para  strings.Builder
	space bool // a space is pending before the next non-space rune
	max   int  // stop collecting after this many bytes; 0 = no limit
}

// write appends text, collapsing runs of white space to one space.
func (b *textBuilder) write(s string) {
	for _, r := range s {
		if b.full() {
			return
		}
		switch {
		case r == '\u00ad' || r == '\u200b' || r == '\u200c' || r == '\u200d' || r == '\ufeff':
			// soft hyphen and zero-width characters: invisible in the page
		case unicode.IsSpace(r):
			b.space = b.para.Len() > 0
		case r == utf8.RuneError || unicode.IsControl(r):
			b.space = b.para.Len() > 0
		default:
			if b.space {
				b.para.WriteByte(' ')
				b.space = false
			}
			b.para.WriteRune(r)
		}
	}
}

// brk ends the current paragraph.
func (b *textBuilder) brk() {
	b.space = false
	if b.para.Len() == 0 {
		return
	}
	if b.out.Len() > 0 {
		b.out.WriteString("\n\n")
	}
	b.out.WriteString(b.para.String())
	b.para.Reset()
}

func (b *textBuilder) full() bool {
	return b.max > 0 && b.out.Len()+b.para.Len() >= b.max
}

func (b *textBuilder) String() string {
	b.brk()
	return b.out.String()
}

// blockTags are the elements that start a new paragraph in extracted text.
var blockTags = map[string]bool{
	"address": true, "article": true, "aside": true, "blockquote": true, "br": true,
	"caption": true, "dd": true, "div": true, "dl": true, "dt": true, "figcaption": true,
	"figure": true, "footer": true, "form": true, "h1": true, "h2": true, "h3": true,
	"h4": true, "h5": true, "h6": true, "header": true, "hr": true, "li": true,
	"main": true, "nav": true, "ol": true, "p": true, "pre": true, "section": true,
	"table": true, "tbody": true, "td": true, "th": true, "thead": true, "tr": true,
	"ul": true,
}

// skipTags are elements whose content is never text.
var skipTags = map[string]bool{
	"script": true, "style": true, "noscript": true, "template": true,
	"svg": true, "math": true, "iframe": true, "object": true, "head": true,
}

// stripHTML returns the text of an HTML fragment: tags removed, entities
// decoded, script and style dropped, white space collapsed, block elements
// separated by a blank line. It works on broken markup and is linear in the
// input.
func stripHTML(s string, max int) string {
	if !strings.ContainsAny(s, "<&") {
		b := textBuilder{max: max}
		b.write(s)
		return b.String()
	}
	z := xhtml.NewTokenizer(strings.NewReader(s))
	b := textBuilder{max: max}
	skip := 0
	for !b.full() {
		switch z.Next() {
		case xhtml.ErrorToken:
			return b.String()
		case xhtml.TextToken:
			if skip == 0 {
				b.write(string(z.Text()))
			}
		case xhtml.StartTagToken:
			name, _ := z.TagName()
			if skipTags[string(name)] {
				skip++
			}
			if blockTags[string(name)] {
				b.brk()
			}
		case xhtml.SelfClosingTagToken:
			name, _ := z.TagName()
			if blockTags[string(name)] {
				b.brk()
			}
		case xhtml.EndTagToken:
			name, _ := z.TagName()
			if skipTags[string(name)] && skip > 0 {
				skip--
			}
			if blockTags[string(name)] {
				b.brk()
			}
		}
	}
	return b.String()
}

// collapse trims s and collapses its white space to single spaces.
func collapse(s string, max int) string {
	b := textBuilder{max: max}
	b.write(s)
	b.space = false
	return b.para.String()
}
