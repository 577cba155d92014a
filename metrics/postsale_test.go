package metrics

import (
	"reflect"
	"testing"

	"github.com/abmsync/abmsync/crm"
)

func TestUpsell(t *testing.T) {
	t.Parallel()
	typed := func(id, typ, stage, closed, amount string) crm.Record {
		return dealOf(id, []string{"c1"}, "dealtype", typ, "dealstage", stage, "closedate", closed, "amount", amount)
	}
	archived := typed("arch", "existingbusiness", "closedwon", "2025-09-01T00:00:00Z", "900")
	archived.Archived = true
	tests := []struct {
		name       string
		deals      []crm.Record
		wantIDs    []string
		wantCount  int
		wantAmount float64
	}{
		{"no deals", nil, nil, 0, 0},
		{"upsell after first won new business",
			[]crm.Record{
				typed("new", "newbusiness", "closedwon", "2025-01-10T00:00:00Z", "10000"),
				typed("up", "existingbusiness", "closedwon", "2025-06-01T00:00:00Z", "500"),
				typed("lost", "existingbusiness", "closedlost", "2025-07-01T00:00:00Z", "700"),
				typed("open", "existingbusiness", "contractsent", "", "800"),
				typed("new2", "newbusiness", "closedwon", "2025-08-01T00:00:00Z", "3000"),
			}, []string{"up"}, 1, 500},
		{"input order does not matter",
			[]crm.Record{
				typed("up2", "ExistingBusiness", "closedwon", "2025-09-01T00:00:00Z", "250.25"),
				typed("up", "existingbusiness", "closedwon", "2025-06-01T00:00:00Z", "500"),
				typed("new", "newbusiness", "closedwon", "2025-01-10T00:00:00Z", "10000"),
			}, []string{"up", "up2"}, 2, 750.25},
		{"first won deal never counts, even as existing business",
			[]crm.Record{
				typed("first", "existingbusiness", "closedwon", "2025-01-10T00:00:00Z", "10000"),
				typed("up", "existingbusiness", "closedwon", "2025-03-01T00:00:00Z", "100"),
			}, []string{"up"}, 1, 100},
		{"won on the same instant as the first is not after it",
			[]crm.Record{
				typed("new", "newbusiness", "closedwon", "2025-01-10T00:00:00Z", "10000"),
				typed("same", "existingbusiness", "closedwon", "2025-01-10T00:00:00Z", "100"),
			}, nil, 0, 0},
		{"no first won deal: a lone existing business deal is the first",
			[]crm.Record{typed("only", "existingbusiness", "closedwon", "2025-01-10T00:00:00Z", "100")}, nil, 0, 0},
		{"won without closedate cannot be ordered",
			[]crm.Record{
				typed("new", "newbusiness", "closedwon", "2025-01-10T00:00:00Z", "10000"),
				typed("undated", "existingbusiness", "closedwon", "", "100"),
			}, nil, 0, 0},
		{"missing amount counts, adds nothing; archived ignored",
			[]crm.Record{
				typed("new", "newbusiness", "closedwon", "2025-01-10T00:00:00Z", "10000"),
				typed("up", "existingbusiness", "closedwon", "2025-02-01T00:00:00Z", ""),
				archived,
			}, []string{"up"}, 1, 0},
		{"hs_is_closed_won decides over dealstage",
			[]crm.Record{
				typed("new", "newbusiness", "closedwon", "2025-01-10T00:00:00Z", "10000"),
				func() crm.Record {
					d := typed("custom", "existingbusiness", "stage42", "2025-02-01T00:00:00Z", "40")
					d.Properties["hs_is_closed_won"] = "true"
					return d
				}(),
			}, []string{"custom"}, 1, 40},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var ids []string
			for _, d := range UpsellDeals(tt.deals) {
				ids = append(ids, d.ID)
			}
			if !reflect.DeepEqual(ids, tt.wantIDs) {
				t.Errorf("UpsellDeals = %v, want %v", ids, tt.wantIDs)
			}
			n, amount := Upsell(tt.deals)
			if n != tt.wantCount || amount != tt.wantAmount {
				t.Errorf("Upsell = %d, %v; want %d, %v", n, amount, tt.wantCount, tt.wantAmount)
			}
		})
	}
}

