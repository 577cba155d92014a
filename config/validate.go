package config

import (
	"fmt"
	"maps"
	"net"
	"net/netip"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
)

var apiVersionRE = regexp.MustCompile(`^[0-9]{4}-(0[1-9]|1[0-2])$`)

// Upper bounds of numeric keys. Each is far above any sensible setting and
// far below where arithmetic on it (a rate times a duration, a cap plus
// one) could overflow or a worker pool could exhaust the machine.
const (
	// MaxWebBodyBytes is the largest web.max_body_bytes.
	MaxWebBodyBytes      = 64 << 20
	maxRequestsPer10s    = 1_000_000
	maxSearchPerSecond   = 10_000
	maxTrackingRate      = 1_000_000
	maxWebConcurrency    = 1024
	maxPageBudget        = 100_000
	maxDepth             = 100
	maxWorkerConcurrency = 1024
	maxWeight            = 1_000_000
)

// SecretKeyMissing is the error for a LinkedIn connect flow without
// secret_key, from Validate and from the daemon, which may run a config
// nobody validated.
func SecretKeyMissing() *Error {
	return &Error{Key: "secret_key", Msg: "missing: set ABMSYNC_SECRET_KEY (32 bytes, hex or base64) to store LinkedIn tokens encrypted"}
}

// Validate checks c and returns an *Error naming the first bad key (in the
// order the keys appear in Config), or nil. Only the section of the selected
// connector (crm.kind) is checked. Messages never include a secret: tokens
// are never echoed and a Redis URL is described, not quoted.
func (c Config) Validate() error {
	if _, err := c.Redis.Conn(); err != nil {
		return err
	}
	for _, check := range []func() error{
		c.validateAdmin, c.validateCRM, c.validateCampaign, c.validateSchedules,
		c.Web.validate, c.Press.validate, func() error { return c.LinkedIn.validate(c.SecretKey) }, c.ICP.validate,
		c.validateTraffic, c.validateKPIs, c.validateMQA, c.validateWorker, c.validateLog,
	} {
		if err := check(); err != nil {
			return err
		}
	}
	return nil
}

// validateAdmin checks the admin server's section.
func (c Config) validateAdmin() error {
	if msg := checkAddr(c.Admin.Addr); msg != "" {
		return &Error{Key: "admin.addr", Msg: msg}
	}
	if err := CheckAdminToken(c.Admin.Token); err != nil {
		return err
	}
	if u, err := url.Parse(c.Admin.PublicURL); c.Admin.PublicURL != "" && (err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "") {
		return &Error{Key: "admin.public_url", Msg: fmt.Sprintf("want an http:// or https:// URL such as https://abmsync.example.com, got %q", c.Admin.PublicURL)}
	}
	switch c.Admin.Monitoring {
	case MonitoringOff, MonitoringReadOnly, MonitoringReadWrite:
	default:
		return &Error{Key: "admin.monitoring", Msg: fmt.Sprintf("want off, read-only or read-write, got %q", c.Admin.Monitoring)}
	}
	return nil
}

// validateCRM checks crm.kind and the selected connector's section, then
// the share of records a sync may delete.
func (c Config) validateCRM() error {
	switch c.CRM.Kind {
	case "hubspot":
		if err := c.HubSpot.validate(); err != nil {
			return err
		}
	case "salesforce":
		if err := c.Salesforce.validate(); err != nil {
			return err
		}
	case "csv":
		if c.CSV.Dir == "" {
			return &Error{Key: "csv.dir", Msg: "must not be empty: the folder holding companies.csv, contacts.csv and deals.csv"}
		}
	default:
		return &Error{Key: "crm.kind", Msg: fmt.Sprintf("unknown connector %q; want hubspot, salesforce or csv", c.CRM.Kind)}
	}
	if s := c.Sync.MaxDeleteShare; !(s > 0 && s <= 1) {
		return &Error{Key: "sync.max_delete_share", Msg: fmt.Sprintf("must be above 0 and at most 1 (a share of the stored records), got %v", s)}
	}
	return nil
}

