package hubspot

import (
	"context"
	"errors"
	"fmt"
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

// TestEnsurePropertiesServerErrors: property and group creation are resent
// within the call after 5xx answers (a 409 on the resend means the lost
// first attempt created it), so EnsureProperties succeeds without the
// caller retrying, also with 30 % of all answers failing.
func TestEnsurePropertiesServerErrors(t *testing.T) {
	t.Parallel()
	const (
		postProp  = "POST /crm/properties/{v}/companies"
		postGroup = "POST /crm/properties/{v}/companies/groups"
	)
	twenty := make([]crm.PropertyDef, 20)
	for i := range twenty {
		twenty[i] = crm.PropertyDef{Name: fmt.Sprintf("abm_p%02d", i), Label: fmt.Sprintf("P%02d", i), Type: "number", FieldType: "number"}
	}
	failNext := func(pattern string, status, n int) func(*hubspottest.Server) {
		return func(s *hubspottest.Server) {
			for range n {
				s.FailNext(pattern, status, "")
			}
		}
	}
	tests := []struct {
		name   string
		defs   []crm.PropertyDef
		inject func(*hubspottest.Server)
		// wantErr, when set, is what the error names; the error is
		// temporary (a later run may succeed).
		wantErr string
	}{
		{name: "500 to the first three property creations", defs: abmDefs, inject: failNext(postProp, 500, 3)},
		{name: "503 to the group creation, twice", defs: abmDefs, inject: failNext(postGroup, 503, 2)},
		{name: "answer lost after the property was created", defs: abmDefs, inject: func(s *hubspottest.Server) {
			s.Inject(hubspottest.Fault{Pattern: postProp, Status: 502, Processed: true})
		}},
		{name: "answer lost after the group was created", defs: abmDefs, inject: func(s *hubspottest.Server) {
			s.Inject(hubspottest.Fault{Pattern: postGroup, Status: 500, Processed: true})
		}},
		{name: "30 % of all answers 503", defs: twenty, inject: func(s *hubspottest.Server) {
			s.FailRandomly(hubspottest.Fault{Pattern: "*", Status: 503}, 0.3, 1)
		}},
		{name: "30 % of all answers 500 after the work was done", defs: twenty, inject: func(s *hubspottest.Server) {
			s.FailRandomly(hubspottest.Fault{Pattern: "*", Status: 500, Processed: true}, 0.3, 2)
		}},
		{name: "5xx beyond the resends", defs: abmDefs, inject: failNext(postProp, 500, retryPolicy.MaxTransientRetries+1),
			wantErr: "ensure companies property abm_engagement_score: POST /crm/properties/2026-03/companies: 500"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			b := setup(t, hubspottest.GenOptions{Companies: 1})
			tt.inject(b.srv)
			err := b.c.EnsureProperties(context.Background(), crm.Companies, abmGroup, tt.defs)
			if tt.wantErr != "" {
				if err == nil || errors.Is(err, crm.ErrPermanent) || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want a temporary error naming %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			for _, d := range tt.defs {
				if _, ok := b.srv.Property("companies", d.Name); !ok {
					t.Errorf("property %s missing", d.Name)
				}
			}
			// One list, one group, one creation per property, and one
			// resend per injected answer.
			injected := b.srv.Injected()
			if got, want := b.srv.Calls()["total"], 2+len(tt.defs)+injected; injected == 0 || got != want {
				t.Errorf("%d calls with %d injected failures, want %d", got, injected, want)
			}
		})
	}
}
