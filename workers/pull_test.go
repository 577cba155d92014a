package workers

import (
	"bytes"
	"io"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strconv"

	"context"
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hibiken/asynq"

	"github.com/abmsync/abmsync/connectors/hubspot"
	"github.com/abmsync/abmsync/connectors/hubspot/hubspottest"
	"github.com/abmsync/abmsync/crm"
	"github.com/abmsync/abmsync/jobs"
	"github.com/abmsync/abmsync/metrics"
	"github.com/abmsync/abmsync/store"
)

const (
	listContacts   = "GET /crm/objects/{v}/contacts"
	searchContacts = "POST /crm/objects/{v}/contacts/search"
)

// touchContacts marks every portal contact modified after the workers'
// clock, one millisecond apart, and returns the times by id.
func touchContacts(b *bundle) map[string]time.Time {
	at := map[string]time.Time{}
	for i, id := range b.srv.IDs("contacts") {
		ts := b.now.Add(time.Second + time.Duration(i)*time.Millisecond)
		b.srv.Touch("contacts", ts, id)
		at[id] = ts
	}
	return at
}

// TestPullFailsMidwayAndResumes: HubSpot answers garbage on the second page
// of contacts. The task fails naming the endpoint, the cursor stays at what
// is stored, and the retried task resumes from the saved token: every
// record ends up stored and the first page is not fetched again.
func TestPullFailsMidwayAndResumes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name        string
		incremental bool
		endpoint    string // call key of the pages
		path        string // what the error must name
		// pages is the number of page requests of an undisturbed pull.
		pages int
	}{
		{name: "full list", endpoint: listContacts, path: "/crm/objects/2026-03/contacts", pages: 3},
		{name: "incremental search", incremental: true, endpoint: searchContacts, path: "/crm/objects/2026-03/contacts/search", pages: 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			b := setup(t)
			ctx := ctxT(t)
			var touched map[string]time.Time
			if tt.incremental {
				b.sync(t, jobs.Scope{})
				touched = touchContacts(b)
			}
			scope := jobs.Scope{Objects: []crm.ObjectType{crm.Contacts}}
			runID := b.start(t, scope)
			task := b.q.take()[0]
			before, _ := b.st.Cursor(ctx, crm.Contacts)

			n := 0
			b.crm.beforePull = func(req crm.PullRequest) {
				if req.Object == crm.Contacts && !req.Archived {
					if n++; n == 2 {
						b.srv.FailNext(tt.endpoint, http.StatusOK, "<html><body>502 Bad Gateway</body></html>")
					}
				}
			}
			b.srv.ResetCalls()
			err := b.handle(ctx, task)
			if err == nil {
				t.Fatal("pull succeeded over a garbage page")
			}
			if msg := err.Error(); !strings.Contains(msg, "pull contacts") || !strings.Contains(msg, tt.path) {
				t.Errorf("error %q does not name the object and endpoint %s", msg, tt.path)
			}
			if errors.Is(err, asynq.SkipRetry) || !IsFailure(err) {
				t.Errorf("garbage answer: SkipRetry %v, IsFailure %v; want a retried failure", errors.Is(err, asynq.SkipRetry), IsFailure(err))
			}
			if q := b.q.take(); len(q) != 0 {
				t.Fatalf("a failed pull enqueued %v", types(q))
			}
			token, _ := b.st.RunToken(ctx, runID, string(crm.Contacts))
			if token == "" {
				t.Fatal("no continuation token saved after the first page")
			}
			cur, _ := b.st.Cursor(ctx, crm.Contacts)
			if !tt.incremental {
				if n := len(b.storedIDs(t, crm.Contacts)); n != hubspot.MaxListLimit {
					t.Errorf("stored %d contacts after one page, want %d", n, hubspot.MaxListLimit)
				}
				if !cur.Since.Equal(before.Since) {
					t.Errorf("full pull moved the cursor to %v before finishing", cur.Since)
				}
			} else {
				// The cursor is at the newest record stored, and every record
				// up to it is stored in its new version.
				if !cur.Since.After(before.Since) {
					t.Fatalf("cursor %v did not advance past %v after a stored page", cur.Since, before.Since)
				}
				checkStoredUpTo(t, b, touched, cur.Since, true)
			}

			// The retry (same task, as asynq redelivers it) resumes.
			b.crm.pullLog()
			if err := b.handle(ctx, task); err != nil {
				t.Fatalf("retried pull: %v", err)
			}
			log := b.crm.pullLog()
			if len(log) == 0 {
				t.Fatal("the retry pulled nothing")
			}
			if log[0].Token != token {
				t.Fatalf("retry started with token %q, want the saved %q", log[0].Token, token)
			}
			if got, want := b.storedIDs(t, crm.Contacts), b.srv.IDs("contacts"); !slices.Equal(got, want) {
				t.Errorf("stored %d contacts, portal has %d", len(got), len(want))
			}
			if n := b.srv.Calls()[tt.endpoint]; n != tt.pages+1 {
				t.Errorf("%s calls = %d, want %d (page 1 once, page 2 twice)", tt.endpoint, n, tt.pages+1)
			}
			if tt.incremental {
				cur, _ := b.st.Cursor(ctx, crm.Contacts)
				checkStoredUpTo(t, b, touched, cur.Since, false)
			} else if r := b.run(t, runID); r.Pulled != nContacts {
				t.Errorf("run pulled %d records, want %d: a page was stored twice", r.Pulled, nContacts)
			}
			if q := b.q.take(); len(q) != 1 || q[0].Type() != jobs.TypeMetricsCompute {
				t.Errorf("retried pull enqueued %v, want %s", types(q), jobs.TypeMetricsCompute)
			}
		})
	}
}

