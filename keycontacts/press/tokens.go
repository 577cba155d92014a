package press

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/abmsync/abmsync/internal/textfold"
)

// token is a word or a punctuation mark of running text.
type token struct {
	text       string // as written
	fold       string // lower case, umlauts as ae/oe/ue, ß as ss, accents dropped
	start, end int    // byte offsets in the text
	word       bool   // letters/digits (with inner - ' & . as in "Hans-Peter", "S.A.")
	upper      bool   // first rune is an upper-case letter
	para       bool   // a paragraph break (blank line) precedes the token
}

// fold is the comparison form of a word: textfold.Fold (case, umlaut
// spelling (ä/ae) and accents do not matter), with typographic apostrophes
// and hyphens in their ASCII form, since the tokenizer keeps them inside
// words ("O’Brien", "Hans‑Peter") and the lexicons spell them plainly.
func fold(s string) string {
	f := textfold.Fold(s)
	// All four marks are encoded starting with byte 0xE2: one fast scan
	// spares the rune-by-rune search for the common token without them.
	if strings.IndexByte(f, 0xE2) >= 0 && strings.ContainsAny(f, typographic) {
		f = strings.Map(plainPunct, f)
	}
	return f
}

// typographic are the marks fold writes plainly (see plainPunct).
const typographic = "’‘‐‑"

func plainPunct(r rune) rune {
	switch r {
	case '’', '‘':
		return '\''
	case '‐', '‑':
		return '-'
	}
	return r
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

// joiners may sit inside a word when a word rune follows: Hans-Peter,
// Bayer's, O'Brien, R&D.
func isJoiner(r rune) bool {
	return r == '-' || r == '\'' || r == '’' || r == '&' || r == '‐' || r == '‑'
}

// abbrevs are words that end with a period that does not end a sentence.
var abbrevs = foldSet(
	"Dr", "Prof", "Mag", "Dipl", "Ing", "med", "rer", "nat", "phil", "jur", "oec", "pol",
	"habil", "Mr", "Mrs", "Ms", "Messrs", "St", "Sr", "Jr", "Co", "Inc", "Ltd", "Corp",
	"Bros", "Nr", "No", "bzw", "ca", "vgl", "evtl", "ggf", "inkl", "zzgl", "usw", "sog",
	"gem", "lt", "Mio", "Mrd", "Tsd", "Abt", "Str", "Tel", "Jan", "Feb", "Mar", "Apr",
	"Jun", "Jul", "Aug", "Sep", "Sept", "Okt", "Oct", "Nov", "Dez", "Dec", "vs",
	"Univ", "ehem", "geb", "Hr", "Fr", "Hrn", "Gen", "Kfm", "Kff", "Vors", "stellv",
	"Stv", "Gf", "Mt", "Ste", "approx", "Dept", "Abs", "Art", "Bd", "Hg", "Hrsg",
)

// tokenize splits text into tokens. Periods stay with abbreviations
// ("Dr.", "Inc."), initials ("F."), dotted forms ("S.A.", "bayer.com",
// "3.5") and ordinals ("1. März"); elsewhere they are punctuation.
func tokenize(s string) []token {
	toks := make([]token, 0, len(s)/5+1)
	newlines := 0
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if unicode.IsSpace(r) {
			if r == '\n' {
				newlines++
			}
			i += n
			continue
		}
		var j int
		word := isWordRune(r)
		if word {
			j = scanWord(s, i)
		} else {
			j = i + n
			if r == '.' && strings.HasPrefix(s[i:], "...") {
				j = i + 3
			}
		}
		text := s[i:j]
		toks = append(toks, token{
			text: text, fold: fold(text), start: i, end: j, word: word,
			upper: unicode.IsUpper(r), para: newlines >= 2,
		})
		newlines = 0
		i = j
	}
	return toks
}

func scanWord(s string, i int) int {
	j, seg := i, i
	for j < len(s) {
		r, n := utf8.DecodeRuneInString(s[j:])
		switch {
		case isWordRune(r):
			j += n
			continue
		case isJoiner(r):
			if r2, _ := utf8.DecodeRuneInString(s[j+n:]); j+n < len(s) && isWordRune(r2) {
				j += n
				seg = j
				continue
			}
		case r == '.':
			if r2, _ := utf8.DecodeRuneInString(s[j+1:]); j+1 < len(s) && isWordRune(r2) {
				j++
				seg = j
				continue
			}
			w := s[seg:j]
			if abbrevs[fold(w)] || utf8.RuneCountInString(w) == 1 && !isDigits(w) || isDigits(w) && len(w) <= 2 && ordinalFollows(s[j+1:]) {
				j++
				// "Dipl.-Ing."
				if j+1 < len(s) && s[j] == '-' {
					if r2, _ := utf8.DecodeRuneInString(s[j+1:]); isWordRune(r2) {
						j++
						seg = j
						continue
					}
				}
			}
		}
		break
	}
	return j
}

// ordinalFollows reports whether the text after "12." reads like an
// ordinal: a lower-case word or a month name.
func ordinalFollows(rest string) bool {
	rest = strings.TrimLeft(rest, " \t\u00a0")
	r, _ := utf8.DecodeRuneInString(rest)
	if unicode.IsLower(r) {
		return true
	}
	end := 0
	for end < len(rest) {
		r, n := utf8.DecodeRuneInString(rest[end:])
		if !unicode.IsLetter(r) {
			break
		}
		end += n
	}
	return end > 0 && monthOf(rest[:end]) != 0
}

func isOpening(t token) bool {
	switch t.text {
	case "„", "\"", "“", "«", "»", "‚", "'", "(", "‹", "›":
		return true
	}
	return false
}

func isClosing(t token) bool {
	switch t.text {
	case "“", "”", "\"", "'", "’", "‘", "»", "«", ")", "]", "›", "‹":
		return true
	}
	return false
}

// maxSentenceTokens bounds the work per sentence; longer runs (lists,
// tables flattened to text) are cut into chunks of this size.
const maxSentenceTokens = 200

// sentences splits tokens at sentence ends (". ! ? …" followed by an
// upper-case word, a digit or an opening quote) and at paragraph breaks.
func sentences(toks []token) [][]token {
	var out [][]token
	start := 0
	emit := func(end int) {
		for end-start > maxSentenceTokens {
			out = append(out, toks[start:start+maxSentenceTokens])
			start += maxSentenceTokens
		}
		if end > start {
			out = append(out, toks[start:end])
		}
		start = end
	}
	for k := 0; k < len(toks); k++ {
		if toks[k].para && k > start {
			emit(k)
		}
		switch toks[k].text {
		case ".", "!", "?", "…", "...":
		default:
			continue
		}
		m := k + 1
		for m < len(toks) && isClosing(toks[m]) && !toks[m].para {
			m++
		}
		if m == len(toks) {
			continue
		}
		next := toks[m]
		r, _ := utf8.DecodeRuneInString(next.text)
		if next.para || next.upper || unicode.IsDigit(r) || isOpening(next) && next.text != "(" {
			emit(m)
			k = m - 1
		}
	}
	emit(len(toks))
	return out
}

func foldSet(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[fold(w)] = true
	}
	return m
}
