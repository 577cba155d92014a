// Package fingerprint makes the pseudonymous fingerprints abmsync stores in
// place of e-mail addresses, names, LinkedIn profile URLs and visitor cookie
// ids: HMAC-SHA-256 under the installation's key, so a stored value cannot
// be reversed by hashing guesses without that key. The store keeps the key
// and builds the Fingerprinter from it; the key-contact rules (how a name or
// an address is normalised before it is fingerprinted) stay in
// keycontacts/merge. It does no I/O and imports nothing of abmsync's.
package fingerprint

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"hash"
	"strings"
	"sync"
)

// Prefix starts every keyed fingerprint, so a stored value says which
// scheme made it: a value without it is an unkeyed LegacyHash.
const Prefix = "fp1-"

// KeySize is the length of a fingerprint key in bytes.
const KeySize = 32

// Fingerprinter makes keyed fingerprints: HMAC-SHA-256 under a
// per-installation key, truncated to 128 bits.
//
// The HMAC is taken over the value's LegacyHash rather than the value
// itself, so a store written by the unkeyed scheme can be converted
// without the plain values it never kept (Canon). It is safe for
// concurrent use.
type Fingerprinter struct {
	pool sync.Pool // of hash.Hash, HMAC under the key
	id   string
}

// New returns the fingerprinter under key, which must be KeySize bytes
// (random, or derived from a secret).
func New(key []byte) (*Fingerprinter, error) {
	if len(key) != KeySize {
		return nil, errors.New("fingerprint: key must be 32 bytes")
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
// used as given: callers normalise it first (merge.NormalizeEmail,
// merge.NormalizeName, merge.NormalizeLinkedInURL).
func (f *Fingerprinter) Of(kind, value string) string {
	return f.rekey(LegacyHash(kind, value))
}

// Canon returns stored as the keyed fingerprint: a keyed one unchanged, an
// unkeyed LegacyHash converted (so a value written before fingerprints
// were keyed, or by an older process, still matches), "" for "". Every
// stored fingerprint is read through Canon before it is compared.
func (f *Fingerprinter) Canon(stored string) string {
	if stored == "" || strings.HasPrefix(stored, Prefix) {
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
	return Prefix + hex.EncodeToString(out[:16])
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
