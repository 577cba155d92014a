package admin_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hibiken/asynq"
	"github.com/redis/go-redis/v9"

	"github.com/abmsync/abmsync/admin"
	"github.com/abmsync/abmsync/crm"
	"github.com/abmsync/abmsync/internal/porttest"
	"github.com/abmsync/abmsync/internal/redistest"
	"github.com/abmsync/abmsync/jobs"
	"github.com/abmsync/abmsync/store"
)

// db is this package's Redis database; asynq never runs here, so tests
// share it with a key prefix each.
const db = 5

// testToken is the configured admin token. Every response body, header and
// client error is checked not to contain it.
const testToken = "7c1f9e2b3a5d4f60a8b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5"

// startCall is one call the fake Starter received.
type startCall struct {
	Scope   jobs.Scope
	Trigger jobs.Trigger
}

// fakeStarter records calls and answers with run, existing and err.
type fakeStarter struct {
	mu       sync.Mutex
	calls    []startCall
	run      store.Run
	existing bool
	err      error
}

var _ admin.Starter = (*fakeStarter)(nil)

func (f *fakeStarter) Start(_ context.Context, scope jobs.Scope, trigger jobs.Trigger) (store.Run, bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, startCall{Scope: scope, Trigger: trigger})
	if f.err != nil {
		return store.Run{}, false, f.err
	}
	return f.run, f.existing, nil
}

func (f *fakeStarter) Calls() []startCall {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]startCall(nil), f.calls...)
}

// fakeInspector answers from a fixed map; a queue not in it is an error, as
// asynq reports a queue that does not exist yet.
type fakeInspector map[string]*asynq.QueueInfo

var _ admin.QueueInspector = fakeInspector(nil)

func (f fakeInspector) GetQueueInfo(queue string) (*asynq.QueueInfo, error) {
	if qi, ok := f[queue]; ok {
		return qi, nil
	}
	return nil, errors.New("queue not found")
}

// syncBuffer is a log sink that handler goroutines may write concurrently.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// bundle is one test's fresh server and what it is built on.
type bundle struct {
	ctx     context.Context
	st      *store.Store
	starter *fakeStarter
	srv     *admin.Server
	ts      *httptest.Server
	logs    *syncBuffer
}

// setup returns a server with token (empty: the API is disabled) on a real
// store under a key prefix of its own.
func setup(t *testing.T, token string) *bundle {
	t.Helper()
	rdb := redistest.Client(t, db, false)
	return setupStore(t, token, store.New(rdb, redistest.Prefix(t, rdb)))
}

func setupStore(t *testing.T, token string, st *store.Store) *bundle {
	t.Helper()
	return setupWith(t, token, st, nil)
}

// setupWith is setupStore with change applied to the Server before it
// serves (nil: none).
func setupWith(t *testing.T, token string, st *store.Store, change func(*admin.Server)) *bundle {
	t.Helper()
	b := &bundle{
		ctx: context.Background(), st: st, logs: &syncBuffer{},
		starter: &fakeStarter{run: store.Run{ID: "run-new", Trigger: "admin", ScopeKey: "companies,contacts,deals", State: store.RunQueued}},
	}
	b.srv = &admin.Server{
		Token:     token,
		Store:     st,
		Starter:   b.starter,
		Inspector: fakeInspector{jobs.QueueAdmin: {Queue: jobs.QueueAdmin, Pending: 3, Active: 1, Scheduled: 2, Retry: 4, Archived: 5}},
		Metrics: http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			_, _ = io.WriteString(w, "# HELP abmsync_up fake\nabmsync_up 1\n")
		}),
		Monitoring: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			_, _ = io.WriteString(w, "asynqmon "+r.URL.Path)
		}),
		Logger: slog.New(slog.NewTextHandler(b.logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
	}
	if change != nil {
		change(b.srv)
	}
	b.ts = httptest.NewServer(b.srv.Handler())
	t.Cleanup(func() {
		b.ts.Close()
		if strings.Contains(b.logs.String(), testToken) {
			t.Errorf("the admin token was logged: %s", b.logs.String())
		}
	})
	return b
}

// client returns an admin.Client for the bundle's server with token.
func (b *bundle) client(token string) *admin.Client {
	return &admin.Client{BaseURL: b.ts.URL, Token: token, HTTP: b.ts.Client()}
}

// authFunc sets the credentials of a request (nil: none).
type authFunc func(*http.Request)

func bearer(tok string) authFunc {
	return func(r *http.Request) { r.Header.Set("Authorization", "Bearer "+tok) }
}

