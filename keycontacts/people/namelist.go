package people

import (
	"regexp"
	"strings"
	"unicode"

	"golang.org/x/net/html"
)

// listItem is one person in a phrase such as "Dr. Anna Huber (Vorsitzende),
// Peter Maier, CFO, und Eva Berg".
type listItem struct {
	np       nameParts
	inverted bool     // written family name first: "Fehlmann, Alfred, Präsident"
	roles    []string // inline roles as written
	emails   []string
	phones   []string
	// desig is a designation in capitals that only its repetition on the
	// page makes one ("Ronald F. Rearick, PHP"; see addDesignation).
	desig string
}

// listMode says how strictly a phrase must consist of names.
type listMode int

const (
	// modeLine: the whole phrase is names with inline roles or contacts; any
	// other part makes it not a name line (team cards, lists).
	modeLine listMode = iota
	// modeLabel: the text after a label at the start of a line; companies
	// and other parts are skipped, prose ends it.
	modeLabel
	// modeStrict: the text after a label inside running text; only the
	// names that follow it immediately count.
	modeStrict
)

type segment struct {
	text  string
	sep   string // separator before the segment
	paren bool   // the segment was in parentheses
}

// wordSeps are the separators written as words between spaces.
var wordSeps = []string{" und ", " and ", " sowie ", " & ", " – ", " — ", " - ", " / ", " as well as "}

// separators returns the spans of the separators in s: punctuation
// (",", ";", "|", "·", "•") and the words and dashes of wordSeps, with the
// white space around them. It is the hand-written equivalent of a regular
// expression, because it runs on every short line of every page.
func separators(s string) [][2]int {
	var out [][2]int
	for i := 0; i < len(s) && len(out) < 32; {
		n := 0
		switch c := s[i]; {
		case c == ',' || c == ';' || c == '|':
			n = 1
		case strings.HasPrefix(s[i:], "·") || strings.HasPrefix(s[i:], "•"):
			n = len("·")
		case c == ' ':
			for _, w := range wordSeps {
				if len(s)-i >= len(w) && strings.EqualFold(s[i:i+len(w)], w) {
					n = len(w)
					break
				}
			}
		}
		if n == 0 {
			i++
			continue
		}
		a, b := i, i+n
		for a > 0 && s[a-1] == ' ' {
			a--
		}
		for b < len(s) && s[b] == ' ' {
			b++
		}
		if len(out) > 0 && a < out[len(out)-1][1] {
			a = out[len(out)-1][1]
		}
		out = append(out, [2]int{a, b})
		i = b
	}
	return out
}

// segments splits s at separators and pulls out parenthesised remarks
// ("Philipp Kroschke (Sprecher der Geschäftsführer)"), but keeps
// parenthesised title parts such as "(FH)" inside their name.
func segments(s string) []segment {
	var out []segment
	sep := ""
	emit := func(text string) {
		if strings.TrimSpace(text) == "" {
			return
		}
		prev := 0
		for _, l := range separators(text) {
			out = append(out, segment{text: text[prev:l[0]], sep: sep})
			sep = text[l[0]:l[1]]
			prev = l[1]
		}
		out = append(out, segment{text: text[prev:], sep: sep})
		sep = ""
	}
	pos, search := 0, 0
	for len(out) < 64 {
		i := strings.IndexByte(s[search:], '(')
		if i < 0 {
			break
		}
		i += search
		j := strings.IndexByte(s[i:], ')')
		if j < 0 {
			break
		}
		j += i
		if parenTitles[fold(s[i:j+1])] || j-i > 120 || midNickname(s, i, j) {
			// A title part such as "(FH)" stays inside its name, and so
			// does a nickname between given and family name ("Nicholas
			// (Nick) Noonan").
			search = j + 1
			continue
		}
		emit(s[pos:i])
		out = append(out, segment{text: s[i+1 : j], sep: " (", paren: true})
		pos, search = j+1, j+1
	}
	emit(s[pos:])
	return out
}

