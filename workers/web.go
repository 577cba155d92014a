package workers

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/hibiken/asynq"

	"github.com/abmsync/abmsync/campaign"
	"github.com/abmsync/abmsync/connectors/web"
	"github.com/abmsync/abmsync/crm"
	"github.com/abmsync/abmsync/jobs"
	"github.com/abmsync/abmsync/keycontacts/people"
	"github.com/abmsync/abmsync/store"
)

// SiteFetcher discovers and fetches a company website's people pages
// (*web.Client).
type SiteFetcher interface {
	FetchPages(ctx context.Context, site string, prev map[string]web.Validators) ([]web.SitePage, error)
}

// WebSweepHandler handles jobs.TypeWebSweep.
type WebSweepHandler struct{ *Deps }

var _ asynq.Handler = (*WebSweepHandler)(nil)

// ProcessTask enqueues one discovery per target account (or the scope's one
// account). The run ends when the last account's contacts are pushed.
func (h *WebSweepHandler) ProcessTask(ctx context.Context, t *asynq.Task) error {
	var p jobs.SweepPayload
	if err := jobs.Decode(t, &p); err != nil {
		return err
	}
	if err := h.step(ctx, p.RunID, p.Scope, "discover websites"); err != nil {
		return err
	}
	targets, err := TargetAccounts(ctx, h.Store, h.Settings, p.Scope.Account)
	if err != nil {
		return err
	}
	if len(targets) == 0 {
		h.finish(ctx, p.RunID, p.Scope, nil)
		return nil
	}
	if err := h.Store.UpdateRun(ctx, p.RunID, map[string]string{"accounts_total": strconv.Itoa(len(targets))}); err != nil {
		return err
	}
	for _, c := range targets {
		task, err := jobs.NewDiscoverTask(jobs.DiscoverPayload{RunID: p.RunID, Scope: p.Scope, AccountID: c.ID, Queue: p.Queue})
		if err != nil {
			return err
		}
		if err := enqueue(ctx, h.Queue, task); err != nil {
			return err
		}
	}
	h.Metrics.Tasks.WithLabelValues(jobs.TypeWebSweep, "ok").Inc()
	return nil
}

// WebDiscoverHandler handles jobs.TypeWebDiscover.
type WebDiscoverHandler struct{ *Deps }

var _ asynq.Handler = (*WebDiscoverHandler)(nil)

// ProcessTask finds the people pages of one account's website, extracts key
// contacts from them (reusing the last extraction of pages that answer 304
// Not Modified), classifies their roles, drops suppressed people, saves the
// candidates with their provenance and enqueues the contact push. A site
// that cannot be read (robots.txt, unreachable, refused address) keeps the
// account's previous web candidates and is reported on the run as a
// warning: one account's website does not fail the run.
func (h *WebDiscoverHandler) ProcessTask(ctx context.Context, t *asynq.Task) error {
	var p jobs.DiscoverPayload
	if err := jobs.Decode(t, &p); err != nil {
		return err
	}
	if h.Web == nil {
		return fmt.Errorf("web discovery is not configured: %w", asynq.SkipRetry)
	}
	company, err := h.Store.Record(ctx, crm.Companies, p.AccountID)
	if err != nil {
		return fmt.Errorf("account %s: %w (%w)", p.AccountID, err, asynq.SkipRetry)
	}
	site := company.Properties["website"]
	if site == "" {
		site = company.Properties["domain"]
	}
	log := h.Logger.With("run", p.RunID, "account", p.AccountID)
	if site == "" {
		_ = h.Store.UpdateRun(ctx, p.RunID, map[string]string{"warning": fmt.Sprintf("account %s has no website or domain", p.AccountID)})
		return h.enqueuePush(ctx, p)
	}
	cands, stats, err := h.discover(ctx, p.AccountID, site)
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		log.Warn("website not read; keeping the previous candidates", "err", err)
		_ = h.Store.UpdateRun(ctx, p.RunID, map[string]string{"warning": fmt.Sprintf("account %s: %v", p.AccountID, err)})
		return h.enqueuePush(ctx, p)
	}
	if err := h.Store.SetCandidates(ctx, p.AccountID, "web", cands); err != nil {
		return err
	}
	_ = h.Store.AddRunCounters(ctx, p.RunID, map[string]int64{store.CounterPulled: int64(len(cands)),
		store.CounterPagesRead: int64(stats.read), store.CounterPagesEmpty: int64(stats.empty)})
	log.Info("website read", "candidates", len(cands), "pages", stats.read, "pages_without_people", stats.empty)
	h.Metrics.Tasks.WithLabelValues(jobs.TypeWebDiscover, "ok").Inc()
	return h.enqueuePush(ctx, p)
}