func basic(user, pw string) authFunc {
	return func(r *http.Request) { r.SetBasicAuth(user, pw) }
}

// response is what a request got back.
type response struct {
	Status int
	Header http.Header
	Body   string
}

// decode unmarshals the body into v, failing the test when it is not JSON.
func (r response) decode(t *testing.T, v any) {
	t.Helper()
	if err := json.Unmarshal([]byte(r.Body), v); err != nil {
		t.Fatalf("decode %q: %v", r.Body, err)
	}
}

// errorMessage returns the "error" of a JSON error body, failing the test
// when the body is not one.
func (r response) errorMessage(t *testing.T) string {
	t.Helper()
	if ct := r.Header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("error Content-Type = %q, want application/json", ct)
	}
	var eb admin.ErrorBody
	r.decode(t, &eb)
	if eb.Error == "" {
		t.Errorf("error body without message: %q", r.Body)
	}
	return eb.Error
}

// do sends one request and checks that the answer never discloses the token.
func (b *bundle) do(t *testing.T, method, path, body string, auth authFunc) response {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequestWithContext(b.ctx, method, b.ts.URL+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if auth != nil {
		auth(req)
	}
	resp, err := b.ts.Client().Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%s %s: read body: %v", method, path, err)
	}
	if strings.Contains(string(raw), testToken) {
		t.Errorf("%s %s: the token is in the body: %s", method, path, raw)
	}
	for k, vs := range resp.Header {
		for _, v := range vs {
			if strings.Contains(v, testToken) {
				t.Errorf("%s %s: the token is in header %s: %s", method, path, k, v)
			}
		}
	}
	return response{Status: resp.StatusCode, Header: resp.Header, Body: string(raw)}
}

// unreachableStore is a store whose Redis refuses connections.
func unreachableStore(t *testing.T) *store.Store {
	t.Helper()
	rdb := redis.NewClient(&redis.Options{Addr: porttest.ClosedAddr(t), MaxRetries: -1, DialTimeout: time.Second})
	t.Cleanup(func() { _ = rdb.Close() })
	return store.New(rdb, "unreachable")
}

// protectedRoutes are every route behind the token, with the status an
// authorised request gets from a fresh bundle.
var protectedRoutes = []struct {
	method, path, body string
	ok                 int
}{
	{http.MethodGet, "/api/status", "", http.StatusOK},
	{http.MethodGet, "/api/runs", "", http.StatusOK},
	{http.MethodGet, "/api/runs/nope", "", http.StatusNotFound},
	{http.MethodPost, "/api/resync", "{}", http.StatusAccepted},
	{http.MethodGet, "/api/no-such-route", "", http.StatusNotFound},
	{http.MethodDelete, "/api/runs", "", http.StatusNotFound},
	{http.MethodGet, "/metrics", "", http.StatusOK},
	{http.MethodGet, "/monitoring/", "", http.StatusOK},
	{http.MethodGet, "/monitoring/api/queues", "", http.StatusOK},
}

func TestHealth(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		token     string
		unreached bool
		auth      authFunc
		path      string
		want      int
		wantBody  string
	}{
		{name: "healthz no token configured", path: "/healthz", want: http.StatusOK, wantBody: "ok\n"},
		{name: "healthz without credentials", token: testToken, path: "/healthz", want: http.StatusOK, wantBody: "ok\n"},
		{name: "healthz with wrong credentials", token: testToken, auth: bearer("wrong"), path: "/healthz", want: http.StatusOK, wantBody: "ok\n"},
		{name: "healthz redis down", token: testToken, unreached: true, path: "/healthz", want: http.StatusOK, wantBody: "ok\n"},
		{name: "readyz redis up", token: testToken, path: "/readyz", want: http.StatusOK, wantBody: "ready\n"},
		{name: "readyz redis up no token configured", path: "/readyz", want: http.StatusOK, wantBody: "ready\n"},
		{name: "readyz redis down", token: testToken, unreached: true, path: "/readyz", want: http.StatusServiceUnavailable},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var b *bundle
			if tc.unreached {
				b = setupStore(t, tc.token, unreachableStore(t))
			} else {
				b = setup(t, tc.token)
			}
			res := b.do(t, http.MethodGet, tc.path, "", tc.auth)
			if res.Status != tc.want {
				t.Fatalf("status %d, want %d (body %q)", res.Status, tc.want, res.Body)
			}
			if tc.want != http.StatusOK {
				if msg := res.errorMessage(t); !strings.Contains(msg, "redis") {
					t.Errorf("error %q does not say redis is the problem", msg)
				}
				return
			}
			if res.Body != tc.wantBody {
				t.Errorf("body %q, want %q", res.Body, tc.wantBody)
			}
		})
	}
}

