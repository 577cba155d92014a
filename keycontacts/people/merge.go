package people

import (
	"regexp"
	"sort"
	"strings"
)

// group is one person with all sightings merged.
type group struct {
	cands []*cand
	order int
	seq   int // the order in which the groups were opened
}

// merge deduplicates the sightings of a page into people: same name (folded,
// initials matching full given names) or same personal e-mail address. Facts
// are merged; confidence is the best sighting's plus a little for every
// further extractor that agrees.
func merge(cands []cand, host string) []Person {
	groups := groupCands(cands)
	var out []Person
	for _, g := range groups {
		if g.outside() || g.wordPhrase() {
			continue
		}
		p := g.person(host)
		if p.Confidence >= MinConfidence {
			out = append(out, p)
		}
	}
	if len(out) > MaxPeople {
		out = out[:MaxPeople]
	}
	unshare(out)
	return out
}

// unshare clears an e-mail address given to two or more people from each
// of them whose name it does not spell: a team's or region's mailbox
// ("northwest@…" beside both local organisers) is nobody's own, and an
// owner's address also shown on an assistant's card stays the owner's.
func unshare(out []Person) {
	count := make(map[string]int, len(out))
	for i := range out {
		if out[i].Email != "" {
			count[strings.ToLower(out[i].Email)]++
		}
	}
	for i := range out {
		p := &out[i]
		if p.Email == "" || count[strings.ToLower(p.Email)] < 2 {
			continue
		}
		if !spellsOwner(p.Email, *p) {
			p.Email = ""
		}
	}
}

// spellsOwner reports whether a shared address's local part spells p: a
// part of the family name ("a.huber@" for Anna Huber-Meier), the first given
// name at its start or end ("tom.s@", not "customerservice@"), or the
// initials ("tm@" for Thomas Meyer). It is stricter than emailMatchesName,
// which takes a given name anywhere in the address.
func spellsOwner(email string, p Person) bool {
	local, ok := emailLocal(email)
	if !ok {
		return false
	}
	for _, part := range strings.FieldsFunc(p.FamilyName, func(r rune) bool { return r == '-' || r == ' ' }) {
		if f := foldLetters(part); len(f) >= 3 && strings.Contains(local, f) {
			return true
		}
	}
	given := strings.Fields(p.GivenName)
	if len(given) == 0 {
		return false
	}
	first, fam := []rune(foldLetters(given[0])), []rune(foldLetters(p.FamilyName))
	if g := string(first); len(first) >= 3 && (strings.HasPrefix(local, g) || strings.HasSuffix(local, g)) {
		return true
	}
	return len(first) > 0 && len(fam) > 0 && local == string(first[:1])+string(fam[:1])
}

// groupCands sorts the sightings by order and puts each into the first
// group (in the order groups were opened) that has a sighting of the same
// name or of the same personal e-mail address, or into a new group; names
// without a given name ("Frau Yilmaz") join a full name only when exactly
// one group has that family name, after everyone else. The groups come
// back in page order.
//
// Indexes keep it near linear: a sighting is compared only with sightings
// that can be the same name (same family name, and the same first given
// name or its initial) or share one of its personal addresses, and with one
// sighting per distinct spelling in each group. Before them, a page that
// names thousands of people (a hostile <pre>, a generated list) cost a
// comparison of every sighting with every other.
func groupCands(cands []cand) []*group {
	sort.SliceStable(cands, func(i, j int) bool { return cands[i].order < cands[j].order })
	var groups []*group
	ix := newGroupIndex()
	var bare []*cand
	for i := range cands {
		c := &cands[i]
		if c.np.given == "" && c.np.salutation {
			bare = append(bare, c)
			continue
		}
		k := keysOf(c)
		g := ix.first(c, &k)
		if g == nil {
			g = &group{order: c.order, seq: len(groups)}
			groups = append(groups, g)
		}
		g.cands = append(g.cands, c)
		g.order = min(g.order, c.order)
		ix.add(g, c, &k)
	}
	// Family names of the groups' first sightings, which never change.
	famGroups := make(map[string][]*group)
	for _, g := range groups {
		f := foldLetters(g.cands[0].np.family)
		famGroups[f] = append(famGroups[f], g)
	}
	for _, c := range bare {
		f := foldLetters(c.np.family)
		if gs := famGroups[f]; len(gs) == 1 {
			gs[0].cands = append(gs[0].cands, c)
			gs[0].order = min(gs[0].order, c.order)
			continue
		}
		g := &group{cands: []*cand{c}, order: c.order, seq: len(groups)}
		groups = append(groups, g)
		famGroups[f] = append(famGroups[f], g)
	}
	sort.SliceStable(groups, func(i, j int) bool { return groups[i].order < groups[j].order })
	return groups
}

