package merge

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"hash"
	"net/url"
	"strings"
	"sync"
)

// FingerprintPrefix starts every keyed fingerprint, so a stored value says
// which scheme made it: a value without it is an unkeyed LegacyHash.
const FingerprintPrefix = "fp1-"

// FingerprintKeySize is the length of a fingerprint key in bytes.
const FingerprintKeySize = 32

// Fingerprinter makes the pseudonymous fingerprints stored instead of
// e-mail addresses, names, LinkedIn profile URLs and visitor cookie ids:
// HMAC-SHA-256 under a per-installation key, truncated to 128 bits, so a
// stored fingerprint cannot be reversed by hashing guesses without the key.
//
// The HMAC is taken over the value's LegacyHash rather than the value
// itself, so a store written by the unkeyed scheme can be converted
// without the plain values it never kept (Canon). It is safe for
// concurrent use.
type Fingerprinter struct {
	pool sync.Pool // of hash.Hash, HMAC under the key
	id   string
}

// NewFingerprinter returns the fingerprinter under key, which must be
// FingerprintKeySize bytes (random, or derived from a secret).
func NewFingerprinter(key []byte) (*Fingerprinter, error) {
	if len(key) != FingerprintKeySize {
		return nil, errors.New("merge: fingerprint key must be 32 bytes")
	}
	k := append([]byte(nil), key...)
	f := &Fingerprinter{}
	f.pool.New = func() any { return hmac.New(sha256.New, k) }
	// The id names the key without revealing it: a second process or a
	// later start compares ids to know it fingerprints the same way.
	id := hmac.New(sha256.New, k)
	id.Write([]byte("abmsync fingerprint key id"))
	f.id = hex.EncodeToString(id.Sum(nil)[:8])
	return f, nil
}

// KeyID identifies the key (16 hex digits); it reveals nothing of it.
func (f *Fingerprinter) KeyID() string { return f.id }

// Of returns the fingerprint of value of the given kind ("email", "name",
// "account-name", "linkedin", "utk"), "" for an empty value. The value is
// used as given: callers normalise it first (NormalizeEmail, NormalizeName,
// NormalizeLinkedInURL).
func (f *Fingerprinter) Of(kind, value string) string {
	return f.rekey(LegacyHash(kind, value))
}

// Canon returns stored as the keyed fingerprint: a keyed one unchanged, an
// unkeyed LegacyHash converted (so a value written before fingerprints
// were keyed, or by an older process, still matches), "" for "". Every
// stored fingerprint is read through Canon before it is compared.
func (f *Fingerprinter) Canon(stored string) string {
	if stored == "" || strings.HasPrefix(stored, FingerprintPrefix) {
		return stored
	}
	if !IsLegacyHash(stored) {
		return stored // not a fingerprint: matches nothing
	}
	return f.rekey(stored)
}

func (f *Fingerprinter) rekey(legacy string) string {
	if legacy == "" {
		return ""
	}
	m := f.pool.Get().(hash.Hash)
	m.Reset()
	m.Write([]byte(legacy))
	var sum [sha256.Size]byte
	out := m.Sum(sum[:0])
	f.pool.Put(m)
	return FingerprintPrefix + hex.EncodeToString(out[:16])
}

// LegacyHash is the unkeyed fingerprint abmsync stored before fingerprints
// were keyed: truncated SHA-256, which anyone can recompute for a guessed
// value. It is kept only as the input of Fingerprinter.Of and to recognise
// and convert stored values; never store it.
func LegacyHash(kind, value string) string {
	if value == "" {
		return ""
	}
	sum := sha256.Sum256([]byte("abm-fingerprint/v1\x00" + kind + "\x00" + value))
	return hex.EncodeToString(sum[:16])
}

// IsLegacyHash reports whether s has the form of a LegacyHash (32 lower-case
// hex digits).
func IsLegacyHash(s string) bool {
	if len(s) != 32 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

// NormalizeLinkedInURL reduces a LinkedIn profile URL to the form under
// which it is fingerprinted, so one profile matches however it is written:
// lower case, no scheme, no "www." or country subdomain ("de.linkedin.com"
// is linkedin.com), percent-escapes decoded, no query, fragment or
// trailing slash. "https://www.LinkedIn.com/in/Anna-Huber/?trk=x" gives
// "linkedin.com/in/anna-huber". It returns "" for an empty value; a value
// that is not a URL is only lower-cased and trimmed.
func NormalizeLinkedInURL(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "" {
		return ""
	}
	if i := strings.IndexAny(s, "?#"); i >= 0 {
		s = s[:i]
	}
	for _, scheme := range []string{"https://", "http://", "//"} {
		if rest, ok := strings.CutPrefix(s, scheme); ok {
			s = rest
			break
		}
	}
	host, path, _ := strings.Cut(s, "/")
	if host == "linkedin.com" || strings.HasSuffix(host, ".linkedin.com") {
		host = "linkedin.com"
	} else {
		host = strings.TrimPrefix(host, "www.")
	}
	if p, err := url.PathUnescape(path); err == nil {
		path = p
	}
	path = strings.TrimRight(path, "/")
	if path == "" {
		return host
	}
	return host + "/" + path
}
