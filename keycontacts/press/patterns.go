package press

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// compMatch is an account name found in a sentence.
type compMatch struct {
	acct       int
	start, end int  // tokens, legal forms and a separate genitive apostrophe included
	genitive   bool // Bayer's, Bayers, Siemens'
	tail       string
	tailStart  int // byte offset of the tail in the text
}

// sent is one sentence prepared for the patterns.
type sent struct {
	m      *Matcher
	text   string
	toks   []token
	cls    []wclass
	comps  [][]compMatch // matches starting at a token
	inComp []bool        // token is part of a match
}

func newSent(m *Matcher, text string, toks []token) *sent {
	s := &sent{m: m, text: text, toks: toks}
	s.comps = make([][]compMatch, len(toks))
	s.inComp = make([]bool, len(toks))
	any := false
	for i := range toks {
		s.comps[i] = s.companiesAt(i)
		for _, c := range s.comps[i] {
			any = true
			for k := c.start; k < c.end; k++ {
				s.inComp[k] = true
			}
		}
	}
	if !any {
		return nil // no account in this sentence: nothing to find
	}
	s.cls = make([]wclass, len(toks))
	for i, t := range toks {
		s.cls[i] = classify(t)
	}
	return s
}

// companiesAt returns the account names that start at token i, the
// longest per account.
func (s *sent) companiesAt(i int) []compMatch {
	t := s.toks[i]
	if !t.word {
		return nil
	}
	f := t.fold
	if strings.HasPrefix(f, "ex-") || strings.HasPrefix(f, "then-") {
		return nil // Ex-Alpenpharma-Chef: a former role
	}
	keys := []string{f}
	for k, r := range f {
		if r == '-' && k > 0 {
			keys = append(keys, f[:k])
		}
	}
	for _, suf := range []string{"'s", "s'", "'", "s"} {
		if len(f) > len(suf)+1 && strings.HasSuffix(f, suf) {
			keys = append(keys, f[:len(f)-len(suf)])
		}
	}
	var out []compMatch
	seen := map[string]bool{}
	for _, k := range keys {
		if seen[k] {
			continue
		}
		seen[k] = true
		for _, ref := range s.m.index[k] {
			c, ok := s.match(i, ref)
			if !ok {
				continue
			}
			replaced := false
			for j := range out {
				if out[j].acct == c.acct {
					if c.end > out[j].end {
						out[j] = c
					}
					replaced = true
				}
			}
			if !replaced {
				out = append(out, c)
			}
		}
	}
	return out
}

// match compares an account name with the tokens at i. The last word may
// carry a genitive (Bayers, Bayer's) or a hyphen compound
// (Alpenpharma-Vorstand); legal forms after the name are consumed.
func (s *sent) match(i int, ref nameRef) (compMatch, bool) {
	c := compMatch{acct: ref.acct, start: i}
	first := s.toks[i]
	r, _ := utf8.DecodeRuneInString(first.text)
	if !first.upper && !unicode.IsDigit(r) && !ref.lowerOK {
		return c, false
	}
	n := len(s.toks)
	for k, want := range ref.toks {
		idx := i + k
		if idx >= n {
			return c, false
		}
		got := s.toks[idx].fold
		if got == want {
			continue
		}
		if k != len(ref.toks)-1 {
			return c, false
		}
		switch {
		case got == want+"s" || got == want+"'s" || got == want+"'" || got == want+"s'":
			c.genitive = true
		case strings.HasPrefix(got, want+"-"):
			tok := s.toks[idx]
			hy := strings.Count(want, "-") + 1
			off := 0
			for h := 0; h < hy; h++ {
				j := strings.IndexAny(tok.text[off:], "-‐‑")
				if j < 0 {
					return c, false
				}
				_, w := utf8.DecodeRuneInString(tok.text[off+j:])
				off += j + w
			}
			c.tail = tok.text[off:]
			c.tailStart = tok.start + off
		default:
			return c, false
		}
	}
	c.end = i + len(ref.toks)
	if c.tail != "" || c.genitive {
		return c, true
	}
	// legal forms: "Alpenpharma GmbH & Co. KG", "Acme, Inc.", "Bayer AG's"
	j := c.end
	for j < n {
		f := s.toks[j].fold
		switch {
		case legalForms[f]:
			j++
			continue
		case strings.HasSuffix(f, "'s") && legalForms[strings.TrimSuffix(f, "'s")]:
			j++
			c.genitive = true
		case (f == "&" || f == "+") && j+1 < n && (s.toks[j+1].fold == "co." || s.toks[j+1].fold == "co"):
			j += 2
			continue
		case f == "," && j+1 < n && legalForms[s.toks[j+1].fold] && s.toks[j+1].fold != "co" && s.toks[j+1].fold != "se":
			j += 2
			continue
		}
		break
	}
	// Siemens' CEO: a separate apostrophe after a name ending in s
	last := s.toks[c.end-1].fold
	if !c.genitive && j < n && (s.toks[j].text == "'" || s.toks[j].text == "’") && strings.HasSuffix(last, "s") &&
		j == c.end && s.toks[j].start == s.toks[j-1].end {
		j++
		c.genitive = true
	}
	c.end = j
	return c, true
}

