package metrics

import (
	"slices"
	"strconv"

	"github.com/abmsync/abmsync/crm"
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

// KeyContactCompanyDefs are the company properties of key-contact
// enrichment, in the abm group.
func KeyContactCompanyDefs() []crm.PropertyDef {
	return []crm.PropertyDef{
		number(PropKeyContacts, "ABM key contacts",
			"Known key contacts at the account after enrichment from the CRM, the company's website and the trade press. Written by abmsync."),
		number(PropBuyingRolesCovered, "ABM buying roles covered",
			"Distinct HubSpot buying roles (decision maker, budget holder, champion ...) among the account's key contacts. Written by abmsync."),
		number(PropWarmPaths, "ABM warm paths",
			"Distinct people at the account known by someone in the firm (LinkedIn Connections exports). Written by abmsync."),
	}
}

// ContactPropertyDefs are the contact properties abmsync writes on key
// contacts, in the abm group. abm_contact_key is created unique (see
// crm.UniqueProperty).
func ContactPropertyDefs() []crm.PropertyDef {
	return []crm.PropertyDef{
		text(crm.ContactKeyProperty, "ABM contact key", "Identifies a key contact abmsync found without an e-mail address (account + normalised name). Written by abmsync."),
		text(PropContactRole, "ABM contact role", "Function from the job title (executive, procurement, quality ...), with ';gatekeeper' for assistants. Written by abmsync."),
		text(PropSourceURL, "ABM source URL", "The page the contact was found on. Written by abmsync."),
		text(PropSource, "ABM source", "Where the contact was found: web, press, linkedin, crm. Written by abmsync."),
		number(PropConfidence, "ABM confidence",
			"How sure the extraction is (0-1). Written by abmsync."),
		prop(PropEnrichedAt, "ABM enriched at", "datetime", "date",
			"When abmsync last changed a fact of this contact. Written by abmsync."),
		text(PropWarmPaths, "ABM warm paths", "Who in the firm knows this person, and since when (LinkedIn Connections exports). Written by abmsync."),
	}
}

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
