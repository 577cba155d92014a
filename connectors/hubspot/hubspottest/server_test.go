package hubspottest

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/abmsync/abmsync/internal/clocktest"
)

var testNow = time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)

func setup(t *testing.T, gen GenOptions) *Server {
	t.Helper()
	gen.Now = testNow
	srv := NewServer(Options{Data: Generate(gen), Clock: func() time.Time { return testNow }})
	t.Cleanup(srv.Close)
	return srv
}

type answer struct {
	status int
	header http.Header
	body   map[string]any
	raw    string
}

func call(t *testing.T, srv *Server, method, path, body string, hdr ...string) answer {
	t.Helper()
	req, err := http.NewRequest(method, srv.URL()+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+srv.AccessToken())
	req.Header.Set("Content-Type", "application/json")
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	a := answer{status: resp.StatusCode, header: resp.Header, raw: string(raw)}
	_ = json.Unmarshal(raw, &a.body)
	return a
}

func TestGenerate(t *testing.T) {
	t.Parallel()
	o := GenOptions{Companies: 200, Contacts: 1000, Deals: 300, TargetShare: 0.1, Seed: 7, Now: testNow}
	a, b := Generate(o), Generate(o)
	if !reflect.DeepEqual(a.stores["contacts"].order[500].props, b.stores["contacts"].order[500].props) ||
		!reflect.DeepEqual(a.assoc, b.assoc) {
		t.Fatal("same seed generated different portals")
	}
	targets := 0
	for _, r := range a.stores["companies"].order {
		if r.props["hs_is_target_account"] == "true" {
			targets++
		}
		if r.modified < r.created || r.modified >= testNow.UnixMilli() {
			t.Fatalf("company %s: modified %d outside [created %d, now)", r.idStr, r.modified, r.created)
		}
	}
	if targets != 20 {
		t.Errorf("targets = %d, want 20 (10%% of 200)", targets)
	}
	var email, recent, old int
	cutoff := testNow.Add(-90 * 24 * time.Hour)
	for _, r := range a.stores["contacts"].order {
		if r.props["email"] != "" {
			email++
		}
		if v := r.props["notes_last_contacted"]; v != "" {
			ts, _ := time.Parse(time.RFC3339, v)
			if ts.After(cutoff) {
				recent++
			} else {
				old++
			}
		}
		if len(a.assoc["contacts/companies"][r.idStr]) != 1 {
			t.Fatalf("contact %s has %d companies, want 1", r.idStr, len(a.assoc["contacts/companies"][r.idStr]))
		}
	}
	if email < 800 || email == 1000 || recent == 0 || old == 0 {
		t.Errorf("email=%d recent=%d old=%d: want most with email, some recent and some old engagement", email, recent, old)
	}
	for _, r := range a.stores["deals"].order {
		won := r.props["dealstage"] == "closedwon"
		if (r.props["hs_is_closed_won"] == "true") != won {
			t.Fatalf("deal %s: stage %s but hs_is_closed_won %s", r.idStr, r.props["dealstage"], r.props["hs_is_closed_won"])
		}
	}
}

