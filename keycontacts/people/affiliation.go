package people

import (
	"strings"
	"unicode"
)

// A board or committee page often lists its members with where they come
// from rather than what they do: "Leif Andersson, Uppsala University",
// "Amos Bairoch, Switzerland", "Peter Meikle (Co-Chair) – Baker Heart and
// Diabetes Institute, Melbourne". The name-line parse rejects such lines
// (an institution is neither a name nor a role); in a governing body's
// section they are its members, and the body is their role.

// affiliationSeps separate a member's name from their institution.
var affiliationSeps = []string{", ", " - ", " – ", " — "}

// affiliationLines reads "<name>[ (<office>)]<sep><institution or place>"
// lines in the sections of governing bodies and committees. Such a line is
// a member with nothing else to show (no role, no contact), so it is added
// here with the section's weight rather than left to the card vote. Lines
// of the past ("Budapest (2015-2018)") are left to the history readers.
func (x *extractor) affiliationLines() {
	heading := -1  // the last heading
	committee := 0 // whether it names a board, committee or council: 0 not asked yet, 1 yes, -1 no
	for i := range x.p.lines {
		ln := &x.p.lines[i]
		if ln.heading > 0 {
			heading, committee = i, 0
			continue
		}
		t := strings.TrimSpace(strings.TrimRight(ln.text, ";.,"))
		if t == "" || len(t) > 160 || x.outside[i] || !unicode.IsUpper(firstRune(t)) || !hasAffiliationSep(t) {
			continue
		}
		if x.body[i] == "" {
			if heading < 0 || i-heading > 40 {
				continue
			}
			if committee == 0 {
				// Asked once per heading, and only where a member line
				// may follow it.
				h := &x.p.lines[heading]
				committee = -1
				if len(h.text) <= 80 && !x.outside[heading] && bodyWords.MatchString(fold(h.text)) {
					committee = 1
				}
			}
			if committee < 0 {
				continue
			}
		}
		if x.personLine[i] && !affiliationRoles(x.lineItems[i]) {
			continue
		}
		it, ok := affiliationLine(t)
		if !ok || formerCue.MatchString(t) {
			continue
		}
		// A governing body's section gives its office in applyContext;
		// a committee's or an advisory board's heading gives none, as its
		// members may hold an office elsewhere on the page.
		var roles []role
		for _, r := range it.roles {
			roles = append(roles, role{text: r})
		}
		it.roles = nil
		x.lineItems[i], x.personLine[i] = nil, false
		x.add(it, roles, SourceList, affiliationConfidence, i)
	}
}

// hasAffiliationSep reports whether t holds one of affiliationSeps.
func hasAffiliationSep(t string) bool {
	for _, s := range affiliationSeps {
		if strings.Contains(t, s) {
			return true
		}
	}
	return false
}

// affiliationConfidence is the weight of a member read from a body's
// section with their institution: the section says they are people.
const affiliationConfidence = 0.8

// affiliationRoles reports whether a name line was read as one person whose
// only role is an institution ("Leif Andersson, Uppsala University").
func affiliationRoles(items []listItem) bool {
	if len(items) != 1 || len(items[0].roles) == 0 {
		return false
	}
	for _, r := range items[0].roles {
		if !affiliation(r) {
			return false
		}
	}
	return true
}

// affiliationLine parses one member line into the member and their office.
func affiliationLine(t string) (listItem, bool) {
	k, sep := -1, ""
	for _, s := range affiliationSeps {
		if j := strings.Index(t, s); j > 0 && (k < 0 || j < k) {
			k, sep = j, s
		}
	}
	if k < 0 {
		return listItem{}, false
	}
	head, rest := strings.TrimSpace(t[:k]), strings.TrimSpace(t[k+len(sep):])
	var office string
	if o := strings.LastIndexByte(head, '('); o > 0 && strings.HasSuffix(head, ")") {
		office = strings.TrimSpace(head[o+1 : len(head)-1])
		head = strings.TrimSpace(head[:o])
		if ok, kw := roleLike(office); !ok || !kw {
			return listItem{}, false
		}
	}
	np, ok := parseName(head)
	if !ok || !affiliation(rest) {
		return listItem{}, false
	}
	it := listItem{np: np}
	if office != "" {
		it.roles = []string{office}
	}
	return it, true
}

// affiliation reports whether s names where a member comes from: an
// institution ("Uppsala University", "Baker Heart and Diabetes Institute,
// Melbourne") or a place ("Switzerland", "the Netherlands"), and no role.
func affiliation(s string) bool {
	first, _, _ := strings.Cut(s, ", ")
	first = strings.TrimPrefix(first, "the ")
	if first == "" || len(first) > 80 {
		return false
	}
	if _, kw := roleLike(first); kw {
		return false
	}
	if orgNameLine(first) {
		return true
	}
	// A place: one to three capitalised words that are no name.
	ws := strings.Fields(first)
	if len(ws) > 3 {
		return false
	}
	for _, w := range ws {
		if !unicode.IsUpper(firstRune(w)) || strings.ContainsAny(w, "0123456789@") {
			return false
		}
	}
	_, isName := parseName(first)
	return !isName
}
