package daemon

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"net"
	"net/http"
	"net/netip"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/alicebob/miniredis/v2"
	"github.com/hibiken/asynq"
	"github.com/hibiken/asynqmon"
	"github.com/redis/go-redis/v9"

	"github.com/abmsync/abmsync/admin"
	"github.com/abmsync/abmsync/campaign"
	"github.com/abmsync/abmsync/config"
	csvcrm "github.com/abmsync/abmsync/connectors/csv"
	"github.com/abmsync/abmsync/connectors/hubspot"
	"github.com/abmsync/abmsync/connectors/salesforce"
	"github.com/abmsync/abmsync/connectors/web"
	"github.com/abmsync/abmsync/crm"
	"github.com/abmsync/abmsync/internal/redisconn"
	"github.com/abmsync/abmsync/internal/telemetry"
	"github.com/abmsync/abmsync/jobs"
	"github.com/abmsync/abmsync/keycontacts/merge"
	"github.com/abmsync/abmsync/keycontacts/roles"
	"github.com/abmsync/abmsync/metrics"
	"github.com/abmsync/abmsync/store"
	"github.com/abmsync/abmsync/workers"
)

// Options are what Run needs besides the config.
type Options struct {
	Logger *slog.Logger
	// Ready, when set, receives the admin server's address once it listens.
	Ready func(addr string)
	// HTTPClient is the base client for outside APIs (tests inject one).
	HTTPClient *http.Client
	// Getenv reads the environment (default os.Getenv); only
	// ABMSYNC_STATE_DIR is read here, the rest comes through the config.
	Getenv func(string) string
}