// validateCampaign checks the campaign's goal, window and target accounts.
func (c Config) validateCampaign() error {
	if c.Campaign.ReachGoal < 1 {
		return &Error{Key: "campaign.reach_goal", Msg: fmt.Sprintf("must be at least 1, got %d", c.Campaign.ReachGoal)}
	}
	if c.Campaign.EngagementWindow <= 0 {
		return &Error{Key: "campaign.engagement_window", Msg: fmt.Sprintf("must be positive, got %s", c.Campaign.EngagementWindow)}
	}
	for i, ta := range c.Campaign.TargetAccounts {
		if (ta.ID == "") == (ta.Domain == "") {
			return &Error{Key: fmt.Sprintf("campaign.target_accounts[%d]", i), Msg: "set exactly one of id or domain"}
		}
	}
	return nil
}

// validateSchedules checks the shortest schedule interval allowed and each
// schedule (by name, in name order) against it.
func (c Config) validateSchedules() error {
	if m := c.Sync.MinScheduleInterval; m < time.Second || m > 24*time.Hour {
		return &Error{Key: "sync.min_schedule_interval", Msg: fmt.Sprintf("must be between 1s and 24h, got %s", m)}
	}
	names := make([]string, 0, len(c.Schedules))
	for name := range c.Schedules {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		key := "schedules." + name
		if !slices.Contains(ScheduleNames, name) {
			return &Error{Key: key, Msg: "unknown schedule name; want one of " + strings.Join(ScheduleNames, ", ")}
		}
		spec := c.Schedules[name]
		gap, err := ScheduleGap(spec)
		if err != nil {
			return &Error{Key: key, Msg: fmt.Sprintf("bad cron spec %q: %v", spec, err)}
		}
		if gap < c.Sync.MinScheduleInterval {
			return &Error{Key: key, Msg: fmt.Sprintf("%q runs every %s, more often than sync.min_schedule_interval (%s)",
				spec, gap, c.Sync.MinScheduleInterval)}
		}
	}
	return nil
}

// validateMQA checks the MQA threshold and weights.
func (c Config) validateMQA() error {
	// Written as "not in range" so that NaN, which compares false with
	// everything, is refused too.
	if t := c.MQA.Threshold; !(t > 0 && t <= 100) {
		return &Error{Key: "mqa.threshold", Msg: fmt.Sprintf("must be in (0, 100], got %v", t)}
	}
	w := c.MQA.Weights
	weights := map[string]float64{"visits": w.Visits, "engaged_contacts": w.EngagedContacts,
		"linkedin_engagements": w.LinkedInEngagements, "form_submissions": w.FormSubmissions, "meetings": w.Meetings}
	for _, key := range slices.Sorted(maps.Keys(weights)) {
		if v := weights[key]; !(v >= 0 && v <= maxWeight) {
			return &Error{Key: "mqa.weights." + key, Msg: fmt.Sprintf("must be a number from 0 to %g, got %v", float64(maxWeight), v)}
		}
	}
	return nil
}

// validateWorker checks the worker's concurrency and shutdown timeout.
func (c Config) validateWorker() error {
	if n := c.Worker.Concurrency; n < 1 || n > maxWorkerConcurrency {
		return &Error{Key: "worker.concurrency", Msg: fmt.Sprintf("must be 1..%d, got %d", maxWorkerConcurrency, n)}
	}
	if d := c.Worker.ShutdownTimeout; d <= 0 || d > time.Hour {
		return &Error{Key: "worker.shutdown_timeout", Msg: fmt.Sprintf("must be positive and at most 1h, got %s", d)}
	}
	return nil
}

// validateLog checks the log level and format.
func (c Config) validateLog() error {
	switch c.Log.Level {
	case "debug", "info", "warn", "error":
	default:
		return &Error{Key: "log.level", Msg: fmt.Sprintf("unknown level %q; want debug, info, warn or error", c.Log.Level)}
	}
	switch c.Log.Format {
	case "text", "json":
	default:
		return &Error{Key: "log.format", Msg: fmt.Sprintf("unknown format %q; want text or json", c.Log.Format)}
	}
	return nil
}

