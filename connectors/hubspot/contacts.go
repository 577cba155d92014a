package hubspot

import (
	"context"
	"encoding/json"
	"errors"
	"maps"
	"net/http"
	"slices"
	"strings"

	"github.com/abmsync/abmsync/crm"
	"github.com/abmsync/abmsync/internal/httpx"
)

// Contact write-back follows HubSpot's contacts guide
// (https://developers.hubspot.com/docs/api-reference/latest/crm/objects/contacts/guide)
// and the references of batch read, batch upsert
// (https://developers.hubspot.com/docs/api-reference/2026-03/crm/objects/contacts/batch/upsert-contacts)
// and default associations
// (https://developers.hubspot.com/docs/api-reference/latest/crm/associations/associate-records/batch/create-associations).

// emailProperty is the contact property HubSpot lets key contact upserts
// and batch reads besides properties created with hasUniqueValue.
const emailProperty = "email"

type batchReadInput struct {
	ID string `json:"id"`
}

type batchReadRequest struct {
	Properties []string         `json:"properties"`
	IDProperty string           `json:"idProperty,omitempty"`
	Inputs     []batchReadInput `json:"inputs"`
}

type batchReadResponse struct {
	Status  string       `json:"status"`
	Results []Object     `json:"results"`
	Errors  []batchError `json:"errors"`
}

// BatchRead returns the objectType records whose idProperty value is one
// of ids, with the given properties
// (POST /crm/objects/{version}/{objectType}/batch/read), MaxBatchInputs IDs
// per call. idProperty "" reads by record ID; otherwise it must be a
// unique-value property, or email for contacts. The map is keyed by the
// requested ID (e-mail addresses match case-insensitively); records that do
// not exist are absent (HubSpot reports them as an OBJECT_NOT_FOUND error
// of a 207 answer). Any other per-input error fails the call, because
// callers decide what to overwrite by what the read found. Calls are
// retried like reads.
func (c *Client) BatchRead(ctx context.Context, objectType, idProperty string, ids, properties []string) (map[string]Object, error) {
	out := make(map[string]Object, len(ids))
	want := make(map[string]string, len(ids)) // normalized value -> requested ID
	var uniq []string
	for _, id := range ids {
		if k := keyValue(idProperty, id); k != "" && want[k] == "" {
			want[k] = id
			uniq = append(uniq, id)
		}
	}
	props := slices.Clone(properties)
	if idProperty != "" && !slices.Contains(props, idProperty) {
		props = append(props, idProperty)
	}
	by := idProperty
	if by == "" {
		by = "ID"
	}
	ctx = withKind(ctx, kindRead)
	path := c.path("crm", "objects", c.version, objectType, "batch", "read")
	for start := 0; start < len(uniq); start += MaxBatchInputs {
		chunk := uniq[start:min(start+MaxBatchInputs, len(uniq))]
		body := batchReadRequest{Properties: props, IDProperty: idProperty, Inputs: make([]batchReadInput, len(chunk))}
		for i, id := range chunk {
			body.Inputs[i] = batchReadInput{ID: id}
		}
		req, err := c.newRequest(ctx, http.MethodPost, path, nil, body)
		if err != nil {
			return nil, err
		}
		var res batchReadResponse
		if _, err := c.do(req, &res); err != nil {
			return nil, wrapOp(err, "batch read %s by %s (%d inputs)", objectType, by, len(chunk))
		}
		for _, e := range res.Errors {
			if e.Category != "OBJECT_NOT_FOUND" {
				return nil, wrapOp(errors.New(strings.TrimSpace(e.Category+" "+e.message())),
					"batch read %s by %s (%d inputs)", objectType, by, len(chunk))
			}
		}
		for _, o := range res.Results {
			v := o.ID
			if idProperty != "" {
				v = o.Properties[idProperty]
			}
			if id, ok := want[keyValue(idProperty, v)]; ok {
				out[id] = o
			}
		}
	}
	return out, nil
}

