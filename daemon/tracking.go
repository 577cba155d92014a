package daemon

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"time"

	"github.com/abmsync/abmsync/campaign"
	"github.com/abmsync/abmsync/config"
	"github.com/abmsync/abmsync/internal/telemetry"
	"github.com/abmsync/abmsync/traffic"
)

// startTracking runs the public tracking listener (POST /t, GET /t.gif) on
// tracking.addr — its own listener, never the private admin server — and
// the collector that turns hits into per-account daily aggregates. The
// returned stop function shuts both down, cancels the reverse-DNS look-ups
// in flight and flushes; it returns within shutdown even if the flush
// does not. Dropped hits are counted in metrics.
func startTracking(ctx context.Context, cfg config.TrackingConfig, svc *campaign.Service, metrics *telemetry.Metrics,
	shutdown time.Duration, log *slog.Logger) (func(), error) {
	if cfg.Addr == "" {
		return func() {}, nil
	}
	var trust []netip.Prefix
	for _, p := range cfg.TrustProxy {
		if pfx, err := netip.ParsePrefix(p); err == nil {
			trust = append(trust, pfx)
		} else if a, err := netip.ParseAddr(p); err == nil {
			trust = append(trust, netip.PrefixFrom(a, a.BitLen()))
		}
	}
	collector := svc.NewTrafficCollector(30 * time.Second)
	if metrics != nil {
		metrics.RegisterTracking(collector.Dropped, collector.InFlight)
	}
	handler := traffic.NewTracker(traffic.TrackerConfig{
		AllowedOrigins: cfg.AllowedOrigins, RatePerMinute: cfg.RatePerMinute, HonorDNT: cfg.HonorDNT, TrustProxy: trust,
	}, collector.Sink)
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return nil, fmt.Errorf("tracking listener: listen on %s (tracking.addr): %w", cfg.Addr, err)
	}
	cctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	done := make(chan struct{})
	go func() { collector.Run(cctx); close(done) }()
	srv := &http.Server{Handler: handler, ReadHeaderTimeout: 5 * time.Second, ReadTimeout: 10 * time.Second, WriteTimeout: 10 * time.Second}
	go func() {
		if err := srv.Serve(ln); err != nil && err != http.ErrServerClosed {
			log.Error("tracking listener stopped", "err", err)
		}
	}()
	log.Info("tracking listener serving", "addr", ln.Addr().String())
	return func() {
		deadline := time.Now().Add(shutdown)
		sctx, scancel := context.WithDeadline(context.Background(), deadline)
		defer scancel()
		// The handler never waits for DNS, so the listener drains fast;
		// then the collector counts what is queued, its look-ups
		// cancelled.
		if err := srv.Shutdown(sctx); err != nil {
			_ = srv.Close()
		}
		cancel()
		select {
		case <-done:
		case <-sctx.Done():
			log.Error("tracking: the collector did not stop within worker.shutdown_timeout; hits since the last flush are lost",
				"timeout", shutdown)
		}
		for reason, n := range collector.Dropped() {
			if n > 0 {
				log.Warn("tracking hits dropped", "reason", reason, "count", n)
			}
		}
	}, nil
}

// trafficResolver is the reverse-DNS resolver of traffic matching: the
// server at traffic.dns_server, or the system resolver when it is empty.
func trafficResolver(c config.TrafficConfig) traffic.Resolver {
	return traffic.NewResolver(c.DNSServer)
}
