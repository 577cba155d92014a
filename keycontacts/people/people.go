package people

import (
	"bytes"
	"net/url"
	"strings"
	"unicode"

	"github.com/PuerkitoBio/goquery"
	xhtml "golang.org/x/net/html"

	"github.com/abmsync/abmsync/keycontacts/roles"
)

// Person is one named person found on a page, with the facts the page gives
// about them. Strings are "" when the page does not say.
type Person struct {
	// Name is the name as written, academic titles included ("Dr. Anna
	// Huber"); salutations (Herr, Mr.) and professional designations
	// (Rechtsanwalt) are not part of it.
	Name string `json:"name"`
	// Title holds the academic titles (Dr., Prof. Dr., Mag., DI,
	// Dipl.-Ing., MBA, PhD ...), prefix titles first and post-nominal
	// degrees after a comma. Titles never end up in GivenName or FamilyName.
	Title string `json:"title"`
	// GivenName is the given name(s) or initials as written.
	GivenName string `json:"given_name"`
	// FamilyName is the family name as written, particles included
	// ("van Linn", "Schmidt zur Nedden").
	FamilyName string `json:"family_name"`
	// RoleText is the role as written on the page ("Geschäftsführer",
	// "Head of Procurement"); several roles are joined with "; ".
	RoleText string `json:"role_text"`
	// Email is an address the page prints or links inside this person's
	// block. It is never derived from a pattern such as first.last@.
	Email string `json:"email"`
	// Phone is a number from the person's block, as written and lightly
	// normalised (white space collapsed).
	Phone string `json:"phone"`
	// LinkedInURL is a linkedin.com/in/ profile linked from the person's
	// block, as https://www.linkedin.com/in/<slug>.
	LinkedInURL string `json:"linkedin_url"`
	// Source names the extractor that found the person with the highest
	// confidence: SourceImprint, SourceTeamCard, SourceJSONLD,
	// SourceMicrodata, SourceMailto, SourceList or SourceText.
	Source string `json:"source"`
	// Confidence in (0,1] that this is a real person of the page's
	// organisation with the facts given. Extract returns only people at or
	// above MinConfidence.
	Confidence float64 `json:"confidence"`
	// Kind is "" for ordinary people, KindEditorialResponsible for someone
	// who is named only as responsible for content (§ 18 MStV, § 55 RStV)
	// and KindDataProtection for a data-protection officer. People of
	// those two kinds are not buying-committee members. Someone who also
	// holds another role on the page (a managing director who is also
	// responsible for content) has Kind "" and both roles in RoleText.
	Kind string `json:"kind"`
	// OrgType is the form of the page's organisation as the page itself
	// states it (register, legal form; see orgTypeOf), the same for every
	// person of a page; roles.OrgUnknown when the page does not say
	// clearly. Classify RoleText with roles.ClassifyIn(RoleText, OrgType):
	// an association's Vorstand or President is its board, a company's
	// Vorstand runs it, a contractor's (roles.OrgTrade) project managers
	// run its sites.
	OrgType roles.OrgType `json:"org_type,omitempty"`
}

// Source values.
const (
	// SourceImprint: a label in an imprint or legal block ("Geschäftsführer:",
	// "Vertreten durch", "Verantwortlich für den Inhalt").
	SourceImprint = "imprint"
	// SourceTeamCard: a name with its role in a card of a team page.
	SourceTeamCard = "team-card"
	// SourceJSONLD: a schema.org Person in JSON-LD.
	SourceJSONLD = "jsonld"
	// SourceMicrodata: a schema.org Person in microdata or RDFa.
	SourceMicrodata = "microdata"
	// SourceMailto: a mailto link whose text, or whose line, names the person.
	SourceMailto = "mailto"
	// SourceList: a name in a list under a role heading.
	SourceList = "list"
	// SourceProfileLink: a picture that links to a person's profile page,
	// its alt text their name and the address spelling it
	// ("<a href="greg_ramsey.php"><img alt="Greg Ramsey"></a>"), on a page
	// that shows its people only so.
	SourceProfileLink = "profile-link"
	// SourceText: a role word followed by a name in running text
	// ("unserer Vorsitzenden Annette Krey"); the weakest source.
	SourceText = "text"
)