func TestLimits(t *testing.T) {
	t.Parallel()
	srv := setup(t, GenOptions{Companies: 20, Contacts: 50, Seed: 1})
	cid := srv.IDs("contacts")[0]
	big := `{"inputs":[` + strings.TrimSuffix(strings.Repeat(`{"id":"`+cid+`","properties":{"firstname":"x"}},`, 101), ",") + `]}`
	tests := []struct {
		name, method, path, body string
		status                   int
		category                 string
	}{
		{"list limit 100 ok", "GET", "/crm/objects/2026-03/contacts?limit=100", "", 200, ""},
		{"list limit over 100", "GET", "/crm/objects/2026-03/contacts?limit=101", "", 400, "VALIDATION_ERROR"},
		{"wrong version", "GET", "/crm/objects/2025-09/contacts", "", 404, "OBJECT_NOT_FOUND"},
		{"unknown object", "GET", "/crm/objects/2026-03/widgets", "", 400, "VALIDATION_ERROR"},
		{"search limit 200 ok", "POST", "/crm/objects/2026-03/contacts/search", `{"limit":200}`, 200, ""},
		{"search limit over 200", "POST", "/crm/objects/2026-03/contacts/search", `{"limit":201}`, 400, "VALIDATION_ERROR"},
		{"search after 9999 ok", "POST", "/crm/objects/2026-03/contacts/search", `{"after":"9999"}`, 200, ""},
		{"search after 10000", "POST", "/crm/objects/2026-03/contacts/search", `{"after":"10000"}`, 400, "VALIDATION_ERROR"},
		{"two sorts", "POST", "/crm/objects/2026-03/contacts/search", `{"sorts":[{"propertyName":"email","direction":"ASCENDING"},{"propertyName":"lastname","direction":"ASCENDING"}]}`, 400, "VALIDATION_ERROR"},
		{"seven filters in a group", "POST", "/crm/objects/2026-03/contacts/search", `{"filterGroups":[{"filters":[` + strings.TrimSuffix(strings.Repeat(`{"propertyName":"email","operator":"HAS_PROPERTY"},`, 7), ",") + `]}]}`, 400, "VALIDATION_ERROR"},
		{"batch update over 100", "POST", "/crm/objects/2026-03/contacts/batch/update", big, 400, "VALIDATION_ERROR"},
		{"assoc read over 1000", "POST", "/crm/associations/2026-03/contacts/companies/batch/read", `{"inputs":[` + strings.TrimSuffix(strings.Repeat(`{"id":"1"},`, 1001), ",") + `]}`, 400, "VALIDATION_ERROR"},
		{"unknown route", "GET", "/crm/v3/objects/contacts", "", 404, "OBJECT_NOT_FOUND"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := call(t, srv, tt.method, tt.path, tt.body)
			if a.status != tt.status {
				t.Fatalf("status = %d, want %d: %s", a.status, tt.status, a.raw)
			}
			if tt.category != "" && (a.body["category"] != tt.category || a.body["correlationId"] == "" || a.body["status"] != "error") {
				t.Errorf("body = %s, want HubSpot error with category %s", a.raw, tt.category)
			}
		})
	}
}

func TestAuth(t *testing.T) {
	t.Parallel()
	now := testNow
	srv := NewServer(Options{Clock: func() time.Time { return now }})
	defer srv.Close()
	srv.EnableOAuth("cid", "secret", "refresh-1", time.Minute)
	token := func(form url.Values) answer {
		resp, err := http.PostForm(srv.URL()+TokenPath, form)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		raw, _ := io.ReadAll(resp.Body)
		a := answer{status: resp.StatusCode, raw: string(raw)}
		_ = json.Unmarshal(raw, &a.body)
		return a
	}
	good := url.Values{"grant_type": {"refresh_token"}, "client_id": {"cid"}, "client_secret": {"secret"}, "refresh_token": {"refresh-1"}}
	a := token(good)
	if a.status != 200 || a.body["expires_in"] != float64(60) || a.body["token_type"] != "bearer" {
		t.Fatalf("token answer %d %s", a.status, a.raw)
	}
	access := a.body["access_token"].(string)
	if got := call(t, srv, "GET", "/crm/objects/2026-03/contacts", "", "Authorization", "Bearer "+access); got.status != 200 {
		t.Fatalf("fresh token: %d %s", got.status, got.raw)
	}
	now = now.Add(61 * time.Second)
	if got := call(t, srv, "GET", "/crm/objects/2026-03/contacts", "", "Authorization", "Bearer "+access); got.status != 401 || got.body["category"] != "EXPIRED_AUTHENTICATION" {
		t.Fatalf("expired token: %d %s", got.status, got.raw)
	}
	if got := call(t, srv, "GET", "/crm/objects/2026-03/contacts", "", "Authorization", "Bearer nope"); got.status != 401 || got.body["category"] != "INVALID_AUTHENTICATION" {
		t.Fatalf("unknown token: %d %s", got.status, got.raw)
	}
	bad := url.Values{"grant_type": {"refresh_token"}, "client_id": {"cid"}, "client_secret": {"wrong"}, "refresh_token": {"refresh-1"}}
	if a := token(bad); a.status != 400 || a.body["error"] != "invalid_client" {
		t.Fatalf("bad secret: %d %s", a.status, a.raw)
	}
	srv.RevokeRefreshToken()
	if a := token(good); a.status != 400 || a.body["error"] != "invalid_grant" || a.body["status"] != "BAD_REFRESH_TOKEN" {
		t.Fatalf("revoked: %d %s", a.status, a.raw)
	}
	if n := srv.TokensIssued(); n != 1 {
		t.Errorf("TokensIssued = %d, want 1", n)
	}
}

