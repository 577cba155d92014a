package linkedin

import (
	"bytes"
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/abmsync/abmsync/crm"
	"github.com/abmsync/abmsync/internal/secretbox"
)

const (
	testSecretA = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=" // base64 of 32 bytes
	testSecretB = "0000000000000000000000000000000000000000000000000000000000000001"
)

// memKeeper is a TokenKeeper in memory (the store keeps it in Redis).
type memKeeper struct {
	mu     sync.Mutex
	sealed []byte
}

func (k *memKeeper) LinkedInToken(context.Context) ([]byte, bool, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	return bytes.Clone(k.sealed), k.sealed != nil, nil
}

func (k *memKeeper) SaveLinkedInToken(_ context.Context, sealed []byte) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.sealed = bytes.Clone(sealed)
	return nil
}

func (k *memKeeper) DeleteLinkedInToken(context.Context) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.sealed = nil
	return nil
}

func (k *memKeeper) raw() []byte {
	k.mu.Lock()
	defer k.mu.Unlock()
	return bytes.Clone(k.sealed)
}

func TestTokenStoreSealsToken(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	keep := &memKeeper{}
	ts, err := NewTokenStore(keep, testSecretA)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
	tok := Token{AccessToken: "AQX-secret-access", RefreshToken: "AQR-secret-refresh",
		Expiry: now.Add(60 * 24 * time.Hour), RefreshExpiry: now.Add(365 * 24 * time.Hour)}
	if _, err := ts.Load(ctx); !errors.Is(err, ErrNotConnected) {
		t.Fatalf("Load before Save = %v, want ErrNotConnected", err)
	}
	if err := ts.Save(ctx, tok); err != nil {
		t.Fatal(err)
	}
	raw := keep.raw()
	for _, secret := range []string{tok.AccessToken, tok.RefreshToken, "access_token"} {
		if bytes.Contains(raw, []byte(secret)) {
			t.Errorf("kept value contains %q in the clear", secret)
		}
	}
	if json.Valid(raw) {
		t.Error("kept value is JSON: not sealed")
	}
	got, err := ts.Load(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, tok) {
		t.Errorf("Load = %v, want %v", got, tok)
	}

	// Another key cannot open it.
	other, err := NewTokenStore(keep, testSecretB)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := other.Load(ctx); !errors.Is(err, secretbox.ErrSealed) {
		t.Errorf("Load with another key = %v, want ErrSealed", err)
	}
	if err := ts.Delete(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := ts.Load(ctx); !errors.Is(err, ErrNotConnected) {
		t.Errorf("Load after Delete = %v, want ErrNotConnected", err)
	}
	if !errors.Is(ErrNotConnected, ErrUnauthorized) || !errors.Is(ErrNotConnected, crm.ErrPermanent) {
		t.Error("ErrNotConnected does not match ErrUnauthorized and crm.ErrPermanent")
	}
}

func TestTokenStoreRefusesWithoutKey(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	keep := &memKeeper{}
	for _, key := range []string{"", "   "} {
		if _, err := NewTokenStore(keep, key); !errors.Is(err, ErrNoSecretKey) {
			t.Errorf("NewTokenStore(%q) = %v, want ErrNoSecretKey", key, err)
		}
	}
	_, err := NewTokenStore(keep, "not-a-key")
	if err == nil || strings.Contains(err.Error(), "not-a-key") {
		t.Errorf("NewTokenStore(malformed) = %v, want an error not repeating the value", err)
	}
	var none *TokenStore
	if err := none.Save(ctx, Token{AccessToken: "x"}); !errors.Is(err, ErrNoSecretKey) {
		t.Errorf("Save without key = %v, want ErrNoSecretKey", err)
	}
	if keep.raw() != nil {
		t.Error("a token was stored without a key")
	}
}

// TestTokenStoreReadsEarlierTokens loads a token an earlier abmsync stored
// (sealed by store.TokenStore before sealing moved out of the store): the
// sealed form and the token's JSON inside it are unchanged.
func TestTokenStoreReadsEarlierTokens(t *testing.T) {
	t.Parallel()
	sealed, _ := hex.DecodeString("0199e96d5b2d647cf71ce36ebf45fdd3749d73bcdc10235c91dcb2c37089edff22699b38a6647819818917527b08e24608f47a8a07113075ddf7013bbb20696463ad0cda5a3370e9e242c9b8b0258b14c9c74a196c655af09b4f5d1587f227a54f7d1cc281da364c6df427242e8de7e02f9acc1f90a9ac8cc2dc53c040851a4fed8181cb4294412e0fcbafacf4b2cb11ecc248f3a00e1db6ca02f34bbe2c9f3d")
	ts, err := NewTokenStore(&memKeeper{sealed: sealed}, "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")
	if err != nil {
		t.Fatal(err)
	}
	got, err := ts.Load(t.Context())
	at := time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)
	want := Token{AccessToken: "AQX-access", RefreshToken: "AQR-refresh", Expiry: at, RefreshExpiry: at.AddDate(1, 0, 0)}
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("Load = %v, %v; want %v", got, err, want)
	}
}
