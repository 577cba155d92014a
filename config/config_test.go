package config

import (
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

// env returns a getenv backed by m, so tests need no t.Setenv and can run in
// parallel.
func env(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

// writeConfig writes body to a fresh temp file and returns its path.
func writeConfig(t *testing.T, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "abmsync.yaml")
	if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// asError asserts err is an *Error with the given key.
func asError(t *testing.T, err error, key string) *Error {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("err = %v (%T), want *Error", err, err)
	}
	if e.Key != key {
		t.Fatalf("key = %q, want %q (err: %v)", e.Key, key, err)
	}
	return e
}

func TestDefault(t *testing.T) {
	t.Parallel()
	c := Default()
	if err := c.Validate(); err != nil {
		t.Fatalf("Default().Validate() = %v", err)
	}
	checks := []struct {
		name      string
		got, want any
	}{
		{"redis.url", c.Redis.URL, ""},
		{"redis.key_prefix", c.Redis.KeyPrefix, "abmsync"},
		{"admin.addr", c.Admin.Addr, "127.0.0.1:8080"},
		{"admin.monitoring", c.Admin.Monitoring, "read-only"},
		{"crm.kind", c.CRM.Kind, "csv"},
		{"csv.dir", c.CSV.Dir, "deploy/examples/sample-campaign"},
		{"csv.output_dir", c.CSV.OutputDir, "out"},
		{"hubspot.base_url", c.HubSpot.BaseURL, "https://api.hubapi.com"},
		{"hubspot.api_version", c.HubSpot.APIVersion, "2026-03"},
		{"hubspot.requests_per_10s", c.HubSpot.RequestsPer10s, 0},
		{"hubspot.search_per_second", c.HubSpot.SearchPerSecond, 5},
		{"hubspot.timeout", c.HubSpot.Timeout, 30 * time.Second},
		{"hubspot.overlap", c.HubSpot.Overlap, 5 * time.Minute},
		{"sync.max_delete_share", c.Sync.MaxDeleteShare, 0.2},
		{"campaign.name", c.Campaign.Name, "sample"},
		{"campaign.reach_goal", c.Campaign.ReachGoal, 10},
		{"campaign.engagement_window", c.Campaign.EngagementWindow.D(), 90 * 24 * time.Hour},
		{"schedules", c.Schedules, map[string]string{"crm_sync": "@every 15m", "crm_full_sync": "@daily"}},
		{"worker.concurrency", c.Worker.Concurrency, 4},
		{"worker.shutdown_timeout", c.Worker.ShutdownTimeout, 30 * time.Second},
		{"log.level", c.Log.Level, "info"},
		{"log.format", c.Log.Format, "text"},
	}
	for _, tc := range checks {
		if !reflect.DeepEqual(tc.got, tc.want) {
			t.Errorf("%s = %v, want %v", tc.name, tc.got, tc.want)
		}
	}

	// No file and no environment is exactly the default.
	got, err := Load("", nil)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if !reflect.DeepEqual(got, Default()) {
		t.Errorf("Load(\"\", nil) = %+v, want Default()", got)
	}
	// Default returns fresh maps.
	c.Schedules["crm_sync"] = "@hourly"
	if Default().Schedules["crm_sync"] != "@every 15m" {
		t.Error("Default shares its Schedules map between calls")
	}
}

func TestLoad(t *testing.T) {
	t.Parallel()
	const hubspotFile = "crm:\n  kind: hubspot\nhubspot:\n  access_token: file-token\n"
	tests := []struct {
		name    string
		file    *string // nil = no file
		env     map[string]string
		wantKey string                       // "" = no error
		wantMsg []string                     // substrings of the error
		notMsg  []string                     // must not appear in the error
		check   func(t *testing.T, c Config) // on success
	}{
		{
			// A token pasted with its newline, an ad account with spaces:
			// trimmed, so they work; a secret of spaces alone is missing,
			// named at load, not found out at start-up.
			name: "credentials are trimmed",
			env: map[string]string{"ABMSYNC_HUBSPOT_ACCESS_TOKEN": "pat-eu1-abc\n", "ABMSYNC_LINKEDIN_ACCESS_TOKEN": " tok ",
				"ABMSYNC_LINKEDIN_AD_ACCOUNT": " 512345 ", "ABMSYNC_LINKEDIN_VERSION": "202611", "ABMSYNC_SECRET_KEY": " key \n"},
			check: func(t *testing.T, c Config) {
				if c.HubSpot.AccessToken != "pat-eu1-abc" || c.LinkedIn.AccessToken != "tok" || c.LinkedIn.AdAccount != "512345" || c.SecretKey != "key" {
					t.Error("credentials not trimmed") // values are secrets: not printed
				}
			},
		},
		{
			name:    "token of spaces is missing",
			env:     map[string]string{"ABMSYNC_HUBSPOT_ACCESS_TOKEN": "   "},
			wantKey: "hubspot.access_token",
		},
		{
			name:    "ad account of spaces is missing",
			env:     map[string]string{"ABMSYNC_LINKEDIN_ACCESS_TOKEN": "tok", "ABMSYNC_LINKEDIN_AD_ACCOUNT": "  ", "ABMSYNC_LINKEDIN_VERSION": "202611"},
			wantKey: "linkedin.ad_account",
		},
		{
			name: "empty file keeps defaults",
			file: ptr(""),
			check: func(t *testing.T, c Config) {
				if !reflect.DeepEqual(c, Default()) {
					t.Errorf("got %+v", c)
				}
			},
		},
		{
			name: "comments only and explicit null document",
			file: ptr("# nothing\n---\n~\n"),
			check: func(t *testing.T, c Config) {
				if !reflect.DeepEqual(c, Default()) {
					t.Errorf("got %+v", c)
				}
			},
		},
		{
			name: "file overrides defaults, omitted keys keep theirs",
			file: ptr("admin:\n  addr: \":9090\"\nworker:\n  concurrency: 8\n"),
			check: func(t *testing.T, c Config) {
				if c.Admin.Addr != ":9090" || c.Worker.Concurrency != 8 {
					t.Errorf("addr=%q concurrency=%d", c.Admin.Addr, c.Worker.Concurrency)
				}
				if c.Worker.ShutdownTimeout != 30*time.Second || c.Redis.KeyPrefix != "abmsync" {
					t.Errorf("defaults lost: %+v", c)
				}
			},
		},
		{
			name: "env beats file",
			file: ptr("admin:\n  addr: \":9090\"\n  token: file\nlog:\n  level: warn\n"),
			env: map[string]string{
				"ABMSYNC_ADMIN_ADDR":  "0.0.0.0:7000",
				"ABMSYNC_ADMIN_TOKEN": envToken,
				"ABMSYNC_LOG_LEVEL":   "debug",
				"REDIS_URL":           "redis://localhost:6379/1",
			},
			check: func(t *testing.T, c Config) {
				if c.Admin.Addr != "0.0.0.0:7000" || c.Admin.Token != envToken || c.Log.Level != "debug" || c.Redis.URL != "redis://localhost:6379/1" {
					t.Errorf("got %+v", c)
				}
			},
		},
		{
			name: "path from ABMSYNC_CONFIG",
			file: ptr("campaign:\n  name: from-env-path\n"),
			env:  map[string]string{"ABMSYNC_CONFIG": "<file>"},
			check: func(t *testing.T, c Config) {
				if c.Campaign.Name != "from-env-path" {
					t.Errorf("name = %q", c.Campaign.Name)
				}
			},
		},
		{
			name:    "missing file from ABMSYNC_CONFIG",
			env:     map[string]string{"ABMSYNC_CONFIG": "/nonexistent/abmsync.yaml"},
			wantKey: "/nonexistent/abmsync.yaml",
			wantMsg: []string{"no such file", "(from ABMSYNC_CONFIG)"},
		},
		{
			name: "hubspot credentials in env select hubspot",
			env:  map[string]string{"ABMSYNC_HUBSPOT_ACCESS_TOKEN": "pat-env"},
			check: func(t *testing.T, c Config) {
				if c.CRM.Kind != "hubspot" || c.HubSpot.AccessToken != "pat-env" {
					t.Errorf("kind=%q token=%q", c.CRM.Kind, c.HubSpot.AccessToken)
				}
			},
		},
		{
			name: "file crm.kind wins over inference",
			file: ptr("crm:\n  kind: csv\n"),
			env:  map[string]string{"ABMSYNC_HUBSPOT_ACCESS_TOKEN": "pat-env"},
			check: func(t *testing.T, c Config) {
				if c.CRM.Kind != "csv" {
					t.Errorf("kind = %q, want csv", c.CRM.Kind)
				}
			},
		},
		{
			name: "ABMSYNC_CRM wins over inference",
			env:  map[string]string{"ABMSYNC_CRM": "csv", "ABMSYNC_HUBSPOT_BASE_URL": "http://127.0.0.1:1"},
			check: func(t *testing.T, c Config) {
				if c.CRM.Kind != "csv" {
					t.Errorf("kind = %q, want csv", c.CRM.Kind)
				}
			},
		},
		{
			name: "hubspot oauth and overrides from env",
			file: ptr(hubspotFile),
			env: map[string]string{
				"ABMSYNC_HUBSPOT_BASE_URL":    "http://127.0.0.1:8081",
				"ABMSYNC_HUBSPOT_API_VERSION": "2025-09",
				"ABMSYNC_HUBSPOT_CLIENT_ID":   "id",
			},
			check: func(t *testing.T, c Config) {
				h := c.HubSpot
				if h.BaseURL != "http://127.0.0.1:8081" || h.APIVersion != "2025-09" || h.ClientID != "id" || h.AccessToken != "file-token" {
					t.Errorf("got %+v", h)
				}
			},
		},
		{
			name:    "unknown key names key and line",
			file:    ptr("redis:\n  url: \"\"\n  passwrd: hunter2\n"),
			wantKey: "redis.passwrd",
			wantMsg: []string{"unknown key", "line 3", "cluster, key_prefix, sentinel, url"},
			notMsg:  []string{"hunter2"},
		},
		{
			name:    "unknown top-level key",
			file:    ptr("schedule:\n  crm_sync: \"@hourly\"\n"),
			wantKey: "schedule",
			wantMsg: []string{"unknown key at line 1"},
		},
		{
			name:    "unknown key in list element",
			file:    ptr("campaign:\n  target_accounts:\n    - id: \"1\"\n    - domian: x.com\n"),
			wantKey: "campaign.target_accounts[1].domian",
			wantMsg: []string{"line 4"},
		},
		{
			name:    "duplicate key",
			file:    ptr("log:\n  level: info\n  level: debug\n"),
			wantKey: "log.level",
			wantMsg: []string{"line 3", "already set at line 2"},
		},
		{
			name:    "wrong type names key",
			file:    ptr("worker:\n  concurrency: four\n"),
			wantKey: "worker.concurrency",
			wantMsg: []string{"line 2"},
		},
		{
			name:    "bad YAML",
			file:    ptr("redis:\n  url: [unclosed\n"),
			wantKey: "<file>",
			wantMsg: []string{"bad YAML", "line"},
		},
		{
			name:    "top level not a mapping",
			file:    ptr("- a\n- b\n"),
			wantKey: "<file>",
			wantMsg: []string{"want a mapping"},
		},
		{
			name:    "two documents",
			file:    ptr("log:\n  level: info\n---\nlog:\n  level: debug\n"),
			wantKey: "<file>",
			wantMsg: []string{"one YAML document"},
		},
		{
			name:    "bad cron",
			file:    ptr("schedules:\n  crm_sync: \"every 5\"\n"),
			wantKey: "schedules.crm_sync",
			wantMsg: []string{`config: schedules.crm_sync: bad cron spec "every 5": `},
		},
		{
			name:    "unknown schedule name",
			file:    ptr("schedules:\n  crm_pull: \"@hourly\"\n"),
			wantKey: "schedules.crm_pull",
			wantMsg: []string{"crm_sync, crm_full_sync"},
		},
		{
			name: "schedules in file replace defaults",
			file: ptr("schedules:\n  crm_sync: \"*/5 * * * *\"\n"),
			check: func(t *testing.T, c Config) {
				want := map[string]string{"crm_sync": "*/5 * * * *"}
				if !reflect.DeepEqual(c.Schedules, want) {
					t.Errorf("schedules = %v, want %v", c.Schedules, want)
				}
			},
		},
		{
			name: "empty schedules runs none",
			file: ptr("schedules: {}\n"),
			check: func(t *testing.T, c Config) {
				if len(c.Schedules) != 0 {
					t.Errorf("schedules = %v, want none", c.Schedules)
				}
			},
		},
		{
			name:    "missing credentials",
			file:    ptr("crm:\n  kind: hubspot\nhubspot:\n  client_id: id\n  client_secret: shh\n"),
			wantKey: "hubspot.access_token",
			wantMsg: []string{"missing credentials: set ABMSYNC_HUBSPOT_ACCESS_TOKEN or ABMSYNC_HUBSPOT_CLIENT_ID, ABMSYNC_HUBSPOT_CLIENT_SECRET and ABMSYNC_HUBSPOT_REFRESH_TOKEN"},
			notMsg:  []string{"shh"},
		},
		{
			name:    "missing credentials when hubspot inferred from env",
			env:     map[string]string{"ABMSYNC_HUBSPOT_CLIENT_SECRET": "shh"},
			wantKey: "hubspot.access_token",
			wantMsg: []string{"missing credentials", "inferred from ABMSYNC_HUBSPOT_CLIENT_SECRET"},
			notMsg:  []string{"shh"},
		},
		{
			name: "salesforce inferred from env, defaults",
			env:  map[string]string{"ABMSYNC_SALESFORCE_CLIENT_ID": "id", "ABMSYNC_SALESFORCE_CLIENT_SECRET": "sf-shh", "ABMSYNC_SALESFORCE_REFRESH_TOKEN": "sf-refresh"},
			check: func(t *testing.T, c Config) {
				s := c.Salesforce
				if c.CRM.Kind != "salesforce" || s.LoginURL != "https://login.salesforce.com" || s.APIVersion != "v66.0" ||
					s.TargetField != "ABM_Target_Account__c" || s.ClientSecret != "sf-shh" || s.RefreshToken != "sf-refresh" {
					t.Errorf("got %+v", c)
				}
			},
		},
		{
			name:    "salesforce missing secret names the key and what selected it",
			env:     map[string]string{"ABMSYNC_SALESFORCE_CLIENT_ID": "id", "ABMSYNC_SALESFORCE_REFRESH_TOKEN": "sf-refresh"},
			wantKey: "salesforce.client_secret",
			wantMsg: []string{"ABMSYNC_SALESFORCE_CLIENT_SECRET", "inferred from ABMSYNC_SALESFORCE_CLIENT_ID"},
			notMsg:  []string{"sf-refresh"},
		},
		{
			name:    "salesforce client credentials need the instance URL",
			file:    ptr("crm:\n  kind: salesforce\nsalesforce:\n  client_id: id\n  client_secret: sf-shh\n"),
			wantKey: "salesforce.instance_url",
			wantMsg: []string{"client-credentials", "ABMSYNC_SALESFORCE_INSTANCE_URL"},
			notMsg:  []string{"sf-shh"},
		},
		{
			name:    "salesforce bad API version",
			file:    ptr("crm:\n  kind: salesforce\nsalesforce:\n  client_id: id\n  client_secret: s\n  refresh_token: r\n  api_version: \"66\"\n"),
			wantKey: "salesforce.api_version",
			wantMsg: []string{"vNN.0"},
		},
		{
			name:    "salesforce login URL with credentials",
			env:     map[string]string{"ABMSYNC_CRM": "salesforce", "ABMSYNC_SALESFORCE_LOGIN_URL": "https://u:pw@test.salesforce.com"},
			wantKey: "salesforce.login_url",
			wantMsg: []string{"must not hold credentials", "(from ABMSYNC_SALESFORCE_LOGIN_URL)"},
			notMsg:  []string{"pw@"},
		},
		{
			name:    "credentials of both CRMs without crm.kind",
			env:     map[string]string{"ABMSYNC_HUBSPOT_ACCESS_TOKEN": "hs", "ABMSYNC_SALESFORCE_CLIENT_ID": "id"},
			wantKey: "crm.kind",
			wantMsg: []string{"ABMSYNC_HUBSPOT_ACCESS_TOKEN", "ABMSYNC_SALESFORCE_CLIENT_ID"},
		},
		{
			name:    "bad redis URL from env does not leak password",
			env:     map[string]string{"REDIS_URL": "http://:hunter2@redis:6379"},
			wantKey: "redis.url",
			wantMsg: []string{`unsupported scheme "http"`, "(from REDIS_URL)"},
			notMsg:  []string{"hunter2"},
		},
		{
			name:    "unparsable redis URL does not leak password",
			file:    ptr("redis:\n  url: \"redis://user:hunter2@host:port\"\n"),
			wantKey: "redis.url",
			notMsg:  []string{"hunter2"},
		},
		{
			name:    "redis URL with password in path does not leak",
			file:    ptr("redis:\n  url: \"redis://u:6379/hunter2@host\"\n"),
			wantKey: "redis.url",
			notMsg:  []string{"hunter2"},
		},
		{
			name:    "bad log level from env",
			env:     map[string]string{"ABMSYNC_LOG_LEVEL": "loud"},
			wantKey: "log.level",
			wantMsg: []string{`"loud"`, "(from ABMSYNC_LOG_LEVEL)"},
		},
		{
			name: "days durations",
			file: ptr("campaign:\n  engagement_window: 30d\n"),
			check: func(t *testing.T, c Config) {
				if got := c.Campaign.EngagementWindow.D(); got != 30*24*time.Hour {
					t.Errorf("engagement_window = %v", got)
				}
			},
		},
		{
			name: "go duration for days field",
			file: ptr("campaign:\n  engagement_window: 36h\n"),
			check: func(t *testing.T, c Config) {
				if got := c.Campaign.EngagementWindow.D(); got != 36*time.Hour {
					t.Errorf("engagement_window = %v", got)
				}
			},
		},
		{
			name:    "bare number duration",
			file:    ptr("campaign:\n  engagement_window: 90\n"),
			wantKey: "campaign.engagement_window",
			wantMsg: []string{`bad duration "90"`, "line 2"},
		},
		{
			name:    "campaign cohort without a start",
			file:    ptr("report:\n  cohort: campaign\n"),
			wantKey: "report.cohort",
			wantMsg: []string{"campaign.start"},
		},
		{
			name:    "unknown cohort",
			file:    ptr("report:\n  cohort: year\n"),
			wantKey: "report.cohort",
			wantMsg: []string{"want all, campaign or quarter", `"year"`},
		},
		{
			name:    "bad campaign start",
			file:    ptr("campaign:\n  start: 01.03.2026\n"),
			wantKey: "campaign.start",
			wantMsg: []string{"YYYY-MM-DD"},
		},
		{
			name:    "unknown time zone",
			file:    ptr("report:\n  timezone: Europe/Wien\n"),
			wantKey: "report.timezone",
			wantMsg: []string{"Europe/Wien"},
		},
		{
			name:    "referral source without values",
			file:    ptr("referrals:\n  values: []\n"),
			wantKey: "referrals.values",
			wantMsg: []string{"at least one"},
		},
		{
			name: "referrals off",
			file: ptr("referrals:\n  source_property: \"\"\n  values: []\n"),
			check: func(t *testing.T, c Config) {
				if c.Referrals.SourceProperty != "" {
					t.Errorf("referrals = %+v", c.Referrals)
				}
			},
		},
		{
			name:    "NPS date without property",
			file:    ptr("nps:\n  date_property: survey_date\n"),
			wantKey: "nps.date_property",
			wantMsg: []string{"nps.contact_property"},
		},
		{
			name: "campaign cohort, Vienna, NPS property",
			file: ptr("campaign:\n  start: 2026-03-01\nreport:\n  cohort: campaign\n  timezone: Europe/Vienna\nnps:\n  contact_property: nps_score\n"),
			check: func(t *testing.T, c Config) {
				start, ok := c.Campaign.StartDate(c.Report.Location())
				if !ok || start.Format(time.RFC3339) != "2026-03-01T00:00:00+01:00" || c.NPS.ContactProperty != "nps_score" || c.NPS.WindowDays != 365 {
					t.Errorf("start %v %v, nps %+v", start, ok, c.NPS)
				}
			},
		},
		{
			name:    "zero engagement window",
			file:    ptr("campaign:\n  engagement_window: 0d\n"),
			wantKey: "campaign.engagement_window",
			wantMsg: []string{"must be positive"},
		},
		{
			name:    "target account with both id and domain",
			file:    ptr("campaign:\n  target_accounts:\n    - domain: a.com\n    - id: \"1\"\n      domain: b.com\n"),
			wantKey: "campaign.target_accounts[1]",
			wantMsg: []string{"exactly one of id or domain"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			path := ""
			if tc.file != nil {
				path = writeConfig(t, *tc.file)
			}
			m := map[string]string{}
			for k, v := range tc.env {
				m[k] = strings.ReplaceAll(v, "<file>", path)
			}
			arg := path
			if m["ABMSYNC_CONFIG"] != "" {
				arg = "" // read the path from the environment
			}
			c, err := Load(arg, env(m))
			if tc.wantKey == "" {
				if err != nil {
					t.Fatalf("Load: %v", err)
				}
				tc.check(t, c)
				return
			}
			asError(t, err, strings.ReplaceAll(tc.wantKey, "<file>", path))
			for _, s := range tc.wantMsg {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("error %q does not contain %q", err, s)
				}
			}
			for _, s := range tc.notMsg {
				if strings.Contains(err.Error(), s) {
					t.Errorf("error %q leaks %q", err, s)
				}
			}
			if !reflect.DeepEqual(c, Config{}) {
				t.Errorf("on error Load returned non-zero Config")
			}
		})
	}
}

