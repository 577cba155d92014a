package web

import (
	"net/url"
	"path"
	"strings"
	"unicode"
)

// Candidate kinds, in priority order.
const (
	// KindImprint is a legal notice (Impressum, imprint, Offenlegung): in
	// Germany and Austria it must name the legal representatives.
	KindImprint = "imprint"
	// KindManagement is a management, board or leadership page.
	KindManagement = "management"
	// KindTeam is a team, contact persons or organisation page.
	KindTeam = "team"
	// KindContact is a contact page.
	KindContact = "contact"
	// KindAbout is an about-us or company page.
	KindAbout = "about"
	// KindPress is a press or newsroom page.
	KindPress = "press"
	// KindNews is a news page.
	KindNews = "news"
)

// kindRules maps keywords to kinds, in priority order. Keywords are
// matched as whole words of the folded text (lower case, umlauts as ae, oe,
// ue, ss; punctuation as spaces); a trailing "*" also matches words that
// start with the keyword (German compounds).
var kindRules = []struct {
	kind  string
	words []string
}{
	{KindImprint, []string{"impressum*", "imprint", "legal notice", "site notice", "anbieterkennzeichnung",
		"offenlegung", "legal information", "corporate information"}},
	{KindManagement, []string{"management", "leadership", "vorstand*", "geschaeftsfuehrung", "geschaeftsleitung",
		"unternehmensleitung", "fuehrungsteam", "aufsichtsrat*", "board", "executive team", "executive board",
		"executives", "leitung", "management team", "direktorium", "inhaber"}},
	{KindTeam, []string{"team", "teams", "unser team", "our team", "ansprechpartner*", "ansprechpersonen",
		"mitarbeiter", "mitarbeitende", "organisation", "organization", "organigramm", "people", "our people",
		"kontaktpersonen"}},
	{KindContact, []string{"kontakt", "contact", "contact us", "kontaktieren", "get in touch"}},
	{KindAbout, []string{"ueber uns", "uber uns", "about", "about us", "unternehmen", "company", "who we are",
		"wir ueber uns", "firma", "das unternehmen", "profil", "unternehmensprofil", "corporate"}},
	{KindPress, []string{"presse*", "press", "press releases", "newsroom", "media", "medien", "pressemitteilung*"}},
	{KindNews, []string{"news", "aktuelles", "neuigkeiten", "aktuell", "meldungen"}},
}

// kindRank is the priority of a kind: lower first.
func kindRank(kind string) int {
	for i, r := range kindRules {
		if r.kind == kind {
			return i
		}
	}
	return len(kindRules)
}

// fold lower-cases s, spells umlauts out (ä→ae, ö→oe, ü→ue, ß→ss) and
// turns everything but letters and digits into single spaces, with a
// leading and trailing space so whole words match as " word ".
func fold(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteByte(' ')
	space := true
	for _, r := range strings.ToLower(s) {
		var rep string
		switch r {
		case 'ä':
			rep = "ae"
		case 'ö':
			rep = "oe"
		case 'ü':
			rep = "ue"
		case 'ß':
			rep = "ss"
		default:
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				b.WriteRune(r)
				space = false
			} else if !space {
				b.WriteByte(' ')
				space = true
			}
			continue
		}
		b.WriteString(rep)
		space = false
	}
	if !space {
		b.WriteByte(' ')
	}
	return b.String()
}

// matchKind returns the highest-priority kind whose keywords occur in the
// folded text, or "".
func matchKind(folded string) string {
	if strings.TrimSpace(folded) == "" {
		return ""
	}
	for _, r := range kindRules {
		for _, w := range r.words {
			if prefix, ok := strings.CutSuffix(w, "*"); ok {
				if strings.Contains(folded, " "+prefix) {
					return r.kind
				}
			} else if strings.Contains(folded, " "+w+" ") {
				return r.kind
			}
		}
	}
	return ""
}

// Match strengths: where the keyword was found.
const (
	strongMatch = 0 // link text or the last path segment
	weakMatch   = 1 // an earlier path segment only (e.g. /team/jobs)
)

// classify returns the kind of a link to u with the given text and how
// strong the match is. kind is "" when nothing matches.
func classify(u *url.URL, text string) (kind string, strength int) {
	segs := pathSegments(u.Path)
	best, bestRank := "", len(kindRules)
	consider := func(k string) {
		if k != "" && kindRank(k) < bestRank {
			best, bestRank = k, kindRank(k)
		}
	}
	consider(matchKind(fold(text)))
	if len(segs) > 0 {
		consider(matchKind(fold(segs[len(segs)-1])))
	}
	if best != "" {
		return best, strongMatch
	}
	for i := len(segs) - 2; i >= 0; i-- {
		consider(matchKind(fold(segs[i])))
	}
	return best, weakMatch
}

// pathSegments splits a decoded path into segments without empty ones and
// without the extension of the last (".html", ".php").
func pathSegments(p string) []string {
	var segs []string
	for s := range strings.SplitSeq(p, "/") {
		if s != "" {
			segs = append(segs, s)
		}
	}
	if n := len(segs); n > 0 {
		segs[n-1] = strings.TrimSuffix(segs[n-1], path.Ext(segs[n-1]))
	}
	return segs
}

// skipExt lists extensions of links that are never HTML pages.
var skipExt = map[string]bool{
	".pdf": true, ".jpg": true, ".jpeg": true, ".png": true, ".gif": true, ".svg": true, ".webp": true,
	".zip": true, ".gz": true, ".doc": true, ".docx": true, ".xls": true, ".xlsx": true, ".ppt": true,
	".pptx": true, ".mp4": true, ".mp3": true, ".avi": true, ".mov": true, ".xml": true, ".json": true,
	".css": true, ".js": true, ".ico": true, ".txt": true, ".csv": true, ".vcf": true, ".ics": true,
	".exe": true, ".dmg": true, ".rss": true, ".woff": true, ".woff2": true, ".ttf": true,
}

func nonHTMLExt(p string) bool { return skipExt[strings.ToLower(path.Ext(p))] }
