package hubspottest

import (
	"encoding/json"
	"fmt"
	"maps"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Defaults of Options.
const (
	DefaultVersion     = "2026-03"
	DefaultAccessToken = "hubspottest-private-app-token"
	// DefaultEmbeddedAssociations is how many associations of one type the
	// list endpoint embeds per record before it pages them (an assumption:
	// HubSpot does not document the number).
	DefaultEmbeddedAssociations = 100
	// DefaultAssociationPage is how many associations one batch-read input
	// returns per page (an assumption, not documented).
	DefaultAssociationPage = 500
	// DefaultSearchPerSecond is HubSpot's documented search limit per
	// account, enforced once SetRateLimit is on.
	DefaultSearchPerSecond = 5
	// DefaultRateLimitInterval is the span of HubSpot's rolling limit
	// (TEN_SECONDLY_ROLLING).
	DefaultRateLimitInterval = 10 * time.Second
)

// Budgets of HubSpot's rolling limit per DefaultRateLimitInterval, for
// Options.RateLimitMax and SetRateLimit. Portals with HubSpot's API limit
// increase add-on allow more; any positive number is accepted.
const (
	// RateLimitStarter is the limit of Free and Starter portals.
	RateLimitStarter = 100
	// RateLimitProfessional is the limit of Professional and Enterprise
	// portals.
	RateLimitProfessional = 190
)

// TokenPath is the OAuth token endpoint served in OAuth mode; the legacy
// /oauth/v1/token is served too.
const TokenPath = "/oauth/2026-03/token"

// Options configures a Server.
type Options struct {
	// Data is the portal; nil means an empty one (property definitions only).
	Data *Dataset
	// Version is the only date version the CRM paths accept (default
	// DefaultVersion); other versions answer 404.
	Version string
	// AccessToken is the private-app token accepted (default
	// DefaultAccessToken).
	AccessToken string
	// Clock gives the time of writes, archives and token expiry; nil means
	// time.Now. Rate limits use RateLimitClock.
	Clock func() time.Time
	// RateLimitMax turns the rolling limit on from the start, as
	// SetRateLimit(RateLimitMax, RateLimitInterval) does; 0 leaves it off.
	RateLimitMax int
	// RateLimitInterval is the span of the rolling limit (default
	// DefaultRateLimitInterval).
	RateLimitInterval time.Duration
	// RateLimitClock tells the time the rate limits count in; nil means
	// time.Now. Tests share it with the client's clock to run limits of
	// many seconds in no real time.
	RateLimitClock func() time.Time
	// EmbeddedAssociations and AssociationPage override
	// DefaultEmbeddedAssociations and DefaultAssociationPage.
	EmbeddedAssociations int
	AssociationPage      int
}

// Fault is an injected answer: the next request whose call key (see Calls)
// equals Pattern ("*" matches any) gets Status, Body and Header instead of
// being served. An empty Body gets a HubSpot-style JSON error.
type Fault struct {
	Pattern string
	Status  int
	Body    string
	Header  http.Header
	// Processed carries the request out first (writes included) and only
	// then answers the fault, as when HubSpot fails after doing the work or
	// the answer is lost on the way.
	Processed bool
	// Skip lets this many matching requests through before the fault
	// answers, e.g. Skip 1 fails the second page of a listing whatever the
	// client reads ahead.
	Skip int
}

// Server is a fake HubSpot portal over httptest. It implements the CRM
// object list and search, batch update, upsert and read, associations batch
// read and default associate, properties and OAuth token endpoints with
// HubSpot's documented limits and error bodies. It is safe for concurrent
// use.
type Server struct {
	ts   *httptest.Server
	opts Options

	mu    sync.Mutex
	data  *Dataset
	calls map[string]int
	// limited counts 429 answers (RateLimited).
	limited atomic.Int64
	faults  []Fault
	seq     int
	// random faults (FailRandomly) and the count of injected answers
	chaos     *Fault
	chaosRate float64
	chaosRand *rand.Rand
	injected  int

	// rate limits: one budget for the portal (the fake serves one app in one
	// account, which is what HubSpot counts by), whatever the token
	rlMax, srMax           int
	rlInterval, srInterval time.Duration
	srSet                  bool
	hits, searchHits       []time.Time

	oauth *oauthState
}

// NewServer starts a fake portal serving opts.Data. Close it when done.
func NewServer(opts Options) *Server {
	if opts.Version == "" {
		opts.Version = DefaultVersion
	}
	if opts.AccessToken == "" {
		opts.AccessToken = DefaultAccessToken
	}
	if opts.Clock == nil {
		opts.Clock = time.Now
	}
	if opts.EmbeddedAssociations <= 0 {
		opts.EmbeddedAssociations = DefaultEmbeddedAssociations
	}
	if opts.AssociationPage <= 0 {
		opts.AssociationPage = DefaultAssociationPage
	}
	if opts.RateLimitInterval <= 0 {
		opts.RateLimitInterval = DefaultRateLimitInterval
	}
	if opts.RateLimitClock == nil {
		opts.RateLimitClock = time.Now
	}
	data := opts.Data
	if data == nil {
		data = Generate(GenOptions{})
	}
	s := &Server{
		opts:  opts,
		data:  data,
		calls: map[string]int{},
	}
	if opts.RateLimitMax > 0 {
		s.SetRateLimit(opts.RateLimitMax, opts.RateLimitInterval)
	}
	s.ts = httptest.NewServer(http.HandlerFunc(s.serve))
	return s
}

// URL is the base URL to configure clients with.
func (s *Server) URL() string { return s.ts.URL }

// AccessToken is the accepted private-app token.
func (s *Server) AccessToken() string { return s.opts.AccessToken }

// Client returns an *http.Client for the server.
func (s *Server) Client() *http.Client { return s.ts.Client() }

// Close shuts the server down.
func (s *Server) Close() { s.ts.Close() }

// SetRateLimit enforces HubSpot's rolling limit: at most max non-search
// requests of the portal (whatever token they carry) in any interval,
// answering 429 with policy TEN_SECONDLY_ROLLING beyond it. Non-search
// answers, 429s included, then carry X-HubSpot-RateLimit-Max (max),
// -Remaining and -Interval-Milliseconds. Unless SetSearchRateLimit was
// called, it also enforces the documented search limit of 5 per second. max
// 0 removes the limits (the default). It may be called while requests are
// served: requests already admitted stay counted, so a smaller max answers
// 429 until enough of them have left the interval.
func (s *Server) SetRateLimit(max int, interval time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rlMax, s.rlInterval = max, interval
	if !s.srSet {
		s.srMax, s.srInterval = 0, 0
		if max > 0 {
			s.srMax, s.srInterval = DefaultSearchPerSecond, time.Second
		}
	}
}

// SetSearchRateLimit enforces the separate search limit (HubSpot documents
// five per second per account): beyond max searches of the portal in
// interval, 429 with policy SECONDLY and no rate-limit headers. max 0
// removes it (the default).
func (s *Server) SetSearchRateLimit(max int, interval time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.srMax, s.srInterval, s.srSet = max, interval, true
}

// Calls returns request counts by call key, "METHOD /path-pattern" with the
// version as {v} (e.g. "GET /crm/objects/{v}/contacts",
// "POST /crm/objects/{v}/contacts/search",
// "POST /crm/objects/{v}/contacts/batch/upsert",
// "POST /crm/associations/{v}/contacts/companies/batch/read",
// "POST /crm/associations/{v}/contacts/companies/batch/associate/default",
// "POST /oauth/2026-03/token"), plus "total". Every request counts,
// rejected ones included.
func (s *Server) Calls() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return maps.Clone(s.calls)
}

