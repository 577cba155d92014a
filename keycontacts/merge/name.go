package merge

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"unicode"

	"github.com/abmsync/abmsync/internal/textfold"
)

// academicTitles are dropped before names are compared: "Dr. Anna Huber" and
// "Anna Huber" are one person. Lower-case, without the trailing dot.
var academicTitles = map[string]bool{
	"dr": true, "prof": true, "mag": true, "mag.a": true, "di": true, "dipl.-ing": true, "dipl-ing": true,
	"dipl": true, "ing": true, "med": true, "rer": true, "nat": true, "dr.-ing": true, "dr-ing": true,
	"phd": true, "mba": true, "msc": true, "bsc": true, "ma": true, "ba": true, "llm": true, "mr": true,
	"mrs": true, "ms": true, "herr": true, "frau": true, "dipl.-kfm": true, "dipl-kfm": true, "kfm": true,
	"h.c": true, "hc": true, "univ": true, "univ.-prof": true, "priv.-doz": true, "em": true, "o": true,
	"dkfm": true, "ddr": true, "dipl.-wirt.-ing": true, "bakk": true, "mmag": true,
}

// NormalizeName reduces a person's name as written to the form two sources
// agree on: lower case, umlauts and ß spelled out (ä→ae, ö→oe, ü→ue, ß→ss,
// so "Müller" and "Mueller" match), other accents removed, academic titles
// and honorifics dropped, middle initials dropped ("Anna M. Huber" → "anna
// huber"), punctuation removed. It returns "" when nothing name-like is left.
//
// The result is hashed into stored keys (ContactKey, fingerprints), so it
// folds with textfold.Umlauts, whose output never changes: "Søren" stays
// "søren" here although textfold.Fold would write "soren".
func NormalizeName(s string) string {
	s = textfold.Umlauts(strings.TrimSpace(s))
	var words []string
	for _, w := range strings.FieldsFunc(s, isNameBreak) {
		bare := strings.TrimSuffix(w, ".")
		if academicTitles[bare] || academicTitles[w] {
			continue
		}
		w = textfold.StripMarks(bare)
		w = strings.Map(func(r rune) rune {
			if unicode.IsLetter(r) || r == '-' || r == '\'' {
				return r
			}
			return -1
		}, w)
		w = strings.Trim(w, "-'")
		if len([]rune(w)) <= 1 { // middle initials
			continue
		}
		words = append(words, w)
	}
	return strings.Join(words, " ")
}

// isNameBreak separates the words of a name: white space, and the comma
// and brackets of "Huber, Anna" and "Zoë (née Smith)".
func isNameBreak(r rune) bool {
	return unicode.IsSpace(r) || r == ',' || r == '(' || r == ')'
}

// NormalizeEmail lower-cases and trims an e-mail address; "" when it has no
// single @ with text on both sides.
func NormalizeEmail(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	at := strings.IndexByte(s, '@')
	if at <= 0 || at != strings.LastIndexByte(s, '@') || at == len(s)-1 {
		return ""
	}
	return s
}

// ContactKey is the value of the abm_contact_key property for a person
// without an e-mail: derived from the account and the normalised name, so
// the same person found again upserts the same HubSpot contact. It is a hash,
// so the key itself reveals no name.
func ContactKey(accountID, name string) string {
	n := NormalizeName(name)
	if accountID == "" || n == "" {
		return ""
	}
	sum := sha256.Sum256([]byte("abm-contact-key/v1\x00" + accountID + "\x00" + n))
	return "abm1-" + hex.EncodeToString(sum[:12])
}

// SplitName splits a name as written into given and family name for sources
// that give only the whole name (trade press): academic titles and
// honorifics are dropped, the last word is the family name and the rest the
// given names. Particles are not recognised ("Anna van Linn" gives family
// name "Linn"); extractors that know better fill the fields themselves.
func SplitName(name string) (given, family string) {
	var words []string
	for _, w := range strings.Fields(name) {
		bare := strings.ToLower(strings.TrimSuffix(strings.TrimRight(w, ","), "."))
		if academicTitles[bare] || academicTitles[strings.ToLower(w)] {
			continue
		}
		words = append(words, strings.TrimRight(w, ","))
	}
	if len(words) < 2 {
		return "", strings.Join(words, " ")
	}
	return strings.Join(words[:len(words)-1], " "), words[len(words)-1]
}
