package metrics

import (
	"errors"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/abmsync/abmsync/crm"
)

func repeat(score, n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = score
	}
	return out
}

func TestNPS(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name                   string
		scores                 []int
		prom, pass, det, resps int
		score                  *float64
	}{
		{"no responses", nil, 0, 0, 0, 0, nil},
		{"all promoters", []int{10, 9}, 2, 0, 0, 2, f64(100)},
		{"all detractors", []int{0, 6}, 0, 0, 2, 2, f64(-100)},
		{"all passives", []int{7, 8}, 0, 2, 0, 2, f64(0)},
		{"boundaries 6 7 8 9", []int{6, 7, 8, 9}, 1, 2, 1, 4, f64(0)},
		{"one third", []int{10, 10, 5}, 2, 0, 1, 3, f64(33.3)},
		{"minus one third", []int{10, 5, 5}, 1, 0, 2, 3, f64(-33.3)},
		{"two thirds round up", []int{10, 9, 8}, 2, 1, 0, 3, f64(66.7)},
		{"minus two thirds round away from zero", []int{0, 1, 8}, 0, 1, 2, 3, f64(-66.7)},
		{"one sixth", append([]int{9}, repeat(8, 5)...), 1, 5, 0, 6, f64(16.7)},
		{"exact half at the second decimal rounds up", append([]int{10}, repeat(8, 15)...), 1, 15, 0, 16, f64(6.3)},
		{"and down when negative", append([]int{0}, repeat(8, 15)...), 0, 15, 1, 16, f64(-6.3)},
		{"one eighth", append([]int{10}, repeat(7, 7)...), 1, 7, 0, 8, f64(12.5)},
		{"seed example", []int{10, 9, 9, 8, 7, 6, 3, 10, 9, 0}, 5, 2, 3, 10, f64(20)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := NPS(tt.scores)
			if err != nil {
				t.Fatal(err)
			}
			if got.Promoters != tt.prom || got.Passives != tt.pass || got.Detractors != tt.det || got.Responses != tt.resps || !eqPtr(got.Score, tt.score) {
				t.Errorf("NPS = %+v score %s, want %d/%d/%d of %d score %s", got, num(got.Score), tt.prom, tt.pass, tt.det, tt.resps, num(tt.score))
			}
		})
	}
}

func TestNPSRejectsOutOfRange(t *testing.T) {
	t.Parallel()
	for _, bad := range []int{-1, 11, 100} {
		_, err := NPS([]int{9, bad})
		if err == nil {
			t.Errorf("NPS(%d): no error", bad)
			continue
		}
		if want := " " + strconv.Itoa(bad) + " "; !strings.Contains(err.Error(), want) {
			t.Errorf("NPS(%d) error %q does not name the value", bad, err)
		}
	}
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
	if r, _ := NPS(Scores(got)); !eqPtr(r.Score, f64(0)) {
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
		r, err := NPS(Scores(got))
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
