package people

import (
	"regexp"
	"strconv"
	"strings"
	"unicode"

	"github.com/abmsync/abmsync/keycontacts/roles"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Not every person a page names is a key contact of its organisation. The
// context of a sighting tells: a section about the past ("Chronik",
// "Ehemalige Vorstände", "History"), about other organisations ("Partner",
// "Kunden", "Investoren", "in Kooperation mit"), credits for photos, and
// words right before the name ("Amtsnachfolger von", "ehemaliger", "former",
// a closed span of years "1998–2010"). A person seen only in such contexts
// is dropped; one also seen elsewhere on the page is kept.

// zoneHeading matches headings that open a section whose names are not the
// organisation's current people. Emeritus board members and trustees are
// honorary, without a current office ("Emeritus Board Members", "Trustees
// Emeriti"), as LABELLING.md settles for honorary members.
var zoneHeading = regexp.MustCompile(`(?i)^\W*(?:unsere\s+|our\s+)?(?:chronik|geschichte|historie|history|vereinsgeschichte|firmengeschichte|` +
	`ehemalige\w*|fr(?:ü|ue)here\w*|former\s+\w+|past\s+\w+|previous\s+\w+|vorherige\w*|bisherige\w*|alumni|in\s+memoriam|nachruf\w*|verstorben\w*|deceased\b|emerit(?:us|i|a|ae)\b|(?:trustees|directors|governors|(?:board\s+)?members|board)\s+emerit(?:us|i|a|ae)\b|ehrenmitglied\w*|honorary\s+(?:life(?:time)?\s+)?members?|life\s+members?|` +
	`partner(?:unternehmen|firmen|schaften)?|unsere\s+partner|kooperationspartner\w*|netzwerkpartner\w*|(?:our\s+)?partners|` +
	`kunden(?:stimmen)?|referenzen|testimonials?|what\s+(?:our\s+)?clients\s+say|customers|clients|investor(?:en|s)|` +
	`sponsoren|sponsors|förderer|foerderer|bildnachweis\w*|bildquellen|fotonachweis\w*|photo\s+credits?|image\s+credits?|` +
	`quellenangaben?|credits)\b`)

// pastWords say that the people under a heading held an office before or
// hold it in honour only; a topic word ("History", "Partner") does not.
var pastWords = regexp.MustCompile(`(?i)^\W*(?:(?:our|unsere)\s+)?(?:ehemalige|fr(?:ü|ue)here|former|past|previous|vorherige|bisherige|alumni|in\s+memoriam|verstorben|deceased|emerit|honorary|ehrenmitglied|life\s+members)`)

// deceasedEstates is a law firm's practice area or a bank's service ("Deceased
// Estates", "Deceased's Estates & Probate", "Deceased Customer Support"), not
// a section of the dead.
var deceasedEstates = regexp.MustCompile(`(?i)^\W*deceased(?:['’]s)?\s+(?:estates?|persons?|customers?|accounts?)\b`)

// topicWords open a zone as a topic ("History Chair", "Sponsors
// Coordinator", "Partner Relations Manager"); every other zone word opens
// one by itself ("Netzwerkpartner Rechtsanwälte").
var topicWords = wordSet(`history geschichte chronik historie partner partners sponsors sponsoren clients customers
	kunden investors`)

// topicJoiners join a topic to what it is about: a heading with one is a
// section, not an office.
var topicJoiners = wordSet(`of der des the und and & von`)

// topicOffice reports whether a zone heading is an office named after its
// topic ("History Chair", "Partner Relations Manager", "Sponsors
// Coordinator"): a heading of at most four words whose last word is a
// role word, without a word of the past before it.
func topicOffice(h string) bool {
	t := trimPunct(h, true)
	w := strings.Fields(t)
	if len(w) < 2 || len(w) > 4 || pastWords.MatchString(t) || !topicWords[fold(w[0])] && zoneHeading.MatchString(w[0]) {
		return false
	}
	for _, x := range w[1:] {
		if topicJoiners[fold(x)] {
			// "Geschichte der Vorsitzenden": a history of offices.
			return false
		}
	}
	// "Netzwerkpartner & Partner": the last word opens a zone itself.
	last := w[len(w)-1]
	return hasRoleWord(last) && !zoneHeading.MatchString(last)
}

// clientPitch is a page's pitch about its clients set as a heading ("Our
// clients range from research laboratories … to government agencies."),
// not the label of a section of clients' testimonials.
var clientPitch = regexp.MustCompile(`(?i)^\W*(?:our\s+)?(?:clients|customers)\s+(?:range|include|span|come|comprise|are)\b`)

// proseHeading reports whether a heading is such a pitch: a sentence of
// more than five words. Former people, partners and "what our clients
// say" open their zones however they are written.
func proseHeading(s string) bool {
	s = strings.TrimSpace(s)
	return wordCount(s) > 5 && strings.HasSuffix(s, ".") && clientPitch.MatchString(s)
}

// zoneStart are the first words of zoneHeading's headings, folded: a cheap
// test before the regular expression.
var zoneStart = wordSet(`unsere unser our chronik geschichte historie history vereinsgeschichte firmengeschichte
	ehemalige ehemaliger ehemaligen früher frühere früheren former past previous vorherige vorherigen bisherige
	bisherigen alumni in nachruf nachrufe verstorben deceased emeritus emeriti emerita emeritae trustees directors
	governors members board
	verstorbene ehrenmitglied ehrenmitglieder honorary life partner partnerunternehmen partnerfirmen partnerschaften
	kooperationspartner netzwerkpartner partners kunden kundenstimmen referenzen testimonial testimonials what
	customers clients investoren investors sponsoren sponsors förderer foerderer bildnachweis bildnachweise
	bildquellen fotonachweis fotonachweise photo image quellenangabe quellenangaben credits`)

// creditLine matches lines that credit outside people or name another
// organisation's people: photographers, cooperation partners.
var creditLine = regexp.MustCompile(`(?i)^\W*(?:(?:(?:fotos?|fotografie|fotograf(?:in)?|photos?|photography|photographer|bilder|` +
	`bildnachweis\w*|bildquellen?|fotonachweis\w*|bildrechte|image\s+credits?|photo\s+credits?|titelbild)\s*(?::|©|\(c\)|von\b|by\b))|` +
	`(?:bildnachweis|fotonachweis|photo\s+credits?|image\s+credits?)\b|` +
	`(?:web\s?design|website|webseite|homepage|site|realisierung|konzept\s+(?:&|und)\s+design)\s*(?::|by\b|von\b|durch\b|\s+[A-ZÄÖÜ])|` +
	`(?:in\s+)?kooperation\s+mit|in\s+zusammenarbeit\s+mit|in\s+cooperation\s+with|in\s+partnership\s+with|` +
	`gef(?:ö|oe)rdert\s+(?:durch|von)|funded\s+by|sponsored\s+by)`)

// creditStart are the first words of creditLine's lines, folded: a cheap
// test before the regular expression, which would otherwise run on every
// line of every page.
var creditStart = wordSet(`foto fotos fotografie fotograf fotografin photo photos photography photographer bilder
	bildnachweis bildnachweise bildquelle bildquellen fotonachweis fotonachweise bildrechte image titelbild in
	kooperation gefördert gefoerdert funded sponsored web webdesign website webseite homepage site realisierung
	konzept`)

// firstWordFolded returns the first run of letters of s, folded.
func firstWordFolded(s string) string {
	start := -1
	for i, r := range s {
		if unicode.IsLetter(r) {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			return fold(s[start:i])
		}
	}
	if start < 0 {
		return ""
	}
	return fold(s[start:])
}

// formerCue matches words that make the name after them a past or outside
// office holder. Only the text shortly before the name is read.
var formerCue = regexp.MustCompile(`(?i)(?:amts)?(?:nachfolger|vorg(?:ä|ae)nger)(?:in)?\s+(?:von|des|der|im\s+amt)|` +
	`\behemal(?:s|ige[rnms]?)\b|\bfr(?:ü|ue)here[rnms]?\b|\bformer(?:ly)?\b|\bpast\s+(?:president|chair)|\bbis\s+(?:19|20)\d\d\b|` +
	`\b(?:19|20)\d\d\s*(?:-|–|—|bis|to)\s*(?:19|20)\d\d\b|\bverstorben|\bin\s+memoriam|\bgr(?:ü|ue)ndungsmitglied`)

// bodyHeadingTrim removes what may surround the name of a governing body
// in a heading: articles, possessives and "current" ("Our Current
// Trustees"), "des Vereins", "of the company", a term of years ("Board of
// Directors 1995 – 2018", "Vorstand 2023/24").
var bodyHeadingTrim = regexp.MustCompile(`(?i)^(?:(?:der|die|das|unser(?:e|er)?|our|the|current|present|aktuelle[rnm]?|amtierende[rnm]?|derzeitige[rnm]?)\s+)+|` +
	`\s+(?:des|der|of\s+the|of)\s+[\p{L} .-]+$|\s*(?:19|20)\d\d(?:\s*[-–—/]\s*(?:(?:19|20)?\d\d|present|heute))?\s*$|\s*:$`)

// bodyOf keeps the governed part of "Board of Directors", "Board of
// Trustees", "Board of Governors": the trim above would cut it as if it
// named the organisation.
var bodyOf = regexp.MustCompile(`(?i)\s+of\s+(?:directors|trustees|governors|regents|management|managers|stewards)\s*:?\s*$`)

// pressGroup matches a heading over a page's press contacts ("Press
// Contacts", "Pressekontakte", "Media Relations"): like a body's heading,
// it gives everyone listed under it that role, whatever region or topic
// their own sub-heading names.
var pressGroup = regexp.MustCompile(`(?i)^(?:press|media|presse|medien)[\s-]*(?:contacts?|kontakte?|enquiries|inquiries|relations|ansprechpartner\w*)$|^pressekontakte?$|^medienkontakte?$`)

// bodyTail is a board's noun at the end of a longer heading.
var bodyTail = regexp.MustCompile(`(?i)\s(?:committee|trustees|board\s+of\s+(?:directors|trustees|governors)|board|vorstand|vorstandschaft|ausschuss)$`)

// singleOffice matches a heading that names one office, not a body
// ("Executive Director:", "President"): it is the role of the person right
// under it, not of everyone in the section.
var singleOffice = regexp.MustCompile(`(?i)^(?:executive\s+|managing\s+|general\s+)?(?:director|president|chair(?:man|woman|person)?|secretary|treasurer|manager|officer|ceo)$`)

// outsideGroup matches a sub-heading inside a body's section that names
// people who are not members of the body ("Consultants", "Advisors",
// "Staff", "Geschäftsstelle"): the body's office ends there.
var outsideGroup = regexp.MustCompile(`(?i)^(?:our\s+|unsere\s+)?(?:consultants?|advis[oe]rs?|advisory\b.*|berater\w*|beirat\w*|staff|office|mitarbeiter\w*|geschäftsstelle|geschaeftsstelle|sekretariat|volunteers?|helfer\w*|kassenpr(?:ü|ue)fer\w*|rechnungspr(?:ü|ue)fer\w*|revisor\w*|auditors?|ehrenmitglied\w*|honorary\s+members?)\b`)

// bodyWords is a cheap first test for bodyHeading: the words of governing
// bodies, folded.
var bodyWords = regexp.MustCompile(`vorstand|board|beisitz|geschaeftsf|geschaeftsleit|aufsicht|verwaltungsrat|praesid|trustee|director|management|leitung|executive|leadership|officer|council|ausschuss|obm|committee|beirat|partner|inhaber|owner|kurator|stiftungsrat|gesellschafter|direktion|direktori|kollegium`)

// bodyHeading returns the heading's text when it names a governing body
// of the organisation ("Vorstand", "Vorstandsmitglieder", "Geschäftsleitung",
// "Board of Directors", "Aufsichtsrat"), else "". Everyone listed under such
// a heading holds that office as well as the function on their card, as a
// reader of the page understands it ("Vorstand: Kassier").
func bodyHeading(text string) string {
	t := strings.TrimSpace(trimPunct(text, true))
	of := bodyOf.FindString(t)
	t = strings.TrimSpace(bodyHeadingTrim.ReplaceAllString(strings.TrimSuffix(t, of), ""))
	if of != "" {
		t += " " + strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(of), ":"))
	}
	if t == "" || singleOffice.MatchString(t) {
		return ""
	}
	if len(t) > 60 || wordCount(t) > 4 || strings.ContainsAny(t, "&,/+0123456789") {
		// "2/24 Battalion Association Committee": the organisation's name
		// before its board; only the board's noun is the office.
		if m := bodyTail.FindString(t); m != "" && len(t) <= 100 && roles.Classify(t).Function == roles.FunctionBoard {
			return strings.TrimSpace(m)
		}
		return ""
	}
	if pressGroup.MatchString(t) {
		return t
	}
	f := fold(t)
	for _, w := range []string{" und ", " and ", " team", "team ", "mitarbeit", "staff", "kontakt", "contact"} {
		if strings.Contains(" "+f+" ", w) {
			return ""
		}
	}
	if !bodyWords.MatchString(f) {
		return ""
	}
	if _, ok := parseName(t); ok {
		return ""
	}
	switch roles.Classify(t).Function {
	case roles.FunctionBoard, roles.FunctionSupervisoryBoard, roles.FunctionExecutive:
		return t
	}
	return ""
}

