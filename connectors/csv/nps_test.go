package csv

import (
	"errors"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/abmsync/abmsync/crm"
	"github.com/abmsync/abmsync/metrics"
)

func utc(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

func f64(v float64) *float64 { return &v }

func eqPtr(a, b *float64) bool { return a == nil && b == nil || a != nil && b != nil && *a == *b }

func num(v *float64) string {
	if v == nil {
		return "-"
	}
	return strconv.FormatFloat(*v, 'f', -1, 64)
}

func TestParseNPSCSV(t *testing.T) {
	t.Parallel()
	in := "\ufeffScore, Domain ,company_id,comment,date\n" +
		"10,https://www.Acme.com/,,great,2026-03-01\n" +
		"6,,123,\"slow, but ok\",2026-03-02T10:00:00+01:00\n" +
		"8,beta.example,456,,1767225600000\n"
	got, err := ParseNPSCSV(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	want := []crm.NPSAnswer{
		{Domain: "acme.com", Score: 10, Date: utc("2026-03-01T00:00:00Z")},
		{CompanyID: "123", Score: 6, Date: utc("2026-03-02T09:00:00Z")},
		{CompanyID: "456", Domain: "beta.example", Score: 8, Date: utc("2026-01-01T00:00:00Z")},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d answers, want %d: %+v", len(got), len(want), got)
	}
	for i := range want {
		if got[i].CompanyID != want[i].CompanyID || got[i].Domain != want[i].Domain || got[i].Score != want[i].Score || !got[i].Date.Equal(want[i].Date) {
			t.Errorf("answer %d = %+v, want %+v", i, got[i], want[i])
		}
	}
	if r, _ := metrics.NPS(metrics.Scores(got)); !eqPtr(r.Score, f64(0)) {
		t.Errorf("NPS of the file = %s, want 0", num(r.Score))
	}
}

func TestParseNPSCSVErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   string
		want []string // substrings of the error
	}{
		{"empty", "", []string{"empty file"}},
		{"no id column", "score,date\n9,2026-01-01\n", []string{"line 1", "company_id or domain"}},
		{"no score column", "domain,date\nacme.com,2026-01-01\n", []string{"line 1", "score"}},
		{"no date column", "domain,score\nacme.com,9\n", []string{"line 1", "date"}},
		{"duplicate column", "domain,score,date,Score\n", []string{"line 1", "column 4", `"score"`}},
		{"score out of range", "domain,score,date\nacme.com,9,2026-01-01\nbeta.com,11,2026-01-01\n", []string{"line 3", "column 2", "score", "11", "0-10"}},
		{"negative score", "date,domain,score\n2026-01-01,acme.com,-1\n", []string{"line 2", "column 3", "-1"}},
		{"score not an integer", "domain,score,date\nacme.com,9.5,2026-01-01\n", []string{"line 2", "column 2", `"9.5"`}},
		{"empty score", "domain,score,date\nacme.com,,2026-01-01\n", []string{"line 2", "column 2", `""`}},
		{"no id value", "company_id,domain,score,date\n,,9,2026-01-01\n", []string{"line 2", "column 1", "company_id"}},
		{"no domain value", "score,date,domain\n9,2026-01-01,\n", []string{"line 2", "column 3", "domain"}},
		{"bad domain", "domain,score,date\nhttps://,9,2026-01-01\n", []string{"line 2", "column 1", "domain"}},
		{"bad date", "domain,score,date\nacme.com,9,01/02/2026\n", []string{"line 2", "column 3", "01/02/2026"}},
		{"missing date", "domain,score,date\nacme.com,9,\n", []string{"line 2", "column 3", "missing date"}},
		{"wrong field count", "domain,score,date\nacme.com,9\n", []string{"line 2", "wrong number of fields"}},
		{"bad quoting", "domain,score,date\n\"acme.com,9,2026-01-01\n", []string{"line 2"}},
		{"line numbers count quoted newlines", "domain,score,date\n\"acme\n.com\",9,2026-01-01\nb.com,x,2026-01-01\n", []string{"line 4", "column 2"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := ParseNPSCSV(strings.NewReader(tt.in))
			if err == nil {
				t.Fatalf("no error, got %+v", got)
			}
			if got != nil {
				t.Errorf("answers returned with error: %+v", got)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
		})
	}
}

func TestReadNPSCSVStopsOnCallbackError(t *testing.T) {
	t.Parallel()
	stop := errors.New("stop")
	var seen []int
	err := ReadNPSCSV(strings.NewReader("domain,score,date\na.com,1,2026-01-01\nb.com,2,2026-01-01\n"), func(a crm.NPSAnswer) error {
		seen = append(seen, a.Score)
		return stop
	})
	if !errors.Is(err, stop) || !reflect.DeepEqual(seen, []int{1}) {
		t.Errorf("err %v, seen %v; want stop after the first answer", err, seen)
	}
}

func FuzzParseNPSCSV(f *testing.F) {
	f.Add("company_id,score,date\n1,9,2026-01-01\n")
	f.Add("\ufeffdomain,score,date\nacme.com,10,2026-01-01T00:00:00Z\n")
	f.Add("date,score,domain,company_id\n1767225600000,0,,7\n")
	f.Add("domain,score,date\n\"a\"\"b\",5,2026-01-01\n")
	f.Add("score\n")
	f.Fuzz(func(t *testing.T, in string) {
		got, err := ParseNPSCSV(strings.NewReader(in))
		if err != nil {
			if got != nil {
				t.Fatalf("answers with error %v", err)
			}
			if !strings.HasPrefix(err.Error(), "nps csv: ") {
				t.Fatalf("error without prefix: %v", err)
			}
			return
		}
		for _, a := range got {
			if a.Score < 0 || a.Score > 10 {
				t.Fatalf("score %d accepted", a.Score)
			}
			if a.CompanyID == "" && a.Domain == "" {
				t.Fatalf("answer without account: %+v", a)
			}
			if a.Date.IsZero() || a.Date.Location() != time.UTC {
				t.Fatalf("bad date %v", a.Date)
			}
		}
		r, err := metrics.NPS(metrics.Scores(got))
		if err != nil {
			t.Fatal(err)
		}
		if r.Responses != len(got) || r.Promoters+r.Passives+r.Detractors != r.Responses {
			t.Fatalf("NPS counts %+v for %d answers", r, len(got))
		}
		if (r.Score == nil) != (r.Responses == 0) || r.Score != nil && (*r.Score < -100 || *r.Score > 100) {
			t.Fatalf("NPS score %s for %+v", num(r.Score), r)
		}
	})
}
