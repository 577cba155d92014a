package hubspot

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/abmsync/abmsync/connectors/hubspot/hubspottest"
	"github.com/abmsync/abmsync/crm"
)

// contactDefs are the contact properties of the write-back, as domain code
// would define them.
var contactDefs = []crm.PropertyDef{
	{Name: crm.ContactKeyProperty, Label: "ABM contact key", Type: "string", FieldType: "text"},
	{Name: "abm_contact_role", Label: "ABM contact role", Type: "string", FieldType: "text"},
	{Name: "abm_source_url", Label: "ABM source URL", Type: "string", FieldType: "text"},
	{Name: "abm_source", Label: "ABM source", Type: "string", FieldType: "text"},
	{Name: "abm_confidence", Label: "ABM confidence", Type: "number", FieldType: "number"},
	{Name: "abm_enriched_at", Label: "ABM enriched at", Type: "datetime", FieldType: "date"},
}

const (
	upsertKey    = "POST /crm/objects/{v}/contacts/batch/upsert"
	readKey      = "POST /crm/objects/{v}/contacts/batch/read"
	assocReadKey = "POST /crm/associations/{v}/contacts/companies/batch/read"
	associateKey = "POST /crm/associations/{v}/contacts/companies/batch/associate/default"
)

// contactSetup is a portal with 3 companies, 5 contacts and the write-back
// properties.
func contactSetup(t *testing.T) *bundle {
	t.Helper()
	b := setup(t, hubspottest.GenOptions{Companies: 3, Contacts: 5, Seed: 11})
	if err := b.c.EnsureProperties(context.Background(), crm.Contacts, abmGroup, contactDefs); err != nil {
		t.Fatal(err)
	}
	b.srv.ResetCalls()
	return b
}

// person builds an input with every write-back property.
func person(key, email, company, title, role string) crm.ContactUpsert {
	return crm.ContactUpsert{
		Key: key, Email: email, CompanyID: company,
		Properties: map[string]string{
			"jobtitle": title, "hs_buying_role": role, "abm_contact_role": strings.ToLower(role),
			"abm_source_url": "https://acme.example/impressum", "abm_source": "web",
			"abm_confidence": "0.9", "abm_enriched_at": "2026-06-01T00:00:00.000Z",
		},
		KeepIfSet: []string{"hs_buying_role"},
	}
}

