package config

import (
	"log/slog"
	"time"
)

// ExitCode is the process exit status for a configuration error: a command
// that gets an *Error from Load or Validate prints it and exits 2, so scripts
// can tell a bad config from a runtime failure (exit 1).
const ExitCode = 2

// Error is a configuration error naming the first bad key. Key is the dotted
// YAML path ("schedules.crm_sync", "campaign.target_accounts[1]"), or the file
// name for errors that belong to no key (unreadable file, bad YAML). Msg never
// holds a secret; when the bad value came from an environment variable Msg
// ends with "(from VAR)".
type Error struct {
	Key string
	Msg string
	// Err is the cause when there is one to branch on (context.Canceled
	// for a cancelled Load); nil otherwise.
	Err error
}

// Error formats e as "config: <key>: <msg>".
func (e *Error) Error() string { return "config: " + e.Key + ": " + e.Msg }

// Unwrap returns e.Err.
func (e *Error) Unwrap() error { return e.Err }

// Default returns the embedded default configuration. It needs no Redis, no
// credentials and no file: the csv connector runs the sample campaign in
// deploy/examples/sample-campaign against an in-process Redis, writing to out/.
// Each call returns a fresh value (maps and slices are not shared).
func Default() Config {
	return Config{
		Redis: RedisConfig{URL: "", KeyPrefix: "abmsync"},
		Admin: AdminConfig{Addr: "127.0.0.1:8080", Monitoring: MonitoringReadOnly},
		CRM:   CRMConfig{Kind: "csv"},
		HubSpot: HubSpotConfig{
			BaseURL:         "https://api.hubapi.com",
			APIVersion:      "2026-03",
			RequestsPer10s:  0, // follow the portal
			SearchPerSecond: 5,
			Timeout:         30 * time.Second,
			Overlap:         5 * time.Minute,
		},
		Salesforce: SalesforceConfig{
			LoginURL:    "https://login.salesforce.com",
			APIVersion:  "v66.0",
			TargetField: "ABM_Target_Account__c",
			Timeout:     30 * time.Second,
			Overlap:     5 * time.Minute,
		},
		Sync: SyncConfig{MaxDeleteShare: 0.2, MinScheduleInterval: DefaultMinScheduleInterval},
		CSV:  CSVConfig{Dir: "deploy/examples/sample-campaign", OutputDir: "out"},
		Campaign: CampaignConfig{
			Name:             "sample",
			ReachGoal:        10,
			EngagementWindow: Duration(90 * day),
		},
		Schedules: map[string]string{
			"crm_sync":      "@every 15m",
			"crm_full_sync": "@daily",
		},
		Web: WebConfig{
			ContactURL:     "https://github.com/abmsync/abmsync",
			Delay:          time.Second,
			MaxConcurrency: 8,
			PageBudget:     20,
			MaxDepth:       2,
			MaxBodyBytes:   2 << 20,
			Timeout:        20 * time.Second,
		},
		Press:     PressConfig{MaxArticles: 200},
		ICP:       defaultICP(),
		Tracking:  TrackingConfig{RatePerMinute: 120, HonorDNT: true},
		Traffic:   TrafficConfig{ReverseDNS: true},
		Goals:     defaultGoals(),
		MQA:       defaultMQA(),
		Report:    defaultReport(),
		NPS:       NPSConfig{WindowDays: 365},
		Referrals: defaultReferrals(),
		LinkedIn: LinkedInConfig{
			BaseURL:     "https://api.linkedin.com",
			AuthBaseURL: "https://www.linkedin.com",
			Scopes:      []string{"r_ads", "r_ads_reporting", "rw_dmp_segments"},
			SegmentName: "abmsync target accounts",
			WindowDays:  30,
		},
		Worker: WorkerConfig{Concurrency: 4, ShutdownTimeout: 30 * time.Second},
		Log:    LogConfig{Level: "info", Format: "text"},
	}
}

