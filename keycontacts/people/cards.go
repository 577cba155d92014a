package people

import (
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Card limits: a person's block is the largest element around the name that
// names nobody else and stays small. Without the size limit a page that
// names one person would hand them every address of the page.
const (
	cardMaxLines = 20
	cardMaxChars = 4000
)

// cards finds people on team, management and contact pages: a line that is
// only a name (or "Name, Role"), with its role on the line after or before
// it inside the same card, or on the heading of the list it is in. The
// block around the name supplies e-mail, phone and LinkedIn.
func (x *extractor) cards() {
	x.roleLines()
	x.sums()
	x.nameLinks()
	x.underRole = x.namesUnder()
	lines := x.p.lines
	sigCount := make(map[string]int)
	sigs := make([]string, len(lines))
	for i := range lines {
		if len(x.lineItems[i]) > 0 {
			sigs[i] = x.signature(lines[i].node)
			sigCount[sigs[i]]++
		}
	}
	// First pass: the role and contact facts of every name line, and how
	// many entries of each repeated structure carry evidence of a person
	// other than the name's shape.
	infos := make([]cardInfo, len(lines))
	sigStrong := make(map[string]int)
	for i := range lines {
		if len(x.lineItems[i]) == 0 {
			continue
		}
		infos[i] = x.cardFacts(i)
		if infos[i].strong {
			sigStrong[sigs[i]]++
		}
	}
	for i := range lines {
		items := x.lineItems[i]
		if len(items) == 0 {
			continue
		}
		ci := infos[i]
		for _, it := range items {
			em, li, ph := ci.contactsOf(it, len(items))
			conf := x.cardConfidence(it, &ci, i, cardRepeat{sigCount[sigs[i]] - 1, sigStrong[sigs[i]]}, em, li, ph)
			src := SourceTeamCard
			if ci.inList {
				src = SourceList
			}
			var roles []role
			if ci.roleTxt != "" && len(it.roles) == 0 {
				roles = []role{{text: ci.roleTxt}}
			}
			ci2 := x.add(it, roles, src, conf, i)
			c := &x.cands[ci2]
			c.emails = append(c.emails, em...)
			c.phones = append(c.phones, ph...)
			c.linkedin = append(c.linkedin, li...)
		}
	}
}

// cardRepeat is how often a name line's element structure repeats on the
// page: others is the number of other name lines with it, strong the number
// of all its entries that show a person besides the name's shape.
type cardRepeat struct{ others, strong int }

// contactsOf returns the card's e-mail addresses, LinkedIn profiles and
// phones for one of the n names on its name line.
func (ci *cardInfo) contactsOf(it listItem, n int) (em, li, ph []string) {
	if n == 1 {
		return ci.emails, ci.linkedin, ci.phones
	}
	// Several names on one line share the block: only an address that
	// spells the name is safe to assign.
	for _, e := range ci.emails {
		if emailMatchesName(e, it.np) {
			em = append(em, e)
		}
	}
	return em, nil, nil
}

// cardConfidence weighs the evidence that the name it on card line i is a
// person: a name alone is weak evidence; role, contact, repetition and
// known names each add to it (see MinConfidence).
func (x *extractor) cardConfidence(it listItem, ci *cardInfo, i int, rep cardRepeat, em, li, ph []string) float64 {
	ln := &x.p.lines[i]
	conf := 0.25
	hasRole := ci.roleTxt != "" || len(it.roles) > 0 || it.np.profession != "" || ci.body
	switch {
	case hasRole && (ci.roleKW || it.np.profession != "" || ci.body):
		conf += 0.3
	case hasRole && len(it.roles) > 0:
		// "Name, Something" on one line.
		conf += 0.15
	}
	// A neighbour line that no role vocabulary knows is as likely a
	// product's or a place's description ("Abfüllanlage für Vials") as a
	// role: it adds nothing.
	if externalLink(ln.node, x.p.host) {
		// A name that links to another site is usually a reference (a
		// partner, a source, a social profile), not a colleague.
		conf -= 0.15
	}
	// A personal address or profile is good evidence; a phone is weak
	// (switchboard numbers sit in every footer).
	personal := len(li) > 0
	for _, e := range em {
		if !isGenericMailbox(e) {
			personal = true
		}
	}
	switch {
	case personal:
		conf += 0.15
	case len(ph) > 0:
		conf += 0.05
	}
	switch {
	case rep.others >= 2:
		conf += 0.2
	case rep.others == 1:
		conf += 0.1
	}
	conf += knownNameWeight(it.np)
	if ln.emph || ln.heading > 0 || nameClass(ln.node) {
		conf += 0.05
	}
	if ci.selfRef || ci.marked || it.np.title != "" || it.np.generation {
		// A bio that speaks of the person, a photo named after them or
		// team-member markup, an academic title or degree, or a generation
		// suffix: people have them, products and places do not.
		conf += 0.15
	}
	if it.np.allCaps && !it.np.knownGiven {
		conf -= 0.1
	}
	// The entries of one repeated structure are alike: when a third of
	// them show a person (a role, a title, initials, a personal address, a
	// bio that speaks of them), the rest are people too, whatever their
	// names. When none does, the structure is a list of companies, products
	// or places ("Roche Diagnostics", "Boehringer Ingelheim") unless the
	// entry has a real role or contact.
	switch {
	case rep.others >= 2 && rep.strong*3 >= rep.others+1 && rep.strong >= 2 && !serviceShaped(it.np):
		conf += 0.15
	case rep.others >= 1 && rep.strong == 0 && !(hasRole && ci.roleKW) && !personal:
		conf -= 0.25
	}
	return min(conf, 0.9)
}

// serviceShaped reports whether a name whose given name no list knows has
// an everyday English word for it ("Balloon Sinuplasty", "Sleep Apnea"):
// the entry of a list of services beside a list of people, whose markup
// alone must not make it one of them. Family names are everyday words
// often enough (Smith, Park, King) to be left out of the test.
func serviceShaped(np nameParts) bool {
	return !np.knownGiven && np.title == "" && anyCommonWord(nameWords(np.given))
}

// knownNameWeight is what a salutation or a known name adds to a card's
// confidence. Known names are one signal among several: the lists are broad
// but no list knows every name.
func knownNameWeight(np nameParts) float64 {
	switch {
	case np.salutation:
		return 0.2
	case np.knownGiven:
		return 0.1
	case np.knownFam:
		return 0.05
	}
	return 0
}

// roleLines finds the role lines that read like names ("Primary Care
// Provider", "Buyers Agent", "Front Desk"): a line right under a name, of
// lower rank than it, in an element whose other copies on the page hold
// roles ("Dentist", "Director and Founder"). It is a role, not a second
// person; the card's role reading takes it.
func (x *extractor) roleLines() {
	lines := x.p.lines
	// First the pairs of a name line and a lower-ranked name-like line
	// right under it, then, only for their elements, whether the page
	// writes roles in that element elsewhere.
	var pairs []int
	sigs := make(map[string]bool)
	prev := -1
	for j := range lines {
		if lines[j].text == "" {
			continue
		}
		p := prev
		prev = j
		items := x.lineItems[j]
		if p < 0 || len(items) == 0 || len(items) > 2 || len(x.lineItems[p]) == 0 ||
			len(items[0].roles) > 0 || items[0].np.title != "" || items[0].np.salutation ||
			len(lines[j].emails)+len(lines[j].phones) > 0 {
			continue
		}
		lp, lj := &lines[p], &lines[j]
		lower := lp.heading > 0 && (lj.heading == 0 || lj.heading > lp.heading) ||
			lp.heading == 0 && lj.heading == 0 && (lp.emph || nameClass(lp.node)) && !lj.emph
		if !lower {
			continue
		}
		sig := x.signature(lj.node)
		if sig == x.signature(lp.node) {
			continue
		}
		pairs = append(pairs, j)
		sigs[sig] = false
	}
	if len(pairs) == 0 {
		return
	}
	for j := range lines {
		if lines[j].text == "" || len(lines[j].text) > 100 {
			continue
		}
		sig := x.signature(lines[j].node)
		if seen, ok := sigs[sig]; !ok || seen {
			continue
		}
		// A role word settles it, also in a line the name check let
		// through ("Licensed Mental Health Counselor").
		if hasRoleKeyword(lines[j].text) {
			sigs[sig] = true
		}
	}
	for _, j := range pairs {
		if sigs[x.signature(lines[j].node)] {
			x.lineItems[j], x.personLine[j], x.roleLine[j] = nil, false, true
		}
	}
}

// cardInfo is what the card around a name line says about it.
type cardInfo struct {
	roleTxt                  string
	roleKW, inList           bool
	emails, phones, linkedin []string
	// strong: something besides the name's shape says this is a person.
	strong bool
	// selfRef: the card's text speaks of the person ("Dr. Cohn received
	// …", "Georgia has devoted herself …").
	selfRef bool
	// body: the name is listed in a governing body's section ("Board of
	// Trustees"), which gives it that office.
	body bool
	// marked: the card's markup shows a person (personCard): a photo
	// named after them, or a class that calls it a team member's.
	marked bool
}

// selfReference reports whether the card's other lines refer to the named
// person: the family name after a salutation or title ("Dr. Cohn", "Frau
// Weber", "Doctor Ramaswamy") or the given name as a word of the text. Bios
// speak of their person this way; product and company cards do not.
func (x *extractor) selfReference(np nameParts, i, a, b int) bool {
	fam, given := np.family, ""
	if g := strings.Fields(np.given); len(g) > 0 && len([]rune(g[0])) >= 3 && !isInitial(g[0]) {
		given = g[0]
	}
	if fam == "" {
		return false
	}
	for k := a; k < b && k < a+cardMaxLines; k++ {
		if k == i {
			continue
		}
		t := x.p.lines[k].text
		if given != "" && containsWord(t, given) {
			return true
		}
		for at := strings.Index(t, fam); at >= 0; {
			pre := strings.Fields(t[:at])
			whole := at+len(fam) >= len(t) || !isLetterAt(t, at+len(fam)) // "Dr. Cohnen" is not "Cohn"
			if len(pre) > 0 && whole {
				w := fold(strings.TrimSuffix(pre[len(pre)-1], "."))
				if salutations[w] || salutations[w+"."] || w == "dr" || w == "doctor" || w == "prof" || w == "professor" {
					return true
				}
			}
			next := strings.Index(t[at+len(fam):], fam)
			if next < 0 {
				break
			}
			at += len(fam) + next
		}
	}
	return false
}

// containsWord reports whether w occurs in s as a whole word.
func containsWord(s, w string) bool {
	for from := 0; from < len(s); {
		k := strings.Index(s[from:], w)
		if k < 0 {
			return false
		}
		k += from
		before, after := k == 0 || !isLetterBefore(s, k), k+len(w) >= len(s) || !isLetterAt(s, k+len(w))
		if before && after {
			return true
		}
		from = k + len(w)
	}
	return false
}

func isLetterBefore(s string, k int) bool {
	r, _ := utf8.DecodeLastRuneInString(s[:k])
	return unicode.IsLetter(r)
}

func isLetterAt(s string, k int) bool {
	r, _ := utf8.DecodeRuneInString(s[k:])
	return unicode.IsLetter(r)
}

// cardFacts reads the card of name line i: its role (on the name line, the
// line after or before it, the label of its list or a department heading)
// and the contact facts of the block.
func (x *extractor) cardFacts(i int) cardInfo {
	lines := x.p.lines
	items := x.lineItems[i]
	ln := &lines[i]
	cont, a, b := x.cardRange(i)
	var ci cardInfo
	fromList := false
	switch {
	case x.leadLine[i]:
		// "<strong>Trésorerie :</strong> A, B" repeated: the bold label
		// is the role of every name after it, whatever its words.
		ci.roleKW = true
	case len(items) == 1 && len(items[0].roles) > 0:
		// "Joshua McKenty, CEO": the role is on the name line.
		ci.roleKW = hasRoleKeyword(strings.Join(items[0].roles, " "))
	case len(items) > 1 && len(items[len(items)-1].roles) > 0:
		// "A, B, CEO": the role is only B's; no neighbour line applies.
	default:
		if r := x.fieldRole(i, b); r != "" {
			// "<h4>Tätigkeit:</h4><p>Stuhlassistenz</p>": the card labels
			// the line as the role, whatever its words.
			ci.roleTxt, ci.roleKW = r, true
			break
		}
		var weak bool
		ci.roleTxt, fromList, weak = x.cardRole(i, cont, a, b)
		if r := x.underRole[i]; r != "" && (ci.roleTxt == "" || weak && ci.roleTxt == r) {
			// "<h3>Board Members</h3><p>A</p><p>B</p>": the heading
			// over a list of bare names is each one's role.
			ci.roleTxt, weak = r, false
		}
		if !weak || x.officeOver(i, ci.roleTxt) {
			_, ci.roleKW = roleLike(ci.roleTxt)
		}
	}
	ci.inList = fromList || hasAncestor(ln.node, cont, atom.Li, atom.Dd)
	for k := a; k < b; k++ {
		ci.emails = append(ci.emails, lines[k].emails...)
		ci.linkedin = append(ci.linkedin, lines[k].linkedin...)
	}
	// Phones after the name first: the number above a name in a listing
	// usually belongs to the card before.
	for k := i; k < b; k++ {
		ci.phones = append(ci.phones, lines[k].phones...)
	}
	for k := a; k < i; k++ {
		ci.phones = append(ci.phones, lines[k].phones...)
	}
	ci.body = x.bodyMember(i)
	ci.strong = ci.roleKW && ci.roleTxt != "" || len(ci.linkedin) > 0 || ci.body || strongItems(items)
	if len(items) == 1 && x.selfReference(items[0].np, i, a, b) {
		ci.selfRef, ci.strong = true, true
	}
	if len(items) == 1 && cont != nil && x.persons[b]-x.persons[a] <= 1 && x.personCard(i, cont, items[0].np) {
		ci.marked, ci.strong = true, true
	}
	if len(items) == 1 && x.profileLinked[i] {
		// "<a href="/chi-siamo/bio/gaia-nina-marano">Gaia Nina Marano</a>"
		// among other such links: the name has a profile page.
		ci.marked, ci.strong = true, true
	}
	if nameMarkup(ln.node) {
		// "<p class="kontakt-name">", "<h3 class="team-member-name">": the
		// markup says the line holds people's names.
		ci.marked, ci.strong = true, true
	}
	if len(items) == 1 && x.nameColumnCell(ln.node) {
		// "<th>Position</th><th>Name</th>": the table says the cell is a
		// person's name, whatever the name.
		ci.marked, ci.strong = true, true
	}
	for _, e := range ci.emails {
		if !isGenericMailbox(e) {
			ci.strong = true
		}
	}
	return ci
}

// cardRange returns the card of name line i: its element and line range,
// widened where the card's text is not inside one element.
func (x *extractor) cardRange(i int) (*html.Node, int, int) {
	lines := x.p.lines
	ln := &lines[i]
	cont, a, b := x.container(i)
	if ln.heading > 0 && b <= i+1 && a == i {
		// A name heading with its text beside it rather than inside a card
		// element (<h3>Name</h3><p>Role …</p><h3>Next</h3>): its section
		// runs to the next heading or name. A heading that ends a card of
		// its own (<div><p>Role</p><h4>Name</h4></div>) has its text in it.
		for b = i + 1; b < len(lines) && b-i <= cardMaxLines; b++ {
			if l := &lines[b]; (l.heading > 0 && l.heading <= ln.heading) || x.personLine[b] {
				break
			}
		}
	}
	if ln.heading == 0 && a == i && b <= i+1 && x.flatRoleAfter(i) {
		b = i + 2
	}
	if ln.heading == 0 && a == i && b <= i+1 {
		// "<div>Name</div><div>M: name@…</div><div>T: …</div>": an
		// editor's flat blocks; the contact lines right after are the card.
		b = x.flatContactsAfter(i, b)
	}
	if tr := enclosing(ln.node, atom.Tr); tr != nil && b <= i+1 && x.onlyLine(tr, i) && cellCount(tr) == 1 {
		// "<tr><td>Name</td></tr><tr><td>Phone …</td></tr><tr><td>Email
		// …</td></tr>": a one-column layout table gives each field a row; the rows up
		// to the next name are the card.
		b = x.rowsAfter(tr, i, b)
	}
	if dt := enclosing(ln.node, atom.Dt); dt != nil && b <= i+1 {
		// "<dt>Name</dt><dd>Role</dd>": the term's descriptions are its card.
		for s := dt.NextSibling; s != nil; s = s.NextSibling {
			if s.Type != html.ElementNode {
				continue
			}
			if s.DataAtom != atom.Dd {
				break
			}
			if _, e, ok := x.p.lineRange(s); ok && e > b && e-i <= cardMaxLines {
				b = e
			}
		}
	}
	return cont, a, b
}

// flatRoleAfter reports whether, in a flat page, the paragraph after the
// lone name paragraph i is its role ("<p>Ryan Irani</p><p>Principal
// Physiotherapist and Director</p>"). A known name part is needed: feature
// lists ("Absolute Termintreue" / "Planung, Ausführung und Betreuung") look
// alike.
func (x *extractor) flatRoleAfter(i int) bool {
	lines := x.p.lines
	if i+1 >= len(lines) || x.personLine[i+1] || lines[i+1].heading != 0 {
		return false
	}
	ln, next := &lines[i], &lines[i+1]
	if ln.node == nil || next.node == nil || ln.node.Parent != next.node.Parent {
		return false
	}
	np := x.lineItems[i]
	_, kw := roleLike(next.text)
	return kw && len(np) == 1 && (np[0].np.knownGiven || np[0].np.knownFam || np[0].np.title != "" || np[0].np.salutation)
}

// cardRole finds the role of name line i in its card [a, b) inside element
// cont, when the name line holds none: the table row's other cell, the line
// after or before the name, the prose after it, the label of its list
// (fromList) or a department heading over the cards (weak: it never counts
// as a role keyword).
func (x *extractor) cardRole(i int, cont *html.Node, a, b int) (roleTxt string, fromList, weak bool) {
	lines := x.p.lines
	ln := &lines[i]
	if r, ok := x.rowRole(i); ok {
		// "<tr><td>Treasurer</td><td>Name</td></tr>": the row's other
		// cell; an empty one continues the role of the rows above.
		return r, false, false
	}
	j := x.neighbour(i, a, b, +1)
	if j >= 0 && contactField(lines[j].text) {
		// "<h3>Name</h3><p>Email: …</p><p>Paula is the firm's office
		// administrator.</p>": the contact line, then the bio.
		if j2 := x.neighbour(j, a, b, +1); j2 >= 0 && !x.personLine[j2] && !contactField(lines[j2].text) {
			j = j2
		}
	}
	if j >= 0 && credentials(strings.ReplaceAll(lines[j].text, ",", " ")) {
		// "<h2>Dr Andrew Heaton</h2><h4>BSc, PhD<br>Vice-President, Drug
		// Discovery</h4>": the degrees, then the position.
		if j2 := x.neighbour(j, a, b, +1); j2 >= 0 && x.roleNear(i, j2) {
			j = j2
		}
	}
	if j >= 0 {
		if r := x.segmentRole(j); r != "" {
			// "<span>CEO at H3Systems</span><span>President</span>"
			return r, false, false
		}
	}
	if j >= 0 && x.roleNear(i, j) {
		roleTxt = labelRoleText(lines[j].text)
		_, kw := roleLike(roleTxt)
		if joined, ok := x.brokenRole(j); ok {
			roleTxt, kw = joined, true
		}
		if !kw && (!x.roleLine[j] || orgNameLine(roleTxt)) && employerLine(roleTxt) {
			// "<h2>Wissenschaftlicher Beirat</h2> … <h3>Name</h3><p>JGU
			// Mainz</p>": a line no role vocabulary knows (a place, an
			// employer) gives way to the office of the section heading.
			if h := x.headingRole(i); h >= 0 && (ln.heading == 0 || lines[h].heading <= ln.heading) {
				return trimPunct(lines[h].text, true), false, false
			}
		}
		if !kw {
			// "Dipl.-Ing. (FH) Vermessung / Geschäftsführer": a
			// qualification line, then the position.
			if j2 := x.neighbour(j, a, b, +1); j2 >= 0 && x.roleNear(i, j2) && !lines[j2].emph {
				if _, kw2 := roleLike(lines[j2].text); kw2 {
					roleTxt += "; " + labelRoleText(lines[j2].text)
				}
			}
		}
		return roleTxt, false, false
	} else if j >= 0 {
		if r := x.roleNearProse(i, j); r != "" {
			// "<h3>Name</h3><p>Chief Financial Officer since 2019. …</p>"
			return r, false, false
		}
	}
	if j := x.neighbour(i, a, b, -1); j >= 0 && x.roleNear(i, j) {
		return labelRoleText(lines[j].text), false, false
	}
	if j := x.listLabel(ln.node, cont); j >= 0 {
		return trimPunct(lines[j].text, true), true, false
	}
	if r, decided := x.boldLabel(i, a); decided {
		return r, false, false
	}
	if j := x.headingRole(i); j >= 0 && (ln.heading == 0 || lines[j].heading <= ln.heading) {
		// A department heading over the cards ("Vertrieb"), or a section
		// label between name headings of its own level ("<h3>Board
		// Members</h3><h3>Name</h3>"): a role, but a weak one. The walk
		// starts at the name, not at the card: a section with one person
		// ("<h3>Service</h3><div><h3>Name</h3>…") is that person's card,
		// and its heading is theirs, not the section's above.
		return trimPunct(lines[j].text, true), false, true
	}
	return "", false, false
}

// strongItems reports whether a name of the line shows a person besides its
// shape. Name lists are broad ("Nova", "Aqua" are given names somewhere):
// knowing a name is no strong evidence, a title, salutation, initials, a
// generation suffix or a real role is.
func strongItems(items []listItem) bool {
	for _, it := range items {
		if it.np.initials || it.np.salutation || it.np.profession != "" ||
			it.np.title != "" || it.np.generation || len(it.roles) > 0 && hasRoleKeyword(strings.Join(it.roles, " ")) {
			return true
		}
	}
	return false
}

// rowRole returns the role a table row gives the name in one of its
// cells: the text of the row's first other cell when it is a role, or,
// when that cell is empty, the same column's text in the nearest row
// above (a role written once for several holders). ok is false when the
// name is not in a table cell or the row has no role cell.
func (x *extractor) rowRole(i int) (string, bool) {
	cell := enclosing(x.p.lines[i].node, atom.Td)
	if cell == nil || cell.Parent == nil || cell.Parent.DataAtom != atom.Tr {
		return "", false
	}
	// The other cell is the row's first one, or its second when the name
	// is first; the cell's column is known once per row (cellCol), so a
	// row of thousands of cells is not walked for each of them.
	if r, ok := x.officeCell(cell); ok {
		return r, true
	}
	self, col := x.cellCol(cell), 0
	if self == 0 {
		col = 1
	}
	other := nthCell(cell.Parent, col)
	if self == 0 {
		// "<td rowspan=10>Beisitzer:</td>" in a row above spans this
		// row's first column: the names of the rows it covers start
		// their rows.
		for row, d := prevElement(cell.Parent), 1; row != nil && d < 30; row, d = prevElement(row), d+1 {
			c := nthCell(row, 0)
			if row.DataAtom != atom.Tr || c == nil {
				break
			}
			if span, err := strconv.Atoi(strings.TrimSpace(attr(c, "rowspan"))); err == nil && span > d {
				if r := cellRole(nodeText(c, 200)); r != "" {
					return r, true
				}
				break
			}
		}
	}
	if other == nil {
		return "", false
	}
	if _, ok := termOf(nodeText(other, 40)); ok {
		// "<tr><th colspan=2>TREASURER</th></tr><tr><td>1996-2013</td>
		// <td>Name</td></tr>": an office's holders by term; the office
		// heads the table.
		if r, ok := captionRole(enclosing(cell.Parent, atom.Table)); ok {
			return r, true
		}
	}
	for row, steps := cell.Parent, 0; row != nil && steps < 30; row, steps = prevElement(row), steps+1 {
		if row.DataAtom != atom.Tr {
			return "", false
		}
		c := nthCell(row, col)
		if c == nil {
			return "", false
		}
		t := trimPunct(nodeText(c, 200), true)
		if t == "" {
			// Only a label column left of the names is written once for
			// several rows ("Committee | A", " | B"); an empty cell right
			// of a name is just no role.
			if col > self {
				return "", false
			}
			continue
		}
		if a, b, ok := x.p.lineRange(c); ok && x.persons[b]-x.persons[a] > 0 {
			return "", false
		}
		if r := cellRole(t); r != "" {
			return r, true
		}
		return "", false
	}
	return "", false
}

// captionRole returns the role a table's caption or its first row names in
// one cell across the table ("<caption>Treasurer</caption>", "<tr><th
// colspan=2>PRESIDENT</th></tr>").
func captionRole(table *html.Node) (string, bool) {
	if table == nil {
		return "", false
	}
	for c := table.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && c.DataAtom == atom.Caption {
			if r := cellRole(nodeText(c, 200)); r != "" {
				return r, true
			}
		}
	}
	row := firstRow(table)
	if row == nil || nthCell(row, 1) != nil {
		return "", false
	}
	c := nthCell(row, 0)
	if c == nil || c.DataAtom != atom.Th && attr(c, "colspan") == "" {
		return "", false
	}
	if r := cellRole(nodeText(c, 200)); r != "" {
		return r, true
	}
	return "", false
}

