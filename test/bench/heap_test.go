package bench

import (
	"runtime"
	"runtime/metrics"
	"time"
)

// sampleHeap samples the heap every interval until stop is called; stop
// waits for the sampler to end and returns the peak heap in use and the
// peak live heap in bytes. Heap in use includes garbage not yet collected;
// the live heap (what the last GC found reachable) is what the code under
// measurement actually holds.
func sampleHeap(every time.Duration) (stop func() (peakInUse, peakLive uint64)) {
	live := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	var peakInUse, peakLive uint64
	done := make(chan struct{})
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				var m runtime.MemStats
				runtime.ReadMemStats(&m)
				peakInUse = max(peakInUse, m.HeapInuse)
				metrics.Read(live)
				peakLive = max(peakLive, live[0].Value.Uint64())
			}
		}
	}()
	return func() (uint64, uint64) {
		close(done)
		<-sampled
		return peakInUse, peakLive
	}
}