// Config is the whole abmsync configuration.
type Config struct {
	// Redis is the Redis connection. An empty URL means the embedded,
	// in-process Redis (state lost on exit).
	Redis RedisConfig `yaml:"redis"`
	Admin AdminConfig `yaml:"admin"`
	// CRM selects the CRM connector: "hubspot", "salesforce" or "csv".
	CRM        CRMConfig        `yaml:"crm"`
	HubSpot    HubSpotConfig    `yaml:"hubspot"`
	Salesforce SalesforceConfig `yaml:"salesforce"`
	// Sync holds rules every CRM sync follows, whatever the connector.
	Sync     SyncConfig     `yaml:"sync"`
	CSV      CSVConfig      `yaml:"csv"`
	Campaign CampaignConfig `yaml:"campaign"`
	// Schedules maps a schedule name (a job kind: "crm_sync", "crm_full_sync")
	// to a robfig/cron spec ("*/15 * * * *", "@every 15m", "@daily").
	// A schedules map in the file replaces the default one as a whole
	// (schedules: {} runs none), so what the file lists is what runs.
	Schedules map[string]string `yaml:"schedules"`
	Web       WebConfig         `yaml:"web"`
	Press     PressConfig       `yaml:"press"`
	LinkedIn  LinkedInConfig    `yaml:"linkedin"`
	// ICP is the ideal customer profile; without criteria it is off.
	ICP ICPConfig `yaml:"icp"`
	// Tracking is the public website-visit listener; off without addr.
	Tracking TrackingConfig `yaml:"tracking"`
	// Traffic maps visitor addresses to accounts.
	Traffic TrafficConfig `yaml:"traffic"`
	// MQA weighs the engagement signals (points per unit) and sets the
	// score (0-100) from which an account is marketing-qualified.
	MQA MQAConfig `yaml:"mqa"`
	// Goals are the campaign's KPI goals and baselines by KPI key
	// (reach_per_account, accounts_with_sqls, time_to_close_days ...).
	Goals map[string]GoalConfig `yaml:"goals"`
	// Report sets the deal cohort, time zone, trend period and first
	// contact of the KPIs.
	Report ReportConfig `yaml:"report"`
	// NPS reads survey answers from a contact property, besides imports.
	NPS NPSConfig `yaml:"nps"`
	// Referrals names the portal's referral source properties.
	Referrals ReferralsConfig `yaml:"referrals"`
	// SecretKey encrypts tokens abmsync stores in Redis (AES-256-GCM) and
	// keys the fingerprints of personal data (a sub-key derived from it):
	// 32 bytes as 64 hex digits or base64. Only from ABMSYNC_SECRET_KEY.
	SecretKey string `yaml:"-"`
	// Roles are extra job-title rules, tried before the built-in ones.
	Roles  []RoleRule   `yaml:"roles"`
	Worker WorkerConfig `yaml:"worker"`
	Log    LogConfig    `yaml:"log"`
}

// RedisConfig is the Redis connection (REDIS_URL).
type RedisConfig struct {
	// URL is a redis://, rediss:// or unix:// URL, or a
	// redis-sentinel:// or redis-cluster:// one (rediss-... for TLS); empty
	// with no Sentinel or Cluster keys = embedded miniredis.
	URL string `yaml:"url"`
	// KeyPrefix prefixes every abmsync key (default "abmsync"), so tests and
	// several campaigns can share one Redis.
	KeyPrefix string `yaml:"key_prefix"`
	// Sentinel and Cluster are the key forms of redis-sentinel:// and
	// redis-cluster:// URLs; at most one of URL, Sentinel, Cluster is set.
	Sentinel RedisSentinelConfig `yaml:"sentinel"`
	Cluster  RedisClusterConfig  `yaml:"cluster"`
}

// AdminConfig is the private admin HTTP server.
type AdminConfig struct {
	Addr string `yaml:"addr"` // ABMSYNC_ADMIN_ADDR, default 127.0.0.1:8080
	// Token is ABMSYNC_ADMIN_TOKEN; empty = API refuses all but health.
	// A set token must hold at least 128 bits (CheckAdminToken).
	Token string `yaml:"token"`
	// PublicURL is the address people open the admin server at when it is
	// not admin.addr (a TLS-terminating proxy): an https URL makes the
	// dashboard's session cookie Secure, and its origin is trusted for
	// state-changing browser requests. Empty: http://<admin.addr>.
	PublicURL string `yaml:"public_url"`
	// Monitoring mounts asynqmon under /monitoring: MonitoringOff,
	// MonitoringReadOnly (default) or MonitoringReadWrite.
	Monitoring string `yaml:"monitoring"`
}

