package roles

import (
	"encoding/json"
	"errors"
	"regexp/syntax"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

func boolPtr(b bool) *bool { return &b }

func TestNewRejectsBadRules(t *testing.T) {
	t.Parallel()
	ok := Rule{Match: "einkauf", Function: FunctionProcurement}
	tests := []struct {
		name  string
		rules []Rule
		want  string // substring of the error
	}{
		{"bad regexp names the index", []Rule{ok, {Match: "leiter(in", Function: FunctionQuality}}, `rule 1 (match "leiter(in")`},
		{"bad unless", []Rule{{Match: "owner", Unless: "[", Function: FunctionOwner}}, `rule 0 (unless "[")`},
		{"empty match", []Rule{ok, ok, {Function: FunctionSales}}, "rule 2"},
		{"unknown function", []Rule{{Match: "x", Function: "hr"}}, `unknown function "hr"`},
		{"unknown seniority", []Rule{{Match: "x", Seniority: "senior"}}, `unknown seniority "senior"`},
		{"unknown buying role", []Rule{{Match: "x", BuyingRole: "decision_maker"}}, `unknown buying_role "decision_maker"`},
		{"sets nothing", []Rule{{Match: "x"}}, "sets none"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c, err := New(tc.rules)
			if err == nil {
				t.Fatalf("New() = %v, nil; want error containing %q", c, tc.want)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("New() error = %q, want it to contain %q", err, tc.want)
			}
		})
	}

	// The regexp's own error stays reachable for callers that want it.
	_, err := New([]Rule{{Match: "(", Function: FunctionOther}})
	var serr *syntax.Error
	if !errors.As(err, &serr) {
		t.Fatalf("New() error %v does not wrap a *syntax.Error", err)
	}
}

func TestConfigRulesOverride(t *testing.T) {
	t.Parallel()
	c, err := New([]Rule{
		// Full override, including a built-in reading of the same title.
		{Match: `leiter(in)? anlagenqualifizierung`, Function: FunctionQuality, Seniority: SeniorityHead, BuyingRole: BuyingRoleChampion},
		// Only the buying role: a company whose plant managers own the CAPEX.
		{Match: `werksleit|plant manager`, BuyingRole: BuyingRoleDecisionMaker},
		// Umlauts in the pattern match both spellings; Unless vetoes.
		{Match: `einkäufer`, Unless: `technisch`, BuyingRole: BuyingRoleBudgetHolder},
		// Gatekeeper without changing the function.
		{Match: `^empfang`, Gatekeeper: boolPtr(false)},
		// An earlier rule wins over a later one.
		{Match: `head of procurement`, Function: FunctionProcurement, BuyingRole: BuyingRoleBlocker},
		{Match: `procurement`, Function: FunctionProcurement, BuyingRole: BuyingRoleBudgetHolder},
		// Case-insensitive even with upper-case patterns.
		{Match: `VERTRIEB`, Function: FunctionMarketing},
		// Accented letters in a pattern are folded like the title's.
		{Match: `ředitel|satış`, Function: FunctionSales},
	})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		title string
		want  Classification
	}{
		{"Leiterin Anlagenqualifizierung", Classification{Function: FunctionQuality, Seniority: SeniorityHead, BuyingRole: BuyingRoleChampion, Rule: "config[0]"}},
		{"Leiter:in Anlagenqualifizierung", Classification{Function: FunctionQuality, Seniority: SeniorityHead, BuyingRole: BuyingRoleChampion, Rule: "config[0]"}},
		{"Werksleiter", Classification{Function: FunctionProduction, Seniority: SeniorityHead, BuyingRole: BuyingRoleDecisionMaker, Rule: "config[1]+production"}},
		{"Einkäufer", Classification{Function: FunctionProcurement, Seniority: SeniorityStaff, BuyingRole: BuyingRoleBudgetHolder, Rule: "config[2]+procurement"}},
		{"Einkaeufer", Classification{Function: FunctionProcurement, Seniority: SeniorityStaff, BuyingRole: BuyingRoleBudgetHolder, Rule: "config[2]+procurement"}},
		{"Technischer Einkäufer", Classification{Function: FunctionProcurement, Seniority: SeniorityStaff, BuyingRole: BuyingRoleInfluencer, Rule: "procurement.technical"}},
		{"Empfang", Classification{Function: FunctionAssistant, Seniority: SeniorityStaff, BuyingRole: BuyingRoleOther, Gatekeeper: false, Rule: "config[3]+assistant.front_office"}},
		{"Head of Procurement", Classification{Function: FunctionProcurement, Seniority: SeniorityHead, BuyingRole: BuyingRoleBlocker, Rule: "config[4]"}},
		{"VP Procurement", Classification{Function: FunctionProcurement, Seniority: SeniorityVPDirector, BuyingRole: BuyingRoleBudgetHolder, Rule: "config[5]"}},
		{"Leiter Vertrieb", Classification{Function: FunctionMarketing, Seniority: SeniorityHead, BuyingRole: BuyingRoleOther, Rule: "config[6]"}},
		{"Ředitel obchodu", Classification{Function: FunctionSales, BuyingRole: BuyingRoleOther, Rule: "config[7]"}},
		{"Satış Müdürü", Classification{Function: FunctionSales, BuyingRole: BuyingRoleOther, Rule: "config[7]"}},
		// Titles no config rule matches keep the built-in answer.
		{"Geschäftsführer", Classification{Function: FunctionExecutive, Seniority: SeniorityCLevel, BuyingRole: BuyingRoleDecisionMaker, Rule: "exec.managing_director"}},
	}
	for _, tc := range tests {
		got := c.Classify(tc.title)
		tc.want.Title = tc.title
		if got != tc.want {
			t.Errorf("Classify(%q) = %+v, want %+v", tc.title, got, tc.want)
		}
	}
}

