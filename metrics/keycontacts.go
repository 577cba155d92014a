package metrics

import (
	"slices"
	"strconv"
)

// Company properties from key-contact enrichment.
const (
	PropKeyContacts        = "abm_key_contacts"
	PropBuyingRolesCovered = "abm_buying_roles_covered"
	// PropWarmPaths is, on a company, the number of distinct people at the
	// account known by someone in the firm, and on a contact the text of
	// those paths ("known by Anna Berg since 2024-10-09; ...").
	PropWarmPaths = "abm_warm_paths"
)

// Contact properties abmsync writes on key contacts.
const (
	PropContactRole   = "abm_contact_role"
	PropSourceURL     = "abm_source_url"
	PropSource        = "abm_source"
	PropConfidence    = "abm_confidence"
	PropEnrichedAt    = "abm_enriched_at"
	BuyingRoleHubSpot = "hs_buying_role"
)

// KeyContactSummary is what the metrics need of an account's key contacts.
type KeyContactSummary struct {
	Count       int
	BuyingRoles []string
	// WarmPaths counts the distinct people with at least one warm path.
	WarmPaths int
}

// Properties returns the company properties of s.
func (s KeyContactSummary) Properties() map[string]string {
	roles := slices.Clone(s.BuyingRoles)
	slices.Sort(roles)
	roles = slices.Compact(roles)
	roles = slices.DeleteFunc(roles, func(r string) bool { return r == "" })
	return map[string]string{
		PropKeyContacts:        strconv.Itoa(s.Count),
		PropBuyingRolesCovered: strconv.Itoa(len(roles)),
		PropWarmPaths:          strconv.Itoa(s.WarmPaths),
	}
}
