package daemon

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"

	"github.com/abmsync/abmsync/config"
	"github.com/abmsync/abmsync/crm"
	"github.com/abmsync/abmsync/internal/fingerprint"
	"github.com/abmsync/abmsync/internal/porttest"
	"github.com/abmsync/abmsync/internal/redistest"
	"github.com/abmsync/abmsync/keycontacts/merge"
	"github.com/abmsync/abmsync/store"
)

// TestStartMigratesFingerprints starts two daemons at once on a store an
// older version wrote (an unkeyed do-not-contact entry, a contact with an
// unkeyed fingerprint and its LinkedIn URL in plain text). Both start, they
// agree on one key, the store is converted, the forgotten address stays
// suppressed; a third start with another ABMSYNC_SECRET_KEY is refused
// naming secret_key.
func TestStartMigratesFingerprints(t *testing.T) {
	const db = 4
	rdb := redistest.Client(t, db, false)
	prefix := redistest.Prefix(t, rdb)
	opt := redistest.Options(t, db)
	sample, _ := filepath.Abs("../deploy/examples/sample-campaign")
	ctx := context.Background()

	old := store.New(rdb, prefix)
	keys := old.Keys()
	const url = "https://www.linkedin.com/in/eva-maier-42/"
	if err := rdb.SAdd(ctx, keys.DoNotContact(), "email:"+fingerprint.LegacyHash("email", "gone@a.example")).Err(); err != nil {
		t.Fatal(err)
	}
	if _, err := old.UpsertRecords(ctx, []crm.Record{{Type: crm.Contacts, ID: "c1", Properties: map[string]string{
		"has_email": "true", "email_hash": fingerprint.LegacyHash("email", "eva@a.example"), "hs_linkedin_url": url}}}); err != nil {
		t.Fatal(err)
	}

	mkConfig := func(secret string) config.Config {
		cfg := config.Default()
		cfg.Redis.URL = fmt.Sprintf("redis://%s/%d", opt.Addr, db)
		cfg.Redis.KeyPrefix = prefix
		cfg.Admin.Addr = porttest.Addr(t)
		cfg.Admin.Token = testAdminToken
		cfg.CSV.Dir = sample
		cfg.CSV.OutputDir = t.TempDir()
		cfg.Schedules = nil
		cfg.SecretKey = secret
		return cfg
	}
	const secret = "1111111111111111111111111111111111111111111111111111111111111111"
	runCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	var dones []chan error
	var addrs []string
	for range 2 {
		cfg := mkConfig(secret)
		done := make(chan error, 1)
		dones, addrs = append(dones, done), append(addrs, cfg.Admin.Addr)
		go func() {
			done <- Run(runCtx, cfg, Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Getenv: func(string) string { return "" }})
		}()
	}
	for _, a := range addrs {
		waitFor(t, "readyz of "+a, func() bool { return status("http://"+a+"/readyz") == 200 })
	}
	cancel()
	for _, d := range dones {
		if err := <-d; err != nil {
			t.Fatalf("daemon: %v", err)
		}
	}

	after := store.New(rdb, prefix)
	fp, err := after.OpenFingerprints(ctx, secret)
	if err != nil {
		t.Fatalf("the key the daemons agreed on: %v", err)
	}
	if id, _ := rdb.Get(ctx, keys.FingerprintMigrated()).Result(); id != fp.KeyID() {
		t.Errorf("migration marker %q, want the key id", id)
	}
	if n, _ := rdb.Exists(ctx, keys.FingerprintKey()).Result(); n != 0 {
		t.Error("a random key was stored although ABMSYNC_SECRET_KEY is set")
	}
	members, _ := rdb.SMembers(ctx, keys.DoNotContact()).Result()
	if len(members) != 1 || members[0] != "email:"+fp.Of("email", "gone@a.example") {
		t.Errorf("do-not-contact list %v, want the keyed entry of gone@a.example", members)
	}
	raw, _ := rdb.Get(ctx, keys.Record(crm.Contacts, "c1")).Result()
	if strings.Contains(raw, "linkedin.com") || strings.Contains(raw, fingerprint.LegacyHash("email", "eva@a.example")) ||
		!strings.Contains(raw, fp.Of("linkedin", merge.NormalizeLinkedInURL(url))) {
		t.Errorf("contact after start-up: %s", raw)
	}

	// Another secret key would orphan the list: refused before serving.
	err = Run(ctx, mkConfig("2222222222222222222222222222222222222222222222222222222222222222"),
		Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Getenv: func(string) string { return "" }})
	var cerr *config.Error
	if !errors.As(err, &cerr) || cerr.Key != "secret_key" || !strings.Contains(err.Error(), "ABMSYNC_SECRET_KEY") {
		t.Errorf("start with another secret key: %v, want a secret_key config error", err)
	}
}
