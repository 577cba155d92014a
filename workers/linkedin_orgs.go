package workers

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/abmsync/abmsync/connectors/linkedin"
	"github.com/abmsync/abmsync/crm"
	"github.com/abmsync/abmsync/jobs"
	"github.com/abmsync/abmsync/metrics"
	"github.com/abmsync/abmsync/store"
)

// Organization look-ups through the employers typeahead.
const (
	// orgMissTTL is how long an account LinkedIn named no organization for
	// (or several) waits before it is asked again, unless its name changes.
	orgMissTTL = 24 * time.Hour
	// typeaheadTTL is how long a typeahead answer is cached.
	typeaheadTTL = 24 * time.Hour
	// DefaultMaxOrgLookups caps the typeahead calls of one LinkedIn sync, so
	// that a first resolution of a large CRM spreads over several runs
	// instead of spending the app's daily quota at once.
	DefaultMaxOrgLookups = 500
)

// Run counters of the organization look-ups.
const (
	counterLinkedInLookups  = "linkedin_lookups"
	counterLinkedInResolved = "linkedin_orgs_resolved"
)

// orgLookup is one run's resolution of target accounts' organizations.
type orgLookup struct {
	h       *LinkedInSyncHandler
	li      *LinkedIn
	search  LinkedInAPI
	now     time.Time
	lookups int // typeahead calls made
	limit   int
	// stopped is the look-up error that ended this run's look-ups; the
	// audience and engagement go on without them.
	stopped error
	cached  map[string][]linkedin.Employer
}

// resolveOrganizations returns each target account's organization URN:
// the CRM's (abm_linkedin_org_urn or a numeric linkedin_company_page), else
// one found by the employers typeahead or confirmed by an admin, which is
// written back to abm_linkedin_org_urn. Accounts LinkedIn names no single
// organization for are missing from the map and listed in the warnings.
func (h *LinkedInSyncHandler) resolveOrganizations(ctx context.Context, p jobs.LinkedInSyncPayload, li *LinkedIn, targets []crm.Record, crmCalls *int) (map[string]string, []string, error) {
	states, err := h.Store.OrgResolutions(ctx)
	if err != nil {
		return nil, nil, err
	}
	limit := li.MaxLookups
	if limit <= 0 {
		limit = DefaultMaxOrgLookups
	}
	l := &orgLookup{h: h, li: li, search: li.Client, now: h.now().UTC(), limit: limit, cached: map[string][]linkedin.Employer{}}
	plan := &orgPlan{urns: map[string]string{}, changed: map[string]store.OrgResolution{}}
	plan.known(targets, states, l.now)
	plan.dropStaleMisses(targets, states)
	if err := plan.lookUp(ctx, l, states); err != nil {
		return nil, nil, err
	}
	urns, writes, unresolved := plan.urns, plan.writes, plan.unresolved
	if err := h.Store.DeleteOrgResolutions(ctx, plan.drop...); err != nil {
		return nil, nil, err
	}
	if err := h.Store.SetOrgResolutions(ctx, plan.changed); err != nil {
		return nil, nil, err
	}
	_ = h.Store.AddRunCounters(ctx, p.RunID, map[string]int64{counterLinkedInLookups: int64(l.lookups)})

	var warnings []string
	if l.stopped != nil {
		warnings = append(warnings, fmt.Sprintf("linkedin organizations: look-ups stopped, the next sync goes on: %v", l.stopped))
	}
	if len(writes) > 0 {
		written, w, err := h.writeOrgURNs(ctx, p, writes, crmCalls)
		warnings = append(warnings, w...)
		if err != nil {
			return nil, warnings, err
		}
		_ = h.Store.AddRunCounters(ctx, p.RunID, map[string]int64{counterLinkedInResolved: int64(written)})
	}
	h.Logger.Info("linkedin organizations resolved", "run", p.RunID, "targets", len(targets), "known", len(urns),
		"lookups", l.lookups, "written", len(writes), "unresolved", len(unresolved))
	if len(unresolved) > 0 {
		slices.Sort(unresolved)
		warnings = append(warnings, fmt.Sprintf("linkedin organizations: %d of %d target accounts unresolved (confirm or enter the URN on the dashboard's account page or with abmsync linkedin-org): %s",
			len(unresolved), len(targets), firstN(unresolved, 5)))
	}
	return urns, warnings, nil
}

