package salesforcetest

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Options configures a Server.
type Options struct {
	// ClientID and ClientSecret are the connected app's credentials;
	// RefreshToken is the refresh token the app holds. Defaults:
	// "client-id", "client-secret", "refresh-token".
	ClientID, ClientSecret, RefreshToken string
	// ClientCredentials enables the client-credentials flow.
	ClientCredentials bool
	// DailyLimit is the org's daily API allowance (default 1,000,000).
	DailyLimit int
	// Now is the fake's clock (default time.Now).
	Now func() time.Time
	// DenyTooling makes field creation answer as for a user without the
	// Customize Application permission.
	DenyTooling bool
	// ChildBatch is the most child records (an Opportunity's contact
	// roles) one parent record holds in a query answer (default 200); the
	// rest follow through the nested result's nextRecordsUrl, as
	// Salesforce pages large child relationships.
	ChildBatch int
}

// Server is a fake Salesforce org over httptest. Its methods are safe for
// concurrent use.
type Server struct {
	srv  *httptest.Server
	opts Options

	mu       sync.Mutex
	objects  map[string]*object
	roles    map[string][]string // OpportunityId -> OpportunityContactRole ids
	tokens   map[string]bool     // valid access tokens
	issued   int
	apiUsed  int
	calls    map[string]int
	locators map[string]*locator
	locSeq   int
	fail     []failRule
	lockOnce map[string]int // record id -> UNABLE_TO_LOCK_ROW answers left
	version  string
}

type locator struct {
	obj    *object
	recs   []*record
	pos    int
	fields []string
	subs   []subquery
	batch  int
	base   string
}

type failRule struct {
	route  string
	status int
	code   string
	times  int
}

// NewServer starts a fake org with the standard objects and the target
// account checkbox ABM_Target_Account__c on Account.
func NewServer(opts Options) *Server {
	if opts.ClientID == "" {
		opts.ClientID = "client-id"
	}
	if opts.ClientSecret == "" {
		opts.ClientSecret = "client-secret"
	}
	if opts.RefreshToken == "" {
		opts.RefreshToken = "refresh-token"
	}
	if opts.DailyLimit == 0 {
		opts.DailyLimit = 1_000_000
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.ChildBatch == 0 {
		opts.ChildBatch = 200
	}
	s := &Server{opts: opts, objects: map[string]*object{}, roles: map[string][]string{}, tokens: map[string]bool{},
		calls: map[string]int{}, locators: map[string]*locator{}, lockOnce: map[string]int{}}
	s.objects["Account"] = newObject("Account", "001",
		Field{Name: "Name", Type: "string"}, Field{Name: "Website", Type: "url"}, Field{Name: "Industry", Type: "picklist"},
		Field{Name: "NumberOfEmployees", Type: "int"}, Field{Name: "BillingCountry", Type: "string"},
		Field{Name: "Type", Type: "picklist"}, Field{Name: "Rating", Type: "picklist"},
		Field{Name: "ABM_Target_Account__c", Type: "boolean", Custom: true})
	s.objects["Contact"] = newObject("Contact", "003",
		Field{Name: "AccountId", Type: "reference"}, Field{Name: "FirstName", Type: "string"}, Field{Name: "LastName", Type: "string"},
		Field{Name: "Email", Type: "email"}, Field{Name: "Title", Type: "string"}, Field{Name: "Phone", Type: "phone"},
		Field{Name: "LastActivityDate", Type: "date"}, Field{Name: "HasOptedOutOfEmail", Type: "boolean"},
		Field{Name: "LeadSource", Type: "picklist"})
	s.objects["Opportunity"] = newObject("Opportunity", "006",
		Field{Name: "AccountId", Type: "reference"}, Field{Name: "Name", Type: "string"}, Field{Name: "StageName", Type: "picklist"},
		Field{Name: "IsClosed", Type: "boolean"}, Field{Name: "IsWon", Type: "boolean"}, Field{Name: "Amount", Type: "currency"},
		Field{Name: "CloseDate", Type: "date"}, Field{Name: "Type", Type: "picklist"}, Field{Name: "LeadSource", Type: "picklist"})
	s.objects["OpportunityContactRole"] = newObject("OpportunityContactRole", "00K",
		Field{Name: "OpportunityId", Type: "reference"}, Field{Name: "ContactId", Type: "reference"},
		Field{Name: "Role", Type: "picklist"}, Field{Name: "IsPrimary", Type: "boolean"})
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	return s
}

// Close stops the server.
func (s *Server) Close() { s.srv.Close() }

// URL is the instance URL (and the token endpoint's instance_url).
func (s *Server) URL() string { return s.srv.URL }

// LoginURL is the same server under another host name, standing for
// login.salesforce.com: tokens are fetched there, the API is called on URL.
func (s *Server) LoginURL() string {
	u, _ := url.Parse(s.srv.URL)
	return "http://localhost:" + u.Port()
}

// Calls returns the API requests served by route ("GET query", "GET
// query-more", "GET describe", "GET deleted", "GET limits", "PATCH
// collections", "PATCH upsert", "POST tooling", "POST token").
func (s *Server) Calls() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return maps.Clone(s.calls)
}

