package merge

import (
	"bytes"
	"crypto/rand"
	"strings"
	"testing"
)

func testFingerprinter(t *testing.T) *Fingerprinter {
	t.Helper()
	key := make([]byte, FingerprintKeySize)
	if _, err := rand.Read(key); err != nil {
		t.Fatal(err)
	}
	fp, err := NewFingerprinter(key)
	if err != nil {
		t.Fatal(err)
	}
	return fp
}

// nameGuesses is an attacker's dictionary: common first names times common
// family names in the DACH region (70 guesses).
func nameGuesses() []string {
	first := []string{"Anna", "Eva", "Maria", "Julia", "Thomas", "Michael", "Stefan", "Andreas", "Christian", "Martin"}
	last := []string{"Gruber", "Huber", "Bauer", "Wagner", "Müller", "Pichler", "Steiner"}
	var out []string
	for _, f := range first {
		for _, l := range last {
			out = append(out, f+" "+l)
		}
	}
	return out
}

// recover returns the guess whose fingerprint under hash equals stored.
func recoverName(stored string, hash func(string) string) (string, bool) {
	for _, g := range nameGuesses() {
		if hash(NormalizeName(g)) == stored {
			return g, true
		}
	}
	return "", false
}

func TestDictionaryAttack(t *testing.T) {
	t.Parallel()
	if n := len(nameGuesses()); n != 70 {
		t.Fatalf("%d guesses", n)
	}
	victim := NormalizeName("Dr. Julia Steiner")

	// The unkeyed scheme: anyone with the stored value and the source code
	// gets the name back from a short list of guesses.
	legacy := LegacyHash("name", victim)
	if got, ok := recoverName(legacy, func(n string) string { return LegacyHash("name", n) }); !ok || got != "Julia Steiner" {
		t.Fatalf("legacy scheme: recovered %q, %v; the attack should work", got, ok)
	}

	// The keyed scheme: the same attack, and the attacker's best tries at
	// the construction without the installation's key, recover nothing.
	fp := testFingerprinter(t)
	stored := fp.Of("name", victim)
	zero, _ := NewFingerprinter(make([]byte, FingerprintKeySize))
	derivedFromNothing, _ := NewFingerprinter(bytes.Repeat([]byte("abmsync fingerprint v1"), 2)[:FingerprintKeySize])
	attacks := map[string]func(string) string{
		"legacy hash":        func(n string) string { return LegacyHash("name", n) },
		"legacy with prefix": func(n string) string { return FingerprintPrefix + LegacyHash("name", n) },
		"zero key":           func(n string) string { return zero.Of("name", n) },
		"public info as key": func(n string) string { return derivedFromNothing.Of("name", n) },
		"another install":    func(n string) string { return testFingerprinter(t).Of("name", n) },
	}
	for name, attack := range attacks {
		if got, ok := recoverName(stored, attack); ok {
			t.Errorf("keyed scheme, %s: recovered %q without the key", name, got)
		}
	}
	// With the key the fingerprint is reproducible, which is what matching
	// needs.
	if got, ok := recoverName(stored, func(n string) string { return fp.Of("name", n) }); !ok || got != "Julia Steiner" {
		t.Errorf("with the key: %q, %v", got, ok)
	}
}