// Values of admin.monitoring.
const (
	MonitoringOff       = "off"
	MonitoringReadOnly  = "read-only"
	MonitoringReadWrite = "read-write"
)

// CRMConfig selects the CRM connector.
type CRMConfig struct {
	Kind string `yaml:"kind"` // "hubspot", "salesforce" or "csv"
}

// HubSpotConfig configures connectors/hubspot.
type HubSpotConfig struct {
	BaseURL      string `yaml:"base_url"`      // ABMSYNC_HUBSPOT_BASE_URL, default https://api.hubapi.com
	APIVersion   string `yaml:"api_version"`   // date version in paths, default "2026-03"
	AccessToken  string `yaml:"access_token"`  // ABMSYNC_HUBSPOT_ACCESS_TOKEN (private app)
	ClientID     string `yaml:"client_id"`     // ABMSYNC_HUBSPOT_CLIENT_ID
	ClientSecret string `yaml:"client_secret"` // ABMSYNC_HUBSPOT_CLIENT_SECRET
	RefreshToken string `yaml:"refresh_token"` // ABMSYNC_HUBSPOT_REFRESH_TOKEN
	// RequestsPer10s optionally caps abmsync's general API calls per
	// rolling 10 s. 0 (the default) follows the budget the portal announces
	// on its answers (X-HubSpot-RateLimit-Max per -Interval-Milliseconds:
	// 100 on Starter, 190 on Professional/Enterprise, more with the API
	// limit increase), leaving room for other processes of the same app
	// seen in -Remaining. A value below the portal's budget wins, one above
	// it changes nothing: set it to leave room for other integrations.
	RequestsPer10s int `yaml:"requests_per_10s"`
	// SearchPerSecond is the separate budget for search calls (default 5).
	SearchPerSecond int `yaml:"search_per_second"`
	// Timeout per HTTP request (default 30s).
	Timeout time.Duration `yaml:"timeout"`
	// Overlap re-reads this much before the saved incremental cursor
	// (default 5m) so records written late are not missed.
	Overlap time.Duration `yaml:"overlap"`
}

// SalesforceConfig configures connectors/salesforce. The connected app's
// client ID and secret are required; with a refresh token (OAuth 2.0
// web-server flow) tokens come from login_url, without one from the
// client-credentials flow on instance_url.
type SalesforceConfig struct {
	// InstanceURL is the org's My Domain URL; the instance_url the token
	// endpoint returns wins over it. ABMSYNC_SALESFORCE_INSTANCE_URL.
	InstanceURL string `yaml:"instance_url"`
	// LoginURL redeems refresh tokens: https://login.salesforce.com
	// (default) or https://test.salesforce.com for sandboxes.
	LoginURL     string `yaml:"login_url"`
	APIVersion   string `yaml:"api_version"`   // vNN.0, default v66.0
	ClientID     string `yaml:"client_id"`     // ABMSYNC_SALESFORCE_CLIENT_ID
	ClientSecret string `yaml:"client_secret"` // ABMSYNC_SALESFORCE_CLIENT_SECRET
	RefreshToken string `yaml:"refresh_token"` // ABMSYNC_SALESFORCE_REFRESH_TOKEN
	// TargetField is the Account checkbox that marks target accounts
	// (default ABM_Target_Account__c), besides campaign.target_accounts.
	TargetField string `yaml:"target_field"`
	// Timeout per HTTP request (default 30s).
	Timeout time.Duration `yaml:"timeout"`
	// Overlap re-reads this much before the saved incremental cursor
	// (default 5m).
	Overlap time.Duration `yaml:"overlap"`
}

