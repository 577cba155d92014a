package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/abmsync/abmsync/config"
	"github.com/abmsync/abmsync/connectors/hubspot"
	"github.com/abmsync/abmsync/connectors/hubspot/hubspottest"
	"github.com/abmsync/abmsync/crm"
	"github.com/abmsync/abmsync/internal/redistest"
	"github.com/abmsync/abmsync/workers"
)

// nodeClientDir holds package.json (HubSpot's official Node client pinned),
// its lock file and pull.mjs.
const nodeClientDir = "nodeclient"

// nodeClientGoal is the bar README "Performance" measures against:
// abmsync's full sync (pull, store, metrics, push) in at most this share of
// the time the official Node client needs only to pull the same records.
const nodeClientGoal = 0.85

// pullSpec is one object the Node client pulls, in pull.mjs's --objects
// format.
type pullSpec struct {
	Object       string   `json:"object"`
	Properties   []string `json:"properties"`
	Associations []string `json:"associations"`
}

// abmsyncPullSpecs returns what abmsync's full sync asks the list endpoint
// for, object by object, as the daemon started by startDaemon does:
// workers.Request, plus the configured ICP attribute properties (companies)
// and referral and survey properties (contacts, deals) of config.Default, as
// PullHandler adds them, plus the last-modified property the hubspot
// connector adds when it is missing.
func abmsyncPullSpecs() []pullSpec {
	cfg := config.Default()
	var out []pullSpec
	for _, obj := range []crm.ObjectType{crm.Companies, crm.Contacts, crm.Deals} {
		req := workers.Request(obj)
		props := slices.Clone(req.Properties)
		var extra []string
		switch obj {
		case crm.Companies:
			for _, a := range cfg.ICP.Attributes {
				extra = append(extra, a.Property)
			}
		case crm.Contacts:
			if cfg.Referrals.SourceProperty != "" {
				extra = append(extra, cfg.Referrals.SourceProperty, cfg.Referrals.ReferrerProperty)
			}
			extra = append(extra, cfg.NPS.ContactProperty, cfg.NPS.DateProperty)
		case crm.Deals:
			if cfg.Referrals.SourceProperty != "" {
				extra = append(extra, cfg.Referrals.SourceProperty, cfg.Referrals.ReferrerProperty)
			}
		}
		if mod, ok := hubspot.ModifiedProperty(obj); ok {
			extra = append(extra, mod)
		}
		for _, p := range extra {
			if p != "" && !slices.Contains(props, p) {
				props = append(props, p)
			}
		}
		assoc := []string{}
		for _, a := range req.Associations {
			assoc = append(assoc, string(a))
		}
		out = append(out, pullSpec{Object: string(obj), Properties: props, Associations: assoc})
	}
	return out
}

// v3Proxy is a reverse proxy in front of a fake portal that serves the
// Node client's paths (/crm/v3/objects/{type}...) from the fake's
// date-versioned ones (/crm/objects/{version}/{type}...). It counts as part
// of the fake: the official client knows only the v3 paths. It remembers the
// first list query of each object type, to show what the client asked for.
type v3Proxy struct {
	srv *httptest.Server
	tr  *http.Transport

	mu       sync.Mutex
	requests int
	first    map[string]string // object type -> raw query of its first list request
}

// newV3Proxy starts a v3Proxy on loopback in front of the fake at target,
// whose CRM paths carry the date version version.
func newV3Proxy(target *url.URL, version string) *v3Proxy {
	p := &v3Proxy{tr: &http.Transport{MaxIdleConnsPerHost: 16}, first: map[string]string{}}
	rp := &httputil.ReverseProxy{
		Transport: p.tr,
		Rewrite: func(r *httputil.ProxyRequest) {
			r.SetURL(target)
			if rest, ok := strings.CutPrefix(r.In.URL.Path, "/crm/v3/objects/"); ok {
				r.Out.URL.Path, r.Out.URL.RawPath = "/crm/objects/"+version+"/"+rest, ""
				if !strings.Contains(rest, "/") && r.In.Method == http.MethodGet {
					p.mu.Lock()
					if _, seen := p.first[rest]; !seen {
						p.first[rest] = r.In.URL.RawQuery
					}
					p.mu.Unlock()
				}
			}
			p.mu.Lock()
			p.requests++
			p.mu.Unlock()
		},
	}
	p.srv = httptest.NewServer(rp)
	return p
}

// URL is the proxy's base URL, the Node client's basePath.
func (p *v3Proxy) URL() string { return p.srv.URL }

