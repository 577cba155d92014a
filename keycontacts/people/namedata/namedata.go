package namedata

import (
	_ "embed"
	"strings"
)

//go:embed given.txt
var given string

//go:embed family.txt
var family string

// GivenNames returns the given-name words, lower case, sorted. The slice is
// new on every call; callers build their own index once.
func GivenNames() []string { return strings.Fields(given) }

// FamilyNames returns the family-name words, lower case, sorted. The slice
// is new on every call; callers build their own index once.
func FamilyNames() []string { return strings.Fields(family) }
