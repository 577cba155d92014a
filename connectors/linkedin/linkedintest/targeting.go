package linkedintest

import (
	"net/http"
	"strconv"
	"strings"
)

// EmployersFacet is the Ad Targeting facet whose typeahead the fake serves.
const EmployersFacet = "urn:li:adTargetingFacet:employers"

// DefaultTypeaheadCount is the page size of the typeahead when the request
// names no count.
const DefaultTypeaheadCount = 10

// Employer is one organization the employers typeahead knows.
type Employer struct {
	// ID is the organization's number: its URN is urn:li:organization:ID.
	ID int64
	// Name is the organization's name as LinkedIn shows it.
	Name string
}

// URN returns urn:li:organization:ID.
func (e Employer) URN() string { return "urn:li:organization:" + strconv.FormatInt(e.ID, 10) }

// serveTypeahead is the Ad Targeting Entities typeahead finder:
// GET /rest/adTargetingEntities?q=typeahead&facet=urn%3Ali%3AadTargetingFacet%3Aemployers
// &query=TEXT[&queryVersion=QUERY_USES_URNS][&start=N&count=N]. An employer
// is returned when a word of its name starts with the query, case
// insensitively ("bay" finds "Bayer" and "Covestro Bayer Services"; it is a
// typeahead, not an exact search), in the order of Options.Employers.
// QUERY_USES_URNS answers urn, facetUrn and name; the default
// QUERY_USES_MIXED answers the legacy value instead of urn.
func (s *Server) serveTypeahead(w http.ResponseWriter, r *http.Request) {
	q, err := ParseQuery(r.URL.RawQuery, "fields")
	if err != nil {
		writeError(w, http.StatusBadRequest, "", 0, "Invalid query parameters: "+err.Error())
		return
	}
	bad := func(msg string) { writeError(w, http.StatusBadRequest, "", 0, msg) }
	switch {
	case q.String("q") != "typeahead":
		bad("linkedintest: only the typeahead finder (q=typeahead) of adTargetingEntities is implemented")
		return
	case q.String("facet") != EmployersFacet:
		bad("linkedintest: only facet " + EmployersFacet + " is implemented, got " + strconv.Quote(q.String("facet")))
		return
	}
	query := strings.ToLower(strings.TrimSpace(q.String("query")))
	if query == "" {
		bad("query is required with q=typeahead")
		return
	}
	version := q.String("queryVersion")
	if version != "" && version != "QUERY_USES_URNS" && version != "QUERY_USES_MIXED" {
		bad("Invalid queryVersion " + strconv.Quote(version))
		return
	}
	start, count := 0, DefaultTypeaheadCount
	if v := q.String("start"); v != "" {
		if start, err = strconv.Atoi(v); err != nil || start < 0 {
			bad("start must be a non-negative integer")
			return
		}
	}
	if v := q.String("count"); v != "" {
		if count, err = strconv.Atoi(v); err != nil || count < 0 {
			bad("count must be a non-negative integer")
			return
		}
	}
	var hits []Employer
	for _, e := range s.opts.Employers {
		name := strings.ToLower(e.Name)
		if strings.HasPrefix(name, query) || strings.Contains(name, " "+query) {
			hits = append(hits, e)
		}
	}
	total := len(hits)
	hits = hits[min(start, total):min(start+count, total)]
	elements := make([]map[string]any, 0, len(hits))
	for _, e := range hits {
		el := map[string]any{"facetUrn": EmployersFacet, "name": e.Name}
		if version == "QUERY_USES_URNS" {
			el["urn"] = e.URN()
		} else {
			el["value"] = e.URN()
		}
		elements = append(elements, el)
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"paging":   map[string]any{"start": start, "count": count, "total": total, "links": []any{}},
		"elements": elements,
	})
}