// keyValue is how a key value compares: e-mail addresses case-insensitively.
func keyValue(idProperty, v string) string {
	if idProperty == emailProperty {
		return strings.ToLower(strings.TrimSpace(v))
	}
	return v
}

// contactPlan is what UpsertContacts does with one input.
type contactPlan struct {
	in    crm.ContactUpsert
	email string // normalized

	idProp, idVal string            // the upsert key
	props         map[string]string // values to write
	existed       bool              // found by the read
	skip          bool              // the CRM already holds every value

	id      string // record ID, once known
	created bool
	fail    *crm.RecordError
}

// UpsertContacts creates or updates contacts and associates each with its
// company, idempotently: running it again with the same inputs writes
// nothing.
//
// It first reads the contacts that exist, by e-mail address and by
// crm.ContactKeyProperty (POST .../contacts/batch/read, MaxBatchInputs
// each). An input then updates the contact its e-mail address belongs to,
// else the contact holding its key (adding the e-mail address when that
// contact has none; an address a contact already has is never replaced),
// else it creates one, keyed by e-mail address when known, otherwise by the
// key. The key is always written, so a contact created by key is found
// again once its e-mail address is known. Values named in KeepIfSet are
// dropped for contacts whose CRM value is not empty. An input whose contact
// already holds every value is not written at all.
//
// The rest is written with batch upserts (POST .../contacts/batch/upsert),
// MaxBatchInputs inputs per call, one idProperty per call, every input
// carrying its key as objectWriteTraceId so that HubSpot answers per input
// (207). Contacts with a CompanyID that were created, or are not yet
// associated with that company (one associations batch read), get the
// default association
// (POST /crm/associations/{version}/contacts/companies/batch/associate/default),
// MaxBatchInputs pairs per call.
//
// Every input ends in Written or in Failed (ID = Key): per-input errors of
// 207 answers, a contact whose e-mail address and key belong to two
// different contacts (category CONFLICT: they must be merged in HubSpot),
// and a contact written whose association failed. Inputs without a key,
// with a key or e-mail address given twice, or with email or
// crm.ContactKeyProperty in Properties are refused before any call, as
// errors matching crm.ErrPermanent. A call refused as a whole (4xx, or 5xx
// after retries: upserts and associations are idempotent, so they are
// retried like reads) stops the upsert and is returned with a result
// holding only the failures found before it; repeating the call is safe.
//
// The read and the write are not atomic: a value a person sets between
// them can still be overwritten. Created is false for a contact whose
// creating upsert was answered with a 5xx and resent.
func (c *Client) UpsertContacts(ctx context.Context, inputs []crm.ContactUpsert) (crm.UpsertResult, error) {
	ctx, cc := httpx.WithCounter(ctx)
	var res crm.UpsertResult
	finish := func(plans []*contactPlan, err error) (crm.UpsertResult, error) {
		res.Calls = cc.Count()
		for _, p := range plans {
			switch {
			case p.fail != nil:
				res.Failed = append(res.Failed, *p.fail)
			case err == nil:
				res.Written = append(res.Written, crm.UpsertedContact{Key: p.in.Key, ID: p.id, Created: p.created})
			}
		}
		return res, err
	}
	plans, err := planContacts(inputs)
	if err != nil || len(plans) == 0 {
		return finish(nil, err)
	}
	if err := c.decideContacts(ctx, plans); err != nil {
		return finish(plans, err)
	}
	if err := c.writeContacts(ctx, plans); err != nil {
		return finish(plans, err)
	}
	if err := c.associateContacts(ctx, plans); err != nil {
		return finish(plans, err)
	}
	res, err = finish(plans, nil)
	c.log.Debug("contacts upserted", "inputs", len(plans), "written", len(res.Written), "failed", len(res.Failed), "calls", res.Calls)
	return res, err
}