func TestRateLimit(t *testing.T) {
	t.Parallel()
	srv := setup(t, GenOptions{Contacts: 5})
	srv.SetRateLimit(2, time.Hour)
	for i, want := range []int{200, 200, 429} {
		a := call(t, srv, "GET", "/crm/objects/2026-03/contacts", "")
		if a.status != want {
			t.Fatalf("call %d: status %d, want %d", i, a.status, want)
		}
		if a.header.Get("X-HubSpot-RateLimit-Max") != "2" || a.header.Get("X-HubSpot-RateLimit-Interval-Milliseconds") != "3600000" {
			t.Errorf("call %d: headers %v", i, a.header)
		}
		if rem := a.header.Get("X-HubSpot-RateLimit-Remaining"); rem != []string{"1", "0", "0"}[i] {
			t.Errorf("call %d: remaining %s", i, rem)
		}
		if want == 429 && (a.body["policyName"] != "TEN_SECONDLY_ROLLING" || a.body["errorType"] != "RATE_LIMIT" ||
			a.body["message"] != "You have reached your ten_secondly_rolling limit.") {
			t.Errorf("429 body %s", a.raw)
		}
	}
	// Search has its own limit and no headers.
	srv.SetSearchRateLimit(1, time.Hour)
	if a := call(t, srv, "POST", "/crm/objects/2026-03/contacts/search", "{}"); a.status != 200 || a.header.Get("X-HubSpot-RateLimit-Max") != "" {
		t.Fatalf("search: %d %v", a.status, a.header)
	}
	if a := call(t, srv, "POST", "/crm/objects/2026-03/contacts/search", "{}"); a.status != 429 || a.body["policyName"] != "SECONDLY" {
		t.Fatalf("second search: %d %s", a.status, a.raw)
	}
	if n := srv.RateLimited(); n != 2 {
		t.Errorf("RateLimited() = %d, want 2 (one list, one search)", n)
	}
	calls := srv.Calls()
	if calls["GET /crm/objects/{v}/contacts"] != 3 || calls["POST /crm/objects/{v}/contacts/search"] != 2 || calls["total"] != 5 {
		t.Errorf("calls = %v", calls)
	}
	srv.ResetCalls()
	if len(srv.Calls()) != 0 {
		t.Error("ResetCalls kept counts")
	}
}

