package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"slices"
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

// errRunFailed is returned by resync --wait when the run failed.
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

// run is the whole program, with its environment injected for tests.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	err := dispatch(ctx, args, getenv, stdout, stderr)
	if errors.Is(err, errHelp) {
		return nil // the help asked for is printed
	}
	return err
}

// commandFunc is one command, given the arguments after its name.
type commandFunc func(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error

func dispatch(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprintln(stderr, usage())
		return &usageError{"missing command"}
	}
	cmds := map[string]commandFunc{
		"serve": serve, "resync": resync, "status": status, "report": report, "forget": forget,
		"dnc": dnc, "linkedin-org": linkedInOrg, "import": importCmd, "extract": extract, "classify": classify,
		"salesforce": salesforceCmd,
	}
	switch name := args[0]; {
	case isHelpFlag(name) || name == "help" && len(args) == 1:
		fmt.Fprintln(stdout, usage())
		return nil
	case name == "help":
		// help COMMAND [SUBCOMMAND] is COMMAND [SUBCOMMAND] -h.
		if args[1] == "help" {
			fmt.Fprintln(stdout, usage())
			return nil
		}
		if cmds[args[1]] == nil {
			return unknownCommand(args[1], stderr)
		}
		return cmds[args[1]](ctx, append(slices.Clone(args[2:]), "-h"), getenv, stdout, stderr)
	case cmds[name] != nil:
		return cmds[name](ctx, args[1:], getenv, stdout, stderr)
	}
	return unknownCommand(args[0], stderr)
}

// unknownCommand is the usage error for a command that does not exist,
// suggesting the nearest one when there is one.
func unknownCommand(name string, stderr io.Writer) error {
	names := []string{"help"}
	for _, c := range commandHelp {
		names = append(names, c.name)
	}
	if s := suggest(name, names); s != "" {
		return &usageError{fmt.Sprintf("unknown command %q; did you mean %q?", name, s)}
	}
	fmt.Fprintln(stderr, usage())
	return &usageError{fmt.Sprintf("unknown command %q", name)}
}