// ordinalLead is a rank before an office: "1.Vorstand", "2. Vorsitzende".
var ordinalLead = regexp.MustCompile(`^\d{1,2}\.\s*`)

// cellRole returns a table cell's text when it is a role ("Treasurer",
// "1.Vorstand:"), else "".
func cellRole(s string) string {
	t := trimPunct(s, true)
	if t == "" || wordCount(t) > 8 {
		return ""
	}
	// "2. Vorsitzender (Verein)": the qualifier in brackets says where the
	// office is held, and "Verein" alone would read as a firm's name.
	core := strings.TrimSpace(trailingParen.ReplaceAllString(t, ""))
	if core == "" || formerParen.MatchString(t) {
		// "1. Vorsitzender (bis 2020)" was the office.
		core = t
	}
	if ok, kw := roleLike(ordinalLead.ReplaceAllString(core, "")); !ok || !kw {
		return ""
	}
	if _, name := parseName(t); name {
		return ""
	}
	return t
}

// prevElement returns the previous sibling element of n, or nil.
func prevElement(n *html.Node) *html.Node {
	for c := n.PrevSibling; c != nil; c = c.PrevSibling {
		if c.Type == html.ElementNode {
			return c
		}
	}
	return nil
}

// nthCell returns the k-th cell (td or th) of a table row, or nil.
func nthCell(tr *html.Node, k int) *html.Node {
	for c := tr.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && (c.DataAtom == atom.Td || c.DataAtom == atom.Th) {
			if k == 0 {
				return c
			}
			k--
		}
	}
	return nil
}