// Close stops the proxy.
func (p *v3Proxy) Close() {
	p.srv.Close()
	p.tr.CloseIdleConnections()
}

// Requests returns how many requests the proxy forwarded.
func (p *v3Proxy) Requests() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.requests
}

// FirstListQuery returns the query of the first list request for objectType.
func (p *v3Proxy) FirstListQuery(objectType string) string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.first[objectType]
}

// ensureNodeClient skips b when node or npm is missing, and installs the
// pinned client with `npm ci` (from the lock file) when node_modules lacks
// it or holds another version. It returns node's version and the client's.
func ensureNodeClient(b *testing.B) (node, client string) {
	b.Helper()
	for _, tool := range []string{"node", "npm"} {
		if _, err := exec.LookPath(tool); err != nil {
			skipLoudly(b, "%s is not on PATH: skipping the comparison with HubSpot's Node client (bench/nodeclient needs node and npm)", tool)
		}
	}
	ver, err := exec.Command("node", "--version").Output()
	if err != nil {
		skipLoudly(b, "node --version: %v: skipping the comparison with HubSpot's Node client", err)
	}
	var pkg struct {
		Dependencies map[string]string `json:"dependencies"`
	}
	readJSON(b, filepath.Join(nodeClientDir, "package.json"), &pkg)
	want := pkg.Dependencies["@hubspot/api-client"]
	var installed struct {
		Version string `json:"version"`
	}
	if data, err := os.ReadFile(filepath.Join(nodeClientDir, "node_modules", "@hubspot", "api-client", "package.json")); err == nil {
		_ = json.Unmarshal(data, &installed)
	}
	if installed.Version != want {
		start := time.Now()
		cmd := exec.Command("npm", "ci", "--no-audit", "--no-fund")
		cmd.Dir = nodeClientDir
		if out, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("npm ci in bench/%s: %v\n%s", nodeClientDir, err, out)
		}
		b.Logf("npm ci installed @hubspot/api-client %s in %.1fs", want, time.Since(start).Seconds())
	}
	return strings.TrimSpace(string(ver)), want
}

// skipLoudly skips b with the message, and also prints it to stderr
// without -test.v, where Go does not show a benchmark's skip message.
func skipLoudly(b *testing.B, format string, args ...any) {
	b.Helper()
	if !testing.Verbose() {
		fmt.Fprintf(os.Stderr, "%s: SKIP: %s\n", b.Name(), fmt.Sprintf(format, args...))
	}
	b.Skipf(format, args...)
}

func readJSON(b testing.TB, path string, v any) {
	b.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	if err := json.Unmarshal(data, v); err != nil {
		b.Fatalf("%s: %v", path, err)
	}
}

// nodePull is what pull.mjs prints.
type nodePull struct {
	Companies, Contacts, Deals int
	Associations               map[string]int
	Pages                      int
	MS                         float64
}

// runNodePull runs pull.mjs against portal through a v3Proxy and returns its
// result, the node process's wall time and the proxy, which the caller
// closes.
func runNodePull(b *testing.B, portal *hubspottest.Server, specs []pullSpec) (nodePull, time.Duration, *v3Proxy) {
	b.Helper()
	target, err := url.Parse(portal.URL())
	if err != nil {
		b.Fatal(err)
	}
	proxy := newV3Proxy(target, hubspottest.DefaultVersion)
	objects, err := json.Marshal(specs)
	if err != nil {
		b.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "node", "pull.mjs", "--base-url", proxy.URL(), "--token", portal.AccessToken(), "--objects", string(objects))
	cmd.Dir = nodeClientDir
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	err = cmd.Run()
	wall := time.Since(start)
	if err != nil {
		proxy.Close()
		b.Fatalf("node pull.mjs: %v\n%s", err, stderr.String())
	}
	var res nodePull
	if err := json.Unmarshal(stdout.Bytes(), &res); err != nil {
		proxy.Close()
		b.Fatalf("node pull.mjs printed %q: %v", stdout.String(), err)
	}
	return res, wall, proxy
}

