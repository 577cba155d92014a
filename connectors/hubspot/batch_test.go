package hubspot

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/abmsync/abmsync/connectors/hubspot/hubspottest"
	"github.com/abmsync/abmsync/crm"
)

func TestBatchUpdate(t *testing.T) {
	t.Parallel()
	b := setup(t, hubspottest.GenOptions{Companies: 300, Seed: 5})
	ids := b.srv.IDs("companies")
	if err := b.c.EnsureProperties(context.Background(), crm.Companies, abmGroup, abmDefs[:1]); err != nil {
		t.Fatal(err)
	}
	updates := func(ids []string, prop string) []crm.Update {
		out := make([]crm.Update, len(ids))
		for i, id := range ids {
			out[i] = crm.Update{ID: id, Properties: map[string]string{prop: strconv.Itoa(i)}}
		}
		return out
	}
	tests := []struct {
		name        string
		updates     []crm.Update
		calls       int
		updated     int
		failed      []string // IDs
		failMessage string
		wantErr     bool
	}{
		{"250 records in three calls", updates(ids[:250], "abm_engagement_score"), 3, 250, nil, "", false},
		{"unknown property fails its record only", append(updates(ids[:3], "abm_engagement_score"),
			crm.Update{ID: ids[3], Properties: map[string]string{"no_such_property": "1"}},
			crm.Update{ID: "123", Properties: map[string]string{"name": "x"}}),
			1, 3, []string{ids[3], "123"}, "PROPERTY_DOESNT_EXIST", false},
		{"a chunk that fails as a whole is an error", append(updates(ids[:100], "abm_engagement_score"),
			crm.Update{ID: ids[100], Properties: map[string]string{"no_such_property": "1"}}),
			2, 100, nil, "", true},
		{"duplicate IDs refused before any call", []crm.Update{{ID: ids[0]}, {ID: ids[0]}}, 0, 0, nil, "", true},
		{"nothing to do", nil, 0, 0, nil, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b.srv.ResetCalls()
			res, err := b.c.BatchUpdate(context.Background(), crm.Companies, tt.updates)
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v", err)
			}
			if tt.wantErr && tt.calls > 0 && !errors.Is(err, crm.ErrPermanent) {
				t.Errorf("whole-chunk 400 not permanent: %v", err)
			}
			if got := b.srv.Calls()["POST /crm/objects/{v}/companies/batch/update"]; got != tt.calls || res.Calls != tt.calls {
				t.Errorf("calls: server %d, result %d, want %d", got, res.Calls, tt.calls)
			}
			if len(res.Updated) != tt.updated {
				t.Errorf("updated %d, want %d", len(res.Updated), tt.updated)
			}
			var failed []string
			for _, f := range res.Failed {
				failed = append(failed, f.ID)
				if tt.failMessage != "" && f.ID == tt.failed[0] && !strings.Contains(f.Message, tt.failMessage) {
					t.Errorf("failure %+v lacks %s", f, tt.failMessage)
				}
			}
			slices.Sort(failed)
			want := slices.Clone(tt.failed)
			slices.Sort(want)
			if !slices.Equal(failed, want) {
				t.Errorf("failed %v, want %v", failed, want)
			}
		})
	}
	if got := b.srv.Company(ids[249])["abm_engagement_score"]; got != "249" {
		t.Errorf("company %s score %q, want 249", ids[249], got)
	}
}

// TestBatchUpdateAttribution covers 207 answers whose errors name several
// records, or none, or leave a record out.
func TestBatchUpdateAttribution(t *testing.T) {
	t.Parallel()
	rc := &recorder{body: `{"status":"COMPLETE","results":[{"id":"1"}],"numErrors":2,"errors":[
		{"status":"error","category":"VALIDATION_ERROR","message":"Property values were not valid","context":{"ids":["2","3"]},"errors":[{"message":"x","code":"INVALID_INTEGER"}]},
		{"status":"error","category":"OBJECT_NOT_FOUND","message":"Object not found","context":{"ids":["4"]}}]}`}
	c, _ := handlerClient(t, rc.handler)
	var ups []crm.Update
	for _, id := range []string{"1", "2", "3", "4", "5"} {
		ups = append(ups, crm.Update{ID: id, Properties: map[string]string{"a": "b"}})
	}
	res, err := c.BatchUpdate(context.Background(), crm.Contacts, ups)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]crm.RecordError{}
	for _, f := range res.Failed {
		got[f.ID] = f
	}
	if !slices.Equal(res.Updated, []string{"1"}) || len(got) != 4 ||
		got["2"].Category != "VALIDATION_ERROR" || !strings.Contains(got["3"].Message, "INVALID_INTEGER") ||
		got["4"].Category != "OBJECT_NOT_FOUND" || got["5"].Message == "" {
		t.Errorf("updated %v failed %+v", res.Updated, res.Failed)
	}
	req := rc.last(t)
	inputs := req.body["inputs"].([]any)
	if req.path != "/crm/objects/2026-03/contacts/batch/update" || len(inputs) != 5 ||
		inputs[0].(map[string]any)["id"] != "1" || inputs[0].(map[string]any)["properties"].(map[string]any)["a"] != "b" {
		t.Errorf("request %s %v", req.path, req.body)
	}
}
