package daemon

import (
	"log/slog"
	"os"
	"runtime/debug"
)

// defaultGCPercent is the garbage collector's target the daemon runs with
// when GOGC is not set. A sync keeps little alive (a few pages in flight,
// the metrics of one run) but allocates fast while it decodes and encodes
// JSON: at Go's default of 100 the collector ran so often that it took about
// a fifth of the CPU of a full sync (bench/, BenchmarkSync). 400 lets the
// heap grow to five times what is live before collecting; set GOGC (and
// GOMEMLIMIT for a hard cap) to choose otherwise.
const defaultGCPercent = 400

// tuneGC applies defaultGCPercent unless the operator set GOGC, and is
// idempotent: tests start several daemons in one process.
func tuneGC(log *slog.Logger) {
	if _, set := os.LookupEnv("GOGC"); set {
		return
	}
	if old := debug.SetGCPercent(defaultGCPercent); old != defaultGCPercent {
		log.Debug("garbage collector target set", "gogc", defaultGCPercent, "was", old)
	}
}
