package workers

import (
	"context"

	"github.com/abmsync/abmsync/kpi"
)

// mqaThreshold is the default engagement score from which an account is
// an MQA (config mqa.threshold).
const mqaThreshold = 50

// BuildReport computes the campaign KPIs from the store: per target account
// reach, engagement score and MQA, SQL contacts, won-deal statistics of the
// configured cohort, upsell, referrals and NPS; campaign-wide time to close
// and deal size over all target accounts' deals; each KPI with its goal,
// baseline and trend (against the snapshot KPI.TrendDays ago). It saves
// today's snapshot. goals nil means the configured Deps.Goals.
func (d *Deps) BuildReport(ctx context.Context, goals map[string]kpi.Goal) (kpi.Report, error) {
	if goals == nil {
		goals = d.Goals
	}
	now := d.now()
	companies, err := companiesInScope(ctx, d.Store, "")
	if err != nil {
		return kpi.Report{}, err
	}
	accounts, err := d.accountsOf(ctx, targetsOf(companies, d.Settings, ""), now)
	if err != nil {
		return kpi.Report{}, err
	}
	return d.report(ctx, companies, accounts, goals, now)
}
