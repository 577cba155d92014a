package hubspot

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/abmsync/abmsync/crm"
	"github.com/abmsync/abmsync/internal/httpx"
)

// Source is the crm.Record.Source of records pulled from HubSpot.
const Source = "hubspot"

// tieThreshold is how many records sharing the anchor timestamp an
// incremental pull tracks by ID before it walks that timestamp by record ID
// instead. Kept below the page size so every search page makes progress and
// the token stays small.
const tieThreshold = MaxSearchLimit / 2

// ModifiedProperty returns the last-modified property of a synced object
// type: lastmodifieddate for contacts, hs_lastmodifieddate for companies and
// deals.
func ModifiedProperty(o crm.ObjectType) (string, bool) {
	switch o {
	case crm.Contacts:
		return "lastmodifieddate", true
	case crm.Companies, crm.Deals:
		return "hs_lastmodifieddate", true
	}
	return "", false
}

// Cursor modes.
const (
	modeList = "list" // list endpoint, A is HubSpot's after cursor
	modeTime = "ts"   // search modified >= T, skipping S (IDs already returned at T)
	modeTie  = "tie"  // search modified == T and hs_object_id > F, skipping S
)

// cursor is the state behind crm.Page.Next, opaque to callers.
type cursor struct {
	V int      `json:"v"`
	O string   `json:"o"`
	M string   `json:"m"`
	A string   `json:"a,omitempty"`
	T int64    `json:"t,omitempty"`
	S []string `json:"s,omitempty"`
	F string   `json:"f,omitempty"`
	// N and W are a tie walk's expected and walked record counts: the
	// search's total at the walk's first page, and the records seen since.
	N int `json:"n,omitempty"`
	W int `json:"w,omitempty"`
}

func (c cursor) encode() string {
	b, _ := json.Marshal(c)
	return base64.RawURLEncoding.EncodeToString(b)
}

func decodeCursor(tok string) (cursor, error) {
	var c cursor
	b, err := base64.RawURLEncoding.DecodeString(tok)
	if err == nil {
		err = json.Unmarshal(b, &c)
	}
	if err != nil || c.V != 1 {
		return cursor{}, fmt.Errorf("not a HubSpot pull token")
	}
	return c, nil
}

// Pull returns one page of req.Object records (the crm connector contract).
//
// A full pull (req.Since zero) pages the list endpoint, MaxListLimit records
// a page, with the requested properties and associations in the same call;
// only a record whose embedded association list is itself paged costs an
// associations batch read. req.Archived lists archived records instead; with
// a Since it keeps those archived at or after Since (search never returns
// archived records).
//
// An incremental pull (req.Since set) searches records whose last-modified
// property (ModifiedProperty) is at or after Since, oldest first,
// MaxSearchLimit a page, and fetches the page's associations with one
// associations batch read per associated type. Each page is a new query
// anchored at the last timestamp returned, skipping the records already
// returned at that timestamp, so HubSpot's 10,000-result cap per query is
// never reached and a record modified during the pull moves behind the
// anchor instead of shifting offsets (nothing missed, nothing repeated).
// When more than tieThreshold records share one timestamp the pull walks
// that timestamp in hs_object_id order (modified == T and hs_object_id >
// last ID), then resumes after it; this also handles more than 10,000
// records sharing a timestamp.
//
// Records carry only the requested properties with non-empty values,
// UpdatedAt from the last-modified property and Source "hubspot". Page.Calls
// counts this page's HTTP attempts, retries and token refreshes included.
// Errors wrap crm.ErrPermanent for a token from another pull or an
// unsupported object type; rate-limit errors implement crm.Temporary.
func (c *Client) Pull(ctx context.Context, req crm.PullRequest) (crm.Page, error) {
	ctx, cc := httpx.WithCounter(ctx)
	cur, props, modProp, err := pullStart(req)
	if err != nil {
		return crm.Page{}, err
	}
	var page crm.Page
	if cur.M == modeList {
		page, err = c.pullList(ctx, req, cur, props, modProp)
	} else {
		page, err = c.pullSearch(ctx, req, cur, props, modProp)
	}
	page.Calls = cc.Count()
	if err != nil {
		return crm.Page{Calls: page.Calls}, wrapOp(err, "pull %s", req.Object)
	}
	return page, nil
}

