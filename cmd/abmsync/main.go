// Command abmsync is the ABM sync daemon and its admin CLI:
//
//	abmsync serve   [--config FILE]
//	abmsync resync  [--full] [--object companies|contacts|deals] [--account ID] [--wait]
//	abmsync status  [--json]
//	abmsync report  [--json]
//	abmsync forget  --email ADDRESS
//	abmsync dnc add (--email ADDRESS | --account ID --name NAME)
//	abmsync import linkedin-connections --owner NAME FILE
//	abmsync extract [--json] FILE|URL
//	abmsync classify [--json] TITLE...
//
// See README.md for configuration.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/abmsync/abmsync/config"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	if err != nil {
		fmt.Fprintln(os.Stderr, "abmsync:", err)
	}
	os.Exit(exitCode(err))
}

// usageError is a command-line mistake: exit status 2 like a config error.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

// exitFailure is returned by resync --wait when the run failed; the message
// is already printed.
var errRunFailed = errors.New("sync run failed")

func exitCode(err error) int {
	var ce *config.Error
	var ue *usageError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &ce), errors.As(err, &ue):
		return config.ExitCode
	}
	return 1
}

const usage = `usage: abmsync <command> [flags]

commands:
  serve    run the daemon (workers, scheduler, admin HTTP server)
  resync   ask the running daemon to sync now
  status   show the daemon's sync state and queues
  report   the campaign KPIs against their goals (--json)
  forget   erase a person (--email) from abmsync's state and suppress them
  dnc      add a person to the do-not-contact list
  import   upload a file: import linkedin-connections --owner NAME FILE, import access-log FILE, or import nps [--source NAME] FILE
  extract  print the people the extractor finds on one page (FILE or URL)
  classify print function, seniority, buying role and gatekeeper of job titles

Run "abmsync <command> -h" for the flags of a command.`

// run is the whole program, with its environment injected for tests.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprintln(stderr, usage)
		return &usageError{"missing command"}
	}
	switch args[0] {
	case "serve":
		return serve(ctx, args[1:], getenv, stderr)
	case "resync":
		return resync(ctx, args[1:], getenv, stdout, stderr)
	case "status":
		return status(ctx, args[1:], getenv, stdout, stderr)
	case "report":
		return report(ctx, args[1:], getenv, stdout, stderr)
	case "forget":
		return forget(ctx, args[1:], getenv, stdout, stderr)
	case "dnc":
		return dnc(ctx, args[1:], getenv, stdout, stderr)
	case "import":
		return importCmd(ctx, args[1:], getenv, stdout, stderr)
	case "extract":
		return extract(ctx, args[1:], getenv, stdout, stderr)
	case "classify":
		return classify(ctx, args[1:], getenv, stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprintln(stdout, usage)
		return nil
	}
	fmt.Fprintln(stderr, usage)
	return &usageError{fmt.Sprintf("unknown command %q", args[0])}
}
