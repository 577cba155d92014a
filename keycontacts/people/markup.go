package people

import (
	"strings"
	"unicode"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// What a page's markup says about a person, besides the text: a photo or
// profile named after them ("katharina-blackmer.jpg", alt text), and a card
// the page's classes call a team member's. Used to tell a grid of people
// from a grid of products whose names no list knows, and to keep a name
// wrapped by <br> in its heading whole (dom.go).

// personCard reports whether a card element shows a person by its markup:
// its photo is named after them ("katharina-blackmer.jpg", alt="Katharina
// Blackmer"; products and places are not photographed under a person's
// name, and one word must be a known name, since a service tile's picture
// is named after its text too), or the page calls it a team member's
// ("team-item", alt="Team Member").
func personCard(cont *html.Node, np nameParts) bool {
	if w := nameWords(np.given + " " + np.family); len(w) >= 2 && (np.knownGiven || np.knownFam) && photoSpells(cont, w) {
		return true
	}
	return teamBox(cont) || initialsBadge(cont, np)
}

// initialsBadge reports whether the card shows the person's initials as an
// avatar ("<div class="avatar">NF</div>" beside "Nick Friedrich"): templates
// draw them where a photo is missing, and only a person has initials.
func initialsBadge(cont *html.Node, np nameParts) bool {
	g, f := nameWords(np.given), nameWords(np.family)
	if len(g) == 0 || len(f) == 0 {
		return false
	}
	want := strings.ToUpper(string(firstRune(g[0])) + string(firstRune(f[len(f)-1])))
	seen := 0
	for c := range cont.Descendants() {
		if seen++; seen > 60 {
			break
		}
		if c.Type == html.TextNode && strings.TrimSpace(c.Data) == want {
			return true
		}
	}
	return false
}

// teamTokens, as whole words of a card's class or id, say the card shows a
// member of staff ("team-item", "staff-card", "mitarbeiter"). "member"
// alone is not among them: member organisations are listed in grids of
// their own; nor are words that merely contain one ("steam", "personal").
var teamTokens = map[string]bool{"team": true, "staff": true, "employee": true, "employees": true,
	"mitarbeiter": true, "mitarbeiterin": true, "headshot": true, "teammember": true, "teammitglied": true}

// personTokens are the class words that, beside "name", mark an element as
// holding a person's name ("kontakt-name", "team-member-name",
// "staff-card__name"); "product-name" or "company-name" do not.
var personTokens = map[string]bool{"kontakt": true, "contact": true, "person": true, "member": true, "team": true,
	"staff": true, "ansprechpartner": true, "mitarbeiter": true, "employee": true, "people": true}

// nameMarkup reports whether the element n is marked up as a person's name.
func nameMarkup(n *html.Node) bool {
	if n == nil || n.Type != html.ElementNode {
		return false
	}
	name, person := false, false
	for _, tok := range letterWords(strings.ToLower(attr(n, "class"))) {
		name = name || tok == "name"
		person = person || personTokens[tok]
	}
	return name && person
}

// teamAlt are the alt texts of a staff member's photo.
var teamAlt = []string{"team member", "staff member", "teammitglied", "mitarbeiter", "headshot", "portrait of"}

// teamBox reports whether the card element cont, or one of its two nearest
// ancestors, is marked up as a staff member's card, or an image in it is
// described as one ("Scaffolding Team Member").
func teamBox(cont *html.Node) bool {
	if classMarked(cont, 3, teamTokens) {
		return true
	}
	seen := 0
	for c := range cont.Descendants() {
		if seen++; seen > 60 {
			// A card holds a photo or two; a hostile page may nest
			// thousands of elements in one.
			break
		}
		if c.Type != html.ElementNode || c.DataAtom != atom.Img {
			continue
		}
		alt := strings.ToLower(attr(c, "alt"))
		for _, w := range teamAlt {
			if strings.Contains(alt, w) {
				return true
			}
		}
	}
	return false
}

// nameWords folds the words of a name for comparing them with a slug
// ("Jorge Martín Losa" → jorge, martin, losa); particles and initials are
// left out, since slugs drop them.
func nameWords(s string) []string {
	var out []string
	for _, f := range letterRuns(s) {
		if len(f) >= 2 && !particles[f] {
			out = append(out, f)
		}
	}
	return out
}

// letterRuns folds every run of letters of s, initials included
// ("Herbert J. Kessler" → herbert, j, kessler).
func letterRuns(s string) []string {
	var out []string
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) }) {
		out = append(out, foldLetters(w))
	}
	return out
}

