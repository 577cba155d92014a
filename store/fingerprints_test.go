package store_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/abmsync/abmsync/crm"
	"github.com/abmsync/abmsync/internal/fingerprint"
	"github.com/abmsync/abmsync/internal/redistest"
	"github.com/abmsync/abmsync/keycontacts/merge"
	"github.com/abmsync/abmsync/store"
)

const (
	secretA = "0000000000000000000000000000000000000000000000000000000000000001"
	secretB = "0000000000000000000000000000000000000000000000000000000000000002"
)

// TestFingerprintKeyAgreedAtOnce: processes (each its own Redis
// connection) starting at once on an old-format store agree on one random
// key, exactly one of them migrates, and the do-not-contact list matches in
// every one of them.
func TestFingerprintKeyAgreedAtOnce(t *testing.T) {
	t.Parallel()
	const procs = 8
	for _, secret := range []string{"", secretA} {
		name := "no secret key"
		if secret != "" {
			name = "secret key"
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			ctx := t.Context()
			first := redistest.Client(t, db, false)
			prefix := redistest.Prefix(t, first)
			legacy := "email:" + fingerprint.LegacyHash("email", "gone@a.example")
			if err := first.SAdd(ctx, store.NewKeys(prefix).DoNotContact(), legacy).Err(); err != nil {
				t.Fatal(err)
			}
			if _, err := store.New(first, prefix).UpsertRecords(ctx, []crm.Record{{Type: crm.Contacts, ID: "1",
				Properties: map[string]string{"email_hash": fingerprint.LegacyHash("email", "kept@a.example")}}}); err != nil {
				t.Fatal(err)
			}
			var wg sync.WaitGroup
			start := make(chan struct{})
			ids := make([]string, procs)
			done := make([]bool, procs)
			errs := make([]error, procs)
			for i := range procs {
				st := store.New(redistest.Client(t, db, false), prefix)
				wg.Add(1)
				go func() {
					defer wg.Done()
					<-start
					fp, err := st.OpenFingerprints(ctx, secret)
					if err != nil {
						errs[i] = err
						return
					}
					ids[i] = fp.KeyID()
					res, err := st.MigrateFingerprints(ctx, fp, func(r crm.Record) crm.Record {
						r.Properties["email_hash"] = fp.Canon(r.Properties["email_hash"])
						return r
					})
					done[i], errs[i] = res.Done, err
					if err != nil {
						return
					}
					dnc, err := doNotContact(ctx, st)
					if err == nil && !dnc.Suppressed(crm.Candidate{Email: "Gone@a.example"}) {
						err = errors.New("gone@a.example is not suppressed")
					}
					errs[i] = err
				}()
			}
			close(start)
			wg.Wait()
			migrated := 0
			for i := range procs {
				if errs[i] != nil {
					t.Fatalf("process %d: %v", i, errs[i])
				}
				if ids[i] != ids[0] {
					t.Errorf("process %d uses key %s, process 0 %s", i, ids[i], ids[0])
				}
				if done[i] {
					migrated++
				}
			}
			if migrated != 1 {
				t.Errorf("%d processes migrated, want 1", migrated)
			}
			keys := store.NewKeys(prefix)
			n, _ := first.Exists(ctx, keys.FingerprintKey()).Result()
			if (secret == "") != (n == 1) {
				t.Errorf("random key stored: %v, secret key set: %v", n == 1, secret != "")
			}
			members, _ := first.SMembers(ctx, keys.DoNotContact()).Result()
			if len(members) != 1 || !strings.HasPrefix(members[0], "email:"+fingerprint.Prefix) {
				t.Errorf("do-not-contact list %v, want one keyed entry", members)
			}
		})
	}
}

