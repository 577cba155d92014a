package workers

import (
	"context"
	"fmt"
	"strconv"

	"github.com/hibiken/asynq"

	"github.com/abmsync/abmsync/campaign"
	"github.com/abmsync/abmsync/connectors/web"
	"github.com/abmsync/abmsync/crm"
	"github.com/abmsync/abmsync/jobs"
	"github.com/abmsync/abmsync/keycontacts/merge"
	"github.com/abmsync/abmsync/keycontacts/press"
	"github.com/abmsync/abmsync/store"
)

// PressFetcher reads feeds and article pages politely (*web.Client).
type PressFetcher interface {
	FetchFeed(ctx context.Context, rawURL string, prev *web.Validators) (*web.Page, error)
	Fetch(ctx context.Context, rawURL string, prev *web.Validators) (*web.Page, error)
}

// PressSources are the configured trade-press feeds and articles.
type PressSources struct {
	Feeds       []string
	Articles    []string
	MaxArticles int
}

// PressScanHandler handles jobs.TypePressScan.
type PressScanHandler struct{ *Deps }

var _ asynq.Handler = (*PressScanHandler)(nil)

// ProcessTask reads the configured feeds and articles, finds people named
// with a role at a target account ("…, Leiterin Einkauf bei Alpenpharma"),
// adds them to the accounts' press candidates with the article as source,
// and enqueues the contact push of every account that gained one. An
// article is read once: its mentions are remembered with its URL.
func (h *PressScanHandler) ProcessTask(ctx context.Context, t *asynq.Task) error {
	var p jobs.SweepPayload
	if err := jobs.Decode(t, &p); err != nil {
		return err
	}
	if h.PressWeb == nil {
		return fmt.Errorf("trade-press scan is not configured: %w", asynq.SkipRetry)
	}
	if err := h.step(ctx, p.RunID, p.Scope, "scan trade press"); err != nil {
		return err
	}
	targets, err := TargetAccounts(ctx, h.Store, h.Settings, p.Scope.Account)
	if err != nil {
		return err
	}
	accounts := make([]press.Account, 0, len(targets))
	for _, c := range targets {
		if name := c.Properties["name"]; name != "" {
			accounts = append(accounts, press.Account{ID: c.ID, Names: []string{name}})
		}
	}
	urls, warnings := h.articleURLs(ctx)
	found := map[string][]crm.Candidate{}
	for _, u := range urls {
		cands, err := h.article(ctx, u, accounts)
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			warnings = append(warnings, err.Error())
			continue
		}
		for _, c := range cands {
			found[c.AccountID] = append(found[c.AccountID], c)
		}
	}
	if len(warnings) > 0 {
		_ = h.Store.UpdateRun(ctx, p.RunID, map[string]string{"warning": fmt.Sprintf("%d feeds or articles not read; last: %s", len(warnings), warnings[len(warnings)-1])})
	}
	dnc, err := campaign.DoNotContact(ctx, h.Store)
	if err != nil {
		return err
	}
	var touched []string
	for acc, cands := range found {
		merged, err := h.withPrevious(ctx, acc, cands, dnc)
		if err != nil {
			return err
		}
		if err := h.Store.SetCandidates(ctx, acc, "press", merged); err != nil {
			return err
		}
		touched = append(touched, acc)
	}
	_ = h.Store.AddRunCounters(ctx, p.RunID, map[string]int64{store.CounterPulled: int64(len(urls))})
	if len(touched) == 0 {
		h.finish(ctx, p.RunID, p.Scope, nil)
		return nil
	}
	if err := h.Store.UpdateRun(ctx, p.RunID, map[string]string{"accounts_total": strconv.Itoa(len(touched))}); err != nil {
		return err
	}
	for _, acc := range touched {
		task, err := jobs.NewContactsPushTask(jobs.ContactsPushPayload{RunID: p.RunID, Scope: p.Scope, AccountID: acc, Queue: p.Queue})
		if err != nil {
			return err
		}
		if err := enqueue(ctx, h.Queue, task); err != nil {
			return err
		}
	}
	h.Metrics.Tasks.WithLabelValues(jobs.TypePressScan, "ok").Inc()
	return nil
}

// articleURLs lists the configured articles and the feeds' items, at most
// MaxArticles.
func (h *PressScanHandler) articleURLs(ctx context.Context) ([]string, []string) {
	seen := map[string]bool{}
	var urls, warnings []string
	add := func(u string) {
		if u != "" && !seen[u] && len(urls) < h.Press.MaxArticles {
			seen[u] = true
			urls = append(urls, u)
		}
	}
	for _, u := range h.Press.Articles {
		add(u)
	}
	for _, f := range h.Press.Feeds {
		page, err := h.PressWeb.FetchFeed(ctx, f, nil)
		if err != nil {
			warnings = append(warnings, err.Error())
			continue
		}
		feed, err := press.ParseFeed(page.Body)
		if err != nil {
			warnings = append(warnings, fmt.Sprintf("feed %s: %v", f, err))
			continue
		}
		for _, it := range feed.Items {
			add(it.Link)
		}
	}
	return urls, warnings
}

// article returns the candidates one article names, reading it only once.
func (h *PressScanHandler) article(ctx context.Context, url string, accounts []press.Account) ([]crm.Candidate, error) {
	if pc, ok, err := h.Store.Page(ctx, url); err != nil {
		return nil, err
	} else if ok {
		return pc.People, nil
	}
	page, err := h.PressWeb.Fetch(ctx, url, nil)
	if err != nil {
		return nil, err
	}
	title, text := press.ArticleText(page.Body)
	var out []crm.Candidate
	for _, m := range press.FindMentions(title+"\n"+text, accounts) {
		c := crm.Candidate{AccountID: m.AccountID, Name: m.Name, RoleText: m.RoleText,
			From: crm.Provenance{Source: "press", URL: page.URL, FetchedAt: page.FetchedAt, Extractor: "press", Confidence: m.Confidence}}
		if h.Roles != nil && m.RoleText != "" {
			cl := h.Roles.Classify(m.RoleText)
			c.Function, c.Seniority, c.BuyingRole, c.Gatekeeper = string(cl.Function), string(cl.Seniority), string(cl.BuyingRole), cl.Gatekeeper
		}
		out = append(out, c)
	}
	if err := h.Store.SetPage(ctx, url, store.PageCache{ETag: page.ETag, LastModified: page.LastModified, People: out}); err != nil {
		return nil, err
	}
	return out, nil
}

// withPrevious adds an account's earlier press candidates, so a person named
// in an article that has left the feed stays known; suppressed people are
// dropped.
func (h *PressScanHandler) withPrevious(ctx context.Context, acc string, cands []crm.Candidate, dnc merge.DoNotContact) ([]crm.Candidate, error) {
	all, err := h.Store.Candidates(ctx, acc)
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	var out []crm.Candidate
	for _, c := range append(cands, all...) {
		if c.From.Source != "press" || dnc.Suppressed(c) {
			continue
		}
		k := merge.NormalizeName(c.Name) + "\x00" + c.From.URL
		if !seen[k] {
			seen[k] = true
			out = append(out, c)
		}
	}
	return out, nil
}
