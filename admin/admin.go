package admin

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/hibiken/asynq"

	"github.com/abmsync/abmsync/campaign"
	"github.com/abmsync/abmsync/crm"
	"github.com/abmsync/abmsync/jobs"
	"github.com/abmsync/abmsync/metrics"
	"github.com/abmsync/abmsync/store"
)

// Starter starts sync runs (workers.Starter).
type Starter interface {
	Start(ctx context.Context, scope jobs.Scope, trigger jobs.Trigger) (store.Run, bool, error)
}

// QueueInspector reports queue sizes (*asynq.Inspector).
type QueueInspector interface {
	GetQueueInfo(queue string) (*asynq.QueueInfo, error)
}

// Server holds what the admin routes need.
type Server struct {
	Token      string
	Store      *store.Store
	Starter    Starter
	Inspector  QueueInspector
	Metrics    http.Handler
	Monitoring http.Handler // asynqmon, mounted under /monitoring/
	// MonitoringReadWrite lets /monitoring take requests that change
	// queues (pause, delete, run tasks). False (the default) answers 405 to
	// anything but GET and HEAD there; build asynqmon with ReadOnly too.
	MonitoringReadWrite bool
	// PublicURL is the address browsers open the server at when a proxy
	// fronts it (admin.public_url): https makes the session cookie Secure,
	// and its origin is trusted for state-changing requests. Empty: none.
	PublicURL string
	// AuthMetrics, when set, counts failed authentications.
	AuthMetrics AuthMetrics
	// Now is the clock of the failed-authentication limits (nil: time.Now).
	Now func() time.Time

	limiter *failLimiter
	// LinkedInConnect serves the OAuth connect flow: GET /connect/linkedin
	// (admin token required) and GET /connect/linkedin/callback (guarded by
	// the one-time state value instead, since LinkedIn's redirect carries no
	// admin token). Nil when LinkedIn is not configured.
	LinkedInConnect http.Handler
	// Imports handles POST /api/imports/linkedin-connections.
	Imports http.Handler
	// AccessLogs handles POST /api/imports/access-log.
	AccessLogs http.Handler
	// NPS handles POST /api/imports/nps.
	NPS http.Handler
	// Report computes the campaign KPI report for GET /api/report and the
	// dashboard (/dashboard, mounted only when Report is set).
	Report func(ctx context.Context) (metrics.Report, error)
	Logger *slog.Logger // nil discards the logs
	// Warnings, when set, returns what an operator must hear (LinkedIn
	// token expiry), added to GET /api/status as "warnings".
	Warnings func(ctx context.Context) []string

	// AccountContacts returns a target account's key contacts for the
	// dashboard's account page, without anyone on the do-not-contact list
	// (campaign.Service.AccountKeyContacts). Nil lists none.
	AccountContacts func(ctx context.Context, accountID string) ([]KeyContact, error)
}

func (s *Server) logger() *slog.Logger {
	if s.Logger == nil {
		return slog.New(slog.DiscardHandler)
	}
	return s.Logger
}

// Handler returns the admin routes. Call it once per Server: the
// failed-authentication limits live with the handler it returns.
func (s *Server) Handler() http.Handler {
	s.limiter = newFailLimiter(s.Now)
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = w.Write([]byte("ok\n"))
	})
	mux.HandleFunc("GET /readyz", s.readyz)
	if s.Metrics != nil {
		mux.Handle("GET /metrics", s.auth(s.Metrics))
	}
	if s.Monitoring != nil {
		mux.Handle("/monitoring/", s.auth(s.monitoring()))
	}
	mux.Handle("POST /api/resync", s.auth(http.HandlerFunc(s.resync)))
	mux.Handle("GET /api/runs/{id}", s.auth(http.HandlerFunc(s.run)))
	mux.Handle("GET /api/runs", s.auth(http.HandlerFunc(s.runs)))
	mux.Handle("GET /api/status", s.auth(http.HandlerFunc(s.status)))
	mux.Handle("POST /api/do-not-contact", s.auth(http.HandlerFunc(s.doNotContact)))
	if s.Report != nil {
		mux.Handle("GET /api/report", s.auth(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			rep, err := s.Report(r.Context())
			if err != nil {
				writeError(w, http.StatusServiceUnavailable, "report: "+err.Error())
				return
			}
			writeJSON(w, http.StatusOK, rep)
		})))
		s.mountDashboard(mux)
	}
	if s.LinkedInConnect != nil {
		mux.Handle("GET /connect/linkedin", s.auth(s.LinkedInConnect))
		mux.Handle("GET /connect/linkedin/callback", s.LinkedInConnect)
	}
	if s.Imports != nil {
		mux.Handle("POST /api/imports/linkedin-connections", s.auth(longRequest(s.Imports)))
	}
	if s.AccessLogs != nil {
		mux.Handle("POST /api/imports/access-log", s.auth(longRequest(s.AccessLogs)))
	}
	if s.NPS != nil {
		mux.Handle("POST /api/imports/nps", s.auth(longRequest(s.NPS)))
	}
	mux.Handle("POST /api/forget", s.auth(http.HandlerFunc(s.forget)))
	mux.Handle("POST "+LinkedInOrgPath, s.auth(http.HandlerFunc(s.linkedInOrg)))
	mux.Handle("/api/", s.auth(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, "no such API route: "+r.Method+" "+r.URL.Path)
	})))
	return noFraming(s.crossOrigin().Handler(mux))
}

