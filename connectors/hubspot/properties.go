package hubspot

import (
	"context"
	"errors"
	"net/http"

	"github.com/abmsync/abmsync/crm"
)

// Property is a property definition
// (/crm/properties/{version}/{objectType}).
type Property struct {
	Name        string           `json:"name"`
	Label       string           `json:"label"`
	Type        string           `json:"type"`
	FieldType   string           `json:"fieldType"`
	GroupName   string           `json:"groupName"`
	Description string           `json:"description,omitempty"`
	Options     []PropertyOption `json:"options,omitempty"`
	// HasUniqueValue makes HubSpot refuse a second record with the same
	// value, and lets the property key upserts and batch reads
	// (idProperty). It can only be set when the property is created.
	HasUniqueValue bool `json:"hasUniqueValue,omitempty"`
	Archived       bool `json:"archived,omitempty"`
}

// PropertyOption is one choice of an enumeration or bool property.
type PropertyOption struct {
	Label        string `json:"label"`
	Value        string `json:"value"`
	DisplayOrder int    `json:"displayOrder"`
	Hidden       bool   `json:"hidden"`
}

// PropertyGroup is a property group definition.
type PropertyGroup struct {
	Name         string `json:"name"`
	Label        string `json:"label"`
	DisplayOrder int    `json:"displayOrder"`
	Archived     bool   `json:"archived,omitempty"`
}

// ListProperties returns the live property definitions of objectType
// (GET /crm/properties/{version}/{objectType}).
func (c *Client) ListProperties(ctx context.Context, objectType string) ([]Property, *Response, error) {
	req, err := c.newRequest(ctx, http.MethodGet, c.path("crm", "properties", c.version, objectType), nil, nil)
	if err != nil {
		return nil, nil, err
	}
	var out struct {
		Results []Property `json:"results"`
	}
	resp, err := c.do(req, &out)
	if err != nil {
		return nil, resp, err
	}
	return out.Results, resp, nil
}

// PropertyNames returns the names of the live properties of obj: what a
// caller may read without HubSpot silently leaving the value out.
func (c *Client) PropertyNames(ctx context.Context, obj crm.ObjectType) ([]string, error) {
	props, _, err := c.ListProperties(ctx, string(obj))
	if err != nil {
		return nil, wrapOp(err, "list %s properties", obj)
	}
	names := make([]string, 0, len(props))
	for _, p := range props {
		if !p.Archived {
			names = append(names, p.Name)
		}
	}
	return names, nil
}

// CreateProperty creates a property (POST /crm/properties/{version}/{objectType}).
// A property that already exists answers 409: errors.As finds an
// *ErrorResponse with StatusCode 409. The request is resent after a 5xx, a
// timeout or a connection error like a read (creating a property is
// replay-safe: a name exists once), so a 409 may also mean that an earlier
// attempt of this call created it.
func (c *Client) CreateProperty(ctx context.Context, objectType string, p Property) (*Property, *Response, error) {
	req, err := c.newRequest(withKind(ctx, kindReplayable), http.MethodPost, c.path("crm", "properties", c.version, objectType), nil, p)
	if err != nil {
		return nil, nil, err
	}
	var out Property
	resp, err := c.do(req, &out)
	if err != nil {
		return nil, resp, err
	}
	return &out, resp, nil
}

// CreatePropertyGroup creates a property group
// (POST /crm/properties/{version}/{objectType}/groups); 409 when it exists,
// which after a resend (as for CreateProperty) may be this call's own work.
func (c *Client) CreatePropertyGroup(ctx context.Context, objectType string, g PropertyGroup) (*PropertyGroup, *Response, error) {
	req, err := c.newRequest(withKind(ctx, kindReplayable), http.MethodPost, c.path("crm", "properties", c.version, objectType, "groups"), nil, g)
	if err != nil {
		return nil, nil, err
	}
	var out PropertyGroup
	resp, err := c.do(req, &out)
	if err != nil {
		return nil, resp, err
	}
	return &out, resp, nil
}

// EnsureProperties makes sure group and every property in defs exist on
// objectType. It reads the existing properties with one GET and creates
// only what is missing: the group when no existing property is in it (a
// 409 "already exists" is fine, the group may be empty), then each missing
// property (409 fine too). Each creation is resent within the call after a
// 5xx, a timeout or a connection error (with the reads' backoff); a 409 on
// a resend means the earlier attempt created it. Existing properties are never changed; one whose
// type differs from its definition is logged. Bool properties get HubSpot's
// required true/false options.
//
// Properties the record model declares unique (crm.UniqueProperty, e.g.
// crm.ContactKeyProperty on contacts) are created with hasUniqueValue.
// HubSpot only lets a property be made unique when it is created, so an
// existing one without unique values is an error matching crm.ErrPermanent
// (upserts keyed by it would fail): the other missing properties are still
// created first.
func (c *Client) EnsureProperties(ctx context.Context, objectType crm.ObjectType, group crm.PropertyGroup, defs []crm.PropertyDef) error {
	ot := string(objectType)
	existing, _, err := c.ListProperties(ctx, ot)
	if err != nil {
		return wrapOp(err, "ensure %s properties", ot)
	}
	have := make(map[string]Property, len(existing))
	groupFound := false
	for _, p := range existing {
		have[p.Name] = p
		if p.GroupName == group.Name {
			groupFound = true
		}
	}
	var missing []crm.PropertyDef
	var notUnique error
	for _, d := range defs {
		p, ok := have[d.Name]
		if !ok {
			missing = append(missing, d)
			continue
		}
		if p.Type != d.Type || p.FieldType != d.FieldType {
			c.log.Warn("existing property differs from its definition", "object", ot, "property", d.Name,
				"type", p.Type, "field_type", p.FieldType, "want_type", d.Type, "want_field_type", d.FieldType)
		}
		if crm.UniqueProperty(objectType, d.Name) && !p.HasUniqueValue && notUnique == nil {
			notUnique = permanentf("hubspot: ensure %s property %s: it exists without unique values, and HubSpot "+
				"cannot make an existing property unique: archive it in HubSpot so that it can be created again", ot, d.Name)
		}
	}
	if len(missing) == 0 {
		return notUnique
	}
	if !groupFound && group.Name != "" {
		_, _, err := c.CreatePropertyGroup(ctx, ot, PropertyGroup{Name: group.Name, Label: group.Label, DisplayOrder: -1})
		if err != nil && !isConflict(err) {
			return wrapOp(err, "ensure %s property group %s", ot, group.Name)
		}
	}
	for _, d := range missing {
		gn := d.GroupName
		if gn == "" {
			gn = group.Name
		}
		p := Property{Name: d.Name, Label: d.Label, Type: d.Type, FieldType: d.FieldType, GroupName: gn, Description: d.Description,
			HasUniqueValue: crm.UniqueProperty(objectType, d.Name)}
		if d.Type == "bool" {
			p.Options = []PropertyOption{
				{Label: "Yes", Value: "true", DisplayOrder: 0},
				{Label: "No", Value: "false", DisplayOrder: 1},
			}
		}
		if _, _, err := c.CreateProperty(ctx, ot, p); err != nil && !isConflict(err) {
			return wrapOp(err, "ensure %s property %s", ot, d.Name)
		}
	}
	return notUnique
}

func isConflict(err error) bool {
	var e *ErrorResponse
	return errors.As(err, &e) && e.StatusCode == http.StatusConflict
}
