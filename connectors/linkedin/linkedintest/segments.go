package linkedintest

import (
	"bytes"
	"encoding/json"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

type segment struct {
	id             int64
	name           string
	account        string
	typ            string
	sourcePlatform string
	accessPolicy   string
	description    string
	created        time.Time
	lastModified   time.Time
	notFoundLeft   int
	inputCount     int
	members        map[string]bool
}

// SegmentInfo describes a DMP segment held by the fake.
type SegmentInfo struct {
	// ID is the numeric segment ID.
	ID string
	// Name, Account, Type, SourcePlatform and AccessPolicy are as created.
	Name, Account, Type, SourcePlatform, AccessPolicy string
	// Members are the companies in the segment by key: the organization
	// URN, else "domain:" + companyWebsiteDomain, else "name:" + the
	// lower-cased companyName.
	Members []string
}

// AddSegment stores a segment as if created earlier (available at once)
// and returns its ID.
func (s *Server) AddSegment(name, typ string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.opts.Clock()
	seg := &segment{
		id: s.nextSeg, name: name, account: s.opts.AdAccount, typ: typ,
		sourcePlatform: s.opts.SourcePlatform, accessPolicy: "PRIVATE",
		created: now.Add(-24 * time.Hour), lastModified: now.Add(-24 * time.Hour),
		members: map[string]bool{},
	}
	s.nextSeg++
	s.segments[seg.id] = seg
	return strconv.FormatInt(seg.id, 10)
}

// Segment returns the segment with id.
func (s *Server) Segment(id string) (SegmentInfo, bool) {
	n, _ := strconv.ParseInt(id, 10, 64)
	s.mu.Lock()
	defer s.mu.Unlock()
	seg := s.segments[n]
	if seg == nil {
		return SegmentInfo{}, false
	}
	info := SegmentInfo{
		ID: id, Name: seg.name, Account: seg.account, Type: seg.typ,
		SourcePlatform: seg.sourcePlatform, AccessPolicy: seg.accessPolicy,
	}
	for k := range seg.members {
		info.Members = append(info.Members, k)
	}
	slices.Sort(info.Members)
	return info, true
}

// Segments returns all segments, oldest first.
func (s *Server) Segments() []SegmentInfo {
	s.mu.Lock()
	ids := make([]int64, 0, len(s.segments))
	for id := range s.segments {
		ids = append(ids, id)
	}
	s.mu.Unlock()
	slices.Sort(ids)
	out := make([]SegmentInfo, 0, len(ids))
	for _, id := range ids {
		info, _ := s.Segment(strconv.FormatInt(id, 10))
		out = append(out, info)
	}
	return out
}

func (seg *segment) json() map[string]any {
	dest := map[string]any{
		"destination":          "LINKEDIN",
		"destinationSegmentId": "urn:li:adSegment:" + strconv.FormatInt(seg.id+1000000, 10),
		"created":              seg.created.UnixMilli(),
		"lastModified":         seg.lastModified.UnixMilli(),
		"status":               "BUILDING",
	}
	if seg.inputCount > 0 {
		dest["matchedCount"] = len(seg.members)
		dest["audienceSize"] = 0
	}
	return map[string]any{
		"id":             seg.id,
		"name":           seg.name,
		"account":        seg.account,
		"type":           seg.typ,
		"sourcePlatform": seg.sourcePlatform,
		"accessPolicy":   seg.accessPolicy,
		"created":        seg.created.UnixMilli(),
		"lastModified":   seg.lastModified.UnixMilli(),
		"inputCount":     seg.inputCount,
		"destinations":   []any{dest},
	}
}

// serveFindSegments is the FINDER q=account: GET /rest/dmpSegments?
// q=account&account={urn}[&sourcePlatform=..][&start=..][&count=..].
func (s *Server) serveFindSegments(w http.ResponseWriter, r *http.Request) {
	q, err := ParseQuery(r.URL.RawQuery)
	if err != nil {
		writeError(w, http.StatusBadRequest, "", 0, "Invalid query parameters: "+err.Error())
		return
	}
	if q.String("q") != "account" {
		writeError(w, http.StatusBadRequest, "", 0, "Unsupported or missing finder: q="+q.String("q"))
		return
	}
	account := q.String("account")
	if account == "" {
		writeError(w, http.StatusBadRequest, "", 0, "Missing required query parameter: account")
		return
	}
	if account != s.opts.AdAccount {
		writeError(w, http.StatusForbidden, "ACCESS_DENIED", 100, "Not enough permissions to access: dmpSegments.FINDER-account")
		return
	}
	start, count := 0, DefaultSegmentPageSize
	for name, dst := range map[string]*int{"start": &start, "count": &count} {
		if v := q.String(name); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 {
				writeError(w, http.StatusBadRequest, "", 0, "Invalid "+name+": "+v)
				return
			}
			*dst = n
		}
	}
	platform := q.String("sourcePlatform")
	s.mu.Lock()
	var all []*segment
	for _, seg := range s.segments {
		if seg.account == account && (platform == "" || seg.sourcePlatform == platform) {
			all = append(all, seg)
		}
	}
	slices.SortFunc(all, func(a, b *segment) int { return int(a.id - b.id) })
	elements := []any{}
	for i := start; i < len(all) && i < start+count; i++ {
		elements = append(elements, all[i].json())
	}
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]any{
		"paging":   map[string]any{"start": start, "count": count, "total": len(all), "links": []any{}},
		"elements": elements,
	})
}