// bodyMember reports whether name line i lists a member of the governing
// body whose section it is in: a name set apart as a heading, in bold or
// by its class, or an entry of a list or table of names. A name-like line
// in prose, a footer or a list of topics is not vouched for by the
// heading above it.
func (x *extractor) bodyMember(i int) bool {
	ln := &x.p.lines[i]
	if x.body[i] == "" || x.outside[i] || inFooter(ln.node) {
		return false
	}
	if enclosing(ln.node, atom.Dt) != nil {
		// A definition list's term is the label of the names in its
		// <dd>s ("Argentina", "Kassier"), not a member.
		return false
	}
	if ln.heading > 0 || ln.emph || nameClass(ln.node) {
		return true
	}
	var list *html.Node
	for c := ln.node; c != nil && c.Type == html.ElementNode; c = c.Parent {
		if c.DataAtom == atom.Ul || c.DataAtom == atom.Ol || c.DataAtom == atom.Table || c.DataAtom == atom.Dl {
			list = c
			break
		}
	}
	if list == nil {
		return false
	}
	a, b, ok := x.p.lineRange(list)
	if !ok {
		return false
	}
	lines := 0
	for k := a; k < b; k++ {
		if x.p.lines[k].text != "" {
			lines++
		}
	}
	names := x.persons[b] - x.persons[a]
	return names >= 2 && names*3 >= lines*2
}

