package hubspot

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"sync"
	"time"

	"github.com/abmsync/abmsync/crm"
	"github.com/abmsync/abmsync/internal/httpx"
)

// authTransport sets the bearer token, only for the API host so that a
// redirect elsewhere never carries it.
type authTransport struct {
	c      *Client
	next   http.RoundTripper
	host   string
	static string
	tokens *tokenSource
}

func (t *authTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.URL.Host != t.host {
		return t.next.RoundTrip(req)
	}
	if t.tokens == nil {
		r := req.Clone(req.Context())
		r.Header.Set("Authorization", "Bearer "+t.static)
		return t.next.RoundTrip(r)
	}
	tok, err := t.tokens.token(req.Context())
	if err != nil {
		return nil, err
	}
	r := req.Clone(req.Context())
	r.Header.Set("Authorization", "Bearer "+tok)
	resp, err := t.next.RoundTrip(r)
	if err != nil || resp.StatusCode != http.StatusUnauthorized {
		return resp, err
	}
	// HubSpot says a 401 is no signal to refresh, and we refresh ahead of
	// expiry; but a token revoked or expired early (clock skew) would
	// otherwise fail every call until the next scheduled refresh. Refresh
	// once and resend if the body can be replayed.
	r2, ok := httpx.Rewind(req)
	if !ok {
		return resp, nil
	}
	t.tokens.invalidate(tok)
	tok2, err := t.tokens.token(req.Context())
	if err != nil {
		httpx.Drain(resp)
		return nil, err
	}
	if tok2 == tok {
		return resp, nil
	}
	httpx.Drain(resp)
	r2.Header.Set("Authorization", "Bearer "+tok2)
	return t.next.RoundTrip(r2)
}

// rateLimitTransport waits for room in the client-side budgets before each
// attempt, records the attempt when its answer arrives, and follows the
// budget the portal announces in its rate-limit headers.
type rateLimitTransport struct {
	c    *Client
	next http.RoundTripper
}

func (t *rateLimitTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	search := kindOf(req)&kindSearch != 0
	if err := t.c.limiter.wait(req.Context(), search, t.c.mono, t.c.sleep); err != nil {
		return nil, err
	}
	resp, err := t.next.RoundTrip(req)
	t.c.limiter.done(search, resp, t.c.mono)
	return resp, err
}

// retryPolicy resends after 429 (any request: HubSpot did not process it,
// unless it is for the daily limit) and, for reads and replay-safe writes
// only (kindRead), after 5xx, 408, timeouts and connection errors.
var retryPolicy = httpx.RetryPolicy{
	Idempotent:     func(req *http.Request) bool { return kindOf(req)&kindRead != 0 },
	RateLimitDelay: func(resp *http.Response, _ int) time.Duration { return rateLimitDelay(resp.Header, policyOf(resp)) },
	GiveUp:         func(resp *http.Response) bool { return policyOf(resp) == policyDaily },
	// How often, and how long in all, one call waits out 429s; past that
	// the *RateLimitError goes to the caller (a worker re-enqueues).
	MaxRateLimitRetries: 10,
	MaxRateLimitWait:    2 * time.Minute,
	// Resends of a read after 5xx, 408, timeouts and connection errors.
	MaxTransientRetries: 4,
	BackoffBase:         250 * time.Millisecond,
	BackoffMax:          8 * time.Second,
	Permanent:           crm.ErrPermanent,
	ErrNotReplayable:    errors.New("request body cannot be replayed for a retry"),
}

// HubSpot's rate-limit policies, as named in the policyName of a 429 body.
const (
	policyTenSecondly = "TEN_SECONDLY_ROLLING"
	policySecondly    = "SECONDLY"
	policyDaily       = "DAILY"
)

// HubSpot's rate-limit headers: the budget of the rolling interval, what is
// left of it, and the interval's length.
const (
	headerMax       = "X-HubSpot-RateLimit-Max"
	headerRemaining = "X-HubSpot-RateLimit-Remaining"
	headerInterval  = "X-HubSpot-RateLimit-Interval-Milliseconds"
)

// policyOf returns the policyName of a 429 answer's JSON body ("" for other
// answers and other bodies). It leaves the body readable for checkResponse.
func policyOf(resp *http.Response) string {
	if resp.StatusCode != http.StatusTooManyRequests || resp.Body == nil {
		return ""
	}
	data, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(data))
	var b struct {
		PolicyName string `json:"policyName"`
	}
	if json.Unmarshal(data, &b) != nil {
		return ""
	}
	return b.PolicyName
}

// budget allows max calls in any span of per; max 0 means no limit.
type budget struct {
	max int
	per time.Duration
}

// limiter holds the client-side budgets. general counts every call against
// the configured cap and the portal's announced ten-secondly budget; search
// counts search calls against the search budget (per second).
type limiter struct {
	general *window
	search  *window
	log     *slog.Logger
}

