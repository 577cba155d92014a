package web

import (
	"net/url"
	"path"
	"slices"
	"strings"
	"unicode"

	"github.com/abmsync/abmsync/internal/textfold"
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
	// KindHome is a home page: the site's own (FetchPages returns it with
	// Depth 0) or a language variant's ("/en/", "/de/index.html"), which
	// small companies use to name their managing directors and which link
	// to that language's imprint.
	KindHome = "home"
	// KindPress is a press or newsroom page.
	KindPress = "press"
	// KindNews is a news or blog page.
	KindNews = "news"
	// KindOther is another page a small site's home page links to whose
	// link names no people-page keyword (a FAQ, a volunteer page): read
	// last, when the page budget allows.
	KindOther = "other"
)

// kindOrder is the priority of the kinds, highest first.
var kindOrder = []string{KindImprint, KindManagement, KindTeam, KindContact, KindAbout, KindHome, KindPress, KindNews, KindOther}

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
		"wir ueber uns", "firma", "das unternehmen", "profil", "unternehmensprofil", "corporate",
		"wir stellen uns vor", "stellen uns vor"}},
	{KindPress, []string{"presse*", "press", "press releases", "newsroom", "media", "medien", "pressemitteilung*"}},
	{KindNews, []string{"news", "aktuelles", "neuigkeiten", "aktuell", "meldungen", "blog"}},
}

// notPeopleWords are words of links to pages that rarely name anyone of
// the organisation worth a page of the budget: job ads and career pages
// (whose link text often says "team": "Werde Teil unseres Teams",
// "Softwareentwickler (m/w/d)"), privacy, terms and cookie pages, shop and
// account pages. Matched like kindRules' keywords.
var notPeopleWords = []string{
	"job*", "karriere*", "career*", "stellenangebot*", "stellenanzeige*", "stellenausschreibung*",
	"stellenmarkt", "stellenboerse", "offene stelle", "offene stellen", "freie stellen", "vacanc*",
	"bewerb*", "hiring", "werkstudent*", "praktik*", "ausbildung*", "azubi*", "teil unseres teams",
	"teil des teams", "join our team", "join the team", "join us", "m w d", "w m d", "m f d", "m w x",
	"d m w", "f m d", "m f x", "all genders",
	"datenschutz*", "privacy", "data protection", "cookie*", "agb", "terms", "nutzungsbedingungen",
	"disclaimer", "haftungsausschluss", "barrierefreiheit", "accessibility", "widerruf*",
	"login", "anmelden", "registrieren", "warenkorb", "cart", "checkout", "suche", "search", "sitemap",
	"newsletter", "download*",
}

// langHomes are path segments that name a language variant of a site
// ("/en/", "/de-ch/"): ISO 639-1 codes of the languages company sites are
// commonly published in (and "cz", which Czech sites use), and their
// spelled-out names.
var langHomes = map[string]bool{
	"en": true, "de": true, "fr": true, "it": true, "es": true, "nl": true, "pt": true, "pl": true,
	"cs": true, "cz": true, "sk": true, "hu": true, "ro": true, "bg": true, "hr": true, "sl": true,
	"sr": true, "el": true, "tr": true, "ru": true, "uk": true, "da": true, "sv": true, "no": true,
	"nb": true, "fi": true, "et": true, "lv": true, "lt": true, "zh": true, "ja": true, "ko": true,
	"ar": true, "he": true, "english": true, "deutsch": true, "german": true, "francais": true,
	"french": true, "italiano": true, "espanol": true,
}

// kindRank is the priority of a kind: lower first.
func kindRank(kind string) int {
	if i := slices.Index(kindOrder, kind); i >= 0 {
		return i
	}
	return len(kindOrder)
}

