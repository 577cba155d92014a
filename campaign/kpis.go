package campaign

import (
	"context"
	"errors"
	"maps"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/abmsync/abmsync/crm"
	"github.com/abmsync/abmsync/metrics"
)

// KPISettings configure the campaign KPIs beyond the engagement score: the
// won-deal cohort, what counts as first contact, where NPS answers come
// from, and the trend period. The zero value is all time in UTC,
// metrics.DefaultFirstContactProps, NPS from imports only over 365 days, and a
// 30-day trend.
type KPISettings struct {
	// Cohort returns the won-deal cohort of time to close and deal size as
	// of now; nil means all time.
	Cohort func(now time.Time) metrics.Cohort
	// Loc is where calendar days are counted; nil means UTC.
	Loc *time.Location
	// FirstContactProps are the contact date properties of first contact.
	FirstContactProps []string
	// NPSProperty, when set, is a contact property holding a 0–10 survey
	// answer (e.g. written by a survey tool); NPSDateProperty dates it.
	NPSProperty, NPSDateProperty string
	// NPSWindow is how far back survey answers count (default 365 days).
	NPSWindow time.Duration
	// TrendDays is the period a KPI's trend compares with (default 30).
	TrendDays int
	// Referrals name the portal's referral properties (config referrals.*,
	// by default metrics.DefaultReferralConfig); the zero value reads none and
	// counts no referral.
	Referrals metrics.ReferralConfig
}

// Properties are the portal-specific properties of obj the KPIs read:
// referral source and referrer (HubSpot has no built-in person-to-person
// referral property) and the survey answer property. They are added to the
// pull's request, not to Request, which lists HubSpot's own properties.
func (s KPISettings) Properties(obj crm.ObjectType) []string {
	r := s.Referrals
	switch obj {
	case crm.Contacts:
		out := slices.Clone(r.ContactSourceProps)
		if r.ReferrerProp != "" {
			out = append(out, r.ReferrerProp)
		}
		if s.NPSProperty != "" {
			out = append(out, s.NPSProperty)
		}
		if s.NPSDateProperty != "" {
			out = append(out, s.NPSDateProperty)
		}
		return out
	case crm.Deals:
		out := slices.Clone(r.DealSourceProps)
		if r.ReferrerProp != "" {
			out = append(out, r.ReferrerProp)
		}
		return out
	}
	return nil
}

// signalWindow is the window of the engagement signals that come with a
// fixed 30-day window (website visits, LinkedIn's rolling window); forms
// and meetings use the same so that the signals add up over one period.
const signalWindow = 30 * 24 * time.Hour

func (s KPISettings) cohort(now time.Time) metrics.Cohort {
	if s.Cohort == nil {
		return metrics.Cohort{Loc: s.Loc}
	}
	return s.Cohort(now)
}

func (s KPISettings) npsFrom(now time.Time) time.Time {
	if s.NPSWindow <= 0 {
		return now.AddDate(-1, 0, 0)
	}
	return now.Add(-s.NPSWindow)
}

func (s KPISettings) trendDays() int {
	if s.TrendDays <= 0 {
		return 30
	}
	return s.TrendDays
}

// Account is everything one target account's KPIs are computed from, and
// the result (ComputeAccount, Service.Accounts).
type Account struct {
	company  crm.Record
	contacts []crm.Record
	deals    []crm.Record
	// firstContact maps the account's deal ids to their first contact.
	firstContact map[string]time.Time
	metrics      metrics.Metrics
	traffic      map[string]string // traffic properties; nil without visits
	in           metrics.AccountInput
}

// Company returns the account's company record as stored.
func (a Account) Company() crm.Record { return a.company }

// HasTraffic reports whether the account's properties include website
// traffic (it had visits in the last 30 days).
func (a Account) HasTraffic() bool { return a.traffic != nil }

// AccountData is what one target account's KPIs are computed from.
type AccountData struct {
	Company         crm.Record
	Contacts, Deals []crm.Record
	// DealContacts are the contacts of the account's deals: its own
	// contacts and those of other companies on its deals.
	DealContacts []crm.Record
	Traffic      map[string]string // traffic properties; nil without visits
	Visits       int               // website visits in the last 30 days
}

// loadAccount reads one target account's contacts, deals, the contacts of
// its deals and its traffic, and computes its KPIs as of now with the
// imported survey answers (read once per run by the caller).
func (s *Service) loadAccount(ctx context.Context, company crm.Record, imported []crm.NPSAnswer, now time.Time) (Account, error) {
	in := AccountData{Company: company}
	var err error
	if in.Contacts, err = s.Store.MemberRecords(ctx, company.ID, crm.Contacts); err != nil {
		return Account{}, err
	}
	if in.Deals, err = s.Store.MemberRecords(ctx, company.ID, crm.Deals); err != nil {
		return Account{}, err
	}
	if in.DealContacts, err = s.dealContacts(ctx, in.Deals, in.Contacts); err != nil {
		return Account{}, err
	}
	if in.Traffic, in.Visits, err = s.trafficProperties(ctx, company.ID); err != nil {
		return Account{}, err
	}
	return s.ComputeAccount(in, imported, now), nil
}

