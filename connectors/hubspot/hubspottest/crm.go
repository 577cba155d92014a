package hubspottest

import (
	"cmp"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Documented limits the fake enforces.
const (
	maxListLimit     = 100
	maxSearchLimit   = 200
	maxSearchResults = 10000
	maxFilterGroups  = 5
	maxGroupFilters  = 6
	maxFilters       = 18
	maxBatchInputs   = 100
	maxAssocInputs   = 1000
)

type objectJSON struct {
	ID           string                   `json:"id"`
	Properties   map[string]*string       `json:"properties"`
	CreatedAt    string                   `json:"createdAt"`
	UpdatedAt    string                   `json:"updatedAt"`
	Archived     bool                     `json:"archived"`
	ArchivedAt   string                   `json:"archivedAt,omitempty"`
	Associations map[string]assocListJSON `json:"associations,omitempty"`
}

type assocListJSON struct {
	Results []assocJSON `json:"results"`
	Paging  *pagingJSON `json:"paging,omitempty"`
}

type assocJSON struct {
	ID   string `json:"id"`
	Type string `json:"type"`
}

type pagingJSON struct {
	Next struct {
		After string `json:"after"`
		Link  string `json:"link,omitempty"`
	} `json:"next"`
}

func nextPage(after string) *pagingJSON {
	p := &pagingJSON{}
	p.Next.After = after
	return p
}

var singular = map[string]string{"companies": "company", "contacts": "contact", "deals": "deal"}

func plural(name string) string {
	for p, s := range singular {
		if name == s {
			return p
		}
	}
	return name
}

// propsToReturn resolves the properties a read returns: the defaults when
// none are named, else the named ones HubSpot knows plus the ones it always
// adds. Unknown names are omitted, as HubSpot does.
func (st *store) propsToReturn(named []string) []string {
	if len(named) == 0 {
		return defaultProps[st.typ]
	}
	out := make([]string, 0, len(named)+3)
	for _, p := range append(slices.Clone(named), "createdate", st.modProp, "hs_object_id") {
		if d := st.defs[p]; d != nil && !d.Archived && !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	return out
}

func (s *Server) render(st *store, r *record, props []string, assoc []string) objectJSON {
	o := objectJSON{
		ID:         r.idStr,
		Properties: make(map[string]*string, len(props)),
		CreatedAt:  formatMS(r.created),
		UpdatedAt:  formatMS(r.modified),
		Archived:   r.archived,
	}
	if r.archived {
		o.ArchivedAt = formatMS(r.archivedAt)
	}
	for _, p := range props {
		if v, ok := st.value(r, p); ok {
			o.Properties[p] = &v
		} else {
			o.Properties[p] = nil
		}
	}
	for _, a := range assoc {
		ids := s.data.assoc[st.typ+"/"+a][r.idStr]
		if len(ids) == 0 {
			continue
		}
		n := min(len(ids), s.opts.EmbeddedAssociations)
		l := assocListJSON{Results: make([]assocJSON, n)}
		for i, id := range ids[:n] {
			l.Results[i] = assocJSON{ID: id, Type: singular[st.typ] + "_to_" + singular[a]}
		}
		if n < len(ids) {
			l.Paging = nextPage(strconv.Itoa(n))
		}
		if o.Associations == nil {
			o.Associations = map[string]assocListJSON{}
		}
		o.Associations[a] = l
	}
	return o
}

func splitList(vals []string) []string {
	var out []string
	for _, v := range vals {
		for _, p := range strings.Split(v, ",") {
			if p = strings.TrimSpace(p); p != "" {
				out = append(out, p)
			}
		}
	}
	return out
}

// serveList is GET /crm/objects/{v}/{type}: pages by record ID; after is the
// ID of the next record.
func (s *Server) serveList(w http.ResponseWriter, r *http.Request, st *store) {
	q := r.URL.Query()
	limit := 10
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > maxListLimit {
			s.writeError(w, http.StatusBadRequest, "VALIDATION_ERROR",
				fmt.Sprintf("limit must be between 1 and %d, got %q", maxListLimit, v), nil)
			return
		}
		limit = n
	}
	var after uint64
	if v := q.Get("after"); v != "" {
		n, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			s.writeError(w, http.StatusBadRequest, "VALIDATION_ERROR", fmt.Sprintf("Invalid paging cursor %q", v), nil)
			return
		}
		after = n
	}
	archived := q.Get("archived") == "true"
	props := st.propsToReturn(splitList(q["properties"]))
	var assoc []string
	for _, a := range splitList(q["associations"]) {
		if a = plural(a); s.data.stores[a] != nil && !slices.Contains(assoc, a) {
			assoc = append(assoc, a) // unknown association types are ignored
		}
	}
	i := sort.Search(len(st.order), func(i int) bool { return st.order[i].id >= after })
	out := struct {
		Results []objectJSON `json:"results"`
		Paging  *pagingJSON  `json:"paging,omitempty"`
	}{Results: []objectJSON{}}
	for ; i < len(st.order); i++ {
		rec := st.order[i]
		if rec.archived != archived {
			continue
		}
		if len(out.Results) == limit {
			out.Paging = nextPage(rec.idStr)
			break
		}
		out.Results = append(out.Results, s.render(st, rec, props, assoc))
	}
	s.writeJSON(w, http.StatusOK, out)
}

