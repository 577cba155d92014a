package salesforce

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/abmsync/abmsync/crm"
	"github.com/abmsync/abmsync/internal/httpx"
)

// lockRetries is how often records Salesforce refused with
// UNABLE_TO_LOCK_ROW (another transaction held them) are sent again.
const lockRetries = 2

// collectionRequest is the body of an sObject Collections update or upsert.
type collectionRequest struct {
	AllOrNone bool             `json:"allOrNone"`
	Records   []map[string]any `json:"records"`
}

// SaveResult is one record's outcome in a Collections answer.
type SaveResult struct {
	ID      string     `json:"id"`
	Success bool       `json:"success"`
	Created bool       `json:"created"`
	Errors  []APIError `json:"errors"`
}

func (r SaveResult) message() string {
	if len(r.Errors) == 0 {
		return "not written (no error given)"
	}
	parts := make([]string, len(r.Errors))
	for i, e := range r.Errors {
		parts[i] = e.String()
	}
	return strings.Join(parts, "; ")
}

func (r SaveResult) locked() bool {
	for _, e := range r.Errors {
		if e.Code() == codeUnableToLockRow {
			return true
		}
	}
	return false
}

// collection sends one sObject Collections PATCH to path with allOrNone
// false and returns the results in input order.
func (c *Client) collection(ctx context.Context, path string, recs []map[string]any) ([]SaveResult, error) {
	req, err := c.newRequest(ctx, "PATCH", path, collectionRequest{AllOrNone: false, Records: recs})
	if err != nil {
		return nil, err
	}
	var out []SaveResult
	if _, err := c.do(req, &out); err != nil {
		return nil, err
	}
	if len(out) != len(recs) {
		return nil, fmt.Errorf("salesforce: PATCH %s: %d results for %d records", req.URL.Path, len(out), len(recs))
	}
	return out, nil
}

// sendCollection sends recs (at most MaxCollection) and resends the ones
// refused with UNABLE_TO_LOCK_ROW up to lockRetries times.
func (c *Client) sendCollection(ctx context.Context, path string, recs []map[string]any) ([]SaveResult, error) {
	results, err := c.collection(ctx, path, recs)
	if err != nil {
		return nil, err
	}
	for attempt := 1; attempt <= lockRetries; attempt++ {
		var idx []int
		for i, r := range results {
			if !r.Success && r.locked() {
				idx = append(idx, i)
			}
		}
		if len(idx) == 0 {
			break
		}
		if err := c.wait(ctx, time.Duration(attempt)*time.Second); err != nil {
			return nil, err
		}
		again := make([]map[string]any, len(idx))
		for j, i := range idx {
			again[j] = recs[i]
		}
		res2, err := c.collection(ctx, path, again)
		if err != nil {
			return nil, err
		}
		for j, i := range idx {
			results[i] = res2[j]
		}
	}
	return results, nil
}

// BatchSize is the most records one BatchUpdate call writes in one HTTP
// request (MaxCollection).
func (c *Client) BatchSize() int { return MaxCollection }

