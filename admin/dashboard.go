package admin

import (
	"bytes"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"embed"
	"encoding/base64"
	"encoding/hex"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/abmsync/abmsync/campaign"
	"github.com/abmsync/abmsync/metrics"
	"github.com/abmsync/abmsync/store"
)

// KeyContact is one resolved person of a target account on the dashboard's
// account page: no e-mail address, phone number or fingerprint.
type KeyContact = campaign.KeyContactView

// Dashboard routes and session parameters.
const (
	dashboardPath = "/dashboard"
	loginPath     = dashboardPath + "/login"
	// SessionCookie names the dashboard's session cookie. Its value is a
	// random session id (256 bits, base64url); Redis keeps only
	// HMAC-SHA256(admin token, id) for the session's lifetime, so logging
	// out ends the session on the server, a copy of Redis opens none, and
	// changing the token ends every session.
	SessionCookie = "abmsync_dashboard"
	sessionTTL    = 12 * time.Hour
	// dashboardCSP allows no script, no external resource and no framing;
	// inline styles only, because the pages carry their CSS with them.
	dashboardCSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; " +
		"form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
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
// CSRF: the cross-origin protection of Handler refuses any POST from
// another origin, and the session cookie is SameSite=Strict; besides the
// login, the only POST is the account page's LinkedIn organization form,
// which also refuses requests a browser marks as cross-site.
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
		if got, via := headerToken(r); via != "" {
			switch v, wait := s.verify(r, got, via); v {
			case limited:
				w.Header().Set("Retry-After", retryAfter(wait))
				s.dashError(w, http.StatusTooManyRequests, "Too many wrong tokens from your address: try again in "+retryAfter(wait)+" s.")
			case refused:
				s.dashError(w, http.StatusUnauthorized, "Missing or wrong admin token.")
			default:
				next(w, r)
			}
			return
		}
		if c, err := r.Cookie(SessionCookie); err == nil && c.Value != "" {
			ok, err := s.Store.AdminSessionValid(r.Context(), sessionDigest(s.Token, c.Value))
			if err != nil {
				s.logger().Error("dashboard session check", "err", err)
				s.dashError(w, http.StatusServiceUnavailable, "The session could not be checked (Redis unreachable?).")
				return
			}
			if ok {
				next(w, r)
				return
			}
		}
		http.Redirect(w, r, loginPath, http.StatusSeeOther)
	})
}

// newSessionID returns a random session id for the cookie.
func newSessionID() (string, error) {
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(b[:]), nil
}

// sessionDigest is what Redis keeps of session id: bound to the admin
// token, so another token finds none of the old sessions.
func sessionDigest(token, id string) string {
	m := hmac.New(sha256.New, []byte(token))
	m.Write([]byte("dashboard-session|" + id))
	return hex.EncodeToString(m.Sum(nil))
}

// secureCookie reports whether the session cookie must be Secure: the
// request came over TLS, or people reach the server at an https address
// (admin.public_url; the proxy in front ends TLS).
func (s *Server) secureCookie(r *http.Request) bool {
	return r.TLS != nil || strings.HasPrefix(strings.ToLower(s.PublicURL), "https://")
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
	switch v, wait := s.verify(r, strings.TrimSpace(r.PostForm.Get("token")), viaLogin); v {
	case limited:
		w.Header().Set("Retry-After", retryAfter(wait))
		s.render(w, http.StatusTooManyRequests, "login.html", loginView{Error: "Too many wrong tokens from your address: try again in " + retryAfter(wait) + " s."})
		return
	case refused:
		s.render(w, http.StatusUnauthorized, "login.html", loginView{Error: "Wrong admin token. Use the value of ABMSYNC_ADMIN_TOKEN (or of the embedded default's token file)."})
		return
	}
	id, err := newSessionID()
	if err == nil {
		err = s.Store.SaveAdminSession(r.Context(), sessionDigest(s.Token, id), sessionTTL)
	}
	if err != nil {
		s.logger().Error("dashboard login: start session", "err", err)
		s.render(w, http.StatusServiceUnavailable, "login.html", loginView{Error: "The session could not be started (Redis unreachable?). Try again."})
		return
	}
	http.SetCookie(w, &http.Cookie{
		Name: SessionCookie, Value: id, Path: dashboardPath,
		Expires: time.Now().Add(sessionTTL), MaxAge: int(sessionTTL / time.Second),
		HttpOnly: true, SameSite: http.SameSiteStrictMode, Secure: s.secureCookie(r),
	})
	http.Redirect(w, r, dashboardPath, http.StatusSeeOther)
}

// logout ends the session on the server as well as in the browser: a copy
// of the cookie taken before no longer opens the dashboard.
func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	if c, err := r.Cookie(SessionCookie); err == nil && c.Value != "" && s.Token != "" {
		if err := s.Store.EndAdminSession(r.Context(), sessionDigest(s.Token, c.Value)); err != nil {
			s.logger().Error("dashboard logout: end session", "err", err)
			s.dashError(w, http.StatusServiceUnavailable, "The session could not be ended (Redis unreachable?). Try again.")
			return
		}
	}
	http.SetCookie(w, &http.Cookie{
		Name: SessionCookie, Value: "", Path: dashboardPath, MaxAge: -1,
		HttpOnly: true, SameSite: http.SameSiteStrictMode, Secure: s.secureCookie(r),
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

// kpiLabels names the KPIs of metrics.Keys for people; a key without a label
// is shown as it is.
var kpiLabels = map[string]string{
	metrics.KeyTrafficFromAccounts: "Website visits from target accounts (30 days)",
	metrics.KeyReachPerAccount:     "Reach: engaged contacts per target account",
	metrics.KeyMQAAccounts:         "MQA accounts",
	metrics.KeyAccountsWithSQLs:    "Target accounts with SQLs",
	metrics.KeyTimeToCloseDays:     "Time to close (days)",
	metrics.KeyAvgDealSize:         "Average won deal size",
	metrics.KeyUpsellRevenue:       "Upsell revenue",
	metrics.KeyReferrals:           "Referrals",
	metrics.KeyNPS:                 "Net Promoter Score",
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