func TestStatusRedisDown(t *testing.T) {
	t.Parallel()
	b := setupStore(t, testToken, unreachableStore(t))
	res := b.do(t, http.MethodGet, "/api/status", "", bearer(testToken))
	if res.Status != http.StatusServiceUnavailable {
		t.Fatalf("status %d, want 503 (body %q)", res.Status, res.Body)
	}
	res.errorMessage(t)
}

func TestNoTokenConfiguredForbidsEverything(t *testing.T) {
	t.Parallel()
	b := setup(t, "")
	creds := []struct {
		name string
		auth authFunc
	}{
		{"no credentials", nil},
		{"empty bearer", bearer("")},
		{"some bearer", bearer("anything")},
		{"basic empty password", basic("admin", "")},
	}
	for _, rt := range protectedRoutes {
		for _, c := range creds {
			t.Run(rt.method+" "+rt.path+" "+c.name, func(t *testing.T) {
				t.Parallel()
				res := b.do(t, rt.method, rt.path, rt.body, c.auth)
				if res.Status != http.StatusForbidden {
					t.Fatalf("status %d, want 403 (body %q)", res.Status, res.Body)
				}
				if msg := res.errorMessage(t); !strings.Contains(msg, "ABMSYNC_ADMIN_TOKEN") {
					t.Errorf("error %q does not name ABMSYNC_ADMIN_TOKEN", msg)
				}
			})
		}
	}
	t.Cleanup(func() {
		if n := len(b.starter.Calls()); n != 0 {
			t.Errorf("the Starter was called %d times with the API disabled", n)
		}
	})
}

func TestAuth(t *testing.T) {
	t.Parallel()
	// readOnly credentials (HTTP Basic, which a browser sends by itself)
	// read, and get 401 naming Bearer for anything else.
	tests := []struct {
		name     string
		auth     authFunc
		ok       bool
		readOnly bool
	}{
		{"no credentials", nil, false, false},
		{"empty bearer", bearer(""), false, false},
		{"wrong bearer", bearer("wrong-token"), false, false},
		{"bearer prefix of token", bearer(testToken[:len(testToken)-1]), false, false},
		{"bearer token plus suffix", bearer(testToken + "x"), false, false},
		{"lowercase bearer scheme", func(r *http.Request) { r.Header.Set("Authorization", "bearer "+testToken) }, false, false},
		{"token without scheme", func(r *http.Request) { r.Header.Set("Authorization", testToken) }, false, false},
		{"basic wrong password", basic("admin", "wrong-token"), false, false},
		{"basic prefix of token", basic("admin", testToken[:8]), false, false},
		{"basic token as user name", basic(testToken, ""), false, false},
		{"right bearer", bearer(testToken), true, false},
		{"basic token as password", basic("admin", testToken), true, true},
		{"basic token as password, no user", basic("", testToken), true, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			b := setup(t, testToken)
			posts := 0
			for _, rt := range protectedRoutes {
				res := b.do(t, rt.method, rt.path, rt.body, tc.auth)
				if tc.readOnly && rt.method != http.MethodGet {
					if res.Status != http.StatusUnauthorized || !strings.Contains(res.errorMessage(t), "Bearer") {
						t.Errorf("%s %s with Basic auth: status %d %q, want 401 naming Bearer", rt.method, rt.path, res.Status, res.Body)
					}
					continue
				}
				if !tc.ok {
					if res.Status != http.StatusUnauthorized {
						t.Errorf("%s %s: status %d, want 401 (body %q)", rt.method, rt.path, res.Status, res.Body)
						continue
					}
					if h := res.Header.Get("WWW-Authenticate"); !strings.HasPrefix(h, "Basic ") && !strings.HasPrefix(h, "Bearer ") {
						t.Errorf("%s %s: WWW-Authenticate %q, want a Basic challenge", rt.method, rt.path, h)
					}
					res.errorMessage(t)
					continue
				}
				if res.Status != rt.ok {
					t.Errorf("%s %s: status %d, want %d (body %q)", rt.method, rt.path, res.Status, rt.ok, res.Body)
				}
				if rt.method == http.MethodPost {
					posts++
				}
			}
			if n := len(b.starter.Calls()); n != posts {
				t.Errorf("the Starter was called %d times, want %d", n, posts)
			}
		})
	}
}