func (s *sent) compStart(i int) bool { return i < len(s.toks) && len(s.comps[i]) > 0 }

// tieOK reports whether a company reached through a tie ("bei X", "at X")
// is the account itself and not a subsidiary, rival or another company
// whose name starts the same way ("Siemens Energy").
func (s *sent) tieOK(c compMatch) bool {
	if c.tail != "" {
		return companyTails[fold(c.tail)]
	}
	n := len(s.toks)
	if c.genitive {
		return c.end < n && s.toks[c.end].word && companyParts[s.toks[c.end].fold]
	}
	if c.end < n && s.toks[c.end].word {
		nt := s.toks[c.end]
		if relational[nt.fold] {
			return false
		}
		if nt.upper && !stopwords[nt.fold] && !companyParts[nt.fold] && !s.cls[c.end].roleish() &&
			!titles[nt.fold] && !salutations[nt.fold] && s.toks[c.end].start == s.toks[c.end-1].end+1 {
			return false // the name goes on: "Siemens Energy", "Bayer Vital"
		}
	}
	return true
}

// roleSpan is a role phrase: tokens [start,end) and its text's byte range.
type roleSpan struct {
	start, end         int
	textStart, textEnd int
	former             bool
	lead               bool // lead words were skipped before it
}

// roleAt parses a role at i, after articles, modifiers such as "neuer"
// and, when lead is set, adverbials such as "seit 2019".
func (s *sent) roleAt(i int, lead bool) (roleSpan, bool) {
	var r roleSpan
	n := len(s.toks)
	j, skipped := i, 0
	for j < n && skipped < 4 && s.toks[j].word && !s.compStart(j) {
		f := s.toks[j].fold
		switch {
		case articles[f] || skipMods[f]:
		case formerMarks[f]:
			r.former = true
		case lead && (leadWords[f] || isDigits(f)):
			r.lead = true
		default:
			goto run
		}
		j++
		skipped++
	}
run:
	start, last := j, -1
	hasStrong, weakOK, sawMod, execLast := false, false, false, -1
	pending := weakNone
	for j < n && j-start < 12 {
		if s.compStart(j) {
			break
		}
		t, c := s.toks[j], s.cls[j]
		if c.roleish() {
			if c.former {
				r.former = true
			}
			switch {
			case c.head:
				hasStrong = true
			case c.weak == weakOfficer && sawMod:
				weakOK = true
			case c.weak == weakPartner && j > start && (s.toks[j-1].fold == "managing" || strings.HasPrefix(s.toks[j-1].fold, "geschaeftsfuehrende")):
				weakOK = true
			case c.weak == weakExec:
				execLast = j
			case c.weak == weakHead || c.weak == weakMember:
				pending = c.weak
			}
			if c.dept && pending == weakHead || c.body && pending == weakMember {
				weakOK = true
			}
			if c.premod || c.dept {
				sawMod = true
			}
			last = j
			j++
			continue
		}
		if last >= 0 && (t.word && roleConnectors[t.fold] || t.text == "&" || t.text == "/") {
			k := j + 1
			if k < n && s.toks[k].word && companyArticles[s.toks[k].fold] && k+1 < n {
				k++ // Head of the ..., Leiter der ...
			}
			if k < n && !s.compStart(k) && s.cls[k].roleish() {
				j = k
				continue
			}
		}
		break
	}
	if last < 0 {
		return r, false
	}
	if execLast == last {
		weakOK = true
	}
	if !hasStrong && !weakOK && !(start == last && s.cls[start].standalone) {
		return r, false
	}
	r.start, r.end = start, last+1
	r.textStart, r.textEnd = s.toks[start].start, s.toks[last].end
	return r, true
}