// outsideLabel finds outsideGroup's auditors inside a label sentence
// ("Des Weiteren sind die folgenden Kassenprüfer gewählt:").
var outsideLabel = regexp.MustCompile(`(?i)\b(?:kassenpr(?:ü|ue)fer\w*|rechnungspr(?:ü|ue)fer\w*|revisor(?:en|innen)?|auditors?|consultants|advis[oe]rs)\b`)

// staleSections marks the headings of dated sections that a newer
// sibling replaces: of "Vorstand 2025", "Vorstand 2024", "Vorstand 2023"
// at one level only the newest is the current board; the others are
// history.
func (x *extractor) staleSections() map[int]bool {
	type entry struct {
		line int
		t    term
	}
	groups := make(map[string][]entry)
	for i := range x.p.lines {
		ln := &x.p.lines[i]
		if ln.heading == 0 || len(ln.text) > 80 {
			continue
		}
		loc := yearSpanIn.FindStringIndex(ln.text)
		if loc == nil {
			continue
		}
		t, ok := termOf(ln.text[loc[0]:loc[1]])
		if !ok {
			continue
		}
		key := string(rune('0'+ln.heading)) + fold(yearSpanIn.ReplaceAllString(ln.text, ""))
		if whole, ok := termOf(ln.text); ok && whole.span {
			// "2022/2023", "2024/25": headings that are only a span of
			// years are one series whatever their level (a page may tag
			// one of them h1 by mistake). Level bytes are '1'…'6', so
			// "0" never meets a real level; a single year ("2024" over
			// news) keeps its level.
			key = "0"
		}
		groups[key] = append(groups[key], entry{i, t})
	}
	// A series (one text, several years) dates its level: every dated
	// heading of that level whose term ended by the series' newest start is
	// history too ("Gründungsversammlung 2017" under "Mitgliederversammlung
	// 2025"; term.endedBy, as for term rows).
	newest := make(map[byte]int)
	for key, es := range groups {
		if len(es) < 2 {
			continue
		}
		for _, e := range es {
			newest[key[0]] = max(newest[key[0]], e.t.start)
		}
	}
	var stale map[int]bool
	for key, es := range groups {
		n, ok := newest[key[0]]
		if !ok {
			continue
		}
		for _, e := range es {
			if e.t.endedBy(n) {
				if stale == nil {
					stale = make(map[int]bool)
				}
				stale[e.line] = true
			}
		}
	}
	return stale
}