// crossOrigin refuses state-changing browser requests from other origins:
// a page elsewhere that the admin visits could otherwise use the browser's
// Basic credentials or session cookie. Requests without Origin and
// Sec-Fetch-Site (the CLI, curl) pass; the admin.public_url origin is
// trusted for a proxy that rewrites Host.
func (s *Server) crossOrigin() *http.CrossOriginProtection {
	cop := http.NewCrossOriginProtection()
	if u, err := url.Parse(s.PublicURL); err == nil && u.Scheme != "" && u.Host != "" {
		if err := cop.AddTrustedOrigin(u.Scheme + "://" + u.Host); err != nil {
			s.logger().Warn("admin.public_url is not a usable origin", "err", err)
		}
	}
	// Anyone can send these without a token: log one a second at most.
	var mu sync.Mutex
	var last time.Time
	suppressed := 0
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		dropBody(w, r)
		mu.Lock()
		now := time.Now()
		logIt, n := now.Sub(last) >= time.Second, suppressed
		if logIt {
			last, suppressed = now, 0
		} else {
			suppressed++
		}
		mu.Unlock()
		if logIt {
			s.logger().Warn("cross-origin request refused", "method", r.Method, "path", r.URL.Path,
				"origin", r.Header.Get("Origin"), "sec_fetch_site", r.Header.Get("Sec-Fetch-Site"), "remote", r.RemoteAddr,
				"unlogged_since_last", n)
		}
		writeError(w, http.StatusForbidden, "cross-origin request refused: the admin server takes state-changing requests only from its own pages or from clients that send no Origin (the CLI)")
	}))
	return cop
}

// noFraming forbids every admin page, asynqmon's included, to be shown in
// a frame, so no other site can overlay it to steer clicks. The dashboard
// replaces the Content-Security-Policy with a stricter one that keeps
// frame-ancestors 'none'.
func noFraming(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Frame-Options", "DENY")
		h.Set("Content-Security-Policy", "frame-ancestors 'none'")
		next.ServeHTTP(w, r)
	})
}

// monitoring is asynqmon behind the read-only gate (MonitoringReadWrite).
func (s *Server) monitoring() http.Handler {
	if s.MonitoringReadWrite {
		return s.Monitoring
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !safeMethod(r.Method) {
			dropBody(w, r)
			w.Header().Set("Allow", "GET, HEAD")
			writeError(w, http.StatusMethodNotAllowed, "the monitoring UI is read-only (admin.monitoring: read-only); set admin.monitoring: read-write to change queues from it")
			return
		}
		s.Monitoring.ServeHTTP(w, r)
	})
}

func safeMethod(m string) bool {
	return m == http.MethodGet || m == http.MethodHead || m == http.MethodOptions
}