// tieCompany reads "bei [der] [descriptor] Company" at j and returns the
// accounts found there with the confidence penalty of a descriptor.
func (s *sent) tieCompany(j int) ([]compMatch, float64) {
	n := len(s.toks)
	if j >= n || !s.toks[j].word || !ties[s.toks[j].fold] {
		return nil, 0
	}
	j++
	if j < n && s.toks[j].word && companyArticles[s.toks[j].fold] && !s.compStart(j) {
		j++
	}
	penalty := 0.0
	if !s.compStart(j) {
		switch {
		case j+1 < n && s.isDescriptor(j) && s.compStart(j+1):
			j++
		case j+2 < n && s.toks[j].word && s.isDescriptor(j+1) && s.compStart(j+2):
			j += 2
		default:
			return nil, 0
		}
		penalty = 0.05
	}
	var out []compMatch
	for _, c := range s.comps[j] {
		if s.tieOK(c) {
			out = append(out, c)
		}
	}
	return out, penalty
}

func (s *sent) isDescriptor(j int) bool {
	t := s.toks[j]
	return t.word && (endsWithAny(t.fold, descriptorSuffixes))
}

// nameTok reports whether token i can be a word of a person's name.
func (s *sent) nameTok(i int) bool {
	t := s.toks[i]
	if !t.word || !t.upper || s.inComp[i] {
		return false
	}
	if isInitial(t) {
		return true
	}
	f := t.fold
	if stopwords[f] || salutations[f] || titles[f] || legalForms[f] || s.cls[i].roleish() || s.cls[i].former {
		return false
	}
	if strings.ContainsAny(t.text, "0123456789&./") || strings.HasSuffix(f, "'s") {
		return false
	}
	if utf8.RuneCountInString(t.text) < 2 || strings.ToUpper(t.text) == t.text {
		return false // acronyms: CEO, BMW
	}
	for _, part := range strings.FieldsFunc(t.text, func(r rune) bool { return r == '-' || r == '‐' || r == '‑' }) {
		if r, _ := utf8.DecodeRuneInString(part); !unicode.IsUpper(r) {
			return false
		}
	}
	if len(f) >= 8 && (hasSuffixIn(f, nounSuffixes) || strings.HasSuffix(f, "ung") || strings.HasSuffix(f, "tion")) {
		return false
	}
	return true
}

func (s *sent) isTitle(i int) bool {
	t := s.toks[i]
	if !t.word || !titles[t.fold] {
		return false
	}
	return t.fold != "di" || t.text == "DI"
}

func (s *sent) isParticle(i int) bool {
	t := s.toks[i]
	return t.word && !t.upper && particles[t.fold]
}

// nameSpan is a person's name: tokens [start,end), titles included.
type nameSpan struct{ start, end int }

