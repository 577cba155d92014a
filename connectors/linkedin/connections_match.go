package linkedin

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/abmsync/abmsync/internal/textfold"
)

// connLegalForms are the legal-form suffixes NormalizeCompany strips, as
// normalised token sequences. Single tokens combine: "GmbH & Co. KG" is
// "gmbh co kg", stripped as kg, co, gmbh in turn. "Holding" and "Group" are
// not legal forms and stay.
var connLegalForms = [][]string{
	// German-speaking countries
	{"gmbh"}, {"mbh"}, {"gesmbh"}, {"ges", "mbh"}, {"ag"}, {"se"}, {"kg"}, {"kgaa"}, {"ohg"}, {"gbr"},
	{"ug"}, {"haftungsbeschraenkt"}, {"ev"}, {"eg"}, {"aktiengesellschaft"},
	{"gesellschaft", "mit", "beschraenkter", "haftung"},
	// English-speaking
	{"inc"}, {"incorporated"}, {"corp"}, {"corporation"}, {"co"}, {"company"}, {"ltd"}, {"limited"},
	{"llc"}, {"llp"}, {"lp"}, {"plc"}, {"pty"},
	// Romance, Benelux, Nordic, Central Europe
	{"sa"}, {"s", "a"}, {"sas"}, {"sarl"}, {"srl"}, {"spa"}, {"bv"}, {"nv"}, {"ab"}, {"as"}, {"a", "s"},
	{"asa"}, {"aps"}, {"oy"}, {"oyj"}, {"kft"}, {"sro"}, {"sp", "z", "oo"},
}

// NormalizeCompany reduces a company name as people write it to the form two
// sources agree on: lower case; umlauts and ß spelled out (ä → ae), other
// accents removed (textfold.Fold, then textfold.StripMarks for the accents
// no table lists); "." "'" "&" removed inside words (S.A. → sa, AT&T → att),
// other punctuation a word break (Coca-Cola → coca cola, A/S → a s);
// legal-form suffixes stripped (GmbH, AG, SE, KG, GmbH & Co. KG, KGaA, e.V.,
// Inc., Corp., Corporation, Ltd., Limited, LLC, plc, S.A., S.p.A., B.V.,
// N.V., AB, A/S, AS, Oy, Pty Ltd, Co. and others), but never the only word
// left ("AG" stays "ag"); white space collapsed. Only trailing legal forms
// go: "AB Volvo" stays "ab volvo" (configure an alias). "Holding" and
// "Group" are kept, as they name a different entity. It returns "" for a
// name without letters or digits.
func NormalizeCompany(name string) string {
	s := textfold.StripMarks(textfold.Fold(name))
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(r)
		case r == '.', r == '\'', r == '’', r == '`', r == '´', r == '&':
			// Joined: marks inside abbreviations and names.
		default:
			b.WriteByte(' ')
		}
	}
	tokens := strings.Fields(b.String())
	for {
		stripped := false
		for _, form := range connLegalForms {
			if len(tokens) > len(form) && slices.Equal(tokens[len(tokens)-len(form):], form) {
				tokens = tokens[:len(tokens)-len(form)]
				stripped = true
			}
		}
		if !stripped {
			break
		}
	}
	return strings.Join(tokens, " ")
}

// AccountNames is a target account as the Matcher knows it: its ID and the
// names it goes by, the account's own name and the aliases configured for it.
type AccountNames struct {
	ID    string
	Names []string
}

// Matcher maps the company a person works at, as written in a Connections
// export, to a target account. Build it with NewMatcher; it is read-only
// afterwards and safe for concurrent use.
//
// The rule, in order:
//  1. Exact: the company's NormalizeCompany form equals a normalised name
//     of an account ("Siemens Aktiengesellschaft" and "SIEMENS AG" are
//     "siemens").
//  2. Prefix: the normalised company starts with an account's normalised
//     name followed by a word break ("Siemens Healthcare Austria" for
//     "Siemens"), only for names of at least two words or at least six
//     letters, so short or generic names never match by prefix ("Bayer"
//     matches "Bayer AG" exactly but neither "Bayer Pharmaceuticals" nor
//     "Bayerische Landesbank"; configure aliases for divisions). The
//     longest matching name wins.
//
// A normalised name claimed by two different accounts matches neither
// (see Ambiguous): a wrong warm path is worse than a missing one.
type Matcher struct {
	exact     map[string]string // normalised name → account ID; "" when ambiguous
	prefix    map[string]string // the names eligible for the prefix rule
	ambiguous []string
}

// NewMatcher builds a Matcher. Accounts without an ID, and names that
// normalise to "", are ignored.
func NewMatcher(accounts []AccountNames) *Matcher {
	m := &Matcher{exact: map[string]string{}, prefix: map[string]string{}}
	for _, a := range accounts {
		if a.ID == "" {
			continue
		}
		for _, name := range a.Names {
			n := NormalizeCompany(name)
			if n == "" {
				continue
			}
			if id, ok := m.exact[n]; ok {
				if id != a.ID && id != "" {
					m.exact[n] = ""
					m.ambiguous = append(m.ambiguous, n)
				}
				continue
			}
			m.exact[n] = a.ID
		}
	}
	for n, id := range m.exact {
		if strings.Contains(n, " ") || utf8.RuneCountInString(n) >= 6 {
			m.prefix[n] = id
		}
	}
	slices.Sort(m.ambiguous)
	return m
}

// Match returns the ID of the account company belongs to under the
// Matcher's rule, and false when there is none or it is ambiguous.
func (m *Matcher) Match(company string) (accountID string, ok bool) {
	c := NormalizeCompany(company)
	if c == "" {
		return "", false
	}
	if id, found := m.exact[c]; found {
		return id, id != ""
	}
	for i := strings.LastIndexByte(c, ' '); i > 0; i = strings.LastIndexByte(c[:i], ' ') {
		if id, found := m.prefix[c[:i]]; found {
			return id, id != ""
		}
	}
	return "", false
}

// Ambiguous returns the normalised names that more than one account claims,
// sorted, so an import can report them; they match no account.
func (m *Matcher) Ambiguous() []string {
	return slices.Clone(m.ambiguous)
}
