package hubspottest

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// record is one CRM object. Creation and modification times live in fields,
// other values in props, to keep 130,000 records small.
type record struct {
	id         uint64
	idStr      string
	created    int64 // epoch ms
	modified   int64 // epoch ms
	archived   bool
	archivedAt int64
	props      map[string]string
}

type propDef struct {
	Name        string       `json:"name"`
	Label       string       `json:"label"`
	Type        string       `json:"type"`
	FieldType   string       `json:"fieldType"`
	GroupName   string       `json:"groupName"`
	Description string       `json:"description"`
	Options     []propOption `json:"options"`
	HubspotDef  bool         `json:"hubspotDefined,omitempty"`
	// HasUniqueValue makes the property an upsert and batch-read key: no
	// two records may hold the same value.
	HasUniqueValue bool   `json:"hasUniqueValue"`
	Archived       bool   `json:"archived"`
	CreatedAt      string `json:"createdAt,omitempty"`
}

type propOption struct {
	Label        string `json:"label"`
	Value        string `json:"value"`
	DisplayOrder int    `json:"displayOrder"`
	Hidden       bool   `json:"hidden"`
}

type groupDef struct {
	Name         string `json:"name"`
	Label        string `json:"label"`
	DisplayOrder int    `json:"displayOrder"`
	Archived     bool   `json:"archived"`
}

// store holds one object type.
type store struct {
	typ     string
	modProp string
	byID    map[string]*record
	order   []*record // every record, by ID
	defs    map[string]*propDef
	defSeq  []string
	groups  map[string]*groupDef
	grpSeq  []string
	byMod   []*record // live records by (modified, id); nil when stale
}

// default property definitions: name, type, fieldType.
var builtinProps = map[string][][3]string{
	"companies": {
		{"name", "string", "text"}, {"domain", "string", "text"}, {"hs_is_target_account", "bool", "booleancheckbox"},
		{"createdate", "datetime", "date"}, {"hs_lastmodifieddate", "datetime", "date"}, {"hs_object_id", "number", "number"},
		{"industry", "enumeration", "select"}, {"numberofemployees", "number", "number"},
		{"website", "string", "text"}, {"linkedin_company_page", "string", "text"},
		{"country", "string", "text"}, {"lifecyclestage", "enumeration", "radio"},
		{"hs_ideal_customer_profile", "enumeration", "radio"},
	},
	"contacts": {
		{"firstname", "string", "text"}, {"lastname", "string", "text"}, {"email", "string", "text"},
		{"hs_linkedin_url", "string", "text"}, {"notes_last_contacted", "datetime", "date"},
		{"hs_email_last_open_date", "datetime", "date"}, {"lifecyclestage", "enumeration", "radio"},
		{"createdate", "datetime", "date"}, {"lastmodifieddate", "datetime", "date"}, {"hs_object_id", "number", "number"},
		{"jobtitle", "string", "text"}, {"hs_buying_role", "enumeration", "checkbox"},
		{"hs_sa_first_engagement_date", "datetime", "date"}, {"recent_conversion_date", "datetime", "date"},
		{"hs_latest_meeting_activity", "datetime", "date"}, {"hubspotutk", "string", "text"},
	},
	"deals": {
		{"dealname", "string", "text"}, {"dealstage", "enumeration", "radio"}, {"hs_is_closed_won", "bool", "booleancheckbox"},
		{"hs_is_closed", "bool", "booleancheckbox"}, {"amount", "number", "number"}, {"closedate", "datetime", "date"},
		{"dealtype", "enumeration", "radio"}, {"createdate", "datetime", "date"}, {"hs_lastmodifieddate", "datetime", "date"},
		{"hs_object_id", "number", "number"}, {"pipeline", "enumeration", "select"},
	},
}

var defaultGroup = map[string]string{
	"companies": "companyinformation",
	"contacts":  "contactinformation",
	"deals":     "dealinformation",
}

// defaultProps are returned when a list or search names no properties.
var defaultProps = map[string][]string{
	"companies": {"name", "domain", "createdate", "hs_lastmodifieddate", "hs_object_id"},
	"contacts":  {"firstname", "lastname", "email", "createdate", "lastmodifieddate", "hs_object_id"},
	"deals":     {"dealname", "amount", "closedate", "pipeline", "dealstage", "createdate", "hs_lastmodifieddate", "hs_object_id"},
}

func modPropOf(typ string) string {
	if typ == "contacts" {
		return "lastmodifieddate"
	}
	return "hs_lastmodifieddate"
}

func newStore(typ string) *store {
	s := &store{
		typ:     typ,
		modProp: modPropOf(typ),
		byID:    make(map[string]*record),
		defs:    make(map[string]*propDef),
		groups:  make(map[string]*groupDef),
	}
	g := defaultGroup[typ]
	s.addGroup(&groupDef{Name: g, Label: g})
	for _, p := range builtinProps[typ] {
		d := &propDef{Name: p[0], Label: p[0], Type: p[1], FieldType: p[2], GroupName: g, HubspotDef: true}
		if p[1] == "bool" {
			d.Options = []propOption{{Label: "True", Value: "true"}, {Label: "False", Value: "false", DisplayOrder: 1}}
		}
		s.addDef(d)
	}
	if typ == "contacts" {
		// hs_buying_role is a multiple-checkbox enumeration: several values
		// separated by semicolons, each one of the options.
		d := &propDef{Name: "hs_buying_role", Label: "Buying Role", Type: "enumeration", FieldType: "checkbox", GroupName: g, HubspotDef: true}
		for i, v := range buyingRoles {
			d.Options = append(d.Options, propOption{Label: v, Value: v, DisplayOrder: i})
		}
		s.addDef(d)
	}
	return s
}

