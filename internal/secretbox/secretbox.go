// Package secretbox seals what abmsync keeps secret at rest (the LinkedIn
// OAuth token) with AES-256-GCM under ABMSYNC_SECRET_KEY, and parses that
// key. It does no I/O: callers seal before they hand bytes to the store and
// open what the store gives back, so the store never holds a key. It imports
// nothing of abmsync's.
package secretbox

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
)

// Sealed format: one version byte, a random 12-byte nonce, then the
// AES-256-GCM ciphertext with its 16-byte tag. The version byte is
// authenticated as additional data, so changing it fails Open like any
// other tampering.
const (
	version1 = 1
	// KeySize is the key length Seal and Open take: 32 bytes, AES-256.
	KeySize   = 32
	nonceSize = 12
	overhead  = 1 + nonceSize + 16
)

// ErrSealed is returned by Open for data it cannot authenticate: another
// ABMSYNC_SECRET_KEY was used to seal it, or it was altered or truncated.
var ErrSealed = errors.New("secretbox: sealed data cannot be opened: wrong ABMSYNC_SECRET_KEY or corrupted data")

// Seal encrypts plaintext for storage with key, which must be KeySize bytes
// (see ParseKey). Each call uses a fresh random nonce, so sealing the same
// plaintext twice gives different output.
func Seal(key, plaintext []byte) ([]byte, error) {
	aead, err := newAEAD(key)
	if err != nil {
		return nil, err
	}
	out := make([]byte, 1+nonceSize, overhead+len(plaintext))
	out[0] = version1
	if _, err := rand.Read(out[1:]); err != nil {
		return nil, fmt.Errorf("secretbox: seal: random nonce: %w", err)
	}
	return aead.Seal(out, out[1:], plaintext, out[:1]), nil
}

// Open decrypts what Seal produced with the same key. It returns ErrSealed
// when the data was not sealed with key or was altered, and an error naming
// the version for data of an unknown format version.
func Open(key, sealed []byte) ([]byte, error) {
	aead, err := newAEAD(key)
	if err != nil {
		return nil, err
	}
	if len(sealed) < overhead {
		return nil, ErrSealed
	}
	if sealed[0] != version1 {
		return nil, fmt.Errorf("secretbox: sealed data has unknown format version %d", sealed[0])
	}
	plain, err := aead.Open(nil, sealed[1:1+nonceSize], sealed[1+nonceSize:], sealed[:1])
	if err != nil {
		return nil, ErrSealed
	}
	return plain, nil
}

func newAEAD(key []byte) (cipher.AEAD, error) {
	if len(key) != KeySize {
		return nil, fmt.Errorf("secretbox: secret key is %d bytes, want %d (ABMSYNC_SECRET_KEY)", len(key), KeySize)
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, fmt.Errorf("secretbox: secret key: %w", err)
	}
	return cipher.NewGCM(block)
}

// ParseKey decodes ABMSYNC_SECRET_KEY: 32 random bytes written as 64 hex
// digits or as base64 (standard or URL alphabet, padded or not), e.g. the
// output of `openssl rand -base64 32` or `openssl rand -hex 32`.
// Surrounding whitespace is ignored. Errors never repeat the value.
func ParseKey(s string) ([]byte, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, errors.New("ABMSYNC_SECRET_KEY is not set: generate one with `openssl rand -base64 32`")
	}
	if len(s) == 2*KeySize {
		if k, err := hex.DecodeString(s); err == nil {
			return k, nil
		}
	}
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		if k, err := enc.DecodeString(s); err == nil {
			if len(k) != KeySize {
				return nil, fmt.Errorf("ABMSYNC_SECRET_KEY decodes to %d bytes, want %d: generate one with `openssl rand -base64 32`", len(k), KeySize)
			}
			return k, nil
		}
	}
	return nil, fmt.Errorf("ABMSYNC_SECRET_KEY (%d characters) is neither 64 hex digits nor base64 of %d bytes: generate one with `openssl rand -base64 32`", len(s), KeySize)
}