// orgPlan is what resolveOrganizations works out for the target accounts:
// the URN of each account known so far, the resolutions to save (changed)
// and to delete (drop, by company id), the URNs to write to the CRM, the
// accounts to ask LinkedIn about (pending) and the descriptions of those
// left unresolved.
type orgPlan struct {
	urns       map[string]string
	changed    map[string]store.OrgResolution
	drop       []string
	writes     []crm.Update
	pending    []crm.Record
	unresolved []string
}

// known settles each target from its CRM URN and its saved resolution
// (states, updated where a cleared URN is asked again); targets neither
// settles are pending.
func (plan *orgPlan) known(targets []crm.Record, states map[string]store.OrgResolution, now time.Time) {
	for _, c := range targets {
		crmURN := metrics.LinkedInOrgURN(c)
		r, has := states[c.ID]
		settled := has && r.URN != "" && (r.Status == store.OrgFound || r.Status == store.OrgConfirmed)
		switch {
		case settled && crmURN == r.URN:
			plan.urns[c.ID] = crmURN
			if r.WrittenAt.IsZero() {
				r.WrittenAt = now
				plan.changed[c.ID] = r
			}
		case settled && crmURN != "" && !(r.Status == store.OrgConfirmed && r.WrittenAt.IsZero()):
			// A person changed the URN in the CRM: the CRM wins.
			plan.urns[c.ID] = crmURN
			plan.drop = append(plan.drop, c.ID)
		case settled && crmURN == "" && !r.WrittenAt.IsZero() && c.UpdatedAt.After(r.WrittenAt):
			// Cleared in the CRM after abmsync wrote it: ask again, but
			// never offer that organization again.
			r = store.OrgResolution{Rejected: appendRejected(r.Rejected, r.URN)}
			states[c.ID] = r
			plan.pending = append(plan.pending, c)
		case settled:
			// Not yet in the CRM (or the CRM record was pulled before the
			// write): write an unwritten one, a confirmed one over the CRM's.
			plan.urns[c.ID] = r.URN
			if r.WrittenAt.IsZero() {
				plan.writes = append(plan.writes, crm.Update{ID: c.ID, Properties: map[string]string{metrics.PropLinkedInOrgURN: r.URN}})
			}
		case crmURN != "":
			plan.urns[c.ID] = crmURN
			if has {
				plan.drop = append(plan.drop, c.ID)
			}
		default:
			plan.pending = append(plan.pending, c)
		}
	}
}

// dropStaleMisses drops the misses of companies that are no longer
// targets: they would wait in the status for nobody. Found and confirmed
// URNs are kept.
func (plan *orgPlan) dropStaleMisses(targets []crm.Record, states map[string]store.OrgResolution) {
	isTarget := make(map[string]bool, len(targets))
	for _, c := range targets {
		isTarget[c.ID] = true
	}
	for id, r := range states {
		if !isTarget[id] && (r.Status == store.OrgAmbiguous || r.Status == store.OrgNone) {
			plan.drop = append(plan.drop, id)
		}
	}
}

// lookUp asks LinkedIn about the pending accounts whose last answer is not
// fresh, within the look-up budget, and settles or lists each as
// unresolved.
func (plan *orgPlan) lookUp(ctx context.Context, l *orgLookup, states map[string]store.OrgResolution) error {
	for _, c := range plan.pending {
		r := states[c.ID]
		names := l.names(c)
		query := strings.Join(normalized(names), "|")
		fresh := r.Status != "" && r.Query == query && l.now.Sub(r.CheckedAt) < orgMissTTL
		if !fresh {
			next, asked, err := l.resolve(ctx, c, names, r.Rejected)
			if err != nil {
				return err
			}
			if !asked {
				// Over this run's look-up budget: the next run goes on.
				plan.unresolved = append(plan.unresolved, describeOrg(c, r, "not looked up yet"))
				continue
			}
			next.Query = query
			r = next
			plan.changed[c.ID] = r
		}
		if r.Status == store.OrgFound {
			plan.urns[c.ID] = r.URN
			plan.writes = append(plan.writes, crm.Update{ID: c.ID, Properties: map[string]string{metrics.PropLinkedInOrgURN: r.URN}})
			continue
		}
		plan.unresolved = append(plan.unresolved, describeOrg(c, r, ""))
	}
	return nil
}

