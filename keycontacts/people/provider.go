package people

import (
	"regexp"
	"strings"
)

// providerDecl is the declaration that opens the provider block of a German
// or Austrian imprint ("Angaben gemäß § 5 TMG", "Informationen nach § 5
// Abs. 1 ECG", "Information according to § 5 TMG", "Angaben zum
// Diensteanbieter"). The block names who runs the site.
var providerDecl = regexp.MustCompile(`(?i)^(?:angaben|informationen?|information)\s+(?:gem(?:ä|ae)(?:ß|ss)|gem\.|nach|laut|lt\.|according\s+to|pursuant\s+to|in\s+accordance\s+with|as\s+per)\s+(?:§|section|sec\.)\s*5\b[^:]{0,40}:?$|^(?:angaben|informationen?|information)\s+(?:zum|zur|über\s+den|über\s+die|about\s+the|on\s+the)\s+(?:diensteanbieter\p{L}*|anbieter\p{L}*|betreiber\p{L}*|provider|service\s+provider|website\s+operator|operator)\s*:?$`)

// imprintHeading is the heading of an imprint page or section.
var imprintHeading = regexp.MustCompile(`(?i)^\s*(?:impressum|imprint|legal\s+notice|site\s+notice|legal\s+disclosure|offenlegung)\s*:?\s*$`)

// providerHints and imprintHints are fragments one of which every match of
// providerDecl or imprintHeading contains (lower case): a cheap test that
// keeps the regular expressions off most lines, as labelDef.any does.
var (
	providerHints = []string{"5", "§", "nbieter", "etreiber", "rovider", "perator"}
	imprintHints  = []string{"mpress", "mprint", "notice", "disclosure", "offenlegung"}
)

// isProviderDecl reports whether t (low: t lower-cased) is an imprint's
// provider declaration.
func isProviderDecl(t, low string) bool {
	return containsAny(low, providerHints) && providerDecl.MatchString(t)
}

// isImprintHeading reports whether t (low: t lower-cased) is the heading of
// an imprint.
func isImprintHeading(t, low string) bool {
	return containsAny(low, imprintHints) && imprintHeading.MatchString(t)
}

// postalLine is a line of a postal address: a street with its number or a
// postcode with its town.
var postalLine = regexp.MustCompile(`(?i)(?:stra(?:ß|ss)e|str\.|weg|gasse|platz|allee|ring|damm|ufer|road|street|lane|avenue|way)\s*\d|\b\d{4,5}\s+\p{Lu}|^\s*(?:[a-z]{1,2}-)?\d{4,5}\s`)

// provider finds the person who runs the site as its imprint names them: a
// name alone on the first line under the imprint's heading or its provider
// declaration, followed by a postal address. Companies fail the name test,
// so this is the sole trader, freelancer or practice owner; the declaration,
// or else the heading ("Impressum"), is their role.
func (x *extractor) provider() {
	lines := x.p.lines
	for i := range lines {
		t := lines[i].text
		if t == "" || len(t) > 80 {
			continue
		}
		low := strings.ToLower(t)
		decl := isProviderDecl(t, low)
		if !decl && !((lines[i].heading > 0 || lines[i].emph) && len(t) <= 30 && isImprintHeading(t, low)) {
			continue
		}
		j := x.nextText(i, 3)
		if j < 0 || lines[j].heading > 0 || x.outside[j] {
			continue
		}
		name := trimPunct(lines[j].text, true)
		np, ok := parseName(name)
		if w := strings.Fields(name); len(w) >= 3 && (!ok || len(strings.Fields(np.given)) >= 2) && builtinRule(w[0]) != "none" {
			// "Haustechnik Andreas Frey": a trading name, a trade and the
			// owner's name; the person is the name without the trade.
			np, ok = parseName(strings.TrimSpace(strings.TrimPrefix(name, w[0])))
		}
		if !ok || !x.addressAfter(j) {
			continue
		}
		// The declaration, or the imprint's own heading, is the role: the
		// person an imprint names first, alone with an address, is the one
		// who runs the site (a sole trader or practice owner). The heading is
		// generic, so a role the person's own line gives ("Inhaber") wins.
		roles := []role{{text: trimPunct(t, true), generic: !decl}}
		c := x.add(listItem{np: np}, roles, SourceImprint, 0.85, j)
		x.attachContacts(c, &lines[j])
		if e := x.providerEmail(np, j); e != "" && len(x.cands[c].emails) == 0 {
			x.cands[c].emails = append(x.cands[c].emails, e)
		}
	}
}

// providerEmail is the address of the imprint's provider when the block
// after their name gives one that spells their name, in its local part
// ("daniel@structegra.eu") or its domain ("m@troger.app" for Troger): the
// provider is the business, so its contact lines are theirs. Any other
// address, and more than one that fits, gives "", because guessing would
// invent a fact.
func (x *extractor) providerEmail(np nameParts, j int) string {
	lines := x.p.lines
	fam := ""
	if f := strings.Fields(np.family); len(f) > 0 {
		fam = foldLetters(f[len(f)-1])
	}
	found := ""
	for k := j; k < len(lines) && k <= j+providerBlock; k++ {
		for _, e := range lines[k].emails {
			if isGenericMailbox(e) || strings.EqualFold(e, found) {
				continue
			}
			at := strings.IndexByte(e, '@')
			domain := foldLetters(e[at+1:])
			if !emailMatchesName(e, np) && (len(fam) < 4 || !strings.Contains(domain, fam)) {
				continue
			}
			if found != "" {
				return ""
			}
			found = e
		}
	}
	return found
}

// providerBlock is how many lines after the provider's name their contact
// lines may come: address, phone, e-mail and the register lines of a short
// imprint.
const providerBlock = 12

// nextText returns the first line after i with text, at most n lines on,
// or -1.
func (x *extractor) nextText(i, n int) int {
	for j := i + 1; j < len(x.p.lines) && j <= i+n; j++ {
		if x.p.lines[j].text != "" {
			return j
		}
	}
	return -1
}

// addressAfter reports whether one of the three lines after j is a line of
// a postal address.
func (x *extractor) addressAfter(j int) bool {
	for k := j + 1; k < len(x.p.lines) && k <= j+3; k++ {
		if t := x.p.lines[k].text; t != "" && len(t) <= 120 && postalLine.MatchString(t) {
			return true
		}
	}
	return false
}
