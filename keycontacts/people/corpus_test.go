package people

import (
	"encoding/json"
	"errors"
	"fmt"
	stdhtml "html"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/abmsync/abmsync/keycontacts/roles"
)

// Two hand-labelled corpora measure the extractor:
//
//   - the shared one beside the checkout (../shared/corpus/web, 23 pages),
//     from which the first rules were written;
//   - the project's own (testdata/corpus, see its README.md), split once by
//     site into "dev" pages, which rules may be written from, and
//     "validation" pages, which only the scoring tests read.
var (
	corpusDir        = filepath.Join("..", "..", "..", "shared", "corpus", "web")
	projectCorpusDir = filepath.Join("testdata", "corpus")
)

type labelledPage struct {
	File     string `json:"file"`
	Repo     string `json:"repo"`
	Kind     string `json:"kind"`
	Language string `json:"language"`
	Country  string `json:"country"`
	OrgType  string `json:"org_type"`
	Split    string `json:"split"`
	// Round is the labelling round that added the page ("" for the first
	// 200 pages, "2" … "7" for those added after the rules of the round
	// before were written): a later round's validation pages are the least
	// selected measure.
	Round     string           `json:"round"`
	People    []labelledPerson `json:"people"`
	NotPeople []notPerson      `json:"not_people"`
	Notes     string           `json:"notes"`
}

type labelledPerson struct {
	Name       string   `json:"name"`
	FamilyName string   `json:"family_name"`
	RoleText   string   `json:"role_text"`
	Function   string   `json:"function"`
	Functions  []string `json:"functions"`
	Email      string   `json:"email"`
}

// notPerson is a name on the page that is not a key contact of the page's
// organisation: a former office holder, someone of another organisation, an
// organisation or product that looks like a name.
type notPerson struct {
	Text string `json:"text"`
	Why  string `json:"why"`
}

// neutral reports whether finding this not-person counts neither way: a
// credited outside photographer is a real person named on the page, just
// not the organisation's, and the measurements outside the project count
// them neither way. Every other not-person found is a false positive.
func (n notPerson) neutral() bool {
	return strings.Contains(n.Why, "photographer") || strings.Contains(n.Why, "neither way")
}

// evalTokens splits a name into folded tokens without titles and
// salutations, for matching predictions to labels.
func evalTokens(s string) []string {
	var out []string
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == '-' || r == '.' || r == ',' }) {
		t := foldLetters(f)
		switch t {
		case "", "dr", "prof", "mag", "di", "ing", "dipl", "mr", "mrs", "ms", "herr", "frau", "rechtsanwalt", "mba", "phd", "msc", "bsc", "med", "rer", "nat", "jur", "oec", "pol", "phil", "habil", "jr", "sr", "iii", "ii",
			"rev", "revd", "senator", "hon", "lt", "lieut", "capt", "cpt", "sgt", "maj", "cmdr", "md", "do", "esq", "llm", "stb", "ra", "rain", "lic", "iur", "mgr", "kons", "pract", "fmh", "bc", "avv", "dott", "arch", "geom":
			continue
		}
		out = append(out, t)
	}
	return out
}

// evalMatch reports whether a prediction is the labelled person: same
// family name (last word, folded) and compatible first given name (equal,
// or an initial of it, or absent on either side).
func evalMatch(l labelledPerson, p Person) bool {
	return evalMatchName(l.Name, l.FamilyName, p)
}

func evalMatchName(name, family string, p Person) bool {
	lf, pf := evalTokens(family), evalTokens(p.FamilyName)
	if len(lf) == 0 {
		lf = evalTokens(name)
	}
	if len(pf) == 0 {
		pf = evalTokens(p.Name)
	}
	if len(lf) == 0 || len(pf) == 0 || lf[len(lf)-1] != pf[len(pf)-1] {
		return false
	}
	lg := firstGiven(evalTokens(name), lf)
	pg := firstGiven(evalTokens(p.Name), pf)
	if lg == "" || pg == "" || lg == pg {
		return true
	}
	return (len(lg) == 1 || len(pg) == 1) && lg[0] == pg[0]
}

