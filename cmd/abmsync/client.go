package main

import (
	"context"
	"encoding/json"
	"errors"
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
	fs := newFlags("resync")
	full := fs.Bool("full", false, "list every record instead of changes since the cursor; removes records deleted in the CRM")
	allowMass := fs.Bool("allow-mass-delete", false, "with --full: let the run delete more than sync.max_delete_share of an object's records (when the CRM really lost them)")
	object := fs.String("object", "", "only this object type: companies, contacts or deals")
	account := fs.String("account", "", "compute and push only this company id")
	source := fs.String("source", "crm", "what to sync: crm (pull, metrics, push), web (key contacts from the accounts' websites), press (trade-press feeds and articles) or linkedin (Matched Audience and ad engagement)")
	wait := fs.Bool("wait", false, "print progress until the run ends; exit non-zero if it fails")
	interval := fs.Duration("poll", 500*time.Millisecond, "progress poll interval with --wait")
	retryFor := fs.Duration("retry-for", 60*time.Second, "with --wait: how long the admin API may stay unreachable or failing (5xx) before giving up")
	if err := parseFlags(fs, args, stdout, stderr); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageFailure(stderr, "resync", fmt.Sprintf("unexpected argument %q", fs.Arg(0)))
	}
	if *interval <= 0 {
		return usageFailure(stderr, "resync", "--poll must be positive")
	}
	c, err := adminClient(getenv)
	if err != nil {
		return err
	}
	src := *source
	if src == "crm" {
		src = ""
	}
	if *allowMass && !*full {
		return usageFailure(stderr, "resync", "--allow-mass-delete goes with --full")
	}
	res, err := c.Resync(ctx, admin.ResyncRequest{Full: *full, Object: *object, Account: *account, Source: src, AllowMassDelete: *allowMass})
	if err != nil {
		return err
	}
	if res.Run.ID == "" {
		return errors.New("resync: the daemon answered without a run id; nothing to wait for (abmsync status shows the last run)")
	}
	switch {
	case res.Existing:
		fmt.Fprintf(stdout, "run %s (scope %s) is already %s and covers this request; joining it\n", res.Run.ID, res.Run.ScopeKey, res.Run.State)
	case res.Run.WaitingFor != "":
		fmt.Fprintf(stdout, "run %s queued (scope %s): waits for run(s) %s, which write the same records\n", res.Run.ID, res.Run.ScopeKey, res.Run.WaitingFor)
	default:
		fmt.Fprintf(stdout, "run %s started (scope %s)\n", res.Run.ID, res.Run.ScopeKey)
	}
	if !*wait {
		return nil
	}
	return waitRun(ctx, c, res.Run.ID, waitOptions{every: *interval, retryFor: *retryFor}, stdout, stderr)
}

// runAppearTimeout bounds how long waitRun waits for a run that is being
// started to be recorded.
const runAppearTimeout = 5 * time.Second

// waitOptions are resync --wait's poll interval and how long the admin API
// may fail in a row before waitRun gives up.
type waitOptions struct {
	every, retryFor time.Duration
}

// waitRun prints a progress line whenever the run's counters change, until
// the run ends. Transient admin-API failures (unreachable, 5xx: Redis away,
// daemon restarting) are retried until they last opt.retryFor in a row; the
// first of a series is reported once on stderr. A run that does not exist
// (any more) or comes back without id or state ends the wait with an error.
func waitRun(ctx context.Context, c *admin.Client, id string, opt waitOptions, stdout, stderr io.Writer) error {
	last := ""
	t := time.NewTicker(opt.every)
	defer t.Stop()
	created := time.Now()
	seen := false
	var failingSince time.Time // zero while the admin API answers
	for {
		run, err := c.Run(ctx, id)
		if ctx.Err() != nil {
			return ctx.Err()
		}
		var apiErr *admin.APIError
		notFound := errors.As(err, &apiErr) && apiErr.Status == http.StatusNotFound
		switch {
		case notFound && !seen && time.Since(created) < runAppearTimeout:
			// A run another request is starting has its scope but not yet
			// its record: wait for it to appear.
		case notFound:
			return fmt.Errorf("run %s not found: the daemon has no record of it (expired, or the daemon restarted with an empty store); not waiting for it", id)
		case err != nil && transient(err):
			if failingSince.IsZero() {
				failingSince = time.Now()
				fmt.Fprintf(stderr, "admin API unavailable (%v); retrying for up to %s\n", err, opt.retryFor)
			} else if time.Since(failingSince) >= opt.retryFor {
				return fmt.Errorf("admin API still unavailable after %s (--retry-for) while waiting for run %s; giving up (the run may still finish: abmsync status): %w",
					opt.retryFor, id, err)
			}
		case err != nil:
			return err
		default:
			if !failingSince.IsZero() {
				fmt.Fprintf(stderr, "admin API answering again after %s\n", time.Since(failingSince).Round(100*time.Millisecond))
				failingSince = time.Time{}
			}
			if run.ID == "" || run.State == "" {
				return fmt.Errorf("run %s: the admin API returned a record without id or state (expired or partly written); not waiting for it", id)
			}
			seen = true
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
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
		}
	}
}