func TestUpsertContacts(t *testing.T) {
	t.Parallel()
	b := contactSetup(t)
	ctx := context.Background()
	companies := b.srv.IDs("companies")
	var existing, emails []string // two generated contacts with e-mail addresses
	for _, id := range b.srv.IDs("contacts") {
		if e := b.srv.Object("contacts", id)["email"]; e != "" && len(existing) < 2 {
			existing, emails = append(existing, id), append(emails, e)
		}
	}
	if len(existing) < 2 {
		t.Fatal("generated contacts lack e-mail addresses")
	}
	email0, email1 := emails[0], emails[1]
	// A person set a buying role on contact 0.
	if _, err := b.c.BatchUpdate(ctx, crm.Contacts, []crm.Update{{ID: existing[0], Properties: map[string]string{"hs_buying_role": "CHAMPION"}}}); err != nil {
		t.Fatal(err)
	}
	anna := person("acme:anna schmidt", "Anna.Schmidt@ACME.example", companies[0], "Geschäftsführerin", "DECISION_MAKER")
	bernd := person("acme:bernd meier", "", companies[0], "Leiter Einkauf", "BUDGET_HOLDER")
	bernd2 := person("acme:bernd meier", "", companies[0], "Head of Procurement", "BUDGET_HOLDER")
	berndMail := bernd2
	berndMail.Email = "bernd.meier@acme.example"
	// A company neither contact 0 nor contact 1 belongs to yet.
	other := ""
	for _, co := range companies {
		if !slices.Contains(b.srv.Associations("contacts", existing[0], "companies"), co) &&
			!slices.Contains(b.srv.Associations("contacts", existing[1], "companies"), co) {
			other = co
		}
	}
	if other == "" {
		t.Fatal("no free company")
	}
	old0 := person("acme:old zero", email0, other, "CFO", "DECISION_MAKER")
	old1 := person("acme:old one", email1, other, "CTO", "DECISION_MAKER")
	ids := map[string]string{} // key -> contact ID, filled as contacts appear

	type want struct {
		created, updated []string // keys
		failed           map[string]string
		calls            map[string]int
	}
	steps := []struct {
		name   string
		inputs []crm.ContactUpsert
		want   want
		check  func(t *testing.T)
	}{
		{"create by e-mail and by key", []crm.ContactUpsert{anna, bernd}, want{
			created: []string{anna.Key, bernd.Key},
			calls:   map[string]int{readKey: 2, upsertKey: 2, associateKey: 1, "total": 5},
		}, func(t *testing.T) {
			a := b.srv.Object("contacts", ids[anna.Key])
			if a["email"] != "anna.schmidt@acme.example" || a[crm.ContactKeyProperty] != anna.Key ||
				a["jobtitle"] != "Geschäftsführerin" || a["hs_buying_role"] != "DECISION_MAKER" || a["abm_source"] != "web" {
				t.Errorf("anna = %v", a)
			}
			if m := b.srv.Object("contacts", ids[bernd.Key]); m[crm.ContactKeyProperty] != bernd.Key || m["email"] != "" || m["abm_contact_role"] != "budget_holder" {
				t.Errorf("bernd = %v", m)
			}
			got := b.srv.Associations("companies", companies[0], "contacts")
			if !slices.Contains(got, ids[anna.Key]) || !slices.Contains(got, ids[bernd.Key]) {
				t.Errorf("company %s contacts %v lack %v", companies[0], got, ids)
			}
		}},
		{"identical re-run writes nothing", []crm.ContactUpsert{anna, bernd}, want{
			updated: []string{anna.Key, bernd.Key},
			calls:   map[string]int{readKey: 2, assocReadKey: 1, "total": 3},
		}, nil},
		{"a changed value is written to the same contact", []crm.ContactUpsert{anna, bernd2}, want{
			updated: []string{anna.Key, bernd.Key},
			calls:   map[string]int{readKey: 2, upsertKey: 1, assocReadKey: 1, "total": 4},
		}, func(t *testing.T) {
			if got := b.srv.Object("contacts", ids[bernd.Key])["jobtitle"]; got != "Head of Procurement" {
				t.Errorf("jobtitle %q", got)
			}
		}},
		{"buying role kept when set, set when empty", []crm.ContactUpsert{old0, old1}, want{
			updated: []string{old0.Key, old1.Key},
			calls:   map[string]int{readKey: 2, upsertKey: 1, assocReadKey: 1, associateKey: 1, "total": 5},
		}, func(t *testing.T) {
			if ids[old0.Key] != existing[0] || ids[old1.Key] != existing[1] {
				t.Errorf("ids %v, want the existing contacts %v", ids, existing[:2])
			}
			o0, o1 := b.srv.Object("contacts", existing[0]), b.srv.Object("contacts", existing[1])
			if o0["hs_buying_role"] != "CHAMPION" || o0["jobtitle"] != "CFO" || o0[crm.ContactKeyProperty] != old0.Key {
				t.Errorf("contact 0 = %v", o0)
			}
			if o1["hs_buying_role"] != "DECISION_MAKER" || o1[crm.ContactKeyProperty] != old1.Key {
				t.Errorf("contact 1 = %v", o1)
			}
			if got := b.srv.Associations("contacts", existing[0], "companies"); !slices.Contains(got, other) {
				t.Errorf("contact 0 companies %v", got)
			}
		}},
		{"an e-mail address found later goes to the contact of the key", []crm.ContactUpsert{berndMail}, want{
			updated: []string{bernd.Key},
			calls:   map[string]int{readKey: 2, upsertKey: 1, assocReadKey: 1, "total": 4},
		}, func(t *testing.T) {
			if got := b.srv.Object("contacts", ids[bernd.Key])["email"]; got != "bernd.meier@acme.example" {
				t.Errorf("email %q", got)
			}
		}},
		{"e-mail and key of two contacts conflict", []crm.ContactUpsert{{Key: anna.Key, Email: email1, Properties: map[string]string{"jobtitle": "x"}}}, want{
			failed: map[string]string{anna.Key: "CONFLICT"},
			calls:  map[string]int{readKey: 2, "total": 2},
		}, nil},
		{"nothing to do", nil, want{calls: map[string]int{"total": 0}}, nil},
	}
	for _, st := range steps {
		before := len(b.srv.IDs("contacts"))
		b.srv.ResetCalls()
		res, err := b.c.UpsertContacts(ctx, st.inputs)
		if err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		created, updated := 0, 0
		for _, w := range res.Written {
			if w.Created {
				created++
				if !slices.Contains(st.want.created, w.Key) {
					t.Errorf("%s: %s created", st.name, w.Key)
				}
				ids[w.Key] = w.ID
				continue
			}
			updated++
			if !slices.Contains(st.want.updated, w.Key) {
				t.Errorf("%s: %s updated", st.name, w.Key)
			}
			if id, ok := ids[w.Key]; ok && id != w.ID {
				t.Errorf("%s: %s is contact %s, was %s", st.name, w.Key, w.ID, id)
			}
			ids[w.Key] = w.ID
		}
		if created != len(st.want.created) || updated != len(st.want.updated) {
			t.Errorf("%s: written %+v", st.name, res.Written)
		}
		if got := len(b.srv.IDs("contacts")) - before; got != created {
			t.Errorf("%s: portal has %d new contacts, result says %d", st.name, got, created)
		}
		if len(res.Failed) != len(st.want.failed) {
			t.Errorf("%s: failed %+v", st.name, res.Failed)
		}
		for _, f := range res.Failed {
			if st.want.failed[f.ID] != f.Category {
				t.Errorf("%s: failure %+v", st.name, f)
			}
		}
		calls := b.srv.Calls()
		if calls["total"] != st.want.calls["total"] || res.Calls != calls["total"] {
			t.Errorf("%s: calls %v (result %d), want %v", st.name, calls, res.Calls, st.want.calls)
		}
		for k, n := range st.want.calls {
			if calls[k] != n {
				t.Errorf("%s: %d × %s, want %d", st.name, calls[k], k, n)
			}
		}
		if st.check != nil {
			st.check(t)
		}
	}
}

