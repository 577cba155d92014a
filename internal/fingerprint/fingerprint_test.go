package fingerprint

import (
	"crypto/rand"
	"strings"
	"testing"
)

func testFingerprinter(t *testing.T) *Fingerprinter {
	t.Helper()
	key := make([]byte, KeySize)
	if _, err := rand.Read(key); err != nil {
		t.Fatal(err)
	}
	fp, err := New(key)
	if err != nil {
		t.Fatal(err)
	}
	return fp
}

func TestFingerprinterCanon(t *testing.T) {
	t.Parallel()
	fp := testFingerprinter(t)
	other := testFingerprinter(t)
	keyed := fp.Of("email", "anna@a.example")
	if !strings.HasPrefix(keyed, Prefix) || len(keyed) != len(Prefix)+32 {
		t.Fatalf("fingerprint %q: want %s and 32 hex digits", keyed, Prefix)
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
	if _, err := New([]byte("short")); err == nil {
		t.Error("short key accepted")
	}
	if fp.KeyID() == other.KeyID() || len(fp.KeyID()) != 16 {
		t.Errorf("key ids %q %q", fp.KeyID(), other.KeyID())
	}
}

// TestFingerprintsKeepTheirValues pins the values an earlier abmsync
// stored (when the fingerprinter lived in keycontacts/merge): a change here
// would orphan every stored fingerprint and the do-not-contact list.
func TestFingerprintsKeepTheirValues(t *testing.T) {
	t.Parallel()
	fp, err := New([]byte("0123456789abcdef0123456789abcdef"))
	if err != nil {
		t.Fatal(err)
	}
	const email = "fp1-64f52247b6e613fab60f68e59c8fddef"
	if got := fp.KeyID(); got != "c68ea3d1b123c76d" {
		t.Errorf("KeyID = %s", got)
	}
	if got := fp.Of("email", "anna@a.example"); got != email {
		t.Errorf("Of(email) = %s, want %s", got, email)
	}
	if got := fp.Canon(LegacyHash("email", "anna@a.example")); got != email {
		t.Errorf("Canon(legacy) = %s, want %s", got, email)
	}
}

func BenchmarkFingerprint(b *testing.B) {
	key := make([]byte, KeySize)
	fp, _ := New(key)
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
