package workers

import (
	"testing"
	"time"

	"github.com/abmsync/abmsync/abm"
	"github.com/abmsync/abmsync/crm"
	"github.com/abmsync/abmsync/kpi"
)

func TestMQAProperties(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
	custom := MQASettings{Threshold: 30, Weights: kpi.EngagementWeights{EngagedContacts: 10, Visits: 0.5}}
	tests := []struct {
		name     string
		since    string
		engaged  int
		visits   int
		s        MQASettings
		score    string
		mqa      string
		wantFrom string
	}{
		{"defaults, below 50", "", 4, 0, MQASettings{}, "40", "false", ""},
		{"defaults, visits lift it over 50", "", 4, 12, MQASettings{}, "52", "true", "2026-11-27"},
		{"custom threshold 30", "", 4, 0, custom, "40", "true", "2026-11-27"},
		{"custom visit weight", "", 2, 21, custom, "30.5", "true", "2026-11-27"},
		{"earlier crossing kept", "2026-10-01", 4, 0, custom, "40", "true", "2026-10-01"},
		{"dropping below clears since", "2026-10-01", 2, 0, custom, "20", "false", ""},
		{"capped at 100", "", 30, 0, MQASettings{}, "100", "true", "2026-11-27"},
	}
	for _, tc := range tests {
		company := crm.Record{Properties: map[string]string{PropMQASince: tc.since}}
		got := MQAProperties(company, abm.Metrics{EngagedContacts: tc.engaged}, tc.visits, 3, now, tc.s)
		if got[PropEngagementScore] != tc.score || got[PropMQA] != tc.mqa || got[PropMQASince] != tc.wantFrom || got[PropSQLContacts] != "3" {
			t.Errorf("%s: %v, want score %s mqa %s since %q", tc.name, got, tc.score, tc.mqa, tc.wantFrom)
		}
	}
}
