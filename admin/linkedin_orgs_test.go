package admin_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/abmsync/abmsync/admin"
	"github.com/abmsync/abmsync/metrics"
	"github.com/abmsync/abmsync/store"
)

// seedOrgs leaves c3 with two organizations of its name and c2 (the
// hostile name) with a look-alike whose name is hostile too.
func seedOrgs(t *testing.T, st *store.Store) {
	t.Helper()
	checked := time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)
	if err := st.SetOrgResolutions(t.Context(), map[string]store.OrgResolution{
		"c3": {Status: store.OrgAmbiguous, CheckedAt: checked, Candidates: []store.OrgCandidate{
			{URN: "urn:li:organization:31", Name: "Corvus Bio"}, {URN: "urn:li:organization:32", Name: "CORVUS BIO"}}},
		"c2": {Status: store.OrgNone, CheckedAt: checked, Candidates: []store.OrgCandidate{
			{URN: "urn:li:organization:66", Name: hostileName + " Services"}}},
	}); err != nil {
		t.Fatal(err)
	}
}

func postJSON(t *testing.T, b *dashBundle, path, token string, body any) (int, string) {
	t.Helper()
	data, _ := json.Marshal(body)
	req, _ := http.NewRequest(http.MethodPost, b.ts.URL+path, strings.NewReader(string(data)))
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := b.ts.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(out)
}

func TestLinkedInOrgAPI(t *testing.T) {
	t.Parallel()
	b := setupDashboard(t, testToken, func(context.Context) (metrics.Report, error) { return fixedReport(), nil }, false)
	seedOrgs(t, b.st)
	ctx := t.Context()
	tests := []struct {
		name   string
		token  string
		body   any
		status int
		msg    string
	}{
		{"no token", "", admin.LinkedInOrgRequest{Account: "c3", URN: "31"}, http.StatusUnauthorized, "admin token"},
		{"unknown field", testToken, map[string]string{"account": "c3", "org": "31"}, http.StatusBadRequest, "unknown field"},
		{"no account", testToken, admin.LinkedInOrgRequest{URN: "31"}, http.StatusBadRequest, "give an account"},
		{"urn and clear", testToken, admin.LinkedInOrgRequest{Account: "c3", URN: "31", Clear: true}, http.StatusBadRequest, "not both"},
		{"neither", testToken, admin.LinkedInOrgRequest{Account: "c3"}, http.StatusBadRequest, "not both"},
		{"bad urn", testToken, admin.LinkedInOrgRequest{Account: "c3", URN: "urn:li:person:1"}, http.StatusBadRequest, "is not urn:li:organization:N"},
		{"unknown account", testToken, admin.LinkedInOrgRequest{Account: "nope", URN: "31"}, http.StatusNotFound, "no synced company with id nope"},
	}
	for _, tt := range tests {
		status, body := postJSON(t, b, admin.LinkedInOrgPath, tt.token, tt.body)
		if status != tt.status || !strings.Contains(body, tt.msg) {
			t.Errorf("%s: %d %s, want %d with %q", tt.name, status, body, tt.status, tt.msg)
		}
	}
	if r, _ := b.st.OrgResolution(ctx, "c3"); r.Status != store.OrgAmbiguous {
		t.Fatalf("a refused request changed the state: %+v", r)
	}

	// The status lists what awaits a person, with names and candidates.
	c := &admin.Client{BaseURL: b.ts.URL, Token: testToken, HTTP: b.ts.Client()}
	st, err := c.Status(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(st.LinkedInOrganizations) != 2 || st.LinkedInOrganizations[1].Account != "c3" ||
		st.LinkedInOrganizations[1].Name != "Corvus Bio GmbH" || len(st.LinkedInOrganizations[1].Candidates) != 2 {
		t.Errorf("status organizations = %+v", st.LinkedInOrganizations)
	}

	res, err := c.LinkedInOrg(ctx, admin.LinkedInOrgRequest{Account: "c3", URN: "32"})
	if err != nil || res.Status != "confirmed" || res.URN != "urn:li:organization:32" {
		t.Fatalf("confirm: %+v, %v", res, err)
	}
	r, err := b.st.OrgResolution(ctx, "c3")
	if err != nil || r.Status != store.OrgConfirmed || r.URN != "urn:li:organization:32" || r.Name != "CORVUS BIO" || !r.WrittenAt.IsZero() {
		t.Errorf("stored: %+v, %v", r, err)
	}
	if st := statusJSON(t, b); len(st.LinkedInOrganizations) != 1 {
		t.Errorf("after confirming, status lists %+v", st.LinkedInOrganizations)
	}
	if res, err = c.LinkedInOrg(ctx, admin.LinkedInOrgRequest{Account: "c3", Clear: true}); err != nil || res.Status != "cleared" {
		t.Fatalf("clear: %+v, %v", res, err)
	}
	if _, err := b.st.OrgResolution(ctx, "c3"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("after clearing: %v, want not found", err)
	}
}

func statusJSON(t *testing.T, b *dashBundle) admin.Status {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, b.ts.URL+"/api/status", nil)
	req.Header.Set("Authorization", "Bearer "+testToken)
	resp, err := b.ts.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var st admin.Status
	if err := json.NewDecoder(resp.Body).Decode(&st); err != nil {
		t.Fatal(err)
	}
	return st
}

