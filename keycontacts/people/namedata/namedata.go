package namedata

import (
	_ "embed"
	"strings"
)

//go:embed given.txt
var given string

//go:embed family.txt
var family string

//go:embed common-en.txt
var commonEnglish string

// GivenNames returns the given-name words, lower case, sorted. The slice is
// new on every call; callers build their own index once.
func GivenNames() []string { return strings.Fields(given) }

// FamilyNames returns the family-name words, lower case, sorted. The slice
// is new on every call; callers build their own index once.
func FamilyNames() []string { return strings.Fields(family) }

// CommonEnglishWords returns everyday English words (SCOWL sizes 10-35,
// lower case, letters only), sorted. The slice is new on every call.
func CommonEnglishWords() []string { return strings.Fields(commonEnglish) }
