package roles

import (
	"html"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/abmsync/abmsync/internal/textfold"
)

// maxTitleBytes caps the part of a title that is classified. Real titles are
// well under 200 bytes; CRM fields sometimes hold whole paragraphs, and the
// start of such a field is where the role is.
const maxTitleBytes = 512

// titleMarks maps the white space, invisible characters and typographic
// punctuation of titles copied from web pages and CRM exports to their plain
// form, so the rules see one spelling of "Sales – DACH" or "Leiter·in".
// Letters are folded by textfold (ä → ae, é → e) after this map.
var titleMarks = map[rune]string{
	'\u00a0': " ", '\u2002': " ", '\u2003': " ", '\u2009': " ", '\u202f': " ",
	'\u00ad': "", '\u200b': "", '\u200c': "", '\u200d': "", '\ufeff': "",
	'\u2010': "-", '\u2011': "-", '\u2012': "-", '\u2013': "-", '\u2014': "-", '\u2015': "-", '\u2212': "-",
	'\u2018': "'", '\u2019': "'", '\u201a': "'", '\u201c': "\"", '\u201d': "\"", '\u201e': "\"",
	'\u00b7': " ", '\u2022': " ", '\uff06': "&",
	// ſ folds to s under (?i) but is not lower-cased to it; the pre-check of
	// rule patterns (see filtered) relies on plain lower case.
	'ſ': "s",
}

var (
	// "(m/w/d)", "(w/m/d)", "(gn*)", "(all genders)": job-ad noise.
	reGenderParen = regexp.MustCompile(`\(\s*(?:[mwfdx]\s*[/|,]\s*){1,3}[mwfdx]\s*\)|\(\s*(?:gn|all genders|alle geschlechter)\s*\*?\s*\)`)
	// "Mitarbeiter(in)", "Kaufmännische(r)".
	reGenderInParen = regexp.MustCompile(`([a-z]{2,})\((?:innen|in|r|n)\)`)
	// "Geschäftsführer/in", "Leiter:in", "Einkäufer*in", "Leiter/-in",
	// "Referent_innen". The character after the suffix must not continue a
	// word, so "Einkauf/Innendienst" and "Sales/In-house" stay intact.
	reGenderSlashIn = regexp.MustCompile(`([a-z]{3,})\s?[/*:_]\s?-?(?:innen|in)($|[^a-z0-9&-])`)
	// "Kaufmännische/r", "Technische:r": only after an adjective ending in
	// -e, so "Einkauf/R&D" is not mistaken for a gender form.
	reGenderSlashR = regexp.MustCompile(`([a-z]{2,}e)\s?[/*:_]\s?-?(?:r|n)($|[^a-z0-9&-])`)
	// "Vice President" is one title, not "President": fold it to "vp" before
	// the rules see it, so no rule has to exclude the "vice".
	reVicePresident = regexp.MustCompile(`\bvice[- ]?president(?:in)?\b`)
	reSeniorVP      = regexp.MustCompile(`\bsenior vp\b`)
	reExecutiveVP   = regexp.MustCompile(`\bexecutive vp\b`)
	// Academic degrees are a person's, not the job's: "Dipl.-Ing." would
	// otherwise read as engineering.
	reDegree = regexp.MustCompile(`^(?:dr|prof|mag|mmag|dipl|di|ing|dkfm|bakk|mba|msc|bsc|phd|rer|nat|med|phil|jur|oec|techn|h\.c|ll\.m|m\.sc|b\.sc|ph\.d|m\.a|b\.a|\(fh\)|\(tu\)|\(th\))(?:[.\-][a-z.()\-]*)?\.?,?$`)
	reSpaces = regexp.MustCompile(`\s+`)
	// "Board-certified nephrologist" names a qualification, not a board.
	// "Member at Large" is a board seat, not a member employed at "Large".
	titlePhrases = strings.NewReplacer("board-certified", "certified", "board certified", "certified",
		"at large", "at-large")
)

