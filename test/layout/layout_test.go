package layout

import (
	"bufio"
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"testing"
)

// module is the module path every package of ours starts with.
const module = "github.com/abmsync/abmsync"

// topLevel is the whole top level of the repository. A new top-level
// folder is a change of the layout: add it here, give it a rule below and
// describe it in ARCHITECTURE.md ("Folders").
var topLevel = []string{
	"admin", "campaign", "cmd", "config", "connectors", "crm", "daemon",
	"deploy", "internal", "jobs", "keycontacts", "metrics", "store", "test",
	"traffic", "workers",
}

// redisAndQueue are the outside modules that bring Redis or the job queue.
// Connectors and domain packages must not depend on them, not even through
// another package: Redis belongs to the store and the internal helpers
// that connect to it, the queue to jobs, workers, admin and daemon.
var redisAndQueue = []string{
	"github.com/redis/go-redis",
	"github.com/alicebob/miniredis",
	"github.com/hibiken/asynq",
}

// A rule says what the packages in one folder may import of the module.
// Besides the folders in may, a package may always import the packages of
// its own unit: its top-level folder, or for connectors/<name>/... its own
// connector (so a connector may import its test fake, but no other
// connector). The rules cover the code that ships, not _test.go files,
// which may import whatever a test needs to exercise its package.
type rule struct {
	// folder is a module-relative folder; the rule covers it and every
	// folder below it.
	folder string
	// may lists the module-relative folders (each with everything below
	// it) the packages may import besides their own unit.
	may []string
	// noDeps lists outside module path prefixes the packages must not
	// depend on, directly or through another package.
	noDeps []string
	// noImports lists standard packages the packages must not import
	// themselves.
	noImports []string
	// why states the rule in words; failures quote it.
	why string
}

var (
	// domain is what a domain package may import: the record model, the
	// platform helpers and the other domain packages.
	domain = []string{"crm", "internal", "keycontacts", "metrics", "traffic"}
	// belowApp is everything below the workers and the admin server.
	belowApp = []string{"crm", "config", "internal", "jobs", "connectors", "keycontacts", "metrics", "traffic", "store", "campaign"}
)

