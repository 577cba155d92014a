package roles

import (
	"strings"
	"testing"
)

// TestClassifyIn checks that the office words whose meaning depends on the
// organisation are read for it, and that everything else reads as the
// title alone.
func TestClassifyIn(t *testing.T) {
	t.Parallel()
	tests := []struct {
		title string
		org   OrgType
		want  Function
		sen   Seniority
	}{
		// An association's officers are its board.
		{"President", OrgAssociation, FunctionBoard, SeniorityCLevel},
		{"Vice President", OrgAssociation, FunctionBoard, SeniorityCLevel},
		{"VP Programs", OrgAssociation, FunctionBoard, SeniorityCLevel},
		{"Vice President External", OrgAssociation, FunctionBoard, SeniorityCLevel},
		{"Vice President of Community Impact", OrgAssociation, FunctionExecutive, SeniorityVPDirector},
		// A society's council governs it; a town's councillor is no association's officer.
		{"IBS Council Member", OrgAssociation, FunctionBoard, SeniorityCLevel},
		{"Member of Council", OrgAssociation, FunctionBoard, SeniorityCLevel},
		{"Council Member", OrgUnknown, FunctionOther, ""},
		{"Vice President for Membership", OrgAssociation, FunctionBoard, SeniorityCLevel},
		{"Vice President of the Society", OrgAssociation, FunctionBoard, SeniorityCLevel},
		{"Secrétaire comptable", OrgAssociation, FunctionAssistant, SeniorityStaff},
		{"Sekreterare", OrgAssociation, FunctionBoard, SeniorityCLevel},
		// A company's vice president of a part no function rule names runs
		// it; one of a function is that function's.
		{"Vice President of Aerospace Programs", OrgCompany, FunctionExecutive, SeniorityVPDirector},
		{"Associate VP - Banking", OrgUnknown, FunctionExecutive, SeniorityVPDirector},
		{"VP Business Development", OrgCompany, FunctionSales, SeniorityVPDirector},
		{"Vice President, Finance", OrgAssociation, FunctionFinance, SeniorityVPDirector},
		{"President & Principal Officer", OrgAssociation, FunctionBoard, SeniorityCLevel},
		{"President; Director of Play", OrgAssociation, FunctionBoard, SeniorityCLevel},
		{"Secretary", OrgAssociation, FunctionBoard, SeniorityCLevel},
		{"Club Secretary", OrgAssociation, FunctionBoard, SeniorityCLevel},
		{"Secrétaire", OrgAssociation, FunctionBoard, SeniorityCLevel},
		{"Director", OrgAssociation, FunctionBoard, SeniorityCLevel},
		{"Vorstand", OrgAssociation, FunctionBoard, SeniorityCLevel},
		{"1. Vorsitzender", OrgAssociation, FunctionBoard, SeniorityCLevel},
		{"Vorstandsvorsitzender", OrgAssociation, FunctionBoard, SeniorityCLevel},
		{"Kassier", OrgAssociation, FunctionBoard, SeniorityCLevel},
		// Its "geschäftsführender Vorstand" is its inner board; its
		// Geschäftsführer runs the office.
		{"Geschäftsführender Vorstand", OrgAssociation, FunctionBoard, SeniorityCLevel},
		{"Mitglied des geschäftsführenden Vorstands", OrgAssociation, FunctionBoard, SeniorityCLevel},
		{"geschäftsführende; Vorstand; Kassenwart", OrgAssociation, FunctionBoard, SeniorityCLevel},
		{"Geschäftsführer; Geschäftsführender Vorstand", OrgAssociation, FunctionExecutive, SeniorityCLevel},
		{"Geschäftsführender Vorstand", OrgCompany, FunctionExecutive, SeniorityCLevel},
		// Its board represents it.
		{"Vertreten durch", OrgAssociation, FunctionBoard, SeniorityCLevel},
		{"Vertretungsberechtigte Vorstände", OrgAssociation, FunctionBoard, SeniorityCLevel},
		{"Vertreten durch den Geschäftsführer", OrgAssociation, FunctionExecutive, SeniorityCLevel},
		// A duty under media law is no position: the other role decides.
		{"Vertreten durch; Verantwortlich für den Inhalt nach § 55 Abs. 2 RStV", OrgAssociation, FunctionBoard, SeniorityCLevel},
		{"Verantwortlich für den Inhalt nach § 55 Abs. 2 RStV", OrgAssociation, FunctionEditorialResponsible, SeniorityUnknown},
		// ... but who runs its office, or assists, says so.
		{"President & CEO", OrgAssociation, FunctionExecutive, SeniorityCLevel},
		{"Executive Director", OrgAssociation, FunctionExecutive, SeniorityVPDirector},
		{"Geschäftsführer", OrgAssociation, FunctionExecutive, SeniorityCLevel},
		{"Secretary to the President", OrgAssociation, FunctionAssistant, SeniorityStaff},
		{"Office Secretary", OrgAssociation, FunctionAssistant, SeniorityStaff},
		{"Sekretärin", OrgAssociation, FunctionAssistant, SeniorityStaff},
		{"Director of Community Engagement", OrgAssociation, FunctionExecutive, SeniorityVPDirector},
		{"Aufsichtsrat", OrgAssociation, FunctionSupervisoryBoard, SeniorityCLevel},
		// A company's Vorstand runs it; its chair is the chief executive.
		{"Vertretungsberechtigte Vorstände", OrgCompany, FunctionExecutive, SeniorityCLevel},
		{"Vertreten durch", OrgCompany, FunctionExecutive, SeniorityCLevel},
		{"Vorstand", OrgCompany, FunctionExecutive, SeniorityCLevel},
		{"Mitglied des Vorstands", OrgCompany, FunctionExecutive, SeniorityCLevel},
		{"Vorstandsvorsitzender", OrgCompany, FunctionExecutive, SeniorityCLevel},
		{"Vorsitzender", OrgCompany, FunctionExecutive, SeniorityCLevel},
		{"Finanzvorstand", OrgCompany, FunctionExecutive, SeniorityCLevel},
		{"Vice President", OrgCompany, FunctionExecutive, SeniorityVPDirector},
		// ... its councils and boards of directors stay what they are.
		{"Vorsitzender des Aufsichtsrats", OrgCompany, FunctionSupervisoryBoard, SeniorityCLevel},
		{"Aufsichtsrat (Vorsitzender)", OrgCompany, FunctionSupervisoryBoard, SeniorityCLevel},
		{"Präsident des Verwaltungsrates", OrgCompany, FunctionBoard, SeniorityCLevel},
		{"Chairman of the Board", OrgCompany, FunctionBoard, SeniorityCLevel},
		{"Board of Directors", OrgCompany, FunctionBoard, SeniorityCLevel},
		{"Beirat", OrgCompany, FunctionOther, ""},
		{"Ehrenvorsitzender", OrgCompany, FunctionOther, ""},
		{"President", OrgCompany, FunctionExecutive, SeniorityCLevel},
		{"Secretary", OrgCompany, FunctionAssistant, SeniorityStaff},
		{"Director", OrgCompany, FunctionExecutive, SeniorityVPDirector},
		{"VP Sales", OrgCompany, FunctionSales, SeniorityVPDirector},
		// A contractor runs its jobs through project managers and
		// supervisors; it is a company for every company rule.
		{"Project Manager", OrgTrade, FunctionProduction, SeniorityManager},
		{"Project Coordinator", OrgTrade, FunctionProduction, SeniorityStaff},
		{"Field Supervisor", OrgTrade, FunctionProduction, SeniorityManager},
		{"Projektleiter", OrgTrade, FunctionProduction, SeniorityManager},
		{"Office Supervisor", OrgTrade, FunctionOther, SeniorityManager},
		{"Sales Project Manager", OrgTrade, FunctionSales, SeniorityManager},
		{"Vorstand", OrgTrade, FunctionExecutive, SeniorityCLevel},
		{"Vice President", OrgTrade, FunctionExecutive, SeniorityVPDirector},
		{"Project Manager", OrgCompany, FunctionOther, SeniorityManager},
		{"Supervisor", OrgCompany, FunctionOther, SeniorityManager},
		// Unknown: the title alone.
		{"President", OrgUnknown, FunctionExecutive, SeniorityCLevel},
		{"Vorstand", OrgUnknown, FunctionBoard, SeniorityCLevel},
		{"Secretary", OrgUnknown, FunctionAssistant, SeniorityStaff},
		{"Vice President", OrgUnknown, FunctionBoard, SeniorityCLevel},
	}
	for _, tc := range tests {
		got := ClassifyIn(tc.title, tc.org)
		if got.Function != tc.want || got.Seniority != tc.sen {
			t.Errorf("ClassifyIn(%q, %q) = %s/%s (rule %s), want %s/%s", tc.title, tc.org, got.Function, got.Seniority, got.Rule, tc.want, tc.sen)
		}
		// A board seat read from the organisation sponsors, as every board
		// member does.
		if strings.HasPrefix(got.Rule, "board.association_") && got.BuyingRole != BuyingRoleFor(got.Function, got.Seniority) {
			t.Errorf("ClassifyIn(%q, %q): buying role %s, want %s", tc.title, tc.org, got.BuyingRole, BuyingRoleFor(got.Function, got.Seniority))
		}
		if got.Gatekeeper != (got.Function == FunctionAssistant) {
			t.Errorf("ClassifyIn(%q, %q): gatekeeper %v for function %s", tc.title, tc.org, got.Gatekeeper, got.Function)
		}
	}
	// Classify is ClassifyIn with an unknown organisation.
	for _, title := range []string{"President", "Vorstand", "Secretary", "Director", "Leiter Einkauf"} {
		if a, b := Classify(title), ClassifyIn(title, OrgUnknown); a != b {
			t.Errorf("Classify(%q) = %+v, ClassifyIn(unknown) = %+v", title, a, b)
		}
	}
}