// checkStoredUpTo asserts that every touched contact modified at or before
// cursor is stored with that modification time, and (exact) that the cursor
// is the newest of them.
func checkStoredUpTo(t *testing.T, b *bundle, touched map[string]time.Time, cursor time.Time, exact bool) {
	t.Helper()
	var newest time.Time
	for id, at := range touched {
		if at.After(cursor) {
			continue
		}
		if at.After(newest) {
			newest = at
		}
		r, err := b.st.Record(ctxT(t), crm.Contacts, id)
		if err != nil {
			t.Fatalf("contact %s modified before the cursor is not stored: %v", id, err)
		}
		if !r.UpdatedAt.Equal(at) {
			t.Fatalf("contact %s stored as of %v, modified %v, cursor %v: the cursor passed unstored data", id, r.UpdatedAt, at, cursor)
		}
	}
	if exact && !newest.Equal(cursor) {
		t.Errorf("cursor %v, newest stored record %v", cursor, newest)
	}
}

// TestPullRetriesOneServerError: a single 500 on a page is resent by the
// client's retry layer and the pull completes in the same task.
func TestPullRetriesOneServerError(t *testing.T) {
	t.Parallel()
	b := setup(t)
	runID := b.start(t, jobs.Scope{Objects: []crm.ObjectType{crm.Contacts}})
	n := 0
	b.crm.beforePull = func(req crm.PullRequest) {
		if n++; n == 2 {
			b.srv.FailNext(listContacts, http.StatusInternalServerError, "")
		}
	}
	if err := b.handle(ctxT(t), b.q.take()[0]); err != nil {
		t.Fatalf("pull with one 500: %v", err)
	}
	if n := b.srv.Calls()[listContacts]; n != 4 {
		t.Errorf("list calls = %d, want 4 (3 pages and 1 resend)", n)
	}
	if r := b.run(t, runID); r.Pulled != nContacts || r.APICalls != 4 {
		t.Errorf("run pulled %d with %d API calls, want %d and 4", r.Pulled, r.APICalls, nContacts)
	}
}

