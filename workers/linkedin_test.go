package workers

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hibiken/asynq"

	"github.com/abmsync/abmsync/campaign"
	"github.com/abmsync/abmsync/connectors/hubspot"
	"github.com/abmsync/abmsync/connectors/hubspot/hubspottest"
	"github.com/abmsync/abmsync/connectors/linkedin"
	"github.com/abmsync/abmsync/connectors/linkedin/linkedintest"
	"github.com/abmsync/abmsync/crm"
	"github.com/abmsync/abmsync/internal/clocktest"
	"github.com/abmsync/abmsync/internal/redistest"
	"github.com/abmsync/abmsync/internal/telemetry"
	"github.com/abmsync/abmsync/jobs"
	"github.com/abmsync/abmsync/metrics"
	"github.com/abmsync/abmsync/store"
)

// linkedInDB is the database of the LinkedIn sync tests (a prefix each).
const linkedInDB = 12

const liSegmentName = "abmsync test campaign"

// liEnv is one LinkedIn sync test's world: a store on the real Redis, a
// fake HubSpot portal holding the companies, a fake LinkedIn and the
// handler's Deps.
type liEnv struct {
	st    *store.Store
	hs    *hubspottest.Server
	li    *linkedintest.Server
	deps  *Deps
	now   time.Time
	clock *clocktest.Fake
	// targets are the target company ids, in ID order.
	targets []string
}

type liOptions struct {
	linkedin linkedintest.Options
	// props are extra stored properties by target index.
	props map[int]map[string]string
	// companies is how many companies the portal holds, half of them
	// targets (default 12).
	companies int
}

func newLIEnv(t *testing.T, o liOptions) *liEnv {
	t.Helper()
	rdb := redistest.Client(t, linkedInDB, false)
	now := time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
	e := &liEnv{st: store.New(rdb, redistest.Prefix(t, rdb)), now: now, clock: clocktest.NewFrozen(now)}
	if o.companies == 0 {
		o.companies = 12
	}
	e.hs = hubspottest.NewServer(hubspottest.Options{Data: hubspottest.Generate(hubspottest.GenOptions{
		Companies: o.companies, TargetShare: 0.5, Seed: 3, Now: now})})
	t.Cleanup(e.hs.Close)
	hs, err := hubspot.New(hubspot.Config{BaseURL: e.hs.URL(), AccessToken: hubspottest.DefaultAccessToken,
		RequestsPer10s: 10000, SearchPerSecond: 1000}, &http.Client{Timeout: 10 * time.Second, Transport: e.hs.Client().Transport})
	if err != nil {
		t.Fatal(err)
	}
	o.linkedin.Clock = func() time.Time { return now }
	e.li = linkedintest.NewServer(o.linkedin)
	t.Cleanup(e.li.Close)
	client, err := linkedin.New(linkedin.Config{
		BaseURL: e.li.URL(), Version: "202610", AdAccount: e.li.AdAccount(), SourcePlatform: e.li.SourcePlatform(),
		AccessToken: e.li.AccessToken(), Clock: e.clock,
	}, e.li.Client(), nil)
	if err != nil {
		t.Fatal(err)
	}
	m := telemetry.New()
	e.deps = &Deps{
		Service: &campaign.Service{Store: e.st, Settings: testSettings,
			Logger: slog.New(slog.DiscardHandler), Now: func() time.Time { return e.now }},
		CRM: hs, Queue: &recEnqueuer{}, Metrics: m,
		LinkedIn: &LinkedIn{Client: client, SegmentName: liSegmentName, WindowDays: 30, Metrics: m.RegisterLinkedIn()},
	}
	ctx := t.Context()
	var companies []crm.Record
	req := Request(crm.Companies)
	for {
		page, err := hs.Pull(ctx, req)
		if err != nil {
			t.Fatalf("pull companies: %v", err)
		}
		companies = append(companies, page.Records...)
		if page.Next == "" {
			break
		}
		req.Token = page.Next
	}
	var targets []crm.Record
	for _, c := range companies {
		if metrics.IsTarget(c, testSettings) {
			targets = append(targets, c)
		}
	}
	slices.SortFunc(targets, func(a, b crm.Record) int { return strings.Compare(a.ID, b.ID) })
	for i := range targets {
		for k, v := range o.props[i] {
			targets[i].Properties[k] = v
		}
		e.targets = append(e.targets, targets[i].ID)
	}
	if _, err := e.st.UpsertRecords(ctx, companies); err != nil {
		t.Fatal(err)
	}
	if _, err := e.st.UpsertRecords(ctx, targets); err != nil {
		t.Fatal(err)
	}
	if len(e.targets) != o.companies/2 {
		t.Fatalf("%d targets, want %d", len(e.targets), o.companies/2)
	}
	return e
}