// pullStart checks req and returns where its listing starts or resumes,
// the properties to ask for and the last-modified property.
func pullStart(req crm.PullRequest) (cur cursor, props []string, modProp string, err error) {
	modProp, ok := ModifiedProperty(req.Object)
	if !ok {
		return cursor{}, nil, "", permanentf("hubspot: pull %s: unsupported object type", req.Object)
	}
	search := !req.Since.IsZero() && !req.Archived
	cur = cursor{V: 1, O: string(req.Object), M: modeList}
	if search {
		cur.M, cur.T = modeTime, req.Since.UnixMilli()
	}
	if req.Token != "" {
		t, err := decodeCursor(req.Token)
		if err != nil {
			return cursor{}, nil, "", permanentf("hubspot: pull %s: %v", req.Object, err)
		}
		if t.O != string(req.Object) || (t.M == modeList) == search {
			return cursor{}, nil, "", permanentf("hubspot: pull %s: token belongs to another pull", req.Object)
		}
		cur = t
	}
	props = append([]string(nil), req.Properties...)
	if !slices.Contains(props, modProp) {
		props = append(props, modProp)
	}
	return cur, props, modProp, nil
}

func (c *Client) pullList(ctx context.Context, req crm.PullRequest, cur cursor, props []string, modProp string) (crm.Page, error) {
	raw, resp, err := c.listRaw(ctx, string(req.Object), listOptions(req, cur, props))
	if err != nil {
		return crm.Page{}, err
	}
	page, err := c.decodeList(ctx, req, raw, modProp)
	if err != nil {
		return crm.Page{}, err
	}
	page.Next = nextListToken(cur, resp.Next)
	return page, nil
}

// listOptions is the list request of a listing at cur.
func listOptions(req crm.PullRequest, cur cursor, props []string) *ListOptions {
	assoc := make([]string, len(req.Associations))
	for i, a := range req.Associations {
		assoc[i] = string(a)
	}
	return &ListOptions{Limit: MaxListLimit, After: cur.A, Properties: props, Associations: assoc, Archived: req.Archived}
}

// nextListToken is the continuation token after a list page whose paging
// cursor is after ("" on the last page).
func nextListToken(cur cursor, after string) string {
	if after == "" {
		return ""
	}
	cur.A = after
	return cur.encode()
}

// decodeList turns a list page's results into records, reading the
// associations that did not fit into the page (one batch call per type).
func (c *Client) decodeList(ctx context.Context, req crm.PullRequest, raw *rawList, modProp string) (crm.Page, error) {
	res, err := decodeListResult(raw.body)
	if err != nil {
		return crm.Page{}, fmt.Errorf("hubspot: %s: decode the %s list page: %w", raw.endpoint, req.Object, err)
	}
	objs := res.Results
	if req.Archived && !req.Since.IsZero() {
		objs = slices.DeleteFunc(objs, func(o Object) bool {
			at := o.UpdatedAt
			if o.ArchivedAt != nil {
				at = *o.ArchivedAt
			}
			return at.Before(req.Since)
		})
	}
	page := crm.Page{Records: make([]crm.Record, len(objs))}
	for i, o := range objs {
		page.Records[i] = toRecord(o, req, modProp)
	}
	for _, t := range req.Associations {
		var paged []string
		for i, o := range objs {
			list := o.Associations[string(t)]
			ids := make([]string, 0, len(list.Results))
			for _, a := range list.Results {
				if !slices.Contains(ids, string(a.ID)) {
					ids = append(ids, string(a.ID))
				}
			}
			setAssoc(&page.Records[i], t, ids)
			if list.Paging.after() != "" {
				paged = append(paged, o.ID)
			}
		}
		if len(paged) > 0 {
			m, err := c.BatchReadAssociations(ctx, string(req.Object), string(t), paged)
			if err != nil {
				return crm.Page{}, err
			}
			for i := range page.Records {
				if ids, ok := m[page.Records[i].ID]; ok {
					setAssoc(&page.Records[i], t, ids)
				}
			}
		}
	}
	return page, nil
}