// checkNodeRequests fails b unless the Node client asked for exactly the
// properties and associations of specs, 100 records a page, and returns a
// summary (with -test.v, the queries themselves).
func checkNodeRequests(b *testing.B, proxy *v3Proxy, specs []pullSpec) string {
	b.Helper()
	var parts []string
	for _, s := range specs {
		raw := proxy.FirstListQuery(s.Object)
		q, err := url.ParseQuery(raw)
		if err != nil {
			b.Fatalf("%s list query %q: %v", s.Object, raw, err)
		}
		split := func(vals []string) []string {
			var out []string
			for _, v := range vals {
				out = append(out, strings.Split(v, ",")...)
			}
			slices.Sort(out)
			return out
		}
		gotP, gotA := split(q["properties"]), split(q["associations"])
		wantP, wantA := slices.Sorted(slices.Values(s.Properties)), slices.Sorted(slices.Values(s.Associations))
		if !slices.Equal(gotP, wantP) || !slices.Equal(gotA, wantA) || q.Get("limit") != "100" {
			b.Fatalf("Node client's %s list: limit %s, properties %v, associations %v; want limit 100, %v, %v",
				s.Object, q.Get("limit"), gotP, gotA, wantP, wantA)
		}
		if testing.Verbose() {
			b.Logf("Node client's first %s request: GET /crm/v3/objects/%s?%s", s.Object, s.Object, raw)
		}
		parts = append(parts, fmt.Sprintf("%s %d properties%s", s.Object, len(gotP), strings.Join(append([]string{""}, gotA...), " + ")))
	}
	return strings.Join(parts, ", ")
}

// portalAssociations counts the associations of every live record of
// fromType to toType in portal.
func portalAssociations(portal *hubspottest.Server, fromType, toType string) int {
	n := 0
	for _, id := range portal.IDs(fromType) {
		n += len(portal.Associations(fromType, id, toType))
	}
	return n
}

// nodeLogOnce logs what BenchmarkNodeClientPull compares once per process:
// Go runs a benchmark with b.N 1 before the requested count and keeps at
// most 10 lines of its log.
var nodeLogOnce sync.Once

// BenchmarkNodeClientPull compares abmsync's full sync with HubSpot's
// official Node client (@hubspot/api-client, pinned in
// bench/nodeclient/package.json) pulling the same records: on a
// portal generated like BenchmarkSync's (10,000 companies, 100,000 contacts,
// 20,000 deals, no rate limit) the client pulls companies, contacts and
// deals one after another, 100 a page, with the properties and associations
// abmsync requests (node_pull_s: from its first request to its last answer,
// without node's start-up); then, on a fresh portal from the same generator
// and an empty Redis database 7, abmsync runs a full sync (pull, store,
// metrics, push) as BenchmarkSync does (abmsync_full_s). ratio is
// abmsync_full_s / node_pull_s; the goal is at most nodeClientGoal. With
// -benchtime Nx the two alternate N times (the order swaps each round) and
// the metrics are the means (api_calls and write_calls: the last round's);
// each round is logged. Skips without node and
// npm; installs the client with npm ci when bench/nodeclient/node_modules
// lacks it.
func BenchmarkNodeClientPull(b *testing.B) {
	nodeVersion, clientVersion := ensureNodeClient(b)
	redistest.Client(b, db, true) // fail early without Redis
	gen := hubspottest.DefaultGenOptions()
	gen.Now = time.Now().UTC()
	specs := abmsyncPullSpecs()
	total := gen.Companies + gen.Contacts + gen.Deals
	targets := int(float64(gen.Companies) * gen.TargetShare)
	minFull := gen.Companies/100 + gen.Contacts/100 + gen.Deals/100 + (targets+99)/100

	var nodeLine string
	nodeOnce := func() (pull, process time.Duration) {
		portal := hubspottest.NewServer(hubspottest.Options{Data: hubspottest.Generate(gen)})
		defer portal.Close()
		runtime.GC()
		res, wall, proxy := runNodePull(b, portal, specs)
		defer proxy.Close()
		if res.Companies != gen.Companies || res.Contacts != gen.Contacts || res.Deals != gen.Deals {
			b.Fatalf("Node client pulled %d companies, %d contacts, %d deals; want %d, %d, %d",
				res.Companies, res.Contacts, res.Deals, gen.Companies, gen.Contacts, gen.Deals)
		}
		for _, s := range specs {
			for _, to := range s.Associations {
				key := s.Object + "->" + to
				if want := portalAssociations(portal, s.Object, to); res.Associations[key] != want {
					b.Fatalf("Node client received %d %s associations, the portal has %d", res.Associations[key], key, want)
				}
			}
		}
		summary := checkNodeRequests(b, proxy, specs)
		nodeLogOnce.Do(func() {
			b.Logf("Node client @hubspot/api-client %s on node %s, abmsync's list requests: %s; through the v3 proxy: %d requests",
				clientVersion, nodeVersion, summary, proxy.Requests())
		})
		pull = time.Duration(res.MS * float64(time.Millisecond))
		nodeLine = fmt.Sprintf("Node client pull %.1fs (node process %.1fs, %d pages, %d records, associations %v)",
			pull.Seconds(), wall.Seconds(), res.Pages, res.Companies+res.Contacts+res.Deals, res.Associations)
		return pull, wall
	}
	abmsyncOnce := func(round int) time.Duration {
		redistest.Client(b, db, true)
		portal := hubspottest.NewServer(hubspottest.Options{Data: hubspottest.Generate(gen)})
		defer portal.Close()
		runtime.GC()
		c, stop := startDaemon(b, portal, 1_000_000, 1000)
		run, wall, calls := syncOnce(b, c, portal, true)
		stop()
		if run.Pulled != int64(total) {
			b.Fatalf("abmsync pulled %d records, want %d", run.Pulled, total)
		}
		report(b, result{fmt.Sprintf("round %d, abmsync full sync", round+1), wall, run, calls, minFull})
		return wall
	}

	var nodeSum, procSum, abmSum time.Duration
	b.ResetTimer()
	for i := range b.N {
		var node, proc, abm time.Duration
		if i%2 == 0 {
			node, proc = nodeOnce()
			abm = abmsyncOnce(i)
		} else {
			abm = abmsyncOnce(i)
			node, proc = nodeOnce()
		}
		b.Logf("round %d: abmsync full sync %.1fs / %s = ratio %.2f (goal <= %.2f)",
			i+1, abm.Seconds(), nodeLine, abm.Seconds()/node.Seconds(), nodeClientGoal)
		nodeSum, procSum, abmSum = nodeSum+node, procSum+proc, abmSum+abm
	}
	n := float64(b.N)
	b.ReportMetric(nodeSum.Seconds()/n, "node_pull_s")
	b.ReportMetric(procSum.Seconds()/n, "node_process_s")
	b.ReportMetric(abmSum.Seconds()/n, "abmsync_full_s")
	// report set these for the last round; make them means like the rest.
	b.ReportMetric(abmSum.Seconds()/n, "wall_s")
	b.ReportMetric(float64(total)*n/abmSum.Seconds(), "records/s")
	b.ReportMetric(abmSum.Seconds()/nodeSum.Seconds(), "ratio")
}

