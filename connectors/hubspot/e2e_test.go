package hubspot

import (
	"context"
	"slices"
	"strconv"
	"testing"

	"github.com/abmsync/abmsync/connectors/hubspot/hubspottest"
	"github.com/abmsync/abmsync/crm"
)

// pullSpec is what abmsync pulls per object type.
var pullSpec = map[crm.ObjectType]crm.PullRequest{
	crm.Companies: {Object: crm.Companies, Properties: []string{"name", "domain", "hs_is_target_account"}},
	crm.Contacts: {Object: crm.Contacts, Properties: []string{"email", "hs_linkedin_url", "notes_last_contacted", "hs_email_last_open_date", "lifecyclestage"},
		Associations: []crm.ObjectType{crm.Companies}},
	crm.Deals: {Object: crm.Deals, Properties: []string{"dealstage", "hs_is_closed_won", "hs_is_closed", "amount", "closedate", "dealtype"},
		Associations: []crm.ObjectType{crm.Companies}},
}

// TestEndToEnd runs a campaign sync against a generated portal: full pull of
// every object type, property setup, a write-back to the target accounts,
// then an incremental pull that sees exactly those writes.
func TestEndToEnd(t *testing.T) {
	t.Parallel()
	b := setup(t, hubspottest.GenOptions{Companies: 2000, Contacts: 20000, Deals: 4000, TargetShare: 0.1, Seed: 42})
	ctx := context.Background()

	var targets []string
	companies := map[string]bool{}
	for _, o := range crm.AllObjects {
		recs, pages := pullAll(t, b.c, pullSpec[o])
		exactlyOnce(t, recs, b.srv.IDs(string(o)))
		calls := 0
		for _, p := range pages {
			calls += p.Calls
		}
		if calls != len(pages) {
			t.Errorf("%s: %d calls for %d pages", o, calls, len(pages))
		}
		for _, r := range recs {
			switch o {
			case crm.Companies:
				companies[r.ID] = true
				if r.Properties["hs_is_target_account"] == "true" {
					targets = append(targets, r.ID)
				}
			default:
				for _, c := range r.Associations[crm.Companies] {
					if !companies[c] {
						t.Fatalf("%s %s associated with unknown company %s", o, r.ID, c)
					}
				}
			}
		}
	}
	if len(targets) != 200 {
		t.Fatalf("%d target accounts, want 200", len(targets))
	}

	if err := b.c.EnsureProperties(ctx, crm.Companies, abmGroup, abmDefs); err != nil {
		t.Fatal(err)
	}
	updates := make([]crm.Update, len(targets))
	for i, id := range targets {
		updates[i] = crm.Update{ID: id, Properties: map[string]string{"abm_engagement_score": strconv.Itoa(i), "abm_is_engaged": "true"}}
	}
	res, err := b.c.BatchUpdate(ctx, crm.Companies, updates)
	if err != nil || len(res.Updated) != 200 || len(res.Failed) != 0 || res.Calls != 2 {
		t.Fatalf("batch update: %v, %d updated, %v failed, %d calls", err, len(res.Updated), res.Failed, res.Calls)
	}

	// The writes moved those companies' last-modified time to the portal's now.
	req := pullSpec[crm.Companies]
	req.Properties = append(slices.Clone(req.Properties), "abm_engagement_score")
	req.Since = testNow
	recs, _ := pullAll(t, b.c, req)
	exactlyOnce(t, recs, targets)
	for _, r := range recs {
		if r.Properties["abm_engagement_score"] != b.srv.Company(r.ID)["abm_engagement_score"] || r.Properties["abm_engagement_score"] == "" {
			t.Fatalf("company %s: pulled %v, portal %v", r.ID, r.Properties, b.srv.Company(r.ID))
		}
	}
}
