package people

import (
	"regexp"
	"strings"
	"unicode"
)

// reOurRole is a role the page gives one of its own people in running text:
// "Tamati Waaka, our Managing Director", "Nguyet Tran is our Head of Sales",
// "Anna Huber, unsere Buchhalterin". "our" ties the person to the page's
// organisation, so this reads no one else's people.
var reOurRole = regexp.MustCompile(`(?i)(?:,\s+|\s+(?:is|ist|serves\s+as|works\s+as|arbeitet\s+als|als)\s+)(?:our|unser(?:e|er|em|en)?)\s+([^,.;:()!?]{2,60})`)

// ourRoleEnd cuts the role phrase where the sentence goes on ("our Head of
// Sales, who joined …", "our founder and managing director since 2019").
var ourRoleEnd = regexp.MustCompile(`(?i)\s+(?:and|who|that|which|since|seit|und|with|at|bei|from|is|has|hat|ist|will|wird)\b.*$`)

// notOurs are the relations "our" also names that are no office in the
// organisation ("our customer", "unser langjähriger Partner", "our former
// CEO").
var notOurs = regexp.MustCompile(`(?i)^(?:customers?|clients?|partners?|suppliers?|vendors?|friends?|guests?|sponsors?|investors?|members?|speakers?|guest|kund(?:e|in|en)|partner\p{L}*|lieferant\p{L}*|gäste|gast|sponsor\p{L}*|investor\p{L}*|mitglied\p{L}*|referent\p{L}*|long-?(?:time|standing)|former|late|ehemalig\p{L}*|langjährig\p{L}*|verstorben\p{L}*)\b`)

// ourRoles finds people named with "our <role>" in running text.
func (x *extractor) ourRoles() {
	for i := range x.p.lines {
		ln := &x.p.lines[i]
		t := ln.text
		if len(t) < 12 || x.outside[i] || !strings.Contains(t, "our ") && !strings.Contains(t, "Our ") &&
			!strings.Contains(t, "unser") && !strings.Contains(t, "Unser") {
			continue
		}
		for _, m := range reOurRole.FindAllStringSubmatchIndex(ln.text, 8) {
			np, ok := nameBefore(ln.text[:m[0]])
			if !ok {
				continue
			}
			r := strings.TrimSpace(ourRoleEnd.ReplaceAllString(ln.text[m[2]:m[3]], ""))
			if r == "" || wordCount(r) > 6 {
				continue
			}
			if ok, kw := roleLike(r); !ok || !kw || notOurs.MatchString(r) {
				continue
			}
			conf := 0.7
			if np.knownGiven {
				conf += 0.1
			}
			x.add(listItem{np: np}, []role{{text: r}}, SourceText, conf, i)
		}
	}
}

// nameBefore reads the name that ends s: its last two words, or three or
// four when the first of them is a title, an initial or a particle ("Dr.
// Anna Huber", "John F. Smith", "Anna van Berg").
func nameBefore(s string) (nameParts, bool) {
	words := strings.Fields(s)
	best, found := nameParts{}, false
	for k := 2; k <= 4 && k <= len(words); k++ {
		w := words[len(words)-k]
		if k > 2 {
			prev := words[len(words)-k+1]
			if !(isTitleTok(w) || isInitial(prev) || particles[fold(prev)] && unicode.IsLower(firstRune(prev)) || isTitleTok(prev)) {
				break
			}
		}
		if np, ok := parseName(strings.Join(words[len(words)-k:], " ")); ok {
			best, found = np, true
		} else if k == 2 {
			return nameParts{}, false
		}
	}
	return best, found
}

// reSaluted is a person named by salutation in running text, as contact
// pages write them: "Sie erreichen Herrn Waaka unter 0711 …", "please call
// Mrs Tran on 020 …". The salutation may be followed by titles.
var reSaluted = regexp.MustCompile(`\b(?:Herrn?|Frau|Mr\.?|Mrs\.?|Ms\.?)\s+((?:(?:Dr|Prof|Mag|Dipl\.-Ing|Ing)\.\s+)*\p{Lu}[\p{L}'’-]+(?:\s+\p{Lu}[\p{L}'’-]+){0,2})`)

// phoneDigits is a phone number written without a label ("unter 0711
// 12345-10", "on +44 20 7946 0000").
var phoneDigits = regexp.MustCompile(`(?:\+|\b0)\d[\d /().-]{5,}\d`)

