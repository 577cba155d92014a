package store_test

import (
	"bytes"
	"context"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/abmsync/abmsync/crm"
	"github.com/abmsync/abmsync/internal/redistest"
	"github.com/abmsync/abmsync/store"
)

// linkedInDB is the database of the LinkedIn state tests (a prefix each).
const linkedInDB = 12

func linkedInSetup(t *testing.T) (*store.Store, *redis.Client, context.Context) {
	t.Helper()
	rdb := redistest.Client(t, linkedInDB, false)
	return store.New(rdb, redistest.Prefix(t, rdb)), rdb, t.Context()
}

// TestLinkedInTokenKeepsSealedBytes: the store keeps the sealed token
// (connectors/linkedin seals it) byte for byte under the secret key
// "linkedin-token", where earlier versions stored it.
func TestLinkedInTokenKeepsSealedBytes(t *testing.T) {
	t.Parallel()
	st, rdb, ctx := linkedInSetup(t)
	if b, ok, err := st.LinkedInToken(ctx); ok || b != nil || err != nil {
		t.Fatalf("LinkedInToken before Save = %q, %v, %v; want none", b, ok, err)
	}
	sealed := []byte{1, 0, 0xff, 'x', 0, 2}
	if err := st.SaveLinkedInToken(ctx, sealed); err != nil {
		t.Fatal(err)
	}
	raw, err := rdb.Get(ctx, st.Keys().Secret(store.LinkedInTokenName)).Bytes()
	if err != nil || !bytes.Equal(raw, sealed) {
		t.Fatalf("stored %q, %v; want the sealed bytes", raw, err)
	}
	if !strings.HasSuffix(st.Keys().Secret(store.LinkedInTokenName), ":secret:linkedin-token") {
		t.Errorf("token key %q", st.Keys().Secret(store.LinkedInTokenName))
	}
	if b, ok, err := st.LinkedInToken(ctx); !ok || err != nil || !bytes.Equal(b, sealed) {
		t.Errorf("LinkedInToken = %q, %v, %v; want the sealed bytes", b, ok, err)
	}
	if err := st.DeleteLinkedInToken(ctx); err != nil {
		t.Fatal(err)
	}
	if _, ok, err := st.LinkedInToken(ctx); ok || err != nil {
		t.Errorf("LinkedInToken after Delete = %v, %v; want none", ok, err)
	}
}

func TestOAuthStateIsOneTime(t *testing.T) {
	t.Parallel()
	st, rdb, ctx := linkedInSetup(t)
	if err := st.SaveOAuthState(ctx, "state-1", time.Minute); err != nil {
		t.Fatal(err)
	}
	if n, _ := rdb.Exists(ctx, st.Keys().OAuthState("state-1")).Result(); n != 1 {
		t.Fatal("state not saved")
	}
	if ks, _ := rdb.Keys(ctx, "*state-1*").Result(); len(ks) != 0 {
		t.Errorf("raw state in a key name: %v", ks)
	}
	for i, want := range []bool{true, false} {
		ok, err := st.TakeOAuthState(ctx, "state-1")
		if err != nil || ok != want {
			t.Errorf("take #%d = %v, %v; want %v", i+1, ok, err, want)
		}
	}
	for _, s := range []string{"", "forged"} {
		if ok, err := st.TakeOAuthState(ctx, s); ok || err != nil {
			t.Errorf("take(%q) = %v, %v; want false", s, ok, err)
		}
	}
	if err := st.SaveOAuthState(ctx, "state-2", 5*time.Millisecond); err != nil {
		t.Fatal(err)
	}
	time.Sleep(30 * time.Millisecond)
	if ok, err := st.TakeOAuthState(ctx, "state-2"); ok || err != nil {
		t.Errorf("take(expired) = %v, %v; want false", ok, err)
	}
}

