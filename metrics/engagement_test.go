package metrics

import (
	"math"
	"testing"
	"time"

	"github.com/abmsync/abmsync/crm"
)

func TestEngagementScore(t *testing.T) {
	t.Parallel()
	def := DefaultEngagementWeights()
	tests := []struct {
		name string
		sig  Signals
		w    EngagementWeights
		want float64
	}{
		{"nothing", Signals{}, def, 0},
		{"weighted sum", Signals{Visits: 5, EngagedContacts: 2, FormSubmissions: 1, Meetings: 1}, def, 5 + 20 + 10 + 20},
		{"linkedin counts when present", Signals{LinkedInEngagements: 4}, def, 8},
		{"exactly 100", Signals{Visits: 30, EngagedContacts: 3, Meetings: 2}, def, 100},
		{"capped at 100", Signals{Visits: 500, Meetings: 10}, def, 100},
		{"negative counts are 0", Signals{Visits: -50, Meetings: 1}, def, 20},
		{"negative weight ignored", Signals{Visits: 10, Meetings: 1}, EngagementWeights{Visits: -5, Meetings: 20}, 20},
		{"NaN and Inf weights ignored", Signals{Visits: 10, Meetings: 1, FormSubmissions: 1},
			EngagementWeights{Visits: math.NaN(), FormSubmissions: math.Inf(1), Meetings: 20}, 20},
		{"rounded half away to one decimal", Signals{Visits: 1}, EngagementWeights{Visits: 0.25}, 0.3},
		{"zero weights", Signals{Visits: 10, Meetings: 3}, EngagementWeights{}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := EngagementScore(tt.sig, tt.w); got != tt.want {
				t.Errorf("EngagementScore(%+v) = %v, want %v", tt.sig, got, tt.want)
			}
		})
	}
}

func TestMQA(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 5, 10, 12, 0, 0, 0, time.UTC)
	earlier := time.Date(2026, 4, 1, 8, 0, 0, 0, time.UTC)
	tests := []struct {
		name             string
		score, threshold float64
		prevSince        time.Time
		wantMQA          bool
		wantSince        time.Time
	}{
		{"below threshold", 49.9, 50, time.Time{}, false, time.Time{}},
		{"first crossing starts now", 60, 50, time.Time{}, true, now},
		{"exactly at threshold qualifies", 50, 50, time.Time{}, true, now},
		{"staying above keeps the first date", 80, 50, earlier, true, earlier},
		{"dropping below clears the date", 40, 50, earlier, false, time.Time{}},
		{"prevSince in the future is not plausible", 60, 50, now.Add(time.Hour), true, now},
		{"prevSince equal to now kept", 60, 50, now, true, now},
		{"no engagement never qualifies", 0, 0, earlier, false, time.Time{}},
		{"NaN score", math.NaN(), 50, earlier, false, time.Time{}},
		{"NaN threshold", 60, math.NaN(), earlier, false, time.Time{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, since := MQA(tt.score, tt.threshold, tt.prevSince, now)
			if got != tt.wantMQA || !since.Equal(tt.wantSince) {
				t.Errorf("MQA(%v, %v, %v) = %v, %v; want %v, %v", tt.score, tt.threshold, tt.prevSince, got, since, tt.wantMQA, tt.wantSince)
			}
		})
	}
}

// TestMQASequence runs the daily recomputation an account goes through.
func TestMQASequence(t *testing.T) {
	t.Parallel()
	day := func(d int) time.Time { return time.Date(2026, 3, d, 6, 0, 0, 0, time.UTC) }
	scores := []float64{10, 55, 70, 51, 30, 65}
	want := []time.Time{{}, day(2), day(2), day(2), {}, day(6)}
	var since time.Time
	for i, s := range scores {
		_, since = MQA(s, 50, since, day(i+1))
		if !since.Equal(want[i]) {
			t.Fatalf("day %d score %v: since = %v, want %v", i+1, s, since, want[i])
		}
	}
}

func TestIsSQLStage(t *testing.T) {
	t.Parallel()
	tests := map[string]bool{
		"salesqualifiedlead": true, "opportunity": true, "customer": true, "evangelist": true,
		" Customer ": true, "SALESQUALIFIEDLEAD": true,
		"subscriber": false, "lead": false, "marketingqualifiedlead": false, "other": false,
		"": false, "123456": false, "sql": false,
	}
	for stage, want := range tests {
		if got := IsSQLStage(stage); got != want {
			t.Errorf("IsSQLStage(%q) = %v, want %v", stage, got, want)
		}
	}
}

func TestSQLContacts(t *testing.T) {
	t.Parallel()
	c := func(id, stage string) crm.Record {
		return crm.Record{Type: crm.Contacts, ID: id, Properties: map[string]string{"lifecyclestage": stage}}
	}
	archived := c("9", "customer")
	archived.Archived = true
	tests := []struct {
		name     string
		contacts []crm.Record
		want     int
	}{
		{"none", nil, 0},
		{"stages", []crm.Record{c("1", "lead"), c("2", "marketingqualifiedlead"), c("3", "salesqualifiedlead"),
			c("4", "opportunity"), c("5", "customer"), c("6", "evangelist"), c("7", "other"), c("8", "")}, 4},
		{"duplicate counts once", []crm.Record{c("1", "opportunity"), c("1", "opportunity")}, 1},
		{"archived ignored", []crm.Record{archived}, 0},
		{"no lifecyclestage property", []crm.Record{{ID: "1"}}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := SQLContacts(tt.contacts); got != tt.want {
				t.Errorf("SQLContacts = %d, want %d", got, tt.want)
			}
		})
	}
}