// TotalCalls is the sum of Calls.
func (s *Server) TotalCalls() int {
	n := 0
	for _, v := range s.Calls() {
		n += v
	}
	return n
}

// ResetCalls zeroes the call counts.
func (s *Server) ResetCalls() {
	s.mu.Lock()
	s.calls = map[string]int{}
	s.mu.Unlock()
}

// TokensIssued is how many access tokens the token endpoint issued.
func (s *Server) TokensIssued() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.issued
}

// ExpireTokens invalidates every access token (the session timed out).
func (s *Server) ExpireTokens() {
	s.mu.Lock()
	s.tokens = map[string]bool{}
	s.mu.Unlock()
}

// RevokeRefreshToken makes the refresh token invalid.
func (s *Server) RevokeRefreshToken() {
	s.mu.Lock()
	s.opts.RefreshToken = "revoked-" + s.opts.RefreshToken
	s.mu.Unlock()
}

// ExpireLocators forgets every query locator (they expire after 15 minutes
// of inactivity).
func (s *Server) ExpireLocators() {
	s.mu.Lock()
	s.locators = map[string]*locator{}
	s.mu.Unlock()
}

// SetAPIUsage sets the org's API calls used today.
func (s *Server) SetAPIUsage(n int) {
	s.mu.Lock()
	s.apiUsed = n
	s.mu.Unlock()
}

// Fail makes the next times requests of route answer status with a
// Salesforce error body of code.
func (s *Server) Fail(route string, status int, code string, times int) {
	s.mu.Lock()
	s.fail = append(s.fail, failRule{route: route, status: status, code: code, times: times})
	s.mu.Unlock()
}