func firstGiven(name, family []string) string {
	fam := map[string]bool{}
	for _, f := range family {
		fam[f] = true
	}
	for _, t := range name {
		if !fam[t] {
			return t
		}
	}
	return ""
}

// evalRoleAgree reports whether any role segment of the label and of the
// prediction contain one another.
func evalRoleAgree(label, pred string) bool {
	for _, a := range strings.Split(label, ";") {
		fa := foldLetters(a)
		if fa == "" {
			continue
		}
		for _, b := range strings.Split(pred, ";") {
			fb := foldLetters(b)
			if fb != "" && (strings.Contains(fa, fb) || strings.Contains(fb, fa)) {
				return true
			}
		}
	}
	return false
}

// predictedFunction is the function abmsync gives a found person, as
// `abmsync extract` prints it: the role text classified in the
// organisation type the page states, the kind for the two non-buyer kinds,
// and "other" when the page gave no role.
func predictedFunction(p Person) string {
	if p.RoleText != "" {
		return string(roles.ClassifyIn(p.RoleText, p.OrgType).Function)
	}
	if p.Kind != "" {
		return p.Kind
	}
	return string(roles.FunctionOther)
}

// tally counts one page's or one group's outcome.
type tally struct {
	pages                          int
	labelled, predicted, matched   int
	falsePeople                    int // found names the page lists as not key contacts
	roleN, roleOK                  int
	fnN, fnOK                      int
	emailPred, emailOK, emailWrong int
	emailInvented                  int // found addresses the page does not contain
	kindN, kindOK                  int
	// Function where the found role text agrees with the label's (how the
	// classifier reads roles that were found right), and people found
	// without a role, counted right when labelled other (the default's
	// share of the function score).
	fnAgreeN, fnAgreeOK int
	noRole, noRoleOther int
}

func (s *tally) add(o tally) {
	s.pages += o.pages
	s.labelled += o.labelled
	s.predicted += o.predicted
	s.matched += o.matched
	s.falsePeople += o.falsePeople
	s.roleN += o.roleN
	s.roleOK += o.roleOK
	s.fnN += o.fnN
	s.fnOK += o.fnOK
	s.emailPred += o.emailPred
	s.emailOK += o.emailOK
	s.emailWrong += o.emailWrong
	s.emailInvented += o.emailInvented
	s.kindN += o.kindN
	s.kindOK += o.kindOK
	s.fnAgreeN += o.fnAgreeN
	s.fnAgreeOK += o.fnAgreeOK
	s.noRole += o.noRole
	s.noRoleOther += o.noRoleOther
}

func (s tally) precision() float64 { return ratio(s.matched, s.predicted) }
func (s tally) recall() float64    { return ratio(s.matched, s.labelled) }
func (s tally) function() float64  { return ratio(s.fnOK, s.fnN) }

// emailPrecision is the share of found addresses that are the labelled one;
// 1 when none were found.
func (s tally) emailPrecision() float64 {
	if s.emailPred == 0 {
		return 1
	}
	return ratio(s.emailOK, s.emailPred)
}