// MinConfidence is the threshold below which candidates are dropped.
const MinConfidence = 0.5

// Extract returns the named people of one company web page, deduplicated
// within the page, in the order they first appear. pageURL may be empty; it
// is only used to prefer e-mail addresses on the site's own domain. Extract
// does no I/O, never panics and bounds its work (MaxInputBytes, MaxNodes,
// MaxPeople), so it is safe on hostile HTML.
func Extract(pageURL string, html []byte) (out []Person) {
	defer func() {
		// Defence in depth for a crawler worker: a bug must cost one page,
		// not the process. FuzzExtract calls extract directly, so such bugs
		// are still found.
		if recover() != nil {
			out = nil
		}
	}()
	return extract(pageURL, html)
}

func extract(pageURL string, html []byte) []Person {
	x := sightings(pageURL, html)
	if x == nil {
		return nil
	}
	out := merge(x.cands, x.p.host)
	if len(out) > 0 && familyFirstPage(x.p) {
		for i := range out {
			familyNameFirst(&out[i])
		}
	}
	if len(out) > 0 {
		org := orgTypeOf(x.p)
		for i := range out {
			out[i].OrgType = org
		}
	}
	return out
}

// sightings runs every extractor over the page and returns their state,
// with x.cands holding each sighting of a person before merging; nil when
// the page cannot be parsed.
func sightings(pageURL string, html []byte) *extractor {
	if len(html) > MaxInputBytes {
		html = html[:MaxInputBytes]
	}
	doc, err := parseHTML(html)
	if err != nil || len(doc.Nodes) == 0 {
		return nil
	}
	x := &extractor{
		p:          linearize(doc.Nodes[0], hostOf(pageURL)),
		extraRoles: make(map[int][]role),
	}
	sp := collect(doc.Nodes[0])
	x.prepare()
	x.contextMarks()
	x.affiliationLines()
	x.imprint()
	x.provider()
	x.ourRoles()
	x.orgRoles()
	x.appointments()
	x.salutedContacts()
	x.structured(sp)
	x.cards()
	x.mailto(sp.mailtos)
	x.profileLinks(sp.imgLinks)
	x.bioOpeners()
	x.applyContext()
	return x
}

// maxNesting is how deep flattenDeep lets elements nest; the parser
// refuses documents deeper than 512 open elements.
const maxNesting = 384

// parseHTML parses a page. The HTML parser rejects documents nested deeper
// than 512 elements; rather than lose such a page entirely, it is parsed
// again with the excess start and end tags dropped.
func parseHTML(b []byte) (*goquery.Document, error) {
	doc, err := goquery.NewDocumentFromReader(bytes.NewReader(b))
	if err == nil {
		return doc, nil
	}
	return goquery.NewDocumentFromReader(bytes.NewReader(flattenDeep(b)))
}

// flattenDeep re-serialises b with the start tags beyond maxNesting (and as
// many end tags) removed. Text is kept, so the names inside survive.
func flattenDeep(b []byte) []byte {
	z := xhtml.NewTokenizer(bytes.NewReader(b))
	var out bytes.Buffer
	out.Grow(len(b))
	depth, dropped := 0, 0
	for {
		tt := z.Next()
		switch tt {
		case xhtml.ErrorToken:
			return out.Bytes()
		case xhtml.StartTagToken:
			if depth >= maxNesting {
				dropped++
				continue
			}
			if name, _ := z.TagName(); !voidElements[string(name)] {
				depth++
			}
		case xhtml.EndTagToken:
			if dropped > 0 {
				dropped--
				continue
			}
			if depth > 0 {
				depth--
			}
		}
		out.Write(z.Raw())
	}
}

