package people

import (
	"regexp"
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// labelKind says what a label tells about the people it introduces.
type labelKind int

const (
	// lkRole is a legal or management role of the company
	// ("Geschäftsführer", "Vorstand", "Managing Director").
	lkRole labelKind = iota
	// lkGeneric only says that people represent the company
	// ("Vertreten durch", "represented by"); a more specific role wins.
	lkGeneric
	// lkEditorial is the person responsible for content (§ 18 MStV, § 55 RStV).
	lkEditorial
	// lkDPO is the data-protection officer.
	lkDPO
	// lkProse is a role word that introduces a name in running text
	// ("unserer Vorsitzenden Annette Krey", "Rechtsanwalt Jörn Buhlke").
	lkProse
)

// Kind values of Person.
const (
	// KindEditorialResponsible marks the person responsible for content under
	// § 18 Abs. 2 MStV (formerly § 55 Abs. 2 RStV); not a buying-committee member.
	KindEditorialResponsible = "editorial_responsible"
	// KindDataProtection marks the data-protection officer; not a
	// buying-committee member.
	KindDataProtection = "data_protection"
)

func (k labelKind) personKind() string {
	switch k {
	case lkEditorial:
		return KindEditorialResponsible
	case lkDPO:
		return KindDataProtection
	}
	return ""
}

type labelDef struct {
	re   *regexp.Regexp
	kind labelKind
	// any is a list of lower-case fragments one of which every match
	// contains; a line without them skips the regular expression, which
	// keeps findLabels cheap on the bulk of lines.
	any []string
}

// gender endings written after role nouns: "Geschäftsführer(in)",
// "Inhaber/-in", "Prokurist*in", "Aufsichtsratsvorsitzende(r)".
const gsuf = `(?:\s?\((?:in|r|n|innen|e|er)\)|/-?in(?:nen)?|\*in(?:nen)?|:in(?:nen)?|_in(?:nen)?)?`

// legal citations after "verantwortlich ...": "nach § 55 Abs. 2 RStV",
// "gemäß § 18 Abs. 2 MStV", "im Sinne des Presserechts", "nach (§55 RStV)".
const (
	citeCore = `(?:§+\s*\d+[a-z]?(?:\s*abs(?:atz|\.)?\s*\d+)?(?:\s*(?:satz|s\.)\s*\d+)?(?:\s*(?:des|der))?\s*` +
		`(?:mstv|rstv|tmg|ddg|medienstaatsvertrag(?:e?s)?|rundfunkstaatsvertrag(?:e?s)?|mediengesetz(?:es)?|medieng|pressegesetz(?:es)?|lpg)?` +
		`|presserecht(?:s|es|lichen\s+sinne)?|pressegesetz(?:es)?|medienrecht(?:s|es)?|medienstaatsvertrag(?:e?s)?|rundfunkstaatsvertrag(?:e?s)?)`
	citeReq = `\s*\(?\s*(?:gem(?:ä|ae)(?:ß|ss)|gem\.|nach|laut|lt\.|i\.?\s?s\.?\s?(?:d|v)\.?|im\s+sinne\s+(?:des|der|von|d\.))?\s*\(?\s*` +
		citeCore + `(?:\s*\((?:mstv|rstv)\))?\s*\)?`
	citeOpt = `(?:` + citeReq + `)?`
)

var labelDefs = []labelDef{
	// Management and legal representation.
	{regexp.MustCompile(`(?i)(?:sprecher(?:in)?|vorsitzende[rn]?)\s+der\s+gesch(?:ä|ae)ftsf(?:ü|ue)hr(?:ung|er(?:innen)?)`), lkRole, []string{"sprecher", "vorsitzende"}},
	{regexp.MustCompile(`(?i)(?:alleinige[rn]?\s+|stellvertretende[rn]?\s+)?gesch(?:ä|ae|a)ftsf(?:ü|ue|u)hr(?:er(?:in(?:nen)?)?|ung|ende[rn]?)` + gsuf + `(?:\s+gesellschafter(?:in(?:nen)?)?` + gsuf + `)?`), lkRole, []string{"ftsf"}},
	{regexp.MustCompile(`(?i)(?:mitglied(?:er)?\s+der\s+)?gesch(?:ä|ae)ftsleit(?:ung|er(?:in)?` + gsuf + `)`), lkRole, []string{"ftsleit"}},
	{regexp.MustCompile(`(?i)company\s+secretary`), lkRole, []string{"secretary"}},
	{regexp.MustCompile(`(?i)(?:(?:stellvertretende[rn]?\s+)?vorsitzende[rn]?|mitglied(?:er)?|sprecher(?:in)?)\s+des\s+vorstand(?:e)?s|vorstand(?:s(?:vorsitzende[rn]?|mitglied(?:er)?|sprecher(?:in)?))?` + gsuf + `|vorst(?:ä|ae)nde`), lkRole, []string{"vorstand", "vorständ", "vorstaend"}},
	{regexp.MustCompile(`(?i)(?:(?:stellvertretende[rn]?\s+)?vorsitzende[rn]?|mitglied(?:er)?)\s+des\s+aufsichtsrat(?:e)?s|aufsichtsrat(?:s(?:vorsitzende[rn]?|mitglied(?:er)?))?` + gsuf), lkRole, []string{"aufsichtsrat"}},
	{regexp.MustCompile(`(?i)(?:pr(?:ä|ae)sident(?:in)?|vizepr(?:ä|ae)sident(?:in)?|mitglied(?:er)?)\s+des\s+verwaltungsrat(?:e)?s|verwaltungsrat(?:s(?:pr(?:ä|ae)sident(?:in)?|mitglied(?:er)?))?`), lkRole, []string{"verwaltungsrat"}},
	{regexp.MustCompile(`(?i)inhaber(?:in)?` + gsuf + `|eigent(?:ü|ue)mer(?:in)?` + gsuf + `|owner|proprietor`), lkRole, []string{"inhaber", "eigent", "owner", "proprietor"}},
	{regexp.MustCompile(`(?i)prokurist(?:in|en|innen)?` + gsuf + `|prokura`), lkRole, []string{"prokur"}},
	{regexp.MustCompile(`(?i)(?:pers(?:ö|oe)nlich\s+haftende[rn]?\s+)?gesellschafter(?:in(?:nen)?)?` + gsuf + `|komplement(?:ä|ae)r(?:in)?|kommanditist(?:in)?`), lkRole, []string{"gesellschafter", "komplement", "kommanditist"}},
	{regexp.MustCompile(`(?i)medieninhaber(?:in)?` + gsuf + `|herausgeber(?:in)?` + gsuf), lkRole, []string{"medieninhaber", "herausgeber"}},
	{regexp.MustCompile(`(?i)(?:joint\s+)?managing\s+directors?|managing\s+partners?|general\s+managers?|(?:company\s+)?directors?|chief\s+executive\s+officer|ceo|(?:chair(?:man|woman|person)?|president)\s+of\s+the\s+(?:supervisory\s+)?board|chairman|chairwoman|board\s+of\s+directors|supervisory\s+board`), lkRole, []string{"director", "ceo", "chief", "chair", "president", "board", "partner", "general"}},
	// Contact people of contact and press pages ("Ihr Ansprechpartner:",
	// "Pressekontakt", "Media contact") and association chairs (AT).
	{regexp.MustCompile(`(?i)(?:ihr(?:e)?\s+|your\s+)?(?:ansprechpartner(?:in|innen)?` + gsuf + `|ansprechperson(?:en)?|kontaktperson(?:en)?|contact\s+persons?)(?:\s+f(?:ü|ue)r\s+(?:die\s+|den\s+|das\s+)?[\p{L}-]+)?|pressekontakt|pressesprecher(?:in)?|pressestelle|medienkontakt|kontakt\s+f(?:ü|ue)r\s+(?:die\s+)?(?:presse|medien)(?:anfragen)?|(?:press|media)\s+(?:contacts?|enquiries|inquiries|relations)`), lkRole, []string{"ansprech", "kontaktp", "contact p", "presse", "medien", "press", "media"}},
	{regexp.MustCompile(`(?i)obm(?:ann|ä|ae)nn?(?:-?stellvertreter(?:in)?)?|obfrau(?:-?stellvertreterin)?`), lkRole, []string{"obm", "obfrau"}},
	// Representation without a role.
	{regexp.MustCompile(`(?i)(?:gesetzlich\s+)?vertreten\s+(?:durch|von)|vertretungsberechtigt(?:e[rn]?)?` + gsuf + `(?:\s+(?:person(?:en)?|organe?))?|(?:legally\s+)?represented\s+by|authori[sz]ed\s+(?:to\s+represent|representatives?)|legal\s+representatives?`), lkGeneric, []string{"vertret", "represent", "authori"}},
	// Responsible for content.
	{regexp.MustCompile(`(?i)(?:inhaltlich|redaktionell|presserechtlich|journalistisch(?:-redaktionell)?)\s+verantwortlich(?:e[rn]?)?` + citeOpt), lkEditorial, []string{"verantwortlich"}},
	{regexp.MustCompile(`(?i)verantwortlich(?:e[rn]?)?\s+(?:f(?:ü|ue)r\s+(?:den\s+)?(?:inhalt(?:e)?|journalistisch(?:-redaktionelle)?\s+inhalte|redaktionelle\s+inhalte)(?:\s+(?:dieser|der)\s+(?:website|webseite|seiten?|internetseiten?))?` + citeOpt + `|` + citeReq + `)`), lkEditorial, []string{"verantwortlich", "§", "presserecht", "medienstaatsvertrag", "rundfunkstaatsvertrag"}},
	{regexp.MustCompile(`(?i)v\.\s?i\.\s?s\.\s?d\.\s?p\.?|visdp`), lkEditorial, []string{"v.i", "v. i", "visdp"}},
	// "Verantwortlich" or "Responsible:" alone on its line, over the name.
	{regexp.MustCompile(`(?i)^\s*(?:verantwortlich(?:e[rn]?)?(?:\s+person)?|responsible(?:\s+person)?|person\s+responsible)\s*:?\s*$`), lkEditorial, []string{"verantwortlich", "responsible"}},
	{regexp.MustCompile(`(?i)responsible\s+for\s+(?:the\s+)?content(?:\s+(?:according\s+to|under|pursuant\s+to|in\s+accordance\s+with)\s+§\s*\d+[^:,]{0,30})?`), lkEditorial, []string{"responsible"}},
	{regexp.MustCompile(`(?i)(?:angaben\s+)?(?:gem(?:ä|ae)(?:ß|ss)\s+|nach\s+)?§\s*(?:18|55)\s*(?:abs(?:atz|\.)?\s*[23]\s*)?(?:mstv|rstv)`), lkEditorial, []string{"§"}},
	// Data protection.
	{regexp.MustCompile(`(?i)(?:(?:betriebliche[rn]?|externe[rn]?|unsere[rn]?|benannte[rn]?)\s+)?datenschutzbeauftragte[rn]?` + gsuf + `|beauftragte[rn]?\s+f(?:ü|ue)r\s+(?:den\s+)?datenschutz|data\s+protection\s+officer|dpo|datenschutz-?koordinator(?:in)?`), lkDPO, []string{"datenschutz", "data protection", "dpo"}},
	// Role words that introduce a name in prose.
	{regexp.MustCompile(`(?i)(?:(?:1\.|2\.|erste[rn]?|zweite[rn]?|stellvertretende[rn]?)\s*)?vorsitzende[rn]?` + gsuf), lkProse, []string{"vorsitzende"}},
	// "1. Vors.", "stv. Vors.": the chair, abbreviated.
	{regexp.MustCompile(`(?i)(?:1\.|2\.|stv\.|stellv\.)\s*vors\.`), lkProse, []string{"vors."}},
	{regexp.MustCompile(`(?i)(?:vize)?pr(?:ä|ae)sident(?:in|en)?|(?:vice\s+)?president`), lkProse, []string{"sident"}},
	{regexp.MustCompile(`(?i)(?:mit)?gr(?:ü|ue)nder(?:in)?|co-?founder|founder|\b(?:co-?)?owners?\b|\bproprietors?\b`), lkProse, []string{"gründer", "gruender", "founder", "owner", "proprietor"}},
	{regexp.MustCompile(`(?i)[\p{L}]+-?(?:leiter(?:in)?|direktor(?:in)?|chef(?:in)?)|leiter(?:in)?\s+(?:de[rs]\s+)?[\p{L}-]+`), lkProse, []string{"leiter", "direktor", "chef"}},
	{regexp.MustCompile(`(?i)head\s+of\s+[\p{L}-]+(?:\s+(?:&|and)\s+[\p{L}-]+)?|chief\s+[\p{L}]+\s+officer`), lkProse, []string{"head", "chief"}},
	{regexp.MustCompile(`(?i)c[fotmi]o`), lkProse, []string{"cfo", "cto", "coo", "cmo", "cio"}},
	{regexp.MustCompile(`(?i)rechtsanw(?:ä|ae)lt(?:in)?|rechtsanwalt|steuerberater(?:in)?|notar(?:in)?|wirtschaftspr(?:ü|ue)fer(?:in)?|patentanw(?:ä|ae)lt(?:in)?|patentanwalt`), lkProse, []string{"rechtsanw", "patentanw", "steuerberater", "notar", "prüfer", "pruefer"}},
	{regexp.MustCompile(`(?i)(?:(?:1\.|2\.|3\.)\s*)?(?:schatzmeister(?:in)?|schriftf(?:ü|ue)hrer(?:in)?|kassier(?:er(?:in)?)?|beisitzer(?:in)?)`), lkProse, []string{"schatzmeister", "schriftf", "kass", "beisitzer"}},
	// The officers of German clubs: Sportwart, Jugendwart, Kassenwart,
	// Tourenwart, Platzwart, Pressewart (never the noun "Gegenwart").
	{regexp.MustCompile(`(?i)(?:(?:1\.|2\.|3\.)\s*)?(?:sport|jugend|kassen|touren|platz|presse|zeug|ger(?:ä|ae)te|h(?:ü|ue)tten|wander|schie(?:ß|ss)|fach|ski|spiel|kinder|frauen|damen|senioren|natur|umwelt|boots|hallen|haus|gew(?:ä|ae)sser|medien|internet|web|veranstaltungs|breitensport|lehr|ausbildungs|sozial|schrift)(?:wart(?:in)?|w(?:ä|ae)rtin)`), lkProse, []string{"wart", "wärt", "waert"}},
}

// labelPlan is how labelMatches runs one labelDef: its expression without
// the (?i) flag, for lines whose lower-case form keeps every byte offset
// (sameLengthLower; the expressions' letters are all written in lower case),
// and whether it uses ^ or \b, which a search from inside the line would
// read differently.
type labelPlan struct {
	lower    *regexp.Regexp
	anchored bool
}

// labelPlans are the labelDefs' plans, in the same order, built on the first
// search rather than at start-up.
var labelPlans = sync.OnceValue(func() []labelPlan {
	plans := make([]labelPlan, len(labelDefs))
	for i, d := range labelDefs {
		src := d.re.String()
		plans[i] = labelPlan{
			lower:    regexp.MustCompile(strings.TrimPrefix(src, "(?i)")),
			anchored: strings.Contains(src, "^") || strings.Contains(src, `\b`),
		}
	}
	return plans
})

// labelHit is one label found in a line.
type labelHit struct {
	start, end int
	kind       labelKind
}

// findLabels returns the non-overlapping labels of a line, leftmost first,
// the longest one where two start at the same place.
func findLabels(s string) []labelHit {
	if s == "" {
		return nil
	}
	hits := labelMatches(s)
	if len(hits) == 0 {
		return nil
	}
	return keepLabels(s, hits)
}

// labelMatches returns every label definition's matches in a line, in
// definition order (findLabels picks among them). The line must be
// single-spaced (cleanSpace), as every page line is: the bound on how far a
// match starts before its fragment (maxLabelLead) counts single spaces.
func labelMatches(s string) []labelHit {
	var hits []labelHit
	low := strings.ToLower(s)
	aligned := sameLengthLower(s)
	plans := labelPlans()
	for i, d := range labelDefs {
		k := firstIndexAny(low, d.any)
		if k < 0 {
			continue
		}
		// Every match holds a fragment and starts at most maxLabelLead
		// bytes (and the rest of a word) before it: the search can start
		// there, which spares long prose lines most of the work.
		from := 0
		if aligned && !plans[i].anchored {
			from = wordStartBefore(s, k-maxLabelLead)
		}
		re, subject := d.re, s
		if aligned {
			// The lower-case line and an expression without (?i) find the
			// same spans at the same offsets, with less work per byte.
			re, subject = plans[i].lower, low
		}
		for _, loc := range re.FindAllStringIndex(subject[from:], 8) {
			loc[0], loc[1] = loc[0]+from, loc[1]+from
			end := loc[1]
			// Trim white space a citation group may have swallowed.
			for end > loc[0] && (s[end-1] == ' ') {
				end--
			}
			if end <= loc[0] || !hasLetterBoundary(s, loc[0], end) {
				continue
			}
			hits = append(hits, labelHit{loc[0], end, d.kind})
		}
	}
	return hits
}

// keepLabels orders a line's label matches and keeps the non-overlapping
// ones that label what follows them.
func keepLabels(s string, hits []labelHit) []labelHit {
	// Stable: of two definitions matching the same span ("Owner" is a role
	// label and a prose word), the one listed first wins.
	sort.SliceStable(hits, func(i, j int) bool {
		if hits[i].start != hits[j].start {
			return hits[i].start < hits[j].start
		}
		return hits[i].end > hits[j].end
	})
	out := hits[:1]
	for _, h := range hits[1:] {
		if h.start >= out[len(out)-1].end {
			out = append(out, h)
		}
	}
	// A role in parentheses or right after a name ("Beat Zimmermann (CEO)",
	// "Eleanor Whitfield, Managing Director") is that person's inline role,
	// not a label for what follows; unless a colon makes it one.
	kept := out[:0]
	for _, h := range out {
		pre := s[:h.start]
		colon := strings.HasPrefix(strings.TrimLeft(s[h.end:], " "), ":")
		if !colon && (strings.Count(pre, "(") > strings.Count(pre, ")") || endsWithName(pre)) {
			continue
		}
		kept = append(kept, h)
	}
	return kept
}

// endsWithName reports whether s ends with a personal name followed by a
// separator (", " or " - "), i.e. what comes next is that person's role.
func endsWithName(s string) bool {
	t := strings.TrimRight(s, " ")
	if t == "" || !strings.ContainsRune(",–-|", lastRune(t)) {
		return false
	}
	t = strings.TrimRight(t, " ,–-|")
	f := strings.Fields(t)
	for k := 2; k <= 6 && k <= len(f); k++ {
		if _, ok := parseName(strings.Join(f[len(f)-k:], " ")); ok {
			return true
		}
	}
	return false
}

// reConnectors are the words between chained labels or between a label and
// its name: "Vertreten durch den Geschäftsführer: ...".
var reConnectors = regexp.MustCompile(`(?i)^[\s:,;–—\-.]*(?:(?:den|die|der|des|dem|das|the|our|unsere[nmr]?|unser|durch|by|von|ist|sind|is|are|und|and|&|sowie|gem(?:ä|ae)(?:ß|ss)|nach|bzw\.?)[\s:,;–—\-]+)*[\s:,;–—\-]*`)

// onlyConnectors reports whether s holds nothing but connector words and
// punctuation.
func onlyConnectors(s string) bool {
	loc := reConnectors.FindStringIndex(s)
	if loc == nil {
		return strings.TrimSpace(s) == ""
	}
	rest := s[loc[1]:]
	return strings.TrimFunc(rest, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsPunct(r) }) == ""
}