// proxy sits between a client and the fake portal, records request bodies
// and can lose answers: the portal processes the request, the client gets
// a 502.
type proxy struct {
	target string
	mu     sync.Mutex
	reqs   []recorded
	lose   map[string]int // URL path -> answers to lose
}

func (p *proxy) handler(w http.ResponseWriter, r *http.Request) {
	data, _ := io.ReadAll(r.Body)
	rec := recorded{method: r.Method, path: r.URL.Path, query: r.URL.Query()}
	_ = json.Unmarshal(data, &rec.body)
	p.mu.Lock()
	p.reqs = append(p.reqs, rec)
	p.mu.Unlock()
	req, _ := http.NewRequest(r.Method, p.target+r.URL.RequestURI(), bytes.NewReader(data))
	req.Header = r.Header.Clone()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	p.mu.Lock()
	lose := p.lose[r.URL.Path] > 0
	if lose {
		p.lose[r.URL.Path]--
	}
	p.mu.Unlock()
	if lose {
		http.Error(w, "<html>502 Bad Gateway</html>", http.StatusBadGateway)
		return
	}
	for k, v := range resp.Header {
		w.Header()[k] = v
	}
	w.WriteHeader(resp.StatusCode)
	w.Write(body)
}

func (p *proxy) requests(path string) []recorded {
	p.mu.Lock()
	defer p.mu.Unlock()
	var out []recorded
	for _, r := range p.reqs {
		if strings.HasSuffix(r.path, path) {
			out = append(out, r)
		}
	}
	return out
}

// proxied returns a client that reaches b's portal through a proxy.
func proxied(t *testing.T, b *bundle) (*Client, *proxy) {
	t.Helper()
	p := &proxy{target: b.srv.URL(), lose: map[string]int{}}
	c, _ := handlerClient(t, p.handler, func(cfg *Config) { cfg.AccessToken = b.srv.AccessToken() })
	return c, p
}

