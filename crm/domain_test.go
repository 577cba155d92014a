package crm

import "testing"

func TestNormalizeDomain(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"alpenpharma.example", "alpenpharma.example"},
		{"AlpenPharma.Example", "alpenpharma.example"},
		{"https://www.alpenpharma.example/about?x=1", "alpenpharma.example"},
		{"http://alpenpharma.example#top", "alpenpharma.example"},
		{"www.alpenpharma.example.", "alpenpharma.example"},
		{"  WWW.alpenpharma.example:443  ", "alpenpharma.example"},
		{"shop.alpenpharma.example", "shop.alpenpharma.example"},
		{"wwwalpen.example", "wwwalpen.example"},
		{"", ""},
		{"https://", ""},
	}
	for _, tt := range tests {
		if got := NormalizeDomain(tt.in); got != tt.want {
			t.Errorf("NormalizeDomain(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