// Run runs the daemon until ctx is done, then stops taking tasks, lets
// running tasks finish (or hands them back) within the shutdown timeout, and
// returns nil. Start-up errors (Redis unreachable, admin address taken, bad
// credentials) are returned naming the cause.
func Run(ctx context.Context, cfg config.Config, opt Options) error {
	log := opt.Logger
	if log == nil {
		log = slog.Default()
	}
	// Load validates too; a Config built in code must not slip past.
	if err := config.CheckAdminToken(cfg.Admin.Token); err != nil {
		return err
	}
	redis.SetLogger(redisLogger{log.With("component", "redis")})
	tuneGC(log)
	rdb, asynqOpt, cleanup, err := connectRedis(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer cleanup()
	token, localToken := adminToken(cfg, log)

	telem := telemetry.New()
	crmClient, err := newCRM(cfg, opt.HTTPClient, telem, log)
	if err != nil {
		return err
	}
	st := store.New(rdb, cfg.Redis.KeyPrefix)
	if err := openFingerprints(ctx, st, cfg.SecretKey, log); err != nil {
		return err
	}
	queue := asynq.NewClientFromRedisClient(rdb)
	defer queue.Close()
	deps, starter, err := newDeps(cfg, st, crmClient, queue, telem, log)
	if err != nil {
		return err
	}
	li, err := NewLinkedIn(cfg, st, opt.HTTPClient, telem, log, nil)
	if err != nil {
		return err
	}
	if li != nil {
		deps.LinkedIn = li.Workers(cfg.LinkedIn)
		li.logWarnings(ctx, log)
	}

	srv, err := startWorkers(rdb, cfg.Worker, deps, log)
	if err != nil {
		return err
	}
	defer srv.Shutdown()
	sched, err := startScheduler(rdb, cfg.Schedules, log)
	if err != nil {
		return err
	}
	defer sched.Shutdown()

	inspector := asynq.NewInspectorFromRedisClient(rdb)
	adm, closeMonitoring := newAdmin(cfg, token, deps.Service, starter, inspector, asynqOpt, telem, log)
	defer closeMonitoring()
	stopTracking, err := startTracking(ctx, cfg.Tracking, deps.Service, telem, cfg.Worker.ShutdownTimeout, log.With("component", "tracking"))
	if err != nil {
		return err
	}
	defer stopTracking()
	ln, err := listenAdmin(cfg.Admin.Addr, localToken, token, opt.Getenv, log)
	if err != nil {
		return err
	}
	base := adminBaseURL(cfg.Admin.PublicURL, ln.Addr())
	warnExposedAdmin(log, cfg.Admin, ln.Addr())
	adminLinkedIn(adm, li, base)
	hs := admin.NewHTTPServer(adm.Handler())
	serveErr := make(chan error, 1)
	go func() { serveErr <- hs.Serve(ln) }()
	startLoops(ctx, cfg.Schedules, st, starter, inspector, log)
	log.Info("abmsync serving", "admin", base, "crm", cfg.CRM.Kind,
		"campaign", cfg.Campaign.Name, "schedules", len(cfg.Schedules))
	if opt.Ready != nil {
		opt.Ready(ln.Addr().String())
	}
	return serveUntilDone(ctx, hs, serveErr, cfg.Worker.ShutdownTimeout, log)
}

// adminToken is the token the admin API requires and whether it is a local
// one generated here. The embedded default has no operator to set a token;
// it gets one the CLI on this machine can read, so resync and status work
// out of the box. listenAdmin writes it to the file only once the admin
// listener is bound: a second daemon that fails on the busy port must not
// replace the token of the one that holds it.
func adminToken(cfg config.Config, log *slog.Logger) (token string, local bool) {
	token = cfg.Admin.Token
	local = token == "" && isEmbedded(cfg.Redis)
	if local {
		token = newToken()
	}
	if token == "" {
		log.Warn("ABMSYNC_ADMIN_TOKEN is not set: the admin API refuses everything but /healthz and /readyz")
	}
	return token, local
}

// newDeps builds what every worker shares from the config: the campaign
// service (which the admin server's imports and views share too, with the
// worker's logger), the CRM, the queue and the domain settings, and the
// Starter that starts runs on them. A bad role rule or web setting is a
// *config.Error.
func newDeps(cfg config.Config, st *store.Store, crmClient workers.CRM, queue *asynq.Client, telem *telemetry.Metrics,
	log *slog.Logger) (*workers.Deps, *workers.Starter, error) {
	svc := &campaign.Service{
		Store:  st,
		Logger: log.With("component", "worker"),
		Settings: metrics.Settings{
			ReachGoal:        cfg.Campaign.ReachGoal,
			EngagementWindow: cfg.Campaign.EngagementWindow.D(),
		},
	}
	overlap := cfg.HubSpot.Overlap
	if cfg.CRM.Kind == "salesforce" {
		overlap = cfg.Salesforce.Overlap
	}
	deps := &workers.Deps{Service: svc, CRM: crmClient, Queue: queue, Metrics: telem, Overlap: overlap,
		MaxDeleteShare: cfg.Sync.MaxDeleteShare}
	// A LinkedIn Connections import starts its contacts push as a run.
	starter := &workers.Starter{Deps: deps}
	svc.Runs = starter
	var err error
	if deps.Roles, err = NewRoles(cfg.Roles); err != nil {
		return nil, nil, err
	}
	webClient, err := NewWeb(cfg.Web, log)
	if err != nil {
		return nil, nil, err
	}
	deps.Web, deps.PressWeb = webClient, webClient
	deps.Press = workers.PressSources{Feeds: cfg.Press.Feeds, Articles: cfg.Press.Articles, MaxArticles: cfg.Press.MaxArticles}
	deps.ICP = icpSettings(cfg.ICP)
	deps.Traffic = trafficSettings(cfg.Traffic)
	w := cfg.MQA.Weights
	deps.MQA = campaign.MQASettings{Threshold: cfg.MQA.Threshold, Weights: metrics.EngagementWeights{Visits: w.Visits,
		EngagedContacts: w.EngagedContacts, LinkedInEngagements: w.LinkedInEngagements, FormSubmissions: w.FormSubmissions, Meetings: w.Meetings}}
	deps.KPI = kpiSettings(cfg)
	deps.Goals = kpiGoals(cfg.Goals)
	for _, t := range cfg.Campaign.TargetAccounts {
		if t.ID != "" {
			deps.Settings.TargetIDs = append(deps.Settings.TargetIDs, t.ID)
		} else {
			deps.Settings.TargetDomains = append(deps.Settings.TargetDomains, t.Domain)
		}
	}
	return deps, starter, nil
}

// startWorkers starts the asynq server that runs every worker of deps; the
// caller shuts it down.
func startWorkers(rdb redis.UniversalClient, cfg config.WorkerConfig, deps *workers.Deps, log *slog.Logger) (*asynq.Server, error) {
	srv := asynq.NewServerFromRedisClient(rdb, asynq.Config{
		Concurrency:     cfg.Concurrency,
		Queues:          jobs.Queues,
		IsFailure:       workers.IsFailure,
		RetryDelayFunc:  workers.RetryDelay,
		ErrorHandler:    asynq.ErrorHandlerFunc(deps.HandleError),
		ShutdownTimeout: cfg.ShutdownTimeout,
		// A run is a chain of tasks, each enqueued by its predecessor; with
		// asynq's 1 s idle poll every link would wait up to a second.
		TaskCheckInterval: 100 * time.Millisecond,
		Logger:            asynqLogger{log.With("component", "asynq")},
		HealthCheckFunc: func(err error) {
			if err != nil {
				log.Error("redis health check failed; retrying", "err", err)
			}
		},
	})
	if err := srv.Start(workers.NewMux(deps)); err != nil {
		return nil, fmt.Errorf("start worker server: %w", err)
	}
	return srv, nil
}

// startScheduler starts the asynq scheduler with one tick per configured
// schedule; the caller shuts it down. A bad cron spec is a *config.Error.
func startScheduler(rdb redis.UniversalClient, schedules map[string]string, log *slog.Logger) (*asynq.Scheduler, error) {
	sched := asynq.NewSchedulerFromRedisClient(rdb, &asynq.SchedulerOpts{
		Location: time.UTC,
		Logger:   asynqLogger{log.With("component", "scheduler")},
	})
	if err := registerSchedules(sched, schedules); err != nil {
		return nil, err
	}
	if err := sched.Start(); err != nil {
		return nil, fmt.Errorf("start scheduler: %w", err)
	}
	return sched, nil
}

// newAdmin builds the admin server on the campaign service, with asynqmon
// under /monitoring unless monitoring is off. The returned function closes
// asynqmon.
func newAdmin(cfg config.Config, token string, svc *campaign.Service, starter *workers.Starter, inspector *asynq.Inspector,
	asynqOpt asynq.RedisConnOpt, telem *telemetry.Metrics, log *slog.Logger) (*admin.Server, func()) {
	adm := &admin.Server{
		Token: token, Store: svc.Store, Starter: starter, Inspector: inspector,
		Metrics: telem.Handler(), Logger: log.With("component", "admin"),
		PublicURL: cfg.Admin.PublicURL, AuthMetrics: telem.RegisterAdmin(),
		Imports:         &admin.ConnectionsImport{Importer: svc, Aliases: cfg.LinkedIn.Aliases, Logger: log.With("component", "import")},
		Report:          svc.BuildReport,
		AccessLogs:      &admin.AccessLogImport{Importer: svc},
		NPS:             &admin.NPSImport{Importer: svc},
		AccountContacts: svc.AccountKeyContacts,
	}
	if cfg.Admin.Monitoring == config.MonitoringOff {
		return adm, func() {}
	}
	// Read-only unless asked: asynqmon's own API then refuses changes too,
	// besides the admin server's gate.
	readWrite := cfg.Admin.Monitoring == config.MonitoringReadWrite
	mon := asynqmon.New(asynqmon.Options{RootPath: "/monitoring", RedisConnOpt: asynqOpt, ReadOnly: !readWrite})
	adm.Monitoring, adm.MonitoringReadWrite = mon, readWrite
	return adm, func() { mon.Close() }
}

// listenAdmin binds the admin server's address and, for a locally
// generated token, only then writes it where the CLI reads it.
func listenAdmin(addr string, localToken bool, token string, getenv func(string) string, log *slog.Logger) (net.Listener, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("admin server: listen on %s (admin.addr / ABMSYNC_ADMIN_ADDR): %w", addr, err)
	}
	if localToken {
		p := LocalTokenPath(getenv)
		if err := writeLocalToken(p, token); err != nil {
			_ = ln.Close()
			return nil, err
		}
		log.Info("admin token generated for the embedded default", "file", p)
	}
	return ln, nil
}