func TestMonitoringMountedUnderPrefix(t *testing.T) {
	t.Parallel()
	b := setup(t, testToken)
	res := b.do(t, http.MethodGet, "/monitoring/queues/admin", "", basic("admin", testToken))
	if res.Status != http.StatusOK || res.Body != "asynqmon /monitoring/queues/admin" {
		t.Errorf("got %d %q, want the monitoring handler with the full path", res.Status, res.Body)
	}
	res = b.do(t, http.MethodGet, "/metrics", "", bearer(testToken))
	if res.Status != http.StatusOK || !strings.Contains(res.Body, "abmsync_up 1") {
		t.Errorf("metrics: got %d %q", res.Status, res.Body)
	}
}

func TestResync(t *testing.T) {
	t.Parallel()
	existingRun := store.Run{ID: "run-old", Trigger: "schedule", ScopeKey: "contacts|full", State: store.RunRunning,
		Step: "pull contacts", Pulled: 120, CreatedAt: time.Date(2026, 11, 1, 10, 0, 0, 0, time.UTC)}
	tests := []struct {
		name     string
		body     string
		existing bool
		err      error
		nilLog   bool
		want     int
		// wantScope is the scope the Starter must receive; nil: not called.
		wantScope *jobs.Scope
		wantErr   string
	}{
		{name: "empty body is the default scope", body: "", want: http.StatusAccepted, wantScope: &jobs.Scope{}},
		{name: "empty object", body: "{}", want: http.StatusAccepted, wantScope: &jobs.Scope{}},
		{name: "object full account", body: `{"object":"contacts","full":true,"account":"42"}`, want: http.StatusAccepted,
			wantScope: &jobs.Scope{Objects: []crm.ObjectType{crm.Contacts}, Full: true, Account: "42"}},
		{name: "account is trimmed", body: `{"account":"  42 "}`, want: http.StatusAccepted, wantScope: &jobs.Scope{Account: "42"}},
		{name: "full only", body: `{"full":true}`, want: http.StatusAccepted, wantScope: &jobs.Scope{Full: true}},
		{name: "bad object", body: `{"object":"leads"}`, want: http.StatusBadRequest, wantErr: `"leads"`},
		{name: "object wrong case", body: `{"object":"Contacts"}`, want: http.StatusBadRequest, wantErr: `"Contacts"`},
		{name: "unknown field", body: `{"objects":["contacts"]}`, want: http.StatusBadRequest, wantErr: `unknown field "objects"`},
		{name: "wrong type", body: `{"full":"yes"}`, want: http.StatusBadRequest, wantErr: "bad resync request"},
		{name: "truncated JSON", body: `{"full":`, want: http.StatusBadRequest, wantErr: "bad resync request"},
		{name: "not JSON", body: `full=true`, want: http.StatusBadRequest, wantErr: "bad resync request"},
		{name: "existing run", body: `{"object":"contacts","full":true}`, existing: true, want: http.StatusConflict,
			wantScope: &jobs.Scope{Objects: []crm.ObjectType{crm.Contacts}, Full: true}},
		{name: "starter error", body: "{}", err: errors.New("enqueue crm:pull: redis down"), want: http.StatusInternalServerError,
			wantScope: &jobs.Scope{}, wantErr: "enqueue crm:pull: redis down"},
		{name: "starter error without logger", body: "{}", err: errors.New("boom"), nilLog: true, want: http.StatusInternalServerError,
			wantScope: &jobs.Scope{}, wantErr: "boom"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			b := setup(t, testToken)
			b.starter.err = tc.err
			if tc.existing {
				b.starter.run, b.starter.existing = existingRun, true
			}
			if tc.nilLog {
				b.srv.Logger = nil
			}
			res := b.do(t, http.MethodPost, "/api/resync", tc.body, bearer(testToken))
			if res.Status != tc.want {
				t.Fatalf("status %d, want %d (body %q)", res.Status, tc.want, res.Body)
			}

			calls := b.starter.Calls()
			switch {
			case tc.wantScope == nil && len(calls) != 0:
				t.Errorf("the Starter was called with %+v on a bad request", calls)
			case tc.wantScope != nil && len(calls) != 1:
				t.Errorf("the Starter was called %d times, want once", len(calls))
			case tc.wantScope != nil:
				if !reflect.DeepEqual(calls[0].Scope, *tc.wantScope) {
					t.Errorf("scope %+v, want %+v", calls[0].Scope, *tc.wantScope)
				}
				if calls[0].Trigger != jobs.TriggerAdmin {
					t.Errorf("trigger %q, want %q", calls[0].Trigger, jobs.TriggerAdmin)
				}
			}

			if tc.wantErr != "" {
				if msg := res.errorMessage(t); !strings.Contains(msg, tc.wantErr) {
					t.Errorf("error %q does not contain %q", msg, tc.wantErr)
				}
				return
			}
			var got admin.ResyncResponse
			res.decode(t, &got)
			wantRun := b.starter.run
			if got.Existing != tc.existing || !reflect.DeepEqual(got.Run, wantRun) {
				t.Errorf("response %+v, want run %+v existing=%v", got, wantRun, tc.existing)
			}
			// The wire format the CLI and scripts read.
			var raw map[string]any
			res.decode(t, &raw)
			if _, ok := raw["existing"]; !ok {
				t.Errorf("body %s has no existing field", res.Body)
			}
		})
	}
}

