package press

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

// Limits of ParseFeed.
const (
	// MaxFeedBytes is the largest document ParseFeed accepts. The caller
	// should cap bodies well below it; this is a second line of defence.
	MaxFeedBytes = 32 << 20
	// MaxItems is the number of items ParseFeed keeps; later items are
	// dropped and Feed.Truncated is set.
	MaxItems = 1000
	// MaxDepth is the deepest element nesting ParseFeed accepts. Real feeds
	// stay below 20 even with XHTML content.
	MaxDepth = 100
	// MaxFieldBytes caps the raw size of one field (title, summary,
	// content); the rest of a longer field is ignored.
	MaxFieldBytes = 512 << 10
)

// Errors of ParseFeed, for errors.Is. The returned errors wrap them with
// the position and detail.
var (
	// ErrNotFeed: the document is well-formed XML, or empty, but its root
	// element is not rss, rdf:RDF or an Atom feed.
	ErrNotFeed = errors.New("not an RSS, RDF or Atom feed")
	// ErrEntityDeclaration: the document declares DTD entities. Feeds never
	// need them; they are how entity-expansion ("billion laughs") and
	// external-entity attacks start, so the whole document is refused.
	ErrEntityDeclaration = errors.New("DTD entity declarations are refused")
	// ErrTooDeep: elements are nested deeper than MaxDepth.
	ErrTooDeep = errors.New("elements nested too deeply")
	// ErrTooLarge: the document is larger than MaxFeedBytes.
	ErrTooLarge = errors.New("feed too large")
)

// FeedKind is the format family of a feed.
type FeedKind string

// The feed kinds.
const (
	KindRSS  FeedKind = "rss"  // RSS 0.91/0.92/2.0: <rss><channel><item>
	KindRDF  FeedKind = "rdf"  // RSS 1.0 and 0.90: <rdf:RDF><item>
	KindAtom FeedKind = "atom" // Atom 1.0 and 0.3: <feed><entry>
)

// Feed is a parsed feed: its own title, link and description and its items
// in document order.
type Feed struct {
	Kind        FeedKind
	Title       string
	Link        string // the site's URL (Atom: rel="alternate")
	Description string // RSS description, Atom subtitle; plain text
	Items       []Item
	// Truncated reports that the feed had more than MaxItems items and
	// only the first MaxItems are in Items.
	Truncated bool
}

// Item is one RSS item or Atom entry. Text fields are plain text: HTML is
// stripped, entities decoded and white space collapsed (Summary and Content
// keep paragraph breaks as blank lines).
type Item struct {
	Title string
	// Link is the article URL: RSS <link>, else an Atom link with
	// rel="alternate" (or no rel), else the first link's href, else a
	// permalink <guid>. Relative links are resolved against xml:base or
	// the feed's link.
	Link string
	// ID is the RSS guid, Atom id or RDF rdf:about.
	ID string
	// Published is RSS pubDate, dc:date or Atom published (issued in
	// Atom 0.3); when missing it is Updated. The zero time means the feed
	// gives no date or one that could not be read.
	Published time.Time
	// Updated is Atom updated (modified in Atom 0.3).
	Updated time.Time
	// Summary is RSS description or Atom summary.
	Summary string
	// Content is content:encoded or Atom content.
	Content string
}

// Text returns the item's longest body text: Content, else Summary.
func (it Item) Text() string {
	if len(it.Content) >= len(it.Summary) {
		return it.Content
	}
	return it.Summary
}

// Namespaces the parser recognises.
const (
	nsAtom    = "http://www.w3.org/2005/Atom"
	nsAtom03  = "http://purl.org/atom/ns#"
	nsRSS1    = "http://purl.org/rss/1.0/"
	nsRSS090  = "http://my.netscape.com/rdf/simple/0.9/"
	nsRDF     = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
	nsDC      = "http://purl.org/dc/elements/1.1/"
	nsContent = "http://purl.org/rss/1.0/modules/content/"
	nsXML     = "http://www.w3.org/XML/1998/namespace"
)