// nameAfter reads a name starting at i: optional salutation, academic
// titles, then 2–4 capitalised words (particles and initials allowed
// inside).
func (s *sent) nameAfter(i int) (nameSpan, bool) {
	n := len(s.toks)
	j := i
	if j < n && s.toks[j].word && salutations[s.toks[j].fold] {
		j++
	}
	start := j
	for j < n && s.isTitle(j) {
		j++
	}
	caps, last := 0, -1
	for j < n && caps < 4 {
		switch {
		case s.nameTok(j):
			caps++
			last = j
			j++
			continue
		case caps == 1 && s.isParticle(j):
			// one given name, then the particle: "Ursula von der Leyen";
			// after two names "von" means "from": "Anna Huber von Betapharm"
			k := j + 1
			if k < n && s.toks[k].word && particlesAfterParticle[s.toks[k].fold] {
				k++
			}
			if k < n && s.nameTok(k) {
				j = k
				continue
			}
		}
		break
	}
	if caps < 2 || last < 0 || isInitial(s.toks[last]) {
		return nameSpan{}, false
	}
	return nameSpan{start, last + 1}, true
}

// nameBefore reads a name that ends just before token end, with its
// academic titles; a bracketed age after the name is skipped: "Anna Huber
// (45), Leiterin …".
func (s *sent) nameBefore(end int) (nameSpan, bool) {
	if end >= 4 && s.toks[end-1].text == ")" && s.toks[end-3].text == "(" && isDigits(s.toks[end-2].fold) {
		end -= 3
	}
	j := end - 1
	if j < 0 || !s.nameTok(j) || isInitial(s.toks[j]) {
		return nameSpan{}, false
	}
	caps, first, limit := 0, j, 4
	for j >= 0 && caps < limit {
		switch {
		case s.nameTok(j):
			caps++
			first = j
			j--
			continue
		case caps >= 1 && j > 0 && (s.isParticle(j) || particlesAfterParticle[s.toks[j].fold] && s.isParticle(j-1)):
			k := j - 1
			if particlesAfterParticle[s.toks[j].fold] && s.isParticle(k) {
				k--
			}
			if k >= 0 && s.nameTok(k) {
				j = k
				limit = caps + 1 // one given name before the particle
				continue
			}
		}
		break
	}
	if caps < 2 {
		return nameSpan{}, false
	}
	for j >= 0 && s.isTitle(j) {
		first = j
		j--
	}
	return nameSpan{first, end}, true
}

func isSep(t token) bool {
	switch t.text {
	case ",", "(", "–", "—", "-":
		return true
	}
	return false
}

// candidates applies the patterns to the sentence: name-anchored,
// company-anchored with appointments, then role-anchored (skipping roles
// the name-anchored pattern already read).
func (s *sent) candidates() []cand {
	var out []cand
	emit := func(c compMatch, name nameSpan, r roleSpan, conf float64) {
		if r.former {
			return
		}
		if r.lead {
			conf -= 0.05
		}
		out = append(out, cand{acct: c.acct, nameStart: name.start, nameEnd: name.end,
			roleStart: r.textStart, roleEnd: r.textEnd, conf: conf})
	}
	anchored := s.nameAnchored(emit)
	s.companyAnchored(emit)
	s.roleAnchored(anchored, emit)
	return out
}