// inFooter reports whether n is inside the page's footer (a <footer>
// element or a block whose class or id says footer), where a section's
// heading no longer reaches.
func inFooter(n *html.Node) bool {
	for c := n; c != nil && c.Type == html.ElementNode; c = c.Parent {
		if c.DataAtom == atom.Footer {
			return true
		}
		if c.DataAtom == atom.Body {
			break
		}
		if strings.Contains(strings.ToLower(attr(c, "class")+" "+attr(c, "id")), "footer") {
			return true
		}
	}
	return false
}

// roleNearProse returns the role that opens the prose line j after a name
// line i: its first clause, when that is a role ("Chief Financial Officer
// since 2019.", "Geschäftsführer seit 2010, verantwortlich für …"), or "".
func (x *extractor) roleNearProse(i, j int) string {
	li, lj := &x.p.lines[i], &x.p.lines[j]
	if x.personLine[j] || lj.heading > 0 || len(lj.text) < 12 {
		return ""
	}
	if !(li.heading > 0 || li.emph || nameClass(li.node)) {
		return ""
	}
	clause := firstClause(lj.text)
	if clause == lj.text && wordCount(clause) <= 10 {
		// A short whole line is roleNear's business.
		return ""
	}
	if clause != "" {
		if ok, kw := roleLike(clause); ok && kw {
			return clause
		}
	}
	return x.bioRole(i, lj.text)
}

// bioSentence is a biography's first sentence naming the person's position:
// "Mel qualified as a counsellor", "She is our Managing Director", "Dr.
// Hahn serves as Chief Medical Officer", "Anna ist unsere Buchhalterin".
var bioSentence = regexp.MustCompile(`^(\S+(?:\s+\S+){0,2}?)\s+(?:is|was appointed|serves as|works as|acts as|joined (?:us |the (?:team|firm|company|practice) )?as|holds the position of|qualified as|ist|arbeitet als|ist als|wirkt als)\s+(?:a|an|the|our|unser|unsere|unserer|die|der|das)?\s*(?:(?:firm|company|practice|office|team)(?:'s|’s)\s+)?([^.,;:()]{3,80})`)