// ComputeAccount computes one account's KPIs from data and the imported
// survey answers as of now; it does no I/O. Engagement
// signals count over the last 30 days: visits, engaged contacts (the
// campaign's engagement window), LinkedIn ad clicks (abm_linkedin_clicks_30d),
// contacts with a form submission (recent_conversion_date) and contacts
// with a meeting (hs_latest_meeting_activity).
func (s *Service) ComputeAccount(data AccountData, imported []crm.NPSAnswer, now time.Time) Account {
	company := data.Company
	a := Account{company: company, contacts: data.Contacts, deals: data.Deals, traffic: data.Traffic}
	a.metrics = metrics.Compute(company, a.contacts, a.deals, s.Settings, now)
	k := s.KPI
	a.firstContact = metrics.FirstContactByDeal(a.deals, data.DealContacts, k.FirstContactProps, k.Loc)

	from := now.Add(-signalWindow)
	clicks, _ := strconv.Atoi(company.Properties[metrics.PropLinkedInClicks])
	sig := metrics.Signals{
		Visits: data.Visits, EngagedContacts: a.metrics.EngagedContacts, LinkedInEngagements: clicks,
		FormSubmissions: metrics.ContactsWithDateIn(a.contacts, "recent_conversion_date", from, now),
		Meetings:        metrics.ContactsWithDateIn(a.contacts, "hs_latest_meeting_activity", from, now),
	}
	prevSince, _ := crm.ParseTime(company.Properties[metrics.PropMQASince])
	m := s.MQA.orDefault()
	score := metrics.EngagementScore(sig, m.Weights)
	isMQA, since := metrics.MQA(score, m.Threshold, prevSince, now)

	answers := metrics.AnswersFor(imported, company.ID, company.Properties["domain"], k.npsFrom(now), now)
	if k.NPSProperty != "" {
		fromCRM, _ := metrics.NPSFromContacts(a.contacts, k.NPSProperty, k.NPSDateProperty)
		answers = append(answers, metrics.AnswersFor(fromCRM, company.ID, "", k.npsFrom(now), now)...)
	}
	upsellN, upsellAmount := metrics.Upsell(a.deals)
	a.in = metrics.AccountInput{
		CompanyID: company.ID, Name: company.Properties["name"], Domain: company.Properties["domain"],
		Visits30d: data.Visits, KnownContacts: a.metrics.KnownContacts, EngagedContacts: a.metrics.EngagedContacts,
		EngagementScore: score, MQA: isMQA, MQASince: since,
		SQLContacts: metrics.SQLContacts(a.contacts), HasSQLContact: metrics.HasSQLContact(a.contacts),
		FormSubmissions: sig.FormSubmissions, Meetings: sig.Meetings, LinkedInEngagements: clicks,
		Deals:       metrics.DealStats(a.deals, a.firstContact, k.cohort(now)),
		UpsellCount: upsellN, UpsellAmount: upsellAmount,
		Referrals: metrics.Referrals(a.contacts, a.deals, k.Referrals),
		NPS:       answers,
	}
	return a
}

// dealContacts returns the contacts associated with deals: the account's
// own contacts plus, read from the store, those that belong to another
// company (a consultant on the deal, say).
func (s *Service) dealContacts(ctx context.Context, deals, contacts []crm.Record) ([]crm.Record, error) {
	have := make(map[string]bool, len(contacts))
	for _, c := range contacts {
		have[c.ID] = true
	}
	var missing []string
	for _, deal := range deals {
		for _, id := range deal.Associations[crm.Contacts] {
			if !have[id] {
				have[id] = true
				missing = append(missing, id)
			}
		}
	}
	if len(missing) == 0 {
		return contacts, nil
	}
	more, err := s.Store.Records(ctx, crm.Contacts, missing)
	if err != nil {
		return nil, err
	}
	return append(slices.Clip(contacts), more...), nil
}

