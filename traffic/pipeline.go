package traffic

import (
	"context"
	"net/netip"
	"sync"
)

// DefaultLookups is the default of PipelineConfig.Lookups: enough to hide
// a resolver's round trip behind parsing (32 look-ups at 2 ms each are
// 16,000 addresses a second) without flooding it.
const DefaultLookups = 32

// PipelineConfig tunes a Pipeline; zero values take the defaults.
type PipelineConfig struct {
	// Lookups bounds the reverse-DNS look-ups in flight. Default
	// DefaultLookups; 1 resolves one address at a time.
	Lookups int
	// Window bounds the hits held, added but not yet handed on, while an
	// earlier hit waits for its look-up. Default 1024, at least 4 × Lookups.
	Window int
}

// Pipeline matches a stream of hits by address as Matcher.Match does
// (configured ranges, then forward-confirmed reverse DNS; no cookie), with
// up to PipelineConfig.Lookups reverse-DNS look-ups in flight, and hands
// every hit with its result to its emit function in the order the hits were
// added. Order matters to an Aggregator (visits are cut by the gap between
// a visitor's hits, and the first MaxPaths paths of a day are the ones
// kept), so the results are exactly those of calling Match hit by hit.
//
// Memory is bounded: at most PipelineConfig.Window hits wait, and hits of
// an address whose look-up is running share it, so an address is asked
// once (later hits find the Matcher's cache). The Matcher's cache, its
// LookupTimeout and its treatment of DNS errors as no match apply
// unchanged.
//
// A Pipeline is used from one goroutine: Add, Flush and Close are not safe
// for concurrent use, and emit runs on the goroutine calling Add or Flush.
// Its only other goroutines are the look-ups, which end before Close
// returns.
type Pipeline struct {
	m      *Matcher
	ctx    context.Context // bounds every look-up; Close cancels it
	cancel context.CancelFunc
	emit   func(h Hit, accountID, how string) error
	sem    chan struct{} // one token per look-up in flight
	wg     sync.WaitGroup

	ring    []pipeEntry // hits in order, from head, n of them
	head, n int
	// pending holds the look-ups started for hits still in ring, so later
	// hits of the same address wait for the same one.
	pending map[netip.Addr]*pendingLookup
}

type pipeEntry struct {
	hit     Hit
	ip      netip.Addr // cacheKey of the address, for a hit waiting for DNS
	id, how string
	wait    *pendingLookup // nil when the result was known when added
}

// pendingLookup is one address' look-up; account is set before done is
// closed.
type pendingLookup struct {
	done    chan struct{}
	account string
}

// NewPipeline returns a Pipeline over m that passes each added hit to emit
// with the account it matched and how (MatchCIDR, MatchRDNS), or "", "".
// ctx bounds every look-up; once it is done, Add and Flush return its
// error and emit nothing more. The caller must call Close.
func (m *Matcher) NewPipeline(ctx context.Context, cfg PipelineConfig, emit func(h Hit, accountID, how string) error) *Pipeline {
	if cfg.Lookups <= 0 {
		cfg.Lookups = DefaultLookups
	}
	if cfg.Window <= 0 {
		cfg.Window = max(1024, 4*cfg.Lookups)
	}
	ctx, cancel := context.WithCancel(ctx)
	return &Pipeline{
		m: m, ctx: ctx, cancel: cancel, emit: emit,
		sem:     make(chan struct{}, cfg.Lookups),
		ring:    make([]pipeEntry, cfg.Window),
		pending: make(map[netip.Addr]*pendingLookup),
	}
}

// Add matches h, starting its reverse-DNS look-up if it needs one, and
// emits every hit whose turn has come. It blocks while the window is full
// or Lookups look-ups are in flight. The error is the context's or the
// first error of emit; the Pipeline is then unusable.
func (p *Pipeline) Add(h Hit) error {
	if err := p.ctx.Err(); err != nil {
		return err
	}
	e := pipeEntry{hit: h}
	if h.IP.IsValid() {
		ip := h.IP.WithZone("").Unmap()
		if id := p.m.byRange(ip); id != "" {
			e.id, e.how = id, MatchCIDR
		} else if p.m.reverseDNS() {
			if w, ok := p.pending[cacheKey(ip)]; ok {
				e.ip, e.wait = cacheKey(ip), w
			} else if id, ok := p.cachedAnswer(ip); ok {
				if id != "" {
					e.id, e.how = id, MatchRDNS
				}
			} else {
				w, err := p.start(ip)
				if err != nil {
					return err
				}
				e.ip, e.wait = cacheKey(ip), w
			}
		}
	}
	if p.n == len(p.ring) {
		if _, err := p.next(true); err != nil {
			return err
		}
	}
	p.ring[(p.head+p.n)%len(p.ring)] = e
	p.n++
	for p.n > 0 {
		ok, err := p.next(false)
		if err != nil || !ok {
			return err
		}
	}
	return nil
}

// Flush waits for the look-ups of the hits added so far and emits them.
// The error is the context's or emit's.
func (p *Pipeline) Flush() error {
	if err := p.ctx.Err(); err != nil {
		return err
	}
	for p.n > 0 {
		if _, err := p.next(true); err != nil {
			return err
		}
	}
	return nil
}

// Close cancels the look-ups still running and waits for them; hits not
// yet emitted are dropped. It is idempotent.
func (p *Pipeline) Close() {
	p.cancel()
	p.wg.Wait()
}

func (p *Pipeline) cachedAnswer(ip netip.Addr) (string, bool) {
	now := p.m.cfg.Now()
	p.m.mu.Lock()
	defer p.m.mu.Unlock()
	return p.m.cached(ip, now)
}

// start begins the look-up of ip once a slot is free.
func (p *Pipeline) start(ip netip.Addr) (*pendingLookup, error) {
	select {
	case p.sem <- struct{}{}:
	case <-p.ctx.Done():
		return nil, p.ctx.Err()
	}
	w := &pendingLookup{done: make(chan struct{})}
	p.pending[cacheKey(ip)] = w
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		// rdns caches the answer (failures included) and shares a look-up
		// already in flight elsewhere, e.g. from the tracker.
		w.account = p.m.rdns(p.ctx, ip)
		<-p.sem
		close(w.done)
	}()
	return w, nil
}

// next emits the oldest hit if its result is known or, with wait, once it
// is; it reports whether it emitted one.
func (p *Pipeline) next(wait bool) (bool, error) {
	e := &p.ring[p.head]
	if e.wait != nil {
		if wait {
			select {
			case <-e.wait.done:
			case <-p.ctx.Done():
				return false, p.ctx.Err()
			}
		} else {
			select {
			case <-e.wait.done:
			default:
				return false, nil
			}
		}
		// A look-up cut short by cancellation answers "" without having
		// asked: that is no result, so nothing more is emitted.
		if err := p.ctx.Err(); err != nil {
			return false, err
		}
		if e.wait.account != "" {
			e.id, e.how = e.wait.account, MatchRDNS
		}
		// From now on the Matcher's cache answers for the address.
		if p.pending[e.ip] == e.wait {
			delete(p.pending, e.ip)
		}
	}
	h, id, how := e.hit, e.id, e.how
	*e = pipeEntry{} // hold no strings of an emitted hit
	p.head = (p.head + 1) % len(p.ring)
	p.n--
	return true, p.emit(h, id, how)
}
