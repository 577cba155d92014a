package people

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Work limits. A page that exceeds them is processed up to the limit; the
// extractor never fails, it just reads less.
const (
	// MaxInputBytes is the most HTML Extract reads; the rest is ignored.
	// The fetcher caps bodies at 2 MiB by default, so real pages fit.
	MaxInputBytes = 4 << 20
	// MaxNodes is the most DOM nodes the text walk visits.
	MaxNodes = 200_000
	// maxLines is the most text lines kept for analysis.
	maxLines = 50_000
	// maxLineRunes is where a line is cut: names and labels sit at the start
	// of a line, and the rest of a long line is prose.
	maxLineRunes = 2000
	// MaxPeople is the most people Extract returns for one page.
	MaxPeople = 500
)

// line is one visual line of the page: the text between two block
// boundaries or <br>s, with the links it contains.
type line struct {
	text     string
	node     *html.Node // deepest element containing all of the line's text
	block    *html.Node // block element the line belongs to
	heading  int        // 1..6 inside <h1>..<h6>, else 0
	emph     bool       // all of the text is bold, a heading, a table header or a <dt>
	emails   []string   // from mailto links, Cloudflare-protected links and the text
	phones   []string   // from tel: links and the text
	linkedin []string   // linkedin.com/in/ profile links
}

// page is the linearised document.
type page struct {
	lines []line
	rng   map[*html.Node][2]int // element -> [first line, end line)
	host  string                // host of the page URL, lower case
	title string                // text of the document's <title>
	lang  string                // the <html> element's lang, lower case
}

// blockTags start a new line; everything else is inline.
var blockTags = map[atom.Atom]bool{
	atom.Address: true, atom.Article: true, atom.Aside: true, atom.Blockquote: true, atom.Body: true,
	atom.Caption: true, atom.Center: true, atom.Dd: true, atom.Details: true, atom.Dialog: true, atom.Div: true,
	atom.Dl: true, atom.Dt: true, atom.Fieldset: true, atom.Figcaption: true, atom.Figure: true, atom.Footer: true,
	atom.Form: true, atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true,
	atom.Header: true, atom.Hgroup: true, atom.Hr: true, atom.Legend: true, atom.Li: true, atom.Main: true,
	atom.Ol: true, atom.P: true, atom.Pre: true, atom.Section: true, atom.Summary: true, atom.Table: true,
	atom.Tbody: true, atom.Td: true, atom.Tfoot: true, atom.Th: true, atom.Thead: true, atom.Tr: true,
	atom.Ul: true, atom.Html: true,
}

// skipTags hold no visible person data (or only navigation).
var skipTags = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true, atom.Svg: true,
	atom.Math: true, atom.Iframe: true, atom.Object: true, atom.Embed: true, atom.Canvas: true,
	atom.Select: true, atom.Option: true, atom.Textarea: true, atom.Button: true, atom.Input: true,
	atom.Nav: true, atom.Head: true, atom.Title: true, atom.Meta: true, atom.Link: true,
}

// spaceTags are inline elements whose edges separate words.
var spaceTags = map[atom.Atom]bool{
	atom.Span: true, atom.A: true, atom.Label: true, atom.I: true, atom.Small: true, atom.Font: true,
	atom.Time: true, atom.Cite: true, atom.Img: true,
}