// pullSearch reads one page of an incremental pull through the search
// endpoint, from cursor cur: in time mode the records modified at or after
// T, in a tie walk those modified exactly at T by id (see the modes).
func (c *Client) pullSearch(ctx context.Context, req crm.PullRequest, cur cursor, props []string, modProp string) (crm.Page, error) {
	res, resp, err := c.Search(ctx, string(req.Object), searchRequest(cur, props, modProp))
	if err != nil {
		return crm.Page{}, err
	}
	seen := make(map[string]bool, len(cur.S))
	for _, id := range cur.S {
		seen[id] = true
	}
	more := resp.Next != ""
	var objs []Object
	var next cursor
	if cur.M == modeTime {
		objs, next = cur.afterTime(res.Results, seen, more, modProp)
	} else if objs, next, more, err = cur.afterTie(req.Object, res, seen, more); err != nil {
		return crm.Page{}, err
	}
	page := crm.Page{Records: make([]crm.Record, len(objs))}
	ids := make([]string, len(objs))
	for i, o := range objs {
		page.Records[i] = toRecord(o, req, modProp)
		ids[i] = o.ID
	}
	if len(ids) > 0 {
		for _, t := range req.Associations {
			m, err := c.BatchReadAssociations(ctx, string(req.Object), string(t), ids)
			if err != nil {
				return crm.Page{}, err
			}
			for i := range page.Records {
				setAssoc(&page.Records[i], t, m[page.Records[i].ID])
			}
		}
	}
	if more {
		page.Next = next.encode()
	}
	return page, nil
}

// searchRequest is the search for cursor cur's next page: modified at or
// after T by modification time, or in a tie walk modified at T after id F
// by id.
func searchRequest(cur cursor, props []string, modProp string) *SearchRequest {
	anchor := strconv.FormatInt(cur.T, 10)
	sr := &SearchRequest{Properties: props, Limit: MaxSearchLimit}
	if cur.M == modeTime {
		sr.FilterGroups = []FilterGroup{{Filters: []Filter{{PropertyName: modProp, Operator: "GTE", Value: anchor}}}}
		sr.Sorts = []Sort{{PropertyName: modProp, Direction: "ASCENDING"}}
	} else {
		f := []Filter{{PropertyName: modProp, Operator: "EQ", Value: anchor}}
		if cur.F != "" {
			f = append(f, Filter{PropertyName: "hs_object_id", Operator: "GT", Value: cur.F})
		}
		sr.FilterGroups = []FilterGroup{{Filters: f}}
		sr.Sorts = []Sort{{PropertyName: "hs_object_id", Direction: "ASCENDING"}}
	}
	return sr
}

// afterTime takes a time-mode page's results: those not already returned
// at T (seen), and the cursor after them, which turns to a tie walk when
// more records share the newest time than a page can skip.
func (cur cursor) afterTime(results []Object, seen map[string]bool, more bool, modProp string) ([]Object, cursor) {
	next := cur
	next.S = slices.Clone(cur.S)
	var objs []Object
	for _, o := range results {
		ts := modifiedAt(o, modProp).UnixMilli()
		if ts == cur.T && seen[o.ID] {
			continue
		}
		objs = append(objs, o)
		switch {
		case ts > next.T:
			next.T, next.S = ts, []string{o.ID}
		case ts == next.T:
			next.S = append(next.S, o.ID)
		}
	}
	if more && (len(next.S) > tieThreshold || len(objs) == 0) {
		next.M, next.F = modeTie, ""
	}
	return objs, next
}