type filterJSON struct {
	PropertyName string   `json:"propertyName"`
	Operator     string   `json:"operator"`
	Value        *string  `json:"value"`
	HighValue    *string  `json:"highValue"`
	Values       []string `json:"values"`
}

type sortJSON struct {
	PropertyName string `json:"propertyName"`
	Direction    string `json:"direction"`
}

func str(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// serveSearch is POST /crm/objects/{v}/{type}/search.
func (s *Server) serveSearch(w http.ResponseWriter, r *http.Request, st *store) {
	var body struct {
		FilterGroups []filterGroupJSON `json:"filterGroups"`
		Sorts        []json.RawMessage `json:"sorts"`
		Properties   []string          `json:"properties"`
		Limit        *int              `json:"limit"`
		After        json.RawMessage   `json:"after"`
		Query        string            `json:"query"`
	}
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
		s.writeError(w, http.StatusBadRequest, "VALIDATION_ERROR", "Invalid input JSON: "+err.Error(), nil)
		return
	}
	limit, after, msg := searchPaging(body.Limit, body.After)
	var groups [][]filterJSON
	if msg == "" {
		groups, msg = st.searchFilters(body.FilterGroups)
	}
	var srt sortJSON
	if msg == "" {
		srt, msg = st.searchSort(body.Sorts)
	}
	if msg != "" {
		s.writeError(w, http.StatusBadRequest, "VALIDATION_ERROR", msg, nil)
		return
	}
	matches := st.search(groups, srt)
	if after > len(matches) {
		after = len(matches)
	}
	end := min(after+limit, len(matches))
	props := st.propsToReturn(body.Properties)
	out := struct {
		Total   int          `json:"total"`
		Results []objectJSON `json:"results"`
		Paging  *pagingJSON  `json:"paging,omitempty"`
	}{Total: len(matches), Results: make([]objectJSON, 0, end-after)}
	for _, rec := range matches[after:end] {
		out.Results = append(out.Results, s.render(st, rec, props, nil))
	}
	if end < len(matches) {
		out.Paging = nextPage(strconv.Itoa(end))
	}
	s.writeJSON(w, http.StatusOK, out)
}

// filterGroupJSON is one of a search's filter groups.
type filterGroupJSON struct {
	Filters []filterJSON `json:"filters"`
}