// LockRow makes the next times updates of record id fail with
// UNABLE_TO_LOCK_ROW.
func (s *Server) LockRow(id string, times int) {
	s.mu.Lock()
	s.lockOnce[id] = times
	s.mu.Unlock()
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json;charset=UTF-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func writeErr(w http.ResponseWriter, status int, code, msg string, fields ...string) {
	if fields == nil {
		fields = []string{}
	}
	writeJSON(w, status, []map[string]any{{"message": msg, "errorCode": code, "fields": fields}})
}

func randHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/services/oauth2/token" {
		s.token(w, r)
		return
	}
	rest, ok := strings.CutPrefix(r.URL.Path, "/services/data/")
	if !ok {
		writeErr(w, 404, "NOT_FOUND", "The requested resource does not exist")
		return
	}
	version, rest, _ := strings.Cut(rest, "/")
	if len(version) < 4 || version[0] != 'v' {
		writeErr(w, 404, "NOT_FOUND", "The requested resource does not exist")
		return
	}
	route := routeOf(r.Method, rest)

	s.mu.Lock()
	defer s.mu.Unlock()
	s.version = version
	s.calls[route]++
	auth := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !s.tokens[auth] {
		writeErr(w, 401, "INVALID_SESSION_ID", "Session expired or invalid")
		return
	}
	s.apiUsed++
	w.Header().Set("Sforce-Limit-Info", fmt.Sprintf("api-usage=%d/%d", s.apiUsed, s.opts.DailyLimit))
	if s.apiUsed > s.opts.DailyLimit {
		writeErr(w, 403, "REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded.")
		return
	}
	for i := range s.fail {
		f := &s.fail[i]
		if f.times > 0 && f.route == route {
			f.times--
			if f.status == http.StatusTooManyRequests {
				w.Header().Set("Retry-After", "1")
			}
			writeErr(w, f.status, f.code, "injected failure")
			return
		}
	}
	switch {
	case route == "GET query" || route == "GET queryAll":
		s.query(w, r, route == "GET queryAll")
	case route == "GET query-more":
		s.queryMore(w, strings.TrimPrefix(strings.TrimPrefix(rest, "queryAll/"), "query/"))
	case route == "GET describe":
		s.describe(w, strings.Split(rest, "/")[1])
	case route == "GET deleted":
		s.deleted(w, r, strings.Split(rest, "/")[1])
	case route == "PATCH collections":
		s.collections(w, r)
	case route == "PATCH upsert":
		parts := strings.Split(rest, "/")
		s.upsert(w, r, parts[2], parts[3])
	case route == "POST tooling":
		s.tooling(w, r)
	case route == "GET limits":
		writeJSON(w, 200, map[string]any{"DailyApiRequests": map[string]int{"Max": s.opts.DailyLimit, "Remaining": max(s.opts.DailyLimit-s.apiUsed, 0)}})
	default:
		writeErr(w, 404, "NOT_FOUND", "The requested resource does not exist")
	}
}

func routeOf(method, rest string) string {
	parts := strings.Split(strings.TrimSuffix(rest, "/"), "/")
	switch {
	case method == "GET" && (rest == "query" || rest == "query/" || rest == "queryAll" || rest == "queryAll/"):
		return "GET " + strings.TrimSuffix(rest, "/")
	case method == "GET" && len(parts) == 2 && (parts[0] == "query" || parts[0] == "queryAll"):
		return "GET query-more"
	case method == "GET" && len(parts) == 3 && parts[0] == "sobjects" && parts[2] == "describe":
		return "GET describe"
	case method == "GET" && len(parts) == 3 && parts[0] == "sobjects" && parts[2] == "deleted":
		return "GET deleted"
	case method == "PATCH" && rest == "composite/sobjects":
		return "PATCH collections"
	case method == "PATCH" && len(parts) == 4 && parts[0] == "composite" && parts[1] == "sobjects":
		return "PATCH upsert"
	case method == "POST" && rest == "tooling/sobjects/CustomField":
		return "POST tooling"
	case method == "GET" && rest == "limits":
		return "GET limits"
	}
	return method + " " + rest
}

// token serves the OAuth 2.0 token endpoint.
func (s *Server) token(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls["POST token"]++
	if r.Method != http.MethodPost {
		writeJSON(w, 405, map[string]string{"error": "invalid_request", "error_description": "must use HTTP POST"})
		return
	}
	if err := r.ParseForm(); err != nil {
		writeJSON(w, 400, map[string]string{"error": "invalid_request", "error_description": "bad form"})
		return
	}
	f := r.PostForm
	if f.Get("client_id") != s.opts.ClientID {
		writeJSON(w, 400, map[string]string{"error": "invalid_client_id", "error_description": "client identifier invalid"})
		return
	}
	if f.Get("client_secret") != s.opts.ClientSecret {
		writeJSON(w, 400, map[string]string{"error": "invalid_client", "error_description": "invalid client credentials"})
		return
	}
	switch f.Get("grant_type") {
	case "refresh_token":
		if f.Get("refresh_token") != s.opts.RefreshToken {
			writeJSON(w, 400, map[string]string{"error": "invalid_grant", "error_description": "expired access/refresh token"})
			return
		}
	case "client_credentials":
		if !s.opts.ClientCredentials {
			writeJSON(w, 400, map[string]string{"error": "invalid_grant", "error_description": "no client credentials user enabled"})
			return
		}
	default:
		writeJSON(w, 400, map[string]string{"error": "unsupported_grant_type", "error_description": "grant type not supported"})
		return
	}
	tok := "00Dfake!" + randHex(16)
	s.tokens[tok] = true
	s.issued++
	writeJSON(w, 200, map[string]string{
		"access_token": tok, "instance_url": s.srv.URL, "id": s.srv.URL + "/id/00Dfake/005fake",
		"token_type": "Bearer", "issued_at": strconv.FormatInt(s.opts.Now().UnixMilli(), 10), "signature": "fake", "scope": "api refresh_token",
	})
}