// nameAnchored applies pattern 1, name-anchored: "Name, Role bei Company",
// "Name ist Role der Company", "Name, Company's Role". It returns the
// token positions where a role right after "Name," or "Name ist" starts.
func (s *sent) nameAnchored(emit func(compMatch, nameSpan, roleSpan, float64)) []bool {
	n := len(s.toks)
	anchored := make([]bool, n+1) // a role right after "Name," or "Name ist"
	for k := 1; k < n; k++ {
		t := s.toks[k]
		conf, after := 0.0, k+1
		switch {
		case isSep(t):
			conf = 0.9
		case t.word && copulas[t.fold] && !s.compStart(k):
			j, was, named := k, false, false
			for j < n && j-k < 4 && s.toks[j].word && copulas[s.toks[j].fold] {
				switch s.toks[j].fold {
				case "was":
					was = true
				case "named", "appointed":
					named = true
				}
				j++
			}
			if was && !named {
				continue // "was CFO of …": a past role
			}
			conf, after = 0.75, j
		default:
			continue
		}
		name, ok := s.nameBefore(k)
		if !ok {
			continue
		}
		anchored[after] = true
		if r, ok := s.roleAt(after, true); ok {
			anchored[r.start] = true
			if cs, pen := s.tieCompany(r.end); len(cs) > 0 {
				for _, c := range cs {
					emit(c, name, r, conf-pen)
				}
				continue
			}
		}
		if !isSep(t) {
			continue
		}
		// Name, Company's Role / Name, Company-Role
		j := after
		if j < n && s.toks[j].word && articles[s.toks[j].fold] {
			j++
		}
		for _, c := range s.comps[minInt(j, n-1)] {
			if j >= n || s.formerBefore(j) {
				continue
			}
			if r, ok := s.companyRole(c); ok {
				if _, more := s.nameAfter(r.end); more {
					continue // Name, Company-Role Other Name: a list
				}
				emit(c, name, r, 0.85)
			}
		}
	}
	return anchored
}

// companyAnchored applies patterns 2 and 3 to each company named.
func (s *sent) companyAnchored(emit func(compMatch, nameSpan, roleSpan, float64)) {
	n := len(s.toks)
	for i := 0; i < n; i++ {
		for _, c := range s.comps[i] {
			if s.formerBefore(i) {
				continue
			}
			// 2. Company-anchored: "Company's Role Name", "Company-Role
			// Name", "Company Role Name".
			if r, ok := s.companyRole(c); ok {
				conf := 0.75
				if c.tail != "" || c.genitive {
					conf = 0.85
				}
				j := r.end
				if j < n && s.toks[j].text == "," {
					j++
					conf -= 0.05
				}
				if name, ok := s.nameAfter(j); ok {
					emit(c, name, r, conf)
					if s.pluralRole(c, r) {
						s.coordinated(c, name, r, conf-0.1, emit)
					}
				}
			}
			// 3. Appointment: "Company hat Name zur Role ernannt",
			// "Company has appointed Name as Role".
			if c.tail == "" && !c.genitive {
				s.appointment(c, emit)
			}
		}
	}
}

// roleAnchored applies pattern 4, role-anchored: "der Geschäftsführer der
// Company, Name,", except at roles nameAnchored read (anchored).
func (s *sent) roleAnchored(anchored []bool, emit func(compMatch, nameSpan, roleSpan, float64)) {
	n := len(s.toks)
	for i := 0; i < n; i++ {
		if anchored[i] || !s.toks[i].word || i > 0 && s.cls[i-1].roleish() {
			continue
		}
		r, ok := s.roleAt(i, false)
		if !ok || anchored[r.start] {
			continue
		}
		cs, pen := s.tieCompany(r.end)
		for _, c := range cs {
			j, conf := c.end, 0.7
			if j < n && s.toks[j].text == "," {
				j, conf = j+1, 0.8
			}
			if name, ok := s.nameAfter(j); ok {
				emit(c, name, r, conf-pen)
			}
		}
	}
}