// Properties returns the company properties of the account's KPIs: the v1
// metrics, engagement and MQA, SQL contacts, time to close and won amount of
// the cohort, upsell, referrals and NPS, and its traffic when it has any.
// Values that are unknown (no won deal, no answer) are "", which clears a
// value written earlier.
func (a Account) Properties() map[string]string {
	in := a.in
	num := func(v *float64) string {
		if v == nil {
			return ""
		}
		return strconv.FormatFloat(*v, 'f', -1, 64)
	}
	out := a.metrics.Properties()
	out[metrics.PropEngagementScore] = strconv.FormatFloat(in.EngagementScore, 'f', -1, 64)
	out[metrics.PropMQA] = strconv.FormatBool(in.MQA)
	out[metrics.PropMQASince] = ""
	if in.MQA {
		out[metrics.PropMQASince] = in.MQASince.UTC().Format(time.DateOnly)
	}
	out[metrics.PropSQLContacts] = strconv.Itoa(in.SQLContacts)
	out[metrics.PropDaysToCloseMean] = num(in.Deals.MeanDaysToClose)
	out[metrics.PropDaysToCloseMedian] = num(in.Deals.MedianDaysToClose)
	out[metrics.PropWonAmountMean] = num(in.Deals.MeanWonAmount)
	out[metrics.PropUpsellDeals] = strconv.Itoa(in.UpsellCount)
	out[metrics.PropUpsellRevenue] = strconv.FormatFloat(in.UpsellAmount, 'f', -1, 64)
	out[metrics.PropReferrals] = strconv.Itoa(len(in.Referrals))
	nps, _ := metrics.NPSOf(in.NPS)
	out[metrics.PropNPS] = num(nps.Score)
	out[metrics.PropNPSResponses] = strconv.Itoa(nps.Responses)
	if a.traffic != nil {
		maps.Copy(out, a.traffic)
	}
	return out
}

// Accounts loads every target account of targets from the store (its
// contacts, deals, the contacts of its deals and its traffic) and computes
// its KPIs as of now, reading the imported survey answers once.
func (s *Service) Accounts(ctx context.Context, targets []crm.Record, now time.Time) ([]Account, error) {
	imported, err := s.Store.NPSAnswers(ctx)
	if err != nil {
		return nil, err
	}
	// Each account is a few Redis round trips: accountLoaders of them at a
	// time keep a campaign of hundreds of accounts from waiting on them one
	// by one.
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	out := make([]Account, len(targets))
	errs := make([]error, len(targets))
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(accountLoaders, len(targets)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				if out[i], errs[i] = s.loadAccount(ctx, targets[i], imported, now); errs[i] != nil {
					cancel()
				}
			}
		}()
	}
	for i := range targets {
		next <- i
	}
	close(next)
	wg.Wait()
	// The first failure, not the cancellations it caused in the others.
	var first error
	for _, err := range errs {
		if err != nil && !errors.Is(err, context.Canceled) {
			return nil, err
		}
		if first == nil {
			first = err
		}
	}
	if first != nil {
		return nil, first
	}
	return out, nil
}

// accountLoaders is how many accounts Accounts loads at once.
const accountLoaders = 8

// report builds the KPI report of accounts: campaign-wide deal statistics
// over all their deals (means and medians cannot be combined from
// per-account values) and the trend against the snapshot trendDays ago.
func (s *Service) report(ctx context.Context, companies []crm.Record, accounts []Account, now time.Time) (metrics.Report, error) {
	var in metrics.Input
	var allDeals []crm.Record
	first := map[string]time.Time{}
	for _, a := range accounts {
		in.Accounts = append(in.Accounts, a.in)
		allDeals = append(allDeals, a.deals...)
		maps.Copy(first, a.firstContact)
	}
	in.Cohort = s.KPI.cohort(now)
	in.Deals = metrics.DealStats(allDeals, first, in.Cohort)
	in.ICPAccounts = len(accounts)
	if s.ICP.Profile.Enabled() {
		in.ICPAccounts = 0
		for _, c := range companies {
			if s.ICP.Profile.Score(c).Tier == "tier_1" {
				in.ICPAccounts++
			}
		}
	}
	prev, at, ok, err := s.Store.KPISnapshot(ctx, now.AddDate(0, 0, -s.KPI.trendDays()))
	if err != nil {
		return metrics.Report{}, err
	}
	if ok {
		in.Previous, in.PreviousAt = prev, at
	}
	rep := metrics.Build(in, s.Goals, now)
	if err := s.Store.SaveKPISnapshot(ctx, now, currentValues(rep)); err != nil {
		return metrics.Report{}, err
	}
	return rep, nil
}

// currentValues are the report's known KPI values, what a later report's
// trend compares with.
func currentValues(r metrics.Report) map[string]float64 {
	out := make(map[string]float64, len(r.KPIs))
	for k, v := range r.KPIs {
		if v.Current != nil {
			out[k] = *v.Current
		}
	}
	return out
}

// SnapshotDaily builds the report of accounts (the target accounts of
// companies, every stored company) once a day after a campaign-wide compute,
// so that trends have a previous period even when nobody opened a report.
// It does nothing when today's snapshot exists.
func (s *Service) SnapshotDaily(ctx context.Context, companies []crm.Record, accounts []Account, now time.Time) error {
	ok, err := s.Store.HasKPISnapshot(ctx, now)
	if err != nil || ok {
		return err
	}
	_, err = s.report(ctx, companies, accounts, now)
	return err
}