func TestConfigRuleFromYAML(t *testing.T) {
	t.Parallel()
	// The shape of the config file's roles: list.
	const doc = `
- match: leiter(in)? anlagenqualifizierung
  function: quality
  seniority: head
  buying_role: CHAMPION
- match: geschäftsführungsbüro
  function: assistant
  gatekeeper: true
`
	var rules []Rule
	if err := yaml.Unmarshal([]byte(doc), &rules); err != nil {
		t.Fatal(err)
	}
	c, err := New(rules)
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Classify("Leiter Anlagenqualifizierung"); got.Function != FunctionQuality || got.BuyingRole != BuyingRoleChampion {
		t.Errorf("yaml rule 0 not applied: %+v", got)
	}
	if got := c.Classify("Leitung Geschaeftsfuehrungsbuero"); got.Function != FunctionAssistant || !got.Gatekeeper || got.Rule != "config[1]" {
		t.Errorf("yaml rule 1 not applied: %+v", got)
	}
}

func TestZeroAndNilClassifier(t *testing.T) {
	t.Parallel()
	want := Default.Classify("Leiter Einkauf")
	var zero Classifier
	if got := zero.Classify("Leiter Einkauf"); got != want {
		t.Errorf("zero Classifier = %+v, want %+v", got, want)
	}
	var nilC *Classifier
	if got := nilC.Classify("Leiter Einkauf"); got != want {
		t.Errorf("nil *Classifier = %+v, want %+v", got, want)
	}
}

func TestClassificationJSON(t *testing.T) {
	t.Parallel()
	b, err := json.Marshal(Classify("Assistenz der Geschäftsführung"))
	if err != nil {
		t.Fatal(err)
	}
	const want = `{"title":"Assistenz der Geschäftsführung","function":"assistant","seniority":"staff","buying_role":"OTHER","gatekeeper":true,"rule":"assistant.office_of"}`
	if string(b) != want {
		t.Errorf("json = %s\nwant   %s", b, want)
	}
}

