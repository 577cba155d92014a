package workers

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/abmsync/abmsync/crm"
	"github.com/abmsync/abmsync/jobs"
	"github.com/abmsync/abmsync/keycontacts/merge"
)

// TestShardedStoreOrder: pages stored on several shards are committed in
// page order, and a record listed on two pages in flight ends up in the
// version of the later page, with its company membership moved, not
// doubled.
func TestShardedStoreOrder(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := ctxT(t)
	runID := b.start(t, jobs.Scope{Objects: []crm.ObjectType{crm.Deals}})
	b.q.take()
	p := jobs.PullPayload{RunID: runID, Object: crm.Deals, Scope: jobs.Scope{Objects: []crm.ObjectType{crm.Deals}}}
	h := &PullHandler{b.deps}
	var committed []string
	commit := func(_ context.Context, pg *pendingPage) error {
		committed = append(committed, pg.next)
		return nil
	}
	s := newShardedStore(ctx, h, p, false, commit)
	t0 := b.now.Add(-time.Hour)
	deal := func(id string, at time.Time, company string) crm.Record {
		return crm.Record{Type: crm.Deals, ID: id, UpdatedAt: at, CreatedAt: t0,
			Properties: map[string]string{"amount": "1"}, Associations: map[crm.ObjectType][]string{crm.Companies: {company}}}
	}
	const pages = 12
	for seq := range pages {
		var recs []crm.Record
		for i := range 20 {
			recs = append(recs, deal("d"+strconv.Itoa(seq*20+i), t0, "c1"))
		}
		// The same deal on every page, each time newer and at another company.
		recs = append(recs, deal("moving", t0.Add(time.Duration(seq)*time.Minute), "c"+strconv.Itoa(seq)))
		if err := s.dispatch(seq, recs, merge.DoNotContact{}, &pendingPage{next: "after-" + strconv.Itoa(seq)}); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.wait(); err != nil {
		t.Fatal(err)
	}
	want := make([]string, pages)
	for i := range want {
		want[i] = "after-" + strconv.Itoa(i)
	}
	if !slices.Equal(committed, want) {
		t.Errorf("committed %v, want pages in order %v", committed, want)
	}
	r, err := b.st.Record(ctx, crm.Deals, "moving")
	if err != nil {
		t.Fatal(err)
	}
	last := "c" + strconv.Itoa(pages-1)
	if got := r.Associations[crm.Companies]; !slices.Equal(got, []string{last}) {
		t.Errorf("the moving deal is stored at %v, want the last page's %s", got, last)
	}
	for seq := range pages - 1 {
		ids, err := b.rdb.SMembers(ctx, b.st.Keys().Members("c"+strconv.Itoa(seq), crm.Deals)).Result()
		if err != nil {
			t.Fatal(err)
		}
		if slices.Contains(ids, "moving") {
			t.Errorf("company c%d still lists the deal that moved on", seq)
		}
	}
}

// TestShardedStoreFailure: a commit that fails stops the commits after it
// and is the error wait returns; no later page's token is saved.
func TestShardedStoreFailure(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := ctxT(t)
	runID := b.start(t, jobs.Scope{Objects: []crm.ObjectType{crm.Deals}})
	b.q.take()
	p := jobs.PullPayload{RunID: runID, Object: crm.Deals}
	boom := errors.New("redis went away")
	var committed []string
	commit := func(_ context.Context, pg *pendingPage) error {
		if pg.next == "after-2" {
			return boom
		}
		committed = append(committed, pg.next)
		return nil
	}
	s := newShardedStore(ctx, &PullHandler{b.deps}, p, false, commit)
	for seq := range 6 {
		rec := crm.Record{Type: crm.Deals, ID: "d" + strconv.Itoa(seq), UpdatedAt: b.now}
		if err := s.dispatch(seq, []crm.Record{rec}, merge.DoNotContact{}, &pendingPage{next: "after-" + strconv.Itoa(seq)}); err != nil {
			break // the failure may reach dispatch first
		}
	}
	if err := s.wait(); !errors.Is(err, boom) {
		t.Fatalf("wait = %v, want the commit's error", err)
	}
	if !slices.Equal(committed, []string{"after-0", "after-1"}) {
		t.Errorf("committed %v, want only the pages before the failed one", committed)
	}
}
