package people

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// What a page's markup says about a person, besides the text: a photo or
// profile named after them ("katharina-blackmer.jpg", alt text), and a card
// the page's classes call a team member's. Used to tell a grid of people
// from a grid of products whose names no list knows, and to keep a name
// wrapped by <br> in its heading whole (dom.go).

// personCard reports whether the card element cont of name line i shows a
// person by its markup: its photo is named after them
// ("katharina-blackmer.jpg", alt="Katharina Blackmer"; products and places
// are not photographed under a person's name), or the page calls it a team
// member's ("team-item", alt="Team Member"). A service tile's or a brand's
// picture is named after its text too, so the photo counts when a name list
// knows a word of the name, or under a heading that names people ("Board
// of Directors") when the name holds no everyday word.
func (x *extractor) personCard(i int, cont *html.Node, np nameParts) bool {
	if w := nameWords(np.given + " " + np.family); len(w) >= 2 &&
		(np.knownGiven || np.knownFam || !serviceShaped(np) && x.peopleHeading(i)) && photoSpells(cont, w) {
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