// TestClassifyInConfigFirst: a configured rule that sets the function
// decides in every organisation.
func TestClassifyInConfigFirst(t *testing.T) {
	t.Parallel()
	c, err := New([]Rule{{Match: `^vorstand$`, Function: FunctionBoard}})
	if err != nil {
		t.Fatal(err)
	}
	if got := c.ClassifyIn("Vorstand", OrgCompany); got.Function != FunctionBoard || got.Rule != "config[0]" {
		t.Errorf("ClassifyIn(Vorstand, company) with a config rule = %s (rule %s), want board (config[0])", got.Function, got.Rule)
	}
	if got := c.ClassifyIn("Vorstandsvorsitzender", OrgCompany); got.Function != FunctionExecutive || got.Rule != "exec.company_vorstand" {
		t.Errorf("ClassifyIn(Vorstandsvorsitzender, company) = %s (rule %s), want executive (exec.company_vorstand)", got.Function, got.Rule)
	}
	var nilC *Classifier
	if got := nilC.ClassifyIn("Secretary", OrgAssociation); got.Function != FunctionBoard {
		t.Errorf("nil classifier: ClassifyIn(Secretary, association) = %s, want board", got.Function)
	}
}

func TestOrgTypeValid(t *testing.T) {
	t.Parallel()
	for _, o := range []OrgType{OrgUnknown, OrgAssociation, OrgCompany, OrgTrade} {
		if !o.Valid() {
			t.Errorf("%q not valid", o)
		}
	}
	if OrgType("verein").Valid() {
		t.Error(`"verein" valid`)
	}
}
