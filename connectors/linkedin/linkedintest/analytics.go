package linkedintest

import (
	"cmp"
	"fmt"
	"hash/fnv"
	"net/http"
	"slices"
	"strconv"
	"time"
)

// analyticsFields are the adAnalytics fields the fake knows. Metrics it
// does not model are served as 0.
var analyticsFields = map[string]bool{
	"dateRange": true, "pivotValues": true, "impressions": true, "clicks": true,
	"totalEngagements": true, "landingPageClicks": true, "likes": true, "shares": true,
	"comments": true, "follows": true, "costInLocalCurrency": true, "costInUsd": true,
	"externalWebsiteConversions": true, "oneClickLeads": true, "videoViews": true,
}

// Engagement returns the rows adAnalytics serves for pivot MEMBER_COMPANY
// and DAILY granularity between from and to (inclusive, UTC days), after
// withholding: what a correct client must store, and no more.
func (s *Server) Engagement(from, to time.Time) []EngagementRow {
	rows := s.engagement(dayOf(from), dayOf(to))
	return rows
}

func dayOf(t time.Time) time.Time {
	y, m, d := t.UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// OrganizationURN returns the URN of the i-th generated organization
// (0-based).
func OrganizationURN(i int) string {
	return "urn:li:organization:" + strconv.Itoa(10001+i)
}

// engagement returns the unwithheld rows of [from, to], ordered by day and
// organization.
func (s *Server) engagement(from, to time.Time) []EngagementRow {
	var rows []EngagementRow
	if s.opts.Engagement != nil {
		for _, r := range s.opts.Engagement {
			d := dayOf(r.Day)
			if d.Before(from) || d.After(to) {
				continue
			}
			r.Day = d
			rows = append(rows, r)
		}
	} else {
		for d := from; !d.After(to); d = d.AddDate(0, 0, 1) {
			for i := range s.opts.Organizations {
				org := OrganizationURN(i)
				rows = append(rows, generated(org, d))
			}
		}
	}
	rows = slices.DeleteFunc(rows, func(r EngagementRow) bool {
		return r.Impressions <= 0 || (s.opts.WithholdBelow > 0 && r.Impressions < int64(s.opts.WithholdBelow))
	})
	slices.SortFunc(rows, func(a, b EngagementRow) int {
		return cmp.Or(a.Day.Compare(b.Day), cmp.Compare(a.Organization, b.Organization))
	})
	return rows
}

// generated derives one organization-day deterministically.
func generated(org string, day time.Time) EngagementRow {
	h := fnv.New64a()
	fmt.Fprintf(h, "%s|%s", org, day.Format(time.DateOnly))
	x := h.Sum64()
	imp := int64(x % 40)
	clicks := int64((x >> 8) % uint64(imp/8+1))
	eng := clicks + int64((x>>16)%3)
	return EngagementRow{Organization: org, Day: day, Impressions: imp, Clicks: clicks, Engagements: eng}
}

// serveAnalytics is the Analytics finder:
// GET /rest/adAnalytics?q=analytics&pivot=MEMBER_COMPANY&timeGranularity=
// DAILY|ALL&dateRange=(start:(year:Y,month:M,day:D)[,end:(...)])&accounts=
// List(urn%3Ali%3AsponsoredAccount%3AN)&fields=...
func (s *Server) serveAnalytics(w http.ResponseWriter, r *http.Request) {
	q, err := ParseQuery(r.URL.RawQuery, "fields")
	if err != nil {
		writeError(w, http.StatusBadRequest, "", 0, "Invalid query parameters: "+err.Error())
		return
	}
	req, msg := s.parseAnalytics(q)
	if msg != "" {
		writeError(w, http.StatusBadRequest, "", 0, msg)
		return
	}

	// An empty answer when the member cannot read the account, as
	// documented.
	var rows []EngagementRow
	if req.access {
		rows = s.engagement(req.from, req.to)
		if req.gran == "ALL" {
			rows = aggregate(rows, req.from, req.to, s.opts.WithholdBelow)
		}
	}
	if len(rows) > s.opts.AnalyticsCap {
		rows = rows[:s.opts.AnalyticsCap] // silently, as LinkedIn does
	}
	elements := make([]any, 0, len(rows))
	for _, row := range rows {
		end := row.Day
		if req.gran == "ALL" {
			end = req.to
		}
		elements = append(elements, analyticsElement(row, end, req.fields))
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"paging":   map[string]any{"start": 0, "count": 10, "links": []any{}},
		"elements": elements,
	})
}

// analyticsRequest is what an Analytics finder call asks for.
type analyticsRequest struct {
	gran     string // DAILY or ALL
	from, to time.Time
	access   bool // the accounts include the member's ad account
	fields   []string
}