func TestLoadFull(t *testing.T) {
	t.Parallel()
	c, err := Load("testdata/full.yaml", nil)
	if err != nil {
		t.Fatalf("Load(testdata/full.yaml): %v", err)
	}
	want := Default()
	want.Redis.URL = "redis://:s3cret@redis.internal:6379/2"
	want.CRM.Kind = "hubspot"
	want.HubSpot.ClientID = "example-client-id"
	want.HubSpot.ClientSecret = "example-secret"
	want.HubSpot.RefreshToken = "example-refresh"
	want.HubSpot.RequestsPer10s = 100 // the file caps the budget
	want.Campaign.TargetAccounts = []TargetAccount{{ID: "1234567890"}, {Domain: "example.com"}}
	want.Press.Feeds = []string{"https://press.example/pharma/feed.xml"}
	want.Press.Articles = []string{"https://press.example/2026/11/alpenpharma-neue-anlage.html"}
	want.ICP.Industries.Values = []string{"pharma", "biotech", "medtech"}
	want.ICP.Employees.Min, want.ICP.Employees.Max = 800, 3500
	want.ICP.Countries.Values = []string{"DACH", "US"}
	want.ICP.Attributes = []ICPAttribute{}
	want.Tracking.AllowedOrigins, want.Tracking.TrustProxy = []string{}, []string{}
	want.Traffic.CIDRs = map[string][]string{}
	want.Roles = []RoleRule{{Match: "(?i)leiter(in)? anlagenqualifizierung", Function: "quality", Seniority: "head", BuyingRole: "CHAMPION"}}
	if !reflect.DeepEqual(c, want) {
		t.Errorf("Load(full.yaml) =\n%+v\nwant\n%+v", c, want)
	}
}

