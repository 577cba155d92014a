package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestImportProgressOnStderr uploads an access log through the CLI:
// progress lines come on stderr, with the total at the end, and stdout has
// only the result.
func TestImportProgressOnStderr(t *testing.T) {
	old := progressEvery
	progressEvery = 0 // a line for every read, so a short test sees them
	defer func() { progressEvery = old }()
	const size = 2 << 20
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer tok" {
			http.Error(w, "no", http.StatusUnauthorized)
			return
		}
		n, _ := io.Copy(io.Discard, r.Body)
		if n != size {
			http.Error(w, "short body", http.StatusBadRequest)
			return
		}
		io.WriteString(w, `{"lines":7,"hits":5}`)
	}))
	defer ts.Close()
	file := filepath.Join(t.TempDir(), "access.log")
	if err := os.WriteFile(file, bytes.Repeat([]byte("x"), size), 0o600); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"ABMSYNC_ADMIN_ADDR": ts.URL, "ABMSYNC_ADMIN_TOKEN": "tok"}
	var stdout, stderr bytes.Buffer
	if err := run(context.Background(), []string{"import", "access-log", file}, func(k string) string { return env[k] }, &stdout, &stderr); err != nil {
		t.Fatalf("import: %v\n%s", err, stderr.String())
	}
	if !strings.HasPrefix(stdout.String(), "7 lines, 5 page views") || strings.Contains(stdout.String(), "MB sent") {
		t.Errorf("stdout: %q", stdout.String())
	}
	lines := strings.Split(strings.TrimSpace(stderr.String()), "\n")
	if len(lines) < 2 || !strings.HasPrefix(lines[0], "import: ") || !strings.Contains(lines[0], "MB sent") ||
		!strings.HasPrefix(lines[len(lines)-1], "import: 2.1 MB sent in ") {
		t.Errorf("stderr: %q", stderr.String())
	}
}

// TestImportOwnerControlCharacters refuses an --owner holding a control
// character before anything is uploaded, naming the character.
func TestImportOwnerControlCharacters(t *testing.T) {
	t.Parallel()
	calls := 0
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { calls++ }))
	defer ts.Close()
	file := filepath.Join(t.TempDir(), "Connections.csv")
	if err := os.WriteFile(file, []byte("First Name,Last Name\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"ABMSYNC_ADMIN_ADDR": ts.URL, "ABMSYNC_ADMIN_TOKEN": "tok"}
	for _, tc := range []struct{ owner, want string }{
		{"Max\nMuster", "control character U+000A at byte 3"},
		{"Max\x1b[2JMuster", "control character U+001B at byte 3"},
		{"Max\tMuster", "control character U+0009"},
		{"Max\u0085Muster", "control character U+0085"},
		{"Max\xffMuster", "not valid UTF-8"},
	} {
		var out bytes.Buffer
		err := run(context.Background(), []string{"import", "linkedin-connections", "--owner", tc.owner, file},
			func(k string) string { return env[k] }, &out, &out)
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "--owner") {
			t.Errorf("--owner %q: err = %v, want %q", tc.owner, err, tc.want)
		}
	}
	if calls != 0 {
		t.Errorf("%d requests reached the admin API", calls)
	}
}