func (s tally) String() string {
	return fmt.Sprintf("pages %3d people %4d found %4d matched %4d  P %.3f  R %.3f  function %.3f (%d/%d)  e-mail P %.3f (%d/%d, %d invented)  role %d/%d  function|role agrees %d/%d  no role %d (%d labelled other)",
		s.pages, s.labelled, s.predicted, s.matched, s.precision(), s.recall(), s.function(), s.fnOK, s.fnN,
		s.emailPrecision(), s.emailOK, s.emailPred, s.emailInvented, s.roleOK, s.roleN, s.fnAgreeOK, s.fnAgreeN,
		s.noRole, s.noRoleOther)
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// loadLabels reads dir/labels.json. The shared corpus lives beside the
// checkout, not in it: without it the test skips; the project corpus is
// part of the repository and must be there.
func loadLabels(t testing.TB, dir string) []labelledPage {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(dir, "labels.json"))
	if errors.Is(err, os.ErrNotExist) && dir == corpusDir {
		t.Skipf("corpus not found at %s; skipping", dir)
	}
	if err != nil {
		t.Fatalf("read labels: %v", err)
	}
	var pages []labelledPage
	if err := json.Unmarshal(raw, &pages); err != nil {
		t.Fatalf("parse labels %s: %v", dir, err)
	}
	return pages
}

// scorePage runs Extract on one page and compares it with the labels.
func scorePage(pg labelledPage, html []byte) (tally, []string) {
	got := Extract("", html)
	// A person the page names by given name only ("Karen", "Nurse Niamh")
	// cannot be matched or written to a CRM; they count neither way.
	var ppl []labelledPerson
	for _, l := range pg.People {
		if len(evalTokens(l.FamilyName)) == 0 {
			pg.NotPeople = append(pg.NotPeople, notPerson{Text: l.Name, Why: "given name only: neither way"})
			continue
		}
		ppl = append(ppl, l)
	}
	pg.People = ppl
	s := tally{pages: 1, labelled: len(pg.People), predicted: len(got)}
	lowerPage := strings.ToLower(stdhtml.UnescapeString(string(html)))
	used := make([]bool, len(got))
	var misses []string
	for _, l := range pg.People {
		hit := -1
		for k, p := range got {
			if !used[k] && evalMatch(l, p) {
				hit = k
				break
			}
		}
		if hit < 0 {
			misses = append(misses, fmt.Sprintf("missed %s (%s)", l.Name, l.RoleText))
			continue
		}
		used[hit] = true
		s.matched++
		p := got[hit]
		if l.RoleText != "" {
			s.roleN++
			if evalRoleAgree(l.RoleText, p.RoleText) {
				s.roleOK++
			} else {
				misses = append(misses, fmt.Sprintf("role of %s: want %q, got %q", l.Name, l.RoleText, p.RoleText))
			}
		}
		if l.Function != "" {
			s.fnN++
			fn := predictedFunction(p)
			ok := fn == l.Function
			for _, f := range l.Functions {
				ok = ok || fn == f
			}
			switch {
			case p.RoleText == "" && p.Kind == "":
				s.noRole++
				if ok {
					s.noRoleOther++
				}
			case l.RoleText != "" && evalRoleAgree(l.RoleText, p.RoleText):
				s.fnAgreeN++
				if ok {
					s.fnAgreeOK++
				}
			}
			if ok {
				s.fnOK++
			} else {
				misses = append(misses, fmt.Sprintf("function of %s: want %s, got %s (role %q)", l.Name, l.Function, fn, p.RoleText))
			}
		}
		if p.Email != "" {
			s.emailPred++
			switch {
			case strings.EqualFold(l.Email, p.Email):
				s.emailOK++
			default:
				s.emailWrong++
				misses = append(misses, fmt.Sprintf("email of %s: want %q, got %q", l.Name, l.Email, p.Email))
			}
		} else if l.Email != "" {
			misses = append(misses, fmt.Sprintf("email of %s: want %q, got none", l.Name, l.Email))
		}
		wantKind := ""
		if l.Function == KindEditorialResponsible || l.Function == KindDataProtection {
			wantKind = l.Function
		}
		s.kindN++
		if p.Kind == wantKind {
			s.kindOK++
		} else {
			misses = append(misses, fmt.Sprintf("kind of %s: want %q, got %q", l.Name, wantKind, p.Kind))
		}
	}
	for k, p := range got {
		if p.Email != "" && !emailOnPage(lowerPage, p.Email) && !labelledEmail(pg, p.Email) {
			s.emailInvented++
			misses = append(misses, fmt.Sprintf("invented e-mail %q for %s", p.Email, p.Name))
		}
		if used[k] {
			continue
		}
		neutral, known := false, false
		for _, n := range pg.NotPeople {
			if evalMatchName(n.Text, "", p) {
				known, neutral = true, n.neutral()
				break
			}
		}
		switch {
		case neutral:
			// Counts neither way.
			s.predicted--
		case known:
			s.falsePeople++
			misses = append(misses, fmt.Sprintf("not a key contact %q (%s, %s)", p.Name, p.Source, p.RoleText))
		default:
			misses = append(misses, fmt.Sprintf("extra %q (%s, %s, %.2f)", p.Name, p.Source, p.RoleText, p.Confidence))
		}
	}
	return s, misses
}