// segmentFor looks up the segment of a path and applies the not-yet-
// available window. It writes the error and returns nil when there is
// none to serve.
func (s *Server) segmentFor(w http.ResponseWriter, idStr string) *segment {
	id, _ := strconv.ParseInt(idStr, 10, 64)
	s.mu.Lock()
	seg := s.segments[id]
	unavailable := false
	if seg != nil && seg.notFoundLeft > 0 {
		seg.notFoundLeft--
		unavailable = true
	}
	s.mu.Unlock()
	if seg == nil || unavailable {
		writeError(w, http.StatusNotFound, "", 0, "DmpSegment with id "+idStr+" does not exist")
		return nil
	}
	return seg
}

func (s *Server) serveGetSegment(w http.ResponseWriter, r *http.Request) {
	seg := s.segmentFor(w, segmentPath.FindStringSubmatch(r.URL.Path)[1])
	if seg == nil {
		return
	}
	s.mu.Lock()
	body := seg.json()
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, body)
}

type createSegmentBody struct {
	Name           string `json:"name"`
	Description    string `json:"description"`
	Account        string `json:"account"`
	Type           string `json:"type"`
	SourcePlatform string `json:"sourcePlatform"`
	AccessPolicy   string `json:"accessPolicy"`
	Destinations   []struct {
		Destination string `json:"destination"`
	} `json:"destinations"`
}

// serveCreateSegment is POST /rest/dmpSegments: 201 with the new ID in the
// x-restli-id header and an empty body.
func (s *Server) serveCreateSegment(w http.ResponseWriter, r *http.Request, body []byte) {
	var in createSegmentBody
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&in); err != nil {
		writeError(w, http.StatusBadRequest, "", 0, "Invalid request body: "+err.Error())
		return
	}
	var problems []string
	if strings.TrimSpace(in.Name) == "" {
		problems = append(problems, "name is required")
	}
	if !slices.Contains([]string{"USER", "COMPANY", "USER_LIST_UPLOAD", "COMPANY_LIST_UPLOAD"}, in.Type) {
		problems = append(problems, "type must be USER or COMPANY")
	}
	if in.AccessPolicy != "" && in.AccessPolicy != "PRIVATE" && in.AccessPolicy != "PUBLIC" {
		problems = append(problems, "accessPolicy must be PRIVATE or PUBLIC")
	}
	if len(in.Destinations) == 0 || !slices.ContainsFunc(in.Destinations, func(d struct {
		Destination string `json:"destination"`
	}) bool {
		return d.Destination == "LINKEDIN"
	}) {
		problems = append(problems, "destinations must include LINKEDIN")
	}
	if in.SourcePlatform == "" {
		problems = append(problems, "sourcePlatform is required")
	} else if in.SourcePlatform != s.opts.SourcePlatform {
		problems = append(problems, "sourcePlatform "+in.SourcePlatform+" is not allowed for this application")
	}
	if len(problems) > 0 {
		writeError(w, http.StatusBadRequest, "", 0, "Invalid DmpSegment: "+strings.Join(problems, "; "))
		return
	}
	if in.Account != s.opts.AdAccount {
		writeError(w, http.StatusForbidden, "ACCESS_DENIED", 100, "Not enough permissions to access: dmpSegments.CREATE")
		return
	}
	s.mu.Lock()
	now := s.opts.Clock()
	seg := &segment{
		id: s.nextSeg, name: in.Name, account: in.Account, typ: in.Type,
		sourcePlatform: in.SourcePlatform, accessPolicy: in.AccessPolicy, description: in.Description,
		created: now, lastModified: now, notFoundLeft: s.opts.NotFoundReads,
		members: map[string]bool{},
	}
	if seg.accessPolicy == "" {
		seg.accessPolicy = "PRIVATE"
	}
	s.nextSeg++
	s.segments[seg.id] = seg
	s.mu.Unlock()
	id := strconv.FormatInt(seg.id, 10)
	w.Header().Set("x-restli-id", id)
	w.Header().Set("Location", "/rest/dmpSegments/"+id)
	w.Header().Set("X-RestLi-Protocol-Version", "2.0.0")
	w.WriteHeader(http.StatusCreated)
}

