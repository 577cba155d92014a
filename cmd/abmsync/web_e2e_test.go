package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/abmsync/abmsync/connectors/hubspot/hubspottest"
)

// fixtureSite is a small German company website on loopback: a home page
// linking to the imprint and the team page, and a robots.txt that keeps
// crawlers out of /intern.
func fixtureSite(t *testing.T) (*httptest.Server, func() map[string]int) {
	t.Helper()
	var mu sync.Mutex
	hits := map[string]int{}
	pages := map[string]string{
		"/robots.txt": "User-agent: *\nDisallow: /intern\n",
		"/": `<html><head><title>Alpenpharma</title></head><body>
			<a href="/impressum">Impressum</a> <a href="/team">Unser Team</a> <a href="/intern/team">Intern</a></body></html>`,
		"/impressum": `<html><body><h1>Impressum</h1><p>Alpenpharma GmbH<br>Industriestraße 1, 6020 Innsbruck</p>
			<p>Geschäftsführer: Dr. Anna Huber, Thomas Berger</p>
			<p>Verantwortlich für den Inhalt nach § 18 Abs. 2 MStV: Thomas Berger</p></body></html>`,
		"/team": `<html><body><h1>Unser Team</h1>
			<div class="team-member"><h3>Maria Gruber</h3><p>Leiterin Einkauf</p><a href="mailto:m.gruber@alpenpharma.example">E-Mail</a></div>
			<div class="team-member"><h3>Eva Maier</h3><p>Assistenz der Geschäftsführung</p></div>
			<div class="team-member"><h3>Lukas Hofer</h3><p>Leiter Qualitätssicherung</p><a href="https://www.linkedin.com/in/lukas-hofer-qa">LinkedIn</a></div>
			</body></html>`,
		"/intern/team": `<html><body><h3>Geheim Person</h3><p>Geschäftsführer</p></body></html>`,
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		hits[r.URL.Path]++
		mu.Unlock()
		body, ok := pages[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		etag := fmt.Sprintf(`"%x"`, len(body))
		w.Header().Set("ETag", etag)
		if r.Header.Get("If-None-Match") == etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		if strings.HasSuffix(r.URL.Path, ".txt") {
			w.Header().Set("Content-Type", "text/plain")
		} else {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
		}
		_, _ = w.Write([]byte(body))
	}))
	t.Cleanup(srv.Close)
	return srv, func() map[string]int {
		mu.Lock()
		defer mu.Unlock()
		out := map[string]int{}
		for k, v := range hits {
			out[k] = v
		}
		return out
	}
}

