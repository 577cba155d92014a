package people

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	xhtml "golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/abmsync/abmsync/keycontacts/roles"
)

// Repeated line shapes: lines whose markup and wording repeat down a page
// ("Name | role", "<strong>label</strong> • names") are name lines whatever
// their words, when enough of the repetitions carry a role a vocabulary
// knows. Both readers run in prepare, before the card readers weigh the
// lines.

// shapeSeps are the separators between a name and its role in a repeated
// name line ("Phil Weir | Founder", "Anna Berg – Vertrieb").
var shapeSeps = []string{" | ", " – ", " — ", " - ", " / "}

// minShapeSiblings is how many name lines of the same markup must show the
// same "<name> <sep> <role>" shape before a line of that markup is read so
// whatever its role's words.
const minShapeSiblings = 2

// siblingShapes reads the lines that repeat the markup and the
// "<name> | <role>" shape of at least minShapeSiblings name lines but whose
// role no vocabulary knows ("Alana Murphy | Data Analysis", "Kanika Miglani
// | Data Science & Analysis"): the repetition says what the line is.
func (x *extractor) siblingShapes() {
	lines := x.p.lines
	seen := map[string]int{} // signature + separator -> name lines so written
	for i := range lines {
		if !x.personLine[i] || len(x.lineItems[i]) != 1 || len(x.lineItems[i][0].roles) == 0 {
			continue
		}
		if sep, _ := firstSep(lines[i].text, shapeSeps); sep != "" {
			seen[x.signature(lines[i].node)+sep]++
		}
	}
	if len(seen) == 0 {
		return
	}
	for i := range lines {
		t := lines[i].text
		if x.personLine[i] || t == "" || len(t) > 160 || lines[i].node == nil {
			continue
		}
		sep, k := firstSep(t, shapeSeps)
		if sep == "" {
			continue
		}
		if seen[x.signature(lines[i].node)+sep] < minShapeSiblings {
			continue
		}
		role := strings.TrimSpace(t[k+len(sep):])
		np, ok := parseName(strings.TrimSpace(t[:k]))
		if !ok || role == "" || len(role) > 100 || strings.ContainsAny(role, "0123456789@") || actionLine(role) || contactField(role) ||
			zoneStart[firstWordFolded(role)] && zoneHeading.MatchString(role) {
			// "Laura Chen | LinkedIn", "| Read more": a link's text, no
			// role; "| Testimonial", "| Partner" a section's word.
			continue
		}
		if rok, _ := roleLike(role); !rok {
			continue
		}
		x.lineItems[i] = []listItem{{np: np, roles: []string{role}}}
		x.personLine[i] = true
	}
}

// leadSeps separate a bold label from the name written after it
// ("<strong>1. Schützenmeister</strong> • Georg Felbermayr").
var leadSeps = []string{"•", "·", "|", "–", "—", "-", ":"}