// stripLead removes the connector words and punctuation at the start of the
// text that follows a label. Articles and "durch"/"by" only: in strict
// (prose) mode more would let "Vorstand der Firma Max Muster" through.
var reLead = regexp.MustCompile(`(?i)^[\s:,;–—\-]*(?:(?:den|die|der|the|durch|by|ist|is|:)\s+)*[\s:,;–—\-]*`)

func stripLead(s string) string {
	return strings.TrimSpace(s[len(reLead.FindString(s)):])
}

// labelChain is a run of labels joined by connectors, with what follows it.
type labelChain struct {
	start, end int    // span of the chain in the line
	roles      []role // roles it gives, as written
	kind       labelKind
	rest       string // text after the chain, up to the next chain
	colon      bool   // a colon closed the label
}

// role is one role fact: the text as written and the kind it implies.
type role struct {
	text    string
	kind    string // "", KindEditorialResponsible or KindDataProtection
	generic bool   // "Vertreten durch": replaced by any specific role
}

// chains groups the labels of a line.
func chains(s string, hits []labelHit) []labelChain {
	var out []labelChain
	for i := 0; i < len(hits); {
		c := labelChain{start: hits[i].start, end: hits[i].end}
		j := i
		for j+1 < len(hits) && onlyConnectors(s[hits[j].end:hits[j+1].start]) && hits[j+1].start-hits[j].end < 24 {
			j++
		}
		c.end = hits[j].end
		c.kind = lkGeneric
		for k := i; k <= j; k++ {
			h := hits[k]
			txt := strings.TrimSpace(strings.TrimRight(s[h.start:h.end], ": "))
			c.roles = append(c.roles, role{text: txt, kind: h.kind.personKind(), generic: h.kind == lkGeneric})
			switch {
			case h.kind == lkEditorial || h.kind == lkDPO:
				c.kind = h.kind
			case c.kind == lkGeneric || (c.kind == lkProse && h.kind == lkRole):
				c.kind = h.kind
			}
		}
		out = append(out, c)
		i = j + 1
	}
	for i := range out {
		end := len(s)
		if i+1 < len(out) {
			end = out[i+1].start
		}
		rest := s[out[i].end:end]
		// "Verantwortlich im Sinne des Presserechts: Name" and labels with
		// qualifiers ("Geschäftsführer der Muster Verwaltungs GmbH:"): the
		// colon ends the label.
		if k := strings.IndexByte(rest, ':'); k >= 0 && k < 70 && !strings.Contains(rest[:k], "@") && !clauseBefore(rest[:k]) {
			if pre := strings.TrimSpace(rest[:k]); pre == "" || !startsWithName(pre) {
				// A legal qualifier belongs to the role text ("Verantwortlich
				// im Sinne des Presserechts"); other words before the colon
				// ("erreichen Sie unter") do not.
				if pre != "" && len(out[i].roles) > 0 && reQualifier.MatchString(pre) && wordCount(pre) <= 8 {
					last := &out[i].roles[len(out[i].roles)-1]
					last.text = strings.TrimSpace(last.text + " " + pre)
				}
				rest = rest[k+1:]
				out[i].colon = true
			}
		} else if q, ok := roleParenthetical(rest); ok && len(out[i].roles) > 0 {
			// "Vertretungsberechtigte Personen (Geschäftsführung)" as a
			// heading: the parenthetical names the office and the label
			// still stands alone.
			last := &out[i].roles[len(out[i].roles)-1]
			last.text += " " + q
			rest = ""
		}
		out[i].rest = rest
	}
	return out
}