// TestPullRemovesDeletedRecords: a record archived in HubSpot leaves the
// store and its company's members on the next incremental pull, and a full
// pull sweeps stored records HubSpot no longer lists.
func TestPullRemovesDeletedRecords(t *testing.T) {
	t.Parallel()
	for _, obj := range crm.AllObjects {
		t.Run("incremental "+string(obj), func(t *testing.T) {
			t.Parallel()
			b := setup(t)
			ctx := ctxT(t)
			b.sync(t, jobs.Scope{})
			victim, company := pickAssociated(t, b, obj)
			b.srv.Archive(string(obj), victim)

			run := b.sync(t, jobs.Scope{Objects: []crm.ObjectType{obj}})
			if run.State != store.RunSucceeded || run.Deleted != 1 {
				t.Fatalf("run = %+v, want succeeded with 1 deleted", run)
			}
			if status, _ := b.st.Status(ctx, obj); status["mode"] != "incremental" {
				t.Errorf("pull mode = %q, want incremental", status["mode"])
			}
			if _, err := b.st.Record(ctx, obj, victim); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("archived %s %s still stored (err %v)", obj, victim, err)
			}
			if got, want := b.storedIDs(t, obj), b.srv.IDs(string(obj)); !slices.Equal(got, want) {
				t.Errorf("stored %d %s, portal %d", len(got), obj, len(want))
			}
			if obj == crm.Companies {
				for _, typ := range []crm.ObjectType{crm.Contacts, crm.Deals} {
					if m, _ := b.st.Members(ctx, victim, typ); len(m) != 0 {
						t.Errorf("deleted company %s still has %s members %v", victim, typ, m)
					}
				}
				return
			}
			if m, _ := b.st.Members(ctx, company, obj); slices.Contains(m, victim) {
				t.Errorf("company %s members still list archived %s %s", company, obj, victim)
			}
		})
	}

	t.Run("full sweep", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		ctx := ctxT(t)
		b.sync(t, jobs.Scope{})
		archived, company := pickAssociated(t, b, crm.Contacts)
		b.srv.Archive("contacts", archived)
		// A contact HubSpot never had (deleted before archiving existed,
		// or purged): only a full listing can notice it is gone.
		phantom := "5999999"
		if _, err := b.st.UpsertRecords(ctx, []crm.Record{{
			Type: crm.Contacts, ID: phantom, Source: hubspot.Source, UpdatedAt: b.now,
			Associations: map[crm.ObjectType][]string{crm.Companies: {company}},
		}}); err != nil {
			t.Fatal(err)
		}

		run := b.sync(t, jobs.Scope{Objects: []crm.ObjectType{crm.Contacts}, Full: true})
		if run.State != store.RunSucceeded || run.Deleted != 2 {
			t.Fatalf("run = %+v, want succeeded with 2 deleted", run)
		}
		if status, _ := b.st.Status(ctx, crm.Contacts); status["mode"] != "full" {
			t.Errorf("pull mode = %q, want full", status["mode"])
		}
		if got, want := b.storedIDs(t, crm.Contacts), b.srv.IDs("contacts"); !slices.Equal(got, want) {
			t.Errorf("stored %d contacts, portal %d", len(got), len(want))
		}
		m, _ := b.st.Members(ctx, company, crm.Contacts)
		if slices.Contains(m, phantom) || slices.Contains(m, archived) {
			t.Errorf("company %s members %v still list a deleted contact", company, m)
		}
		want := b.srv.Associations("companies", company, "contacts")
		want = slices.DeleteFunc(want, func(id string) bool { return id == archived })
		slices.Sort(want)
		if !slices.Equal(m, want) {
			t.Errorf("company %s members %v, portal %v", company, m, want)
		}
	})
}

// pickAssociated returns a record of obj that has a company, and the
// company (for companies: a company with contacts, and itself).
func pickAssociated(t *testing.T, b *bundle, obj crm.ObjectType) (id, company string) {
	t.Helper()
	for _, id := range b.srv.IDs(string(obj)) {
		if obj == crm.Companies {
			if len(b.srv.Associations("companies", id, "contacts")) > 0 {
				return id, id
			}
			continue
		}
		if cs := b.srv.Associations(string(obj), id, "companies"); len(cs) > 0 {
			return id, cs[0]
		}
	}
	t.Fatalf("no %s with a company", obj)
	return "", ""
}

