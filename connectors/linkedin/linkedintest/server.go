package linkedintest

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Defaults of Options and the limits the fake enforces.
const (
	// DefaultAccessToken is the static token accepted for API calls (one
	// made with the Developer Portal's token generator).
	DefaultAccessToken = "linkedintest-static-access-token"
	// DefaultAdAccount is the sponsored account the token's member manages.
	DefaultAdAccount = "urn:li:sponsoredAccount:500100"
	// DefaultSourcePlatform is the sourcePlatform enum the fake assigns to
	// the app. LinkedIn gives each approved Audiences partner its own value.
	DefaultSourcePlatform = "ABMSYNC"
	// DefaultClientID and DefaultClientSecret are the OAuth app credentials.
	DefaultClientID     = "linkedintest-client-id"
	DefaultClientSecret = "linkedintest-client-secret"
	// DefaultOrganizations is how many organizations the generated
	// engagement data covers.
	DefaultOrganizations = 8
	// DefaultWithholdBelow is the privacy threshold: adAnalytics rows with
	// fewer impressions are absent (LinkedIn withholds small demographic
	// counts; the exact rule is not published).
	DefaultWithholdBelow = 3
	// DefaultSegmentPageSize is the page size of the DMP segment finder when
	// the request names no count (Rest.li's default is 10).
	DefaultSegmentPageSize = 10

	// AccessTokenTTL and RefreshTokenTTL are the lifetimes LinkedIn
	// documents: 60 days and 365 days. Refreshing does not extend the
	// refresh token.
	AccessTokenTTL  = 5184000 * time.Second
	RefreshTokenTTL = 31536000 * time.Second
	// CodeTTL is how long an authorization code can be exchanged (LinkedIn:
	// 30 minutes).
	CodeTTL = 30 * time.Minute

	// MaxBatchElements is the most elements one BATCH_CREATE on
	// /dmpSegments/{id}/companies accepts here. Not verified against
	// LinkedIn's documentation.
	MaxBatchElements = 5000
	// MaxAnalyticsElements is where adAnalytics silently truncates its
	// answer (it has no paging).
	MaxAnalyticsElements = 15000
	// MaxAnalyticsFields is the most fields one adAnalytics call may name.
	MaxAnalyticsFields = 20
)

// Options configures a Server. Zero values get the defaults above.
type Options struct {
	// AccessToken is a static token that never expires unless ExpireToken
	// is called for it.
	AccessToken string
	// AdAccount is the one sponsored account the member can manage.
	AdAccount string
	// SourcePlatform is the app's sourcePlatform enum.
	SourcePlatform string
	// RetiredVersions answer 426 NONEXISTENT_VERSION; any other
	// well-formed YYYYMM (or YYYYMM.RR) version is served.
	RetiredVersions []string
	// NotFoundReads is how many requests to a segment created through the
	// API answer 404 before it becomes available (LinkedIn asks to wait
	// after creating one).
	NotFoundReads int

	// Engagement is the adAnalytics data. Nil means generated rows for
	// Organizations organizations, deterministic per organization and day.
	Engagement []EngagementRow
	// Organizations is how many organizations generated data covers.
	Organizations int
	// WithholdBelow is the privacy threshold on impressions; negative
	// disables withholding.
	WithholdBelow int
	// AnalyticsCap overrides MaxAnalyticsElements (tests use small caps).
	AnalyticsCap int

	// Employers are the organizations the Ad Targeting employers
	// typeahead knows, in the order it answers them; nil knows none.
	Employers []Employer

	// ClientID is the OAuth app's client_id (default DefaultClientID).
	ClientID string
	// ClientSecret is its client_secret (default DefaultClientSecret).
	ClientSecret string
	// RedirectURLs are the registered redirect URLs; empty accepts any
	// absolute redirect_uri.
	RedirectURLs []string
	// NoRefreshTokens makes the token endpoint issue no refresh tokens, as
	// for apps that are not approved Marketing Developer Platform partners.
	NoRefreshTokens bool

	// Clock gives the time for token and code expiry and segment creation;
	// nil means time.Now.
	Clock func() time.Time
}

