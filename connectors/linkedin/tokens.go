package linkedin

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/abmsync/abmsync/internal/secretbox"
)

// TokenKeeper keeps the sealed token (*store.Store). It only ever sees
// sealed bytes: TokenStore seals before it saves and opens what it loads.
type TokenKeeper interface {
	// LinkedInToken returns the sealed token as saved; ok is false when
	// none is.
	LinkedInToken(ctx context.Context) (sealed []byte, ok bool, err error)
	SaveLinkedInToken(ctx context.Context, sealed []byte) error
	DeleteLinkedInToken(ctx context.Context) error
}

// ErrNoSecretKey is returned when a token is to be stored without
// ABMSYNC_SECRET_KEY: tokens are never stored in the clear.
var ErrNoSecretKey = errors.New("linkedin: no ABMSYNC_SECRET_KEY: refusing to store a token unencrypted")

// ErrNotConnected is returned while no token is stored: by TokenStore.Load
// and TokenSource.Token. It matches ErrUnauthorized and crm.ErrPermanent: no
// retry helps until a person connects.
var ErrNotConnected error = notConnectedError{}

type notConnectedError struct{}

func (notConnectedError) Error() string {
	return "LinkedIn not connected: open " + connectPath
}

func (notConnectedError) Unwrap() error { return ErrUnauthorized }

// connectPath is where a person connects LinkedIn: the admin server's
// admin.LinkedInConnectPath, named in errors and warnings.
const connectPath = "/connect/linkedin"

// TokenStore keeps the LinkedIn token through a TokenKeeper, sealed with
// AES-256-GCM (internal/secretbox) under ABMSYNC_SECRET_KEY. The stored
// plaintext is the token's JSON. It is safe for concurrent use when the
// keeper is.
type TokenStore struct {
	keep TokenKeeper
	key  []byte
}

// NewTokenStore returns the token store keeping through keep and sealing
// with secretKey (the ABMSYNC_SECRET_KEY value, see secretbox.ParseKey). An
// empty key is ErrNoSecretKey; a malformed one is an error that never
// repeats the value.
func NewTokenStore(keep TokenKeeper, secretKey string) (*TokenStore, error) {
	if strings.TrimSpace(secretKey) == "" {
		return nil, ErrNoSecretKey
	}
	key, err := secretbox.ParseKey(secretKey)
	if err != nil {
		return nil, err
	}
	return &TokenStore{keep: keep, key: key}, nil
}

// Save stores tok sealed, replacing the one stored.
func (t *TokenStore) Save(ctx context.Context, tok Token) error {
	if t == nil || len(t.key) == 0 {
		return ErrNoSecretKey
	}
	plain, err := json.Marshal(tok)
	if err != nil {
		return fmt.Errorf("linkedin: encode token: %w", err)
	}
	sealed, err := secretbox.Seal(t.key, plain)
	clear(plain)
	if err != nil {
		return fmt.Errorf("linkedin: seal token: %w", err)
	}
	return t.keep.SaveLinkedInToken(ctx, sealed)
}

// Load returns the stored token, ErrNotConnected when none is stored, and
// an error matching secretbox.ErrSealed when it was sealed under another
// key or altered.
func (t *TokenStore) Load(ctx context.Context) (Token, error) {
	if t == nil || len(t.key) == 0 {
		return Token{}, ErrNoSecretKey
	}
	sealed, ok, err := t.keep.LinkedInToken(ctx)
	if err != nil {
		return Token{}, err
	}
	if !ok {
		return Token{}, ErrNotConnected
	}
	plain, err := secretbox.Open(t.key, sealed)
	if err != nil {
		return Token{}, fmt.Errorf("linkedin: open token: %w", err)
	}
	defer clear(plain)
	var tok Token
	if err := json.Unmarshal(plain, &tok); err != nil {
		// The JSON error could quote the plaintext: leave it out.
		return Token{}, errors.New("linkedin: decode token: stored data is not a token")
	}
	return tok, nil
}

// Delete forgets the stored token.
func (t *TokenStore) Delete(ctx context.Context) error {
	return t.keep.DeleteLinkedInToken(ctx)
}