// candKeys is what the index reads of a sighting, worked out once.
type candKeys struct {
	fam      string   // folded family name; "" matches nothing by name
	first    string   // first given-name part, folded ("" without a given name)
	spelling string   // family, given name and salutation as sameName reads them
	mails    []string // personal addresses that spell the name, lower-cased
}

func keysOf(c *cand) candKeys {
	k := candKeys{fam: foldLetters(c.np.family)}
	if gp := givenParts(c.np.given); len(gp) > 0 {
		k.first = gp[0]
	}
	sal := "0"
	if c.np.salutation {
		sal = "1"
	}
	k.spelling = k.fam + "|" + fold(c.np.given) + "|" + sal
	for _, e := range c.emails {
		if !isGenericMailbox(e) && emailMatchesName(e, c.np) {
			k.mails = append(k.mails, strings.ToLower(e))
		}
	}
	return k
}

// groupIndex finds the groups a sighting may join without scanning them
// all. It holds one sighting per distinct spelling in each group (rep),
// under the keys sameName can accept it by: sameName needs the same family
// name and, position by position, the same given names or an initial of
// them, or no given name on one side beside a salutation.
type groupIndex struct {
	full    map[string][]rep // family | first given name, written out
	initial map[string][]rep // family | letter, first given name an initial
	letter  map[string][]rep // family | letter, any first given name
	none    map[string][]rep // family, no given name
	family  map[string][]rep // family, all of them
	spelled map[repKey]bool  // which (group, spelling) pairs are held
	mail    map[string][]rep // personal address
}

// rep is one sighting standing for its group in an index.
type rep struct {
	g *group
	c *cand
}

type repKey struct {
	g        *group
	spelling string
}

func newGroupIndex() *groupIndex {
	return &groupIndex{full: map[string][]rep{}, initial: map[string][]rep{}, letter: map[string][]rep{},
		none: map[string][]rep{}, family: map[string][]rep{}, spelled: map[repKey]bool{}, mail: map[string][]rep{}}
}

// first returns the earliest opened group that c joins, or nil.
func (ix *groupIndex) first(c *cand, k *candKeys) *group {
	var best *group
	try := func(rs []rep) {
		for _, r := range rs {
			if (best == nil || r.g.seq < best.seq) && sameName(r.c.np, c.np) {
				best = r.g
			}
		}
	}
	switch {
	case k.fam == "":
	case k.first == "":
		try(ix.family[k.fam])
	case len(k.first) == 1:
		try(ix.letter[k.fam+"|"+k.first])
		try(ix.none[k.fam])
	default:
		try(ix.full[k.fam+"|"+k.first])
		try(ix.initial[k.fam+"|"+k.first[:1]])
		try(ix.none[k.fam])
	}
	for _, e := range k.mails {
		for _, r := range ix.mail[e] {
			if best == nil || r.g.seq < best.seq {
				best = r.g
			}
		}
	}
	return best
}