// normalize turns a job title into the text the rules match: lower case,
// umlauts and accents spelled in ASCII (ä → ae, ß → ss, é → e), gender
// suffixes and job-ad markers removed ("Leiter:in" → "leiter"), academic
// degrees dropped, "vice president" folded to "vp", a trailing employer
// ("…, Alpenpharma GmbH", "… at Novartis", "… bei Bayer") cut off, and
// whitespace collapsed.
func normalize(title string) string {
	if len(title) > maxTitleBytes {
		title = title[:maxTitleBytes]
		for !utf8.ValidString(title) {
			title = title[:len(title)-1]
		}
	}
	if strings.ContainsRune(title, '&') {
		title = html.UnescapeString(title) // "R&amp;D" from CRM exports
	}
	title = strings.ToLower(title)
	title = titlePhrases.Replace(title)

	var b strings.Builder
	b.Grow(len(title) + 8)
	for _, r := range title {
		if r < utf8.RuneSelf {
			if r < 0x20 { // tab, line breaks and other control characters
				r = ' '
			}
			b.WriteByte(byte(r))
			continue
		}
		if r == '\u0308' { // combining diaeresis: "a\u0308" is "ä"
			b.WriteByte('e')
			continue
		}
		if s, ok := titleMarks[r]; ok {
			b.WriteString(s)
			continue
		}
		if s, ok := textfold.Letter(r); ok {
			b.WriteString(s)
			continue
		}
		if r == utf8.RuneError {
			b.WriteByte(' ')
			continue
		}
		b.WriteRune(r)
	}
	s := b.String()

	s = reGenderParen.ReplaceAllString(s, " ")
	s = reGenderInParen.ReplaceAllString(s, "$1")
	s = reGenderSlashIn.ReplaceAllString(s, "$1$2")
	s = reGenderSlashR.ReplaceAllString(s, "$1$2")
	s = reVicePresident.ReplaceAllString(s, "vp")
	s = reSeniorVP.ReplaceAllString(s, "svp")
	s = reExecutiveVP.ReplaceAllString(s, "evp")

	// Degrees first, on whitespace-separated words, so "(FH)" is still one.
	toks := tokenize(strings.Join(dropDegrees(strings.Fields(s)), " "))
	toks = stripEmployer(toks)
	toks = tidy(toks)
	return joinTokens(toks)
}

// tokenize splits on whitespace after giving separators tokens of their own,
// so "einkauf, alpenpharma gmbh" is [einkauf , alpenpharma gmbh].
func tokenize(s string) []string {
	var b strings.Builder
	b.Grow(len(s) + 16)
	for _, r := range s {
		switch r {
		case ',', ';', '|', '(', ')', '@', '[', ']':
			b.WriteByte(' ')
			b.WriteRune(r)
			b.WriteByte(' ')
		default:
			b.WriteRune(r)
		}
	}
	return strings.Fields(b.String())
}

func dropDegrees(toks []string) []string {
	out := toks[:0]
	for _, t := range toks {
		if reDegree.MatchString(t) {
			continue
		}
		out = append(out, t)
	}
	return out
}

// separators end a segment of a title: what follows is another role, a
// department or the employer.
func isSeparator(t string) bool {
	switch t {
	case ",", ";", "|", "(", ")", "[", "]", "-", "/", "&", "+", "und", "and":
		return true
	}
	return false
}

// employerPrepositions introduce the employer: "Leiterin QA der Alpenpharma
// GmbH", "Head of QA at Sandoz". "of" and "for" are not among them because
// "Head of" and "Director for" are part of titles.
func isEmployerPreposition(t string) bool {
	switch t {
	case "der", "des", "dem", "von", "vom", "bei", "at", "@":
		return true
	}
	return false
}

