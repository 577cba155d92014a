package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/abmsync/abmsync/crm"
	"github.com/abmsync/abmsync/internal/redistest"
	"github.com/abmsync/abmsync/store"
)

const db = 1

func setup(t *testing.T) (*store.Store, context.Context) {
	t.Helper()
	rdb := redistest.Client(t, db, false)
	st := store.New(rdb, redistest.Prefix(t, rdb))
	return st, context.Background()
}

func contact(id string, at time.Time, companies ...string) crm.Record {
	return crm.Record{Type: crm.Contacts, ID: id, UpdatedAt: at, Source: "test",
		Properties:   map[string]string{"has_email": "true"},
		Associations: map[crm.ObjectType][]string{crm.Companies: companies}}
}

func TestUpsertMaintainsMembership(t *testing.T) {
	t.Parallel()
	st, ctx := setup(t)
	t0 := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	if _, err := st.UpsertRecords(ctx, []crm.Record{contact("1", t0, "A"), contact("2", t0, "A", "B")}); err != nil {
		t.Fatal(err)
	}
	// Contact 1 moves from A to B; contact 2 leaves A.
	if _, err := st.UpsertRecords(ctx, []crm.Record{contact("1", t0.Add(time.Hour), "B"), contact("2", t0.Add(time.Hour), "B")}); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		company string
		want    []string
	}{{"A", nil}, {"B", []string{"1", "2"}}}
	for _, tc := range tests {
		got, err := st.Members(ctx, tc.company, crm.Contacts)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(tc.want) || (len(got) > 0 && (got[0] != tc.want[0] || got[1] != tc.want[1])) {
			t.Errorf("members of %s = %v, want %v", tc.company, got, tc.want)
		}
	}
}

func TestUpsertSkipsOlderVersion(t *testing.T) {
	t.Parallel()
	st, ctx := setup(t)
	t0 := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	newer := contact("1", t0.Add(time.Hour), "A")
	if _, err := st.UpsertRecords(ctx, []crm.Record{newer}); err != nil {
		t.Fatal(err)
	}
	n, err := st.UpsertRecords(ctx, []crm.Record{contact("1", t0, "Z")})
	if err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Errorf("older version written: n = %d", n)
	}
	got, err := st.Record(ctx, crm.Contacts, "1")
	if err != nil {
		t.Fatal(err)
	}
	if got.Associations[crm.Companies][0] != "A" {
		t.Errorf("record rolled back to %v", got.Associations)
	}
}

func TestDeleteAndSweep(t *testing.T) {
	t.Parallel()
	st, ctx := setup(t)
	t0 := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	recs := []crm.Record{contact("1", t0, "A"), contact("2", t0, "A"), contact("3", t0, "A")}
	if _, err := st.UpsertRecords(ctx, recs); err != nil {
		t.Fatal(err)
	}
	if err := st.MarkSeen(ctx, "run1", crm.Contacts, []string{"1", "3"}); err != nil {
		t.Fatal(err)
	}
	gone, err := st.Sweep(ctx, "run1", crm.Contacts, -1)
	if err != nil {
		t.Fatal(err)
	}
	if len(gone) != 1 || gone[0] != "2" {
		t.Fatalf("swept %v, want [2]", gone)
	}
	members, _ := st.Members(ctx, "A", crm.Contacts)
	if len(members) != 2 {
		t.Errorf("members after sweep = %v, want [1 3]", members)
	}
	if n, _ := st.DeleteRecords(ctx, crm.Contacts, []string{"1", "404"}); n != 1 {
		t.Errorf("deleted %d, want 1", n)
	}
	if n, _ := st.Count(ctx, crm.Contacts); n != 1 {
		t.Errorf("count = %d, want 1", n)
	}
}

func TestCursorOnlyMovesForward(t *testing.T) {
	t.Parallel()
	st, ctx := setup(t)
	t0 := time.Date(2026, 11, 1, 10, 0, 0, 500, time.UTC)
	steps := []struct {
		advance time.Time
		want    time.Time
	}{
		{t0, t0},
		{t0.Add(-time.Minute), t0}, // a late page never moves it back
		{t0.Add(time.Millisecond), t0.Add(time.Millisecond)},
	}
	for i, s := range steps {
		if err := st.AdvanceCursor(ctx, crm.Deals, s.advance, time.Now()); err != nil {
			t.Fatal(err)
		}
		c, err := st.Cursor(ctx, crm.Deals)
		if err != nil {
			t.Fatal(err)
		}
		if !c.Since.Equal(s.want) {
			t.Errorf("step %d: cursor %v, want %v", i, c.Since, s.want)
		}
	}
}

