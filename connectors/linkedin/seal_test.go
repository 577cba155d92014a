package linkedin

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
	k := make([]byte, SecretKeySize)
	if _, err := rand.Read(k); err != nil {
		t.Fatal(err)
	}
	return k
}

func TestSealOpenRoundTrip(t *testing.T) {
	t.Parallel()
	key := testKey(t)
	plain, _ := json.Marshal(Token{AccessToken: "AQV-secret-access", RefreshToken: "AQX-secret-refresh", Expiry: apiNow, RefreshExpiry: apiNow.AddDate(1, 0, 0)})
	a, err := Seal(key, plain)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := Seal(key, plain)
	if bytes.Equal(a, b) {
		t.Error("two seals are identical: nonce reused")
	}
	if a[0] != sealVersion1 || len(a) != len(plain)+sealOverhead {
		t.Errorf("sealed layout: version %d, %d bytes for %d", a[0], len(a), len(plain))
	}
	if bytes.Contains(a, []byte("AQV-secret")) {
		t.Error("sealed data contains the plaintext")
	}
	got, err := Open(key, a)
	if err != nil || !bytes.Equal(got, plain) {
		t.Fatalf("Open = %q, %v", got, err)
	}
	var tok Token
	if err := json.Unmarshal(got, &tok); err != nil || tok.RefreshToken != "AQX-secret-refresh" || !tok.RefreshExpiry.Equal(apiNow.AddDate(1, 0, 0)) {
		t.Errorf("token %+v, %v", tok, err)
	}
	if empty, _ := Seal(key, nil); len(empty) != sealOverhead {
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
	for _, n := range []int{0, 1, sealOverhead - 1, len(sealed) - 1} {
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

func TestParseSecretKey(t *testing.T) {
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
		got, err := ParseSecretKey(s)
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
		_, err := ParseSecretKey(s)
		if err == nil || !strings.Contains(err.Error(), "ABMSYNC_SECRET_KEY") {
			t.Errorf("%s: err = %v", name, err)
			continue
		}
		if s != "" {
			assertNoSecret(t, err, s)
		}
	}
}
