package hubspot

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"reflect"
	"sync"
	"testing"

	"github.com/abmsync/abmsync/connectors/hubspot/hubspottest"
	"github.com/abmsync/abmsync/crm"
)

// recorder captures requests and answers with a fixed body.
type recorder struct {
	mu   sync.Mutex
	reqs []recorded
	body string
}

type recorded struct {
	method, path string
	query        url.Values
	body         map[string]any
}

func (rc *recorder) handler(w http.ResponseWriter, r *http.Request) {
	data, _ := io.ReadAll(r.Body)
	rec := recorded{method: r.Method, path: r.URL.Path, query: r.URL.Query()}
	_ = json.Unmarshal(data, &rec.body)
	rc.mu.Lock()
	rc.reqs = append(rc.reqs, rec)
	rc.mu.Unlock()
	w.Write([]byte(rc.body))
}

func (rc *recorder) last(t *testing.T) recorded {
	t.Helper()
	rc.mu.Lock()
	defer rc.mu.Unlock()
	if len(rc.reqs) == 0 {
		t.Fatal("no request")
	}
	return rc.reqs[len(rc.reqs)-1]
}

func TestListRequest(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		opts  *ListOptions
		query url.Values
	}{
		{"defaults", nil, url.Values{"limit": {"100"}}},
		{"everything", &ListOptions{Limit: 50, After: "123", Properties: []string{"email", "lifecyclestage"}, Associations: []string{"companies"}, Archived: true},
			url.Values{"limit": {"50"}, "after": {"123"}, "properties": {"email,lifecyclestage"}, "associations": {"companies"}, "archived": {"true"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rc := &recorder{body: `{"results":[{"id":"7","properties":{"email":"a@b.c","lifecyclestage":null},"createdAt":"2024-01-17T19:55:04.281Z","updatedAt":"2024-09-11T13:27:39.356Z","archived":false,
				"associations":{"companies":{"results":[{"id":"9","type":"contact_to_company"},{"id":9,"type":"contact_to_company_unlabeled"}]}}}],
				"paging":{"next":{"after":"8","link":"https://api.hubapi.com/x"}}}`}
			c, _ := handlerClient(t, rc.handler)
			res, resp, err := c.List(context.Background(), "contacts", tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			got := rc.last(t)
			if got.method != "GET" || got.path != "/crm/objects/2026-03/contacts" || !reflect.DeepEqual(got.query, tt.query) {
				t.Errorf("request %s %s %v, want query %v", got.method, got.path, got.query, tt.query)
			}
			if resp.Next != "8" || len(res.Results) != 1 || res.Results[0].Properties["email"] != "a@b.c" ||
				res.Results[0].Associations["companies"].Results[1].ID != "9" || res.Results[0].UpdatedAt.IsZero() {
				t.Errorf("result %+v next %q", res, resp.Next)
			}
		})
	}
}

func TestSearchRequest(t *testing.T) {
	t.Parallel()
	rc := &recorder{body: `{"total":1,"results":[{"id":"5","properties":{"hs_lastmodifieddate":"2026-05-01T00:00:00.000Z"}}],"paging":{"next":{"after":"200"}}}`}
	c, _ := handlerClient(t, rc.handler)
	req := &SearchRequest{
		FilterGroups: []FilterGroup{{Filters: []Filter{{PropertyName: "hs_lastmodifieddate", Operator: "GTE", Value: "1700000000000"}}}},
		Sorts:        []Sort{{PropertyName: "hs_lastmodifieddate", Direction: "ASCENDING"}},
		Properties:   []string{"name"},
		After:        "0",
	}
	res, resp, err := c.Search(context.Background(), "companies", req)
	if err != nil {
		t.Fatal(err)
	}
	got := rc.last(t)
	want := map[string]any{
		"filterGroups": []any{map[string]any{"filters": []any{map[string]any{"propertyName": "hs_lastmodifieddate", "operator": "GTE", "value": "1700000000000"}}}},
		"sorts":        []any{map[string]any{"propertyName": "hs_lastmodifieddate", "direction": "ASCENDING"}},
		"properties":   []any{"name"},
		"limit":        float64(200),
		"after":        "0",
	}
	if got.method != "POST" || got.path != "/crm/objects/2026-03/companies/search" || !reflect.DeepEqual(got.body, want) {
		t.Errorf("request %s %s %v\nwant body %v", got.method, got.path, got.body, want)
	}
	if res.Total != 1 || resp.Next != "200" {
		t.Errorf("total %d next %q", res.Total, resp.Next)
	}
}

func TestObjectArgumentErrors(t *testing.T) {
	t.Parallel()
	rc := &recorder{body: `{}`}
	c, _ := handlerClient(t, rc.handler)
	ctx := context.Background()
	tests := []struct {
		name string
		call func() error
	}{
		{"list limit over 100", func() error { _, _, err := c.List(ctx, "contacts", &ListOptions{Limit: 101}); return err }},
		{"search limit over 200", func() error { _, _, err := c.Search(ctx, "contacts", &SearchRequest{Limit: 201}); return err }},
		{"search after the cap", func() error {
			_, _, err := c.Search(ctx, "contacts", &SearchRequest{After: "10000"})
			return err
		}},
		{"search after not a number", func() error { _, _, err := c.Search(ctx, "contacts", &SearchRequest{After: "abc"}); return err }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.call(); !errors.Is(err, crm.ErrPermanent) {
				t.Errorf("err = %v, want permanent", err)
			}
		})
	}
	if len(rc.reqs) != 0 {
		t.Errorf("%d requests sent for invalid arguments", len(rc.reqs))
	}
}

// TestListPaging walks a fake portal with List and Search.
func TestListPaging(t *testing.T) {
	t.Parallel()
	b := setup(t, hubspottest.GenOptions{Companies: 250, Seed: 2})
	ctx := context.Background()
	var ids []string
	opts := &ListOptions{Properties: []string{"name", "domain"}}
	for {
		res, resp, err := b.c.List(ctx, "companies", opts)
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range res.Results {
			ids = append(ids, o.ID)
		}
		if resp.Next == "" {
			break
		}
		opts.After = resp.Next
	}
	if !reflect.DeepEqual(ids, b.srv.IDs("companies")) {
		t.Errorf("listed %d companies, want %d in ID order", len(ids), len(b.srv.IDs("companies")))
	}
	if n := b.srv.Calls()["GET /crm/objects/{v}/companies"]; n != 3 {
		t.Errorf("%d list calls, want 3", n)
	}
	sr, _, err := b.c.Search(ctx, "companies", &SearchRequest{
		FilterGroups: []FilterGroup{{Filters: []Filter{{PropertyName: "hs_is_target_account", Operator: "EQ", Value: "true"}}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if sr.Total != 0 {
		t.Errorf("total %d targets, want 0 (TargetShare 0)", sr.Total)
	}
}

func TestPathEscaping(t *testing.T) {
	t.Parallel()
	var raw string
	c, _ := handlerClient(t, func(w http.ResponseWriter, r *http.Request) {
		raw = r.URL.EscapedPath()
		w.Write([]byte(`{"results":[]}`))
	})
	if _, _, err := c.List(context.Background(), "p_1/x y", nil); err != nil {
		t.Fatal(err)
	}
	if raw != "/crm/objects/2026-03/p_1%2Fx%20y" {
		t.Errorf("path %s", raw)
	}
}
