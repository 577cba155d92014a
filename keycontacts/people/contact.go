package people

import (
	"encoding/hex"
	"net/url"
	"regexp"
	"strings"
	"unicode"
)

var (
	reEmail     = regexp.MustCompile(`(?i)[a-z0-9][a-z0-9._%+\-]{0,63}@(?:[a-z0-9](?:[a-z0-9\-]{0,62}[a-z0-9])?\.)+[a-z]{2,24}`)
	reEmailFull = regexp.MustCompile(`(?i)^[a-z0-9][a-z0-9._%+\-]{0,63}@(?:[a-z0-9](?:[a-z0-9\-]{0,62}[a-z0-9])?\.)+[a-z]{2,24}$`)
	// Obfuscations people type to fool harvesters: "name (at) firma.de",
	// "name [at] firma [dot] de", "name(ät)firma(punkt)de", "name @ firma.de".
	reObfAt  = regexp.MustCompile(`(?i)\s*[\(\[\{<]\s*(?:at|ät|@|a|et)\s*[\)\]\}>]\s*|\s+@\s+|\s*\(@\)\s*`)
	reObfDot = regexp.MustCompile(`(?i)\s*[\(\[\{<]\s*(?:dot|punkt|\.)\s*[\)\]\}>]\s*`)
	// "name at firma dot de" only with an explicit "dot": plain " at " is
	// English prose.
	reObfWords = regexp.MustCompile(`(?i)\b([a-z0-9][a-z0-9._%+\-]*)\s+(?:at|ät)\s+([a-z0-9\-]+(?:\s+(?:dot|punkt)\s+[a-z0-9\-]+)+)\b`)
	reWordDot  = regexp.MustCompile(`(?i)\s+(?:dot|punkt)\s+`)
)

// emailsInText finds the e-mail addresses written in s, undoing the usual
// obfuscations. It only ever returns addresses that are written out on the
// page: it never completes a pattern.
func emailsInText(s string) []string {
	if s == "" {
		return nil
	}
	low := strings.ToLower(s)
	if !strings.Contains(s, "@") && !containsAny(low, obfMarkers) &&
		!(strings.Contains(low, " at ") && (strings.Contains(low, " dot ") || strings.Contains(low, " punkt "))) {
		return nil
	}
	t := s
	if strings.ContainsAny(s, "([{<") || strings.Contains(s, " @ ") {
		t = reObfAt.ReplaceAllString(t, "@")
		t = reObfDot.ReplaceAllString(t, ".")
	}
	if strings.Contains(low, " dot ") || strings.Contains(low, " punkt ") {
		t = reObfWords.ReplaceAllStringFunc(t, func(m string) string {
			sm := reObfWords.FindStringSubmatch(m)
			return sm[1] + "@" + reWordDot.ReplaceAllString(sm[2], ".")
		})
	}
	var out []string
	for _, m := range reEmail.FindAllString(t, 8) {
		m = strings.TrimRight(m, ".-")
		if validEmail(m) && !contains(out, m) {
			out = append(out, m)
		}
	}
	return out
}

// obfMarkers are the written-out at-signs of obfuscated addresses.
var obfMarkers = []string{"(at", "[at", "{at", "<at", "(ät", "[ät", "(a)", "[a]", "(@)", "( at", "[ at"}

// validEmail rejects strings that match the address pattern but are file
// names or version strings ("logo@2x.png").
func validEmail(e string) bool {
	if !reEmailFull.MatchString(e) {
		return false
	}
	at := strings.LastIndexByte(e, '@')
	local, dom := e[:at], strings.ToLower(e[at+1:])
	if strings.HasPrefix(local, ".") || strings.HasSuffix(local, ".") || strings.Contains(local, "..") {
		return false
	}
	tld := dom[strings.LastIndexByte(dom, '.')+1:]
	switch tld {
	case "png", "jpg", "jpeg", "gif", "svg", "webp", "css", "js", "html", "php":
		return false
	}
	return true
}

// parseMailto returns the first address of a mailto: URL without its query
// ("mailto:a@x.de?cc=b@x.de" is a@x.de).
func parseMailto(href string) string {
	s := strings.TrimSpace(href)
	s = s[len("mailto:"):]
	s = strings.TrimLeft(s, "/")
	if i := strings.IndexByte(s, '?'); i >= 0 {
		s = s[:i]
	}
	if u, err := url.PathUnescape(s); err == nil {
		s = u
	}
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' }) {
		part = strings.TrimSpace(part)
		if i := strings.IndexByte(part, '<'); i >= 0 && strings.HasSuffix(part, ">") {
			part = part[i+1 : len(part)-1]
		}
		if validEmail(part) {
			return part
		}
	}
	return ""
}

// decodeCFEmail undoes Cloudflare's e-mail protection: a hex string whose
// first byte is the XOR key of the rest.
func decodeCFEmail(h string) string {
	h = strings.TrimSpace(h)
	if len(h) < 4 || len(h) > 512 || len(h)%2 != 0 {
		return ""
	}
	b, err := hex.DecodeString(h)
	if err != nil {
		return ""
	}
	key := b[0]
	out := make([]byte, len(b)-1)
	for i, c := range b[1:] {
		out[i] = c ^ key
	}
	e := string(out)
	if !validEmail(e) {
		return ""
	}
	return e
}

