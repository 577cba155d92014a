package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/abmsync/abmsync/connectors/hubspot/hubspottest"
)

const connectionsCSV = "\ufeffNotes:\r\n\"When exporting your connection data, you may notice that some of the email addresses are missing.\"\r\n\r\n" +
	"First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n" +
	"Lena,Wagner,https://www.linkedin.com/in/lena-wagner-123,,Alpenpharma GmbH,\"Leiterin Einkauf, Standort Tirol\",09 Oct 2024\r\n" +
	"Paul,Novak,https://www.linkedin.com/in/paul-novak,,Other Corp,CEO,01 Feb 2023\r\n" +
	",,,,Alpenpharma GmbH,Recruiter,03 Mar 2022\r\n"

var importRun = regexp.MustCompile(`run (\S+) pushes`)

// TestImportLinkedInConnections uploads a colleague's Connections export:
// the connection at a target account becomes a key contact with its LinkedIn
// profile and warm path, the account counts one warm path, no e-mail is made
// up, and importing the same file again writes nothing.
func TestImportLinkedInConnections(t *testing.T) {
	portal, env := hubspotEnv(t, 14, hubspottest.GenOptions{Companies: 4, Contacts: 8, Deals: 2, TargetShare: 0.5, Seed: 11, Now: time.Now()}, "")
	var account string
	for _, id := range portal.IDs("companies") {
		if portal.Company(id)["hs_is_target_account"] == "true" && account == "" {
			account = id
			portal.Update("companies", id, map[string]string{"name": "Alpenpharma"})
		}
	}
	dir := t.TempDir()
	csv := filepath.Join(dir, "Connections.csv")
	if err := os.WriteFile(csv, []byte(connectionsCSV), 0o600); err != nil {
		t.Fatal(err)
	}
	startServe(t, env)
	resyncWait(t, env)

	importFile := func(file, summary string) int {
		t.Helper()
		var out bytes.Buffer
		if err := run(context.Background(), []string{"import", "linkedin-connections", "--owner", "Max Muster", file}, envFunc(env), &out, &out); err != nil {
			t.Fatalf("import: %v\n%s", err, out.String())
		}
		if !strings.Contains(out.String(), summary) {
			t.Errorf("import summary: %s", out.String())
		}
		m := importRun.FindStringSubmatch(out.String())
		if m == nil {
			t.Fatalf("no run in: %s", out.String())
		}
		c, _ := adminClient(envFunc(env))
		for {
			r, err := c.Run(context.Background(), m[1])
			if err != nil {
				t.Fatal(err)
			}
			if r.Done() {
				if r.State != "succeeded" {
					t.Fatalf("import run %s: %s", r.State, r.Error)
				}
				return int(r.Writes)
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	importOnce := func() int { return importFile(csv, "3 rows, 1 at target accounts") }
	if w := importOnce(); w == 0 {
		t.Fatal("first import wrote nothing")
	}
	var lena map[string]string
	for _, id := range portal.Associations("companies", account, "contacts") {
		if c := portal.Object("contacts", id); c["lastname"] == "Wagner" {
			lena = c
		}
	}
	if lena == nil {
		t.Fatal("Lena Wagner not written to the account")
	}
	if lena["hs_linkedin_url"] != "https://www.linkedin.com/in/lena-wagner-123" || lena["abm_warm_paths"] != "known by Max Muster since 2024-10-09" {
		t.Errorf("linkedin %q warm paths %q", lena["hs_linkedin_url"], lena["abm_warm_paths"])
	}
	if lena["email"] != "" || lena["jobtitle"] != "Leiterin Einkauf, Standort Tirol" {
		t.Errorf("email %q (must stay empty) jobtitle %q", lena["email"], lena["jobtitle"])
	}
	if got := portal.Company(account)["abm_warm_paths"]; got != "1" {
		t.Errorf("company abm_warm_paths = %q, want 1", got)
	}
	if w := importOnce(); w != 0 {
		t.Errorf("re-import of the same file made %d write calls, want 0", w)
	}

	// A new export of the same owner no longer lists Lena: her warm path is
	// cleared in HubSpot.
	newer := filepath.Join(dir, "Connections-2.csv")
	if err := os.WriteFile(newer, []byte(strings.Replace(connectionsCSV,
		"Lena,Wagner,https://www.linkedin.com/in/lena-wagner-123,,Alpenpharma GmbH,\"Leiterin Einkauf, Standort Tirol\",09 Oct 2024\r\n", "", 1)), 0o600); err != nil {
		t.Fatal(err)
	}
	importFile(newer, "2 rows, 0 at target accounts")
	for _, id := range portal.Associations("companies", account, "contacts") {
		if c := portal.Object("contacts", id); c["lastname"] == "Wagner" && c["abm_warm_paths"] != "" {
			t.Errorf("warm path kept after the owner's new export dropped Lena: %q", c["abm_warm_paths"])
		}
	}

	// A file that is no Connections export is refused whole.
	bad := filepath.Join(dir, "notes.csv")
	_ = os.WriteFile(bad, []byte("Name;Firma\nx;y\n"), 0o600)
	var out bytes.Buffer
	err := run(context.Background(), []string{"import", "linkedin-connections", "--owner", "Max Muster", bad}, envFunc(env), &out, &out)
	if err == nil || !strings.Contains(err.Error(), "nothing was imported") {
		t.Errorf("bad file: %v", err)
	}
}