// ParseFeed parses an RSS 2.0, RSS 1.0/RDF or Atom feed. It never does
// I/O and never panics; its work is linear in len(data).
//
// The character set comes from a byte-order mark or the XML declaration
// (ISO-8859-1, windows-1252 and the other WHATWG labels are decoded); a
// document without a declared encoding that is not valid UTF-8 is read as
// windows-1252. HTML entities such as &nbsp; are accepted, as feeds use
// them; entities declared in a DTD are refused (ErrEntityDeclaration).
//
// Errors name what was wrong and wrap ErrNotFeed, ErrEntityDeclaration,
// ErrTooDeep, ErrTooLarge or an *xml.SyntaxError (with its line) for
// malformed XML. A feed with unparseable dates is not an error: those
// times stay zero.
func ParseFeed(data []byte) (f Feed, err error) {
	defer func() {
		// Defence in depth for a long-running worker: a bug costs one
		// feed, not the process. FuzzParseFeed calls parseFeed directly.
		if r := recover(); r != nil {
			f, err = Feed{}, fmt.Errorf("press: parse feed: internal error: %v", r)
		}
	}()
	return parseFeed(data)
}

func parseFeed(data []byte) (Feed, error) {
	if len(data) > MaxFeedBytes {
		return Feed{}, fmt.Errorf("press: parse feed: %d bytes, limit %d: %w", len(data), MaxFeedBytes, ErrTooLarge)
	}
	d, err := newFeedDecoder(data)
	if err != nil {
		return Feed{}, err
	}
	p := &feedParser{}
	for !p.done {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return Feed{}, fmt.Errorf("press: parse feed: %w", err)
		}
		line, _ := d.InputPos()
		switch t := tok.(type) {
		case xml.StartElement:
			err = p.start(t, line)
		case xml.EndElement:
			p.end(t)
		case xml.CharData:
			p.text(t)
		case xml.Directive:
			if bytes.Contains(bytes.ToUpper(t), []byte("ENTITY")) {
				err = fmt.Errorf("press: parse feed: line %d: <!ENTITY> in the document type declaration: %w", line, ErrEntityDeclaration)
			}
		}
		if err != nil {
			return Feed{}, err
		}
	}
	if p.feed.Kind == "" {
		return Feed{}, fmt.Errorf("press: parse feed: no root element: %w", ErrNotFeed)
	}
	if p.feed.Link == "" {
		p.feed.Link = p.chanLinkAlt
	}
	return p.feed, nil
}

// newFeedDecoder returns a strict decoder over data with the charset
// handling described at ParseFeed. Custom entities are not expanded by
// encoding/xml: a reference to one is a syntax error.
func newFeedDecoder(data []byte) (*xml.Decoder, error) {
	transcoded := false
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		data = data[3:]
	case bytes.HasPrefix(data, []byte{0xFE, 0xFF}), bytes.HasPrefix(data, []byte{0xFF, 0xFE}):
		dec := unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM).NewDecoder()
		u, err := dec.Bytes(data)
		if err != nil {
			return nil, fmt.Errorf("press: parse feed: decode UTF-16: %w", err)
		}
		data, transcoded = u, true
	default:
		enc := strings.ToLower(declaredEncoding(data))
		if (enc == "" || enc == "utf-8" || enc == "utf8") && !utf8.Valid(data) {
			// Undeclared Latin-1 is the most common charset bug of German
			// feeds; windows-1252 is a superset that never fails.
			u, err := charmap.Windows1252.NewDecoder().Bytes(data)
			if err != nil {
				return nil, fmt.Errorf("press: parse feed: decode windows-1252: %w", err)
			}
			data, transcoded = u, true
		}
	}
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = true
	d.Entity = xml.HTMLEntity
	d.CharsetReader = func(label string, r io.Reader) (io.Reader, error) {
		if transcoded {
			return r, nil // already UTF-8; the declaration describes the original bytes
		}
		cr, err := charset.NewReaderLabel(label, r)
		if err != nil {
			return nil, fmt.Errorf("unsupported encoding %q: %w", label, err)
		}
		return cr, nil
	}
	return d, nil
}

