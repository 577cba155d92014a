package people

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// corpusDir is the hand-labelled corpus in the shared folder beside the
// checkout (see ../../shared/README.md).
var corpusDir = filepath.Join("..", "..", "shared", "corpus", "web")

type labelledPage struct {
	File     string           `json:"file"`
	Kind     string           `json:"kind"`
	Language string           `json:"language"`
	Country  string           `json:"country"`
	People   []labelledPerson `json:"people"`
	Notes    string           `json:"notes"`
}

type labelledPerson struct {
	Name       string   `json:"name"`
	FamilyName string   `json:"family_name"`
	RoleText   string   `json:"role_text"`
	Function   string   `json:"function"`
	Functions  []string `json:"functions"`
	Email      string   `json:"email"`
}

// evalTokens splits a name into folded tokens without titles and
// salutations, for matching predictions to labels.
func evalTokens(s string) []string {
	var out []string
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == '-' || r == '.' || r == ',' }) {
		t := foldLetters(f)
		switch t {
		case "", "dr", "prof", "mag", "di", "ing", "dipl", "mr", "mrs", "ms", "herr", "frau", "rechtsanwalt", "mba", "phd", "msc", "bsc":
			continue
		}
		out = append(out, t)
	}
	return out
}

// evalMatch reports whether a prediction is the labelled person: same
// family name (last word, folded) and compatible first given name (equal,
// or an initial of it).
func evalMatch(l labelledPerson, p Person) bool {
	lf, pf := evalTokens(l.FamilyName), evalTokens(p.FamilyName)
	if len(pf) == 0 {
		pf = evalTokens(p.Name)
	}
	if len(lf) == 0 || len(pf) == 0 || lf[len(lf)-1] != pf[len(pf)-1] {
		return false
	}
	lg := firstGiven(evalTokens(l.Name), lf)
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

// corpusScore is the outcome of running Extract over the corpus.
type corpusScore struct {
	labelled, predicted, matched int
	roleN, roleOK                int
	emailN, emailOK, emailWrong  int
	kindN, kindOK                int
}

func (s corpusScore) precision() float64 { return ratio(s.matched, s.predicted) }
func (s corpusScore) recall() float64    { return ratio(s.matched, s.labelled) }

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

func loadCorpus(t testing.TB) []labelledPage {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(corpusDir, "labels.json"))
	if os.IsNotExist(err) {
		t.Skipf("corpus not found at %s (the shared folder beside the checkout); skipping", corpusDir)
	}
	if err != nil {
		t.Fatalf("read labels: %v", err)
	}
	var pages []labelledPage
	if err := json.Unmarshal(raw, &pages); err != nil {
		t.Fatalf("parse labels: %v", err)
	}
	return pages
}

// TestCorpus measures precision and recall of people on the hand-labelled
// corpus and fails when they fall below the floors, so a regression shows.
// Run with -v to see the per-page table and every miss.
func TestCorpus(t *testing.T) {
	pages := loadCorpus(t)
	var tot corpusScore
	t.Logf("%-14s %-10s %5s %5s %5s %7s %7s", "page", "kind", "label", "found", "match", "role", "email")
	for _, pg := range pages {
		html, err := os.ReadFile(filepath.Join(corpusDir, pg.File))
		if err != nil {
			t.Fatalf("read %s: %v", pg.File, err)
		}
		got := Extract("", html)
		var s corpusScore
		s.labelled, s.predicted = len(pg.People), len(got)
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
				misses = append(misses, "missed "+l.Name)
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
			if l.Email != "" || p.Email != "" {
				s.emailN++
				switch {
				case strings.EqualFold(l.Email, p.Email):
					s.emailOK++
				case p.Email != "":
					s.emailWrong++
					misses = append(misses, fmt.Sprintf("email of %s: want %q, got %q", l.Name, l.Email, p.Email))
				default:
					misses = append(misses, fmt.Sprintf("email of %s: want %q, got none", l.Name, l.Email))
				}
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
			if !used[k] {
				misses = append(misses, fmt.Sprintf("extra %q (%s, %s, %.2f)", p.Name, p.Source, p.RoleText, p.Confidence))
			}
		}
		t.Logf("%-14s %-10s %5d %5d %5d %3d/%-3d %3d/%-3d", filepath.Base(pg.File), pg.Kind, s.labelled, s.predicted,
			s.matched, s.roleOK, s.roleN, s.emailOK, s.emailN)
		for _, m := range misses {
			t.Logf("    %s", m)
		}
		tot.labelled += s.labelled
		tot.predicted += s.predicted
		tot.matched += s.matched
		tot.roleN += s.roleN
		tot.roleOK += s.roleOK
		tot.emailN += s.emailN
		tot.emailOK += s.emailOK
		tot.emailWrong += s.emailWrong
		tot.kindN += s.kindN
		tot.kindOK += s.kindOK
	}
	t.Logf("TOTAL people: labelled %d, found %d, matched %d: precision %.3f, recall %.3f",
		tot.labelled, tot.predicted, tot.matched, tot.precision(), tot.recall())
	t.Logf("TOTAL role_text agreement %d/%d (%.3f), e-mail %d/%d correct, %d wrong, kind %d/%d",
		tot.roleOK, tot.roleN, ratio(tot.roleOK, tot.roleN), tot.emailOK, tot.emailN, tot.emailWrong, tot.kindOK, tot.kindN)

	// Floors slightly below the measured values (doc.go has the numbers):
	// a drop below them is a regression. Page 016 names five people in a
	// YAML body the HTML does not show, so recall cannot reach 1.
	const (
		minPrecision = 0.96
		minRecall    = 0.93
		minRole      = 0.95
		minEmailOK   = 37
		minKind      = 0.97
	)
	if p := tot.precision(); p < minPrecision {
		t.Errorf("precision %.3f below floor %.3f", p, minPrecision)
	}
	if r := tot.recall(); r < minRecall {
		t.Errorf("recall %.3f below floor %.3f", r, minRecall)
	}
	if r := ratio(tot.roleOK, tot.roleN); r < minRole {
		t.Errorf("role agreement %.3f below floor %.3f", r, minRole)
	}
	if tot.emailOK < minEmailOK {
		t.Errorf("%d correct e-mail addresses, floor %d", tot.emailOK, minEmailOK)
	}
	if r := ratio(tot.kindOK, tot.kindN); r < minKind {
		t.Errorf("kind agreement %.3f below floor %.3f", r, minKind)
	}
	if tot.emailWrong > 0 {
		t.Errorf("%d e-mail addresses assigned to the wrong person", tot.emailWrong)
	}
}