// ResetCalls zeroes the counts, RateLimited's and Injected's included.
func (s *Server) ResetCalls() {
	s.mu.Lock()
	defer s.mu.Unlock()
	clear(s.calls)
	s.limited.Store(0)
	s.injected = 0
}

// Injected returns how many answers were injected faults (FailNext, Inject,
// FailRandomly) since the last ResetCalls.
func (s *Server) Injected() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.injected
}

// FailRandomly answers f to each request matching f.Pattern with
// probability rate, drawn from a generator seeded with seed so that a run
// of the same requests fails the same way. Queued faults (FailNext, Inject)
// go first. rate 0 turns it off.
func (s *Server) FailRandomly(f Fault, rate float64, seed uint64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.chaos, s.chaosRate, s.chaosRand = nil, 0, nil
	if rate > 0 {
		s.chaos, s.chaosRate, s.chaosRand = &f, rate, rand.New(rand.NewPCG(seed, seed^0x5ca1ab1e))
	}
}

// RateLimited returns how many requests were answered 429 (rate limit),
// injected ones included, since the last ResetCalls.
func (s *Server) RateLimited() int { return int(s.limited.Load()) }

// FailNext makes the next request matching pattern (a call key, or "*")
// answer status with body (empty: a HubSpot-style JSON error). Faults queue
// in order.
func (s *Server) FailNext(pattern string, status int, body string) {
	s.Inject(Fault{Pattern: pattern, Status: status, Body: body})
}