func TestReferrals(t *testing.T) {
	t.Parallel()
	contact := func(id string, companies []string, kv ...string) crm.Record {
		r := dealOf(id, companies, kv...)
		r.Type = crm.Contacts
		return r
	}
	archived := contact("arch", []string{"c9"}, "lead_source", "referral")
	archived.Archived = true
	def := DefaultReferralConfig()
	custom := ReferralConfig{
		ContactSourceProps: []string{"hs_lead_source", "lead_source"},
		DealSourceProps:    []string{"deal_source"},
		Values:             []string{"Customer referral"},
		ReferrerProp:       "referring_company",
	}
	tests := []struct {
		name     string
		contacts []crm.Record
		deals    []crm.Record
		cfg      ReferralConfig
		want     []Referral
	}{
		{"none", nil, nil, def, nil},
		{"contact with referring account",
			[]crm.Record{contact("1", []string{"c1"}, "lead_source", "Referral", "referred_by", " acme.com ", "createdate", "2026-01-02T03:04:05Z")},
			nil, def,
			[]Referral{{Type: crm.Contacts, ID: "1", Account: "c1", ReferringAccount: "acme.com", At: utc("2026-01-02T03:04:05Z")}}},
		{"other sources and website referrals are not referrals",
			[]crm.Record{
				contact("1", []string{"c1"}, "lead_source", "organic"),
				contact("2", []string{"c1"}, "hs_analytics_source", "REFERRALS"),
				contact("3", []string{"c1"}, "hs_analytics_source", "OFFLINE"),
				archived,
			}, nil, def, nil},
		{"deal without referrer or company",
			nil, []crm.Record{dealOf("d1", nil, "lead_source", "customer_referral")}, def,
			[]Referral{{Type: crm.Deals, ID: "d1"}}},
		{"contacts before deals",
			[]crm.Record{contact("1", []string{"c1", "c2"}, "lead_source", "referral")},
			[]crm.Record{dealOf("d1", []string{"c1"}, "lead_source", "referral", "referred_by", "42")}, def,
			[]Referral{{Type: crm.Contacts, ID: "1", Account: "c1"}, {Type: crm.Deals, ID: "d1", Account: "c1", ReferringAccount: "42"}}},
		{"custom properties: first non-empty source decides",
			[]crm.Record{
				contact("1", []string{"c1"}, "hs_lead_source", "customer referral", "referring_company", "Acme AG"),
				contact("2", []string{"c1"}, "hs_lead_source", "event", "lead_source", "customer referral"),
				contact("3", []string{"c1"}, "lead_source", "Customer Referral"),
			},
			[]crm.Record{
				dealOf("d1", []string{"c1"}, "deal_source", "customer referral"),
				dealOf("d2", []string{"c1"}, "lead_source", "customer referral"),
			}, custom,
			[]Referral{
				{Type: crm.Contacts, ID: "1", Account: "c1", ReferringAccount: "Acme AG"},
				{Type: crm.Contacts, ID: "3", Account: "c1"},
				{Type: crm.Deals, ID: "d1", Account: "c1"},
			}},
		{"no referrer property configured",
			[]crm.Record{contact("1", nil, "lead_source", "referral", "referred_by", "x")}, nil,
			ReferralConfig{ContactSourceProps: []string{"lead_source"}, Values: []string{"referral"}},
			[]Referral{{Type: crm.Contacts, ID: "1"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := Referrals(tt.contacts, tt.deals, tt.cfg)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Referrals =\n%+v\nwant\n%+v", got, tt.want)
			}
		})
	}
}