// EngagementRow is one organization's activity on one day (UTC).
type EngagementRow struct {
	// Organization is the pivot value, urn:li:organization:N.
	Organization string
	// Day is the UTC date (time of day ignored).
	Day time.Time
	// Impressions, Clicks and Engagements (totalEngagements) are the
	// metrics served.
	Impressions, Clicks, Engagements int64
}

// Fault is an injected answer: the next request whose call key (see Calls)
// equals Pattern ("*" matches any) gets Status, Header and Body instead of
// being served. An empty Body gets a LinkedIn-style error body.
type Fault struct {
	// Pattern is a call key or "*".
	Pattern string
	// Status, Header and Body make up the answer.
	Status int
	Header http.Header
	Body   string
}

// Request is a request as the fake received it.
type Request struct {
	// Method is the HTTP method.
	Method string
	// Key is the call key (see Calls).
	Key string
	// Path and RawQuery are the URL's path and undecoded query.
	Path, RawQuery string
	// Header holds the request headers, Authorization included.
	Header http.Header
	// Body is the request body.
	Body []byte
}

// Server is a fake LinkedIn Marketing API and OAuth server over httptest.
// It is safe for concurrent use.
type Server struct {
	ts   *httptest.Server
	opts Options

	mu       sync.Mutex
	calls    map[string]int
	requests []Request
	faults   []Fault
	throttle []throttleRule

	expired map[string]bool // access tokens expired by ExpireToken
	revoked map[string]bool
	oauth   oauthState

	segments map[int64]*segment
	nextSeg  int64
}

type throttleRule struct {
	pattern    string
	n          int
	retryAfter time.Duration
}

// NewServer starts a fake LinkedIn. Close it when done.
func NewServer(opts Options) *Server {
	if opts.AccessToken == "" {
		opts.AccessToken = DefaultAccessToken
	}
	if opts.AdAccount == "" {
		opts.AdAccount = DefaultAdAccount
	}
	if opts.SourcePlatform == "" {
		opts.SourcePlatform = DefaultSourcePlatform
	}
	if opts.Organizations <= 0 {
		opts.Organizations = DefaultOrganizations
	}
	if opts.WithholdBelow == 0 {
		opts.WithholdBelow = DefaultWithholdBelow
	}
	if opts.AnalyticsCap <= 0 {
		opts.AnalyticsCap = MaxAnalyticsElements
	}
	if opts.ClientID == "" {
		opts.ClientID = DefaultClientID
	}
	if opts.ClientSecret == "" {
		opts.ClientSecret = DefaultClientSecret
	}
	if opts.Clock == nil {
		opts.Clock = time.Now
	}
	s := &Server{
		opts:     opts,
		calls:    map[string]int{},
		expired:  map[string]bool{},
		revoked:  map[string]bool{},
		segments: map[int64]*segment{},
		nextSeg:  7000001,
		oauth:    newOAuthState(),
	}
	s.ts = httptest.NewServer(http.HandlerFunc(s.serve))
	return s
}

// URL is the base URL for both the API (Config.BaseURL) and OAuth
// (Config.AuthBaseURL).
func (s *Server) URL() string { return s.ts.URL }

// Client returns an *http.Client for the server.
func (s *Server) Client() *http.Client { return s.ts.Client() }

// Close shuts the server down.
func (s *Server) Close() { s.ts.Close() }

// AccessToken is the static token accepted.
func (s *Server) AccessToken() string { return s.opts.AccessToken }

// AdAccount is the sponsored account URN the member manages.
func (s *Server) AdAccount() string { return s.opts.AdAccount }

// SourcePlatform is the app's sourcePlatform enum.
func (s *Server) SourcePlatform() string { return s.opts.SourcePlatform }