// newLimiter returns the budgets for a configured cap per 10 s (0: none,
// follow the portal) and a search budget per second. Until the portal
// announces its budget, the client assumes the cap, or without one
// DefaultRequestsPer10s.
func newLimiter(capPer10s, searchPerSecond int, log *slog.Logger) *limiter {
	own := budget{}
	assumed := budget{max: DefaultRequestsPer10s, per: 10 * time.Second}
	if capPer10s > 0 {
		own = budget{max: capPer10s, per: 10 * time.Second}
		assumed.max = capPer10s
	}
	return &limiter{
		general: newWindow(own, assumed),
		search:  newWindow(budget{}, budget{max: searchPerSecond, per: time.Second}),
		log:     log,
	}
}

// wait blocks until a call may be sent: with room in the search window (for
// search calls) and in the general window. A nil error reserves the call; the
// caller must report its end with done.
func (l *limiter) wait(ctx context.Context, search bool, now func() time.Time, sleep func(context.Context, time.Duration) error) error {
	if search {
		if err := l.search.acquire(ctx, now, sleep); err != nil {
			return err
		}
	}
	if err := l.general.acquire(ctx, now, sleep); err != nil {
		if search {
			l.search.cancel()
		}
		return err
	}
	return nil
}

// done records the end of a call reserved by wait, and learns from its
// answer (nil after a transport error): the budget the portal announces, how
// much of it other clients use, and a 429 that says a budget is spent.
func (l *limiter) done(search bool, resp *http.Response, now func() time.Time) {
	l.general.end(now)
	if search {
		l.search.end(now)
	}
	if resp == nil {
		return
	}
	// Search answers carry no rate-limit headers; should they ever, they
	// might describe the search budget, not the ten-secondly one.
	if !search {
		l.observe(resp.Header, now)
	}
	if resp.StatusCode != http.StatusTooManyRequests {
		return
	}
	// Hold back the other callers for as long as this one waits before
	// its resend.
	switch policy := policyOf(resp); policy {
	case policySecondly:
		// The per-second search budget is spent: another client shares
		// it, or our clock runs fast.
		if search {
			l.search.fill(now, rateLimitDelay(resp.Header, policy))
		}
	case policyTenSecondly:
		l.general.fill(now, rateLimitDelay(resp.Header, policy))
	}
}

// observe adopts the budget announced by X-HubSpot-RateLimit-Max and
// -Interval-Milliseconds and accounts for other clients' calls that
// X-HubSpot-RateLimit-Remaining reveals.
func (l *limiter) observe(h http.Header, now func() time.Time) {
	m, okMax := positive(h.Get(headerMax))
	ms, okInterval := positive(h.Get(headerInterval))
	if okMax || okInterval {
		if old, b := l.general.adopt(m, time.Duration(ms)*time.Millisecond); old != b {
			l.log.Info("following the portal's rate limit", "max", b.max, "interval", b.per,
				"previous_max", old.max, "previous_interval", old.per, "cap_per_10s", l.general.own.max)
		}
	}
	if rem, err := strconv.Atoi(h.Get(headerRemaining)); err == nil && rem >= 0 {
		l.general.remaining(rem, now)
	}
}

// positive parses a positive decimal integer header value.
func positive(v string) (int, bool) {
	n, err := strconv.Atoi(v)
	return n, err == nil && n > 0
}

// window is a sliding-window log of calls under up to two budgets: own
// counts only this client's calls (the configured cap), portal counts them
// and the calls of other clients the portal reported (the portal's budget,
// which may change at any time). A call needs room in both. Unlike a token
// bucket it never lets more than max calls into any span of per, which is
// how HubSpot counts (TEN_SECONDLY_ROLLING), also when max shrinks: the
// calls already made stay counted, so a smaller max holds new calls back
// until enough of them have left the span.
//
// A call occupies its slot from when it is reserved until per after its
// answer arrived. HubSpot counts it from a moment in between until per
// later, so the window never lets a slot go before HubSpot does, whatever
// the latency. It is safe for concurrent use.
type window struct {
	mu      sync.Mutex
	own     budget
	portal  budget
	ended   []time.Time   // this client's answered calls, ascending
	foreign []mark        // other clients' calls, ascending
	pending int           // calls reserved and not answered yet
	keep    time.Duration // how long ended and foreign times are kept
}

// mark is n calls of other clients counted from t.
type mark struct {
	t time.Time
	n int
}

func newWindow(own, portal budget) *window {
	return &window{own: own, portal: portal, keep: max(own.per, portal.per)}
}

// after returns the part of ascending ts later than from.
func after(ts []time.Time, from time.Time) []time.Time {
	return ts[sort.Search(len(ts), func(i int) bool { return ts[i].After(from) }):]
}

// marksAfter returns the part of ascending ms later than from and the
// number of calls it holds.
func marksAfter(ms []mark, from time.Time) ([]mark, int) {
	ms = ms[sort.Search(len(ms), func(i int) bool { return ms[i].t.After(from) }):]
	n := 0
	for _, m := range ms {
		n += m.n
	}
	return ms, n
}

