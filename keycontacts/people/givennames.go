package people

import (
	"sync"

	"github.com/abmsync/abmsync/keycontacts/people/namedata"
)

// nameIndex is the folded given- and family-name vocabulary of namedata
// (a broad international list generated from registry packages, see
// namedata/doc.go). It is evidence FOR a name, never against one: a
// candidate whose words are missing is still accepted when the page
// structure says it is a person (an imprint label, a team card with a role,
// a salutation, schema.org markup); the lists let weak contexts (a lone
// bold line) tell "Frank Schaefers" from "Digitale Shared".
type nameIndex struct {
	given, family map[string]bool
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
	names = nameIndex{given: build(namedata.GivenNames()), family: build(namedata.FamilyNames())}
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
