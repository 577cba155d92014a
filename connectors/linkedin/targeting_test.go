package linkedin

import (
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/abmsync/abmsync/connectors/linkedin/linkedintest"
)

var testEmployers = []linkedintest.Employer{
	{ID: 1035, Name: "Bayer"},
	{ID: 2001, Name: "Bayer Pharmaceuticals"},
	{ID: 2002, Name: "Bayer Services GmbH"},
	{ID: 3001, Name: "Boehringer Ingelheim"},
	{ID: 4001, Name: "Müller (Schweiz) AG"},
}

func TestSearchEmployers(t *testing.T) {
	t.Parallel()
	f := newAPIFixture(t, func(_ *Config, o *linkedintest.Options) { o.Employers = testEmployers })
	got, err := f.c.SearchEmployers(t.Context(), "Bayer")
	if err != nil {
		t.Fatal(err)
	}
	want := []Employer{
		{URN: "urn:li:organization:1035", Name: "Bayer"},
		{URN: "urn:li:organization:2001", Name: "Bayer Pharmaceuticals"},
		{URN: "urn:li:organization:2002", Name: "Bayer Services GmbH"},
	}
	if !slices.Equal(got, want) {
		t.Errorf("SearchEmployers(Bayer) = %v, want %v", got, want)
	}
	// Reserved characters of the query are encoded once, the facet URN's
	// colons too, as Rest.li 2.0 wants.
	got, err = f.c.SearchEmployers(t.Context(), "Müller (Schweiz)")
	if err != nil || len(got) != 1 || got[0].URN != "urn:li:organization:4001" {
		t.Fatalf("SearchEmployers(Müller (Schweiz)) = %v, %v", got, err)
	}
	reqs := f.requestsTo("GET /rest/adTargetingEntities")
	if len(reqs) != 2 {
		t.Fatalf("%d typeahead requests, want 2", len(reqs))
	}
	wantQuery := "q=typeahead&facet=urn%3Ali%3AadTargetingFacet%3Aemployers&query=M%C3%BCller%20%28Schweiz%29&queryVersion=QUERY_USES_URNS&count=20"
	if reqs[1].RawQuery != wantQuery {
		t.Errorf("raw query = %s\nwant        %s", reqs[1].RawQuery, wantQuery)
	}
	for _, h := range [][2]string{{"LinkedIn-Version", apiTestVersion}, {"X-Restli-Protocol-Version", "2.0.0"}, {"Authorization", "Bearer " + f.srv.AccessToken()}} {
		if v := reqs[1].Header.Get(h[0]); v != h[1] {
			t.Errorf("header %s = %q, want %q", h[0], v, h[1])
		}
	}
	// Paced: the second call waited out the interval after the first.
	if s := f.clk.Sleeps(); !slices.Contains(s, DefaultTypeaheadInterval) {
		t.Errorf("sleeps = %v, want one of %v", s, DefaultTypeaheadInterval)
	}
	if got, err := f.c.SearchEmployers(t.Context(), "  "); err != nil || got != nil || len(f.requestsTo("GET /rest/adTargetingEntities")) != 2 {
		t.Errorf("empty query: %v, %v; want no call", got, err)
	}
	if f.c.Calls() != 2 {
		t.Errorf("Calls() = %d, want 2", f.c.Calls())
	}
}

func TestSearchEmployersAnswers(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		body string
		want []Employer
	}{
		{"legacy value and company URN", `{"elements":[{"value":"urn:li:company:77","name":"Acme"}],"paging":{"start":0,"count":10}}`,
			[]Employer{{URN: "urn:li:organization:77", Name: "Acme"}}},
		{"other facet and bad URN dropped", `{"elements":[{"urn":"urn:li:title:1","facetUrn":"urn:li:adTargetingFacet:titles","name":"CEO"},{"urn":"urn:li:organization:x","name":"X"},{"urn":"urn:li:organization:5","facetUrn":"urn:li:adTargetingFacet:employers","name":" Five "}]}`,
			[]Employer{{URN: "urn:li:organization:5", Name: "Five"}}},
		{"nothing", `{"elements":[],"paging":{"start":0,"count":10,"total":0}}`, []Employer{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newAPIFixture(t)
			f.srv.Inject(linkedintest.Fault{Pattern: "GET /rest/adTargetingEntities", Status: 200, Body: tt.body})
			got, err := f.c.SearchEmployers(t.Context(), "acme")
			if err != nil || !slices.Equal(got, tt.want) {
				t.Errorf("got %v, %v; want %v", got, err, tt.want)
			}
		})
	}
}