// writeOrgURNs writes found and confirmed URNs to abm_linkedin_org_urn and
// records when, so that a URN a person later clears is noticed.
func (h *LinkedInSyncHandler) writeOrgURNs(ctx context.Context, p jobs.LinkedInSyncPayload, writes []crm.Update, crmCalls *int) (int, []string, error) {
	if err := h.ensure(ctx, crm.Companies, metrics.LinkedInPropertyDefs()); err != nil {
		return 0, nil, permanent(err)
	}
	written := 0
	var refused []crm.RecordError
	for start := 0; start < len(writes); start += batchSize {
		batch := writes[start:min(start+batchSize, len(writes))]
		// Taken before the write: the CRM stamps its modification after.
		at := h.now().UTC()
		res, err := h.CRM.BatchUpdate(ctx, crm.Companies, batch)
		*crmCalls += res.Calls
		_ = h.Store.AddRunCounters(ctx, p.RunID, map[string]int64{store.CounterWrites: int64(res.Calls)})
		if err != nil {
			return written, nil, permanent(fmt.Errorf("linkedin organizations: write %d companies: %w", len(batch), err))
		}
		done := map[string]store.OrgResolution{}
		for _, u := range batch {
			if !slices.Contains(res.Updated, u.ID) {
				continue
			}
			r, err := h.Store.OrgResolution(ctx, u.ID)
			if err != nil {
				return written, nil, err
			}
			r.WrittenAt = at
			done[u.ID] = r
		}
		if err := h.Store.SetOrgResolutions(ctx, done); err != nil {
			return written, nil, err
		}
		written += len(done)
		refused = append(refused, res.Failed...)
	}
	if len(refused) > 0 {
		return written, []string{fmt.Sprintf("linkedin organizations: %d URNs not written to %s: %s", len(refused), metrics.PropLinkedInOrgURN, describe(refused))}, nil
	}
	return written, nil, nil
}

// names are the names an account goes by: its CRM name and the configured
// aliases; the domain's label when it has no name.
func (l *orgLookup) names(c crm.Record) []string {
	var names []string
	if n := strings.TrimSpace(c.Properties["name"]); n != "" {
		names = append(names, n)
	}
	names = append(names, l.li.Aliases[c.ID]...)
	if len(names) == 0 {
		if label := linkedin.DomainLabel(companyDomain(c)); label != "" {
			names = append(names, label)
		}
	}
	return names
}

// resolve asks the typeahead for c by its name without legal forms, then,
// when that names no organization, by its domain's label. asked is false
// when the run's look-up budget is spent before c.
func (l *orgLookup) resolve(ctx context.Context, c crm.Record, names []string, rejected []string) (store.OrgResolution, bool, error) {
	var queries []string
	seen := map[string]bool{}
	for _, q := range []string{linkedin.TypeaheadQuery(strings.TrimSpace(c.Properties["name"])), linkedin.DomainLabel(companyDomain(c))} {
		if k := linkedin.NormalizeCompany(q); k != "" && !seen[k] {
			seen[k] = true
			queries = append(queries, q)
		}
	}
	r := store.OrgResolution{Status: store.OrgNone, CheckedAt: l.now, Rejected: rejected}
	var candidates []linkedin.Employer
	for _, q := range queries {
		answer, ok, err := l.ask(ctx, q)
		if err != nil {
			return r, true, err
		}
		if !ok {
			if candidates == nil {
				return r, false, nil
			}
			break
		}
		candidates = append(candidates, answer...)
		if m := linkedin.MatchEmployers(names, candidates, rejected); m.Found() || len(m.Ambiguous) > 0 {
			break
		}
	}
	m := linkedin.MatchEmployers(names, candidates, rejected)
	switch {
	case m.Found():
		r.Status, r.URN, r.Name = store.OrgFound, m.Match.URN, m.Match.Name
	case len(m.Ambiguous) > 0:
		r.Status, r.Candidates = store.OrgAmbiguous, orgCandidates(m.Ambiguous)
	default:
		r.Candidates = orgCandidates(m.LookAlikes)
	}
	return r, true, nil
}