// companyRole reads the role that a company introduces: the hyphen tail
// ("Alpenpharma-Vorstand") or the role after a genitive or the bare name
// ("Bayer's CFO", "Bayer CEO").
func (s *sent) companyRole(c compMatch) (roleSpan, bool) {
	if c.tail != "" {
		t := token{text: c.tail, fold: fold(c.tail), word: true, upper: true}
		cl := classify(t)
		if !cl.head || cl.former {
			return roleSpan{}, false
		}
		return roleSpan{start: c.end, end: c.end, textStart: c.tailStart, textEnd: c.tailStart + len(c.tail)}, true
	}
	if c.end >= len(s.toks) {
		return roleSpan{}, false
	}
	r, ok := s.roleAt(c.end, false)
	if !ok || r.former {
		return roleSpan{}, false
	}
	// "Bayer CEO of BASF"? The role then belongs to the other company.
	if r.end < len(s.toks) && s.toks[r.end].word && ties[s.toks[r.end].fold] && r.end+1 < len(s.toks) && s.toks[r.end+1].upper {
		return roleSpan{}, false
	}
	return r, true
}

// pluralRole reports a German plural role before names: "die
// Alpenpharma-Geschäftsführer Thomas Berger und Anna Huber" (the singular
// would take "der", the feminine singular ends in -in).
func (s *sent) pluralRole(c compMatch, r roleSpan) bool {
	if c.start == 0 || s.toks[c.start-1].fold != "die" {
		return false
	}
	role := fold(s.text[r.textStart:r.textEnd])
	return strings.HasSuffix(role, "er")
}

// coordinated emits the names joined to name by "und"/"and" that share
// its role, unless they are tied to another company ("… und Anna Huber
// von Betapharm").
func (s *sent) coordinated(c compMatch, name nameSpan, r roleSpan, conf float64, emit func(compMatch, nameSpan, roleSpan, float64)) {
	n := len(s.toks)
	for k := 0; k < 3; k++ {
		j := name.end
		if j >= n || (s.toks[j].fold != "und" && s.toks[j].fold != "and" && s.toks[j].text != ",") {
			return
		}
		next, ok := s.nameAfter(j + 1)
		if !ok {
			return
		}
		if e := next.end; e+1 < n && s.toks[e].word && (ties[s.toks[e].fold] || s.toks[e].fold == "from") && s.toks[e+1].upper {
			return
		}
		emit(c, next, r, conf)
		name = next
	}
}

// appointment finds "Company [hat|has appointed|ernennt] Name [zum|as]
// Role".
func (s *sent) appointment(c compMatch, emit func(compMatch, nameSpan, roleSpan, float64)) {
	n := len(s.toks)
	j, verbs := c.end, 0
	for j < n && verbs < 3 && s.toks[j].word && appointVerbs[s.toks[j].fold] {
		j++
		verbs++
	}
	if verbs == 0 {
		return
	}
	name, ok := s.nameAfter(j)
	if !ok {
		return
	}
	k, links := name.end, 0
	for k < n && links < 3 && s.toks[k].word && appointLinks[s.toks[k].fold] {
		k++
		links++
	}
	r, ok := s.roleAt(k, false)
	if !ok || r.former {
		return
	}
	// a tie after the role must lead back to the same company
	if r.end < n && s.toks[r.end].word && ties[s.toks[r.end].fold] {
		cs, _ := s.tieCompany(r.end)
		same := false
		for _, x := range cs {
			same = same || x.acct == c.acct
		}
		if !same {
			for m := r.end + 1; m < n && m <= r.end+3; m++ {
				if s.toks[m].upper {
					return // "… als Leiterin Einkauf von Betapharm abgeworben"
				}
			}
		}
	}
	emit(c, name, r, 0.7)
}

// formerBefore reports a former-marker right before token i (articles
// skipped): "der ehemalige Alpenpharma-Chef", "former Bayer CEO".
func (s *sent) formerBefore(i int) bool {
	for j := i - 1; j >= 0 && j >= i-3; j-- {
		t := s.toks[j]
		if !t.word {
			return false
		}
		if formerMarks[t.fold] {
			return true
		}
		if !articles[t.fold] && !skipMods[t.fold] {
			return false
		}
	}
	return false
}

func minInt(a, b int) int {
	if a < b {
		return a
	}
	return b
}
