package metrics

import (
	"slices"
	"strings"
	"time"

	"github.com/abmsync/abmsync/crm"
)

// UpsellDeals returns the upsell and cross-sell deals among one account's
// deals: won deals whose dealtype is existingbusiness (any case) and whose
// closedate is strictly after the account's first won deal of any type. The
// first won deal itself never counts, even when it is existingbusiness (the
// account was a customer before the CRM's history began), and neither does
// a deal won on the same instant. Won deals without a parsable closedate
// cannot be ordered and are left out. deals must be all of the account's
// deals, not a cohort: filter the result by closedate for a period.
// Archived deals and repeated ids are ignored. The result is in closedate
// order.
func UpsellDeals(deals []crm.Record) []crm.Record {
	type dated struct {
		d  crm.Record
		at time.Time
	}
	var wonDeals []dated
	for _, d := range unique(deals) {
		if !Won(d) {
			continue
		}
		if at, ok := crm.ParseTimeIn(d.Properties["closedate"], nil); ok {
			wonDeals = append(wonDeals, dated{d, at})
		}
	}
	if len(wonDeals) == 0 {
		return nil
	}
	slices.SortStableFunc(wonDeals, func(a, b dated) int { return a.at.Compare(b.at) })
	first := wonDeals[0].at
	var out []crm.Record
	for _, w := range wonDeals {
		if w.at.After(first) && strings.EqualFold(strings.TrimSpace(w.d.Properties["dealtype"]), "existingbusiness") {
			out = append(out, w.d)
		}
	}
	return out
}

// Upsell returns the number and total amount of UpsellDeals(deals), for one
// account's deals. Deals without a parsable amount count but add nothing.
func Upsell(deals []crm.Record) (count int, amount float64) {
	for _, d := range UpsellDeals(deals) {
		count++
		if v, ok := parseAmount(d.Properties["amount"]); ok {
			amount += v
		}
	}
	return count, round(amount, 2)
}

// ReferralConfig names the CRM properties that record a referral. HubSpot
// has no built-in "referred by a customer" source: hs_analytics_source's
// REFERRALS value means traffic from another website (a backlink) and
// OFFLINE means any import or manual entry, so neither is used. Portals
// record person-to-person referrals in a lead-source property of their own,
// which these fields name.
type ReferralConfig struct {
	// ContactSourceProps and DealSourceProps are the contact and deal
	// properties holding the source; the first non-empty one is used.
	ContactSourceProps, DealSourceProps []string
	// Values are the source values that mean a referral (any case).
	Values []string
	// ReferrerProp is the contact or deal property holding the referring
	// account (company id, domain or name as entered); "" reads none.
	ReferrerProp string
}

// DefaultReferralConfig returns the defaults: source property lead_source
// on contacts and deals, values referral and customer_referral, referring
// account in referred_by.
func DefaultReferralConfig() ReferralConfig {
	return ReferralConfig{
		ContactSourceProps: []string{"lead_source"},
		DealSourceProps:    []string{"lead_source"},
		Values:             []string{"referral", "customer_referral"},
		ReferrerProp:       "referred_by",
	}
}

// Referral is one contact or deal whose source is a referral.
type Referral struct {
	Type crm.ObjectType `json:"type"`
	ID   string         `json:"id"`
	// Account is the first associated company id of the referred record;
	// "" when it has none.
	Account string `json:"account,omitempty"`
	// ReferringAccount is the referrer as recorded in ReferrerProp; "" when
	// not recorded.
	ReferringAccount string `json:"referring_account,omitempty"`
	// At is the record's createdate (or CreatedAt); zero when unknown.
	At time.Time `json:"at,omitzero"`
}

// Referrals returns the contacts, then the deals, whose source (per cfg) is
// a referral, in input order. Archived records and repeated ids are
// ignored. A contact and the deal it brought are two referral records; the
// report's referrals KPI counts referred accounts (see Build).
func Referrals(contacts, deals []crm.Record, cfg ReferralConfig) []Referral {
	var out []Referral
	scan := func(rs []crm.Record, props []string, typ crm.ObjectType) {
		for _, r := range unique(rs) {
			if !isReferral(r, props, cfg.Values) {
				continue
			}
			ref := Referral{Type: typ, ID: r.ID, At: dealCreated(r, nil)}
			if ids := r.Associations[crm.Companies]; len(ids) > 0 {
				ref.Account = ids[0]
			}
			if cfg.ReferrerProp != "" {
				ref.ReferringAccount = strings.TrimSpace(r.Properties[cfg.ReferrerProp])
			}
			out = append(out, ref)
		}
	}
	scan(contacts, cfg.ContactSourceProps, crm.Contacts)
	scan(deals, cfg.DealSourceProps, crm.Deals)
	return out
}

func isReferral(r crm.Record, props, values []string) bool {
	for _, p := range props {
		v := strings.TrimSpace(r.Properties[p])
		if v == "" {
			continue
		}
		for _, want := range values {
			if strings.EqualFold(v, strings.TrimSpace(want)) {
				return true
			}
		}
		return false
	}
	return false
}