// searchPaging reads a search's limit (default 10) and after (a number,
// quoted or not), or says why the search is refused.
func searchPaging(limitField *int, afterField json.RawMessage) (limit, after int, msg string) {
	limit = 10
	if limitField != nil {
		limit = *limitField
	}
	if limit < 0 || limit > maxSearchLimit {
		return 0, 0, fmt.Sprintf("Limit must be between 0 and %d, got %d.", maxSearchLimit, limit)
	}
	if len(afterField) > 0 && string(afterField) != "null" {
		var a string
		if json.Unmarshal(afterField, &a) != nil {
			a = string(afterField)
		}
		n, err := strconv.Atoi(a)
		if err != nil || n < 0 {
			return 0, 0, fmt.Sprintf("after must be an integer, got %s", afterField)
		}
		after = n
	}
	if after >= maxSearchResults {
		return 0, 0, fmt.Sprintf("Paging past %d results is not supported (after=%d).", maxSearchResults, after)
	}
	return limit, after, ""
}

// searchFilters checks a search's filter groups against HubSpot's limits,
// the store's properties and the known operators, or says why the search
// is refused.
func (st *store) searchFilters(filterGroups []filterGroupJSON) ([][]filterJSON, string) {
	groups := make([][]filterJSON, len(filterGroups))
	total := 0
	for i, g := range filterGroups {
		if len(g.Filters) > maxGroupFilters {
			return nil, fmt.Sprintf("Too many filters in filter group %d: %d (max %d).", i, len(g.Filters), maxGroupFilters)
		}
		total += len(g.Filters)
		for _, f := range g.Filters {
			if st.defs[f.PropertyName] == nil {
				return nil, fmt.Sprintf("Property %q does not exist.", f.PropertyName)
			}
			if !knownOperator[f.Operator] {
				return nil, fmt.Sprintf("Unknown operator %q.", f.Operator)
			}
		}
		groups[i] = g.Filters
	}
	if len(groups) > maxFilterGroups || total > maxFilters {
		return nil, fmt.Sprintf("Too many filter groups or filters: %d groups, %d filters (max %d groups, %d filters).",
			len(groups), total, maxFilterGroups, maxFilters)
	}
	return groups, ""
}

// searchSort reads a search's one sort, an object or a property name
// ("-name" descending), or says why the search is refused.
func (st *store) searchSort(sorts []json.RawMessage) (sortJSON, string) {
	if len(sorts) > 1 {
		return sortJSON{}, "Only one sort is supported."
	}
	var srt sortJSON
	if len(sorts) == 1 {
		if json.Unmarshal(sorts[0], &srt) != nil {
			var name string
			_ = json.Unmarshal(sorts[0], &name)
			srt = sortJSON{PropertyName: strings.TrimPrefix(name, "-"), Direction: "ASCENDING"}
			if strings.HasPrefix(name, "-") {
				srt.Direction = "DESCENDING"
			}
		}
		if st.defs[srt.PropertyName] == nil {
			return sortJSON{}, fmt.Sprintf("Property %q does not exist.", srt.PropertyName)
		}
	}
	return srt, ""
}

var knownOperator = map[string]bool{
	"EQ": true, "NEQ": true, "LT": true, "LTE": true, "GT": true, "GTE": true, "BETWEEN": true,
	"IN": true, "NOT_IN": true, "HAS_PROPERTY": true, "NOT_HAS_PROPERTY": true,
	"CONTAINS_TOKEN": true, "NOT_CONTAINS_TOKEN": true,
}

// search returns the live records matching any group, sorted by srt (ties
// by ID; by ID when there is no sort). A single group with a range filter
// on the last-modified property uses the modification index, so
// incremental pulls over 100,000 records stay fast.
func (st *store) search(groups [][]filterJSON, srt sortJSON) []*record {
	if len(groups) == 1 {
		if lo, hi, ok := st.modRange(groups[0]); ok {
			idx := st.modIndex()[lo:hi]
			onlyMod := true
			for _, f := range groups[0] {
				onlyMod = onlyMod && f.PropertyName == st.modProp
			}
			if onlyMod && srt.PropertyName == st.modProp && srt.Direction != "DESCENDING" {
				return idx // already in (modified, id) order
			}
			var out []*record
			for _, r := range idx {
				if st.matchAll(r, groups[0]) {
					out = append(out, r)
				}
			}
			st.sortRecords(out, srt)
			return out
		}
	}
	var out []*record
	for _, r := range st.order {
		if r.archived {
			continue
		}
		if len(groups) == 0 {
			out = append(out, r)
			continue
		}
		for _, g := range groups {
			if st.matchAll(r, g) {
				out = append(out, r)
				break
			}
		}
	}
	st.sortRecords(out, srt)
	return out
}

