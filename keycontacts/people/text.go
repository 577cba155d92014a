package people

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/abmsync/abmsync/internal/textfold"
)

// fold is textfold.Fold, for comparisons only: the values a Person carries
// stay as written on the page.
func fold(s string) string { return textfold.Fold(s) }

// foldLetters is fold restricted to letters and digits: it is the key used to
// compare names and e-mail local parts ("Fritz-Gerhard" ~ "fritzgerhard").
func foldLetters(s string) string {
	f := fold(s)
	clean := true
	for i := 0; i < len(f); i++ {
		if c := f[i]; !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
			clean = false
			break
		}
	}
	if clean {
		return f
	}
	var b strings.Builder
	b.Grow(len(f))
	for _, r := range f {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// cleanSpace collapses every run of white space (including NBSP and the
// zero-width characters CMSs like to sprinkle into names) into one ASCII space
// and trims the ends. Invalid UTF-8 is replaced, so everything downstream may
// assume valid UTF-8.
func cleanSpace(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		switch {
		case r == '\u200b' || r == '\u200c' || r == '\u200d' || r == '\u2060' || r == '\ufeff' || r == '\u00ad':
			continue
		case unicode.IsSpace(r) || r == '\u00a0':
			space = true
			continue
		case unicode.IsControl(r):
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}

// truncateRunes cuts s to at most n runes; lines longer than that are prose and
// only their beginning can hold a label or a name.
func truncateRunes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	i := 0
	for pos := range s {
		if i == n {
			return s[:pos]
		}
		i++
	}
	return s
}

// trimPunct strips the punctuation and quotes that surround a phrase in running
// text, but keeps a final '.' when keepDot is set (initials, abbreviations).
func trimPunct(s string, keepDot bool) string {
	s = strings.TrimSpace(s)
	s = strings.TrimLeft(s, " \t,;:|·•–—-*\"'„“”‚‘’»«()[]{}")
	cut := " \t,;:|·•–—-*\"'„“”‚‘’»«([{!?"
	if !keepDot {
		cut += "."
	}
	for {
		t := strings.TrimRight(s, cut)
		// A closing bracket stays when it closes one in the phrase:
		// "Accounts Payable (ARAP)".
		if n := len(t); n > 0 && strings.ContainsRune(")]}", rune(t[n-1])) &&
			strings.Count(t, string(openOf(t[n-1]))) < strings.Count(t, string(t[n-1])) {
			s = t[:n-1]
			continue
		}
		return t
	}
}

func openOf(c byte) byte {
	switch c {
	case ')':
		return '('
	case ']':
		return '['
	}
	return '{'
}

// wordCount counts white-space separated words.
func wordCount(s string) int { return len(strings.Fields(s)) }

// firstWord returns the first white-space separated word of s.
func firstWord(s string) string {
	if f := strings.Fields(s); len(f) > 0 {
		return f[0]
	}
	return ""
}

// firstSentence returns s up to its first ". ".
func firstSentence(s string) string {
	if k := strings.Index(s, ". "); k >= 0 {
		return s[:k]
	}
	return s
}

// lastWord returns the last white-space separated word of s.
func lastWord(s string) string {
	s = strings.TrimRight(s, " \t\n")
	if k := strings.LastIndexAny(s, " \t\n"); k >= 0 {
		return s[k+1:]
	}
	return s
}

// hasLetterBoundary reports whether s[i:j] is delimited by non-letters, the
// Unicode-aware replacement for \b that Go's regexp lacks ("Geschäftsführer"
// must not match inside "Geschäftsführerversammlung").
func hasLetterBoundary(s string, i, j int) bool {
	if i > 0 {
		r, _ := utf8.DecodeLastRuneInString(s[:i])
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return false
		}
	}
	if j < len(s) {
		r, _ := utf8.DecodeRuneInString(s[j:])
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return false
		}
	}
	return true
}

// isUpperWord reports whether every letter of w is upper case and there are at
// least two of them ("GRUBER", "TJ").
func isUpperWord(w string) bool {
	n := 0
	for _, r := range w {
		if unicode.IsLetter(r) {
			if !unicode.IsUpper(r) {
				return false
			}
			n++
		}
	}
	return n >= 2
}

// firstRune returns the first rune of s, or 0.
func firstRune(s string) rune {
	r, _ := utf8.DecodeRuneInString(s)
	if r == utf8.RuneError {
		return 0
	}
	return r
}

// lastRune returns the last rune of s, or 0.
func lastRune(s string) rune {
	r, _ := utf8.DecodeLastRuneInString(s)
	if r == utf8.RuneError {
		return 0
	}
	return r
}

// letterWords splits s into its runs of letters.
func letterWords(f string) []string {
	return strings.FieldsFunc(f, func(r rune) bool { return !unicode.IsLetter(r) })
}

// anyWordIn reports whether one of the letter words of s (letterWords) is
// in set; s must already be in the set's case.
func anyWordIn(s string, set map[string]bool) bool {
	for _, w := range letterWords(s) {
		if set[w] {
			return true
		}
	}
	return false
}

// containsAny reports whether s holds one of subs.
func containsAny(s string, subs []string) bool {
	for _, x := range subs {
		if strings.Contains(s, x) {
			return true
		}
	}
	return false
}

// firstSep returns the one of subs that comes first in s and where it
// starts; "" and -1 when s holds none. Callers pass trimmed lines and
// separators that begin with a space or comma, so a separator is never at 0.
func firstSep(s string, subs []string) (sub string, at int) {
	at = -1
	for _, x := range subs {
		if k := strings.Index(s, x); k >= 0 && (at < 0 || k < at) {
			sub, at = x, k
		}
	}
	return sub, at
}

// firstIndexAny returns the first index of any of subs in s, or -1.
func firstIndexAny(s string, subs []string) int {
	_, at := firstSep(s, subs)
	return at
}