func TestRuns(t *testing.T) {
	t.Parallel()
	b := setup(t, testToken)
	t0 := time.Date(2026, 11, 1, 10, 0, 0, 123_000_000, time.UTC)
	runs := []store.Run{
		{ID: "r1", Trigger: "schedule", ScopeKey: "companies,contacts,deals", ScopeJSON: `{}`, CreatedAt: t0},
		{ID: "r3", Trigger: "admin", ScopeKey: "contacts|full", ScopeJSON: `{"objects":["contacts"],"full":true}`, CreatedAt: t0.Add(2 * time.Minute)},
		{ID: "r2", Trigger: "admin", ScopeKey: "deals", ScopeJSON: `{"objects":["deals"]}`, CreatedAt: t0.Add(time.Minute)},
	}
	for _, r := range runs {
		if err := b.st.CreateRun(b.ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	if err := b.st.AddRunCounters(b.ctx, "r3", map[string]int64{store.CounterPulled: 7, store.CounterAPICalls: 2}); err != nil {
		t.Fatal(err)
	}
	if err := b.st.UpdateRun(b.ctx, "r3", map[string]string{"state": store.RunRunning, "step": "pull contacts"}); err != nil {
		t.Fatal(err)
	}

	t.Run("unknown run", func(t *testing.T) {
		t.Parallel()
		res := b.do(t, http.MethodGet, "/api/runs/nope", "", bearer(testToken))
		if res.Status != http.StatusNotFound {
			t.Fatalf("status %d, want 404 (body %q)", res.Status, res.Body)
		}
		if msg := res.errorMessage(t); !strings.Contains(msg, "nope") {
			t.Errorf("error %q does not name the run", msg)
		}
	})
	t.Run("known run", func(t *testing.T) {
		t.Parallel()
		res := b.do(t, http.MethodGet, "/api/runs/r3", "", bearer(testToken))
		if res.Status != http.StatusOK {
			t.Fatalf("status %d, want 200 (body %q)", res.Status, res.Body)
		}
		var got store.Run
		res.decode(t, &got)
		want := store.Run{ID: "r3", Trigger: "admin", ScopeKey: "contacts|full", State: store.RunRunning,
			Step: "pull contacts", Pulled: 7, APICalls: 2, CreatedAt: t0.Add(2 * time.Minute)}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("run %+v\nwant %+v", got, want)
		}
		var raw map[string]any
		res.decode(t, &raw)
		for _, k := range []string{"id", "state", "scope", "pulled", "created_at"} {
			if _, ok := raw[k]; !ok {
				t.Errorf("run JSON has no %q: %s", k, res.Body)
			}
		}
		if _, ok := raw["finished_at"]; ok {
			t.Errorf("unfinished run has finished_at: %s", res.Body)
		}
	})
	t.Run("list newest first", func(t *testing.T) {
		t.Parallel()
		res := b.do(t, http.MethodGet, "/api/runs", "", bearer(testToken))
		if res.Status != http.StatusOK {
			t.Fatalf("status %d, want 200 (body %q)", res.Status, res.Body)
		}
		var got []store.Run
		res.decode(t, &got)
		var ids []string
		for _, r := range got {
			ids = append(ids, r.ID)
		}
		if want := []string{"r3", "r2", "r1"}; !reflect.DeepEqual(ids, want) {
			t.Errorf("run ids %v, want %v", ids, want)
		}
	})
}

func TestRunsEmpty(t *testing.T) {
	t.Parallel()
	b := setup(t, testToken)
	res := b.do(t, http.MethodGet, "/api/runs", "", bearer(testToken))
	if res.Status != http.StatusOK || strings.TrimSpace(res.Body) != "[]" {
		t.Errorf("got %d %q, want 200 []", res.Status, res.Body)
	}
}

func TestStatus(t *testing.T) {
	t.Parallel()
	b := setup(t, testToken)
	t0 := time.Date(2026, 11, 1, 10, 0, 0, 0, time.UTC)
	recs := []crm.Record{
		{Type: crm.Companies, ID: "c1", UpdatedAt: t0, Source: "test"},
		{Type: crm.Contacts, ID: "p1", UpdatedAt: t0, Source: "test", Associations: map[crm.ObjectType][]string{crm.Companies: {"c1"}}},
		{Type: crm.Contacts, ID: "p2", UpdatedAt: t0, Source: "test", Associations: map[crm.ObjectType][]string{crm.Companies: {"c1"}}},
	}
	if _, err := b.st.UpsertRecords(b.ctx, recs); err != nil {
		t.Fatal(err)
	}
	cursor := time.Date(2026, 11, 2, 8, 30, 15, 500_000_000, time.UTC)
	if err := b.st.AdvanceCursor(b.ctx, crm.Contacts, cursor, t0); err != nil {
		t.Fatal(err)
	}
	if err := b.st.SetStatus(b.ctx, crm.Contacts, map[string]string{
		"last_error": "hubspot: list contacts: 429 rate limited", "last_run": "r1", "mode": "incremental",
		"last_success_at": "2026-11-01T09:00:00Z",
	}); err != nil {
		t.Fatal(err)
	}
	if err := b.st.CreateRun(b.ctx, store.Run{ID: "r1", Trigger: "admin", ScopeKey: "contacts", CreatedAt: t0}); err != nil {
		t.Fatal(err)
	}

	res := b.do(t, http.MethodGet, "/api/status", "", bearer(testToken))
	if res.Status != http.StatusOK {
		t.Fatalf("status %d, want 200 (body %q)", res.Status, res.Body)
	}
	var got admin.Status
	res.decode(t, &got)

	wantObjects := []admin.ObjectStatus{
		{Object: "companies", Records: 1},
		{Object: "contacts", Records: 2, Cursor: "2026-11-02T08:30:15Z", LastRun: "r1", Mode: "incremental",
			LastSuccessAt: "2026-11-01T09:00:00Z", LastError: "hubspot: list contacts: 429 rate limited"},
		{Object: "deals", Records: 0},
	}
	if !reflect.DeepEqual(got.Objects, wantObjects) {
		t.Errorf("objects\n got %+v\nwant %+v", got.Objects, wantObjects)
	}
	wantQueues := []admin.QueueStatus{
		{Queue: jobs.QueueAdmin, Pending: 3, Active: 1, Scheduled: 2, Retry: 4, Archived: 5},
		{Queue: jobs.QueueSchedule}, // the inspector does not know it yet: zeros, not an error
	}
	if !reflect.DeepEqual(got.Queues, wantQueues) {
		t.Errorf("queues\n got %+v\nwant %+v", got.Queues, wantQueues)
	}
	if got.LastRun == nil || got.LastRun.ID != "r1" || got.LastRun.State != store.RunQueued {
		t.Errorf("last run %+v, want r1 queued", got.LastRun)
	}
}

func TestStatusEmptyStore(t *testing.T) {
	t.Parallel()
	b := setup(t, testToken)
	res := b.do(t, http.MethodGet, "/api/status", "", bearer(testToken))
	if res.Status != http.StatusOK {
		t.Fatalf("status %d, want 200 (body %q)", res.Status, res.Body)
	}
	var raw map[string]json.RawMessage
	res.decode(t, &raw)
	if _, ok := raw["last_run"]; ok {
		t.Errorf("last_run present without any run: %s", res.Body)
	}
	var got admin.Status
	res.decode(t, &got)
	if len(got.Objects) != len(crm.AllObjects) {
		t.Errorf("objects %+v, want one per object type", got.Objects)
	}
	for _, o := range got.Objects {
		if o.Records != 0 || o.Cursor != "" || o.LastError != "" {
			t.Errorf("fresh store reports %+v", o)
		}
	}
}

// checkNoToken fails the test when err's text discloses the token.
func checkNoToken(t *testing.T, err error) {
	t.Helper()
	if err != nil && strings.Contains(err.Error(), testToken) {
		t.Errorf("error discloses the token: %v", err)
	}
}

func TestClient(t *testing.T) {
	t.Parallel()

	t.Run("resync started", func(t *testing.T) {
		t.Parallel()
		b := setup(t, testToken)
		res, err := b.client(testToken).Resync(b.ctx, admin.ResyncRequest{Object: "deals", Account: "7"})
		if err != nil {
			t.Fatal(err)
		}
		if res.Existing || res.Run.ID != "run-new" {
			t.Errorf("response %+v, want new run run-new", res)
		}
		calls := b.starter.Calls()
		want := jobs.Scope{Objects: []crm.ObjectType{crm.Deals}, Account: "7"}
		if len(calls) != 1 || !reflect.DeepEqual(calls[0].Scope, want) {
			t.Errorf("starter calls %+v, want one with %+v", calls, want)
		}
	})
	t.Run("resync existing is not an error", func(t *testing.T) {
		t.Parallel()
		b := setup(t, testToken)
		b.starter.run = store.Run{ID: "run-old", State: store.RunRunning, ScopeKey: "companies,contacts,deals"}
		b.starter.existing = true
		res, err := b.client(testToken).Resync(b.ctx, admin.ResyncRequest{})
		if err != nil {
			t.Fatalf("409 answered with error: %v", err)
		}
		if !res.Existing || res.Run.ID != "run-old" || res.Run.State != store.RunRunning {
			t.Errorf("response %+v, want existing run-old running", res)
		}
	})
	t.Run("resync bad object", func(t *testing.T) {
		t.Parallel()
		b := setup(t, testToken)
		_, err := b.client(testToken).Resync(b.ctx, admin.ResyncRequest{Object: "leads"})
		var ae *admin.APIError
		if !errors.As(err, &ae) || ae.Status != http.StatusBadRequest || !strings.Contains(ae.Message, `"leads"`) {
			t.Errorf("err = %v, want a 400 APIError naming leads", err)
		}
	})
	t.Run("wrong token is a 401 APIError", func(t *testing.T) {
		t.Parallel()
		b := setup(t, testToken)
		_, err := b.client("wrong-token").Status(b.ctx)
		var ae *admin.APIError
		if !errors.As(err, &ae) {
			t.Fatalf("err = %v (%T), want *admin.APIError", err, err)
		}
		if ae.Status != http.StatusUnauthorized || ae.Message != "missing or wrong admin token" {
			t.Errorf("APIError %+v, want 401 with the server's message", ae)
		}
		if !strings.Contains(err.Error(), "401") || strings.Contains(err.Error(), "wrong-token") {
			t.Errorf("error text %q", err)
		}
		checkNoToken(t, err)
	})
	t.Run("prefix of the token is a 401 APIError", func(t *testing.T) {
		t.Parallel()
		b := setup(t, testToken)
		_, err := b.client(testToken[:10]).Resync(b.ctx, admin.ResyncRequest{})
		var ae *admin.APIError
		if !errors.As(err, &ae) || ae.Status != http.StatusUnauthorized {
			t.Errorf("err = %v, want a 401 APIError", err)
		}
		if n := len(b.starter.Calls()); n != 0 {
			t.Errorf("the Starter was called %d times", n)
		}
		checkNoToken(t, err)
	})
	t.Run("api disabled is a 403 APIError", func(t *testing.T) {
		t.Parallel()
		b := setup(t, "")
		_, err := b.client(testToken).Status(b.ctx)
		var ae *admin.APIError
		if !errors.As(err, &ae) || ae.Status != http.StatusForbidden || !strings.Contains(ae.Message, "ABMSYNC_ADMIN_TOKEN") {
			t.Errorf("err = %v, want a 403 APIError naming ABMSYNC_ADMIN_TOKEN", err)
		}
		checkNoToken(t, err)
	})
	t.Run("run and unknown run", func(t *testing.T) {
		t.Parallel()
		b := setup(t, testToken)
		created := time.Date(2026, 11, 1, 10, 0, 0, 0, time.UTC)
		if err := b.st.CreateRun(b.ctx, store.Run{ID: "r1", Trigger: "admin", ScopeKey: "deals", CreatedAt: created}); err != nil {
			t.Fatal(err)
		}
		c := b.client(testToken)
		run, err := c.Run(b.ctx, "r1")
		if err != nil {
			t.Fatal(err)
		}
		if run.ID != "r1" || run.State != store.RunQueued || !run.CreatedAt.Equal(created) {
			t.Errorf("run %+v", run)
		}
		for _, id := range []string{"nope", "r1?x=1", "r1/../r1", "r1#frag"} {
			_, err = c.Run(b.ctx, id)
			var ae *admin.APIError
			if !errors.As(err, &ae) || ae.Status != http.StatusNotFound {
				t.Errorf("Run(%q): err = %v, want a 404 APIError", id, err)
			}
		}
	})
	t.Run("status", func(t *testing.T) {
		t.Parallel()
		b := setup(t, testToken)
		c := b.client(testToken)
		c.BaseURL += "/" // a trailing slash in ABMSYNC_ADMIN_ADDR is fine
		st, err := c.Status(b.ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(st.Objects) != 3 || len(st.Queues) != 2 || st.Queues[0].Pending != 3 {
			t.Errorf("status %+v", st)
		}
	})
	t.Run("unreachable server names ABMSYNC_ADMIN_ADDR", func(t *testing.T) {
		t.Parallel()
		c := &admin.Client{BaseURL: "http://" + porttest.ClosedAddr(t), Token: testToken, HTTP: &http.Client{Timeout: 5 * time.Second}}
		for name, call := range map[string]func() error{
			"resync": func() error { _, err := c.Resync(context.Background(), admin.ResyncRequest{}); return err },
			"run":    func() error { _, err := c.Run(context.Background(), "r1"); return err },
			"status": func() error { _, err := c.Status(context.Background()); return err },
		} {
			err := call()
			if err == nil || !strings.Contains(err.Error(), "ABMSYNC_ADMIN_ADDR") {
				t.Errorf("%s: err = %v, want one naming ABMSYNC_ADMIN_ADDR", name, err)
			}
			var ae *admin.APIError
			if errors.As(err, &ae) {
				t.Errorf("%s: a transport failure is an APIError: %v", name, err)
			}
			checkNoToken(t, err)
		}
	})
	t.Run("non-JSON error body", func(t *testing.T) {
		t.Parallel()
		ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			http.Error(w, "upstream proxy failure", http.StatusBadGateway)
		}))
		t.Cleanup(ts.Close)
		_, err := (&admin.Client{BaseURL: ts.URL, Token: testToken}).Status(context.Background())
		var ae *admin.APIError
		if !errors.As(err, &ae) || ae.Status != http.StatusBadGateway || ae.Message != "upstream proxy failure" {
			t.Errorf("err = %v, want a 502 APIError with the body as message", err)
		}
	})
}