// add records that c joined g.
func (ix *groupIndex) add(g *group, c *cand, k *candKeys) {
	for _, e := range k.mails {
		ix.mail[e] = append(ix.mail[e], rep{g, c})
	}
	if k.fam == "" || ix.spelled[repKey{g, k.spelling}] {
		return
	}
	ix.spelled[repKey{g, k.spelling}] = true
	r := rep{g, c}
	ix.family[k.fam] = append(ix.family[k.fam], r)
	if k.first == "" {
		ix.none[k.fam] = append(ix.none[k.fam], r)
		return
	}
	l := k.fam + "|" + k.first[:1]
	ix.letter[l] = append(ix.letter[l], r)
	if len(k.first) == 1 {
		ix.initial[l] = append(ix.initial[l], r)
	} else {
		ix.full[k.fam+"|"+k.first] = append(ix.full[k.fam+"|"+k.first], r)
	}
}

// outside reports whether every sighting of the person is in a context
// that is not the organisation's current people (see context.go).
func (g *group) outside() bool {
	for _, c := range g.cands {
		if !c.outside {
			return false
		}
	}
	return true
}

// wordPhrase reports whether every sighting of the person is a phrase of
// everyday words that no name list knows (wordPhraseName, wordyName) ("Portable X-Ray", "Lecture
// Organiser", "Level Up Gloucester"): a product, a service or an office
// that a card, list or label line put where a name goes. A salutation, an
// academic title or a personal address that spells the name says it is a
// person all the same ("Buzz Stapczynski", buzz@…).
func (g *group) wordPhrase() bool {
	for _, c := range g.cands {
		if !wordPhraseName(c.np) && !wordyName(c.np) || c.np.knownFam || c.np.salutation {
			return false
		}
		for _, e := range c.emails {
			if emailMatchesName(e, c.np) {
				return false
			}
		}
	}
	return true
}

// wordPhraseName reports whether a name reads as a phrase of everyday
// words: its first word is an everyday English word no given-name list
// holds, and its last word an everyday word (or its plural), a role word
// or an agent noun in -iser/-izer. A first word alone is not enough: "Talent Moyo", "Upendo
// Grace Massawe" are people whose given names are words.
func wordPhraseName(np nameParts) bool {
	gw, fw := nameWords(np.given), nameWords(np.family)
	if np.knownGiven || np.title != "" || len(gw) == 0 || len(fw) == 0 || !isCommon(gw[0]) {
		return false
	}
	last := fw[len(fw)-1]
	return everyday(last) || hasRoleWord(last) || strings.HasSuffix(last, "iser") || strings.HasSuffix(last, "izer")
}

// wordyName reports whether two or more of a name's words are everyday
// English words while no list knows its first given name or its family
// name: "European Set Theory Society", "Bartlett Cocke General Contractors",
// not "Upendo Grace Massawe" (one such word) or "Grace Hill" (known names).
func wordyName(np nameParts) bool {
	if np.knownGiven || np.knownFam || np.title != "" {
		return false
	}
	n := 0
	for _, w := range nameWords(np.given + " " + np.family) {
		if everyday(w) {
			n++
		}
	}
	return n >= 2
}

// person folds a group into one Person.
func (g *group) person(host string) Person {
	best := g.cands[0]
	sources := map[string]bool{}
	for _, c := range g.cands {
		sources[c.source] = true
		if c.conf > best.conf {
			best = c
		}
	}
	conf := best.conf + 0.05*float64(len(sources)-1)
	if conf > 0.99 {
		conf = 0.99
	}
	// The name as written: prefer the sighting that carries a title, then
	// one with a full given name over initials, then the best source.
	nameC := g.cands[0]
	for _, c := range g.cands[1:] {
		if betterName(c, nameC) {
			nameC = c
		}
	}
	np := nameC.np
	p := Person{
		Name:       np.full,
		Title:      np.title,
		GivenName:  np.given,
		FamilyName: np.family,
		Source:     best.source,
		Confidence: float64(int(conf*100+0.5)) / 100,
	}
	for _, c := range g.cands {
		if p.Title == "" && c.np.title != "" {
			p.Title = c.np.title
		}
	}
	p.RoleText, p.Kind = mergeRoles(g.cands)
	byConf := append([]*cand(nil), g.cands...)
	sort.SliceStable(byConf, func(i, j int) bool { return byConf[i].conf > byConf[j].conf })
	p.Email = chooseEmail(byConf, np, host)
	for _, c := range byConf {
		if p.Phone == "" && len(c.phones) > 0 {
			p.Phone = c.phones[0]
		}
		if p.LinkedInURL == "" && len(c.linkedin) > 0 {
			p.LinkedInURL = c.linkedin[0]
		}
	}
	return p
}