// pageStats counts the pages a discovery read and those that named nobody.
type pageStats struct{ read, empty int }

// discover fetches the site's people pages and returns the candidates.
func (h *WebDiscoverHandler) discover(ctx context.Context, accountID, site string) ([]crm.Candidate, pageStats, error) {
	var stats pageStats
	dnc, err := campaign.DoNotContact(ctx, h.Store)
	if err != nil {
		return nil, stats, err
	}
	// Validators of pages read before, so unchanged pages cost a 304.
	prev := map[string]web.Validators{}
	cached := map[string]store.PageCache{}
	if known, err := h.Store.Candidates(ctx, accountID); err == nil {
		for _, c := range known {
			if c.From.URL == "" {
				continue
			}
			if pc, ok, _ := h.Store.Page(ctx, c.From.URL); ok {
				prev[c.From.URL] = web.Validators{ETag: pc.ETag, LastModified: pc.LastModified}
				cached[c.From.URL] = pc
			}
		}
	}
	pages, err := h.Web.FetchPages(ctx, site, prev)
	if err != nil && len(pages) == 0 {
		return nil, stats, err
	}
	var out []crm.Candidate
	read := 0
	for _, sp := range pages {
		if sp.Err != nil {
			if errors.Is(sp.Err, web.ErrForbiddenAddress) {
				return nil, stats, sp.Err // never crawl around a refused address
			}
			continue
		}
		read++
		url := sp.Candidate.URL
		var found []crm.Candidate
		if sp.Page.NotModified {
			if pc, ok := cached[url]; ok {
				found = pc.People
			} else if pc, ok, _ := h.Store.Page(ctx, url); ok {
				found = pc.People
			}
		} else {
			found = h.candidates(accountID, sp.Page)
			if err := h.Store.SetPage(ctx, url, store.PageCache{ETag: sp.Page.ETag, LastModified: sp.Page.LastModified, People: found}); err != nil {
				return nil, stats, err
			}
		}
		stats.read++
		if len(found) == 0 {
			stats.empty++
		}
		for _, c := range found {
			if !dnc.Suppressed(c) {
				out = append(out, c)
			}
		}
	}
	if read == 0 && err != nil {
		return nil, stats, err
	}
	return out, stats, nil
}

// candidates extracts and classifies the people of one page.
func (h *WebDiscoverHandler) candidates(accountID string, page *web.Page) []crm.Candidate {
	var out []crm.Candidate
	for _, p := range people.Extract(page.URL, page.Body) {
		c := crm.Candidate{
			AccountID: accountID, Name: p.Name, Title: p.Title, GivenName: p.GivenName, FamilyName: p.FamilyName,
			Email: p.Email, Phone: p.Phone, LinkedInURL: p.LinkedInURL, RoleText: p.RoleText, Kind: p.Kind,
			From: crm.Provenance{Source: "web", URL: page.URL, FetchedAt: page.FetchedAt, Extractor: p.Source, Confidence: p.Confidence},
		}
		if h.Roles != nil && p.RoleText != "" {
			// The page's organisation type decides office words such as
			// Vorstand or President.
			cl := h.Roles.ClassifyIn(p.RoleText, p.OrgType)
			c.Function, c.Seniority, c.BuyingRole, c.Gatekeeper = string(cl.Function), string(cl.Seniority), string(cl.BuyingRole), cl.Gatekeeper
		}
		out = append(out, c)
	}
	return out
}

func (h *WebDiscoverHandler) enqueuePush(ctx context.Context, p jobs.DiscoverPayload) error {
	task, err := jobs.NewContactsPushTask(jobs.ContactsPushPayload(p))
	if err != nil {
		return err
	}
	return enqueue(ctx, h.Queue, task)
}