// rules, most specific folder first: a package follows the first rule
// whose folder holds it.
var rules = []rule{
	{
		folder: "crm",
		why:    "crm is the record model every layer shares: it imports nothing of the module",
	},
	{
		folder: "internal/redisconn",
		may:    []string{"config"},
		why:    "internal/* holds platform helpers and imports nothing above it; internal/redisconn alone reads config (its Redis section)",
	},
	{
		folder: "internal",
		why:    "internal/* holds platform helpers and imports nothing above it (other internal/* packages only; internal/redisconn alone may read config)",
	},
	{
		folder: "config",
		may:    []string{"internal"},
		why:    "config is the typed configuration: it imports only internal/* helpers",
	},
	{
		folder: "jobs",
		may:    []string{"crm"},
		why:    "jobs holds task contracts only: it imports crm and nothing else of the module",
	},
	{
		folder: "store",
		may:    []string{"crm", "internal"},
		why:    "store is the Redis keyspace at the bottom: it stores bytes and plain records and imports only crm and internal/* (never a connector, domain package, campaign or anything above)",
	},
	{
		folder: "connectors",
		may:    []string{"crm", "internal"},
		noDeps: redisAndQueue,
		why:    "a connector speaks to one outside system or file format: it imports crm, internal/* and its own subpackages (its test fake), never another connector, a domain package or store, and no Redis or queue client",
	},
	{
		folder:    "keycontacts",
		may:       domain,
		noDeps:    redisAndQueue,
		noImports: []string{"net", "net/http"},
		why:       "domain packages (keycontacts/*, metrics, traffic) do no I/O: they import crm, internal/* and each other, never a connector, store, jobs, campaign or anything above, no Redis or queue client, and no net or net/http",
	},
	{
		folder:    "metrics",
		may:       domain,
		noDeps:    redisAndQueue,
		noImports: []string{"net", "net/http"},
		why:       "domain packages (keycontacts/*, metrics, traffic) do no I/O: they import crm, internal/* and each other, never a connector, store, jobs, campaign or anything above, no Redis or queue client, and no net or net/http",
	},
	{
		// traffic's tracker is an http.Handler that the daemon mounts on
		// its own listener, and its matcher looks up reverse DNS through
		// an injected Resolver: net and net/http are the domain's tools
		// here, not I/O of its own (it starts no server and stores nothing).
		folder: "traffic",
		may:    domain,
		noDeps: redisAndQueue,
		why:    "domain packages (keycontacts/*, metrics, traffic) do no I/O of their own: traffic imports crm, internal/* and other domain packages, never a connector, store, jobs, campaign or anything above, and no Redis or queue client; it alone may use net and net/http, for the tracker's http.Handler and the injected DNS resolver",
	},
	{
		folder: "campaign",
		may:    []string{"crm", "internal", "keycontacts", "metrics", "traffic", "store", "connectors"},
		why:    "campaign holds the application services that combine store and domain (and read hand-imported files through connectors): it never imports config, jobs, workers, admin, daemon, cmd or test",
	},
	{
		folder: "workers",
		may:    belowApp,
		why:    "workers run the jobs with everything below them: they never import admin, daemon, cmd or test",
	},
	{
		folder: "admin",
		may:    belowApp,
		why:    "admin serves the admin API and dashboard with everything below it: it never imports workers, daemon, cmd or test",
	},
	{
		folder: "daemon",
		may:    append(slices.Clone(belowApp), "workers", "admin", "deploy"),
		why:    "daemon is the composition root: it wires everything but cmd and test",
	},
	{
		folder: "cmd",
		may:    append(slices.Clone(belowApp), "workers", "admin", "deploy", "daemon"),
		why:    "cmd is the thin main and CLI: it may import everything but test",
	},
	{
		folder: "deploy",
		may:    []string{"config", "internal"},
		why:    "deploy holds deployment files, the embedded examples and their checks: its Go code may read config and internal/* and nothing above",
	},
	{
		folder: "test",
		may:    append(slices.Clone(belowApp), "workers", "admin", "deploy", "daemon"),
		why:    "test/* holds whole-system suites: they may import any package of the module but cmd, and nothing imports them",
	},
}

// within reports whether the module-relative path rel is folder or below it.
func within(rel, folder string) bool {
	return rel == folder || strings.HasPrefix(rel, folder+"/")
}

// ruleFor returns the rule that covers rel, or nil when no rule does.
func ruleFor(rel string) *rule {
	for i := range rules {
		if within(rel, rules[i].folder) {
			return &rules[i]
		}
	}
	return nil
}

// unit is what a package may always import: its own connector under
// connectors/, else its top-level folder.
func unit(rel string) string {
	parts := strings.Split(rel, "/")
	if parts[0] == "connectors" && len(parts) > 1 {
		return "connectors/" + parts[1]
	}
	return parts[0]
}

// allowed reports whether the package at from may import the one at to
// (both module-relative) under r.
func (r *rule) allowed(from, to string) bool {
	if within(to, unit(from)) {
		return true
	}
	for _, f := range r.may {
		if within(to, f) {
			return true
		}
	}
	return false
}

// mayList is r.may as written in a failure message.
func (r *rule) mayList() string {
	if len(r.may) == 0 {
		return "only its own folder"
	}
	out := make([]string, len(r.may))
	for i, f := range r.may {
		out[i] = f
		if f == "internal" || f == "connectors" || f == "keycontacts" {
			out[i] = f + "/*"
		}
	}
	return "only its own folder and " + strings.Join(out, ", ")
}

// rel returns p relative to the module, and whether p is in the module.
func rel(p string) (string, bool) {
	if p == module {
		return "", true
	}
	r, ok := strings.CutPrefix(p, module+"/")
	return r, ok
}