// bioFirstPerson is a first-person bio's opening: "I'm Claire Novotny,
// Executive Director of the .NET Foundation", "Ich bin Anna Huber, Ihre
// Ansprechpartnerin für …".
var bioFirstPerson = regexp.MustCompile(`^(?:I'm|I’m|I am|Ich bin)\s+(\S+(?:\s+\S+){0,3}?),\s+(?:a|an|the|your|our|Ihre?|unsere?|die|der)?\s*([^.,;:()]{3,80})`)

// formerOffice matches an office the sentence says the person held before.
var formerOffice = regexp.MustCompile(`(?i)^(?:former|ex-|retired|previous|then\b|ehemalig)`)

// bioRoleEnd cuts the role phrase of a bio sentence where its object or
// time begins ("Managing Director of Example Ltd since 2019").
var bioRoleEnd = regexp.MustCompile(`(?i)\s+(?:of|at|for|with|since|and|who|that|which|working|works|based|specialising|specializing|focusing|helping|in|from|turned|bei|seit|und|der|des|im|für|mit|tätig)\b.*$`)

// bioRole reads the position from the first sentence of the prose after
// name line i when the sentence speaks of the person (their given or family
// name, or a pronoun, opens it) and the position is a role word.
func (x *extractor) bioRole(i int, prose string) string {
	items := x.lineItems[i]
	if len(items) != 1 {
		return ""
	}
	m := bioSentence.FindStringSubmatch(prose)
	if m == nil {
		m = bioFirstPerson.FindStringSubmatch(prose)
	}
	if m == nil {
		return ""
	}
	subj := fold(strings.TrimSuffix(m[1], ","))
	np := items[0].np
	ok := false
	switch subj {
	case "he", "she", "they", "er", "sie":
		ok = true
	default:
		for _, w := range strings.Fields(np.given + " " + np.family) {
			if strings.Contains(subj, fold(w)) {
				ok = true
			}
		}
	}
	if !ok {
		return ""
	}
	return sentenceOffice(m[2])
}

// sentenceOffice reads the office in the rest of a bio sentence after its
// verb ("Managing Director of Example Ltd since 2019" → "Managing
// Director"), or "" when it names none.
func sentenceOffice(rest string) string {
	r := strings.TrimSpace(bioRoleEnd.ReplaceAllString(rest, ""))
	if r == "" || wordCount(r) > 6 || formerOffice.MatchString(r) {
		// "a former Sales Director turned yoga teacher": no office now.
		return ""
	}
	if ok, kw := roleLike(r); ok && kw {
		return r
	}
	return ""
}

// firstClause cuts a prose line at its first sentence or clause end, and
// drops a trailing time phrase ("since 2019", "seit 2010").
func firstClause(s string) string {
	end := len(s)
	for _, sep := range []string{". ", "; ", ", ", " – ", " — ", " - ", " (", ":"} {
		if k := strings.Index(s, sep); k > 0 && k < end {
			end = k
		}
	}
	c := strings.TrimSpace(strings.TrimSuffix(s[:end], "."))
	c = timePhrase.ReplaceAllString(c, "")
	if wordCount(c) > 10 {
		return ""
	}
	return strings.TrimSpace(c)
}

// timePhrase is a trailing "since 2019", "seit 2010", "from 2015".
var timePhrase = regexp.MustCompile(`(?i)\s+(?:since|seit|from|ab|von)\s+(?:(?:19|20)\d\d|\w+\s+(?:19|20)\d\d)\s*$`)

// container climbs from the line's element to the largest ancestor that
// names no other person and stays small; it returns the element and its
// line range.
func (x *extractor) container(i int) (*html.Node, int, int) {
	n := x.p.lines[i].node
	a, b, ok := x.p.lineRange(n)
	if !ok || n == nil || b-a > cardMaxLines {
		// The line's own element is no card when it holds many lines (a
		// heading or paragraph cut by thousands of <br>s): the line alone.
		return n, i, i + 1
	}
	for steps := 0; steps < 32; steps++ {
		par := n.Parent
		if par == nil || par.Type != html.ElementNode || par.DataAtom == atom.Body || par.DataAtom == atom.Html {
			break
		}
		pa, pb, ok := x.p.lineRange(par)
		if !ok || pb-pa > cardMaxLines || x.chars[pb]-x.chars[pa] > cardMaxChars ||
			x.persons[pb]-x.persons[pa] > 1 {
			break
		}
		n, a, b = par, pa, pb
	}
	return n, a, b
}

// neighbour returns the next (dir=+1) or previous (dir=-1) non-empty line
// inside [a,b), or -1.
func (x *extractor) neighbour(i, a, b, dir int) int {
	for j := i + dir; j >= a && j < b; j += dir {
		if t := x.p.lines[j].text; t != "" && !actionLine(t) {
			return j
		}
	}
	return -1
}

// actionText are a card's link and button texts, which say what to do, not
// who the person is: "View Profile →" or "Email Jess" under a name is no
// role, and the line after it may be.
var actionText = regexp.MustCompile(`(?i)^(?:view (?:full )?profile|read (?:more|bio|full bio)|full bio|bio|learn more|more info|mehr erfahren|weiterlesen|profil ansehen|zum profil|connect on linkedin|linkedin|e-?mail|(?:e-?mail|call|message) \p{L}+(?: \p{L}+)?(?: on linkedin)?)$`)

// actionLine reports whether a line is a card's link or button text
// (actionText), arrows and punctuation aside.
func actionLine(s string) bool {
	if len(s) > 48 {
		return false
	}
	t := strings.Trim(s, " →»›>….:|-")
	if !actionText.MatchString(t) {
		return false
	}
	// "Email Jess" is a link; "Email Marketing" is a department.
	_, rest, _ := strings.Cut(t, " ")
	return rest == "" || !hasRoleKeyword(rest)
}

// employerLine reports whether a line under a name names where the person
// works rather than what they do: an institution ("Herzog August
// Bibliothek") or an acronym with its place ("JGU Mainz", "TU
// Braunschweig"), and no role the classifier knows.
func employerLine(s string) bool {
	if builtinRule(s) != "none" {
		return false
	}
	if orgNameLine(s) {
		return !officeOfLocalBody(s)
	}
	w, _, _ := strings.Cut(strings.TrimSpace(s), " ")
	return utf8.RuneCountInString(w) >= 2 && isUpperWord(w) && !isTitleTok(w)
}

// profileField reports whether s is a "<Key>: <value>" line whose key is
// not a role field ("Funktion:", "Position:"): a profile's facts (Major,
// Year, Hobbies, Standort) are no role.
func profileField(s string) bool {
	k := strings.IndexByte(s, ':')
	if k <= 0 || k > 24 || k == len(s)-1 || fieldLabel.MatchString(s) {
		return false
	}
	key := strings.TrimSpace(s[:k])
	if !unicode.IsUpper(firstRune(key)) || strings.Count(key, " ") > 2 {
		return false
	}
	if ok, kw := roleLike(key); ok && kw {
		return false // "Vorsitzender: …", "Head of Sales: …"
	}
	return true
}

