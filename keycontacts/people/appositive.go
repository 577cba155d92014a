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
		if len(ln.text) < 12 || x.outside[i] || !strings.Contains(strings.ToLower(ln.text), "our") &&
			!strings.Contains(strings.ToLower(ln.text), "unser") {
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
