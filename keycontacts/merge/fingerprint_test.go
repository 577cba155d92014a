package merge

import (
	"bytes"
	"crypto/rand"
	"testing"

	"github.com/abmsync/abmsync/crm"
	"github.com/abmsync/abmsync/internal/fingerprint"
)

func testFingerprinter(t *testing.T) *fingerprint.Fingerprinter {
	t.Helper()
	key := make([]byte, fingerprint.KeySize)
	if _, err := rand.Read(key); err != nil {
		t.Fatal(err)
	}
	fp, err := fingerprint.New(key)
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
	legacy := fingerprint.LegacyHash("name", victim)
	if got, ok := recoverName(legacy, func(n string) string { return fingerprint.LegacyHash("name", n) }); !ok || got != "Julia Steiner" {
		t.Fatalf("legacy scheme: recovered %q, %v; the attack should work", got, ok)
	}

	// The keyed scheme: the same attack, and the attacker's best tries at
	// the construction without the installation's key, recover nothing.
	fp := testFingerprinter(t)
	stored := fp.Of("name", victim)
	zero, _ := fingerprint.New(make([]byte, fingerprint.KeySize))
	derivedFromNothing, _ := fingerprint.New(bytes.Repeat([]byte("abmsync fingerprint v1"), 2)[:fingerprint.KeySize])
	attacks := map[string]func(string) string{
		"legacy hash":        func(n string) string { return fingerprint.LegacyHash("name", n) },
		"legacy with prefix": func(n string) string { return fingerprint.Prefix + fingerprint.LegacyHash("name", n) },
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
	cands := []crm.Candidate{{AccountID: "A", Name: "Eva M. Maier-Berger", LinkedInURL: "http://at.linkedin.com/in/Eva-Maier-123?trk=x",
		From: crm.Provenance{Source: "linkedin", Confidence: 0.8}}}
	people := Merge(fp, existing, cands)
	if len(people) != 1 || people[0].CRMID != "crm-9" {
		t.Fatalf("people = %+v, want one matched to crm-9 by profile URL", people)
	}
	if Merge(nil, existing, cands)[0].CRMID != "" {
		t.Error("matched without a fingerprinter")
	}
}
