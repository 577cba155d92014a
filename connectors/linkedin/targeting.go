package linkedin

import (
	"context"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Ad Targeting API: the employers facet's typeahead names companies with
// their organization URNs. Any app of the Marketing API program may call it
// with a 3-legged token; it needs no scope beyond those of the ads APIs,
// unlike the organization lookup by vanity name (Community Management API).
// See https://learn.microsoft.com/en-us/linkedin/marketing/integrations/ads/advertising-targeting/ads-targeting
// and https://learn.microsoft.com/en-us/linkedin/shared/references/v2/ads/adtargetingentities.
const (
	// EmployersFacet is the Ad Targeting facet of the companies members
	// work at; its entities are organizations.
	EmployersFacet = "urn:li:adTargetingFacet:employers"
	// MaxTypeaheadQuery caps the query text sent (a company name is
	// shorter; the rest would only narrow a prefix search further).
	MaxTypeaheadQuery = 100
	// typeaheadCount is how many entities one look-up asks for: enough to
	// see the exact name beside its look-alikes ("Bayer", "Bayer
	// Pharmaceuticals", "Bayer Crop Science", ...).
	typeaheadCount = 20
	// DefaultTypeaheadInterval is the least time between two typeahead
	// calls of one client. LinkedIn throttles per application and member
	// per day and shows the quotas only in the Developer Portal; four calls
	// a second keeps a first resolution of a few thousand accounts well
	// inside them and leaves the rest of the quota to the ads calls.
	DefaultTypeaheadInterval = 250 * time.Millisecond
)

// Employer is one entity of the employers facet.
type Employer struct {
	// URN is the organization, urn:li:organization:N.
	URN string `json:"urn"`
	// Name is LinkedIn's name of the organization, formatted for the
	// locale.
	Name string `json:"name"`
}

type typeaheadAnswer struct {
	Elements []struct {
		URN      string `json:"urn"`
		Value    string `json:"value"` // QUERY_USES_MIXED, the legacy shape
		FacetURN string `json:"facetUrn"`
		Name     string `json:"name"`
	} `json:"elements"`
}

var companyURN = regexp.MustCompile(`^urn:li:(?:organization|company):([0-9]+)$`)

// SearchEmployers asks the employers typeahead of the Ad Targeting API for
// query: GET /rest/adTargetingEntities?q=typeahead&facet=urn%3Ali%3A
// adTargetingFacet%3Aemployers&query=...&queryVersion=QUERY_USES_URNS.
// It returns LinkedIn's candidates in LinkedIn's order, each with an
// organization URN (a legacy urn:li:company:N is the same number as
// urn:li:organization:N); an entity of another facet or without a URN is
// dropped. An empty query returns nothing without a call. Calls of one
// client are at least Config.TypeaheadInterval apart (waits on the
// client's Clock); 429s are waited out like every call's.
func (c *Client) SearchEmployers(ctx context.Context, query string) ([]Employer, error) {
	query = strings.TrimSpace(query)
	if len(query) > MaxTypeaheadQuery {
		query = strings.TrimSpace(truncateUTF8(query, MaxTypeaheadQuery))
	}
	if query == "" {
		return nil, nil
	}
	if err := c.paceTypeahead(ctx); err != nil {
		return nil, err
	}
	var q rawQuery
	q.add("q", "typeahead")
	q.add("facet", restliEscape(EmployersFacet))
	q.add("query", restliEscape(query))
	q.add("queryVersion", "QUERY_USES_URNS")
	q.add("count", strconv.Itoa(typeaheadCount))
	req, err := c.newRequest(ctx, http.MethodGet, "/rest/adTargetingEntities", q, nil)
	if err != nil {
		return nil, err
	}
	var answer typeaheadAnswer
	if _, err := c.do(req, &answer); err != nil {
		return nil, wrapOp(err, "employers typeahead")
	}
	out := make([]Employer, 0, len(answer.Elements))
	for _, el := range answer.Elements {
		if el.FacetURN != "" && el.FacetURN != EmployersFacet {
			continue
		}
		urn := el.URN
		if urn == "" {
			urn = el.Value
		}
		m := companyURN.FindStringSubmatch(urn)
		if m == nil || strings.TrimSpace(el.Name) == "" {
			continue
		}
		out = append(out, Employer{URN: "urn:li:organization:" + m[1], Name: strings.TrimSpace(el.Name)})
	}
	return out, nil
}

// paceTypeahead waits until the typeahead interval since the previous
// call has passed, and books the next slot.
func (c *Client) paceTypeahead(ctx context.Context) error {
	c.mu.Lock()
	now := c.clock.Now()
	next := c.nextTypeahead
	if next.Before(now) {
		next = now
	}
	c.nextTypeahead = next.Add(c.typeaheadInterval)
	c.mu.Unlock()
	if d := next.Sub(now); d > 0 {
		return c.clock.Sleep(ctx, d)
	}
	return nil
}

// truncateUTF8 cuts s to at most n bytes without splitting a character.
func truncateUTF8(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n]
}