func (h HubSpotConfig) validate() error {
	u, err := url.Parse(h.BaseURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return &Error{Key: "hubspot.base_url", Msg: "want an absolute http(s) URL such as https://api.hubapi.com"}
	}
	if u.User != nil {
		return &Error{Key: "hubspot.base_url", Msg: "must not hold credentials; use hubspot.access_token"}
	}
	if !apiVersionRE.MatchString(h.APIVersion) {
		return &Error{Key: "hubspot.api_version", Msg: fmt.Sprintf("want a date version YYYY-MM such as 2026-03, got %q", h.APIVersion)}
	}
	if h.AccessToken == "" && (h.ClientID == "" || h.ClientSecret == "" || h.RefreshToken == "") {
		return &Error{Key: "hubspot.access_token", Msg: "missing credentials: set ABMSYNC_HUBSPOT_ACCESS_TOKEN or ABMSYNC_HUBSPOT_CLIENT_ID, ABMSYNC_HUBSPOT_CLIENT_SECRET and ABMSYNC_HUBSPOT_REFRESH_TOKEN"}
	}
	if n := h.RequestsPer10s; n < 0 || n > maxRequestsPer10s {
		return &Error{Key: "hubspot.requests_per_10s", Msg: fmt.Sprintf("must be 0..%d (0 follows the portal's budget), got %d", maxRequestsPer10s, n)}
	}
	if n := h.SearchPerSecond; n < 1 || n > maxSearchPerSecond {
		return &Error{Key: "hubspot.search_per_second", Msg: fmt.Sprintf("must be 1..%d, got %d", maxSearchPerSecond, n)}
	}
	if h.Timeout <= 0 {
		return &Error{Key: "hubspot.timeout", Msg: fmt.Sprintf("must be positive, got %s", h.Timeout)}
	}
	if h.Overlap < 0 {
		return &Error{Key: "hubspot.overlap", Msg: fmt.Sprintf("must not be negative, got %s", h.Overlap)}
	}
	return nil
}

var sfVersionRE = regexp.MustCompile(`^v[0-9]{2,3}\.0$`)

func (s SalesforceConfig) validate() error {
	for _, u := range []struct{ key, val, example string }{
		{"salesforce.login_url", s.LoginURL, "https://login.salesforce.com"},
		{"salesforce.instance_url", s.InstanceURL, "https://example.my.salesforce.com"},
	} {
		if u.val == "" && u.key == "salesforce.instance_url" {
			continue
		}
		p, err := url.Parse(u.val)
		if err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" {
			return &Error{Key: u.key, Msg: "want an absolute http(s) URL such as " + u.example}
		}
		if p.User != nil {
			return &Error{Key: u.key, Msg: "must not hold credentials; use salesforce.client_id and salesforce.client_secret"}
		}
	}
	if !sfVersionRE.MatchString(s.APIVersion) {
		return &Error{Key: "salesforce.api_version", Msg: fmt.Sprintf("want a version vNN.0 such as v66.0, got %q", s.APIVersion)}
	}
	if s.ClientID == "" || s.ClientSecret == "" {
		key := "salesforce.client_id"
		if s.ClientID != "" {
			key = "salesforce.client_secret"
		}
		return &Error{Key: key, Msg: "missing credentials: set ABMSYNC_SALESFORCE_CLIENT_ID and ABMSYNC_SALESFORCE_CLIENT_SECRET, and ABMSYNC_SALESFORCE_REFRESH_TOKEN unless the connected app uses the client-credentials flow"}
	}
	if s.RefreshToken == "" && s.InstanceURL == "" {
		return &Error{Key: "salesforce.instance_url", Msg: "the client-credentials flow (no refresh token) needs the org's My Domain URL: set ABMSYNC_SALESFORCE_INSTANCE_URL"}
	}
	if s.TargetField == "" || strings.ContainsAny(s.TargetField, " .'\"") {
		return &Error{Key: "salesforce.target_field", Msg: fmt.Sprintf("want the API name of an Account checkbox such as ABM_Target_Account__c, got %q", s.TargetField)}
	}
	if s.Timeout <= 0 {
		return &Error{Key: "salesforce.timeout", Msg: fmt.Sprintf("must be positive, got %s", s.Timeout)}
	}
	if s.Overlap < 0 {
		return &Error{Key: "salesforce.overlap", Msg: fmt.Sprintf("must not be negative, got %s", s.Overlap)}
	}
	return nil
}

