package workers

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/hibiken/asynq"

	"github.com/abmsync/abmsync/connectors/linkedin"
	"github.com/abmsync/abmsync/crm"
	"github.com/abmsync/abmsync/internal/telemetry"
	"github.com/abmsync/abmsync/jobs"
	"github.com/abmsync/abmsync/metrics"
	"github.com/abmsync/abmsync/store"
)

// LinkedInAPI is what the LinkedIn sync needs of *linkedin.Client.
type LinkedInAPI interface {
	FindOrCreateCompanySegment(ctx context.Context, name string) (linkedin.Segment, error)
	UpdateCompanies(ctx context.Context, segmentID string, elems []linkedin.CompanyElement) (linkedin.BatchResult, error)
	CompanyEngagement(ctx context.Context, from, to time.Time) ([]crm.EngagementDay, error)
	// SearchEmployers is the Ad Targeting employers typeahead, for
	// organization URNs the CRM lacks.
	SearchEmployers(ctx context.Context, query string) ([]linkedin.Employer, error)
	// Calls counts the client's HTTP attempts, for the run's api_calls.
	Calls() int64
}

// LinkedIn is what the linkedin:sync handler needs; nil in Deps means
// LinkedIn is not configured.
type LinkedIn struct {
	Client LinkedInAPI
	// SegmentName names the campaign's Matched Audience (DMP segment).
	SegmentName string
	// WindowDays is the rolling engagement window in days (default 30).
	WindowDays int
	// Warnings returns what an operator must hear about the LinkedIn
	// connection (token expiry) and updates the expiry gauge; nil: none.
	Warnings func(ctx context.Context) []string
	// Metrics counts audience elements; nil counts nothing.
	Metrics *telemetry.LinkedInMetrics
	// Aliases maps a company id to other names it goes by on LinkedIn
	// (linkedin.aliases): an employer with such a name is accepted too.
	Aliases map[string][]string
	// MaxLookups caps the employers typeahead calls of one sync (0:
	// DefaultMaxOrgLookups).
	MaxLookups int
}

// LinkedInSyncHandler handles jobs.TypeLinkedInSync.
type LinkedInSyncHandler struct{ *Deps }

var _ asynq.Handler = (*LinkedInSyncHandler)(nil)

// Run counters of the LinkedIn sync, beside the store's Counter* ones.
const (
	counterLinkedInAdded   = "linkedin_added"
	counterLinkedInRemoved = "linkedin_removed"
)

// ProcessTask runs the LinkedIn sync: the target accounts are synced into
// the Matched Audience (ADD and REMOVE of what changed since the last
// sync), then LinkedIn's engagement per organization for the rolling window
// is stored per day and written to the target accounts whose organization
// URN is known, changed values only. Elements LinkedIn refuses and records
// the CRM refuses are warnings on the run and are tried again next time;
// LinkedIn's errors that no retry can fix (401, 426, bad configuration) end
// the run failed.
func (h *LinkedInSyncHandler) ProcessTask(ctx context.Context, t *asynq.Task) error {
	var p jobs.LinkedInSyncPayload
	if err := jobs.Decode(t, &p); err != nil {
		return err
	}
	if err := h.step(ctx, p.RunID, p.Scope, "linkedin audience"); err != nil {
		return err
	}
	li := h.LinkedIn
	if li == nil || li.Client == nil {
		return fmt.Errorf("linkedin sync: LinkedIn is not configured: set ABMSYNC_LINKEDIN_CLIENT_ID (connect flow) or ABMSYNC_LINKEDIN_ACCESS_TOKEN: %w", asynq.SkipRetry)
	}
	log := h.Logger.With("run", p.RunID, "connector", "linkedin")
	var warnings []string
	if li.Warnings != nil {
		for _, w := range li.Warnings(ctx) {
			log.Warn(w)
			warnings = append(warnings, w)
		}
	}
	calls := li.Client.Calls()
	var crmCalls int
	defer func() {
		// Counted on failure too: the calls were made.
		_ = h.Store.AddRunCounters(context.WithoutCancel(ctx), p.RunID, map[string]int64{
			store.CounterAPICalls: li.Client.Calls() - calls + int64(crmCalls),
		})
	}()

	targets, err := TargetAccounts(ctx, h.Store, h.Settings, "")
	if err != nil {
		return err
	}
	_ = h.Store.AddRunCounters(ctx, p.RunID, map[string]int64{store.CounterComputed: int64(len(targets))})
	urns, w, err := h.resolveOrganizations(ctx, p, li, targets, &crmCalls)
	warnings = append(warnings, w...)
	if err != nil {
		return err
	}
	w, err = h.syncAudience(ctx, p, li, targets, urns)
	warnings = append(warnings, w...)
	if err != nil {
		return err
	}
	if err := h.step(ctx, p.RunID, p.Scope, "linkedin engagement"); err != nil {
		return err
	}
	w, err = h.syncEngagement(ctx, p, li, targets, urns, &crmCalls)
	warnings = append(warnings, w...)
	if err != nil {
		return err
	}
	if len(warnings) > 0 {
		_ = h.Store.UpdateRun(ctx, p.RunID, map[string]string{"warning": strings.Join(warnings, "; ")})
	}
	h.Metrics.Tasks.WithLabelValues(jobs.TypeLinkedInSync, "ok").Inc()
	h.finish(ctx, p.RunID, p.Scope, nil)
	return nil
}

