package people

import (
	"regexp"
	"strings"
	"unicode"

	"github.com/abmsync/abmsync/keycontacts/roles"
)

// The function of an office word depends on the organisation: the Vorstand
// of an AG runs it, the Vorstand of an e.V. is its elected board; a club's
// President and Secretary sit on its committee. The page says which form
// its organisation has: the register it is entered in (Vereinsregister "VR
// 123", a registered charity; Handelsregister "HRB 123", Firmenbuch), and the
// legal form or kind of body in its name (e.V., Verein, Stiftung, Society,
// Club, Foundation; GmbH, AG, Ltd, Inc., plc). orgTypeOf weighs those
// signals and says "unknown" unless one side clearly outweighs the other,
// because pages also name other organisations (a web agency's GmbH in an
// association's imprint, a firm's membership of a Verband).

// sideAssociation and sideCompany index the two sides orgTypeOf weighs.
const (
	sideAssociation = iota
	sideCompany
)

// evidence counts one side's signals: register entries, kinds of body
// ("Verein", "Society") and legal forms ("e.V.", "GmbH") where the page names
// itself (title, top headings, copyright line, the lines under the imprint
// heading), either of them in running text, association offices.
type evidence struct{ reg, named, form, body, officer int }

// add adds o's counts to e.
func (e *evidence) add(o evidence) {
	e.reg += o.reg
	e.named += o.named
	e.form += o.form
	e.body += o.body
	e.officer += o.officer
}

// stemNeedle is a word, or the end of a compound ("Sportverein"), looked
// up in a lower-cased line. bound requires a word start before it; ends
// lists what may follow it before the word ends ("" for nothing); nil ends
// accepts anything after it (phrases).
type stemNeedle struct {
	stem  string
	bound bool
	ends  []string
	side  int
	kind  int // kindReg, kindName, kindOfficer
}

const (
	kindReg = iota
	kindName
	kindOfficer
)

// wordEnd is an ends list that lets nothing follow the stem.
var wordEnd = []string{""}

