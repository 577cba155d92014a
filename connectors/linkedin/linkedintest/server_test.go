package linkedintest

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"
)

var testNow = time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)

func newTestServer(t *testing.T, opts Options) *Server {
	t.Helper()
	if opts.Clock == nil {
		opts.Clock = func() time.Time { return testNow }
	}
	s := NewServer(opts)
	t.Cleanup(s.Close)
	return s
}

type answer struct {
	status int
	header http.Header
	body   map[string]any
	raw    string
}

// call sends a request with the given headers (nil: the correct ones).
func call(t *testing.T, s *Server, method, pathQuery string, header map[string]string, body string) answer {
	t.Helper()
	req, err := http.NewRequest(method, s.URL()+pathQuery, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if header == nil {
		header = map[string]string{"LinkedIn-Version": "202610", "X-Restli-Protocol-Version": "2.0.0", "Authorization": "Bearer " + s.AccessToken()}
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := s.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	a := answer{status: resp.StatusCode, header: resp.Header, raw: string(data)}
	_ = json.Unmarshal(data, &a.body)
	return a
}

func TestVersionAndProtocolHeaders(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, Options{RetiredVersions: []string{"202401"}})
	path := "/rest/dmpSegments?q=account&account=urn%3Ali%3AsponsoredAccount%3A500100"
	tok := "Bearer " + s.AccessToken()
	tests := []struct {
		name   string
		header map[string]string
		status int
		code   string
	}{
		{"ok", nil, 200, ""},
		{"no version", map[string]string{"X-Restli-Protocol-Version": "2.0.0", "Authorization": tok}, 400, "VERSION_MISSING"},
		{"bad version", map[string]string{"LinkedIn-Version": "2026-10", "X-Restli-Protocol-Version": "2.0.0", "Authorization": tok}, 400, "INVALID_VERSION"},
		{"retired", map[string]string{"LinkedIn-Version": "202401", "X-Restli-Protocol-Version": "2.0.0", "Authorization": tok}, 426, "NONEXISTENT_VERSION"},
		{"no protocol", map[string]string{"LinkedIn-Version": "202610", "Authorization": tok}, 400, ""},
		{"no token", map[string]string{"LinkedIn-Version": "202610", "X-Restli-Protocol-Version": "2.0.0"}, 401, ""},
		{"bad token", map[string]string{"LinkedIn-Version": "202610", "X-Restli-Protocol-Version": "2.0.0", "Authorization": "Bearer nope"}, 401, "INVALID_ACCESS_TOKEN"},
	}
	for _, tt := range tests {
		a := call(t, s, http.MethodGet, path, tt.header, "")
		if a.status != tt.status {
			t.Errorf("%s: status %d, want %d: %s", tt.name, a.status, tt.status, a.raw)
			continue
		}
		if tt.status == 200 {
			continue
		}
		if a.body["status"] != float64(tt.status) || a.body["message"] == "" || (tt.code != "" && a.body["code"] != tt.code) {
			t.Errorf("%s: body %s", tt.name, a.raw)
		}
	}
	if got := s.Calls()["GET /rest/dmpSegments"]; got != len(tests) {
		t.Errorf("calls %d", got)
	}
}

func TestParseQuery(t *testing.T) {
	t.Parallel()
	good := "q=analytics&dateRange=(start:(year:2026,month:1,day:2))&accounts=List(urn%3Ali%3AsponsoredAccount%3A1,urn%3Ali%3AsponsoredAccount%3A2)&account=urn:li:sponsoredAccount:3&empty=List()"
	q, err := ParseQuery(good)
	if err != nil {
		t.Fatal(err)
	}
	if acc, _ := q.Get("accounts"); len(acc.List) != 2 || acc.List[0].Leaf != "urn:li:sponsoredAccount:1" {
		t.Errorf("accounts %+v", acc)
	}
	if q.String("account") != "urn:li:sponsoredAccount:3" {
		t.Errorf("account %q", q.String("account"))
	}
	if dr, _ := q.Get("dateRange"); dr.Object["start"].Object["day"].Leaf != "2" {
		t.Errorf("dateRange %+v", dr)
	}
	bad := map[string]string{
		"url.Values list":    "accounts=List%28urn%253Ali%253AsponsoredAccount%253A1%29",
		"encoded object":     "dateRange=%28start%3A%28year%3A2026%29%29",
		"double encoded":     "accounts=List(urn%253Ali%253AsponsoredAccount%253A1)",
		"raw colon in list":  "accounts=List(urn:li:sponsoredAccount:1)",
		"unterminated":       "accounts=List(a,b",
		"unbalanced object":  "dateRange=(start:(year:2026)",
		"plain with comma":   "account=a,b",
		"double encoded top": "account=urn%253Ali",
	}
	for name, raw := range bad {
		if _, err := ParseQuery(raw); err == nil {
			t.Errorf("%s: %s accepted", name, raw)
		}
	}
}

func TestSegmentsAndCompanies(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, Options{NotFoundReads: 2})
	a := call(t, s, http.MethodPost, "/rest/dmpSegments", nil,
		`{"name":"n","sourcePlatform":"ABMSYNC","account":"urn:li:sponsoredAccount:500100","accessPolicy":"PRIVATE","type":"COMPANY","destinations":[{"destination":"LINKEDIN"}]}`)
	id := a.header.Get("X-Restli-Id")
	if a.status != 201 || id == "" {
		t.Fatalf("create: %d %v %s", a.status, a.header, a.raw)
	}
	for _, body := range []string{
		`{"name":"n","account":"urn:li:sponsoredAccount:500100","type":"COMPANY","destinations":[{"destination":"LINKEDIN"}]}`,
		`{"name":"n","sourcePlatform":"ABMSYNC","account":"urn:li:sponsoredAccount:500100","type":"COMPANY","destinations":[{"destination":"LINKEDIN"}],"extra":1}`,
	} {
		if a := call(t, s, http.MethodPost, "/rest/dmpSegments", nil, body); a.status != 400 {
			t.Errorf("bad create %s: %d", body, a.status)
		}
	}
	path := "/rest/dmpSegments/" + id + "/companies"
	batch := map[string]string{"X-RestLi-Method": "BATCH_CREATE", "LinkedIn-Version": "202610", "X-Restli-Protocol-Version": "2.0.0", "Authorization": "Bearer " + s.AccessToken()}
	elements := `{"elements":[{"action":"ADD","companyWebsiteDomain":"ok.example"},{"action":"ADD","companyWebsiteDomain":"not valid"},{"action":"REMOVE"}]}`
	for i := range 2 {
		if a := call(t, s, http.MethodPost, path, batch, elements); a.status != 404 {
			t.Fatalf("read %d after create: %d", i, a.status)
		}
	}
	a = call(t, s, http.MethodPost, path, batch, elements)
	if a.status != 200 {
		t.Fatalf("companies: %d %s", a.status, a.raw)
	}
	els := a.body["elements"].([]any)
	statuses := []float64{}
	for _, e := range els {
		statuses = append(statuses, e.(map[string]any)["status"].(float64))
	}
	if len(statuses) != 3 || statuses[0] != 201 || statuses[1] != 400 || statuses[2] != 400 {
		t.Errorf("statuses %v: %s", statuses, a.raw)
	}
	if info, _ := s.Segment(id); len(info.Members) != 1 || info.Members[0] != "domain:ok.example" {
		t.Errorf("members %v", info.Members)
	}
	delete(batch, "X-RestLi-Method")
	if a := call(t, s, http.MethodPost, path, batch, elements); a.status != 400 {
		t.Errorf("without X-RestLi-Method: %d", a.status)
	}
	if got := s.Calls()["POST /rest/dmpSegments/{id}/companies"]; got != 4 {
		t.Errorf("calls %d", got)
	}
}