// audienceMember is how company is identified to LinkedIn: by its
// organization URN when known, else by website domain and name.
func audienceMember(company crm.Record, urn string) store.AudienceMember {
	if urn != "" {
		return store.AudienceMember{OrganizationURN: urn}
	}
	domain := crm.NormalizeDomain(company.Properties["domain"])
	if domain == "" {
		domain = crm.NormalizeDomain(company.Properties["website"])
	}
	return store.AudienceMember{Domain: domain, Name: strings.TrimSpace(company.Properties["name"])}
}

// syncAudience brings the segment in line with targets. Companies that
// LinkedIn would see as one (same identification) are sent once. It returns
// warnings for elements LinkedIn refused; those are not recorded as synced,
// so the next run tries them again.
//
// A company synced by domain and name whose URN became known later stays
// in the segment as it was sent: a REMOVE by domain beside an ADD by URN of
// the same company could take it out of the audience.
func (h *LinkedInSyncHandler) syncAudience(ctx context.Context, p jobs.LinkedInSyncPayload, li *LinkedIn, targets []crm.Record, urns map[string]string) ([]string, error) {
	seg, err := li.Client.FindOrCreateCompanySegment(ctx, li.SegmentName)
	if err != nil {
		return nil, permanent(fmt.Errorf("linkedin audience: %w", err))
	}
	synced, err := h.Store.AudienceMembers(ctx, seg.ID)
	if err != nil {
		return nil, err
	}
	plan := planAudience(targets, urns, synced)
	if err := h.Store.UpdateAudience(ctx, seg.ID, plan.add, plan.remove); err != nil {
		return nil, err
	}
	if len(plan.elems) == 0 {
		h.Logger.Info("linkedin audience in sync", "run", p.RunID, "segment", seg.ID, "targets", len(targets))
		return nil, nil
	}

	res, upErr := li.Client.UpdateCompanies(ctx, seg.ID, plan.elems)
	// Record what LinkedIn applied before anything else, also when a later
	// batch failed, so a retry sends only the rest.
	add, remove, added, removed := plan.applied(res.Applied)
	if err := h.Store.UpdateAudience(ctx, seg.ID, add, remove); err != nil {
		return nil, err
	}
	countElements(li.Metrics, res)
	_ = h.Store.AddRunCounters(ctx, p.RunID, map[string]int64{
		counterLinkedInAdded: int64(added), counterLinkedInRemoved: int64(removed),
		store.CounterFailed: int64(len(res.Failed)), store.CounterWrites: int64(res.Calls),
	})
	h.Logger.Info("linkedin audience synced", "run", p.RunID, "segment", seg.ID, "added", added,
		"removed", removed, "refused", len(res.Failed))
	if upErr != nil {
		return nil, permanent(fmt.Errorf("linkedin audience: %w", upErr))
	}
	if len(res.Failed) == 0 {
		return nil, nil
	}
	return []string{fmt.Sprintf("linkedin audience: %d of %d companies refused: %s", len(res.Failed), len(plan.elems), describeElements(res.Failed))}, nil
}

// audiencePlan is what brings a segment in line with the target accounts:
// the elements to send LinkedIn, and the bookkeeping that changes without
// a request (add, remove by company id) because another company with the
// same identification keeps the member in the segment.
type audiencePlan struct {
	want, have map[store.AudienceMember][]string // identity -> company ids wanted, synced
	elems      []linkedin.CompanyElement
	add        map[string]store.AudienceMember
	remove     []string
}

