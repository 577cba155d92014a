package hubspot

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/abmsync/abmsync/connectors/hubspot/hubspottest"
	"github.com/abmsync/abmsync/crm"
	"github.com/abmsync/abmsync/internal/httpx"
)

var contactProps = []string{"email", "hs_linkedin_url", "lifecyclestage", "notes_last_contacted"}

// exactlyOnce fails unless recs hold each of want exactly once and nothing
// else.
func exactlyOnce(t *testing.T, recs []crm.Record, want []string) {
	t.Helper()
	counts := make(map[string]int, len(recs))
	for _, r := range recs {
		counts[r.ID]++
	}
	missing, repeated := 0, 0
	for _, id := range want {
		switch counts[id] {
		case 0:
			missing++
		case 1:
		default:
			repeated++
		}
		delete(counts, id)
	}
	if missing > 0 || repeated > 0 || len(counts) > 0 || len(recs) != len(want) {
		t.Fatalf("got %d records for %d wanted: %d missing, %d repeated, %d unexpected",
			len(recs), len(want), missing, repeated, len(counts))
	}
}

func TestPullFull(t *testing.T) {
	t.Parallel()
	b := setup(t, hubspottest.GenOptions{Companies: 50, Contacts: 1050, Seed: 6})
	recs, pages := pullAll(t, b.c, crm.PullRequest{Object: crm.Contacts, Properties: contactProps, Associations: []crm.ObjectType{crm.Companies}})
	exactlyOnce(t, recs, b.srv.IDs("contacts"))
	if len(pages) != 11 {
		t.Errorf("%d pages, want 11 of at most 100", len(pages))
	}
	for i, p := range pages {
		if p.Calls != 1 {
			t.Errorf("page %d: %d calls, want 1 (associations come embedded)", i, p.Calls)
		}
	}
	calls := b.srv.Calls()
	if calls["total"] != 11 || calls["GET /crm/objects/{v}/contacts"] != 11 {
		t.Errorf("calls = %v", calls)
	}
	var withLinkedIn int
	for _, r := range recs {
		obj := b.srv.Object("contacts", r.ID)
		if r.Type != crm.Contacts || r.Source != "hubspot" || r.Archived || r.CreatedAt.IsZero() {
			t.Fatalf("record %+v", r)
		}
		if got := r.UpdatedAt.Format("2006-01-02T15:04:05.000Z"); got != obj["lastmodifieddate"] {
			t.Fatalf("record %s UpdatedAt %s, want %s", r.ID, got, obj["lastmodifieddate"])
		}
		for k, v := range r.Properties {
			if !slices.Contains(contactProps, k) || v == "" || obj[k] != v {
				t.Fatalf("record %s property %s=%q (portal %q)", r.ID, k, v, obj[k])
			}
		}
		for _, k := range contactProps {
			if _, ok := r.Properties[k]; !ok && obj[k] != "" {
				t.Fatalf("record %s lacks %s", r.ID, k)
			}
		}
		if len(r.Associations[crm.Companies]) != 1 || len(r.Associations) != 1 {
			t.Fatalf("record %s associations %v", r.ID, r.Associations)
		}
		if r.Properties["hs_linkedin_url"] != "" {
			withLinkedIn++
		}
	}
	if withLinkedIn == 0 || withLinkedIn == len(recs) {
		t.Errorf("%d of %d with LinkedIn URL: empty values must be omitted, set ones kept", withLinkedIn, len(recs))
	}
}

// TestPullFullPagedAssociations: a record whose embedded association list
// is paged gets the rest from one associations batch read.
func TestPullFullPagedAssociations(t *testing.T) {
	t.Parallel()
	b := setup(t, hubspottest.GenOptions{Companies: 10, Contacts: 150, Seed: 7}, func(_ *Config, o *hubspottest.Options) {
		o.EmbeddedAssociations = 3
	})
	contact := b.srv.IDs("contacts")[120]
	b.srv.Associate("contacts", contact, "companies", b.srv.IDs("companies")...)
	recs, pages := pullAll(t, b.c, crm.PullRequest{Object: crm.Contacts, Associations: []crm.ObjectType{crm.Companies}})
	exactlyOnce(t, recs, b.srv.IDs("contacts"))
	if pages[0].Calls != 1 || pages[1].Calls != 2 {
		t.Errorf("page calls %d, %d: want 1 and 2", pages[0].Calls, pages[1].Calls)
	}
	for _, r := range recs {
		want := 1
		if r.ID == contact {
			want = 10
		}
		if got := len(r.Associations[crm.Companies]); got != want {
			t.Errorf("contact %s: %d companies, want %d", r.ID, got, want)
		}
	}
	if n := b.srv.Calls()["POST /crm/associations/{v}/contacts/companies/batch/read"]; n != 1 {
		t.Errorf("%d association reads, want 1", n)
	}
}