var (
	// A phone number as people write it: "+49 (0)30 / 28 47 10 22",
	// "061 327 40 42", "+49(0)5531 9342-50".
	rePhone = regexp.MustCompile(`\+?\(?\d[\d \t()\-/.–]{4,24}\d`)
	// A label before a number; "Telefax" and "Fax" are not phones.
	rePhoneLabel = regexp.MustCompile(`(?i)(?:tel(?:efon)?|phone|fon|mobil(?:e|telefon)?|handy|mob|cell|direkt|direct|durchwahl|t)\.?\s*(?:[:/\-]|\s)\s*$`)
)

// phonesInText finds phone numbers in a line: after a phone label, or a
// line that is nothing but a number (the card in which an icon is the label).
func phonesInText(s string) []string {
	if digitCount(s) < 6 {
		// normalizePhone keeps no number of fewer than six digits.
		return nil
	}
	var out []string
	for _, m := range rePhone.FindAllStringIndex(s, 6) {
		// Look for the label in the few characters before the number.
		pre := s[max(0, m[0]-24):m[0]]
		loc := rePhoneLabel.FindStringIndex(pre)
		if loc == nil {
			continue
		}
		if start := m[0] - len(pre) + loc[0]; start > 0 {
			// The label must start a word: "Hotel 12345678" has no phone.
			if r := lastRune(s[:start]); unicode.IsLetter(r) || unicode.IsDigit(r) {
				continue
			}
		}
		if ph := normalizePhone(s[m[0]:m[1]]); ph != "" && !contains(out, ph) {
			out = append(out, ph)
		}
	}
	if len(out) == 0 {
		t := strings.TrimSpace(s)
		// An unlabelled number must look dialable (leading + or 0, or
		// grouped), so VAT, register and GISA numbers are not phones.
		if m := rePhone.FindStringIndex(t); m != nil && m[0] <= 2 && m[1] >= len(t)-1 &&
			strings.IndexFunc(t[:m[0]], func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) < 0 &&
			(t[m[0]] == '+' || t[m[0]] == '0' || t[m[0]] == '(' || strings.ContainsAny(t[m[0]:m[1]], " -/")) {
			if ph := normalizePhone(t[m[0]:m[1]]); ph != "" {
				out = append(out, ph)
			}
		}
	}
	return out
}

// digitCount returns the number of ASCII digits in s.
func digitCount(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			n++
		}
	}
	return n
}

// normalizePhone cleans a number lightly: spaces collapsed, dashes unified,
// trailing punctuation cut. Numbers with fewer than 6 or more than 16 digits
// are postcodes, dates or register numbers.
func normalizePhone(s string) string {
	s = strings.ReplaceAll(s, "–", "-")
	s = cleanSpace(s)
	s = strings.TrimRight(s, " -/.(")
	digits := 0
	for _, r := range s {
		if unicode.IsDigit(r) {
			digits++
		}
	}
	if digits < 6 || digits > 16 {
		return ""
	}
	if strings.Count(s, "(") != strings.Count(s, ")") {
		s = strings.TrimLeft(s, "(")
		if strings.Count(s, "(") != strings.Count(s, ")") {
			return ""
		}
	}
	return s
}

// phoneFromTel prefers the number as written in the link text and falls back
// to the tel: URL.
func phoneFromTel(href, text string) string {
	if ph := normalizePhone(text); ph != "" && rePhone.MatchString(text) && len(text) < 40 {
		if m := rePhone.FindString(text); m != "" {
			return normalizePhone(m)
		}
	}
	s := href[strings.IndexByte(href, ':')+1:]
	if u, err := url.PathUnescape(s); err == nil {
		s = u
	}
	s = strings.TrimLeft(s, "/")
	if m := rePhone.FindString(s); m != "" {
		return normalizePhone(m)
	}
	return ""
}

var reLinkedIn = regexp.MustCompile(`(?i)^(?:https?:)?//(?:[a-z]{2,3}\.|www\.)?linkedin\.com/in/([^/?#\s]+)`)

// linkedInProfile returns the canonical URL of a linkedin.com/in/ profile
// link, or "" for any other link (company pages, shares, posts).
func linkedInProfile(href string) string {
	m := reLinkedIn.FindStringSubmatch(strings.TrimSpace(href))
	if m == nil {
		return ""
	}
	return "https://www.linkedin.com/in/" + m[1]
}

// isGenericMailbox reports whether an address belongs to a function, not a
// person (info@, office@, team@).
func isGenericMailbox(e string) bool {
	at := strings.IndexByte(e, '@')
	if at <= 0 {
		return true
	}
	return genericMailboxes[strings.ToLower(e[:at])]
}

// emailMatchesName reports whether the local part of e spells a part of the
// person's name ("marc.tuescher@" for Marc Tüscher, "padams@" for Adams).
func emailMatchesName(e string, np nameParts) bool {
	local, ok := emailLocal(e)
	if !ok {
		return false
	}
	fam := foldLetters(np.family)
	if len(fam) >= 3 && strings.Contains(local, fam) {
		return true
	}
	for _, g := range givenParts(np.given) {
		if len(g) >= 3 && strings.Contains(local, g) {
			return true
		}
	}
	// Last word of a multi-word family name ("zur Nedden").
	if f := strings.Fields(np.family); len(f) > 1 {
		if l := foldLetters(f[len(f)-1]); len(l) >= 3 && strings.Contains(local, l) {
			return true
		}
	}
	return false
}

func contains(xs []string, s string) bool {
	for _, x := range xs {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}

// emailLocal is the local part of address e, folded to letters and digits
// ("Anna.Huber@…" → "annahuber"), the key both name tests compare.
func emailLocal(e string) (string, bool) {
	at := strings.IndexByte(e, '@')
	if at <= 0 {
		return "", false
	}
	return foldLetters(e[:at]), true
}