// legalForms are company-form suffixes. A token is read as one only at the
// end of a segment (or before "& co."), so "ab" in "ab 2024" or "se" inside a
// phrase are left alone.
var legalForms = map[string]bool{
	"gmbh": true, "gesmbh": true, "ges.m.b.h.": true, "ges.m.b.h": true, "mbh": true,
	"ag": true, "kg": true, "kgaa": true, "ohg": true, "og": true, "keg": true, "gbr": true,
	"ug": true, "se": true, "e.v.": true, "e.v": true, "ev": true, "eg": true, "e.g.": true,
	"inc": true, "inc.": true, "ltd": true, "ltd.": true, "limited": true, "llc": true,
	"plc": true, "corp": true, "corp.": true, "corporation": true, "co": true, "co.": true,
	"s.a.": true, "sa": true, "n.v.": true, "nv": true, "b.v.": true, "bv": true,
	"s.p.a.": true, "spa": true, "s.r.l.": true, "srl": true, "sarl": true, "s.a.r.l.": true,
	"a/s": true, "as": true, "oy": true, "ab": true, "pty": true, "lp": true, "llp": true,
	"haftungsbeschraenkt": true, "holding": true,
}

// stripEmployer removes the employer from a title: "leiter einkauf ,
// alpenpharma gmbh" → "leiter einkauf ,"; "head of qa at sandoz" → "head of
// qa at". Company names are free text and often contain words the rules
// would read ("Alpen Technik GmbH", "Pharma Engineering AG"); the role is
// what comes before them.
func stripEmployer(toks []string) []string {
	drop := make([]bool, len(toks))
	segEnd := func(i int) int { // index of the first separator at or after i
		for ; i < len(toks); i++ {
			switch toks[i] {
			case ",", ";", "|", "(", ")", "[", "]":
				return i
			}
		}
		return len(toks)
	}
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		switch {
		case t == "@" || t == "at":
			// English "at X" and "@ X" name the employer up to the segment end.
			if i > 0 && i+1 < len(toks) {
				for j := i + 1; j < segEnd(i+1); j++ {
					drop[j] = true
				}
			}
		case t == "bei":
			// "bei Bayer" names the employer; "bei der Geschäftsführung" is part
			// of the role.
			if i > 0 && i+1 < len(toks) {
				switch toks[i+1] {
				case "der", "dem", "des", "den", "die", "einem", "einer":
				default:
					for j := i + 1; j < segEnd(i+1); j++ {
						drop[j] = true
					}
				}
			}
		case legalForms[strings.TrimRight(t, ",")] && i > 0:
			// The legal form must close its segment, possibly after more legal
			// tokens ("gmbh & co. kg").
			end := i
			for end+1 < len(toks) && (legalForms[toks[end+1]] || toks[end+1] == "&" || toks[end+1] == "(" || toks[end+1] == ")") {
				end++
			}
			if end+1 < len(toks) && !isSeparator(toks[end+1]) && !isEmployerPreposition(toks[end+1]) {
				continue
			}
			if isSeparator(toks[i-1]) || isEmployerPreposition(toks[i-1]) {
				continue // "… , ag" has no name before it: not a company
			}
			// Walk back over the company name to the nearest separator or
			// employer preposition, at most six words.
			start := -1
			for k := i - 1; k >= 0 && i-k <= 6; k-- {
				if isSeparator(toks[k]) || isEmployerPreposition(toks[k]) {
					start = k + 1
					break
				}
				if k == 0 && end+1 < len(toks) {
					// The title starts with the company: "Alpenpharma GmbH – Leiter Einkauf".
					start = 0
				}
			}
			if start < 0 {
				// No boundary: take only the word right before the legal
				// form, the least that can be a company name.
				start = i - 1
			}
			for j := start; j <= end; j++ {
				drop[j] = true
			}
			i = end
		}
	}
	out := make([]string, 0, len(toks))
	for i, t := range toks {
		if !drop[i] {
			out = append(out, t)
		}
	}
	return out
}