func TestEmptyTitle(t *testing.T) {
	t.Parallel()
	for _, title := range []string{"", "   ", "\t\n", "-", ", GmbH"} {
		got := Classify(title)
		want := Classification{Title: title, Function: FunctionOther, BuyingRole: BuyingRoleOther, Rule: "none"}
		if got != want {
			t.Errorf("Classify(%q) = %+v, want %+v", title, got, want)
		}
	}
}

// TestBuyingRoleFor pins the policy table and checks it is total.
func TestBuyingRoleFor(t *testing.T) {
	t.Parallel()
	for _, f := range Functions {
		for _, s := range Seniorities {
			br := BuyingRoleFor(f, s)
			if !br.Valid() {
				t.Errorf("BuyingRoleFor(%s, %q) = %q, not valid", f, s, br)
			}
			if br == BuyingRoleBlocker {
				t.Errorf("BuyingRoleFor(%s, %q) = BLOCKER; a title never says that", f, s)
			}
		}
	}
	pins := []struct {
		f    Function
		s    Seniority
		want BuyingRole
	}{
		{FunctionExecutive, SeniorityCLevel, BuyingRoleDecisionMaker},
		{FunctionOwner, SeniorityUnknown, BuyingRoleDecisionMaker},
		{FunctionBoard, SeniorityCLevel, BuyingRoleExecutiveSponsor},
		{FunctionSupervisoryBoard, SeniorityCLevel, BuyingRoleOther},
		{FunctionFinance, SeniorityHead, BuyingRoleBudgetHolder},
		{FunctionFinance, SeniorityStaff, BuyingRoleOther},
		{FunctionProcurement, SeniorityHead, BuyingRoleInfluencer},
		{FunctionProcurement, SeniorityCLevel, BuyingRoleExecutiveSponsor},
		{FunctionEngineering, SeniorityHead, BuyingRoleChampion},
		{FunctionProduction, SeniorityStaff, BuyingRoleEndUser},
		{FunctionQuality, SeniorityUnknown, BuyingRoleEndUser},
		{FunctionIT, SeniorityHead, BuyingRoleInfluencer},
		{FunctionLegal, SeniorityStaff, BuyingRoleLegalAndCompliance},
		{FunctionDataProtection, SeniorityStaff, BuyingRoleLegalAndCompliance},
		{FunctionEditorialResponsible, SeniorityUnknown, BuyingRoleOther},
		{FunctionAssistant, SeniorityStaff, BuyingRoleOther},
		{FunctionMarketing, SeniorityHead, BuyingRoleOther},
	}
	for _, p := range pins {
		if got := BuyingRoleFor(p.f, p.s); got != p.want {
			t.Errorf("BuyingRoleFor(%s, %q) = %s, want %s", p.f, p.s, got, p.want)
		}
	}
}

func TestValid(t *testing.T) {
	t.Parallel()
	if Function("").Valid() || Function("hr").Valid() || !FunctionOther.Valid() {
		t.Error("Function.Valid")
	}
	if !Seniority("").Valid() || Seniority("senior").Valid() || !SeniorityHead.Valid() {
		t.Error("Seniority.Valid")
	}
	if BuyingRole("").Valid() || BuyingRole("champion").Valid() || !BuyingRoleBlocker.Valid() {
		t.Error("BuyingRole.Valid")
	}
	if len(Functions) != 17 || len(BuyingRoles) != 9 || len(Seniorities) != 6 {
		t.Error("vocabulary sizes changed")
	}
}

// TestHeadingRule: the heading over a group of people is no one person's
// position.
func TestHeadingRule(t *testing.T) {
	t.Parallel()
	for title, want := range map[string]bool{"Management": true, "Executive team": true, "Managing Director": false, "Vertrieb": false, "": false} {
		if got := HeadingRule(BuiltinRule(title)); got != want {
			t.Errorf("HeadingRule(BuiltinRule(%q)) = %v, want %v", title, got, want)
		}
	}
}