func inputsOf(r recorded) []map[string]any {
	var out []map[string]any
	list, _ := r.body["inputs"].([]any)
	for _, x := range list {
		out = append(out, x.(map[string]any))
	}
	return out
}

func TestUpsertContactsRequests(t *testing.T) {
	t.Parallel()
	b := contactSetup(t)
	c, p := proxied(t, b)
	companies := b.srv.IDs("companies")
	var inputs []crm.ContactUpsert
	for i := range 250 {
		email := ""
		if i < 130 {
			email = fmt.Sprintf("person%d@acme.example", i)
		}
		inputs = append(inputs, person(fmt.Sprintf("acme:person %d", i), email, companies[i%3], "Manager", "INFLUENCER"))
	}
	res, err := c.UpsertContacts(context.Background(), inputs)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Written) != 250 || len(res.Failed) != 0 {
		t.Fatalf("written %d, failed %+v", len(res.Written), res.Failed)
	}
	for _, w := range res.Written {
		if !w.Created || w.ID == "" {
			t.Fatalf("written %+v", w)
		}
	}

	reads := p.requests("/contacts/batch/read")
	byProp := map[string]int{}
	for _, r := range reads {
		idProp, _ := r.body["idProperty"].(string)
		byProp[idProp] += len(inputsOf(r))
		props, _ := r.body["properties"].([]any)
		for _, want := range []string{"email", crm.ContactKeyProperty, "hs_buying_role", "jobtitle", "abm_enriched_at"} {
			if !slices.Contains(props, any(want)) {
				t.Errorf("read by %s asks for %v, lacks %s", idProp, props, want)
			}
		}
		if n := len(inputsOf(r)); n > MaxBatchInputs {
			t.Errorf("read with %d inputs", n)
		}
	}
	if len(reads) != 5 || byProp["email"] != 130 || byProp[crm.ContactKeyProperty] != 250 {
		t.Errorf("%d reads, inputs by idProperty %v", len(reads), byProp)
	}

	ups := p.requests("/contacts/batch/upsert")
	sizes := map[string][]int{}
	for _, r := range ups {
		ins := inputsOf(r)
		idProp := ins[0]["idProperty"].(string)
		sizes[idProp] = append(sizes[idProp], len(ins))
		for _, in := range ins {
			props := in["properties"].(map[string]any)
			key := props[crm.ContactKeyProperty]
			switch {
			case in["idProperty"] != idProp:
				t.Fatalf("one call mixes idProperty %s and %v", idProp, in["idProperty"])
			case in["objectWriteTraceId"] != key || key == nil:
				t.Errorf("input %v: trace ID is not the key", in)
			case idProp == "email" && !strings.HasSuffix(in["id"].(string), "@acme.example"):
				t.Errorf("input %v: id is not the e-mail address", in)
			case idProp == crm.ContactKeyProperty && in["id"] != key:
				t.Errorf("input %v: id is not the key", in)
			case props["hs_buying_role"] != "INFLUENCER" || props["abm_source"] != "web" || props["abm_confidence"] != "0.9":
				t.Errorf("input %v: properties", in)
			}
		}
	}
	if !slices.Equal(sizes["email"], []int{100, 30}) || !slices.Equal(sizes[crm.ContactKeyProperty], []int{100, 20}) {
		t.Errorf("upsert sizes %v", sizes)
	}

	assoc := p.requests("/batch/associate/default")
	n := 0
	for _, r := range assoc {
		ins := inputsOf(r)
		if len(ins) > MaxBatchInputs {
			t.Errorf("associate with %d inputs", len(ins))
		}
		n += len(ins)
		if _, ok := ins[0]["from"].(map[string]any)["id"].(string); !ok {
			t.Errorf("associate input %v", ins[0])
		}
	}
	if len(assoc) != 3 || n != 250 {
		t.Errorf("%d associate calls with %d inputs", len(assoc), n)
	}
	for i, w := range res.Written {
		if got := b.srv.Associations("contacts", w.ID, "companies"); !slices.Equal(got, []string{companies[i%3]}) {
			t.Fatalf("contact %s companies %v", w.ID, got)
		}
	}
}