// labelledEmail reports whether a reader found the address on the page
// (de-obfuscated from script or entities, which emailOnPage cannot see).
func labelledEmail(pg labelledPage, email string) bool {
	for _, l := range pg.People {
		if strings.EqualFold(l.Email, email) {
			return true
		}
	}
	return false
}

// emailOnPage reports whether the page contains the address, or its local
// part and domain (obfuscated forms such as "name(at)firma.de").
func emailOnPage(lowerPage, email string) bool {
	e := strings.ToLower(email)
	if strings.Contains(lowerPage, e) {
		return true
	}
	local, domain, ok := strings.Cut(e, "@")
	if !ok {
		return false
	}
	host, _, _ := strings.Cut(domain, ".")
	return strings.Contains(lowerPage, local) && strings.Contains(lowerPage, host)
}

// corpusResult is the outcome of scoring a set of pages.
type corpusResult struct {
	total  tally
	groups map[string]*tally // "kind=team", "lang=de", "country=AT"
}

// scoreCorpus scores the pages of dir that keep selects; transform, when
// set, rewrites each page and its labels first (the name swap). With
// verbose, every page's line and miss is logged.
func scoreCorpus(t testing.TB, dir string, pages []labelledPage, keep func(labelledPage) bool,
	transform func(labelledPage, []byte) (labelledPage, []byte), verbose bool) corpusResult {
	t.Helper()
	res := corpusResult{groups: map[string]*tally{}}
	for _, pg := range pages {
		if keep != nil && !keep(pg) {
			continue
		}
		html, err := os.ReadFile(filepath.Join(dir, pg.File))
		if err != nil {
			t.Fatalf("read %s: %v", pg.File, err)
		}
		if transform != nil {
			pg, html = transform(pg, html)
		}
		s, misses := scorePage(pg, html)
		res.total.add(s)
		round := pg.Round
		if round == "" {
			round = "1"
		}
		for _, g := range []string{"kind=" + pg.Kind, "lang=" + pg.Language, "country=" + pg.Country, "round=" + round} {
			if res.groups[g] == nil {
				res.groups[g] = &tally{}
			}
			res.groups[g].add(s)
		}
		if verbose {
			t.Logf("%-22s %-10s %-3s label %3d found %3d match %3d", pg.File, pg.Kind, pg.Language, s.labelled, s.predicted, s.matched)
			for _, m := range misses {
				t.Logf("    %s", m)
			}
		}
	}
	return res
}

func (r corpusResult) log(t testing.TB, name string) {
	t.Helper()
	t.Logf("%s TOTAL  %s", name, r.total)
	keys := make([]string, 0, len(r.groups))
	for k := range r.groups {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		t.Logf("%s %-14s %s", name, k, *r.groups[k])
	}
}

// floors are the least a corpus must score; a drop below them is a
// regression. They sit a little below the measured values (README
// "Key contacts from the public web" has the numbers).
type floors struct {
	precision, recall, function, emailPrecision float64
	maxInvented                                 int
}

