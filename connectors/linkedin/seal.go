package linkedin

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

// Sealed token format: one version byte, a random 12-byte nonce, then the
// AES-256-GCM ciphertext with its 16-byte tag. The version byte is
// authenticated as additional data, so changing it fails Open like any
// other tampering.
const (
	sealVersion1 = 1
	// SecretKeySize is the key length Seal and Open take: 32 bytes,
	// AES-256.
	SecretKeySize = 32
	sealNonceSize = 12
	sealOverhead  = 1 + sealNonceSize + 16
)

// ErrSealed is returned by Open for data it cannot authenticate: another
// ABMSYNC_SECRET_KEY was used to seal it, or it was altered or truncated.
var ErrSealed = errors.New("linkedin: sealed data cannot be opened: wrong ABMSYNC_SECRET_KEY or corrupted data")

// Seal encrypts plaintext (a marshalled Token) for storage with key, which
// must be SecretKeySize bytes (see ParseSecretKey). Each call uses a fresh
// random nonce, so sealing the same plaintext twice gives different output.
func Seal(key, plaintext []byte) ([]byte, error) {
	aead, err := sealAEAD(key)
	if err != nil {
		return nil, err
	}
	out := make([]byte, 1+sealNonceSize, sealOverhead+len(plaintext))
	out[0] = sealVersion1
	if _, err := rand.Read(out[1:]); err != nil {
		return nil, fmt.Errorf("linkedin: seal: random nonce: %w", err)
	}
	return aead.Seal(out, out[1:], plaintext, out[:1]), nil
}

// Open decrypts what Seal produced with the same key. It returns ErrSealed
// when the data was not sealed with key or was altered, and an error naming
// the version for data of an unknown format version.
func Open(key, sealed []byte) ([]byte, error) {
	aead, err := sealAEAD(key)
	if err != nil {
		return nil, err
	}
	if len(sealed) < sealOverhead {
		return nil, ErrSealed
	}
	if sealed[0] != sealVersion1 {
		return nil, fmt.Errorf("linkedin: sealed data has unknown format version %d", sealed[0])
	}
	plain, err := aead.Open(nil, sealed[1:1+sealNonceSize], sealed[1+sealNonceSize:], sealed[:1])
	if err != nil {
		return nil, ErrSealed
	}
	return plain, nil
}

func sealAEAD(key []byte) (cipher.AEAD, error) {
	if len(key) != SecretKeySize {
		return nil, fmt.Errorf("linkedin: secret key is %d bytes, want %d (ABMSYNC_SECRET_KEY)", len(key), SecretKeySize)
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, fmt.Errorf("linkedin: secret key: %w", err)
	}
	return cipher.NewGCM(block)
}

// ParseSecretKey decodes ABMSYNC_SECRET_KEY: 32 random bytes written as 64
// hex digits or as base64 (standard or URL alphabet, padded or not), e.g.
// the output of `openssl rand -base64 32` or `openssl rand -hex 32`.
// Surrounding whitespace is ignored. Errors never repeat the value.
func ParseSecretKey(s string) ([]byte, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, errors.New("ABMSYNC_SECRET_KEY is not set: generate one with `openssl rand -base64 32`")
	}
	if len(s) == 2*SecretKeySize {
		if k, err := hex.DecodeString(s); err == nil {
			return k, nil
		}
	}
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		if k, err := enc.DecodeString(s); err == nil {
			if len(k) != SecretKeySize {
				return nil, fmt.Errorf("ABMSYNC_SECRET_KEY decodes to %d bytes, want %d: generate one with `openssl rand -base64 32`", len(k), SecretKeySize)
			}
			return k, nil
		}
	}
	return nil, fmt.Errorf("ABMSYNC_SECRET_KEY (%d characters) is neither 64 hex digits nor base64 of %d bytes: generate one with `openssl rand -base64 32`", len(s), SecretKeySize)
}
