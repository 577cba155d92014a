package linkedin

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"golang.org/x/oauth2"

	"github.com/abmsync/abmsync/connectors/linkedin/linkedintest"
)

func TestNewRejectsBadConfig(t *testing.T) {
	t.Parallel()
	const token = "AQV-static-token-shhh"
	good := Config{Version: "202610", AdAccount: "urn:li:sponsoredAccount:42", AccessToken: token}
	tests := []struct {
		name    string
		mod     func(*Config)
		wantErr string
	}{
		{"ok", func(*Config) {}, ""},
		{"bare account ID", func(c *Config) { c.AdAccount = "42" }, ""},
		{"version revision", func(c *Config) { c.Version = "202610.01" }, ""},
		{"no version", func(c *Config) { c.Version = "" }, "ABMSYNC_LINKEDIN_VERSION"},
		{"date version", func(c *Config) { c.Version = "2026-10" }, "not YYYYMM"},
		{"no account", func(c *Config) { c.AdAccount = "" }, "ABMSYNC_LINKEDIN_AD_ACCOUNT"},
		{"organization as account", func(c *Config) { c.AdAccount = "urn:li:organization:1" }, "urn:li:sponsoredAccount:N"},
		{"no credentials", func(c *Config) { c.AccessToken = "" }, "ABMSYNC_LINKEDIN_ACCESS_TOKEN"},
		{"relative base URL", func(c *Config) { c.BaseURL = "api.linkedin.com" }, "ABMSYNC_LINKEDIN_BASE_URL"},
		{"batch too large", func(c *Config) { c.BatchSize = MaxBatchElements + 1 }, "batch size"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := good
			cfg.ClientSecret = "client-secret-shhh"
			tt.mod(&cfg)
			c, err := New(cfg, nil, nil)
			if tt.wantErr == "" {
				if err != nil || c == nil {
					t.Fatalf("New = %v, %v", c, err)
				}
				if c.AdAccount() != "urn:li:sponsoredAccount:42" {
					t.Errorf("AdAccount = %q", c.AdAccount())
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("New error = %v, want %q", err, tt.wantErr)
			}
			assertNoSecret(t, err, token, "client-secret-shhh")
		})
	}
}

func TestNewWithTokenSourceNeedsNoStaticToken(t *testing.T) {
	t.Parallel()
	ts := oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "x"})
	if _, err := New(Config{Version: "202610", AdAccount: "1"}, nil, ts); err != nil {
		t.Fatal(err)
	}
}

func TestOAuth2Config(t *testing.T) {
	t.Parallel()
	cfg := Config{ClientID: "id", ClientSecret: "secret", RedirectURL: "https://abm.example/connect/linkedin/callback",
		Scopes: []string{"r_ads", "r_ads_reporting", "rw_dmp_segments"}}
	oc := cfg.OAuth2()
	if oc.Endpoint.AuthURL != "https://www.linkedin.com/oauth/v2/authorization" ||
		oc.Endpoint.TokenURL != "https://www.linkedin.com/oauth/v2/accessToken" ||
		oc.Endpoint.AuthStyle != oauth2.AuthStyleInParams {
		t.Errorf("endpoint %+v", oc.Endpoint)
	}
	if oc.ClientID != "id" || oc.ClientSecret != "secret" || oc.RedirectURL != cfg.RedirectURL || len(oc.Scopes) != 3 {
		t.Errorf("config %+v", oc)
	}
	cfg.AuthBaseURL = "http://127.0.0.1:9/"
	if got := cfg.OAuth2().Endpoint.TokenURL; got != "http://127.0.0.1:9/oauth/v2/accessToken" {
		t.Errorf("TokenURL = %q", got)
	}
	u := oc.AuthCodeURL("st4te")
	for _, want := range []string{"response_type=code", "client_id=id", "state=st4te", "scope=r_ads+r_ads_reporting+rw_dmp_segments",
		"redirect_uri=https%3A%2F%2Fabm.example%2Fconnect%2Flinkedin%2Fcallback"} {
		if !strings.Contains(u, want) {
			t.Errorf("AuthCodeURL %s lacks %s", u, want)
		}
	}
}

// TestEveryCallCarriesHeaders runs each API use and checks the headers the
// fake received on every request.
func TestEveryCallCarriesHeaders(t *testing.T) {
	t.Parallel()
	f := newAPIFixture(t)
	ctx := context.Background()
	seg, err := f.c.FindOrCreateCompanySegment(ctx, "Campaign A")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.c.UpdateCompanies(ctx, seg.ID, []CompanyElement{{Action: ActionAdd, Domain: "example.com"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.c.CompanyEngagement(ctx, apiNow.AddDate(0, 0, -2), apiNow); err != nil {
		t.Fatal(err)
	}
	reqs := f.srv.Requests()
	if len(reqs) != 4 {
		t.Fatalf("%d requests, want 4: %v", len(reqs), f.srv.Calls())
	}
	for _, r := range reqs {
		if got := r.Header.Get("LinkedIn-Version"); got != apiTestVersion {
			t.Errorf("%s: LinkedIn-Version %q", r.Key, got)
		}
		if got := r.Header.Get("X-Restli-Protocol-Version"); got != "2.0.0" {
			t.Errorf("%s: X-Restli-Protocol-Version %q", r.Key, got)
		}
		if got := r.Header.Get("Authorization"); got != "Bearer "+f.srv.AccessToken() {
			t.Errorf("%s: Authorization %q", r.Key, got)
		}
		if got := r.Header.Get("Accept"); got != "application/json" {
			t.Errorf("%s: Accept %q", r.Key, got)
		}
	}
	if f.c.Calls() != 4 {
		t.Errorf("Calls = %d", f.c.Calls())
	}
}

// TestAuthorizationOnlyForAPIHost checks that the token never goes to
// another host (a redirect or a misconfigured absolute URL).
func TestAuthorizationOnlyForAPIHost(t *testing.T) {
	t.Parallel()
	var got http.Header
	other := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { got = r.Header.Clone() })
	srv := linkedintest.NewServer(linkedintest.Options{})
	t.Cleanup(srv.Close)
	c, err := New(Config{BaseURL: srv.URL(), Version: "202610", AdAccount: srv.AdAccount(), AccessToken: srv.AccessToken()}, srv.Client(), nil)
	if err != nil {
		t.Fatal(err)
	}
	ts := newHTTPTestServer(t, other)
	req, _ := http.NewRequest(http.MethodGet, ts+"/elsewhere", nil)
	if _, err := c.hc.Do(req); err != nil {
		t.Fatal(err)
	}
	if got.Get("Authorization") != "" || got.Get("LinkedIn-Version") != "" {
		t.Errorf("other host got %v", got)
	}
}