func TestAnalyticsWithholdsAndThrottles(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, Options{Engagement: []EngagementRow{
		{Organization: "urn:li:organization:1", Day: testNow, Impressions: 2, Clicks: 1},
		{Organization: "urn:li:organization:2", Day: testNow, Impressions: 3, Clicks: 1, Engagements: 2},
	}})
	q := "/rest/adAnalytics?q=analytics&pivot=MEMBER_COMPANY&timeGranularity=DAILY&dateRange=(start:(year:2026,month:11,day:27))" +
		"&accounts=List(urn%3Ali%3AsponsoredAccount%3A500100)&fields=pivotValues,impressions,totalEngagements"
	a := call(t, s, http.MethodGet, q, nil, "")
	els, _ := a.body["elements"].([]any)
	if a.status != 200 || len(els) != 1 {
		t.Fatalf("%d %s", a.status, a.raw)
	}
	el := els[0].(map[string]any)
	if el["impressions"] != float64(3) || el["totalEngagements"] != float64(2) || el["clicks"] != nil {
		t.Errorf("element %v", el)
	}
	// Another account: empty, as documented for accounts without access.
	other := strings.Replace(q, "500100", "999", 1)
	if a := call(t, s, http.MethodGet, other, nil, ""); a.status != 200 || len(a.body["elements"].([]any)) != 0 {
		t.Errorf("other account: %s", a.raw)
	}
	s.Throttle("GET /rest/adAnalytics", 1, 1500*time.Millisecond)
	a = call(t, s, http.MethodGet, q, nil, "")
	if a.status != 429 || a.header.Get("Retry-After") != "2" || a.body["code"] != "TOO_MANY_REQUESTS" {
		t.Errorf("throttled: %d %v %s", a.status, a.header, a.raw)
	}
	if a := call(t, s, http.MethodGet, q, nil, ""); a.status != 200 {
		t.Errorf("after throttle: %d", a.status)
	}
	encoded := "/rest/adAnalytics?q=analytics&pivot=MEMBER_COMPANY&timeGranularity=DAILY&dateRange=" +
		url.QueryEscape("(start:(year:2026,month:11,day:27))") + "&accounts=List(urn%3Ali%3AsponsoredAccount%3A500100)"
	if a := call(t, s, http.MethodGet, encoded, nil, ""); a.status != 400 {
		t.Errorf("url.Values-encoded dateRange: %d", a.status)
	}
}