// emphTags make their text look like a label or a name heading.
var emphTags = map[atom.Atom]bool{
	atom.Strong: true, atom.B: true, atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true,
	atom.H5: true, atom.H6: true, atom.Th: true, atom.Dt: true, atom.Legend: true, atom.Summary: true,
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// skipElement reports whether an element holds navigation, consent banners
// or hidden text, none of which names the company's people.
func skipElement(n *html.Node) bool {
	if skipTags[n.DataAtom] {
		return !(n.DataAtom == atom.Button && cardButton(n))
	}
	for _, a := range n.Attr {
		switch a.Key {
		case "hidden":
			if !foldedPanel(n) {
				return true
			}
		case "aria-hidden":
			if strings.EqualFold(a.Val, "true") && !foldedPanel(n) {
				return true
			}
		case "role":
			if strings.EqualFold(a.Val, "navigation") || strings.EqualFold(a.Val, "menu") {
				return true
			}
		case "class", "id":
			if n.DataAtom == atom.Body || n.DataAtom == atom.Html || n.DataAtom == atom.Main {
				continue
			}
			v := strings.ToLower(a.Val)
			if strings.Contains(v, "cookie") || strings.Contains(v, "consent") || strings.Contains(v, "breadcrumb") {
				return true
			}
			for _, f := range strings.Fields(v) {
				switch f {
				case "menu", "nav", "navbar", "navigation", "mobile-menu", "main-menu", "skip-link", "sr-only",
					"screen-reader-text", "visually-hidden":
					return true
				}
			}
		}
	}
	return false
}

// foldedPanel reports whether a hidden element is a tab panel or the body
// of an accordion: content the reader opens with a click (the other
// departments of a team page, a collapsed list of board members), not
// content hidden from everyone.
func foldedPanel(n *html.Node) bool {
	if role := attr(n, "role"); strings.EqualFold(role, "tabpanel") || strings.EqualFold(role, "region") {
		return true
	}
	classes := strings.Fields(strings.ToLower(attr(n, "class")))
	for _, f := range classes {
		if strings.Contains(f, "nav") || strings.Contains(f, "menu") {
			return false
		}
	}
	for _, f := range classes {
		if strings.Contains(f, "tab-pane") || strings.Contains(f, "tabpanel") || strings.Contains(f, "tab-content") ||
			strings.Contains(f, "accordion") || strings.Contains(f, "collapse") || f == "panel" {
			return true
		}
	}
	return false
}

// cardButton reports whether a button wraps a card rather than labelling a
// control: leadership pages make a whole card (portrait, name heading, role)
// the button that opens the person's bio. Control buttons ("Akzeptieren",
// "Menu") hold no headings or paragraphs.
func cardButton(n *html.Node) bool {
	stack := []*html.Node{n}
	for steps := 0; len(stack) > 0 && steps < 64; steps++ {
		c := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for k := c.FirstChild; k != nil; k = k.NextSibling {
			if k.Type != html.ElementNode {
				continue
			}
			if headingLevel(k.DataAtom) > 0 || k.DataAtom == atom.P || k.DataAtom == atom.Div {
				return true
			}
			stack = append(stack, k)
		}
	}
	return false
}

// linearizer is the state of one walk of linearize: the element path, the
// text of the line being built and what is known about that line so far.
type linearizer struct {
	p        *page
	open     []*html.Node // open elements, outermost first
	buf      strings.Builder
	lcaIdx   int        // index in open of the deepest element holding all the line's text
	lcaNode  *html.Node // open[lcaIdx] once the line has text
	pendMin  int        // shallowest open index closed since the last text node
	allEmph  bool       // every text node of the line was emphasised
	emph     int        // depth of open emphasis elements
	heading  []int      // levels of the open headings
	pendMail []string   // facts of links waiting for the next line
	pendTel  []string
	pendLI   []string
	block    *html.Node   // innermost open block element
	hasText  bool         // the line has a non-blank text node
	preOpen  []*html.Node // open elements that keep line breaks (<pre>), innermost last
}

// keepsBreaks reports whether an element shows the line breaks of its text:
// <pre>, or CSS white-space: pre, pre-wrap or pre-line in its style.
func keepsBreaks(n *html.Node) bool {
	if n.DataAtom == atom.Pre {
		return true
	}
	st := attr(n, "style")
	return st != "" && strings.Contains(strings.ReplaceAll(strings.ToLower(st), " ", ""), "white-space:pre")
}

// linearize walks the DOM iteratively (no recursion, so hostile nesting
// depth cannot exhaust the stack) and cuts its visible text into lines.
func linearize(root *html.Node, host string) *page {
	l := &linearizer{p: &page{rng: make(map[*html.Node][2]int), host: host}, pendMin: 1 << 30, allEmph: true}
	type frame struct {
		n    *html.Node
		exit bool
	}
	stack := []frame{{n: root}}
	visited := 0
	for len(stack) > 0 && visited < MaxNodes {
		f := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		n := f.n
		if f.exit {
			l.leave(n)
			continue
		}
		visited++
		switch n.Type {
		case html.DocumentNode:
			for c := n.LastChild; c != nil; c = c.PrevSibling {
				stack = append(stack, frame{n: c})
			}
		case html.TextNode:
			l.text(n.Data)
		case html.ElementNode:
			if !l.enter(n) {
				continue
			}
			stack = append(stack, frame{n: n, exit: true})
			for c := n.LastChild; c != nil; c = c.PrevSibling {
				stack = append(stack, frame{n: c})
			}
		}
	}
	l.flush()
	return l.p
}

// flush ends the line being built and appends it to the page, unless it is
// empty and carries no link facts.
func (l *linearizer) flush() {
	p := l.p
	text := cleanSpace(l.buf.String())
	l.buf.Reset()
	l.hasText = false
	if text == "" && len(l.pendMail) == 0 && len(l.pendTel) == 0 && len(l.pendLI) == 0 {
		l.lcaNode, l.allEmph, l.pendMin = nil, true, 1<<30
		return
	}
	if len(p.lines) >= maxLines {
		return
	}
	text = truncateRunes(text, maxLineRunes)
	ln := line{text: text, node: l.lcaNode, block: l.block, emph: text != "" && l.allEmph}
	if len(l.heading) > 0 {
		ln.heading = l.heading[len(l.heading)-1]
	}
	if ln.node == nil && len(l.open) > 0 {
		ln.node = l.open[len(l.open)-1]
	}
	ln.emails = append(l.pendMail, emailsInText(text)...)
	ln.phones = append(l.pendTel, phonesInText(text)...)
	ln.linkedin = l.pendLI
	l.pendMail, l.pendTel, l.pendLI = nil, nil, nil
	p.lines = append(p.lines, ln)
	l.lcaNode, l.allEmph, l.pendMin = nil, true, 1<<30
}

// text adds a text node to the line being built.
func (l *linearizer) text(t string) {
	if len(l.preOpen) > 0 && strings.IndexByte(t, '\n') >= 0 {
		// "<pre>Anna Berg, Vorstand\nTom Roth, Finanzen</pre>": each line
		// of preformatted text is a line of the page. Cut in place: a
		// hostile page may hold millions of line breaks.
		for {
			part, rest, more := strings.Cut(t, "\n")
			l.text(part)
			if !more {
				break
			}
			l.flush()
			t = rest
		}
		return
	}
	if strings.TrimSpace(t) == "" {
		if l.buf.Len() > 0 {
			l.buf.WriteByte(' ')
		}
		return
	}
	idx := len(l.open) - 1
	if idx < 0 {
		idx = 0
	}
	if !l.hasText {
		l.hasText = true
		l.lcaIdx = idx
	} else {
		l.lcaIdx = min(l.lcaIdx, idx, l.pendMin)
	}
	l.pendMin = 1 << 30
	if len(l.open) > 0 {
		l.lcaNode = l.open[l.lcaIdx]
	}
	if l.emph == 0 {
		l.allEmph = false
	}
	if l.buf.Len() < maxLineRunes*4 {
		if b := l.buf.String(); len(b) > 1 && b[len(b)-1] == '.' && unicode.IsUpper(firstRune(t)) && endsInLetter(b[:len(b)-1]) {
			// "Dr.<strong>Gautam Daftary</strong>": a title's full stop
			// right before an element that starts a capitalised word.
			l.buf.WriteByte(' ')
		}
		l.buf.WriteString(t)
	}
}

// enter opens an element; it reports false when the element and its
// children are skipped (hidden, navigation, <br>).
func (l *linearizer) enter(n *html.Node) bool {
	p := l.p
	if n.DataAtom == atom.Html {
		p.lang = strings.ToLower(strings.TrimSpace(attr(n, "lang")))
	}
	if n.DataAtom == atom.Head && p.title == "" {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.ElementNode && c.DataAtom == atom.Title {
				if t := c.FirstChild; t != nil && t.Type == html.TextNode {
					p.title = cleanSpace(truncateRunes(t.Data, 300))
				}
				break
			}
		}
	}
	if skipElement(n) {
		return false
	}
	if n.DataAtom == atom.Br {
		if len(l.heading) > 0 && utf8.RuneCountInString(l.buf.String()) <= 40 && wrappedName(n, l.buf.String()) {
			// "<h2>Juan Luis Balmaseda<br>de Ahumada Díez</h2>": a long
			// name wrapped in its heading goes on.
			l.buf.WriteByte(' ')
			return false
		}
		l.flush()
		return false
	}
	if blockTags[n.DataAtom] {
		l.flush()
		l.block = n
	} else if fieldBox(n) {
		// "<span class="name">…</span><span class="position">…</span>":
		// a card's name and role fields are laid out as lines by CSS.
		l.flush()
	} else if n.DataAtom == atom.Small && endsInLetter(l.buf.String()) {
		// "<h3>Anna Berg <small>Head of Sales</small></h3>": the small
		// print after a name is its role, a field of its own, or its
		// degrees ("<small>RIBA MAPM</small>"), which are not the name.
		if degreesOnly(nodeText(n, 80)) {
			return false
		}
		l.buf.WriteString(", ")
	} else if n.DataAtom == atom.Span && endsInLetter(l.buf.String()) && trailingRoleBox(n) {
		// "<p>John Beardsley<span>Board President</span></p>": a role in
		// its own box after the name, laid out apart by CSS.
		l.buf.WriteString(", ")
	} else if spaceTags[n.DataAtom] && l.buf.Len() > 0 {
		// Adjacent inline boxes are usually laid out apart by CSS
		// ("<span>Wundtstraße 40</span><span>14057 Berlin</span>").
		l.buf.WriteByte(' ')
	}
	if cf := attr(n, "data-cfemail"); cf != "" {
		if e := decodeCFEmail(cf); e != "" {
			l.pendMail = append(l.pendMail, e)
		}
	}
	if keepsBreaks(n) {
		l.preOpen = append(l.preOpen, n)
	}
	l.open = append(l.open, n)
	p.rng[n] = [2]int{len(p.lines), len(p.lines)}
	if emphTags[n.DataAtom] {
		l.emph++
	}
	if h := headingLevel(n.DataAtom); h > 0 {
		l.heading = append(l.heading, h)
	}
	return true
}