// Floors of the project corpus (see TestCorpusDev, TestCorpusValidation)
// and the largest recall drop the name swap may cause.
var (
	// Measured on all 729 pages (rounds 1-11) on 2026-12-07, at the end of
	// the session that added round 11: dev 0.962 / 0.910 / 0.886,
	// validation 0.903 / 0.786 / 0.794 (the code of that session's start:
	// dev 0.929 / 0.877 / 0.883, validation 0.902 / 0.777 / 0.793). Round
	// 11's 24 validation pages took validation recall from 0.795 to 0.777
	// with the code before that round's rules (their recall: 0.602, after
	// the rules 0.651). The floors sit a little under today's values.
	devFloors        = floors{precision: 0.95, recall: 0.90, function: 0.88, emailPrecision: 0.95}
	validationFloors = floors{precision: 0.885, recall: 0.78, function: 0.785, emailPrecision: 0.975}
	// The goal, checked on validation and the shared corpus; the drops
	// measured are in the README.
	maxSwapDrop = 0.03
	// Dev holds pages the goal was missed on and kept as they are: round
	// 10 added a school's staff tables (72 people, each name beside a rank
	// abbreviation such as "StRin/GS"), found by their known names alone,
	// which takes 0.016 of dev's drop of 0.036.
	maxSwapDropDev = 0.04
)

func (f floors) check(t *testing.T, name string, s tally) {
	t.Helper()
	if p := s.precision(); p < f.precision {
		t.Errorf("%s: precision %.3f below floor %.3f", name, p, f.precision)
	}
	if r := s.recall(); r < f.recall {
		t.Errorf("%s: recall %.3f below floor %.3f", name, r, f.recall)
	}
	if fn := s.function(); fn < f.function {
		t.Errorf("%s: function accuracy %.3f below floor %.3f", name, fn, f.function)
	}
	if e := s.emailPrecision(); e < f.emailPrecision {
		t.Errorf("%s: e-mail precision %.3f below floor %.3f", name, e, f.emailPrecision)
	}
	if s.emailInvented > f.maxInvented {
		t.Errorf("%s: %d invented e-mail addresses, at most %d allowed", name, s.emailInvented, f.maxInvented)
	}
}

// TestCorpus scores the shared corpus (the pages the first rules were
// written from). Run with -v to see the per-page table and every miss.
func TestCorpus(t *testing.T) {
	pages := loadLabels(t, corpusDir)
	res := scoreCorpus(t, corpusDir, pages, nil, nil, testing.Verbose())
	res.log(t, "shared")
	// Page 016 names five people in a YAML body the HTML does not show, so
	// recall cannot reach 1.
	floors{precision: 0.96, recall: 0.93, function: 0.90, emailPrecision: 0.97}.check(t, "shared", res.total)
	if r := ratio(res.total.roleOK, res.total.roleN); r < 0.95 {
		t.Errorf("role agreement %.3f below floor 0.95", r)
	}
	if r := ratio(res.total.kindOK, res.total.kindN); r < 0.97 {
		t.Errorf("kind agreement %.3f below floor 0.97", r)
	}
}

func split(name string) func(labelledPage) bool {
	return func(p labelledPage) bool { return p.Split == name }
}

// TestCorpusDev scores the project corpus's dev pages, the ones rules may
// be written from.
func TestCorpusDev(t *testing.T) {
	pages := loadLabels(t, projectCorpusDir)
	res := scoreCorpus(t, projectCorpusDir, pages, split("dev"), nil, testing.Verbose())
	res.log(t, "dev")
	devFloors.check(t, "dev", res.total)
}

// TestCorpusValidation scores the validation pages: never read to write a
// rule, only scored here. The goal is precision ≥ 0.95, recall ≥ 0.90,
// function ≥ 0.90 and no invented e-mail; the floors record what is
// reached today.
func TestCorpusValidation(t *testing.T) {
	pages := loadLabels(t, projectCorpusDir)
	res := scoreCorpus(t, projectCorpusDir, pages, split("validation"), nil, testing.Verbose())
	res.log(t, "validation")
	validationFloors.check(t, "validation", res.total)
}