// checkRedisURL returns "" for a usable Redis URL, else why not. The message
// never quotes the URL: a malformed one can put a password anywhere.
func checkRedisURL(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return "not a valid URL (value not shown: it may hold a password)"
	}
	switch u.Scheme {
	case "redis", "rediss":
		if u.Hostname() == "" {
			return "missing host; want redis://[user:password@]host[:port][/db]"
		}
		if p := u.Port(); p != "" {
			if n, err := strconv.Atoi(p); err != nil || n < 1 || n > 65535 {
				return "port must be a number 1-65535"
			}
		}
		if db := strings.TrimPrefix(u.Path, "/"); db != "" {
			if n, err := strconv.Atoi(db); err != nil || n < 0 {
				return "path must be empty or /<db number>"
			}
		}
	case "unix":
		if u.Path == "" {
			return "missing socket path; want unix:///path/to/redis.sock"
		}
	case "":
		return "missing scheme; want redis://, rediss:// or unix://"
	default:
		return fmt.Sprintf("unsupported scheme %q; want redis://, rediss:// or unix://", u.Scheme)
	}
	return ""
}

// checkAddr returns "" for a host:port listen address, else why not.
// MinAdminTokenBits is the least strength CheckAdminToken accepts.
const MinAdminTokenBits = 128

// CheckAdminToken returns an *Error naming admin.token when tok is set but
// could hold fewer than MinAdminTokenBits bits: its length times the bits
// per character of the smallest alphabet it is written in (digits 3.3, hex
// 4, base64 6, other printable ASCII 6.5), so 32 hex or 22 base64
// characters are the least. Fewer than 8 distinct characters, whitespace
// and control characters are refused too. The empty token (admin API off)
// is accepted. The message never repeats the token.
func CheckAdminToken(tok string) error {
	if tok == "" {
		return nil
	}
	bad := func(msg string) error {
		return &Error{Key: "admin.token", Msg: msg + "; make one with: openssl rand -hex 32"}
	}
	distinct := map[rune]bool{}
	digits, hex, b64 := true, true, true
	for _, r := range tok {
		if r <= ' ' || r >= 0x7f {
			return bad("must be printable ASCII without spaces")
		}
		distinct[r] = true
		isDigit := r >= '0' && r <= '9'
		isHex := isDigit || (r >= 'a' && r <= 'f') || (r >= 'A' && r <= 'F')
		isB64 := isDigit || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || strings.ContainsRune("+/=-_", r)
		digits, hex, b64 = digits && isDigit, hex && isHex, b64 && isB64
	}
	bitsPerChar := 6.55 // log2(94 printable characters)
	switch {
	case digits:
		bitsPerChar = 3.32
	case hex:
		bitsPerChar = 4
	case b64:
		bitsPerChar = 6
	}
	if bits := float64(len(tok)) * bitsPerChar; bits < MinAdminTokenBits || len(distinct) < 8 {
		return bad(fmt.Sprintf("too weak to resist guessing: want at least %d random bits (32 hex or 22 base64 characters), got %d characters", MinAdminTokenBits, len(tok)))
	}
	return nil
}

func checkAddr(addr string) string {
	_, port, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Sprintf("want host:port such as 127.0.0.1:8080, got %q", addr)
	}
	if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 {
		return fmt.Sprintf("port must be a number 0-65535, got %q", port)
	}
	return ""
}

