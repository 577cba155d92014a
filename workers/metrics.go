package workers

import (
	"context"
	"fmt"
	"maps"

	"github.com/hibiken/asynq"

	"github.com/abmsync/abmsync/campaign"
	"github.com/abmsync/abmsync/crm"
	"github.com/abmsync/abmsync/jobs"
	"github.com/abmsync/abmsync/metrics"
	"github.com/abmsync/abmsync/store"
)

// ComputeHandler handles jobs.TypeMetricsCompute.
type ComputeHandler struct{ *Deps }

var _ asynq.Handler = (*ComputeHandler)(nil)

// ProcessTask computes the metrics of every target account (or of the scope's
// one account) from the store, keeps the values that differ from what the CRM
// holds as the run's pending updates, and enqueues the push.
func (h *ComputeHandler) ProcessTask(ctx context.Context, t *asynq.Task) error {
	var p jobs.ComputePayload
	if err := jobs.Decode(t, &p); err != nil {
		return err
	}
	if err := h.step(ctx, p.RunID, p.Scope, "compute metrics"); err != nil {
		return err
	}
	// One read of the companies serves the metrics and the ICP scores.
	companies, err := companiesInScope(ctx, h.Store, p.Scope.Account)
	if err != nil {
		return err
	}
	targets := targetsOf(companies, h.Settings, p.Scope.Account)
	now := h.now()
	accounts, err := h.Accounts(ctx, targets, now)
	if err != nil {
		return err
	}
	byID := map[string]map[string]string{}
	needTraffic := false
	for _, a := range accounts {
		if changed := metrics.ChangedProperties(a.Properties(), a.Company().Properties); len(changed) > 0 {
			byID[a.Company().ID] = changed
			if a.HasTraffic() {
				needTraffic = true
			}
		}
	}
	if len(byID) > 0 {
		defs := append(metrics.MQAPropertyDefs(), metrics.KPIPropertyDefs()...)
		if needTraffic {
			defs = append(defs, metrics.TrafficPropertyDefs()...)
		}
		if err := h.ensure(ctx, crm.Companies, defs); err != nil {
			return permanent(err)
		}
	}
	if h.ICP.Profile.Enabled() {
		if err := h.scoreICP(ctx, companies, byID); err != nil {
			return err
		}
	}
	updates := make([]crm.Update, 0, len(byID))
	for id, props := range byID {
		updates = append(updates, crm.Update{ID: id, Properties: props})
	}
	if p.Scope.Account == "" {
		// A campaign-wide run keeps the daily KPI snapshot trends compare with.
		if err := h.SnapshotDaily(ctx, companies, accounts, now); err != nil {
			return err
		}
	}
	if err := h.Store.SetPending(ctx, p.RunID, updates); err != nil {
		return err
	}
	if err := h.Store.AddRunCounters(ctx, p.RunID, map[string]int64{store.CounterComputed: int64(len(targets))}); err != nil {
		return err
	}
	h.Logger.Info("metrics computed", "run", p.RunID, "targets", len(targets), "changed", len(updates))
	h.Metrics.Tasks.WithLabelValues(jobs.TypeMetricsCompute, "ok").Inc()
	task, err := jobs.NewPushTask(jobs.PushPayload(p))
	if err != nil {
		return err
	}
	return enqueue(ctx, h.Queue, task)
}

// TargetAccounts returns the stored companies that are target accounts, or
// only account when it is set (an error when it is not a stored company).
func TargetAccounts(ctx context.Context, st *store.Store, s metrics.Settings, account string) ([]crm.Record, error) {
	companies, err := companiesInScope(ctx, st, account)
	if err != nil {
		return nil, err
	}
	return targetsOf(companies, s, account), nil
}

// companiesInScope returns the company account names, or every stored
// company when account is empty.
func companiesInScope(ctx context.Context, st *store.Store, account string) ([]crm.Record, error) {
	if account != "" {
		c, err := st.Record(ctx, crm.Companies, account)
		if err != nil {
			return nil, fmt.Errorf("account %s: %w (%w)", account, err, asynq.SkipRetry)
		}
		return []crm.Record{c}, nil
	}
	return campaign.Companies(ctx, st)
}

// targetsOf keeps the target accounts of companies; a scope's one account
// is kept whatever its flag.
func targetsOf(companies []crm.Record, s metrics.Settings, account string) []crm.Record {
	if account != "" {
		return companies
	}
	return campaign.Targets(companies, s)
}

// scoreICP scores companies (every company, or the scope's one) against the ideal
// customer profile and adds what changed to byID: abm_icp_score,
// abm_icp_reasons, HubSpot's hs_ideal_customer_profile (never over a
// person's value unless configured) and, when configured, the target flag
// of tier 1 companies.
func (h *ComputeHandler) scoreICP(ctx context.Context, companies []crm.Record, byID map[string]map[string]string) error {
	written, err := h.Store.ICPTiers(ctx)
	if err != nil {
		return err
	}
	newTiers := map[string]string{}
	for _, c := range companies {
		fit := h.ICP.Profile.Score(c)
		want := fit.Properties()
		if tier := metrics.TierUpdate(c, fit, written[c.ID], h.ICP.OverwriteTier); tier != "" {
			want[metrics.PropICPTier] = tier
			newTiers[c.ID] = tier
		}
		if h.ICP.FlagTier1 && fit.Tier == "tier_1" {
			want["hs_is_target_account"] = "true"
		}
		changed := metrics.ChangedProperties(want, c.Properties)
		if len(changed) == 0 {
			continue
		}
		if byID[c.ID] == nil {
			byID[c.ID] = map[string]string{}
		}
		maps.Copy(byID[c.ID], changed)
	}
	if len(byID) > 0 {
		if err := h.ensure(ctx, crm.Companies, metrics.ICPPropertyDefs()); err != nil {
			return permanent(err)
		}
	}
	// Remember the tiers abmsync chose, to tell them from a person's later.
	return h.Store.SetICPTiers(ctx, newTiers)
}