// TestWebKeyContacts runs resync --source web against a target account whose
// website is a fixture site: key contacts land in HubSpot, a second run
// writes nothing, robots.txt is obeyed, and forget keeps a person out.
func TestWebKeyContacts(t *testing.T) {
	// allow_loopback: the fixture site runs on 127.0.0.1, which the crawler
	// refuses by default.
	portal, env := hubspotEnv(t, 10, hubspottest.GenOptions{Companies: 6, Contacts: 20, Deals: 4, TargetShare: 0.5, Seed: 5, Now: time.Now()},
		"web:\n  allow_loopback: true\n  delay: 10ms\n")
	site, hits := fixtureSite(t)
	var account string
	for _, id := range portal.IDs("companies") {
		if portal.Company(id)["hs_is_target_account"] == "true" {
			account = id
			portal.Update("companies", id, map[string]string{"website": site.URL, "domain": ""})
			break
		}
	}
	for _, id := range portal.IDs("companies") {
		if id != account {
			portal.Update("companies", id, map[string]string{"domain": "", "website": ""})
		}
	}

	logs := startServe(t, env)
	resyncWait(t, env) // the CRM first: the store learns the accounts
	out, writes := resyncWait(t, env, "--source", "web")
	if !strings.Contains(out, "succeeded") || writes == 0 {
		t.Fatalf("web run: writes=%d\n%s\n%s", writes, out, logs)
	}
	// The home page names nobody: counted on the run, not an error.
	if !strings.Contains(out, "pages=3 pages_without_people=1") {
		t.Errorf("web run does not count its pages (home, imprint, team; the home page names nobody):\n%s", out)
	}

	byName := map[string]map[string]string{}
	for _, id := range portal.Associations("companies", account, "contacts") {
		c := portal.Object("contacts", id)
		byName[c["firstname"]+" "+c["lastname"]] = c
	}
	tests := []struct {
		name, jobtitle, role, buying string
	}{
		{"Anna Huber", "Geschäftsführer", "executive", "DECISION_MAKER"},
		{"Maria Gruber", "Leiterin Einkauf", "procurement", ""},
		{"Eva Maier", "Assistenz der Geschäftsführung", "assistant;gatekeeper", ""},
		{"Lukas Hofer", "Leiter Qualitätssicherung", "quality", ""},
	}
	for _, tc := range tests {
		c, ok := byName[tc.name]
		if !ok {
			t.Errorf("%s not written to HubSpot; contacts of the account: %v", tc.name, keysOf(byName))
			continue
		}
		if c["jobtitle"] != tc.jobtitle || c["abm_contact_role"] != tc.role {
			t.Errorf("%s: jobtitle %q role %q, want %q %q", tc.name, c["jobtitle"], c["abm_contact_role"], tc.jobtitle, tc.role)
		}
		if tc.buying != "" && c["hs_buying_role"] != tc.buying {
			t.Errorf("%s: hs_buying_role %q, want %q", tc.name, c["hs_buying_role"], tc.buying)
		}
		if !strings.HasPrefix(c["abm_source_url"], site.URL) || c["abm_source"] != "web" || c["abm_contact_key"] == "" {
			t.Errorf("%s: provenance %q %q key %q", tc.name, c["abm_source_url"], c["abm_source"], c["abm_contact_key"])
		}
	}
	if c := byName["Maria Gruber"]; c != nil && c["email"] != "m.gruber@alpenpharma.example" {
		t.Errorf("Maria Gruber e-mail %q", c["email"])
	}
	if c := byName["Lukas Hofer"]; c != nil && c["hs_linkedin_url"] != "https://www.linkedin.com/in/lukas-hofer-qa" {
		t.Errorf("Lukas Hofer LinkedIn %q", c["hs_linkedin_url"])
	}
	if _, ok := byName["Geheim Person"]; ok || hits()["/intern/team"] > 0 {
		t.Error("a page robots.txt disallows was fetched")
	}
	if portal.Company(account)["abm_key_contacts"] == "" {
		t.Error("abm_key_contacts not written")
	}

	// Same pages again: nothing is written.
	out, writes = resyncWait(t, env, "--source", "web")
	if writes != 0 {
		t.Errorf("second web run wrote %d times:\n%s", writes, out)
	}

	// Forget Maria Gruber: she is suppressed and never pushed again, even
	// after HubSpot loses her record.
	var fo strings.Builder
	if err := run(t.Context(), []string{"forget", "--email", "M.Gruber@alpenpharma.example"}, envFunc(env), &fo, &fo); err != nil {
		t.Fatalf("forget: %v\n%s", err, fo.String())
	}
	before := len(portal.IDs("contacts"))
	for _, id := range portal.Associations("companies", account, "contacts") {
		if portal.Object("contacts", id)["email"] == "m.gruber@alpenpharma.example" {
			portal.Archive("contacts", id)
		}
	}
	resyncWait(t, env)
	resyncWait(t, env, "--source", "web")
	for _, id := range portal.IDs("contacts") {
		if portal.Object("contacts", id)["email"] == "m.gruber@alpenpharma.example" {
			t.Errorf("forgotten person written again as contact %s", id)
		}
	}
	if after := len(portal.IDs("contacts")); after > before {
		t.Errorf("contacts %d -> %d after forgetting one person", before, after)
	}
}

func keysOf(m map[string]map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}