// Calls returns request counts by call key, "METHOD /path-pattern":
// "GET /rest/dmpSegments", "POST /rest/dmpSegments",
// "GET /rest/dmpSegments/{id}", "POST /rest/dmpSegments/{id}/companies",
// "GET /rest/adAnalytics", "GET /rest/adTargetingEntities",
// "GET /oauth/v2/authorization",
// "POST /oauth/v2/accessToken", plus "total". Every request counts,
// rejected ones included.
func (s *Server) Calls() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return maps.Clone(s.calls)
}

// Requests returns the requests received, in order, with their raw query,
// headers and body.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.requests)
}

// Reset zeroes the call counts and forgets recorded requests.
func (s *Server) Reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	clear(s.calls)
	s.requests = nil
}

// FailNext makes the next request matching pattern (a call key, or "*")
// answer status with body (empty: a LinkedIn-style error). Faults queue in
// order.
func (s *Server) FailNext(pattern string, status int, body string) {
	s.Inject(Fault{Pattern: pattern, Status: status, Body: body})
}

// Inject queues a fault.
func (s *Server) Inject(f Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, f)
}

// Throttle makes the next n authenticated API requests matching pattern
// (a call key, or "*") answer 429 TOO_MANY_REQUESTS, with Retry-After in
// whole seconds when retryAfter is positive.
func (s *Server) Throttle(pattern string, n int, retryAfter time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.throttle = append(s.throttle, throttleRule{pattern: pattern, n: n, retryAfter: retryAfter})
}

// ExpireToken makes API calls with the access token answer 401
// EXPIRED_ACCESS_TOKEN from now on.
func (s *Server) ExpireToken(token string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.expired[token] = true
}

// RevokeToken makes API calls with the access token answer 401
// REVOKED_ACCESS_TOKEN, as after the member removed the app.
func (s *Server) RevokeToken(token string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.revoked[token] = true
}

var (
	segmentPath   = regexp.MustCompile(`^/rest/dmpSegments/([0-9]+)$`)
	companiesPath = regexp.MustCompile(`^/rest/dmpSegments/([0-9]+)/companies$`)
	versionRe     = regexp.MustCompile(`^[0-9]{6}(\.[0-9]{2})?$`)
)

