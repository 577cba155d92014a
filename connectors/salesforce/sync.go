package salesforce

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/abmsync/abmsync/crm"
	"github.com/abmsync/abmsync/internal/httpx"
)

// Source is the crm.Record.Source of records pulled from Salesforce.
const Source = "salesforce"

// deletedWindow is how far back sObject Get Deleted answers (15 days), less
// a margin for clock skew; older deletions are read with queryAll.
const deletedWindow = 15*24*time.Hour - time.Hour

// soqlTime is the SOQL datetime literal format. Salesforce keeps
// SystemModstamp to the second.
const soqlTime = "2006-01-02T15:04:05Z"

// Pull modes.
const (
	modeFull    = "full" // every live record, ordered by Id
	modeInc     = "inc"  // modified at or after S, ordered by SystemModstamp, Id
	modeDeleted = "del"  // deleted records
)

// cursor is the state behind crm.Page.Next, opaque to callers.
type cursor struct {
	V int    `json:"v"`
	O string `json:"o"`
	M string `json:"m"`
	// U is the query's nextRecordsUrl. When Salesforce no longer knows it
	// (query locators expire after 15 minutes unused), the pull resumes
	// with a new query after the last record returned: Id > I (full), or
	// the compound (SystemModstamp, Id) > (T, I) (incremental).
	U string `json:"u,omitempty"`
	T string `json:"t,omitempty"`
	I string `json:"i,omitempty"`
	S string `json:"s,omitempty"`
	// P is the phase of an incremental deals pull: "" while it lists the
	// opportunities modified since S, phaseRoles while it lists the contact
	// roles modified or deleted since S (U, T and I then follow that
	// query).
	P string `json:"p,omitempty"`
}

// phaseRoles is the cursor phase that follows contact-role changes.
const phaseRoles = "roles"

// reReadBatch is how many opportunities one query re-reads by Id (the ids
// go into the query string: 200 keep it near 5 KB).
const reReadBatch = 200

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
		return cursor{}, errors.New("not a Salesforce pull token")
	}
	return c, nil
}

// Pull returns one page of req.Object records (the crm connector contract).
//
// Live records come from one SOQL query per pull that selects only the
// fields behind req.Properties (those the org's describe lists; the others
// are named in a warning) and the associations in the same query (AccountId;
// for deals the OpportunityContactRoles child query), paged by
// nextRecordsUrl, 2,000 records a call. A full pull (req.Since zero) orders
// by Id; an incremental one selects SystemModstamp >= Since ordered by
// SystemModstamp, Id. When a query locator has expired the pull resumes
// with a new query after the last record it returned, using the compound
// cursor SystemModstamp > t OR (SystemModstamp = t AND Id > id), so more
// than 2,000 records sharing one SystemModstamp are neither skipped nor
// repeated.
//
// req.Archived lists deleted records: sObject Get Deleted for a Since
// within its 15-day window, else queryAll with IsDeleted = true.
//
// Errors wrap crm.ErrPermanent for a token from another pull, an
// unsupported object type, a refused authorization and the daily API limit
// (ErrRequestLimit: 403 REQUEST_LIMIT_EXCEEDED). Scheduled runs stop
// earlier, at Config.StopUsage (see ScheduledPause).
func (c *Client) Pull(ctx context.Context, req crm.PullRequest) (crm.Page, error) {
	ctx, cc := httpx.WithCounter(ctx)
	page, err := c.pull(ctx, req)
	page.Calls = cc.Count()
	if err != nil {
		return crm.Page{Calls: page.Calls}, wrapOp(err, "pull %s", req.Object)
	}
	return page, nil
}

