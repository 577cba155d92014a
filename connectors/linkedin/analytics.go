package linkedin

import (
	"cmp"
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/abmsync/abmsync/crm"
)

// MaxAnalyticsElements is the most rows one adAnalytics answer holds.
// adAnalytics has no paging and truncates silently at this count (reported
// by integrators, not in LinkedIn's reference), so CompanyEngagement splits
// a window whose answer reaches it.
const MaxAnalyticsElements = 15000

// engagementFields are the adAnalytics fields CompanyEngagement asks for.
const engagementFields = "impressions,clicks,totalEngagements,pivotValues,dateRange"

type analyticsAnswer struct {
	Elements []struct {
		PivotValues []string    `json:"pivotValues"`
		PivotValue  string      `json:"pivotValue"` // older versions
		Impressions json.Number `json:"impressions"`
		Clicks      json.Number `json:"clicks"`
		Engagements json.Number `json:"totalEngagements"`
		DateRange   struct {
			Start *struct {
				Year, Month, Day int
			} `json:"start"`
		} `json:"dateRange"`
	} `json:"elements"`
}

// CompanyEngagement returns the ad account's engagement per organization and
// day for the UTC dates from through to (inclusive), from adAnalytics with
// pivot MEMBER_COMPANY and DAILY granularity, ordered by day and
// organization. It stores what LinkedIn returns and nothing else: withheld
// rows stay absent, nothing is interpolated or scaled. adAnalytics does not
// page; a window whose answer reaches MaxAnalyticsElements rows is split in
// halves and asked again, down to single days (a single day that still
// reaches the cap is kept as returned and logged).
func (c *Client) CompanyEngagement(ctx context.Context, from, to time.Time) ([]crm.EngagementDay, error) {
	from, to = utcDay(from), utcDay(to)
	if to.Before(from) {
		return nil, permanentf("company engagement: end %s is before start %s", to.Format(time.DateOnly), from.Format(time.DateOnly))
	}
	rows, err := c.engagementWindow(ctx, from, to)
	if err != nil {
		return nil, wrapOp(err, "company engagement %s..%s", from.Format(time.DateOnly), to.Format(time.DateOnly))
	}
	slices.SortFunc(rows, func(a, b crm.EngagementDay) int {
		return cmp.Or(a.Day.Compare(b.Day), cmp.Compare(a.OrganizationURN, b.OrganizationURN))
	})
	return rows, nil
}

func (c *Client) engagementWindow(ctx context.Context, from, to time.Time) ([]crm.EngagementDay, error) {
	rows, err := c.engagementCall(ctx, from, to)
	if err != nil {
		return nil, err
	}
	if len(rows) < c.analyticsCap {
		return rows, nil
	}
	days := int(to.Sub(from)/(24*time.Hour)) + 1
	if days == 1 {
		c.log.Warn("adAnalytics answer for one day reached the row cap; some companies may be missing",
			"day", from.Format(time.DateOnly), "rows", len(rows))
		return rows, nil
	}
	mid := from.AddDate(0, 0, days/2-1)
	first, err := c.engagementWindow(ctx, from, mid)
	if err != nil {
		return nil, err
	}
	second, err := c.engagementWindow(ctx, mid.AddDate(0, 0, 1), to)
	if err != nil {
		return nil, err
	}
	return append(first, second...), nil
}

// engagementCall is one GET /rest/adAnalytics?q=analytics for [from, to].
func (c *Client) engagementCall(ctx context.Context, from, to time.Time) ([]crm.EngagementDay, error) {
	var q rawQuery
	q.add("q", "analytics")
	q.add("pivot", "MEMBER_COMPANY")
	q.add("timeGranularity", "DAILY")
	q.add("dateRange", "(start:"+restliDate(from)+",end:"+restliDate(to)+")")
	q.add("accounts", restliList(restliEscape(c.account)))
	q.add("fields", engagementFields)
	req, err := c.newRequest(ctx, http.MethodGet, "/rest/adAnalytics", q, nil)
	if err != nil {
		return nil, err
	}
	var answer analyticsAnswer
	if _, err := c.do(req, &answer); err != nil {
		return nil, err
	}
	rows := make([]crm.EngagementDay, 0, len(answer.Elements))
	skipped := 0
	for _, el := range answer.Elements {
		urn := el.PivotValue
		if len(el.PivotValues) > 0 {
			urn = el.PivotValues[0]
		}
		if urn == "" || el.DateRange.Start == nil {
			skipped++
			continue
		}
		s := el.DateRange.Start
		rows = append(rows, crm.EngagementDay{
			OrganizationURN: urn,
			Day:             time.Date(s.Year, time.Month(s.Month), s.Day, 0, 0, 0, 0, time.UTC),
			Impressions:     metricValue(el.Impressions),
			Clicks:          metricValue(el.Clicks),
			Engagements:     metricValue(el.Engagements),
		})
	}
	if skipped > 0 {
		c.log.Warn("adAnalytics rows without pivot value or date skipped", "rows", skipped)
	}
	return rows, nil
}

// metricValue reads a metric; LinkedIn sends integers, a fractional value is
// truncated, an absent one is 0.
func metricValue(n json.Number) int64 {
	if n == "" {
		return 0
	}
	if i, err := n.Int64(); err == nil {
		return i
	}
	f, err := strconv.ParseFloat(string(n), 64)
	if err != nil {
		return 0
	}
	return int64(f)
}

func utcDay(t time.Time) time.Time {
	y, m, d := t.UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}
