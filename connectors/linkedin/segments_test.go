package linkedin

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/abmsync/abmsync/connectors/linkedin/linkedintest"
	"github.com/abmsync/abmsync/crm"
)

const findQuery = "q=account&account=urn%3Ali%3AsponsoredAccount%3A500100&sourcePlatform=ABMSYNC"

func TestFindOrCreateCompanySegmentCreates(t *testing.T) {
	t.Parallel()
	f := newAPIFixture(t)
	ctx := context.Background()
	seg, err := f.c.FindOrCreateCompanySegment(ctx, "ABM Q4 – Maschinenbau")
	if err != nil {
		t.Fatal(err)
	}
	if seg.ID == "" || seg.Type != "COMPANY" || seg.Account != "urn:li:sponsoredAccount:500100" || !seg.Created.Equal(apiNow) {
		t.Errorf("segment %+v", seg)
	}
	finds := f.requestsTo("GET /rest/dmpSegments")
	if len(finds) != 1 || finds[0].RawQuery != findQuery {
		t.Fatalf("find requests %+v", finds)
	}
	creates := f.requestsTo("POST /rest/dmpSegments")
	if len(creates) != 1 {
		t.Fatalf("create requests %d", len(creates))
	}
	var body map[string]any
	if err := json.Unmarshal(creates[0].Body, &body); err != nil {
		t.Fatal(err)
	}
	want := map[string]any{
		"name": "ABM Q4 – Maschinenbau", "sourcePlatform": "ABMSYNC", "account": "urn:li:sponsoredAccount:500100",
		"accessPolicy": "PRIVATE", "type": "COMPANY", "destinations": []any{map[string]any{"destination": "LINKEDIN"}},
	}
	if !reflect.DeepEqual(body, want) {
		t.Errorf("create body %v\nwant %v", body, want)
	}
	if ct := creates[0].Header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type %q", ct)
	}
	info, ok := f.srv.Segment(seg.ID)
	if !ok || info.Name != seg.Name || info.Type != "COMPANY" || info.AccessPolicy != "PRIVATE" {
		t.Errorf("server segment %+v", info)
	}

	// The second time it is found, not created again.
	again, err := f.c.FindOrCreateCompanySegment(ctx, "ABM Q4 – Maschinenbau")
	if err != nil || again.ID != seg.ID {
		t.Fatalf("again = %+v, %v", again, err)
	}
	if n := f.srv.Calls()["POST /rest/dmpSegments"]; n != 1 {
		t.Errorf("created %d times", n)
	}
}

func TestFindOrCreateCompanySegmentPages(t *testing.T) {
	t.Parallel()
	f := newAPIFixture(t)
	for i := range 23 {
		f.srv.AddSegment(fmt.Sprintf("other %d", i), "COMPANY")
	}
	id := f.srv.AddSegment("target", "COMPANY")
	f.srv.AddSegment("target", "COMPANY") // a younger namesake loses
	seg, err := f.c.FindOrCreateCompanySegment(context.Background(), "target")
	if err != nil {
		t.Fatal(err)
	}
	if seg.ID != id || seg.Status != "BUILDING" || seg.AdSegment == "" {
		t.Errorf("segment %+v, want ID %s", seg, id)
	}
	var queries []string
	for _, r := range f.requestsTo("GET /rest/dmpSegments") {
		queries = append(queries, r.RawQuery)
	}
	want := []string{findQuery, findQuery + "&start=10", findQuery + "&start=20"}
	if !slices.Equal(queries, want) {
		t.Errorf("queries %q\nwant %q", queries, want)
	}
	if f.srv.Calls()["POST /rest/dmpSegments"] != 0 {
		t.Error("created a segment although one exists")
	}
}