// Inject queues a fault.
func (s *Server) Inject(f Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, f)
}

// Touch sets the last-modified time of the given records to at, as an edit
// in HubSpot would. Unknown IDs are ignored.
func (s *Server) Touch(objectType string, at time.Time, ids ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.data.stores[objectType]
	if st == nil {
		return
	}
	for _, id := range ids {
		if r := st.byID[id]; r != nil {
			r.modified = at.UnixMilli()
		}
	}
	st.touched()
}

// Archive archives (soft-deletes) a record now.
func (s *Server) Archive(objectType, id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.data.stores[objectType]
	if st == nil || st.byID[id] == nil {
		return
	}
	r := st.byID[id]
	now := s.opts.Clock().UnixMilli()
	r.archived, r.archivedAt, r.modified = true, now, now
	st.touched()
}

// Associate adds associations from one record to others (both directions).
func (s *Server) Associate(fromType, fromID, toType string, toIDs ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, id := range toIDs {
		s.data.link(fromType, fromID, toType, id)
	}
}

// Object returns a copy of a record's property values, including
// hs_object_id, createdate and the last-modified property; nil when absent.
func (s *Server) Object(objectType, id string) map[string]string {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.data.stores[objectType]
	if st == nil || st.byID[id] == nil {
		return nil
	}
	r := st.byID[id]
	out := maps.Clone(r.props)
	if out == nil {
		out = map[string]string{}
	}
	for _, p := range []string{"hs_object_id", "createdate", st.modProp} {
		out[p], _ = st.value(r, p)
	}
	return out
}

// Company returns Object("companies", id).
func (s *Server) Company(id string) map[string]string { return s.Object("companies", id) }

// IDs returns the live record IDs of objectType in ID order.
func (s *Server) IDs(objectType string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.data.stores[objectType]
	if st == nil {
		return nil
	}
	var ids []string
	for _, r := range st.order {
		if !r.archived {
			ids = append(ids, r.idStr)
		}
	}
	return ids
}

// Property returns whether objectType has a property definition named name,
// and its group.
func (s *Server) Property(objectType, name string) (group string, ok bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.data.stores[objectType]
	if st == nil || st.defs[name] == nil {
		return "", false
	}
	return st.defs[name].GroupName, true
}

// route is a parsed request path.
type route struct {
	key     string // call key
	kind    string // list, search, batchUpdate, assocRead, props, groups, token
	version string
	typ     string
	toType  string
}

func (s *Server) parse(r *http.Request) route {
	seg := strings.Split(strings.Trim(r.URL.Path, "/"), "/")
	rt := route{key: r.Method + " " + r.URL.Path}
	pattern := func(v string) string {
		out := slices.Clone(seg)
		out[2] = "{v}"
		rt.version = v
		return r.Method + " /" + strings.Join(out, "/")
	}
	switch {
	case len(seg) == 3 && seg[0] == "oauth" && seg[2] == "token":
		rt.kind = "token"
	case len(seg) >= 4 && seg[0] == "crm" && seg[1] == "objects":
		rt.key, rt.typ = pattern(seg[2]), seg[3]
		switch {
		case len(seg) == 4:
			rt.kind = "list"
		case len(seg) == 5 && seg[4] == "search":
			rt.kind = "search"
		case len(seg) == 6 && seg[4] == "batch" && seg[5] == "update":
			rt.kind = "batchUpdate"
		case len(seg) == 6 && seg[4] == "batch" && seg[5] == "upsert":
			rt.kind = "batchUpsert"
		case len(seg) == 6 && seg[4] == "batch" && seg[5] == "read":
			rt.kind = "batchRead"
		}
	case len(seg) == 7 && seg[0] == "crm" && seg[1] == "associations" && seg[5] == "batch" && seg[6] == "read":
		rt.key, rt.typ, rt.toType, rt.kind = pattern(seg[2]), seg[3], seg[4], "assocRead"
	case len(seg) == 8 && seg[0] == "crm" && seg[1] == "associations" && seg[5] == "batch" && seg[6] == "associate" && seg[7] == "default":
		rt.key, rt.typ, rt.toType, rt.kind = pattern(seg[2]), seg[3], seg[4], "assocDefault"
	case len(seg) >= 4 && seg[0] == "crm" && seg[1] == "properties":
		rt.key, rt.typ = pattern(seg[2]), seg[3]
		switch {
		case len(seg) == 4:
			rt.kind = "props"
		case len(seg) == 5 && seg[4] == "groups":
			rt.kind = "groups"
		}
	}
	return rt
}

