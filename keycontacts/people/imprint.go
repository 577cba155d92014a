package people

import (
	"regexp"
	"strings"
	"unicode"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// sectionWindow is how many lines after a bare label ("Geschäftsführung" as
// a heading) may hold its names; imprint blocks are short.
const sectionWindow = 14

// imprint finds people introduced by labels: the legal blocks of an
// Impressum ("Geschäftsführer: A, B", "Vertreten durch" + lines, "Inhaber:",
// "Verantwortlich für den Inhalt nach § 18 Abs. 2 MStV", the
// data-protection officer) and role words before names in running text.
func (x *extractor) imprint() {
	lines := x.p.lines
	for i := range lines {
		ln := &lines[i]
		if ln.text == "" {
			continue
		}
		hits := x.labels[i]
		x.roleColon(i, hits)
		if len(hits) == 0 {
			continue
		}
		cs := chains(ln.text, hits)
		var made []int
		for ci, c := range cs {
			lineStart := onlyConnectors(ln.text[:c.start])
			roles := append(append([]role(nil), specificRoles(c.roles)...), x.extraRoles[i]...)
			rest := stripLead(c.rest)
			if trimPunct(rest, false) == "" {
				// Only a label that stands alone (line start, heading, bold)
				// introduces the following lines; "Name, CEO" at the end of a
				// line does not.
				if ci == len(cs)-1 && (lineStart || ln.heading > 0 || ln.emph) && !x.roleOfPrevious(i) {
					if c.kind == lkProse && strings.HasSuffix(strings.TrimSpace(ln.text), ":") {
						// "Übungsleiter CVJM Breidenbach:" ends like a list
						// label: every name below is one of them.
						c.kind = lkRole
						roles = append([]role{{text: trimPunct(ln.text, true)}}, roles...)
					}
					x.section(i, c, roles)
				}
				continue
			}
			mode := modeStrict
			if (lineStart && c.kind != lkProse) || c.colon {
				mode = modeLabel
			}
			items := parseNameList(rest, mode)
			for _, it := range items {
				src, conf := labelConfidence(c.kind, mode, it.np)
				made = append(made, x.add(it, roles, src, conf, i))
			}
		}
		// A mailto link on a line that names exactly one person is theirs
		// ("Datenschutzbeauftragter: Max Muster, E-Mail").
		if len(made) == 1 {
			c := &x.cands[made[0]]
			c.emails = append(c.emails, ln.emails...)
			c.phones = append(c.phones, ln.phones...)
			c.linkedin = append(c.linkedin, ln.linkedin...)
		}
	}
}

// labelConfidence is the source and confidence of a name read after a
// label of kind k in mode: a legal label at the start of its line is
// strong, a role word before a name in running text weak.
func labelConfidence(k labelKind, mode listMode, np nameParts) (string, float64) {
	src, conf := SourceImprint, 0.9
	switch {
	case k == lkProse && mode == modeStrict:
		src, conf = SourceText, 0.55
		if np.knownGiven {
			conf += 0.1
		}
	case k == lkProse:
		conf = 0.8
	case mode == modeStrict:
		conf = 0.75
	}
	if np.allCaps && !np.knownGiven {
		conf -= 0.1
	}
	return src, conf
}

// sectionReader is the state of one section walk: the label's chain and
// roles, and the name lines read so far.
type sectionReader struct {
	x         *extractor
	c         labelChain
	roles     []role
	cur       []int // candidates of the last name line
	lastName  int   // the last name line, -1 before the first
	firstLine int
	labelAt   int  // the label's own line
	offices   bool // the section is a run of "<office>: <name>" lines
}

// single is the one candidate of the last name line, or -1.
func (s *sectionReader) single() int {
	if len(s.cur) == 1 {
		return s.cur[0]
	}
	return -1
}

// section reads the lines after a bare label: names one per line or as a
// list, each optionally followed by a role line, address and contact lines.
// It stops at the next heading or label.
func (x *extractor) section(i int, c labelChain, roles []role) {
	lines := x.p.lines
	s := &sectionReader{x: x, c: c, roles: roles, lastName: -1, firstLine: -1, labelAt: i}
	for j := i + 1; j < len(lines) && j <= i+sectionWindow; j++ {
		l := &lines[j]
		if l.text == "" {
			if k := s.single(); k >= 0 {
				x.attachContacts(k, l)
			}
			continue
		}
		if s.firstLine < 0 {
			s.firstLine = j
		}
		if s.officeLine(j) {
			// "Vertreten durch den Vorstand:" over "Vorsitzender: Arndt
			// Kutzke", "Kassier: …": each office line of the block is one
			// member, with the section's role beside their office.
			continue
		}
		if hits := x.labels[j]; len(hits) > 0 && onlyConnectors(l.text[:hits[0].start]) {
			if s.labelLine(j, hits) {
				continue
			}
			return
		}
		items := x.sectionItems(j)
		if len(items) > 0 && s.lastName >= 0 && c.kind == lkProse {
			return // a role word such as "Leiter Einkauf" names one person
		}
		if len(items) > 0 {
			if l.heading > 0 && (lines[i].heading == 0 || l.heading <= lines[i].heading) {
				return // a heading of the same or higher rank opens a new section
			}
			s.nameLine(j, items)
			continue
		}
		if !s.otherLine(j) {
			return
		}
	}
}

// officeLine reports whether line j of the section is an "<office>: <name>"
// line in the block of the section's label, and if so gives it the
// section's roles (read when the line's own office is).
func (s *sectionReader) officeLine(j int) bool {
	x, lines := s.x, s.x.p.lines
	l := &lines[j]
	k := strings.IndexByte(l.text, ':')
	if k <= 0 || k > 70 || s.lastName >= 0 || l.block != lines[s.labelAt].block || x.outside[j] {
		return false
	}
	pre := strings.TrimSpace(l.text[:k])
	if fieldName.MatchString(pre) || !startsWithName(strings.TrimSpace(l.text[k+1:])) {
		return false
	}
	if !s.offices && len(s.roles) == 0 {
		return false
	}
	s.offices = true
	x.extraRoles[j] = append(x.extraRoles[j], s.roles...)
	return true
}

// labelLine handles a label line j inside the section. A label right after
// a name, without a colon and not followed by a name, is that person's role
// ("Per Musfeld / Geschäftsführer / Telefon ..."): it reports true and the
// section goes on. Any other label ends the section.
func (s *sectionReader) labelLine(j int, hits []labelHit) bool {
	x, lines := s.x, s.x.p.lines
	l := &lines[j]
	cs := chains(l.text, hits)
	bare := trimPunct(stripLead(cs[0].rest), false) == ""
	if k := s.single(); k >= 0 && bare && s.lastName == j-1 && !strings.Contains(l.text, ":") &&
		!x.nextIsName(j) && len(cs) == 1 && sameRow(lines[s.lastName].node, l.node) {
		x.cands[k].roles = append(x.cands[k].roles, role{text: trimPunct(l.text, true), kind: cs[0].kind.personKind()})
		return true
	}
	// The person responsible for content is often "the company,
	// represented by its managing director": a representation label inside
	// the same block inherits the responsibility.
	if (s.c.kind == lkEditorial || s.c.kind == lkDPO) && l.block == lines[s.firstLine].block {
		for _, r := range s.roles {
			if r.kind != "" {
				x.extraRoles[j] = append(x.extraRoles[j], r)
			}
		}
	}
	return false
}

// sectionItems returns the names of line j of a section: the line's own
// name items, or a name that opens it ("Claudia Neumann, Leiterin
// Kommunikation, Am Sandtorkai 41"; "Norbert Banhalmi. Diese Website ...").
func (x *extractor) sectionItems(j int) []listItem {
	l := &x.p.lines[j]
	items := x.lineItems[j]
	if len(items) == 0 && len(l.text) <= 400 && startsWithName(l.text) {
		if looksLikeProse(l.text) {
			// "Norbert Banhalmi. Diese Website ist ...": only a name that is
			// a sentence of its own; "Adam Khamseh has over 16 years" is a
			// biography, not a new entry.
			if np, rest, ok := namePrefix(l.text, true); ok && (rest == "" || !unicode.IsLower(firstRune(rest))) {
				items = []listItem{{np: np}}
			}
		} else {
			items = parseNameList(l.text, modeLabel)
		}
	}
	return items
}

// nameLine adds the people of name line j with the section's roles.
func (s *sectionReader) nameLine(j int, items []listItem) {
	x := s.x
	conf := 0.85
	if j == s.firstLine {
		conf = 0.9
	}
	s.cur = s.cur[:0]
	for _, it := range items {
		if it.np.allCaps && !it.np.knownGiven {
			conf -= 0.1
		}
		s.cur = append(s.cur, x.add(it, s.roles, SourceImprint, conf, j))
	}
	if k := s.single(); k >= 0 {
		x.attachContacts(k, &x.p.lines[j])
	}
	s.lastName = j
}

// otherLine handles line j of a section that holds no name: contact lines
// go to the last person, a role line right under a name is its role;
// headings, new labels, the next entry's role and prose end the section
// (it reports false). Company names, addresses and other short lines are
// part of the block.
func (s *sectionReader) otherLine(j int) bool {
	x, lines := s.x, s.x.p.lines
	l := &lines[j]
	if l.heading > 0 {
		return false
	}
	if l.emph && len(l.text) < 80 && !isCompany(l.text) {
		return false // a new label such as "Kontakt" or "Registereintrag"
	}
	if len(l.emails)+len(l.phones)+len(l.linkedin) > 0 {
		if k := s.single(); k >= 0 {
			x.attachContacts(k, l)
		}
		return true
	}
	if s.lastName >= 0 && !profileField(l.text) {
		if ok, kw := roleLike(l.text); ok && kw {
			if k := s.single(); k >= 0 && s.lastName == j-1 && sameRow(lines[s.lastName].node, l.node) {
				x.cands[k].roles = append(x.cands[k].roles, role{text: trimPunct(l.text, true)})
				return true
			}
			return false // the role of the next entry (a table row, a card)
		}
	}
	return len(l.text) <= 200 && !looksLikeProse(l.text)
}

// roleColon reads "<role>: <name>" lines whose role is not one of the
// legal labels: "Company Secretary: Hannah Lloyd", "Ansprechpartnerin für
// Medienanfragen: Nicole Brunner, Leiterin Kommunikation". A bare "<role>:"
// line introduces the name on the next line.
func (x *extractor) roleColon(i int, hits []labelHit) {
	ln := &x.p.lines[i]
	k := strings.IndexByte(ln.text, ':')
	if k <= 0 || k > 70 {
		return
	}
	for _, h := range hits {
		if h.start < k {
			return // a legal label; chains handle it
		}
	}
	pre := strings.TrimSpace(ln.text[:k])
	if ok, kw := roleLike(pre); !ok || !kw {
		// In a run of "<office>: <name>" lines ("Schriftführer: Ina
		// Kluge", "Öffentlichkeitsarbeit: Thomas Helke", "Waffenmeister:
		// David Kutzke") an office no vocabulary knows is still the role
		// of the name after it.
		if !ok || !x.inRoleColonRun(i) || x.outside[i] || fieldName.MatchString(pre) {
			return
		}
	}
	roles := append([]role{{text: pre}}, x.extraRoles[i]...)
	rest := strings.TrimSpace(ln.text[k+1:])
	if rest == "" {
		if ln.emph || ln.heading > 0 || ln.text == pre+":" {
			x.section(i, labelChain{kind: lkProse, roles: roles}, roles)
		}
		return
	}
	if !startsWithName(rest) {
		return
	}
	items := parseNameList(rest, modeLabel)
	for _, it := range items {
		conf := 0.8
		if it.np.allCaps && !it.np.knownGiven {
			conf -= 0.1
		}
		ci := x.add(it, roles, SourceImprint, conf, i)
		if len(items) == 1 {
			x.attachContacts(ci, ln)
		}
	}
}

// roleOfPrevious reports whether a bare label line is the role of the name
// just above it ("Per Musfeld / Geschäftsführer", a card's subtitle) rather
// than the heading of what follows: plain text, no colon, after a name line.
func (x *extractor) roleOfPrevious(i int) bool {
	ln := &x.p.lines[i]
	if ln.heading > 0 || ln.emph || strings.Contains(ln.text, ":") {
		return false
	}
	for k := i - 1; k >= 0 && k >= i-2; k-- {
		if x.p.lines[k].text == "" {
			continue
		}
		return len(x.lineItems[k]) > 0
	}
	return false
}

// nextIsName reports whether the next non-empty line after j is a name line.
func (x *extractor) nextIsName(j int) bool {
	for k := j + 1; k < len(x.p.lines) && k <= j+3; k++ {
		if x.p.lines[k].text == "" {
			continue
		}
		return len(x.lineItems[k]) > 0
	}
	return false
}

// sameRow reports whether two elements are not cells of different table
// rows: the next row of a table holds the next entry, not the role of the
// name above it.
func sameRow(a, b *html.Node) bool {
	ra, rb := enclosing(a, atom.Tr), enclosing(b, atom.Tr)
	return ra == nil || rb == nil || ra == rb
}

// fieldName is the label of an address, register or credit field, which a
// run of office lines may contain but which names no office.
var fieldName = regexp.MustCompile(`(?i)^(?:tel|telefon|phone|fon|mobil|mobile|handy|fax|e-?mail|mail|web|www|internet|homepage|adresse|address|anschrift|sitz|registered office|register\w*|handelsregister|vereinsregister|amtsgericht|ust\w*|steuer\w*|vat|uid|iban|bic|bank\w*|konto|quelle|source|fotos?|bild\w*|photos?|credits?|design|webdesign|konzept\w*|gestaltung|umsetzung|realisierung|programmierung|hosting|copyright|stand|datum|date)\b`)

// inRoleColonRun reports whether line i is one of a run of "<office>:
// <name>" lines: the line before it in the same block is one whose name was
// read.
func (x *extractor) inRoleColonRun(i int) bool {
	lines := x.p.lines
	for j := i - 1; j >= 0 && j >= i-2; j-- {
		if lines[j].text == "" {
			continue
		}
		return x.personLine[j] && lines[j].block == lines[i].block && strings.Contains(lines[j].text, ":")
	}
	return false
}