// TestStoredContactsAreMinimised: e-mail addresses, names and LinkedIn
// profile URLs never reach the store; only has_email, has_linkedin and
// keyed fingerprints do, for full and incremental pulls alike.
func TestStoredContactsAreMinimised(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := ctxT(t)
	b.sync(t, jobs.Scope{})
	check := func(when string) {
		t.Helper()
		withEmail, withLinkedIn := 0, 0
		extra := map[string]bool{}
		for _, id := range b.srv.IDs("contacts") {
			raw, err := b.rdb.Get(ctx, b.st.Keys().Record(crm.Contacts, id)).Result()
			if err != nil {
				t.Fatalf("%s: contact %s: %v", when, id, err)
			}
			if strings.Contains(raw, "@") || strings.Contains(raw, `"firstname"`) || strings.Contains(raw, `"lastname"`) || strings.Contains(raw, "linkedin.com") {
				t.Fatalf("%s: stored contact %s holds an e-mail address: %s", when, id, raw)
			}
			r, _ := b.st.Record(ctx, crm.Contacts, id)
			if _, ok := r.Properties["email"]; ok {
				t.Fatalf("%s: stored contact %s has an email property", when, id)
			}
			hasEmail := b.srv.Object("contacts", id)["email"] != ""
			if hasEmail {
				withEmail++
			}
			if got := r.Properties["has_email"] == "true"; got != hasEmail {
				t.Errorf("%s: contact %s has_email %v, HubSpot has an address: %v", when, id, got, hasEmail)
			}
			hasLinkedIn := b.srv.Object("contacts", id)["hs_linkedin_url"] != ""
			if hasLinkedIn {
				withLinkedIn++
			}
			if got := r.Properties["has_linkedin"] == "true"; got != hasLinkedIn || got != (r.Properties["linkedin_hash"] != "") {
				t.Errorf("%s: contact %s has_linkedin %v (fingerprint %q), HubSpot has a profile URL: %v", when, id, got, r.Properties["linkedin_hash"], hasLinkedIn)
			}
			for p := range r.Properties {
				minimised := p == "has_email" || p == "email_hash" || p == "name_hash" || p == "utk_hash" || p == "has_linkedin" || p == "linkedin_hash"
				if p == "hubspotutk" || p == "hs_linkedin_url" || !slices.Contains(contactNeeds, p) && !minimised && !extra[p] {
					extra[p] = true
					t.Errorf("%s: stored contact %s keeps %s, which no metric reads", when, id, p)
				}
			}
		}
		if withEmail == 0 || withLinkedIn == 0 {
			t.Fatalf("%s: %d portal contacts with an e-mail, %d with a LinkedIn URL: nothing was checked", when, withEmail, withLinkedIn)
		}
	}
	check("after the full pull")
	touchContacts(b)
	b.sync(t, jobs.Scope{Objects: []crm.ObjectType{crm.Contacts}})
	if status, _ := b.st.Status(ctx, crm.Contacts); status["mode"] != "incremental" {
		t.Fatalf("second pull mode = %q", status["mode"])
	}
	check("after the incremental pull")
}

// contactNeeds is every contact property metrics.Compute and key-contact merging
// read, plus the last-modified property the incremental cursor needs.
var contactNeeds = []string{"email", "hs_linkedin_url", "notes_last_contacted", "hs_email_last_open_date", "lastmodifieddate",
	// key-contact merging and roles: the name, job title and buying role
	// a found person is matched against, and the warm paths
	"firstname", "lastname", "jobtitle", "hs_buying_role", "abm_warm_paths",
	// campaign KPIs: funnel stage and the dates the funnel is measured from
	"lifecyclestage", "createdate", "hs_sa_first_engagement_date",
	// engagement signals: forms and meetings
	"recent_conversion_date", "hs_latest_meeting_activity",
	// the tracking cookie, stored only as utk_hash
	"hubspotutk"}