// yearSpanIn is a year in a heading, with the end of its span when it has
// one ("Vorstand 2024/25", "Committee 2019-2021").
var yearSpanIn = regexp.MustCompile(`\b(?:19|20)\d\d(?:\s*[/–—-]\s*(?:\d{4}|\d{2})\b)?`)

// titleSeps split a document title into its parts ("Board of Directors –
// Example Club – City").
var titleSeps = []string{" – ", " — ", " - ", " | ", " · ", " :: ", " » ", ": "}

// titleParts splits a document title at its separators (titleSeps).
func titleParts(title string) []string {
	parts := []string{title}
	for _, sep := range titleSeps {
		var next []string
		for _, p := range parts {
			next = append(next, strings.Split(p, sep)...)
		}
		parts = next
	}
	return parts
}

// titleBody returns the board a page's title names ("Our Board", "Board
// of Trustees – Example Club"), or "". Only boards: a title such as
// "Management" or "Team" says nothing about each person's office.
func titleBody(title string) string {
	if title == "" || len(title) > 200 || !bodyWords.MatchString(fold(title)) {
		return ""
	}
	for _, p := range titleParts(title) {
		if !bodyWords.MatchString(fold(p)) {
			continue
		}
		if b := bodyHeading(p); b != "" && roles.Classify(b).Function == roles.FunctionBoard {
			return b
		}
	}
	return ""
}

