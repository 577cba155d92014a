// Package clocktest is the one fake clock of the tests: a manual time that
// moves only when a test says so, and whose Sleep returns at once after
// moving the time on by the wait (recording it), so retry, rate-limit and
// politeness waits run instantly and can be asserted.
//
// A *Fake fits every way the code takes a clock: the linkedin.Clock
// interface (Now and Sleep), a Config.Clock or Now func() time.Time
// (pass f.Now), and the sleep func(ctx, d) error that the hubspot and web
// clients let their tests replace (pass f.Sleep).
//
// hubspot's transport tests keep a clock of their own (simClock) for a
// different job: virtual time shared by many goroutines that sleep in
// parallel, where time advances to the earliest wake-up once all of them
// wait, instead of adding up every wait.
//
// The package imports nothing of ours and is for tests only.
package clocktest

import (
	"context"
	"sync"
	"time"
)

// Fake is a manual clock. The zero value starts at the zero time; use New
// for a given start. It is safe for concurrent use.
type Fake struct {
	mu     sync.Mutex
	now    time.Time
	sleeps []time.Duration
	frozen bool // Sleep records but does not move the clock
}

// New returns a fake clock that reads start until it is moved.
func New(start time.Time) *Fake { return &Fake{now: start} }

// NewFrozen returns a fake clock whose Sleep records the wait but does not
// move the time: for a client whose waits must not push it past a fake
// server's fixed clock. Advance and Set still move it.
func NewFrozen(start time.Time) *Fake { return &Fake{now: start, frozen: true} }

// Now returns the clock's time.
func (f *Fake) Now() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.now
}

// Advance moves the clock on by d (back for a negative d).
func (f *Fake) Advance(d time.Duration) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.now = f.now.Add(d)
}

// Set moves the clock to t.
func (f *Fake) Set(t time.Time) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.now = t
}

// Sleep returns ctx.Err() at once when ctx is done, as a real sleep would,
// without moving the clock or recording the wait. Otherwise it records d,
// moves the clock on by d (unless the clock is frozen, see NewFrozen) and
// returns nil without waiting.
func (f *Fake) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.sleeps = append(f.sleeps, d)
	if !f.frozen {
		f.now = f.now.Add(d)
	}
	return nil
}

// Sleeps returns the waits Sleep recorded, in order.
func (f *Fake) Sleeps() []time.Duration {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]time.Duration(nil), f.sleeps...)
}

// Slept returns how many waits Sleep recorded and their sum.
func (f *Fake) Slept() (n int, total time.Duration) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, d := range f.sleeps {
		total += d
	}
	return len(f.sleeps), total
}