func TestRequest(t *testing.T) {
	t.Parallel()
	defs := metrics.PropertyDefs()
	var abmProps []string
	for _, d := range defs {
		abmProps = append(abmProps, d.Name)
	}
	tests := []struct {
		obj   crm.ObjectType
		need  []string // properties the metrics (or the sync) read
		allow []string // the complete allowed list; nil: anything
		assoc []crm.ObjectType
	}{
		{obj: crm.Companies, need: append([]string{"domain", "hs_is_target_account", "hs_lastmodifieddate"}, abmProps...)},
		{
			obj:   crm.Contacts,
			need:  []string{"email", "hs_linkedin_url", "notes_last_contacted", "hs_email_last_open_date"},
			allow: contactNeeds,
			assoc: []crm.ObjectType{crm.Companies},
		},
		{
			obj:   crm.Deals,
			need:  []string{"dealstage", "hs_is_closed", "hs_is_closed_won", "amount", "createdate", "closedate", "hs_lastmodifieddate"},
			assoc: []crm.ObjectType{crm.Companies, crm.Contacts},
		},
	}
	for _, tt := range tests {
		t.Run(string(tt.obj), func(t *testing.T) {
			req := Request(tt.obj)
			if req.Object != tt.obj || !req.Since.IsZero() || req.Archived || req.Token != "" {
				t.Errorf("Request(%s) = %+v", tt.obj, req)
			}
			for _, p := range tt.need {
				if !slices.Contains(req.Properties, p) {
					t.Errorf("Request(%s) lacks %s", tt.obj, p)
				}
			}
			if tt.allow != nil {
				for _, p := range req.Properties {
					if !slices.Contains(tt.allow, p) {
						t.Errorf("Request(%s) asks for %s, which no metric needs", tt.obj, p)
					}
				}
			}
			sorted := slices.Clone(req.Properties)
			slices.Sort(sorted)
			if len(slices.Compact(sorted)) != len(req.Properties) {
				t.Errorf("Request(%s) repeats a property: %v", tt.obj, req.Properties)
			}
			if !slices.Equal(req.Associations, tt.assoc) {
				t.Errorf("Request(%s) associations = %v, want %v", tt.obj, req.Associations, tt.assoc)
			}
		})
	}
}

// TestRequestPropertiesExistInHubSpot: every property a pull asks for is a
// HubSpot default property (or one of abmsync's, once created), so HubSpot
// never silently omits one.
func TestRequestPropertiesExistInHubSpot(t *testing.T) {
	t.Parallel()
	srv := hubspottest.NewServer(hubspottest.Options{})
	defer srv.Close()
	for _, obj := range crm.AllObjects {
		for _, p := range Request(obj).Properties {
			if strings.HasPrefix(p, "abm_") {
				continue
			}
			if _, ok := srv.Property(string(obj), p); !ok {
				t.Errorf("Request(%s) asks for %s, which HubSpot does not define", obj, p)
			}
		}
	}
}

// TestPullEnqueueConflictIsSuccess: a retried pull whose successor is
// already queued (same TaskID) succeeds.
func TestPullEnqueueConflictIsSuccess(t *testing.T) {
	t.Parallel()
	b := setup(t)
	b.start(t, jobs.Scope{Objects: []crm.ObjectType{crm.Companies}})
	task := b.q.take()[0]
	b.q.failNext(asynq.ErrTaskIDConflict)
	if err := b.handle(ctxT(t), task); err != nil {
		t.Fatalf("pull whose successor exists: %v", err)
	}
	b.q.failNext(errors.New("redis: connection refused"))
	err := b.handle(ctxT(t), task)
	if err == nil || !strings.Contains(err.Error(), "enqueue "+jobs.TypeMetricsCompute) {
		t.Fatalf("pull whose successor could not be enqueued: %v", err)
	}
}