func TestSearchEmployersThrottled(t *testing.T) {
	t.Parallel()
	f := newAPIFixture(t, func(_ *Config, o *linkedintest.Options) { o.Employers = testEmployers })
	f.srv.Throttle("GET /rest/adTargetingEntities", 1, 3*time.Second)
	got, err := f.c.SearchEmployers(t.Context(), "Boehringer")
	if err != nil || len(got) != 1 {
		t.Fatalf("got %v, %v", got, err)
	}
	if c := f.srv.Calls()["GET /rest/adTargetingEntities"]; c != 2 || f.c.Calls() != 2 {
		t.Errorf("fake saw %d calls, client counted %d; want 2 and 2", c, f.c.Calls())
	}
	f.srv.FailNext("GET /rest/adTargetingEntities", http.StatusForbidden, "")
	if _, err := f.c.SearchEmployers(t.Context(), "Bayer"); err == nil {
		t.Error("403: no error")
	}
}

func TestTypeaheadQuery(t *testing.T) {
	t.Parallel()
	tests := map[string]string{
		"Bayer AG":                           "Bayer",
		"Boehringer Ingelheim GmbH & Co. KG": "Boehringer Ingelheim",
		"Acme, Inc.":                         "Acme",
		"Roche Holding AG":                   "Roche Holding",
		"AG":                                 "AG",
		"Müller (Schweiz) AG":                "Müller (Schweiz)",
		"  ":                                 "",
	}
	for in, want := range tests {
		if got := TypeaheadQuery(in); got != want {
			t.Errorf("TypeaheadQuery(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestDomainLabel(t *testing.T) {
	t.Parallel()
	tests := map[string]string{
		"bayer.com": "bayer", "www.bayer.de": "bayer", "bayer.co.uk": "bayer", "roche": "",
		"pharma.novartis.ch": "novartis", "": "", "www.com": "",
	}
	for in, want := range tests {
		if got := DomainLabel(in); got != want {
			t.Errorf("DomainLabel(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestMatchEmployers(t *testing.T) {
	t.Parallel()
	bayer := Employer{URN: "urn:li:organization:1035", Name: "Bayer"}
	pharma := Employer{URN: "urn:li:organization:2001", Name: "Bayer Pharma Inc."}
	services := Employer{URN: "urn:li:organization:2002", Name: "Bayer Services GmbH"}
	bayerUS := Employer{URN: "urn:li:organization:9", Name: "BAYER AG"}
	tests := []struct {
		name       string
		names      []string
		candidates []Employer
		rejected   []string
		match      string
		ambiguous  int
		lookAlikes int
	}{
		{"exact after legal forms", []string{"Bayer AG"}, []Employer{pharma, bayer, services}, nil, bayer.URN, 0, 2},
		{"look-alikes only", []string{"Bayer AG"}, []Employer{pharma, services}, nil, "", 0, 2},
		{"alias", []string{"BHC Holding AG", "Bayer Services"}, []Employer{bayer, services}, nil, services.URN, 0, 1},
		{"two organizations with the name", []string{"Bayer AG"}, []Employer{bayer, bayerUS, pharma}, nil, "", 2, 1},
		{"same organization twice", []string{"Bayer AG"}, []Employer{bayer, bayer}, nil, bayer.URN, 0, 0},
		{"rejected not accepted", []string{"Bayer AG"}, []Employer{bayer}, []string{bayer.URN}, "", 0, 0},
		{"none", []string{"Unknown Pharma GmbH"}, nil, nil, "", 0, 0},
		{"no name", []string{""}, []Employer{bayer}, nil, "", 0, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := MatchEmployers(tt.names, tt.candidates, tt.rejected)
			if m.Match.URN != tt.match || len(m.Ambiguous) != tt.ambiguous || len(m.LookAlikes) != tt.lookAlikes {
				t.Errorf("MatchEmployers = %+v; want match %q, %d ambiguous, %d look-alikes", m, tt.match, tt.ambiguous, tt.lookAlikes)
			}
			if m.Found() != (tt.match != "") {
				t.Errorf("Found() = %v", m.Found())
			}
		})
	}
}
