package admin

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"embed"
	"encoding/hex"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/abmsync/abmsync/campaign"
	"github.com/abmsync/abmsync/kpi"
	"github.com/abmsync/abmsync/store"
)

// KeyContact is one resolved person of a target account on the dashboard's
// account page: no e-mail address, phone number or fingerprint.
type KeyContact = campaign.KeyContactView

// Dashboard routes and session parameters.
const (
	dashboardPath = "/dashboard"
	loginPath     = dashboardPath + "/login"
	// SessionCookie names the dashboard's session cookie. Its value is
	// "<unix expiry>.<hex HMAC-SHA256(token, "dashboard-session|<unix expiry>")>":
	// derived from the admin token, so changing the token ends every session
	// and the server keeps no session state.
	SessionCookie = "abmsync_dashboard"
	sessionTTL    = 12 * time.Hour
	// dashboardCSP allows no script, no external resource and no framing;
	// inline styles only, because the pages carry their CSS with them.
	dashboardCSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; " +
		"form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)

// loginFailDelay is how long a wrong token at the login form holds up every
// login of the process (loginGate is held while waiting), so the token
// cannot be guessed faster than a few tries a second.
var (
	loginFailDelay = 400 * time.Millisecond
	loginGate      sync.Mutex
)

//go:embed dashboard/*.html
var dashboardFS embed.FS

var dashboardTmpl = template.Must(template.New("dashboard").Funcs(template.FuncMap{
	"num":   formatNumber,
	"utc":   formatUTC,
	"human": humanize,
}).ParseFS(dashboardFS, "dashboard/*.html"))

// mountDashboard adds the campaign dashboard: /dashboard, the account pages
// and the login. Every page but the login needs the admin token (Bearer or
// Basic) or a session cookie the login set.
//
// CSRF: the session cookie is SameSite=Strict, so no other site's page can
// send a request that carries it; besides the login, the only POST is the
// account page's LinkedIn organization form, which also refuses requests a
// browser marks as cross-site.
func (s *Server) mountDashboard(mux *http.ServeMux) {
	mux.Handle("GET "+dashboardPath, s.dashAuth(s.dashboard))
	mux.Handle("GET "+dashboardPath+"/{$}", http.RedirectHandler(dashboardPath, http.StatusMovedPermanently))
	mux.Handle("GET "+dashboardPath+"/accounts/{id}", s.dashAuth(s.accountPage))
	mux.Handle("POST "+dashboardPath+"/accounts/{id}/linkedin-organization", s.dashAuth(s.dashLinkedInOrg))
	mux.HandleFunc("GET "+loginPath, s.loginForm)
	mux.HandleFunc("POST "+loginPath, s.login)
	mux.HandleFunc("GET "+dashboardPath+"/logout", s.logout)
}

// dashAuth admits the admin token in a header, else a valid session cookie;
// a browser without either is sent to the login form.
func (s *Server) dashAuth(next http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if s.Token == "" {
			s.dashError(w, http.StatusForbidden, "The dashboard is disabled: set ABMSYNC_ADMIN_TOKEN.")
			return
		}
		if got, ok := headerToken(r); ok {
			if subtle.ConstantTimeCompare([]byte(got), []byte(s.Token)) != 1 {
				s.dashError(w, http.StatusUnauthorized, "Missing or wrong admin token.")
				return
			}
			next(w, r)
			return
		}
		if c, err := r.Cookie(SessionCookie); err == nil && validSession(s.Token, c.Value, time.Now()) {
			next(w, r)
			return
		}
		http.Redirect(w, r, loginPath, http.StatusSeeOther)
	})
}

// sessionValue returns the session cookie value that expires at expiry.
func sessionValue(token string, expiry time.Time) string {
	exp := strconv.FormatInt(expiry.Unix(), 10)
	return exp + "." + hex.EncodeToString(sessionMAC(token, exp))
}

func sessionMAC(token, exp string) []byte {
	m := hmac.New(sha256.New, []byte(token))
	m.Write([]byte("dashboard-session|" + exp))
	return m.Sum(nil)
}