func TestFindOrCreateCompanySegmentErrors(t *testing.T) {
	t.Parallel()
	t.Run("user segment with the name", func(t *testing.T) {
		t.Parallel()
		f := newAPIFixture(t)
		f.srv.AddSegment("contacts", "USER")
		_, err := f.c.FindOrCreateCompanySegment(context.Background(), "contacts")
		if !errors.Is(err, crm.ErrPermanent) {
			t.Fatalf("err = %v, want permanent", err)
		}
	})
	t.Run("no source platform", func(t *testing.T) {
		t.Parallel()
		f := newAPIFixture(t, func(c *Config, _ *linkedintest.Options) { c.SourcePlatform = "" })
		f.c.sourcePlatform = ""
		_, err := f.c.FindOrCreateCompanySegment(context.Background(), "new")
		if !errors.Is(err, crm.ErrPermanent) || f.srv.Calls()["POST /rest/dmpSegments"] != 0 {
			t.Fatalf("err = %v, calls %v", err, f.srv.Calls())
		}
	})
	t.Run("5xx on create is not resent", func(t *testing.T) {
		t.Parallel()
		f := newAPIFixture(t)
		f.srv.FailNext("POST /rest/dmpSegments", http.StatusServiceUnavailable, "")
		_, err := f.c.FindOrCreateCompanySegment(context.Background(), "new")
		var er *ErrorResponse
		if !errors.As(err, &er) || er.StatusCode != 503 || errors.Is(err, crm.ErrPermanent) {
			t.Fatalf("err = %v", err)
		}
		calls := f.srv.Calls()
		// One create, and a second look for a segment the failed create
		// may have made.
		if calls["POST /rest/dmpSegments"] != 1 || calls["GET /rest/dmpSegments"] != 2 {
			t.Errorf("calls %v", calls)
		}
	})
	t.Run("empty name", func(t *testing.T) {
		t.Parallel()
		f := newAPIFixture(t)
		if _, err := f.c.FindOrCreateCompanySegment(context.Background(), " "); !errors.Is(err, crm.ErrPermanent) {
			t.Fatalf("err = %v", err)
		}
	})
}

func TestUpdateCompaniesBatches(t *testing.T) {
	t.Parallel()
	f := newAPIFixture(t, func(c *Config, _ *linkedintest.Options) { c.BatchSize = 3 })
	id := f.srv.AddSegment("targets", "COMPANY")
	f.srv.AddSegment("other", "COMPANY")
	elems := []CompanyElement{
		{Action: ActionAdd, OrganizationURN: "urn:li:organization:1035", Domain: "ignored.example", Name: "Ignored"},
		{Action: ActionAdd, Domain: "https://www.Hofer-Maschinenbau.de/kontakt", Name: "Hofer Maschinenbau GmbH"},
		{Action: ActionAdd, Domain: "weber-antriebe.de"},
		{Action: ActionAdd, Name: "Krause Logistik AG"},
		{Action: ActionAdd, Domain: "obsolete.example"},
		{Action: ActionRemove, Domain: "obsolete.example"},
		{Action: ActionAdd, OrganizationURN: "urn:li:organization:2040"},
		{Action: ActionRemove, OrganizationURN: "urn:li:organization:2040"},
	}
	res, err := f.c.UpdateCompanies(context.Background(), id, elems)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Applied) != len(elems) || len(res.Failed) != 0 || res.Calls != 3 {
		t.Fatalf("result applied %d failed %v calls %d", len(res.Applied), res.Failed, res.Calls)
	}
	posts := f.requestsTo("POST /rest/dmpSegments/{id}/companies")
	if len(posts) != 3 {
		t.Fatalf("%d batch calls, want 3", len(posts))
	}
	var sizes []int
	for _, p := range posts {
		if p.Path != "/rest/dmpSegments/"+id+"/companies" || p.RawQuery != "" {
			t.Errorf("request %s?%s", p.Path, p.RawQuery)
		}
		if got := p.Header.Get("X-RestLi-Method"); got != "BATCH_CREATE" {
			t.Errorf("X-RestLi-Method %q", got)
		}
		var body struct {
			Elements []map[string]string `json:"elements"`
		}
		if err := json.Unmarshal(p.Body, &body); err != nil {
			t.Fatal(err)
		}
		sizes = append(sizes, len(body.Elements))
	}
	if !slices.Equal(sizes, []int{3, 3, 2}) {
		t.Errorf("batch sizes %v", sizes)
	}
	var first struct {
		Elements []map[string]string `json:"elements"`
	}
	_ = json.Unmarshal(posts[0].Body, &first)
	wantFirst := []map[string]string{
		{"action": "ADD", "organizationUrn": "urn:li:organization:1035"},
		{"action": "ADD", "companyWebsiteDomain": "www.hofer-maschinenbau.de", "companyName": "Hofer Maschinenbau GmbH"},
		{"action": "ADD", "companyWebsiteDomain": "weber-antriebe.de"},
	}
	if !reflect.DeepEqual(first.Elements, wantFirst) {
		t.Errorf("first batch %v\nwant %v", first.Elements, wantFirst)
	}
	info, _ := f.srv.Segment(id)
	wantMembers := []string{"domain:weber-antriebe.de", "domain:www.hofer-maschinenbau.de", "name:krause logistik ag", "urn:li:organization:1035"}
	if !slices.Equal(info.Members, wantMembers) {
		t.Errorf("members %v\nwant %v", info.Members, wantMembers)
	}
}

