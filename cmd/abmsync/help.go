package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
)

// errHelp is returned by a command that printed the help asked for with
// -h, --help or "abmsync help COMMAND"; run turns it into exit status 0.
var errHelp = errors.New("help printed")

// helpEntry documents one command or subcommand: its usage line after
// "abmsync ", what it does, and whether it talks to the running daemon.
type helpEntry struct {
	name     string // as typed: "resync", "import nps"
	args     string
	summary  string
	usesHTTP bool
	detail   string // more, for the command's own help
}

// commandHelp lists the commands in the order "abmsync help" shows them.
var commandHelp = []helpEntry{
	{"serve", "[--config FILE]", "run the daemon (workers, scheduler, admin HTTP server)", false,
		"Without --config or $ABMSYNC_CONFIG it runs the embedded default: the sample campaign built into the\n" +
			"binary on an in-process Redis (all state is lost on exit), writing out/companies_abm.csv in the working\n" +
			"directory, with an admin token in $ABMSYNC_STATE_DIR/admin-token (default ~/.cache/abmsync) for the CLI."},
	{"resync", "[--full] [--object companies|contacts|deals] [--account ID] [--source crm|web|press|linkedin] [--wait [--poll D] [--retry-for D]]", "ask the running daemon to sync now", true, ""},
	{"status", "[--json]", "show the daemon's sync state and queues", true, ""},
	{"report", "[--json]", "the campaign KPIs against their goals", true, ""},
	{"forget", "--email ADDRESS", "erase a person from abmsync's state and suppress them", true, ""},
	{"dnc", "add (--email ADDRESS | --account ID --name NAME)", "add a person to the do-not-contact list", true, ""},
	{"linkedin-org", "--account ID (--urn URN | --clear)", "confirm, enter or clear a target account's LinkedIn organization", true,
		"--urn urn:li:organization:N (or N) is written to the CRM's abm_linkedin_org_urn by the next LinkedIn sync;\n" +
			"--clear forgets what abmsync found or was told, so the next sync asks LinkedIn's employers typeahead again.\n" +
			"abmsync status lists the accounts waiting for a person, with LinkedIn's candidates."},
	{"import", "linkedin-connections --owner NAME FILE | access-log FILE | nps [--source NAME] FILE", "upload a file to the running daemon", true, ""},
	{"extract", "[--json] [--config FILE] FILE|URL", "print the people the extractor finds on one page", false, ""},
	{"salesforce", "fields --out DIR [--target-field NAME] [--api-version vNN.0]", "write the Salesforce metadata package of abmsync's custom fields", false, ""},
	{"classify", "[--json] [--config FILE] TITLE...", "print function, seniority, buying role and gatekeeper of job titles", false, ""},
}

// subcommandHelp documents the subcommands, which have flags of their own.
var subcommandHelp = []helpEntry{
	{"dnc add", "(--email ADDRESS | --account ID --name NAME)", "add a person to the do-not-contact list: by e-mail address, or by name at a company", true, ""},
	{"import linkedin-connections", "--owner NAME FILE", "upload a colleague's LinkedIn Connections export (Connections.csv); the daemon matches it to the target accounts", true, ""},
	{"import access-log", "FILE", `stream a web-server access log (combined format; "-" reads standard input) to the daemon, which counts the page views of target accounts`, true, ""},
	{"salesforce fields", "--out DIR [--target-field NAME] [--api-version vNN.0]", "write a Metadata API package (package.xml, objects/Account.object, objects/Contact.object, a permission set) creating abmsync's custom fields, for an admin to deploy with the Salesforce CLI when the integration user may not create fields", false, ""},
	{"import nps", "[--source NAME] FILE", "upload survey answers (CSV: company_id or domain, score, date); importing the same source again replaces its answers", true, ""},
}

func findHelp(name string) helpEntry {
	for _, list := range [][]helpEntry{commandHelp, subcommandHelp} {
		for _, h := range list {
			if h.name == name {
				return h
			}
		}
	}
	return helpEntry{name: name}
}

