package people

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Cards that a page writes flat: an editor's blocks, each field its own
// paragraph ("<div>Name</div><div>M: …</div><div>T: …</div>"), and layout
// tables that give each field a row. cardRange widens a lone name line over
// them; cardRole asks boldLabel for the bold line over a run of them.

// cellCount is the number of cells of table row tr.
func cellCount(tr *html.Node) int {
	n := 0
	for c := tr.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && (c.DataAtom == atom.Td || c.DataAtom == atom.Th) {
			n++
		}
	}
	return n
}

// onlyLine reports whether element n holds line i and no other text.
func (x *extractor) onlyLine(n *html.Node, i int) bool {
	a, b, ok := x.p.lineRange(n)
	return ok && a == i && b == i+1
}

// rowsAfter extends the card of name line i, alone in table row tr and
// ending at line b, over the rows after tr that name no one, up to
// cardMaxLines, stopping at a heading or name-like row.
func (x *extractor) rowsAfter(tr *html.Node, i, b int) int {
	for s := tr.NextSibling; s != nil; s = s.NextSibling {
		if s.Type != html.ElementNode {
			continue
		}
		if s.DataAtom != atom.Tr || cellCount(s) != 1 {
			break
		}
		sa, e, ok := x.p.lineRange(s)
		if !ok {
			continue
		}
		if e-i > cardMaxLines || x.persons[e]-x.persons[sa] > 0 {
			break
		}
		for k := sa; k < e; k++ {
			if l := &x.p.lines[k]; l.heading > 0 || l.emph || len(x.lineItems[k]) > 0 || strings.Contains(l.text, ", ") && !contactField(l.text) {
				// A heading row starts the next group; a name-like row
				// or a role written beside a name may be the next card.
				return b
			}
		}
		b = e
	}
	return b
}

// flatContactsAfter extends the card of the lone name line i, ending at
// b, over the contact lines right after it ("E-Mail: …", "Tel. …", "M: …",
// "T: (+43/1) …"), up to the first empty, bold or other line.
func (x *extractor) flatContactsAfter(i, b int) int {
	lines := x.p.lines
	for k := b; k < len(lines) && k-i <= 4; k++ {
		l := &lines[k]
		if l.text == "" || x.personLine[k] || l.heading > 0 || l.emph || !x.contactLine(k) {
			break
		}
		b = k + 1
	}
	return b
}

// boldLabel returns the role a bold line over the card of name line i
// (which starts at line a) gives it, when only contact blocks of other
// names without a role of their own stand between: decided is true with the
// role, and true with "" when a bold group line that is no office stands
// there instead (the heading above is then not the card's). Headings are
// headingRole's. "<p><strong>Assistenz der Geschäftsführung</strong></p>
// <p>Name<br>M: …</p><p>Name2<br>M: …</p>": the bold line is each one's
// role.
func (x *extractor) boldLabel(i, a int) (role string, decided bool) {
	lines := x.p.lines
	for k := a; k < i; k++ {
		if lines[k].emph && lines[k].text != "" {
			// The card has a label of its own ("<strong>Verbindung zur
			// Hochschule</strong><br>Name"), whatever its words.
			return "", false
		}
	}
	for k := a - 1; k >= 0 && k >= a-16; k-- {
		l := &lines[k]
		switch {
		case l.heading > 0:
			return "", false
		case l.text == "" || x.contactLine(k) && !l.emph:
			continue
		case x.personLine[k] && !l.emph:
			if x.ownRoles(k) {
				return "", false
			}
			continue
		case l.emph && !x.personLine[k] && len(l.emails)+len(l.phones) == 0 && !strings.HasSuffix(l.text, ":"):
			// A label that ends in a colon ("Verantwortlich:") is the
			// imprint reader's. A department the role rules know
			// ("Sponsoring") is a role here too.
			t := trimPunct(l.text, true)
			if ok, kw := roleLike(l.text); ok && (kw || builtinRule(l.text) != "none") && !pageHeading.MatchString(l.text) {
				return t, true
			}
			// A bold group that is no office ("Staff", "Thank you to our
			// volunteers") ends the section above: its heading is not
			// these people's role. A place ("Wien") does not.
			return "", genericHeadings[strings.ReplaceAll(fold(t), " ", "-")] || looksLikeProse(t) || wordCount(t) > 3 && !hasRoleKeyword(t)
		default:
			return "", false
		}
	}
	return "", false
}

// contactLine reports whether line k holds only contact details: a contact
// field ("Tel. …", "E-Mail: …") or a short label with a number or address of
// its own ("T: (+43/1) 588 30", "M: name@…").
func (x *extractor) contactLine(k int) bool {
	l := &x.p.lines[k]
	if contactField(l.text) {
		return true
	}
	c := strings.IndexByte(l.text, ':')
	if c <= 0 || c > 12 || x.personLine[k] {
		return false
	}
	rest := strings.TrimSpace(l.text[c+1:])
	return len(l.emails)+len(l.phones) > 0 || rest != "" && strings.ContainsRune("+(0123456789", firstRune(rest)) && strings.Count(rest, " ") <= 6
}
