// Package textfold is the one place that says how text is spelled when it
// is compared rather than shown: lower case, German umlauts and ß written
// the way Germans type them without the keys (ä → ae, ö → oe, ü → ue,
// ß → ss, so "Müller" is "Mueller"), and accents dropped (é → e).
//
// There are two folds because one of them is frozen:
//
//   - Fold spells every accented Latin letter in ASCII. Everything that
//     only compares text in memory uses it: names and labels on web pages
//     (keycontacts/people), words of press articles (keycontacts/press),
//     job titles (keycontacts/roles) and company names
//     (connectors/linkedin, with StripMarks after it).
//   - Umlauts spells out only ä, ö, ü and ß. The contact name key
//     (merge.NormalizeName, with StripMarks per word) is built on it, and
//     that key ends up hashed in Redis and in CRM properties
//     (abm_contact_key, keyed fingerprints): giving "ø", "ł" or "æ" an
//     ASCII spelling there would give "Søren" or "Łukasz" a new key and
//     make one stored person two. Its output must never change. The page
//     classifier of connectors/web uses it as well: its word lists are
//     German and English, where only umlauts have a second spelling.
//
// StripMarks removes what a precomposed-letter table cannot see: combining
// accents of decomposed text ("u\u0308") and letters the tables do not
// list. Letter gives the table of Fold to callers that fold rune by rune
// together with rules of their own (typographic punctuation in job titles).
//
// The package imports nothing of ours.
package textfold

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// letters maps lower-case letters with diacritics to their ASCII spelling:
// German umlauts and ß spelled out, ligatures and letters that are no base
// letter plus accent in Unicode spelled by sound (æ → ae, œ → oe, þ → th,
// ø → o, ł → l, đ → d, ı → i), every other letter its base letter. It
// covers the letters of the Latin alphabets of Europe.
var letters = map[rune]string{
	'ä': "ae", 'ö': "oe", 'ü': "ue", 'ß': "ss",
	'á': "a", 'à': "a", 'â': "a", 'ã': "a", 'å': "a", 'ā': "a", 'ă': "a", 'ą': "a",
	'æ': "ae", 'ç': "c", 'ć': "c", 'č': "c", 'ď': "d", 'đ': "d", 'ð': "d",
	'é': "e", 'è': "e", 'ê': "e", 'ë': "e", 'ē': "e", 'ė': "e", 'ę': "e", 'ě': "e",
	'ğ': "g", 'í': "i", 'ì': "i", 'î': "i", 'ï': "i", 'ī': "i", 'ı': "i", 'į': "i",
	'ł': "l", 'ľ': "l", 'ĺ': "l", 'ñ': "n", 'ń': "n", 'ň': "n",
	'ó': "o", 'ò': "o", 'ô': "o", 'õ': "o", 'ø': "o", 'ō': "o", 'ő': "o", 'œ': "oe",
	'ř': "r", 'ŕ': "r", 'ś': "s", 'š': "s", 'ş': "s", 'ș': "s", 'ť': "t", 'ț': "t", 'ţ': "t",
	'ú': "u", 'ù': "u", 'û': "u", 'ū': "u", 'ů': "u", 'ű': "u", 'ų': "u",
	'ý': "y", 'ÿ': "y", 'ź': "z", 'ż': "z", 'ž': "z", 'þ': "th",
}

// Every key of letters lies in [lettersLo, lettersHi); letterTab is the
// same table as a slice indexed by rune-lettersLo, so the per-rune look-up
// on the hot paths (page text, press articles) is an index, not a hash.
const lettersLo, lettersHi = 0xC0, 0x250

var letterTab = func() []string {
	t := make([]string, lettersHi-lettersLo)
	for r, s := range letters {
		if r < lettersLo || r >= lettersHi {
			panic("textfold: letter outside the table range")
		}
		t[r-lettersLo] = s
	}
	return t
}()

// Letter returns the ASCII spelling Fold gives the lower-case letter r
// ("ae" for 'ä', "e" for 'é'), and false for a rune Fold leaves as it is
// (ASCII, upper case, letters of other scripts, combining marks,
// punctuation).
func Letter(r rune) (string, bool) {
	if r < lettersLo || r >= lettersHi {
		return "", false
	}
	s := letterTab[r-lettersLo]
	return s, s != ""
}

// Fold lower-cases s and spells its accented Latin letters in ASCII as
// Letter does: "Jörg Müller-Łęcka" → "joerg mueller-lecka". Every other
// rune is only lower-cased: combining marks stay (use StripMarks to drop
// them), punctuation and white space stay. Lower-case ASCII comes back as
// s itself, without allocating.
func Fold(s string) string {
	if isASCII(s) {
		return strings.ToLower(s) // s itself when nothing is upper case
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if r < utf8.RuneSelf {
			if 'A' <= r && r <= 'Z' {
				r += 'a' - 'A'
			}
			b.WriteByte(byte(r))
			continue
		}
		r = unicode.ToLower(r)
		if rep, ok := Letter(r); ok {
			b.WriteString(rep)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Umlauts lower-cases s and spells out the German umlauts and ß (ä → ae,
// ö → oe, ü → ue, ß and ẞ → ss); every other rune is only lower-cased, so
// "Søren" stays "søren". Invalid UTF-8 becomes U+FFFD, as with
// strings.ToLower.
//
// It is the fold under the contact name keys stored in Redis and in the
// CRM (see the package comment): its output for any input must never
// change.
func Umlauts(s string) string {
	if isASCII(s) {
		return strings.ToLower(s)
	}
	var b strings.Builder
	b.Grow(len(s) + 4)
	for _, r := range s {
		switch r = unicode.ToLower(r); r {
		case 'ä':
			b.WriteString("ae")
		case 'ö':
			b.WriteString("oe")
		case 'ü':
			b.WriteString("ue")
		case 'ß':
			b.WriteString("ss")
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// StripMarks decomposes s (Unicode NFD) and drops the nonspacing marks, so
// accents go that no table lists ("Nguyễn" → "Nguyen") and so do the
// accents of decomposed text ("Mu\u0308ller" → "Muller": run Fold or
// Umlauts first to keep precomposed umlauts spelled out). Case is kept.
// ASCII comes back as s itself.
func StripMarks(s string) string {
	if isASCII(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range norm.NFD.String(s) {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
