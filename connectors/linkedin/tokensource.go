package linkedin

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"golang.org/x/oauth2"

	"github.com/abmsync/abmsync/crm"
	"github.com/abmsync/abmsync/internal/secretbox"
)

// Token refresh policy.
const (
	// RefreshMargin is how long before its expiry an access token is
	// refreshed.
	RefreshMargin = 5 * time.Minute
	// tokenCacheTTL is how long a loaded token is used before it is read
	// again (another process may have refreshed it, or a person
	// reconnected).
	tokenCacheTTL = time.Minute
	// refreshLeaseTTL bounds one refresh across processes.
	refreshLeaseTTL = time.Minute
	// refreshWait is how long a process waits for another one's refresh
	// before refreshing itself.
	refreshWait = 10 * time.Second
)

// Leaser holds a named lease across processes (*store.Store): the lease
// is taken when free or already owner's, and given back by its owner.
type Leaser interface {
	AcquireLease(ctx context.Context, key, owner string, ttl time.Duration) (ok bool, holder string, err error)
	ReleaseLease(ctx context.Context, key, owner string) error
}

// permanentError marks an error no retry fixes (crm.ErrPermanent) without
// changing its message.
type permanentError struct{ err error }

func (e permanentError) Error() string   { return e.err.Error() }
func (e permanentError) Unwrap() []error { return []error{e.err, crm.ErrPermanent} }

// TokenSource supplies access tokens from the sealed token in Tokens (a
// person stores it through the connect flow), refreshing with the refresh
// token when the access token has expired or expires within RefreshMargin,
// and saving the result back with Token.Refreshed (the refresh token's
// expiry never moves later). One refresh runs at a time: in this process
// under a mutex, across processes under the lease LeaseKey of Leases. No
// token stored is ErrNotConnected; an expired token that cannot be
// refreshed matches ErrUnauthorized. Safe for concurrent use.
type TokenSource struct {
	// Tokens loads and saves the sealed token; nil without
	// ABMSYNC_SECRET_KEY (every Token call then fails permanently).
	Tokens *TokenStore
	// Leases holds the refresh lease LeaseKey across processes; nil
	// refreshes under the in-process mutex only.
	Leases   Leaser
	LeaseKey string
	// OAuth is Config.OAuth2(): token URL and client credentials.
	OAuth *oauth2.Config
	// HTTPClient makes the refresh calls (nil: a 30 s timeout client).
	HTTPClient *http.Client
	// Now is the clock (nil: time.Now).
	Now func() time.Time
	// OnSave, when set, is called with each refreshed token after saving.
	OnSave func(Token)
	Logger *slog.Logger

	mu       sync.Mutex
	cached   Token
	have     bool
	loadedAt time.Time
}

var _ oauth2.TokenSource = (*TokenSource)(nil)

func (ts *TokenSource) now() time.Time {
	if ts.Now != nil {
		return ts.Now()
	}
	return time.Now()
}

func (ts *TokenSource) logger() *slog.Logger {
	if ts.Logger == nil {
		return slog.New(slog.DiscardHandler)
	}
	return ts.Logger
}

// Forget drops the cached token, so the next Token reads it again (after a
// person reconnected).
func (ts *TokenSource) Forget() {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	ts.have = false
}

func needsRefresh(t Token, now time.Time) bool {
	return t.Expiry.IsZero() || !now.Add(RefreshMargin).Before(t.Expiry)
}

func canRefresh(t Token, now time.Time) bool {
	return t.RefreshToken != "" && (t.RefreshExpiry.IsZero() || now.Before(t.RefreshExpiry))
}

// Token returns a valid access token (oauth2.TokenSource). It blocks while
// a refresh runs.
func (ts *TokenSource) Token() (*oauth2.Token, error) {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	now := ts.now()
	if !ts.have || now.Sub(ts.loadedAt) >= tokenCacheTTL || needsRefresh(ts.cached, now) {
		if err := ts.load(ctx, now); err != nil {
			return nil, err
		}
	}
	if !needsRefresh(ts.cached, now) {
		return ts.cached.OAuth2(), nil
	}
	if !canRefresh(ts.cached, now) {
		if now.Before(ts.cached.Expiry) {
			return ts.cached.OAuth2(), nil // still valid a little longer
		}
		return nil, fmt.Errorf("LinkedIn access token expired on %s and cannot be refreshed: reconnect LinkedIn (open %s): %w",
			ts.cached.Expiry.UTC().Format(time.DateOnly), connectPath, ErrUnauthorized)
	}
	tok, err := ts.refresh(ctx, now)
	if err != nil {
		if now.Before(ts.cached.Expiry) {
			ts.logger().Warn("LinkedIn token refresh failed; using the current token until it expires",
				"access_expires", ts.cached.Expiry.UTC().Format(time.RFC3339), "err", err)
			return ts.cached.OAuth2(), nil
		}
		return nil, err
	}
	return tok.OAuth2(), nil
}