// BatchUpdate writes property values to existing records through sObject
// Collections (PATCH /composite/sobjects, allOrNone false), MaxCollection
// records a call. Records Salesforce refuses are in Failed with its codes
// and messages, never dropped; a property with no Salesforce field, or
// whose field the org lacks, fails its record before any call. Records
// refused with UNABLE_TO_LOCK_ROW are sent again. A call refused as a whole
// stops the update: the error is returned with the result of the calls
// before it.
func (c *Client) BatchUpdate(ctx context.Context, obj crm.ObjectType, updates []crm.Update) (res crm.UpdateResult, err error) {
	ctx, cc := httpx.WithCounter(ctx)
	defer func() { res.Calls = cc.Count() }()
	sobject, ok := SObject(obj)
	if !ok {
		return res, permanentf("salesforce: update %s: unsupported object type", obj)
	}
	if len(updates) == 0 {
		return res, nil
	}
	desc, err := c.Describe(ctx, sobject)
	if err != nil {
		return res, wrapOp(err, "update %s", obj)
	}
	var recs []map[string]any
	var ids []string
	for _, u := range updates {
		rec, err := c.sfRecord(obj, sobject, desc, u.Properties)
		if err != nil {
			res.Failed = append(res.Failed, crm.RecordError{ID: u.ID, Category: "VALIDATION_ERROR", Message: err.Error()})
			continue
		}
		rec["id"] = u.ID
		recs = append(recs, rec)
		ids = append(ids, u.ID)
	}
	for start := 0; start < len(recs); start += MaxCollection {
		end := min(start+MaxCollection, len(recs))
		out, err := c.sendCollection(ctx, c.dataPath("/composite/sobjects"), recs[start:end])
		if err != nil {
			return res, wrapOp(err, "update %d %s", end-start, obj)
		}
		for i, r := range out {
			if r.Success {
				res.Updated = append(res.Updated, ids[start+i])
				continue
			}
			code := ""
			if len(r.Errors) > 0 {
				code = r.Errors[0].Code()
			}
			res.Failed = append(res.Failed, crm.RecordError{ID: ids[start+i], Category: code, Message: r.message()})
		}
	}
	return res, nil
}

// sfRecord turns properties into the fields of one Collections record,
// converting each value to its field's JSON type.
func (c *Client) sfRecord(obj crm.ObjectType, sobject string, desc map[string]FieldInfo, props map[string]string) (map[string]any, error) {
	rec := map[string]any{"attributes": map[string]string{"type": sobject}}
	for p, v := range props {
		f, ok := c.field(obj, p)
		if !ok {
			return nil, fmt.Errorf("property %s has no Salesforce field", p)
		}
		info, ok := desc[strings.ToLower(f)]
		if !ok {
			return nil, fmt.Errorf("field %s.%s does not exist (property %s)", sobject, f, p)
		}
		x, err := toSF(info, v)
		if err != nil {
			return nil, fmt.Errorf("field %s.%s: %w", sobject, info.Name, err)
		}
		rec[info.Name] = x
	}
	return rec, nil
}

// toSF converts abmsync's string value to the JSON value of a field of
// info's type; "" clears the field (null).
func toSF(info FieldInfo, v string) (any, error) {
	if v == "" {
		if info.Type == "boolean" {
			return false, nil
		}
		return nil, nil
	}
	switch info.Type {
	case "boolean":
		b, err := strconv.ParseBool(v)
		if err != nil {
			return nil, fmt.Errorf("%q is not a boolean", v)
		}
		return b, nil
	case "double", "currency", "percent", "int", "long":
		if _, err := strconv.ParseFloat(v, 64); err != nil {
			return nil, fmt.Errorf("%q is not a number", v)
		}
		return json.Number(v), nil
	case "date":
		if t, ok := parseTime(v); ok {
			return t.Format(time.DateOnly), nil
		}
		if _, err := time.Parse(time.DateOnly, v); err != nil {
			return nil, fmt.Errorf("%q is not a date", v)
		}
		return v, nil
	case "datetime":
		t, ok := parseTime(v)
		if !ok {
			d, err := time.Parse(time.DateOnly, v)
			if err != nil {
				return nil, fmt.Errorf("%q is not a datetime", v)
			}
			t = d
		}
		return t.UTC().Format("2006-01-02T15:04:05.000Z"), nil
	}
	return v, nil
}

// numberValue renders a number read from Salesforce in its shortest decimal
// form, as abmsync writes numbers, so a value read back equals the value
// written (Salesforce answers 5.0 for a Number field set to 5).
func numberValue(n json.Number) string {
	f, err := strconv.ParseFloat(string(n), 64)
	if err != nil {
		return string(n)
	}
	return strconv.FormatFloat(f, 'f', -1, 64)
}