func (w WebConfig) validate() error {
	switch {
	case w.UserAgent != "" && !strings.Contains(strings.ToLower(w.UserAgent), "abmsync"):
		return &Error{Key: "web.user_agent", Msg: "must name abmsync, so site owners know who crawls them"}
	case w.Delay < 0:
		return &Error{Key: "web.delay", Msg: fmt.Sprintf("must not be negative, got %s", w.Delay)}
	case w.Delay > time.Hour:
		return &Error{Key: "web.delay", Msg: fmt.Sprintf("must be at most 1h, got %s", w.Delay)}
	case w.MaxConcurrency < 1 || w.MaxConcurrency > maxWebConcurrency:
		return &Error{Key: "web.max_concurrency", Msg: fmt.Sprintf("must be 1..%d, got %d", maxWebConcurrency, w.MaxConcurrency)}
	case w.PageBudget < 1 || w.PageBudget > maxPageBudget:
		return &Error{Key: "web.page_budget", Msg: fmt.Sprintf("must be 1..%d, got %d", maxPageBudget, w.PageBudget)}
	case w.MaxDepth < 1 || w.MaxDepth > maxDepth:
		return &Error{Key: "web.max_depth", Msg: fmt.Sprintf("must be 1..%d, got %d", maxDepth, w.MaxDepth)}
	case w.UserAgent != "" && w.ContactURL != "" && !strings.Contains(w.UserAgent, w.ContactURL):
		return &Error{Key: "web.user_agent", Msg: "must contain web.contact_url, so site owners can reach whoever crawls them"}
	case w.MaxBodyBytes < 1024 || w.MaxBodyBytes > MaxWebBodyBytes:
		// The crawler reads up to one byte past the cap to notice a
		// longer body; a cap near MaxInt64 overflows that.
		return &Error{Key: "web.max_body_bytes", Msg: fmt.Sprintf("must be 1024..%d (64 MiB), got %d", int64(MaxWebBodyBytes), w.MaxBodyBytes)}
	case w.Timeout <= 0:
		return &Error{Key: "web.timeout", Msg: fmt.Sprintf("must be positive, got %s", w.Timeout)}
	}
	if u, err := url.Parse(w.ContactURL); w.ContactURL != "" && (err != nil || (u.Scheme != "http" && u.Scheme != "https" && u.Scheme != "mailto")) {
		return &Error{Key: "web.contact_url", Msg: "must be an http(s) or mailto URL"}
	}
	return nil
}

func (p PressConfig) validate() error {
	for name, urls := range map[string][]string{"press.feeds": p.Feeds, "press.articles": p.Articles} {
		for i, raw := range urls {
			if u, err := url.Parse(raw); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
				return &Error{Key: fmt.Sprintf("%s[%d]", name, i), Msg: "must be an absolute http(s) URL"}
			}
		}
	}
	if p.MaxArticles < 1 {
		return &Error{Key: "press.max_articles", Msg: fmt.Sprintf("must be at least 1, got %d", p.MaxArticles)}
	}
	return nil
}

var linkedInVersion = regexp.MustCompile(`^20[0-9]{2}(0[1-9]|1[0-2])$`)

func (l LinkedInConfig) validate(secretKey string) error {
	if !l.Enabled() {
		return nil
	}
	for key, raw := range map[string]string{"linkedin.base_url": l.BaseURL, "linkedin.auth_base_url": l.AuthBaseURL} {
		if u, err := url.Parse(raw); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil {
			return &Error{Key: key, Msg: "must be an absolute http(s) URL"}
		}
	}
	switch {
	case !linkedInVersion.MatchString(l.Version):
		return &Error{Key: "linkedin.version", Msg: fmt.Sprintf("must be YYYYMM (set ABMSYNC_LINKEDIN_VERSION), got %q", l.Version)}
	case l.AdAccount == "":
		return &Error{Key: "linkedin.ad_account", Msg: "missing: set ABMSYNC_LINKEDIN_AD_ACCOUNT (urn:li:sponsoredAccount:N)"}
	case l.ClientID != "" && l.ClientSecret == "":
		return &Error{Key: "linkedin.client_secret", Msg: "missing: set ABMSYNC_LINKEDIN_CLIENT_SECRET"}
	case l.ClientID != "" && l.AccessToken == "" && secretKey == "":
		// The connect flow stores tokens in Redis; never in the clear.
		return SecretKeyMissing()
	case l.WindowDays < 1 || l.WindowDays > 366:
		return &Error{Key: "linkedin.window_days", Msg: fmt.Sprintf("must be 1..366, got %d", l.WindowDays)}
	}
	return nil
}

