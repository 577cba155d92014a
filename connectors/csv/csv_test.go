package csv

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/abmsync/abmsync/crm"
)

// setup returns a Client on a fresh copy of testdata/good in which the
// files named in replace (object → testdata path) are swapped in, and its
// output folder (not yet created).
func setup(t *testing.T, replace map[crm.ObjectType]string) (*Client, string) {
	t.Helper()
	dir := t.TempDir()
	for _, obj := range crm.AllObjects {
		src := filepath.Join("testdata", "good", string(obj)+".csv")
		if r, ok := replace[obj]; ok {
			src = filepath.Join("testdata", r)
		}
		copyFile(t, src, filepath.Join(dir, string(obj)+".csv"))
	}
	out := filepath.Join(dir, "out")
	c, err := New(Config{Dir: dir, OutputDir: out})
	if err != nil {
		t.Fatal(err)
	}
	return c, out
}

func copyFile(t *testing.T, src, dst string) {
	t.Helper()
	b, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dst, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestNew(t *testing.T) {
	t.Parallel()
	good := filepath.Join("testdata", "good")
	missing := t.TempDir()
	copyFile(t, filepath.Join(good, "companies.csv"), filepath.Join(missing, "companies.csv"))
	file := filepath.Join(good, "companies.csv")
	tests := []struct {
		name    string
		cfg     Config
		wantErr string // substring; "" means success
	}{
		{"ok", Config{Dir: good, OutputDir: t.TempDir()}, ""},
		{"output folder created later", Config{Dir: good, OutputDir: filepath.Join(t.TempDir(), "new")}, ""},
		{"no dir", Config{OutputDir: "out"}, "no input folder configured"},
		{"no output dir", Config{Dir: good}, "no output folder configured"},
		{"dir missing", Config{Dir: "testdata/nope", OutputDir: "out"}, "testdata/nope"},
		{"dir is a file", Config{Dir: file, OutputDir: "out"}, "is not a folder"},
		{"file missing", Config{Dir: missing, OutputDir: "out"}, "contacts.csv"},
		{"output dir is a file", Config{Dir: good, OutputDir: file}, "output folder " + file},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, err := New(tt.cfg)
			if tt.wantErr == "" {
				if err != nil || c == nil {
					t.Fatalf("New = %v, %v", c, err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("New error = %v, want it to contain %q", err, tt.wantErr)
			}
		})
	}
}

func TestCompareIDs(t *testing.T) {
	t.Parallel()
	tests := []struct {
		a, b string
		want int
	}{
		{"9", "10", -1},
		{"10", "9", 1},
		{"10", "10", 0},
		{"01", "1", -1},
		{"9", "a", -1},
		{"a", "9", 1},
		{"a", "b", -1},
	}
	for _, tt := range tests {
		if got := compareIDs(tt.a, tt.b); got != tt.want {
			t.Errorf("compareIDs(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestCancelledContext(t *testing.T) {
	t.Parallel()
	c, _ := setup(t, nil)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := c.Pull(ctx, crm.PullRequest{Object: crm.Companies})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Pull error = %v, want context.Canceled", err)
	}
}
