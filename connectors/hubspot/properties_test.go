package hubspot

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/abmsync/abmsync/connectors/hubspot/hubspottest"
	"github.com/abmsync/abmsync/crm"
)

var (
	abmGroup = crm.PropertyGroup{Name: "abmsync", Label: "abmsync"}
	abmDefs  = []crm.PropertyDef{
		{Name: "abm_engagement_score", Label: "Engagement score", Type: "number", FieldType: "number", GroupName: "abmsync"},
		{Name: "abm_is_engaged", Label: "Engaged", Type: "bool", FieldType: "booleancheckbox", GroupName: "abmsync"},
		{Name: "abm_last_synced", Label: "Last synced", Type: "datetime", FieldType: "date"},
	}
)

func TestEnsureProperties(t *testing.T) {
	t.Parallel()
	b := setup(t, hubspottest.GenOptions{Companies: 1})
	ctx := context.Background()
	const (
		get       = "GET /crm/properties/{v}/companies"
		postProp  = "POST /crm/properties/{v}/companies"
		postGroup = "POST /crm/properties/{v}/companies/groups"
	)
	steps := []struct {
		name  string
		defs  []crm.PropertyDef
		calls map[string]int
	}{
		{"first run creates group and properties", abmDefs[:2], map[string]int{get: 1, postGroup: 1, postProp: 2, "total": 4}},
		{"second run only reads", abmDefs[:2], map[string]int{get: 1, "total": 1}},
		{"new property in an existing group", abmDefs, map[string]int{get: 1, postProp: 1, "total": 2}},
	}
	for _, st := range steps {
		b.srv.ResetCalls()
		if err := b.c.EnsureProperties(ctx, crm.Companies, abmGroup, st.defs); err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		got := b.srv.Calls()
		for k, want := range st.calls {
			if got[k] != want {
				t.Errorf("%s: calls %v, want %v", st.name, got, st.calls)
				break
			}
		}
		if got["total"] != st.calls["total"] {
			t.Errorf("%s: calls %v, want %v", st.name, got, st.calls)
		}
	}
	for _, d := range abmDefs {
		if g, ok := b.srv.Property("companies", d.Name); !ok || g != "abmsync" {
			t.Errorf("property %s: group %q, exists %v", d.Name, g, ok)
		}
	}
}

// TestEnsurePropertiesEmptyGroup: a group without properties cannot be seen
// in the property list; creating it answers 409, which is fine.
func TestEnsurePropertiesEmptyGroup(t *testing.T) {
	t.Parallel()
	b := setup(t, hubspottest.GenOptions{Contacts: 1})
	ctx := context.Background()
	if _, _, err := b.c.CreatePropertyGroup(ctx, "contacts", PropertyGroup{Name: "abmsync", Label: "abmsync"}); err != nil {
		t.Fatal(err)
	}
	if err := b.c.EnsureProperties(ctx, crm.Contacts, abmGroup, abmDefs[:1]); err != nil {
		t.Fatal(err)
	}
	if _, ok := b.srv.Property("contacts", abmDefs[0].Name); !ok {
		t.Error("property not created")
	}
}

func TestEnsurePropertiesRequests(t *testing.T) {
	t.Parallel()
	rc := &recorder{body: `{"results":[]}`}
	c, _ := handlerClient(t, rc.handler)
	if err := c.EnsureProperties(context.Background(), crm.Deals, abmGroup, abmDefs[1:2]); err != nil {
		t.Fatal(err)
	}
	if len(rc.reqs) != 3 {
		t.Fatalf("%d requests", len(rc.reqs))
	}
	g, p := rc.reqs[1], rc.reqs[2]
	if g.method != "POST" || g.path != "/crm/properties/2026-03/deals/groups" || g.body["name"] != "abmsync" || g.body["label"] != "abmsync" {
		t.Errorf("group request %s %s %v", g.method, g.path, g.body)
	}
	opts, _ := p.body["options"].([]any)
	if p.path != "/crm/properties/2026-03/deals" || p.body["name"] != "abm_is_engaged" || p.body["type"] != "bool" ||
		p.body["fieldType"] != "booleancheckbox" || p.body["groupName"] != "abmsync" || len(opts) != 2 {
		t.Errorf("property request %s %v", p.path, p.body)
	}
}

func TestEnsurePropertiesErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		steps []func(http.ResponseWriter, *http.Request)
		want  string
	}{
		{"missing scope on read", []func(http.ResponseWriter, *http.Request){
			status(403, `{"status":"error","message":"This app hasn't been granted all required scopes","category":"MISSING_SCOPES"}`)},
			"ensure companies properties: GET /crm/properties/2026-03/companies: 403"},
		{"property create refused", []func(http.ResponseWriter, *http.Request){
			status(200, `{"results":[{"name":"x","groupName":"abmsync","type":"string","fieldType":"text"}]}`),
			status(400, `{"status":"error","message":"bad type","category":"VALIDATION_ERROR"}`)},
			"ensure companies property abm_engagement_score"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var attempts atomic.Int32
			c, _ := handlerClient(t, scripted(&attempts, tt.steps...))
			err := c.EnsureProperties(context.Background(), crm.Companies, abmGroup, abmDefs[:1])
			if err == nil || !errors.Is(err, crm.ErrPermanent) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want permanent error naming %q", err, tt.want)
			}
			if strings.Count(err.Error(), "hubspot:") != 1 {
				t.Errorf("err %q repeats the prefix", err)
			}
		})
	}
}