// salutedContacts finds the people a line of running text names with a
// salutation when the line also gives a phone number or an e-mail address:
// the contact a page tells its readers to call. One person on the line
// gets the line's contact facts; several share none.
func (x *extractor) salutedContacts() {
	for i := range x.p.lines {
		ln := &x.p.lines[i]
		t := ln.text
		if x.personLine[i] || x.outside[i] || len(t) > 600 || !strings.Contains(t, "Herr") &&
			!strings.Contains(t, "Frau") && !strings.Contains(t, "Mr") && !strings.Contains(t, "Ms") ||
			len(ln.phones)+len(ln.emails) == 0 && !phoneDigits.MatchString(t) {
			continue
		}
		var found []int
		for _, m := range reSaluted.FindAllStringSubmatchIndex(ln.text, 8) {
			words := strings.Fields(ln.text[m[2]:m[3]])
			// The longest run of words after the salutation that is a name:
			// "Frau Nguyet Tran", or "Herrn Waaka" before "Telefon".
			for k := len(words); k >= 1; k-- {
				np, ok := parseName("Herr " + strings.Join(words[:k], " "))
				if !ok {
					continue
				}
				found = append(found, x.add(listItem{np: np}, nil, SourceText, 0.65, i))
				break
			}
		}
		if len(found) == 1 {
			x.attachContacts(found[0], ln)
		}
	}
}

// bioVerb is the verb right after a name that opens a person's bio, in the
// present tense: "Allan Andersen is Chief Financial Officer of Topsoe",
// "Jenna Esquer has been working at the practice since 2002", "Anna Berg
// leitet den Einkauf". Past forms ("was", "joined", "started", "kam") are
// left out: histories and news speak so of founders and of other
// organisations' people.
var bioVerb = regexp.MustCompile(`^(?:` + strings.Join(strings.Fields(bioVerbList), "|") + `)\b`)

// joinedUs is the past tense that still speaks of a current colleague: a
// team page's "started working at the practice in 2011", "began with us",
// "joined our team" (not "joined Acme in 1990", a history's).
var joinedUs = regexp.MustCompile(`^(?:first\s+)?(?:started|began|joined)\s+(?:working\s+(?:at|with|for|in|here)\b|with\s+us\b|us\b|our\s|the\s+(?:team|practice|firm|office|company)\b)`)

// leftUs says that a colleague who started here has left ("… ran it for
// thirty years until he retired in 2005").
var leftUs = regexp.MustCompile(`(?i)\b(?:retired|passed\s+away|left\s+(?:us|the)|in\s+memoriam|until\s+(?:his|her|their)\s+(?:\w+\s+)?(?:retirement|death)\b|until\s+(?:retirement|death)\s+in\s+(?:19|20)\d\d\b|(?:served|remained|stayed|worked)\b[^;]*\buntil\s+retirement\W*$|until\s+(?:19|20)\d\d\b(?:\W*$|,?\s+when\s+(?:he|she|they)\s+(?:retired|left|sold|handed|(?:founded|set\s+up)\s+(?:his|her|their|a|an\b|(?-i:[A-Z]))|joined\s+(?:a|an|another\b|(?-i:[A-Z]))|went\s+(?:on\s+to\s+(?:join|found|set\s+up|start|establish|work\s+(?:for|at))\b|to\s+(?-i:[A-Z])))))`)

// futureWords make a retirement a plan, not a departure ("will remain our
// practice manager until her planned retirement in 2027").
var futureWords = regexp.MustCompile(`\b(?:will|plans?\s+to|planned|upcoming|expected|intends?|hopes?\s+to|would\s+like\s+to|looks?\s+forward|aims?\s+to)\b`)

// bioDegree is a short degree or licence in capitals written between the
// name and the verb ("Sandy Sloggett, DA, started …", "RDA").
var bioDegree = regexp.MustCompile(`^\p{Lu}{2,5},\s+`)

// bioVerbList are bioVerb's words.
const bioVerbList = `is has serves leads heads holds brings oversees manages directs specialises specializes works
	ist leitet hat verstärkt arbeitet`

// bioVerbWords are bioVerb's words as a set, for a cheap test before a name
// is parsed; like bioVerb, it is case-sensitive.
var bioVerbWords = func() map[string]bool {
	m := map[string]bool{}
	// The first words of joinedUs too.
	for _, w := range strings.Fields(bioVerbList + " started began joined first") {
		m[w] = true
	}
	return m
}()

// bioVerbEarly reports whether one of the second to eighth words of s is a
// bio verb: a name of one to seven words comes before it.
func bioVerbEarly(s string) bool {
	_, rest, _ := strings.Cut(s, " ")
	for k := 1; k <= 7 && rest != ""; k++ {
		var w string
		w, rest, _ = strings.Cut(rest, " ")
		if bioVerbWords[w] {
			return true
		}
	}
	return false
}

