package roles

import "testing"

// BenchmarkClassify measures one title through the default classifier,
// cycling through the title table so the mix of hits and misses is real.
func BenchmarkClassify(b *testing.B) {
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		Default.Classify(titleTable[i%len(titleTable)].title)
		i++
	}
}

// BenchmarkNormalize isolates the normalization step.
func BenchmarkNormalize(b *testing.B) {
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		normalize(titleTable[i%len(titleTable)].title)
		i++
	}
}