// sync runs one linkedin:sync run through the handler and returns the run
// and the handler's error. A failed task goes through HandleError as asynq
// would send it when no retry is left.
func (e *liEnv) sync(t *testing.T) (store.Run, error) {
	t.Helper()
	ctx := t.Context()
	scope := jobs.Scope{Source: jobs.SourceLinkedIn}
	id := newRunID(e.now)
	if err := e.st.CreateRun(ctx, store.Run{ID: id, Trigger: string(jobs.TriggerAdmin), ScopeKey: scope.Key(), State: store.RunQueued, CreatedAt: e.now}); err != nil {
		t.Fatal(err)
	}
	task, err := jobs.NewLinkedInSyncTask(jobs.LinkedInSyncPayload{RunID: id, Scope: scope, Queue: jobs.QueueAdmin})
	if err != nil {
		t.Fatal(err)
	}
	herr := (&LinkedInSyncHandler{e.deps}).ProcessTask(ctx, task)
	if herr != nil {
		e.deps.HandleError(ctx, task, herr)
	}
	run, err := e.st.GetRun(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	return run, herr
}

// segment returns the one segment of the fake.
func (e *liEnv) segment(t *testing.T) linkedintest.SegmentInfo {
	t.Helper()
	segs := e.li.Segments()
	if len(segs) != 1 {
		t.Fatalf("%d segments, want 1: %+v", len(segs), segs)
	}
	return segs[0]
}

func (e *liEnv) domainKey(t *testing.T, i int) string {
	t.Helper()
	return "domain:" + crm.NormalizeDomain(e.hs.Company(e.targets[i])["domain"])
}

// companiesElements returns the elements of the segment-companies calls
// made since the last Reset.
func (e *liEnv) companiesElements(t *testing.T) []map[string]string {
	t.Helper()
	var out []map[string]string
	for _, r := range e.li.Requests() {
		if r.Key != "POST /rest/dmpSegments/{id}/companies" {
			continue
		}
		var body struct {
			Elements []map[string]string `json:"elements"`
		}
		if err := json.Unmarshal(r.Body, &body); err != nil {
			t.Fatal(err)
		}
		out = append(out, body.Elements...)
	}
	return out
}

func hubspotWrites(calls map[string]int) int {
	n := 0
	for k, c := range calls {
		if strings.HasPrefix(k, "POST /crm/") {
			n += c
		}
	}
	return n
}

func TestLinkedInSync(t *testing.T) {
	t.Parallel()
	org1, org2 := "urn:li:organization:10001", "urn:li:organization:10002"
	now := time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
	day := func(ago int) time.Time { return now.AddDate(0, 0, -ago) }
	e := newLIEnv(t, liOptions{
		props: map[int]map[string]string{
			0: {metrics.PropLinkedInOrgURN: org1},
			1: {metrics.PropLinkedInCompanyPage: "https://www.linkedin.com/company/10002/"},
		},
		linkedin: linkedintest.Options{Engagement: []linkedintest.EngagementRow{
			{Organization: org1, Day: day(1), Impressions: 10, Clicks: 2, Engagements: 3},
			{Organization: org1, Day: day(3), Impressions: 5, Clicks: 1, Engagements: 1},
			{Organization: org1, Day: day(40), Impressions: 900, Clicks: 90}, // outside the window
			{Organization: org2, Day: day(0), Impressions: 4},
			{Organization: org2, Day: day(2), Impressions: 2, Clicks: 2}, // withheld (< 3)
			{Organization: "urn:li:organization:10009", Day: day(5), Impressions: 20, Clicks: 4},
		}},
	})
	ctx := t.Context()

	run, err := e.sync(t)
	if err != nil || run.State != store.RunSucceeded {
		t.Fatalf("first sync: %v, run %+v", err, run)
	}
	seg := e.segment(t)
	if seg.Name != liSegmentName || seg.Type != "COMPANY" {
		t.Errorf("segment = %+v", seg)
	}
	want := []string{org1, org2}
	for i := 2; i < 6; i++ {
		want = append(want, e.domainKey(t, i))
	}
	slices.Sort(want)
	if !slices.Equal(seg.Members, want) {
		t.Errorf("segment members = %v, want %v", seg.Members, want)
	}
	f, _ := e.st.RunFields(ctx, run.ID, counterLinkedInAdded)
	if f[counterLinkedInAdded] != "6" {
		t.Errorf("linkedin_added = %q, want 6", f[counterLinkedInAdded])
	}
	for _, el := range e.companiesElements(t) {
		if el["organizationUrn"] != "" && (el["companyWebsiteDomain"] != "" || el["companyName"] != "") {
			t.Errorf("element with URN also names domain or name: %v", el)
		}
		if el["organizationUrn"] == "" && (el["companyWebsiteDomain"] == "" || el["companyName"] == "") {
			t.Errorf("element without URN lacks domain or name: %v", el)
		}
	}

	// Engagement: what LinkedIn reported in the window, nothing else.
	checks := []struct{ id, impressions, clicks string }{
		{e.targets[0], "15", "3"},
		{e.targets[1], "4", "0"},
	}
	for _, c := range checks {
		got := e.hs.Company(c.id)
		if got[metrics.PropLinkedInImpressions] != c.impressions || got[metrics.PropLinkedInClicks] != c.clicks {
			t.Errorf("company %s: impressions %q clicks %q, want %s %s", c.id,
				got[metrics.PropLinkedInImpressions], got[metrics.PropLinkedInClicks], c.impressions, c.clicks)
		}
	}
	for _, id := range e.targets[2:] {
		if v, ok := e.hs.Company(id)[metrics.PropLinkedInImpressions]; ok {
			t.Errorf("company %s without URN got impressions %q", id, v)
		}
	}
	if run.Pushed != 2 || !strings.Contains(run.Warning, "4 of 6 target accounts have no LinkedIn organization") {
		t.Errorf("run pushed %d, warning %q", run.Pushed, run.Warning)
	}
	totals, err := e.st.EngagementTotals(ctx, day(29), day(0))
	if err != nil {
		t.Fatal(err)
	}
	if got := totals["urn:li:organization:10009"]; got.Impressions != 20 || got.Clicks != 4 {
		t.Errorf("stored engagement of a non-target = %+v, want as reported", got)
	}
	if _, ok := totals[org1]; !ok || totals[org1].Engagements != 4 {
		t.Errorf("stored engagement of %s = %+v", org1, totals[org1])
	}

	if n := hubspotWrites(e.hs.Calls()); n < 2 { // properties ensured, companies written
		t.Errorf("first sync wrote %d times to HubSpot: %v", n, e.hs.Calls())
	}

	// Second run: nothing changed, so nothing is created, sent or written.
	e.li.Reset()
	e.hs.ResetCalls()
	run, err = e.sync(t)
	if err != nil || run.State != store.RunSucceeded {
		t.Fatalf("second sync: %v, run %+v", err, run)
	}
	calls := e.li.Calls()
	if calls["POST /rest/dmpSegments"] != 0 || calls["POST /rest/dmpSegments/{id}/companies"] != 0 {
		t.Errorf("second sync LinkedIn calls = %v, want no writes", calls)
	}
	if n := hubspotWrites(e.hs.Calls()); n != 0 || run.Pushed != 0 {
		t.Errorf("second sync wrote %d times to HubSpot (pushed %d), want none: %v", n, run.Pushed, e.hs.Calls())
	}

	// Target 3 stops being a target: it is removed, by domain and name as
	// it was added.
	gone, err := e.st.Record(ctx, crm.Companies, e.targets[3])
	if err != nil {
		t.Fatal(err)
	}
	gone.Properties["hs_is_target_account"] = "false"
	if _, err := e.st.UpsertRecords(ctx, []crm.Record{gone}); err != nil {
		t.Fatal(err)
	}
	e.li.Reset()
	if run, err = e.sync(t); err != nil || run.State != store.RunSucceeded {
		t.Fatalf("third sync: %v, run %+v", err, run)
	}
	els := e.companiesElements(t)
	if len(els) != 1 || els[0]["action"] != "REMOVE" || "domain:"+els[0]["companyWebsiteDomain"] != e.domainKey(t, 3) || els[0]["companyName"] == "" {
		t.Errorf("third sync elements = %v, want one REMOVE of target 3", els)
	}
	if seg := e.segment(t); slices.Contains(seg.Members, e.domainKey(t, 3)) || len(seg.Members) != 5 {
		t.Errorf("members after removal = %v", seg.Members)
	}
	members, _ := e.st.AudienceMembers(ctx, seg.ID)
	if _, ok := members[e.targets[3]]; ok || len(members) != 5 {
		t.Errorf("recorded audience = %v", members)
	}
}

func TestLinkedInSyncElementRefused(t *testing.T) {
	t.Parallel()
	e := newLIEnv(t, liOptions{props: map[int]map[string]string{
		2: {"domain": "bad_domain.example"}, // LinkedIn refuses the domain
	}})
	run, err := e.sync(t)
	if err != nil || run.State != store.RunSucceeded {
		t.Fatalf("sync: %v, run %+v", err, run)
	}
	if run.Failed != 1 || !strings.Contains(run.Warning, "linkedin audience: 1 of 6 companies refused: ADD bad_domain.example") ||
		!strings.Contains(run.Warning, "Invalid companyWebsiteDomain") {
		t.Errorf("run failed %d, warning %q", run.Failed, run.Warning)
	}
	members, err := e.st.AudienceMembers(t.Context(), e.segment(t).ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := members[e.targets[2]]; ok || len(members) != 5 {
		t.Errorf("recorded audience = %v, want the 5 accepted", members)
	}
	// The refused company is tried again next time, alone.
	e.li.Reset()
	if _, err := e.sync(t); err != nil {
		t.Fatal(err)
	}
	if els := e.companiesElements(t); len(els) != 1 || els[0]["companyWebsiteDomain"] != "bad_domain.example" {
		t.Errorf("second sync elements = %v, want the refused one again", els)
	}
}

func TestLinkedInSyncNewSegmentNotFoundYet(t *testing.T) {
	t.Parallel()
	e := newLIEnv(t, liOptions{linkedin: linkedintest.Options{NotFoundReads: 2}})
	run, err := e.sync(t)
	if err != nil || run.State != store.RunSucceeded {
		t.Fatalf("sync: %v, run %+v", err, run)
	}
	calls := e.li.Calls()
	if calls["POST /rest/dmpSegments"] != 1 || calls["POST /rest/dmpSegments/{id}/companies"] != 3 {
		t.Errorf("calls = %v, want 1 create and 2 404s before the companies went in", calls)
	}
	if seg := e.segment(t); len(seg.Members) != 6 {
		t.Errorf("members = %v", seg.Members)
	}
	// Run again: the segment is found, not created a second time.
	if _, err := e.sync(t); err != nil {
		t.Fatal(err)
	}
	if n := e.li.Calls()["POST /rest/dmpSegments"]; n != 1 {
		t.Errorf("segment created %d times", n)
	}
}

func TestLinkedInSyncFailsForGood(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		opts    linkedintest.Options
		prepare func(e *liEnv)
		is      error
		msg     string
	}{
		{"version retired", linkedintest.Options{RetiredVersions: []string{"202610"}}, nil,
			linkedin.ErrVersionRetired, "set ABMSYNC_LINKEDIN_VERSION to a current YYYYMM version"},
		{"token expired", linkedintest.Options{}, func(e *liEnv) { e.li.ExpireToken(e.li.AccessToken()) },
			linkedin.ErrUnauthorized, "EXPIRED_ACCESS_TOKEN"},
		{"not configured", linkedintest.Options{}, func(e *liEnv) { e.deps.LinkedIn = nil },
			nil, "LinkedIn is not configured"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := newLIEnv(t, liOptions{linkedin: tt.opts})
			if tt.prepare != nil {
				tt.prepare(e)
			}
			run, err := e.sync(t)
			if !errors.Is(err, asynq.SkipRetry) || (tt.is != nil && !errors.Is(err, tt.is)) {
				t.Fatalf("err = %v, want a permanent error (SkipRetry) matching %v", err, tt.is)
			}
			if run.State != store.RunFailed || !strings.Contains(run.Error, tt.msg) || !strings.HasPrefix(run.Error, jobs.TypeLinkedInSync) {
				t.Errorf("run %s: %q, want failed naming %q", run.State, run.Error, tt.msg)
			}
			if h := slotHolder(t, e.st, jobs.Scope{Source: jobs.SourceLinkedIn}); h != "" {
				t.Errorf("scope still held by %s", h)
			}
		})
	}
}

