package people

import (
	"strings"
	"sync"

	"github.com/abmsync/abmsync/keycontacts/people/namedata"
)

// nameIndex is the folded given- and family-name vocabulary of namedata
// (a broad international list generated from registry packages, see
// namedata/doc.go). It is evidence FOR a name, never against one: a
// candidate whose words are missing is still accepted when the page
// structure says it is a person (an imprint label, a team card with a role,
// a salutation, schema.org markup); the lists let weak contexts (a lone
// bold line) tell "Frank Schaefers" from "Digitale Shared". The one list
// that speaks against a name is common, the everyday English words: a
// phrase made only of them whose first word is no given name is a heading,
// a service or a product ("Family Law", "Latest Trends", "Data Analysis").
type nameIndex struct {
	given, family, common map[string]bool
}

var (
	namesOnce sync.Once
	names     nameIndex
)

func loadNames() {
	build := func(words []string) map[string]bool {
		m := make(map[string]bool, len(words))
		for _, w := range words {
			m[fold(w)] = true
		}
		return m
	}
	names = nameIndex{given: build(namedata.GivenNames()), family: build(namedata.FamilyNames()),
		common: build(namedata.CommonEnglishWords())}
}

// isCommon reports whether the folded word is an everyday English word.
func isCommon(w string) bool {
	namesOnce.Do(loadNames)
	return names.common[w]
}

// everydayEnglish reports whether every token of core is an everyday
// English word written as a word (no initials, no digits), or everyday
// words joined by hyphens ("Board-Certified Physicians", "Long-Term
// Care").
func everydayEnglish(core []nameTok) bool {
	for _, t := range core {
		if isCommon(fold(t.raw)) {
			continue
		}
		if !strings.Contains(t.raw, "-") {
			return false
		}
		for _, part := range strings.Split(t.raw, "-") {
			if !isCommon(fold(part)) {
				return false
			}
		}
	}
	return true
}

// commonWords reports whether every one of the folded words is an
// everyday English word.
func commonWords(words []string) bool {
	for _, w := range words {
		if !isCommon(w) {
			return false
		}
	}
	return true
}

// anyCommonWord reports whether one of the folded words is an everyday
// English word.
func anyCommonWord(words []string) bool {
	for _, w := range words {
		if isCommon(w) {
			return true
		}
	}
	return false
}

// isGivenName reports whether the word is a known given name.
func isGivenName(w string) bool {
	namesOnce.Do(loadNames)
	return names.given[fold(w)]
}

// isFamilyName reports whether the word is a known family name.
func isFamilyName(w string) bool {
	namesOnce.Do(loadNames)
	return names.family[fold(w)]
}

// everyday reports whether a folded word, or its singular, is an everyday
// English word.
func everyday(w string) bool {
	return isCommon(w) || strings.HasSuffix(w, "s") && isCommon(strings.TrimSuffix(w, "s"))
}
