package hubspottest

import (
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"time"
)

// Limits of the endpoints in this file.
const (
	// maxUniqueProperties is how many unique-value properties one object
	// type may have (HubSpot changelog, "Unique Properties support for
	// newly created Contact properties").
	maxUniqueProperties = 10
	// maxAssocCreateInputs bounds a default-associate batch. HubSpot's
	// reference does not state the number; 2,000 is an assumption.
	maxAssocCreateInputs = 2000
)

// emailPattern is the fake's idea of a valid e-mail address; HubSpot's own
// check is stricter and undocumented.
var emailPattern = regexp.MustCompile(`^[^@\s]+@[^@\s]+\.[^@\s.]+$`)

type upsertInputJSON struct {
	ID                 string             `json:"id"`
	IDProperty         string             `json:"idProperty"`
	Properties         map[string]*string `json:"properties"`
	ObjectWriteTraceID string             `json:"objectWriteTraceId"`
}

// upsertResultJSON is one result of a batch upsert.
type upsertResultJSON struct {
	objectJSON
	New                bool   `json:"new"`
	ObjectWriteTraceID string `json:"objectWriteTraceId,omitempty"`
}

// serveBatchUpsert is POST /crm/objects/{v}/{type}/batch/upsert: inputs
// {id, idProperty, properties, objectWriteTraceId}, at most 100, all with
// the same idProperty (the query parameter idProperty is the default),
// which must be a unique-value property or, for contacts, email. Each input
// updates the live record whose idProperty value is id, or creates one
// (result "new": true) holding that value. Updating with unchanged values
// leaves the record's modification time alone.
//
// Per-input failures (PROPERTY_DOESNT_EXIST, READ_ONLY_VALUE, INVALID_EMAIL,
// INVALID_OPTION, a unique value held by another record) answer 207 with
// the successes in results and the failures in errors, when every input
// carries an objectWriteTraceId — HubSpot documents multi-status answers
// for batch create only under that condition, and the fake assumes the
// same of upsert. Without trace IDs any failing input fails the whole
// batch with 400 and nothing is written.
func (s *Server) serveBatchUpsert(w http.ResponseWriter, r *http.Request, st *store) {
	var body struct {
		Inputs []upsertInputJSON `json:"inputs"`
	}
	if !s.decodeBatch(w, r, &body, func() int { return len(body.Inputs) }) {
		return
	}
	idProp, ok := s.upsertIDProperty(w, r, st, body.Inputs)
	if !ok {
		return
	}
	dup := map[string]bool{}
	tracing := true
	for _, in := range body.Inputs {
		k := st.normalize(idProp, in.ID)
		if dup[k] {
			s.writeError(w, http.StatusBadRequest, "VALIDATION_ERROR",
				fmt.Sprintf("Duplicate IDs found in batch input: [%s]. IDs must be unique", in.ID), nil)
			return
		}
		dup[k] = true
		tracing = tracing && in.ObjectWriteTraceID != ""
	}

	// Validate every input before writing any, so that a 400 writes
	// nothing. Unique values claimed by earlier inputs of the batch count.
	claimed := map[string]string{} // property \x00 value -> input id
	errs := make([]*batchErrorJSON, len(body.Inputs))
	for i, in := range body.Inputs {
		errs[i] = s.validateUpsert(st, idProp, in, claimed)
	}
	var failed []batchErrorJSON
	for _, e := range errs {
		if e != nil {
			failed = append(failed, *e)
		}
	}
	if len(failed) > 0 && !tracing {
		var ids []string
		var details []errorDetailJSON
		for _, e := range failed {
			ids = append(ids, e.Context["ids"]...)
			details = append(details, e.Errors...)
		}
		s.writeError(w, http.StatusBadRequest, failed[0].Category, failed[0].Message,
			map[string]any{"context": map[string][]string{"ids": ids}, "errors": details})
		return
	}

	started := s.opts.Clock().UTC()
	now := started.UnixMilli()
	results := []upsertResultJSON{}
	for i, in := range body.Inputs {
		if errs[i] == nil {
			results = append(results, s.applyUpsert(st, idProp, in, now))
		}
	}
	s.writeBatch(w, started, results, failed, len(failed))
}

// upsertIDProperty is the idProperty the inputs share (each input's own,
// else the query's), which must exist and hold unique values; otherwise it
// answers 400 and returns false. It sets each input's IDProperty.
func (s *Server) upsertIDProperty(w http.ResponseWriter, r *http.Request, st *store, inputs []upsertInputJSON) (string, bool) {
	idProp := ""
	for i := range inputs {
		in := &inputs[i]
		if in.IDProperty == "" {
			in.IDProperty = r.URL.Query().Get("idProperty")
		}
		switch {
		case in.IDProperty == "":
			s.writeError(w, http.StatusBadRequest, "VALIDATION_ERROR", "idProperty is required for upsert.", nil)
			return "", false
		case idProp != "" && in.IDProperty != idProp:
			s.writeError(w, http.StatusBadRequest, "VALIDATION_ERROR",
				fmt.Sprintf("All inputs of one upsert must use the same idProperty, got %s and %s.", idProp, in.IDProperty), nil)
			return "", false
		}
		idProp = in.IDProperty
	}
	if st.defs[idProp] == nil || st.defs[idProp].Archived {
		s.writeError(w, http.StatusBadRequest, "VALIDATION_ERROR", fmt.Sprintf("Property %q does not exist.", idProp), nil)
		return "", false
	}
	if !st.uniqueKey(idProp) {
		s.writeError(w, http.StatusBadRequest, "VALIDATION_ERROR",
			fmt.Sprintf("Unable to perform update/upsert by non-unique %s property %s in portal ID 1", objectTypeID[st.typ], idProp), nil)
		return "", false
	}
	return idProp, true
}