// TestV3Proxy checks the path-rewriting proxy BenchmarkNodeClientPull puts
// in front of the fake portal: a v3 list request reaches the fake's
// date-versioned list with its repeated query parameters, and the first
// query per object is remembered.
func TestV3Proxy(t *testing.T) {
	t.Parallel()
	portal := hubspottest.NewServer(hubspottest.Options{Data: hubspottest.Generate(hubspottest.GenOptions{
		Companies: 3, Contacts: 5, Deals: 2, TargetShare: 0.5, Seed: 1})})
	defer portal.Close()
	target, err := url.Parse(portal.URL())
	if err != nil {
		t.Fatal(err)
	}
	proxy := newV3Proxy(target, hubspottest.DefaultVersion)
	defer proxy.Close()
	const query = "limit=2&properties=email&properties=firstname&associations=companies&archived=false"
	req, err := http.NewRequest(http.MethodGet, proxy.URL()+"/crm/v3/objects/contacts?"+query, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+portal.AccessToken())
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var page struct {
		Results []struct {
			Properties   map[string]*string         `json:"properties"`
			Associations map[string]json.RawMessage `json:"associations"`
		} `json:"results"`
		Paging struct {
			Next struct {
				After string `json:"after"`
			} `json:"next"`
		} `json:"paging"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&page); err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK || len(page.Results) != 2 || page.Paging.Next.After == "" {
		t.Fatalf("status %d, %d results, after %q; want 200, 2 and a next page", resp.StatusCode, len(page.Results), page.Paging.Next.After)
	}
	r := page.Results[0]
	if _, ok := r.Properties["firstname"]; !ok || r.Associations["companies"] == nil {
		t.Errorf("first record %+v lacks firstname or its companies", r)
	}
	if got := portal.Calls()["GET /crm/objects/{v}/contacts"]; got != 1 {
		t.Errorf("fake served %d date-versioned contact lists, want 1 (calls %v)", got, portal.Calls())
	}
	if got := proxy.FirstListQuery("contacts"); got != query || proxy.Requests() != 1 {
		t.Errorf("proxy remembered %q after %d requests, want %q after 1", got, proxy.Requests(), query)
	}
}
