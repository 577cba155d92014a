package bench

import (
	"context"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"path/filepath"
	"testing"
	"time"

	"github.com/abmsync/abmsync/admin"
	"github.com/abmsync/abmsync/config"
	"github.com/abmsync/abmsync/connectors/salesforce/salesforcetest"
	"github.com/abmsync/abmsync/daemon"
	"github.com/abmsync/abmsync/internal/porttest"
	"github.com/abmsync/abmsync/internal/redistest"
	"github.com/abmsync/abmsync/store"
)

// startSalesforceDaemon runs daemon.Run against the fake org until stop is
// called.
func startSalesforceDaemon(b *testing.B, org *salesforcetest.Server) (*admin.Client, func()) {
	b.Helper()
	opt := redistest.Options(b, db)
	cfg := config.Default()
	cfg.Redis.URL = fmt.Sprintf("redis://%s/%d", opt.Addr, db)
	cfg.Admin.Addr = porttest.Addr(b)
	cfg.Admin.Token = benchAdminToken
	cfg.CRM.Kind = "salesforce"
	cfg.Salesforce.LoginURL = org.LoginURL()
	cfg.Salesforce.ClientID, cfg.Salesforce.ClientSecret, cfg.Salesforce.RefreshToken = "client-id", "client-secret", "refresh-token"
	cfg.Schedules = map[string]string{}
	cfg.CSV.OutputDir = filepath.Join(b.TempDir(), "out")
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- daemon.Run(ctx, cfg, daemon.Options{Logger: slog.New(slog.DiscardHandler)}) }()
	c := &admin.Client{BaseURL: "http://" + cfg.Admin.Addr, Token: benchAdminToken}
	waitReady(b, c.BaseURL)
	return c, func() {
		cancel()
		if err := <-done; err != nil {
			b.Error(err)
		}
	}
}

// syncSalesforce starts a resync and waits for it, measuring wall time and
// the org's calls.
func syncSalesforce(b *testing.B, c *admin.Client, org *salesforcetest.Server, full bool) (store.Run, time.Duration, map[string]int) {
	b.Helper()
	org.ResetCalls()
	ctx := context.Background()
	start := time.Now()
	res, err := c.Resync(ctx, admin.ResyncRequest{Full: full})
	if err != nil {
		b.Fatal(err)
	}
	for {
		r, err := c.Run(ctx, res.Run.ID)
		if err != nil {
			b.Fatal(err)
		}
		if r.Done() {
			if r.State != store.RunSucceeded {
				b.Fatalf("run %s %s: %s", r.ID, r.State, r.Error)
			}
			calls := org.Calls()
			calls["total"] = org.TotalCalls()
			return r, time.Since(start), calls
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// BenchmarkSalesforceSync measures a full sync of a 10,000 accounts /
// 100,000 contacts / 20,000 opportunities org, a resync without changes,
// an incremental sync after 1 % of the contacts changed, and one after
// contact roles were added to 1 % of the opportunities. The minimum
// of a full sync is ⌈n/2000⌉ query calls per object plus one collections
// call per 200 target accounts; the measured calls add the token, one
// describe per object, abmsync's field set-up on the first sync and the
// deleted-records listings of incremental syncs. An incremental sync's
// minimum is one query per object, one per 2,000 changed records beyond
// that, and the contact roles' queryAll of the deals pull.
func BenchmarkSalesforceSync(b *testing.B) {
	redistest.Client(b, db, true)
	const accounts, contacts, opps = 10_000, 100_000, 20_000
	org := salesforcetest.NewServer(salesforcetest.Options{})
	defer org.Close()
	org.Generate(salesforcetest.GenOptions{Accounts: accounts, Contacts: contacts, Opportunities: opps, TargetShare: 0.1, Seed: 42, Now: time.Now()})
	pages := func(n int) int { return (n + 1999) / 2000 }
	minFull := pages(accounts) + pages(contacts) + pages(opps) + (accounts/10+199)/200

	c, stop := startSalesforceDaemon(b, org)
	defer stop()
	b.Run("full_10k_100k_20k", func(b *testing.B) {
		for range b.N {
			run, wall, calls := syncSalesforce(b, c, org, true)
			report(b, result{"salesforce full sync", wall, run, calls, minFull})
			b.ReportMetric(float64(calls["GET query"]+calls["GET query-more"]+calls["GET queryAll"]), "query_calls")
		}
	})
	b.Run("resync_nothing_changed", func(b *testing.B) {
		for range b.N {
			run, wall, calls := syncSalesforce(b, c, org, false)
			if run.Writes != 0 {
				b.Fatalf("resync without changes made %d write calls", run.Writes)
			}
			report(b, result{"salesforce resync, nothing changed", wall, run, calls, 4})
		}
	})
	b.Run("incremental_1pct_contacts", func(b *testing.B) {
		ids := org.IDs("Contact")
		rng := rand.New(rand.NewPCG(7, 7))
		for range b.N {
			at := time.Now()
			n := len(ids) / 100
			for _, i := range rng.Perm(len(ids))[:n] {
				org.Update("Contact", ids[i], map[string]any{"Title": "Changed"}, at)
			}
			run, wall, calls := syncSalesforce(b, c, org, false)
			report(b, result{"salesforce incremental, 1% contacts changed", wall, run, calls, 4 + pages(n)})
			b.ReportMetric(float64(calls["GET query"]+calls["GET query-more"]+calls["GET queryAll"]), "query_calls")
		}
	})
	// Contact roles added to 1 % of the opportunities, which themselves
	// stay unmodified: the deals pull finds the roles (one queryAll) and
	// re-reads their opportunities, 200 by Id a query.
	b.Run("incremental_1pct_contact_roles", func(b *testing.B) {
		opps, cons := org.IDs("Opportunity"), org.IDs("Contact")
		rng := rand.New(rand.NewPCG(8, 8))
		for range b.N {
			n := len(opps) / 100
			for _, i := range rng.Perm(len(opps))[:n] {
				org.Insert("OpportunityContactRole", map[string]any{"OpportunityId": opps[i], "ContactId": cons[rng.IntN(len(cons))], "Role": "Influencer"})
			}
			run, wall, calls := syncSalesforce(b, c, org, false)
			report(b, result{"salesforce incremental, roles of 1% opportunities changed", wall, run, calls, 4 + (n+199)/200})
			b.ReportMetric(float64(calls["GET query"]+calls["GET query-more"]+calls["GET queryAll"]), "query_calls")
		}
	})
}