// declaredEncoding returns the encoding pseudo-attribute of the XML
// declaration at the start of data, or "".
func declaredEncoding(data []byte) string {
	if !bytes.HasPrefix(data, []byte("<?xml")) {
		return ""
	}
	end := bytes.Index(data, []byte("?>"))
	if end < 0 || end > 512 {
		return ""
	}
	decl := string(data[:end])
	i := strings.Index(decl, "encoding")
	if i < 0 {
		return ""
	}
	rest := strings.TrimLeft(decl[i+len("encoding"):], " \t\r\n")
	if !strings.HasPrefix(rest, "=") {
		return ""
	}
	rest = strings.TrimLeft(rest[1:], " \t\r\n")
	if rest == "" || (rest[0] != '"' && rest[0] != '\'') {
		return ""
	}
	q := rest[0]
	if j := strings.IndexByte(rest[1:], q); j >= 0 {
		return rest[1 : 1+j]
	}
	return ""
}

type fieldID int

const (
	fieldNone fieldID = iota
	fieldTitle
	fieldLink
	fieldSummary
	fieldContent
	fieldPublished
	fieldUpdated
	fieldGUID
)

type textMode int

const (
	modeText  textMode = iota // plain text: collapse white space
	modeHTML                  // escaped HTML: strip tags
	modeXHTML                 // inline XHTML elements: strip tags
	modeSkip                  // binary or unknown media type: ignore
)

// feedParser is the state of one streaming parse.
type feedParser struct {
	feed  Feed
	stack []xml.Name
	bases []string // resolved xml:base per open element ("" = none)
	done  bool
	full  bool // MaxItems reached; the next item sets Truncated

	inItem    bool
	itemDepth int
	item      Item
	itemBase  string
	linkText  string // RSS <link> text
	linkAlt   string // first rel=alternate (or no rel) href
	linkAny   string // first href of any rel
	permaGUID string

	chanLinkAlt string

	capDepth int // depth of the field being captured; 0 = none
	capField fieldID
	capMode  textMode
	capItem  bool // field of an item (else of the channel)
	capPerma bool // guid isPermaLink
	capBuf   strings.Builder
}

func (p *feedParser) start(se xml.StartElement, line int) error {
	depth := len(p.stack) + 1
	if depth > MaxDepth {
		return fmt.Errorf("press: parse feed: line %d: more than %d nested elements: %w", line, MaxDepth, ErrTooDeep)
	}
	base := ""
	if len(p.bases) > 0 {
		base = p.bases[len(p.bases)-1]
	}
	if v := attr(se, nsXML, "base"); v != "" {
		base = resolveRef(base, v)
	}
	p.stack = append(p.stack, se.Name)
	p.bases = append(p.bases, base)

	if depth == 1 {
		switch {
		case se.Name.Local == "rss":
			p.feed.Kind = KindRSS
		case se.Name.Local == "RDF":
			p.feed.Kind = KindRDF
		case se.Name.Local == "feed":
			p.feed.Kind = KindAtom
		default:
			return fmt.Errorf("press: parse feed: root element <%s>: %w", se.Name.Local, ErrNotFeed)
		}
		return nil
	}
	if p.capDepth > 0 {
		if p.capMode == modeHTML || p.capMode == modeXHTML {
			p.write("<" + se.Name.Local + ">")
		}
		return nil
	}
	parent := p.stack[depth-2]
	if p.inItem {
		if depth == p.itemDepth+1 {
			p.field(se, true, base)
		}
		return nil
	}
	if p.isItem(se.Name, parent) {
		if p.full {
			p.feed.Truncated = true
			p.done = true
			return nil
		}
		p.inItem, p.itemDepth, p.itemBase = true, depth, base
		p.item = Item{ID: attr(se, nsRDF, "about")}
		p.linkText, p.linkAlt, p.linkAny, p.permaGUID = "", "", "", ""
		return nil
	}
	if p.isChannel(parent, depth) {
		p.field(se, false, base)
	}
	return nil
}

func (p *feedParser) isItem(n, parent xml.Name) bool {
	if p.feed.Kind == KindAtom {
		return n.Local == "entry" && p.core(n) && parent.Local == "feed"
	}
	return n.Local == "item" && p.core(n) && (parent.Local == "channel" || parent.Local == "RDF")
}