// leave closes an element entered before: it ends a block's line, hands a
// link's facts to its line and records the element's line range.
func (l *linearizer) leave(n *html.Node) {
	p := l.p
	if blockTags[n.DataAtom] || fieldBox(n) {
		l.flush()
	} else if spaceTags[n.DataAtom] && l.buf.Len() > 0 {
		l.buf.WriteByte(' ')
	}
	if n.DataAtom == atom.A {
		mails, tels, lis := linkFacts(n)
		if l.buf.Len() == 0 && len(p.lines) > p.rng[n][0] {
			// The link wrapped block content (<a><h4>Name</h4></a>): its
			// facts belong to the line it contained.
			last := &p.lines[len(p.lines)-1]
			last.emails = append(last.emails, mails...)
			last.phones = append(last.phones, tels...)
			last.linkedin = append(last.linkedin, lis...)
		} else {
			l.pendMail = append(l.pendMail, mails...)
			l.pendTel = append(l.pendTel, tels...)
			l.pendLI = append(l.pendLI, lis...)
		}
	}
	if emphTags[n.DataAtom] {
		l.emph--
	}
	if k := len(l.preOpen); k > 0 && l.preOpen[k-1] == n {
		l.preOpen = l.preOpen[:k-1]
	}
	if h := headingLevel(n.DataAtom); h > 0 && len(l.heading) > 0 {
		l.heading = l.heading[:len(l.heading)-1]
	}
	r := p.rng[n]
	r[1] = len(p.lines)
	p.rng[n] = r
	l.open = l.open[:len(l.open)-1]
	if len(l.open)-1 < l.pendMin {
		l.pendMin = len(l.open) - 1
	}
	if blockTags[n.DataAtom] && len(l.open) > 0 {
		l.block = nearestBlock(l.open)
	}
}

