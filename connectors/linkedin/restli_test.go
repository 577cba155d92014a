package linkedin

import (
	"net/url"
	"testing"
	"time"

	"github.com/abmsync/abmsync/connectors/linkedin/linkedintest"
)

func TestRestliEscape(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"urn:li:sponsoredAccount:123": "urn%3Ali%3AsponsoredAccount%3A123",
		"Müller (Süd), GmbH & Co.":    "M%C3%BCller%20%28S%C3%BCd%29%2C%20GmbH%20%26%20Co.",
		"a-b_c.d~e":                   "a-b_c.d~e",
		"50%+'x'":                     "50%25%2B%27x%27",
	} {
		if got := restliEscape(in); got != want {
			t.Errorf("restliEscape(%q) = %q, want %q", in, got, want)
		}
	}
	if got := restliList(restliEscape("urn:li:sponsoredAccount:1"), restliEscape("urn:li:sponsoredAccount:2")); got != "List(urn%3Ali%3AsponsoredAccount%3A1,urn%3Ali%3AsponsoredAccount%3A2)" {
		t.Errorf("restliList = %s", got)
	}
	// The calendar date in UTC, whatever the location.
	if got := restliDate(time.Date(2026, 1, 1, 0, 30, 0, 0, time.FixedZone("CET", 3600))); got != "(year:2025,month:12,day:31)" {
		t.Errorf("restliDate = %s", got)
	}
}

// TestBuiltQueryParsesAsRestli: what the client builds is what a Rest.li
// 2.0 server reads, and the url.Values rendering of the same values is
// refused.
func TestBuiltQueryParsesAsRestli(t *testing.T) {
	t.Parallel()
	var q rawQuery
	q.add("q", "analytics")
	q.add("dateRange", "(start:"+restliDate(apiNow)+",end:"+restliDate(apiNow.AddDate(0, 1, 0))+")")
	q.add("accounts", restliList(restliEscape("urn:li:sponsoredAccount:7"), restliEscape("urn:li:sponsoredAccount:8")))
	q.add("name", restliEscape("Müller (Süd), GmbH"))
	parsed, err := linkedintest.ParseQuery(q.String())
	if err != nil {
		t.Fatal(err)
	}
	acc, _ := parsed.Get("accounts")
	if !acc.IsList || len(acc.List) != 2 || acc.List[1].Leaf != "urn:li:sponsoredAccount:8" {
		t.Errorf("accounts %+v", acc)
	}
	dr, _ := parsed.Get("dateRange")
	if dr.Object["end"].Object["month"].Leaf != "12" {
		t.Errorf("dateRange %+v", dr)
	}
	if parsed.String("name") != "Müller (Süd), GmbH" {
		t.Errorf("name %q", parsed.String("name"))
	}

	v := url.Values{}
	v.Set("accounts", "List(urn%3Ali%3AsponsoredAccount%3A7)")
	if _, err := linkedintest.ParseQuery(v.Encode()); err == nil {
		t.Errorf("url.Values encoding %s accepted", v.Encode())
	}
	v = url.Values{}
	v.Set("accounts", "List(urn:li:sponsoredAccount:7)")
	if _, err := linkedintest.ParseQuery(v.Encode()); err == nil {
		t.Errorf("url.Values encoding %s accepted", v.Encode())
	}
}