// usage is the overview "abmsync", "abmsync help" and "abmsync -h" print.
func usage() string {
	var b strings.Builder
	b.WriteString("usage: abmsync <command> [flags]\n\ncommands:\n")
	width := len("help") + 1
	for _, c := range commandHelp {
		width = max(width, len(c.name)+1)
	}
	for _, c := range commandHelp {
		fmt.Fprintf(&b, "  %-*s%s\n", width, c.name, c.summary)
	}
	fmt.Fprintf(&b, "  %-*s%s\n", width, "help", "print this, or a command's usage and flags: abmsync help COMMAND")
	b.WriteString("\nRun \"abmsync help COMMAND\" or \"abmsync COMMAND -h\" for the flags of a command.")
	return b.String()
}

// newFlags returns the flag set of a command or subcommand (named as in
// commandHelp) for parseFlags; it prints nothing itself.
func newFlags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return fs
}

// parseFlags parses args into fs. -h, -help and --help print the command's
// help to stdout and return errHelp; a bad flag prints the usage line to
// stderr and returns a usage error naming the command.
func parseFlags(fs *flag.FlagSet, args []string, stdout, stderr io.Writer) error {
	err := fs.Parse(args)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, flag.ErrHelp):
		printHelp(stdout, fs)
		return errHelp
	}
	return usageFailure(stderr, fs.Name(), err.Error())
}

// usageFailure prints the usage line of command name to stderr and returns
// the usage error msg, prefixed with the command's name.
func usageFailure(stderr io.Writer, name, msg string) error {
	h := findHelp(name)
	fmt.Fprintf(stderr, "usage: abmsync %s %s\nRun \"abmsync help %s\" for the flags.\n", h.name, h.args, h.name)
	return &usageError{name + ": " + msg}
}

// printHelp prints the usage line, description and flags of fs's command.
func printHelp(w io.Writer, fs *flag.FlagSet) {
	h := findHelp(fs.Name())
	fmt.Fprintf(w, "usage: abmsync %s %s\n\n%s.\n", h.name, h.args, upperFirst(h.summary))
	if h.detail != "" {
		fmt.Fprintln(w, h.detail)
	}
	hasFlags := false
	fs.VisitAll(func(*flag.Flag) { hasFlags = true })
	if hasFlags {
		fmt.Fprintln(w, "\nflags:")
		fs.SetOutput(w)
		fs.PrintDefaults()
		fs.SetOutput(io.Discard)
	}
	if h.usesHTTP {
		fmt.Fprintln(w, "\nenvironment:\n"+
			"  ABMSYNC_ADMIN_ADDR   the daemon's admin server (default 127.0.0.1:8080)\n"+
			"  ABMSYNC_ADMIN_TOKEN  its admin token (default: the token file the embedded default writes)")
	}
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// isHelpFlag reports whether arg asks for help.
func isHelpFlag(arg string) bool {
	return arg == "-h" || arg == "-help" || arg == "--help"
}

// suggest returns the name in names nearest to typed: the only one typed
// is a prefix of, else the nearest within two edits (a swap of neighbouring
// letters is one edit), else "".
func suggest(typed string, names []string) string {
	typed = strings.ToLower(typed)
	var prefixed []string
	for _, n := range names {
		if len(typed) >= 2 && strings.HasPrefix(n, typed) {
			prefixed = append(prefixed, n)
		}
	}
	if len(prefixed) == 1 {
		return prefixed[0]
	}
	best, bestD := "", 3
	for _, n := range names {
		if d := editDistance(typed, n); d < bestD && d < len(n) {
			best, bestD = n, d
		}
	}
	return best
}

// editDistance is the optimal string alignment distance: insertions,
// deletions, substitutions and swaps of adjacent letters count one each.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	d := make([][]int, len(ra)+1)
	for i := range d {
		d[i] = make([]int, len(rb)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(ra); i++ {
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(ra)][len(rb)]
}