// closedSpanAfter matches a closed span of years that follows a name.
var closedSpanAfter = regexp.MustCompile(`^[\s,:]{0,3}\(?\s*(?:19|20)\d\d\s*(?:-|–|—|to|bis)\s*(?:19|20)\d\d\s*\)`)

// contextMarks computes, for every line, whether names on it sit in a
// section or line that is not about the organisation's current people, and
// the governing body whose section it is in.
func (x *extractor) contextMarks() {
	lines := x.p.lines
	x.outside = make([]bool, len(lines))
	x.body = make([]string, len(lines))
	zoneLevel := 0 // heading level that opened the zone; 7 for a bold line; 0 for none
	bodyLevel, body := 0, ""
	// A page titled after a board ("Our Board", "Board of Trustees –
	// Example Club") lists its members: the office holds until the first
	// heading that opens something else.
	pageBody := titleBody(x.p.title)
	stale := x.staleSections()
	staleRow := x.staleTermRows()
	for i := range lines {
		ln := &lines[i]
		level := ln.heading
		if level == 0 && ln.emph && len(ln.text) < 80 {
			level = 7
		}
		if ln.heading > 0 && len(ln.text) < 120 {
			b := bodyHeading(ln.text)
			switch {
			case b != "":
				bodyLevel, body = ln.heading, b
			case bodyLevel > 0 && ln.heading <= bodyLevel:
				bodyLevel, body = 0, ""
			}
			if b == "" && pageBody != "" && len(x.lineItems[i]) == 0 {
				if _, kw := roleLike(ln.text); !kw {
					pageBody = ""
				}
			}
		}
		if (body != "" || pageBody != "") && len(ln.text) < 120 &&
			(level > 0 && len(ln.text) < 80 && outsideGroup.MatchString(trimPunct(ln.text, true)) ||
				strings.HasSuffix(ln.text, ":") && outsideLabel.MatchString(ln.text)) {
			bodyLevel, body, pageBody = 0, "", ""
		}
		if bodyLevel > 0 && ln.heading == 0 || ln.heading > bodyLevel {
			x.body[i] = body
		}
		if x.body[i] == "" {
			x.body[i] = pageBody
		}
		if level > 0 && len(ln.text) < 120 {
			switch {
			case stale[i] || zoneStart[firstWordFolded(ln.text)] && zoneHeading.MatchString(ln.text) && !proseHeading(ln.text) && !x.firmPartners(i) &&
				!topicOffice(ln.text) && !deceasedEstates.MatchString(ln.text):
				zoneLevel = level
				x.outside[i] = true
				continue
			case zoneLevel > 0 && level <= zoneLevel:
				zoneLevel = 0
			}
		}
		if zoneLevel > 0 || staleRow[i] {
			x.outside[i] = true
			continue
		}
		if len(ln.text) < 300 && creditStart[firstWordFolded(ln.text)] && creditLine.MatchString(ln.text) {
			x.outside[i] = true
			// "Fotos:" alone on its line credits the line after it.
			if i+1 < len(lines) && len(strings.TrimSpace(trimPunct(ln.text, true))) < 30 && wordCount(ln.text) <= 3 {
				x.outside[i+1] = true
			}
		}
	}
}