// namesBefore counts the words of s that are no salutation, title or
// initial: the given names written before a nickname.
func namesBefore(s string) int {
	if k := strings.LastIndexAny(s, ",;&|"); k >= 0 {
		s = s[k+1:] // the list's last entry
	}
	n := 0
	for _, w := range strings.Fields(s) {
		if f := fold(w); f == "and" || f == "und" {
			n = 0
			continue
		}
		if !salutations[fold(w)] && !isTitleTok(w) && !isInitial(w) {
			n++
		}
	}
	return n
}

// wordsToSep counts the words of s up to its first list separator.
func wordsToSep(s string) int {
	if k := strings.IndexAny(s, ",;|"); k >= 0 {
		s = s[:k]
	}
	return len(strings.Fields(s))
}

// nameNotRole reports whether a segment parses as a name that no role rule
// reads: "Qs, Churchill Asotie", not "Attorney, Notary Public".
func nameNotRole(t string) bool {
	t = trimPunct(t, true)
	_, ok := parseName(t)
	return ok && builtinRule(t) == "none"
}

// midNickname reports whether the parenthesis s[i:j+1] is a nickname
// between a given and a family name: one capitalised word that shares its
// first three letters with the word before it or is a given name itself,
// followed by a capitalised word ("Nicholas (Nick) Noonan", "Katheryn
// (Kate) Noonan").
func midNickname(s string, i, j int) bool {
	inner := s[i+1 : j]
	if strings.ContainsAny(inner, " .,;:/") || !nickname(s[i:j+1]) || !endsInLetter(s[:i]) {
		return false
	}
	after := strings.TrimLeft(s[j+1:], " ")
	if after == "" || after == s[j+1:] || !unicode.IsUpper(firstRune(after)) || namesBefore(s[:i]) > 1 && wordsToSep(after) > 1 {
		// "Anna Berg (Adelaide) Tom Reilly": a full name before the
		// bracket and another after it, so the bracket ends the first;
		// "Maria Theresa (Tess) Cruz" has only its family name after it.
		return false
	}
	// A call name that is a given name itself ("Amanda (Mandie) Curty",
	// "Jaithirth (Jerry) Rao") is as clear as a shortening of the one
	// before it; a bracketed role or place ("(Vorsitz)", "(Wien)") is
	// neither.
	return nickOf(lastWord(s[:i]), inner) || isGivenName(inner) && !hasRoleKeyword(inner) && !stopTokens[fold(inner)]
}

// fieldSpans returns the byte spans of the white-space separated fields.
func fieldSpans(s string) [][2]int {
	var out [][2]int
	start := -1
	for i, r := range s {
		if unicode.IsSpace(r) {
			if start >= 0 {
				out = append(out, [2]int{start, i})
				start = -1
			}
		} else if start < 0 {
			start = i
		}
	}
	if start >= 0 {
		out = append(out, [2]int{start, len(s)})
	}
	return out
}

// namePrefix finds the longest name at the start of s and returns it with
// the rest of s. strict demands that the rest not continue the name: it is
// empty, starts with punctuation or a lower-case word, or the name ended
// with a full stop.
func namePrefix(s string, strict bool) (nameParts, string, bool) {
	spans := fieldSpans(s)
	if len(spans) < 2 {
		return nameParts{}, "", false
	}
	for k := min(len(spans), 8); k >= 2; k-- {
		head := s[:spans[k-1][1]]
		np, ok := parseName(head)
		if !ok {
			continue
		}
		rest := strings.TrimSpace(s[spans[k-1][1]:])
		if rest == "" {
			return np, "", true
		}
		r0 := firstRune(rest)
		lastTok := s[spans[k-1][0]:spans[k-1][1]]
		endDot := strings.HasSuffix(head, ".") && !isInitial(lastTok) && !isTitleTok(lastTok)
		if strings.ContainsRune(",;:", lastRune(lastTok)) {
			// "Claudia Neumann, Leiterin ...": the comma ends the name.
			return np, rest, true
		}
		switch {
		case unicode.IsLower(r0), unicode.IsPunct(r0) && r0 != '(' && r0 != '&', endDot, contactField(rest):
			return np, rest, true
		case !strict && (r0 == '(' || hasRoleKeyword(rest)):
			return np, rest, true
		}
		return nameParts{}, "", false
	}
	return nameParts{}, "", false
}