// roleParenthetical reports whether the text after a label is one
// parenthetical and nothing else ("(Geschäftsführung)", "(gemäß § 26
// BGB)"), and returns it: the label then stands alone, in a heading or on a
// line of its own. A name in parentheses is no qualifier, and a
// past term ("(1997–1999)", "(ehemals)") leaves the label to the history
// readers.
func roleParenthetical(rest string) (string, bool) {
	t := strings.TrimSpace(rest)
	if len(t) < 4 || len(t) > 80 || t[0] != '(' || t[len(t)-1] != ')' {
		return "", false
	}
	inner := strings.TrimSpace(t[1 : len(t)-1])
	if inner == "" || strings.ContainsAny(inner, "()@") || startsWithName(inner) || formerCue.MatchString(inner) || jobAdNote.MatchString(inner) {
		return "", false
	}
	return t, true
}

// jobAdNote matches what a job advertisement writes after its title:
// "(m/w/d)", "(all genders)", "(Teilzeit)". Such a heading offers the
// role; the name under it is the contact for applicants, not its holder.
var jobAdNote = regexp.MustCompile(`(?i)^(?:[mwdfx](?:\s*/\s*[mwdfx]){1,3}|all\s+genders|gn\*?|[mwd]\*?|teilzeit|vollzeit|full[- ]?time|part[- ]?time|(?:un)?befristet|remote|minijob)$`)

