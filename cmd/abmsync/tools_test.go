package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestClassifyCommand(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	err := run(context.Background(), []string{"classify", "--json", "Leiterin Einkauf", "Assistenz der Geschäftsführung", "CFO"}, envFunc(nil), &out, &out)
	if err != nil {
		t.Fatalf("classify: %v\n%s", err, out.String())
	}
	var got []map[string]any
	if err := json.Unmarshal(out.Bytes(), &got); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out.String())
	}
	want := []struct {
		function, buying string
		gatekeeper       bool
	}{{"procurement", "INFLUENCER", false}, {"assistant", "OTHER", true}, {"finance", "BUDGET_HOLDER", false}}
	if len(got) != len(want) {
		t.Fatalf("%d lines, want %d", len(got), len(want))
	}
	for i, w := range want {
		if got[i]["function"] != w.function || got[i]["buying_role"] != w.buying || got[i]["gatekeeper"] != w.gatekeeper {
			t.Errorf("line %d = %v, want %+v", i, got[i], w)
		}
		for _, k := range []string{"title", "function", "seniority", "buying_role", "gatekeeper"} {
			if _, ok := got[i][k]; !ok {
				t.Errorf("line %d lacks %q", i, k)
			}
		}
	}
}

func TestExtractCommand(t *testing.T) {
	t.Parallel()
	page := filepath.Join(t.TempDir(), "impressum.html")
	html := `<html><body><h1>Impressum</h1><p>Alpenpharma GmbH</p><p>Geschäftsführer: Dr. Anna Huber</p>
		<p>Datenschutzbeauftragter: Karl Berger</p></body></html>`
	if err := os.WriteFile(page, []byte(html), 0o600); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := run(context.Background(), []string{"extract", "--json", page}, envFunc(nil), &out, &out); err != nil {
		t.Fatalf("extract: %v\n%s", err, out.String())
	}
	var got []map[string]any
	if err := json.Unmarshal(out.Bytes(), &got); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out.String())
	}
	byName := map[string]map[string]any{}
	for _, p := range got {
		for _, k := range []string{"name", "title", "family_name", "role_text", "function", "buying_role", "email", "phone", "linkedin_url", "source"} {
			if _, ok := p[k]; !ok {
				t.Errorf("person %v lacks %q", p["name"], k)
			}
		}
		byName[p["family_name"].(string)] = p
	}
	if h := byName["Huber"]; h == nil || h["title"] != "Dr." || h["name"] != "Dr. Anna Huber" || h["function"] != "executive" {
		t.Errorf("Huber = %v", h)
	}
	if b := byName["Berger"]; b == nil || b["kind"] != "data_protection" {
		t.Errorf("Berger = %v, want kind data_protection", b)
	}

	// A URL inside the network is refused by the same guard the daemon uses.
	out.Reset()
	err := run(context.Background(), []string{"extract", "http://127.0.0.1:1/"}, envFunc(nil), &out, &out)
	if err == nil || !strings.Contains(err.Error(), "127.0.0.1") {
		t.Errorf("extract of a loopback URL: %v, want a refusal naming the address", err)
	}
}
