package workers

import (
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/abmsync/abmsync/crm"
	"github.com/abmsync/abmsync/jobs"
	"github.com/abmsync/abmsync/keycontacts/merge"
	"github.com/abmsync/abmsync/store"
)

// TestPullKeepsCookieFingerprint syncs a portal whose contact carries a
// hubspotutk cookie (in upper case): the store keeps only its utk_hash,
// the fingerprint campaign's access-log import and tracker match visitors
// by (campaign/traffic_test.go).
func TestPullKeepsCookieFingerprint(t *testing.T) {
	t.Parallel()
	b := setup(t)
	const utk = "5f2bb37a6e8c4f0c9a7b2d1e3f405162"
	var company string
	for _, id := range b.srv.IDs("companies") {
		if len(b.srv.Associations("companies", id, "contacts")) > 0 {
			company = id
			break
		}
	}
	contact := b.srv.Associations("companies", company, "contacts")[0]
	b.srv.Update("contacts", contact, map[string]string{"hubspotutk": strings.ToUpper(utk)})
	if run := b.sync(t, jobs.Scope{}); run.State != store.RunSucceeded {
		t.Fatalf("sync %s: %s", run.State, run.Error)
	}
	c, err := b.st.Record(ctxT(t), crm.Contacts, contact)
	if err != nil {
		t.Fatal(err)
	}
	fp, err := b.st.Fingerprinter(ctxT(t))
	if err != nil {
		t.Fatal(err)
	}
	if _, raw := c.Properties["hubspotutk"]; raw || c.Properties["utk_hash"] != merge.UTKHash(fp, utk) {
		t.Fatalf("stored contact properties %v: want utk_hash and no hubspotutk", slices.Sorted(maps.Keys(c.Properties)))
	}
}