// modRange narrows the modification index by the group's range filters on
// the last-modified property.
func (st *store) modRange(group []filterJSON) (lo, hi int, ok bool) {
	idx := st.modIndex()
	lo, hi = 0, len(idx)
	first := func(pred func(m float64) bool) int {
		return sort.Search(len(idx), func(i int) bool { return pred(float64(idx[i].modified)) })
	}
	for _, f := range group {
		if f.PropertyName != st.modProp {
			continue
		}
		v, okV := parseNumber(str(f.Value))
		if !okV {
			continue
		}
		switch f.Operator {
		case "GTE":
			lo, ok = max(lo, first(func(m float64) bool { return m >= v })), true
		case "GT":
			lo, ok = max(lo, first(func(m float64) bool { return m > v })), true
		case "LT":
			hi, ok = min(hi, first(func(m float64) bool { return m >= v })), true
		case "LTE":
			hi, ok = min(hi, first(func(m float64) bool { return m > v })), true
		case "EQ":
			lo, hi, ok = max(lo, first(func(m float64) bool { return m >= v })), min(hi, first(func(m float64) bool { return m > v })), true
		case "BETWEEN":
			h, okH := parseNumber(str(f.HighValue))
			if okH {
				lo, hi, ok = max(lo, first(func(m float64) bool { return m >= v })), min(hi, first(func(m float64) bool { return m > h })), true
			}
		}
	}
	if hi < lo {
		hi = lo
	}
	return lo, hi, ok
}

func (st *store) matchAll(r *record, group []filterJSON) bool {
	for _, f := range group {
		if !st.match(r, f) {
			return false
		}
	}
	return true
}

func (st *store) match(r *record, f filterJSON) bool {
	val, has := st.value(r, f.PropertyName)
	switch f.Operator {
	case "HAS_PROPERTY":
		return has
	case "NOT_HAS_PROPERTY":
		return !has
	case "IN", "NOT_IN":
		in := false
		for _, v := range f.Values {
			in = in || st.equal(r, f.PropertyName, val, has, v)
		}
		return has && in == (f.Operator == "IN")
	case "CONTAINS_TOKEN", "NOT_CONTAINS_TOKEN":
		tok := strings.ToLower(strings.Trim(str(f.Value), "*"))
		c := has && strings.Contains(strings.ToLower(val), tok)
		return c == (f.Operator == "CONTAINS_TOKEN")
	case "EQ":
		return has && st.equal(r, f.PropertyName, val, has, str(f.Value))
	case "NEQ":
		return !has || !st.equal(r, f.PropertyName, val, has, str(f.Value))
	}
	if !has {
		return false
	}
	var c int
	if st.numeric(f.PropertyName) {
		n, _ := st.number(r, f.PropertyName)
		v, ok := parseNumber(str(f.Value))
		if !ok {
			return false
		}
		if f.Operator == "BETWEEN" {
			h, ok := parseNumber(str(f.HighValue))
			return ok && n >= v && n <= h
		}
		c = cmp.Compare(n, v)
	} else {
		if f.Operator == "BETWEEN" {
			return strings.ToLower(val) >= strings.ToLower(str(f.Value)) && strings.ToLower(val) <= strings.ToLower(str(f.HighValue))
		}
		c = strings.Compare(strings.ToLower(val), strings.ToLower(str(f.Value)))
	}
	switch f.Operator {
	case "LT":
		return c < 0
	case "LTE":
		return c <= 0
	case "GT":
		return c > 0
	case "GTE":
		return c >= 0
	}
	return false
}