// auth admits requests carrying the admin token, compared in constant
// time: a Bearer token for any method, HTTP Basic auth (whose credentials a
// browser sends by itself) only for reading, or under /monitoring. Failed
// attempts are limited per client address and globally (failLimiter),
// logged without the token and counted.
func (s *Server) auth(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if s.Token == "" {
			dropBody(w, r)
			writeError(w, http.StatusForbidden, "admin API disabled: set ABMSYNC_ADMIN_TOKEN")
			return
		}
		got, via := headerToken(r)
		switch {
		case via == "":
			dropBody(w, r)
			w.Header().Set("WWW-Authenticate", `Basic realm="abmsync admin"`)
			writeError(w, http.StatusUnauthorized, "missing admin token: send Authorization: Bearer TOKEN")
			return
		case via == viaBasic && !safeMethod(r.Method) && !strings.HasPrefix(r.URL.Path, "/monitoring/"):
			// Not compared: whether right or wrong, Basic cannot change
			// anything here, so the attempt is no guess.
			dropBody(w, r)
			w.Header().Set("WWW-Authenticate", `Bearer realm="abmsync admin"`)
			writeError(w, http.StatusUnauthorized, "HTTP Basic auth only reads: send Authorization: Bearer TOKEN to change anything")
			return
		}
		switch v, wait := s.verify(r, got, via); v {
		case limited:
			dropBody(w, r)
			w.Header().Set("Retry-After", retryAfter(wait))
			writeError(w, http.StatusTooManyRequests, "too many failed authentications from this address: try again in "+retryAfter(wait)+" s")
		case refused:
			dropBody(w, r)
			w.Header().Set("WWW-Authenticate", `Basic realm="abmsync admin"`)
			writeError(w, http.StatusUnauthorized, "missing or wrong admin token")
		default:
			next.ServeHTTP(w, r)
		}
	})
}

// How a request presented the admin token.
const (
	viaBearer = "bearer"
	viaBasic  = "basic"
	viaLogin  = "login form"
)

type verdict int

const (
	accepted verdict = iota
	refused
	limited
)

// verify compares got with the admin token unless the client is over its
// failed-authentication limit (then limited, and how long to wait). A
// wrong token spends the client's budget, is logged without the token and
// counted.
func (s *Server) verify(r *http.Request, got, via string) (verdict, time.Duration) {
	if ok, wait := s.limiter.allow(r.RemoteAddr); !ok {
		s.countFailure(FailRateLimited)
		s.logger().Debug("admin authentication refused: rate limited", "via", via, "remote", r.RemoteAddr)
		return limited, wait
	}
	if subtle.ConstantTimeCompare([]byte(got), []byte(s.Token)) == 1 {
		return accepted, 0
	}
	lockedOut := s.limiter.fail(r.RemoteAddr)
	s.countFailure(FailWrongToken)
	log := s.logger()
	log.Warn("admin authentication failed: wrong token", "via", via, "remote", r.RemoteAddr, "method", r.Method, "path", r.URL.Path)
	if lockedOut {
		log.Warn("admin authentication: too many failures from this address; answering 429 until its budget refills",
			"remote", r.RemoteAddr, "per_minute", int(time.Minute/clientFailEvery))
	}
	return refused, 0
}

func (s *Server) countFailure(reason string) {
	if s.AuthMetrics != nil {
		s.AuthMetrics.CountAuthFailure(reason)
	}
}

// headerToken returns the token of an "Authorization: Bearer" header or the
// password of HTTP Basic auth, and how it came (viaBearer, viaBasic, or ""
// when the request carried neither).
func headerToken(r *http.Request) (string, string) {
	if h := r.Header.Get("Authorization"); strings.HasPrefix(h, "Bearer ") {
		return strings.TrimPrefix(h, "Bearer "), viaBearer
	}
	if _, pw, ok := r.BasicAuth(); ok {
		return pw, viaBasic
	}
	return "", ""
}

func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	if err := s.Store.Ping(ctx); err != nil {
		writeError(w, http.StatusServiceUnavailable, "redis unreachable")
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, _ = w.Write([]byte("ready\n"))
}

// ResyncRequest is the body of POST /api/resync.
type ResyncRequest struct {
	// Source is "crm" (default) or "web".
	Source  string `json:"source,omitempty"`
	Full    bool   `json:"full,omitempty"`
	Object  string `json:"object,omitempty"`
	Account string `json:"account,omitempty"`
	// AllowMassDelete lets a full sync delete more than the configured
	// share of an object's records (sync.max_delete_share).
	AllowMassDelete bool `json:"allow_mass_delete,omitempty"`
}

// ResyncResponse answers POST /api/resync: the run, and whether it was
// already queued or running (then no new run was started).
type ResyncResponse struct {
	Run      store.Run `json:"run"`
	Existing bool      `json:"existing"`
}

