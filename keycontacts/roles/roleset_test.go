package roles

import (
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strings"
	"testing"
)

// roleSetFile holds role texts as real web pages write them for a named
// person (no names kept), each with its page's repository, path and commit
// and a function labelled from the corpus guide by helpers who never saw
// the classifier (testdata/ROLESET.md). It measures the classifier on
// titles its rules were not written from.
const roleSetFile = "testdata/roleset.json"

type roleSetRow struct {
	Repo      string     `json:"repo"`
	Path      string     `json:"path"`
	Commit    string     `json:"commit"`
	OrgType   string     `json:"org_type"`
	OrgLegal  string     `json:"org_legal"`
	Language  string     `json:"language"`
	Country   string     `json:"country"`
	PageKind  string     `json:"page_kind"`
	RoleText  string     `json:"role_text"`
	Function  Function   `json:"function"`
	Functions []Function `json:"functions"`
	Split     string     `json:"split"`
	Round     string     `json:"round"`
}

// roleSetSplit is the corpus's split rule, by site: validation when the
// first byte of SHA-256(repo) is below 0x66, else dev.
func roleSetSplit(repo string) string {
	if sha256.Sum256([]byte(repo))[0] < 0x66 {
		return "validation"
	}
	return "dev"
}

// orgOf maps the labelled organisation to the classifier's OrgType, as the
// extractor would read it from the page: associations and public bodies by
// their type, companies by a legal form.
func orgOf(r roleSetRow) OrgType {
	switch r.OrgType {
	case "association":
		return OrgAssociation
	}
	if legalForm(r.OrgLegal) {
		return OrgCompany
	}
	return OrgUnknown
}

// legalForm is the helpers' labelled legal form read as a company. It is
// narrower than normalize.go's legalForms on purpose ("Corporation", "GbR",
// "AB" are not in it): the published role-set scores were measured with
// this list, and widening it would move 19 rows to OrgCompany.
func legalForm(s string) bool {
	switch strings.ToLower(strings.Trim(s, " .")) {
	case "gmbh", "ag", "se", "kg", "gmbh & co. kg", "ohg", "ug", "ltd", "llc", "inc", "plc", "corp", "sa", "sarl", "bv", "nv", "pty ltd", "gmbh & co kg", "kgaa", "limited", "co":
		return true
	}
	return false
}

type roleTally struct{ n, exact, anyOf int }

func (t roleTally) String() string {
	if t.n == 0 {
		return "0 titles"
	}
	return fmt.Sprintf("%d titles: function %.3f (%d), any labelled function %.3f (%d)",
		t.n, float64(t.exact)/float64(t.n), t.exact, float64(t.anyOf)/float64(t.n), t.anyOf)
}

func loadRoleSet(t *testing.T) []roleSetRow {
	t.Helper()
	data, err := os.ReadFile(roleSetFile)
	if err != nil {
		t.Fatal(err)
	}
	var rows []roleSetRow
	if err := json.Unmarshal(data, &rows); err != nil {
		t.Fatalf("parse %s: %v", roleSetFile, err)
	}
	for i, r := range rows {
		switch {
		case r.Repo == "" || r.Path == "" || strings.TrimSpace(r.RoleText) == "":
			t.Errorf("row %d: repo, path and role_text are required", i)
		case !r.Function.Valid() || r.Function == "":
			t.Errorf("row %d (%q): function %q is not a Function", i, r.RoleText, r.Function)
		case len(r.Functions) == 0 || r.Functions[0] != r.Function:
			t.Errorf("row %d (%q): functions %v must start with function %q", i, r.RoleText, r.Functions, r.Function)
		case r.Split != roleSetSplit(r.Repo):
			t.Errorf("row %d: split %q, but the rule gives %q for %s", i, r.Split, roleSetSplit(r.Repo), r.Repo)
		}
		for _, f := range r.Functions {
			if !f.Valid() || f == "" {
				t.Errorf("row %d (%q): functions holds %q", i, r.RoleText, f)
			}
		}
	}
	return rows
}

// TestRoleSet scores the classifier on the role set. With -v it lists the
// dev split's misses, never the validation split's: rules may be written
// from dev titles only, and validation is read only as the totals below.
func TestRoleSet(t *testing.T) {
	t.Parallel()
	rows := loadRoleSet(t)
	total := map[string]*roleTally{}
	groups := map[string]*roleTally{}
	add := func(m map[string]*roleTally, k string, exact, anyOf bool) {
		if m[k] == nil {
			m[k] = &roleTally{}
		}
		m[k].n++
		if exact {
			m[k].exact++
		}
		if anyOf {
			m[k].anyOf++
		}
	}
	for _, r := range rows {
		got := ClassifyIn(r.RoleText, orgOf(r))
		exact := got.Function == r.Function
		anyOf := false
		for _, f := range r.Functions {
			anyOf = anyOf || got.Function == f
		}
		add(total, r.Split, exact, anyOf)
		add(groups, r.Split+" lang="+r.Language, exact, anyOf)
		add(groups, r.Split+" round="+r.Round, exact, anyOf)
		if r.Split == "dev" && !anyOf && testing.Verbose() {
			t.Logf("dev miss %q (%s, %s) → %s (rule %s), label %v", r.RoleText, r.OrgType, r.OrgLegal, got.Function, got.Rule, r.Functions)
		}
	}
	keys := make([]string, 0, len(groups))
	for k := range groups {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	t.Logf("role set dev: %s", total["dev"])
	t.Logf("role set validation: %s", total["validation"])
	for _, k := range keys {
		t.Logf("role set %s: %s", k, groups[k])
	}
	for split, floor := range roleSetFloors {
		tl := total[split]
		if tl == nil || tl.n == 0 {
			t.Fatalf("role set has no %s titles", split)
		}
		if acc := float64(tl.anyOf) / float64(tl.n); acc < floor {
			t.Errorf("role set %s: any-labelled-function accuracy %.3f below floor %.3f", split, acc, floor)
		}
	}
}

// roleSetFloors are the least the role set must score (any labelled
// function), per split. Measured 2026-12-07 on 681 titles (two rounds):
// the classifier of that morning scored dev 0.850 and validation 0.864, the
// classifier after the rules written from dev misses 0.907 and 0.871.
var roleSetFloors = map[string]float64{"dev": 0.90, "validation": 0.86}
