package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/abmsync/abmsync/config"
	"github.com/abmsync/abmsync/daemon"
	"github.com/abmsync/abmsync/keycontacts/people"
)

// extractedPerson is one line of "abmsync extract --json".
type extractedPerson struct {
	Name        string  `json:"name"`
	Title       string  `json:"title"`
	GivenName   string  `json:"given_name"`
	FamilyName  string  `json:"family_name"`
	RoleText    string  `json:"role_text"`
	Function    string  `json:"function"`
	Seniority   string  `json:"seniority"`
	BuyingRole  string  `json:"buying_role"`
	Gatekeeper  bool    `json:"gatekeeper"`
	Kind        string  `json:"kind"`
	OrgType     string  `json:"org_type,omitempty"`
	Email       string  `json:"email"`
	Phone       string  `json:"phone"`
	LinkedInURL string  `json:"linkedin_url"`
	Source      string  `json:"source"`
	Confidence  float64 `json:"confidence"`
	URL         string  `json:"url"`
}

// extract runs the people extractor on one page, a file or a URL fetched
// through the same polite, SSRF-guarded fetcher the daemon uses.
func extract(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := newFlags("extract")
	asJSON := fs.Bool("json", false, "print a JSON array")
	path := fs.String("config", "", "config file for the web fetcher and role rules (default $ABMSYNC_CONFIG)")
	if err := parseFlags(fs, args, stdout, stderr); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usageFailure(stderr, "extract", "give one FILE or URL")
	}
	cfg, err := config.LoadContext(ctx, *path, toolEnv(getenv))
	if err != nil {
		return err
	}
	classifier, err := daemon.NewRoles(cfg.Roles)
	if err != nil {
		return err
	}
	body, pageURL, err := readPage(ctx, fs.Arg(0), cfg.Web, stderr)
	if err != nil {
		return err
	}
	var out []extractedPerson
	for _, p := range people.Extract(pageURL, body) {
		e := extractedPerson{Name: p.Name, Title: p.Title, GivenName: p.GivenName, FamilyName: p.FamilyName,
			RoleText: p.RoleText, Kind: p.Kind, Email: p.Email, Phone: p.Phone, LinkedInURL: p.LinkedInURL,
			Source: p.Source, Confidence: p.Confidence, URL: pageURL, OrgType: string(p.OrgType)}
		if p.RoleText != "" {
			// The page's organisation type decides office words such as
			// Vorstand or President.
			cl := classifier.ClassifyIn(p.RoleText, p.OrgType)
			e.Function, e.Seniority, e.BuyingRole, e.Gatekeeper = string(cl.Function), string(cl.Seniority), string(cl.BuyingRole), cl.Gatekeeper
		}
		// Kind overrides the title's function for the two non-buyer kinds.
		if p.Kind != "" && e.Function == "" {
			e.Function = p.Kind
		}
		out = append(out, e)
	}
	if *asJSON {
		if out == nil {
			out = []extractedPerson{}
		}
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	return printExtracted(stdout, out, pageURL)
}

// readPage reads the page extract works on: a URL through the daemon's web
// fetcher (warnings to stderr), else the file src, at most
// web.max_body_bytes of either. pageURL is where the page was read from.
func readPage(ctx context.Context, src string, wc config.WebConfig, stderr io.Writer) (body []byte, pageURL string, err error) {
	if strings.HasPrefix(src, "http://") || strings.HasPrefix(src, "https://") {
		c, err := daemon.NewWeb(wc, slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn})))
		if err != nil {
			return nil, "", err
		}
		page, err := c.Fetch(ctx, src, nil)
		if err != nil {
			return nil, "", err
		}
		return page.Body, page.URL, nil
	}
	f, err := os.Open(src)
	if err != nil {
		return nil, "", fmt.Errorf("extract: %w", err)
	}
	defer f.Close()
	// The daemon never reads more than web.max_body_bytes of a page.
	body, err = io.ReadAll(io.LimitReader(f, wc.MaxBodyBytes+1))
	if err != nil {
		return nil, "", fmt.Errorf("extract: read %s: %w", src, err)
	}
	if int64(len(body)) > wc.MaxBodyBytes {
		return nil, "", fmt.Errorf("extract: %s is larger than web.max_body_bytes (%d bytes)", src, wc.MaxBodyBytes)
	}
	return body, "file://" + src, nil
}

// printExtracted prints the people extract found on pageURL as a table.
func printExtracted(stdout io.Writer, out []extractedPerson, pageURL string) error {
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tROLE\tFUNCTION\tBUYING ROLE\tEMAIL\tSOURCE\tCONFIDENCE")
	for _, e := range out {
		role := e.RoleText
		if e.Kind != "" {
			role += " [" + e.Kind + ": not a buyer]"
		}
		if e.Gatekeeper {
			role += " [gatekeeper]"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%.2f\n", e.Name, dash(role), dash(e.Function), dash(e.BuyingRole), dash(e.Email), e.Source, e.Confidence)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	org := ""
	if len(out) > 0 && out[0].OrgType != "" {
		org = " (organisation read as " + out[0].OrgType + ")"
	}
	fmt.Fprintf(stdout, "%d people found on %s%s\n", len(out), pageURL, org)
	return nil
}

// classify prints the classification of each job title.
func classify(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := newFlags("classify")
	asJSON := fs.Bool("json", false, "print a JSON array")
	path := fs.String("config", "", "config file with role rules (default $ABMSYNC_CONFIG)")
	if err := parseFlags(fs, args, stdout, stderr); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return usageFailure(stderr, "classify", "give at least one TITLE")
	}
	cfg, err := config.LoadContext(ctx, *path, toolEnv(getenv))
	if err != nil {
		return err
	}
	c, err := daemon.NewRoles(cfg.Roles)
	if err != nil {
		return err
	}
	type line struct {
		Title      string `json:"title"`
		Function   string `json:"function"`
		Seniority  string `json:"seniority"`
		BuyingRole string `json:"buying_role"`
		Gatekeeper bool   `json:"gatekeeper"`
		Rule       string `json:"rule"`
	}
	var out []line
	for _, title := range fs.Args() {
		cl := c.Classify(title)
		out = append(out, line{title, string(cl.Function), string(cl.Seniority), string(cl.BuyingRole), cl.Gatekeeper, cl.Rule})
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "TITLE\tFUNCTION\tSENIORITY\tBUYING ROLE\tGATEKEEPER")
	for _, l := range out {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%v\n", l.Title, dash(l.Function), dash(l.Seniority), dash(l.BuyingRole), l.Gatekeeper)
	}
	return tw.Flush()
}

// toolEnv hides the CRM credentials from the local tools' config load: they
// need no CRM, and must not fail for want of one.
func toolEnv(getenv func(string) string) func(string) string {
	return func(k string) string {
		if strings.HasPrefix(k, "ABMSYNC_HUBSPOT_") || k == "ABMSYNC_CRM" {
			return ""
		}
		return getenv(k)
	}
}