// parseNameList reads the people of a phrase (see listMode).
func parseNameList(s string, mode listMode) []listItem {
	// "Name (MRS) LL.B.": the bracketed salutation is no fact of the list,
	// but it says the one name is a person's, as a leading "Mrs" does.
	s, salut := withoutSalutParen(cleanSpace(s))
	items := nameList(s, mode)
	if salut && len(items) == 1 {
		items[0].np.salutation = true
	}
	return items
}

// nameList is parseNameList without the bracketed salutation.
func nameList(s string, mode listMode) []listItem {
	s = cleanSpace(s)
	if s == "" || len(s) > 600 {
		if mode == modeLine || s == "" {
			return nil
		}
		s = truncateRunes(s, 600)
	}
	segs := segments(s)
	var items []listItem
	last := func() *listItem {
		if len(items) == 0 {
			return nil
		}
		return &items[len(items)-1]
	}
	for k := 0; k < len(segs); k++ {
		seg := segs[k]
		t := trimPunct(seg.text, true)
		if t == "" {
			continue
		}
		// "Reinraum- und Prozessanlagen": a word cut at a hyphen is half
		// of a German compound, never a name.
		elliptic := strings.HasSuffix(strings.TrimSpace(seg.text), "-")
		if k == 0 && len(segs) > 1 && professions[fold(t)] && nameNotRole(segs[1].text) {
			// "Qs, Churchill Asotie": a designation set off by a comma
			// before the name, as Nigerian pages write Qs, Arc. and Engr.
			continue
		}
		if seg.paren {
			if l := last(); l != nil && !l.addParen(t, mode) {
				return nil
			}
			continue
		}
		if l := last(); l != nil && l.extendName(t) {
			continue
		}
		if l := last(); l != nil && k == len(segs)-1 && seg.sep == ", " && l.addDesignation(t) {
			continue
		}
		if got, skip, ok := segmentNames(segs, k, t, elliptic); ok {
			items = append(items, got...)
			k += skip
			continue
		}
		if mode != modeLine {
			if np, rest, ok := namePrefix(t, mode == modeStrict); ok {
				it := listItem{np: np}
				if rok, _ := roleLike(rest); rok && mode == modeLabel {
					it.roles = append(it.roles, trimPunct(rest, true))
				}
				items = append(items, it)
				if mode == modeStrict && rest != "" {
					return items
				}
				continue
			}
		}
		if l := last(); l != nil && l.addFacts(t, seg.sep, mode) {
			continue
		}
		switch mode {
		case modeLine:
			return nil
		case modeStrict:
			return items
		default:
			if len(items) > 0 && looksLikeProse(t) {
				return items
			}
		}
	}
	return items
}

// segmentNames reads segment k (text t) of a list as one or two whole
// names: two names run together, one name, an entry written family name
// first (then skip is 1: the given name's segment is used up) or a lone
// given name that shares the next person's family name.
func segmentNames(segs []segment, k int, t string, elliptic bool) (items []listItem, skip int, ok bool) {
	if a, b, ok := twoNames(t); ok && !elliptic {
		// "Heidi Koch Matthias Kobert": two names whose separator the
		// layout dropped.
		return []listItem{{np: a}, {np: b}}, 0, true
	}
	if np, ok := parseName(t); ok && !elliptic {
		return []listItem{{np: np}}, 0, true
	}
	// "Fehlmann, Alfred, Präsident des Verwaltungsrates", "Vogel, Dr.
	// Manuel, CEO": an entry written family name first, told apart from a
	// list of family names by the role that closes it.
	if np, ok := invertedName(segs, k); ok {
		return []listItem{{np: np, inverted: true}}, 1, true
	}
	if np, ok := sharedFamily(segs, k, t); ok {
		return []listItem{{np: np}}, 0, true
	}
	return nil, 0, false
}

// twoNames splits four capitalised words that are two "given family" names:
// both given names known, neither family word a known given name.
func twoNames(t string) (a, b nameParts, ok bool) {
	w := strings.Fields(t)
	if len(w) != 4 || !isGivenName(w[0]) || !isGivenName(w[2]) || isGivenName(w[1]) || isGivenName(w[3]) {
		return a, b, false
	}
	if a, ok = parseName(w[0] + " " + w[1]); !ok {
		return a, b, false
	}
	b, ok = parseName(w[2] + " " + w[3])
	return a, b, ok
}