// voidElements never have an end tag.
var voidElements = map[string]bool{"area": true, "base": true, "br": true, "col": true, "embed": true, "hr": true,
	"img": true, "input": true, "link": true, "meta": true, "source": true, "track": true, "wbr": true,
	"param": true, "keygen": true}

func hostOf(pageURL string) string {
	u, err := url.Parse(strings.TrimSpace(pageURL))
	if err != nil {
		return ""
	}
	return strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
}

// cand is one sighting of a person by one extractor.
type cand struct {
	np       nameParts
	roles    []role
	emails   []string
	phones   []string
	linkedin []string
	source   string
	conf     float64
	order    int  // line index of the sighting, for output order
	outside  bool // seen in a context that is not the organisation's current people
}

// extractor holds the state of one Extract call.
type extractor struct {
	p           *page
	cands       []cand
	underRole   []string                   // per line: the group heading over a list of bare names (namesUnder)
	lineItems   [][]listItem               // names of lines that consist of names
	labels      [][]labelHit               // labels of each line
	personLine  []bool                     // the line names a person (any extractor)
	roleLine    []bool                     // a line that reads like a name but is the role of the name above it
	tableHeads  map[*xhtml.Node]*tableHead // header facts per table (head)
	cellCols    map[*xhtml.Node]int        // column of each table cell seen (cellCol)
	extraRoles  map[int][]role             // roles a line inherits from an enclosing section
	outside     []bool                     // the line is in a history, partner or credits context
	body        []string                   // the governing body whose section the line is in ("Vorstand")
	persons     []int                      // prefix sums of personLine
	chars       []int                      // prefix sums of line lengths
	titlePeople bool                       // the page's title names people (namesPeople)
	// leadLine: the line is one of a repeated "<b>label</b> – names"
	// structure (boldLeads) whose label is its names' role: the label
	// names a role, or one of its two or more names is a known given name.
	leadLine map[int]bool
	// profileLinked: the line's one name links to a page whose address
	// spells it, in a folder that holds two or more such pages.
	profileLinked []bool
}

// prepare parses every short line as a possible name line.
func (x *extractor) prepare() {
	n := len(x.p.lines)
	x.lineItems = make([][]listItem, n)
	x.personLine = make([]bool, n)
	x.roleLine = make([]bool, n)
	x.labels = make([][]labelHit, n)
	x.titlePeople = namesPeople(x.p.title)
	x.joinSplitNames()
	for i, ln := range x.p.lines {
		x.labels[i] = findLabels(ln.text)
		// Name lines are short and start with a capital (or a title,
		// which starts with one too); skipping the rest early is most of
		// the extractor's speed.
		if ln.text == "" || len(ln.text) > 400 || len(ln.text) > 200 && !listLine(ln.text) ||
			!unicode.IsUpper(firstRune(ln.text)) && !lowerTitleStart(ln.text) || wordCount(ln.text) > 40 {
			continue
		}
		items := parseNameList(withoutNativeName(ln.text), modeLine)
		if len(items) == 0 && len(ln.emails)+len(ln.phones) > 0 {
			// "Herr Dr. Kamran Ghaffari Mail schreiben": a name, then the
			// text of its mail or phone link.
			if np, rest, ok := namePrefix(ln.text, false); ok && rest != "" && contactField(rest) {
				items = []listItem{{np: np}}
			} else if head := beforeContacts(ln); head != "" {
				// "Lorenz Sieben, Vorsitzender (lorenz@… , PGP-Key": the
				// name and role, then the person's own contact details.
				if it := parseNameList(head, modeLine); len(it) == 1 && len(it[0].roles) > 0 {
					items = it
				} else if np, rest, ok := namePrefix(head, false); ok && len(it) == 0 {
					// "Heike Hoppmann, Kontakt für Medienanfragen, AX
					// Semantics, heike.hoppmann@…": role and employer.
					// Only a position or a label is a role here: a
					// department ("Logistik") may be a partner's, an
					// address or a firm follows in the next parts.
					if r, _, _ := strings.Cut(rest, ","); (positionRule(r) || len(findLabels(r)) > 0) &&
						!strings.ContainsAny(r, "0123456789") && !isCompany(r) {
						items = []listItem{{np: np, roles: []string{strings.TrimSpace(r)}}}
					}
				}
			}
		}
		if len(items) == 0 {
			// "Waaka, Tamati" in a table's name column.
			if np, ok := x.nameColumnEntry(i); ok {
				items = []listItem{{np: np, inverted: true}}
			}
		}
		if len(items) == 0 {
			if it, ok := capsNameRole(ln.text); ok {
				items = []listItem{it}
			}
		}
		if len(items) > 0 {
			x.lineItems[i] = items
			x.personLine[i] = true
		}
	}
	x.dropLoneDesignations()
	x.siblingShapes()
	x.invertedCards()
	x.boldLeads()
	x.flipInverted()
}

