package salesforcetest

import (
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"testing"
	"time"
)

// runQuery runs soql against a small org over HTTP and returns the Names of
// the records, or the error code of a 400 answer.
func runQuery(t *testing.T, s *Server, tok, soql string) ([]string, string) {
	t.Helper()
	req, _ := http.NewRequest("GET", s.URL()+"/services/data/v66.0/query?q="+url.QueryEscape(soql), nil)
	req.Header.Set("Authorization", "Bearer "+tok)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 {
		var errs []struct{ ErrorCode string }
		_ = json.NewDecoder(resp.Body).Decode(&errs)
		if len(errs) != 1 || resp.StatusCode != 400 {
			t.Fatalf("%s: status %d, %+v", soql, resp.StatusCode, errs)
		}
		return nil, errs[0].ErrorCode
	}
	var out struct {
		Records []map[string]any `json:"records"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, r := range out.Records {
		n, _ := r["Name"].(string)
		names = append(names, n)
	}
	return names, ""
}

// accessToken fetches a token over the refresh-token grant.
func accessToken(t *testing.T, s *Server) string {
	t.Helper()
	resp, err := http.PostForm(s.LoginURL()+"/services/oauth2/token", url.Values{"grant_type": {"refresh_token"},
		"client_id": {"client-id"}, "client_secret": {"client-secret"}, "refresh_token": {"refresh-token"}})
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&tok); err != nil || tok.AccessToken == "" {
		t.Fatalf("token: %v", err)
	}
	return tok.AccessToken
}

// The SOQL subset: WHERE with AND, OR, NOT and parentheses, comparisons on
// text, numbers, booleans, Ids and datetime literals, ORDER BY with
// directions and several keys, LIMIT, and Salesforce's error codes for
// unknown fields, mistyped literals and malformed queries.
func TestSOQL(t *testing.T) {
	t0 := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	s := NewServer(Options{})
	t.Cleanup(s.Close)
	for _, a := range []struct {
		name  string
		n     float64
		tgt   bool
		stamp time.Time
	}{
		{"Alpha", 10, true, t0},
		{"Beta", 20, false, t0.Add(time.Hour)},
		{"Gamma", 30, true, t0.Add(time.Hour)},
		{"Delta", 40, false, t0.Add(2 * time.Hour)},
	} {
		s.Insert("Account", map[string]any{"Name": a.name, "NumberOfEmployees": a.n, "ABM_Target_Account__c": a.tgt, "SystemModstamp": a.stamp})
	}
	ids := s.IDs("Account")
	tok := accessToken(t, s)
	tests := []struct {
		soql string
		want []string
		code string
	}{
		{soql: "SELECT Id, Name FROM Account", want: []string{"Alpha", "Beta", "Gamma", "Delta"}},
		{soql: "SELECT Name FROM Account WHERE NumberOfEmployees > 15 AND ABM_Target_Account__c = true", want: []string{"Gamma"}},
		{soql: "SELECT Name FROM Account WHERE Name = 'alpha' OR NumberOfEmployees >= 40", want: []string{"Alpha", "Delta"}},
		{soql: "SELECT Name FROM Account WHERE (Name = 'Beta' OR Name = 'Gamma') AND NOT ABM_Target_Account__c = true", want: []string{"Beta"}},
		{soql: "SELECT Name FROM Account WHERE Name IN ('Beta', 'Delta') ORDER BY Name", want: []string{"Beta", "Delta"}},
		{soql: "SELECT Name FROM Account WHERE Name NOT IN ('Beta', 'Delta') ORDER BY Name DESC", want: []string{"Gamma", "Alpha"}},
		{soql: "SELECT Name FROM Account WHERE SystemModstamp >= 2026-03-01T13:00:00Z ORDER BY SystemModstamp DESC, Name", want: []string{"Delta", "Beta", "Gamma"}},
		{soql: "SELECT Name FROM Account WHERE SystemModstamp = 2026-03-01T14:00:00.000+01:00", want: []string{"Beta", "Gamma"}},
		{soql: "SELECT Name FROM Account WHERE SystemModstamp > 2026-03-01T13:00:00Z OR (SystemModstamp = 2026-03-01T13:00:00Z AND Id > '" + ids[1] + "') ORDER BY SystemModstamp, Id",
			want: []string{"Gamma", "Delta"}},
		{soql: "SELECT Name FROM Account ORDER BY NumberOfEmployees DESC LIMIT 2", want: []string{"Delta", "Gamma"}},
		{soql: "SELECT Name FROM Account WHERE Name != 'Alpha' LIMIT 0", want: nil},
		{soql: "SELECT Name, Nope__c FROM Account", code: "INVALID_FIELD"},
		{soql: "SELECT Name FROM Account WHERE Nope = 1", code: "INVALID_FIELD"},
		{soql: "SELECT Name FROM Account ORDER BY Nope", code: "INVALID_FIELD"},
		{soql: "SELECT Name FROM Account WHERE SystemModstamp > '2026-03-01T13:00:00Z'", code: "INVALID_FIELD"},
		{soql: "SELECT Name FROM Account WHERE Name = 5", code: "INVALID_FIELD"},
		{soql: "SELECT Name FROM Account WHERE ABM_Target_Account__c = 'true'", code: "INVALID_FIELD"},
		{soql: "SELECT Name FROM Account WHERE Name = 'a' AND Name = 'b' OR Name = 'c'", code: "MALFORMED_QUERY"},
		{soql: "SELECT Name FROM Account WHERE (Name = 'a'", code: "MALFORMED_QUERY"},
		{soql: "SELECT Name FROM Account WHERE SystemModstamp > 2026-13-01T00:00:00Z", code: "MALFORMED_QUERY"},
		{soql: "SELECT Name FROM Account WHERE Name = 'open", code: "MALFORMED_QUERY"},
		{soql: "SELECT Name FROM Account LIMIT x", code: "MALFORMED_QUERY"},
		{soql: "SELECT Name FROM Account ORDER BY Name NULLS", code: "MALFORMED_QUERY"},
		{soql: "SELECT FROM Account", code: "MALFORMED_QUERY"},
		{soql: "SELECT Name Account", code: "MALFORMED_QUERY"},
		{soql: "SELECT Name FROM Account WHERE Name = null AND Website > null", code: "MALFORMED_QUERY"},
		{soql: "SELECT Name FROM Nothing", code: "INVALID_TYPE"},
	}
	for _, tt := range tests {
		got, code := runQuery(t, s, tok, tt.soql)
		if code != tt.code || !slices.Equal(got, tt.want) {
			t.Errorf("%s\n got %q, code %q\nwant %q, code %q", tt.soql, got, code, tt.want, tt.code)
		}
	}
}

// A query answers at most 2,000 records (or the batchSize asked for) and
// continues through nextRecordsUrl; a locator serves its batch once.
func TestQueryPaging(t *testing.T) {
	s := NewServer(Options{})
	t.Cleanup(s.Close)
	s.Generate(GenOptions{Accounts: 4500, Seed: 1, Now: time.Now()})
	tok := accessToken(t, s)
	get := func(path string) (map[string]any, int) {
		req, _ := http.NewRequest("GET", s.URL()+path, nil)
		req.Header.Set("Authorization", "Bearer "+tok)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var m map[string]any
		_ = json.NewDecoder(resp.Body).Decode(&m)
		return m, resp.StatusCode
	}
	m, _ := get("/services/data/v66.0/query?q=" + url.QueryEscape("SELECT Id FROM Account ORDER BY Id"))
	total := 0
	var sizes []int
	for {
		recs, _ := m["records"].([]any)
		sizes = append(sizes, len(recs))
		total += len(recs)
		next, _ := m["nextRecordsUrl"].(string)
		if m["done"] == true {
			if next != "" {
				t.Errorf("done with nextRecordsUrl %q", next)
			}
			break
		}
		m, _ = get(next)
		if _, status := get(next); status != 400 {
			t.Errorf("a used locator answered %d, want 400 INVALID_QUERY_LOCATOR", status)
		}
	}
	if total != 4500 || !slices.Equal(sizes, []int{2000, 2000, 500}) {
		t.Errorf("batches %v", sizes)
	}
}
