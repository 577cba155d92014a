package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/abmsync/abmsync/admin"
	"github.com/abmsync/abmsync/daemon"
	"github.com/abmsync/abmsync/store"
)

// adminClient reaches the daemon at ABMSYNC_ADMIN_ADDR with
// ABMSYNC_ADMIN_TOKEN, or with the token the embedded default wrote.
func adminClient(getenv func(string) string) (*admin.Client, error) {
	addr := getenv("ABMSYNC_ADMIN_ADDR")
	if addr == "" {
		addr = "127.0.0.1:8080"
	}
	if !strings.Contains(addr, "://") {
		addr = "http://" + addr
	}
	token := getenv("ABMSYNC_ADMIN_TOKEN")
	if token == "" {
		t, err := daemon.ReadLocalToken(getenv)
		if err != nil {
			return nil, err
		}
		token = t
	}
	return &admin.Client{BaseURL: addr, Token: token, HTTP: &http.Client{Timeout: 30 * time.Second}}, nil
}

func resync(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("resync", flag.ContinueOnError)
	fs.SetOutput(stderr)
	full := fs.Bool("full", false, "list every record instead of changes since the cursor; removes records deleted in the CRM")
	object := fs.String("object", "", "only this object type: companies, contacts or deals")
	account := fs.String("account", "", "compute and push only this company id")
	source := fs.String("source", "crm", "what to sync: crm (pull, metrics, push), web (key contacts from the accounts' websites), press (trade-press feeds and articles) or linkedin (Matched Audience and ad engagement)")
	wait := fs.Bool("wait", false, "print progress until the run ends; exit non-zero if it fails")
	interval := fs.Duration("poll", 500*time.Millisecond, "progress poll interval with --wait")
	if err := fs.Parse(args); err != nil {
		return &usageError{err.Error()}
	}
	if fs.NArg() > 0 {
		return &usageError{fmt.Sprintf("resync: unexpected argument %q", fs.Arg(0))}
	}
	c, err := adminClient(getenv)
	if err != nil {
		return err
	}
	src := *source
	if src == "crm" {
		src = ""
	}
	res, err := c.Resync(ctx, admin.ResyncRequest{Full: *full, Object: *object, Account: *account, Source: src})
	if err != nil {
		return err
	}
	if res.Existing {
		fmt.Fprintf(stdout, "run %s for scope %s is already %s; not starting another\n", res.Run.ID, res.Run.ScopeKey, res.Run.State)
	} else {
		fmt.Fprintf(stdout, "run %s started (scope %s)\n", res.Run.ID, res.Run.ScopeKey)
	}
	if !*wait {
		return nil
	}
	return waitRun(ctx, c, res.Run.ID, *interval, stdout)
}

// runAppearTimeout bounds how long waitRun waits for a run that is being
// started to be recorded.
const runAppearTimeout = 5 * time.Second

// waitRun prints a progress line whenever the run's counters change, until
// the run ends.
func waitRun(ctx context.Context, c *admin.Client, id string, every time.Duration, stdout io.Writer) error {
	last := ""
	t := time.NewTicker(every)
	defer t.Stop()
	created := time.Now()
	for {
		run, err := c.Run(ctx, id)
		var apiErr *admin.APIError
		if errors.As(err, &apiErr) && apiErr.Status == http.StatusNotFound && time.Since(created) < runAppearTimeout {
			// A run another request is starting has its scope but not yet
			// its record: wait for it to appear.
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-t.C:
			}
			continue
		}
		if err != nil {
			return err
		}
		line := progress(run)
		if line != last {
			fmt.Fprintln(stdout, line)
			last = line
		}
		if run.Done() {
			if run.State == store.RunFailed {
				return fmt.Errorf("%w: %s", errRunFailed, run.Error)
			}
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
		}
	}
}

func progress(r store.Run) string {
	s := fmt.Sprintf("%s  %-9s %-18s pulled=%d deleted=%d accounts=%d pushed=%d failed=%d api_calls=%d write_calls=%d",
		r.ID, r.State, r.Step, r.Pulled, r.Deleted, r.Computed, r.Pushed, r.Failed, r.APICalls, r.Writes)
	if r.PagesRead > 0 {
		// A web run: pages that named nobody are counted, not errors.
		s += fmt.Sprintf(" pages=%d pages_without_people=%d", r.PagesRead, r.PagesEmpty)
	}
	if r.Warning != "" && r.Done() {
		s += "  warning: " + r.Warning
	}
	if r.Retrying != "" && !r.Done() {
		s += "  retrying after: " + r.Retrying
	}
	return s
}