// TestPullCancelled returns the context's error.
func TestPullCancelled(t *testing.T) {
	t.Parallel()
	b := setup(t)
	b.start(t, jobs.Scope{})
	task := b.q.take()[0]
	ctx, cancel := context.WithCancel(ctxT(t))
	b.crm.beforePull = func(crm.PullRequest) { cancel() }
	err := b.handle(ctx, task)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled pull = %v, want context.Canceled", err)
	}
}

// TestPullDeletionGuard: a record counts as deleted only when the archived
// listing marks it archived, and a run that would delete more than the
// allowed share of an object's records stops instead, unless its scope
// allows mass deletion.
func TestPullDeletionGuard(t *testing.T) {
	t.Parallel()

	t.Run("archived listing returns live records", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		ctx := ctxT(t)
		b.sync(t, jobs.Scope{})
		victim, _ := pickAssociated(t, b, crm.Contacts)
		b.srv.Archive("contacts", victim)
		// A proxy in front of HubSpot that drops the archived flag: the
		// listing now looks like live records.
		proxy := httptest.NewServer(&httputil.ReverseProxy{
			Rewrite: func(r *httputil.ProxyRequest) {
				u, _ := url.Parse(b.srv.URL())
				r.SetURL(u)
			},
			ModifyResponse: func(resp *http.Response) error {
				if resp.Request.URL.Query().Get("archived") != "true" {
					return nil
				}
				body, err := io.ReadAll(resp.Body)
				if err != nil {
					return err
				}
				body = bytes.ReplaceAll(body, []byte(`"archived":true`), []byte(`"archived":false`))
				resp.Body = io.NopCloser(bytes.NewReader(body))
				resp.ContentLength = int64(len(body))
				resp.Header.Set("Content-Length", strconv.Itoa(len(body)))
				return nil
			},
		})
		t.Cleanup(proxy.Close)
		hs, err := hubspot.New(hubspot.Config{BaseURL: proxy.URL, AccessToken: hubspottest.DefaultAccessToken,
			RequestsPer10s: 10000, SearchPerSecond: 1000}, &http.Client{Timeout: 10 * time.Second})
		if err != nil {
			t.Fatal(err)
		}
		b.deps.CRM = hs
		before := len(b.storedIDs(t, crm.Contacts))

		run := b.sync(t, jobs.Scope{Objects: []crm.ObjectType{crm.Contacts}})
		if run.State != store.RunSucceeded || run.Deleted != 0 || !strings.Contains(run.Warning, "not marked archived") {
			t.Fatalf("run = %+v; want succeeded, nothing deleted, a warning", run)
		}
		if after := len(b.storedIDs(t, crm.Contacts)); after != before {
			t.Errorf("stored contacts %d -> %d", before, after)
		}
		if _, err := b.st.Record(ctx, crm.Contacts, victim); err != nil {
			t.Errorf("contact %s deleted on a listing that did not mark it archived: %v", victim, err)
		}
	})

	for _, tc := range []struct {
		name string
		full bool
	}{{"full sync", true}, {"incremental sync", false}} {
		t.Run("mass delete, "+tc.name, func(t *testing.T) {
			t.Parallel()
			b := setup(t)
			ctx := ctxT(t)
			b.sync(t, jobs.Scope{})
			ids := b.srv.IDs("contacts")
			gone := ids[:len(ids)/3] // 33 % > the default 20 %
			for _, id := range gone {
				b.srv.Archive("contacts", id)
			}
			scope := jobs.Scope{Objects: []crm.ObjectType{crm.Contacts}, Full: tc.full}
			id := b.start(t, scope)
			queue := b.q.take()
			var runErr error
			for len(queue) > 0 && runErr == nil {
				task := queue[0]
				queue = append(queue[1:], nil)[:len(queue)-1]
				if runErr = b.handle(ctx, task); runErr != nil {
					b.deps.HandleError(ctx, task, runErr)
					break
				}
				queue = append(queue, b.q.take()...)
			}
			var mass *store.MassDeleteError
			if !errors.As(runErr, &mass) || !errors.Is(runErr, asynq.SkipRetry) || mass.Gone != len(gone) {
				t.Fatalf("run error = %v; want a permanent mass-delete error for %d records", runErr, len(gone))
			}
			if r := b.run(t, id); r.State != store.RunFailed || !strings.Contains(r.Error, "--allow-mass-delete") {
				t.Errorf("run = %s %q; want failed naming --allow-mass-delete", r.State, r.Error)
			}
			if n := len(b.storedIDs(t, crm.Contacts)); n != len(ids) {
				t.Errorf("%d contacts stored after the refused sweep, want all %d", n, len(ids))
			}

			// What the error says to do: a full sync that may delete them.
			scope.Full, scope.AllowMassDelete = true, true
			run := b.sync(t, scope)
			if run.State != store.RunSucceeded || run.Deleted != int64(len(gone)) {
				t.Fatalf("allowed run = %+v; want %d deleted", run, len(gone))
			}
			if n := len(b.storedIDs(t, crm.Contacts)); n != len(ids)-len(gone) {
				t.Errorf("%d contacts stored, want %d", n, len(ids)-len(gone))
			}
		})
	}
}