// slugAttrs are the attributes whose values name a person's card after them:
// the photo's file name and alt text, the profile link.
var slugAttrs = [...]string{"src", "data-src", "alt", "title", "href"}

// spelledInAttrs reports whether one attribute of root or of its first
// elements below spells all of words, as a slug ("katharina-blackmer.jpg",
// "/team/jorge-martin-losa") or as alt text.
func spelledInAttrs(root *html.Node, words []string) bool {
	return spelledIn(root, words, false)
}

// photoSpells is spelledInAttrs restricted to photographs (a JPEG, WebP or
// AVIF file name, or an image's alt text): a link's address often spells
// its own text ("strategic-consultancy.html") and so does an icon's
// ("strategic-consultancy.png"), a photo's file name is chosen for who it
// shows.
func photoSpells(root *html.Node, words []string) bool {
	return spelledIn(root, words, true)
}

func spelledIn(root *html.Node, words []string, imagesOnly bool) bool {
	seen := 0
	var found bool
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if found || seen > 40 {
			return
		}
		if n.Type == html.ElementNode {
			seen++
			if !imagesOnly || n.DataAtom == atom.Img {
				for _, a := range n.Attr {
					if a.Val == "" || len(a.Val) > 300 {
						continue
					}
					for _, k := range slugAttrs {
						if a.Key == k && (!imagesOnly || a.Key == "alt" || a.Key == "title" || photoFile(a.Val)) && spellsAll(a.Val, words) {
							found = true
							return
						}
					}
				}
			}
		}
		for c := n.FirstChild; c != nil && !found && seen <= 40; c = c.NextSibling {
			walk(c)
		}
	}
	walk(root)
	return found
}

// photoFile reports whether an image address is a photograph's (JPEG, WebP,
// AVIF): icons and logos are PNG or SVG.
func photoFile(src string) bool {
	src = imagePath(src)
	for _, ext := range [...]string{".jpg", ".jpeg", ".webp", ".avif"} {
		if strings.HasSuffix(src, ext) {
			return true
		}
	}
	return false
}

// spellsAll reports whether every word is one of the folded words of v.
func spellsAll(v string, words []string) bool {
	have := nameWords(v)
	for _, w := range words {
		ok := false
		for _, h := range have {
			if h == w {
				ok = true
				break
			}
		}
		if !ok {
			return false
		}
	}
	return true
}

// maxImgLinks bounds the image links profileLinks reads on one page.
const maxImgLinks = 2000

// imgLink is a link that holds an image, and the image.
type imgLink struct{ a, img *html.Node }

// linkImage returns the first image among a link's first eight descendants.
func linkImage(a *html.Node) *html.Node {
	seen := 0
	for c := range a.Descendants() {
		if seen++; seen > 8 {
			break
		}
		if c.Type == html.ElementNode && c.DataAtom == atom.Img {
			return c
		}
	}
	return nil
}

