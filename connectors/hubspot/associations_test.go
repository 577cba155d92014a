package hubspot

import (
	"context"
	"fmt"
	"reflect"
	"testing"

	"github.com/abmsync/abmsync/connectors/hubspot/hubspottest"
)

func TestBatchReadAssociations(t *testing.T) {
	t.Parallel()
	b := setup(t, hubspottest.GenOptions{Companies: 10, Contacts: 1500, Seed: 4}, func(_ *Config, o *hubspottest.Options) {
		o.AssociationPage = 4
	})
	ctx := context.Background()
	contacts := b.srv.IDs("contacts")
	companies := b.srv.IDs("companies")
	// One contact with 10 companies: three pages of 4.
	b.srv.Associate("contacts", contacts[0], "companies", companies...)

	tests := []struct {
		name      string
		from, to  string
		ids       []string
		wantCalls int
		check     func(t *testing.T, m map[string][]string)
	}{
		{"paged list", "contacts", "companies", contacts[:1], 3, func(t *testing.T, m map[string][]string) {
			if len(m[contacts[0]]) != 10 {
				t.Errorf("contact 0 has %d companies, want 10: %v", len(m[contacts[0]]), m[contacts[0]])
			}
		}},
		{"1,500 IDs in two calls", "contacts", "companies", contacts[1:], 2, func(t *testing.T, m map[string][]string) {
			if len(m) != 1499 {
				t.Errorf("%d contacts with companies, want 1499", len(m))
			}
			for id, cs := range m {
				if len(cs) != 1 {
					t.Fatalf("contact %s: %v", id, cs)
				}
			}
		}},
		{"duplicates asked once", "contacts", "companies", []string{contacts[5], contacts[5]}, 1, func(t *testing.T, m map[string][]string) {
			if len(m[contacts[5]]) != 1 {
				t.Errorf("m = %v", m)
			}
		}},
		{"no associations is absent (207)", "companies", "deals", companies[:2], 1, func(t *testing.T, m map[string][]string) {
			if len(m) != 0 {
				t.Errorf("m = %v", m)
			}
		}},
		{"nothing to read", "contacts", "companies", nil, 0, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b.srv.ResetCalls()
			m, err := b.c.BatchReadAssociations(ctx, tt.from, tt.to, tt.ids)
			if err != nil {
				t.Fatal(err)
			}
			key := fmt.Sprintf("POST /crm/associations/{v}/%s/%s/batch/read", tt.from, tt.to)
			if got := b.srv.Calls()[key]; got != tt.wantCalls {
				t.Errorf("%d calls, want %d", got, tt.wantCalls)
			}
			if tt.check != nil {
				tt.check(t, m)
			}
		})
	}
}

func TestBatchReadAssociationsNumericIDs(t *testing.T) {
	t.Parallel()
	rc := &recorder{body: `{"status":"COMPLETE","results":[{"from":{"id":"1"},"to":[{"toObjectId":901,"associationTypes":[{"category":"HUBSPOT_DEFINED","typeId":1}]},{"toObjectId":"902"}]}]}`}
	c, _ := handlerClient(t, rc.handler)
	m, err := c.BatchReadAssociations(context.Background(), "contacts", "companies", []string{"1"})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(m, map[string][]string{"1": {"901", "902"}}) {
		t.Errorf("m = %v", m)
	}
	got := rc.last(t)
	if got.path != "/crm/associations/2026-03/contacts/companies/batch/read" ||
		!reflect.DeepEqual(got.body, map[string]any{"inputs": []any{map[string]any{"id": "1"}}}) {
		t.Errorf("request %s %v", got.path, got.body)
	}
}