func (st *store) equal(r *record, prop, val string, has bool, want string) bool {
	if !has {
		return false
	}
	if st.numeric(prop) {
		n, _ := st.number(r, prop)
		v, ok := parseNumber(want)
		return ok && n == v
	}
	return strings.EqualFold(val, want)
}

// sortRecords orders by the sort property (numbers numerically, missing
// values last), ties and no sort by ID.
func (st *store) sortRecords(recs []*record, srt sortJSON) {
	desc := srt.Direction == "DESCENDING"
	slices.SortStableFunc(recs, func(a, b *record) int {
		if srt.PropertyName != "" {
			var c int
			if st.numeric(srt.PropertyName) {
				x, okX := st.number(a, srt.PropertyName)
				y, okY := st.number(b, srt.PropertyName)
				c = compareMissing(okX, okY, func() int { return cmp.Compare(x, y) })
			} else {
				x, okX := st.value(a, srt.PropertyName)
				y, okY := st.value(b, srt.PropertyName)
				c = compareMissing(okX, okY, func() int { return strings.Compare(strings.ToLower(x), strings.ToLower(y)) })
			}
			if desc {
				c = -c
			}
			if c != 0 {
				return c
			}
		}
		return cmp.Compare(a.id, b.id)
	})
}

func compareMissing(okX, okY bool, f func() int) int {
	switch {
	case okX && okY:
		return f()
	case okX:
		return -1
	case okY:
		return 1
	}
	return 0
}

type batchErrorJSON struct {
	Status   string              `json:"status"`
	Category string              `json:"category"`
	Message  string              `json:"message"`
	Context  map[string][]string `json:"context"`
	Errors   []errorDetailJSON   `json:"errors,omitempty"`
}

type errorDetailJSON struct {
	Message string              `json:"message"`
	Code    string              `json:"code"`
	Context map[string][]string `json:"context,omitempty"`
}

var readOnly = map[string]bool{"hs_object_id": true, "createdate": true, "lastmodifieddate": true, "hs_lastmodifieddate": true}

// serveBatchUpdate is POST /crm/objects/{v}/{type}/batch/update: 200 when
// every input was written, 207 with per-input errors when some were, 400
// when none was.
func (s *Server) serveBatchUpdate(w http.ResponseWriter, r *http.Request, st *store) {
	var body struct {
		Inputs []struct {
			ID         string             `json:"id"`
			Properties map[string]*string `json:"properties"`
		} `json:"inputs"`
	}
	if !s.decodeBatch(w, r, &body, func() int { return len(body.Inputs) }) {
		return
	}
	dup := map[string]bool{}
	for _, in := range body.Inputs {
		if dup[in.ID] {
			s.writeError(w, http.StatusBadRequest, "VALIDATION_ERROR", fmt.Sprintf("Duplicate IDs found in batch input: [%s]. IDs must be unique", in.ID), nil)
			return
		}
		dup[in.ID] = true
	}
	started := s.opts.Clock().UTC()
	now := started.UnixMilli()
	var results []objectJSON
	var errs []batchErrorJSON
	addErr := func(e batchErrorJSON, id string) {
		for i := range errs {
			if errs[i].Message == e.Message && errs[i].Category == e.Category {
				errs[i].Context["ids"] = append(errs[i].Context["ids"], id)
				return
			}
		}
		e.Status = "error"
		e.Context = map[string][]string{"ids": {id}}
		errs = append(errs, e)
	}
	for _, in := range body.Inputs {
		rec := st.byID[in.ID]
		if rec == nil || rec.archived {
			addErr(batchErrorJSON{Category: "OBJECT_NOT_FOUND", Message: "Object not found.  objectId are usually numeric."}, in.ID)
			continue
		}
		bad, details := st.updateErrors(rec, in.Properties)
		if len(bad) > 0 {
			addErr(batchErrorJSON{Category: "VALIDATION_ERROR", Message: "Property values were not valid: [" + strings.Join(bad, ",") + "]", Errors: details}, in.ID)
			continue
		}
		results = append(results, s.applyUpdate(st, rec, in.Properties, now))
	}
	if len(results) == 0 {
		var ids []string
		var details []errorDetailJSON
		for _, e := range errs {
			ids = append(ids, e.Context["ids"]...)
			details = append(details, e.Errors...)
		}
		s.writeError(w, http.StatusBadRequest, errs[0].Category, errs[0].Message,
			map[string]any{"context": map[string][]string{"ids": ids}, "errors": details})
		return
	}
	s.writeBatch(w, started, results, errs, len(errs))
}