// adminLinkedIn shows LinkedIn's warnings on the admin server and serves
// its connect flow there, with the callback under base unless one is
// configured; li is nil when LinkedIn is not configured.
func adminLinkedIn(adm *admin.Server, li *LinkedIn, base string) {
	if li == nil {
		return
	}
	adm.Warnings = li.Warnings
	if li.Connect != nil {
		if li.Connect.OAuth.RedirectURL == "" {
			li.Connect.OAuth.RedirectURL = base + admin.LinkedInCallbackPath
		}
		adm.LinkedInConnect = li.Connect
	}
}

// startLoops starts the background loops that end with ctx: the first sync
// and the store watch when a CRM sync is scheduled, the repair of run slots
// and the take-over of tasks whose process died.
func startLoops(ctx context.Context, schedules map[string]string, st *store.Store, starter *workers.Starter,
	inspector *asynq.Inspector, log *slog.Logger) {
	if _, ok := schedules["crm_sync"]; ok {
		firstSync(ctx, st, starter, log)
		go watchStore(ctx, st, starter, log, storeWatchEvery)
	}
	go reapRuns(ctx, starter, reapEvery)
	go takeOver(ctx, &workers.Takeover{Deps: starter.Deps, Active: inspector, Queues: slices.Sorted(maps.Keys(jobs.Queues))}, takeoverEvery)
}

