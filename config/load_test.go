package config

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestLoadAliasBomb loads a 700-byte file whose nested anchors and merge
// keys expand one key a billion times: Load refuses it at once, naming the
// cause, instead of walking the expansion.
func TestLoadAliasBomb(t *testing.T) {
	t.Parallel()
	_, err := Load("testdata/alias-bomb.yaml", nil)
	e := asError(t, err, "web")
	if !strings.Contains(e.Msg, "alias") || !strings.Contains(e.Msg, "too many nodes") {
		t.Errorf("error %q does not name alias expansion", err)
	}
}

// TestLoadAliasesWithinBudget keeps ordinary anchors and merge keys working.
func TestLoadAliasesWithinBudget(t *testing.T) {
	t.Parallel()
	path := writeFile(t, "web: &w\n  delay: 2s\n  max_depth: 3\npress:\n  max_articles: 7\nmqa:\n  threshold: 40\n")
	c, err := Load(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if c.Web.MaxDepth != 3 || c.Press.MaxArticles != 7 {
		t.Errorf("got web %+v press %+v", c.Web, c.Press)
	}
	path = writeFile(t, "web:\n  <<: [&base {delay: 2s}, {max_depth: 4}]\n")
	if c, err = Load(path, nil); err != nil || c.Web.MaxDepth != 4 || c.Web.Delay.Seconds() != 2 {
		t.Errorf("merge keys: %+v, %v", c.Web, err)
	}
}

// TestLoadContextCancelled stops loading once the context is done, with an
// error wrapping the context's.
func TestLoadContextCancelled(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	// Big enough that the walk checks the context: a long list.
	var b strings.Builder
	b.WriteString("campaign:\n  target_accounts:\n")
	for range 3000 {
		b.WriteString("    - {domain: a.example}\n")
	}
	_, err := LoadContext(ctx, writeFile(t, b.String()), nil)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	var e *Error
	if !errors.As(err, &e) || !strings.HasPrefix(e.Key, "campaign.target_accounts[") {
		t.Errorf("err = %v, want an *Error naming where it stopped", err)
	}
}

func writeFile(t *testing.T, body string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "abmsync.yaml")
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}