// TestCorpusNameSwap replaces every labelled given name, on the page and
// in its labels, with one from another culture, and scores again: recall
// must not depend on knowing the name (the drop is the robustness number).
func TestCorpusNameSwap(t *testing.T) {
	if len(swapNames) < 30 {
		t.Fatalf("only %d swap names are unknown to the name lists; add more", len(swapNames))
	}
	pages := loadLabels(t, projectCorpusDir)
	for _, set := range []string{"dev", "validation"} {
		plain := scoreCorpus(t, projectCorpusDir, pages, split(set), nil, false)
		swapped := scoreCorpus(t, projectCorpusDir, pages, split(set), swapGivenNames, testing.Verbose())
		drop := plain.total.recall() - swapped.total.recall()
		t.Logf("%s: recall %.3f, after the name swap %.3f (drop %.3f); precision %.3f → %.3f",
			set, plain.total.recall(), swapped.total.recall(), drop, plain.total.precision(), swapped.total.precision())
		limit := maxSwapDrop
		if set == "dev" {
			limit = maxSwapDropDev
		}
		if drop > limit {
			t.Errorf("%s: the name swap drops recall by %.3f, more than %.3f", set, drop, limit)
		}
	}
}

// TestCorpusNameSwapShared is the name swap on the shared corpus.
func TestCorpusNameSwapShared(t *testing.T) {
	shared := loadLabels(t, corpusDir)
	plain := scoreCorpus(t, corpusDir, shared, nil, nil, false)
	swapped := scoreCorpus(t, corpusDir, shared, nil, swapGivenNames, testing.Verbose())
	drop := plain.total.recall() - swapped.total.recall()
	t.Logf("shared: recall %.3f, after the name swap %.3f (drop %.3f)", plain.total.recall(), swapped.total.recall(), drop)
	if drop > maxSwapDrop {
		t.Errorf("shared: the name swap drops recall by %.3f, more than %.3f", drop, maxSwapDrop)
	}
}

// TestCorpusLabels checks the labels themselves: every page exists, is
// split, and contains every labelled family name, and the people of a page
// are not also listed as not key contacts.
func TestCorpusLabels(t *testing.T) {
	pages := loadLabels(t, projectCorpusDir)
	sites := map[string]string{}
	for _, pg := range pages {
		html, err := os.ReadFile(filepath.Join(projectCorpusDir, pg.File))
		if err != nil {
			t.Errorf("%s: %v", pg.File, err)
			continue
		}
		if pg.Split != "dev" && pg.Split != "validation" {
			t.Errorf("%s: split %q, want dev or validation", pg.File, pg.Split)
		}
		if prev, ok := sites[pg.Repo]; ok && prev != pg.Split {
			t.Errorf("%s: site %s is in both splits", pg.File, pg.Repo)
		}
		sites[pg.Repo] = pg.Split
		// Entities decoded: "Akg&uuml;l" is "Akgül" on the page.
		text := foldLetters(stdhtml.UnescapeString(string(html)))
		for _, l := range pg.People {
			fam := evalTokens(l.FamilyName)
			if len(fam) == 0 {
				// Named by given name only: scored neither way.
				continue
			}
			if !strings.Contains(text, fam[len(fam)-1]) {
				t.Errorf("%s: family name of %q not on the page", pg.File, l.Name)
			}
			if !validFunction(l.Function) {
				t.Errorf("%s: %q has function %q", pg.File, l.Name, l.Function)
			}
		}
	}
}

func validFunction(f string) bool {
	switch f {
	case "executive", "board", "supervisory_board", "procurement", "sales", "marketing", "engineering",
		"production", "quality", "it", "finance", "legal", "assistant", "editorial_responsible",
		"data_protection", "owner", "other":
		return true
	}
	return false
}