// boldLeads reads the lines that open with a bold label, then a separator,
// then names and nothing else, when two or more lines of the same markup
// are so written: "<p><strong>Jugendsprecherin</strong> • Christina
// Dauerer</p>" repeated down a club's board page, "<li><strong>Trésorerie
// :</strong> Cécile Gréa, Jean-Louis Perdrix</li>" down a club's list of
// commissions. When two labels of the group name a role or a department,
// every label is its names' role whether or not a vocabulary knows it; the
// repetition says what the lines are, as in siblingShapes.
func (x *extractor) boldLeads() {
	type lead struct {
		i     int
		sig   string
		items []listItem
	}
	var found []lead
	count := map[string]int{}
	roleLabels := map[string]int{} // the group's labels a vocabulary reads
	for i := range x.p.lines {
		ln := &x.p.lines[i]
		if ln.node == nil || len(ln.text) > 300 {
			continue
		}
		label := boldLead(ln.node)
		if label == "" || !strings.HasPrefix(ln.text, label) {
			continue
		}
		rest := strings.TrimSpace(ln.text[len(label):])
		sep := ""
		for _, s := range leadSeps {
			if strings.HasPrefix(rest, s) {
				sep = s
				break
			}
		}
		role := trimPunct(label, true)
		if sep == "" && !strings.HasSuffix(label, ":") || role == "" {
			continue
		}
		items := parseNameList(trimPunct(strings.TrimPrefix(rest, sep), true), modeLine)
		if len(items) == 0 {
			continue
		}
		if rok, _ := roleLike(role); !rok {
			continue
		}
		sig := x.signature(ln.node)
		count[sig]++
		known := hasRoleKeyword(role) || builtinRule(role) != "none"
		if known {
			roleLabels[sig]++
		}
		if !x.personLine[i] && (len(items) > 1 || known) {
			// One name-shaped entry under a label no vocabulary knows
			// ("<b>Material:</b> Eiche Natur") is no person line.
			for k := range items {
				items[k].roles = append([]string{role}, items[k].roles...)
			}
			found = append(found, lead{i, sig, items})
		}
	}
	for _, l := range found {
		// A group of "label: names" lines fewer than two of whose labels
		// name a role or a department is a specification, a menu or a
		// line-up ("Rotwein: Blauer Zweigelt, Pinot Noir"; "Trainer:" over
		// the players).
		if count[l.sig] < minShapeSiblings || roleLabels[l.sig] < 2 {
			continue
		}
		x.lineItems[l.i] = l.items
		x.personLine[l.i] = true
		if !hasRoleKeyword(l.items[0].roles[0]) && !anyKnownGiven(l.items) {
			// "<b>Licences :</b> A, B" under names no list knows is
			// weighed as any card is; one known name vouches for its list.
			continue
		}
		if x.leadLine == nil {
			x.leadLine = map[int]bool{}
		}
		x.leadLine[l.i] = true
	}
}

// anyKnownGiven reports whether one of the items has a known given name
// and a name that is not made of everyday words ("Forest Green", "Rose
// Gold" are colours).
func anyKnownGiven(items []listItem) bool {
	for _, it := range items {
		if w := nameWords(it.np.given + " " + it.np.family); it.np.knownGiven && !(len(w) > 0 && commonWords(w)) {
			return true
		}
	}
	return false
}

// boldLead returns the text of the bold element a line's element opens
// with (<p><strong>Kassier</strong> …), or "".
func boldLead(n *xhtml.Node) string {
	c := n.FirstChild
	for c != nil && c.Type == xhtml.TextNode && strings.TrimSpace(c.Data) == "" {
		c = c.NextSibling
	}
	if c == nil || c.Type != xhtml.ElementNode || c.DataAtom != atom.Strong && c.DataAtom != atom.B || c.NextSibling == nil {
		return ""
	}
	return nodeText(c, 200)
}

// invertedCards reads the lines written family name first, "Liebau,
// Susann", over a role line ("Managementassistentin Marketing/EDV") in
// cards that repeat their markup: a directory's way of writing names. One
// such line alone is as likely a place and its district ("Weiden,
// Oberpfalz") over its office ("Vertriebsbüro"), so at least
// minShapeSiblings lines of one markup must show the shape and the line
// under each must name a person's position (personTitle: "Sachbearbeiterin",
// "Leitung Einkauf", "CEO"), not an office, a job advertisement ("(m/w/d)",
// "wanted") or a firm's partners ("Rechtsanwälte und Notare").
func (x *extractor) invertedCards() {
	lines := x.p.lines
	type hit struct {
		line int
		np   nameParts
	}
	bySig := map[string][]hit{}
	for i := range lines {
		t := lines[i].text
		if x.personLine[i] || t == "" || len(t) > 60 || lines[i].node == nil {
			continue
		}
		fam, given, ok := invertedParts(t)
		if !ok || wordCount(fam) > 2 || wordCount(given) > 4 || x.otherColumn(lines[i].node) {
			continue
		}
		j := x.nextText(i, 2)
		if j < 0 || x.personLine[j] || jobOrFirmLine.MatchString(lines[j].text) || !personTitle(lines[j].text) {
			continue
		}
		if _, kw := roleLike(lines[j].text); !kw {
			continue
		}
		np, ok := parseName(given + " " + fam)
		if !ok || np.family != fam || wordCount(np.given) > 2 {
			continue
		}
		sig := x.signature(lines[i].node)
		bySig[sig] = append(bySig[sig], hit{i, np})
	}
	for _, hs := range bySig {
		if len(hs) < minShapeSiblings {
			continue
		}
		for _, h := range hs {
			x.lineItems[h.line] = []listItem{{np: h.np, inverted: true}}
			x.personLine[h.line] = true
		}
	}
}