// profileLinks finds people a page shows only as pictures linking to their
// profile pages: the link has no text, the picture's alt text is a name and
// the link's last path segment spells it ("greg_ramsey.php",
// "team/stevewood.htm"). Brands, car makes and places get such pages too
// ("/brands/hugo-boss", "/loc/costa-mesa.html"), so the pictures linking
// into one folder must read as people as a whole: two thirds of its
// distinct pictures, and at least two, are such names, and either two
// thirds of those sit in people markup ("people-holder", "team-grid") or
// they start with a known given name under a heading (or page title) that
// names people ("The Team", "Vorstand") and are not all logos (PNG, SVG).
func (x *extractor) profileLinks(links []imgLink) {
	type hit struct {
		it      listItem
		order   int
		marked  bool
		notLogo bool
	}
	hits := map[string][]hit{}               // by the folder the links point into
	pictures := map[string]map[string]bool{} // the folder's distinct link targets
	for _, l := range links {
		a, img := l.a, l.img
		a0, b0, shown := x.p.lineRange(a)
		if !shown || nodeText(a, 40) != "" {
			// Hidden or skipped markup (navigation, a collapsed copy of a
			// slide) is not read; a link with text is read as text.
			continue
		}
		alt := cleanSpace(attr(img, "alt"))
		if alt == "" || len(alt) > 80 {
			continue
		}
		dir, slug := splitLink(attr(a, "href"))
		if pictures[dir] == nil {
			pictures[dir] = map[string]bool{}
		}
		pictures[dir][slug] = true
		items := parseNameList(alt, modeLine)
		if len(items) != 1 || len(items[0].roles) > 0 {
			continue
		}
		np := items[0].np
		words := nameWords(np.given + " " + np.family)
		if np.given == "" || len(words) < 2 || !slugSpells(slug, words) {
			continue
		}
		// A picture spans no line: it belongs to the text before it (its
		// section's heading), not to the line after it.
		order := a0
		if a0 == b0 && a0 > 0 {
			order = a0 - 1
		}
		hits[dir] = append(hits[dir], hit{items[0], order, peopleMarkup(a), !logoFile(attr(img, "src"))})
	}
	for dir, hs := range hits {
		all, known, marked := map[string]bool{}, map[string]bool{}, map[string]bool{}
		photo := false
		for _, h := range hs {
			key := h.it.np.given + " " + h.it.np.family
			all[key] = true
			if h.it.np.knownGiven && x.peopleHeading(h.order) {
				known[key] = true
			}
			if h.marked {
				marked[key] = true
			}
			photo = photo || h.notLogo
		}
		n := len(pictures[dir])
		if len(all) < 2 || len(all)*3 < n*2 {
			continue
		}
		if !(len(marked)*3 >= len(all)*2 || photo && len(known)*3 >= len(all)*2) {
			continue
		}
		for _, h := range hs {
			conf := 0.6
			if h.it.np.knownGiven {
				conf += 0.1
			}
			ci := x.add(h.it, nil, SourceProfileLink, conf, -1)
			x.cands[ci].order = h.order
		}
	}
}

// logoFile reports whether an image address is a logo's or an icon's (PNG,
// SVG): brand grids show logos, people are shown in photographs (or, on
// old sites, in GIF buttons).
func logoFile(src string) bool {
	src = imagePath(src)
	return strings.HasSuffix(src, ".png") || strings.HasSuffix(src, ".svg")
}

// imagePath is an image address in lower case without its query or
// fragment.
func imagePath(src string) string {
	return withoutQuery(strings.ToLower(src))
}

// withoutQuery cuts an address's query and fragment.
func withoutQuery(href string) string {
	if k := strings.IndexAny(href, "?#"); k >= 0 {
		return href[:k]
	}
	return href
}

// peopleTokens, as whole words of a class or id, mark a list of people
// (besides teamTokens: "people-holder", "personen-liste").
var peopleTokens = map[string]bool{"people": true, "person": true, "persons": true, "personen": true, "menschen": true}

// peopleMarkup reports whether a link or one of its three nearest
// ancestors (the card, the list item, the list) is marked up as a list of
// people or a staff member's card; a page-wide wrapper further up
// ("page-team") says nothing about one grid.
func peopleMarkup(n *html.Node) bool {
	return classMarked(n, 4, teamTokens, peopleTokens)
}

// classMarked reports whether n or one of its depth-1 nearest ancestors has
// a class or id word in one of the sets.
func classMarked(n *html.Node, depth int, sets ...map[string]bool) bool {
	for up := 0; n != nil && n.Type == html.ElementNode && up < depth; up++ {
		for _, tok := range classTokens(n) {
			for _, set := range sets {
				if set[tok] {
					return true
				}
			}
		}
		n = n.Parent
	}
	return false
}

// classTokens returns the lower-case words of an element's class and id.
func classTokens(n *html.Node) []string {
	return letterWords(strings.ToLower(attr(n, "class") + " " + attr(n, "id")))
}

// splitLink splits a link's address into its folder and the last path
// segment without its extension ("/team/greg_ramsey.php" → "/team",
// "greg_ramsey"; "/people/anna-berg/" → "/people", "anna-berg").
func splitLink(href string) (dir, slug string) {
	href = strings.TrimRight(withoutQuery(href), "/")
	slug = href
	if k := strings.LastIndexByte(href, '/'); k >= 0 {
		dir, slug = href[:k], href[k+1:]
	}
	if k := strings.LastIndexByte(slug, '.'); k > 0 {
		slug = slug[:k]
	}
	return dir, slug
}