func TestPullIncremental(t *testing.T) {
	t.Parallel()
	b := setup(t, hubspottest.GenOptions{Companies: 20, Deals: 700, Seed: 8})
	since := testNow.Add(time.Hour)
	deals := b.srv.IDs("deals")
	var want []string
	for i, id := range deals[:450] {
		b.srv.Touch("deals", since.Add(time.Duration(450-i)*time.Second), id) // reverse ID order
		want = append(want, id)
	}
	b.srv.Touch("deals", since.Add(-time.Millisecond), deals[500]) // just before Since
	recs, pages := pullAll(t, b.c, crm.PullRequest{
		Object: crm.Deals, Properties: []string{"dealstage", "amount"}, Associations: []crm.ObjectType{crm.Companies}, Since: since,
	})
	exactlyOnce(t, recs, want)
	for i := 1; i < len(recs); i++ {
		if recs[i].UpdatedAt.Before(recs[i-1].UpdatedAt) {
			t.Fatalf("record %d modified %v before record %d %v", i, recs[i].UpdatedAt, i-1, recs[i-1].UpdatedAt)
		}
	}
	if len(pages) != 3 {
		t.Errorf("%d pages, want 3 of at most 200", len(pages))
	}
	for i, p := range pages {
		if p.Calls != 2 {
			t.Errorf("page %d: %d calls, want one search and one association read", i, p.Calls)
		}
	}
	for _, r := range recs {
		if len(r.Associations[crm.Companies]) != 1 || r.Properties["dealstage"] == "" || len(r.Properties) > 2 {
			t.Fatalf("record %+v", r)
		}
	}
	calls := b.srv.Calls()
	if calls["POST /crm/objects/{v}/deals/search"] != 3 || calls["POST /crm/associations/{v}/deals/companies/batch/read"] != 3 {
		t.Errorf("calls = %v", calls)
	}
}

func TestPullIncrementalRequests(t *testing.T) {
	t.Parallel()
	var n atomic.Int32
	rc := &recorder{}
	c, _ := handlerClient(t, func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) == 1 {
			rc.body = `{"total":2,"results":[
				{"id":"11","properties":{"lastmodifieddate":"2026-06-01T01:00:00.000Z","email":"a@x.com"},"createdAt":"2025-01-01T00:00:00Z","updatedAt":"2026-06-01T01:00:00Z"},
				{"id":"12","properties":{"lastmodifieddate":"2026-06-01T01:00:00.000Z","email":""}}]}`
		} else {
			rc.body = `{"status":"COMPLETE","results":[{"from":{"id":"11"},"to":[{"toObjectId":"900"}]}],"errors":[{"status":"error","category":"OBJECT_NOT_FOUND","message":"No company is associated with contact 12.","context":{"fromObjectId":["12"]}}]}`
		}
		rc.handler(w, r)
	})
	since := time.Date(2026, 6, 1, 0, 30, 0, 123_456_789, time.UTC)
	p, err := c.Pull(context.Background(), crm.PullRequest{Object: crm.Contacts, Properties: []string{"email"}, Associations: []crm.ObjectType{crm.Companies}, Since: since})
	if err != nil {
		t.Fatal(err)
	}
	search, assoc := rc.reqs[0], rc.reqs[1]
	wantSearch := map[string]any{
		"filterGroups": []any{map[string]any{"filters": []any{map[string]any{"propertyName": "lastmodifieddate", "operator": "GTE", "value": strconv.FormatInt(since.UnixMilli(), 10)}}}},
		"sorts":        []any{map[string]any{"propertyName": "lastmodifieddate", "direction": "ASCENDING"}},
		"properties":   []any{"email", "lastmodifieddate"},
		"limit":        float64(200),
	}
	if search.method != "POST" || search.path != "/crm/objects/2026-03/contacts/search" || !maps.EqualFunc(search.body, wantSearch, deepEqual) {
		t.Errorf("search %s %s %v\nwant %v", search.method, search.path, search.body, wantSearch)
	}
	wantAssoc := map[string]any{"inputs": []any{map[string]any{"id": "11"}, map[string]any{"id": "12"}}}
	if assoc.path != "/crm/associations/2026-03/contacts/companies/batch/read" || !maps.EqualFunc(assoc.body, wantAssoc, deepEqual) {
		t.Errorf("association read %s %v", assoc.path, assoc.body)
	}
	if len(p.Records) != 2 || p.Next != "" || p.Calls != 2 ||
		!slices.Equal(p.Records[0].Associations[crm.Companies], []string{"900"}) || p.Records[1].Associations != nil ||
		p.Records[0].Properties["email"] != "a@x.com" || p.Records[1].Properties != nil {
		t.Errorf("page %+v", p)
	}
}

