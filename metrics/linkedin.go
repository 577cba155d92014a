package metrics

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/abmsync/abmsync/crm"
)

// Company properties of LinkedIn ad engagement. The names say 30d by
// contract; the window is linkedin.window_days (default 30).
const (
	PropLinkedInImpressions = "abm_linkedin_impressions_30d"
	PropLinkedInClicks      = "abm_linkedin_clicks_30d"
	// PropLinkedInOrgURN is the company's LinkedIn organization
	// (urn:li:organization:N): filled in by people, or by abmsync when the
	// employers typeahead names exactly one organization with the
	// account's name or an admin confirms one.
	PropLinkedInOrgURN = "abm_linkedin_org_urn"
	// PropLinkedInCompanyPage is HubSpot's own company property holding the
	// LinkedIn company page URL.
	PropLinkedInCompanyPage = "linkedin_company_page"
)

// LinkedInPullProperties are the company properties the pull requests for
// LinkedIn: the organization URN (or company page) engagement is matched
// by, and the engagement counts the MQA score reads (abm_linkedin_clicks_30d
// weighs as mqa.weights.linkedin_engagements).
var LinkedInPullProperties = []string{PropLinkedInOrgURN, PropLinkedInCompanyPage, PropLinkedInImpressions, PropLinkedInClicks}

var (
	orgURNPattern  = regexp.MustCompile(`^urn:li:organization:([0-9]+)$`)
	companyPageNum = regexp.MustCompile(`(?i)linkedin\.com/company/([0-9]+)(?:[/?#]|$)`)
)

// LinkedInOrgURN returns company's LinkedIn organization URN from
// abm_linkedin_org_urn (a URN, or a bare number) or, failing that, from a
// linkedin_company_page URL with a numeric company ID
// (linkedin.com/company/1234). A vanity URL (linkedin.com/company/acme)
// names no number and gives "": the LinkedIn sync then looks the account
// up by name (workers' organization resolution).
func LinkedInOrgURN(company crm.Record) string {
	v := strings.TrimSpace(company.Properties[PropLinkedInOrgURN])
	if orgURNPattern.MatchString(v) {
		return v
	}
	if _, err := strconv.ParseUint(v, 10, 64); err == nil && v != "" {
		return "urn:li:organization:" + v
	}
	if m := companyPageNum.FindStringSubmatch(company.Properties[PropLinkedInCompanyPage]); m != nil {
		return "urn:li:organization:" + m[1]
	}
	return ""
}

// LinkedInEngagement is one account's LinkedIn engagement over the window.
type LinkedInEngagement struct {
	Impressions int64
	Clicks      int64
}

// Properties returns the engagement as company property values.
func (e LinkedInEngagement) Properties() map[string]string {
	return map[string]string{
		PropLinkedInImpressions: strconv.FormatInt(e.Impressions, 10),
		PropLinkedInClicks:      strconv.FormatInt(e.Clicks, 10),
	}
}