// validSession reports whether v is a session value signed with token that
// has not expired at now.
func validSession(token, v string, now time.Time) bool {
	exp, macHex, ok := strings.Cut(v, ".")
	if !ok {
		return false
	}
	unix, err := strconv.ParseInt(exp, 10, 64)
	if err != nil || !now.Before(time.Unix(unix, 0)) {
		return false
	}
	mac, err := hex.DecodeString(macHex)
	return err == nil && hmac.Equal(mac, sessionMAC(token, exp))
}

type loginView struct {
	Error string
}

func (s *Server) loginForm(w http.ResponseWriter, _ *http.Request) {
	if s.Token == "" {
		s.dashError(w, http.StatusForbidden, "The dashboard is disabled: set ABMSYNC_ADMIN_TOKEN.")
		return
	}
	s.render(w, http.StatusOK, "login.html", loginView{})
}

func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	if s.Token == "" {
		s.dashError(w, http.StatusForbidden, "The dashboard is disabled: set ABMSYNC_ADMIN_TOKEN.")
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, 4<<10)
	if err := r.ParseForm(); err != nil {
		s.render(w, http.StatusBadRequest, "login.html", loginView{Error: "The form could not be read."})
		return
	}
	if subtle.ConstantTimeCompare([]byte(strings.TrimSpace(r.PostForm.Get("token"))), []byte(s.Token)) != 1 {
		loginGate.Lock()
		time.Sleep(loginFailDelay)
		loginGate.Unlock()
		s.logger().Warn("dashboard login with a wrong token", "remote", r.RemoteAddr)
		s.render(w, http.StatusUnauthorized, "login.html", loginView{Error: "Wrong admin token. Use the value of ABMSYNC_ADMIN_TOKEN (or of the embedded default's token file)."})
		return
	}
	expiry := time.Now().Add(sessionTTL)
	http.SetCookie(w, &http.Cookie{
		Name: SessionCookie, Value: sessionValue(s.Token, expiry), Path: dashboardPath,
		Expires: expiry, MaxAge: int(sessionTTL / time.Second),
		HttpOnly: true, SameSite: http.SameSiteStrictMode, Secure: r.TLS != nil,
	})
	http.Redirect(w, r, dashboardPath, http.StatusSeeOther)
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{
		Name: SessionCookie, Value: "", Path: dashboardPath, MaxAge: -1,
		HttpOnly: true, SameSite: http.SameSiteStrictMode, Secure: r.TLS != nil,
	})
	http.Redirect(w, r, loginPath, http.StatusSeeOther)
}

func (s *Server) dashboard(w http.ResponseWriter, r *http.Request) {
	rep, err := s.Report(r.Context())
	if err != nil {
		s.logger().Error("dashboard report", "err", err)
		s.dashError(w, http.StatusServiceUnavailable, "The report could not be computed: "+err.Error())
		return
	}
	s.render(w, http.StatusOK, "dashboard.html", newDashboardView(rep))
}

func (s *Server) accountPage(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	rep, err := s.Report(r.Context())
	if err != nil {
		s.logger().Error("dashboard report", "err", err)
		s.dashError(w, http.StatusServiceUnavailable, "The report could not be computed: "+err.Error())
		return
	}
	v, ok := newAccountView(rep, id)
	if !ok {
		s.dashError(w, http.StatusNotFound, "No target account with id "+id+".")
		return
	}
	if s.AccountContacts != nil {
		contacts, err := s.AccountContacts(r.Context(), id)
		if err != nil {
			s.logger().Error("dashboard key contacts", "account", id, "err", err)
			s.dashError(w, http.StatusServiceUnavailable, "The key contacts could not be read: "+err.Error())
			return
		}
		v.addContacts(contacts)
	}
	if v.LinkedInOrg = s.newOrgView(r.Context(), id); v.LinkedInOrg != nil {
		switch r.URL.Query().Get("linkedin") {
		case store.OrgConfirmed:
			v.LinkedInOrg.Message = "Confirmed: the next LinkedIn sync writes it to abm_linkedin_org_urn."
		case "cleared":
			v.LinkedInOrg.Message = "Cleared: the next LinkedIn sync asks LinkedIn again."
		}
	}
	s.render(w, http.StatusOK, "account.html", v)
}