// nameLinks marks the name lines whose one name is the text of a link to a
// page whose address spells it ("/team/anna-berg", "/bio/gaia-nina-marano"),
// when two or more name lines link so into the same folder: a directory of
// people's profile pages. One such link alone may be a blog's author page.
func (x *extractor) nameLinks() {
	x.profileLinked = make([]bool, len(x.p.lines))
	dirs := make([]string, len(x.p.lines))
	count := map[string]int{}
	for i, items := range x.lineItems {
		if len(items) != 1 || x.p.lines[i].node == nil {
			continue
		}
		np := items[0].np
		words := nameWords(np.given + " " + np.family)
		if np.given == "" || len(words) < 2 || commonWords(words) {
			continue
		}
		a := lineLink(x.p.lines[i].node)
		if a == nil || externalLink(a, x.p.host) {
			continue
		}
		dir, slug := splitLink(attr(a, "href"))
		if bylineFolder(dir) || !slugSpells(slug, words) && !slugSpells(slug, letterRuns(np.given+" "+np.family)) && !slugStartsName(slug, words) {
			// Some slugs keep the initials: "herbert-j-kessler". A blog's
			// author pages and a conference's speakers are other people.
			continue
		}
		if !np.knownGiven && (!np.knownFam && !peopleFolder(dir) && !x.peopleHeading(i) || anyCommonWord(nameWords(np.given))) {
			// Service and product pages are named and linked alike
			// ("/balloon-sinuplasty", "/enterprise-ai-strategy"): a name
			// no list knows needs a folder or a section of people, and no
			// everyday word in it.
			continue
		}
		dirs[i] = "/" + dir
		count[dirs[i]]++
	}
	for i, d := range dirs {
		x.profileLinked[i] = d != "" && count[d] >= 2
	}
}

// peopleFolders are the words of a link folder that holds people's pages.
var peopleFolders = map[string]bool{"bio": true, "bios": true, "team": true, "people": true, "staff": true,
	"person": true, "personen": true, "profile": true, "profiles": true, "attorneys": true, "lawyers": true,
	"mitarbeiter": true, "mitarbeitende": true, "members": true, "leadership": true, "board": true,
	"faculty": true, "doctors": true, "physicians": true, "providers": true, "experts": true, "anwaelte": true}

// bylineFolders are the words of a link folder of authors and speakers.
var bylineFolders = map[string]bool{"author": true, "authors": true, "autor": true, "autoren": true, "tag": true,
	"tags": true, "speaker": true, "speakers": true, "referenten": true, "category": true, "kategorie": true}

// bylineFolder reports whether a link's folder holds authors' or speakers'
// pages ("/author/john-roberts", "/speakers/laura-chen").
func bylineFolder(dir string) bool {
	for _, w := range letterWords(strings.ToLower(dir)) {
		if bylineFolders[w] {
			return true
		}
	}
	return false
}

// peopleFolder reports whether a link's folder names people's pages
// ("/it/chi-siamo/bio", "/about/team").
func peopleFolder(dir string) bool {
	for _, w := range letterWords(strings.ToLower(dir)) {
		if peopleFolders[foldLetters(w)] {
			return true
		}
	}
	return false
}

// lineLink returns the link of a name line: the line's element itself, an
// ancestor up to three levels (a card's link around its photo and name
// heading), or among its first few descendants.
func lineLink(n *html.Node) *html.Node {
	for up, c := 0, n; c != nil && c.Type == html.ElementNode && up < 4; up, c = up+1, c.Parent {
		if c.DataAtom == atom.A {
			return c
		}
	}
	seen := 0
	for c := range n.Descendants() {
		if seen++; seen > 6 {
			break
		}
		if c.Type == html.ElementNode && c.DataAtom == atom.A {
			return c
		}
	}
	return nil
}

// slugStartsName reports whether a slug is the name's first two or more
// words run together ("julio-aguado" for Julio Aguado Arrabé): a double
// family name is often cut in an address.
func slugStartsName(slug string, words []string) bool {
	slug = foldLetters(slug)
	for k := len(words) - 1; k >= 2; k-- {
		if slug == strings.Join(words[:k], "") {
			return true
		}
	}
	return false
}

// slugSpells reports whether a link's last path segment (splitLink) is the
// name's words run together in order, or in reverse order ("berg-anna").
func slugSpells(slug string, words []string) bool {
	slug = foldLetters(slug)
	if slug == "" {
		return false
	}
	fwd, rev := strings.Join(words, ""), ""
	for i := len(words) - 1; i >= 0; i-- {
		rev += words[i]
	}
	return slug == fwd || slug == rev
}