// ask returns the typeahead's answer to q, from the cache when it holds
// one; ok is false when it is not cached and the budget is spent.
func (l *orgLookup) ask(ctx context.Context, q string) ([]linkedin.Employer, bool, error) {
	key := strings.ToLower(q)
	if a, ok := l.cached[key]; ok {
		return a, true, nil
	}
	cands, ok, err := l.h.Store.CachedTypeahead(ctx, key, l.now, typeaheadTTL)
	if err != nil {
		return nil, false, err
	}
	if ok {
		out := make([]linkedin.Employer, len(cands))
		for i, c := range cands {
			out[i] = linkedin.Employer{URN: c.URN, Name: c.Name}
		}
		l.cached[key] = out
		return out, true, nil
	}
	if l.lookups >= l.limit || l.stopped != nil {
		return nil, false, nil
	}
	l.lookups++
	answer, err := l.search.SearchEmployers(ctx, q)
	switch {
	case err == nil:
	case ctx.Err() != nil:
		return nil, false, ctx.Err()
	case errors.Is(err, linkedin.ErrUnauthorized), errors.Is(err, linkedin.ErrVersionRetired):
		// No other LinkedIn call would succeed either.
		return nil, false, permanent(fmt.Errorf("linkedin organizations: %w", err))
	default:
		// A refused or throttled look-up must not cost the audience and
		// the engagement of the accounts whose URN is known.
		l.stopped = err
		return nil, false, nil
	}
	l.cached[key] = answer
	if err := l.h.Store.CacheTypeahead(ctx, key, orgCandidates(answer), l.now, typeaheadTTL); err != nil {
		return nil, false, err
	}
	return answer, true, nil
}

func orgCandidates(es []linkedin.Employer) []store.OrgCandidate {
	out := make([]store.OrgCandidate, len(es))
	for i, e := range es {
		out[i] = store.OrgCandidate{URN: e.URN, Name: e.Name}
	}
	return out
}

func companyDomain(c crm.Record) string {
	if d := crm.NormalizeDomain(c.Properties["domain"]); d != "" {
		return d
	}
	return crm.NormalizeDomain(c.Properties["website"])
}

func normalized(names []string) []string {
	out := make([]string, 0, len(names))
	for _, n := range names {
		if k := linkedin.NormalizeCompany(n); k != "" {
			out = append(out, k)
		}
	}
	return out
}

// describeOrg names an unresolved account and why, for the run's warning.
func describeOrg(c crm.Record, r store.OrgResolution, why string) string {
	name := strings.TrimSpace(c.Properties["name"])
	if name == "" {
		name = c.ID
	}
	if why == "" {
		switch r.Status {
		case store.OrgAmbiguous:
			why = fmt.Sprintf("%d organizations carry the name", len(r.Candidates))
		default:
			why = "LinkedIn names no organization so"
			if len(r.Candidates) > 0 {
				why += fmt.Sprintf(" (%d look-alikes)", len(r.Candidates))
			}
		}
	}
	return fmt.Sprintf("%s [%s]: %s", name, c.ID, why)
}

func firstN(items []string, n int) string {
	if len(items) <= n {
		return strings.Join(items, "; ")
	}
	return strings.Join(items[:n], "; ") + fmt.Sprintf("; and %d more", len(items)-n)
}

func appendRejected(list []string, s string) []string {
	if s == "" || slices.Contains(list, s) {
		return list
	}
	return append(list, s)
}
