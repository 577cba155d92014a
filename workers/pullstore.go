package workers

import (
	"context"
	"hash/maphash"
	"sync"
	"time"

	"github.com/abmsync/abmsync/crm"
	"github.com/abmsync/abmsync/jobs"
	"github.com/abmsync/abmsync/keycontacts/merge"
)

// storeShards is how many goroutines store one pull's pages. Storing a page
// (minimising contacts, reading the stored versions, writing records and
// membership sets) costs several Redis round trips and more time than
// fetching and decoding the next page; with one storer the listing waits
// for it. Records are sharded by id, not pages by number: one record always
// goes to the same storer, in page order, so two versions of a record on
// two pages in flight (an incremental listing walks by modification time and
// can meet a record twice) are stored in the order the CRM listed them.
const storeShards = 4

// pagesAhead is how many fetched pages may wait for the storers: with the
// shards' queues it bounds the pages in memory to about pagesAhead +
// 2*storeShards.
const pagesAhead = 4

// shardSeed spreads record ids over the shards; any seed will do, as long as
// one pull uses one.
var shardSeed = maphash.MakeSeed()

// shardJob is one shard's part of a page.
type shardJob struct {
	seq  int
	recs []crm.Record
	dnc  merge.DoNotContact
}

// pendingPage is a dispatched page waiting for its shards.
type pendingPage struct {
	left    int       // shards still storing
	next    string    // the continuation after this page
	newest  time.Time // newest modification on the page (incremental)
	calls   int       // API calls the page took
	records int       // records on the page
}

// pageCommit is what the pull saves once a page and every page before it
// are stored.
type pageCommit func(ctx context.Context, pg *pendingPage) error

// shardedStore stores pages on storeShards goroutines and commits their
// continuation tokens in page order: a token is saved only when its page and
// every earlier page are stored, so a retry never skips a record. Pages after
// the last committed one may already be stored when a task fails: a retry
// stores them again, which upserts cannot tell from the first time.
type shardedStore struct {
	h      *PullHandler
	p      jobs.PullPayload
	seen   bool // mark the stored ids seen (a full pull that may sweep)
	commit pageCommit

	ctx    context.Context
	cancel context.CancelFunc
	shards []chan shardJob
	wg     sync.WaitGroup

	mu        sync.Mutex
	pending   map[int]*pendingPage
	committed int // pages committed so far (the next to commit is this seq)
	err       error
}

func newShardedStore(ctx context.Context, h *PullHandler, p jobs.PullPayload, seen bool, commit pageCommit) *shardedStore {
	s := &shardedStore{h: h, p: p, seen: seen, commit: commit, pending: map[int]*pendingPage{}}
	s.ctx, s.cancel = context.WithCancel(ctx)
	for range storeShards {
		ch := make(chan shardJob, 2)
		s.shards = append(s.shards, ch)
		s.wg.Add(1)
		go s.store(ch)
	}
	return s
}

// store runs one shard: its part of each page, in page order.
func (s *shardedStore) store(jobs <-chan shardJob) {
	defer s.wg.Done()
	for j := range jobs {
		var err error
		if s.ctx.Err() != nil {
			err = s.ctx.Err()
		} else {
			err = s.h.storePage(s.ctx, s.p, s.seen, j.recs, j.dnc)
		}
		s.finish(j.seq, err)
	}
}

// dispatch hands page seq to the shards. It blocks while the shards are
// busy, which keeps the fetching goroutine at most pagesAhead pages ahead.
func (s *shardedStore) dispatch(seq int, recs []crm.Record, dnc merge.DoNotContact, pg *pendingPage) error {
	parts := make([][]crm.Record, storeShards)
	for _, r := range recs {
		k := maphash.String(shardSeed, r.ID) % storeShards
		parts[k] = append(parts[k], r)
	}
	s.mu.Lock()
	pg.left = storeShards
	s.pending[seq] = pg
	s.mu.Unlock()
	for k, ch := range s.shards {
		select {
		case ch <- shardJob{seq: seq, recs: parts[k], dnc: dnc}:
		case <-s.ctx.Done():
			// The shards this page did not reach never answer for it.
			s.mu.Lock()
			s.pending[seq].left -= storeShards - k
			s.mu.Unlock()
			return s.failure()
		}
	}
	return s.failure()
}

// finish records a shard's answer and commits every page that is now
// stored with all the pages before it.
func (s *shardedStore) finish(seq int, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err != nil {
		if s.err == nil {
			s.err = err
		}
		s.cancel()
	}
	s.pending[seq].left--
	for s.err == nil {
		pg := s.pending[s.committed]
		if pg == nil || pg.left > 0 {
			return
		}
		// Committing under the lock keeps tokens in page order; it is one
		// Redis write a page.
		if err := s.commit(s.ctx, pg); err != nil {
			s.err = err
			s.cancel()
			return
		}
		delete(s.pending, s.committed)
		s.committed++
	}
}

// failure is the first error a shard or a commit met.
func (s *shardedStore) failure() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.err
}

// wait ends the shards after the last page and returns the first error, or
// nil when every dispatched page is stored and committed.
func (s *shardedStore) wait() error {
	for _, ch := range s.shards {
		close(ch)
	}
	s.wg.Wait()
	s.cancel()
	return s.failure()
}