func (s *Server) query(w http.ResponseWriter, r *http.Request, all bool) {
	q, err := parseQuery(r.URL.Query().Get("q"))
	if err != nil {
		writeQueryErr(w, err)
		return
	}
	o, ok := s.objects[q.object]
	if !ok {
		for name, obj := range s.objects {
			if strings.EqualFold(name, q.object) {
				o, ok = obj, true
			}
		}
	}
	if !ok {
		writeErr(w, 400, "INVALID_TYPE", fmt.Sprintf("sObject type '%s' is not supported.", q.object))
		return
	}
	for _, sq := range q.subs {
		if o.name != "Opportunity" || !strings.EqualFold(sq.relationship, "OpportunityContactRoles") {
			writeErr(w, 400, "INVALID_TYPE", fmt.Sprintf("Didn't understand relationship '%s' in FROM part of query call.", sq.relationship))
			return
		}
		roles := s.objects["OpportunityContactRole"]
		for _, f := range sq.fields {
			if _, ok := roles.field(f); !ok {
				writeQueryErr(w, invalidField(roles, f))
				return
			}
		}
	}
	recs, err := o.run(q, all)
	if err != nil {
		writeQueryErr(w, err)
		return
	}
	batch := 2000
	if v := r.Header.Get("Sforce-Query-Options"); v != "" {
		if n, err := strconv.Atoi(strings.TrimPrefix(strings.TrimSpace(v), "batchSize=")); err == nil && n >= 200 && n <= 2000 {
			batch = n
		}
	}
	loc := &locator{obj: o, recs: recs, fields: q.fields, subs: q.subs, batch: batch}
	s.writeBatch(w, loc, "")
}

func writeQueryErr(w http.ResponseWriter, err error) {
	if qe, ok := err.(*queryError); ok {
		writeErr(w, 400, qe.code, qe.msg)
		return
	}
	writeErr(w, 400, "MALFORMED_QUERY", err.Error())
}

func (s *Server) queryMore(w http.ResponseWriter, id string) {
	loc, ok := s.locators[id]
	if !ok {
		writeErr(w, 400, "INVALID_QUERY_LOCATOR", "invalid query locator")
		return
	}
	s.writeBatch(w, loc, id)
}

// writeBatch answers the next batch of loc; while records remain, the
// answer's nextRecordsUrl names a locator key for the batch after it.
func (s *Server) writeBatch(w http.ResponseWriter, loc *locator, key string) {
	if key != "" {
		delete(s.locators, key)
	}
	end := min(loc.pos+loc.batch, len(loc.recs))
	out := make([]map[string]any, 0, end-loc.pos)
	for _, r := range loc.recs[loc.pos:end] {
		m := loc.obj.render(r, loc.fields, s.version)
		for _, sq := range loc.subs {
			m[sq.relationship] = s.children(r.id, sq)
		}
		out = append(out, m)
	}
	loc.pos = end
	body := map[string]any{"totalSize": len(loc.recs), "done": end == len(loc.recs), "records": out}
	if end < len(loc.recs) {
		body["nextRecordsUrl"] = s.nextURL(loc, end)
	}
	writeJSON(w, 200, body)
}

// nextURL registers loc for the batch starting at pos and returns its
// nextRecordsUrl; s.mu is held.
func (s *Server) nextURL(loc *locator, pos int) string {
	if loc.base == "" {
		s.locSeq++
		loc.base = fmt.Sprintf("01gFAKE%08d", s.locSeq)
	}
	next := fmt.Sprintf("%s-%d", loc.base, pos)
	s.locators[next] = loc
	return fmt.Sprintf("/services/data/%s/query/%s", s.version, next)
}