// envToken is an admin token strong enough for CheckAdminToken (192 bits).
const envToken = "6f1c0a9e4b7d2358c1e0f9a7b3d5c2e8a4f6b1d3c5e7a9b0"

func TestCheckAdminToken(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		tok  string
		ok   bool
	}{
		{"empty: admin API off", "", true},
		{"a single space", " ", false},
		{"short word", "admintok", false},
		{"31 hex characters (124 bits)", "0123456789abcdef0123456789abcde", false},
		{"32 hex characters (128 bits)", "0123456789abcdef0123456789abcdef", true},
		{"openssl rand -hex 24", envToken, true},
		{"21 base64 characters (126 bits)", "Zm9vYmFyYmF6cXV4MTIzN", false},
		{"22 base64url characters (132 bits)", "Zm9vYmFyYmF6cXV4MTIzNA", true},
		{"38 digits (126 bits)", "12345678901234567890123456789012345678", false},
		{"39 digits (129 bits)", "123456789012345678901234567890123456789", true},
		{"20 printable with punctuation (131 bits)", "a!B#c$D%e&F(g)H*i+J,", true},
		{"long but one repeated letter", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", false},
		{"inner space", "0123456789abcdef 0123456789abcdef", false},
		{"trailing newline", "0123456789abcdef0123456789abcdef\n", false},
		{"non-ASCII", "0123456789abcdef0123456789abcdefä", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := CheckAdminToken(tt.tok)
			if (err == nil) != tt.ok {
				t.Fatalf("CheckAdminToken = %v, want ok=%v", err, tt.ok)
			}
			if err == nil {
				return
			}
			asError(t, err, "admin.token")
			if strings.TrimSpace(tt.tok) != "" && strings.Contains(err.Error(), strings.TrimSpace(tt.tok)) {
				t.Errorf("the error repeats the token: %v", err)
			}
		})
	}
}