// buyingRoles are the options of the contact property hs_buying_role.
var buyingRoles = []string{"BLOCKER", "BUDGET_HOLDER", "CHAMPION", "DECISION_MAKER", "END_USER",
	"EXECUTIVE_SPONSOR", "INFLUENCER", "LEGAL_AND_COMPLIANCE", "OTHER"}

// idBase is the first record ID of each object type.
var idBase = map[string]uint64{"companies": companyIDBase, "contacts": contactIDBase, "deals": dealIDBase}

// nextID returns the ID a new record gets: one more than the highest.
func (s *store) nextID() uint64 {
	if len(s.order) == 0 {
		return idBase[s.typ]
	}
	return s.order[len(s.order)-1].id + 1
}

// uniqueKey reports whether name can identify records of this store in an
// upsert or a batch read by idProperty: a property created with
// hasUniqueValue, or a contact's email (HubSpot's built-in contact key).
func (s *store) uniqueKey(name string) bool {
	d := s.defs[name]
	return d != nil && !d.Archived && (d.HasUniqueValue || (s.typ == "contacts" && name == "email"))
}

// uniqueCount is the number of live unique-value property definitions.
func (s *store) uniqueCount() int {
	n := 0
	for _, d := range s.defs {
		if d.HasUniqueValue && !d.Archived {
			n++
		}
	}
	return n
}

// findBy returns the live record whose property name has value v (e-mail
// addresses compare case-insensitively), or nil.
func (s *store) findBy(name, v string) *record {
	if name == "" || name == "hs_object_id" {
		if r := s.byID[v]; r != nil && !r.archived {
			return r
		}
		return nil
	}
	for _, r := range s.order {
		if r.archived {
			continue
		}
		if got, ok := r.props[name]; ok && (got == v || (name == "email" && strings.EqualFold(got, v))) {
			return r
		}
	}
	return nil
}

func (s *store) addDef(d *propDef) {
	s.defs[d.Name] = d
	s.defSeq = append(s.defSeq, d.Name)
}

func (s *store) addGroup(g *groupDef) {
	s.groups[g.Name] = g
	s.grpSeq = append(s.grpSeq, g.Name)
}

// add appends a record; IDs must increase.
func (s *store) add(id uint64, created, modified int64, props map[string]string) *record {
	r := &record{id: id, idStr: strconv.FormatUint(id, 10), created: created, modified: modified, props: props}
	s.byID[r.idStr] = r
	s.order = append(s.order, r)
	s.byMod = nil
	return r
}

// value returns a property value as HubSpot would render it.
func (s *store) value(r *record, name string) (string, bool) {
	switch name {
	case "hs_object_id":
		return r.idStr, true
	case "createdate":
		return formatMS(r.created), true
	case s.modProp:
		return formatMS(r.modified), true
	}
	v, ok := r.props[name]
	return v, ok && v != ""
}

// number returns a property as a number: IDs, numbers, and datetimes as
// epoch milliseconds.
func (s *store) number(r *record, name string) (float64, bool) {
	switch name {
	case "hs_object_id":
		return float64(r.id), true
	case "createdate":
		return float64(r.created), true
	case s.modProp:
		return float64(r.modified), true
	}
	v, ok := r.props[name]
	if !ok || v == "" {
		return 0, false
	}
	return parseNumber(v)
}

// numeric reports whether a property compares as a number.
func (s *store) numeric(name string) bool {
	d := s.defs[name]
	return d != nil && (d.Type == "number" || d.Type == "datetime" || d.Type == "date")
}

// parseNumber reads a number, epoch milliseconds, or an ISO date/datetime.
func parseNumber(v string) (float64, bool) {
	if f, err := strconv.ParseFloat(v, 64); err == nil {
		return f, true
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02"} {
		if t, err := time.Parse(layout, v); err == nil {
			return float64(t.UnixMilli()), true
		}
	}
	return 0, false
}

// modIndex returns live records sorted by (modified, id), rebuilt lazily.
func (s *store) modIndex() []*record {
	if s.byMod == nil {
		idx := make([]*record, 0, len(s.order))
		for _, r := range s.order {
			if !r.archived {
				idx = append(idx, r)
			}
		}
		slices.SortFunc(idx, func(a, b *record) int {
			if c := cmp.Compare(a.modified, b.modified); c != 0 {
				return c
			}
			return cmp.Compare(a.id, b.id)
		})
		s.byMod = idx
	}
	return s.byMod
}

// touched marks the modification index stale.
func (s *store) touched() { s.byMod = nil }
