package workers

import (
	"context"
	"time"

	"github.com/abmsync/abmsync/abm"
	"github.com/abmsync/abmsync/crm"
	"github.com/abmsync/abmsync/kpi"
)

// mqaThreshold is the default engagement score from which an account is
// an MQA (config mqa.threshold).
const mqaThreshold = 50

// BuildReport computes the campaign KPIs from the store: per target account
// reach, engagement score and MQA, SQL contacts, won-deal statistics,
// upsell and referrals; campaign-wide time to close and deal size over all
// target accounts' deals (all time); each KPI with its goal and baseline.
// Signals abmsync does not collect yet (LinkedIn engagement, forms,
// meetings, NPS answers) count as zero.
func (d *Deps) BuildReport(ctx context.Context, goals map[string]kpi.Goal) (kpi.Report, error) {
	now := d.now()
	companies, err := companiesInScope(ctx, d.Store, "")
	if err != nil {
		return kpi.Report{}, err
	}
	targets := targetsOf(companies, d.Settings, "")
	var in kpi.Input
	var allDeals, allContacts []crm.Record
	for _, c := range targets {
		contacts, err := d.Store.MemberRecords(ctx, c.ID, crm.Contacts)
		if err != nil {
			return kpi.Report{}, err
		}
		deals, err := d.Store.MemberRecords(ctx, c.ID, crm.Deals)
		if err != nil {
			return kpi.Report{}, err
		}
		allDeals, allContacts = append(allDeals, deals...), append(allContacts, contacts...)
		m := abm.Compute(c, contacts, deals, d.Settings, now)
		_, visits, err := d.trafficProperties(ctx, c.ID)
		if err != nil {
			return kpi.Report{}, err
		}
		prev, _ := abm.ParseTime(c.Properties[PropMQASince])
		score, isMQA, since := d.MQA.engagement(m, visits, prev, now)
		upsellN, upsellAmount := kpi.Upsell(deals)
		first := kpi.FirstContactByCompany(contacts, kpi.DefaultFirstContactProps, time.UTC)
		in.Accounts = append(in.Accounts, kpi.AccountInput{
			CompanyID: c.ID, Name: c.Properties["name"], Domain: c.Properties["domain"],
			Visits30d: visits, KnownContacts: m.KnownContacts, EngagedContacts: m.EngagedContacts,
			EngagementScore: score, MQA: isMQA, MQASince: since,
			SQLContacts: kpi.SQLContacts(contacts),
			Deals:       kpi.DealStats(deals, first, kpi.Cohort{}),
			UpsellCount: upsellN, UpsellAmount: upsellAmount,
			Referrals: kpi.Referrals(contacts, deals, kpi.DefaultReferralConfig()),
		})
	}
	in.Deals = kpi.DealStats(allDeals, kpi.FirstContactByCompany(allContacts, kpi.DefaultFirstContactProps, time.UTC), kpi.Cohort{})
	in.ICPAccounts = len(targets)
	if d.ICP.Profile.Enabled() {
		in.ICPAccounts = 0
		for _, c := range companies {
			if d.ICP.Profile.Score(c).Tier == "tier_1" {
				in.ICPAccounts++
			}
		}
	}
	return kpi.Build(in, goals, now), nil
}