// jobOrFirmLine is a card line that advertises a job or names a firm's
// partners ("Rechtsanwälte und Notare"), not one person's role.
var jobOrFirmLine = regexp.MustCompile(`(?i)\(\s*[mwfd]\s*/\s*[mwfd]|\bwanted\b|\bgesucht\b|\bhiring\b|rechtsanwälte|anwälte\b|\bnotare\b|steuerberater\s+und|partnerschaft|\bpartners\b`)

// agentSuffixes end the words that name a person by what they do
// ("Sachbearbeiterin", "Assistent", "Manager", "Konstrukteur", "Director").
var agentSuffixes = []string{"erin", "entin", "antin", "istin", "eurin", "er", "ent", "ant", "ist", "eur", "or"}

// notAgents end like agent nouns but name no person ("Customer Service",
// "Service-Center", "Vertragshändler").
var notAgents = wordSet(`customer customers center centre händler haendler winter hamburger user users
	partner partners order`)

// personTitle reports whether a card line names a person's position, not
// an office or a place ("Vertriebsbüro", "Customer Service"): a position
// rule's title ("CEO", "Geschäftsführung", "Prokura"), a head ("Leitung
// Einkauf", "Head of Sales") or a word that names a person by what they do.
func personTitle(t string) bool {
	if positionRule(t) {
		return true
	}
	f := fold(t)
	if strings.Contains(f, "leitung") || strings.Contains(f, "head") || strings.Contains(f, "chief") {
		return true
	}
	for _, w := range strings.FieldsFunc(f, func(r rune) bool { return !unicode.IsLetter(r) }) {
		if len(w) < 5 || notAgents[w] {
			continue
		}
		for _, suf := range agentSuffixes {
			if strings.HasSuffix(w, suf) {
				return true
			}
		}
	}
	return false
}

// capsNameRole reads a line written in capitals that runs a name straight
// into its office, with no separator: "DR. STEPHANIE A. ABELLO VICE
// PRESIDENT", "DR. JENNIFER M. BUÑOL CORPORATE SECRETARY". The office is
// the longest tail a role rule reads, after a name with a given name.
func capsNameRole(t string) (listItem, bool) {
	// The capitals test first: it allocates nothing, and prepare asks it of
	// every short line that holds no name.
	if !isUpperWord(t) {
		return listItem{}, false
	}
	w := strings.Fields(t)
	if len(w) < 3 || len(w) > 10 {
		return listItem{}, false
	}
	for k := 2; k < len(w); k++ {
		if hasRoleWord(w[k-1]) {
			// The name would end in an office word ("ABELLO VICE").
			continue
		}
		if f := fold(w[k]); !hasRoleWord(w[k]) && !isCommon(f) && !isPostNominal(w[k]) && nameWord(strings.ToUpper(w[k][:1])+strings.ToLower(w[k][1:])) {
			// "MARIA CLARA REYES TREASURER": an office starts with an
			// office or an everyday word, not with a name ("REYES").
			continue
		}
		name, office := strings.Join(w[:k], " "), strings.Join(w[k:], " ")
		if r := builtinRule(office); r == "none" || roles.HeadingRule(r) {
			continue
		}
		// A title, initials or a salutation, or a family name that is no
		// everyday word: "VICTORIA COURT GENERAL MANAGER" is a business's.
		if np, ok := parseName(name); ok && np.given != "" && (np.title != "" || np.salutation || hasInitial(w[:k]) || !isCommon(fold(np.family)) && (np.knownGiven || np.knownFam || unknownName(w[:k]))) {
			return listItem{np: np, roles: []string{office}}, true
		}
	}
	return listItem{}, false
}

// otherColumn reports whether n sits in a table column that is not the
// table's name column, by the header row ("Name | Affiliation | Position":
// "VSN, Christchurch" is an affiliation, not "Christchurch VSN").
func (x *extractor) otherColumn(n *xhtml.Node) bool {
	h, k, ok := x.cellHead(enclosing(n, atom.Td))
	if !ok || !h.header || h.nameCol(k) || k < len(h.deputy) && h.deputy[k] {
		// A deputies' column ("Stellvertretung") holds names too.
		return false
	}
	for _, named := range h.names {
		if named {
			return true
		}
	}
	return false
}