// updateErrors lists what is wrong with the properties an update sets on
// rec, by property name: each as propertyError renders it (bad) and as an
// error detail.
func (st *store) updateErrors(rec *record, props map[string]*string) (bad []string, details []errorDetailJSON) {
	names := make([]string, 0, len(props))
	for name := range props {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		switch d := st.defs[name]; {
		case d == nil || d.Archived:
			bad = append(bad, propertyError(name, "PROPERTY_DOESNT_EXIST", fmt.Sprintf("Property \"%s\" does not exist", name)))
			details = append(details, errorDetailJSON{Message: fmt.Sprintf("Property \"%s\" does not exist", name), Code: "PROPERTY_DOESNT_EXIST", Context: map[string][]string{"propertyName": {name}}})
		case readOnly[name]:
			bad = append(bad, propertyError(name, "READ_ONLY_VALUE", fmt.Sprintf("%s is a read only property; its value cannot be set.", name)))
			details = append(details, errorDetailJSON{Message: name + " is a read only property", Code: "READ_ONLY_VALUE", Context: map[string][]string{"propertyName": {name}}})
		case st.uniqueKey(name) && str(props[name]) != "":
			if h := st.findBy(name, st.normalize(name, str(props[name]))); h != nil && h != rec {
				msg := fmt.Sprintf("A %s with the value for the unique property %s already exists: %s", singular[st.typ], name, h.idStr)
				bad = append(bad, propertyError(name, "CONFLICTING_UNIQUE_VALUE", msg))
				details = append(details, errorDetailJSON{Message: msg, Code: "CONFLICTING_UNIQUE_VALUE", Context: map[string][]string{"propertyName": {name}}})
			}
		}
	}
	return bad, details
}

// applyUpdate sets props on rec at time now (epoch ms; an empty value
// clears the property) and renders the result with the values set.
func (s *Server) applyUpdate(st *store, rec *record, props map[string]*string, now int64) objectJSON {
	updated := map[string]string{}
	for name, v := range props {
		if rec.props == nil {
			rec.props = map[string]string{}
		}
		if v == nil || *v == "" {
			delete(rec.props, name)
		} else {
			rec.props[name] = *v
		}
		updated[name] = str(v)
	}
	rec.modified = now
	st.touched()
	o := s.render(st, rec, []string{"hs_object_id", "createdate", st.modProp}, nil)
	for k, v := range updated {
		o.Properties[k] = &v
	}
	return o
}

func propertyError(name, code, msg string) string {
	b, _ := json.Marshal(map[string]any{
		"isValid": false, "message": msg, "error": code, "name": name, "localizedErrorMessage": msg,
	})
	return string(b)
}

var assocTypeIDs = map[string]int{
	"contacts/companies": 1, "companies/contacts": 2, "deals/contacts": 3,
	"contacts/deals": 4, "deals/companies": 5, "companies/deals": 6,
}

