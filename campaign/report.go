package campaign

import (
	"context"

	"github.com/abmsync/abmsync/metrics"
)

// BuildReport computes the campaign KPIs from the store: per target account
// reach, engagement score and MQA, SQL contacts, won-deal statistics of the
// configured cohort, upsell, referrals and NPS; campaign-wide time to close
// and deal size over all target accounts' deals; each KPI with its goal,
// baseline and trend (against the snapshot KPI.TrendDays ago). It saves
// today's snapshot. The goals are the configured Service.Goals.
func (s *Service) BuildReport(ctx context.Context) (metrics.Report, error) {
	now := s.now()
	companies, err := Companies(ctx, s.Store)
	if err != nil {
		return metrics.Report{}, err
	}
	accounts, err := s.Accounts(ctx, Targets(companies, s.Settings), now)
	if err != nil {
		return metrics.Report{}, err
	}
	return s.report(ctx, companies, accounts, now)
}