// serveUntilDone waits until ctx is done, then shuts the admin server down
// and returns nil; an admin server that fails before is returned as the
// error.
func serveUntilDone(ctx context.Context, hs *http.Server, serveErr <-chan error, shutdown time.Duration, log *slog.Logger) error {
	select {
	case <-ctx.Done():
	case err := <-serveErr:
		return fmt.Errorf("admin server: %w", err)
	}
	log.Info("shutting down: no new tasks; running tasks get the shutdown timeout", "timeout", shutdown)
	shutCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_ = hs.Shutdown(shutCtx)
	return nil
}

// openFingerprints sets up the store's keyed fingerprints before any
// worker runs and converts what an older version stored unkeyed or in plain
// text (once per key; with several processes starting at once one migrates
// and the others start, because reads convert legacy values anyway).
func openFingerprints(ctx context.Context, st *store.Store, secretKey string, log *slog.Logger) error {
	fp, err := st.OpenFingerprints(ctx, secretKey)
	if err != nil {
		if errors.Is(err, store.ErrFingerprintKey) || errors.Is(err, store.ErrBadSecretKey) {
			return &config.Error{Key: "secret_key", Msg: err.Error()}
		}
		return fmt.Errorf("fingerprint key: %w", err)
	}
	res, err := st.MigrateFingerprints(ctx, fp, func(r crm.Record) crm.Record { return merge.MinimizeContact(fp, r) })
	if err != nil {
		return fmt.Errorf("migrate stored fingerprints: %w", err)
	}
	if res.Done {
		log.Info("stored personal data converted to keyed fingerprints", "do_not_contact", res.DoNotContact,
			"contacts", res.Contacts, "changed_meanwhile", res.Raced)
	}
	return nil
}

// hubspotCredentialsHint names the settings that hold HubSpot's
// credentials, for a 401: the private-app token or the OAuth app's.
func hubspotCredentialsHint(h config.HubSpotConfig) string {
	if h.AccessToken != "" {
		return "HubSpot refused the private-app token: check hubspot.access_token (ABMSYNC_HUBSPOT_ACCESS_TOKEN)"
	}
	return "HubSpot refused the OAuth credentials: check hubspot.client_id, hubspot.client_secret and hubspot.refresh_token " +
		"(ABMSYNC_HUBSPOT_CLIENT_ID, ABMSYNC_HUBSPOT_CLIENT_SECRET, ABMSYNC_HUBSPOT_REFRESH_TOKEN) or reconnect the app"
}