func (c *Client) pull(ctx context.Context, req crm.PullRequest) (crm.Page, error) {
	sobject, ok := SObject(req.Object)
	if !ok {
		return crm.Page{}, permanentf("salesforce: unsupported object type")
	}
	cur, err := startCursor(req)
	if err != nil {
		return crm.Page{}, err
	}
	mode := cur.M
	if mode == modeDeleted && cur.U == "" && cur.I == "" && !req.Since.IsZero() && c.now().Sub(req.Since) < deletedWindow {
		return c.pullDeleted(ctx, req, sobject)
	}
	// Adding or removing a contact role does not touch the Opportunity's
	// SystemModstamp, so an incremental deals pull follows the roles' own
	// stamps after the opportunities (see pullRoleChanges).
	followRoles := mode == modeInc && req.Object == crm.Deals && slices.Contains(req.Associations, crm.Contacts)
	if cur.P == phaseRoles {
		if !followRoles {
			return crm.Page{}, permanentf("salesforce: token belongs to another pull")
		}
		return c.pullRoleChanges(ctx, req, cur)
	}
	sel, err := c.selectList(ctx, req, sobject)
	if err != nil {
		return crm.Page{}, err
	}
	var res *QueryResult
	if cur.U != "" {
		res, err = c.QueryMore(ctx, cur.U)
		var e *ErrorResponse
		if errors.As(err, &e) && (e.HasCode(codeInvalidLocator) || e.StatusCode == 404) {
			c.log.Info("query locator expired; resuming after the last record", "object", req.Object)
			cur.U, err = "", nil
		} else if err != nil {
			return crm.Page{}, err
		}
	}
	if res == nil {
		res, err = c.Query(ctx, buildSOQL(sel, sobject, cur), mode == modeDeleted)
		if err != nil {
			return crm.Page{}, err
		}
	}
	page := crm.Page{Records: make([]crm.Record, 0, len(res.Records))}
	for _, raw := range res.Records {
		r, err := c.toRecord(ctx, req, raw, mode == modeDeleted)
		if err != nil {
			return crm.Page{}, err
		}
		page.Records = append(page.Records, r)
		cur.I = r.ID
		if ts, _ := raw["SystemModstamp"].(string); ts != "" {
			if t, ok := parseTime(ts); ok {
				cur.T = t.Format(soqlTime)
			}
		}
	}
	if !res.Done {
		cur.U = res.NextRecordsURL
		page.Next = cur.encode()
	} else if followRoles {
		page.Next = cursor{V: 1, O: cur.O, M: cur.M, S: cur.S, P: phaseRoles}.encode()
	}
	return page, nil
}

// startCursor is where req's pull goes on: its token's cursor, or a new
// cursor for the mode req asks (deleted records, changes since req.Since,
// or everything). A token of another object or mode is a permanent error.
func startCursor(req crm.PullRequest) (cursor, error) {
	mode := modeFull
	switch {
	case req.Archived:
		mode = modeDeleted
	case !req.Since.IsZero():
		mode = modeInc
	}
	cur := cursor{V: 1, O: string(req.Object), M: mode}
	if !req.Since.IsZero() {
		cur.S = req.Since.UTC().Truncate(time.Second).Format(soqlTime)
	}
	if req.Token != "" {
		t, err := decodeCursor(req.Token)
		if err != nil {
			return cursor{}, permanentf("salesforce: %v", err)
		}
		if t.O != cur.O || t.M != cur.M {
			return cursor{}, permanentf("salesforce: token belongs to another pull")
		}
		cur = t
	}
	return cur, nil
}

// pullRoleChanges reads one batch of the OpportunityContactRoles modified
// or deleted since cur.S (queryAll, so roles in the recycle bin count,
// ordered by SystemModstamp, Id with the compound cursor like any
// incremental query) and returns their opportunities re-read with all
// their current roles: each deal's contact list is replaced whole, so an
// added role adds the contact and a removed one drops it. A re-read deal's
// UpdatedAt is the later of its own and its changed roles' stamps.
func (c *Client) pullRoleChanges(ctx context.Context, req crm.PullRequest, cur cursor) (crm.Page, error) {
	var (
		res *QueryResult
		err error
	)
	if cur.U != "" {
		res, err = c.QueryMore(ctx, cur.U)
		var e *ErrorResponse
		if errors.As(err, &e) && (e.HasCode(codeInvalidLocator) || e.StatusCode == 404) {
			cur.U, err = "", nil
		} else if err != nil {
			return crm.Page{}, err
		}
	}
	if res == nil {
		sel := selection{fields: []string{"Id", "SystemModstamp", "OpportunityId"}}
		if res, err = c.Query(ctx, buildSOQL(sel, OpportunityContactRole, cursor{M: modeInc, S: cur.S, T: cur.T, I: cur.I}), true); err != nil {
			return crm.Page{}, err
		}
	}
	changed := map[string]time.Time{} // opportunity -> newest role stamp
	var opps []string
	for _, raw := range res.Records {
		ts, _ := parseTime(str(raw["SystemModstamp"]))
		if id := str(raw["Id"]); id != "" {
			cur.I, cur.T = id, ts.Format(soqlTime)
		}
		opp := str(raw["OpportunityId"])
		if opp == "" {
			continue
		}
		if prev, seen := changed[opp]; !seen {
			opps = append(opps, opp)
			changed[opp] = ts
		} else if ts.After(prev) {
			changed[opp] = ts
		}
	}
	page := crm.Page{}
	if len(opps) > 0 {
		sel, err := c.selectList(ctx, req, Opportunity)
		if err != nil {
			return crm.Page{}, err
		}
		slices.Sort(opps)
		for batch := range slices.Chunk(opps, reReadBatch) {
			quoted := make([]string, len(batch))
			for i, id := range batch {
				quoted[i] = quote(id)
			}
			q := buildSOQL(selection{fields: sel.fields, children: sel.children, where: "Id IN (" + strings.Join(quoted, ", ") + ")"}, Opportunity, cursor{M: modeFull})
			for res2, err := c.Query(ctx, q, false); ; res2, err = c.QueryMore(ctx, res2.NextRecordsURL) {
				if err != nil {
					return crm.Page{}, err
				}
				for _, raw := range res2.Records {
					r, err := c.toRecord(ctx, req, raw, false)
					if err != nil {
						return crm.Page{}, err
					}
					if t := changed[r.ID]; t.After(r.UpdatedAt) {
						r.UpdatedAt = t
					}
					page.Records = append(page.Records, r)
				}
				if res2.Done {
					break
				}
			}
		}
	}
	if !res.Done {
		cur.U = res.NextRecordsURL
		page.Next = cur.encode()
	}
	return page, nil
}