// addParen takes a parenthesised segment after a name: a title, an e-mail
// address, a term of office or a role. It reports false when, in modeLine,
// the remark is none of these, so the line is not a name with its role.
func (l *listItem) addParen(t string, mode listMode) bool {
	switch {
	case allTitles(t):
		// "Max Mustermann (Dipl.-Ing.)": a title, not a role.
		if l.np.title != "" {
			l.np.title += ", "
		}
		l.np.title += t
		l.np.full += " (" + t + ")"
	case len(emailsInText(t)) > 0:
		l.emails = append(l.emails, emailsInText(t)...)
	case pronouns.MatchString(t):
		// "Tamati Waaka (she/her)": the person's pronouns, not a role.
	case shortName(l.np, t):
		// "Naruebet Thanuwohan (Naru)", "Robert Miller („Bob“)": the name
		// the person goes by.
	case birthName.MatchString(t):
		// "Jasmin Fischbeck (geb. Burczyk)": the name before marriage.
	case exOfficio.MatchString(t):
		// "Miguel Pitts (Ex-officio)": the kind of the seat, a role.
		l.roles = append(l.roles, t)
	case termOfOffice.MatchString(t):
		// "Sue Zuniga (2014 – Present)": a term, not a role; a closed term
		// makes the person a former holder (context.go), an open one
		// changes nothing.
	case isRoleRemark(t, mode):
		l.roles = append(l.roles, t)
	case termNote.MatchString(t) && termWord.MatchString(t):
		// "(Elected 2016)", "(Treasurer 1992-, secretary 1992-1999)",
		// "(gewählt am 27.11.2025 für zwei Jahre)": a note on the term of
		// office, with the office first when it names one.
		if r := termRole(t); r != "" {
			l.roles = append(l.roles, r)
		}
	case mode == modeLine:
		// "Statuten Broschüre (PDF)": a remark that is no role means the
		// line is not a name with its role.
		return false
	}
	return true
}

// shortName reports whether a parenthetical remark is the short name a
// person goes by: one capitalised word that is quoted or shares the first three
// letters of their given name ("Theodore Loach (Theo)", "Nicholas Noonan (Nick)").
func shortName(np nameParts, t string) bool {
	q := strings.Trim(t, "\"'„“”‚‘’»«")
	if q == "" || strings.ContainsAny(q, " .,;:/") || !unicode.IsUpper(firstRune(q)) || !nameWord(q) {
		return false
	}
	if q != t {
		return true
	}
	given := strings.Fields(np.given)
	return len(given) > 0 && nickOf(given[0], q)
}

// nickOf reports whether nick can be the short name of given: a word no
// longer than it that shares its first three letters ("Theo" of "Theodore",
// "Nick" of "Nicholas", "Kate" of "Katheryn") or, of two letters, begins
// it ("Al" of "Alan"). A longer word is a department ("Markus Klein
// (Marktfolge)").
func nickOf(given, nick string) bool {
	g, n := []rune(fold(given)), []rune(fold(nick))
	if len(n) == 0 || len(n) > len(g) || string(g) == string(n) {
		return false
	}
	if len(n) == 2 {
		return string(g[:2]) == string(n)
	}
	return len(n) >= 3 && string(g[:3]) == string(n[:3])
}

// pronouns are the pronouns a team page writes after a name ("she/her",
// "they/them", "er/ihm").
var pronouns = regexp.MustCompile(`(?i)^(?:she|he|they|ze|xe|sie|er|ey)(?:\s*/\s*(?:her|hers|him|his|them|theirs|zir|xem|ihr|ihm|sie|er|em)){1,2}$`)

// exOfficio is a seat held by virtue of another office.
var exOfficio = regexp.MustCompile(`(?i)^ex[- ]officio(?:\s+member)?$`)

// birthName matches a remark that gives a person's name before marriage:
// "geb. Burczyk", "née Smith", "born Jones".
var birthName = regexp.MustCompile(`^(?i:geb\.|geborene|née|nee|born)\s+\p{Lu}[\p{L}'-]+$`)