// stemNeedles are found by substring search in the lower-cased line, which
// costs far less than a regular expression over every line of every page.
var stemNeedles = []stemNeedle{
	{stem: "vereinsregister", side: sideAssociation, kind: kindReg},
	{stem: "zvr", bound: true, ends: []string{"", "-zahl", "-nummer", "-nr"}, side: sideAssociation, kind: kindReg},
	{stem: "registered charity", side: sideAssociation, kind: kindReg},
	{stem: "charity no", bound: true, side: sideAssociation, kind: kindReg},
	{stem: "charity number", bound: true, side: sideAssociation, kind: kindReg},
	{stem: "charity registration", bound: true, side: sideAssociation, kind: kindReg},
	{stem: "charity commission", side: sideAssociation, kind: kindReg},
	{stem: "scottish charity", side: sideAssociation, kind: kindReg},
	{stem: "501(c)", side: sideAssociation, kind: kindReg},
	{stem: "handelsregister", side: sideCompany, kind: kindReg},
	{stem: "firmenbuch", side: sideCompany, kind: kindReg},
	{stem: "companies house", side: sideCompany, kind: kindReg},
	{stem: "company no", bound: true, ends: []string{"", "."}, side: sideCompany, kind: kindReg},
	{stem: "company number", bound: true, side: sideCompany, kind: kindReg},
	{stem: "company registration", bound: true, side: sideCompany, kind: kindReg},
	{stem: "registered in england", side: sideCompany, kind: kindReg},
	{stem: "commercial register", side: sideCompany, kind: kindReg},

	{stem: "eingetragener verein", side: sideAssociation, kind: kindReg},
	{stem: "verein", ends: []string{"", "e", "s"}, side: sideAssociation, kind: kindName},
	// "Vereinsname", "Vereinsadresse", "Vereinsinfo": the page describes
	// its Verein.
	{stem: "vereinsname", side: sideAssociation, kind: kindName},
	{stem: "vereinsadresse", side: sideAssociation, kind: kindName},
	{stem: "vereinsinfo", side: sideAssociation, kind: kindName},
	{stem: "vereinssitz", side: sideAssociation, kind: kindName},
	{stem: "vereinsvorstand", side: sideAssociation, kind: kindName},
	{stem: "verband", ends: []string{"", "e", "s"}, side: sideAssociation, kind: kindName},
	{stem: "stiftung", ends: wordEnd, side: sideAssociation, kind: kindName},
	{stem: "gewerkschaft", ends: wordEnd, side: sideAssociation, kind: kindName},
	{stem: "landjugend", ends: wordEnd, side: sideAssociation, kind: kindName},
	{stem: "club", ends: wordEnd, side: sideAssociation, kind: kindName},
	{stem: "klub", ends: wordEnd, side: sideAssociation, kind: kindName},
	{stem: "society", bound: true, ends: wordEnd, side: sideAssociation, kind: kindName},
	{stem: "association", bound: true, ends: wordEnd, side: sideAssociation, kind: kindName},
	{stem: "foundation", bound: true, ends: wordEnd, side: sideAssociation, kind: kindName},
	{stem: "federation", bound: true, ends: wordEnd, side: sideAssociation, kind: kindName},
	{stem: "guild", bound: true, ends: wordEnd, side: sideAssociation, kind: kindName},
	{stem: "charity", bound: true, ends: wordEnd, side: sideAssociation, kind: kindName},
	{stem: "charitable", bound: true, ends: wordEnd, side: sideAssociation, kind: kindName},
	{stem: "nonprofit", bound: true, side: sideAssociation, kind: kindName},
	{stem: "non-profit", bound: true, side: sideAssociation, kind: kindName},
	{stem: "not-for-profit", bound: true, side: sideAssociation, kind: kindName},
	{stem: "not for profit", bound: true, side: sideAssociation, kind: kindName},
	{stem: "trade union", bound: true, side: sideAssociation, kind: kindName},
	{stem: "labor union", bound: true, side: sideAssociation, kind: kindName},
	{stem: "labour union", bound: true, side: sideAssociation, kind: kindName},
	// The association's name in the other languages of the corpus.
	{stem: "asociación", bound: true, ends: []string{"", "es"}, side: sideAssociation, kind: kindName},
	{stem: "associazione", bound: true, ends: wordEnd, side: sideAssociation, kind: kindName},
	{stem: "vereniging", ends: wordEnd, side: sideAssociation, kind: kindName},
	{stem: "förening", ends: []string{"", "en", "ar"}, side: sideAssociation, kind: kindName},
	{stem: "forening", ends: []string{"", "en"}, side: sideAssociation, kind: kindName},
	{stem: "aktiengesellschaft", ends: wordEnd, side: sideCompany, kind: kindName},
	// A page that calls itself a manufacturer is a firm's, whatever its
	// brand ("Arrow Print Club - Visiting Card Manufacturer"); the plural
	// names an association's members ("National Association of
	// Manufacturers", "Verband der Arzneimittel-Hersteller").
	{stem: "manufacturer", bound: true, ends: []string{""}, side: sideCompany, kind: kindName},

	{stem: "schriftführ", side: sideAssociation, kind: kindOfficer},
	{stem: "schriftfuehr", side: sideAssociation, kind: kindOfficer},
	{stem: "kassier", bound: true, ends: []string{"", "in"}, side: sideAssociation, kind: kindOfficer},
	{stem: "kassenwart", side: sideAssociation, kind: kindOfficer},
	{stem: "kassenwärt", side: sideAssociation, kind: kindOfficer},
	{stem: "beisitz", side: sideAssociation, kind: kindOfficer},
	{stem: "obmann", ends: []string{"", "-", " "}, side: sideAssociation, kind: kindOfficer},
	{stem: "obfrau", side: sideAssociation, kind: kindOfficer},
	{stem: "trustee", bound: true, ends: []string{"", "s"}, side: sideAssociation, kind: kindOfficer},
	{stem: "treasurer", bound: true, side: sideAssociation, kind: kindOfficer},
	{stem: "recording secretary", bound: true, side: sideAssociation, kind: kindOfficer},
	{stem: "corresponding secretary", bound: true, side: sideAssociation, kind: kindOfficer},
	{stem: "committee member", bound: true, side: sideAssociation, kind: kindOfficer},
	// A society names its past chairs and presidents among its officers.
	{stem: "past chair", bound: true, side: sideAssociation, kind: kindOfficer},
	{stem: "past president", bound: true, side: sideAssociation, kind: kindOfficer},
	{stem: "vice chair", bound: true, side: sideAssociation, kind: kindOfficer},
	{stem: "mitgliederversammlung", side: sideAssociation, kind: kindOfficer},
	// Officers and boards of associations in Spanish, Italian, Dutch and
	// the Nordic languages.
	{stem: "junta directiva", bound: true, side: sideAssociation, kind: kindOfficer},
	{stem: "tesorer", bound: true, ends: []string{"o", "a", "os", "e"}, side: sideAssociation, kind: kindOfficer},
	{stem: "consiglio direttivo", bound: true, side: sideAssociation, kind: kindOfficer},
	{stem: "penningmeester", bound: true, side: sideAssociation, kind: kindOfficer},
	{stem: "kassör", bound: true, ends: wordEnd, side: sideAssociation, kind: kindOfficer},
	{stem: "kasserer", bound: true, ends: wordEnd, side: sideAssociation, kind: kindOfficer},
	{stem: "ordförande", bound: true, side: sideAssociation, kind: kindOfficer},
	{stem: "jahreshauptversammlung", side: sideAssociation, kind: kindOfficer},
}