// applyUpsert writes one validated input at time now (epoch ms): it updates
// the record whose idProp value is the input's id or creates one, and
// moves the modification time only when a value changed.
func (s *Server) applyUpsert(st *store, idProp string, in upsertInputJSON, now int64) upsertResultJSON {
	rec := st.findBy(idProp, in.ID)
	created := rec == nil
	if created {
		props := map[string]string{idProp: st.normalize(idProp, in.ID)}
		rec = st.add(st.nextID(), now, now, props)
	} else if rec.props == nil {
		rec.props = map[string]string{}
	}
	changed := created
	for name, v := range in.Properties {
		val := str(v)
		if name == "email" {
			val = strings.ToLower(val)
		}
		if old := rec.props[name]; old != val {
			changed = true
		}
		if val == "" {
			delete(rec.props, name)
		} else {
			rec.props[name] = val
		}
	}
	if changed {
		rec.modified = now
		st.touched()
	}
	names := []string{"hs_object_id", "createdate", st.modProp, idProp}
	for name := range in.Properties {
		names = append(names, name)
	}
	return upsertResultJSON{objectJSON: s.render(st, rec, names, nil), New: created, ObjectWriteTraceID: in.ObjectWriteTraceID}
}

// objectTypeID is HubSpot's object type ID, as its error messages name it.
var objectTypeID = map[string]string{"contacts": "0-1", "companies": "0-2", "deals": "0-3"}

// normalize is how a key value is stored and compared: e-mail addresses
// lower-cased, other values as given.
func (st *store) normalize(prop, v string) string {
	if prop == "email" {
		return strings.ToLower(v)
	}
	return v
}

// validateUpsert checks one upsert input; nil means it can be written.
func (s *Server) validateUpsert(st *store, idProp string, in upsertInputJSON, claimed map[string]string) *batchErrorJSON {
	fail := func(category, msg string, details []errorDetailJSON) *batchErrorJSON {
		e := &batchErrorJSON{Status: "error", Category: category, Message: msg, Errors: details,
			Context: map[string][]string{"ids": {in.ID}}}
		if in.ObjectWriteTraceID != "" {
			e.Context["objectWriteTraceId"] = []string{in.ObjectWriteTraceID}
		}
		return e
	}
	if in.ID == "" {
		return fail("VALIDATION_ERROR", "id is required for upsert.", nil)
	}
	target := st.findBy(idProp, in.ID)
	values := map[string]string{}
	for name, v := range in.Properties {
		values[name] = str(v)
	}
	if _, ok := values[idProp]; !ok || target == nil {
		// A new record holds the key value; so does an input that names it.
		values[idProp] = in.ID
	}
	names := slices.Sorted(maps.Keys(values))
	var bad []string
	var details []errorDetailJSON
	category := "VALIDATION_ERROR"
	add := func(name, code, msg string) {
		bad = append(bad, propertyError(name, code, msg))
		details = append(details, errorDetailJSON{Message: msg, Code: code, Context: map[string][]string{"propertyName": {name}}})
	}
	for _, name := range names {
		v := values[name]
		d := st.defs[name]
		switch {
		case d == nil || d.Archived:
			add(name, "PROPERTY_DOESNT_EXIST", fmt.Sprintf("Property \"%s\" does not exist", name))
			continue
		case readOnly[name]:
			add(name, "READ_ONLY_VALUE", fmt.Sprintf("%s is a read only property; its value cannot be set.", name))
			continue
		case v == "":
			continue
		case name == "email" && st.typ == "contacts" && !emailPattern.MatchString(v):
			add(name, "INVALID_EMAIL", fmt.Sprintf("Email address %s is invalid", v))
			continue
		case d.Type == "enumeration" && len(d.Options) > 0:
			for _, o := range strings.Split(v, ";") {
				if !slices.ContainsFunc(d.Options, func(p propOption) bool { return p.Value == o }) {
					add(name, "INVALID_OPTION", fmt.Sprintf("%s was not one of the allowed options", o))
					break
				}
			}
			continue
		}
		if !st.uniqueKey(name) {
			continue
		}
		nv := st.normalize(name, v)
		holder := st.findBy(name, nv)
		claim := name + "\x00" + nv
		if (holder != nil && holder != target) || (claimed[claim] != "" && claimed[claim] != in.ID) {
			category = "CONFLICT"
			id := claimed[claim]
			if holder != nil {
				id = holder.idStr
			}
			add(name, "CONFLICTING_UNIQUE_VALUE",
				fmt.Sprintf("A %s with the value %q for the unique property %s already exists: %s", singular[st.typ], v, name, id))
			continue
		}
		claimed[claim] = in.ID
	}
	if len(bad) > 0 {
		return fail(category, "Property values were not valid: ["+strings.Join(bad, ",")+"]", details)
	}
	return nil
}