// fieldBox reports whether an inline element is a card's name or role
// field by its class ("name", "member-name", "position", "job-title",
// "role"): such fields are lines of their own, whatever their tag. The
// parts of a name ("first-name", "last-name") are not.
func fieldBox(n *html.Node) bool {
	if n.DataAtom != atom.Span && n.DataAtom != atom.A && n.DataAtom != atom.Strong && n.DataAtom != atom.B &&
		n.DataAtom != atom.Small && n.DataAtom != atom.Em && n.DataAtom != atom.I {
		return false
	}
	c := attr(n, "class")
	if c == "" {
		return false
	}
	for _, f := range strings.Fields(strings.ToLower(c)) {
		k := strings.LastIndexAny(f, "-_")
		last := f[k+1:]
		switch last {
		case "name", "position", "role", "jobtitle", "designation", "funktion", "function":
		case "title":
			if k < 0 {
				continue // a bare "title" also styles headings and links
			}
		default:
			continue
		}
		if strings.Contains(f, "first") || strings.Contains(f, "last") || strings.Contains(f, "given") ||
			strings.Contains(f, "family") || strings.Contains(f, "vorname") || strings.Contains(f, "nachname") ||
			strings.Contains(f, "company") || strings.Contains(f, "firm") || strings.Contains(f, "page") ||
			strings.Contains(f, "site") || strings.Contains(f, "product") || strings.Contains(f, "file") {
			continue
		}
		return true
	}
	return false
}

