package metrics

import (
	"strconv"
	"strings"
	"testing"
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