// TestPullReadAhead runs full pulls through the client's read-ahead
// (hubspot.Client.Pages, as the daemon does), with the portal failing the
// second page however far ahead the client reads: a garbage answer fails
// the task after the first page is stored and its token saved, and the
// retry resumes there; a single 500 is resent and the pull completes.
func TestPullReadAhead(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		status    int
		body      string
		wantError bool
	}{
		{name: "garbage page", status: http.StatusOK, body: "<html><body>502 Bad Gateway</body></html>", wantError: true},
		{name: "one 500", status: http.StatusInternalServerError},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			b := setup(t)
			b.crm.ahead = true
			ctx := ctxT(t)
			runID := b.start(t, jobs.Scope{Objects: []crm.ObjectType{crm.Contacts}})
			task := b.q.take()[0]
			b.srv.ResetCalls()
			b.srv.Inject(hubspottest.Fault{Pattern: listContacts, Status: tt.status, Body: tt.body, Skip: 1})
			err := b.handle(ctx, task)
			if !tt.wantError {
				if err != nil {
					t.Fatalf("pull with one 500 on page 2: %v", err)
				}
				if n := b.srv.Calls()[listContacts]; n != 4 {
					t.Errorf("list calls = %d, want 4 (3 pages and 1 resend)", n)
				}
				if r := b.run(t, runID); r.Pulled != nContacts || r.APICalls != 4 {
					t.Errorf("run pulled %d with %d API calls, want %d and 4", r.Pulled, r.APICalls, nContacts)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), "pull contacts") {
				t.Fatalf("pull over a garbage page = %v, want an error naming the pull", err)
			}
			token, _ := b.st.RunToken(ctx, runID, string(crm.Contacts))
			if token == "" {
				t.Fatal("no continuation token saved after the first page")
			}
			if n := len(b.storedIDs(t, crm.Contacts)); n != hubspot.MaxListLimit {
				t.Errorf("stored %d contacts after one good page, want %d", n, hubspot.MaxListLimit)
			}
			if r := b.run(t, runID); r.Pulled != hubspot.MaxListLimit || r.APICalls != 2 {
				t.Errorf("after the failure the run counts %d pulled and %d calls, want %d and 2", r.Pulled, r.APICalls, hubspot.MaxListLimit)
			}
			b.crm.pullLog()
			if err := b.handle(ctx, task); err != nil {
				t.Fatalf("retried pull: %v", err)
			}
			if log := b.crm.pullLog(); len(log) == 0 || log[0].Token != token {
				t.Fatalf("retry did not resume from the saved token %q: %v", token, log)
			}
			if got, want := b.storedIDs(t, crm.Contacts), b.srv.IDs("contacts"); !slices.Equal(got, want) {
				t.Errorf("stored %d contacts, portal has %d", len(got), len(want))
			}
			if n := b.srv.Calls()[listContacts]; n != 4 {
				t.Errorf("list calls = %d, want 4 (page 1 once, page 2 twice, page 3 once)", n)
			}
			if r := b.run(t, runID); r.Pulled != nContacts {
				t.Errorf("run pulled %d records, want %d: a page was counted twice", r.Pulled, nContacts)
			}
		})
	}
}