// bioOpeners finds people a page introduces only in bio paragraphs that
// open with their full name and a verb of their work, without a name
// heading or card: a leadership page of role lines each followed by "<Name>
// is …", a practice's "<photo> Jenna Esquer has been working here since
// 2002 …". Such a paragraph is read only under a heading or page title that
// names people ("Leadership Team", "Meet the Team") or in people markup,
// and only when two or more paragraphs there open so with different people
// no earlier reader found: one is a mention (a news item, a quote). The
// role is a role line right above the paragraph that is no card's role,
// else the office its first sentence gives ("is Chief Financial Officer of
// …").
func (x *extractor) bioOpeners() {
	type hit struct {
		i      int
		np     nameParts
		office string // an office in commas after the name
	}
	// Found already: the same family name and given-name initial ("Frank
	// Gallagher" under the heading "Franklin J. Gallagher"); a relative
	// with another given name is someone else.
	found := map[string]bool{}
	for _, c := range x.cands {
		if c.conf >= MinConfidence {
			found[nameKey(c.np)] = true
		}
	}
	var hits []hit
	names := map[string]bool{}
	for i := range x.p.lines {
		ln := &x.p.lines[i]
		t := ln.text
		if len(t) < 60 || ln.heading > 0 || x.outside[i] || !unicode.IsUpper(firstRune(t)) || !bioVerbEarly(t) {
			continue
		}
		np, rest, ok := namePrefix(t, true)
		office := ""
		if d := bioDegree.FindString(rest); d != "" {
			// "Sandy Sloggett, DA, started …"; "Anna Berg, CEO, is …"
			// gives her office.
			if w := strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(d), ",")); builtinRule(w) != "none" {
				office = w
			}
			rest = rest[len(d):]
		}
		if !ok || np.given == "" || np.family == "" || !bioVerb.MatchString(rest) && !(joinedUs.MatchString(rest) && !leftColleague(firstSentence(rest))) ||
			brandWord(np.given+" "+np.family) {
			continue
		}
		key := fold(np.given + " " + np.family)
		if found[nameKey(np)] || !x.bioSection(i, np) && !peopleMarkup(ln.node) {
			continue
		}
		hits = append(hits, hit{i, np, office})
		names[key] = true
	}
	if len(names) < 2 {
		return
	}
	// Roles first, then the people: add marks each person's line, and a
	// role line above one bio must not be read as the previous bio's card.
	roles := make([][]role, len(hits))
	for k, h := range hits {
		if r := x.roleAbove(h.i); r != "" {
			roles[k] = []role{{text: r}}
		} else if h.office != "" {
			roles[k] = []role{{text: h.office}}
		} else if m := bioSentence.FindStringSubmatch(x.p.lines[h.i].text); m != nil {
			if r := sentenceOffice(m[2]); r != "" {
				roles[k] = []role{{text: r}}
			}
		}
	}
	for k, h := range hits {
		conf := 0.6
		if h.np.knownGiven {
			conf += 0.1
		}
		x.add(listItem{np: h.np}, roles[k], SourceText, conf, h.i)
	}
}

// nameKey is a person's folded family name and given-name initial.
func nameKey(np nameParts) string {
	return fold(np.family) + "|" + strings.ToLower(string(firstRune(np.given)))
}

// bioSection reports whether the bio paragraph at line i stands in a
// section about people: under a heading or page title that names people
// (peopleHeading). When the nearest heading is the bio's own name heading
// ("<h2>jamila brathwaite</h2>", which no name list may have read), the
// section heading is the nearest one above it of a higher rank.
func (x *extractor) bioSection(i int, np nameParts) bool {
	fam := fold(np.family)
	for j := i - 1; j >= 0 && j >= i-10; j-- {
		h := x.p.lines[j]
		if h.heading == 0 {
			continue
		}
		if !strings.Contains(fold(h.text), fam) || wordCount(h.text) > wordCount(np.given+" "+np.family)+2 {
			break
		}
		for k := j - 1; k >= 0 && k >= j-400; k-- {
			if s := x.p.lines[k]; s.heading > 0 && s.heading < h.heading {
				return namesPeople(s.text) || x.titlePeople
			}
		}
		return x.titlePeople
	}
	return x.peopleHeading(i)
}

// roleAbove returns the line right above line i when it is a short role
// ("Chief Financial Officer") that is no one's name line and not the role
// line of a card whose name is right above it.
func (x *extractor) roleAbove(i int) string {
	if i == 0 || x.personLine[i-1] || x.roleLine[i-1] || i >= 2 && x.personLine[i-2] {
		return ""
	}
	t := x.p.lines[i-1].text
	if len(t) > 80 {
		return ""
	}
	if ok, kw := roleLike(t); ok && kw {
		return trimPunct(t, true)
	}
	return ""
}

// leftColleague reports whether a bio's first sentence says the person left
// (leftUs) and is not about a plan (futureWords).
func leftColleague(s string) bool {
	// Only what comes before the departure makes it a plan: "until her
	// death in 2001; she will be missed" and "advised on pension plans
	// until his retirement" speak of former colleagues; "Will" is a name.
	// The rest of the departure's clause counts too: "until her
	// retirement, planned for 2027".
	m := leftUs.FindStringIndex(s)
	if m == nil {
		return false
	}
	end := len(s)
	if k := strings.IndexByte(s[m[1]:], ';'); k >= 0 {
		end = m[1] + k
	}
	return !futureWords.MatchString(s[:end])
}