var routeMethods = map[string]string{
	"list": http.MethodGet, "search": http.MethodPost, "batchUpdate": http.MethodPost,
	"batchUpsert": http.MethodPost, "batchRead": http.MethodPost,
	"assocRead": http.MethodPost, "assocDefault": http.MethodPost, "token": http.MethodPost,
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	rt := s.parse(r)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls[rt.key]++
	s.calls["total"]++
	if f, ok := s.fault(rt.key); ok {
		s.injected++
		if f.Processed {
			s.handle(httptest.NewRecorder(), r, rt)
		}
		s.writeFault(w, f)
		return
	}
	s.handle(w, r, rt)
}

// fault returns the injected answer due for a request with call key key.
// s.mu must be held.
func (s *Server) fault(key string) (Fault, bool) {
	for i, f := range s.faults {
		if f.Pattern == "*" || f.Pattern == key {
			if f.Skip > 0 {
				s.faults[i].Skip--
				return Fault{}, false
			}
			s.faults = slices.Delete(s.faults, i, i+1)
			return f, true
		}
	}
	if c := s.chaos; c != nil && (c.Pattern == "*" || c.Pattern == key) && s.chaosRand.Float64() < s.chaosRate {
		return *c, true
	}
	return Fault{}, false
}

// handle serves a request. s.mu must be held.
func (s *Server) handle(w http.ResponseWriter, r *http.Request, rt route) {
	if rt.kind == "" {
		s.writeError(w, http.StatusNotFound, "OBJECT_NOT_FOUND", "No route found for "+r.Method+" "+r.URL.Path, nil)
		return
	}
	if m, ok := routeMethods[rt.kind]; ok && r.Method != m {
		s.writeError(w, http.StatusMethodNotAllowed, "VALIDATION_ERROR", "Method "+r.Method+" not allowed", nil)
		return
	}
	if rt.kind == "token" {
		s.serveToken(w, r)
		return
	}
	if _, ok := s.authorize(w, r); !ok {
		return
	}
	if !s.admit(w, rt.kind == "search") {
		return
	}
	if rt.version != s.opts.Version {
		s.writeError(w, http.StatusNotFound, "OBJECT_NOT_FOUND",
			fmt.Sprintf("Unknown API version %q: this portal serves %s", rt.version, s.opts.Version), nil)
		return
	}
	st := s.data.stores[rt.typ]
	if st == nil {
		s.writeError(w, http.StatusBadRequest, "VALIDATION_ERROR", "Unable to infer object type from: "+rt.typ, nil)
		return
	}
	switch rt.kind {
	case "list":
		s.serveList(w, r, st)
	case "search":
		s.serveSearch(w, r, st)
	case "batchUpdate":
		s.serveBatchUpdate(w, r, st)
	case "batchUpsert":
		s.serveBatchUpsert(w, r, st)
	case "batchRead":
		s.serveBatchRead(w, r, st)
	case "assocRead", "assocDefault":
		if s.data.stores[rt.toType] == nil {
			s.writeError(w, http.StatusBadRequest, "VALIDATION_ERROR", "Unable to infer object type from: "+rt.toType, nil)
			return
		}
		if rt.kind == "assocRead" {
			s.serveAssocRead(w, r, rt.typ, rt.toType)
		} else {
			s.serveAssocDefault(w, r, rt.typ, rt.toType)
		}
	case "props":
		s.serveProperties(w, r, st)
	case "groups":
		s.serveGroups(w, r, st)
	}
}

// admit applies the rate limits and sets the rate-limit headers. s.mu must
// be held.
func (s *Server) admit(w http.ResponseWriter, search bool) bool {
	now := s.opts.RateLimitClock()
	if search {
		if s.srMax <= 0 {
			return true
		}
		s.searchHits = prune(s.searchHits, now.Add(-s.srInterval))
		if len(s.searchHits) >= s.srMax {
			s.writeRateLimit(w, "You have reached your secondly limit.", "SECONDLY")
			return false
		}
		s.searchHits = append(s.searchHits, now)
		return true
	}
	if s.rlMax <= 0 {
		return true
	}
	s.hits = prune(s.hits, now.Add(-s.rlInterval))
	w.Header().Set("X-HubSpot-RateLimit-Max", strconv.Itoa(s.rlMax))
	w.Header().Set("X-HubSpot-RateLimit-Interval-Milliseconds", strconv.FormatInt(s.rlInterval.Milliseconds(), 10))
	if len(s.hits) >= s.rlMax {
		w.Header().Set("X-HubSpot-RateLimit-Remaining", "0")
		s.writeRateLimit(w, "You have reached your ten_secondly_rolling limit.", "TEN_SECONDLY_ROLLING")
		return false
	}
	s.hits = append(s.hits, now)
	w.Header().Set("X-HubSpot-RateLimit-Remaining", strconv.Itoa(s.rlMax-len(s.hits)))
	return true
}

