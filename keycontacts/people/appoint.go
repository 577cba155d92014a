package people

import (
	"regexp"
	"strings"
)

// Press releases announce who now holds an office: "Riffyn has appointed
// industry veteran Lili Nader to the role of Chief Technical Officer",
// "Vamp.io appoints Nico Vierhout as new CEO", "Nico Vierhout, formerly VP
// Engineering at KPNQwest, has been appointed as the new CEO of Vamp.io".
// Only the present and the present perfect are read: a biography's "was
// appointed Managing Director in 2019" may be any year's, and a history's
// certainly is.

var (
	// appointedAs: "<org> has appointed <name> as|to the role of <role>";
	// appointsAs: the headline's "<org> appoints <name> as <role>".
	appointedAs = regexp.MustCompile(`\b(?:has|have)\s+(?:just\s+|recently\s+|today\s+)?appointed\s+((?:[^.;:!?]|` + nameDot + `){3,80}?)\s+(?:as|to\s+the\s+(?:role|position|post)\s+of)\s+(?:the\s+|its\s+|our\s+)?(?:new\s+)?([^,.;:()!?"“”]{2,80})`)
	appointsAs  = regexp.MustCompile(`\b(?:appoints|names)\s+((?:[^.;:!?]|` + nameDot + `){3,60}?)\s+as\s+(?:the\s+|its\s+|our\s+)?(?:new\s+)?([^,.;:()!?"“”]{2,80})`)
	// beenAppointed follows the name at the start of a sentence, after an
	// apposition in commas (namePrefix takes the first comma): "…, has been
	// appointed (as) the new <role>".
	beenAppointed = regexp.MustCompile(`^(?:,?[^.;]{0,160}?,)?\s*has\s+(?:just\s+|recently\s+)?been\s+(?:appointed|named)\s+(?:as\s+)?(?:the\s+|its\s+|our\s+)?(?:new\s+)?([^,.;:()!?"“”]{2,80})`)
	// roleTail ends a role at the date or clause that follows it; ofTail
	// at an "of", "for", "to" or "in" (see cutOrg).
	roleTail = regexp.MustCompile(`\s+(?:at|with|effective|from|on|and\s+will|who|since)\b.*$`)
	ofTail   = regexp.MustCompile(`\s+(?:of|for|to|in)\s+(?:the\s+)?(\S+)`)
	// publicAppointer is a public office that appoints people to other
	// bodies: "The Minister has appointed … as Chair of the Agency".
	// A council, court or senate is often the page's own governing body
	// ("Ashby Parish Council has appointed … as Clerk"): see ownBody.
	publicAppointer = regexp.MustCompile(`(?i)\b(?:minister|ministry|government|secretary\s+of\s+state|governor|mayor|parliament|regierung|bundesregierung|bundesrat|landtag)\b[^.;]*$`)
	// ownBody is a council, court or senate: the page's own body unless the
	// office it gives is another body's ("Chair of the Westshire Youth
	// Trust").
	ownBody = regexp.MustCompile(`(?i)\b(?:council|court|senate)\b[^.;]*$`)
	// possessiveOrg is an organisation's name before the role ("Flux
	// Federation's Acting Chief Executive").
	possessiveOrg = regexp.MustCompile(`^(?:\p{Lu}[\p{L}\d.&-]*\s+){0,3}\p{Lu}[\p{L}\d.&-]*['’]s\s+`)
)

// nameDot is a dot inside a name: a title's or an initial's ("Dr. Anna
// Berg", "A.J. Hunyady"), followed by a capital, not a sentence's end.
const nameDot = `\.(?:\s\p{Lu}|\p{Lu})`