// fieldRole is the role a card below name line i gives in a labelled
// field ("Funktion: Kassier", or "Tätigkeit:" with the value on the next
// line), up to the card's end b; "" when there is none.
func (x *extractor) fieldRole(i, b int) string {
	lines := x.p.lines
	for k := i + 1; k < b && k < len(lines); k++ {
		t := lines[k].text
		if t == "" || x.personLine[k] || strings.IndexByte(t, ':') < 0 {
			continue
		}
		loc := fieldLabel.FindStringIndex(t)
		if loc == nil {
			continue
		}
		if v := trimPunct(strings.TrimSpace(t[loc[1]:]), true); v != "" {
			if len(v) <= 80 {
				return v
			}
			continue
		}
		if n := x.neighbour(k, k, b, +1); n >= 0 && !x.personLine[n] && len(lines[n].emails) == 0 &&
			len(lines[n].phones) == 0 && len(lines[n].text) <= 80 {
			return trimPunct(lines[n].text, true)
		}
	}
	return ""
}

// roleNear reports whether line j can be the role of the name on line i:
// role-like, naming nobody, and not a section heading above the card.
func (x *extractor) roleNear(i, j int) bool {
	li, lj := &x.p.lines[i], &x.p.lines[j]
	if x.roleLine[j] {
		return true
	}
	if j > i && profileField(lj.text) {
		// "Major: Biomedical Engineering", "Year: 3rd Year": a fact of a
		// profile, not the person's role.
		return false
	}
	if x.personLine[j] || len(lj.emails) > 0 || len(lj.phones) > 0 {
		return false
	}
	ok, kw := roleLike(lj.text)
	if lj.heading > 0 && (li.heading == 0 || lj.heading <= li.heading) && !(j < i && x.cardHeading(j, i)) &&
		!(j == i+1 && li.heading == 0 && kw && len(lj.text) <= 80) && !(kw && (sameHeading(li.node, lj.node) || sameHeading(lj.node, li.node)) && (builtinRule(lj.text) != "none" || !officePlace.MatchString(lj.text))) {
		// A heading is the next section's, unless it follows a plain name
		// line of the same card and names a role ("<a>Isaac Donnelly</a>
		// <h3>Managing director and co-founder</h3>"), or is the name's own
		// heading's second line ("<h3><a>Name</a><br>Technical Director</h3>").
		return false
	}
	// A bold line after a plain name is the next label (<dt>Sitz</dt>)
	// unless it names a role.
	if j > i && lj.emph && !li.emph && !kw {
		return false
	}
	// Two items of one list are peers, not a name and its role, unless the
	// list is one person's card ("<ul class="officer"><li>Treasurer</li>
	// <li>David Seidensticker</li><li>phone</li></ul>"): one name in it, and
	// the other item names a role; links make it a menu.
	if ia, ja := enclosing(li.node, atom.Li), enclosing(lj.node, atom.Li); ia != nil && ja != nil && ia != ja &&
		!(kw && ia.Parent == ja.Parent && enclosing(lj.node, atom.A) == nil && enclosing(li.node, atom.A) == nil &&
			x.oneNameList(ia.Parent)) {
		return false
	}
	return ok
}

// brokenRole joins role line j with the next line when a <br> breaks one
// role over the two ("<p class="position">Managing<br/>Director</p>"): the
// first part is no title a rule reads, the second a title's head noun, and
// the two together a title a rule reads.
func (x *extractor) brokenRole(j int) (string, bool) {
	lines := x.p.lines
	k := j + 1
	if k >= len(lines) || lines[k].node != lines[j].node || lines[k].text == "" || x.personLine[k] ||
		len(lines[k].emails)+len(lines[k].phones) > 0 || credentials(strings.ReplaceAll(lines[j].text, ",", " ")) {
		return "", false
	}
	first, tail := lines[j].text, lines[k].text
	if builtinRule(first) != "none" || !titleHeads[fold(strings.TrimSpace(tail))] {
		// "Fachverantwortlicher kubisch<br>Qualitätssicherung": a
		// department on its own line is the next field, not the rest of
		// the title.
		return "", false
	}
	joined := first + " " + tail
	if ok, kw := roleLike(joined); !ok || !kw || builtinRule(joined) == "none" {
		// "Deloitte<br>Partner": an employer, then the role.
		return "", false
	}
	return trimPunct(joined, true), true
}

// officePlace matches a line that names where a person works, not what
// they do ("Head Office, London", "Niederlassung Süd").
var officePlace = regexp.MustCompile(`(?i)\b(?:office|offices|büro|standort|branch|niederlassung|headquarters|hq|filiale)\b`)

// titleHeads are the nouns that end a title broken over two lines
// ("Managing<br>Director").
var titleHeads = wordSet(`director directors manager managerin officer leiter leiterin lead leader head assistant
	assistent assistentin coordinator koordinator koordinatorin engineer ingenieur ingenieurin consultant berater
	beraterin partner partnerin president präsident präsidentin secretary specialist spezialist spezialistin
	administrator supervisor executive representative advisor adviser analyst technician techniker`)

// sameHeading reports whether two lines are parts of one heading element
// that a <br> breaks, the second in an element of its own ("<h4><a>Philip
// Bottle</a><br><strong>Sales Director</strong></h4>"): the role set under
// the name, not the next section, unless it names an office's place
// (officePlace). Bare text after the break may be the rest of the name or
// a second office; the card's other lines decide it.
func sameHeading(a, b *html.Node) bool {
	ha, hb := enclosingHeading(a), enclosingHeading(b)
	return ha != nil && ha == hb && b != hb
}

// enclosingHeading returns the nearest <h1>…<h6> ancestor-or-self, or nil.
func enclosingHeading(n *html.Node) *html.Node {
	for c := n; c != nil && c.Type == html.ElementNode; c = c.Parent {
		if headingLevel(c.DataAtom) > 0 {
			return c
		}
	}
	return nil
}

// oneNameList reports whether list element ul holds one name line among
// at most eight lines: a card laid out as a list.
func (x *extractor) oneNameList(ul *html.Node) bool {
	// A list is a block: its last line is flushed before its range is
	// taken, so [a, b) holds all of it.
	a, b, ok := x.p.lineRange(ul)
	if !ok || b-a > 8 {
		return false
	}
	return x.persons[b]-x.persons[a] == 1
}

// otherEmployer matches a position held at another organisation ("Director
// of Security at SentiLink", "CEO at H3Systems, LLC", "Leiter Einkauf bei
// Muster GmbH"): a board member's day job, not their office here.
var otherEmployer = regexp.MustCompile(`\s(?:at|bei)\s+\p{Lu}`)

// segmentRole reads a role line made of inline elements only, each one
// field of the card ("<span>CEO at H3Systems, LLC</span><span>President
// </span>"), which the page shows as lines of their own: the fields that
// are roles, without a position at another organisation. It returns ""
// when the line is not such a stack or no field is dropped, so the line is
// read whole.
func (x *extractor) segmentRole(j int) string {
	lj := &x.p.lines[j]
	if lj.node == nil || lj.heading > 0 || x.personLine[j] || len(lj.emails)+len(lj.phones) > 0 || !otherEmployer.MatchString(lj.text) {
		return ""
	}
	var segs []string
	for c := lj.node.FirstChild; c != nil; c = c.NextSibling {
		switch {
		case c.Type == html.TextNode:
			if strings.TrimSpace(c.Data) != "" {
				return ""
			}
		case c.Type != html.ElementNode || skipTags[c.DataAtom]:
		default:
			if s, _, ok := x.p.lineRange(c); !ok || s != j {
				continue
			}
			if blockTags[c.DataAtom] {
				return ""
			}
			if t := nodeText(c, 200); t != "" {
				segs = append(segs, t)
			}
		}
	}
	if len(segs) < 2 || strings.Join(segs, " ") != lj.text {
		return ""
	}
	var kept []string
	for _, t := range segs {
		if otherEmployer.MatchString(t) {
			continue
		}
		if ok, kw := roleLike(t); ok && kw {
			kept = append(kept, trimPunct(t, true))
		}
	}
	if len(kept) == 0 || len(kept) == len(segs) {
		return ""
	}
	return strings.Join(kept, "; ")
}