func prune(h []time.Time, after time.Time) []time.Time {
	i := 0
	for i < len(h) && !h[i].After(after) {
		i++
	}
	return h[i:]
}

func (s *Server) writeRateLimit(w http.ResponseWriter, msg, policy string) {
	s.limited.Add(1)
	s.writeJSON(w, http.StatusTooManyRequests, map[string]any{
		"status":        "error",
		"message":       msg,
		"errorType":     "RATE_LIMIT",
		"correlationId": s.correlationID(),
		"policyName":    policy,
	})
}

// authorize checks the bearer token: the private-app token, or an unexpired
// OAuth access token.
func (s *Server) authorize(w http.ResponseWriter, r *http.Request) (string, bool) {
	auth := r.Header.Get("Authorization")
	token, ok := strings.CutPrefix(auth, "Bearer ")
	switch {
	case !ok || token == "":
		s.writeError(w, http.StatusUnauthorized, "INVALID_AUTHENTICATION",
			"Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview", nil)
		return "", false
	case token == s.opts.AccessToken:
		return token, true
	case s.oauth != nil:
		if exp, ok := s.oauth.access[token]; ok {
			now := s.opts.Clock()
			if now.Before(exp) {
				return token, true
			}
			s.writeError(w, http.StatusUnauthorized, "EXPIRED_AUTHENTICATION",
				fmt.Sprintf("The OAuth token used to make this call expired %d second(s) ago.", int(now.Sub(exp).Seconds())), nil)
			return "", false
		}
	}
	s.writeError(w, http.StatusUnauthorized, "INVALID_AUTHENTICATION",
		"Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview", nil)
	return "", false
}

func (s *Server) correlationID() string {
	s.seq++
	return fmt.Sprintf("%08x-5ca1-4e00-8000-%012x", s.seq, s.seq)
}

// writeError writes HubSpot's error body.
func (s *Server) writeError(w http.ResponseWriter, status int, category, msg string, extra map[string]any) {
	body := map[string]any{
		"status":        "error",
		"message":       msg,
		"correlationId": s.correlationID(),
		"category":      category,
	}
	maps.Copy(body, extra)
	s.writeJSON(w, status, body)
}

func (s *Server) writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json;charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func (s *Server) writeFault(w http.ResponseWriter, f Fault) {
	maps.Copy(w.Header(), f.Header)
	if f.Body == "" {
		category := "INTERNAL_ERROR"
		switch {
		case f.Status == http.StatusTooManyRequests:
			s.writeRateLimit(w, "You have reached your ten_secondly_rolling limit.", "TEN_SECONDLY_ROLLING")
			return
		case f.Status < 500:
			category = "VALIDATION_ERROR"
		}
		s.writeError(w, f.Status, category, "injected "+http.StatusText(f.Status), nil)
		return
	}
	if f.Status == http.StatusTooManyRequests {
		s.limited.Add(1)
	}
	ct := "text/html; charset=utf-8"
	if json.Valid([]byte(f.Body)) {
		ct = "application/json;charset=utf-8"
	}
	w.Header().Set("Content-Type", ct)
	w.WriteHeader(f.Status)
	_, _ = w.Write([]byte(f.Body))
}

// Associations returns the ids of toType objects associated with fromType
// object fromID (archived ones included, as stored), for tests that check
// what a client computed from the portal.
func (s *Server) Associations(fromType, fromID, toType string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.data.assoc[fromType+"/"+toType][fromID])
}

// Update sets properties of a record as a person editing it in HubSpot
// would ("" clears one) and moves its modification time to now.
func (s *Server) Update(objectType, id string, props map[string]string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.data.stores[objectType]
	if st == nil || st.byID[id] == nil {
		return
	}
	r := st.byID[id]
	if r.props == nil {
		r.props = map[string]string{}
	}
	for k, v := range props {
		if v == "" {
			delete(r.props, k)
		} else {
			r.props[k] = v
		}
	}
	r.modified = s.opts.Clock().UnixMilli()
	st.touched()
}