// appointments reads the announcements of an appointment in running text.
func (x *extractor) appointments() {
	for i := range x.p.lines {
		t := x.p.lines[i].text
		if x.outside[i] || len(t) < 20 || len(t) > 3000 ||
			!strings.Contains(t, "ppoint") && !strings.Contains(t, "named") && !strings.Contains(t, "names ") {
			continue
		}
		for _, re := range []*regexp.Regexp{appointedAs, appointsAs} {
			for _, m := range re.FindAllStringSubmatchIndex(t, 4) {
				subject := lastClause(t[max(0, m[0]-60):m[0]])
				if publicAppointer.MatchString(subject) || ownBody.MatchString(subject) && otherBody(t[m[4]:m[5]]) {
					// A minister's or a council's appointee to another
					// body is not the page's officer.
					continue
				}
				for _, np := range appointees(t[m[2]:m[3]]) {
					x.addAppointed(np, t[m[4]:m[5]], i)
				}
			}
		}
		for _, s := range sentences(t) {
			np, rest, ok := namePrefix(s, true)
			if !ok || np.given == "" {
				continue
			}
			if m := beenAppointed.FindStringSubmatch(rest); m != nil {
				x.addAppointed(np, m[1], i)
			}
		}
	}
}

// appointees returns the people the words before "as" name: a list
// ("Jane Roe and John Doe as joint Managing Directors") or the name that
// ends them ("industry veteran Lili Nader").
func appointees(s string) []nameParts {
	var out []nameParts
	for _, it := range parseNameList(strings.TrimSpace(s), modeStrict) {
		if it.np.given != "" {
			out = append(out, it.np)
		}
	}
	if len(out) > 0 {
		return out
	}
	if np, ok := nameBefore(s); ok {
		return []nameParts{np}
	}
	return nil
}

// addAppointed adds the appointed person when the text after the name
// reads as a role.
func (x *extractor) addAppointed(np nameParts, r string, i int) {
	r = strings.TrimSpace(r)
	if strings.HasPrefix(r, "to ") || strings.Contains(r, " of the Year") {
		// "appointed to the board of Globex as …": a seat elsewhere;
		// "named Partner of the Year": an award.
		return
	}
	r = possessiveOrg.ReplaceAllString(r, "")
	r = cutOrg(strings.TrimSpace(roleTail.ReplaceAllString(r, "")))
	if r == "" || wordCount(r) > 6 {
		return
	}
	if ok, kw := roleLike(r); ok && kw {
		x.add(listItem{np: np}, []role{{text: r}}, SourceText, 0.7, i)
	}
}

// otherBody reports whether an office names the body it is held in after
// "of" or "to": cutOrg would cut it there.
func otherBody(r string) bool {
	r = strings.TrimSpace(roleTail.ReplaceAllString(strings.TrimSpace(r), ""))
	c := cutOrg(r)
	return c != r && !ownTail.MatchString(r[len(c):])
}

// ownTail is an office's tail that names the appointing body itself ("Clerk
// to the Council", "Registrar of the University").
var ownTail = regexp.MustCompile(`(?i)^\s*(?:of|to|for|in)\s+(?:the\s+|this\s+|our\s+)?(?:council|university|institute|college|court|senate|society|school|parish|corporation)\b`)

// cutOrg ends a role at an "of", "for", "to" or "in" that leads to an
// organisation or a place ("CEO of software company Vamp.io", "Chair of the
// Environment Agency"), not at one that leads to a department or an office
// ("Head of Sales", "Assistant to the CEO", "Vice President of
// Engineering").
func cutOrg(r string) string {
	ms := ofTail.FindAllStringSubmatchIndex(r, 4)
	for k, m := range ms {
		end := len(r)
		if k+1 < len(ms) {
			end = ms[k+1][0]
		}
		// The first word after "of" ("of Engineering", "of Sales"), or
		// words that are all topics or role words up to the next "of"
		// ("of Human Resources", "of Product"; not "of Digital Realty").
		if !hasRoleWord(r[m[2]:m[3]]) && !topicSpan(r[m[2]:end]) {
			// "Vice President of Engineering for the Asia Pacific
			// region": the first "of" leads to a department, the "for"
			// to a place.
			return strings.TrimSpace(r[:m[0]])
		}
	}
	return r
}

