package people

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// naiveGroups is the grouping merge used before its indexes: every sighting
// is compared with every sighting of every group opened before it. It is
// the reference groupCands must agree with.
func naiveGroups(cands []cand) [][]*cand {
	sort.SliceStable(cands, func(i, j int) bool { return cands[i].order < cands[j].order })
	type grp struct {
		cands []*cand
		order int
	}
	var groups []*grp
	var bare []*cand
outer:
	for i := range cands {
		c := &cands[i]
		if c.np.given == "" && c.np.salutation {
			bare = append(bare, c)
			continue
		}
		for _, g := range groups {
			for _, o := range g.cands {
				if (foldLetters(o.np.family) == foldLetters(c.np.family) && sameName(o.np, c.np)) || sharePersonalEmail(o, c) {
					g.cands = append(g.cands, c)
					g.order = min(g.order, c.order)
					continue outer
				}
			}
		}
		groups = append(groups, &grp{cands: []*cand{c}, order: c.order})
	}
	for _, c := range bare {
		var match *grp
		n := 0
		for _, g := range groups {
			if foldLetters(g.cands[0].np.family) == foldLetters(c.np.family) {
				match, n = g, n+1
			}
		}
		if n == 1 {
			match.cands = append(match.cands, c)
			match.order = min(match.order, c.order)
			continue
		}
		groups = append(groups, &grp{cands: []*cand{c}, order: c.order})
	}
	sort.SliceStable(groups, func(i, j int) bool { return groups[i].order < groups[j].order })
	out := make([][]*cand, len(groups))
	for i, g := range groups {
		out[i] = g.cands
	}
	return out
}

// sharePersonalEmail reports whether a and b carry the same personal
// address, one that spells both names: the old way of merging by address.
func sharePersonalEmail(a, b *cand) bool {
	for _, x := range a.emails {
		if isGenericMailbox(x) {
			continue
		}
		for _, y := range b.emails {
			if strings.EqualFold(x, y) && emailMatchesName(x, a.np) && emailMatchesName(y, b.np) {
				return true
			}
		}
	}
	return false
}

// describe renders groups by the sightings' positions in cands.
func describe(cands []cand, groups [][]*cand) string {
	pos := map[*cand]int{}
	for i := range cands {
		pos[&cands[i]] = i
	}
	s := ""
	for _, g := range groups {
		s += "["
		for _, c := range g {
			s += fmt.Sprint(pos[c], " ")
		}
		s += "]"
	}
	return s
}

// TestGroupCandsMatchesNaive checks the indexed grouping against the
// reference on the sightings of every corpus page and on names built to
// reach its corners: initials before full names, names without a given
// name, shared personal addresses, hyphenated given names.
func TestGroupCandsMatchesNaive(t *testing.T) {
	t.Parallel()
	var files []string
	for _, dir := range []string{corpusDir, projectCorpusDir} {
		m, _ := filepath.Glob(filepath.Join(dir, "pages", "*.html"))
		files = append(files, m...)
	}
	if len(files) < 400 {
		t.Fatalf("found %d corpus pages, want the shared and the project corpus", len(files))
	}
	check := func(name string, cands []cand) {
		a := append([]cand(nil), cands...)
		b := append([]cand(nil), cands...)
		var got [][]*cand
		for _, g := range groupCands(a) {
			got = append(got, g.cands)
		}
		if g, w := describe(a, got), describe(b, naiveGroups(b)); g != w {
			t.Errorf("%s: groups %s, the reference %s", name, g, w)
		}
	}
	for _, f := range files {
		html, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if x := sightings("", html); x != nil {
			check(f, x.cands)
		}
	}
	np := func(given, family string, sal bool) nameParts {
		return nameParts{given: given, family: family, full: given + " " + family, salutation: sal}
	}
	corners := []cand{
		{np: np("A.", "Berg", false), order: 1},
		{np: np("Anna", "Berg", false), order: 2},
		{np: np("Anton", "Berg", false), order: 3},
		{np: np("", "Berg", true), order: 4},
		{np: np("", "Roth", true), order: 5},
		{np: np("Tom", "Roth", false), order: 6},
		{np: np("Tom", "Roth", false), order: 7, emails: []string{"tom.roth@firma.de"}},
		{np: np("Thomas", "Roth", false), order: 8, emails: []string{"Tom.Roth@firma.de"}},
		{np: np("Anna-Lena", "Berg", false), order: 9},
		{np: np("Anna Lena", "Berg", false), order: 10},
		{np: np("", "Weiss", false), order: 11},
		{np: np("Eva", "Weiss", false), order: 12},
		{np: np("von", "Weiss", true), order: 13},
		{np: np("", "", true), order: 14},
		{np: np("Info", "Team", false), order: 15, emails: []string{"info@firma.de"}},
		{np: np("Infos", "Teams", false), order: 16, emails: []string{"info@firma.de"}},
	}
	check("corners", corners)
	// Random pages drawn from a few colliding names and addresses: a
	// sighting often joins several groups at once, by name and by address,
	// and only the earliest may win.
	rng := rand.New(rand.NewPCG(1, 2))
	givens := []string{"", "A.", "Anna", "Anton", "Anna-Lena", "T.", "Tom", "Thomas", "von"}
	families := []string{"Berg", "Roth", "Berg", ""}
	mails := []string{"", "", "anna.berg@f.de", "a.berg@f.de", "berg@f.de", "tom.roth@f.de", "troth@f.de", "info@f.de"}
	for n := range 3000 {
		cands := make([]cand, 4+rng.IntN(14))
		for i := range cands {
			c := cand{np: np(givens[rng.IntN(len(givens))], families[rng.IntN(len(families))], rng.IntN(3) == 0), order: rng.IntN(30)}
			if e := mails[rng.IntN(len(mails))]; e != "" {
				c.emails = []string{e}
			}
			cands[i] = c
		}
		check(fmt.Sprint("random page ", n), cands)
	}
}

// BenchmarkGroupCandsDistinct groups 8,000 distinct names of one family,
// the case an index on the full name alone would leave quadratic.
func BenchmarkGroupCandsDistinct(b *testing.B) {
	cands := make([]cand, 8000)
	for i := range cands {
		cands[i] = cand{np: nameParts{given: fmt.Sprintf("%c%c%c", 'a'+i%26, 'a'+i/26%26, 'a'+i/676%26), family: "Berg"}, order: i}
	}
	for b.Loop() {
		groupCands(append([]cand(nil), cands...))
	}
}