// decideContacts reads the contacts that exist with the plans' e-mail
// addresses and keys, with every property the inputs write, and lets each
// plan decide on them.
func (c *Client) decideContacts(ctx context.Context, plans []*contactPlan) error {
	names := []string{emailProperty, crm.ContactKeyProperty}
	var emails, keys []string
	for _, p := range plans {
		for n := range p.in.Properties {
			if !slices.Contains(names, n) {
				names = append(names, n)
			}
		}
		if p.email != "" {
			emails = append(emails, p.email)
		}
		keys = append(keys, p.in.Key)
	}
	slices.Sort(names[2:])
	byEmail, err := c.BatchRead(ctx, string(crm.Contacts), emailProperty, emails, names)
	if err != nil {
		return wrapOp(err, "upsert contacts")
	}
	byKey, err := c.BatchRead(ctx, string(crm.Contacts), crm.ContactKeyProperty, keys, names)
	if err != nil {
		return wrapOp(err, "upsert contacts")
	}
	for _, p := range plans {
		p.decide(byEmail, byKey)
	}
	return nil
}

// writeContacts upserts the plans that write, one idProperty per call.
func (c *Client) writeContacts(ctx context.Context, plans []*contactPlan) error {
	for _, idProp := range []string{emailProperty, crm.ContactKeyProperty} {
		var group []*contactPlan
		for _, p := range plans {
			if p.fail == nil && !p.skip && p.idProp == idProp {
				group = append(group, p)
			}
		}
		for start := 0; start < len(group); start += MaxBatchInputs {
			if err := c.upsertChunk(ctx, idProp, group[start:min(start+MaxBatchInputs, len(group))]); err != nil {
				return wrapOp(err, "upsert contacts")
			}
		}
	}
	return nil
}

// associateContacts associates the written contacts with their companies,
// except where that association exists.
func (c *Client) associateContacts(ctx context.Context, plans []*contactPlan) error {
	var check []string
	for _, p := range plans {
		if p.fail == nil && p.in.CompanyID != "" && !p.created {
			check = append(check, p.id)
		}
	}
	have, err := c.BatchReadAssociations(ctx, string(crm.Contacts), string(crm.Companies), check)
	if err != nil {
		return wrapOp(err, "upsert contacts: read company associations")
	}
	var pairs []*contactPlan
	for _, p := range plans {
		if p.fail == nil && p.in.CompanyID != "" && !slices.Contains(have[p.id], p.in.CompanyID) {
			pairs = append(pairs, p)
		}
	}
	for start := 0; start < len(pairs); start += MaxBatchInputs {
		if err := c.associateChunk(ctx, pairs[start:min(start+MaxBatchInputs, len(pairs))]); err != nil {
			return wrapOp(err, "upsert contacts")
		}
	}
	return nil
}

// planContacts validates and normalizes the inputs.
func planContacts(inputs []crm.ContactUpsert) ([]*contactPlan, error) {
	plans := make([]*contactPlan, 0, len(inputs))
	keys := make(map[string]bool, len(inputs))
	emails := make(map[string]string, len(inputs))
	for i, in := range inputs {
		if strings.TrimSpace(in.Key) == "" {
			return nil, permanentf("hubspot: upsert contacts: input %d has no key", i)
		}
		if keys[in.Key] {
			return nil, permanentf("hubspot: upsert contacts: key %q appears twice", in.Key)
		}
		keys[in.Key] = true
		for _, n := range []string{emailProperty, crm.ContactKeyProperty} {
			if _, ok := in.Properties[n]; ok {
				return nil, permanentf("hubspot: upsert contacts: key %q: %s belongs in the Email or Key field, not in Properties", in.Key, n)
			}
		}
		p := &contactPlan{in: in, email: keyValue(emailProperty, in.Email)}
		if p.email != "" {
			if other, dup := emails[p.email]; dup {
				return nil, permanentf("hubspot: upsert contacts: keys %q and %q have the same e-mail address", other, in.Key)
			}
			emails[p.email] = in.Key
		}
		plans = append(plans, p)
	}
	return plans, nil
}

