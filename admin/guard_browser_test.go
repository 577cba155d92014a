package admin_test

import (
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/abmsync/abmsync/admin"
	"github.com/abmsync/abmsync/internal/redistest"
	"github.com/abmsync/abmsync/store"
)

// TestCrossSiteAttackBrowser is the cross-site request forgery in a real
// browser: the admin has opened /monitoring with HTTP Basic auth (Chromium
// caches the credentials), then visits a page on another site
// (http://localhost:PORT, the admin server being http://127.0.0.1:PORT).
// That page submits forms to the admin server: text/plain bodies that are
// JSON followed by "=" (what a form can send), to /api/forget at the top
// level and to /api/resync, /api/do-not-contact and asynqmon's queue pause
// in hidden frames. The browser does send the cached credentials (a
// cross-site GET of /api/status is answered), but every form is refused
// and nothing changes.
func TestCrossSiteAttackBrowser(t *testing.T) {
	ctx := startChromium(t)
	rdb := redistest.Client(t, db, false)
	st := store.New(rdb, redistest.Prefix(t, rdb))
	mon := &monitoringCalls{}
	b := setupWith(t, testToken, st, func(s *admin.Server) {
		s.Monitoring = mon
		s.MonitoringReadWrite = true // the worst case: asynqmon could change queues
	})
	target := b.ts.URL // http://127.0.0.1:PORT

	form := func(id, path, frame, json string) string {
		// text/plain encodes name=value; a name holding the JSON and an
		// empty value give the JSON followed by "=".
		return fmt.Sprintf(`<form id=%q method=post enctype="text/plain" action="%s%s" target=%q><input type=hidden name="%s" value=""></form>`,
			id, target, path, frame, html.EscapeString(json))
	}
	pages := map[string]string{
		"/read": fmt.Sprintf(`<!doctype html><form id=r method=get action="%s/api/status"></form><script>document.getElementById("r").submit()</script>`, target),
		"/attack": `<!doctype html><title>Cute cats</title>
<iframe name=f1></iframe><iframe name=f2></iframe><iframe name=f3></iframe>` +
			form("resync", "/api/resync", "f1", `{"full":true}`) +
			form("dnc", "/api/do-not-contact", "f2", `{"email":"ceo@alpina.example"}`) +
			form("pause", "/monitoring/api/queues/admin:pause", "f3", `{}`) +
			form("forget", "/api/forget", "_self", `{"email":"ceo@alpina.example"}`) +
			`<script>
for (const id of ["resync", "dnc", "pause"]) document.getElementById(id).submit();
setTimeout(() => document.getElementById("forget").submit(), 500);
</script>`,
	}
	evil := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write([]byte(pages[r.URL.Path]))
	}))
	defer evil.Close()
	evilURL := strings.Replace(evil.URL, "127.0.0.1", "localhost", 1) // another site

	// The admin logs in to asynqmon with Basic auth; Chromium keeps the
	// credentials for the admin server's origin.
	withCreds := strings.Replace(target, "http://", "http://admin:"+testToken+"@", 1)
	if err := chromedp.Do(ctx, chromedp.Navigate(withCreds+"/monitoring/")); err != nil {
		t.Fatal(err)
	}
	// landedText waits for the tab to show an answer of the admin API and
	// returns its text. Evaluating while a form navigates fails; try again.
	landedText := func(what string) string {
		t.Helper()
		expr := fmt.Sprintf(`location.href.startsWith(%q) && document.body ? document.body.innerText : ""`, target+"/api/")
		var last error
		for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
			text, err := chromedp.Run(ctx, chromedp.Evaluate[string](expr))
			if err == nil && text != "" {
				return text
			}
			last = err
		}
		t.Fatalf("%s: the form did not land on the admin server (%v)", what, last)
		return ""
	}

	if err := chromedp.Do(ctx, chromedp.Navigate(evilURL+"/read")); err != nil {
		t.Fatal(err)
	}
	if got := landedText("cross-site read"); !strings.Contains(got, `"queues"`) {
		t.Fatalf("a cross-site GET of /api/status was not answered with the status, so the browser sent no credentials and the attack below proves nothing: %s", got)
	}

	if err := chromedp.Do(ctx, chromedp.Navigate(evilURL+"/attack")); err != nil {
		t.Fatal(err)
	}
	if got := landedText("forget"); !strings.Contains(got, "cross-origin request refused") {
		t.Errorf("the cross-site forget was answered %q, want the cross-origin refusal", got)
	}
	// The frames' requests were sent before the top-level one.
	if got := sideEffects(t, b, mon); got != "" {
		t.Errorf("the cross-site forms changed something: %s", got)
	}
	if logs := b.logs.String(); !strings.Contains(logs, "cross-origin request refused") {
		t.Errorf("the refusals are not logged:\n%s", logs)
	}
}
