package main

import (
	"context"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/abmsync/abmsync/admin"
	"github.com/abmsync/abmsync/campaign"
)

// importCmd uploads a file to the daemon: abmsync import KIND ... FILE. The
// file streams to the admin API; the daemon parses it as it arrives.
func importCmd(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	kinds := map[string]commandFunc{"linkedin-connections": importConnections, "access-log": importAccessLog, "nps": importNPS}
	switch {
	case len(args) > 0 && isHelpFlag(args[0]):
		fmt.Fprintln(stdout, importUsage())
		return errHelp
	case len(args) == 0:
		fmt.Fprintln(stderr, importUsage())
		return &usageError{"import: missing what to import: linkedin-connections, access-log or nps"}
	case kinds[args[0]] == nil:
		fmt.Fprintln(stderr, importUsage())
		msg := fmt.Sprintf("import: unknown kind %q", args[0])
		if s := suggest(args[0], slices.Sorted(maps.Keys(kinds))); s != "" {
			msg += fmt.Sprintf("; did you mean %q?", s)
		}
		return &usageError{msg}
	}
	return kinds[args[0]](ctx, args[1:], getenv, stdout, stderr)
}

// importUsage lists import's subcommands.
func importUsage() string {
	var b strings.Builder
	b.WriteString("usage: abmsync import KIND [flags] FILE\n\nUpload a file to the running daemon. Kinds:\n")
	for _, h := range subcommandHelp {
		if kind, ok := strings.CutPrefix(h.name, "import "); ok {
			fmt.Fprintf(&b, "  abmsync import %s %s\n      %s\n", kind, h.args, h.summary)
		}
	}
	b.WriteString("\nRun \"abmsync help import KIND\" for the flags of one.")
	return b.String()
}

// importConnections uploads a LinkedIn Connections export: abmsync import
// linkedin-connections --owner NAME FILE.
func importConnections(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := newFlags("import linkedin-connections")
	owner := fs.String("owner", "", "the colleague whose LinkedIn export this is (required)")
	if err := parseFlags(fs, args, stdout, stderr); err != nil {
		return err
	}
	if strings.TrimSpace(*owner) == "" || fs.NArg() != 1 {
		return usageFailure(stderr, "import linkedin-connections", "give --owner NAME and one FILE")
	}
	if err := campaign.CheckOwner(*owner); err != nil {
		return usageFailure(stderr, "import linkedin-connections", "--"+err.Error())
	}
	f, c, err := openUpload(fs.Arg(0), getenv)
	if err != nil {
		return err
	}
	defer f.Close()
	showProgress(c, stderr)
	res, err := c.ImportConnections(ctx, *owner, f)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s export of %s: %d rows, %d at target accounts (%d accounts)", res.Format, res.Owner, res.Rows, res.Matched, res.Accounts)
	if res.SkippedNoName+res.SkippedBad > 0 {
		fmt.Fprintf(stdout, "; skipped %d without a name and %d unreadable (lines %v)", res.SkippedNoName, res.SkippedBad, res.BadLines)
	}
	if res.Suppressed > 0 {
		fmt.Fprintf(stdout, "; %d on the do-not-contact list left out", res.Suppressed)
	}
	fmt.Fprintln(stdout)
	if len(res.Ambiguous) > 0 {
		fmt.Fprintf(stdout, "company names claimed by two accounts (not matched; add aliases): %s\n", strings.Join(res.Ambiguous, ", "))
	}
	if res.Run != "" {
		fmt.Fprintf(stdout, "run %s pushes the key contacts (abmsync status)\n", res.Run)
	}
	return nil
}

// importAccessLog streams a web-server access log (combined format) to the
// daemon: abmsync import access-log FILE ("-" reads standard input).
func importAccessLog(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := newFlags("import access-log")
	if err := parseFlags(fs, args, stdout, stderr); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usageFailure(stderr, "import access-log", "give one FILE")
	}
	var r io.Reader = os.Stdin
	if name := fs.Arg(0); name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return fmt.Errorf("import: %w", err)
		}
		defer f.Close()
		r = f
	}
	c, err := adminClient(getenv)
	if err != nil {
		return err
	}
	showProgress(c, stderr)
	res, err := c.ImportAccessLog(ctx, r)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%d lines, %d page views, %d from target accounts (%d account-days); %d unreadable lines skipped\n",
		res.Lines, res.Hits, res.Matched, res.Days, res.Bad)
	if len(res.MatchedBy) > 0 {
		var parts []string
		for _, how := range slices.Sorted(maps.Keys(res.MatchedBy)) {
			parts = append(parts, fmt.Sprintf("%s %d", how, res.MatchedBy[how]))
		}
		fmt.Fprintf(stdout, "matched by: %s\n", strings.Join(parts, ", "))
	}
	return nil
}

// importNPS uploads survey answers: abmsync import nps [--source NAME] FILE.
// The source (default: the file name without extension) names the survey;
// importing the same source again replaces its answers.
func importNPS(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := newFlags("import nps")
	source := fs.String("source", "", "the survey's name; a re-import of the same source replaces its answers (default: the file name)")
	if err := parseFlags(fs, args, stdout, stderr); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usageFailure(stderr, "import nps", "give one FILE (CSV: company_id or domain, score, date)")
	}
	if *source == "" {
		base := filepath.Base(fs.Arg(0))
		*source = strings.TrimSuffix(base, filepath.Ext(base))
	}
	f, c, err := openUpload(fs.Arg(0), getenv)
	if err != nil {
		return err
	}
	defer f.Close()
	showProgress(c, stderr)
	res, err := c.ImportNPS(ctx, *source, f)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "survey %s: %d answers for %d accounts (replacing %d)", res.Source, res.Answers, res.Accounts, res.Replaced)
	if len(res.Unmatched) > 0 {
		fmt.Fprintf(stdout, "; kept but not matched to a company yet: %s", strings.Join(res.Unmatched, ", "))
	}
	fmt.Fprintln(stdout, "\nthe next sync writes abm_nps (abmsync resync)")
	return nil
}

// progressEvery is how often an import prints its progress line on stderr;
// an upload shorter than that prints none.
var progressEvery = 2 * time.Second

// showProgress makes c print "import: 12.5 MB sent (3.1 MB/s)" on stderr
// every progressEvery while an upload streams, and a last line with the
// total when one was printed.
func showProgress(c *admin.Client, stderr io.Writer) {
	var mu sync.Mutex
	start := time.Now()
	lastLine, printed := start, false
	c.Progress = func(sent int64, done bool) {
		mu.Lock()
		defer mu.Unlock()
		now := time.Now()
		if !done && now.Sub(lastLine) < progressEvery {
			return
		}
		if done && !printed {
			return
		}
		el := now.Sub(start).Seconds()
		rate := float64(sent) / max(el, 1e-3) / 1e6
		if done {
			fmt.Fprintf(stderr, "import: %.1f MB sent in %.1f s (%.1f MB/s)\n", float64(sent)/1e6, el, rate)
			return
		}
		fmt.Fprintf(stderr, "import: %.1f MB sent (%.1f MB/s)\n", float64(sent)/1e6, rate)
		lastLine, printed = now, true
	}
}

// openUpload opens the file to upload and the admin API client.
func openUpload(path string, getenv func(string) string) (*os.File, *admin.Client, error) {
	c, err := adminClient(getenv)
	if err != nil {
		return nil, nil, err
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, fmt.Errorf("import: %w", err)
	}
	return f, c, nil
}
