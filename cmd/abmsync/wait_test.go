package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/abmsync/abmsync/admin"
	"github.com/abmsync/abmsync/internal/porttest"
	"github.com/abmsync/abmsync/store"
)

// answer is one reply of the fake admin API's run endpoint.
type answer struct {
	status int // 0: drop the connection without an answer
	run    store.Run
	msg    string // error message for a non-2xx status
}

func running() answer {
	return answer{status: 200, run: store.Run{ID: "r1", State: "running", Step: "pull"}}
}
func succeeded() answer {
	return answer{status: 200, run: store.Run{ID: "r1", State: "succeeded", Step: "done", Pulled: 3, APICalls: 2}}
}
func failing(status int, msg string) answer { return answer{status: status, msg: msg} }

// fakeAdmin is an admin API that starts run r1 and answers its polls from a
// script, one entry per poll, repeating the last.
type fakeAdmin struct {
	mu     sync.Mutex
	script []answer
	polls  int
	polled chan int // receives each poll's number, when not full
}

func (f *fakeAdmin) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Header.Get("Authorization") != "Bearer wait-test-token-0123456789abcdef" {
		http.Error(w, `{"error":"missing or wrong admin token"}`, http.StatusUnauthorized)
		return
	}
	switch {
	case r.Method == http.MethodPost && r.URL.Path == "/api/resync":
		// The admin server takes JSON bodies only as such.
		if r.Header.Get("Content-Type") != "application/json" {
			http.Error(w, `{"error":"want Content-Type: application/json"}`, http.StatusUnsupportedMediaType)
			return
		}
		w.WriteHeader(http.StatusAccepted)
		_ = json.NewEncoder(w).Encode(admin.ResyncResponse{Run: store.Run{ID: "r1", State: "queued", ScopeKey: "companies,contacts,deals"}})
		return
	case r.Method != http.MethodGet || r.URL.Path != "/api/runs/r1":
		http.Error(w, `{"error":"no such route"}`, http.StatusNotFound)
		return
	}
	f.mu.Lock()
	a := f.script[min(f.polls, len(f.script)-1)]
	f.polls++
	n := f.polls
	f.mu.Unlock()
	select {
	case f.polled <- n:
	default:
	}
	switch {
	case a.status == 0:
		conn, _, err := w.(http.Hijacker).Hijack()
		if err == nil {
			conn.Close()
		}
	case a.status != 200:
		w.WriteHeader(a.status)
		_ = json.NewEncoder(w).Encode(admin.ErrorBody{Error: a.msg})
	default:
		_ = json.NewEncoder(w).Encode(a.run)
	}
}

func (f *fakeAdmin) pollCount() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.polls
}

// serveFake serves h on a new loopback listener until the test ends. The
// port comes from porttest: TestResyncWaitConnectionRefused binds it again
// after closing it, which a kernel-picked ephemeral port does not allow.
func serveFake(t *testing.T, h http.Handler) (*http.Server, string) {
	t.Helper()
	ln, err := net.Listen("tcp", porttest.Addr(t))
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: h}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close() })
	return srv, ln.Addr().String()
}

// waitOn runs "abmsync resync --wait" against the admin API at addr.
func waitOn(addr string, extra ...string) (stdout, stderr string, err error) {
	var out, errb bytes.Buffer
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	env := map[string]string{"ABMSYNC_ADMIN_ADDR": addr, "ABMSYNC_ADMIN_TOKEN": "wait-test-token-0123456789abcdef"}
	err = run(ctx, append([]string{"resync", "--wait", "--poll", "20ms"}, extra...), envFunc(env), &out, &errb)
	return out.String(), errb.String(), err
}

// TestResyncWaitRetries: admin-API failures that pass (Redis away for a
// while, the daemon restarting) do not end resync --wait; each outage is
// reported once, and the run's success is the exit status.
func TestResyncWaitRetries(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		script   []answer
		outages  int
		inStderr string
	}{
		{"503 before the first answer", []answer{failing(503, "redis unreachable"), failing(503, "redis unreachable"),
			failing(503, "redis unreachable"), running(), succeeded()}, 1, "admin API: 503: redis unreachable"},
		{"redis down mid-run", []answer{running(), failing(500, "dial tcp 127.0.0.1:6379: connect: connection refused"),
			failing(500, "dial tcp 127.0.0.1:6379: connect: connection refused"), running(), succeeded()}, 1, "admin API: 500"},
		{"connection dropped", []answer{running(), {}, {}, {}, succeeded()}, 1, "unreachable"},
		{"two outages", []answer{failing(502, "bad gateway"), running(), failing(503, "x"), failing(503, "x"), succeeded()}, 2, "502"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			fake := &fakeAdmin{script: tc.script}
			_, addr := serveFake(t, fake)
			out, errOut, err := waitOn(addr)
			if err != nil {
				t.Fatalf("resync --wait: %v\nstdout:\n%s\nstderr:\n%s", err, out, errOut)
			}
			if !strings.Contains(out, "r1  succeeded") {
				t.Errorf("no success line:\n%s", out)
			}
			if n := strings.Count(errOut, "admin API unavailable ("); n != tc.outages || !strings.Contains(errOut, "retrying for up to 1m0s") {
				t.Errorf("%d notices for %d outages:\n%s", n, tc.outages, errOut)
			}
			if !strings.Contains(errOut, tc.inStderr) || strings.Count(errOut, "answering again") != tc.outages {
				t.Errorf("stderr lacks %q or the recoveries:\n%s", tc.inStderr, errOut)
			}
		})
	}
}

