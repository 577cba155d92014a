package csv

import (
	"context"
	"maps"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/abmsync/abmsync/crm"
	"github.com/abmsync/abmsync/metrics"
)

// sampleDir is the demo campaign shipped in deploy/examples.
const sampleDir = "../../deploy/examples/sample-campaign"

// TestSampleCampaign keeps the demo data what its README promises: it must
// load without errors and hold the accounts the example story is about.
func TestSampleCampaign(t *testing.T) {
	t.Parallel()
	c, err := New(Config{Dir: sampleDir, OutputDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	pull := func(obj crm.ObjectType, props ...string) []crm.Record {
		t.Helper()
		var out []crm.Record
		req := crm.PullRequest{Object: obj, Properties: props, Associations: []crm.ObjectType{crm.Companies, crm.Contacts}}
		for {
			p, err := c.Pull(context.Background(), req)
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, p.Records...)
			if p.Next == "" {
				return out
			}
			req.Token = p.Next
		}
	}
	companies := pull(crm.Companies, "name", "domain", "country", "industry", "numberofemployees", "lifecyclestage", "hs_is_target_account")
	contacts := pull(crm.Contacts, "email", "jobtitle", "hs_linkedin_url", "notes_last_contacted", "hs_email_last_open_date")
	deals := pull(crm.Deals, "dealstage", "hs_is_closed", "hs_is_closed_won", "amount", "createdate", "closedate", "dealtype")

	if len(companies) != 13 || len(contacts) != 60 || len(deals) != 20 {
		t.Fatalf("companies, contacts, deals = %d, %d, %d; want 13, 60, 20", len(companies), len(contacts), len(deals))
	}

	code := map[string]string{"Austria": "AT", "Germany": "DE", "United States": "US"}
	customersByCountry := map[string]int{}
	var newTargets, crossSell int
	known := map[string]bool{}
	for _, co := range companies {
		p := co.Properties
		known[co.ID] = true
		if !strings.HasSuffix(p["domain"], ".example") {
			t.Errorf("company %s: domain %q is not under .example", co.ID, p["domain"])
		}
		target := metrics.IsTarget(co, metrics.Settings{})
		if p["lifecyclestage"] == "customer" {
			customersByCountry[code[p["country"]]]++
			if n, _ := strconv.Atoi(p["numberofemployees"]); n < 800 || n > 3500 {
				t.Errorf("customer %s: %d employees, want 800-3,500", co.ID, n)
			}
			if p["industry"] != "PHARMACEUTICALS" && p["industry"] != "MEDICAL_DEVICES" {
				t.Errorf("customer %s: industry %q, want pharma or medtech", co.ID, p["industry"])
			}
			if target {
				crossSell++
			}
			continue
		}
		if target && (p["industry"] == "PHARMACEUTICALS" || p["industry"] == "BIOTECHNOLOGY") {
			newTargets++
		}
	}
	if want := map[string]int{"AT": 3, "DE": 4, "US": 2}; !maps.Equal(customersByCountry, want) {
		t.Errorf("customers by country = %v, want %v", customersByCountry, want)
	}
	if newTargets != 4 || crossSell != 2 {
		t.Errorf("new pharma/biotech targets, cross-sell targets = %d, %d; want 4, 2", newTargets, crossSell)
	}

	var gatekeepers int
	for _, r := range contacts {
		p := r.Properties
		if e := p["email"]; e != "" && !strings.HasSuffix(e, ".example") {
			t.Errorf("contact %s: e-mail %q is not under .example", r.ID, e)
		}
		if u := p["hs_linkedin_url"]; u != "" && !strings.HasPrefix(u, "https://www.linkedin.com/in/fictional-") {
			t.Errorf("contact %s: LinkedIn URL %q is not marked fictional", r.ID, u)
		}
		if strings.Contains(p["jobtitle"], "Assistant") {
			gatekeepers++
		}
	}
	if gatekeepers != 12 {
		t.Errorf("%d executive assistants (gatekeepers), want 12", gatekeepers)
	}
	for _, r := range slices.Concat(contacts, deals) {
		ids := r.Associations[crm.Companies]
		if len(ids) == 0 {
			t.Errorf("%s %s has no company", r.Type, r.ID)
		}
		for _, id := range ids {
			if !known[id] {
				t.Errorf("%s %s: unknown company %s", r.Type, r.ID, id)
			}
		}
	}

	// A deal's contacts (contact_ids) are contacts of the deal's company;
	// the open deals of Helvetia, Liffey and Nordkap and Vltava's lost deal
	// name theirs.
	contactCompany := map[string][]string{}
	for _, c := range contacts {
		contactCompany[c.ID] = c.Associations[crm.Companies]
		if c.Associations[crm.Contacts] != nil {
			t.Errorf("contact %s has contact associations", c.ID)
		}
	}
	withContacts := 0
	for _, d := range deals {
		if ids := d.Associations[crm.Contacts]; len(ids) > 0 {
			withContacts++
			for _, id := range ids {
				if !slices.Contains(contactCompany[id], d.Associations[crm.Companies][0]) {
					t.Errorf("deal %s: contact %s is not a contact of company %v", d.ID, id, d.Associations[crm.Companies])
				}
			}
		}
	}
	if withContacts != 4 {
		t.Errorf("%d deals name their contacts, want 4", withContacts)
	}

	// Across all accounts the won deals took 63 days on average, as the
	// README says.
	m := metrics.Compute(crm.Record{}, contacts, deals, metrics.Settings{}, time.Now())
	if m.WonDeals != 11 || m.OpenDeals != 6 || m.AvgDaysToClose == nil || *m.AvgDaysToClose != 63 {
		t.Errorf("won, open, avg days = %d, %d, %v; want 11, 6, 63", m.WonDeals, m.OpenDeals, m.AvgDaysToClose)
	}
	if m.KnownContacts != 57 {
		t.Errorf("known contacts = %d, want 57", m.KnownContacts)
	}
}