// TestUpdateCompaniesElementFailures checks that every element ends in
// Applied or Failed: LinkedIn's per-element 400s inside the 200 and the
// client's own refusals.
func TestUpdateCompaniesElementFailures(t *testing.T) {
	t.Parallel()
	f := newAPIFixture(t)
	id := f.srv.AddSegment("targets", "COMPANY")
	elems := []CompanyElement{
		{Action: ActionAdd, Domain: "good.example"},
		{Action: ActionAdd, Domain: "not a domain", Name: "Spaces AG"},
		{Action: ActionAdd, Domain: "under_score.example"},
		{Action: "UPSERT", Domain: "x.example"},
		{Action: ActionAdd},
		{Action: ActionAdd, OrganizationURN: "urn:li:company:12"},
		{Action: ActionRemove, Name: "Gone GmbH"},
	}
	res, err := f.c.UpdateCompanies(context.Background(), id, elems)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Applied)+len(res.Failed) != len(elems) {
		t.Fatalf("applied %d + failed %d != %d", len(res.Applied), len(res.Failed), len(elems))
	}
	if want := []CompanyElement{elems[0], elems[6]}; !reflect.DeepEqual(res.Applied, want) {
		t.Errorf("applied %v", res.Applied)
	}
	byDomain := map[string]ElementError{}
	clientRefused := 0
	for _, fe := range res.Failed {
		if fe.Status == 0 {
			clientRefused++
			continue
		}
		byDomain[fe.Element.Domain] = fe
	}
	if clientRefused != 3 {
		t.Errorf("client refused %d, want 3: %+v", clientRefused, res.Failed)
	}
	for _, d := range []string{"not a domain", "under_score.example"} {
		fe, ok := byDomain[d]
		if !ok || fe.Status != http.StatusBadRequest || fe.Message == "" {
			t.Errorf("failure for %q = %+v", d, fe)
		}
	}
	// Only the four valid elements were sent, in one call.
	posts := f.requestsTo("POST /rest/dmpSegments/{id}/companies")
	var body struct {
		Elements []map[string]string `json:"elements"`
	}
	if len(posts) != 1 || json.Unmarshal(posts[0].Body, &body) != nil || len(body.Elements) != 4 {
		t.Fatalf("posts %d, body %s", len(posts), posts[0].Body)
	}
}

// TestUpdateCompaniesShortAnswer: elements LinkedIn's answer does not cover
// are failures, not silently applied or dropped.
func TestUpdateCompaniesShortAnswer(t *testing.T) {
	t.Parallel()
	f := newAPIFixture(t)
	id := f.srv.AddSegment("targets", "COMPANY")
	f.srv.FailNext("POST /rest/dmpSegments/{id}/companies", http.StatusOK,
		`{"elements":[{"status":201},{"status":422,"message":"Unprocessable"}]}`)
	elems := []CompanyElement{{Action: ActionAdd, Name: "A"}, {Action: ActionAdd, Name: "B"}, {Action: ActionAdd, Name: "C"}}
	res, err := f.c.UpdateCompanies(context.Background(), id, elems)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Applied) != 1 || len(res.Failed) != 2 ||
		res.Failed[0].Status != 422 || res.Failed[0].Message != "Unprocessable" ||
		res.Failed[1].Element.Name != "C" || res.Failed[1].Status != 0 {
		t.Errorf("result %+v", res)
	}
}