func TestUpsertContactsPartialFailure(t *testing.T) {
	t.Parallel()
	b := contactSetup(t)
	company := b.srv.IDs("companies")[0]
	good := person("acme:good", "good@acme.example", company, "CEO", "DECISION_MAKER")
	badEmail := person("acme:bad email", "not-an-address", company, "CEO", "DECISION_MAKER")
	badProp := person("acme:bad property", "", company, "CEO", "DECISION_MAKER")
	badProp.Properties["no_such_property"] = "x"
	gatekeeper := person("acme:gatekeeper", "", company, "Assistenz der Geschäftsführung", "gatekeeper")
	goodKey := person("acme:good key", "", company, "CFO", "BUDGET_HOLDER")

	res, err := b.c.UpsertContacts(context.Background(), []crm.ContactUpsert{good, badEmail, badProp, gatekeeper, goodKey})
	if err != nil {
		t.Fatal(err)
	}
	var written []string
	for _, w := range res.Written {
		written = append(written, w.Key)
	}
	if !slices.Equal(written, []string{good.Key, goodKey.Key}) {
		t.Errorf("written %v", written)
	}
	want := map[string]string{badEmail.Key: "INVALID_EMAIL", badProp.Key: "PROPERTY_DOESNT_EXIST", gatekeeper.Key: "INVALID_OPTION"}
	if len(res.Failed) != len(want) {
		t.Errorf("failed %+v", res.Failed)
	}
	for _, f := range res.Failed {
		if code := want[f.ID]; code == "" || !strings.Contains(f.Message, code) || f.Category != "VALIDATION_ERROR" {
			t.Errorf("failure %+v, want %s", f, code)
		}
	}
	if len(b.srv.IDs("contacts")) != 5+2 {
		t.Errorf("%d contacts", len(b.srv.IDs("contacts")))
	}
	got := b.srv.Associations("companies", company, "contacts")
	for _, w := range res.Written {
		if !slices.Contains(got, w.ID) {
			t.Errorf("company contacts %v lack %s", got, w.ID)
		}
	}
}

// TestUpsertContactsAttribution covers answers that name inputs only by
// their idProperty value, name none, or leave one out, and a failed
// association.
func TestUpsertContactsAttribution(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	var bodies []string
	h := func(w http.ResponseWriter, r *http.Request) {
		data, _ := io.ReadAll(r.Body)
		mu.Lock()
		bodies = append(bodies, r.URL.Path+" "+string(data))
		mu.Unlock()
		switch {
		case strings.HasSuffix(r.URL.Path, "/batch/read"):
			w.Write([]byte(`{"status":"COMPLETE","results":[]}`))
		case strings.HasSuffix(r.URL.Path, "/batch/upsert"):
			w.WriteHeader(http.StatusMultiStatus)
			w.Write([]byte(`{"status":"COMPLETE",
				"results":[{"id":"11","new":true,"properties":{"abm_contact_key":"k1"}},{"id":12,"new":false,"objectWriteTraceId":"k2"},{"id":"15","new":true,"objectWriteTraceId":"k5"}],
				"numErrors":2,"errors":[
				{"status":"error","category":"VALIDATION_ERROR","message":"Property values were not valid","context":{"ids":["k3"]},"errors":[{"message":"x","code":"INVALID_INTEGER"}]},
				{"status":"error","category":"INTERNAL_ERROR","message":"something went wrong"}]}`))
		case strings.HasSuffix(r.URL.Path, "/associate/default"):
			w.WriteHeader(http.StatusMultiStatus)
			w.Write([]byte(`{"status":"COMPLETE","results":[{"from":{"id":"11"},"to":{"id":"900"},"associationSpec":{"associationCategory":"HUBSPOT_DEFINED","associationTypeId":279}}],
				"errors":[{"status":"error","category":"VALIDATION_ERROR","message":"company does not exist","context":{"toObjectId":["901"]}}]}`))
		default:
			http.NotFound(w, r)
		}
	}
	c, _ := handlerClient(t, h)
	in := func(key, company string) crm.ContactUpsert {
		return crm.ContactUpsert{Key: key, CompanyID: company, Properties: map[string]string{"jobtitle": "x"}}
	}
	res, err := c.UpsertContacts(context.Background(), []crm.ContactUpsert{in("k1", "900"), in("k2", ""), in("k3", "900"), in("k4", ""), in("k5", "901")})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(res.Written, []crm.UpsertedContact{{Key: "k1", ID: "11", Created: true}, {Key: "k2", ID: "12"}}) {
		t.Errorf("written %+v", res.Written)
	}
	got := map[string]crm.RecordError{}
	for _, f := range res.Failed {
		got[f.ID] = f
	}
	if len(got) != 3 || !strings.Contains(got["k3"].Message, "INVALID_INTEGER") || got["k4"].Category != "INTERNAL_ERROR" ||
		!strings.Contains(got["k5"].Message, "contact 15 was written, but associating it with company 901 failed: company does not exist") {
		t.Errorf("failed %+v", res.Failed)
	}
	// 1 read by key (no e-mail addresses), 1 upsert, no association read
	// (k2 existed but has no company), 1 associate.
	if res.Calls != 3 {
		t.Errorf("calls %d: %v", res.Calls, bodies)
	}
}