// graph is the import graph of the module's packages and everything they
// depend on, as go list reports it (code that ships; no _test.go files).
type graph struct {
	imports map[string][]string // import path -> its direct imports
	ours    []string            // module-relative paths of the module's packages, sorted
}

// moduleRoot finds the module's root folder above the test's working
// directory (the package folder, when go test runs it).
func moduleRoot(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		b, err := os.ReadFile(filepath.Join(dir, "go.mod"))
		if err == nil {
			for _, line := range strings.Split(string(b), "\n") {
				if f := strings.Fields(line); len(f) == 2 && f[0] == "module" {
					if strings.Trim(f[1], `"`) != module {
						t.Fatalf("%s/go.mod declares module %s, not %s", dir, f[1], module)
					}
					return dir
				}
			}
			t.Fatalf("%s/go.mod has no module line", dir)
		}
		if !errors.Is(err, os.ErrNotExist) {
			t.Fatal(err)
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test's working directory")
		}
		dir = parent
	}
}

// goTool is the go command: the one on PATH, as when go test runs, else
// the one of the toolchain that built the test.
func goTool() string {
	if p, err := exec.LookPath("go"); err == nil {
		return p
	}
	return filepath.Join(runtime.GOROOT(), "bin", "go")
}

// loadGraph lists the module's packages and all their dependencies with
// their direct imports.
func loadGraph(t *testing.T, root string) graph {
	t.Helper()
	cmd := exec.Command(goTool(), "list", "-deps", "-f", "{{.ImportPath}}{{range .Imports}} {{.}}{{end}}", "./...")
	cmd.Dir = root
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list -deps ./... in %s: %v\n%s", root, err, stderr.Bytes())
	}
	g := graph{imports: map[string][]string{}}
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) == 0 {
			continue
		}
		g.imports[f[0]] = f[1:]
		if r, ok := rel(f[0]); ok {
			g.ours = append(g.ours, r)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	sort.Strings(g.ours)
	if len(g.ours) == 0 {
		t.Fatalf("go list -deps ./... in %s listed no package of %s", root, module)
	}
	return g
}

// pathTo returns the shortest import chain from the package from to a
// package whose path starts with prefix, or nil when there is none.
func (g graph) pathTo(from, prefix string) []string {
	prev := map[string]string{from: ""}
	queue := []string{from}
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		if p != from && (p == prefix || strings.HasPrefix(p, prefix+"/")) {
			var chain []string
			for q := p; q != ""; q = prev[q] {
				chain = append(chain, q)
			}
			slices.Reverse(chain)
			return chain
		}
		for _, d := range g.imports[p] {
			if _, seen := prev[d]; !seen {
				prev[d] = p
				queue = append(queue, d)
			}
		}
	}
	return nil
}

// short writes an import path module-relative when it is ours.
func short(p string) string {
	if r, ok := rel(p); ok {
		if r == "" {
			return "(module root)"
		}
		return r
	}
	return p
}

// TestTopLevel checks that the repository's top level holds exactly the
// folders of the layout, so that a new one is added deliberately.
func TestTopLevel(t *testing.T) {
	t.Parallel()
	root := moduleRoot(t)
	entries, err := os.ReadDir(root)
	if err != nil {
		t.Fatal(err)
	}
	ignored := gitignoredNames(t, root)
	var have []string
	for _, e := range entries {
		if !e.IsDir() || strings.HasPrefix(e.Name(), ".") || ignored[e.Name()] {
			continue
		}
		have = append(have, e.Name())
	}
	for _, d := range have {
		if !slices.Contains(topLevel, d) {
			t.Errorf("top level: folder %s/ is not part of the layout: put its code into an existing folder, or add it deliberately to topLevel and a rule in test/layout and to ARCHITECTURE.md", d)
		}
	}
	for _, d := range topLevel {
		if !slices.Contains(have, d) {
			t.Errorf("top level: folder %s/ of the layout is missing: remove it from topLevel, its rule and ARCHITECTURE.md if that is intended", d)
		}
	}
}