func (s *Server) resync(w http.ResponseWriter, r *http.Request) {
	var req ResyncRequest
	// An empty body is a default resync.
	if !decodeBody(w, r, &req, "bad resync request", true) {
		return
	}
	scope := jobs.Scope{Full: req.Full, Account: strings.TrimSpace(req.Account), Source: req.Source, AllowMassDelete: req.AllowMassDelete}
	if scope.Source == jobs.SourceCRM {
		scope.Source = ""
	}
	if req.Object != "" {
		obj, err := crm.ParseObjectType(req.Object)
		if err != nil {
			writeError(w, http.StatusBadRequest, err.Error())
			return
		}
		scope.Objects = []crm.ObjectType{obj}
	}
	if err := scope.Validate(); err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	// A client that gives up while the run is being started (Ctrl-C on
	// "abmsync resync") must not leave a half-started run behind: once
	// asked, the start completes.
	run, existing, err := s.Starter.Start(context.WithoutCancel(r.Context()), scope, jobs.TriggerAdmin)
	if err != nil {
		s.logger().Error("start resync", "err", err)
		writeError(w, http.StatusInternalServerError, "start resync: "+err.Error())
		return
	}
	status := http.StatusAccepted
	if existing {
		status = http.StatusConflict
	}
	writeJSON(w, status, ResyncResponse{Run: run, Existing: existing})
}

func (s *Server) run(w http.ResponseWriter, r *http.Request) {
	run, err := s.Store.GetRun(r.Context(), r.PathValue("id"))
	if errors.Is(err, store.ErrNotFound) {
		writeError(w, http.StatusNotFound, err.Error())
		return
	}
	if err != nil {
		writeError(w, http.StatusInternalServerError, err.Error())
		return
	}
	writeJSON(w, http.StatusOK, run)
}

func (s *Server) runs(w http.ResponseWriter, r *http.Request) {
	ids, err := s.Store.RecentRuns(r.Context(), 20)
	if err != nil {
		writeError(w, http.StatusInternalServerError, err.Error())
		return
	}
	out := make([]store.Run, 0, len(ids))
	for _, id := range ids {
		if run, err := s.Store.GetRun(r.Context(), id); err == nil {
			out = append(out, run)
		}
	}
	writeJSON(w, http.StatusOK, out)
}

// ObjectStatus is one object type's sync state in GET /api/status.
type ObjectStatus struct {
	Object        string `json:"object"`
	Cursor        string `json:"cursor,omitempty"`
	LastRun       string `json:"last_run,omitempty"`
	LastSuccessAt string `json:"last_success_at,omitempty"`
	Mode          string `json:"mode,omitempty"`
	Records       int64  `json:"records"`
	LastError     string `json:"last_error,omitempty"`
}

// QueueStatus is one queue's sizes.
type QueueStatus struct {
	Queue     string `json:"queue"`
	Pending   int    `json:"pending"`
	Active    int    `json:"active"`
	Scheduled int    `json:"scheduled"`
	Retry     int    `json:"retry"`
	Archived  int    `json:"archived"`
}

// Status is the body of GET /api/status.
type Status struct {
	Objects []ObjectStatus `json:"objects"`
	Queues  []QueueStatus  `json:"queues"`
	LastRun *store.Run     `json:"last_run,omitempty"`
	// Warnings are problems needing a person (a LinkedIn token about to
	// expire); absent when there are none.
	Warnings []string `json:"warnings,omitempty"`
	// LinkedInOrganizations are the target accounts whose LinkedIn
	// organization a person must confirm or enter; absent when none.
	LinkedInOrganizations []LinkedInOrgIssue `json:"linkedin_organizations,omitempty"`
}