// orgForms are the legal-form tokens, as written (case matters: "AG",
// "SE" and "eG" are also other words and abbreviations).
var orgForms = map[string]int{
	"GmbH": sideCompany, "AG": sideCompany, "SE": sideCompany, "KGaA": sideCompany, "KG": sideCompany,
	"OHG": sideCompany, "GbR": sideCompany, "e.K.": sideCompany, "UG": sideCompany, "Ltd": sideCompany,
	"Ltd.": sideCompany, "Limited": sideCompany, "LLC": sideCompany, "L.L.C.": sideCompany, "LLP": sideCompany,
	"Inc": sideCompany, "Inc.": sideCompany, "Corp": sideCompany, "Corp.": sideCompany, "Corporation": sideCompany,
	"plc": sideCompany, "PLC": sideCompany, "S.A.": sideCompany, "B.V.": sideCompany, "N.V.": sideCompany,
	"S.p.A.": sideCompany, "S.r.l.": sideCompany, "Sàrl": sideCompany, "SARL": sideCompany, "Pty": sideCompany,
	"PLLC": sideCompany, "P.C.": sideCompany, "e.U.": sideCompany,
	"e.V.": sideAssociation, "e.V": sideAssociation, "gGmbH": sideAssociation,
}

// maxOrgEvidenceLine is the longest line (in bytes) whose registers and
// association offices always count: imprint and footer lines are shorter.
// A longer line's count only when it speaks of no "he" or "she" (a
// biography names the person's other bodies).
const maxOrgEvidenceLine = 250

// officerSecretary matches a line that is only a secretary's office.
var officerSecretary = regexp.MustCompile(`^\s*(?:club |board |hon\.? |honorary )?secretary\s*:?\s*$`)

// bioPronoun matches the third-person singular pronouns of a biography.
var bioPronoun = regexp.MustCompile(`\b(?:he|she|his|her|him)\b`)

// maxOrgText bounds the text orgTypeOf reads: legal forms and registers sit
// in the title, the imprint and the footer, which a page of this size
// already holds.
const maxOrgText = 256 << 10

// chamberTitle is a title naming a chamber of commerce, not as a member.
var chamberTitle = regexp.MustCompile(`^(?:[^|:–-]*[|:–-])?\s*(?:the\s+)?[\p{L} ]*chamber of commerce\b(?:\s*[-–|:,]|$)`)