// transient reports whether a failed admin-API call may succeed if repeated:
// the daemon unreachable or restarting, a broken answer, or a 5xx (its
// Redis away). 4xx answers (wrong token, bad request) are final.
func transient(err error) bool {
	var apiErr *admin.APIError
	if errors.As(err, &apiErr) {
		return apiErr.Status >= 500 || apiErr.Status == http.StatusTooManyRequests || apiErr.Status == http.StatusRequestTimeout
	}
	return true
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
	if r.WaitingFor != "" && !r.Done() {
		s += "  waiting for run " + r.WaitingFor
	}
	return s
}

func status(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := newFlags("status")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := parseFlags(fs, args, stdout, stderr); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageFailure(stderr, "status", fmt.Sprintf("unexpected argument %q", fs.Arg(0)))
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
	if len(st.LinkedInOrganizations) > 0 {
		fmt.Fprintf(stdout, "\nLinkedIn organizations to confirm (abmsync linkedin-org --account ID --urn URN):\n")
		fmt.Fprintf(stdout, "%-12s %-30s %-10s %s\n", "ACCOUNT", "NAME", "STATUS", "CANDIDATES")
		for _, o := range st.LinkedInOrganizations {
			var cands []string
			for _, c := range o.Candidates {
				cands = append(cands, fmt.Sprintf("%s (%s)", c.URN, c.Name))
			}
			fmt.Fprintf(stdout, "%-12s %-30s %-10s %s\n", o.Account, dash(o.Name), o.Status, dash(strings.Join(cands, ", ")))
		}
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
	fs := newFlags("forget")
	email := fs.String("email", "", "the person's e-mail address (required)")
	if err := parseFlags(fs, args, stdout, stderr); err != nil {
		return err
	}
	if *email == "" || fs.NArg() > 0 {
		return usageFailure(stderr, "forget", "give --email ADDRESS and nothing else")
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
	if len(args) > 0 && isHelpFlag(args[0]) {
		args = []string{"add", args[0]} // add is dnc's only subcommand
	}
	switch {
	case len(args) == 0:
		return usageFailure(stderr, "dnc add", "missing subcommand add")
	case args[0] != "add":
		return usageFailure(stderr, "dnc add", fmt.Sprintf("unknown subcommand %q; the only one is add", args[0]))
	}
	fs := newFlags("dnc add")
	email := fs.String("email", "", "e-mail address to suppress")
	account := fs.String("account", "", "company id, with --name")
	name := fs.String("name", "", "person's name, with --account")
	if err := parseFlags(fs, args[1:], stdout, stderr); err != nil {
		return err
	}
	if *email == "" && (*account == "" || *name == "") || fs.NArg() > 0 {
		return usageFailure(stderr, "dnc add", "give --email, or --account and --name")
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

// linkedInOrg confirms, enters or clears a target account's LinkedIn
// organization.
func linkedInOrg(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := newFlags("linkedin-org")
	account := fs.String("account", "", "company id (required)")
	urn := fs.String("urn", "", "the organization: urn:li:organization:N or N")
	clearOrg := fs.Bool("clear", false, "forget the organization abmsync found or was told; the next LinkedIn sync asks again")
	if err := parseFlags(fs, args, stdout, stderr); err != nil {
		return err
	}
	if *account == "" || (*urn == "") == !*clearOrg || fs.NArg() > 0 {
		return usageFailure(stderr, "linkedin-org", "give --account ID and either --urn URN or --clear")
	}
	c, err := adminClient(getenv)
	if err != nil {
		return err
	}
	res, err := c.LinkedInOrg(ctx, admin.LinkedInOrgRequest{Account: *account, URN: *urn, Clear: *clearOrg})
	if err != nil {
		return err
	}
	if res.URN != "" {
		fmt.Fprintf(stdout, "account %s: %s %s; %s\n", res.Account, res.Status, res.URN, res.Note)
	} else {
		fmt.Fprintf(stdout, "account %s: %s; %s\n", res.Account, res.Status, res.Note)
	}
	return nil
}

// report prints the campaign KPIs with goals, baselines and trends.
func report(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := newFlags("report")
	asJSON := fs.Bool("json", false, "print JSON (the kpis object has every KPI with current, goal and baseline)")
	if err := parseFlags(fs, args, stdout, stderr); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageFailure(stderr, "report", fmt.Sprintf("unexpected argument %q", fs.Arg(0)))
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