func TestDashboardLinkedInOrg(t *testing.T) {
	t.Parallel()
	b := setupDashboard(t, testToken, func(context.Context) (metrics.Report, error) { return fixedReport(), nil }, false)
	seedOrgs(t, b.st)
	ctx := t.Context()

	doc, _ := getPage(t, b, "/dashboard/accounts/c3", http.StatusOK)
	if got := doc.Find("#linkedin-unresolved").Text(); !strings.Contains(got, "Several LinkedIn organizations carry this name") {
		t.Errorf("unresolved text %q", got)
	}
	var urns []string
	doc.Find("#linkedin-candidates input[name=urn]").Each(func(_ int, s *goquery.Selection) { urns = append(urns, s.AttrOr("value", "")) })
	if strings.Join(urns, ",") != "urn:li:organization:31,urn:li:organization:32" {
		t.Errorf("candidate forms %v", urns)
	}
	if action := doc.Find("#linkedin-enter").AttrOr("action", ""); action != "/dashboard/accounts/c3/linkedin-organization" {
		t.Errorf("form action %q", action)
	}
	// Names from LinkedIn are text, not markup.
	if _, body2 := getPage(t, b, "/dashboard/accounts/c2", http.StatusOK); strings.Contains(body2, "<script>alert") {
		t.Error("a hostile candidate name is not escaped")
	}

	session := &http.Cookie{Name: admin.SessionCookie, Value: login(t, b)}
	post := func(form url.Values, site string) *http.Response {
		req, _ := http.NewRequest(http.MethodPost, b.ts.URL+"/dashboard/accounts/c3/linkedin-organization", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if site != "" {
			req.Header.Set("Sec-Fetch-Site", site)
		}
		req.AddCookie(session)
		resp, err := noRedirect(b.ts).Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp
	}
	// Another site's form is refused even though a browser would not send
	// the SameSite=Strict cookie with it anyway.
	if resp := post(url.Values{"urn": {"urn:li:organization:31"}}, "cross-site"); resp.StatusCode != http.StatusForbidden {
		t.Errorf("cross-site post: %d, want 403", resp.StatusCode)
	}
	if r, _ := b.st.OrgResolution(ctx, "c3"); r.Status != store.OrgAmbiguous {
		t.Errorf("cross-site post changed the state: %+v", r)
	}
	resp := post(url.Values{"urn": {"urn:li:organization:31"}}, "same-origin")
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/dashboard/accounts/c3?linkedin=confirmed") {
		t.Fatalf("confirm: %d, Location %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	if r, _ := b.st.OrgResolution(ctx, "c3"); r.Status != store.OrgConfirmed || r.URN != "urn:li:organization:31" {
		t.Errorf("confirmed state %+v", r)
	}
	_, body := getPage(t, b, "/dashboard/accounts/c3?linkedin=confirmed", http.StatusOK)
	if !strings.Contains(body, "Confirmed by an admin: <code>urn:li:organization:31</code> (Corvus Bio)") ||
		!strings.Contains(body, "the next LinkedIn sync writes it") {
		t.Errorf("page after confirming lacks the confirmation:\n%s", body)
	}
	if resp := post(url.Values{"urn": {"not-a-urn"}}, "same-origin"); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("bad urn: %d, want 400", resp.StatusCode)
	}
	if resp := post(url.Values{"clear": {"1"}}, "same-origin"); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("clear: %d", resp.StatusCode)
	}
	if _, err := b.st.OrgResolution(ctx, "c3"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("after clearing: %v", err)
	}
}
