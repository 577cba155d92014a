package metrics

import (
	"strings"
	"testing"

	"github.com/abmsync/abmsync/crm"
)

// sampleICP is the seed's profile: pharma/biotech/medtech, 800-3,500
// employees, DACH or US, existing customers a plus.
var sampleICP = ICP{
	Industries: IndustryCriterion{Weight: 30, Values: []string{"pharma", "biotech", "medtech"}},
	Employees:  EmployeeCriterion{Weight: 25, Min: 800, Max: 3500},
	Countries:  CountryCriterion{Weight: 25, Values: []string{"DACH", "US"}},
	Customer:   WeightedCriterion{Weight: 20},
	Tier1:      80, Tier2: 55,
}

func company(kv ...string) crm.Record {
	return crm.Record{Type: crm.Companies, ID: "1", Properties: props(kv...)}
}

func TestICPScore(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		icp       ICP
		company   crm.Record
		score     int
		tier      string
		reasonHas string
	}{
		{"perfect fit", sampleICP, company("industry", "PHARMACEUTICALS", "numberofemployees", "1450", "country", "Austria", "lifecyclestage", "customer"), 100, "tier_1", "industry PHARMACEUTICALS matches pharma (+30)"},
		{"new biotech in Switzerland", sampleICP, company("industry", "BIOTECHNOLOGY", "numberofemployees", "2100", "country", "Switzerland", "lifecyclestage", "lead"), 80, "tier_1", "not a customer yet (+0 of 20)"},
		{"too small medtech in Ireland", sampleICP, company("industry", "MEDICAL_DEVICES", "numberofemployees", "400", "country", "Ireland"), 30, "tier_3", "employees \"400\" outside 800–3500 (+0 of 25)"},
		{"range edges count", sampleICP, company("industry", "x", "numberofemployees", "3500", "country", "US"), 50, "tier_3", "employees 3500 within 800–3500"},
		{"missing data scores nothing", sampleICP, company(), 0, "tier_3", "industry \"\" not in"},
		{"target with tolerance", ICP{Employees: EmployeeCriterion{Weight: 10, Target: 1000, Tolerance: 200}, Tier1: 90, Tier2: 50},
			company("numberofemployees", "1150"), 100, "tier_1", "within 800–1200"},
		{"required attribute missing", ICP{Industries: sampleICP.Industries, Attributes: []AttributeCriterion{{Property: "gmp_certified", Required: true}}},
			company("industry", "PHARMACEUTICALS"), 0, "tier_3", "required gmp_certified not met"},
		{"excluded attribute holds", ICP{Industries: sampleICP.Industries, Attributes: []AttributeCriterion{{Property: "type", Equals: "COMPETITOR", Excluded: true}}},
			company("industry", "PHARMACEUTICALS", "type", "competitor"), 0, "tier_3", "excluded type = COMPETITOR holds"},
		{"weighted attribute", ICP{Industries: IndustryCriterion{Weight: 50, Values: []string{"pharma"}}, Attributes: []AttributeCriterion{{Property: "gmp_certified", Equals: "true", Weight: 50}}, Tier1: 100, Tier2: 50},
			company("industry", "PHARMACEUTICALS", "gmp_certified", "TRUE"), 100, "tier_1", "gmp_certified = true (+50)"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			fit := tc.icp.Score(tc.company)
			if fit.Score != tc.score || fit.Tier != tc.tier {
				t.Errorf("score %d tier %s, want %d %s; reasons %v", fit.Score, fit.Tier, tc.score, tc.tier, fit.Reasons)
			}
			if !strings.Contains(strings.Join(fit.Reasons, "; "), tc.reasonHas) {
				t.Errorf("reasons %q lack %q", fit.Reasons, tc.reasonHas)
			}
			if fit.Properties()[PropICPScore] == "" {
				t.Error("no score property")
			}
		})
	}
	if (ICP{}).Enabled() || !sampleICP.Enabled() {
		t.Error("Enabled wrong")
	}
}

func TestTierUpdate(t *testing.T) {
	t.Parallel()
	fit := Fit{Tier: "tier_1"}
	tests := []struct {
		name, current, lastWritten string
		overwrite                  bool
		want                       string
	}{
		{"empty is filled", "", "", false, "tier_1"},
		{"unchanged writes nothing", "tier_1", "tier_1", false, ""},
		{"abmsync's own earlier value is updated", "tier_2", "tier_2", false, "tier_1"},
		{"a person's value is kept", "tier_3", "", false, ""},
		{"a person's value is overwritten when configured", "tier_3", "", true, "tier_1"},
	}
	for _, tc := range tests {
		got := TierUpdate(company(PropICPTier, tc.current), fit, tc.lastWritten, tc.overwrite)
		if got != tc.want {
			t.Errorf("%s: TierUpdate = %q, want %q", tc.name, got, tc.want)
		}
	}
}