// dangling words lose their meaning when what followed them was cut.
func isDangling(t string) bool {
	return isEmployerPreposition(t) || t == "of" || t == "for" || t == "the" || t == "fuer" || t == "in" || t == "-" || t == "&" || t == "/" || t == "und" || t == "and"
}

// tidy removes separators at the start and end and dangling prepositions in
// front of a separator.
func tidy(toks []string) []string {
	for changed := true; changed; {
		changed = false
		out := toks[:0]
		for i, t := range toks {
			last := i == len(toks)-1
			nextSep := !last && (toks[i+1] == "," || toks[i+1] == ";" || toks[i+1] == "|" || toks[i+1] == ")")
			if isDangling(t) && (last || nextSep) {
				changed = true
				continue
			}
			if (t == "," || t == ";" || t == "|") && (len(out) == 0 || last || out[len(out)-1] == "," || out[len(out)-1] == ";" || out[len(out)-1] == "|") {
				changed = true
				continue
			}
			if t == "(" && !last && toks[i+1] == ")" {
				changed = true
				continue
			}
			if t == ")" && len(out) > 0 && out[len(out)-1] == "(" {
				out = out[:len(out)-1]
				changed = true
				continue
			}
			out = append(out, t)
		}
		toks = out
		// Leading separators and dashes.
		for len(toks) > 0 && (toks[0] == "," || toks[0] == ";" || toks[0] == "|" || toks[0] == "-" || toks[0] == "&" || toks[0] == "/") {
			toks = toks[1:]
			changed = true
		}
	}
	return toks
}

// joinTokens puts the tokens back together, with separators written the way
// rules expect them ("a, b" rather than "a , b").
func joinTokens(toks []string) string {
	var b strings.Builder
	for i, t := range toks {
		if i > 0 {
			switch {
			case t == "," || t == ";" || t == ")" || t == "]":
			case toks[i-1] == "(" || toks[i-1] == "[":
			default:
				b.WriteByte(' ')
			}
		}
		b.WriteString(t)
	}
	return reSpaces.ReplaceAllString(strings.TrimSpace(b.String()), " ")
}

// expandPattern makes a rule pattern match the normalized text however the
// title spelled its umlauts: "ä" outside a character class becomes
// (?:ae|a), so "geschäftsführer" matches "geschaeftsfuehrer" as well as the
// careless "geschaftsfuhrer"; "ß" becomes "ss". Inside a character class an
// umlaut becomes its base letter, the nearest one-rune equivalent. Other
// accented letters are spelled as normalize spells them in the title
// (textfold.Letter: "ředitel" → "reditel", "satış" → "satis"), so a
// configured pattern written with them still matches.
func expandPattern(p string) string {
	var b strings.Builder
	b.Grow(len(p) + 16)
	inClass, escaped := false, false
	for _, r := range p {
		if escaped {
			b.WriteRune(r)
			escaped = false
			continue
		}
		switch r {
		case '\\':
			escaped = true
			b.WriteRune(r)
			continue
		case '[':
			inClass = true
		case ']':
			inClass = false
		}
		var base, full string
		switch r {
		case 'ä', 'Ä':
			base, full = "a", "ae"
		case 'ö', 'Ö':
			base, full = "o", "oe"
		case 'ü', 'Ü':
			base, full = "u", "ue"
		case 'ß', 'ẞ':
			base, full = "s", "ss"
		default:
			// A two-letter spelling (æ → ae) cannot stand for one rune
			// inside a class; such a letter stays as written there.
			if rep, ok := textfold.Letter(unicode.ToLower(r)); ok && (!inClass || len(rep) == 1) {
				b.WriteString(rep)
			} else {
				b.WriteRune(r)
			}
			continue
		}
		switch {
		case inClass:
			b.WriteString(base)
		case full == "ss":
			b.WriteString("ss")
		default:
			b.WriteString("(?:" + full + "|" + base + ")")
		}
	}
	return b.String()
}