func TestValidate(t *testing.T) {
	t.Parallel()
	hub := func(c *Config) {
		c.CRM.Kind = "hubspot"
		c.HubSpot.AccessToken = "pat"
	}
	tests := []struct {
		name    string
		mutate  func(*Config)
		wantKey string
	}{
		{"default", func(*Config) {}, ""},
		{"hubspot with token", hub, ""},
		{"hubspot oauth", func(c *Config) {
			c.CRM.Kind = "hubspot"
			c.HubSpot.ClientID, c.HubSpot.ClientSecret, c.HubSpot.RefreshToken = "a", "b", "c"
		}, ""},
		{"redis ok", func(c *Config) { c.Redis.URL = "rediss://user:pw@redis:6380/0" }, ""},
		{"redis unix", func(c *Config) { c.Redis.URL = "unix:///run/redis.sock" }, ""},
		{"redis no scheme", func(c *Config) { c.Redis.URL = "localhost:6379" }, "redis.url"},
		{"redis bad db", func(c *Config) { c.Redis.URL = "redis://localhost:6379/x" }, "redis.url"},
		{"admin addr no port", func(c *Config) { c.Admin.Addr = "localhost" }, "admin.addr"},
		{"admin token weak", func(c *Config) { c.Admin.Token = "admintok" }, "admin.token"},
		{"admin token strong", func(c *Config) { c.Admin.Token = envToken }, ""},
		{"admin public url https", func(c *Config) { c.Admin.PublicURL = "https://abmsync.example.com" }, ""},
		{"admin public url without scheme", func(c *Config) { c.Admin.PublicURL = "abmsync.example.com" }, "admin.public_url"},
		{"admin monitoring off", func(c *Config) { c.Admin.Monitoring = MonitoringOff }, ""},
		{"admin monitoring read-write", func(c *Config) { c.Admin.Monitoring = MonitoringReadWrite }, ""},
		{"admin monitoring unknown", func(c *Config) { c.Admin.Monitoring = "yes" }, "admin.monitoring"},
		{"admin monitoring empty", func(c *Config) { c.Admin.Monitoring = "" }, "admin.monitoring"},
		{"crm kind", func(c *Config) { c.CRM.Kind = "pipedrive" }, "crm.kind"},
		{"salesforce no creds", func(c *Config) { c.CRM.Kind = "salesforce" }, "salesforce.client_id"},
		{"salesforce target field", func(c *Config) {
			c.CRM.Kind, c.Salesforce.ClientID, c.Salesforce.ClientSecret, c.Salesforce.RefreshToken = "salesforce", "i", "s", "r"
			c.Salesforce.TargetField = "Account.X"
		}, "salesforce.target_field"},
		{"csv dir", func(c *Config) { c.CSV.Dir = "" }, "csv.dir"},
		{"hubspot base url relative", func(c *Config) { hub(c); c.HubSpot.BaseURL = "api.hubapi.com" }, "hubspot.base_url"},
		{"hubspot api version", func(c *Config) { hub(c); c.HubSpot.APIVersion = "v3" }, "hubspot.api_version"},
		{"hubspot month 13", func(c *Config) { hub(c); c.HubSpot.APIVersion = "2026-13" }, "hubspot.api_version"},
		{"hubspot no creds", func(c *Config) { c.CRM.Kind = "hubspot" }, "hubspot.access_token"},
		{"hubspot partial oauth", func(c *Config) {
			c.CRM.Kind = "hubspot"
			c.HubSpot.ClientID, c.HubSpot.ClientSecret = "a", "b"
		}, "hubspot.access_token"},
		{"requests per 10s", func(c *Config) { hub(c); c.HubSpot.RequestsPer10s = -1 }, "hubspot.requests_per_10s"},
		{"search per second", func(c *Config) { hub(c); c.HubSpot.SearchPerSecond = 0 }, "hubspot.search_per_second"},
		{"hubspot section ignored for csv", func(c *Config) { c.HubSpot.RequestsPer10s = -1 }, ""},
		{"reach goal", func(c *Config) { c.Campaign.ReachGoal = 0 }, "campaign.reach_goal"},
		{"delete share zero", func(c *Config) { c.Sync.MaxDeleteShare = 0 }, "sync.max_delete_share"},
		{"delete share above one", func(c *Config) { c.Sync.MaxDeleteShare = 1.5 }, "sync.max_delete_share"},
		{"target account empty", func(c *Config) { c.Campaign.TargetAccounts = []TargetAccount{{}} }, "campaign.target_accounts[0]"},
		{"cron five fields", func(c *Config) { c.Schedules["crm_sync"] = "*/15 * * * *" }, ""},
		{"cron bad", func(c *Config) { c.Schedules["crm_full_sync"] = "@sometimes" }, "schedules.crm_full_sync"},
		{"concurrency", func(c *Config) { c.Worker.Concurrency = 0 }, "worker.concurrency"},
		{"shutdown timeout", func(c *Config) { c.Worker.ShutdownTimeout = 0 }, "worker.shutdown_timeout"},
		{"log format", func(c *Config) { c.Log.Format = "xml" }, "log.format"},
		// Numbers that overflow, never end or mean nothing.
		{"max body bytes MaxInt64", func(c *Config) { c.Web.MaxBodyBytes = math.MaxInt64 }, "web.max_body_bytes"},
		{"max body bytes 64 MiB", func(c *Config) { c.Web.MaxBodyBytes = 64 << 20 }, ""},
		{"max body bytes above 64 MiB", func(c *Config) { c.Web.MaxBodyBytes = 64<<20 + 1 }, "web.max_body_bytes"},
		{"mqa threshold NaN", func(c *Config) { c.MQA.Threshold = math.NaN() }, "mqa.threshold"},
		{"mqa threshold Inf", func(c *Config) { c.MQA.Threshold = math.Inf(1) }, "mqa.threshold"},
		{"mqa weight NaN", func(c *Config) { c.MQA.Weights.Visits = math.NaN() }, "mqa.weights.visits"},
		{"mqa weight Inf", func(c *Config) { c.MQA.Weights.Meetings = math.Inf(1) }, "mqa.weights.meetings"},
		{"schedule every 1ns", func(c *Config) { c.Schedules["crm_sync"] = "@every 1ns" }, "schedules.crm_sync"},
		{"schedule every 59s", func(c *Config) { c.Schedules["crm_sync"] = "@every 59s" }, "schedules.crm_sync"},
		{"schedule every minute", func(c *Config) { c.Schedules["crm_sync"] = "@every 1m" }, ""},
		{"cron every minute", func(c *Config) { c.Schedules["crm_sync"] = "* * * * *" }, ""},
		{"cron under a raised minimum", func(c *Config) {
			c.Sync.MinScheduleInterval = 10 * time.Minute
			c.Schedules["crm_sync"] = "0,5,30 * * * *"
		}, "schedules.crm_sync"},
		{"test config lowers the minimum", func(c *Config) {
			c.Sync.MinScheduleInterval = time.Second
			c.Schedules["crm_sync"] = "@every 3s"
		}, ""},
		{"min schedule interval below 1s", func(c *Config) { c.Sync.MinScheduleInterval = time.Millisecond }, "sync.min_schedule_interval"},
		{"requests per 10s huge", func(c *Config) { hub(c); c.HubSpot.RequestsPer10s = math.MaxInt }, "hubspot.requests_per_10s"},
		{"requests per 10s high but sane", func(c *Config) { hub(c); c.HubSpot.RequestsPer10s = 100000 }, ""},
		{"search per second huge", func(c *Config) { hub(c); c.HubSpot.SearchPerSecond = math.MaxInt }, "hubspot.search_per_second"},
		{"tracking rate huge", func(c *Config) { c.Tracking.RatePerMinute = math.MaxInt }, "tracking.rate_per_minute"},
		{"tracking rate negative", func(c *Config) { c.Tracking.RatePerMinute = -5 }, "tracking.rate_per_minute"},
		{"web concurrency huge", func(c *Config) { c.Web.MaxConcurrency = math.MaxInt }, "web.max_concurrency"},
		{"web delay huge", func(c *Config) { c.Web.Delay = math.MaxInt64 }, "web.delay"},
		{"worker concurrency huge", func(c *Config) { c.Worker.Concurrency = math.MaxInt32 }, "worker.concurrency"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c := Default()
			tc.mutate(&c)
			err := c.Validate()
			if tc.wantKey == "" {
				if err != nil {
					t.Fatalf("Validate: %v", err)
				}
				return
			}
			asError(t, err, tc.wantKey)
			if !strings.HasPrefix(err.Error(), "config: "+tc.wantKey+": ") {
				t.Errorf("Error() = %q", err)
			}
		})
	}
}