// parseAnalytics reads the finder's parameters, or says why the call is
// refused.
func (s *Server) parseAnalytics(q Query) (analyticsRequest, string) {
	if q.String("q") != "analytics" {
		return analyticsRequest{}, "linkedintest: only the analytics finder (q=analytics) is implemented"
	}
	if q.String("pivot") != "MEMBER_COMPANY" {
		return analyticsRequest{}, "linkedintest: only pivot MEMBER_COMPANY is implemented, got " + strconv.Quote(q.String("pivot"))
	}
	req := analyticsRequest{gran: q.String("timeGranularity")}
	if req.gran != "DAILY" && req.gran != "ALL" {
		return analyticsRequest{}, "linkedintest: timeGranularity must be DAILY or ALL, got " + strconv.Quote(req.gran)
	}
	dr, ok := q.Get("dateRange")
	if !ok || !dr.IsObject {
		return analyticsRequest{}, "dateRange=(start:(year:..,month:..,day:..),end:(...)) is required"
	}
	var err error
	if req.from, err = restliDate(dr.Object["start"]); err != nil {
		return analyticsRequest{}, "dateRange.start: " + err.Error()
	}
	req.to = dayOf(s.opts.Clock())
	if end, ok := dr.Object["end"]; ok {
		if req.to, err = restliDate(end); err != nil {
			return analyticsRequest{}, "dateRange.end: " + err.Error()
		}
	}
	if req.to.Before(req.from) {
		return analyticsRequest{}, "dateRange end is before start"
	}
	accounts, ok := q.Get("accounts")
	if !ok || !accounts.IsList || len(accounts.List) == 0 {
		return analyticsRequest{}, "accounts=List(urn%3Ali%3AsponsoredAccount%3AN) is required with q=analytics"
	}
	for _, a := range accounts.List {
		if !a.IsLeaf {
			return analyticsRequest{}, "accounts must be a List of sponsored account URNs"
		}
		req.access = req.access || a.Leaf == s.opts.AdAccount
	}
	req.fields = []string{"impressions", "clicks"} // served when fields is absent
	if f, ok := q.Get("fields"); ok {
		req.fields = req.fields[:0]
		for _, v := range f.List {
			if !analyticsFields[v.Leaf] {
				return analyticsRequest{}, "Invalid field " + strconv.Quote(v.Leaf) + " in fields"
			}
			req.fields = append(req.fields, v.Leaf)
		}
		if len(req.fields) > MaxAnalyticsFields {
			return analyticsRequest{}, fmt.Sprintf("Too many fields: %d (max %d)", len(req.fields), MaxAnalyticsFields)
		}
	}
	return req, ""
}

// analyticsElement is row as an element with the fields asked, its date
// range ending at end.
func analyticsElement(row EngagementRow, end time.Time, fields []string) map[string]any {
	el := map[string]any{}
	for _, f := range fields {
		switch f {
		case "pivotValues":
			el[f] = []string{row.Organization}
		case "dateRange":
			el[f] = map[string]any{"start": dateJSON(row.Day), "end": dateJSON(end)}
		case "impressions":
			el[f] = row.Impressions
		case "clicks":
			el[f] = row.Clicks
		case "totalEngagements":
			el[f] = row.Engagements
		default:
			el[f] = 0
		}
	}
	return el
}

// aggregate sums rows per organization over [from, to] and withholds
// small totals again. Day is set to from.
func aggregate(rows []EngagementRow, from, _ time.Time, withhold int) []EngagementRow {
	sum := map[string]*EngagementRow{}
	var orgs []string
	for _, r := range rows {
		a := sum[r.Organization]
		if a == nil {
			a = &EngagementRow{Organization: r.Organization, Day: from}
			sum[r.Organization] = a
			orgs = append(orgs, r.Organization)
		}
		a.Impressions += r.Impressions
		a.Clicks += r.Clicks
		a.Engagements += r.Engagements
	}
	slices.Sort(orgs)
	out := make([]EngagementRow, 0, len(orgs))
	for _, o := range orgs {
		if withhold <= 0 || sum[o].Impressions >= int64(withhold) {
			out = append(out, *sum[o])
		}
	}
	return out
}

func restliDate(v Value) (time.Time, error) {
	if !v.IsObject {
		return time.Time{}, fmt.Errorf("want (year:Y,month:M,day:D)")
	}
	var ymd [3]int
	for i, k := range []string{"year", "month", "day"} {
		f, ok := v.Object[k]
		if !ok || !f.IsLeaf {
			return time.Time{}, fmt.Errorf("missing %s", k)
		}
		n, err := strconv.Atoi(f.Leaf)
		if err != nil {
			return time.Time{}, fmt.Errorf("%s %q is not a number", k, f.Leaf)
		}
		ymd[i] = n
	}
	t := time.Date(ymd[0], time.Month(ymd[1]), ymd[2], 0, 0, 0, 0, time.UTC)
	if t.Year() != ymd[0] || int(t.Month()) != ymd[1] || t.Day() != ymd[2] {
		return time.Time{}, fmt.Errorf("%d-%d-%d is not a date", ymd[0], ymd[1], ymd[2])
	}
	return t, nil
}

func dateJSON(t time.Time) map[string]int {
	return map[string]int{"year": t.Year(), "month": int(t.Month()), "day": t.Day()}
}
