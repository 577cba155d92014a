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
// here with the section's weight rather than left to the card vote, when
// the section lists two or more members so. Lines of the past ("Budapest
// (2015-2018)") are left to the history readers.
func (x *extractor) affiliationLines() {
	type member struct {
		i  int
		it listItem
	}
	sections := map[int][]member{} // by the section's heading line (-1: none)
	var order []int
	heading := -1  // the last heading
	committee := 0 // whether it names a board, committee or council: 0 not asked yet, 1 yes, -1 no
	for i := range x.p.lines {
		ln := &x.p.lines[i]
		if ln.heading > 0 {
			heading, committee = i, 0
			continue
		}
		t := strings.TrimSpace(strings.TrimRight(ln.text, ";.,"))
		if t == "" || len(t) > 160 || x.outside[i] || !unicode.IsUpper(firstRune(t)) || !containsAny(t, affiliationSeps) {
			continue
		}
		governing := x.body[i] != ""
		if !governing {
			if heading < 0 || i-heading > 40 {
				continue
			}
			if committee == 0 {
				// Asked once per heading, and only where a member line
				// may follow it.
				committee = -1
				if h := &x.p.lines[heading]; len(h.text) <= 80 && !x.outside[heading] && committeeHeading(h.text) {
					committee = 1
				}
			}
			if committee < 0 {
				continue
			}
		}
		if x.personLine[i] && !affiliationRoles(x.lineItems[i], governing) {
			continue
		}
		it, institution, ok := affiliationLine(t, governing)
		if !ok || formerCue.MatchString(t) {
			continue
		}
		if !it.np.knownGiven && !it.np.knownFam && it.np.title == "" && !institution {
			// A venue's or a firm's words are shaped like a name too
			// ("Oslo Spektrum, Norway", "Novo Nordisk, Denmark"): with a
			// bare place a name list must know the member; an
			// institution's name ("Uppsala University") says the line
			// names its member.
			continue
		}
		if _, seen := sections[heading]; !seen {
			order = append(order, heading)
		}
		sections[heading] = append(sections[heading], member{i, it})
	}
	for _, h := range order {
		ms := sections[h]
		if len(ms) < 2 {
			continue // one such line is a mention, not a list of members
		}
		for _, m := range ms {
			// A governing body's section gives its office in
			// applyContext; a committee's or an advisory board's heading
			// gives none, as its members may hold an office elsewhere.
			x.lineItems[m.i], x.personLine[m.i] = nil, false
			x.add(m.it, nil, SourceList, affiliationConfidence, m.i)
		}
	}
}

// committeeWords are the words of a heading over the members of a board,
// committee or council; meetingWords make it a heading about its meetings.
var (
	committeeWords = wordSet(`board boards committee committees subcommittee council councils trustees directors
		governors beirat vorstand kuratorium ausschuss gremium gremien`)
	meetingWords = wordSet(`meeting meetings minutes agenda sitzung sitzungen protokoll protokolle termine dates`)
)

// committeeHeading reports whether a heading names a board, committee or
// council ("NBIS Scientific Advisory Board", "Conference Organising
// Subcommittee"), word by word: "Member Directory" and "Asset Management"
// do not, nor does "Board Meetings".
func committeeHeading(text string) bool {
	found := false
	for _, w := range letterWords(fold(text)) {
		if meetingWords[w] {
			return false
		}
		found = found || committeeWords[w]
	}
	return found
}

// affiliationConfidence is the weight of a member read from a body's
// section with their institution: the section says they are people.
const affiliationConfidence = 0.8

// affiliationRoles reports whether a name line was read as one person whose
// only role is an institution ("Leif Andersson, Uppsala University").
func affiliationRoles(items []listItem, places bool) bool {
	if len(items) != 1 || len(items[0].roles) == 0 {
		return false
	}
	for _, r := range items[0].roles {
		if ok, _ := affiliation(r, places); !ok {
			return false
		}
	}
	return true
}

// affiliationLine parses one member line into the member and their office;
// places says whether a bare place may stand for the institution, and
// institution reports that an institution's name stands there.
func affiliationLine(t string, places bool) (it listItem, institution, ok bool) {
	sep, k := firstSep(t, affiliationSeps)
	if k < 0 {
		return listItem{}, false, false
	}
	head, rest := strings.TrimSpace(t[:k]), strings.TrimSpace(t[k+len(sep):])
	var office string
	if o := strings.LastIndexByte(head, '('); o > 0 && strings.HasSuffix(head, ")") {
		office = strings.TrimSpace(head[o+1 : len(head)-1])
		head = strings.TrimSpace(head[:o])
		if rok, kw := roleLike(office); !rok || !kw {
			return listItem{}, false, false
		}
	}
	np, nameOK := parseName(head)
	if !nameOK {
		return listItem{}, false, false
	}
	if ok, institution = affiliation(rest, places); !ok {
		return listItem{}, false, false
	}
	it = listItem{np: np}
	if office != "" {
		it.roles = []string{office}
	}
	return it, institution, true
}

// affiliation reports whether s names where a member comes from: an
// institution ("Uppsala University", "Baker Heart and Diabetes Institute,
// Melbourne"), a country ("Switzerland", "the Netherlands") or, when places
// is set (a governing body's own section), any place ("Jerusalem"); and no
// role; institution reports that an institution's name stands there.
func affiliation(s string, places bool) (ok, institution bool) {
	first, _, _ := strings.Cut(s, ", ")
	first = strings.TrimPrefix(first, "the ")
	if first == "" || len(first) > 80 {
		return false, false
	}
	if _, kw := roleLike(first); kw {
		return false, false
	}
	if orgNameLine(first) {
		return true, true
	}
	if countries[fold(first)] {
		return true, false
	}
	if !places {
		return false, false
	}
	// A place: one to three capitalised words that are no name.
	ws := strings.Fields(first)
	if len(ws) > 3 {
		return false, false
	}
	for _, w := range ws {
		if !unicode.IsUpper(firstRune(w)) || strings.ContainsAny(w, "0123456789@") {
			return false, false
		}
	}
	_, isName := parseName(first)
	return !isName, false
}

// countries are the countries a member list names, in English and German.
var countries = func() map[string]bool {
	m := map[string]bool{}
	for _, c := range strings.Split(`austria,belgium,bulgaria,canada,china,croatia,cyprus,czech republic,czechia,denmark,
		estonia,finland,france,germany,greece,hungary,iceland,india,ireland,israel,italy,japan,latvia,liechtenstein,
		lithuania,luxembourg,malta,netherlands,new zealand,norway,poland,portugal,romania,serbia,singapore,slovakia,
		slovenia,south africa,spain,sweden,switzerland,turkey,united kingdom,united states,usa,uk,australia,brazil,
		mexico,österreich,belgien,dänemark,deutschland,finnland,frankreich,griechenland,irland,italien,niederlande,
		norwegen,polen,schweden,schweiz,spanien,tschechien,ungarn,kanada,ghana,nigeria,kenya,uganda,tanzania,philippines,
		pakistan,bangladesh,malaysia,indonesia,vietnam,thailand,egypt,morocco,sri lanka,nepal`, ",") {
		m[fold(strings.TrimSpace(c))] = true
	}
	return m
}()