// serveAssocRead is POST /crm/associations/{v}/{from}/{to}/batch/read:
// each input pages its associations; inputs without any are errors (207).
func (s *Server) serveAssocRead(w http.ResponseWriter, r *http.Request, from, to string) {
	var body struct {
		Inputs []struct {
			ID    string `json:"id"`
			After string `json:"after"`
		} `json:"inputs"`
	}
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
		s.writeError(w, http.StatusBadRequest, "VALIDATION_ERROR", "Invalid input JSON: "+err.Error(), nil)
		return
	}
	if n := len(body.Inputs); n > maxAssocInputs {
		s.writeError(w, http.StatusBadRequest, "VALIDATION_ERROR",
			fmt.Sprintf("Batch input size must be at most %d, got %d.", maxAssocInputs, n), nil)
		return
	}
	type toJSON struct {
		ToObjectID       string           `json:"toObjectId"`
		AssociationTypes []map[string]any `json:"associationTypes"`
	}
	type resultJSON struct {
		From   map[string]string `json:"from"`
		To     []toJSON          `json:"to"`
		Paging *pagingJSON       `json:"paging,omitempty"`
	}
	started := s.opts.Clock().UTC().Format(time.RFC3339Nano)
	results := []resultJSON{}
	var errs []batchErrorJSON
	typeID := assocTypeIDs[from+"/"+to]
	for _, in := range body.Inputs {
		ids := s.data.assoc[from+"/"+to][in.ID]
		off, _ := strconv.Atoi(in.After)
		if len(ids) == 0 || off >= len(ids) {
			errs = append(errs, batchErrorJSON{
				Status: "error", Category: "OBJECT_NOT_FOUND",
				Message: fmt.Sprintf("No %s is associated with %s %s.", singular[to], singular[from], in.ID),
				Context: map[string][]string{"fromObjectId": {in.ID}},
			})
			continue
		}
		end := min(off+s.opts.AssociationPage, len(ids))
		res := resultJSON{From: map[string]string{"id": in.ID}}
		for _, id := range ids[off:end] {
			res.To = append(res.To, toJSON{ToObjectID: id, AssociationTypes: []map[string]any{
				{"category": "HUBSPOT_DEFINED", "typeId": typeID, "label": nil},
			}})
		}
		if end < len(ids) {
			res.Paging = nextPage(strconv.Itoa(end))
		}
		results = append(results, res)
	}
	out := map[string]any{"status": "COMPLETE", "results": results, "startedAt": started, "completedAt": started}
	status := http.StatusOK
	if len(errs) > 0 {
		status = http.StatusMultiStatus
		out["numErrors"] = len(errs)
		out["errors"] = errs
	}
	s.writeJSON(w, status, out)
}

var propertyName = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

var propertyTypes = map[string]bool{"string": true, "number": true, "date": true, "datetime": true, "bool": true, "enumeration": true, "phone_number": true}

// serveProperties is GET/POST /crm/properties/{v}/{type}.
func (s *Server) serveProperties(w http.ResponseWriter, r *http.Request, st *store) {
	switch r.Method {
	case http.MethodGet:
		out := []*propDef{}
		for _, n := range st.defSeq {
			if d := st.defs[n]; !d.Archived {
				out = append(out, d)
			}
		}
		s.writeJSON(w, http.StatusOK, map[string]any{"results": out})
	case http.MethodPost:
		var d propDef
		if err := json.NewDecoder(r.Body).Decode(&d); err != nil {
			s.writeError(w, http.StatusBadRequest, "VALIDATION_ERROR", "Invalid input JSON: "+err.Error(), nil)
			return
		}
		switch {
		case !propertyName.MatchString(d.Name):
			s.writeError(w, http.StatusBadRequest, "VALIDATION_ERROR", fmt.Sprintf("Property name %q is not valid.", d.Name), nil)
		case d.Label == "" || d.FieldType == "" || !propertyTypes[d.Type]:
			s.writeError(w, http.StatusBadRequest, "VALIDATION_ERROR", "label, type and fieldType are required; type must be a known property type.", nil)
		case st.groups[d.GroupName] == nil:
			s.writeError(w, http.StatusBadRequest, "VALIDATION_ERROR", fmt.Sprintf("Property group %q does not exist.", d.GroupName), nil)
		case st.defs[d.Name] != nil:
			s.writeError(w, http.StatusConflict, "OBJECT_ALREADY_EXISTS", fmt.Sprintf("Property named '%s' already exists.", d.Name), nil)
		case d.HasUniqueValue && st.uniqueCount() >= maxUniqueProperties:
			s.writeError(w, http.StatusBadRequest, "VALIDATION_ERROR",
				fmt.Sprintf("An object type can have at most %d unique value properties.", maxUniqueProperties), nil)
		default:
			d.CreatedAt = s.opts.Clock().UTC().Format(time.RFC3339Nano)
			st.addDef(&d)
			s.writeJSON(w, http.StatusCreated, &d)
		}
	default:
		s.writeError(w, http.StatusMethodNotAllowed, "VALIDATION_ERROR", "Method "+r.Method+" not allowed", nil)
	}
}

