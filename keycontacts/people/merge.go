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
}

// merge deduplicates the sightings of a page into people: same name (folded,
// initials matching full given names) or same personal e-mail address. Facts
// are merged; confidence is the best sighting's plus a little for every
// further extractor that agrees.
func merge(cands []cand, host string) []Person {
	sort.SliceStable(cands, func(i, j int) bool { return cands[i].order < cands[j].order })
	var groups []*group
	// Candidates with different folded family names never merge by name;
	// comparing the keys first keeps merging cheap.
	fams := make(map[*cand]string, len(cands))
	for i := range cands {
		fams[&cands[i]] = foldLetters(cands[i].np.family)
	}
	// Names without a given name ("Frau Yilmaz") join a full name only
	// when exactly one person of that family is on the page, so they are
	// merged after everyone else.
	var bare []*cand
	// A name written exactly as one already grouped joins that group at
	// once: a page that repeats one name thousands of times (a hostile
	// <pre>, a generated list) must not cost a scan of every sighting.
	exact := make(map[string]*group)
outer:
	for i := range cands {
		c := &cands[i]
		if c.np.given == "" && c.np.salutation {
			bare = append(bare, c)
			continue
		}
		key := fams[c] + "|" + foldLetters(c.np.given)
		if g := exact[key]; g != nil {
			g.cands = append(g.cands, c)
			g.order = min(g.order, c.order)
			continue
		}
		for _, g := range groups {
			for _, o := range g.cands {
				if (fams[o] == fams[c] && sameName(o.np, c.np)) || sharePersonalEmail(o, c) {
					g.cands = append(g.cands, c)
					g.order = min(g.order, c.order)
					exact[key] = g
					continue outer
				}
			}
		}
		g := &group{cands: []*cand{c}, order: c.order}
		exact[key] = g
		groups = append(groups, g)
	}
	for _, c := range bare {
		var match *group
		n := 0
		for _, g := range groups {
			if fams[g.cands[0]] == fams[c] {
				match = g
				n++
			}
		}
		if n == 1 {
			match.cands = append(match.cands, c)
			match.order = min(match.order, c.order)
			continue
		}
		groups = append(groups, &group{cands: []*cand{c}, order: c.order})
	}
	sort.SliceStable(groups, func(i, j int) bool { return groups[i].order < groups[j].order })
	var out []Person
	for _, g := range groups {
		if g.outside() {
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
	return out
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

func sharePersonalEmail(a, b *cand) bool {
	for _, x := range a.emails {
		if isGenericMailbox(x) {
			continue
		}
		for _, y := range b.emails {
			if strings.EqualFold(x, y) && emailMatchesName(x, a.np) && emailMatchesName(y, b.np) {
				return true
			}
		}
	}
	return false
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
