package campaign

import (
	"context"
	"log/slog"
	"slices"
	"time"

	"github.com/abmsync/abmsync/crm"
	"github.com/abmsync/abmsync/keycontacts/roles"
	"github.com/abmsync/abmsync/metrics"
	"github.com/abmsync/abmsync/store"
)

// Service computes and imports a campaign's account data in the store. Its
// methods are safe for concurrent use as long as its fields are not changed
// meanwhile.
type Service struct {
	Store    *store.Store
	Settings metrics.Settings
	Logger   *slog.Logger
	// ICP scores every company when it has criteria (metrics.ICP.Enabled).
	ICP ICPSettings
	// Traffic maps website visitors to accounts (access-log import).
	Traffic TrafficSettings
	// MQA weighs engagement signals and sets the MQA threshold.
	MQA MQASettings
	// KPI sets the deal cohort, first contact, NPS sources and trend.
	KPI KPISettings
	// Goals are the KPI goals of the daily report snapshot; nil means
	// metrics.DefaultGoals.
	Goals map[string]metrics.Goal
	// Roles classifies job titles; nil leaves roles empty.
	Roles Classifier
	// Runs starts the contacts push after a LinkedIn Connections import;
	// ImportConnections needs it.
	Runs RunStarter
	// Now is the clock (default time.Now).
	Now func() time.Time
}

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

// Classifier maps a job title to function, seniority and buying role
// (*roles.Classifier); ClassifyIn reads it in the organisation type a web
// page states (people.Person.OrgType).
type Classifier interface {
	Classify(title string) roles.Classification
	ClassifyIn(title string, org roles.OrgType) roles.Classification
}

// RunStarter starts a run that pushes the key contacts of accounts
// (*workers.Starter). label names the run's scope ("import:<label>").
type RunStarter interface {
	StartContactsPush(ctx context.Context, label string, accounts []string) (store.Run, error)
}

// ICPSettings are the ideal customer profile and what it may write.
type ICPSettings struct {
	Profile metrics.ICP
	// OverwriteTier replaces a hs_ideal_customer_profile a person set.
	OverwriteTier bool
	// FlagTier1 sets hs_is_target_account on tier 1 companies.
	FlagTier1 bool
	// Properties are extra company properties the attribute criteria read;
	// companies are pulled with them.
	Properties []string
}

// Companies returns every stored company.
func Companies(ctx context.Context, st *store.Store) ([]crm.Record, error) {
	ids, err := st.IDs(ctx, crm.Companies)
	if err != nil {
		return nil, err
	}
	return st.Records(ctx, crm.Companies, ids)
}

// Targets keeps the target accounts of companies (metrics.IsTarget).
func Targets(companies []crm.Record, s metrics.Settings) []crm.Record {
	return slices.DeleteFunc(slices.Clone(companies), func(c crm.Record) bool { return !metrics.IsTarget(c, s) })
}

// targetAccounts returns the stored companies that are target accounts.
func (s *Service) targetAccounts(ctx context.Context) ([]crm.Record, error) {
	companies, err := Companies(ctx, s.Store)
	if err != nil {
		return nil, err
	}
	return Targets(companies, s.Settings), nil
}