// delay returns 0 when b has room for one more call at now, else how long
// until it may have. withForeign counts other clients' calls too.
func (w *window) delay(b budget, now time.Time, withForeign bool) time.Duration {
	if b.max <= 0 {
		return 0
	}
	from := now.Add(-b.per)
	ours := after(w.ended, from)
	var theirs []mark
	nTheirs := 0
	if withForeign {
		theirs, nTheirs = marksAfter(w.foreign, from)
	}
	limit := b.max
	if nTheirs > 0 {
		// Others share the budget, and their calls since our last
		// answer are unknown: leave them 2 % of it, so that processes
		// racing for the last slots rarely meet a 429.
		limit = max(b.max-max(b.max/50, 1), 1)
	}
	n := w.pending + len(ours) + nTheirs
	if n < limit {
		return 0
	}
	k := n - limit + 1 // answered calls that must leave the span first
	if k > len(ours)+nTheirs {
		// Calls in flight hold the rest, each until per after its
		// answer, which has not come yet.
		return b.per
	}
	var t time.Time // when the k-th oldest answered call was counted
	for i, j, seen := 0, 0, 0; seen < k; {
		if j == len(theirs) || (i < len(ours) && !ours[i].After(theirs[j].t)) {
			t = ours[i]
			i++
			seen++
		} else {
			t = theirs[j].t
			seen += theirs[j].n
			j++
		}
	}
	return t.Add(b.per).Sub(now)
}

// reserve records a call in flight and returns 0, or returns how long to
// wait before asking again. It also returns the time it was asked at.
//
// The window's methods read the clock under its lock, so that the times it
// sees never go back: a time read before waiting for the lock could be
// older than calls already recorded and pruned.
func (w *window) reserve(clock func() time.Time) (time.Time, time.Duration) {
	w.mu.Lock()
	defer w.mu.Unlock()
	now := clock()
	if d := max(w.delay(w.own, now, false), w.delay(w.portal, now, true)); d > 0 {
		return now, d
	}
	w.pending++
	return now, 0
}

func (w *window) acquire(ctx context.Context, now func() time.Time, sleep func(context.Context, time.Duration) error) error {
	for {
		_, d := w.reserve(now)
		if d == 0 {
			return nil
		}
		if err := sleep(ctx, d); err != nil {
			return err
		}
	}
}

// cancel gives back a reservation whose call was never sent.
func (w *window) cancel() {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.pending = max(w.pending-1, 0)
}

// end records that a reserved call was answered (or failed) now.
func (w *window) end(clock func() time.Time) {
	w.mu.Lock()
	defer w.mu.Unlock()
	now := clock()
	w.pending = max(w.pending-1, 0)
	i := len(w.ended)
	for i > 0 && w.ended[i-1].After(now) {
		i--
	}
	w.ended = slices.Insert(w.ended, i, now)
	w.prune(now)
}

// portalBudget returns the portal's budget the window follows.
func (w *window) portalBudget() budget {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.portal
}

// adopt makes maxCalls per per the portal's budget, keeping the current
// value of either when it is 0, and returns the previous budget and the new
// one. Calls already counted stay counted.
func (w *window) adopt(maxCalls int, per time.Duration) (old, b budget) {
	w.mu.Lock()
	defer w.mu.Unlock()
	old = w.portal
	if maxCalls > 0 {
		w.portal.max = maxCalls
	}
	if per > 0 {
		w.portal.per = per
	}
	w.keep = max(w.keep, w.portal.per)
	return old, w.portal
}

// remaining takes the portal's word that rem calls of its budget are left
// now: calls it counts beyond this client's own (those in flight
// included, so the guess errs low) are other clients'.
func (w *window) remaining(rem int, clock func() time.Time) {
	w.mu.Lock()
	defer w.mu.Unlock()
	now := clock()
	w.reconcile(w.portal.max-rem, now, now)
}

// fill records the portal's budget as spent from now until d later, at
// most one span (a 429 that asks to wait d: a longer wait is the business
// of the call that got it).
func (w *window) fill(clock func() time.Time, d time.Duration) {
	w.mu.Lock()
	defer w.mu.Unlock()
	now := clock()
	w.reconcile(w.portal.max, now, now.Add(min(d, w.portal.per)-w.portal.per))
}

// reconcile records other clients' calls, counted from at, until the
// portal's span at now holds used calls. w.mu must be held.
func (w *window) reconcile(used int, now, at time.Time) {
	if w.portal.max <= 0 {
		return
	}
	from := now.Add(-w.portal.per)
	_, theirs := marksAfter(w.foreign, from)
	n := w.pending + len(after(w.ended, from)) + theirs
	if used = min(used, w.portal.max); n < used && at.After(from) {
		i := len(w.foreign)
		for i > 0 && w.foreign[i-1].t.After(at) {
			i--
		}
		w.foreign = slices.Insert(w.foreign, i, mark{t: at, n: used - n})
	}
	w.prune(now)
}

// prune drops times that no budget counts any more. w.mu must be held.
func (w *window) prune(now time.Time) {
	from := now.Add(-w.keep)
	w.ended = after(w.ended, from)
	w.foreign, _ = marksAfter(w.foreign, from)
}
