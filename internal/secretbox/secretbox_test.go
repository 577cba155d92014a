package secretbox

import (
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

func testKey(t *testing.T) []byte {
	t.Helper()
	k := make([]byte, KeySize)
	if _, err := rand.Read(k); err != nil {
		t.Fatal(err)
	}
	return k
}

func TestSealOpenRoundTrip(t *testing.T) {
	t.Parallel()
	key := testKey(t)
	plain := []byte(`{"access_token":"AQV-secret-access","refresh_token":"AQX-secret-refresh"}`)
	a, err := Seal(key, plain)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := Seal(key, plain)
	if bytes.Equal(a, b) {
		t.Error("two seals are identical: nonce reused")
	}
	if a[0] != version1 || len(a) != len(plain)+overhead {
		t.Errorf("sealed layout: version %d, %d bytes for %d", a[0], len(a), len(plain))
	}
	if bytes.Contains(a, []byte("AQV-secret")) {
		t.Error("sealed data contains the plaintext")
	}
	got, err := Open(key, a)
	if err != nil || !bytes.Equal(got, plain) {
		t.Fatalf("Open = %q, %v", got, err)
	}
	var tok struct {
		RefreshToken string `json:"refresh_token"`
	}
	if err := json.Unmarshal(got, &tok); err != nil || tok.RefreshToken != "AQX-secret-refresh" {
		t.Errorf("opened %+v, %v", tok, err)
	}
	if empty, _ := Seal(key, nil); len(empty) != overhead {
		t.Errorf("empty plaintext sealed to %d bytes", len(empty))
	}
}

func TestOpenDetectsTampering(t *testing.T) {
	t.Parallel()
	key := testKey(t)
	sealed, _ := Seal(key, []byte(`{"access_token":"AQV-secret"}`))
	for i := range sealed {
		for _, flip := range []byte{0x01, 0x80} {
			bad := bytes.Clone(sealed)
			bad[i] ^= flip
			got, err := Open(key, bad)
			if err == nil || got != nil {
				t.Fatalf("byte %d flipped %#x: opened %q", i, flip, got)
			}
			if i > 0 && !errors.Is(err, ErrSealed) {
				t.Errorf("byte %d: err = %v", i, err)
			}
		}
	}
	for _, n := range []int{0, 1, overhead - 1, len(sealed) - 1} {
		if _, err := Open(key, sealed[:n]); !errors.Is(err, ErrSealed) {
			t.Errorf("truncated to %d: %v", n, err)
		}
	}
	if _, err := Open(key, append(bytes.Clone(sealed), 0)); !errors.Is(err, ErrSealed) {
		t.Errorf("extended: %v", err)
	}
}

func TestOpenWrongKey(t *testing.T) {
	t.Parallel()
	key, other := testKey(t), testKey(t)
	sealed, _ := Seal(key, []byte("AQV-secret"))
	_, err := Open(other, sealed)
	if !errors.Is(err, ErrSealed) || !strings.Contains(err.Error(), "ABMSYNC_SECRET_KEY") {
		t.Fatalf("err = %v", err)
	}
	assertNoSecret(t, err, "AQV-secret", string(key), hex.EncodeToString(key))
	for _, k := range [][]byte{nil, key[:16], append(bytes.Clone(key), 1)} {
		if _, err := Seal(k, []byte("x")); err == nil || !strings.Contains(err.Error(), "want 32") {
			t.Errorf("Seal with %d-byte key: %v", len(k), err)
		}
		if _, err := Open(k, sealed); err == nil {
			t.Errorf("Open with %d-byte key succeeded", len(k))
		}
	}
	bad := bytes.Clone(sealed)
	bad[0] = 9
	if _, err := Open(key, bad); err == nil || !strings.Contains(err.Error(), "version 9") {
		t.Errorf("unknown version: %v", err)
	}
}

func TestParseKey(t *testing.T) {
	t.Parallel()
	key := bytes.Repeat([]byte{0xA5, 0x3C, 0xFF, 0x00}, 8)
	good := map[string]string{
		"hex":         hex.EncodeToString(key),
		"hex upper":   strings.ToUpper(hex.EncodeToString(key)),
		"base64":      base64.StdEncoding.EncodeToString(key),
		"base64 raw":  base64.RawStdEncoding.EncodeToString(key),
		"base64 url":  base64.URLEncoding.EncodeToString(key),
		"with spaces": "  " + base64.StdEncoding.EncodeToString(key) + "\n",
	}
	for name, s := range good {
		got, err := ParseKey(s)
		if err != nil || !bytes.Equal(got, key) {
			t.Errorf("%s: %x, %v", name, got, err)
		}
	}
	secretish := "c2VjcmV0LWJ1dC10b28tc2hvcnQ="
	bad := map[string]string{
		"empty":         "",
		"short base64":  secretish,
		"long base64":   base64.StdEncoding.EncodeToString(append(bytes.Clone(key), 1)),
		"63 hex":        hex.EncodeToString(key)[:63],
		"not encoded":   "correct horse battery staple!!",
		"passphrase 64": strings.Repeat("zz", 32),
	}
	for name, s := range bad {
		_, err := ParseKey(s)
		if err == nil || !strings.Contains(err.Error(), "ABMSYNC_SECRET_KEY") {
			t.Errorf("%s: err = %v", name, err)
			continue
		}
		if s != "" {
			assertNoSecret(t, err, s)
		}
	}
}

// assertNoSecret fails when err's text holds one of secrets.
func assertNoSecret(t *testing.T, err error, secrets ...string) {
	t.Helper()
	if err == nil {
		return
	}
	for _, s := range secrets {
		if s != "" && strings.Contains(err.Error(), s) {
			t.Errorf("error %q contains a secret", err)
		}
	}
}

// TestOpenKeepsFormat opens a token sealed by an earlier abmsync (when
// sealing lived in connectors/linkedin): what is stored must keep opening.
func TestOpenKeepsFormat(t *testing.T) {
	t.Parallel()
	key, err := ParseKey("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")
	if err != nil {
		t.Fatal(err)
	}
	sealed, _ := hex.DecodeString("0199e96d5b2d647cf71ce36ebf45fdd3749d73bcdc10235c91dcb2c37089edff22699b38a6647819818917527b08e24608f47a8a07113075ddf7013bbb20696463ad0cda5a3370e9e242c9b8b0258b14c9c74a196c655af09b4f5d1587f227a54f7d1cc281da364c6df427242e8de7e02f9acc1f90a9ac8cc2dc53c040851a4fed8181cb4294412e0fcbafacf4b2cb11ecc248f3a00e1db6ca02f34bbe2c9f3d")
	got, err := Open(key, sealed)
	const want = `{"access_token":"AQX-access","refresh_token":"AQR-refresh","expiry":"2026-03-04T05:06:07Z","refresh_expiry":"2027-03-04T05:06:07Z"}`
	if err != nil || string(got) != want {
		t.Errorf("Open = %q, %v; want %q", got, err, want)
	}
}