// orgTypeOf infers the form of the page's organisation from the page's
// title and lines. Mentions in the title, headings and a copyright line
// (which name the site's owner) weigh more than mentions in running text;
// an association noun right before "Inc." ("Chess Club Inc.", "Foundation,
// Inc.") is an incorporated association, not a company.
func orgTypeOf(p *page) roles.OrgType {
	var ev [2]evidence
	titleLow := strings.ToLower(p.title)
	orgEvidence(&ev, p.title, titleLow, true)
	if chamberTitle.MatchString(titleLow) && !strings.Contains(titleLow, "member") {
		// A chamber of commerce is its members' association, where the
		// page's title names it; elsewhere "Chamber of Commerce 12345678" is
		// a Dutch firm's register and "member of the … Chamber" a
		// membership. A German IHK is a public body and is not matched.
		ev[sideAssociation].named++
	}
	// The title names the firm, as a heading does.
	var tr tradeScan
	tr.line(titleLow, true, true)
	seen, provider, secretary := 0, 0, false
	for _, l := range p.lines {
		if seen > maxOrgText {
			break
		}
		seen += len(l.text)
		if l.text == "" {
			continue
		}
		// The first lines under an imprint's heading or its provider
		// declaration name the site's owner, as its title does.
		naming := l.heading > 0 && l.heading <= 2 || strings.Contains(l.text, "©") || strings.HasPrefix(l.text, "Copyright") || provider > 0
		low := strings.ToLower(l.text)
		lineEvidence(&ev, l.text, low, naming)
		secretary = secretary || len(low) <= 24 && officerSecretary.MatchString(low)
		tr.line(low, naming, l.heading > 0)
		provider--
		if len(l.text) <= 80 && (isImprintHeading(l.text, low) || isProviderDecl(l.text, low)) {
			provider = 3
		}
	}
	if secretary && ev[sideCompany].reg+ev[sideCompany].form == 0 {
		// A card's bare "Secretary" beside a treasurer is a club's or a
		// charity's officer: one point a page, which alone decides
		// nothing, and none where the page names a firm's register or
		// legal form.
		ev[sideAssociation].officer++
	}
	var score [2]int
	var decisive [2]bool
	for i, e := range ev {
		// Registers, a legal form where the page names itself ("© Flux
		// Federation Ltd") and kinds of body in a naming position count,
		// and association offices up to three; a noun such as Federation
		// or Society alone may be part of a brand. Running-text mentions
		// (body) only break a tie below: a page that names many firms or
		// memberships ("member of the … Association") or a biography's
		// "club" must not drown the page's own register entry.
		score[i] = 3*e.reg + 3*e.form + 2*e.named + min(e.officer, 3)
		decisive[i] = e.reg+e.form+e.named+e.officer > 0
	}
	if score[sideAssociation] == score[sideCompany] {
		score[sideAssociation] += min(ev[sideAssociation].body, 3)
		score[sideCompany] += min(ev[sideCompany].body, 3)
	}
	a, c := score[sideAssociation], score[sideCompany]
	switch {
	case decisive[sideAssociation] && a >= 2 && a >= 2*c:
		return roles.OrgAssociation
	case tr.trade():
		return roles.OrgTrade
	case decisive[sideCompany] && c >= 2 && c >= 2*a:
		return roles.OrgCompany
	}
	return roles.OrgUnknown
}

// lineEvidence adds one page line's signals to ev. A biography's paragraph
// names the person's other bodies ("past President of the CFA Society",
// "founding a registered charity"): there only the running-text mentions
// count. A page's account of itself ("the new Vorstand was elected", "we
// have 10 trustees") speaks of no "he" or "she".
func lineEvidence(ev *[2]evidence, text, low string, naming bool) {
	if len(text) <= maxOrgEvidenceLine || naming {
		orgEvidence(ev, text, low, naming)
		return
	}
	var line [2]evidence
	orgEvidence(&line, text, low, false)
	if line[sideAssociation].reg+line[sideAssociation].officer+line[sideCompany].reg+line[sideCompany].officer > 0 &&
		bioPronoun.MatchString(low) {
		line[sideAssociation] = evidence{body: line[sideAssociation].body}
		line[sideCompany] = evidence{body: line[sideCompany].body}
	}
	for s := range ev {
		ev[s].add(line[s])
	}
}