// TestPullPastSearchCap: more than 10,000 records match; every one comes
// back once and no query pages past HubSpot's cap (the fake answers 400).
func TestPullPastSearchCap(t *testing.T) {
	t.Parallel()
	b := setup(t, hubspottest.GenOptions{Companies: 10, Contacts: 12500, Seed: 9})
	since := testNow.Add(time.Hour)
	ids := b.srv.IDs("contacts")
	for i, id := range ids {
		b.srv.Touch("contacts", since.Add(time.Duration(i/3)*time.Millisecond), id) // 3 per timestamp
	}
	recs, pages := pullAll(t, b.c, crm.PullRequest{Object: crm.Contacts, Properties: []string{"email"}, Since: since})
	exactlyOnce(t, recs, ids)
	if len(pages) > 12500/190+2 {
		t.Errorf("%d pages for 12,500 records", len(pages))
	}
}

// TestPullManyEqualTimestamps: more than 10,000 records share one
// timestamp, the case a timestamp anchor alone cannot page through.
func TestPullManyEqualTimestamps(t *testing.T) {
	t.Parallel()
	b := setup(t, hubspottest.GenOptions{Companies: 10, Contacts: 11000, Seed: 10})
	since := testNow.Add(time.Hour)
	ids := b.srv.IDs("contacts")
	at := since.Add(time.Minute)
	b.srv.Touch("contacts", since, ids[:50]...)
	b.srv.Touch("contacts", at, ids[50:10550]...) // 10,500 at one instant
	b.srv.Touch("contacts", at.Add(time.Millisecond), ids[10550:10800]...)
	b.srv.Touch("contacts", since.Add(-time.Millisecond), ids[10800:]...) // excluded
	var maxToken, tiePages int
	req := crm.PullRequest{Object: crm.Contacts, Associations: []crm.ObjectType{crm.Companies}, Since: since}
	var recs []crm.Record
	for {
		p, err := b.c.Pull(context.Background(), req)
		if err != nil {
			t.Fatal(err)
		}
		recs = append(recs, p.Records...)
		maxToken = max(maxToken, len(p.Next))
		if p.Next == "" {
			break
		}
		if cur, _ := decodeCursor(p.Next); cur.M == modeTie {
			tiePages++
		}
		req.Token = p.Next
	}
	exactlyOnce(t, recs, ids[:10800])
	for i := 1; i < len(recs); i++ {
		if recs[i].UpdatedAt.Before(recs[i-1].UpdatedAt) {
			t.Fatalf("record %d out of order", i)
		}
	}
	if maxToken > 8<<10 {
		t.Errorf("token grew to %d bytes", maxToken)
	}
	if tiePages < 10500/MaxSearchLimit {
		t.Errorf("%d pages walked the shared timestamp by ID, want about %d", tiePages, 10500/MaxSearchLimit)
	}
}