// serveBatchRead is POST /crm/objects/{v}/{type}/batch/read: at most 100
// inputs {id}, by record ID or, with idProperty, by the value of a
// unique-value property (or a contact's email). Records not found (or
// archived, unless ?archived=true) are reported together in one
// OBJECT_NOT_FOUND error of a 207 answer.
func (s *Server) serveBatchRead(w http.ResponseWriter, r *http.Request, st *store) {
	var body struct {
		Properties []string `json:"properties"`
		IDProperty string   `json:"idProperty"`
		Inputs     []struct {
			ID string `json:"id"`
		} `json:"inputs"`
	}
	if !s.decodeBatch(w, r, &body, func() int { return len(body.Inputs) }) {
		return
	}
	if body.IDProperty != "" && body.IDProperty != "hs_object_id" && !st.uniqueKey(body.IDProperty) {
		s.writeError(w, http.StatusBadRequest, "VALIDATION_ERROR",
			fmt.Sprintf("Unable to read by non-unique %s property %s in portal ID 1", objectTypeID[st.typ], body.IDProperty), nil)
		return
	}
	archived := r.URL.Query().Get("archived") == "true"
	props := st.propsToReturn(body.Properties)
	started := s.opts.Clock().UTC().Format(time.RFC3339Nano)
	results := []objectJSON{}
	var missing []string
	seen := map[*record]bool{}
	for _, in := range body.Inputs {
		var rec *record
		if archived && (body.IDProperty == "" || body.IDProperty == "hs_object_id") {
			if x := st.byID[in.ID]; x != nil && x.archived {
				rec = x
			}
		} else if !archived {
			rec = st.findBy(body.IDProperty, in.ID)
		}
		if rec == nil {
			missing = append(missing, in.ID)
			continue
		}
		if !seen[rec] {
			seen[rec] = true
			results = append(results, s.render(st, rec, props, nil))
		}
	}
	out := map[string]any{"status": "COMPLETE", "results": results, "startedAt": started, "completedAt": started}
	status := http.StatusOK
	if len(missing) > 0 {
		status = http.StatusMultiStatus
		out["numErrors"] = 1
		out["errors"] = []batchErrorJSON{{
			Status: "error", Category: "OBJECT_NOT_FOUND",
			Message: fmt.Sprintf("Could not get some %s objects, they may be deleted or not exist. Check that ids are valid.", strings.ToUpper(singular[st.typ])),
			Context: map[string][]string{"ids": missing},
		}}
	}
	s.writeJSON(w, status, out)
}

// serveAssocDefault is POST
// /crm/associations/{v}/{from}/{to}/batch/associate/default: inputs
// {from: {id}, to: {id}} get the default (unlabelled) association, stored in
// both directions. Associating a pair that is already associated changes
// nothing and succeeds. Inputs naming a missing record fail (207).
func (s *Server) serveAssocDefault(w http.ResponseWriter, r *http.Request, from, to string) {
	type idJSON struct {
		ID string `json:"id"`
	}
	var body struct {
		Inputs []struct {
			From idJSON `json:"from"`
			To   idJSON `json:"to"`
		} `json:"inputs"`
	}
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
		s.writeError(w, http.StatusBadRequest, "VALIDATION_ERROR", "Invalid input JSON: "+err.Error(), nil)
		return
	}
	if n := len(body.Inputs); n < 1 || n > maxAssocCreateInputs {
		s.writeError(w, http.StatusBadRequest, "VALIDATION_ERROR",
			fmt.Sprintf("Batch input size must be between 1 and %d, got %d.", maxAssocCreateInputs, n), nil)
		return
	}
	type resultJSON struct {
		From            idJSON         `json:"from"`
		To              idJSON         `json:"to"`
		AssociationSpec map[string]any `json:"associationSpec"`
	}
	started := s.opts.Clock().UTC().Format(time.RFC3339Nano)
	results := []resultJSON{}
	var errs []batchErrorJSON
	live := func(typ, id string) bool {
		rec := s.data.stores[typ].byID[id]
		return rec != nil && !rec.archived
	}
	for _, in := range body.Inputs {
		if !live(from, in.From.ID) || !live(to, in.To.ID) {
			errs = append(errs, batchErrorJSON{
				Status: "error", Category: "VALIDATION_ERROR",
				Message: fmt.Sprintf("Could not associate %s %s with %s %s: object not found.", singular[from], in.From.ID, singular[to], in.To.ID),
				Context: map[string][]string{"fromObjectId": {in.From.ID}, "toObjectId": {in.To.ID}},
			})
			continue
		}
		s.data.link(from, in.From.ID, to, in.To.ID)
		results = append(results, resultJSON{From: in.From, To: in.To, AssociationSpec: map[string]any{
			"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": assocTypeIDs[from+"/"+to],
		}})
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