// isRoleRemark reports whether a parenthesised remark is a role: in
// modeLine only when it holds a role keyword.
func isRoleRemark(t string, mode listMode) bool {
	ok, kw := roleLike(t)
	return ok && (kw || mode != modeLine)
}

// extendName adds a segment that continues the name before it: a
// generation ("Robert Minkler, Jr.") or degrees ("Anna Roth, MBA").
func (l *listItem) extendName(t string) bool {
	if generationSuffixes[fold(t)] && !strings.Contains(l.np.full, ",") {
		l.np.full += ", " + t
		return true
	}
	if credentials(t) {
		l.addTitle(t)
		return true
	}
	return false
}

// addTitle appends a degree or designation written after the name's comma
// to the name as written and to its title.
func (l *listItem) addTitle(t string) {
	l.np.full += ", " + t
	if l.np.title != "" {
		l.np.title += ", "
	}
	l.np.title += t
}

// addDesignation takes capitals after the last name's comma that name no
// role, no legal form ("Dunlap Gardiner, LLP") and no place ("U.S."):
// "Ronald F. Rearick, PHP" is a designation, as parseName reads it after a
// single name. The name must be one a list knows, and the page must write
// the designation after two or more names (prepare): a testimonial's "Jane
// Doe, KPMG" names an employer.
func (l *listItem) addDesignation(t string) bool {
	if l.np.allCaps || !l.np.knownGiven && !l.np.knownFam || strings.Contains(t, ".") || !capsDesignation(t) || legalForms[fold(t)] {
		return false
	}
	if l.np.title == "" {
		// After listed degrees ("MD, FACS, FARS") capitals are one more;
		// alone they need the page's repetition.
		l.desig = t
	}
	l.addTitle(t)
	return true
}

// sharedFamily reads "Max und Erika Mustermann": a lone given name at
// segment k shares the family name of the next person.
func sharedFamily(segs []segment, k int, t string) (nameParts, bool) {
	if k+1 < len(segs) && isJoiner(segs[k+1].sep) && len(strings.Fields(t)) == 1 && nameWord(t) &&
		!isUpperWord(t) && isGivenName(t) {
		next, ok := parseName(trimPunct(segs[k+1].text, true))
		if !ok {
			// "owners Paul and Hazel Guy started …": the next name opens a
			// sentence.
			var rest string
			if next, rest, ok = namePrefix(trimPunct(segs[k+1].text, true), true); ok && rest != "" && !unicode.IsLower(firstRune(rest)) {
				ok = false
			}
		}
		if ok && !strings.Contains(next.given, " ") {
			np := next
			np.given, np.full, np.title = t, t+" "+next.family, ""
			np.knownGiven = true // isGivenName(t) above
			return np, true
		}
	}
	return nameParts{}, false
}

// addFacts takes a segment after a name that holds its e-mail addresses or
// phone numbers, or (outside modeStrict) its role, written with sep before
// it; it reports whether the segment was taken.
func (l *listItem) addFacts(t, sep string, mode listMode) bool {
	if em, ph := emailsInText(t), phonesInText(t); len(em) > 0 || len(ph) > 0 {
		l.emails = append(l.emails, em...)
		l.phones = append(l.phones, ph...)
		return true
	}
	if mode == modeStrict {
		return false
	}
	// After a comma only a real role counts: "Max Muster, CEO", not "Max
	// Muster, Anschrift wie oben"; once a role is there, a short phrase
	// joined to it goes on with it: "Co-founder, Community & Operations".
	ok, kw := roleLike(t)
	if !ok || !kw && !(len(l.roles) > 0 && roleGoesOn(t, sep)) {
		return false
	}
	// Keep the separator a role was written with: "Vorstand, Schatzmeister",
	// "Einkauf / Logistik".
	if len(l.roles) > 0 && !strings.HasPrefix(strings.TrimSpace(sep), "(") {
		l.roles[len(l.roles)-1] += displaySep(sep) + t
	} else {
		l.roles = append(l.roles, t)
	}
	return true
}