func TestBatchUpdate(t *testing.T) {
	t.Parallel()
	srv := setup(t, GenOptions{Companies: 3})
	ids := srv.IDs("companies")
	tests := []struct {
		name   string
		body   string
		status int
		check  func(t *testing.T, a answer)
	}{
		{"all ok", `{"inputs":[{"id":"` + ids[0] + `","properties":{"name":"New"}}]}`, 200, func(t *testing.T, a answer) {
			if srv.Company(ids[0])["name"] != "New" || srv.Company(ids[0])["hs_lastmodifieddate"] != "2026-06-01T00:00:00.000Z" {
				t.Errorf("company = %v", srv.Company(ids[0]))
			}
		}},
		{"partial", `{"inputs":[{"id":"` + ids[1] + `","properties":{"name":"B"}},{"id":"` + ids[2] + `","properties":{"nope":"x"}}]}`, 207, func(t *testing.T, a answer) {
			errs := a.body["errors"].([]any)
			e := errs[0].(map[string]any)
			if len(errs) != 1 || e["category"] != "VALIDATION_ERROR" || !strings.Contains(e["message"].(string), "PROPERTY_DOESNT_EXIST") ||
				e["context"].(map[string]any)["ids"].([]any)[0] != ids[2] {
				t.Errorf("errors = %v", errs)
			}
			if srv.Company(ids[1])["name"] != "B" {
				t.Error("valid record of a 207 not written")
			}
		}},
		{"all fail", `{"inputs":[{"id":"` + ids[2] + `","properties":{"nope":"x"}}]}`, 400, func(t *testing.T, a answer) {
			if a.body["category"] != "VALIDATION_ERROR" {
				t.Errorf("body = %s", a.raw)
			}
		}},
		{"duplicate ids", `{"inputs":[{"id":"` + ids[0] + `","properties":{}},{"id":"` + ids[0] + `","properties":{}}]}`, 400, nil},
		{"unknown record", `{"inputs":[{"id":"` + ids[0] + `","properties":{"name":"A"}},{"id":"42","properties":{"name":"A"}}]}`, 207, func(t *testing.T, a answer) {
			if e := a.body["errors"].([]any)[0].(map[string]any); e["category"] != "OBJECT_NOT_FOUND" {
				t.Errorf("errors = %v", e)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := call(t, srv, "POST", "/crm/objects/2026-03/companies/batch/update", tt.body)
			if a.status != tt.status {
				t.Fatalf("status %d, want %d: %s", a.status, tt.status, a.raw)
			}
			if tt.check != nil {
				tt.check(t, a)
			}
		})
	}
}

func TestListAndSearch(t *testing.T) {
	t.Parallel()
	srv := setup(t, GenOptions{Companies: 5, Contacts: 30, Seed: 3})
	srv.Associate("companies", srv.IDs("companies")[0], "contacts", srv.IDs("contacts")...)

	a := call(t, srv, "GET", "/crm/objects/2026-03/companies?limit=2&properties=name,no_such_prop&associations=contacts", "")
	res := a.body["results"].([]any)
	first := res[0].(map[string]any)
	props := first["properties"].(map[string]any)
	if _, ok := props["no_such_prop"]; ok || props["name"] == nil || props["hs_lastmodifieddate"] == nil {
		t.Errorf("properties = %v: want name and the defaults, unknown omitted", props)
	}
	assoc := first["associations"].(map[string]any)["contacts"].(map[string]any)
	if n := len(assoc["results"].([]any)); n != 30 || assoc["paging"] != nil {
		t.Errorf("embedded associations: %d results, paging %v", n, assoc["paging"])
	}
	if next := a.body["paging"].(map[string]any)["next"].(map[string]any)["after"]; next != srv.IDs("companies")[2] {
		t.Errorf("after = %v, want the third ID", next)
	}

	// Search: GTE on the modification time, ascending, ties by ID.
	at := time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)
	ids := srv.IDs("contacts")
	srv.Touch("contacts", at, ids[3], ids[1], ids[2])
	a = call(t, srv, "POST", "/crm/objects/2026-03/contacts/search",
		`{"filterGroups":[{"filters":[{"propertyName":"lastmodifieddate","operator":"GTE","value":"`+
			itoa(at.UnixMilli())+`"}]}],"sorts":[{"propertyName":"lastmodifieddate","direction":"ASCENDING"}],"properties":["email"],"limit":2}`)
	res = a.body["results"].([]any)
	var got []string
	for _, r := range res {
		got = append(got, r.(map[string]any)["id"].(string))
	}
	if a.body["total"].(float64) < 3 || !reflect.DeepEqual(got, []string{ids[1], ids[2]}) ||
		a.body["paging"].(map[string]any)["next"].(map[string]any)["after"] != "2" {
		t.Errorf("search = %v (total %v, paging %v), want %v first", got, a.body["total"], a.body["paging"], ids[1:3])
	}
	// Archived records never appear in search.
	srv.Archive("contacts", ids[1])
	a = call(t, srv, "POST", "/crm/objects/2026-03/contacts/search", `{"filterGroups":[{"filters":[{"propertyName":"hs_object_id","operator":"EQ","value":"`+ids[1]+`"}]}]}`)
	if a.body["total"].(float64) != 0 {
		t.Errorf("archived record found by search: %s", a.raw)
	}
	a = call(t, srv, "GET", "/crm/objects/2026-03/contacts?archived=true", "")
	if res := a.body["results"].([]any); len(res) != 1 || res[0].(map[string]any)["archived"] != true {
		t.Errorf("archived list = %s", a.raw)
	}
}

func TestFaults(t *testing.T) {
	t.Parallel()
	srv := setup(t, GenOptions{Contacts: 1})
	srv.FailNext("GET /crm/objects/{v}/contacts", 500, "")
	srv.FailNext("*", 200, "<html>oops</html>")
	if a := call(t, srv, "GET", "/crm/objects/2026-03/contacts", ""); a.status != 500 || a.body["category"] != "INTERNAL_ERROR" {
		t.Fatalf("first: %d %s", a.status, a.raw)
	}
	if a := call(t, srv, "GET", "/crm/properties/2026-03/contacts", ""); a.status != 200 || a.raw != "<html>oops</html>" {
		t.Fatalf("second: %d %s", a.status, a.raw)
	}
	if a := call(t, srv, "GET", "/crm/objects/2026-03/contacts", ""); a.status != 200 {
		t.Fatalf("third: %d %s", a.status, a.raw)
	}
}