func TestFingerprinterCanon(t *testing.T) {
	t.Parallel()
	fp := testFingerprinter(t)
	other := testFingerprinter(t)
	keyed := fp.Of("email", "anna@a.example")
	if !strings.HasPrefix(keyed, FingerprintPrefix) || len(keyed) != len(FingerprintPrefix)+32 {
		t.Fatalf("fingerprint %q: want %s and 32 hex digits", keyed, FingerprintPrefix)
	}
	if keyed == other.Of("email", "anna@a.example") {
		t.Error("two keys give the same fingerprint")
	}
	if fp.Of("email", "anna@a.example") != keyed {
		t.Error("not deterministic")
	}
	if fp.Of("name", "anna@a.example") == keyed {
		t.Error("kinds are not separated")
	}
	tests := []struct{ stored, want string }{
		{keyed, keyed}, // keyed: unchanged
		{LegacyHash("email", "anna@a.example"), keyed}, // legacy: converted to the same value
		{"", ""},
		{"not-a-hash", "not-a-hash"},
		{strings.ToUpper(LegacyHash("email", "anna@a.example")), strings.ToUpper(LegacyHash("email", "anna@a.example"))},
	}
	for _, tc := range tests {
		if got := fp.Canon(tc.stored); got != tc.want {
			t.Errorf("Canon(%q) = %q, want %q", tc.stored, got, tc.want)
		}
	}
	if fp.Of("email", "") != "" {
		t.Error("fingerprint of an empty value")
	}
	if _, err := NewFingerprinter([]byte("short")); err == nil {
		t.Error("short key accepted")
	}
	if fp.KeyID() == other.KeyID() || len(fp.KeyID()) != 16 {
		t.Errorf("key ids %q %q", fp.KeyID(), other.KeyID())
	}
}

func TestNormalizeLinkedInURL(t *testing.T) {
	t.Parallel()
	want := "linkedin.com/in/anna-huber"
	same := []string{
		"https://www.linkedin.com/in/anna-huber",
		"https://www.linkedin.com/in/anna-huber/",
		"http://linkedin.com/in/Anna-Huber",
		"  HTTPS://WWW.LINKEDIN.COM/IN/ANNA-HUBER/?trk=public_profile&utm=x#about ",
		"www.linkedin.com/in/anna-huber//",
		"https://at.linkedin.com/in/anna-huber",
		"linkedin.com/in/anna%2Dhuber",
	}
	for _, s := range same {
		if got := NormalizeLinkedInURL(s); got != want {
			t.Errorf("NormalizeLinkedInURL(%q) = %q, want %q", s, got, want)
		}
	}
	tests := []struct{ in, want string }{
		{"", ""},
		{"   ", ""},
		{"https://www.linkedin.com/in/j%C3%BCrgen-m", "linkedin.com/in/jürgen-m"},
		{"https://www.linkedin.com/in/anna-huber-2", "linkedin.com/in/anna-huber-2"},
		{"https://www.example.com/in/anna-huber", "example.com/in/anna-huber"},
	}
	for _, tc := range tests {
		if got := NormalizeLinkedInURL(tc.in); got != tc.want {
			t.Errorf("NormalizeLinkedInURL(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestMergeMatchesCRMContactByLinkedInProfile(t *testing.T) {
	t.Parallel()
	fp := testFingerprinter(t)
	existing := []Existing{{ID: "crm-9", AccountID: "A",
		LinkedInHash: fp.Of("linkedin", NormalizeLinkedInURL("https://www.linkedin.com/in/eva-maier-123/"))}}
	cands := []Candidate{{AccountID: "A", Name: "Eva M. Maier-Berger", LinkedInURL: "http://at.linkedin.com/in/Eva-Maier-123?trk=x",
		From: Provenance{Source: "linkedin", Confidence: 0.8}}}
	people := Merge(fp, existing, cands)
	if len(people) != 1 || people[0].CRMID != "crm-9" {
		t.Fatalf("people = %+v, want one matched to crm-9 by profile URL", people)
	}
	if Merge(nil, existing, cands)[0].CRMID != "" {
		t.Error("matched without a fingerprinter")
	}
}

func BenchmarkFingerprint(b *testing.B) {
	key := make([]byte, FingerprintKeySize)
	fp, _ := NewFingerprinter(key)
	b.Run("legacy", func(b *testing.B) {
		for b.Loop() {
			_ = LegacyHash("email", "anna.huber@a.example")
		}
	})
	b.Run("keyed", func(b *testing.B) {
		for b.Loop() {
			_ = fp.Of("email", "anna.huber@a.example")
		}
	})
}
