package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// TestHelp asks every command and subcommand for help in the three ways:
// each prints its usage line and flags on stdout, nothing on stderr, and
// exits 0, without reaching for a daemon.
func TestHelp(t *testing.T) {
	t.Parallel()
	// name → a word of its help that only the command's own help shows.
	tests := map[string]string{
		"serve":                       "-config",
		"resync":                      "-retry-for",
		"status":                      "-json",
		"report":                      "-json",
		"forget":                      "-email",
		"dnc":                         "-account",
		"dnc add":                     "-name",
		"import":                      "access-log FILE",
		"import linkedin-connections": "-owner",
		"import access-log":           "standard input",
		"import nps":                  "-source",
		"extract":                     "-json",
		"classify":                    "-json",
	}
	for name, want := range tests {
		words := strings.Fields(name)
		for _, args := range [][]string{
			append([]string{"help"}, words...),
			append(words[:len(words):len(words)], "-h"),
			append(words[:len(words):len(words)], "--help"),
		} {
			var out, errb bytes.Buffer
			// No ABMSYNC_ADMIN_ADDR: a command that tried the daemon would fail.
			err := run(context.Background(), args, envFunc(map[string]string{"ABMSYNC_ADMIN_ADDR": "127.0.0.1:1"}), &out, &errb)
			if err != nil || exitCode(err) != 0 {
				t.Errorf("%q: %v (exit %d)", args, err, exitCode(err))
			}
			if !strings.HasPrefix(out.String(), "usage: abmsync "+words[0]) || !strings.Contains(out.String(), want) {
				t.Errorf("%q printed:\n%s\nwant its usage with %q", args, out.String(), want)
			}
			if errb.Len() > 0 {
				t.Errorf("%q wrote to stderr:\n%s", args, errb.String())
			}
		}
	}
	for _, args := range [][]string{{"help"}, {"-h"}, {"--help"}, {"help", "help"}} {
		var out bytes.Buffer
		if err := run(context.Background(), args, envFunc(nil), &out, &out); err != nil || !strings.Contains(out.String(), "commands:") {
			t.Errorf("%q: %v\n%s", args, err, out.String())
		}
	}
}

// TestUnknownCommandSuggests names the nearest command for a typo and exits 2.
func TestUnknownCommandSuggests(t *testing.T) {
	t.Parallel()
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"resnyc"}, `unknown command "resnyc"; did you mean "resync"?`},
		{[]string{"stauts", "--json"}, `did you mean "status"?`},
		{[]string{"improt"}, `did you mean "import"?`},
		{[]string{"stat"}, `did you mean "status"?`},
		{[]string{"Serve"}, `did you mean "serve"?`},
		{[]string{"hlep"}, `did you mean "help"?`},
		{[]string{"help", "reprot"}, `unknown command "reprot"; did you mean "report"?`},
		{[]string{"import", "acces-log", "x.log"}, `import: unknown kind "acces-log"; did you mean "access-log"?`},
		{[]string{"frobnicate"}, `unknown command "frobnicate"`},
	}
	for _, tc := range tests {
		var out, errb bytes.Buffer
		err := run(context.Background(), tc.args, envFunc(nil), &out, &errb)
		if err == nil || exitCode(err) != 2 || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: %v (exit %d), want %q with exit 2", tc.args, err, exitCode(err), tc.want)
		}
		if tc.args[0] == "frobnicate" && (strings.Contains(err.Error(), "did you mean") || !strings.Contains(errb.String(), "commands:")) {
			t.Errorf("frobnicate: %v; stderr:\n%s\nwant no suggestion and the command list", err, errb.String())
		}
	}
}

func TestSuggest(t *testing.T) {
	t.Parallel()
	names := []string{"serve", "resync", "status", "report", "forget", "dnc", "import", "extract", "classify", "help"}
	for typed, want := range map[string]string{
		"resnyc": "resync", "resyncc": "resync", "rsync": "resync", "statsu": "status", "clasify": "classify",
		"extarct": "extract", "dcn": "dnc", "im": "import", "re": "", "x": "", "deploy": "", "": "",
	} {
		if got := suggest(typed, names); got != want {
			t.Errorf("suggest(%q) = %q, want %q", typed, got, want)
		}
	}
}