// TestFingerprintKeyChange: a process whose key differs from the one the
// stored fingerprints were made under refuses to start, naming the cause;
// a random key once stored stays in use when a secret key is set later.
func TestFingerprintKeyChange(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	rdb := redistest.Client(t, db, false)

	t.Run("secret key changed or removed", func(t *testing.T) {
		t.Parallel()
		prefix := redistest.Prefix(t, rdb)
		a, err := store.New(rdb, prefix).OpenFingerprints(ctx, secretA)
		if err != nil {
			t.Fatal(err)
		}
		again, err := store.New(rdb, prefix).OpenFingerprints(ctx, " "+secretA+"\n")
		if err != nil || again.KeyID() != a.KeyID() {
			t.Fatalf("same secret again: %v", err)
		}
		for _, secret := range []string{secretB, ""} {
			_, err := store.New(rdb, prefix).OpenFingerprints(ctx, secret)
			if !errors.Is(err, store.ErrFingerprintKey) || !strings.Contains(err.Error(), "ABMSYNC_SECRET_KEY") {
				t.Errorf("secret set %v after secretA: %v, want ErrFingerprintKey naming ABMSYNC_SECRET_KEY", secret != "", err)
			}
			if err != nil && (strings.Contains(err.Error(), secretA) || strings.Contains(err.Error(), secretB)) {
				t.Error("the error repeats a secret key")
			}
		}
		// The lazy path (no OpenFingerprints) refuses the same way.
		if _, err := doNotContact(ctx, store.New(rdb, prefix)); !errors.Is(err, store.ErrFingerprintKey) {
			t.Errorf("lazy set-up without the secret: %v", err)
		}
	})

	t.Run("random key stays when a secret key is set", func(t *testing.T) {
		t.Parallel()
		prefix := redistest.Prefix(t, rdb)
		st := store.New(rdb, prefix)
		fp, err := st.Fingerprinter(ctx) // random key, lazily
		if err != nil {
			t.Fatal(err)
		}
		if err := st.AddDoNotContactFingerprints(ctx, fp.Of("email", "x@a.example"), ""); err != nil {
			t.Fatal(err)
		}
		later := store.New(rdb, prefix)
		if _, err := later.OpenFingerprints(ctx, secretA); err != nil {
			t.Fatal(err)
		}
		dnc, err := doNotContact(ctx, later)
		if err != nil || !dnc.Suppressed(crm.Candidate{Email: "x@a.example"}) {
			t.Errorf("after setting a secret key the list no longer matches: %v", err)
		}
	})

	t.Run("malformed secret key", func(t *testing.T) {
		t.Parallel()
		_, err := store.New(rdb, redistest.Prefix(t, rdb)).OpenFingerprints(ctx, "not-a-key-at-all")
		if !errors.Is(err, store.ErrBadSecretKey) || strings.Contains(err.Error(), "not-a-key-at-all") {
			t.Errorf("malformed key: %v", err)
		}
	})
}

// doNotContact is the list st keeps as the key-contact rules match it
// (campaign.DoNotContact, which the store cannot import).
func doNotContact(ctx context.Context, st *store.Store) (merge.DoNotContact, error) {
	fp, err := st.Fingerprinter(ctx)
	if err != nil {
		return merge.DoNotContact{}, err
	}
	emails, names, err := st.DoNotContactFingerprints(ctx)
	if err != nil {
		return merge.DoNotContact{}, err
	}
	return merge.DoNotContact{Emails: emails, Names: names, FP: fp}, nil
}

// TestFingerprintKeyDerivationUnchanged pins the key derived from a secret
// key, as earlier versions derived it: another derivation would orphan
// every stored fingerprint.
func TestFingerprintKeyDerivationUnchanged(t *testing.T) {
	t.Parallel()
	rdb := redistest.Client(t, db, false)
	fp, err := store.New(rdb, redistest.Prefix(t, rdb)).OpenFingerprints(t.Context(), secretA)
	if err != nil {
		t.Fatal(err)
	}
	if fp.KeyID() != "68f4d7265dd4ae82" || fp.Of("email", "anna@a.example") != "fp1-38123ead6927413af7f36ca1efdb1a71" {
		t.Errorf("key id %s, fingerprint %s: the derivation changed", fp.KeyID(), fp.Of("email", "anna@a.example"))
	}
}
