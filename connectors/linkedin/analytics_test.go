package linkedin

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/abmsync/abmsync/connectors/linkedin/linkedintest"
	"github.com/abmsync/abmsync/crm"
)

func expectedDays(rows []linkedintest.EngagementRow) []crm.EngagementDay {
	out := make([]crm.EngagementDay, 0, len(rows))
	for _, r := range rows {
		out = append(out, crm.EngagementDay{OrganizationURN: r.Organization, Day: r.Day, Impressions: r.Impressions, Clicks: r.Clicks, Engagements: r.Engagements})
	}
	return out
}

func sameDays(t *testing.T, got, want []crm.EngagementDay) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%d rows, want %d", len(got), len(want))
	}
	for i, g := range got {
		w := want[i]
		if !g.Day.Equal(w.Day) || g.OrganizationURN != w.OrganizationURN ||
			g.Impressions != w.Impressions || g.Clicks != w.Clicks || g.Engagements != w.Engagements {
			t.Fatalf("row %d = %+v, want %+v", i, g, w)
		}
	}
}

func TestCompanyEngagementQuery(t *testing.T) {
	t.Parallel()
	f := newAPIFixture(t)
	// Local times on both sides of midnight UTC: the UTC date counts.
	cet := time.FixedZone("CET", 3600)
	from := time.Date(2026, 10, 28, 0, 30, 0, 0, cet) // 2026-10-27 23:30 UTC
	to := time.Date(2026, 11, 26, 18, 0, 0, 0, time.UTC)
	got, err := f.c.CompanyEngagement(context.Background(), from, to)
	if err != nil {
		t.Fatal(err)
	}
	reqs := f.requestsTo("GET /rest/adAnalytics")
	if len(reqs) != 1 {
		t.Fatalf("%d calls", len(reqs))
	}
	const want = "q=analytics&pivot=MEMBER_COMPANY&timeGranularity=DAILY" +
		"&dateRange=(start:(year:2026,month:10,day:27),end:(year:2026,month:11,day:26))" +
		"&accounts=List(urn%3Ali%3AsponsoredAccount%3A500100)" +
		"&fields=impressions,clicks,totalEngagements,pivotValues,dateRange"
	if reqs[0].RawQuery != want {
		t.Errorf("query\n%s\nwant\n%s", reqs[0].RawQuery, want)
	}
	expected := f.srv.Engagement(from, to)
	sameDays(t, got, expectedDays(expected))
	// The generated data has withheld rows: fewer rows than
	// organizations x days, none under the threshold, nothing filled in.
	if all := linkedintest.DefaultOrganizations * 31; len(got) >= all || len(got) == 0 {
		t.Errorf("%d rows of %d possible: withholding not exercised", len(got), all)
	}
	for _, r := range got {
		if r.Impressions < linkedintest.DefaultWithholdBelow || r.Day.Location() != time.UTC || r.Day.Hour() != 0 {
			t.Errorf("row %+v", r)
		}
	}
}

// TestCompanyEngagementStoresWhatComes: explicit data with gaps and a
// withheld row comes back exactly, without zero-filled or scaled rows.
func TestCompanyEngagementStoresWhatComes(t *testing.T) {
	t.Parallel()
	d := func(day int) time.Time { return time.Date(2026, 11, day, 0, 0, 0, 0, time.UTC) }
	rows := []linkedintest.EngagementRow{
		{Organization: "urn:li:organization:7", Day: d(2), Impressions: 120, Clicks: 4, Engagements: 9},
		{Organization: "urn:li:organization:7", Day: d(5), Impressions: 2, Clicks: 1, Engagements: 1}, // withheld
		{Organization: "urn:li:organization:9", Day: d(5), Impressions: 31, Clicks: 0, Engagements: 2},
		{Organization: "urn:li:organization:9", Day: d(20), Impressions: 50, Clicks: 2, Engagements: 3}, // outside
	}
	f := newAPIFixture(t, func(_ *Config, o *linkedintest.Options) { o.Engagement = rows })
	got, err := f.c.CompanyEngagement(context.Background(), d(1), d(10))
	if err != nil {
		t.Fatal(err)
	}
	want := []crm.EngagementDay{
		{OrganizationURN: "urn:li:organization:7", Day: d(2), Impressions: 120, Clicks: 4, Engagements: 9},
		{OrganizationURN: "urn:li:organization:9", Day: d(5), Impressions: 31, Clicks: 0, Engagements: 2},
	}
	sameDays(t, got, want)
}

// TestCompanyEngagementSplitsAtCap: adAnalytics does not page and
// truncates silently; a full answer makes the client split the window.
func TestCompanyEngagementSplitsAtCap(t *testing.T) {
	t.Parallel()
	f := newAPIFixture(t, func(_ *Config, o *linkedintest.Options) {
		o.AnalyticsCap = 40
		o.WithholdBelow = -1
		o.Organizations = 6
	})
	f.c.analyticsCap = 40
	from, to := apiNow.AddDate(0, 0, -29), apiNow
	got, err := f.c.CompanyEngagement(context.Background(), from, to)
	if err != nil {
		t.Fatal(err)
	}
	sameDays(t, got, expectedDays(f.srv.Engagement(from, to)))
	if n := f.srv.Calls()["GET /rest/adAnalytics"]; n < 5 {
		t.Errorf("%d calls: the window was not split", n)
	}
}

func TestCompanyEngagementErrors(t *testing.T) {
	t.Parallel()
	f := newAPIFixture(t)
	_, err := f.c.CompanyEngagement(context.Background(), apiNow, apiNow.AddDate(0, 0, -1))
	if !errors.Is(err, crm.ErrPermanent) || f.srv.Calls()["total"] != 0 {
		t.Fatalf("reversed window: %v", err)
	}
	f.srv.FailNext("GET /rest/adAnalytics", 200, `<html>proxy error</html>`)
	_, err = f.c.CompanyEngagement(context.Background(), apiNow, apiNow)
	var de *DecodeError
	if !errors.As(err, &de) {
		t.Fatalf("non-JSON 200: %v", err)
	}
	var tmp crm.Temporary
	if !errors.As(err, &tmp) {
		t.Error("DecodeError is not found as crm.Temporary")
	}
}