// TestPullModifiedDuringPull: records edited while a pull runs are not
// missed (they come back after the anchor), records not edited come once.
func TestPullModifiedDuringPull(t *testing.T) {
	t.Parallel()
	b := setup(t, hubspottest.GenOptions{Companies: 5, Contacts: 1000, Seed: 11})
	since := testNow.Add(time.Hour)
	ids := b.srv.IDs("contacts")
	for i, id := range ids {
		b.srv.Touch("contacts", since.Add(time.Duration(i)*time.Second), id)
	}
	req := crm.PullRequest{Object: crm.Contacts, Since: since}
	seen := map[string]int{}
	for page := 0; ; page++ {
		p, err := b.c.Pull(context.Background(), req)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range p.Records {
			seen[r.ID]++
		}
		if page == 1 {
			// Edit one record already returned and one not yet returned.
			b.srv.Touch("contacts", since.Add(2*time.Hour), ids[10], ids[900])
		}
		if p.Next == "" {
			break
		}
		req.Token = p.Next
	}
	for _, id := range ids {
		want := 1
		if id == ids[10] {
			want = 2 // once before the edit, once after
		}
		if seen[id] != want {
			t.Errorf("contact %s returned %d times, want %d", id, seen[id], want)
		}
	}
}

func TestPullArchived(t *testing.T) {
	t.Parallel()
	b := setup(t, hubspottest.GenOptions{Companies: 120, Seed: 12})
	ids := b.srv.IDs("companies")
	for _, id := range ids[:3] {
		b.srv.Archive("companies", id)
	}
	tests := []struct {
		name  string
		since time.Time
		want  []string
	}{
		{"all archived", time.Time{}, ids[:3]},
		{"archived since before", testNow.Add(-time.Hour), ids[:3]},
		{"archived since after", testNow.Add(time.Hour), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			recs, _ := pullAll(t, b.c, crm.PullRequest{Object: crm.Companies, Properties: []string{"name"}, Archived: true, Since: tt.since})
			exactlyOnce(t, recs, tt.want)
			for _, r := range recs {
				if !r.Archived {
					t.Errorf("record %s not archived", r.ID)
				}
			}
		})
	}
	// Live pulls skip them.
	recs, _ := pullAll(t, b.c, crm.PullRequest{Object: crm.Companies})
	exactlyOnce(t, recs, ids[3:])
}

func TestPullErrors(t *testing.T) {
	t.Parallel()
	b := setup(t, hubspottest.GenOptions{Companies: 150, Contacts: 10, Seed: 13})
	ctx := context.Background()
	first, err := b.c.Pull(ctx, crm.PullRequest{Object: crm.Companies})
	if err != nil || first.Next == "" {
		t.Fatalf("first page: %v %q", err, first.Next)
	}
	tests := []struct {
		name string
		req  crm.PullRequest
	}{
		{"garbage token", crm.PullRequest{Object: crm.Companies, Token: "not-a-token"}},
		{"token of another object", crm.PullRequest{Object: crm.Contacts, Token: first.Next}},
		{"full token in an incremental pull", crm.PullRequest{Object: crm.Companies, Token: first.Next, Since: testNow}},
		{"unsupported object", crm.PullRequest{Object: "tickets"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := b.c.Pull(ctx, tt.req)
			if !errors.Is(err, crm.ErrPermanent) {
				t.Errorf("err = %v, want permanent", err)
			}
		})
	}
	t.Run("server error retried and counted", func(t *testing.T) {
		b.srv.FailNext("GET /crm/objects/{v}/companies", 503, "")
		p, err := b.c.Pull(ctx, crm.PullRequest{Object: crm.Companies, Token: first.Next})
		if err != nil || p.Calls != 2 || len(p.Records) != 50 {
			t.Errorf("page: %v, calls %d, %d records", err, p.Calls, len(p.Records))
		}
	})
	t.Run("garbage body", func(t *testing.T) {
		b.srv.FailNext("POST /crm/objects/{v}/contacts/search", 200, "<html>upstream error</html>")
		p, err := b.c.Pull(ctx, crm.PullRequest{Object: crm.Contacts, Since: testNow.Add(-time.Hour)})
		var tmp crm.Temporary
		if !errors.As(err, &tmp) || errors.Is(err, crm.ErrPermanent) || p.Calls != 1 {
			t.Errorf("err = %v, calls %d: want a temporary error", err, p.Calls)
		}
	})
}

