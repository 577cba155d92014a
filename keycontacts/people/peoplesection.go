package people

import "strings"

// What a section heading or the page title says about the people under it:
// a team, its staff, a board. The readers that find people from markup or
// prose alone (profileLinks, nameLinks, personCard's portraits, bioOpeners)
// ask it before they trust a list.

// peopleWords, as words of a heading or a page title, say that it is about
// people: a team, its staff, a board.
// "People" alone is not among them ("What people say" heads testimonials);
// "Our people" is a phrase.
var peopleWords = wordSet(`team teams staff employees leadership management board directors trustees
	committee officers mitarbeiter mitarbeiterinnen vorstand vorstandschaft geschäftsleitung geschäftsführung
	ansprechpartner attorneys lawyers solicitors faculty`)

// peoplePhrases say the same as peopleWords in several words.
var peoplePhrases = []string{"who we are", "about us", "meet the", "meet our", "our people", "unsere mitarbeiter", "über uns", "ueber uns"}

// peopleHeading reports whether the section heading above line i (name
// headings skipped), or the page's title, names people ("The Team", "Board
// of Directors", "Vorstand", "Who we are").
func (x *extractor) peopleHeading(i int) bool {
	for j := min(i, len(x.p.lines)-1); j >= 0 && j >= i-40; j-- {
		if x.p.lines[j].heading > 0 && !x.personLine[j] && x.p.lines[j].text != "" {
			// A person's name heading is a card's, not the section's; an
			// empty one (the rest of a heading cut by <br>) is neither.
			if namesPeople(x.p.lines[j].text) {
				return true
			}
			break
		}
	}
	return x.titlePeople
}

// namesPeople reports whether a heading or title names people.
func namesPeople(s string) bool {
	for _, w := range letterWords(s) {
		if peopleWords[fold(w)] {
			return true
		}
	}
	low := strings.ToLower(s)
	for _, ph := range peoplePhrases {
		if strings.Contains(low, ph) {
			return true
		}
	}
	return false
}
