package linkedin

import (
	"slices"
	"strings"
)

// MaxSuggestions caps the look-alike candidates EmployerMatch keeps for a
// person to choose from.
const MaxSuggestions = 5

// TypeaheadQuery returns what to ask the employers typeahead for a company
// named name: the name as written, without trailing legal forms ("Bayer AG"
// → "Bayer", "Boehringer Ingelheim GmbH & Co. KG" → "Boehringer
// Ingelheim") and trailing punctuation. Spelling and accents stay as they
// are, since LinkedIn's typeahead searches names as members wrote them.
func TypeaheadQuery(name string) string {
	words := strings.Fields(name)
	full := NormalizeCompany(name)
	for len(words) > 1 {
		shorter := strings.Join(words[:len(words)-1], " ")
		// A word whose removal leaves the normalised name unchanged is
		// a legal form or punctuation ("&", "Co.").
		if NormalizeCompany(shorter) != full {
			break
		}
		words = words[:len(words)-1]
	}
	return strings.TrimRight(strings.Join(words, " "), ",;:-–&/ ")
}

// secondLevel are the second-level labels under a country code that are
// not the company's ("co" of bayer.co.uk).
var secondLevel = map[string]bool{"co": true, "com": true, "ac": true, "or": true, "ne": true, "net": true, "org": true, "gv": true, "gov": true}

// DomainLabel returns the label of a company's web domain that names it:
// "bayer" for bayer.com, www.bayer.de or bayer.co.uk; "" for a domain of
// one label.
func DomainLabel(domain string) string {
	d := strings.Trim(strings.ToLower(strings.TrimSpace(domain)), ".")
	labels := strings.Split(d, ".")
	if len(labels) < 2 {
		return ""
	}
	i := len(labels) - 2
	if i > 0 && len(labels[len(labels)-1]) == 2 && secondLevel[labels[i]] {
		i--
	}
	if labels[i] == "www" {
		return ""
	}
	return labels[i]
}

// EmployerMatch is what the employers typeahead said about one account.
type EmployerMatch struct {
	// Match is the one organization whose name equals one of the account's
	// names; zero when there is none or more than one.
	Match Employer
	// Ambiguous lists the organizations, two or more, whose names all equal
	// one of the account's names: a person must choose.
	Ambiguous []Employer
	// LookAlikes are other candidates LinkedIn offered ("Bayer
	// Pharmaceuticals" for Bayer AG), at most MaxSuggestions: never
	// accepted, shown to a person who may confirm one.
	LookAlikes []Employer
}

// Found reports whether exactly one organization matched.
func (m EmployerMatch) Found() bool { return m.Match.URN != "" }

// MatchEmployers applies the acceptance rule to the typeahead's
// candidates: a candidate matches when its NormalizeCompany form equals the
// form of one of names (the account's name and its configured aliases);
// prefixes, extensions and other look-alikes never match ("Bayer
// Pharmaceuticals Inc." and "Bayer Services GmbH" are not Bayer AG).
// Candidates whose URN is in rejected never match and are not suggested.
// The same organization listed twice counts once.
func MatchEmployers(names []string, candidates []Employer, rejected []string) EmployerMatch {
	want := map[string]bool{}
	for _, n := range names {
		if k := NormalizeCompany(n); k != "" {
			want[k] = true
		}
	}
	var m EmployerMatch
	seen := map[string]bool{}
	var exact []Employer
	for _, c := range candidates {
		if c.URN == "" || seen[c.URN] || slices.Contains(rejected, c.URN) {
			continue
		}
		seen[c.URN] = true
		if want[NormalizeCompany(c.Name)] {
			exact = append(exact, c)
			continue
		}
		if len(m.LookAlikes) < MaxSuggestions {
			m.LookAlikes = append(m.LookAlikes, c)
		}
	}
	switch len(exact) {
	case 0:
	case 1:
		m.Match = exact[0]
	default:
		m.Ambiguous = exact
	}
	return m
}