// companyElement is one element of a DMP segment companies batch, with the
// fields LinkedIn's schema lists.
type companyElement struct {
	Action               string   `json:"action"`
	CompanyName          string   `json:"companyName,omitempty"`
	CompanyWebsiteDomain string   `json:"companyWebsiteDomain,omitempty"`
	CompanyEmailDomain   string   `json:"companyEmailDomain,omitempty"`
	OrganizationURN      string   `json:"organizationUrn,omitempty"`
	CompanyPageURL       string   `json:"companyPageUrl,omitempty"`
	Industries           []string `json:"industries,omitempty"`
	City                 string   `json:"city,omitempty"`
	State                string   `json:"state,omitempty"`
	Country              string   `json:"country,omitempty"`
	PostalCode           string   `json:"postalCode,omitempty"`
	StockSymbol          string   `json:"stockSymbol,omitempty"`
}

var (
	orgURNRe = regexp.MustCompile(`^urn:li:organization:[0-9]+$`)
	domainRe = regexp.MustCompile(`^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$`)
)

// serveCompanies is POST /rest/dmpSegments/{id}/companies with
// X-RestLi-Method: BATCH_CREATE: 200 with one status per element, in
// order; an invalid element gets status 400 and an error inside the 200.
func (s *Server) serveCompanies(w http.ResponseWriter, r *http.Request, body []byte) {
	if !strings.EqualFold(r.Header.Get("X-RestLi-Method"), "BATCH_CREATE") {
		writeError(w, http.StatusBadRequest, "", 0, "X-RestLi-Method: BATCH_CREATE is required for this resource")
		return
	}
	seg := s.segmentFor(w, companiesPath.FindStringSubmatch(r.URL.Path)[1])
	if seg == nil {
		return
	}
	var in struct {
		Elements []companyElement `json:"elements"`
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&in); err != nil {
		writeError(w, http.StatusBadRequest, "", 0, "Invalid request body: "+err.Error())
		return
	}
	if len(in.Elements) > MaxBatchElements {
		writeError(w, http.StatusBadRequest, "", 0,
			"Too many elements in batch: "+strconv.Itoa(len(in.Elements))+" (max "+strconv.Itoa(MaxBatchElements)+")")
		return
	}
	// typ never changes after creation.
	if seg.typ != "COMPANY" && seg.typ != "COMPANY_LIST_UPLOAD" {
		writeError(w, http.StatusBadRequest, "", 0, "DmpSegment "+strconv.FormatInt(seg.id, 10)+" is not a company segment")
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	results := make([]any, 0, len(in.Elements))
	for _, e := range in.Elements {
		key, msg := memberKey(e)
		if msg != "" {
			results = append(results, map[string]any{
				"status": http.StatusBadRequest,
				"error":  map[string]any{"status": http.StatusBadRequest, "message": msg},
			})
			continue
		}
		seg.inputCount++
		if e.Action == "ADD" {
			seg.members[key] = true
		} else {
			delete(seg.members, key)
		}
		results = append(results, map[string]any{"status": http.StatusCreated})
	}
	seg.lastModified = s.opts.Clock()
	writeJSON(w, http.StatusOK, map[string]any{"elements": results})
}

// memberKey validates an element and returns the key it adds or removes,
// or a message saying why it is invalid.
func memberKey(e companyElement) (string, string) {
	if e.Action != "ADD" && e.Action != "REMOVE" {
		return "", "Invalid action " + strconv.Quote(e.Action) + ": must be ADD or REMOVE"
	}
	if e.OrganizationURN != "" && !orgURNRe.MatchString(e.OrganizationURN) {
		return "", "Invalid organizationUrn " + strconv.Quote(e.OrganizationURN)
	}
	if d := e.CompanyWebsiteDomain; d != "" && (d != strings.ToLower(d) || !domainRe.MatchString(d)) {
		return "", "Invalid companyWebsiteDomain " + strconv.Quote(d)
	}
	switch {
	case e.OrganizationURN != "":
		return e.OrganizationURN, ""
	case e.CompanyWebsiteDomain != "":
		return "domain:" + e.CompanyWebsiteDomain, ""
	case strings.TrimSpace(e.CompanyName) != "":
		return "name:" + strings.ToLower(strings.TrimSpace(e.CompanyName)), ""
	case e.CompanyEmailDomain != "", e.CompanyPageURL != "", e.StockSymbol != "":
		return "other:" + e.CompanyEmailDomain + e.CompanyPageURL + e.StockSymbol, ""
	}
	return "", "At least one company identifier is required (organizationUrn, companyWebsiteDomain or companyName)"
}