// roleGoesOn reports whether t, written with sep after a role, continues
// that role: one to three words joined by a comma or a conjunction.
func roleGoesOn(t, sep string) bool {
	s := strings.TrimSpace(sep)
	return wordCount(t) <= 3 && (s == "," || s == "&" || strings.EqualFold(s, "and") || strings.EqualFold(s, "und"))
}

// termOfOffice is a year or a span of years written after a name.
var termOfOffice = regexp.MustCompile(`(?i)^(?:since\s+|seit\s+|ab\s+)?(?:19|20)\d\d(?:\s*(?:-|–|—|to|bis)\s*(?:(?:19|20)\d\d|present|heute|today|now|dato|date))?$`)

// invertedName reads segments k and k+1 as "Family, Given" when a role
// follows them: one capitalised word, then given names (and titles) that
// make a name with it.
func invertedName(segs []segment, k int) (nameParts, bool) {
	if k+2 >= len(segs) || segs[k].paren || segs[k+1].paren || strings.TrimSpace(segs[k+1].sep) != "," ||
		strings.TrimSpace(segs[k].sep) == "," {
		return nameParts{}, false
	}
	fam, given := trimPunct(segs[k].text, true), trimPunct(segs[k+1].text, true)
	if strings.ContainsRune(fam, ' ') || !nameWord(fam) || isUpperWord(fam) || wordCount(given) > 4 || given == "" {
		return nameParts{}, false
	}
	if ok, kw := roleLike(trimPunct(segs[k+2].text, true)); !ok || !kw {
		return nameParts{}, false
	}
	return parseName(given + " " + fam)
}

// flipInverted reads the names of the lines beside an inverted entry in
// the same order: in "Fehlmann, Alfred, …" / "Özdemir Emre, …" the second
// line also writes the family name first.
func (x *extractor) flipInverted() {
	parents := map[*html.Node]bool{}
	for i, items := range x.lineItems {
		for _, it := range items {
			if it.inverted && x.p.lines[i].node != nil {
				parents[x.p.lines[i].node.Parent] = true
			}
		}
	}
	if len(parents) == 0 {
		return
	}
	for i, items := range x.lineItems {
		n := x.p.lines[i].node
		if len(items) != 1 || n == nil || !parents[n.Parent] || items[0].inverted {
			continue
		}
		np := items[0].np
		if np.title != "" || np.salutation || strings.ContainsRune(np.given, ' ') || strings.ContainsRune(np.family, ' ') {
			continue
		}
		if flipped, ok := parseName(np.family + " " + np.given); ok {
			items[0].np, items[0].inverted = flipped, true
		}
	}
}

// termNote is a remark with a year in it; termWord says it is about an
// office (elected, since, until, a role word, an open span "2015-").
var (
	termNote = regexp.MustCompile(`\b(?:19|20)\d\d\b`)
	termWord = regexp.MustCompile(`(?i)elect|gew(?:ä|ae)hlt|\bwahl|\bsince\b|\bseit\b|\bterm\b|amtszeit|\bbis\b|\buntil\b|present|heute|\b(?:19|20)\d\d\s*[-–]\s*(?:,|$)|president|pr(?:ä|ae)sident|chair|secretary|treasurer|vorsitz|kassier|schriftf|trustee|member|mitglied`)
	termSpan = regexp.MustCompile(`\s*\(?\b(?:19|20)\d\d\b\s*(?:[-–]\s*(?:(?:19|20)\d\d\b)?)?\)?`)
)

// termRole returns the office a term note opens with ("President 2016-,
// elected 2016" gives "President"), or "".
func termRole(t string) string {
	first := t
	if k := strings.IndexAny(first, ",;"); k >= 0 {
		first = first[:k]
	}
	first = strings.TrimSpace(termSpan.ReplaceAllString(first, ""))
	if first == "" || wordCount(first) > 6 {
		return ""
	}
	if ok, kw := roleLike(first); ok && kw {
		return first
	}
	return ""
}

func isJoiner(sep string) bool {
	f := strings.ToLower(strings.TrimSpace(sep))
	return f == "und" || f == "and" || f == "&" || f == "sowie"
}

// displaySep renders a separator as it joins two roles.
func displaySep(sep string) string {
	t := strings.TrimSpace(sep)
	switch t {
	case ",", ";":
		return t + " "
	case "":
		return " "
	}
	return " " + t + " "
}