// planAudience compares the targets (identified by urns where known) with
// the segment's synced members by company id.
func planAudience(targets []crm.Record, urns map[string]string, synced map[string]store.AudienceMember) audiencePlan {
	plan := audiencePlan{want: map[store.AudienceMember][]string{}, have: map[store.AudienceMember][]string{},
		add: map[string]store.AudienceMember{}}
	want, have := plan.want, plan.have
	for _, c := range targets {
		m := audienceMember(c, urns[c.ID])
		if old, ok := synced[c.ID]; ok && old.OrganizationURN == "" && m.OrganizationURN != "" {
			m = old
		}
		want[m] = append(want[m], c.ID)
	}
	for id, m := range synced {
		have[m] = append(have[m], id)
	}
	for m, ids := range want {
		if _, ok := have[m]; ok {
			// Already in the segment (maybe for another company with the
			// same identification): only the bookkeeping changes.
			for _, id := range ids {
				if synced[id] != m {
					plan.add[id] = m
				}
			}
			continue
		}
		plan.elems = append(plan.elems, element(linkedin.ActionAdd, m))
	}
	for m, ids := range have {
		if _, ok := want[m]; ok {
			for _, id := range ids {
				if !slices.Contains(want[m], id) {
					plan.remove = append(plan.remove, id)
				}
			}
			continue
		}
		plan.elems = append(plan.elems, element(linkedin.ActionRemove, m))
	}
	// Map order is random; LinkedIn sees a stable order.
	slices.SortFunc(plan.elems, func(a, b linkedin.CompanyElement) int {
		return cmp.Or(cmp.Compare(a.Action, b.Action), cmp.Compare(a.OrganizationURN, b.OrganizationURN),
			cmp.Compare(a.Domain, b.Domain), cmp.Compare(a.Name, b.Name))
	})
	return plan
}

// applied is the bookkeeping for the elements LinkedIn applied: the
// company ids now in the segment and those out of it, and how many
// elements were added and removed.
func (plan audiencePlan) applied(elems []linkedin.CompanyElement) (add map[string]store.AudienceMember, remove []string, added, removed int) {
	add = map[string]store.AudienceMember{}
	for _, e := range elems {
		m := memberOf(e)
		switch e.Action {
		case linkedin.ActionAdd:
			added++
			for _, id := range plan.want[m] {
				add[id] = m
			}
		case linkedin.ActionRemove:
			removed++
			remove = append(remove, plan.have[m]...)
		}
	}
	return add, remove, added, removed
}

func element(a linkedin.Action, m store.AudienceMember) linkedin.CompanyElement {
	return linkedin.CompanyElement{Action: a, OrganizationURN: m.OrganizationURN, Domain: m.Domain, Name: m.Name}
}

func memberOf(e linkedin.CompanyElement) store.AudienceMember {
	return store.AudienceMember{OrganizationURN: e.OrganizationURN, Domain: e.Domain, Name: e.Name}
}

func countElements(m *telemetry.LinkedInMetrics, res linkedin.BatchResult) {
	for _, e := range res.Applied {
		m.CountAudienceElements(string(e.Action), "applied", 1)
	}
	for _, e := range res.Failed {
		m.CountAudienceElements(string(e.Element.Action), "failed", 1)
	}
}

// describeElements names up to three refused elements.
func describeElements(errs []linkedin.ElementError) string {
	return firstThree(errs, "; ", "; and ", func(e linkedin.ElementError) string {
		id := e.Element.OrganizationURN
		if id == "" {
			id = strings.TrimSpace(e.Element.Domain + " " + e.Element.Name)
		}
		return fmt.Sprintf("%s %s: %s", e.Element.Action, id, e.Message)
	})
}