// afterTie takes a tie walk's page: the results not already returned
// (seen), the cursor after them and whether a page follows. Once every
// record at T is out the cursor resumes after T in time mode; a walk that
// saw fewer records than the search counted at T is a *tieWalkError.
func (cur cursor) afterTie(object crm.ObjectType, res *SearchResult, seen map[string]bool, more bool) ([]Object, cursor, bool, error) {
	next := cur
	next.S = slices.Clone(cur.S)
	if cur.F == "" {
		// The walk's first page: the search's total is how many records
		// share T. The time search switched to this walk because it had
		// more records at T than it could page through, so an empty
		// walk means the search index disagrees with itself.
		next.N = res.Total
		if res.Total == 0 || len(res.Results) == 0 {
			return nil, cursor{}, false, &tieWalkError{object: object, at: cur.T, want: max(res.Total, len(cur.S)+1), got: 0}
		}
	}
	var objs []Object
	for _, o := range res.Results {
		if !seen[o.ID] {
			objs = append(objs, o)
		}
		next.F = o.ID
	}
	next.W += len(res.Results)
	next.S = slices.DeleteFunc(next.S, func(id string) bool { return idLessEq(id, next.F) })
	if !more {
		if next.W < next.N {
			// Moving past T now would skip records that changed at T.
			return nil, cursor{}, false, &tieWalkError{object: object, at: cur.T, want: next.N, got: next.W}
		}
		// Every record at T is out: resume after T.
		next = cursor{V: 1, O: cur.O, M: modeTime, T: cur.T + 1}
		more = true
	}
	return objs, next, more, nil
}

// tieWalkError says a walk of the records modified at one instant saw fewer
// records than the search reported there. The pull's position is not moved
// past that instant (the caller keeps its last saved token), and the error
// is temporary: HubSpot's search index catches up, and the retry walks
// again.
type tieWalkError struct {
	object crm.ObjectType
	at     int64
	want   int
	got    int
}

func (e *tieWalkError) Error() string {
	return fmt.Sprintf("hubspot: pull %s: search listed %d records modified at %s but the walk by id returned %d; not moving past that time, retry later",
		e.object, e.want, time.UnixMilli(e.at).UTC().Format(time.RFC3339Nano), e.got)
}

// RetryDelay makes the error a crm.Temporary with a short wait: the index
// is usually seconds behind.
func (e *tieWalkError) RetryDelay() time.Duration { return 10 * time.Second }

// idLessEq compares record IDs numerically (they are decimal), falling back
// to string order.
func idLessEq(a, b string) bool {
	x, err1 := strconv.ParseUint(a, 10, 64)
	y, err2 := strconv.ParseUint(b, 10, 64)
	if err1 == nil && err2 == nil {
		return x <= y
	}
	return a <= b
}

func setAssoc(r *crm.Record, t crm.ObjectType, ids []string) {
	if len(ids) == 0 {
		if r.Associations != nil {
			delete(r.Associations, t)
		}
		return
	}
	if r.Associations == nil {
		r.Associations = make(map[crm.ObjectType][]string)
	}
	r.Associations[t] = ids
}

func toRecord(o Object, req crm.PullRequest, modProp string) crm.Record {
	r := crm.Record{
		Type:      req.Object,
		ID:        o.ID,
		CreatedAt: o.CreatedAt,
		UpdatedAt: modifiedAt(o, modProp),
		Archived:  o.Archived,
		Source:    Source,
	}
	if r.CreatedAt.IsZero() {
		r.CreatedAt, _ = crm.ParseTime(o.Properties["createdate"])
	}
	for _, p := range req.Properties {
		if v := o.Properties[p]; v != "" {
			if r.Properties == nil {
				r.Properties = make(map[string]string, len(req.Properties))
			}
			r.Properties[p] = v
		}
	}
	return r
}

// modifiedAt is the record's last-modified property, else updatedAt.
func modifiedAt(o Object, modProp string) time.Time {
	if t, ok := crm.ParseTime(o.Properties[modProp]); ok {
		return t
	}
	return o.UpdatedAt
}