// TestTokenNeverDisclosed drives every route and error path with the right,
// wrong and no token; do and the bundle's cleanup check every body, header
// and log line, and this test every client error.
func TestTokenNeverDisclosed(t *testing.T) {
	t.Parallel()
	b := setup(t, testToken)
	b.starter.err = errors.New("enqueue failed")
	auths := []authFunc{nil, bearer(testToken), bearer(testToken[:5]), basic("admin", testToken), basic(testToken, "x")}
	paths := []struct{ method, path, body string }{
		{http.MethodGet, "/healthz", ""},
		{http.MethodGet, "/readyz", ""},
		{http.MethodPost, "/api/resync", `{"object":"leads"}`},
		{http.MethodPost, "/api/resync", `{"bogus":1}`},
		{http.MethodPost, "/api/resync", `{}`},
		{http.MethodGet, "/api/runs/nope", ""},
		{http.MethodGet, "/api/status", ""},
		{http.MethodGet, "/metrics", ""},
		{http.MethodGet, "/monitoring/", ""},
		{http.MethodGet, "/api/other", ""},
	}
	for _, a := range auths {
		for _, p := range paths {
			b.do(t, p.method, p.path, p.body, a)
		}
	}
	for _, tok := range []string{testToken, "wrong", ""} {
		c := b.client(tok)
		_, err := c.Resync(b.ctx, admin.ResyncRequest{})
		checkNoToken(t, err)
		_, err = c.Run(b.ctx, "nope")
		checkNoToken(t, err)
		_, err = c.Status(b.ctx)
		checkNoToken(t, err)
	}
	down := setupStore(t, testToken, unreachableStore(t))
	down.do(t, http.MethodGet, "/readyz", "", nil)
	down.do(t, http.MethodGet, "/api/status", "", bearer(testToken))
	_, err := (&admin.Client{BaseURL: "http://" + porttest.ClosedAddr(t), Token: testToken}).Status(b.ctx)
	checkNoToken(t, err)
}