// children renders an Opportunity's contact roles as a nested result, or
// null when it has none. Past Options.ChildBatch roles the nested result
// is not done: its nextRecordsUrl continues it.
func (s *Server) children(oppID string, sq subquery) any {
	roles := s.objects["OpportunityContactRole"]
	var live []*record
	for _, id := range s.roles[oppID] {
		if r := roles.recs[id]; r != nil && !r.deleted {
			live = append(live, r)
		}
	}
	if len(live) == 0 {
		return nil
	}
	end := min(len(live), s.opts.ChildBatch)
	recs := make([]map[string]any, 0, end)
	for _, r := range live[:end] {
		recs = append(recs, roles.render(r, sq.fields, s.version))
	}
	out := map[string]any{"totalSize": len(live), "done": end == len(live), "records": recs}
	if end < len(live) {
		loc := &locator{obj: roles, recs: live, pos: end, fields: sq.fields, batch: s.opts.ChildBatch}
		out["nextRecordsUrl"] = s.nextURL(loc, end)
	}
	return out
}

func (s *Server) describe(w http.ResponseWriter, name string) {
	o, ok := s.objects[name]
	if !ok {
		writeErr(w, 404, "NOT_FOUND", "The requested resource does not exist")
		return
	}
	writeJSON(w, 200, map[string]any{"name": o.name, "fields": o.fields})
}

func (s *Server) deleted(w http.ResponseWriter, r *http.Request, name string) {
	o, ok := s.objects[name]
	if !ok {
		writeErr(w, 404, "NOT_FOUND", "The requested resource does not exist")
		return
	}
	q := r.URL.Query()
	start, ok1 := parseDateTimeLiteral(q.Get("start"))
	end, ok2 := parseDateTimeLiteral(q.Get("end"))
	if !ok1 || !ok2 || !start.Before(end) {
		writeErr(w, 400, "INVALID_REPLICATION_DATE", "start and end must be ISO 8601 datetimes with start before end")
		return
	}
	now := s.opts.Now().UTC()
	earliest := now.Add(-15 * 24 * time.Hour).Truncate(time.Minute)
	if start.Before(earliest) {
		writeErr(w, 400, "INVALID_REPLICATION_DATE", "startDate before org replication enabled date")
		return
	}
	// Seconds are ignored, as the API does.
	start, end = start.Truncate(time.Minute), end.Truncate(time.Minute)
	type del struct {
		ID          string `json:"id"`
		DeletedDate string `json:"deletedDate"`
	}
	recs := []del{}
	for _, id := range o.ids {
		at, ok := o.deleted[id]
		if ok && !at.Before(start) && !at.After(end) {
			recs = append(recs, del{ID: id, DeletedDate: at.UTC().Format("2006-01-02T15:04:05.000-0700")})
		}
	}
	latest := now.Truncate(time.Minute)
	if end.Before(latest) {
		latest = end
	}
	writeJSON(w, 200, map[string]any{"deletedRecords": recs,
		"earliestDateAvailable": earliest.Format("2006-01-02T15:04:05.000-0700"),
		"latestDateCovered":     latest.Format("2006-01-02T15:04:05.000-0700")})
}

type collBody struct {
	AllOrNone bool             `json:"allOrNone"`
	Records   []map[string]any `json:"records"`
}

type saveResult struct {
	ID      string           `json:"id,omitempty"`
	Success bool             `json:"success"`
	Created *bool            `json:"created,omitempty"`
	Errors  []map[string]any `json:"errors"`
}

func recErr(code, msg string, fields ...string) []map[string]any {
	if fields == nil {
		fields = []string{}
	}
	return []map[string]any{{"statusCode": code, "message": msg, "fields": fields}}
}

func decodeColl(w http.ResponseWriter, r *http.Request) (collBody, bool) {
	var b collBody
	if err := json.NewDecoder(r.Body).Decode(&b); err != nil {
		writeErr(w, 400, "JSON_PARSER_ERROR", "Unexpected character in request body")
		return b, false
	}
	if len(b.Records) > 200 {
		writeErr(w, 400, "EXCEEDED_ID_LIMIT", "record limit reached. cannot submit more than 200 records into this call")
		return b, false
	}
	return b, true
}

