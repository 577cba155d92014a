package admin_test

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/abmsync/abmsync/admin"
	"github.com/abmsync/abmsync/internal/redistest"
	"github.com/abmsync/abmsync/store"
)

// BenchmarkTokenGuessing sends wrong Bearer tokens from one loopback
// client as fast as it can, for one second per round, and reports how many
// guesses the server compared with the token (answered 401) per second,
// and how many it refused unchecked (429):
//
//	go test -run '^$' -bench TokenGuessing -benchtime 3x ./admin/
func BenchmarkTokenGuessing(b *testing.B) {
	rdb := redistest.Client(b, db, false)
	st := store.New(rdb, redistest.Prefix(b, rdb))
	var compared, refused, total int
	var elapsed time.Duration
	for i := 0; b.Loop(); i++ {
		// A fresh server per round: each round is a new attacker's first
		// second.
		srv := &admin.Server{Token: testToken, Store: st, Starter: &fakeStarter{}, Inspector: fakeInspector{}}
		ts := httptest.NewServer(srv.Handler())
		hc := ts.Client()
		start := time.Now()
		for n := 0; time.Since(start) < time.Second; n++ {
			req, _ := http.NewRequest(http.MethodGet, ts.URL+"/api/status", nil)
			req.Header.Set("Authorization", fmt.Sprintf("Bearer guess-%d-%d", i, n))
			resp, err := hc.Do(req)
			if err != nil {
				b.Fatal(err)
			}
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			total++
			switch resp.StatusCode {
			case http.StatusUnauthorized:
				compared++
			case http.StatusTooManyRequests:
				refused++
			}
		}
		elapsed += time.Since(start)
		ts.Close()
	}
	b.ReportMetric(float64(total)/elapsed.Seconds(), "requests/s")
	b.ReportMetric(float64(compared)/elapsed.Seconds(), "compared/s")
	b.ReportMetric(float64(refused)/elapsed.Seconds(), "refused_429/s")
}

// BenchmarkSlowBodyHeld sends a request without credentials whose 30-byte
// body arrives one byte a second, to a server built as the daemon builds
// it (NewHTTPServer), and reports how long the connection stays open (at
// most until 5 s after the whole body was sent):
//
//	go test -run '^$' -bench SlowBodyHeld -benchtime 1x ./admin/
func BenchmarkSlowBodyHeld(b *testing.B) {
	rdb := redistest.Client(b, db, false)
	st := store.New(rdb, redistest.Prefix(b, rdb))
	srv := &admin.Server{Token: testToken, Store: st, Starter: &fakeStarter{}, Inspector: fakeInspector{}}
	ts := httptest.NewUnstartedServer(nil)
	ts.Config = admin.NewHTTPServer(srv.Handler())
	ts.Start()
	defer ts.Close()
	var held time.Duration
	for b.Loop() {
		conn, err := net.Dial("tcp", ts.Listener.Addr().String())
		if err != nil {
			b.Fatal(err)
		}
		start := time.Now()
		_, _ = io.WriteString(conn, "POST /api/forget HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 30\r\n\r\n")
		closed := make(chan struct{})
		go func() {
			_, _ = io.Copy(io.Discard, conn)
			close(closed)
		}()
	trickle:
		for range 30 {
			select {
			case <-closed:
				break trickle
			case <-time.After(time.Second):
				_, _ = conn.Write([]byte("x"))
			}
		}
		select {
		case <-closed:
		case <-time.After(5 * time.Second):
		}
		held += time.Since(start)
		conn.Close()
	}
	b.ReportMetric(held.Seconds()/float64(b.N), "s_held")
}