func TestAudienceMembers(t *testing.T) {
	t.Parallel()
	st, _, ctx := linkedInSetup(t)
	a := store.AudienceMember{OrganizationURN: "urn:li:organization:1"}
	b := store.AudienceMember{Domain: "b.example", Name: "B GmbH"}
	if err := st.UpdateAudience(ctx, "7", map[string]store.AudienceMember{"c1": a, "c2": b}, nil); err != nil {
		t.Fatal(err)
	}
	if err := st.UpdateAudience(ctx, "7", nil, []string{"c1"}); err != nil {
		t.Fatal(err)
	}
	got, err := st.AudienceMembers(ctx, "7")
	if err != nil {
		t.Fatal(err)
	}
	if want := map[string]store.AudienceMember{"c2": b}; !reflect.DeepEqual(got, want) {
		t.Errorf("members = %v, want %v", got, want)
	}
	if other, _ := st.AudienceMembers(ctx, "8"); len(other) != 0 {
		t.Errorf("segment 8 = %v, want empty", other)
	}
}

func TestEngagementDaysOverwrite(t *testing.T) {
	t.Parallel()
	st, _, ctx := linkedInSetup(t)
	d1 := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	d2 := d1.AddDate(0, 0, 1)
	org1, org2 := "urn:li:organization:1", "urn:li:organization:2"
	rows := []crm.EngagementDay{
		{OrganizationURN: org1, Day: d1, Impressions: 10, Clicks: 1, Engagements: 2},
		{OrganizationURN: org2, Day: d1, Impressions: 5},
		{OrganizationURN: org1, Day: d2, Impressions: 7, Clicks: 2},
		{OrganizationURN: org1, Day: d2.AddDate(0, 0, 1), Impressions: 1000}, // outside: ignored
	}
	for range 2 { // idempotent
		if err := st.SetEngagement(ctx, d1, d2, rows); err != nil {
			t.Fatal(err)
		}
	}
	got, err := st.EngagementTotals(ctx, d1, d2.AddDate(0, 0, 5))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]store.EngagementCounts{
		org1: {Impressions: 17, Clicks: 3, Engagements: 2},
		org2: {Impressions: 5},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("totals = %v, want %v", got, want)
	}
	// LinkedIn now reports day 1 without org2 (withheld): the day holds
	// exactly that.
	if err := st.SetEngagement(ctx, d1, d1, rows[:1]); err != nil {
		t.Fatal(err)
	}
	got, _ = st.EngagementTotals(ctx, d1, d2)
	want = map[string]store.EngagementCounts{org1: {Impressions: 17, Clicks: 3, Engagements: 2}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("totals after overwrite = %v, want %v", got, want)
	}
}

func TestLinkedInPushedMerges(t *testing.T) {
	t.Parallel()
	st, _, ctx := linkedInSetup(t)
	if err := st.SetLinkedInPushed(ctx, "c1", map[string]string{"a": "1", "b": "2"}); err != nil {
		t.Fatal(err)
	}
	if err := st.SetLinkedInPushed(ctx, "c1", map[string]string{"b": "3"}); err != nil {
		t.Fatal(err)
	}
	got, err := st.LinkedInPushed(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if want := map[string]map[string]string{"c1": {"a": "1", "b": "3"}}; !reflect.DeepEqual(got, want) {
		t.Errorf("pushed = %v, want %v", got, want)
	}
}

func TestAdminSessionEnds(t *testing.T) {
	t.Parallel()
	st, _, ctx := linkedInSetup(t)
	if err := st.SaveAdminSession(ctx, "digest-1", time.Minute); err != nil {
		t.Fatal(err)
	}
	if ok, err := st.AdminSessionValid(ctx, "digest-1"); !ok || err != nil {
		t.Fatalf("valid after save = %v, %v", ok, err)
	}
	if ok, err := st.AdminSessionValid(ctx, "digest-2"); ok || err != nil {
		t.Errorf("unknown session valid = %v, %v", ok, err)
	}
	for range 2 {
		if err := st.EndAdminSession(ctx, "digest-1"); err != nil {
			t.Fatal(err)
		}
	}
	if ok, err := st.AdminSessionValid(ctx, "digest-1"); ok || err != nil {
		t.Errorf("valid after end = %v, %v", ok, err)
	}
}