// selection is what a pull's query selects.
type selection struct {
	fields   []string // API names, Id and SystemModstamp first
	children string   // a child relationship subquery, or ""
	where    string   // an extra condition, or ""
}

// selectList is the SELECT list of req: the describe-checked fields behind
// its properties and associations.
func (c *Client) selectList(ctx context.Context, req crm.PullRequest, sobject string) (selection, error) {
	if req.Archived {
		return selection{fields: []string{"Id", "SystemModstamp"}}, nil
	}
	desc, err := c.Describe(ctx, sobject)
	if err != nil {
		return selection{}, err
	}
	sel := selection{fields: []string{"Id", "SystemModstamp", "CreatedDate"}}
	have := map[string]bool{"id": true, "systemmodstamp": true, "createddate": true}
	add := func(f string) {
		if have[strings.ToLower(f)] {
			return
		}
		have[strings.ToLower(f)] = true
		info, ok := desc[strings.ToLower(f)]
		if !ok {
			return // named by PullWarnings
		}
		sel.fields = append(sel.fields, info.Name)
	}
	for _, p := range req.Properties {
		if f, ok := c.field(req.Object, p); ok {
			add(f)
		}
	}
	for _, a := range req.Associations {
		switch {
		case a == crm.Companies && req.Object != crm.Companies:
			add("AccountId")
		case a == crm.Contacts && req.Object == crm.Deals:
			sel.children = "(SELECT ContactId FROM OpportunityContactRoles)"
		}
	}
	return sel, nil
}

// buildSOQL is the query of a pull at cur.
func buildSOQL(sel selection, sobject string, cur cursor) string {
	var b strings.Builder
	b.WriteString("SELECT " + strings.Join(sel.fields, ", "))
	if sel.children != "" {
		b.WriteString(", " + sel.children)
	}
	b.WriteString(" FROM " + sobject)
	var where []string
	if sel.where != "" {
		where = append(where, sel.where)
	}
	order := "Id"
	switch cur.M {
	case modeInc:
		order = "SystemModstamp, Id"
		if cur.T != "" && cur.I != "" {
			where = append(where, fmt.Sprintf("(SystemModstamp > %s OR (SystemModstamp = %s AND Id > %s))", cur.T, cur.T, quote(cur.I)))
		} else {
			where = append(where, "SystemModstamp >= "+cur.S)
		}
	case modeDeleted:
		where = append(where, "IsDeleted = true")
		if cur.S != "" {
			where = append(where, "SystemModstamp >= "+cur.S)
		}
		fallthrough
	default:
		if cur.I != "" {
			where = append(where, "Id > "+quote(cur.I))
		}
	}
	if len(where) > 0 {
		b.WriteString(" WHERE " + strings.Join(where, " AND "))
	}
	b.WriteString(" ORDER BY " + order)
	return b.String()
}

// pullDeleted lists the records of sobject deleted since req.Since
// (GET /sobjects/{sobject}/deleted/?start=&end=), in one call.
func (c *Client) pullDeleted(ctx context.Context, req crm.PullRequest, sobject string) (crm.Page, error) {
	end := c.now().UTC().Truncate(time.Minute).Add(time.Minute)
	start := req.Since.UTC()
	if end.Sub(start) < time.Minute {
		start = end.Add(-time.Minute)
	}
	q := url.Values{"start": {start.Format(soqlTime)}, "end": {end.Format(soqlTime)}}
	hreq, err := c.newRequest(ctx, "GET", c.dataPath("/sobjects/"+url.PathEscape(sobject)+"/deleted/?"+q.Encode()), nil)
	if err != nil {
		return crm.Page{}, err
	}
	var out struct {
		DeletedRecords []struct {
			ID          string `json:"id"`
			DeletedDate string `json:"deletedDate"`
		} `json:"deletedRecords"`
	}
	if _, err := c.do(hreq, &out); err != nil {
		return crm.Page{}, wrapOp(err, "list deleted %s", sobject)
	}
	page := crm.Page{Records: make([]crm.Record, 0, len(out.DeletedRecords))}
	for _, d := range out.DeletedRecords {
		at, _ := parseTime(d.DeletedDate)
		page.Records = append(page.Records, crm.Record{Type: req.Object, ID: d.ID, Archived: true, UpdatedAt: at, Source: Source})
	}
	return page, nil
}