// UpsertContacts writes key contacts: each input is matched by
// ABM_Contact_Key__c, else by e-mail address, else created. Contacts
// matched by key or created are written with one upsert by external ID per
// MaxCollection inputs (PATCH /composite/sobjects/Contact/ABM_Contact_Key__c,
// allOrNone false), those matched only by e-mail with one update that also
// sets their key. AccountId is set on contacts without one. KeepIfSet
// properties are dropped where the contact already has a value. Every input
// is in Written or Failed.
func (c *Client) UpsertContacts(ctx context.Context, inputs []crm.ContactUpsert) (res crm.UpsertResult, err error) {
	ctx, cc := httpx.WithCounter(ctx)
	defer func() { res.Calls = cc.Count() }()
	if len(inputs) == 0 {
		return res, nil
	}
	desc, err := c.Describe(ctx, Contact)
	if err != nil {
		return res, wrapOp(err, "upsert contacts")
	}
	keyField := CustomField(crm.ContactKeyProperty)
	if _, ok := desc[strings.ToLower(keyField)]; !ok {
		return res, permanentf("salesforce: upsert contacts: the external ID field Contact.%s does not exist: let abmsync create it or deploy the package of \"abmsync salesforce fields\"", keyField)
	}
	// The look-up query goes in the URL: 100 keys and e-mail addresses
	// keep it well under Salesforce's URI length limit.
	const chunk = 100
	for start := 0; start < len(inputs); start += chunk {
		part := inputs[start:min(start+chunk, len(inputs))]
		if err := c.upsertChunk(ctx, desc, keyField, part, &res); err != nil {
			return res, wrapOp(err, "upsert %d contacts", len(part))
		}
	}
	return res, nil
}

// existingContact is a contact Salesforce holds, as existingContacts read
// it: values holds the fields read, those of KeepIfSet among them.
type existingContact struct {
	id, key, email, account string
	values                  map[string]any
}

// upsertChunk writes one chunk of UpsertContacts' inputs: it reads the
// contacts they match, then upserts those matched by key or new and
// updates those matched only by e-mail, adding each input to res.Written
// or res.Failed.
func (c *Client) upsertChunk(ctx context.Context, desc map[string]FieldInfo, keyField string, part []crm.ContactUpsert, res *crm.UpsertResult) error {
	byKey, byEmail, err := c.existingContacts(ctx, desc, keyField, part)
	if err != nil {
		return err
	}
	var upserts, updates []map[string]any
	var upIn, updIn []crm.ContactUpsert
	var updIDs []string
	for _, in := range part {
		ex := byKey[in.Key]
		viaEmail := false
		if ex == nil && in.Email != "" {
			ex, viaEmail = byEmail[strings.ToLower(in.Email)], true
			if ex == nil {
				viaEmail = false
			}
		}
		rec, err := c.contactRecord(desc, keyField, in, ex)
		if err != nil {
			res.Failed = append(res.Failed, crm.RecordError{ID: in.Key, Category: "VALIDATION_ERROR", Message: err.Error()})
			continue
		}
		if viaEmail {
			rec["id"] = ex.id
			updates, updIn, updIDs = append(updates, rec), append(updIn, in), append(updIDs, ex.id)
			continue
		}
		upserts, upIn = append(upserts, rec), append(upIn, in)
	}
	if len(upserts) > 0 {
		out, err := c.sendCollection(ctx, c.dataPath("/composite/sobjects/Contact/"+url.PathEscape(keyField)), upserts)
		if err != nil {
			return err
		}
		for i, r := range out {
			if r.Success {
				res.Written = append(res.Written, crm.UpsertedContact{Key: upIn[i].Key, ID: r.ID, Created: r.Created})
			} else {
				res.Failed = append(res.Failed, crm.RecordError{ID: upIn[i].Key, Category: firstCode(r), Message: r.message()})
			}
		}
	}
	if len(updates) > 0 {
		out, err := c.sendCollection(ctx, c.dataPath("/composite/sobjects"), updates)
		if err != nil {
			return err
		}
		for i, r := range out {
			if r.Success {
				res.Written = append(res.Written, crm.UpsertedContact{Key: updIn[i].Key, ID: updIDs[i]})
			} else {
				res.Failed = append(res.Failed, crm.RecordError{ID: updIn[i].Key, Category: firstCode(r), Message: r.message()})
			}
		}
	}
	return nil
}