func (p *feedParser) isChannel(parent xml.Name, depth int) bool {
	if p.feed.Kind == KindAtom {
		return depth == 2
	}
	return parent.Local == "channel" && depth <= 3
}

// core reports whether n is in the feed format's own namespace (or none,
// as sloppy feeds do), as opposed to an extension such as media:title.
func (p *feedParser) core(n xml.Name) bool {
	switch n.Space {
	case "":
		return true
	case nsAtom, nsAtom03:
		return p.feed.Kind == KindAtom
	case nsRSS1, nsRSS090:
		return p.feed.Kind == KindRDF
	}
	return false
}

// field starts capturing a child of an item (or of the channel) that the
// parser keeps.
func (p *feedParser) field(se xml.StartElement, item bool, base string) {
	n := se.Name
	atom := p.feed.Kind == KindAtom
	id, mode := fieldNone, modeText
	switch {
	case n.Local == "link" && (p.core(n) || n.Space == nsAtom):
		if href := attr(se, "", "href"); href != "" {
			u := resolveRef(base, href)
			rel := attr(se, "", "rel")
			switch {
			case !item:
				if (rel == "" || rel == "alternate") && p.chanLinkAlt == "" {
					p.chanLinkAlt = u
				}
			default:
				if (rel == "" || rel == "alternate") && p.linkAlt == "" {
					p.linkAlt = u
				}
				if p.linkAny == "" {
					p.linkAny = u
				}
			}
			return
		}
		if !atom {
			id = fieldLink
		}
	case n.Local == "title" && p.core(n):
		id, mode = fieldTitle, p.mode(se, atom)
	case (n.Local == "description" && !atom || (n.Local == "summary" || n.Local == "subtitle" || n.Local == "tagline") && atom) && p.core(n):
		id, mode = fieldSummary, p.mode(se, atom)
	case n.Local == "encoded" && n.Space == nsContent && item:
		id, mode = fieldContent, modeHTML
	case n.Local == "content" && atom && p.core(n) && item:
		id, mode = fieldContent, p.mode(se, true)
		if src := attr(se, "", "src"); src != "" && p.linkAny == "" {
			p.linkAny = resolveRef(base, src)
		}
	case item && p.core(n) && (n.Local == "pubDate" || n.Local == "published" || n.Local == "issued"),
		item && n.Local == "date" && n.Space == nsDC:
		id = fieldPublished
	case item && atom && p.core(n) && (n.Local == "updated" || n.Local == "modified"):
		id = fieldUpdated
	case item && !atom && n.Local == "guid" && p.core(n):
		id = fieldGUID
		p.capPerma = !strings.EqualFold(attr(se, "", "isPermaLink"), "false")
	case item && atom && n.Local == "id" && p.core(n):
		id = fieldGUID
	}
	if id == fieldNone {
		return
	}
	p.capDepth, p.capField, p.capMode, p.capItem = len(p.stack), id, mode, item
	p.capBuf.Reset()
}

// mode is how a text construct's content is to be read: Atom says so in
// its type attribute; RSS and RDF text is escaped HTML often enough that
// stripping is always right.
func (p *feedParser) mode(se xml.StartElement, atom bool) textMode {
	if !atom {
		return modeHTML
	}
	switch t := strings.ToLower(strings.TrimSpace(attr(se, "", "type"))); {
	case t == "" || t == "text" || t == "text/plain":
		// Atom 0.3 allowed mode="escaped" for HTML
		if attr(se, "", "mode") == "escaped" {
			return modeHTML
		}
		return modeText
	case t == "html" || t == "text/html":
		return modeHTML
	case t == "xhtml" || t == "application/xhtml+xml":
		return modeXHTML
	case strings.HasPrefix(t, "text/"):
		return modeText
	}
	return modeSkip
}

func (p *feedParser) text(cd xml.CharData) {
	if p.capDepth == 0 || p.capMode == modeSkip {
		return
	}
	s := string(cd)
	if len(p.stack) > p.capDepth && (p.capMode == modeHTML || p.capMode == modeXHTML) {
		// text inside inline XHTML elements is text, not markup
		s = escapeText(s)
	}
	p.write(s)
}