func TestDuration(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in      string
		want    time.Duration
		wantErr bool
		str     string
	}{
		{"90d", 90 * 24 * time.Hour, false, "90d"},
		{"1d", 24 * time.Hour, false, "1d"},
		{"2160h", 90 * 24 * time.Hour, false, "90d"},
		{"15m", 15 * time.Minute, false, "15m0s"},
		{"1h30m", 90 * time.Minute, false, "1h30m0s"},
		{"0", 0, false, "0s"},
		{"90", 0, true, ""},
		{"d", 0, true, ""},
		{"1.5d", 0, true, ""},
		{"99999999999d", 0, true, ""},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			t.Parallel()
			d, err := ParseDuration(tc.in)
			if tc.wantErr {
				if err == nil {
					t.Fatalf("ParseDuration(%q) = %v, want error", tc.in, d)
				}
				return
			}
			if err != nil || d.D() != tc.want {
				t.Fatalf("ParseDuration(%q) = %v, %v; want %v", tc.in, d.D(), err, tc.want)
			}
			if d.String() != tc.str {
				t.Errorf("String() = %q, want %q", d.String(), tc.str)
			}
			var back Duration
			if err := back.UnmarshalText([]byte(d.String())); err != nil || back != d {
				t.Errorf("round trip %q: %v, %v", d.String(), back, err)
			}
		})
	}
}

