package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/abmsync/abmsync/admin"
)

// importCmd uploads a file to the daemon: abmsync import linkedin-connections
// --owner NAME FILE. The file streams to the admin API; the daemon parses it
// as it arrives.
func importCmd(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) > 0 && args[0] == "access-log" {
		return importAccessLog(ctx, args[1:], getenv, stdout)
	}
	if len(args) > 0 && args[0] == "nps" {
		return importNPS(ctx, args[1:], getenv, stdout, stderr)
	}
	if len(args) == 0 || args[0] != "linkedin-connections" {
		return &usageError{`import: usage: abmsync import linkedin-connections --owner "Name" FILE | abmsync import access-log FILE | abmsync import nps [--source NAME] FILE`}
	}
	fs := flag.NewFlagSet("import linkedin-connections", flag.ContinueOnError)
	fs.SetOutput(stderr)
	owner := fs.String("owner", "", "the colleague whose LinkedIn export this is (required)")
	if err := fs.Parse(args[1:]); err != nil {
		return &usageError{err.Error()}
	}
	if strings.TrimSpace(*owner) == "" || fs.NArg() != 1 {
		return &usageError{`import: usage: abmsync import linkedin-connections --owner "Name" FILE`}
	}
	f, c, err := openUpload(fs.Arg(0), getenv)
	if err != nil {
		return err
	}
	defer f.Close()
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
func importAccessLog(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	if len(args) != 1 {
		return &usageError{"import access-log: usage: abmsync import access-log FILE"}
	}
	var r io.Reader = os.Stdin
	if args[0] != "-" {
		f, err := os.Open(args[0])
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
	fs := flag.NewFlagSet("import nps", flag.ContinueOnError)
	fs.SetOutput(stderr)
	source := fs.String("source", "", "the survey's name; a re-import of the same source replaces its answers (default: the file name)")
	if err := fs.Parse(args); err != nil {
		return &usageError{err.Error()}
	}
	if fs.NArg() != 1 {
		return &usageError{"import nps: usage: abmsync import nps [--source NAME] FILE (CSV: company_id or domain, score, date)"}
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