// gitignoredNames returns the plain names the root .gitignore excludes
// (such as bin/ and out/, where builds and the sample campaign write), so
// that local build output is not mistaken for a folder of the layout.
func gitignoredNames(t *testing.T, root string) map[string]bool {
	t.Helper()
	names := map[string]bool{}
	b, err := os.ReadFile(filepath.Join(root, ".gitignore"))
	if errors.Is(err, os.ErrNotExist) {
		return names
	}
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") || strings.HasPrefix(line, "!") {
			continue
		}
		line = strings.Trim(line, "/")
		if line != "" && !strings.ContainsAny(line, "/*?[\\") {
			names[line] = true
		}
	}
	return names
}

// TestArchitectureListsTheTopLevel checks that ARCHITECTURE.md's folder
// list ("Folders": the first word of each unindented line of the section's
// code block) names exactly the folders of topLevel.
func TestArchitectureListsTheTopLevel(t *testing.T) {
	t.Parallel()
	root := moduleRoot(t)
	b, err := os.ReadFile(filepath.Join(root, "ARCHITECTURE.md"))
	if err != nil {
		t.Fatal(err)
	}
	var listed []string
	section, block := false, false
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "## ") {
			if section {
				break
			}
			section = strings.TrimSpace(line[3:]) == "Folders"
			continue
		}
		if !section {
			continue
		}
		if strings.HasPrefix(line, "```") {
			if block {
				break // the first code block of the section is the list
			}
			block = true
			continue
		}
		if block && line != "" && line[0] != ' ' {
			name, _, _ := strings.Cut(line, " ")
			if d, ok := strings.CutSuffix(name, "/"); ok {
				listed = append(listed, d)
			}
		}
	}
	if len(listed) == 0 {
		t.Fatal(`ARCHITECTURE.md has no "## Folders" section with a code block listing "name/  description" lines`)
	}
	for _, d := range listed {
		if !slices.Contains(topLevel, d) {
			t.Errorf("ARCHITECTURE.md lists %s/, which is not in test/layout's topLevel", d)
		}
	}
	for _, d := range topLevel {
		if !slices.Contains(listed, d) {
			t.Errorf("ARCHITECTURE.md's Folders section does not describe %s/", d)
		}
	}
}

// TestImports checks every package of the module against its folder's
// rule: what of the module it imports, what outside modules it depends on,
// and that it belongs to a folder of the layout at all.
func TestImports(t *testing.T) {
	t.Parallel()
	g := loadGraph(t, moduleRoot(t))

	// A package no rule covers is reported once, with its importers; its
	// importers are not blamed for it as well.
	importers := map[string][]string{}
	for _, from := range g.ours {
		for _, imp := range g.imports[modPath(from)] {
			if to, ok := rel(imp); ok {
				importers[to] = append(importers[to], from)
			}
		}
	}
	for _, p := range g.ours {
		if ruleFor(p) == nil {
			by := "nothing"
			if len(importers[p]) > 0 {
				by = strings.Join(importers[p], ", ")
			}
			t.Errorf("package %s belongs to no folder of the layout (imported by %s): move it into a folder that has a rule, or add its folder deliberately to test/layout and ARCHITECTURE.md", short(modPath(p)), by)
		}
	}

	for _, from := range g.ours {
		r := ruleFor(from)
		if r == nil {
			continue
		}
		for _, imp := range g.imports[modPath(from)] {
			if to, ok := rel(imp); ok {
				if ruleFor(to) != nil && !r.allowed(from, to) {
					t.Errorf("%s imports %s: forbidden by the rule for %s/, which may import %s: %s", from, short(imp), r.folder, r.mayList(), r.why)
				}
				continue
			}
			if slices.Contains(r.noImports, imp) {
				t.Errorf("%s imports %s: forbidden by the rule for %s/: %s", from, imp, r.folder, r.why)
			}
		}
		for _, prefix := range r.noDeps {
			if chain := g.pathTo(modPath(from), prefix); chain != nil {
				for i := range chain {
					chain[i] = short(chain[i])
				}
				t.Errorf("%s depends on %s (%s): forbidden by the rule for %s/: %s", from, chain[len(chain)-1], strings.Join(chain, " -> "), r.folder, r.why)
			}
		}
	}
}