type errorView struct {
	Status  int
	Message string
}

func (s *Server) dashError(w http.ResponseWriter, status int, msg string) {
	s.render(w, status, "error.html", errorView{Status: status, Message: msg})
}

// render executes the named template into a buffer first, so that a
// template error is a clean 500 rather than half a page.
func (s *Server) render(w http.ResponseWriter, status int, name string, data any) {
	var buf bytes.Buffer
	if err := dashboardTmpl.ExecuteTemplate(&buf, name, data); err != nil {
		s.logger().Error("render dashboard page", "template", name, "err", err)
		status, buf = http.StatusInternalServerError, bytes.Buffer{}
		buf.WriteString("dashboard: the page could not be rendered\n")
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	} else {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
	}
	h := w.Header()
	h.Set("Content-Security-Policy", dashboardCSP)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	// Source links lead to company websites: they need not learn the
	// admin server's address.
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// accountHref is the dashboard address of a target account's page.
func accountHref(id string) string {
	return dashboardPath + "/accounts/" + url.PathEscape(id)
}

// sourceHref returns u when it is an http(s) address to link to, else "":
// a LinkedIn export or a CSV file is named, not linked.
func sourceHref(u string) string {
	p, err := url.Parse(u)
	if err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" {
		return ""
	}
	return u
}

// kpiLabels names the KPIs of kpi.Keys for people; a key without a label
// is shown as it is.
var kpiLabels = map[string]string{
	kpi.KeyTrafficFromAccounts: "Website visits from target accounts (30 days)",
	kpi.KeyReachPerAccount:     "Reach: engaged contacts per target account",
	kpi.KeyMQAAccounts:         "MQA accounts",
	kpi.KeyAccountsWithSQLs:    "Target accounts with SQLs",
	kpi.KeyTimeToCloseDays:     "Time to close (days)",
	kpi.KeyAvgDealSize:         "Average won deal size",
	kpi.KeyUpsellRevenue:       "Upsell revenue",
	kpi.KeyReferrals:           "Referrals",
	kpi.KeyNPS:                 "Net Promoter Score",
}

// kindLabels names the kinds of people who are not buying-committee
// members.
var kindLabels = map[string]string{
	"editorial_responsible": "Editorially responsible (imprint)",
	"data_protection":       "Data-protection officer",
}

// formatNumber formats an int, a float64 or a *float64 with thousands
// separators and at most two decimals; nil is "–".
func formatNumber(v any) string {
	switch x := v.(type) {
	case int:
		return groupThousands(strconv.Itoa(x))
	case int64:
		return groupThousands(strconv.FormatInt(x, 10))
	case float64:
		return formatFloat(x)
	case *float64:
		if x == nil {
			return "–"
		}
		return formatFloat(*x)
	}
	return "–"
}

func formatFloat(v float64) string {
	s := strconv.FormatFloat(v, 'f', 2, 64)
	s = strings.TrimSuffix(strings.TrimRight(s, "0"), ".")
	if s == "-0" {
		s = "0"
	}
	return groupThousands(s)
}

// groupThousands puts a comma between every three digits of the integer
// part of a decimal number s.
func groupThousands(s string) string {
	sign := ""
	if strings.HasPrefix(s, "-") {
		sign, s = "-", s[1:]
	}
	intPart, frac, hasFrac := strings.Cut(s, ".")
	var b strings.Builder
	for i, r := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if hasFrac {
		return sign + b.String() + "." + frac
	}
	return sign + b.String()
}

// formatUTC shows t in UTC with the zone named; the zero time is "–".
func formatUTC(t time.Time) string {
	if t.IsZero() {
		return "–"
	}
	return t.UTC().Format("2006-01-02 15:04 UTC")
}

// humanize turns an identifier such as "decision_maker" into words.
func humanize(s string) string {
	return strings.ReplaceAll(s, "_", " ")
}