func TestUpsertContactsErrors(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	t.Run("refused before any call", func(t *testing.T) {
		t.Parallel()
		var attempts atomic.Int32
		c, _ := handlerClient(t, scripted(&attempts, ok200))
		for _, inputs := range [][]crm.ContactUpsert{
			{{Key: " "}},
			{{Key: "a"}, {Key: "a"}},
			{{Key: "a", Email: "x@y.example"}, {Key: "b", Email: "X@Y.example "}},
			{{Key: "a", Properties: map[string]string{"email": "x@y.example"}}},
			{{Key: "a", Properties: map[string]string{crm.ContactKeyProperty: "b"}}},
		} {
			res, err := c.UpsertContacts(ctx, inputs)
			if !errors.Is(err, crm.ErrPermanent) || res.Calls != 0 {
				t.Errorf("%v: err %v, %d calls", inputs, err, res.Calls)
			}
		}
		if attempts.Load() != 0 {
			t.Errorf("%d requests", attempts.Load())
		}
	})
	t.Run("5xx on upsert and associate retried", func(t *testing.T) {
		t.Parallel()
		b := contactSetup(t)
		company := b.srv.IDs("companies")[0]
		b.srv.FailNext(upsertKey, http.StatusServiceUnavailable, "")
		b.srv.FailNext(associateKey, http.StatusBadGateway, "<html>bad gateway</html>")
		res, err := b.c.UpsertContacts(ctx, []crm.ContactUpsert{person("acme:x", "x@acme.example", company, "CEO", "DECISION_MAKER")})
		if err != nil || len(res.Written) != 1 || !res.Written[0].Created {
			t.Fatalf("res %+v err %v", res, err)
		}
		if calls := b.srv.Calls(); calls[upsertKey] != 2 || calls[associateKey] != 2 {
			t.Errorf("calls %v", calls)
		}
		if n, _ := b.clk.Slept(); n != 2 {
			t.Errorf("%d backoff sleeps, want 2", n)
		}
	})
	t.Run("resent after a lost answer, still one contact", func(t *testing.T) {
		t.Parallel()
		b := contactSetup(t)
		c, p := proxied(t, b)
		p.lose["/crm/objects/2026-03/contacts/batch/upsert"] = 1
		company := b.srv.IDs("companies")[0]
		before := len(b.srv.IDs("contacts"))
		res, err := c.UpsertContacts(ctx, []crm.ContactUpsert{
			person("acme:x", "x@acme.example", company, "CEO", "DECISION_MAKER"),
			person("acme:y", "", company, "CFO", "BUDGET_HOLDER"),
		})
		if err != nil || len(res.Written) != 2 {
			t.Fatalf("res %+v err %v", res, err)
		}
		if got := len(b.srv.IDs("contacts")) - before; got != 2 {
			t.Errorf("%d contacts created, want 2", got)
		}
		if n := len(p.requests("/contacts/batch/upsert")); n != 3 {
			t.Errorf("%d upsert requests, want 3 (one resent)", n)
		}
	})
	t.Run("whole batch refused", func(t *testing.T) {
		t.Parallel()
		var attempts atomic.Int32
		c, _ := handlerClient(t, scripted(&attempts,
			status(200, `{"status":"COMPLETE","results":[]}`),
			status(200, `{"status":"COMPLETE","results":[]}`),
			status(400, `{"status":"error","message":"Unable to perform update/upsert by non-unique 0-1 property abm_contact_key","category":"VALIDATION_ERROR","correlationId":"c-1"}`)))
		res, err := c.UpsertContacts(ctx, []crm.ContactUpsert{{Key: "k", Email: "a@b.example"}})
		var er *ErrorResponse
		if !errors.Is(err, crm.ErrPermanent) || !errors.As(err, &er) || er.StatusCode != 400 {
			t.Fatalf("err %v", err)
		}
		for _, want := range []string{"hubspot: upsert contacts: batch upsert contacts by email (1 inputs): POST /crm/objects/2026-03/contacts/batch/upsert: 400", "non-unique", "correlationId c-1"} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("err %q lacks %q", err, want)
			}
		}
		if strings.Count(err.Error(), "hubspot:") != 1 || strings.Contains(err.Error(), "pat-test-secret-token") {
			t.Errorf("err %q", err)
		}
		if len(res.Written) != 0 || res.Calls != 3 || attempts.Load() != 3 {
			t.Errorf("res %+v, %d attempts", res, attempts.Load())
		}
	})
	t.Run("read error other than not found", func(t *testing.T) {
		t.Parallel()
		var attempts atomic.Int32
		c, _ := handlerClient(t, scripted(&attempts, status(207,
			`{"status":"COMPLETE","results":[],"errors":[{"status":"error","category":"VALIDATION_ERROR","message":"bad input","context":{"ids":["k"]}}]}`)))
		_, err := c.UpsertContacts(ctx, []crm.ContactUpsert{{Key: "k"}})
		if err == nil || !strings.Contains(err.Error(), "batch read contacts by abm_contact_key (1 inputs): VALIDATION_ERROR bad input") || attempts.Load() != 1 {
			t.Errorf("err %v, %d attempts", err, attempts.Load())
		}
	})
}

