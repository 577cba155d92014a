package workers

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"iter"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hibiken/asynq"
	"github.com/redis/go-redis/v9"

	"github.com/abmsync/abmsync/campaign"
	"github.com/abmsync/abmsync/connectors/hubspot"
	"github.com/abmsync/abmsync/connectors/hubspot/hubspottest"
	"github.com/abmsync/abmsync/crm"
	"github.com/abmsync/abmsync/internal/redistest"
	"github.com/abmsync/abmsync/internal/telemetry"
	"github.com/abmsync/abmsync/jobs"
	"github.com/abmsync/abmsync/metrics"
	"github.com/abmsync/abmsync/store"
)

// redisDB is this package's Redis database; tests share it through
// per-test key prefixes (redistest.Prefix).
const redisDB = 6

// Portal size of the tests: small enough to be fast, large enough that
// contacts need several list pages (100 a page).
const (
	nCompanies = 30
	nContacts  = 300
	nDeals     = 60
	nTargets   = 9 // 30 × TargetShare 0.3
)

var testSettings = metrics.Settings{ReachGoal: 3, EngagementWindow: 90 * 24 * time.Hour}

// recEnqueuer is the test's Enqueuer: it records tasks in order. err, when
// set, is returned (and cleared) by the next EnqueueContext instead.
type recEnqueuer struct {
	mu    sync.Mutex
	tasks []*asynq.Task
	err   error
}

func (q *recEnqueuer) EnqueueContext(_ context.Context, task *asynq.Task, _ ...asynq.Option) (*asynq.TaskInfo, error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if err := q.err; err != nil {
		q.err = nil
		return nil, err
	}
	q.tasks = append(q.tasks, task)
	return &asynq.TaskInfo{Type: task.Type(), Payload: task.Payload()}, nil
}

// failNext makes the next enqueue fail with err.
func (q *recEnqueuer) failNext(err error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.err = err
}

// take returns the recorded tasks and forgets them.
func (q *recEnqueuer) take() []*asynq.Task {
	q.mu.Lock()
	defer q.mu.Unlock()
	out := q.tasks
	q.tasks = nil
	return out
}

// hookCRM is the real HubSpot client with hooks before every Pull and
// BatchUpdate and a log of the pull requests, so tests can inject a fault on
// a given page or batch and see where a retried task resumed.
type hookCRM struct {
	*hubspot.Client

	// ahead lets pulls read ahead through the client's own Pages, as the
	// daemon does; beforePull then runs once a listing, not once a page.
	// Without it Pages reads page by page through Pull and its hook, as a
	// connector without read-ahead would.
	ahead bool

	mu           sync.Mutex
	pulls        []crm.PullRequest
	beforePull   func(req crm.PullRequest)
	beforeUpdate func(updates []crm.Update)
}

func (h *hookCRM) Pull(ctx context.Context, req crm.PullRequest) (crm.Page, error) {
	h.logPull(req)
	return h.Client.Pull(ctx, req)
}

// logPull records req and runs beforePull.
func (h *hookCRM) logPull(req crm.PullRequest) {
	h.mu.Lock()
	h.pulls = append(h.pulls, req)
	hook := h.beforePull
	h.mu.Unlock()
	if hook != nil {
		hook(req)
	}
}

func (h *hookCRM) Pages(ctx context.Context, req crm.PullRequest, ahead int) iter.Seq2[crm.Page, error] {
	if h.ahead {
		h.logPull(req)
		return h.Client.Pages(ctx, req, ahead)
	}
	return func(yield func(crm.Page, error) bool) {
		for {
			page, err := h.Pull(ctx, req)
			if !yield(page, err) || err != nil || page.Next == "" {
				return
			}
			req.Token = page.Next
		}
	}
}

func (h *hookCRM) BatchUpdate(ctx context.Context, obj crm.ObjectType, updates []crm.Update) (crm.UpdateResult, error) {
	h.mu.Lock()
	hook := h.beforeUpdate
	h.mu.Unlock()
	if hook != nil {
		hook(updates)
	}
	return h.Client.BatchUpdate(ctx, obj, updates)
}

// pullLog returns the pull requests so far and forgets them.
func (h *hookCRM) pullLog() []crm.PullRequest {
	h.mu.Lock()
	defer h.mu.Unlock()
	out := h.pulls
	h.pulls = nil
	return out
}

// bundle is one test's world: a store under its own prefix on the real
// Redis, a fake HubSpot portal, the real HubSpot client, the recording
// queue and the handlers' Deps.
type bundle struct {
	rdb  *redis.Client
	st   *store.Store
	srv  *hubspottest.Server
	hs   *hubspot.Client
	crm  *hookCRM
	q    *recEnqueuer
	deps *Deps
	// now is the workers' clock (fixed): the portal is generated as of now.
	now time.Time
}

type setupConfig struct {
	gen    hubspottest.GenOptions
	client hubspot.Config
	// server, when set, configures the portal before the client is made.
	server func(*hubspottest.Server)
}

