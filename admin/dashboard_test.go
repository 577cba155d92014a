package admin_test

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/redis/go-redis/v9"

	"github.com/abmsync/abmsync/admin"
	"github.com/abmsync/abmsync/campaign"
	"github.com/abmsync/abmsync/crm"
	"github.com/abmsync/abmsync/internal/fingerprint"
	"github.com/abmsync/abmsync/internal/redistest"
	"github.com/abmsync/abmsync/keycontacts/merge"
	"github.com/abmsync/abmsync/metrics"
	"github.com/abmsync/abmsync/store"
)

// campaignNow is the fixed clock of the dashboard tests.
var campaignNow = time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC)

// Names and ids of the test campaign. hostileName comes from a website, as
// account and people names do: the pages must show it as text.
const (
	hostileName   = `<script>alert("x")</script> Evil & Co`
	hostilePerson = `Mallory <img src=x onerror=alert(1)> Maier`
	dncByName     = "Petra Huber"
	dncByEmail    = "Karl Schmid"
	warmPath      = "known by Anna Berg since 2024-10-09"
)

// seedCampaign stores a small deterministic campaign: three target
// accounts (c1 Alpina Pharma with its people, c2 hostile, c3 Corvus Bio)
// and one company that is not a target, with CRM contacts and key-contact
// candidates of c1 from the web, the press and a LinkedIn export. Two of
// c1's candidates are on the do-not-contact list, one by name and one by
// e-mail.
func seedCampaign(t testing.TB, st *store.Store) {
	t.Helper()
	ctx := context.Background()
	recent := campaignNow.Add(-5 * 24 * time.Hour).Format(time.RFC3339)
	fp, err := st.Fingerprinter(ctx)
	if err != nil {
		t.Fatal(err)
	}
	company := func(id, name, domain string, target bool) crm.Record {
		return crm.Record{Type: crm.Companies, ID: id, Source: "csv", UpdatedAt: campaignNow.Add(-time.Hour), Properties: map[string]string{
			"name": name, "domain": domain, "hs_is_target_account": strconv.FormatBool(target)}}
	}
	contact := func(id, company, name string, engaged bool) crm.Record {
		p := map[string]string{"has_email": "true", "name_hash": fp.Of("name", merge.NormalizeName(name)), "jobtitle": "Manager"}
		if engaged {
			p["notes_last_contacted"] = recent
		}
		return crm.Record{Type: crm.Contacts, ID: id, Source: "csv", UpdatedAt: campaignNow.Add(-time.Hour), Properties: p,
			Associations: map[crm.ObjectType][]string{crm.Companies: {company}}}
	}
	recs := []crm.Record{
		company("c1", "Alpina Pharma AG", "alpina-pharma.example", true),
		company("c2", hostileName, "evil.example", true),
		company("c3", "Corvus Bio GmbH", "corvus-bio.example", true),
		company("c9", "Not A Target Ltd", "not-a-target.example", false),
		contact("p1", "c1", "Eva Maier", true),
		contact("p2", "c1", "Crm Only Person", true),
		contact("p3", "c1", "Another Crm Person", false),
		contact("p4", "c3", "Corvus Contact", true),
	}
	if _, err := st.UpsertRecords(ctx, recs); err != nil {
		t.Fatalf("seed records: %v", err)
	}
	fetched := time.Date(2026, 2, 20, 14, 0, 0, 0, time.UTC)
	web := crm.Provenance{Source: "web", URL: "https://alpina-pharma.example/team", FetchedAt: fetched, Extractor: "team", Confidence: 0.9}
	cands := map[string][]crm.Candidate{
		"web": {
			{AccountID: "c1", Name: "Dr. Eva Maier", Title: "Dr.", RoleText: "Head of Quality Assurance", Function: "quality",
				BuyingRole: "decision_maker", From: web},
			{AccountID: "c1", Name: "Max Gruber", RoleText: "Assistant to the CEO", Function: "management", Gatekeeper: true, From: web},
			{AccountID: "c1", Name: hostilePerson, RoleText: "Chief <b>Hacker</b>", Function: "it", BuyingRole: "influencer",
				From: crm.Provenance{Source: "web", URL: "javascript:alert(2)", Confidence: 0.5}},
			{AccountID: "c1", Name: dncByName, RoleText: "Head of Production", Function: "production", From: web},
			{AccountID: "c1", Name: dncByEmail, Email: "k.schmid@alpina-pharma.example", RoleText: "Head of Procurement",
				Function: "procurement", BuyingRole: "buyer", From: web},
			{AccountID: "c1", Name: "Hans Redl", RoleText: "Responsible for content", Kind: "editorial_responsible",
				From: crm.Provenance{Source: "web", URL: "https://alpina-pharma.example/imprint", FetchedAt: fetched, Extractor: "imprint", Confidence: 0.8}},
		},
		"press": {
			{AccountID: "c1", Name: "Max Gruber", RoleText: "Assistant to the CEO",
				From: crm.Provenance{Source: "press", URL: "https://pharma-news.example/2026/alpina", FetchedAt: fetched, Confidence: 0.7}},
		},
		"linkedin": {
			{AccountID: "c1", Name: "Eva Maier", WarmPath: warmPath,
				From: crm.Provenance{Source: "linkedin", Extractor: "connections", FetchedAt: fetched, Confidence: 0.6}},
		},
	}
	for source, cs := range cands {
		if err := st.SetCandidates(ctx, "c1", source, cs); err != nil {
			t.Fatalf("seed candidates: %v", err)
		}
	}
	if err := campaign.AddDoNotContact(ctx, st, "", "c1", dncByName); err != nil {
		t.Fatal(err)
	}
	if err := campaign.AddDoNotContact(ctx, st, "K.Schmid@alpina-pharma.example", "", ""); err != nil {
		t.Fatal(err)
	}
}

