package campaign

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"github.com/abmsync/abmsync/crm"
	"github.com/abmsync/abmsync/keycontacts/merge"
	"github.com/abmsync/abmsync/metrics"
)

// KeyContactView is one resolved person of a target account as the
// dashboard shows it. It carries no e-mail address, phone number or
// fingerprint: the page is for seeing who someone is and how to reach them
// warmly, not a contact export.
type KeyContactView struct {
	Name string
	// Role is the role as the source wrote it (merge.FieldRole, the job
	// title pushed to the CRM).
	Role       string
	Function   string
	Seniority  string
	BuyingRole string
	Gatekeeper bool
	// Kind is set for people who are not buying-committee members
	// ("editorial_responsible", "data_protection").
	Kind        string
	WarmPath    string
	LinkedInURL string
	// InCRM reports whether the person matched a contact already in the CRM.
	InCRM bool
	// Sources lists every distinct source (kind and URL) that named the
	// person, the most confident first, with the newest fetch of each.
	Sources []crm.Provenance
}

// AccountKeyContacts returns the people of accountID that sources named, as
// the contacts push resolves them (KeyPeople): people on the do-not-contact list are
// left out, and CRM contacts that no source names are not returned (the
// store keeps only fingerprints of their names). The order is merge's
// (stable by contact key). An unknown account has no people and no error;
// only people of accountID are returned.
func (s *Service) AccountKeyContacts(ctx context.Context, accountID string) ([]KeyContactView, error) {
	people, _, err := s.KeyPeople(ctx, accountID)
	if err != nil {
		return nil, fmt.Errorf("key contacts of account %s: %w", accountID, err)
	}
	out := make([]KeyContactView, 0, len(people))
	for _, p := range people {
		if p.AccountID != accountID {
			// The store files candidates by account; one naming another
			// account would be a bug elsewhere, never this page's person.
			continue
		}
		out = append(out, KeyContactView{
			Name:        p.Value(merge.FieldName),
			Role:        p.Value(merge.FieldRole),
			Function:    p.Value(merge.FieldFunction),
			Seniority:   p.Value(merge.FieldSeniority),
			BuyingRole:  p.Value(merge.FieldBuyingRole),
			Gatekeeper:  p.Value(merge.FieldGatekeeper) == "true",
			Kind:        p.Value(merge.FieldKind),
			WarmPath:    p.Value(merge.FieldWarmPath),
			LinkedInURL: p.Value(merge.FieldLinkedIn),
			InCRM:       p.CRMID != "",
			Sources:     distinctSources(p.Sources),
		})
	}
	return out, nil
}

// KeyPeople resolves the people of accountID: every source's candidates
// minus the do-not-contact list, merged with the account's stored CRM
// contacts (merge.Merge returns only people some candidate names). It also
// returns those CRM contacts, which the contacts push needs again. Both the
// push (workers) and the dashboard (AccountKeyContacts) read people through
// it, so a suppressed person can reach neither.
func (s *Service) KeyPeople(ctx context.Context, accountID string) ([]merge.Person, []crm.Record, error) {
	cands, err := s.Store.Candidates(ctx, accountID)
	if err != nil {
		return nil, nil, err
	}
	dnc, err := DoNotContact(ctx, s.Store)
	if err != nil {
		return nil, nil, err
	}
	kept := cands[:0:0]
	for _, c := range cands {
		if !dnc.Suppressed(c) {
			kept = append(kept, c)
		}
	}
	existingRecs, err := s.Store.MemberRecords(ctx, accountID, crm.Contacts)
	if err != nil {
		return nil, nil, err
	}
	existing := make([]merge.Existing, 0, len(existingRecs))
	for _, r := range existingRecs {
		existing = append(existing, merge.Existing{ID: r.ID, AccountID: accountID, EmailHash: r.Properties["email_hash"],
			NameHash: r.Properties["name_hash"], LinkedInHash: r.Properties["linkedin_hash"],
			JobTitle: r.Properties["jobtitle"], BuyingRole: r.Properties[metrics.BuyingRoleHubSpot]})
	}
	return merge.Merge(dnc.FP, existing, kept), existingRecs, nil
}

// distinctSources keeps one provenance per source kind and URL (a page
// re-read on every sweep names the same person each time), the most
// confident first, so the list does not depend on the order sources were
// read.
func distinctSources(in []crm.Provenance) []crm.Provenance {
	type key struct{ source, url string }
	best := map[key]crm.Provenance{}
	for _, p := range in {
		k := key{p.Source, p.URL}
		if cur, ok := best[k]; !ok || p.FetchedAt.After(cur.FetchedAt) {
			best[k] = p
		}
	}
	out := make([]crm.Provenance, 0, len(best))
	for _, p := range best {
		out = append(out, p)
	}
	slices.SortFunc(out, func(a, b crm.Provenance) int {
		return cmp.Or(cmp.Compare(b.Confidence, a.Confidence), cmp.Compare(a.Source, b.Source), cmp.Compare(a.URL, b.URL))
	})
	return out
}