func TestEnsurePropertiesUnique(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b := setup(t, hubspottest.GenOptions{Contacts: 1})
	if err := b.c.EnsureProperties(ctx, crm.Contacts, abmGroup, contactDefs); err != nil {
		t.Fatal(err)
	}
	props, _, err := b.c.ListProperties(ctx, "contacts")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range props {
		if strings.HasPrefix(p.Name, "abm_") && p.HasUniqueValue != (p.Name == crm.ContactKeyProperty) {
			t.Errorf("property %s: hasUniqueValue %v", p.Name, p.HasUniqueValue)
		}
	}
	// The same name on companies is no key.
	if err := b.c.EnsureProperties(ctx, crm.Companies, abmGroup, contactDefs[:1]); err != nil {
		t.Fatal(err)
	}
	props, _, _ = b.c.ListProperties(ctx, "companies")
	for _, p := range props {
		if p.Name == crm.ContactKeyProperty && p.HasUniqueValue {
			t.Error("company property made unique")
		}
	}

	// An existing key property without unique values cannot be fixed.
	var attempts atomic.Int32
	c, _ := handlerClient(t, scripted(&attempts,
		status(200, `{"results":[{"name":"abm_contact_key","groupName":"abmsync","type":"string","fieldType":"text","hasUniqueValue":false}]}`),
		status(201, `{}`)))
	err = c.EnsureProperties(ctx, crm.Contacts, abmGroup, contactDefs[:2])
	if !errors.Is(err, crm.ErrPermanent) || !strings.Contains(err.Error(), "ensure contacts property abm_contact_key: it exists without unique values") {
		t.Errorf("err %v", err)
	}
	if attempts.Load() != 2 { // list, the other property (the group exists)
		t.Errorf("%d requests", attempts.Load())
	}
}