// campaignService is what the daemon gives the dashboard, on st.
func campaignService(st *store.Store) *campaign.Service {
	return &campaign.Service{Store: st, Now: func() time.Time { return campaignNow },
		Settings: metrics.Settings{ReachGoal: 10, EngagementWindow: 90 * 24 * time.Hour}}
}

// accountContacts adapts campaign's view as the daemon does; the conversion
// also checks at compile time that the two types keep the same fields.
func accountContacts(d *campaign.Service) func(context.Context, string) ([]admin.KeyContact, error) {
	return func(ctx context.Context, id string) ([]admin.KeyContact, error) {
		views, err := d.AccountKeyContacts(ctx, id)
		out := make([]admin.KeyContact, len(views))
		for i, v := range views {
			out[i] = admin.KeyContact(v)
		}
		return out, err
	}
}

func ptr(v float64) *float64 { return &v }

// fixedReport is the report of the page tests: independent of how the KPIs
// are computed, so that the tests are about what the page shows.
func fixedReport() metrics.Report {
	return metrics.Report{
		GeneratedAt: campaignNow,
		Cohort:      "all time",
		TrendSince:  campaignNow.AddDate(0, 0, -1),
		KPIs: map[string]metrics.KPI{
			metrics.KeyTrafficFromAccounts: {Current: ptr(12345)},
			metrics.KeyReachPerAccount:     {Current: ptr(4.3), Goal: ptr(10), Trend: ptr(1.5)},
			metrics.KeyMQAAccounts:         {Current: ptr(1)},
			metrics.KeyAccountsWithSQLs:    {Current: ptr(3), Goal: ptr(3)},
			metrics.KeyTimeToCloseDays:     {Current: ptr(56.5), Goal: ptr(50), Baseline: ptr(63), Trend: ptr(-2)},
			metrics.KeyAvgDealSize:         {Current: ptr(1234567.891)},
			metrics.KeyUpsellRevenue:       {Current: ptr(0)},
			metrics.KeyReferrals:           {Current: ptr(2)},
			metrics.KeyNPS:                 {},
		},
		Funnel: []metrics.FunnelStage{
			{Key: "icp", Label: "ICP fit companies", Count: 40},
			{Key: "target_accounts", Label: "Target accounts", Count: 3},
			{Key: "known_contacts", Label: "Known contacts", Count: 25},
			{Key: "engaged_contacts", Label: "Engaged contacts", Count: 13},
			{Key: "mqa_accounts", Label: "MQA accounts", Count: 1},
			{Key: "sql_accounts", Label: "Accounts with SQLs", Count: 3},
			{Key: "won_accounts", Label: "Won accounts", Count: 1},
			{Key: "advocates", Label: "Advocates", Count: 0},
		},
		Accounts: []metrics.AccountRow{
			{CompanyID: "c1", Name: "Alpina Pharma AG", Domain: "alpina-pharma.example", Visits30d: 12000, KnownContacts: 3, EngagedContacts: 2,
				MQA: true, MQASince: time.Date(2026, 2, 1, 8, 0, 0, 0, time.FixedZone("CET", 3600)),
				FormSubmissions: 4, Meetings: 1, Referrals: 1, ReferredBy: []string{"Corvus Bio GmbH"}},
			{CompanyID: "c2", Name: hostileName, Visits30d: 45, EngagedContacts: 0},
			{CompanyID: "c3", Name: "Corvus Bio GmbH", KnownContacts: 22, EngagedContacts: 11},
		},
	}
}