// SyncConfig holds rules every CRM sync follows.
type SyncConfig struct {
	// MaxDeleteShare is the largest share of an object's stored records one
	// run may delete (default 0.2; 1 switches the guard off). A run that
	// would delete more stops with an error instead, so a CRM (or a proxy)
	// that answers a listing with too few records cannot empty the store;
	// resync --full --allow-mass-delete overrides it once. Fewer than 10
	// deletions never trip it.
	MaxDeleteShare float64 `yaml:"max_delete_share"`
	// MinScheduleInterval is the shortest gap allowed between two ticks of
	// a schedule (default DefaultMinScheduleInterval, 1 minute), so a typo
	// such as "@every 1s" cannot hammer the CRM. Tests that need fast
	// ticks lower it (at least 1s, robfig/cron's own floor).
	MinScheduleInterval time.Duration `yaml:"min_schedule_interval"`
}

// DefaultMinScheduleInterval is the default of sync.min_schedule_interval.
const DefaultMinScheduleInterval = time.Minute

// CSVConfig configures connectors/csv: a folder with companies.csv,
// contacts.csv and deals.csv (columns named as HubSpot's internal property
// names), and an output folder the metrics are written to.
type CSVConfig struct {
	Dir       string `yaml:"dir"`
	OutputDir string `yaml:"output_dir"`
}

// CampaignConfig is the ABM campaign.
type CampaignConfig struct {
	Name string `yaml:"name"`
	// ReachGoal is the number of engaged contacts wanted per account (default 10).
	ReachGoal int `yaml:"reach_goal"`
	// EngagementWindow is how far back a contact counts as engaged (default 90 days).
	EngagementWindow Duration `yaml:"engagement_window"`
	// TargetAccounts are named in addition to companies with
	// hs_is_target_account = true: a HubSpot company id or a domain each.
	TargetAccounts []TargetAccount `yaml:"target_accounts"`
	// Start is the campaign's start date (YYYY-MM-DD), the from of
	// report.cohort campaign.
	Start string `yaml:"start"`
}

// TargetAccount names one target account by id or by domain.
type TargetAccount struct {
	ID     string `yaml:"id,omitempty"`
	Domain string `yaml:"domain,omitempty"`
}

// WorkerConfig tunes the asynq server.
type WorkerConfig struct {
	Concurrency     int           `yaml:"concurrency"`      // default 4
	ShutdownTimeout time.Duration `yaml:"shutdown_timeout"` // default 30s
}

// LogConfig tunes logging.
type LogConfig struct {
	Level  string `yaml:"level"`  // debug, info, warn, error (default info)
	Format string `yaml:"format"` // text or json (default text)
}

// SlogLevel returns Level as a slog.Level (info for an unknown level, which
// Validate rejects anyway).
func (l LogConfig) SlogLevel() slog.Level {
	switch l.Level {
	case "debug":
		return slog.LevelDebug
	case "warn":
		return slog.LevelWarn
	case "error":
		return slog.LevelError
	}
	return slog.LevelInfo
}

// WebConfig configures connectors/web: key-contact discovery on the target
// accounts' websites. Crawling is polite by configuration: one request at a
// time per host with Delay between them, robots.txt always obeyed.
type WebConfig struct {
	// UserAgent is sent with every request; empty means
	// "abmsync/<version> (+ContactURL)". It must name abmsync.
	UserAgent string `yaml:"user_agent"`
	// ContactURL tells site owners who crawls them (default the project page).
	ContactURL     string        `yaml:"contact_url"`
	Delay          time.Duration `yaml:"delay"`           // per host, default 1s
	MaxConcurrency int           `yaml:"max_concurrency"` // hosts in parallel, default 8
	PageBudget     int           `yaml:"page_budget"`     // pages per site, default 20
	MaxDepth       int           `yaml:"max_depth"`       // link depth from the home page, default 2
	MaxBodyBytes   int64         `yaml:"max_body_bytes"`  // default 2 MiB
	Timeout        time.Duration `yaml:"timeout"`         // per request, default 20s
	// AllowLoopback lets the crawler fetch 127.0.0.0/8 and ::1. Off by
	// default: websites come from CRM data anyone can edit. Tests only.
	AllowLoopback bool `yaml:"allow_loopback"`
}