func (s *Server) status(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	var st Status
	for _, obj := range crm.AllObjects {
		m, err := s.Store.Status(ctx, obj)
		if err != nil {
			writeError(w, http.StatusServiceUnavailable, err.Error())
			return
		}
		cur, _ := s.Store.Cursor(ctx, obj)
		n, _ := s.Store.Count(ctx, obj)
		os := ObjectStatus{Object: string(obj), LastRun: m["last_run"], LastSuccessAt: m["last_success_at"],
			Mode: m["mode"], Records: n, LastError: m["last_error"]}
		if !cur.Since.IsZero() {
			os.Cursor = cur.Since.UTC().Format(time.RFC3339)
		}
		st.Objects = append(st.Objects, os)
	}
	for _, q := range []string{jobs.QueueAdmin, jobs.QueueSchedule} {
		qs := QueueStatus{Queue: q}
		if info, err := s.Inspector.GetQueueInfo(q); err == nil {
			qs.Pending, qs.Active, qs.Scheduled, qs.Retry, qs.Archived = info.Pending, info.Active, info.Scheduled, info.Retry, info.Archived
		}
		st.Queues = append(st.Queues, qs)
	}
	if ids, err := s.Store.RecentRuns(ctx, 1); err == nil && len(ids) == 1 {
		if run, err := s.Store.GetRun(ctx, ids[0]); err == nil {
			st.LastRun = &run
		}
	}
	if s.Warnings != nil {
		st.Warnings = s.Warnings(ctx)
	}
	st.LinkedInOrganizations = s.linkedInOrgIssues(ctx)
	writeJSON(w, http.StatusOK, st)
}

// ErrorBody is every error answer's JSON body.
type ErrorBody struct {
	Error string `json:"error"`
}

func writeError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, ErrorBody{Error: msg})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	// A failed write means the client went away; there is no one to tell.
	_ = json.NewEncoder(w).Encode(v)
}

// DoNotContactRequest is the body of POST /api/do-not-contact: an e-mail
// address, or an account id and a name, or both.
type DoNotContactRequest struct {
	Email   string `json:"email,omitempty"`
	Account string `json:"account,omitempty"`
	Name    string `json:"name,omitempty"`
}

// ForgetRequest is the body of POST /api/forget.
type ForgetRequest struct {
	Email string `json:"email"`
}

// ForgetResponse says what POST /api/forget erased.
type ForgetResponse struct {
	CandidatesRemoved int `json:"candidates_removed"`
	ContactsRemoved   int `json:"contacts_removed"`
}

// decodeBody decodes a JSON body of at most 64 KiB, refusing unknown
// fields and anything after the JSON value; on error it answers 415 (a
// Content-Type other than application/json: an HTML form cannot send JSON
// as such) or 400 with what and the reason, and returns false. allowEmpty
// accepts an empty body without a Content-Type as v's zero value.
func decodeBody(w http.ResponseWriter, r *http.Request, v any, what string, allowEmpty bool) bool {
	ct := r.Header.Get("Content-Type")
	if allowEmpty && ct == "" && r.ContentLength == 0 {
		return true
	}
	if mt, _, err := mime.ParseMediaType(ct); err != nil || mt != "application/json" {
		dropBody(w, r)
		writeError(w, http.StatusUnsupportedMediaType, what+": want Content-Type: application/json, got "+quoteOrNone(ct))
		return false
	}
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, 64<<10))
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	if allowEmpty && errors.Is(err, io.EOF) {
		return true
	}
	if err == nil {
		if dec.Decode(&json.RawMessage{}) != io.EOF {
			err = errors.New("data after the JSON value")
		}
	}
	if err != nil {
		writeError(w, http.StatusBadRequest, what+": "+err.Error())
		return false
	}
	return true
}

func quoteOrNone(s string) string {
	if s == "" {
		return "none"
	}
	if len(s) > 100 {
		s = s[:100] + "…"
	}
	return `"` + s + `"`
}

func (s *Server) doNotContact(w http.ResponseWriter, r *http.Request) {
	var req DoNotContactRequest
	if !decodeBody(w, r, &req, "bad request body", false) {
		return
	}
	if req.Email == "" && (req.Account == "" || req.Name == "") {
		writeError(w, http.StatusBadRequest, "give an email, or an account and a name")
		return
	}
	if err := campaign.AddDoNotContact(r.Context(), s.Store, req.Email, req.Account, req.Name); err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	// Only fingerprints are kept; the answer repeats nothing personal.
	writeJSON(w, http.StatusCreated, map[string]bool{"added": true})
}

func (s *Server) forget(w http.ResponseWriter, r *http.Request) {
	var req ForgetRequest
	if !decodeBody(w, r, &req, "bad request body", false) {
		return
	}
	cands, contacts, err := campaign.Forget(r.Context(), s.Store, req.Email)
	if err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	s.logger().Info("person forgotten", "candidates_removed", cands, "contacts_removed", contacts)
	writeJSON(w, http.StatusOK, ForgetResponse{CandidatesRemoved: cands, ContactsRemoved: contacts})
}
