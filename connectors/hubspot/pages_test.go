package hubspot

import (
	"context"
	"errors"
	"net/http"
	"reflect"
	"strings"
	"testing"

	"github.com/abmsync/abmsync/connectors/hubspot/hubspottest"
	"github.com/abmsync/abmsync/crm"
)

// TestPagesMatchesPull: reading ahead yields exactly the pages, tokens and
// call counts of repeated Pull calls, in order, for every object, the
// archived listing, a resumed listing and an incremental (search) one.
func TestPagesMatchesPull(t *testing.T) {
	t.Parallel()
	b := setup(t, hubspottest.GenOptions{Companies: 120, Contacts: 450, Deals: 230, TargetShare: 0.1, Seed: 3})
	resume := pullSpec[crm.Contacts]
	_, first := pullAll(t, b.c, resume)
	resume.Token = first[1].Next
	search := pullSpec[crm.Contacts]
	search.Since = testNow.AddDate(-1, 0, 0)
	archived := crm.PullRequest{Object: crm.Deals, Archived: true}
	for _, id := range b.srv.IDs("deals")[:3] {
		b.srv.Archive("deals", id)
	}
	reqs := map[string]crm.PullRequest{
		"companies": pullSpec[crm.Companies], "contacts": pullSpec[crm.Contacts], "deals": pullSpec[crm.Deals],
		"resumed": resume, "search": search, "archived": archived,
	}
	for name, req := range reqs {
		_, want := pullAll(t, b.c, req)
		for _, ahead := range []int{0, 1, 4} {
			var got []crm.Page
			for p, err := range b.c.Pages(context.Background(), req, ahead) {
				if err != nil {
					t.Fatalf("%s ahead %d: page %d: %v", name, ahead, len(got), err)
				}
				got = append(got, p)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%s ahead %d: %d pages differ from Pull's %d", name, ahead, len(got), len(want))
			}
		}
	}
}

// TestPagesError: a listing that fails on its third page yields two pages,
// then the error (naming the pull and the endpoint), and nothing after it.
func TestPagesError(t *testing.T) {
	t.Parallel()
	b := setup(t, hubspottest.GenOptions{Companies: 20, Contacts: 500, Deals: 10, TargetShare: 0.1, Seed: 4})
	b.srv.Inject(hubspottest.Fault{Pattern: "GET /crm/objects/{v}/contacts", Status: http.StatusBadRequest, Skip: 2})
	var pages int
	var last error
	for p, err := range b.c.Pages(context.Background(), pullSpec[crm.Contacts], 3) {
		if last != nil {
			t.Fatalf("a page after the error: %+v", p)
		}
		if err != nil {
			last = err
			continue
		}
		pages++
	}
	if pages != 2 || last == nil || !strings.Contains(last.Error(), "pull contacts") || !errors.Is(last, crm.ErrPermanent) {
		t.Fatalf("pages %d, error %v; want 2 pages, then a permanent error naming the pull", pages, last)
	}
}

// TestPagesStop: breaking out of the iteration ends the reading ahead; no
// more than the pages read ahead are requested.
func TestPagesStop(t *testing.T) {
	t.Parallel()
	b := setup(t, hubspottest.GenOptions{Companies: 20, Contacts: 2000, Deals: 10, TargetShare: 0.1, Seed: 5})
	b.srv.ResetCalls()
	for range b.c.Pages(context.Background(), pullSpec[crm.Contacts], 2) {
		break
	}
	// One page yielded, two waiting, one being fetched when it stopped.
	if n := b.srv.Calls()["GET /crm/objects/{v}/contacts"]; n > 4 {
		t.Errorf("%d list calls after stopping at the first page, want at most 4", n)
	}
}

// TestPagesCancelled: a cancelled context ends the listing with the
// context's error, never as if it were complete.
func TestPagesCancelled(t *testing.T) {
	t.Parallel()
	b := setup(t, hubspottest.GenOptions{Companies: 20, Contacts: 2000, Deals: 10, TargetShare: 0.1, Seed: 6})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var last error
	n := 0
	for p, err := range b.c.Pages(ctx, pullSpec[crm.Contacts], 2) {
		if n++; n == 1 {
			cancel()
		}
		if err != nil {
			last = err
			break
		}
		if p.Next == "" {
			t.Fatal("the listing completed after its context was cancelled")
		}
	}
	if !errors.Is(last, context.Canceled) {
		t.Fatalf("cancelled listing ended with %v, want context.Canceled", last)
	}
}
