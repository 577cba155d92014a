package metrics

import (
	"strings"
	"time"

	"github.com/abmsync/abmsync/crm"
)

// Settings are the campaign parameters the metrics depend on.
type Settings struct {
	// ReachGoal is the number of engaged contacts wanted per account.
	ReachGoal int
	// EngagementWindow is how far back from now a contact activity still
	// counts as engagement; activities at exactly now-EngagementWindow count.
	// Config validation keeps it positive; a zero window only counts
	// activities at exactly now.
	EngagementWindow time.Duration
	// TargetIDs are CRM company ids that are target accounts regardless of
	// the CRM's own target flag.
	TargetIDs []string
	// TargetDomains are company domains (any form crm.NormalizeDomain accepts)
	// that are target accounts regardless of the CRM's own target flag.
	TargetDomains []string
}

// IsTarget reports whether company is a target account: HubSpot's own
// hs_is_target_account is "true" (any case), or its id is in s.TargetIDs, or
// its normalized domain property equals a normalized s.TargetDomains entry.
// Empty ids and domains never match.
func IsTarget(company crm.Record, s Settings) bool {
	if isTrue(company.Properties["hs_is_target_account"]) {
		return true
	}
	if company.ID != "" {
		for _, id := range s.TargetIDs {
			if strings.TrimSpace(id) == company.ID {
				return true
			}
		}
	}
	d := crm.NormalizeDomain(company.Properties["domain"])
	if d == "" {
		return false
	}
	for _, td := range s.TargetDomains {
		if crm.NormalizeDomain(td) == d {
			return true
		}
	}
	return false
}

// isTrue reports whether a HubSpot boolean property value is true. HubSpot
// sends "true"/"false"; exports and hand-made files vary the case.
func isTrue(v string) bool {
	return strings.EqualFold(strings.TrimSpace(v), "true")
}