// reapEvery is how often reapRuns repairs what a killed process left in
// the run slots.
var reapEvery = 15 * time.Second

// reapRuns calls Starter.Reap periodically (and once at start, to repair
// what a process killed before this one started left behind).
func reapRuns(ctx context.Context, starter *workers.Starter, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		starter.Reap(ctx)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// takeoverEvery is how often takeOver looks for run tasks whose process
// died: with the heartbeat's 10 s lifetime a dead process's task runs again
// about 12-15 s after the process died.
var takeoverEvery = 2 * time.Second

// takeOver runs Takeover passes until ctx ends.
func takeOver(ctx context.Context, o *workers.Takeover, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			o.Pass(ctx)
		}
	}
}

// storeWatchEvery is how often watchStore looks for a store that lost its
// data.
var storeWatchEvery = 15 * time.Second

// watchStore notices a store that lost its data while the daemon runs (a
// Redis restarted without persistence, a flush): it had runs and cursors,
// now it has neither. It then starts a full sync at once, as at first
// start, rather than leaving the CRM's metrics to the next schedule tick.
// Several processes noticing together start one run (the run slots join
// them).
func watchStore(ctx context.Context, st *store.Store, starter *workers.Starter, log *slog.Logger, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	hadData := false
	for {
		ids, err := st.RecentRuns(ctx, 1)
		switch {
		case err != nil:
			// Redis unreachable: /readyz says so; look again later.
		case len(ids) > 0:
			hadData = true
		case hadData:
			cur, err := st.Cursor(ctx, crm.Companies)
			if err == nil && cur.Since.IsZero() {
				log.Warn("the store lost its data (Redis restarted without persistence?); starting a full sync")
				hadData = false
				firstSync(ctx, st, starter, log)
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// firstSync starts a sync when the store has never seen one, so a new
// installation has data at once rather than one schedule interval later.
// Several processes starting together start one run: the run's scope lease
// refuses the others.
func firstSync(ctx context.Context, st *store.Store, starter *workers.Starter, log *slog.Logger) {
	if ids, err := st.RecentRuns(ctx, 1); err != nil || len(ids) > 0 {
		return
	}
	// A first sync lists everything: it is a full sync, so a "resync
	// --full" requested meanwhile joins it instead of repeating it.
	run, existing, err := starter.Start(ctx, jobs.Scope{Full: true}, jobs.TriggerStartup)
	switch {
	case err != nil:
		log.Warn("first sync not started; the schedule will start it", "err", err)
	case !existing:
		log.Info("first sync started", "run", run.ID)
	}
}

// registerSchedules registers one tick task per configured schedule.
func registerSchedules(s *asynq.Scheduler, schedules map[string]string) error {
	for name, spec := range schedules {
		interval, err := tickInterval(name, spec)
		if err != nil {
			return err
		}
		task, err := jobs.NewTickTask(jobs.TickPayload{Name: name, Interval: interval})
		if err != nil {
			return err
		}
		if _, err := s.Register(spec, task); err != nil {
			return fmt.Errorf("register schedule %s (%q): %w", name, spec, err)
		}
	}
	return nil
}

// tickInterval is the period a schedule's tick carries: the shortest gap
// between two of its ticks, whatever the time of start-up (an uneven
// schedule such as "0 9,17 * * *" has gaps of 8 h and 16 h; see
// workers.TickLease).
func tickInterval(name, spec string) (time.Duration, error) {
	gap, err := config.ScheduleGap(spec)
	if err != nil {
		return 0, &config.Error{Key: "schedules." + name, Msg: err.Error()}
	}
	return gap, nil
}

// connectRedis connects to the configured Redis (one server, Sentinel or
// Cluster; see internal/redisconn), or starts the embedded Redis when none
// is configured. It fails with a clear message when Redis does not answer.
func connectRedis(ctx context.Context, cfg config.Config, log *slog.Logger) (redis.UniversalClient, asynq.RedisConnOpt, func(), error) {
	conn, err := cfg.Redis.Conn()
	if err != nil {
		return nil, nil, nil, err
	}
	if conn.Mode == config.RedisEmbedded {
		mr := miniredis.NewMiniRedis()
		if err := mr.StartAddr("127.0.0.1:0"); err != nil {
			return nil, nil, nil, fmt.Errorf("start embedded redis: %w", err)
		}
		log.Warn("REDIS_URL is not set: using an embedded in-process Redis; ALL STATE IS LOST ON EXIT. Set REDIS_URL for production.",
			"addr", mr.Addr())
		rdb := redis.NewClient(&redis.Options{Addr: mr.Addr()})
		return rdb, asynq.RedisClientOpt{Addr: mr.Addr()}, func() { _ = rdb.Close(); mr.Close() }, nil
	}
	rdb, aopt, err := redisconn.New(conn)
	if err != nil {
		return nil, nil, nil, err
	}
	pctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if err := rdb.Ping(pctx).Err(); err != nil {
		_ = rdb.Close()
		return nil, nil, nil, fmt.Errorf("redis %s unreachable (redis.url / REDIS_URL): %w", redisconn.Describe(conn), err)
	}
	log.Info("redis connected", "mode", conn.Mode, "redis", redisconn.Describe(conn))
	return rdb, aopt, func() { _ = rdb.Close() }, nil
}

// newCRM builds the configured CRM connector.
func newCRM(cfg config.Config, base *http.Client, m *telemetry.Metrics, log *slog.Logger) (workers.CRM, error) {
	switch cfg.CRM.Kind {
	case "csv":
		c, err := csvcrm.New(csvcrm.Config{Dir: cfg.CSV.Dir, OutputDir: cfg.CSV.OutputDir})
		if err != nil {
			return nil, &config.Error{Key: "csv.dir", Msg: err.Error()}
		}
		return c, nil
	case "hubspot":
		hc := &http.Client{Timeout: cfg.HubSpot.Timeout}
		var inner http.RoundTripper
		if base != nil {
			inner = base.Transport
		}
		hc.Transport = m.Transport("hubspot", inner)
		c, err := hubspot.New(hubspot.Config{
			BaseURL: cfg.HubSpot.BaseURL, APIVersion: cfg.HubSpot.APIVersion,
			AccessToken: cfg.HubSpot.AccessToken, ClientID: cfg.HubSpot.ClientID,
			ClientSecret: cfg.HubSpot.ClientSecret, RefreshToken: cfg.HubSpot.RefreshToken,
			RequestsPer10s: cfg.HubSpot.RequestsPer10s, SearchPerSecond: cfg.HubSpot.SearchPerSecond,
			CredentialsHint: hubspotCredentialsHint(cfg.HubSpot),
			Logger:          log.With("connector", "hubspot"),
		}, hc)
		if err != nil {
			return nil, fmt.Errorf("hubspot connector: %w", err)
		}
		return c, nil
	case "salesforce":
		sc := cfg.Salesforce
		hc := &http.Client{Timeout: sc.Timeout}
		var inner http.RoundTripper
		if base != nil {
			inner = base.Transport
		}
		hc.Transport = m.Transport("salesforce", inner)
		c, err := salesforce.New(salesforce.Config{
			InstanceURL: sc.InstanceURL, LoginURL: sc.LoginURL, APIVersion: sc.APIVersion,
			ClientID: sc.ClientID, ClientSecret: sc.ClientSecret, RefreshToken: sc.RefreshToken,
			TargetField: sc.TargetField,
			CredentialsHint: "Salesforce refused the session: check salesforce.client_id, salesforce.client_secret and salesforce.refresh_token " +
				"(ABMSYNC_SALESFORCE_CLIENT_ID, ABMSYNC_SALESFORCE_CLIENT_SECRET, ABMSYNC_SALESFORCE_REFRESH_TOKEN) or reconnect the connected app",
			Logger: log.With("connector", "salesforce"),
		}, hc)
		if err != nil {
			return nil, fmt.Errorf("salesforce connector: %w", err)
		}
		return c, nil
	}
	return nil, &config.Error{Key: "crm.kind", Msg: fmt.Sprintf("unknown CRM %q", cfg.CRM.Kind)}
}

// trafficSettings parses the configured CIDRs (validated by config).
func trafficSettings(c config.TrafficConfig) campaign.TrafficSettings {
	s := campaign.TrafficSettings{CIDRs: map[string][]netip.Prefix{}}
	for id, cidrs := range c.CIDRs {
		for _, p := range cidrs {
			if pfx, err := netip.ParsePrefix(p); err == nil {
				s.CIDRs[id] = append(s.CIDRs[id], pfx)
			}
		}
	}
	if c.ReverseDNS {
		s.Resolver = trafficResolver(c)
	}
	return s
}

// kpiSettings turns the report, NPS and referral configuration into the
// KPI settings.
func kpiSettings(cfg config.Config) campaign.KPISettings {
	loc := cfg.Report.Location()
	s := campaign.KPISettings{
		Loc: loc, FirstContactProps: cfg.Report.FirstContactProperties, TrendDays: cfg.Report.TrendDays,
		NPSProperty: cfg.NPS.ContactProperty, NPSDateProperty: cfg.NPS.DateProperty,
		NPSWindow: time.Duration(cfg.NPS.WindowDays) * 24 * time.Hour,
	}
	if r := cfg.Referrals; r.SourceProperty != "" { // "" switches referrals off
		s.Referrals = metrics.ReferralConfig{ContactSourceProps: []string{r.SourceProperty}, DealSourceProps: []string{r.SourceProperty},
			Values: r.Values, ReferrerProp: r.ReferrerProperty}
	}
	switch cfg.Report.Cohort {
	case "campaign":
		start, _ := cfg.Campaign.StartDate(loc)
		s.Cohort = func(time.Time) metrics.Cohort { return metrics.Since(start) }
	case "quarter":
		s.Cohort = func(now time.Time) metrics.Cohort { return metrics.Quarter(now, loc) }
	}
	return s
}

// kpiGoals turns the configured goals into the report's.
func kpiGoals(goals map[string]config.GoalConfig) map[string]metrics.Goal {
	out := make(map[string]metrics.Goal, len(goals))
	for k, g := range goals {
		out[k] = metrics.Goal{Goal: g.Goal, Baseline: g.Baseline}
	}
	return out
}

// icpSettings turns the ICP configuration into the scorer's criteria.
func icpSettings(c config.ICPConfig) campaign.ICPSettings {
	p := metrics.ICP{
		Industries: metrics.IndustryCriterion{Weight: c.Industries.Weight, Values: c.Industries.Values},
		Employees: metrics.EmployeeCriterion{Weight: c.Employees.Weight, Min: c.Employees.Min, Max: c.Employees.Max,
			Target: c.Employees.Target, Tolerance: c.Employees.Tolerance},
		Countries: metrics.CountryCriterion{Weight: c.Countries.Weight, Values: c.Countries.Values},
		Customer:  metrics.WeightedCriterion{Weight: c.ExistingCustomer.Weight},
		Tier1:     c.Tiers.Tier1, Tier2: c.Tiers.Tier2,
	}
	s := campaign.ICPSettings{OverwriteTier: c.OverwriteTier, FlagTier1: c.FlagTier1AsTarget}
	for _, a := range c.Attributes {
		p.Attributes = append(p.Attributes, metrics.AttributeCriterion{Property: a.Property, Equals: a.Equals,
			Weight: a.Weight, Required: a.Required, Excluded: a.Excluded})
		s.Properties = append(s.Properties, a.Property)
	}
	s.Profile = p
	return s
}

// NewRoles builds the job-title classifier with the configured extra rules;
// a bad rule is a *config.Error on key "roles".
func NewRoles(rules []config.RoleRule) (*roles.Classifier, error) {
	extra := make([]roles.Rule, len(rules))
	for i, r := range rules {
		extra[i] = roles.Rule{Match: r.Match, Unless: r.Unless, Function: roles.Function(r.Function),
			Seniority: roles.Seniority(r.Seniority), BuyingRole: roles.BuyingRole(r.BuyingRole), Gatekeeper: r.Gatekeeper}
	}
	c, err := roles.New(extra)
	if err != nil {
		return nil, &config.Error{Key: "roles", Msg: err.Error()}
	}
	return c, nil
}

// NewWeb builds the polite, SSRF-guarded website fetcher from the config.
func NewWeb(w config.WebConfig, log *slog.Logger) (*web.Client, error) {
	c, err := web.New(web.Config{
		UserAgent: w.UserAgent, ContactURL: w.ContactURL, Delay: w.Delay, MaxConcurrency: w.MaxConcurrency,
		MaxBodyBytes: w.MaxBodyBytes, Timeout: w.Timeout, AllowLoopback: w.AllowLoopback,
		PageBudget: w.PageBudget, MaxDepth: w.MaxDepth, Logger: log.With("connector", "web"),
	})
	if err != nil {
		return nil, &config.Error{Key: "web", Msg: err.Error()}
	}
	return c, nil
}

// LocalTokenPath is where the embedded default keeps its generated admin
// token ($ABMSYNC_STATE_DIR, else the user cache dir, /abmsync/admin-token).
func LocalTokenPath(getenv func(string) string) string {
	if getenv == nil {
		getenv = os.Getenv
	}
	dir := getenv("ABMSYNC_STATE_DIR")
	if dir == "" {
		if d, err := os.UserCacheDir(); err == nil {
			dir = filepath.Join(d, "abmsync")
		} else {
			dir = filepath.Join(os.TempDir(), "abmsync")
		}
	}
	return filepath.Join(dir, "admin-token")
}

// writeLocalToken writes tok to the file p with mode 0600, replacing it
// atomically: a CLI reading the file meanwhile sees the old token or the
// new one, never a partial one. The token is written to a new file
// (O_EXCL, 0600 whatever the umask) that is then renamed over p, so a file
// someone created at p beforehand, with a looser mode or as a link to
// elsewhere, never receives the token. A symbolic link at p, or a folder
// others may write to without the sticky bit, is refused: someone else
// could swap the file.
func writeLocalToken(p, tok string) error {
	dir := filepath.Dir(p)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("admin token: %w", err)
	}
	if fi, err := os.Stat(dir); err != nil {
		return fmt.Errorf("admin token: %w", err)
	} else if m := fi.Mode(); m.Perm()&0o002 != 0 && m&os.ModeSticky == 0 {
		return fmt.Errorf("admin token: folder %s is writable by everyone (mode %v): set ABMSYNC_STATE_DIR to a private folder", dir, m.Perm())
	}
	if fi, err := os.Lstat(p); err == nil && fi.Mode()&os.ModeSymlink != 0 {
		return fmt.Errorf("admin token: %s is a symbolic link; refusing to replace it (remove it, or set ABMSYNC_STATE_DIR)", p)
	}
	var rnd [8]byte
	_, _ = rand.Read(rnd[:])
	tmp := filepath.Join(dir, ".admin-token-"+hex.EncodeToString(rnd[:]))
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("admin token: %w", err)
	}
	defer os.Remove(tmp) // fails harmlessly once renamed
	// The umask can only narrow 0600; Chmod makes sure, on file systems
	// that ignore the mode at creation.
	err = f.Chmod(0o600)
	if err == nil {
		_, err = f.WriteString(tok + "\n")
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, p)
	}
	if err != nil {
		return fmt.Errorf("admin token: write %s: %w", p, err)
	}
	return nil
}

// isEmbedded reports whether r configures no Redis, so the daemon runs on
// the embedded one.
func isEmbedded(r config.RedisConfig) bool {
	c, err := r.Conn()
	return err == nil && c.Mode == config.RedisEmbedded
}