// decide picks the upsert key and the values to write from what the reads
// found.
func (p *contactPlan) decide(byEmail, byKey map[string]Object) {
	byE, hasE := byEmail[p.email]
	hasE = hasE && p.email != ""
	byK, hasK := byKey[p.in.Key]
	props := maps.Clone(p.in.Properties)
	if props == nil {
		props = map[string]string{}
	}
	props[crm.ContactKeyProperty] = p.in.Key
	var existing *Object
	switch {
	case hasE && hasK && byE.ID != byK.ID:
		p.fail = &crm.RecordError{ID: p.in.Key, Category: "CONFLICT",
			Message: "the e-mail address belongs to contact " + byE.ID + " and the key to contact " + byK.ID + ": merge them in HubSpot"}
		return
	case hasE:
		p.idProp, p.idVal, existing = emailProperty, p.email, &byE
	case hasK:
		p.idProp, p.idVal, existing = crm.ContactKeyProperty, p.in.Key, &byK
		if p.email != "" && byK.Properties[emailProperty] == "" {
			props[emailProperty] = p.email
		}
	case p.email != "":
		p.idProp, p.idVal = emailProperty, p.email
	default:
		p.idProp, p.idVal = crm.ContactKeyProperty, p.in.Key
	}
	if existing != nil {
		p.existed, p.id = true, existing.ID
		for _, n := range p.in.KeepIfSet {
			if existing.Properties[n] != "" {
				delete(props, n)
			}
		}
		p.skip = true
		for n, v := range props {
			if existing.Properties[n] != v {
				p.skip = false
				break
			}
		}
	}
	p.props = props
}

type upsertInput struct {
	ID                 string            `json:"id"`
	IDProperty         string            `json:"idProperty"`
	Properties         map[string]string `json:"properties"`
	ObjectWriteTraceID string            `json:"objectWriteTraceId"`
}

type upsertResponse struct {
	Status  string `json:"status"`
	Results []struct {
		ID                 ID                `json:"id"`
		New                bool              `json:"new"`
		Properties         map[string]string `json:"properties"`
		ObjectWriteTraceID string            `json:"objectWriteTraceId"`
	} `json:"results"`
	NumErrors int          `json:"numErrors"`
	Errors    []batchError `json:"errors"`
}

// upsertChunk upserts at most MaxBatchInputs contacts keyed by idProp and
// records each one's ID or failure in its plan.
func (c *Client) upsertChunk(ctx context.Context, idProp string, chunk []*contactPlan) error {
	inputs := make([]upsertInput, len(chunk))
	byTrace := make(map[string]*contactPlan, len(chunk))
	byID := make(map[string]*contactPlan, len(chunk))
	for i, p := range chunk {
		inputs[i] = upsertInput{ID: p.idVal, IDProperty: idProp, Properties: p.props, ObjectWriteTraceID: p.in.Key}
		byTrace[p.in.Key] = p
		byID[keyValue(idProp, p.idVal)] = p
	}
	req, err := c.newRequest(withKind(ctx, kindReplayable), http.MethodPost,
		c.path("crm", "objects", c.version, string(crm.Contacts), "batch", "upsert"), nil,
		struct {
			Inputs []upsertInput `json:"inputs"`
		}{inputs})
	if err != nil {
		return err
	}
	var out upsertResponse
	if _, err := c.do(req, &out); err != nil {
		return wrapOp(err, "batch upsert contacts by %s (%d inputs)", idProp, len(chunk))
	}
	named := func(v string) *contactPlan {
		if p := byTrace[v]; p != nil {
			return p
		}
		return byID[keyValue(idProp, v)]
	}
	resolved := make(map[*contactPlan]bool, len(chunk))
	var unattributed *batchError
	for i := range out.Errors {
		e := &out.Errors[i]
		hit := false
		for _, v := range e.contextValues() {
			p := named(v)
			if p == nil {
				continue
			}
			hit = true
			if !resolved[p] {
				resolved[p] = true
				p.fail = &crm.RecordError{ID: p.in.Key, Category: e.Category, Message: e.message()}
			}
		}
		if !hit && unattributed == nil {
			unattributed = e
		}
	}
	for _, r := range out.Results {
		p := byTrace[r.ObjectWriteTraceID]
		if p == nil {
			p = byID[keyValue(idProp, r.Properties[idProp])]
		}
		if p != nil && !resolved[p] {
			resolved[p] = true
			p.id, p.created = string(r.ID), r.New
		}
	}
	for _, p := range chunk {
		switch {
		case resolved[p]:
		case unattributed != nil:
			p.fail = &crm.RecordError{ID: p.in.Key, Category: unattributed.Category, Message: unattributed.message()}
		default:
			p.fail = &crm.RecordError{ID: p.in.Key, Message: "HubSpot reported neither success nor failure for this contact"}
		}
	}
	return nil
}