type dashBundle struct {
	ts   *httptest.Server
	st   *store.Store
	rdb  *redis.Client
	logs *syncBuffer
}

// setupDashboard serves the admin handler with token (empty: disabled) on a
// store seeded with the test campaign; report nil computes the report from
// the store as the daemon does.
func setupDashboard(t *testing.T, token string, report func(context.Context) (metrics.Report, error), tls bool) *dashBundle {
	t.Helper()
	rdb := redistest.Client(t, db, false)
	st := store.New(rdb, redistest.Prefix(t, rdb))
	seedCampaign(t, st)
	deps := campaignService(st)
	if report == nil {
		report = func(ctx context.Context) (metrics.Report, error) { return deps.BuildReport(ctx) }
	}
	b := &dashBundle{st: st, rdb: rdb, logs: &syncBuffer{}}
	srv := &admin.Server{Token: token, Store: st, Report: report, AccountContacts: accountContacts(deps), Inspector: fakeInspector{},
		Logger: slog.New(slog.NewTextHandler(b.logs, nil))}
	if tls {
		b.ts = httptest.NewTLSServer(srv.Handler())
	} else {
		b.ts = httptest.NewServer(srv.Handler())
	}
	t.Cleanup(func() {
		b.ts.Close()
		if strings.Contains(b.logs.String(), testToken) {
			t.Errorf("the admin token was logged: %s", b.logs.String())
		}
	})
	return b
}

// noRedirect is a client that returns redirects instead of following them.
func noRedirect(ts *httptest.Server) *http.Client {
	c := *ts.Client()
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &c
}

// sessionDigest is what Redis keeps of a session id, as SessionCookie
// documents it.
func sessionDigest(token, id string) string {
	m := hmac.New(sha256.New, []byte(token))
	m.Write([]byte("dashboard-session|" + id))
	return hex.EncodeToString(m.Sum(nil))
}