func status(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("status", flag.ContinueOnError)
	fs.SetOutput(stderr)
	asJSON := fs.Bool("json", false, "print JSON")
	if err := fs.Parse(args); err != nil {
		return &usageError{err.Error()}
	}
	c, err := adminClient(getenv)
	if err != nil {
		return err
	}
	st, err := c.Status(ctx)
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(st)
	}
	fmt.Fprintf(stdout, "%-10s %-8s %-21s %-12s %-30s %-21s %s\n", "OBJECT", "RECORDS", "CURSOR", "MODE", "LAST RUN", "LAST SUCCESS", "LAST ERROR")
	for _, o := range st.Objects {
		fmt.Fprintf(stdout, "%-10s %-8d %-21s %-12s %-30s %-21s %s\n", o.Object, o.Records, dash(o.Cursor), dash(o.Mode), dash(o.LastRun), dash(o.LastSuccessAt), dash(o.LastError))
	}
	fmt.Fprintf(stdout, "\n%-10s %8s %7s %10s %6s %9s\n", "QUEUE", "PENDING", "ACTIVE", "SCHEDULED", "RETRY", "ARCHIVED")
	for _, q := range st.Queues {
		fmt.Fprintf(stdout, "%-10s %8d %7d %10d %6d %9d\n", q.Queue, q.Pending, q.Active, q.Scheduled, q.Retry, q.Archived)
	}
	for _, w := range st.Warnings {
		fmt.Fprintf(stdout, "\nWARNING: %s\n", w)
	}
	if st.LastRun != nil {
		fmt.Fprintf(stdout, "\nlast run: %s\n", progress(*st.LastRun))
		if st.LastRun.Error != "" {
			fmt.Fprintf(stdout, "last run error: %s\n", st.LastRun.Error)
		}
	}
	return nil
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func forget(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("forget", flag.ContinueOnError)
	fs.SetOutput(stderr)
	email := fs.String("email", "", "the person's e-mail address (required)")
	if err := fs.Parse(args); err != nil {
		return &usageError{err.Error()}
	}
	if *email == "" || fs.NArg() > 0 {
		return &usageError{"forget: usage: abmsync forget --email ADDRESS"}
	}
	c, err := adminClient(getenv)
	if err != nil {
		return err
	}
	res, err := c.Forget(ctx, *email)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "forgotten: %d candidates and %d stored CRM contacts removed; the address is on the do-not-contact list\n",
		res.CandidatesRemoved, res.ContactsRemoved)
	return nil
}

func dnc(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "add" {
		return &usageError{"dnc: usage: abmsync dnc add (--email ADDRESS | --account ID --name NAME)"}
	}
	fs := flag.NewFlagSet("dnc add", flag.ContinueOnError)
	fs.SetOutput(stderr)
	email := fs.String("email", "", "e-mail address to suppress")
	account := fs.String("account", "", "company id, with --name")
	name := fs.String("name", "", "person's name, with --account")
	if err := fs.Parse(args[1:]); err != nil {
		return &usageError{err.Error()}
	}
	if *email == "" && (*account == "" || *name == "") {
		return &usageError{"dnc add: give --email, or --account and --name"}
	}
	c, err := adminClient(getenv)
	if err != nil {
		return err
	}
	if err := c.DoNotContact(ctx, admin.DoNotContactRequest{Email: *email, Account: *account, Name: *name}); err != nil {
		return err
	}
	fmt.Fprintln(stdout, "added to the do-not-contact list")
	return nil
}

// report prints the campaign KPIs with goals, baselines and trends.
func report(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("report", flag.ContinueOnError)
	fs.SetOutput(stderr)
	asJSON := fs.Bool("json", false, "print JSON (the kpis object has every KPI with current, goal and baseline)")
	if err := fs.Parse(args); err != nil {
		return &usageError{err.Error()}
	}
	c, err := adminClient(getenv)
	if err != nil {
		return err
	}
	rep, err := c.Report(ctx)
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(rep)
	}
	return rep.Text(stdout)
}