// applyFields validates and converts a record's fields; it changes
// nothing.
func applyFields(o *object, in map[string]any) (map[string]any, []map[string]any) {
	out := map[string]any{}
	for k, v := range in {
		if k == "attributes" || strings.EqualFold(k, "id") {
			continue
		}
		f, ok := o.field(k)
		if !ok {
			return nil, recErr("INVALID_FIELD", fmt.Sprintf("No such column '%s' on sobject of type %s", k, o.name), k)
		}
		if !f.Updateable {
			return nil, recErr("INVALID_FIELD_FOR_INSERT_UPDATE", fmt.Sprintf("Unable to create/update fields: %s. Please check the security settings of this field and verify that it is read/write for your profile or permission set.", f.Name), f.Name)
		}
		x, err := setValue(f, v)
		if err != nil {
			return nil, recErr("JSON_PARSER_ERROR", err.Error(), f.Name)
		}
		out[f.Name] = x
	}
	return out, nil
}

func (s *Server) collections(w http.ResponseWriter, r *http.Request) {
	b, ok := decodeColl(w, r)
	if !ok {
		return
	}
	now := s.opts.Now().UTC().Truncate(time.Second)
	results := make([]saveResult, len(b.Records))
	type pending struct {
		rec  *record
		vals map[string]any
	}
	var todo []pending
	failed := false
	for i, in := range b.Records {
		attrs, _ := in["attributes"].(map[string]any)
		typ, _ := attrs["type"].(string)
		o, ok := s.objects[typ]
		if !ok {
			results[i] = saveResult{Errors: recErr("INVALID_TYPE", "sObject type '"+typ+"' is not supported.")}
			failed = true
			continue
		}
		id, _ := in["id"].(string)
		if id == "" {
			results[i] = saveResult{Errors: recErr("MISSING_ARGUMENT", "Id not specified in an update call")}
			failed = true
			continue
		}
		rec := o.recs[id]
		switch {
		case rec == nil:
			results[i] = saveResult{Errors: recErr("MALFORMED_ID", "malformed id "+id, "Id")}
			failed = true
			continue
		case rec.deleted:
			results[i] = saveResult{Errors: recErr("ENTITY_IS_DELETED", "entity is deleted")}
			failed = true
			continue
		case s.lockOnce[id] > 0:
			s.lockOnce[id]--
			results[i] = saveResult{Errors: recErr("UNABLE_TO_LOCK_ROW", "unable to obtain exclusive access to this record")}
			failed = true
			continue
		}
		vals, errs := applyFields(o, in)
		if errs != nil {
			results[i] = saveResult{Errors: errs}
			failed = true
			continue
		}
		results[i] = saveResult{ID: id, Success: true, Errors: []map[string]any{}}
		todo = append(todo, pending{rec, vals})
	}
	if failed && b.AllOrNone {
		for i := range results {
			if results[i].Success {
				results[i] = saveResult{ID: results[i].ID, Errors: recErr("ALL_OR_NONE_OPERATION_ROLLED_BACK", "Record rolled back because not all records were valid and the request was using AllOrNone header")}
			}
		}
		writeJSON(w, 200, results)
		return
	}
	for _, p := range todo {
		maps.Copy(p.rec.vals, p.vals)
		p.rec.vals["SystemModstamp"], p.rec.vals["LastModifiedDate"] = now, now
	}
	writeJSON(w, 200, results)
}