func TestLeases(t *testing.T) {
	t.Parallel()
	st, ctx := setup(t)
	key := st.Keys().Active("all")
	ok, _, err := st.AcquireLease(ctx, key, "run-a", time.Minute)
	if err != nil || !ok {
		t.Fatalf("first acquire: ok=%v err=%v", ok, err)
	}
	ok, holder, _ := st.AcquireLease(ctx, key, "run-b", time.Minute)
	if ok || holder != "run-a" {
		t.Fatalf("second acquire: ok=%v holder=%q, want refused, held by run-a", ok, holder)
	}
	if err := st.ReleaseLease(ctx, key, "run-b"); err != nil {
		t.Fatal(err)
	}
	if h, _ := st.LeaseHolder(ctx, key); h != "run-a" {
		t.Fatalf("a non-holder released the lease: holder %q", h)
	}
	_ = st.ReleaseLease(ctx, key, "run-a")
	if ok, _, _ := st.AcquireLease(ctx, key, "run-b", time.Minute); !ok {
		t.Fatal("lease not free after release")
	}
}

func TestPendingApplyPushed(t *testing.T) {
	t.Parallel()
	st, ctx := setup(t)
	co := crm.Record{Type: crm.Companies, ID: "7", Properties: map[string]string{"name": "X", "abm_reach_gap": "3"}}
	if _, err := st.UpsertRecords(ctx, []crm.Record{co}); err != nil {
		t.Fatal(err)
	}
	ups := []crm.Update{{ID: "7", Properties: map[string]string{"abm_reach_gap": "2", "abm_avg_deal_size": ""}}, {ID: "8", Properties: map[string]string{"abm_reach_gap": "1"}}}
	if err := st.SetPending(ctx, "r", ups); err != nil {
		t.Fatal(err)
	}
	got, err := st.Pending(ctx, "r")
	if err != nil || len(got) != 2 || got[0].ID != "7" {
		t.Fatalf("pending = %v, %v", got, err)
	}
	if err := st.ApplyPushed(ctx, "r", crm.Companies, ups[:1]); err != nil {
		t.Fatal(err)
	}
	rec, _ := st.Record(ctx, crm.Companies, "7")
	if rec.Properties["abm_reach_gap"] != "2" || rec.Properties["name"] != "X" {
		t.Errorf("stored after push = %v", rec.Properties)
	}
	left, _ := st.Pending(ctx, "r")
	if len(left) != 1 || left[0].ID != "8" {
		t.Errorf("pending after push = %v, want only 8", left)
	}
}

func TestRuns(t *testing.T) {
	t.Parallel()
	st, ctx := setup(t)
	now := time.Now().UTC()
	if err := st.CreateRun(ctx, store.Run{ID: "r1", Trigger: "admin", ScopeKey: "all", CreatedAt: now}); err != nil {
		t.Fatal(err)
	}
	if err := st.AddRunCounters(ctx, "r1", map[string]int64{store.CounterPulled: 5, store.CounterAPICalls: 2}); err != nil {
		t.Fatal(err)
	}
	if err := st.UpdateRun(ctx, "r1", map[string]string{"state": store.RunSucceeded}); err != nil {
		t.Fatal(err)
	}
	r, err := st.GetRun(ctx, "r1")
	if err != nil {
		t.Fatal(err)
	}
	if r.Pulled != 5 || r.APICalls != 2 || !r.Done() || r.ScopeKey != "all" {
		t.Errorf("run = %+v", r)
	}
	if _, err := st.GetRun(ctx, "nope"); err == nil {
		t.Error("missing run: no error")
	}
}

// Warnings added by concurrent tasks of a run accumulate, each once; a run
// that is gone is not re-created.
func TestAddRunWarning(t *testing.T) {
	t.Parallel()
	st, ctx := setup(t)
	if err := st.CreateRun(ctx, store.Run{ID: "r1", CreatedAt: time.Now()}); err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"a b", "c", "a b", "", "c", "a"} {
		if err := st.AddRunWarning(ctx, "r1", w); err != nil {
			t.Fatal(err)
		}
	}
	if r, _ := st.GetRun(ctx, "r1"); r.Warning != "a b; c; a" {
		t.Errorf("warning %q, want %q", r.Warning, "a b; c; a")
	}
	if err := st.AddRunWarning(ctx, "gone", "x"); err == nil {
		t.Error("warning on a missing run: no error")
	}
	if _, err := st.GetRun(ctx, "gone"); err == nil {
		t.Error("a missing run was re-created")
	}
}