// serveGroups is GET/POST /crm/properties/{v}/{type}/groups.
func (s *Server) serveGroups(w http.ResponseWriter, r *http.Request, st *store) {
	switch r.Method {
	case http.MethodGet:
		out := []*groupDef{}
		for _, n := range st.grpSeq {
			out = append(out, st.groups[n])
		}
		s.writeJSON(w, http.StatusOK, map[string]any{"results": out})
	case http.MethodPost:
		var g groupDef
		if err := json.NewDecoder(r.Body).Decode(&g); err != nil {
			s.writeError(w, http.StatusBadRequest, "VALIDATION_ERROR", "Invalid input JSON: "+err.Error(), nil)
			return
		}
		switch {
		case !propertyName.MatchString(g.Name) || g.Label == "":
			s.writeError(w, http.StatusBadRequest, "VALIDATION_ERROR", "A property group needs a valid name and a label.", nil)
		case st.groups[g.Name] != nil:
			s.writeError(w, http.StatusConflict, "OBJECT_ALREADY_EXISTS", fmt.Sprintf("A property group named '%s' already exists.", g.Name), nil)
		default:
			st.addGroup(&g)
			s.writeJSON(w, http.StatusCreated, &g)
		}
	default:
		s.writeError(w, http.StatusMethodNotAllowed, "VALIDATION_ERROR", "Method "+r.Method+" not allowed", nil)
	}
}

// writeBatch answers a batch call as HubSpot does: 200 with the results, or
// 207 Multi-Status with numErrors and the per-input errors beside them.
func (s *Server) writeBatch(w http.ResponseWriter, started time.Time, results, errs any, numErrs int) {
	out := map[string]any{
		"status":      "COMPLETE",
		"results":     results,
		"requestedAt": started.Format(time.RFC3339Nano),
		"startedAt":   started.Format(time.RFC3339Nano),
		"completedAt": s.opts.Clock().UTC().Format(time.RFC3339Nano),
	}
	status := http.StatusOK
	if numErrs > 0 {
		status = http.StatusMultiStatus
		out["numErrors"] = numErrs
		out["errors"] = errs
	}
	s.writeJSON(w, status, out)
}

// decodeBatch decodes a batch request body into v and checks its input
// count (inputs, read after decoding) against HubSpot's limit; it answers
// 400 VALIDATION_ERROR and returns false when either fails.
func (s *Server) decodeBatch(w http.ResponseWriter, r *http.Request, v any, inputs func() int) bool {
	if err := json.NewDecoder(r.Body).Decode(v); err != nil {
		s.writeError(w, http.StatusBadRequest, "VALIDATION_ERROR", "Invalid input JSON: "+err.Error(), nil)
		return false
	}
	if n := inputs(); n < 1 || n > maxBatchInputs {
		s.writeError(w, http.StatusBadRequest, "VALIDATION_ERROR",
			fmt.Sprintf("Batch input size must be between 1 and %d, got %d.", maxBatchInputs, n), nil)
		return false
	}
	return true
}