func TestOAuthEndpoints(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	clk := testNow
	now := func() time.Time { mu.Lock(); defer mu.Unlock(); return clk }
	s := newTestServer(t, Options{Clock: now, RedirectURLs: []string{"https://app.example/cb"}})
	noFollow := *s.Client()
	noFollow.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	authURL := s.URL() + "/oauth/v2/authorization?response_type=code&client_id=" + DefaultClientID +
		"&redirect_uri=" + url.QueryEscape("https://app.example/cb") + "&state=xyz&scope=r_ads%20rw_dmp_segments"
	resp, err := noFollow.Get(authURL)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	loc, _ := url.Parse(resp.Header.Get("Location"))
	code := loc.Query().Get("code")
	if resp.StatusCode != 302 || code == "" || loc.Query().Get("state") != "xyz" {
		t.Fatalf("authorize: %d %s", resp.StatusCode, loc)
	}
	form := url.Values{"grant_type": {"authorization_code"}, "code": {code}, "redirect_uri": {"https://app.example/cb"},
		"client_id": {DefaultClientID}, "client_secret": {DefaultClientSecret}}
	post := func(f url.Values) map[string]any {
		resp, err := s.Client().PostForm(s.URL()+"/oauth/v2/accessToken", f)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var m map[string]any
		_ = json.NewDecoder(resp.Body).Decode(&m)
		m["_status"] = float64(resp.StatusCode)
		return m
	}
	tok := post(form)
	if tok["expires_in"] != float64(5184000) || tok["refresh_token_expires_in"] != float64(31536000) || tok["scope"] != "r_ads,rw_dmp_segments" {
		t.Fatalf("token answer %v", tok)
	}
	if again := post(form); again["_status"] != float64(400) {
		t.Errorf("code reused: %v", again)
	}
	mu.Lock()
	clk = clk.Add(30 * 24 * time.Hour)
	mu.Unlock()
	ref := post(url.Values{"grant_type": {"refresh_token"}, "refresh_token": {tok["refresh_token"].(string)},
		"client_id": {DefaultClientID}, "client_secret": {DefaultClientSecret}})
	if ref["_status"] != float64(200) || ref["refresh_token_expires_in"] != float64(31536000-30*86400) || ref["access_token"] == tok["access_token"] {
		t.Errorf("refresh answer %v", ref)
	}
	if bad := post(url.Values{"grant_type": {"refresh_token"}, "refresh_token": {"x"}, "client_id": {DefaultClientID}}); bad["_status"] != float64(401) || bad["error"] != "invalid_client" {
		t.Errorf("no secret: %v", bad)
	}
	if s.Calls()["POST /oauth/v2/accessToken"] != 4 || s.Calls()["GET /oauth/v2/authorization"] != 1 || s.TokensIssued() != 2 {
		t.Errorf("calls %v", s.Calls())
	}
	// The issued access token works on the API.
	a := call(t, s, http.MethodGet, "/rest/dmpSegments?q=account&account=urn%3Ali%3AsponsoredAccount%3A500100",
		map[string]string{"LinkedIn-Version": "202610", "X-Restli-Protocol-Version": "2.0.0", "Authorization": "Bearer " + ref["access_token"].(string)}, "")
	if a.status != 200 {
		t.Errorf("API with issued token: %d %s", a.status, a.raw)
	}
}