// hasInitial reports whether one of the words is an initial ("A.", "S").
func hasInitial(w []string) bool {
	for _, t := range w {
		if utf8.RuneCountInString(strings.TrimSuffix(t, ".")) == 1 || strings.Contains(t, ".") {
			return true
		}
	}
	return false
}

// hotelBrands name hotels, whose managers caps lines give ("RADISSON BLU
// GENERAL MANAGER").
var hotelBrands = wordSet(`radisson marriott hilton hyatt sheraton novotel ibis westin intercontinental mercure
	pullman sofitel kempinski taj oberoi`)

// unknownName reports whether words no name list knows still read as a
// person's name ("ADEBAYO OGUNLESI"): no word of four letters or fewer (an
// acronym such as ITC or IBTC), no hyphen, no brand, country or business
// word ("SHANGRI-LA MAKATI", "ECOBANK GHANA", "RADISSON BLU").
func unknownName(w []string) bool {
	if hotelBrand(w) {
		return false
	}
	for i, x := range w {
		f := fold(strings.TrimSuffix(x, ","))
		if acronymWord(f) || countries[f] {
			return false
		}
		if strings.Contains(f, "-") && i < len(w)-1 {
			// A double family name ends the name ("MWANGI-KARIUKI"); a
			// brand starts it ("COCA-COLA HELLENIC").
			return false
		}
		for _, part := range strings.Split(f, "-") {
			// "SHANGRI-LA": a two-letter part is no part of a double
			// family name ("MWANGI-KARIUKI").
			if strings.Contains(f, "-") && utf8.RuneCountInString(part) <= 2 {
				return false
			}
		}
		for _, suf := range businessSuffixes {
			if strings.HasSuffix(f, suf) && !(suf == "bank" && utf8.RuneCountInString(f) <= 6) {
				// "ECOBANK", not "EUBANK" or "EWBANK" (family names).
				return false
			}
		}
	}
	return true
}

// acronymWord reports whether a short word is an acronym ("ITC", "IBTC"):
// four letters or fewer and no vowel after the first, where short names
// have one ("EZE", "JUMA", "RAO", "UCHE", "SY").
func acronymWord(f string) bool {
	if utf8.RuneCountInString(f) > 4 {
		return false
	}
	_, n := utf8.DecodeRuneInString(f)
	if !strings.ContainsAny(f[n:], "aeiouy") {
		return true
	}
	// Two consonants no short name starts or ends with: "NCBA", "EABL",
	// "IOCL" (not "UCHE", "SHAH", "NJOKI").
	if len(f) >= 2 && len(f) == utf8.RuneCountInString(f) {
		if consonant(f[0]) && consonant(f[1]) && !strings.Contains(shortNameOnsets, " "+f[:2]+" ") ||
			consonant(f[len(f)-2]) && consonant(f[len(f)-1]) && !strings.Contains(shortNameCodas, " "+f[len(f)-2:]+" ") {
			return true
		}
	}
	return false
}

const (
	shortNameOnsets = " bh ch dh gh jh kh ph sh th wh zh ny ng nj nd mb mw kw gw bl br cl cr dr fl fr gl gr kr pl pr sl sm sn sp st sv sw tr tw "
	shortNameCodas  = " ch sh th gh ng nk nd nt ll ss tt ff rr rd rt rk rl rn rm rs rg rn lt ld lf lk lm st sk ck ph nn mm "
)

// consonant reports whether an ASCII letter is a consonant.
func consonant(c byte) bool { return c >= 'a' && c <= 'z' && !strings.ContainsRune("aeiouy", rune(c)) }

// businessSuffixes end the words of businesses' names (countries, of
// affiliation.go, follow one: "ECOBANK GHANA").
var businessSuffixes = []string{"bank", "hotel", "hotels", "resort", "resorts", "group", "motors", "airways",
	"airlines", "tech", "soft", "pharma", "foods", "mart"}

// hotelBrand reports whether one of the words is a hotel brand's.
func hotelBrand(w []string) bool {
	for _, x := range w {
		if hotelBrands[fold(x)] {
			return true
		}
	}
	return false
}