// reQualifier matches the legal qualifiers that may stand between a role
// label and its colon.
var reQualifier = regexp.MustCompile(`(?i)^(?:\(|§|nach\b|gem(?:ä|ae)(?:ß|ss)|gem\.|laut\b|lt\.|i\.\s?s\.|im\s+sinne|des\b|der\b|f(?:ü|ue)r\b|(?:abs|art)\.)`)

// startsWithName reports whether s begins with a personal name.
func startsWithName(s string) bool {
	_, _, ok := namePrefix(s, false)
	return ok
}

// specificRoles returns the roles of a chain: generic ones only when nothing
// more specific is there.
func specificRoles(rs []role) []role {
	var out []role
	for _, r := range rs {
		if !r.generic {
			out = append(out, r)
		}
	}
	if len(out) == 0 {
		return rs
	}
	return out
}

// maxLabelLead bounds how far a label's match starts before the fragment
// it holds ("stellvertretender Vorsitzender des Vorstands": 35 bytes before
// "vorstand").
const maxLabelLead = 64

// sameLengthLower reports whether every rune of s keeps its UTF-8 length
// in lower case, so that byte offsets in strings.ToLower(s) are offsets in
// s, and s has no rune that a case-insensitive expression matches for
// another letter (the long s "ſ" for s, the Kelvin sign for k), which the
// lower-case fragments would not see.
func sameLengthLower(s string) bool {
	for _, r := range s {
		if r < utf8.RuneSelf {
			continue
		}
		if r == 'ſ' || r == '\u212a' || utf8.RuneLen(unicode.ToLower(r)) != utf8.RuneLen(r) {
			return false
		}
	}
	return true
}

// wordStartBefore returns k moved back to the start of the word it falls
// in (0 when k is before the line).
func wordStartBefore(s string, k int) int {
	if k <= 0 {
		return 0
	}
	for k > 0 && s[k-1] != ' ' {
		k--
	}
	return k
}

// reClause is a comma followed by a lower-case word: a sentence goes on
// between a label and a colon ("Vorstand ein Durchschnittsalter von 18
// Jahren, was zeigt: …"), so the colon ends the sentence's clause, not
// the label.
var reClause = regexp.MustCompile(`,\s+\p{Ll}`)

func clauseBefore(pre string) bool {
	return reClause.MatchString(pre) && !reQualifier.MatchString(strings.TrimSpace(pre))
}