// tradeScan gathers a page's trade words: their score (two for a word in
// the title or a heading, one in text), whether the title or a heading
// names a trade, and whether a naming line names a firm that serves one
// (notTradeFirms).
type tradeScan struct {
	score      int
	named, not bool
}

// line adds one lower-cased page line.
func (s *tradeScan) line(low string, naming, heading bool) {
	if k := tradeWords(low, len(low) <= maxTradeLine || naming); k > 0 {
		if naming || heading {
			k *= 2
			s.named = true
		}
		s.score += k
	}
	if naming && len(low) <= maxTradeLine && notTradeWords(low) {
		s.not = true
	}
}

// trade reports whether the page is a building-trade firm's: it says what
// it builds in its title or headings, or over and over in its text (no
// association has that many), and names no law, software or finance
// practice that serves the trade.
func (s *tradeScan) trade() bool {
	return s.score >= minTrade && (s.named || s.score >= 3*minTrade) && !s.not
}

// minTrade is the trade-word score (two for a word in the title or a
// heading, one in text) that makes a page a building-trade firm's: a
// builder names its trade several times, an agency or a bank that
// mentions a construction client once does not.
const minTrade = 5

// maxTradeLine is the longest line (in bytes) in which the trade words
// that also name an engineering field count (tradeNeedle.short).
const maxTradeLine = 100

// The words of the building and installation trades, looked up per word of
// a line (one pass, where a substring search per word would scan each line
// two dozen times). A short word counts only in a short or naming line (a
// firm's name, a heading, a list of services): "Kansas Electric",
// "Commercial Electrical Division"; a biography's "electrical engineering"
// says nothing of the firm.
var (
	tradeExact = wordSet(`contractor contractors contracting construction reconstruction builders roofing plumbing hvac remodeling
		renovation renovations hochbau tiefbau zimmerei spenglerei haustechnik`)
	tradeShort = wordSet(`electric electrical electrician electricians`)
	// tradeStart are compounds' first parts ("Bauunternehmung").
	tradeStart = []string{"bauunternehm", "baufirma", "bauleitung"}
	// tradeInside are compounds' parts anywhere ("Elektroinstallateur",
	// "Dachdeckermeister"); tradeEnd end one
	// ("Stahlhochbau", "Bauzimmerei").
	tradeInside = []string{"dachdecker", "malerbetrieb", "meisterbetrieb", "handwerksbetrieb", "elektroinstallation", "installateur"}
	tradeEnd    = []string{"hochbau", "tiefbau", "haustechnik", "zimmerei", "spenglerei"}
)

// notTradeFirms are the words of firms that name a trade as their
// clients' (construction law, construction software, building finance).
var notTradeFirms = wordSet(`law lawyers legal attorneys solicitors kanzlei baurecht software saas
	insurance versicherung finance financing finanzierung bank loans consulting consultancy beratung`)

// notTradeWords reports whether a lower-cased naming line holds one of
// notTradeFirms.
func notTradeWords(lower string) bool { return anyWordIn(lower, notTradeFirms) }

// tradeWords counts the trade words in a lower-cased line; the short ones
// only when short is set.
func tradeWords(lower string, short bool) int {
	n := 0
	for w := range strings.FieldsFuncSeq(lower, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		if len(w) < 4 {
			continue
		}
		switch {
		case tradeExact[w], short && tradeShort[w]:
			n++
			continue
		}
		if len(w) < 7 {
			continue
		}
		for _, s := range tradeStart {
			if strings.HasPrefix(w, s) {
				n++
			}
		}
		for _, s := range tradeInside {
			if strings.Contains(w, s) {
				n++
			}
		}
		for _, s := range tradeEnd {
			if len(w) > len(s) && strings.HasSuffix(w, s) {
				n++
			}
		}
	}
	return n
}

