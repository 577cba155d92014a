package clocktest

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"
	"time"
)

var start = time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC)

func TestFake(t *testing.T) {
	t.Parallel()
	f := New(start)
	if !f.Now().Equal(start) {
		t.Fatalf("Now = %v, want %v", f.Now(), start)
	}
	f.Advance(90 * time.Second)
	if want := start.Add(90 * time.Second); !f.Now().Equal(want) {
		t.Errorf("after Advance: %v, want %v", f.Now(), want)
	}
	later := start.Add(24 * time.Hour)
	f.Set(later)
	if !f.Now().Equal(later) {
		t.Errorf("after Set: %v, want %v", f.Now(), later)
	}
	if err := f.Sleep(context.Background(), 2*time.Second); err != nil {
		t.Fatal(err)
	}
	if err := f.Sleep(context.Background(), 500*time.Millisecond); err != nil {
		t.Fatal(err)
	}
	if want := later.Add(2500 * time.Millisecond); !f.Now().Equal(want) {
		t.Errorf("after Sleep: %v, want %v", f.Now(), want)
	}
	if got := f.Sleeps(); !slices.Equal(got, []time.Duration{2 * time.Second, 500 * time.Millisecond}) {
		t.Errorf("Sleeps = %v", got)
	}
	if n, total := f.Slept(); n != 2 || total != 2500*time.Millisecond {
		t.Errorf("Slept = %d, %v", n, total)
	}
}

func TestSleepOnDoneContext(t *testing.T) {
	t.Parallel()
	f := New(start)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := f.Sleep(ctx, time.Minute); !errors.Is(err, context.Canceled) {
		t.Errorf("Sleep = %v, want context.Canceled", err)
	}
	if !f.Now().Equal(start) || len(f.Sleeps()) != 0 {
		t.Errorf("a canceled sleep moved the clock to %v or was recorded (%v)", f.Now(), f.Sleeps())
	}
}

// TestConcurrentUse: run with -race.
func TestConcurrentUse(t *testing.T) {
	t.Parallel()
	f := New(start)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 100 {
				_ = f.Sleep(context.Background(), time.Millisecond)
				f.Advance(time.Millisecond)
				_ = f.Now()
			}
		})
	}
	wg.Wait()
	if want := start.Add(1600 * time.Millisecond); !f.Now().Equal(want) {
		t.Errorf("Now = %v, want %v", f.Now(), want)
	}
	if n, _ := f.Slept(); n != 800 {
		t.Errorf("%d sleeps recorded, want 800", n)
	}
}

func TestFrozen(t *testing.T) {
	t.Parallel()
	f := NewFrozen(start)
	if err := f.Sleep(context.Background(), 12*time.Second); err != nil {
		t.Fatal(err)
	}
	if !f.Now().Equal(start) {
		t.Errorf("Now after Sleep = %v, want the frozen %v", f.Now(), start)
	}
	if n, total := f.Slept(); n != 1 || total != 12*time.Second {
		t.Errorf("Slept = %d, %v; want 1, 12s", n, total)
	}
	f.Advance(time.Minute)
	if want := start.Add(time.Minute); !f.Now().Equal(want) {
		t.Errorf("Now after Advance = %v, want %v", f.Now(), want)
	}
}