// partnerTitle is a partner's position in a firm ("Partner", "Managing
// Partner", "Partnerin").
var partnerTitle = regexp.MustCompile(`(?i)^(?:(?:senior|managing|equity|founding|name|salaried|junior)\s+)?partner(?:in)?$`)

// barePartners is a heading that is only "Partners" ("Our Partners",
// "Partner", "Partnerinnen und Partner").
var barePartners = regexp.MustCompile(`(?i)^(?:(?:our|unsere|die)\s+)?partner(?:s|innen(?:\s+und\s+partner)?)?$`)

// firmPartners reports whether the partners' heading on line i heads the
// firm's own partners: the first name under it has "Partner" as its role
// on the line after it ("<h2>Partners</h2><h3>Name</h3><span>Partner</span>").
func (x *extractor) firmPartners(i int) bool {
	if !barePartners.MatchString(trimPunct(x.p.lines[i].text, true)) {
		// "Former Partners", "Kooperationspartner": not the firm's own.
		return false
	}
	for k := i + 1; k < len(x.p.lines) && k <= i+6; k++ {
		if x.personLine[k] {
			for j := k + 1; j < len(x.p.lines) && j <= k+2; j++ {
				if t := trimPunct(x.p.lines[j].text, true); t != "" {
					// "Partner", "Rechtsanwalt, Partner", "Partner | Tax".
					for _, part := range strings.FieldsFunc(t, func(r rune) bool { return strings.ContainsRune(",;/|·–", r) }) {
						if partnerTitle.MatchString(strings.TrimSpace(part)) {
							return true
						}
					}
					return false
				}
			}
			return false
		}
	}
	return false
}

