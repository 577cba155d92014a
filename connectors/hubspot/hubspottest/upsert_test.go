package hubspottest

import (
	"fmt"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func TestBatchUpsert(t *testing.T) {
	t.Parallel()
	// Every clock reading is a second later, so that writes show in the
	// modification times.
	var tick int64
	clock := func() time.Time { return testNow.Add(time.Duration(atomic.AddInt64(&tick, 1)) * time.Second) }
	srv := NewServer(Options{Data: Generate(GenOptions{Companies: 2, Contacts: 3, Seed: 3, Now: testNow}), Clock: clock})
	t.Cleanup(srv.Close)
	const upsert = "/crm/objects/2026-03/contacts/batch/upsert"
	if a := call(t, srv, "POST", "/crm/properties/2026-03/contacts",
		`{"name":"abm_contact_key","label":"Key","type":"string","fieldType":"text","groupName":"contactinformation","hasUniqueValue":true}`); a.status != 201 {
		t.Fatalf("create property: %d %s", a.status, a.raw)
	}
	existing := srv.IDs("contacts")
	var taken string // a generated contact's e-mail address
	for _, id := range existing {
		if e := srv.Object("contacts", id)["email"]; e != "" {
			taken = e
			break
		}
	}
	big := `{"inputs":[` + strings.TrimSuffix(strings.Repeat(`{"id":"a@b.example","idProperty":"email","properties":{}},`, 101), ",") + `]}`
	steps := []struct {
		name, body string
		status     int
		check      func(t *testing.T, a answer)
	}{
		{"over 100 inputs", big, 400, nil},
		{"non-unique idProperty", `{"inputs":[{"id":"Ada","idProperty":"firstname","properties":{}}]}`, 400, func(t *testing.T, a answer) {
			if !strings.Contains(a.body["message"].(string), "non-unique 0-1 property firstname") {
				t.Errorf("message %v", a.body["message"])
			}
		}},
		{"mixed idProperty", `{"inputs":[{"id":"a@b.example","idProperty":"email","properties":{}},{"id":"k","idProperty":"abm_contact_key","properties":{}}]}`, 400, nil},
		{"duplicate ids", `{"inputs":[{"id":"a@b.example","idProperty":"email","properties":{}},{"id":"A@b.example","idProperty":"email","properties":{}}]}`, 400, nil},
		{"invalid input without trace IDs fails the batch", `{"inputs":[
			{"id":"new@acme.example","idProperty":"email","properties":{"jobtitle":"CEO"}},
			{"id":"nope","idProperty":"email","properties":{}}]}`, 400, func(t *testing.T, a answer) {
			if len(srv.IDs("contacts")) != 3 || !strings.Contains(a.raw, "INVALID_EMAIL") {
				t.Errorf("%d contacts, answer %s", len(srv.IDs("contacts")), a.raw)
			}
		}},
		{"invalid inputs with trace IDs answer 207", `{"inputs":[
			{"id":"New@Acme.example","idProperty":"email","properties":{"jobtitle":"CEO","abm_contact_key":"k1","hs_buying_role":"DECISION_MAKER;BUDGET_HOLDER"},"objectWriteTraceId":"t1"},
			{"id":"nope","idProperty":"email","properties":{},"objectWriteTraceId":"t2"},
			{"id":"x@acme.example","idProperty":"email","properties":{"no_such":"1"},"objectWriteTraceId":"t3"},
			{"id":"y@acme.example","idProperty":"email","properties":{"hs_buying_role":"gatekeeper"},"objectWriteTraceId":"t4"},
			{"id":"z@acme.example","idProperty":"email","properties":{"abm_contact_key":"k1"},"objectWriteTraceId":"t5"},
			{"id":"w@acme.example","idProperty":"email","properties":{"hs_object_id":"1"},"objectWriteTraceId":"t6"}]}`, 207, func(t *testing.T, a answer) {
			res := a.body["results"].([]any)
			if len(res) != 1 || res[0].(map[string]any)["new"] != true || res[0].(map[string]any)["objectWriteTraceId"] != "t1" {
				t.Fatalf("results %v", res)
			}
			id := res[0].(map[string]any)["id"].(string)
			if o := srv.Object("contacts", id); o["email"] != "new@acme.example" || o["abm_contact_key"] != "k1" || o["jobtitle"] != "CEO" {
				t.Errorf("created %v", o)
			}
			codes := map[string]string{}
			for _, e := range a.body["errors"].([]any) {
				m := e.(map[string]any)
				ctx := m["context"].(map[string]any)
				codes[ctx["objectWriteTraceId"].([]any)[0].(string)] = m["category"].(string) + " " + m["message"].(string)
			}
			for trace, want := range map[string]string{"t2": "INVALID_EMAIL", "t3": "PROPERTY_DOESNT_EXIST", "t4": "INVALID_OPTION", "t5": "CONFLICT", "t6": "READ_ONLY_VALUE"} {
				if !strings.Contains(codes[trace], want) {
					t.Errorf("%s: %q, want %s", trace, codes[trace], want)
				}
			}
		}},
		{"same upsert again updates, new false", `{"inputs":[{"id":"new@acme.example","idProperty":"email","properties":{"jobtitle":"CEO"},"objectWriteTraceId":"t1"}]}`, 200, func(t *testing.T, a answer) {
			r := a.body["results"].([]any)[0].(map[string]any)
			if r["new"] != false || len(srv.IDs("contacts")) != 4 {
				t.Errorf("result %v, %d contacts", r, len(srv.IDs("contacts")))
			}
			if o := srv.Object("contacts", r["id"].(string)); o["lastmodifieddate"] != o["createdate"] {
				t.Errorf("unchanged values touched the record: %v", o)
			}
		}},
		{"by the unique property", `{"inputs":[{"id":"k1","idProperty":"abm_contact_key","properties":{"jobtitle":"CFO"}},{"id":"k2","idProperty":"abm_contact_key","properties":{"jobtitle":"CTO"}}]}`, 200, func(t *testing.T, a answer) {
			res := a.body["results"].([]any)
			if res[0].(map[string]any)["new"] != false || res[1].(map[string]any)["new"] != true || len(srv.IDs("contacts")) != 5 {
				t.Errorf("results %v", res)
			}
		}},
		{"e-mail of another contact", fmt.Sprintf(`{"inputs":[{"id":"k2","idProperty":"abm_contact_key","properties":{"email":%q},"objectWriteTraceId":"t"}]}`, strings.ToUpper(taken)), 207, func(t *testing.T, a answer) {
			if !strings.Contains(a.raw, "CONFLICT") {
				t.Errorf("answer %s", a.raw)
			}
		}},
	}
	for _, st := range steps {
		a := call(t, srv, "POST", upsert, st.body)
		if a.status != st.status {
			t.Fatalf("%s: status %d, want %d: %s", st.name, a.status, st.status, a.raw)
		}
		if st.check != nil {
			st.check(t, a)
		}
	}
	if got := srv.Calls()["POST /crm/objects/{v}/contacts/batch/upsert"]; got != len(steps) {
		t.Errorf("%d upsert calls counted, want %d", got, len(steps))
	}
	// Batch update refuses a unique value another record holds.
	a := call(t, srv, "POST", "/crm/objects/2026-03/contacts/batch/update", fmt.Sprintf(`{"inputs":[{"id":%q,"properties":{"abm_contact_key":"k1"}}]}`, existing[0]))
	if a.status != 400 || !strings.Contains(a.raw, "CONFLICTING_UNIQUE_VALUE") {
		t.Errorf("batch update: %d %s", a.status, a.raw)
	}
}

func TestUniquePropertyLimit(t *testing.T) {
	t.Parallel()
	srv := setup(t, GenOptions{})
	for i := range 11 {
		a := call(t, srv, "POST", "/crm/properties/2026-03/companies",
			fmt.Sprintf(`{"name":"key_%d","label":"Key","type":"string","fieldType":"text","groupName":"companyinformation","hasUniqueValue":true}`, i))
		if want := map[bool]int{true: 201, false: 400}[i < maxUniqueProperties]; a.status != want {
			t.Errorf("property %d: %d, want %d", i, a.status, want)
		}
	}
	a := call(t, srv, "GET", "/crm/properties/2026-03/companies", "")
	if !strings.Contains(a.raw, `"name":"key_0"`) || !strings.Contains(a.raw, `"hasUniqueValue":true`) {
		t.Errorf("list %s", a.raw)
	}
}

func TestBatchReadByProperty(t *testing.T) {
	t.Parallel()
	srv := setup(t, GenOptions{Contacts: 20, Seed: 2})
	var emails []string
	for _, id := range srv.IDs("contacts") {
		if e := srv.Object("contacts", id)["email"]; e != "" {
			emails = append(emails, e)
		}
	}
	const read = "/crm/objects/2026-03/contacts/batch/read"
	a := call(t, srv, "POST", read, fmt.Sprintf(`{"idProperty":"email","properties":["email","jobtitle"],"inputs":[{"id":%q},{"id":"missing@acme.example"}]}`, strings.ToUpper(emails[0])))
	if a.status != 207 {
		t.Fatalf("status %d %s", a.status, a.raw)
	}
	res := a.body["results"].([]any)
	props := res[0].(map[string]any)["properties"].(map[string]any)
	if len(res) != 1 || props["email"] != emails[0] || props["jobtitle"] != nil {
		t.Errorf("results %v", res)
	}
	if e := a.body["errors"].([]any)[0].(map[string]any); e["category"] != "OBJECT_NOT_FOUND" ||
		!slices.Equal(e["context"].(map[string]any)["ids"].([]any), []any{"missing@acme.example"}) {
		t.Errorf("errors %v", a.body["errors"])
	}
	id := srv.IDs("contacts")[3]
	if a := call(t, srv, "POST", read, fmt.Sprintf(`{"inputs":[{"id":%q}]}`, id)); a.status != 200 || len(a.body["results"].([]any)) != 1 {
		t.Errorf("by ID: %d %s", a.status, a.raw)
	}
	if a := call(t, srv, "POST", read, `{"idProperty":"lastname","inputs":[{"id":"x"}]}`); a.status != 400 {
		t.Errorf("non-unique: %d", a.status)
	}
	big := `{"inputs":[` + strings.TrimSuffix(strings.Repeat(`{"id":"1"},`, 101), ",") + `]}`
	if a := call(t, srv, "POST", read, big); a.status != 400 {
		t.Errorf("101 inputs: %d", a.status)
	}
}

func TestAssociateDefault(t *testing.T) {
	t.Parallel()
	srv := setup(t, GenOptions{Companies: 2, Contacts: 2, Seed: 5})
	co, ct := srv.IDs("companies"), srv.IDs("contacts")
	const path = "/crm/associations/2026-03/contacts/companies/batch/associate/default"
	body := fmt.Sprintf(`{"inputs":[{"from":{"id":%q},"to":{"id":%q}},{"from":{"id":%q},"to":{"id":%q}}]}`, ct[0], co[0], ct[1], co[0])
	for i := range 2 { // the second time changes nothing
		a := call(t, srv, "POST", path, body)
		if a.status != 200 || len(a.body["results"].([]any)) != 2 {
			t.Fatalf("status %d %s", a.status, a.raw)
		}
		got := srv.Associations("companies", co[0], "contacts")
		if n := len(got); !slices.Contains(got, ct[0]) || !slices.Contains(got, ct[1]) || (i == 1 && n != len(slices.Compact(slices.Sorted(slices.Values(got))))) {
			t.Errorf("company contacts %v", got)
		}
		if !slices.Contains(srv.Associations("contacts", ct[0], "companies"), co[0]) {
			t.Error("association missing in the other direction")
		}
	}
	a := call(t, srv, "POST", path, fmt.Sprintf(`{"inputs":[{"from":{"id":%q},"to":{"id":"42"}}]}`, ct[0]))
	if a.status != 207 || len(a.body["errors"].([]any)) != 1 {
		t.Errorf("missing company: %d %s", a.status, a.raw)
	}
	if got := srv.Calls()["POST /crm/associations/{v}/contacts/companies/batch/associate/default"]; got != 3 {
		t.Errorf("%d calls", got)
	}
}