// callKey maps a request to its endpoint pattern.
func callKey(r *http.Request) string {
	p := r.URL.Path
	switch {
	case segmentPath.MatchString(p):
		p = "/rest/dmpSegments/{id}"
	case companiesPath.MatchString(p):
		p = "/rest/dmpSegments/{id}/companies"
	}
	return r.Method + " " + p
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	key := callKey(r)
	body, _ := io.ReadAll(io.LimitReader(r.Body, 32<<20))
	s.mu.Lock()
	s.calls[key]++
	s.calls["total"]++
	s.requests = append(s.requests, Request{
		Method: r.Method, Key: key, Path: r.URL.Path, RawQuery: r.URL.RawQuery,
		Header: r.Header.Clone(), Body: body,
	})
	var fault *Fault
	for i, f := range s.faults {
		if f.Pattern == "*" || f.Pattern == key {
			fault = &f
			s.faults = slices.Delete(s.faults, i, i+1)
			break
		}
	}
	s.mu.Unlock()

	if fault != nil {
		for k, v := range fault.Header {
			w.Header()[k] = v
		}
		if fault.Body == "" {
			writeError(w, fault.Status, "", 0, http.StatusText(fault.Status))
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(fault.Status)
		_, _ = io.WriteString(w, fault.Body)
		return
	}

	switch key {
	case "GET /oauth/v2/authorization":
		s.serveAuthorize(w, r)
		return
	case "POST /oauth/v2/accessToken":
		s.serveAccessToken(w, r, body)
		return
	}
	if !strings.HasPrefix(r.URL.Path, "/rest/") {
		writeError(w, http.StatusNotFound, "", 0, "Not Found")
		return
	}
	if !s.checkAPIRequest(w, r, key) {
		return
	}
	switch key {
	case "GET /rest/dmpSegments":
		s.serveFindSegments(w, r)
	case "POST /rest/dmpSegments":
		s.serveCreateSegment(w, r, body)
	case "GET /rest/dmpSegments/{id}":
		s.serveGetSegment(w, r)
	case "POST /rest/dmpSegments/{id}/companies":
		s.serveCompanies(w, r, body)
	case "GET /rest/adAnalytics":
		s.serveAnalytics(w, r)
	case "GET /rest/adTargetingEntities":
		s.serveTypeahead(w, r)
	default:
		writeError(w, http.StatusNotFound, "", 0, "No virtual resource found")
	}
}

// checkAPIRequest enforces the versioning and protocol headers, the access
// token and throttles, in that order. It writes the error and returns false
// when the request must not be served.
func (s *Server) checkAPIRequest(w http.ResponseWriter, r *http.Request, key string) bool {
	v := r.Header.Get("LinkedIn-Version")
	switch {
	case v == "":
		writeError(w, http.StatusBadRequest, "VERSION_MISSING", 0,
			"A version must be present. Please specify a version by adding the LinkedIn-Version header.")
		return false
	case !versionRe.MatchString(v):
		writeError(w, http.StatusBadRequest, "INVALID_VERSION", 0, "Invalid version format: "+v+" (want YYYYMM)")
		return false
	case slices.Contains(s.opts.RetiredVersions, v):
		writeError(w, http.StatusUpgradeRequired, "NONEXISTENT_VERSION", 0, "Requested version "+v+" is not active")
		return false
	}
	if p := r.Header.Get("X-Restli-Protocol-Version"); p != "2.0.0" {
		writeError(w, http.StatusBadRequest, "", 0,
			"linkedintest: this resource is served with Rest.li protocol 2.0.0 only: send X-Restli-Protocol-Version: 2.0.0 (got "+strconv.Quote(p)+")")
		return false
	}
	auth := r.Header.Get("Authorization")
	tok, ok := strings.CutPrefix(auth, "Bearer ")
	if !ok || tok == "" {
		writeError(w, http.StatusUnauthorized, "", 401, "Empty oauth2_access_token")
		return false
	}
	s.mu.Lock()
	now := s.opts.Clock()
	known := tok == s.opts.AccessToken
	expired := s.expired[tok]
	revoked := s.revoked[tok]
	if exp, ok := s.oauth.access[tok]; ok {
		known = true
		expired = expired || !now.Before(exp)
	}
	var rule *throttleRule
	if known && !expired && !revoked {
		for i := range s.throttle {
			t := &s.throttle[i]
			if t.n > 0 && (t.pattern == "*" || t.pattern == key) {
				t.n--
				rule = &throttleRule{retryAfter: t.retryAfter}
				break
			}
		}
	}
	s.mu.Unlock()
	switch {
	case !known:
		writeError(w, http.StatusUnauthorized, "INVALID_ACCESS_TOKEN", 65600, "Invalid access token")
		return false
	case revoked:
		writeError(w, http.StatusUnauthorized, "REVOKED_ACCESS_TOKEN", 65601, "The token used in the request has been revoked by the user")
		return false
	case expired:
		writeError(w, http.StatusUnauthorized, "EXPIRED_ACCESS_TOKEN", 65602, "The token used in the request has expired")
		return false
	case rule != nil:
		if rule.retryAfter > 0 {
			secs := int((rule.retryAfter + time.Second - 1) / time.Second)
			w.Header().Set("Retry-After", strconv.Itoa(secs))
		}
		writeError(w, http.StatusTooManyRequests, "TOO_MANY_REQUESTS", 101,
			"Resource level throttle APPLICATION MINUTE limit for calls to this resource is reached.")
		return false
	}
	return true
}

// writeError writes LinkedIn's error body: message, serviceErrorCode (when
// not 0), code (when set) and status.
func writeError(w http.ResponseWriter, status int, code string, serviceErrorCode int, msg string) {
	body := map[string]any{"status": status, "message": msg}
	if code != "" {
		body["code"] = code
	}
	if serviceErrorCode != 0 {
		body["serviceErrorCode"] = serviceErrorCode
	}
	writeJSON(w, status, body)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("X-RestLi-Protocol-Version", "2.0.0")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func randomToken(prefix string) string {
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	return prefix + hex.EncodeToString(b)
}