// syncEngagement stores LinkedIn's engagement per organization and day for
// the window (each day replaced by what LinkedIn reports now) and writes
// the window's sums to the target accounts with a known organization URN,
// changed values only. Nothing is estimated: withheld rows count as absent.
func (h *LinkedInSyncHandler) syncEngagement(ctx context.Context, p jobs.LinkedInSyncPayload, li *LinkedIn, targets []crm.Record, urns map[string]string, crmCalls *int) ([]string, error) {
	days := li.WindowDays
	if days <= 0 {
		days = 30
	}
	now := h.now().UTC()
	to := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	from := to.AddDate(0, 0, -(days - 1))
	// The properties exist before there is anything to write, so people
	// can fill in abm_linkedin_org_urn (once per schemaTTL).
	if err := h.ensure(ctx, crm.Companies, metrics.LinkedInPropertyDefs()); err != nil {
		return nil, permanent(err)
	}
	rows, err := li.Client.CompanyEngagement(ctx, from, to)
	if err != nil {
		return nil, permanent(fmt.Errorf("linkedin engagement: %w", err))
	}
	if err := h.Store.SetEngagement(ctx, from, to, rows); err != nil {
		return nil, err
	}
	totals, err := h.Store.EngagementTotals(ctx, from, to)
	if err != nil {
		return nil, err
	}
	pushed, err := h.Store.LinkedInPushed(ctx)
	if err != nil {
		return nil, err
	}
	updates, unmatched := engagementUpdates(targets, urns, totals, pushed)
	var warnings []string
	if unmatched > 0 {
		// adAnalytics' MEMBER_COMPANY pivot names organizations by URN only;
		// a company without one cannot be matched.
		warnings = append(warnings, fmt.Sprintf("linkedin engagement: %d of %d target accounts have no LinkedIn organization (none found by name; set %s to urn:li:organization:N, or confirm one on the dashboard): no engagement written for them",
			unmatched, len(targets), metrics.PropLinkedInOrgURN))
	}
	h.Logger.Info("linkedin engagement stored", "run", p.RunID, "from", from.Format(time.DateOnly),
		"to", to.Format(time.DateOnly), "rows", len(rows), "organizations", len(totals), "changed", len(updates), "unmatched", unmatched)
	if len(updates) == 0 {
		return warnings, nil
	}
	refused, err := h.writeEngagement(ctx, p.RunID, updates, crmCalls)
	if err != nil {
		return warnings, err
	}
	if len(refused) > 0 {
		warnings = append(warnings, fmt.Sprintf("linkedin engagement: %d companies not written: %s", len(refused), describe(refused)))
	}
	return warnings, nil
}

// engagementUpdates are the engagement properties of the targets whose
// organization (by urns) is known that differ from what was pushed, and
// how many targets have no organization.
func engagementUpdates(targets []crm.Record, urns map[string]string, totals map[string]store.EngagementCounts,
	pushed map[string]map[string]string) (updates []crm.Update, unmatched int) {
	for _, c := range targets {
		urn := urns[c.ID]
		if urn == "" {
			unmatched++
			continue
		}
		t := totals[urn]
		want := metrics.LinkedInEngagement{Impressions: t.Impressions, Clicks: t.Clicks}.Properties()
		if changed := metrics.ChangedProperties(want, pushed[c.ID]); len(changed) > 0 {
			updates = append(updates, crm.Update{ID: c.ID, Properties: changed})
		}
	}
	return updates, unmatched
}

// writeEngagement writes the engagement updates in batches, remembers what
// the CRM wrote and counts it on the run and in crmCalls. It returns the
// records the CRM refused.
func (h *LinkedInSyncHandler) writeEngagement(ctx context.Context, runID string, updates []crm.Update, crmCalls *int) ([]crm.RecordError, error) {
	var refused []crm.RecordError
	for start := 0; start < len(updates); start += batchSize {
		batch := updates[start:min(start+batchSize, len(updates))]
		res, err := h.CRM.BatchUpdate(ctx, crm.Companies, batch)
		*crmCalls += res.Calls
		_ = h.Store.AddRunCounters(ctx, runID, map[string]int64{store.CounterWrites: int64(res.Calls)})
		if err != nil {
			return nil, permanent(fmt.Errorf("linkedin engagement: write %d companies: %w", len(batch), err))
		}
		for _, u := range batch {
			if slices.Contains(res.Updated, u.ID) {
				if err := h.Store.SetLinkedInPushed(ctx, u.ID, u.Properties); err != nil {
					return nil, err
				}
			}
		}
		refused = append(refused, res.Failed...)
		h.Metrics.RecordsPushed.WithLabelValues(string(crm.Companies)).Add(float64(len(res.Updated)))
		h.Metrics.RecordsFailed.WithLabelValues(string(crm.Companies)).Add(float64(len(res.Failed)))
		_ = h.Store.AddRunCounters(ctx, runID, map[string]int64{
			store.CounterPushed: int64(len(res.Updated)), store.CounterFailed: int64(len(res.Failed)),
		})
	}
	return refused, nil
}