// TestPullReadAheadCancelled: cancelling a read-ahead pull returns the
// context's error, not a finished listing.
func TestPullReadAheadCancelled(t *testing.T) {
	t.Parallel()
	b := setup(t)
	b.crm.ahead = true
	b.start(t, jobs.Scope{Objects: []crm.ObjectType{crm.Contacts}})
	task := b.q.take()[0]
	ctx, cancel := context.WithCancel(ctxT(t))
	b.crm.beforePull = func(crm.PullRequest) { cancel() }
	if err := b.handle(ctx, task); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled pull = %v, want context.Canceled", err)
	}
	if q := b.q.take(); len(q) != 0 {
		t.Errorf("a cancelled pull enqueued %v", types(q))
	}
}

// TestPullAlreadyFinished: a pull task that runs again after its object
// was pulled (taken over, or enqueued again by Reap) lists nothing and
// passes the run on to the computation.
func TestPullAlreadyFinished(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := ctxT(t)
	b.start(t, jobs.Scope{Objects: []crm.ObjectType{crm.Deals}})
	task := b.q.take()[0]
	if err := b.handle(ctx, task); err != nil {
		t.Fatal(err)
	}
	if q := b.q.take(); len(q) != 1 || q[0].Type() != jobs.TypeMetricsCompute {
		t.Fatalf("first run enqueued %v", types(q))
	}
	b.srv.ResetCalls()
	if err := b.handle(ctx, task); err != nil {
		t.Fatalf("pull run again: %v", err)
	}
	if n := b.srv.Calls()["total"]; n != 0 {
		t.Errorf("a finished pull run again made %d API calls", n)
	}
	if q := b.q.take(); len(q) != 1 || q[0].Type() != jobs.TypeMetricsCompute {
		t.Errorf("a finished pull run again enqueued %v, want the computation (a no-op by TaskID when it exists)", types(q))
	}
}

// TestFreshFullPull: a full pull into a store that held none of the object
// marks nothing seen and sweeps nothing (there is nothing to sweep), and
// keeps that decision for its retries: TestPullFailsMidwayAndResumes shows
// a retry after the first page stored still ends with every record.
func TestFreshFullPull(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := ctxT(t)
	runID := b.start(t, jobs.Scope{Objects: []crm.ObjectType{crm.Contacts}})
	if err := b.handle(ctx, b.q.take()[0]); err != nil {
		t.Fatal(err)
	}
	if n, _ := b.rdb.Exists(ctx, b.st.Keys().Seen(runID, crm.Contacts)).Result(); n != 0 {
		t.Error("a fresh full pull marked its records seen")
	}
	if f, _ := b.st.RunFields(ctx, runID, "fresh:contacts"); f["fresh:contacts"] == "" {
		t.Error("the fresh decision is not saved with the pull's start")
	}
	if got, want := b.storedIDs(t, crm.Contacts), b.srv.IDs("contacts"); !slices.Equal(got, want) {
		t.Errorf("stored %d contacts, portal %d", len(got), len(want))
	}
	// The next full pull finds a store with contacts: it marks and sweeps.
	run := b.sync(t, jobs.Scope{Objects: []crm.ObjectType{crm.Contacts}, Full: true})
	if f, _ := b.st.RunFields(ctx, run.ID, "fresh:contacts"); f["fresh:contacts"] != "" {
		t.Error("a full pull into a filled store took itself for fresh")
	}
}