// nearestBlock returns the innermost open block element.
func nearestBlock(open []*html.Node) *html.Node {
	for i := len(open) - 1; i >= 0; i-- {
		if blockTags[open[i].DataAtom] {
			return open[i]
		}
	}
	return nil
}

func headingLevel(a atom.Atom) int {
	switch a {
	case atom.H1:
		return 1
	case atom.H2:
		return 2
	case atom.H3:
		return 3
	case atom.H4:
		return 4
	case atom.H5:
		return 5
	case atom.H6:
		return 6
	}
	return 0
}

// linkFacts reads the contact facts of one <a>: the address of a mailto
// link, the number of a tel: link, a LinkedIn profile, a Cloudflare-protected
// address.
func linkFacts(n *html.Node) (mails, tels, lis []string) {
	href := strings.TrimSpace(attr(n, "href"))
	low := strings.ToLower(href)
	switch {
	case strings.HasPrefix(low, "mailto:"):
		if e := parseMailto(href); e != "" {
			mails = append(mails, e)
		}
	case strings.HasPrefix(low, "tel:"), strings.HasPrefix(low, "callto:"):
		if t := phoneFromTel(href, nodeText(n, 200)); t != "" {
			tels = append(tels, t)
		}
	case strings.Contains(low, "/cdn-cgi/l/email-protection#"):
		if e := decodeCFEmail(href[strings.Index(low, "#")+1:]); e != "" {
			mails = append(mails, e)
		}
	default:
		if li := linkedInProfile(href); li != "" {
			lis = append(lis, li)
		}
	}
	return mails, tels, lis
}

// nodeText returns the visible text of a subtree, cut at limit bytes. It is
// iterative for the same reason as linearize.
func nodeText(n *html.Node, limit int) string {
	var b strings.Builder
	stack := []*html.Node{n}
	steps := 0
	for len(stack) > 0 && b.Len() < limit && steps < 10_000 {
		steps++
		c := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		switch c.Type {
		case html.TextNode:
			b.WriteString(c.Data)
		case html.ElementNode, html.DocumentNode:
			if c.Type == html.ElementNode && skipTags[c.DataAtom] {
				continue
			}
			if c.Type == html.ElementNode && (blockTags[c.DataAtom] || c.DataAtom == atom.Br) {
				b.WriteByte(' ')
			}
			for k := c.LastChild; k != nil; k = k.PrevSibling {
				stack = append(stack, k)
			}
		}
	}
	return cleanSpace(b.String())
}

// lineRange returns the lines an element spans.
func (p *page) lineRange(n *html.Node) (int, int, bool) {
	r, ok := p.rng[n]
	return r[0], r[1], ok
}

