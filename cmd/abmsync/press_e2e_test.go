package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/abmsync/abmsync/connectors/hubspot/hubspottest"
)

// TestPressKeyContacts scans a trade-press feed on loopback: an article that
// names a person with a role at a target account becomes a key contact in
// HubSpot with the article as its source; a second scan writes nothing.
func TestPressKeyContacts(t *testing.T) {
	// The feed URL is only known once the site runs; the config is
	// written after it below.
	portal, env := hubspotEnv(t, 11, hubspottest.GenOptions{Companies: 4, Contacts: 8, Deals: 2, TargetShare: 0.5, Seed: 9, Now: time.Now()}, "")
	var account string
	for _, id := range portal.IDs("companies") {
		if portal.Company(id)["hs_is_target_account"] == "true" && account == "" {
			account = id
			portal.Update("companies", id, map[string]string{"name": "Alpenpharma GmbH"})
		}
	}
	var site *httptest.Server
	articles := 0
	site = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/feed.xml":
			w.Header().Set("Content-Type", "application/rss+xml")
			fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Pharma-Technik</title>
				<item><title>Alpenpharma baut in Tirol aus</title><link>%[1]s/news/alpenpharma-ausbau</link></item>
				<item><title>Messe</title><link>%[1]s/news/messe</link></item></channel></rss>`, site.URL)
		case "/news/alpenpharma-ausbau":
			articles++
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, `<html><body><article><h1>Alpenpharma baut in Tirol aus</h1>
				<p>Der Pharmahersteller investiert 40 Millionen Euro in eine neue Abfüllanlage.
				„Wir brauchen mehr Kapazität“, sagte Dr. Maria Huber, Leiterin Einkauf bei Alpenpharma.</p></article></body></html>`)
		case "/news/messe":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, `<html><body><article><p>Die Messe beginnt am Montag, sagte Messechef Karl Brandl.</p></article></body></html>`)
		default:
			http.NotFound(w, r)
		}
	}))
	defer site.Close()

	yaml := fmt.Sprintf("hubspot:\n  requests_per_10s: 100000\n  search_per_second: 100\nschedules: {}\nweb:\n  allow_loopback: true\n  delay: 10ms\npress:\n  feeds: [%q]\n", site.URL+"/feed.xml")
	if err := os.WriteFile(env["ABMSYNC_CONFIG"], []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	logs := startServe(t, env)
	resyncWait(t, env)
	out, writes := resyncWait(t, env, "--source", "press")
	if !strings.Contains(out, "succeeded") || writes == 0 {
		t.Fatalf("press run: writes=%d\n%s\n%s", writes, out, logs)
	}
	var found map[string]string
	for _, id := range portal.Associations("companies", account, "contacts") {
		if c := portal.Object("contacts", id); c["lastname"] == "Huber" {
			found = c
		}
	}
	if found == nil {
		t.Fatalf("Maria Huber not written to account %s\n%s", account, out)
	}
	if found["jobtitle"] != "Leiterin Einkauf" || found["abm_source"] != "press" || found["abm_source_url"] != site.URL+"/news/alpenpharma-ausbau" {
		t.Errorf("press contact = jobtitle %q source %q url %q", found["jobtitle"], found["abm_source"], found["abm_source_url"])
	}
	if found["email"] != "" {
		t.Errorf("press contact got an e-mail %q the article never printed", found["email"])
	}
	out, writes = resyncWait(t, env, "--source", "press")
	if writes != 0 || articles != 1 {
		t.Errorf("second scan: writes=%d, article read %d times (want 0 writes, read once)\n%s", writes, articles, out)
	}
}