// modPath is the import path of the module-relative package r.
func modPath(r string) string {
	if r == "" {
		return module
	}
	return module + "/" + r
}

// TestRuleExamples pins what the rules mean on examples, so that a slip in
// a rule or in its matching shows here and not only as a missed violation.
func TestRuleExamples(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		from, to string
		want     bool
	}{
		{"crm", "internal/httpx", false},
		{"store", "crm", true},
		{"store", "internal/redistest", true},
		{"store", "metrics", false},
		{"store", "keycontacts/merge", false},
		{"store", "connectors/linkedin", false},
		{"store", "traffic", false},
		{"store", "campaign", false},
		{"connectors/hubspot", "connectors/hubspot/hubspottest", true},
		{"connectors/hubspot/hubspottest", "connectors/hubspot", true},
		{"connectors/hubspot", "internal/httpx", true},
		{"connectors/csv", "connectors/linkedin", false},
		{"connectors/hubspot", "connectors/salesforce/salesforcetest", false},
		{"connectors/linkedin", "metrics", false},
		{"connectors/linkedin", "store", false},
		{"keycontacts/people", "keycontacts/roles", true},
		{"keycontacts/people", "connectors/web", false},
		{"metrics", "keycontacts/merge", true},
		{"metrics", "store", false},
		{"metrics", "campaign", false},
		{"traffic", "store", false},
		{"traffic", "connectors/csv", false},
		{"jobs", "crm", true},
		{"jobs", "store", false},
		{"internal/redisconn", "config", true},
		{"internal/redistest", "config", false},
		{"internal/telemetry", "crm", false},
		{"config", "internal/secretbox", true},
		{"config", "crm", false},
		{"campaign", "store", true},
		{"campaign", "workers", false},
		{"workers", "campaign", true},
		{"workers", "admin", false},
		{"admin", "workers", false},
		{"admin", "daemon", false},
		{"daemon", "workers", true},
		{"daemon", "cmd/abmsync", false},
		{"cmd/abmsync", "daemon", true},
		{"cmd/abmsync", "test/bench", false},
		{"deploy/examples", "crm", false},
		{"test/chaos", "daemon", true},
		{"test/bench", "cmd/abmsync", false},
	} {
		r := ruleFor(c.from)
		if r == nil {
			t.Errorf("no rule covers %s", c.from)
			continue
		}
		if got := r.allowed(c.from, c.to); got != c.want {
			t.Errorf("%s may import %s: got %v, want %v (rule for %s/)", c.from, c.to, got, c.want, r.folder)
		}
	}
}

// TestRulesCoverTheTopLevel keeps topLevel and rules in step: every folder
// of the layout has a rule, and no rule names a folder outside it.
func TestRulesCoverTheTopLevel(t *testing.T) {
	t.Parallel()
	for _, d := range topLevel {
		if ruleFor(d) == nil && !slices.ContainsFunc(rules, func(r rule) bool { return within(r.folder, d) }) {
			t.Errorf("top-level folder %s/ has no rule in test/layout", d)
		}
	}
	for _, r := range rules {
		for _, f := range append([]string{r.folder}, r.may...) {
			top, _, _ := strings.Cut(f, "/")
			if !slices.Contains(topLevel, top) {
				t.Errorf("rule for %s/ names %s, which is not a folder of topLevel", r.folder, f)
			}
		}
	}
}