// existingContacts reads what the contacts matching part hold now, by key
// (keyField) and by e-mail address (lower case; the first of several): their
// keys, e-mails, accounts and the values that must not be overwritten.
func (c *Client) existingContacts(ctx context.Context, desc map[string]FieldInfo, keyField string, part []crm.ContactUpsert) (byKey, byEmail map[string]*existingContact, err error) {
	sel := []string{"Id", "Email", "AccountId", keyField}
	seen := map[string]bool{}
	for _, in := range part {
		for _, p := range in.KeepIfSet {
			if f, ok := c.field(crm.Contacts, p); ok {
				if info, ok := desc[strings.ToLower(f)]; ok && !seen[info.Name] {
					seen[info.Name] = true
					sel = append(sel, info.Name)
				}
			}
		}
	}
	var keys, emails []string
	for _, in := range part {
		keys = append(keys, quote(in.Key))
		if in.Email != "" {
			emails = append(emails, quote(in.Email))
		}
	}
	where := keyField + " IN (" + strings.Join(keys, ", ") + ")"
	if len(emails) > 0 {
		where += " OR Email IN (" + strings.Join(emails, ", ") + ")"
	}
	q, err := c.Query(ctx, "SELECT "+strings.Join(sel, ", ")+" FROM Contact WHERE "+where, false)
	if err != nil {
		return nil, nil, err
	}
	byKey, byEmail = map[string]*existingContact{}, map[string]*existingContact{}
	for _, r := range q.Records {
		e := &existingContact{id: str(r["Id"]), key: str(r[keyField]), email: strings.ToLower(str(r["Email"])), account: str(r["AccountId"]), values: r}
		if e.key != "" {
			byKey[e.key] = e
		}
		if e.email != "" && byEmail[e.email] == nil {
			byEmail[e.email] = e
		}
	}
	return byKey, byEmail, nil
}

// contactRecord is the Contact record written for in, given the contact it
// matched (ex, nil for a new one): KeepIfSet properties ex already has are
// left out, the key is set, the account where ex has none, and a new
// contact gets its e-mail address and a last name.
func (c *Client) contactRecord(desc map[string]FieldInfo, keyField string, in crm.ContactUpsert, ex *existingContact) (map[string]any, error) {
	props := make(map[string]string, len(in.Properties)+1)
	for k, v := range in.Properties {
		props[k] = v
	}
	for _, p := range in.KeepIfSet {
		if ex == nil {
			continue
		}
		if f, ok := c.field(crm.Contacts, p); ok && value(ex.values, f) != "" {
			delete(props, p)
		}
	}
	if in.Email != "" && ex == nil {
		props["email"] = in.Email
	}
	rec, err := c.sfRecord(crm.Contacts, Contact, desc, props)
	if err != nil {
		return nil, err
	}
	rec[keyField] = in.Key
	if in.CompanyID != "" && (ex == nil || ex.account == "") {
		rec["AccountId"] = in.CompanyID
	}
	if ex == nil {
		// LastName is required on create.
		if ln, _ := rec["LastName"].(string); ln == "" {
			rec["LastName"] = fallbackLastName(in)
		}
	}
	return rec, nil
}

func firstCode(r SaveResult) string {
	if len(r.Errors) > 0 {
		return r.Errors[0].Code()
	}
	return ""
}

// fallbackLastName is the LastName of a new contact whose family name is
// unknown: the given name, else Salesforce's own placeholder.
func fallbackLastName(in crm.ContactUpsert) string {
	if v := in.Properties["firstname"]; v != "" {
		return v
	}
	return "[not provided]"
}