// beforeContacts returns the part of line ln before its first e-mail
// address or phone number as written, with the bracket or label that
// introduces them ("Tel.", "E-Mail:") cut too; "" when the line has no
// such text or nothing before it.
func beforeContacts(ln line) string {
	k := len(ln.text)
	for _, c := range append(append([]string(nil), ln.emails...), ln.phones...) {
		j := strings.Index(ln.text, c)
		if at := strings.IndexByte(c, '@'); j < 0 && at >= 3 {
			// "tawia(at)verein.de": the address as written.
			j = strings.Index(ln.text, c[:at])
		}
		if j >= 0 && j < k {
			k = j
		}
	}
	if k == len(ln.text) {
		return ""
	}
	head := strings.TrimRight(ln.text[:k], " ,;:([<|/–-")
	for {
		w := head[strings.LastIndexAny(head, " ,;(")+1:]
		if !contactFieldWords[fold(strings.TrimRight(w, ":."))] {
			break
		}
		head = strings.TrimRight(head[:len(head)-len(w)], " ,;:([<|/–-")
	}
	return head
}

// dropLoneDesignations undoes the name lines whose only evidence of a
// designation is their own: "Ronald F. Rearick, PHP" counts when the page
// writes PHP after two or more names (a chapter's past high priests), not
// "Jane Doe, KPMG" under one testimonial.
func (x *extractor) dropLoneDesignations() {
	count := map[string]int{}
	for _, items := range x.lineItems {
		for _, it := range items {
			if it.desig != "" {
				count[it.desig]++
			}
		}
	}
	if len(count) == 0 {
		return
	}
	for i, items := range x.lineItems {
		for _, it := range items {
			if it.desig != "" && count[it.desig] < 2 {
				x.lineItems[i], x.personLine[i] = nil, false
				break
			}
		}
	}
}

// joinSplitNames joins a name that a heading or a bold element breaks over
// two lines: "<h3>Marc<br>Roncador</h3>", two single capitalised words that
// form a name together but are none alone, and "<b>Julio Aguado<br>Arrabé</b>",
// a name whose last family name (or particles and family names, "de Ahumada
// Díez") the break puts on a line of its own.
func (x *extractor) joinSplitNames() {
	lines := x.p.lines
	for i := 0; i+1 < len(lines); i++ {
		a, b := &lines[i], &lines[i+1]
		if a.node == nil || a.node != b.node || !(a.heading > 0 || a.emph || x.inlineNameBox(i)) || a.text == "" || b.text == "" ||
			!unicode.IsUpper(firstRune(a.text)) || !nameTail(b.text) {
			continue
		}
		if strings.ContainsRune(a.text, ' ') || strings.ContainsRune(b.text, ' ') {
			if _, ok := parseName(b.text); ok {
				continue // two names, one a line
			}
		}
		joined := a.text + " " + b.text
		if _, ok := parseName(joined); !ok {
			continue
		}
		a.text = joined
		a.emails = append(a.emails, b.emails...)
		a.phones = append(a.phones, b.phones...)
		a.linkedin = append(a.linkedin, b.linkedin...)
		b.text, b.emails, b.phones, b.linkedin = "", nil, nil, nil
		i++
	}
}

