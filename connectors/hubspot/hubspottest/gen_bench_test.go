package hubspottest

import "testing"

func BenchmarkGenerate(b *testing.B) {
	for b.Loop() {
		Generate(DefaultGenOptions())
	}
}