// TestPullRateLimited runs a pull against a portal that allows three calls
// per 200 ms, in real time: the client adopts that budget from the first
// answer, waits out any 429, and the pull completes.
func TestPullRateLimited(t *testing.T) {
	t.Parallel()
	b := setup(t, hubspottest.GenOptions{Companies: 700, Seed: 14})
	b.srv.SetRateLimit(3, 200*time.Millisecond)
	b.c.mono, b.c.sleep = time.Now, httpx.Sleep
	recs, pages := pullAll(t, b.c, crm.PullRequest{Object: crm.Companies, Properties: []string{"name", "hs_is_target_account"}})
	exactlyOnce(t, recs, b.srv.IDs("companies"))
	calls := 0
	for _, p := range pages {
		calls += p.Calls
	}
	if got := b.srv.Calls()["total"]; calls != got || calls < len(pages) {
		t.Errorf("pages counted %d calls, server saw %d", calls, got)
	}
}

func deepEqual(a, b any) bool { return reflect.DeepEqual(a, b) }

// TestPullTieWalkIncomplete: when the walk of records sharing one timestamp
// returns fewer records than the search reported there (an index that lags,
// a proxy that drops paging), the pull fails with a temporary error instead
// of moving past that timestamp, so no change is skipped silently.
func TestPullTieWalkIncomplete(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		// eq rewrites the answer to a search by equal timestamp.
		eq func(body map[string]any)
	}{
		{"walk returns nothing", func(body map[string]any) { body["results"], body["total"] = []any{}, 0 }},
		{"walk loses its paging", func(body map[string]any) { delete(body, "paging") }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			b := setup(t, hubspottest.GenOptions{Companies: 5, Contacts: 600, Seed: 11})
			since := testNow.Add(time.Hour)
			ids := b.srv.IDs("contacts")
			b.srv.Touch("contacts", since.Add(time.Minute), ids[:500]...) // 500 at one instant
			target, _ := url.Parse(b.srv.URL())
			rp := httputil.NewSingleHostReverseProxy(target)
			proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				body, _ := io.ReadAll(r.Body)
				r.Body, r.ContentLength = io.NopCloser(bytes.NewReader(body)), int64(len(body))
				if !strings.HasSuffix(r.URL.Path, "/search") || !bytes.Contains(body, []byte(`"operator":"EQ"`)) {
					rp.ServeHTTP(w, r)
					return
				}
				rec := httptest.NewRecorder()
				rp.ServeHTTP(rec, r)
				var out map[string]any
				if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil {
					t.Errorf("proxy: %v", err)
				}
				tc.eq(out)
				w.Header().Set("Content-Type", "application/json")
				_ = json.NewEncoder(w).Encode(out)
			}))
			t.Cleanup(proxy.Close)
			cfg := Config{BaseURL: proxy.URL, AccessToken: b.srv.AccessToken()}
			fastLimits(&cfg)
			c, err := New(cfg, &http.Client{Timeout: 10 * time.Second})
			if err != nil {
				t.Fatal(err)
			}
			useFakeTime(c, b.clk)

			req := crm.PullRequest{Object: crm.Contacts, Since: since}
			var (
				tie     *tieWalkError
				pullErr error
			)
			for range 100 {
				p, err := c.Pull(context.Background(), req)
				if errors.As(err, &tie) {
					pullErr = err
					break
				}
				if err != nil {
					t.Fatalf("pull: %v", err)
				}
				if cur, _ := decodeCursor(p.Next); p.Next == "" || cur.M == modeTime && cur.T > since.Add(time.Minute).UnixMilli() {
					t.Fatalf("the pull moved past the shared timestamp (token %+v) although its walk was incomplete", cur)
				}
				req.Token = p.Next
			}
			if tie == nil {
				t.Fatal("no tie-walk error")
			}
			var tmp crm.Temporary
			if !errors.As(pullErr, &tmp) || tmp.RetryDelay() <= 0 || !strings.Contains(tie.Error(), "retry later") {
				t.Errorf("error %v is not a temporary error with a retry delay", tie)
			}
		})
	}
}
