package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/abmsync/abmsync/internal/porttest"
)

// TestICPSampleCampaign scores the seed's sample campaign against its ideal
// customer profile: every company gets a score with reasons and a tier.
func TestICPSampleCampaign(t *testing.T) {
	dir := t.TempDir()
	sample, _ := filepath.Abs("../../deploy/examples/sample-campaign")
	cfg := filepath.Join(dir, "abmsync.yaml")
	yaml := fmt.Sprintf(`csv:
  dir: %s
  output_dir: %s
icp:
  industries: {weight: 30, values: [pharma, biotech, medtech]}
  employees: {weight: 25, min: 800, max: 3500}
  countries: {weight: 25, values: [DACH, US]}
  existing_customer: {weight: 20}
  tiers: {tier_1: 80, tier_2: 55}
`, sample, filepath.Join(dir, "out"))
	if err := os.WriteFile(cfg, []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"ABMSYNC_ADMIN_ADDR": porttest.Addr(t), "ABMSYNC_STATE_DIR": dir, "ABMSYNC_CONFIG": cfg}
	startServe(t, env)
	resyncWait(t, env)
	rows := readCSV(t, filepath.Join(dir, "out", "companies_abm.csv"))
	if len(rows) != 13 {
		t.Fatalf("%d companies scored, want all 13", len(rows))
	}
	tiers := map[string]int{}
	for _, r := range rows {
		score, err := strconv.Atoi(r["abm_icp_score"])
		if err != nil || score < 0 || score > 100 || r["abm_icp_reasons"] == "" {
			t.Errorf("company %s: score %q reasons %q", r["id"], r["abm_icp_score"], r["abm_icp_reasons"])
		}
		want := "tier_3"
		switch {
		case score >= 80:
			want = "tier_1"
		case score >= 55:
			want = "tier_2"
		}
		if r["hs_ideal_customer_profile"] != want {
			t.Errorf("company %s: score %d tier %q, want %s", r["id"], score, r["hs_ideal_customer_profile"], want)
		}
		tiers[want]++
	}
	// The 9 existing customers are pharma/medtech in AT/DE/US with
	// 800-3,500 employees: a perfect fit.
	if tiers["tier_1"] < 9 {
		t.Errorf("tiers %v: want at least the 9 customers in tier_1", tiers)
	}
	// Nothing changed: nothing written again.
	before := readCSV(t, filepath.Join(dir, "out", "companies_abm.csv"))
	if _, writes := resyncWait(t, env, "--full"); writes != 0 {
		after := readCSV(t, filepath.Join(dir, "out", "companies_abm.csv"))
		for i := range after {
			for k, v := range after[i] {
				if before[i][k] != v {
					t.Logf("company %s %s: %q -> %q", after[i]["id"], k, before[i][k], v)
				}
			}
		}
		t.Errorf("second run wrote %d times", writes)
	}
}