func (p ICPConfig) validate() error {
	for key, w := range map[string]int{"icp.industries.weight": p.Industries.Weight, "icp.employees.weight": p.Employees.Weight,
		"icp.countries.weight": p.Countries.Weight, "icp.existing_customer.weight": p.ExistingCustomer.Weight} {
		if w < 0 {
			return &Error{Key: key, Msg: fmt.Sprintf("must not be negative, got %d", w)}
		}
	}
	if p.Employees.Weight > 0 && p.Employees.Max == 0 && p.Employees.Target == 0 {
		return &Error{Key: "icp.employees", Msg: "give min and max, or target and tolerance"}
	}
	if p.Employees.Max > 0 && p.Employees.Min > p.Employees.Max {
		return &Error{Key: "icp.employees.min", Msg: "must not exceed max"}
	}
	for i, a := range p.Attributes {
		key := fmt.Sprintf("icp.attributes[%d]", i)
		switch {
		case a.Property == "":
			return &Error{Key: key + ".property", Msg: "missing"}
		case a.Required && a.Excluded:
			return &Error{Key: key, Msg: "cannot be both required and excluded"}
		case a.Weight < 0:
			return &Error{Key: key + ".weight", Msg: "must not be negative"}
		}
	}
	if p.Tiers.Tier1 < p.Tiers.Tier2 || p.Tiers.Tier1 > 100 || p.Tiers.Tier2 < 0 {
		return &Error{Key: "icp.tiers", Msg: fmt.Sprintf("want 0 <= tier_2 <= tier_1 <= 100, got tier_1 %d, tier_2 %d", p.Tiers.Tier1, p.Tiers.Tier2)}
	}
	return nil
}

func (c Config) validateTraffic() error {
	if c.Tracking.Addr != "" {
		if msg := checkAddr(c.Tracking.Addr); msg != "" {
			return &Error{Key: "tracking.addr", Msg: msg}
		}
		if c.Tracking.Addr == c.Admin.Addr {
			return &Error{Key: "tracking.addr", Msg: "must differ from admin.addr: the admin server stays private"}
		}
	}
	if n := c.Tracking.RatePerMinute; n < 1 || n > maxTrackingRate {
		return &Error{Key: "tracking.rate_per_minute", Msg: fmt.Sprintf("must be 1..%d, got %d", maxTrackingRate, n)}
	}
	for i, o := range c.Tracking.AllowedOrigins {
		if u, err := url.Parse(o); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || (u.Path != "" && u.Path != "/") {
			return &Error{Key: fmt.Sprintf("tracking.allowed_origins[%d]", i), Msg: "must be an origin like https://www.example.com"}
		}
	}
	for i, p := range c.Tracking.TrustProxy {
		if _, err := netip.ParseAddr(p); err != nil {
			if _, err := netip.ParsePrefix(p); err != nil {
				return &Error{Key: fmt.Sprintf("tracking.trust_proxy[%d]", i), Msg: "must be an IP address or CIDR"}
			}
		}
	}
	if c.Traffic.DNSServer != "" {
		if ap, err := netip.ParseAddrPort(c.Traffic.DNSServer); err != nil || ap.Port() == 0 {
			return &Error{Key: "traffic.dns_server", Msg: fmt.Sprintf("want IP:port such as 127.0.0.1:53 or [::1]:53, got %q", c.Traffic.DNSServer)}
		}
	}
	for id, cidrs := range c.Traffic.CIDRs {
		for i, p := range cidrs {
			if _, err := netip.ParsePrefix(p); err != nil {
				return &Error{Key: fmt.Sprintf("traffic.cidrs.%s[%d]", id, i), Msg: fmt.Sprintf("bad CIDR %q", p)}
			}
		}
	}
	known := []string{"traffic_from_accounts", "reach_per_account", "mqa_accounts", "accounts_with_sqls",
		"time_to_close_days", "avg_deal_size", "upsell_revenue", "referrals", "nps"}
	for k := range c.Goals {
		if !slices.Contains(known, k) {
			return &Error{Key: "goals." + k, Msg: "unknown KPI; want one of " + strings.Join(known, ", ")}
		}
	}
	return nil
}