// toRecord turns one query record into abmsync's record.
func (c *Client) toRecord(ctx context.Context, req crm.PullRequest, raw map[string]any, deleted bool) (crm.Record, error) {
	id, _ := raw["Id"].(string)
	r := crm.Record{Type: req.Object, ID: id, Archived: deleted, Source: Source}
	if t, ok := parseTime(str(raw["CreatedDate"])); ok {
		r.CreatedAt = t
	}
	if t, ok := parseTime(str(raw["SystemModstamp"])); ok {
		r.UpdatedAt = t
	}
	if deleted {
		return r, nil
	}
	for _, p := range req.Properties {
		f, ok := c.field(req.Object, p)
		if !ok {
			continue
		}
		v := value(raw, f)
		switch {
		case v == "":
			continue
		case p == "domain":
			v = normalizeWebsite(v)
		case p == "dealtype" && req.Object == crm.Deals:
			v = dealType(v)
		}
		if v == "" {
			continue
		}
		if r.Properties == nil {
			r.Properties = make(map[string]string, len(req.Properties))
		}
		r.Properties[p] = v
	}
	for _, a := range req.Associations {
		switch {
		case a == crm.Companies && req.Object != crm.Companies:
			if acc := str(raw["AccountId"]); acc != "" {
				setAssoc(&r, crm.Companies, []string{acc})
			}
		case a == crm.Contacts && req.Object == crm.Deals:
			ids, err := c.contactRoles(ctx, raw["OpportunityContactRoles"])
			if err != nil {
				return crm.Record{}, err
			}
			setAssoc(&r, crm.Contacts, ids)
		}
	}
	return r, nil
}

// contactRoles reads the ContactIds of a nested OpportunityContactRoles
// result, following its own nextRecordsUrl when Salesforce pages it.
func (c *Client) contactRoles(ctx context.Context, nested any) ([]string, error) {
	var ids []string
	for m, _ := nested.(map[string]any); m != nil; {
		recs, _ := m["records"].([]any)
		for _, x := range recs {
			rec, _ := x.(map[string]any)
			if id := str(rec["ContactId"]); id != "" && !slices.Contains(ids, id) {
				ids = append(ids, id)
			}
		}
		next := str(m["nextRecordsUrl"])
		if done, _ := m["done"].(bool); done || next == "" {
			break
		}
		more, err := c.QueryMore(ctx, next)
		if err != nil {
			return nil, err
		}
		m = map[string]any{"done": more.Done, "nextRecordsUrl": more.NextRecordsURL}
		anyRecs := make([]any, len(more.Records))
		for i, r := range more.Records {
			anyRecs[i] = r
		}
		m["records"] = anyRecs
	}
	return ids, nil
}

func setAssoc(r *crm.Record, t crm.ObjectType, ids []string) {
	if len(ids) == 0 {
		return
	}
	if r.Associations == nil {
		r.Associations = make(map[crm.ObjectType][]string)
	}
	r.Associations[t] = ids
}

// value renders field f of a query record as abmsync keeps values:
// strings as they are, booleans "true"/"false", numbers in decimal,
// datetimes in RFC 3339 UTC, dates as YYYY-MM-DD; null as "".
func value(raw map[string]any, f string) string {
	v, ok := raw[f]
	if !ok {
		// SOQL field names are case-insensitive; the answer uses the
		// describe's spelling.
		for k, x := range raw {
			if strings.EqualFold(k, f) {
				v, ok = x, true
				break
			}
		}
	}
	if !ok {
		return ""
	}
	switch x := v.(type) {
	case nil:
		return ""
	case bool:
		if x {
			return "true"
		}
		return "false"
	case json.Number:
		return numberValue(x)
	case float64:
		return fmt.Sprint(x)
	case string:
		if len(x) > 19 && x[10] == 'T' {
			if t, ok := parseTime(x); ok {
				return t.Format(time.RFC3339Nano)
			}
		}
		return x
	}
	return ""
}

func str(v any) string {
	s, _ := v.(string)
	return s
}

// parseTime reads Salesforce datetimes ("2026-01-02T03:04:05.000+0000")
// and RFC 3339.
func parseTime(v string) (time.Time, bool) {
	if v == "" {
		return time.Time{}, false
	}
	for _, layout := range []string{"2006-01-02T15:04:05.000-0700", "2006-01-02T15:04:05-0700", time.RFC3339Nano} {
		if t, err := time.Parse(layout, v); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}
