package people

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Profile links: a page that names its people by links to their own pages
// ("/team/greg_ramsey.php" around a portrait, "/bio/gaia-nina-marano" around
// the name). profileLinks reads the pictures that only link so, nameLinks
// marks the name lines whose link spells the name; both compare the link's
// last path segment with the name (slugSpells).

// letterRuns folds every run of letters of s, initials included
// ("Herbert J. Kessler" → herbert, j, kessler).
func letterRuns(s string) []string {
	var out []string
	for _, w := range letterWords(s) {
		out = append(out, foldLetters(w))
	}
	return out
}

// maxImgLinks bounds the image links profileLinks reads on one page.
const maxImgLinks = 2000

// imgLink is a link that holds an image, and the image.
type imgLink struct{ a, img *html.Node }

// linkImage returns the first image among a link's first eight descendants.
func linkImage(a *html.Node) *html.Node { return firstDescendant(a, atom.Img, 8) }

// firstDescendant returns the first element with the tag among n's first
// limit descendants, or nil: a bounded look into a card, so a page of
// thousands of cards is not walked once per card.
func firstDescendant(n *html.Node, tag atom.Atom, limit int) *html.Node {
	seen := 0
	for c := range n.Descendants() {
		if seen++; seen > limit {
			break
		}
		if c.Type == html.ElementNode && c.DataAtom == tag {
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
var peopleFolders = wordSet(`bio bios team people staff person personen profile profiles attorneys lawyers
	mitarbeiter mitarbeitende members leadership board faculty doctors physicians providers experts anwaelte`)

// bylineFolders are the words of a link folder of authors and speakers.
var bylineFolders = wordSet(`author authors autor autoren tag tags speaker speakers referenten category kategorie`)

// bylineFolder reports whether a link's folder holds authors' or speakers'
// pages ("/author/john-roberts", "/speakers/laura-chen").
func bylineFolder(dir string) bool { return anyWordIn(strings.ToLower(dir), bylineFolders) }

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
	return firstDescendant(n, atom.A, 6)
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