// setup returns a fresh bundle. mods may change the portal and the client
// configuration (e.g. a wrong token).
func setup(t *testing.T, mods ...func(*setupConfig)) *bundle {
	t.Helper()
	rdb := redistest.Client(t, redisDB, false)
	now := time.Now().UTC().Truncate(time.Millisecond)
	cfg := setupConfig{
		gen: hubspottest.GenOptions{Companies: nCompanies, Contacts: nContacts, Deals: nDeals, TargetShare: 0.3, Seed: 7, Now: now},
		client: hubspot.Config{
			AccessToken:     hubspottest.DefaultAccessToken,
			RequestsPer10s:  10000,
			SearchPerSecond: 1000,
		},
	}
	for _, m := range mods {
		m(&cfg)
	}
	srv := hubspottest.NewServer(hubspottest.Options{Data: hubspottest.Generate(cfg.gen)})
	t.Cleanup(srv.Close)
	if cfg.server != nil {
		cfg.server(srv)
	}
	cfg.client.BaseURL = srv.URL()
	hs, err := hubspot.New(cfg.client, &http.Client{Timeout: 10 * time.Second, Transport: srv.Client().Transport})
	if err != nil {
		t.Fatalf("hubspot.New: %v", err)
	}
	b := &bundle{
		rdb: rdb,
		st:  store.New(rdb, redistest.Prefix(t, rdb)),
		srv: srv,
		hs:  hs,
		crm: &hookCRM{Client: hs},
		q:   &recEnqueuer{},
		now: now,
	}
	b.deps = &Deps{
		Service: &campaign.Service{
			Store:    b.st,
			Settings: testSettings,
			Logger:   slog.New(slog.DiscardHandler),
			Now:      func() time.Time { return b.now },
		},
		CRM:     b.crm,
		Queue:   b.q,
		Overlap: time.Minute,
		Metrics: telemetry.New(),
	}
	b.deps.Runs = &Starter{Deps: b.deps}
	return b
}

func ctxT(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// handle runs task through its handler, as asynq's mux would.
func (b *bundle) handle(ctx context.Context, task *asynq.Task) error {
	switch task.Type() {
	case jobs.TypeCRMPull:
		return (&PullHandler{b.deps}).ProcessTask(ctx, task)
	case jobs.TypeMetricsCompute:
		return (&ComputeHandler{b.deps}).ProcessTask(ctx, task)
	case jobs.TypeCRMPush:
		return (&PushHandler{b.deps}).ProcessTask(ctx, task)
	case jobs.TypeScheduleTick:
		return (&TickHandler{Deps: b.deps, Starter: &Starter{Deps: b.deps}}).ProcessTask(ctx, task)
	}
	return errors.New("no handler for " + task.Type())
}

// drain processes enqueued tasks in order until the queue is empty or a
// task of type stopBefore is next (which is returned unprocessed). Every
// task must succeed.
func (b *bundle) drain(t *testing.T, stopBefore string) *asynq.Task {
	t.Helper()
	ctx := ctxT(t)
	queue := b.q.take()
	for len(queue) > 0 {
		task := queue[0]
		queue = queue[1:]
		if task.Type() == stopBefore {
			if len(queue) > 0 {
				t.Fatalf("tasks after %s: %d", stopBefore, len(queue))
			}
			return task
		}
		if err := b.handle(ctx, task); err != nil {
			t.Fatalf("%s %s: %v", task.Type(), task.Payload(), err)
		}
		queue = append(queue, b.q.take()...)
	}
	return nil
}

// start starts a run of scope (admin trigger) and returns its id.
func (b *bundle) start(t *testing.T, scope jobs.Scope) string {
	t.Helper()
	run, existing, err := (&Starter{Deps: b.deps}).Start(ctxT(t), scope, jobs.TriggerAdmin)
	if err != nil || existing {
		t.Fatalf("Start(%+v) = existing %v, %v", scope, existing, err)
	}
	return run.ID
}

// createRun stores a queued run record with id, for tasks built by hand.
func (b *bundle) createRun(t *testing.T, id string) {
	t.Helper()
	if err := b.st.CreateRun(ctxT(t), store.Run{ID: id, State: store.RunQueued, CreatedAt: b.deps.now()}); err != nil {
		t.Fatal(err)
	}
}

// sync runs a whole sync of scope and returns the finished run.
func (b *bundle) sync(t *testing.T, scope jobs.Scope) store.Run {
	t.Helper()
	id := b.start(t, scope)
	b.drain(t, "")
	return b.run(t, id)
}

func (b *bundle) run(t *testing.T, id string) store.Run {
	t.Helper()
	r, err := b.st.GetRun(ctxT(t), id)
	if err != nil {
		t.Fatalf("GetRun(%s): %v", id, err)
	}
	return r
}

// leaseHolder returns the active run holding a slot of scope ("" when
// none does).
func (b *bundle) leaseHolder(t *testing.T, scope jobs.Scope) string {
	t.Helper()
	return slotHolder(t, b.st, scope)
}

// slotHolder returns the active run whose slot has scope's key.
func slotHolder(t *testing.T, st *store.Store, scope jobs.Scope) string {
	t.Helper()
	m, err := st.RunSlots(ctxT(t))
	if err != nil {
		t.Fatal(err)
	}
	slots := decodeSlots(m)
	for _, id := range sortedSlotIDs(slots) {
		if s := slots[id]; !s.Waiting && s.Scope.Key() == scope.Key() {
			return id
		}
	}
	return ""
}

// storedIDs returns the stored ids of obj.
func (b *bundle) storedIDs(t *testing.T, obj crm.ObjectType) []string {
	t.Helper()
	ids, err := b.st.IDs(ctxT(t), obj)
	if err != nil {
		t.Fatal(err)
	}
	return ids
}

func pullTask(t *testing.T, p jobs.PullPayload) *asynq.Task {
	t.Helper()
	task, err := jobs.NewPullTask(p)
	if err != nil {
		t.Fatal(err)
	}
	return task
}

func decodePayload[T any](t *testing.T, task *asynq.Task) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(task.Payload(), &v); err != nil {
		t.Fatalf("decode %s payload: %v", task.Type(), err)
	}
	return v
}