// wrappedName reports whether the text after a <br> in a heading goes on
// with the name before it: it starts with a lower-case name particle ("de",
// "van", "von"), or the card's photo or profile link spells the joined words
// ("katharina-blackmer.jpg" for "Katharina<br>Blackmer"). A role or a place
// after the <br> ("Anna Berg<br>Berlin") is spelled by no such attribute.
func wrappedName(br *html.Node, head string) bool {
	t := br.NextSibling
	if t == nil || t.Type != html.TextNode {
		return false
	}
	tail := strings.TrimSpace(t.Data)
	w, _, _ := strings.Cut(tail, " ")
	if w == "" || len(tail) > 40 {
		return false
	}
	if unicode.IsLower(firstRune(w)) {
		return particles[fold(w)]
	}
	if s := t.NextSibling; s != nil && s.Type == html.ElementNode && s.DataAtom == atom.Br {
		return false
	}
	words := nameWords(head + " " + tail)
	if len(words) < 2 || len(words) > 6 {
		return false
	}
	n := br.Parent
	for up := 0; n != nil && up < 5; up++ {
		if spelledInAttrs(n, words) {
			return true
		}
		n = n.Parent
	}
	return false
}

// endsInLetter reports whether the text, without trailing spaces, ends in a
// letter.
func endsInLetter(s string) bool {
	// Only the tail matters: a line buffer at its cap grows by spaces, and
	// trimming all of them for every inline element would be quadratic.
	if len(s) > 64 {
		s = s[len(s)-64:]
	}
	s = strings.TrimRight(s, " \t\n")
	return isLetterBefore(s, len(s))
}

// degreesOnly reports whether s is made of post-nominal letters only:
// known degrees ("B.A.", "MBA", "(Hons)") and capitalised abbreviations
// ("MCIAT", "RMaPS").
func degreesOnly(s string) bool {
	if hasRoleKeyword(s) {
		return false // "CEO", "CFO": the role, in small print
	}
	f := strings.Fields(strings.ReplaceAll(s, ",", " "))
	for _, w := range f {
		if isPostNominal(w) || parenTitles[fold(w)] {
			continue
		}
		if legalForms[fold(w)] || stopTokens[fold(w)] {
			return false // "AG", "USA": a company's or a place's
		}
		upper, lower := 0, 0
		for _, r := range w {
			switch {
			case unicode.IsUpper(r):
				upper++
			case unicode.IsLower(r):
				lower++
			case r != '.' && r != '(' && r != ')':
				return false
			}
		}
		if upper < 2 || upper+lower > 6 || lower > 1 {
			return false
		}
	}
	return len(f) > 0
}

// trailingRoleBox reports whether span n holds the role of the name before
// it: its parent holds only the name (a text, or a bold, emphasis or link
// element holding only text) and n, whose own text is a short role the
// vocabulary knows. A span inside running text or beside other boxes is
// left alone.
func trailingRoleBox(n *html.Node) bool {
	par := n.Parent
	if par == nil || n.FirstChild == nil {
		return false
	}
	var before *html.Node
	seen := false
	for c := par.FirstChild; c != nil; c = c.NextSibling {
		switch {
		case c == n:
			seen = true
		case c.Type == html.TextNode && strings.TrimSpace(c.Data) == "":
		case c.Type == html.TextNode && before == nil && !seen:
			before = c
		case c.Type == html.ElementNode && before == nil && !seen && textOnlyInline(c):
			// "<strong>MR. MAHESH J. MEVADA</strong><span>Director</span>"
			before = c
		default:
			return false
		}
	}
	if before == nil {
		return false
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.TextNode {
			return false
		}
	}
	// A one-word role must name a position ("CEO") or a German head
	// ("Vertriebsleiterin"): "Controller" also names products. The text
	// before it must be a name ("Meet the <span>Board</span>" is a styled
	// heading).
	t := strings.TrimSpace(nodeText(n, 80))
	if t == "" || wordCount(t) > 6 || !hasRoleKeyword(t) ||
		wordCount(t) == 1 && !positionRule(t) && !strings.Contains(fold(t), "leiter") {
		return false
	}
	_, ok := parseName(strings.TrimSpace(nodeText(before, 120)))
	return ok
}

// textOnlyInline reports whether n is a bold, emphasis or link element that
// holds only text.
func textOnlyInline(n *html.Node) bool {
	switch n.DataAtom {
	case atom.Strong, atom.B, atom.Em, atom.I, atom.A:
	default:
		return false
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.TextNode {
			return false
		}
	}
	return n.FirstChild != nil
}