// orgEvidence adds the signals of one line to ev.
func orgEvidence(ev *[2]evidence, text, lower string, naming bool) {
	// A kind of body (name) or a legal form (form) counts as naming the
	// page's own organisation only in a naming position.
	name := func(side int) {
		if naming {
			ev[side].named++
		} else {
			ev[side].body++
		}
	}
	form := func(side int) {
		if naming {
			ev[side].form++
		} else {
			ev[side].body++
		}
	}
	for i := range stemNeedles {
		n := &stemNeedles[i]
		for k := countStem(lower, n); k > 0; k-- {
			switch n.kind {
			case kindReg:
				ev[n.side].reg++
			case kindOfficer:
				ev[n.side].officer++
			default:
				name(n.side)
			}
		}
	}
	// Legal-form tokens and register numbers, as written.
	var prev string
	for pos := 0; pos < len(text); {
		end := strings.IndexByte(text[pos:], ' ')
		if end < 0 {
			end = len(text)
		} else {
			end += pos
		}
		raw := text[pos:end]
		start := pos
		pos = end + 1
		tok := strings.Trim(raw, ",;:()[]\"'/")
		if tok == "" {
			continue
		}
		next := ""
		if pos < len(text) {
			next = text[pos:]
			if i := strings.IndexByte(next, ' '); i >= 0 {
				next = next[:i]
			}
		}
		switch {
		case tok == "V." && prev == "e.":
			form(sideAssociation)
		case registerNumber(tok, next, "HRB"), registerNumber(tok, next, "HRA"), registerNumber(tok, next, "FN"):
			ev[sideCompany].reg++
		case registerNumber(tok, next, "VR"):
			ev[sideAssociation].reg++
		default:
			side, ok := orgForms[tok]
			if !ok {
				break
			}
			if tok == "AG" && next != "" && unicode.IsUpper(firstRune(next)) {
				// "AG München": the Amtsgericht, the register court.
				break
			}
			if side == sideCompany && incorporatedAssociation(text[:start], tok) {
				break
			}
			form(side)
		}
		prev = tok
	}
}

// registerNumber reports whether tok (and the token after it) is a register
// number with prefix: "HRB 1234", "HRB1234", "VR-123".
func registerNumber(tok, next, prefix string) bool {
	if !strings.HasPrefix(tok, prefix) {
		return false
	}
	r := strings.TrimLeft(tok[len(prefix):], "-.")
	if r == "" {
		r = next
	}
	return r != "" && r[0] >= '0' && r[0] <= '9'
}

// countStem counts the occurrences of n in the lower-cased line.
func countStem(lower string, n *stemNeedle) int {
	count := 0
	for from := 0; ; {
		i := strings.Index(lower[from:], n.stem)
		if i < 0 {
			return count
		}
		i += from
		from = i + len(n.stem)
		if n.bound && i > 0 && isWordByte(lower[i-1]) {
			continue
		}
		if n.ends == nil {
			count++
			continue
		}
		after := lower[from:]
		for _, e := range n.ends {
			if strings.HasPrefix(after, e) && (len(after) == len(e) || !isWordByte(after[len(e)])) {
				count++
				break
			}
		}
	}
}

// isWordByte reports whether b continues a word: an ASCII letter or digit,
// or a byte of a multi-byte (non-ASCII) letter.
func isWordByte(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b >= 0x80
}

// assocBeforeInc matches an association noun at the end of the text before
// a legal form.
var assocBeforeInc = regexp.MustCompile(`(?i)(?:club|society|association|foundation|federation|guild|union|league|alliance|council|institute|charity|trust|fund)\W{0,3}$`)

// incorporatedAssociation reports whether the company form hit, found
// after before, incorporates an association ("Chess Club Inc.").
func incorporatedAssociation(before, hit string) bool {
	switch hit {
	case "Inc", "Inc.", "Corp", "Corp.", "Corporation":
		// Only the American forms: "Chess Club, Inc." incorporates a club,
		// while a "… Federation Ltd" or "… Society Ltd" may be a trading
		// company's brand as well as a charity's company.
		if len(before) > 40 {
			before = before[len(before)-40:]
		}
		return assocBeforeInc.MatchString(before)
	}
	return false
}