// cardHeading reports whether heading line j above name heading i is the
// card's own role line rather than a section heading over the cards: both
// are children of one element with nothing before the heading, and that
// element is one of several alike siblings ("<div class=col><h4>Kassierer
// </h4><h5>Name</h5></div>" repeated), whatever the heading ranks.
func (x *extractor) cardHeading(j, i int) bool {
	hj, hi := x.p.lines[j].node, x.p.lines[i].node
	if hj == nil || hi == nil || hj.Parent == nil || hj.Parent != hi.Parent {
		return false
	}
	card := hj.Parent
	if a, _, ok := x.p.lineRange(card); !ok || x.neighbour(a-1, a, i, +1) != j {
		return false
	}
	if card.Parent == nil {
		return false
	}
	// Two alike siblings (the card among them) are enough: stop there, so
	// a page of thousands of cards is not scanned once per card.
	class, alike := attr(card, "class"), 0
	for s := card.Parent.FirstChild; s != nil && alike < 2; s = s.NextSibling {
		if s.Type == html.ElementNode && s.Data == card.Data && attr(s, "class") == class {
			alike++
		}
	}
	return alike >= 2
}

// listLabel finds the label line of the list a name is in ("<strong>Sales
// </strong><ul><li>Rick Lee</li>..."): the line just before the list, when
// it is bold, a heading or ends with a colon.
func (x *extractor) listLabel(n, cont *html.Node) int {
	var list *html.Node
	for c := n; c != nil && c.Type == html.ElementNode; c = c.Parent {
		if c.DataAtom == atom.Ul || c.DataAtom == atom.Ol || c.DataAtom == atom.Dl {
			list = c
			break
		}
		if c.DataAtom == atom.Body {
			break
		}
	}
	if list == nil {
		return -1
	}
	a, _, ok := x.p.lineRange(list)
	if !ok {
		return -1
	}
	for j := a - 1; j >= 0 && j >= a-2; j-- {
		l := &x.p.lines[j]
		if l.text == "" {
			continue
		}
		if x.personLine[j] || !(l.emph || l.heading > 0 || strings.HasSuffix(l.text, ":")) {
			return -1
		}
		if ok, _ := roleLike(l.text); ok && !pageHeading.MatchString(l.text) {
			return j
		}
		return -1
	}
	return -1
}

// labelRoleText is the role a role line gives: for a label line such as
// "Vertreten durch die Geschäftsführerin:" its specific role, else the line.
func labelRoleText(s string) string {
	if hits := findLabels(s); len(hits) > 0 {
		cs := chains(s, hits)
		if len(cs) == 1 && onlyConnectors(s[:cs[0].start]) && trimPunct(stripLead(cs[0].rest), false) == "" {
			var parts []string
			for _, r := range specificRoles(cs[0].roles) {
				parts = append(parts, r.text)
			}
			return strings.Join(parts, "; ")
		}
	}
	return trimPunct(s, true)
}

// pageHeading matches the headings that name the kind of page or section
// ("Legal notice", "Impressum", "Contact"), not a department: a person
// under one has no role from it.
var pageHeading = regexp.MustCompile(`(?i)^\s*(?:impressum|imprint|legal(?:\s+(?:notice|notices|information|disclosure|details|info))?|site\s+notice|rechtliche[s]?(?:\s+hinweise|\s+angaben)?|disclaimer|haftungsausschluss|datenschutz\p{L}*|privacy(?:\s+policy)?|kontakt|contact(?:\s+us)?|about(?:\s+us)?|über\s+uns|(?:unser|our)?\s*team)\s*:?\s*$`)

// headingRole returns the nearest heading before line i when it names a
// role or department ("Vertrieb", "Assistenz der Geschäftsführung"), or -1.
func (x *extractor) headingRole(i int) int {
	if i < 0 || i >= len(x.p.lines) {
		return -1 // a sighting outside the page's lines (a mailto in a <nav>)
	}
	own := x.p.lines[i].heading
	for j := i - 1; j >= 0 && j >= i-40; j-- {
		l := &x.p.lines[j]
		if l.heading == 0 {
			continue
		}
		if own > 0 && l.heading == own && x.personLine[j] {
			// The name heading of the card before: the section heading
			// is further up.
			continue
		}
		if x.cardProse(j, own) {
			continue
		}
		// A heading right under another person is that person's role
		// (<h3>Name</h3><h5>Role</h5>), not a department over the cards,
		// unless that person's line gives their role ("<h3>Rick Askins,
		// Board Treasurer</h3><h3>Board Members</h3>"); a heading that
		// outranks the names above it opens a section.
		for k := j - 1; k >= 0 && k >= j-2; k-- {
			if x.p.lines[k].text != "" && !x.personLine[k] {
				// "<h1>Junta Directiva</h1><p>Los miembros …</p><h2>Presidente
				// </h2>": text between, so the heading is under no name.
				break
			}
			pk := x.p.lines[k].heading
			if x.personLine[k] && !(own > 0 && l.heading < own && pk == own) && !(pk > 0 && l.heading < pk) && !x.ownRoles(k) && !x.brandLine(k) &&
				!x.roleHeadingAbove(k, l.heading) {
				return -1
			}
		}
		if ok, kw := roleLike(l.text); ok && kw && !x.personLine[j] && !pageHeading.MatchString(l.text) {
			// One office ("Executive Director:") is the first name's
			// under it, not the whole list's.
			if singleOffice.MatchString(trimPunct(strings.TrimSuffix(l.text, ":"), true)) && x.persons[i]-x.persons[j+1] > 0 {
				return -1
			}
			return j
		}
		return -1
	}
	return -1
}

// roleHeadingAbove reports whether the plain name line k has a heading of
// the given level right above it that is no name: offices set as headings
// over plain names ("<h3>President</h3><p>Name</p><h3>VP of Events</h3>
// <p>Name</p>"), where the heading under a name is the next name's office.
func (x *extractor) roleHeadingAbove(k, level int) bool {
	if x.p.lines[k].heading != 0 {
		return false
	}
	for a := k - 1; a >= 0 && a >= k-2; a-- {
		la := &x.p.lines[a]
		if la.text == "" {
			continue
		}
		return la.heading == level && !x.personLine[a]
	}
	return false
}

// cardProse reports whether heading line j is the prose of the card above
// it, not a section heading: it ranks below the name headings (level own),
// runs to a sentence, and a name heading of that rank sits just above it
// ("<h2>Name</h2><h3>Name is a Senior Managing Director at …</h3>", pages
// that style a bio as a heading). The walk to the section heading goes on
// past it.
func (x *extractor) cardProse(j, own int) bool {
	l := &x.p.lines[j]
	if own == 0 || l.heading <= own || len(l.text) < 80 || wordCount(l.text) <= 10 {
		return false
	}
	for k := j - 1; k >= 0 && k >= j-3; k-- {
		if x.personLine[k] && x.p.lines[k].heading == own {
			return true
		}
	}
	return false
}

// brandLine reports whether line k is the firm's name as its page title
// begins with it ("Bharat Serums" over "Bharat Serums And Vaccines
// Limited"): a logo's text that reads like a name, no person above the
// heading that follows it.
func (x *extractor) brandLine(k int) bool {
	t, title := x.p.lines[k].text, x.p.title
	return len(t) < len(title) && strings.EqualFold(title[:len(t)], t) && title[len(t)] == ' ' && isCompany(title[len(t):])
}

