package admin_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/abmsync/abmsync/admin"
)

// TestUploadOutlivesClientTimeout streams an access log to a daemon that
// reads it slowly, for longer than the client's total timeout: the import
// is not cut off (imports are bounded by progress, not by a total time),
// and Progress reports every byte.
func TestUploadOutlivesClientTimeout(t *testing.T) {
	t.Parallel()
	const size = 512 << 10
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		buf := make([]byte, 16<<10)
		n := 0
		for {
			time.Sleep(20 * time.Millisecond) // a slow reader: about 1 s in all
			k, err := r.Body.Read(buf)
			n += k
			if err != nil {
				break
			}
		}
		if n != size {
			http.Error(w, "short body", http.StatusBadRequest)
			return
		}
		io.WriteString(w, `{"lines":1}`)
	}))
	defer ts.Close()
	var mu sync.Mutex
	var last int64
	var done bool
	c := &admin.Client{BaseURL: ts.URL, Token: testToken, HTTP: &http.Client{Timeout: 200 * time.Millisecond},
		UploadIdleTimeout: 5 * time.Second,
		Progress: func(sent int64, d bool) {
			mu.Lock()
			defer mu.Unlock()
			last, done = max(last, sent), done || d
		}}
	res, err := c.ImportAccessLog(context.Background(), strings.NewReader(strings.Repeat("x", size)))
	if err != nil {
		t.Fatalf("slow upload failed: %v", err)
	}
	if res.Lines != 1 {
		t.Errorf("result %+v", res)
	}
	mu.Lock()
	defer mu.Unlock()
	if last != size || !done {
		t.Errorf("progress saw %d of %d bytes, done %v", last, size, done)
	}
}

// TestUploadStallNamesItself uploads to a daemon that stops reading after
// the first bytes, and to one that reads everything and never answers: each
// ends after the idle timeout with a *StallError saying which, not with
// "unreachable".
func TestUploadStallNamesItself(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name     string
		body     io.Reader
		handler  func(r *http.Request)
		uploaded bool
		want     string
	}{
		{"stops reading", io.LimitReader(zeros{}, 256<<20), func(r *http.Request) {
			io.CopyN(io.Discard, r.Body, 1024)
		}, false, "upload stalled for 0.3 s"},
		{"never answers", strings.NewReader("a small file\n"), func(r *http.Request) {
			io.Copy(io.Discard, r.Body)
		}, true, "no answer for 0.3 s after the upload"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			release := make(chan struct{})
			ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				tc.handler(r)
				<-release
			}))
			defer ts.Close()
			defer close(release)
			c := &admin.Client{BaseURL: ts.URL, Token: testToken, UploadIdleTimeout: 300 * time.Millisecond}
			_, err := c.ImportAccessLog(context.Background(), tc.body)
			var stall *admin.StallError
			if !errors.As(err, &stall) || stall.Uploaded != tc.uploaded {
				t.Fatalf("err = %v, want a *StallError (uploaded %v)", err, tc.uploaded)
			}
			if !strings.Contains(err.Error(), tc.want) || strings.Contains(err.Error(), "unreachable") {
				t.Errorf("err = %q, want it to say %q", err, tc.want)
			}
			if strings.Contains(err.Error(), testToken) {
				t.Error("the error holds the token")
			}
		})
	}
}

type zeros struct{}

func (zeros) Read(b []byte) (int, error) {
	clear(b)
	return len(b), nil
}