// TestResyncWaitConnectionRefused closes the admin API's port for half a
// second mid-run (a daemon restart) and opens it again.
func TestResyncWaitConnectionRefused(t *testing.T) {
	t.Parallel()
	fake := &fakeAdmin{script: []answer{running(), running(), succeeded()}, polled: make(chan int, 1)}
	srv, addr := serveFake(t, fake)
	go func() {
		<-fake.polled
		_ = srv.Close()
		time.Sleep(500 * time.Millisecond)
		ln, err := net.Listen("tcp", addr)
		if err != nil {
			t.Errorf("reopen %s: %v", addr, err)
			return
		}
		srv2 := &http.Server{Handler: fake}
		go func() { _ = srv2.Serve(ln) }()
		t.Cleanup(func() { _ = srv2.Close() })
	}()
	out, errOut, err := waitOn(addr)
	if err != nil {
		t.Fatalf("resync --wait: %v\nstdout:\n%s\nstderr:\n%s", err, out, errOut)
	}
	if strings.Count(errOut, "admin API unavailable (") != 1 || !strings.Contains(errOut, "connection refused") || !strings.Contains(out, "succeeded") {
		t.Errorf("stdout:\n%s\nstderr:\n%s", out, errOut)
	}
}

// TestResyncWaitStops: failures no retry fixes end the wait at once, and
// an outage longer than --retry-for ends it with a message saying so.
func TestResyncWaitStops(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		script   []answer
		args     []string
		want     string
		maxPolls int // 0: no limit
	}{
		{"outage longer than --retry-for", []answer{running(), failing(503, "redis unreachable")}, []string{"--retry-for", "300ms"},
			"admin API still unavailable after 300ms (--retry-for) while waiting for run r1; giving up (the run may still finish: abmsync status): admin API: 503: redis unreachable", 0},
		{"wrong token", []answer{failing(401, "missing or wrong admin token")}, nil, "admin API: 401", 1},
		{"run gone", []answer{running(), failing(404, "not found")}, nil, "run r1 not found: the daemon has no record of it", 2},
		{"record without id or state", []answer{running(), {status: 200, run: store.Run{Pulled: 5}}}, nil,
			"run r1: the admin API returned a record without id or state", 2},
		{"record without state", []answer{{status: 200, run: store.Run{ID: "r1"}}}, nil, "without id or state", 1},
		{"run failed", []answer{running(), {status: 200, run: store.Run{ID: "r1", State: "failed", Error: "crm:pull: boom"}}}, nil,
			"sync run failed: crm:pull: boom", 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			fake := &fakeAdmin{script: tc.script}
			_, addr := serveFake(t, fake)
			start := time.Now()
			out, errOut, err := waitOn(addr, tc.args...)
			if err == nil || exitCode(err) != 1 {
				t.Fatalf("resync --wait = %v (exit %d), want exit 1\nstdout:\n%s\nstderr:\n%s", err, exitCode(err), out, errOut)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q, want %q", err, tc.want)
			}
			if tc.maxPolls > 0 {
				if n := fake.pollCount(); n > tc.maxPolls {
					t.Errorf("%d polls, want at most %d: the failure is final", n, tc.maxPolls)
				}
				if strings.Contains(errOut, "retrying") {
					t.Errorf("retried a final failure:\n%s", errOut)
				}
			}
			if time.Since(start) > 10*time.Second {
				t.Errorf("took %s to give up", time.Since(start))
			}
			if errors.Is(err, errRunFailed) != (tc.name == "run failed") {
				t.Errorf("errors.Is(err, errRunFailed) wrong for %v", err)
			}
		})
	}
}

// TestResyncWaitRunNeverAppears: a run id the daemon never records is
// waited for a short while (it may be being created), then reported.
func TestResyncWaitRunNeverAppears(t *testing.T) {
	t.Parallel()
	fake := &fakeAdmin{script: []answer{failing(404, "run not found")}}
	_, addr := serveFake(t, fake)
	_, _, err := waitOn(addr)
	if err == nil || !strings.Contains(err.Error(), "run r1 not found") {
		t.Fatalf("err = %v, want run r1 not found", err)
	}
}