// login logs in with the form and returns the session cookie's value.
func login(t *testing.T, b *dashBundle) string {
	t.Helper()
	resp, err := noRedirect(b.ts).PostForm(b.ts.URL+"/dashboard/login", url.Values{"token": {testToken}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	for _, c := range resp.Cookies() {
		if c.Name == admin.SessionCookie && c.Value != "" {
			return c.Value
		}
	}
	t.Fatalf("login: status %d, no session cookie", resp.StatusCode)
	return ""
}

// wantCSP is the policy of every dashboard page: no script at all.
const wantCSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

func TestDashboardAuth(t *testing.T) {
	t.Parallel()
	report := func(context.Context) (metrics.Report, error) { return fixedReport(), nil }
	on := setupDashboard(t, testToken, report, false)
	off := setupDashboard(t, "", report, false)
	valid := login(t, on)
	// A session saved under another token's digest: what a session from
	// before a token change looks like.
	const otherTokenSession = "c2Vzc2lvbi1vZi1hbm90aGVyLXRva2VuLTAwMDAwMDAwMDA"
	if err := on.st.SaveAdminSession(context.Background(), sessionDigest("0ther-token-0123456789abcdef0123", otherTokenSession), time.Hour); err != nil {
		t.Fatal(err)
	}
	form := func(token string) url.Values { return url.Values{"token": {token}} }

	tests := []struct {
		name       string
		disabled   bool
		method     string
		path       string
		form       url.Values
		bearer     string
		basic      string
		cookie     string
		wantStatus int
		wantLoc    string
		wantBody   string
	}{
		{name: "no token configured: dashboard", disabled: true, method: "GET", path: "/dashboard", wantStatus: 403, wantBody: "ABMSYNC_ADMIN_TOKEN"},
		{name: "no token configured: login form", disabled: true, method: "GET", path: "/dashboard/login", wantStatus: 403},
		{name: "no token configured: login", disabled: true, method: "POST", path: "/dashboard/login", form: form(""), wantStatus: 403},
		{name: "no token configured: a session cookie", disabled: true, method: "GET", path: "/dashboard", cookie: valid, wantStatus: 403},
		{name: "no session", method: "GET", path: "/dashboard", wantStatus: 303, wantLoc: "/dashboard/login"},
		{name: "no session: account page", method: "GET", path: "/dashboard/accounts/c1", wantStatus: 303, wantLoc: "/dashboard/login"},
		{name: "login form", method: "GET", path: "/dashboard/login", wantStatus: 200, wantBody: `name="token"`},
		{name: "wrong token", method: "POST", path: "/dashboard/login", form: form("guess"), wantStatus: 401, wantBody: "Wrong admin token"},
		{name: "empty token", method: "POST", path: "/dashboard/login", form: form(""), wantStatus: 401, wantBody: "Wrong admin token"},
		{name: "right token", method: "POST", path: "/dashboard/login", form: form(testToken), wantStatus: 303, wantLoc: "/dashboard"},
		{name: "session cookie", method: "GET", path: "/dashboard", cookie: valid, wantStatus: 200, wantBody: "Campaign dashboard"},
		{name: "session cookie: account page", method: "GET", path: "/dashboard/accounts/c1", cookie: valid, wantStatus: 200, wantBody: "Alpina Pharma AG"},
		{name: "session of another token", method: "GET", path: "/dashboard", cookie: otherTokenSession, wantStatus: 303, wantLoc: "/dashboard/login"},
		{name: "unknown session id", method: "GET", path: "/dashboard", cookie: "bm90LWEtc2Vzc2lvbi0wMDAwMDAwMDAwMDAwMDAwMDAwMDA", wantStatus: 303, wantLoc: "/dashboard/login"},
		{name: "session id plus a character", method: "GET", path: "/dashboard", cookie: valid + "A", wantStatus: 303, wantLoc: "/dashboard/login"},
		{name: "cookie that is the token", method: "GET", path: "/dashboard", cookie: testToken, wantStatus: 303, wantLoc: "/dashboard/login"},
		{name: "bearer", method: "GET", path: "/dashboard", bearer: testToken, wantStatus: 200, wantBody: "Campaign dashboard"},
		{name: "basic", method: "GET", path: "/dashboard/accounts/c3", basic: testToken, wantStatus: 200, wantBody: "Corvus Bio GmbH"},
		{name: "wrong bearer", method: "GET", path: "/dashboard", bearer: "guess", wantStatus: 401},
		{name: "wrong bearer beats a good cookie", method: "GET", path: "/dashboard", bearer: "guess", cookie: valid, wantStatus: 401},
		{name: "logout", method: "GET", path: "/dashboard/logout", wantStatus: 303, wantLoc: "/dashboard/login"},
		{name: "trailing slash", method: "GET", path: "/dashboard/", wantStatus: 301, wantLoc: "/dashboard"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			b := on
			if tt.disabled {
				b = off
			}
			var body io.Reader
			if tt.form != nil {
				body = strings.NewReader(tt.form.Encode())
			}
			req, err := http.NewRequest(tt.method, b.ts.URL+tt.path, body)
			if err != nil {
				t.Fatal(err)
			}
			if tt.form != nil {
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			}
			if tt.bearer != "" {
				req.Header.Set("Authorization", "Bearer "+tt.bearer)
			}
			if tt.basic != "" {
				req.SetBasicAuth("admin", tt.basic)
			}
			if tt.cookie != "" {
				req.AddCookie(&http.Cookie{Name: admin.SessionCookie, Value: tt.cookie})
			}
			resp, err := noRedirect(b.ts).Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			got, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != tt.wantStatus {
				t.Fatalf("status %d, want %d; body %s", resp.StatusCode, tt.wantStatus, got)
			}
			if loc := resp.Header.Get("Location"); loc != tt.wantLoc {
				t.Errorf("Location %q, want %q", loc, tt.wantLoc)
			}
			if !strings.Contains(string(got), tt.wantBody) {
				t.Errorf("body lacks %q:\n%s", tt.wantBody, got)
			}
			if strings.Contains(string(got), testToken) {
				t.Errorf("the answer contains the admin token")
			}
			if isPage := tt.wantStatus < 300 || tt.wantStatus >= 400; isPage && resp.Header.Get("Content-Security-Policy") != wantCSP {
				t.Errorf("Content-Security-Policy = %q, want %q", resp.Header.Get("Content-Security-Policy"), wantCSP)
			}
			var session *http.Cookie
			for _, c := range resp.Cookies() {
				if c.Name == admin.SessionCookie {
					session = c
				}
			}
			switch {
			case tt.name == "right token":
				if session == nil {
					t.Fatal("no session cookie set")
				}
				if !session.HttpOnly || session.SameSite != http.SameSiteStrictMode || session.Path != "/dashboard" ||
					session.Secure || session.MaxAge != 12*3600 {
					t.Errorf("session cookie %+v: want HttpOnly, SameSite=Strict, Path=/dashboard, not Secure over HTTP, 12 h", session)
				}
				if strings.Contains(session.Value, testToken) {
					t.Errorf("the cookie carries the token itself")
				}
			case tt.name == "logout":
				if session == nil || session.MaxAge >= 0 || session.Value != "" {
					t.Errorf("logout cookie %+v, want it cleared", session)
				}
			case session != nil:
				t.Errorf("unexpected session cookie %+v", session)
			}
		})
	}
}

// TestDashboardLoginRoundTrip logs in with the form and uses the cookie it
// got; over TLS the cookie is Secure.
func TestDashboardLoginRoundTrip(t *testing.T) {
	t.Parallel()
	b := setupDashboard(t, testToken, func(context.Context) (metrics.Report, error) { return fixedReport(), nil }, true)
	c := noRedirect(b.ts)
	resp, err := c.PostForm(b.ts.URL+"/dashboard/login", url.Values{"token": {testToken}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	cookies := resp.Cookies()
	if resp.StatusCode != http.StatusSeeOther || len(cookies) != 1 {
		t.Fatalf("login: status %d, cookies %v", resp.StatusCode, cookies)
	}
	if !cookies[0].Secure {
		t.Errorf("cookie set over TLS is not Secure: %+v", cookies[0])
	}
	if cookies[0].MaxAge != 12*3600 {
		t.Errorf("session cookie MaxAge %d, want 12 h", cookies[0].MaxAge)
	}
	if ttl, err := b.rdb.TTL(context.Background(), b.st.Keys().AdminSession(sessionDigest(testToken, cookies[0].Value))).Result(); err != nil || ttl < 11*time.Hour || ttl > 12*time.Hour {
		t.Errorf("session in Redis expires in %v (%v), want 12 h", ttl, err)
	}
	req, _ := http.NewRequest("GET", b.ts.URL+"/dashboard", nil)
	req.AddCookie(cookies[0])
	resp, err = c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), "KPIs against goals") {
		t.Fatalf("dashboard with the login's cookie: %d %s", resp.StatusCode, body)
	}
}

// getPage fetches path with the bearer token and parses it.
func getPage(t *testing.T, b *dashBundle, path string, wantStatus int) (*goquery.Document, string) {
	t.Helper()
	req, _ := http.NewRequest("GET", b.ts.URL+path, nil)
	req.Header.Set("Authorization", "Bearer "+testToken)
	resp, err := b.ts.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != wantStatus {
		t.Fatalf("GET %s: status %d, want %d: %s", path, resp.StatusCode, wantStatus, body)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "text/html; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(string(body)))
	if err != nil {
		t.Fatal(err)
	}
	return doc, string(body)
}

func TestDashboardPage(t *testing.T) {
	t.Parallel()
	b := setupDashboard(t, testToken, func(context.Context) (metrics.Report, error) { return fixedReport(), nil }, false)
	doc, body := getPage(t, b, "/dashboard", http.StatusOK)

	meta := strings.Join(strings.Fields(doc.Find("#report-meta").Text()), " ")
	if want := "Report generated 2026-03-02 09:30 UTC. Won deals: all time. Trends compare with 2026-03-01 09:30 UTC."; meta != want {
		t.Errorf("report line %q, want %q", meta, want)
	}

	t.Run("KPI rows", func(t *testing.T) {
		var keys []string
		doc.Find("#kpis tr.kpi").Each(func(_ int, s *goquery.Selection) { keys = append(keys, s.AttrOr("data-key", "")) })
		if !slices.Equal(keys, metrics.Keys()) {
			t.Fatalf("KPI rows %v, want %v", keys, metrics.Keys())
		}
		cells := func(key string) []string {
			var out []string
			doc.Find(`#kpis tr.kpi[data-key="` + key + `"] td`).Each(func(_ int, s *goquery.Selection) {
				out = append(out, strings.Join(strings.Fields(s.Text()), " "))
			})
			return out
		}
		tests := []struct {
			key  string
			want []string // current, goal, baseline, trend, status
		}{
			{metrics.KeyTrafficFromAccounts, []string{"12,345", "–", "–", "–", "no goal set"}},
			{metrics.KeyReachPerAccount, []string{"4.3", "10", "–", "+1.5", "43 % of the way"}},
			{metrics.KeyAccountsWithSQLs, []string{"3", "3", "–", "–", "goal met"}},
			// Lower is better: 63 → 50, now 56.5 is half-way.
			{metrics.KeyTimeToCloseDays, []string{"56.5", "50", "63", "-2", "50 % of the way"}},
			{metrics.KeyAvgDealSize, []string{"1,234,567.89", "–", "–", "–", "no goal set"}},
			{metrics.KeyNPS, []string{"–", "–", "–", "–", "no goal set"}},
		}
		for _, tt := range tests {
			got := cells(tt.key)
			if len(got) != 6 || !slices.Equal(got[1:], tt.want) {
				t.Errorf("%s: cells %q, want label then %q", tt.key, got, tt.want)
			}
		}
		if n := doc.Find(`#kpis td.status.met`).Length(); n != 1 {
			t.Errorf("%d KPIs marked met, want 1", n)
		}
	})

	t.Run("funnel in order", func(t *testing.T) {
		var keys, counts []string
		doc.Find("#funnel li.stage").Each(func(_ int, s *goquery.Selection) {
			keys = append(keys, s.AttrOr("data-key", ""))
			counts = append(counts, s.Find(".count").Text())
		})
		want := []string{"icp", "target_accounts", "known_contacts", "engaged_contacts", "mqa_accounts", "sql_accounts", "won_accounts", "advocates"}
		if !slices.Equal(keys, want) {
			t.Errorf("funnel stages %v, want %v", keys, want)
		}
		if !slices.Equal(counts, []string{"40", "3", "25", "13", "1", "3", "1", "0"}) {
			t.Errorf("funnel counts %v", counts)
		}
		if style, _ := doc.Find(`#funnel li[data-key="icp"] .bar`).Attr("style"); !strings.Contains(style, "width: 100.0%") {
			t.Errorf("widest stage bar style %q", style)
		}
	})

	t.Run("reach chart", func(t *testing.T) {
		svg := doc.Find("section#reach svg#reach-chart")
		if svg.Length() != 1 {
			t.Fatalf("%d reach charts", svg.Length())
		}
		bars := svg.Find("rect.bar")
		if bars.Length() != 3 {
			t.Fatalf("%d bars, want one per target account (3)", bars.Length())
		}
		var widths []float64
		bars.Each(func(_ int, s *goquery.Selection) {
			w, err := strconv.ParseFloat(s.AttrOr("width", ""), 64)
			if err != nil {
				t.Errorf("bar width: %v", err)
			}
			widths = append(widths, w)
		})
		// Reach 2, 0, 11 on an axis to ceil(11*1.1) = 13 over 490 units.
		if want := []float64{2 * 490 / 13.0, 0, 11 * 490 / 13.0}; !approx(widths, want) {
			t.Errorf("bar widths %v, want %v", widths, want)
		}
		if bars.Eq(2).HasClass("met") == false || bars.Eq(0).HasClass("met") {
			t.Errorf("only the account over the goal of 10 is marked met")
		}
		goal := svg.Find("line.goal")
		if goal.Length() != 1 {
			t.Fatalf("%d goal lines, want 1", goal.Length())
		}
		x, _ := strconv.ParseFloat(goal.AttrOr("x1", ""), 64)
		if !approx([]float64{x}, []float64{210 + 10*490/13.0}) {
			t.Errorf("goal line at x=%v", x)
		}
		if got := svg.Find("text.goal-label").Text(); got != "goal 10" {
			t.Errorf("goal label %q", got)
		}
	})

	t.Run("accounts table", func(t *testing.T) {
		var hrefs []string
		doc.Find("#accounts tr.account td:first-child a").Each(func(_ int, s *goquery.Selection) { hrefs = append(hrefs, s.AttrOr("href", "")) })
		if !slices.Equal(hrefs, []string{"/dashboard/accounts/c1", "/dashboard/accounts/c2", "/dashboard/accounts/c3"}) {
			t.Errorf("account links %v", hrefs)
		}
		row := doc.Find(`#accounts tr.account[data-id="c1"] td`)
		if got := row.Eq(2).Text(); got != "12,000" {
			t.Errorf("visits %q, want 12,000", got)
		}
		if got := row.Eq(6).Text(); got != "since 2026-02-01 07:00 UTC" {
			t.Errorf("MQA cell %q, want the date in UTC", got)
		}
	})

	t.Run("hostile names escaped", func(t *testing.T) {
		if strings.Contains(body, "<script>") {
			t.Errorf("a company name was written as markup")
		}
		if doc.Find("script").Length() != 0 {
			t.Errorf("the page has a script element")
		}
		if got := doc.Find(`#accounts tr.account[data-id="c2"] a`).Text(); got != hostileName {
			t.Errorf("hostile account name shows as %q, want it as text", got)
		}
	})
}

func approx(got, want []float64) bool {
	if len(got) != len(want) {
		return false
	}
	for i := range got {
		if d := got[i] - want[i]; d > 0.051 || d < -0.051 {
			return false
		}
	}
	return true
}

func TestDashboardAccountPage(t *testing.T) {
	t.Parallel()
	b := setupDashboard(t, testToken, func(context.Context) (metrics.Report, error) { return fixedReport(), nil }, false)
	doc, body := getPage(t, b, "/dashboard/accounts/c1", http.StatusOK)

	if got := doc.Find("#account-name").Text(); got != "Alpina Pharma AG" {
		t.Errorf("account name %q", got)
	}
	type row struct{ name, role, function, buying, gatekeeper, sources, warm, inCRM string }
	var rows []row
	doc.Find("#contacts tr.contact").Each(func(_ int, s *goquery.Selection) {
		td := func(i int) string { return strings.Join(strings.Fields(s.Find("td").Eq(i).Text()), " ") }
		var sources []string
		s.Find("td.source li").Each(func(_ int, li *goquery.Selection) { sources = append(sources, li.Text()) })
		rows = append(rows, row{td(0), td(1), td(2), td(3), td(4), strings.Join(sources, "; "), td(6), td(7)})
	})
	// merge orders people by contact key, a fingerprint: compare as a set.
	slices.SortFunc(rows, func(a, b row) int { return strings.Compare(a.name, b.name) })
	want := []row{
		{"Dr. Eva Maier", "Head of Quality Assurance", "quality", "decision maker", "",
			"web 2026-02-20 14:00 UTC; linkedin 2026-02-20 14:00 UTC", warmPath, "yes"},
		{hostilePerson, "Chief <b>Hacker</b>", "it", "influencer", "", "web", "", "new"},
		{"Max Gruber", "Assistant to the CEO", "management", "", "gatekeeper",
			"web 2026-02-20 14:00 UTC; press 2026-02-20 14:00 UTC", "", "new"},
	}
	if !slices.Equal(rows, want) {
		t.Errorf("key contacts:\n got %q\nwant %q", rows, want)
	}

	t.Run("source links", func(t *testing.T) {
		var links []string
		doc.Find("#contacts td.source a").Each(func(_ int, s *goquery.Selection) { links = append(links, s.AttrOr("href", "")) })
		slices.Sort(links)
		wantLinks := []string{"https://alpina-pharma.example/team", "https://alpina-pharma.example/team", "https://pharma-news.example/2026/alpina"}
		if !slices.Equal(links, wantLinks) {
			t.Errorf("source links %v, want %v (a javascript: URL is never a link)", links, wantLinks)
		}
	})

	t.Run("do-not-contact people absent", func(t *testing.T) {
		for _, name := range []string{dncByName, dncByEmail, "Schmid", "Huber"} {
			if strings.Contains(body, name) {
				t.Errorf("%q, on the do-not-contact list, is on the page", name)
			}
		}
	})

	t.Run("no addresses or fingerprints", func(t *testing.T) {
		fp, err := b.st.Fingerprinter(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range []string{"@alpina-pharma.example", fp.Of("name", merge.NormalizeName("Eva Maier")),
			fingerprint.LegacyHash("name", merge.NormalizeName("Eva Maier")), "fp1-", "Crm Only Person"} {
			if strings.Contains(body, s) {
				t.Errorf("the page shows %q", s)
			}
		}
	})

	t.Run("others listed apart, labelled", func(t *testing.T) {
		other := doc.Find(`#other-people tr.person[data-kind="editorial_responsible"]`)
		if got := strings.Join(strings.Fields(other.Text()), " "); !strings.Contains(got, "Hans Redl") || !strings.Contains(got, "Editorially responsible (imprint)") {
			t.Errorf("editorial responsible row %q", got)
		}
		if strings.Contains(doc.Find("#contacts").Text(), "Hans Redl") {
			t.Errorf("the editorial responsible is listed as a buying-committee member")
		}
	})

	t.Run("hostile input escaped", func(t *testing.T) {
		if strings.Contains(body, "<img") || strings.Contains(body, "<b>Hacker") || strings.Contains(body, "<script>") {
			t.Errorf("a name or role from a website was written as markup")
		}
	})

	t.Run("numbers", func(t *testing.T) {
		facts := map[string]string{}
		doc.Find("#numbers dt").Each(func(_ int, dt *goquery.Selection) { facts[dt.Text()] = dt.Next().Text() })
		for k, want := range map[string]string{
			"Website visits (30 d)": "12,000", "Engaged contacts (reach)": "2 of 10", "Form submissions": "4",
			"Meetings": "1", "Referrals": "1 (referred by Corvus Bio GmbH)", "MQA": "yes, since 2026-02-01 07:00 UTC",
			"Mean days to close": "–",
		} {
			if facts[k] != want {
				t.Errorf("%s: %q, want %q", k, facts[k], want)
			}
		}
	})

	t.Run("CRM note", func(t *testing.T) {
		if got := doc.Find("#crm-note").Text(); !strings.HasPrefix(got, "3 known contacts of this account are in the CRM") {
			t.Errorf("CRM note %q", got)
		}
	})
}

func TestDashboardAccountErrors(t *testing.T) {
	t.Parallel()
	b := setupDashboard(t, testToken, func(context.Context) (metrics.Report, error) { return fixedReport(), nil }, false)
	tests := []struct {
		path     string
		status   int
		wantText string
	}{
		{"/dashboard/accounts/unknown", http.StatusNotFound, "No target account with id unknown."},
		// c9 is stored but is not a target account: not in the report.
		{"/dashboard/accounts/c9", http.StatusNotFound, "No target account with id c9."},
		{"/dashboard/accounts/" + url.PathEscape("<b>x</b>"), http.StatusNotFound, "No target account with id <b>x</b>."},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			doc, body := getPage(t, b, tt.path, tt.status)
			if got := doc.Find("#error").Text(); got != tt.wantText {
				t.Errorf("error text %q, want %q", got, tt.wantText)
			}
			if strings.Contains(body, "<b>x") {
				t.Errorf("the id was written as markup")
			}
		})
	}

	failing := setupDashboard(t, testToken, func(context.Context) (metrics.Report, error) { return metrics.Report{}, errors.New("redis down") }, false)
	for _, path := range []string{"/dashboard", "/dashboard/accounts/c1"} {
		if _, body := getPage(t, failing, path, http.StatusServiceUnavailable); !strings.Contains(body, "redis down") {
			t.Errorf("%s: the report error is not shown: %s", path, body)
		}
	}
}

// TestDashboardComputedReport renders the report computed from the store,
// as the daemon does: the non-target company is not an account.
func TestDashboardComputedReport(t *testing.T) {
	t.Parallel()
	b := setupDashboard(t, testToken, nil, false)
	doc, _ := getPage(t, b, "/dashboard", http.StatusOK)
	var ids []string
	doc.Find("#accounts tr.account").Each(func(_ int, s *goquery.Selection) { ids = append(ids, s.AttrOr("data-id", "")) })
	// Sorted by name: "<script>…" sorts first.
	if !slices.Equal(ids, []string{"c2", "c1", "c3"}) {
		t.Errorf("accounts %v, want the three targets by name", ids)
	}
	if n := doc.Find("#reach-chart rect.bar").Length(); n != 3 {
		t.Errorf("%d bars", n)
	}
	if got := doc.Find(`#accounts tr.account[data-id="c1"] td`).Eq(4).Text(); got != "2" {
		t.Errorf("c1 engaged contacts %q, want 2", got)
	}
}