// TestUpdateCompaniesAfterCreate waits the documented 5 seconds, then
// retries the 404s of a segment LinkedIn has not made available yet.
func TestUpdateCompaniesAfterCreate(t *testing.T) {
	t.Parallel()
	f := newAPIFixture(t, func(_ *Config, o *linkedintest.Options) { o.NotFoundReads = 3 })
	ctx := context.Background()
	seg, err := f.c.FindOrCreateCompanySegment(ctx, "fresh")
	if err != nil {
		t.Fatal(err)
	}
	res, err := f.c.UpdateCompanies(ctx, seg.ID, []CompanyElement{{Action: ActionAdd, Domain: "fresh.example"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Applied) != 1 || res.Calls != 4 {
		t.Errorf("applied %d calls %d", len(res.Applied), res.Calls)
	}
	want := []time.Duration{5 * time.Second, 5 * time.Second, 10 * time.Second, 20 * time.Second}
	if got := f.clk.Sleeps(); !slices.Equal(got, want) {
		t.Errorf("sleeps %v, want %v", got, want)
	}
	if n := f.srv.Calls()["POST /rest/dmpSegments/{id}/companies"]; n != 4 {
		t.Errorf("companies calls %d", n)
	}
}

// TestUpdateCompaniesNotFoundGivesUp: a segment that stays unavailable is
// given up after a few tries; an old or unknown one at once.
func TestUpdateCompaniesNotFoundGivesUp(t *testing.T) {
	t.Parallel()
	t.Run("new segment never available", func(t *testing.T) {
		t.Parallel()
		f := newAPIFixture(t, func(_ *Config, o *linkedintest.Options) { o.NotFoundReads = 100 })
		seg, err := f.c.FindOrCreateCompanySegment(context.Background(), "stuck")
		if err != nil {
			t.Fatal(err)
		}
		_, err = f.c.UpdateCompanies(context.Background(), seg.ID, []CompanyElement{{Action: ActionAdd, Name: "X"}})
		if !errors.Is(err, ErrNotFound) {
			t.Fatalf("err = %v", err)
		}
		if n := f.srv.Calls()["POST /rest/dmpSegments/{id}/companies"]; n != 1+segmentNotReadyRetries {
			t.Errorf("companies calls %d", n)
		}
	})
	t.Run("unknown segment", func(t *testing.T) {
		t.Parallel()
		f := newAPIFixture(t)
		res, err := f.c.UpdateCompanies(context.Background(), "999", []CompanyElement{{Action: ActionAdd, Name: "X"}})
		if !errors.Is(err, ErrNotFound) || !errors.Is(err, crm.ErrPermanent) || res.Calls != 1 || len(f.clk.Sleeps()) != 0 {
			t.Fatalf("err = %v, calls %d, sleeps %v", err, res.Calls, f.clk.Sleeps())
		}
	})
	t.Run("bad segment ID", func(t *testing.T) {
		t.Parallel()
		f := newAPIFixture(t)
		if _, err := f.c.UpdateCompanies(context.Background(), "../x", []CompanyElement{{Action: ActionAdd, Name: "X"}}); !errors.Is(err, crm.ErrPermanent) {
			t.Fatalf("err = %v", err)
		}
		if f.srv.Calls()["total"] != 0 {
			t.Error("sent a request")
		}
	})
}

// TestUpdateCompaniesResends5xx: the batch is idempotent, so 5xx and lost
// answers are resent; a batch refused as a whole stops the update with the
// result so far.
func TestUpdateCompaniesResends5xx(t *testing.T) {
	t.Parallel()
	f := newAPIFixture(t, func(c *Config, _ *linkedintest.Options) { c.BatchSize = 2 })
	id := f.srv.AddSegment("targets", "COMPANY")
	f.srv.FailNext("POST /rest/dmpSegments/{id}/companies", http.StatusBadGateway, "")
	elems := []CompanyElement{{Action: ActionAdd, Name: "A"}, {Action: ActionAdd, Name: "B"}, {Action: ActionAdd, Name: "C"}}
	res, err := f.c.UpdateCompanies(context.Background(), id, elems)
	if err != nil || len(res.Applied) != 3 || res.Calls != 3 {
		t.Fatalf("res %+v, err %v", res, err)
	}

	f.srv.Inject(linkedintest.Fault{Pattern: "POST /rest/dmpSegments/{id}/companies", Status: http.StatusOK,
		Body: `{"elements":[{"status":201},{"status":201}]}`})
	f.srv.FailNext("POST /rest/dmpSegments/{id}/companies", http.StatusBadRequest, `{"message":"Invalid batch","status":400}`)
	res, err = f.c.UpdateCompanies(context.Background(), id, elems)
	var er *ErrorResponse
	if !errors.As(err, &er) || er.Message != "Invalid batch" || !errors.Is(err, crm.ErrPermanent) {
		t.Fatalf("err = %v", err)
	}
	if len(res.Applied) != 2 || len(res.Failed) != 0 {
		t.Errorf("result so far %+v", res)
	}
}

func TestWebsiteDomain(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"Example.COM":                      "example.com",
		" https://www.example.com/a?b#c ":  "www.example.com",
		"http://user@example.com:8080/":    "example.com",
		"example.com.":                     "example.com",
		"":                                 "",
		"mailto-like@sub.example.org/path": "sub.example.org",
	} {
		if got := websiteDomain(in); got != want {
			t.Errorf("websiteDomain(%q) = %q, want %q", in, got, want)
		}
	}
}