func TestProperties(t *testing.T) {
	t.Parallel()
	srv := setup(t, GenOptions{})
	steps := []struct {
		method, path, body string
		status             int
	}{
		{"POST", "/crm/properties/2026-03/companies", `{"name":"abm_score","label":"Score","type":"number","fieldType":"number","groupName":"abmsync"}`, 400},
		{"POST", "/crm/properties/2026-03/companies/groups", `{"name":"abmsync","label":"abmsync"}`, 201},
		{"POST", "/crm/properties/2026-03/companies/groups", `{"name":"abmsync","label":"abmsync"}`, 409},
		{"POST", "/crm/properties/2026-03/companies", `{"name":"abm_score","label":"Score","type":"number","fieldType":"number","groupName":"abmsync"}`, 201},
		{"POST", "/crm/properties/2026-03/companies", `{"name":"abm_score","label":"Score","type":"number","fieldType":"number","groupName":"abmsync"}`, 409},
	}
	for i, st := range steps {
		if a := call(t, srv, st.method, st.path, st.body); a.status != st.status {
			t.Fatalf("step %d: %d %s, want %d", i, a.status, a.raw, st.status)
		}
	}
	if g, ok := srv.Property("companies", "abm_score"); !ok || g != "abmsync" {
		t.Errorf("Property = %q %v", g, ok)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func TestDefaultSearchRateLimit(t *testing.T) {
	t.Parallel()
	srv := setup(t, GenOptions{Contacts: 1})
	srv.SetRateLimit(100, 10*time.Second)
	for i := range DefaultSearchPerSecond + 1 {
		a := call(t, srv, "POST", "/crm/objects/2026-03/contacts/search", "{}")
		want := 200
		if i == DefaultSearchPerSecond {
			want = 429
		}
		if a.status != want {
			t.Fatalf("search %d: %d, want %d", i, a.status, want)
		}
	}
}

// TestRateLimitTiers: Options.RateLimitMax sets the portal's budget per
// 10 s; every non-search answer announces it, 429s with HubSpot's body.
func TestRateLimitTiers(t *testing.T) {
	t.Parallel()
	for _, max := range []int{RateLimitStarter, RateLimitProfessional, 5000} {
		t.Run(strconv.Itoa(max), func(t *testing.T) {
			t.Parallel()
			clk := clocktest.New(testNow)
			srv := NewServer(Options{Data: Generate(GenOptions{Companies: 1, Now: testNow}), RateLimitMax: max, RateLimitClock: clk.Now})
			t.Cleanup(srv.Close)
			check := func(i int, a answer, status int, remaining string) {
				t.Helper()
				if a.status != status || a.header.Get("X-HubSpot-RateLimit-Max") != strconv.Itoa(max) ||
					a.header.Get("X-HubSpot-RateLimit-Interval-Milliseconds") != "10000" ||
					a.header.Get("X-HubSpot-RateLimit-Remaining") != remaining {
					t.Fatalf("call %d: %d %v, want %d with max %d, remaining %s", i, a.status, a.header, status, max, remaining)
				}
			}
			for i := range max {
				a := call(t, srv, "GET", "/crm/objects/2026-03/companies", "")
				check(i, a, 200, strconv.Itoa(max-i-1))
			}
			a := call(t, srv, "GET", "/crm/objects/2026-03/companies", "")
			check(max, a, 429, "0")
			if a.body["status"] != "error" || a.body["errorType"] != "RATE_LIMIT" || a.body["policyName"] != "TEN_SECONDLY_ROLLING" ||
				a.body["message"] != "You have reached your ten_secondly_rolling limit." || a.body["correlationId"] == "" {
				t.Errorf("429 body %s", a.raw)
			}
			clk.Advance(10 * time.Second) // the whole budget leaves the rolling window
			check(max+1, call(t, srv, "GET", "/crm/objects/2026-03/companies", ""), 200, strconv.Itoa(max-1))
			if n := srv.RateLimited(); n != 1 {
				t.Errorf("RateLimited = %d", n)
			}
		})
	}
}

// TestRateLimitChanges: a new max applies at once to the calls already in
// the window; the search limit counts per second on the same clock.
func TestRateLimitChanges(t *testing.T) {
	t.Parallel()
	clk := clocktest.New(testNow)
	srv := NewServer(Options{Data: Generate(GenOptions{Contacts: 1, Now: testNow}), RateLimitClock: clk.Now})
	t.Cleanup(srv.Close)
	srv.SetRateLimit(5, 10*time.Second)
	for range 3 {
		call(t, srv, "GET", "/crm/objects/2026-03/contacts", "")
	}
	srv.SetRateLimit(2, 10*time.Second)
	if a := call(t, srv, "GET", "/crm/objects/2026-03/contacts", ""); a.status != 429 || a.header.Get("X-HubSpot-RateLimit-Max") != "2" {
		t.Fatalf("after shrinking: %d %v", a.status, a.header)
	}
	clk.Advance(10 * time.Second)
	srv.SetRateLimit(4, 10*time.Second)
	if a := call(t, srv, "GET", "/crm/objects/2026-03/contacts", ""); a.status != 200 || a.header.Get("X-HubSpot-RateLimit-Remaining") != "3" {
		t.Fatalf("after growing: %d %v", a.status, a.header)
	}
	for i := range DefaultSearchPerSecond + 1 {
		a := call(t, srv, "POST", "/crm/objects/2026-03/contacts/search", "{}")
		if want := map[bool]int{true: 429, false: 200}[i == DefaultSearchPerSecond]; a.status != want {
			t.Fatalf("search %d: %d, want %d", i, a.status, want)
		}
	}
	clk.Advance(time.Second)
	if a := call(t, srv, "POST", "/crm/objects/2026-03/contacts/search", "{}"); a.status != 200 {
		t.Fatalf("search a second later: %d %s", a.status, a.raw)
	}
}

// TestRateLimitPerPortal: HubSpot counts per account, so a refreshed OAuth
// token or a second token gets no fresh budget.
func TestRateLimitPerPortal(t *testing.T) {
	t.Parallel()
	srv := setup(t, GenOptions{Contacts: 1})
	srv.EnableOAuth("id", "secret", "refresh", time.Hour)
	srv.SetRateLimit(2, time.Hour)
	form := url.Values{"grant_type": {"refresh_token"}, "client_id": {"id"}, "client_secret": {"secret"}, "refresh_token": {"refresh"}}
	resp, err := srv.Client().PostForm(srv.URL()+TokenPath, form)
	if err != nil {
		t.Fatal(err)
	}
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	json.NewDecoder(resp.Body).Decode(&tok)
	resp.Body.Close()
	if tok.AccessToken == "" {
		t.Fatal("no access token")
	}
	call(t, srv, "GET", "/crm/objects/2026-03/contacts", "")
	call(t, srv, "GET", "/crm/objects/2026-03/contacts", "")
	if a := call(t, srv, "GET", "/crm/objects/2026-03/contacts", "", "Authorization", "Bearer "+tok.AccessToken); a.status != 429 {
		t.Fatalf("other token: %d %s", a.status, a.raw)
	}
}

// TestFailRandomly: injected answers at the given rate, the same ones for
// the same seed; Processed faults carry the request out first.
func TestFailRandomly(t *testing.T) {
	t.Parallel()
	run := func(seed uint64) []int {
		srv := setup(t, GenOptions{Contacts: 1})
		srv.FailRandomly(Fault{Pattern: "GET /crm/objects/{v}/contacts", Status: 503}, 0.3, seed)
		var statuses []int
		for range 200 {
			statuses = append(statuses, call(t, srv, "GET", "/crm/objects/2026-03/contacts", "").status)
		}
		if a := call(t, srv, "GET", "/crm/properties/2026-03/contacts", ""); a.status != 200 {
			t.Errorf("other call key: %d", a.status)
		}
		if n := srv.Injected(); n < 40 || n > 80 {
			t.Errorf("%d of 200 injected, want about 60", n)
		}
		srv.FailRandomly(Fault{}, 0, 0)
		if a := call(t, srv, "GET", "/crm/objects/2026-03/contacts", ""); a.status != 200 {
			t.Errorf("after turning it off: %d", a.status)
		}
		return statuses
	}
	if a, b := run(7), run(7); !slices.Equal(a, b) {
		t.Error("the same seed failed different calls")
	}

	srv := setup(t, GenOptions{})
	srv.Inject(Fault{Pattern: "POST /crm/properties/{v}/companies/groups", Status: 500, Processed: true})
	if a := call(t, srv, "POST", "/crm/properties/2026-03/companies/groups", `{"name":"abm","label":"abm"}`); a.status != 500 {
		t.Fatalf("processed fault: %d %s", a.status, a.raw)
	}
	if a := call(t, srv, "POST", "/crm/properties/2026-03/companies/groups", `{"name":"abm","label":"abm"}`); a.status != 409 {
		t.Fatalf("resend after a processed fault: %d %s, want 409", a.status, a.raw)
	}
	if n := srv.Injected(); n != 1 {
		t.Errorf("Injected = %d", n)
	}
}