// RoleRule is one job-title rule of the role classifier (package roles).
type RoleRule struct {
	// Match is a case-insensitive regular expression on the job title.
	Match string `yaml:"match"`
	// Unless vetoes the rule for titles it matches ("owner" unless
	// "product owner").
	Unless     string `yaml:"unless,omitempty"`
	Function   string `yaml:"function,omitempty"`
	Seniority  string `yaml:"seniority,omitempty"`
	BuyingRole string `yaml:"buying_role,omitempty"`
	Gatekeeper *bool  `yaml:"gatekeeper,omitempty"`
}

// PressConfig lists the trade press abmsync scans for people at target
// accounts (schedule press_scan; "abmsync resync --source press").
type PressConfig struct {
	// Feeds are RSS or Atom feed URLs; every item's article is read.
	Feeds []string `yaml:"feeds"`
	// Articles are single article URLs.
	Articles []string `yaml:"articles"`
	// MaxArticles caps the articles read per scan (default 200).
	MaxArticles int `yaml:"max_articles"`
}

// LinkedInConfig configures connectors/linkedin (LinkedIn's Marketing API).
// LinkedIn is optional: without a client id or access token it is off.
type LinkedInConfig struct {
	BaseURL      string   `yaml:"base_url"`      // ABMSYNC_LINKEDIN_BASE_URL
	AuthBaseURL  string   `yaml:"auth_base_url"` // ABMSYNC_LINKEDIN_AUTH_BASE_URL
	ClientID     string   `yaml:"client_id"`     // ABMSYNC_LINKEDIN_CLIENT_ID
	ClientSecret string   `yaml:"client_secret"` // ABMSYNC_LINKEDIN_CLIENT_SECRET
	AccessToken  string   `yaml:"access_token"`  // ABMSYNC_LINKEDIN_ACCESS_TOKEN: used instead of the connect flow
	AdAccount    string   `yaml:"ad_account"`    // ABMSYNC_LINKEDIN_AD_ACCOUNT: urn:li:sponsoredAccount:N
	Version      string   `yaml:"version"`       // ABMSYNC_LINKEDIN_VERSION: YYYYMM
	Scopes       []string `yaml:"scopes"`
	// SourcePlatform is LinkedIn's identifier of the approved Audiences
	// partner, required to create a segment (ABMSYNC_LINKEDIN_SOURCE_PLATFORM).
	SourcePlatform string `yaml:"source_platform"`
	// RedirectURL is the OAuth callback, default admin.public_url, else
	// http://<admin.addr> (a wildcard host named localhost), followed by
	// /connect/linkedin/callback.
	RedirectURL string `yaml:"redirect_url"`
	// SegmentName names the Matched Audience of the target accounts.
	SegmentName string `yaml:"segment_name"`
	// WindowDays is the rolling engagement window (default 30).
	WindowDays int `yaml:"window_days"`
	// Aliases maps a company id to other names it goes by on LinkedIn: for
	// matching Connections exports, and names the employers typeahead may
	// return for it (an organization with an alias's name is accepted as
	// the account's).
	Aliases map[string][]string `yaml:"aliases"`
}

// Enabled reports whether LinkedIn is configured at all.
func (l LinkedInConfig) Enabled() bool { return l.ClientID != "" || l.AccessToken != "" }

