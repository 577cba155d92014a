package hubspot

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestNew(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		cfg     Config
		wantErr string
	}{
		{"private app token", Config{AccessToken: "pat-xyz"}, ""},
		{"oauth", Config{ClientID: "id", ClientSecret: "secret-xyz", RefreshToken: "refresh-xyz"}, ""},
		{"no credentials", Config{}, "no credentials"},
		{"oauth without secret", Config{ClientID: "id", RefreshToken: "refresh-xyz"}, "OAuth needs"},
		{"oauth without refresh token", Config{ClientID: "id", ClientSecret: "secret-xyz", AccessToken: "pat-xyz"}, "OAuth needs"},
		{"relative base URL", Config{AccessToken: "pat-xyz", BaseURL: "api.hubapi.com"}, "not an absolute"},
		{"bad version", Config{AccessToken: "pat-xyz", APIVersion: "2026-03/x"}, "not a path segment"},
		{"negative limit", Config{AccessToken: "pat-xyz", RequestsPer10s: -1}, "negative"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := New(tt.cfg, nil)
			if tt.wantErr == "" {
				if err != nil || c == nil {
					t.Fatalf("New = %v, %v", c, err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("New error = %v, want %q", err, tt.wantErr)
			}
			for _, secret := range []string{tt.cfg.AccessToken, tt.cfg.ClientSecret, tt.cfg.RefreshToken} {
				if secret != "" && strings.Contains(err.Error(), secret) {
					t.Errorf("error %q contains a credential", err)
				}
			}
		})
	}
}

func TestNewDefaults(t *testing.T) {
	t.Parallel()
	c, err := New(Config{AccessToken: "t"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if c.base.String() != DefaultBaseURL || c.APIVersion() != DefaultAPIVersion {
		t.Errorf("base %s version %s", c.base, c.APIVersion())
	}
	// No cap: follow the portal, assuming the lowest tier until it answers.
	if got, want := c.limiter.general.portal, (budget{DefaultRequestsPer10s, 10 * time.Second}); got != want {
		t.Errorf("general budget %v, want %v", got, want)
	}
	if got := c.limiter.general.own; got.max != 0 {
		t.Errorf("cap %v, want none", got)
	}
	if got, want := c.limiter.search.portal, (budget{DefaultSearchPerSecond, time.Second}); got != want {
		t.Errorf("search budget %v, want %v", got, want)
	}
}

// TestRequestShape checks the headers every call carries and that the
// version is configurable.
func TestRequestShape(t *testing.T) {
	t.Parallel()
	var got *http.Request
	c, _ := handlerClient(t, func(w http.ResponseWriter, r *http.Request) {
		got = r.Clone(context.Background())
		w.Write([]byte(`{"results":[]}`))
	}, func(cfg *Config) { cfg.APIVersion = "2026-09" })
	if _, _, err := c.List(context.Background(), "contacts", nil); err != nil {
		t.Fatal(err)
	}
	if got.URL.Path != "/crm/objects/2026-09/contacts" || got.Header.Get("Authorization") != "Bearer pat-test-secret-token" ||
		got.Header.Get("Accept") != "application/json" {
		t.Errorf("request %s %v", got.URL, got.Header)
	}
	if c.Calls() != 1 {
		t.Errorf("Calls = %d", c.Calls())
	}
}