// liveSet returns the portal's live ids of objectType.
func liveSet(srv *hubspottest.Server, objectType string) map[string]bool {
	m := map[string]bool{}
	for _, id := range srv.IDs(objectType) {
		m[id] = true
	}
	return m
}

// portalTargets returns the ids of the portal's target companies.
func portalTargets(srv *hubspottest.Server) []string {
	var out []string
	for _, id := range srv.IDs("companies") {
		if srv.Company(id)["hs_is_target_account"] == "true" {
			out = append(out, id)
		}
	}
	return out
}

// expectedMetrics computes company id's metric properties straight from the
// portal (its live associated contacts and deals), independently of the
// store and the workers.
func expectedMetrics(srv *hubspottest.Server, id string, s metrics.Settings, now time.Time) map[string]string {
	related := func(typ string, ot crm.ObjectType) []crm.Record {
		live := liveSet(srv, typ)
		var out []crm.Record
		for _, rid := range srv.Associations("companies", id, typ) {
			if live[rid] {
				out = append(out, crm.Record{Type: ot, ID: rid, Properties: srv.Object(typ, rid)})
			}
		}
		return out
	}
	company := crm.Record{Type: crm.Companies, ID: id, Properties: srv.Company(id)}
	contacts := related("contacts", crm.Contacts)
	deals := related("deals", crm.Deals)
	// A deal's time to close counts from its own contacts' create dates.
	var dealContacts []crm.Record
	for i, d := range deals {
		ids := srv.Associations("deals", d.ID, "contacts")
		deals[i].Associations = map[crm.ObjectType][]string{crm.Contacts: ids}
		for _, cid := range ids {
			dealContacts = append(dealContacts, crm.Record{Type: crm.Contacts, ID: cid, Properties: srv.Object("contacts", cid)})
		}
	}
	// No website traffic and no survey answers in these portals.
	svc := &campaign.Service{Settings: s}
	return svc.ComputeAccount(campaign.AccountData{Company: company, Contacts: contacts, Deals: deals, DealContacts: dealContacts}, nil, now).Properties()
}

// abmValues returns the abm_* properties of props.
func abmValues(props map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range props {
		if strings.HasPrefix(k, "abm_") {
			out[k] = v
		}
	}
	return out
}

// checkPortalMetrics asserts that company id in the portal holds want
// (a "" value means the property is absent: HubSpot clears it).
func checkPortalMetrics(t *testing.T, srv *hubspottest.Server, id string, want map[string]string) {
	t.Helper()
	got := srv.Company(id)
	for k, v := range want {
		if got[k] != v {
			t.Errorf("company %s %s = %q in HubSpot, want %q", id, k, got[k], v)
		}
	}
}

// writeCalls returns the portal calls that write: batch updates and
// property or group creation.
func writeCalls(calls map[string]int) map[string]int {
	out := map[string]int{}
	for k, n := range calls {
		if strings.HasPrefix(k, "POST /crm/properties/") || strings.HasSuffix(k, "/batch/update") {
			out[k] = n
		}
	}
	return out
}

// tempQueue returns a queue name of the test's own and an inspector; the
// queue and its statistics are removed when the test ends.
func tempQueue(t *testing.T, rdb *redis.Client) (string, *asynq.Inspector) {
	t.Helper()
	var rnd [6]byte
	_, _ = rand.Read(rnd[:])
	queue := "workers-test-" + hex.EncodeToString(rnd[:])
	inspector := asynq.NewInspectorFromRedisClient(rdb)
	t.Cleanup(func() {
		_ = inspector.DeleteQueue(queue, true)
		// DeleteQueue leaves the queue's statistics behind.
		bg := context.Background()
		iter := rdb.Scan(bg, 0, "asynq:{"+queue+"}:*", 100).Iterator()
		for iter.Next(bg) {
			rdb.Del(bg, iter.Val())
		}
	})
	return queue, inspector
}