// formerBefore reports whether the text shortly before the name on line l
// says the person held the role in the past or belongs elsewhere.
func formerBefore(text string, np nameParts) bool {
	at := -1
	for _, s := range []string{np.full, np.family} {
		if s == "" {
			continue
		}
		if k := strings.Index(text, s); k >= 0 {
			at = k
			break
		}
	}
	if at < 0 {
		return false
	}
	// "Bobby Adams (1995-1997)": a closed span of years right after the
	// name is a past term; "(2014-Present)" is a current one.
	nameLen := len(np.full)
	if !strings.HasPrefix(text[at:], np.full) {
		nameLen = len(np.family)
	}
	if closedSpanAfter.MatchString(text[at+nameLen:]) {
		return true
	}
	if at == 0 {
		return false
	}
	from := max(0, at-60)
	// Only the clause the name is in: stop at the last sentence or list
	// boundary before it.
	pre := text[from:at]
	if k := strings.LastIndexAny(pre, ".;|•"); k >= 0 && k < len(pre)-1 && !strings.HasSuffix(strings.TrimSpace(pre[:k+1]), "Dr.") {
		pre = pre[k+1:]
	}
	return formerCue.MatchString(pre)
}

// leadershipRole reports whether one of the roles already names a seat in
// a governing body, which a body heading would only blur ("Präsident des
// Verwaltungsrates" under "Geschäftsleitung").
//
// seen caches the answer per role text: a board's list of thousands of
// names repeats one role.
func leadershipRole(rs []role, seen map[string]bool) bool {
	for _, r := range rs {
		lead, ok := seen[r.text]
		if !ok {
			switch roles.Classify(r.text).Function {
			case roles.FunctionBoard, roles.FunctionSupervisoryBoard, roles.FunctionExecutive, roles.FunctionOwner:
				lead = true
			}
			seen[r.text] = lead
		}
		if lead {
			return true
		}
	}
	return false
}

// officerWords are the offices an association's board hands out among its
// members; chiefExec marks the titles that run a company instead.
var (
	officerWords = regexp.MustCompile(`(?i)\b(?:vice[- ]?)?(?:president|chair\w*)\b|\bsecretary\b|\btreasurer\b|(?:vize)?pr(?:ä|ae)sident\w*`)
	chiefExec    = regexp.MustCompile(`(?i)\bceo\b|chief|managing|executive|general\s+manager|gesch(?:ä|ae)ftsf`)
)

// officerOf reports whether the roles are officers' roles of the board b
// (and not already read as the board): a president, chair, secretary or
// treasurer listed in a board's section, not a company's chief executive.
func officerOf(b string, rs []role) bool {
	officer := false
	for _, r := range rs {
		if officerWords.MatchString(r.text) {
			officer = true
		}
	}
	if !officer || roles.Classify(b).Function != roles.FunctionBoard {
		return false
	}
	officer = false
	for _, r := range rs {
		switch {
		case chiefExec.MatchString(r.text):
			return false
		case roles.Classify(r.text).Function == roles.FunctionBoard:
			return false
		case officerWords.MatchString(r.text):
			officer = true
		}
	}
	return officer
}