func TestRedacted(t *testing.T) {
	t.Parallel()
	c := Default()
	c.Redis.URL = "redis://app:hunter2@redis:6379/1"
	c.Admin.Token = "admintok"
	c.HubSpot.AccessToken = "pat-na1-secret"
	c.HubSpot.ClientID = "client-id"
	c.HubSpot.ClientSecret = "clientsecret"
	c.HubSpot.RefreshToken = "refreshtok"
	c.Salesforce.ClientSecret = "sfsecret"
	c.Salesforce.RefreshToken = "sfrefresh"
	c.Campaign.TargetAccounts = []TargetAccount{{Domain: "a.com"}}

	r := c.Redacted()
	checks := []struct{ name, got, want string }{
		{"redis.url", r.Redis.URL, "redis://app:REDACTED@redis:6379/1"},
		{"admin.token", r.Admin.Token, "REDACTED"},
		{"hubspot.access_token", r.HubSpot.AccessToken, "REDACTED"},
		{"hubspot.client_id", r.HubSpot.ClientID, "client-id"},
		{"hubspot.client_secret", r.HubSpot.ClientSecret, "REDACTED"},
		{"hubspot.refresh_token", r.HubSpot.RefreshToken, "REDACTED"},
	}
	for _, tc := range checks {
		if tc.got != tc.want {
			t.Errorf("%s = %q, want %q", tc.name, tc.got, tc.want)
		}
	}
	for _, s := range []string{"hunter2", "admintok", "pat-na1-secret", "clientsecret", "refreshtok", "sfsecret", "sfrefresh"} {
		if strings.Contains(fmt.Sprintf("%+v", r), s) {
			t.Errorf("Redacted() still holds %q", s)
		}
	}
	// The original is untouched and the copy shares no map or slice.
	if c.HubSpot.AccessToken != "pat-na1-secret" {
		t.Error("Redacted modified its receiver")
	}
	r.Schedules["crm_sync"] = "@hourly"
	r.Campaign.TargetAccounts[0].Domain = "b.com"
	if c.Schedules["crm_sync"] != "@every 15m" || c.Campaign.TargetAccounts[0].Domain != "a.com" {
		t.Error("Redacted shares maps or slices with its receiver")
	}

	// Unset secrets stay empty; a malformed Redis URL is redacted whole.
	e := Default()
	e.Redis.URL = "redis://u:6379/hunter2@host"
	er := e.Redacted()
	if er.Admin.Token != "" || er.HubSpot.AccessToken != "" {
		t.Errorf("unset secrets became %q, %q", er.Admin.Token, er.HubSpot.AccessToken)
	}
	if er.Redis.URL != "REDACTED" {
		t.Errorf("malformed redis URL = %q, want REDACTED", er.Redis.URL)
	}
}

func ptr(s string) *string { return &s }
