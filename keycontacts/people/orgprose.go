package people

import (
	"regexp"
	"strings"
	"unicode"
)

// Press releases name the organisation's people in prose, by the
// organisation's name rather than "our": "Tachyum was cofounded by Dr.
// Radoslav Danilak", "John D’Angelo, MechanAir’s Chief Executive Officer,
// stated", "Anna Berg, Head of Sales at Tachyum". The name is taken from the
// page's title, so a partner's or an investor's people ("Jane Roe, Managing
// Partner of Delos") are not read.

// genericTitleParts are title parts that name the kind of page, not its
// organisation.
var genericTitleParts = wordSet(`press presse news media home blog aktuelles newsroom neuigkeiten about team
	kontakt contact impressum imprint pressemitteilung pressemitteilungen announcement announcements`)

// orgNameOf returns the organisation a page title names in a part of one
// to four words that is no person's name and no kind of page ("Tachyum",
// "OICB: Press" → "OICB"), when every other part names a kind of page; else
// "" ("Case Study: Beta Corp | Acme" may name a customer).
func orgNameOf(title string) string {
	if title == "" || len(title) > 200 {
		return ""
	}
	org := ""
	for _, p := range titleParts(title) {
		p = strings.TrimSpace(p)
		if p == "" || anyWordIn(fold(p), genericTitleParts) || pageHeading.MatchString(p) {
			continue
		}
		if len(p) > 4 && strings.EqualFold(p[:4], "the ") {
			// "The British Museum": prose writes "of the British Museum".
			p = strings.TrimSpace(p[4:])
		}
		w := strings.Fields(p)
		if org != "" || len(w) > 4 || len(p) < 3 || !unicode.IsUpper(firstRune(p)) || hasRoleKeyword(p) ||
			strings.ContainsAny(p, "0123456789") {
			// An event's title ("Berlin Tech Summit 2024") names no
			// organisation whose officers to read.
			return ""
		}
		if _, ok := parseName(p); ok {
			return ""
		}
		org = p
	}
	return org
}

// leadArticle is an article before a role phrase ("a long-time partner").
var leadArticle = regexp.MustCompile(`(?i)^(?:a|an|the)\s+`)

// orgProse holds the patterns of one organisation's name.
type orgProse struct {
	name                       string
	founded, possessive, ofOrg *regexp.Regexp
}

func newOrgProse(org string) *orgProse {
	q := regexp.QuoteMeta(org)
	return &orgProse{
		name:    org,
		founded: regexp.MustCompile(`\b` + q + `\s+(?:was|is|were)\s+(?:also\s+)?((?:co-?)?founded)\s+by\s+`),
		// "D’Angelo, MechanAir’s Chief Executive Officer", "Danilak,
		// Tachyum CEO".
		possessive: regexp.MustCompile(`,\s+(?:the\s+)?` + q + `(?:['’]s)?\s+([^,.;:()!?"“”]{2,60})`),
		// "Anna Berg, Head of Sales at Tachyum" (not "at Tachyum’s
		// client", "of Acme University").
		ofOrg: regexp.MustCompile(`,\s+(?:the\s+)?([^,.;:()!?"“”]{2,60}?)\s+(?:of|at)\s+(?:[Tt]he\s+)?` + q + `(?:[,.;:!?)]|\s+\p{Ll}|$)`),
	}
}

// orgRoles finds the people a press release names with a role at the
// organisation its title names.
func (x *extractor) orgRoles() {
	org := orgNameOf(x.p.title)
	if org == "" {
		return
	}
	var op *orgProse
	for i := range x.p.lines {
		t := x.p.lines[i].text
		if x.outside[i] || len(t) < 20 || len(t) > 2000 || !strings.Contains(t, org) {
			continue
		}
		if op == nil {
			op = newOrgProse(org)
		}
		x.foundedBy(op, t, i)
		for _, re := range []*regexp.Regexp{op.possessive, op.ofOrg} {
			for _, m := range re.FindAllStringSubmatchIndex(t, 8) {
				np, ok := nameBefore(t[:m[0]])
				if !ok {
					continue
				}
				r := strings.TrimSpace(ourRoleEnd.ReplaceAllString(t[m[2]:m[3]], ""))
				r = strings.TrimSpace(leadArticle.ReplaceAllString(r, ""))
				if r == "" || wordCount(r) > 6 || formerOffice.MatchString(r) || notOurs.MatchString(r) {
					// "Acme’s customer since 2015", "a long-time partner
					// of Acme", "Acme’s late founder".
					continue
				}
				if ok, kw := roleLike(r); ok && kw {
					x.add(listItem{np: np}, []role{{text: r}}, SourceText, 0.7, i)
				}
			}
		}
	}
}

// foundedBy reads "<Org> was cofounded by <names>": the founders.
func (x *extractor) foundedBy(op *orgProse, t string, i int) {
	for _, m := range op.founded.FindAllStringSubmatchIndex(t, 4) {
		r := "Founder"
		if strings.HasPrefix(strings.ToLower(t[m[2]:m[3]]), "co") {
			r = "Co-founder"
		}
		for _, it := range parseNameList(t[m[1]:], modeStrict) {
			x.add(it, []role{{text: r}}, SourceText, 0.7, i)
		}
	}
}