func (ts *TokenSource) load(ctx context.Context, now time.Time) error {
	if ts.Tokens == nil {
		return permanentError{errors.New("LinkedIn token store unavailable: set ABMSYNC_SECRET_KEY")}
	}
	tok, err := ts.Tokens.Load(ctx)
	switch {
	case errors.Is(err, ErrNotConnected):
		ts.have = false
		return ErrNotConnected
	case errors.Is(err, secretbox.ErrSealed):
		return permanentError{fmt.Errorf("LinkedIn token: %w: reconnect LinkedIn (open %s) or restore the key", err, connectPath)}
	case err != nil:
		return err
	}
	ts.cached, ts.have, ts.loadedAt = tok, true, now
	return nil
}

// refresh exchanges the refresh token, under the cross-process lease, and
// saves the result. Called with ts.mu held.
func (ts *TokenSource) refresh(ctx context.Context, now time.Time) (Token, error) {
	release, err := ts.awaitLease(ctx, now)
	if err != nil {
		return Token{}, err
	}
	if release == nil {
		return ts.cached, nil // another process refreshed it
	}
	defer release()
	hc := ts.HTTPClient
	if hc == nil {
		hc = &http.Client{Timeout: 30 * time.Second}
	}
	// An empty access token makes x/oauth2 refresh at once, whatever its
	// own clock says.
	src := ts.OAuth.TokenSource(context.WithValue(ctx, oauth2.HTTPClient, hc), &oauth2.Token{RefreshToken: ts.cached.RefreshToken})
	fresh, err := src.Token()
	if err != nil {
		return Token{}, err // the auth transport maps a refusal to ErrUnauthorized
	}
	nt := ts.cached.Refreshed(fresh, now)
	if err := ts.Tokens.Save(ctx, nt); err != nil {
		// The new token works; the stored one can still be refreshed.
		ts.logger().Error("save refreshed LinkedIn token", "err", err)
	}
	ts.cached, ts.have, ts.loadedAt = nt, true, now
	ts.logger().Info("LinkedIn access token refreshed", "access_expires", nt.Expiry.UTC().Format(time.RFC3339),
		"refresh_expires", nt.RefreshExpiry.UTC().Format(time.RFC3339))
	if ts.OnSave != nil {
		ts.OnSave(nt)
	}
	return nt, nil
}

// awaitLease takes the refresh lease and returns the function that gives
// it back. When another process holds it, awaitLease waits up to
// refreshWait for that process's token: a nil release with a nil error
// means ts.cached now holds it. A holder that died or is slow is not
// waited for longer: refreshing twice is harmless (LinkedIn issues another
// access token).
func (ts *TokenSource) awaitLease(ctx context.Context, now time.Time) (release func(), err error) {
	noop := func() {}
	if ts.Leases == nil {
		return noop, nil
	}
	var b [8]byte
	_, _ = rand.Read(b[:])
	owner := hex.EncodeToString(b[:])
	got, _, err := ts.Leases.AcquireLease(ctx, ts.LeaseKey, owner, refreshLeaseTTL)
	if err != nil {
		return nil, err
	}
	if got {
		return func() { _ = ts.Leases.ReleaseLease(context.WithoutCancel(ctx), ts.LeaseKey, owner) }, nil
	}
	deadline := time.Now().Add(refreshWait)
	for time.Now().Before(deadline) {
		t := time.NewTimer(200 * time.Millisecond)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil, ctx.Err()
		case <-t.C:
		}
		if err := ts.load(ctx, now); err != nil {
			return nil, err
		}
		if !needsRefresh(ts.cached, now) {
			return nil, nil
		}
	}
	return noop, nil
}