func (p *feedParser) write(s string) {
	if room := MaxFieldBytes - p.capBuf.Len(); room > 0 {
		if len(s) > room {
			s = s[:room]
		}
		p.capBuf.WriteString(s)
	}
}

func (p *feedParser) end(xml.EndElement) {
	depth := len(p.stack)
	if depth == 0 {
		return
	}
	if p.capDepth > 0 {
		if depth == p.capDepth {
			p.finishField()
		} else if p.capMode == modeHTML || p.capMode == modeXHTML {
			p.write("</" + p.stack[depth-1].Local + ">")
		}
	}
	if p.inItem && depth == p.itemDepth {
		p.finishItem()
	}
	p.stack = p.stack[:depth-1]
	p.bases = p.bases[:depth-1]
}

func (p *feedParser) finishField() {
	raw := p.capBuf.String()
	p.capDepth = 0
	var s string
	switch p.capMode {
	case modeSkip:
		return
	case modeHTML, modeXHTML:
		s = stripHTML(raw, 0)
	default:
		s = collapse(raw, 0)
	}
	if !p.capItem {
		switch p.capField {
		case fieldTitle:
			p.feed.Title = s
		case fieldLink:
			if p.feed.Link == "" {
				p.feed.Link = strings.TrimSpace(raw)
			}
		case fieldSummary:
			p.feed.Description = s
		}
		return
	}
	it := &p.item
	switch p.capField {
	case fieldTitle:
		it.Title = s
	case fieldLink:
		if p.linkText == "" {
			p.linkText = strings.TrimSpace(raw)
		}
	case fieldSummary:
		it.Summary = s
	case fieldContent:
		it.Content = s
	case fieldPublished:
		if it.Published.IsZero() {
			it.Published = parseDate(raw)
		}
	case fieldUpdated:
		it.Updated = parseDate(raw)
	case fieldGUID:
		it.ID = strings.TrimSpace(raw)
		if p.capPerma {
			p.permaGUID = it.ID
		}
	}
}

func (p *feedParser) finishItem() {
	p.inItem = false
	it := p.item
	base := p.itemBase
	if base == "" {
		base = p.feed.Link
	}
	if base == "" {
		base = p.chanLinkAlt
	}
	switch {
	case p.linkText != "":
		it.Link = resolveRef(base, p.linkText)
	case p.linkAlt != "":
		it.Link = p.linkAlt
	case p.linkAny != "":
		it.Link = p.linkAny
	case strings.HasPrefix(p.permaGUID, "http://") || strings.HasPrefix(p.permaGUID, "https://"):
		it.Link = p.permaGUID
	}
	if it.Published.IsZero() {
		it.Published = it.Updated
	}
	p.feed.Items = append(p.feed.Items, it)
	if len(p.feed.Items) >= MaxItems {
		p.full = true
	}
}

func attr(se xml.StartElement, space, local string) string {
	for _, a := range se.Attr {
		if a.Name.Local == local && (a.Name.Space == space || space == "" && a.Name.Space == "") {
			return a.Value
		}
	}
	if space == nsXML || space == nsRDF {
		// an undeclared prefix is left in Space as written
		for _, a := range se.Attr {
			if a.Name.Local == local && (a.Name.Space == "xml" || a.Name.Space == "rdf") {
				return a.Value
			}
		}
	}
	return ""
}

// resolveRef resolves ref against base when ref is relative and base is an
// absolute URL; otherwise it returns ref trimmed.
func resolveRef(base, ref string) string {
	ref = strings.TrimSpace(ref)
	if base == "" || ref == "" {
		return ref
	}
	r, err := url.Parse(ref)
	if err != nil || r.IsAbs() {
		return ref
	}
	b, err := url.Parse(strings.TrimSpace(base))
	if err != nil || !b.IsAbs() {
		return ref
	}
	return b.ResolveReference(r).String()
}

var textEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

func escapeText(s string) string { return textEscaper.Replace(s) }
