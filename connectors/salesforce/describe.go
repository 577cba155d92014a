package salesforce

import (
	"context"
	"net/url"
	"strings"
	"time"

	"github.com/abmsync/abmsync/crm"
)

// describeTTL is how long an sObject's field list is trusted: fields an
// admin adds or removes are noticed within a day, at one call per object.
const describeTTL = 24 * time.Hour

// FieldInfo is one field of an sObject Describe answer.
type FieldInfo struct {
	Name       string `json:"name"`
	Type       string `json:"type"`
	Label      string `json:"label"`
	Custom     bool   `json:"custom"`
	ExternalID bool   `json:"externalId"`
	Updateable bool   `json:"updateable"`
}

type describeEntry struct {
	at     time.Time
	fields map[string]FieldInfo // by lower-case name
}

// Describe returns the fields of sobject by lower-case name, from a cache
// renewed every describeTTL (GET /sobjects/{sobject}/describe).
func (c *Client) Describe(ctx context.Context, sobject string) (map[string]FieldInfo, error) {
	c.descMu.Lock()
	e, ok := c.describe[sobject]
	c.descMu.Unlock()
	if ok && c.now().Sub(e.at) < describeTTL {
		return e.fields, nil
	}
	req, err := c.newRequest(ctx, "GET", c.dataPath("/sobjects/"+url.PathEscape(sobject)+"/describe"), nil)
	if err != nil {
		return nil, err
	}
	var out struct {
		Fields []FieldInfo `json:"fields"`
	}
	if _, err := c.do(req, &out); err != nil {
		return nil, wrapOp(err, "describe %s", sobject)
	}
	m := make(map[string]FieldInfo, len(out.Fields))
	for _, f := range out.Fields {
		m[strings.ToLower(f.Name)] = f
	}
	c.descMu.Lock()
	c.describe[sobject] = describeEntry{at: c.now(), fields: m}
	c.descMu.Unlock()
	return m, nil
}

// forgetDescribe drops a cached field list (after creating fields).
func (c *Client) forgetDescribe(sobject string) {
	c.descMu.Lock()
	delete(c.describe, sobject)
	c.descMu.Unlock()
}

// PropertyNames lists the property names obj can be read by: the record
// model's names whose Salesforce field exists, and every field's API name
// (configured NPS or referral fields are named that way). It satisfies
// the workers' property check.
func (c *Client) PropertyNames(ctx context.Context, obj crm.ObjectType) ([]string, error) {
	sobject, ok := SObject(obj)
	if !ok {
		return nil, permanentf("salesforce: unsupported object type %s", obj)
	}
	fields, err := c.Describe(ctx, sobject)
	if err != nil {
		return nil, err
	}
	var names []string
	for prop, f := range standardFields[obj] {
		if _, ok := fields[strings.ToLower(f)]; ok {
			names = append(names, prop)
		}
	}
	for _, f := range fields {
		names = append(names, f.Name)
	}
	return names, nil
}