// fold lower-cases s, spells umlauts out (ä→ae, ö→oe, ü→ue, ß→ss, by
// textfold.Umlauts: the word lists are German and English, where only
// umlauts have a second spelling) and turns everything but letters and
// digits into single spaces, with a leading and trailing space so whole
// words match as " word ".
func fold(s string) string {
	s = textfold.Umlauts(s)
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteByte(' ')
	space := true
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
			space = false
		} else if !space {
			b.WriteByte(' ')
			space = true
		}
	}
	if !space {
		b.WriteByte(' ')
	}
	return b.String()
}

// matchKind returns the highest-priority kind whose keywords occur in the
// folded text, or "".
func matchKind(folded string) string {
	for _, r := range kindRules {
		if matchWords(folded, r.words) {
			return r.kind
		}
	}
	return ""
}

// matchWords reports whether one of words occurs in the folded text as a
// whole word or phrase; a trailing "*" also matches words that start with
// the keyword.
func matchWords(folded string, words []string) bool {
	if strings.TrimSpace(folded) == "" {
		return false
	}
	for _, w := range words {
		if prefix, ok := strings.CutSuffix(w, "*"); ok {
			if strings.Contains(folded, " "+prefix) {
				return true
			}
		} else if strings.Contains(folded, " "+w+" ") {
			return true
		}
	}
	return false
}

// Match strengths: where the keyword was found.
const (
	strongMatch = 0 // link text or the last path segment
	weakMatch   = 1 // an earlier path segment only (e.g. /team/jobs)
)

// classify returns the kind of a link to u with the given text and how
// strong the match is. kind is "" when nothing matches or the link leads to
// a page that rarely names people (see notPeople).
func classify(u *url.URL, text string) (kind string, strength int) {
	if notPeople(u, text) {
		return "", weakMatch
	}
	segs := pathSegments(u.Path)
	best, bestRank := "", len(kindOrder)
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
	if len(segs) == 1 && isLangSegment(segs[0]) {
		return KindHome, strongMatch
	}
	for i := len(segs) - 2; i >= 0; i-- {
		consider(matchKind(fold(segs[i])))
	}
	return best, weakMatch
}

// isLangSegment reports a path segment that names a language variant:
// one of langHomes, or such a language code with a region ("en-us",
// "de_CH").
func isLangSegment(seg string) bool {
	seg = strings.ToLower(strings.ReplaceAll(seg, "_", "-"))
	if langHomes[seg] {
		return true
	}
	lang, region, ok := strings.Cut(seg, "-")
	if !ok || len(lang) != 2 || len(region) != 2 || !langHomes[lang] {
		return false
	}
	for _, r := range region {
		if r < 'a' || r > 'z' {
			return false
		}
	}
	return true
}

// notPeople reports a link to a job ad, career, privacy, terms, shop or
// account page (notPeopleWords in its text or last path segment), unless
// the link also names the imprint ("Impressum & Datenschutz").
func notPeople(u *url.URL, text string) bool {
	ft := fold(text)
	var last string
	if segs := pathSegments(u.Path); len(segs) > 0 {
		last = fold(segs[len(segs)-1])
	}
	if !matchWords(ft, notPeopleWords) && !matchWords(last, notPeopleWords) {
		return false
	}
	return matchKind(ft) != KindImprint && matchKind(last) != KindImprint
}

// pathSegments splits a decoded path into segments without empty ones,
// without the extension of the last (".html", ".php") and without a last
// directory index file ("index.html", "default.aspx"), which stands for
// its folder.
func pathSegments(p string) []string {
	var segs []string
	for s := range strings.SplitSeq(p, "/") {
		if s != "" {
			segs = append(segs, s)
		}
	}
	if n := len(segs); n > 0 {
		ext := path.Ext(segs[n-1])
		segs[n-1] = strings.TrimSuffix(segs[n-1], ext)
		if ext != "" && isIndexName(segs[n-1]) {
			segs = segs[:n-1]
		}
	}
	return segs
}

// isIndexName reports the base name (without extension) of a directory
// index file.
func isIndexName(base string) bool {
	return strings.EqualFold(base, "index") || strings.EqualFold(base, "default")
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