// topicSpan reports whether every word of s is a topic or a role word.
func topicSpan(s string) bool {
	w := strings.Fields(s)
	n := 0
	for _, x := range w {
		f := fold(x)
		if f == "and" || f == "&" || f == "und" {
			continue
		}
		if !roleTopic[f] && !hasRoleWord(x) && !isCommon(f) {
			return false
		}
		n++
	}
	if n == 0 || !(hasRoleWord(s) || roleTopic[fold(w[0])]) || isCompany(s) || orgTail[fold(w[len(w)-1])] {
		return false
	}
	// "of the Water Board", "of the Land Trust": everyday words before a
	// body's word name another body; topics and role words alone ("of the
	// Development Board") stay.
	if l := fold(w[len(w)-1]); (l == "service" || l == "services") && len(w) > 1 && publicServices[fold(w[len(w)-2])] && firstWordOf(w) == w[len(w)-2] {
		// Only the service alone: "of Digital Health Services" is a
		// department.
		// "of the Fire Service", "of the Ghana Health Service": a public
		// service is another body; "of Field Service" stays.
		return false
	}
	if publicBodyTail[fold(w[len(w)-1])] && !organs[fold(firstWordOf(w))] {
		for _, x := range w[:len(w)-1] {
			if f := fold(x); f != "and" && f != "&" && f != "und" && !roleTopic[f] && !hasRoleWord(x) {
				return false
			}
		}
	}
	return true
}

// publicBodyTail ends the name of a public body ("Water Board", "Fire
// Authority"); organs are the words that make such a word the
// organisation's own ("Supervisory Board", "Advisory Board").
var (
	publicBodyTail = wordSet(`board trust authority panel agency commission`)
	organs         = wordSet(`supervisory advisory executive management governing trustee trustees audit remuneration
		nomination scientific`)
)

// publicServices name the public services before "Service" ("Fire
// Service", "Nigeria Customs Service", "Kenya Wildlife Service").
var publicServices = wordSet(`fire ambulance prison prisons police health civil revenue customs immigration
	education probation wildlife forest forestry postal diplomatic foreign security intelligence`)

// firstWordOf returns the first word of w that is no article.
func firstWordOf(w []string) string {
	for _, x := range w {
		if f := fold(x); f != "the" && f != "this" && f != "our" {
			return x
		}
	}
	return ""
}

// orgTail ends a business's name ("Digital Realty").
var orgTail = wordSet(`realty properties holdings group partners capital ventures`)

// roleTopic are what an office is "of" besides departments: "Head of
// Product", "Director of Technology".
var roleTopic = wordSet(`product products technology strategy innovation business development digital data
	research design people talent culture growth partnerships communications`)

// sentences splits running text at sentence ends ". ", "! " and "? ",
// keeping titles, initials and common abbreviations ("Dr. ", "A.J. ",
// "Ltd. ") inside the sentence.
func sentences(t string) []string {
	var out []string
	start := 0
	for k := 0; k+1 < len(t); k++ {
		if (t[k] == '.' || t[k] == '!' || t[k] == '?') && t[k+1] == ' ' {
			word := t[strings.LastIndexByte(t[:k], ' ')+1 : k]
			// "Ma. Lourdes" (Filipino Maria), not the degree "MA.".
			if isTitleTok(word+".") || isInitial(word+".") || strings.Contains(word, ".") || abbreviations[fold(word)] || word == "Ma" || word == "MA" && isUpperWord(firstWord(t[k+1:])) {
				continue
			}
			out = append(out, strings.TrimSpace(t[start:k+1]))
			start = k + 2
		}
	}
	return append(out, strings.TrimSpace(t[start:]))
}

// abbreviations end in a dot inside a sentence.
var abbreviations = wordSet(`mr mrs ms st no nr inc ltd co corp vs etc jr sr bzw ca ggf usw z.b rev smt hon capt engr`)

// lastClause returns s after its last comma: the subject right before a
// verb ("The Trustees, with the approval of the Prime Minister, have
// appointed": the Trustees appoint, not the Minister).
func lastClause(s string) string {
	if k := strings.LastIndexByte(s, ','); k >= 0 {
		return s[k+1:]
	}
	return s
}
