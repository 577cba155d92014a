package admin_test

import (
	"bytes"
	"context"
	"flag"
	"image/png"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// chromiumPath is Debian's chromium package; .ci/run installs it.
const chromiumPath = "/usr/bin/chromium"

// updateScreenshots rewrites the reference screenshots in testdata/:
// go test ./admin/ -run Browser -update-screenshots
var updateScreenshots = flag.Bool("update-screenshots", false, "rewrite admin/testdata/dashboard*.png")

// Browser viewport: fixed, so the screenshots are comparable.
const viewportW, viewportH = 1280, 1000

// TestDashboardBrowser walks the dashboard in headless Chromium as a CRM
// user would: redirected to the login, a wrong token refused, the right one
// accepted, the KPIs and funnel shown, an account opened from its link, its
// key contacts listed. The page must run with its Content-Security-Policy
// without a single console error or script.
//
// Screenshots: the pages are rendered from a fixed clock and campaign, and
// two runs on one machine give byte-identical PNGs; but text rendering
// depends on the installed fonts, so another machine's Chromium draws other
// pixels. The PNGs in testdata/ are therefore a visual reference
// (-update-screenshots rewrites them), and the test checks only that the
// screenshot is a PNG of the fixed viewport width; it reports a difference
// from the reference without failing.
func TestDashboardBrowser(t *testing.T) {
	ctx := startChromium(t)
	b := setupDashboard(t, testToken, nil, false)

	// Console errors include CSP violations: a style or script the policy
	// blocks would show here. Do with no step opens the tab, so that the
	// listener sees the events from the first page on.
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start %s: %v", chromiumPath, err)
	}
	var mu sync.Mutex
	var consoleErrors []string
	err := chromedp.Listen(ctx, func(ev any) {
		mu.Lock()
		defer mu.Unlock()
		switch ev := ev.(type) {
		case *cdplog.EventEntryAdded:
			// Network errors are the statuses the test asks for (the
			// wrong token's 401); the HTTP tests check statuses.
			if ev.Entry.Level == cdplog.EntryLevelError && ev.Entry.Source != cdplog.EntrySourceNetwork {
				consoleErrors = append(consoleErrors, string(ev.Entry.Source)+": "+ev.Entry.Text)
			}
		case *runtime.EventExceptionThrown:
			consoleErrors = append(consoleErrors, ev.ExceptionDetails.Text)
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, cdplog.Enable, cdp.Empty{}); err != nil {
		t.Fatal(err)
	}

	run := func(what string, steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, steps...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	text := func(sel string) string {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
		if err != nil {
			t.Fatalf("text of %s: %v", sel, err)
		}
		return v
	}
	count := func(sel string) int {
		t.Helper()
		nodes, err := chromedp.Run(ctx, chromedp.Nodes(chromedp.CSSAll(sel), chromedp.AtLeast(0)))
		if err != nil {
			t.Fatalf("nodes %s: %v", sel, err)
		}
		return len(nodes)
	}
	screenshot := func() []byte {
		t.Helper()
		shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatalf("screenshot: %v", err)
		}
		return shot
	}

	run("open /dashboard",
		chromedp.EmulateViewport(viewportW, viewportH),
		chromedp.Navigate(b.ts.URL+"/dashboard"),
		chromedp.WaitVisible(chromedp.ID("token")))
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(loc, "/dashboard/login") {
		t.Errorf("unauthenticated /dashboard went to %s, want the login", loc)
	}

	run("log in with a wrong token",
		chromedp.SendKeys(chromedp.ID("token"), "a wrong guess"),
		chromedp.Click(chromedp.ID("login")),
		chromedp.WaitVisible(chromedp.ID("login-error")))
	if got := text("#login-error"); !strings.Contains(got, "Wrong admin token") {
		t.Errorf("wrong token message %q", got)
	}

	run("log in",
		chromedp.SendKeys(chromedp.ID("token"), testToken),
		chromedp.Click(chromedp.ID("login")),
		chromedp.WaitVisible(chromedp.ID("kpis")))
	kpis := text("#kpis")
	for _, want := range []string{"Reach: engaged contacts per target account", "reach_per_account", "time_to_close_days", "Net Promoter Score"} {
		if !strings.Contains(kpis, want) {
			t.Errorf("KPI table lacks %q:\n%s", want, kpis)
		}
	}
	funnel := text("#funnel")
	if i, j := strings.Index(funnel, "ICP fit companies"), strings.Index(funnel, "Advocates"); i < 0 || j < i {
		t.Errorf("funnel text %q: want ICP first, advocates last", funnel)
	}
	if bars, goals := count("#reach-chart rect.bar"), count("#reach-chart line.goal"); bars != 3 || goals != 1 {
		t.Errorf("reach chart: %d bars and %d goal lines, want 3 and 1", bars, goals)
	}
	dashShot := screenshot()

	run("open the account",
		chromedp.Click(chromedp.CSS(`#accounts a[href="/dashboard/accounts/c1"]`)),
		chromedp.WaitVisible(chromedp.ID("contacts")))
	if got := text("#account-name"); got != "Alpina Pharma AG" {
		t.Errorf("account page of %q", got)
	}
	contacts := text("#contacts")
	for _, want := range []string{"Dr. Eva Maier", "Head of Quality Assurance", "decision maker", warmPath,
		"Max Gruber", "gatekeeper", "press", "linkedin", "web", hostilePerson} {
		if !strings.Contains(contacts, want) {
			t.Errorf("key contacts table lacks %q:\n%s", want, contacts)
		}
	}
	for _, banned := range []string{dncByName, dncByEmail, "Hans Redl"} {
		if strings.Contains(contacts, banned) {
			t.Errorf("key contacts table lists %q", banned)
		}
	}
	if others := text("#other-people"); !strings.Contains(others, "Hans Redl") || !strings.Contains(others, "Editorially responsible") {
		t.Errorf("people who are not buying-committee members: %q", others)
	}
	if n := count("script, img"); n != 0 {
		t.Errorf("the hostile input made %d script or img elements", n)
	}
	accountShot := screenshot()

	mu.Lock()
	if len(consoleErrors) > 0 {
		t.Errorf("console errors (CSP violations?): %q", consoleErrors)
	}
	mu.Unlock()

	checkScreenshot(t, "dashboard.png", dashShot)
	checkScreenshot(t, "dashboard-account.png", accountShot)
}

// startChromium starts headless Chromium for one test and returns its
// context (30 s at most); the test is skipped when Chromium is missing,
// and fails then in CI.
func startChromium(t *testing.T) context.Context {
	t.Helper()
	if _, err := os.Stat(chromiumPath); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s is missing, and CI is set: the browser test must run in CI (.ci/run installs Debian's chromium package): %v", chromiumPath, err)
		}
		t.Skipf("%s is missing: install Debian's chromium package (apt-get install chromium) to run the browser test", chromiumPath)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromiumPath),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.Flag("disable-background-networking", true),
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.NoFirstRun,
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("force-device-scale-factor", "1"),
		chromedp.Flag("font-render-hinting", "none"),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(viewportW, viewportH),
	)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	ctx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	t.Cleanup(cancelAlloc)
	ctx, cancelBrowser := chromedp.NewContext(ctx)
	t.Cleanup(cancelBrowser)
	return ctx
}

// checkScreenshot checks that shot is a PNG as wide as the viewport, and
// compares it with testdata/name (see TestDashboardBrowser for why a
// difference is only reported).
func checkScreenshot(t *testing.T, name string, shot []byte) {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(shot))
	if err != nil {
		t.Fatalf("%s: not a PNG: %v", name, err)
	}
	if w := img.Bounds().Dx(); w != viewportW {
		t.Errorf("%s: %d pixels wide, want the viewport's %d", name, w, viewportW)
	}
	path := filepath.Join("testdata", name)
	if *updateScreenshots {
		if err := os.WriteFile(path, shot, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if ref, err := os.ReadFile(path); err == nil && !slices.Equal(ref, shot) {
		out := filepath.Join(os.TempDir(), "abmsync-"+name)
		_ = os.WriteFile(out, shot, 0o644)
		t.Logf("%s differs from %s (fonts differ between machines; not a failure); this run's screenshot: %s", name, path, out)
	}
}