func (s *Server) upsert(w http.ResponseWriter, r *http.Request, typ, extField string) {
	o, ok := s.objects[typ]
	if !ok {
		writeErr(w, 404, "NOT_FOUND", "The requested resource does not exist")
		return
	}
	f, ok := o.field(extField)
	if !ok || !f.ExternalID {
		writeErr(w, 400, "INVALID_FIELD", fmt.Sprintf("Field name provided, %s is not an External ID or indexed field for %s", extField, typ))
		return
	}
	b, ok := decodeColl(w, r)
	if !ok {
		return
	}
	now := s.opts.Now().UTC().Truncate(time.Second)
	results := make([]saveResult, len(b.Records))
	for i, in := range b.Records {
		key, _ := in[f.Name].(string)
		if key == "" {
			results[i] = saveResult{Errors: recErr("MISSING_ARGUMENT", f.Name+" not specified", f.Name)}
			continue
		}
		vals, errs := applyFields(o, in)
		if errs != nil {
			results[i] = saveResult{Errors: errs}
			continue
		}
		var rec *record
		for _, id := range o.ids {
			x := o.recs[id]
			if !x.deleted && strings.EqualFold(fmt.Sprint(x.vals[f.Name]), key) {
				rec = x
				break
			}
		}
		created := rec == nil
		if created {
			if o.name == "Contact" && vals["LastName"] == nil {
				results[i] = saveResult{Errors: recErr("REQUIRED_FIELD_MISSING", "Required fields are missing: [LastName]", "LastName")}
				continue
			}
			rec = s.insertLocked(o, vals, now)
		} else {
			maps.Copy(rec.vals, vals)
			rec.vals["SystemModstamp"], rec.vals["LastModifiedDate"] = now, now
		}
		c := created
		results[i] = saveResult{ID: rec.id, Success: true, Created: &c, Errors: []map[string]any{}}
	}
	writeJSON(w, 200, results)
}

func (s *Server) tooling(w http.ResponseWriter, r *http.Request) {
	if s.opts.DenyTooling {
		writeErr(w, 403, "INSUFFICIENT_ACCESS_OR_READONLY", "insufficient access rights on cross-reference id")
		return
	}
	var b struct {
		FullName string         `json:"FullName"`
		Metadata map[string]any `json:"Metadata"`
	}
	if err := json.NewDecoder(r.Body).Decode(&b); err != nil {
		writeErr(w, 400, "JSON_PARSER_ERROR", "bad body")
		return
	}
	objName, name, ok := strings.Cut(b.FullName, ".")
	o := s.objects[objName]
	if !ok || o == nil || !strings.HasSuffix(name, "__c") || strings.Contains(strings.TrimSuffix(name, "__c"), "__") {
		writeErr(w, 400, "INVALID_FIELD", "bad FullName "+b.FullName, "FullName")
		return
	}
	if _, exists := o.field(name); exists {
		writeErr(w, 400, "DUPLICATE_DEVELOPER_NAME", "There is already a field named "+strings.TrimSuffix(name, "__c")+" on "+objName+".")
		return
	}
	label, _ := b.Metadata["label"].(string)
	if label == "" || len(label) > 40 {
		writeErr(w, 400, "FIELD_INTEGRITY_EXCEPTION", "Field Label: a label of 1 to 40 characters is required", "label")
		return
	}
	var typ string
	switch b.Metadata["type"] {
	case "Number":
		if _, ok := b.Metadata["precision"]; !ok {
			writeErr(w, 400, "FIELD_INTEGRITY_EXCEPTION", "Length: you must specify a precision", "precision")
			return
		}
		typ = "double"
	case "Text":
		if _, ok := b.Metadata["length"]; !ok {
			writeErr(w, 400, "FIELD_INTEGRITY_EXCEPTION", "Length: you must specify a length", "length")
			return
		}
		typ = "string"
	case "LongTextArea":
		typ = "textarea"
	case "Date":
		typ = "date"
	case "DateTime":
		typ = "datetime"
	case "Checkbox":
		typ = "boolean"
	default:
		writeErr(w, 400, "FIELD_INTEGRITY_EXCEPTION", fmt.Sprintf("unsupported field type %v", b.Metadata["type"]), "type")
		return
	}
	ext, _ := b.Metadata["externalId"].(bool)
	uniq, _ := b.Metadata["unique"].(bool)
	o.addField(Field{Name: name, Type: typ, Label: label, Custom: true, ExternalID: ext, Unique: uniq})
	writeJSON(w, 201, map[string]any{"id": "00N" + randHex(6), "success": true, "errors": []any{}, "warnings": []any{}, "infos": []any{}})
}