// ICPConfig is the ideal customer profile: weighted criteria (a weight of 0
// leaves a criterion out), tier thresholds and what may be written.
type ICPConfig struct {
	Industries struct {
		Weight int      `yaml:"weight"`
		Values []string `yaml:"values"`
	} `yaml:"industries"`
	Employees struct {
		Weight    int `yaml:"weight"`
		Min       int `yaml:"min"`
		Max       int `yaml:"max"`
		Target    int `yaml:"target"`
		Tolerance int `yaml:"tolerance"`
	} `yaml:"employees"`
	Countries struct {
		Weight int      `yaml:"weight"`
		Values []string `yaml:"values"` // ISO codes, names or regions (DACH, EU, US)
	} `yaml:"countries"`
	ExistingCustomer struct {
		Weight int `yaml:"weight"`
	} `yaml:"existing_customer"`
	Attributes []ICPAttribute `yaml:"attributes"`
	Tiers      struct {
		Tier1 int `yaml:"tier_1"`
		Tier2 int `yaml:"tier_2"`
	} `yaml:"tiers"`
	// OverwriteTier lets abmsync replace a hs_ideal_customer_profile a
	// person set (default false: never).
	OverwriteTier bool `yaml:"overwrite_tier"`
	// FlagTier1AsTarget sets hs_is_target_account on tier 1 companies
	// (default false).
	FlagTier1AsTarget bool `yaml:"flag_tier_1_as_target"`
}

// ICPAttribute is a free-form condition on a CRM company property.
type ICPAttribute struct {
	Property string `yaml:"property"`
	Equals   string `yaml:"equals,omitempty"`
	Weight   int    `yaml:"weight,omitempty"`
	Required bool   `yaml:"required,omitempty"`
	Excluded bool   `yaml:"excluded,omitempty"`
}

func defaultICP() ICPConfig {
	var c ICPConfig
	c.Tiers.Tier1, c.Tiers.Tier2 = 80, 55
	return c
}

// TrackingConfig is the public tracking listener (POST /t, GET /t.gif). It
// is never the admin server, which stays private.
type TrackingConfig struct {
	Addr           string   `yaml:"addr"`            // e.g. 0.0.0.0:8090; empty = off
	AllowedOrigins []string `yaml:"allowed_origins"` // CORS: exact site origins
	RatePerMinute  int      `yaml:"rate_per_minute"` // per client address (default 120)
	HonorDNT       bool     `yaml:"honor_dnt"`       // Do-Not-Track / Global Privacy Control (default true)
	TrustProxy     []string `yaml:"trust_proxy"`     // proxies whose X-Forwarded-For is believed
}

// TrafficConfig maps visitor addresses to accounts: configured CIDR ranges
// per company id first, then reverse DNS under the company's domain
// (forward-confirmed).
type TrafficConfig struct {
	CIDRs map[string][]string `yaml:"cidrs"`
	// ReverseDNS enables PTR look-ups (default true).
	ReverseDNS bool `yaml:"reverse_dns"`
	// DNSServer is the DNS server ("IP:port", e.g. 127.0.0.1:5353) asked
	// for the reverse and forward look-ups instead of the system resolver,
	// over UDP with TCP on truncated answers; empty = the system resolver.
	// /etc/hosts is still consulted first.
	DNSServer string `yaml:"dns_server"`
}

// GoalConfig is one KPI's goal and baseline (null when unset).
type GoalConfig struct {
	Goal     *float64 `yaml:"goal"`
	Baseline *float64 `yaml:"baseline"`
}

func defaultGoals() map[string]GoalConfig {
	f := func(v float64) *float64 { return &v }
	return map[string]GoalConfig{
		"reach_per_account":  {Goal: f(10)},
		"accounts_with_sqls": {Goal: f(3)},
		"time_to_close_days": {Goal: f(50), Baseline: f(63)},
	}
}

// MQAConfig is the account engagement score: points per signal, capped at
// 100, and the MQA threshold.
type MQAConfig struct {
	Threshold float64 `yaml:"threshold"`
	Weights   struct {
		Visits              float64 `yaml:"visits"`
		EngagedContacts     float64 `yaml:"engaged_contacts"`
		LinkedInEngagements float64 `yaml:"linkedin_engagements"`
		FormSubmissions     float64 `yaml:"form_submissions"`
		Meetings            float64 `yaml:"meetings"`
	} `yaml:"weights"`
}

func defaultMQA() MQAConfig {
	var m MQAConfig
	m.Threshold = 50
	m.Weights.Visits, m.Weights.EngagedContacts, m.Weights.LinkedInEngagements = 1, 10, 2
	m.Weights.FormSubmissions, m.Weights.Meetings = 10, 20
	return m
}