// inlineNameBox reports whether lines i and i+1 are all of an inline
// element and one word each: "<span>Mandy<br>Arnold</span>", a card's name
// box that a <br> breaks into given and family name.
func (x *extractor) inlineNameBox(i int) bool {
	a, b := x.p.lines[i], x.p.lines[i+1]
	if blockTags[a.node.DataAtom] || strings.ContainsRune(a.text, ' ') || strings.ContainsRune(b.text, ' ') {
		return false
	}
	// The range is taken when the element closes, before its last line is
	// flushed: the box starts at line i, and the line after b is not its.
	from, _, ok := x.p.lineRange(a.node)
	return ok && from == i && (i+2 == len(x.p.lines) || x.p.lines[i+2].node != a.node)
}

// nameTail reports whether s can be the end of a name broken over two
// lines: up to three words, each a capitalised name word or a lower-case
// particle, the first capitalised or a particle, and no role word.
func nameTail(s string) bool {
	ws := strings.Fields(s)
	if len(ws) == 0 || len(ws) > 3 || hasRoleKeyword(s) {
		return false
	}
	for k, w := range ws {
		switch {
		case particles[fold(w)] && unicode.IsLower(firstRune(w)) && k < len(ws)-1:
		case nameWord(w) && unicode.IsUpper(firstRune(w)):
		default:
			return false
		}
	}
	return true
}

// listLine reports whether a long line is a list of entries ("A (Vorsitzende)
// | B (Kassierin) | …"): only such long lines can still be name lines.
func listLine(s string) bool {
	return strings.Count(s, "|")+strings.Count(s, "•")+strings.Count(s, "·")+strings.Count(s, ";") >= 2
}

// add records a candidate from a list item.
func (x *extractor) add(it listItem, labelRoles []role, src string, conf float64, order int) int {
	c := cand{np: it.np, source: src, conf: conf, order: order}
	if it.np.profession != "" {
		c.roles = append(c.roles, role{text: it.np.profession})
	}
	for _, r := range labelRoles {
		if r.generic && len(it.roles) > 0 {
			continue
		}
		if strings.HasSuffix(r.text, ")") {
			// "Chief Executive Officer (2018)": the year the office began
			// is no part of the role.
			r.text = joinedYear.ReplaceAllString(r.text, "")
		}
		c.roles = append(c.roles, r)
	}
	for _, r := range it.roles {
		c.roles = append(c.roles, role{text: r})
	}
	c.emails = append(c.emails, it.emails...)
	c.phones = append(c.phones, it.phones...)
	x.cands = append(x.cands, c)
	idx := len(x.cands) - 1
	if order >= 0 && order < len(x.personLine) {
		x.personLine[order] = true
	}
	return idx
}

// sums builds the prefix sums used to count people and text in a range.
func (x *extractor) sums() {
	n := len(x.p.lines)
	x.persons = make([]int, n+1)
	x.chars = make([]int, n+1)
	for i, ln := range x.p.lines {
		x.persons[i+1] = x.persons[i]
		if x.personLine[i] {
			x.persons[i+1]++
		}
		x.chars[i+1] = x.chars[i] + len(ln.text)
	}
}

// attachContacts gives the contact facts of line l to candidate ci.
func (x *extractor) attachContacts(ci int, l *line) {
	c := &x.cands[ci]
	c.emails = append(c.emails, l.emails...)
	c.phones = append(c.phones, l.phones...)
	c.linkedin = append(c.linkedin, l.linkedin...)
}

// lowerTitleStart reports whether a line starts with an academic title
// written in lower case, as Slovenian, Croatian and Swiss pages do ("dr.
// Zoran Novak", "lic. phil. Anna Muster").
func lowerTitleStart(s string) bool {
	w, _, _ := strings.Cut(s, " ")
	return unicode.IsLower(firstRune(w)) && strings.HasSuffix(w, ".") && isTitleTok(w)
}