// officeOver reports whether the heading role of name line i is the office
// of that one person: the heading is the line just above the name, names a
// position ("Presidente", "Treasurer", not a department such as
// "Vertrieb"), and the next line is no other name under it
// ("<h2>Tesorero</h2><p>Fernando Fernández del Cerro</p>").
func (x *extractor) officeOver(i int, role string) bool {
	lines := x.p.lines
	j := i - 1
	for j >= 0 && lines[j].text == "" {
		j--
	}
	if j < 0 || lines[j].heading == 0 || trimPunct(lines[j].text, true) != role || strings.ContainsRune(role, '(') || !positionRule(role) {
		// "Geschäftsführer (m/w/d)" heads a job advertisement, "Präsident
		// (1997–1999)" a former office.
		return false
	}
	if ok, kw := roleLike(role); !ok || !kw {
		return false
	}
	k := i + 1
	for k < len(lines) && lines[k].text == "" {
		k++
	}
	return k == len(lines) || !x.personLine[k]
}

// namesUnder finds, once per page, the headings that head a list of bare
// names and nothing else, and returns for each line the heading's role or
// "": the heading is a role the vocabulary knows that names a group
// ("Aktuelle Hilfskräfte", "Board Members"; a year in brackets after it is
// allowed), every line from it to the next heading or bold line is one name
// without a role, and there are at least two ("<h3>Board Members</h3><p>A
// </p><p>B</p>…"). Such a heading is the role of each, as the label of a list
// is.
func (x *extractor) namesUnder() []string {
	lines := x.p.lines
	out := make([]string, len(lines))
	bare := func(k int) bool {
		return x.personLine[k] && len(x.lineItems[k]) == 1 && len(x.lineItems[k][0].roles) == 0 &&
			lines[k].heading == 0 && len(lines[k].emails)+len(lines[k].phones) == 0
	}
	// A run is a heading and the lines up to the next one.
	finish := func(h, end int, names int, ok bool) {
		if h < 0 || !ok || names < 2 {
			return
		}
		role := trimPunct(lines[h].text, true)
		// "Current Board Members (2020)": the year the list was written.
		head := strings.TrimSpace(yearParen.ReplaceAllString(role, ""))
		if rok, kw := roleLike(head); !rok || !kw || strings.ContainsRune(head, '(') || !groupHeading(head) {
			// "Executive Director:" over three names is the first one's
			// office only.
			return
		}
		for k := h + 1; k < end; k++ {
			if lines[k].text != "" {
				out[k] = role
			}
		}
	}
	h, names, ok := -1, 0, false
	for k := range lines {
		switch {
		case lines[k].heading > 0 || lines[k].emph && !x.personLine[k]:
			// A bold line is a heading too ("<p><strong>Past Board
			// Members</strong></p>" under the current ones).
			finish(h, k, names, ok)
			h, names, ok = k, 0, true
		case lines[k].text == "":
		case bare(k):
			names++
		default:
			ok = false
		}
	}
	finish(h, len(lines), names, ok)
	return out
}

// trailingParen is a short qualifier in brackets at the end of a phrase.
var trailingParen = regexp.MustCompile(`\s*\([^()]{1,30}\)$`)

// formerParen is a qualifier in brackets that dates or ends the office.
var formerParen = regexp.MustCompile(`(?i)\((?:[^()]*\d|[^()]*\b(?:bis|ehemals|ehemalig\w*|former|until|verstorben|deceased|retired)\b)[^()]*\)$`)

// yearParen is a year or span of years in brackets at the end of a heading.
var yearParen = regexp.MustCompile(`\s*\((?:19|20)\d\d(?:\s*[-–/]\s*(?:(?:19|20)?\d\d)?)?\)$`)

// groupWords are headings that name a group of people, not one office.
var groupWords = wordSet(`board vorstand vorstandschaft beirat präsidium kuratorium ausschuss committee council team
	staff kollegium hilfskräfte hilfskraefte mitarbeiter mitarbeiterinnen mitglieder leitung geschäftsleitung
	management direktorium bestuur bureau comité junta styrelse`)

// groupHeading reports whether a role heading names a group ("Board
// Members", "Trustees", "Board of Directors", "Aktuelle Hilfskräfte",
// "Vorstand") rather than one office ("Executive Director", "Head of
// Sales"): its head word (the last, or the one before "of") is a group noun,
// or an English plural of a person's title ("Trustees", "Officers", not
// "Sales").
func groupHeading(role string) bool {
	head := role
	for k := 1; k+4 <= len(role); k++ {
		if strings.EqualFold(role[k:k+4], " of ") {
			head = role[:k]
			break
		}
	}
	w := fold(lastWord(head))
	if groupWords[w] {
		return true
	}
	// A plural whose singular is a person's title ("Officers",
	// "Directors", "Partners"), not a department ("Sales").
	return len(w) > 3 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") &&
		(positionRule(role) || hasRoleWord(strings.TrimSuffix(w, "s")) && personTitle(strings.TrimSuffix(w, "s")))
}

// ownRoles reports whether every name on line k carries its role on the
// line ("Tricia Katebini, President").
func (x *extractor) ownRoles(k int) bool {
	items := x.lineItems[k]
	for _, it := range items {
		if len(it.roles) == 0 {
			return false
		}
	}
	return len(items) > 0
}

// signature identifies the markup of a name line, so repeated cards can be
// recognised: tag and class of the element and of its parent, and a table
// cell's column.
func (x *extractor) signature(n *html.Node) string {
	if n == nil {
		return ""
	}
	s := n.Data + "." + attr(n, "class")
	if (n.DataAtom == atom.Td || n.DataAtom == atom.Th) && n.Parent != nil {
		// The columns of a table are separate structures: a column of
		// instruments or offices beside the column of names.
		s += "#" + strconv.Itoa(x.cellCol(n))
	}
	if p := n.Parent; p != nil && p.Type == html.ElementNode {
		s += "<" + p.Data + "." + attr(p, "class")
	}
	return s
}

// nameClass reports whether the element's class or itemprop marks a name.
func nameClass(n *html.Node) bool {
	if n == nil {
		return false
	}
	v := strings.ToLower(attr(n, "class") + " " + attr(n, "itemprop"))
	return strings.Contains(v, "name") || strings.Contains(v, "title")
}

// hasAncestor reports whether n or an ancestor up to stop (inclusive) has
// one of the tags.
func hasAncestor(n, stop *html.Node, tags ...atom.Atom) bool {
	for c := n; c != nil && c.Type == html.ElementNode; c = c.Parent {
		for _, t := range tags {
			if c.DataAtom == t {
				return true
			}
		}
		if c == stop {
			break
		}
	}
	return false
}

// enclosing returns the nearest ancestor-or-self with the tag, or nil.
func enclosing(n *html.Node, tag atom.Atom) *html.Node {
	for c := n; c != nil && c.Type == html.ElementNode; c = c.Parent {
		if c.DataAtom == tag {
			return c
		}
	}
	return nil
}

// externalLink reports whether the line's element is inside a link to
// another site (LinkedIn profiles excepted).
func externalLink(n *html.Node, host string) bool {
	a := enclosing(n, atom.A)
	if a == nil {
		return false
	}
	href := strings.ToLower(strings.TrimSpace(attr(a, "href")))
	if !strings.HasPrefix(href, "http://") && !strings.HasPrefix(href, "https://") && !strings.HasPrefix(href, "//") {
		return false
	}
	if linkedInProfile(href) != "" {
		return false
	}
	h := hostOf(href)
	if strings.HasPrefix(href, "//") {
		h = hostOf("http:" + href)
	}
	return host == "" || (h != host && !strings.HasSuffix(h, "."+host))
}