// allTitles reports whether s consists of academic titles only.
func allTitles(s string) bool {
	f := strings.Fields(s)
	if len(f) == 0 {
		return false
	}
	for _, w := range f {
		if !isTitleTok(w) && !isPostNominal(w) {
			return false
		}
	}
	return true
}

// credentials reports whether every word of s is a degree written after a
// name: a listed one, membership letters, or one written like a degree
// (dottedDegree); bare capitals and brands no list has ("URL", "PwC") are not.
func credentials(s string) bool {
	f := strings.Fields(s)
	if len(f) == 0 {
		return false
	}
	for _, w := range f {
		if !isPostNominal(w) && !memberLetters.MatchString(w) && !dottedDegree(w) {
			return false
		}
	}
	return true
}

var (
	reStreet  = regexp.MustCompile(`(?i)(?:stra(?:ß|ss)e|str\.|weg|gasse|platz|allee|ring|damm|ufer|chaussee|steig|pfad|markt|road|street|st\.|avenue|ave\.|lane|drive|boulevard|blvd\.?)\s*\d`)
	rePostal  = regexp.MustCompile(`^(?:[A-Z]{1,2}-)?\d{4,5}\s+\p{Lu}|^(?:postfach|p\.?\s?o\.?\s?box|c/o)\b`)
	reOrdinal = regexp.MustCompile(`^\d{1,2}\.\s`)
	reProse   = regexp.MustCompile(`(?i)\b(?:ist|sind|war|wird|werden|wurde|hat|haben|kann|können|wir|ich|sie|is|are|was|were|has|have|will|can|we|our|the|this|that|with|für|mit|nicht|auch)\b`)
)

// isAddress reports whether a line is part of a postal address.
func isAddress(s string) bool {
	t := strings.TrimSpace(s)
	if l := strings.ToLower(t); strings.HasPrefix(l, "postfach") || strings.HasPrefix(l, "c/o") || strings.HasPrefix(l, "p.o") {
		return true
	}
	if !strings.ContainsAny(s, "0123456789") {
		return false
	}
	return reStreet.MatchString(s) || rePostal.MatchString(t)
}

// isCompany reports whether a phrase names an organisation.
func isCompany(s string) bool {
	for _, w := range strings.Fields(s) {
		if legalForms[fold(strings.Trim(w, ",.;:()"))] || legalForms[fold(strings.Trim(w, ",;:()"))] {
			return true
		}
	}
	return false
}

// looksLikeProse reports whether a phrase is a sentence rather than a label,
// a name or a role.
func looksLikeProse(s string) bool {
	w := wordCount(s)
	if w > 14 {
		return true
	}
	if w >= 6 && strings.ContainsRune(".!?", lastRune(strings.TrimSpace(s))) {
		return true
	}
	return w > 3 && len(reProse.FindAllString(s, 3)) >= 2
}

// joinedYear is one year in brackets after a role: when the person took
// the office or joined. A span ("(2015–2018)") is a term, which the context
// rules read.
var joinedYear = regexp.MustCompile(`\s*\((?:19|20)\d\d\)$`)