func betterName(a, b *cand) bool {
	if (a.np.title != "") != (b.np.title != "") {
		return a.np.title != ""
	}
	if a.np.initials != b.np.initials {
		return !a.np.initials
	}
	return a.conf > b.conf
}

// mergeRoles joins the distinct roles of a person and derives the Kind:
// editorial or data-protection only when no other role is known.
func mergeRoles(cs []*cand) (string, string) {
	var all []role
	for _, c := range cs {
		all = append(all, c.roles...)
	}
	// A generic label ("Vertreten durch") gives way to a specific position;
	// a content or data-protection duty is no position, so "Vertreten
	// durch" stays beside "Verantwortlich für den Inhalt".
	specific := false
	for i := range all {
		if all[i].kind == "" {
			// The same role text means the same thing whichever extractor
			// read it: a card whose heading says "Datenschutzbeauftragte".
			all[i].kind = roleKind(all[i].text)
		}
		if !all[i].generic && all[i].kind == "" {
			specific = true
		}
	}
	var texts []string
	kind, other := "", false
	for _, r := range all {
		if r.generic && specific {
			continue
		}
		if r.kind == "" {
			other = true
		} else if kind == "" {
			kind = r.kind
		}
		texts = addRoleText(texts, r.text)
	}
	if other || len(all) == 0 {
		kind = ""
	}
	return strings.Join(texts, "; "), kind
}

// fieldLabel is the name of a form field written before a role
// ("Funktion: Kassier", "Position: CFO").
var fieldLabel = regexp.MustCompile(`(?i)^\s*(?:funktion|position|rolle|role|titel|title|job\s+title|aufgabe(?:nbereich)?|t(?:ä|ae)tigkeit|zust(?:ä|ae)ndigkeit)\s*:\s*`)

// addRoleText appends t unless it, or a longer role containing it, is there.
func addRoleText(texts []string, t string) []string {
	t = strings.TrimSpace(fieldLabel.ReplaceAllString(t, ""))
	if t == "" {
		return texts
	}
	ft := fold(t)
	for i, o := range texts {
		fo := fold(o)
		if fo == ft || strings.Contains(fo, ft) {
			return texts
		}
		if strings.Contains(ft, fo) {
			texts[i] = t
			return texts
		}
	}
	return append(texts, t)
}

// chooseEmail picks the person's address: one that spells their name first,
// then the only personal address of their block. Generic mailboxes (info@,
// office@) are never a person's; with several unrelated addresses in one
// block none is chosen, because guessing would invent a fact.
func chooseEmail(cs []*cand, np nameParts, host string) string {
	var all []string
	for _, c := range cs {
		for _, e := range c.emails {
			if !isGenericMailbox(e) && !contains(all, e) {
				all = append(all, e)
			}
		}
	}
	if len(all) == 0 {
		return ""
	}
	for _, e := range all {
		if emailMatchesName(e, np) {
			return e
		}
	}
	// Structured data names the address explicitly.
	for _, c := range cs {
		if (c.source == SourceJSONLD || c.source == SourceMicrodata) && len(c.emails) > 0 && !isGenericMailbox(c.emails[0]) {
			return c.emails[0]
		}
	}
	if len(all) == 1 {
		return all[0]
	}
	if host != "" {
		var own []string
		for _, e := range all {
			if strings.HasSuffix(strings.ToLower(e), "@"+host) {
				own = append(own, e)
			}
		}
		if len(own) == 1 {
			return own[0]
		}
	}
	return ""
}

// roleKind derives the Kind a role text implies on its own.
func roleKind(text string) string {
	for _, h := range findLabels(text) {
		if k := h.kind.personKind(); k != "" {
			return k
		}
	}
	return ""
}