type objectRef struct {
	ID string `json:"id"`
}

type assocPair struct {
	From objectRef `json:"from"`
	To   objectRef `json:"to"`
}

type assocDefaultResponse struct {
	Status  string `json:"status"`
	Results []struct {
		From struct {
			ID ID `json:"id"`
		} `json:"from"`
		To struct {
			ID ID `json:"id"`
		} `json:"to"`
	} `json:"results"`
	Errors []batchError `json:"errors"`
}

// associateChunk gives at most MaxBatchInputs written contacts the default
// association with their company; a pair that fails fails its contact.
func (c *Client) associateChunk(ctx context.Context, chunk []*contactPlan) error {
	pairs := make([]assocPair, len(chunk))
	for i, p := range chunk {
		pairs[i] = assocPair{From: objectRef{p.id}, To: objectRef{p.in.CompanyID}}
	}
	req, err := c.newRequest(withKind(ctx, kindReplayable), http.MethodPost,
		c.path("crm", "associations", c.version, string(crm.Contacts), string(crm.Companies), "batch", "associate", "default"), nil,
		struct {
			Inputs []assocPair `json:"inputs"`
		}{pairs})
	if err != nil {
		return err
	}
	var out assocDefaultResponse
	if _, err := c.do(req, &out); err != nil {
		return wrapOp(err, "associate contacts with companies (%d inputs)", len(chunk))
	}
	ok := make(map[[2]string]bool, len(out.Results))
	for _, r := range out.Results {
		ok[[2]string{string(r.From.ID), string(r.To.ID)}] = true
	}
	for _, p := range chunk {
		if ok[[2]string{p.id, p.in.CompanyID}] {
			continue
		}
		var cause *batchError
		for i := range out.Errors {
			vals := out.Errors[i].contextValues()
			if slices.Contains(vals, p.id) || slices.Contains(vals, p.in.CompanyID) || cause == nil {
				cause = &out.Errors[i]
			}
		}
		msg, category := "HubSpot reported neither success nor failure", ""
		if cause != nil {
			msg, category = cause.message(), cause.Category
		}
		p.fail = &crm.RecordError{ID: p.in.Key, Category: category,
			Message: "contact " + p.id + " was written, but associating it with company " + p.in.CompanyID + " failed: " + msg}
	}
	return nil
}

// contextValues returns every value of the error's context (ids,
// objectWriteTraceId, fromObjectId ...) and its id, to find the inputs it
// is about.
func (e *batchError) contextValues() []string {
	var out []string
	var ctx map[string]json.RawMessage
	if json.Unmarshal(e.Context, &ctx) == nil {
		for _, raw := range ctx {
			var list []string
			var one string
			switch {
			case json.Unmarshal(raw, &list) == nil:
				out = append(out, list...)
			case json.Unmarshal(raw, &one) == nil:
				out = append(out, one)
			}
		}
	}
	if e.ID != "" {
		out = append(out, e.ID)
	}
	return out
}