// roleLike reports whether a short line or phrase can be a role as written
// on a page; kw says it contains a role or department word.
func roleLike(s string) (ok, kw bool) {
	s = trimPunct(s, true)
	if strings.HasSuffix(s, ")") {
		// "President & Chief Executive Officer (1989)": the year the
		// office or the employment began, not an address or a number.
		s = joinedYear.ReplaceAllString(s, "")
	}
	if s == "" || len(s) > 100 {
		return false, false
	}
	w := wordCount(s)
	if w > 10 || strings.ContainsAny(s, "@") || strings.Contains(s, "://") || strings.HasPrefix(strings.ToLower(s), "www.") {
		return false, false
	}
	// Digits make a line an address, a date or a number; only a leading
	// ordinal ("1. Vorsitzender") is allowed.
	if strings.ContainsAny(reOrdinal.ReplaceAllString(s, ""), "0123456789") || isAddress(s) || isCompany(s) {
		return false, false
	}
	if _, ok := parseName(s); ok {
		return false, false
	}
	fs := fold(s)
	if genericHeadings[strings.ReplaceAll(fs, " ", "-")] {
		return false, false
	}
	// Lines made only of navigation or register words ("Kontakt",
	// "Registernummer", "Adresse / Kontakt") are not roles.
	allStop := true
	for _, f := range strings.FieldsFunc(fs, func(r rune) bool { return !unicode.IsLetter(r) && r != '-' }) {
		if !stopTokens[f] && !legalForms[f] && !strings.HasSuffix(f, "nummer") && !strings.HasPrefix(f, "umsatzsteuer") {
			allStop = false
			break
		}
	}
	kw = hasRoleKeyword(s)
	if allStop && !kw {
		return false, false
	}
	if looksLikeProse(s) || (w > 4 && strings.HasSuffix(s, ".") && !strings.HasSuffix(s, "Stv.")) {
		return false, false
	}
	words := letterWords(fs)
	for _, f := range words {
		// "Services" labels a list of offerings, but it is also a
		// department in a position ("Client Services Executive
		// Assistant", "Director of Customs Broker Services").
		if nonRoleLabels[f] && !(f == "services" && w >= 2 && (positionRule(s) || holdsPosition(words))) {
			return false, false
		}
	}
	if kw {
		return true, true
	}
	if orgNameWords(words) && !officeOfLocalBody(s) {
		// "Österreichische Nationalbibliothek", "Fraunhofer IAIS": where
		// the person works, not what they do.
		return false, false
	}
	r0 := firstRune(s)
	return w <= 5 && (unicode.IsUpper(r0) || unicode.IsDigit(r0)), false
}

// positionWords name a person's post, not a department or an offering.
var positionWords = wordSet(`director directors manager head officer assistant coordinator executive supervisor
	specialist representative rep leader leiter leiterin`)

// holdsPosition reports whether the folded words name a post: a post word
// last ("Client Services Executive Assistant") or first before "of"
// ("Director of Customs Broker Services"); "Executive Search Services" and
// "Lead Generation Services" are offerings.
func holdsPosition(words []string) bool {
	n := len(words)
	return n > 0 && positionWords[words[n-1]] ||
		n > 1 && positionWords[words[0]] && (words[1] == "of" || words[1] == "for")
}

// orgNouns end or are the words of an institution's name.
var orgNouns = func() []string {
	out := []string{"fraunhofer", "ministerium", "ministry", "stiftung", "foundation",
		"church", "kirche", "parish", "pfarrei", "congregation", "synagogue", "mosque", "moschee", "school", "schule"}
	for w := range institutionWords {
		out = append(out, w)
	}
	return out
}()

// orgNameLine reports whether a short line names an institution.
func orgNameLine(s string) bool { return orgNameWords(letterWords(fold(s))) }

func orgNameWords(ws []string) bool {
	for _, w := range ws {
		for _, n := range orgNouns {
			if strings.HasSuffix(w, n) {
				return true
			}
		}
	}
	return false
}

// contactFieldWords open the contact fields written after a name on one
// visual line ("Matthias Wenk EMail: …", "Anna Berg Tel. 0711 …").
var contactFieldWords = wordSet(`e-mail email mail tel tel. telefon telephone phone fon fax telefax mobil mobile handy`)

// contactField reports whether s starts with a contact field: a contact
// word alone or followed by a colon, a full stop, a number or an address,
// or an address itself.
func contactField(s string) bool {
	w, rest, _ := strings.Cut(s, " ")
	w = strings.TrimRight(w, ":.")
	if !contactFieldWords[fold(w)] {
		return strings.Contains(w, "@") && validEmail(strings.Trim(w, "<>()"))
	}
	after := strings.TrimLeft(s[len(w):], " ")
	if after != "" && wordCount(after) <= 2 && unicode.IsLower(firstRune(after)) && !strings.ContainsAny(after, ".,;") {
		// The text of a mail link: "Mail schreiben", "E-Mail senden".
		return true
	}
	return after == "" || strings.HasPrefix(after, ":") || strings.HasPrefix(after, ".") || strings.ContainsRune("+0123456789", firstRune(rest)) || strings.Contains(rest, "@")
}