// applyContext flags the candidates seen outside the organisation's
// current people (merge drops a person all of whose sightings are flagged)
// and gives everyone in a governing body's section that office as a role.
func (x *extractor) applyContext() {
	lead := map[string]bool{}
	for i := range x.cands {
		c := &x.cands[i]
		if c.order < 0 || c.order >= len(x.p.lines) {
			continue
		}
		if x.outside[c.order] || formerBefore(x.p.lines[c.order].text, c.np) {
			c.outside = true
		}
		switch b := x.body[c.order]; {
		case b == "":
		case officerOf(b, c.roles):
			// "President", "Secretary" of a board are its officers: the
			// board names their function, the office their seat in it.
			c.roles = append([]role{{text: b}}, c.roles...)
		case !leadershipRole(c.roles, lead):
			c.roles = append(c.roles, role{text: b})
		}
	}
}

// termCell is a cell or heading that holds only a term of office:
// "1993/4", "1994-2006", "2015/17", "seit 2022", "2019 – heute", "2017-",
// "von 1994 bis 2006", "(1994-2006)", "1994-2006:".
var termCell = regexp.MustCompile(`(?i)^\(?\s*(seit|since|ab|from|von)?\s*((?:19|20)\d\d)\s*(?:(/|-|–|—|bis|to)\s*(\d{1,4}|heute|today|present|current|now|jetzt|dato|date)?)?\s*\)?\s*:?$`)

// term is a term of office read from a cell: its first and last year (the
// last is 9999 while it runs) and whether it is written as a span.
type term struct {
	start, end int
	span       bool
}

// endedBy reports whether the term is history beside a newer one that
// began in year newest: it began earlier and ended by then. A term that
// overlaps the newest (a board elected in staggered years) is current.
func (t term) endedBy(newest int) bool { return t.start < newest && t.end <= newest }

// termOf reads a term cell; ok is false when t is no term.
func termOf(t string) (term, bool) {
	m := termCell.FindStringSubmatch(strings.TrimSpace(t))
	if m == nil {
		return term{}, false
	}
	start, _ := strconv.Atoi(m[2])
	prefix, sep, end := strings.ToLower(m[1]), m[3], m[4]
	out := term{start: start, end: start, span: sep != "" || prefix != ""}
	switch {
	case end != "" && end[0] >= '0' && end[0] <= '9':
		// "ab 2010 bis 2015" is closed; "1993/4", "2015/17" write the
		// end year short.
		n, _ := strconv.Atoi(end)
		if len(end) < 4 {
			p := 1
			for range len(end) {
				p *= 10
			}
			n += start / p * p
			if n < start {
				n += p
			}
		}
		if n < start {
			return term{}, false // "2099-1900" is no term
		}
		out.end = n
	case end != "" || sep != "" || prefix != "":
		// "2019 – heute", "2017-", "seit 2022": still running.
		out.end = 9999
	}
	return out, true
}

// staleTermRows marks the lines of table rows that hold a past term of an
// office: in a table whose rows open with a term ("1994-2006 | Alf
// Holdstock", "2006-2017 | Jim Williams"), a row whose term ended by the
// time the newest began is the office's history (term.endedBy); a table of
// single years ("Im Team seit 1998") is no list of terms.
func (x *extractor) staleTermRows() map[int]bool {
	type rowInfo struct {
		table *html.Node
		t     term
		ok    bool
	}
	rows := make(map[*html.Node]rowInfo)
	newest := make(map[*html.Node]int) // latest start of a term in the table
	spans := make(map[*html.Node]int)
	lineRow := make([]*html.Node, len(x.p.lines))
	for i := range x.p.lines {
		if x.p.lines[i].text == "" {
			continue // no sighting starts on an empty line
		}
		tr := enclosing(x.p.lines[i].node, atom.Tr)
		if tr == nil {
			continue
		}
		lineRow[i] = tr
		if _, seen := rows[tr]; seen {
			continue
		}
		info := rowInfo{table: enclosing(tr, atom.Table)}
		if cell := nthCell(tr, 0); cell != nil && info.table != nil {
			info.t, info.ok = termOf(nodeText(cell, 40))
		}
		rows[tr] = info
		if info.ok {
			newest[info.table] = max(newest[info.table], info.t.start)
			if info.t.span {
				spans[info.table]++
			}
		}
	}
	var stale map[int]bool
	for i, tr := range lineRow {
		if tr == nil {
			continue
		}
		info := rows[tr]
		if !info.ok || spans[info.table] < 2 || !info.t.endedBy(newest[info.table]) {
			continue
		}
		if stale == nil {
			stale = make(map[int]bool)
		}
		stale[i] = true
	}
	return stale
}