func TestLinkedInSyncLogsWarnings(t *testing.T) {
	t.Parallel()
	e := newLIEnv(t, liOptions{})
	calls := 0
	e.deps.LinkedIn.Warnings = func(context.Context) []string {
		calls++
		return []string{"LinkedIn refresh token expires on 2026-12-01 (in 4 days)"}
	}
	run, err := e.sync(t)
	if err != nil {
		t.Fatal(err)
	}
	if calls != 1 || !strings.Contains(run.Warning, "refresh token expires on 2026-12-01") {
		t.Errorf("warnings called %d times; run warning %q", calls, run.Warning)
	}
}

func TestLinkedInOrgURN(t *testing.T) {
	t.Parallel()
	tests := []struct {
		props map[string]string
		want  string
	}{
		{map[string]string{metrics.PropLinkedInOrgURN: "urn:li:organization:42"}, "urn:li:organization:42"},
		{map[string]string{metrics.PropLinkedInOrgURN: " 42 "}, "urn:li:organization:42"},
		{map[string]string{metrics.PropLinkedInCompanyPage: "https://www.linkedin.com/company/1337"}, "urn:li:organization:1337"},
		{map[string]string{metrics.PropLinkedInCompanyPage: "https://www.linkedin.com/company/acme-gmbh/"}, ""},
		{map[string]string{metrics.PropLinkedInOrgURN: "urn:li:person:1"}, ""},
		{nil, ""},
	}
	for _, tt := range tests {
		if got := metrics.LinkedInOrgURN(crm.Record{Properties: tt.props}); got != tt.want {
			t.Errorf("LinkedInOrgURN(%v) = %q, want %q", tt.props, got, tt.want)
		}
	}
}
