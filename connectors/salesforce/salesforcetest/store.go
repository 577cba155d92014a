package salesforcetest

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Field is one field of a fake sObject, as describe reports it. Type is
// Salesforce's describe type: id, string, textarea, url, email, phone,
// picklist, reference, boolean, double, currency, int, date, datetime.
type Field struct {
	Name       string `json:"name"`
	Type       string `json:"type"`
	Label      string `json:"label"`
	Custom     bool   `json:"custom"`
	ExternalID bool   `json:"externalId"`
	Unique     bool   `json:"unique"`
	Updateable bool   `json:"updateable"`
}

type record struct {
	id      string
	vals    map[string]any // by canonical field name; time.Time for datetimes
	deleted bool
}

type object struct {
	name    string
	prefix  string
	fields  []*Field
	byLower map[string]*Field
	recs    map[string]*record
	ids     []string // every id, in creation (= Id) order
	seq     int
	deleted map[string]time.Time
}

func newObject(name, prefix string, fields ...Field) *object {
	o := &object{name: name, prefix: prefix, byLower: map[string]*Field{}, recs: map[string]*record{}, deleted: map[string]time.Time{}}
	system := []Field{
		{Name: "Id", Type: "id"},
		{Name: "IsDeleted", Type: "boolean"},
		{Name: "CreatedDate", Type: "datetime"},
		{Name: "LastModifiedDate", Type: "datetime"},
		{Name: "SystemModstamp", Type: "datetime"},
	}
	for _, f := range append(system, fields...) {
		o.addField(f)
	}
	return o
}

func (o *object) addField(f Field) {
	if f.Label == "" {
		f.Label = f.Name
	}
	switch f.Name {
	case "Id", "IsDeleted", "CreatedDate", "LastModifiedDate", "SystemModstamp", "IsWon", "IsClosed":
	default:
		f.Updateable = true
	}
	ff := f
	o.fields = append(o.fields, &ff)
	o.byLower[strings.ToLower(f.Name)] = &ff
}

func (o *object) field(name string) (*Field, bool) {
	f, ok := o.byLower[strings.ToLower(name)]
	return f, ok
}

func (o *object) newID() string {
	o.seq++
	return o.prefix + fmt.Sprintf("%015d", o.seq)
}

func invalidField(o *object, name string) error {
	return &queryError{code: "INVALID_FIELD", msg: fmt.Sprintf("No such column '%s' on entity '%s'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.", name, o.name)}
}

// check validates a condition's fields and literal types against o.
func (c *cond) check(o *object) error {
	switch c.op {
	case "and", "or", "not":
		for _, k := range c.kids {
			if err := k.check(o); err != nil {
				return err
			}
		}
		return nil
	}
	f, ok := o.field(c.field)
	if !ok {
		return invalidField(o, c.field)
	}
	for _, l := range c.lits {
		if l.null {
			if c.op != "cmp" || (c.cmp != "=" && c.cmp != "!=") {
				return malformed("null is only allowed with = and !=")
			}
			continue
		}
		want := ""
		switch f.Type {
		case "datetime":
			if l.kind != tDateTime {
				want = "dateTime and should not be enclosed in quotes"
			}
		case "date":
			if l.kind != tDate {
				want = "date and should not be enclosed in quotes"
			}
		case "boolean":
			if l.b == nil {
				want = "boolean and should not be enclosed in quotes"
			}
		case "double", "currency", "int", "percent":
			if l.kind != tNumber {
				want = "double and should not be enclosed in quotes"
			}
		default:
			if l.kind != tString {
				want = "string and should be enclosed in quotes"
			}
		}
		if want != "" {
			return &queryError{code: "INVALID_FIELD", msg: fmt.Sprintf("value of filter criterion for field '%s' must be of type %s", f.Name, want)}
		}
	}
	return nil
}

func (c *cond) eval(o *object, r *record) bool {
	switch c.op {
	case "and":
		for _, k := range c.kids {
			if !k.eval(o, r) {
				return false
			}
		}
		return true
	case "or":
		for _, k := range c.kids {
			if k.eval(o, r) {
				return true
			}
		}
		return false
	case "not":
		return !c.kids[0].eval(o, r)
	}
	f, _ := o.field(c.field)
	v := fieldValue(f, r)
	switch c.op {
	case "in", "notin":
		hit := false
		for _, l := range c.lits {
			if compare(f, v, l) == 0 {
				hit = true
				break
			}
		}
		return hit == (c.op == "in")
	}
	l := c.lits[0]
	if l.null {
		return (v == nil) == (c.cmp == "=")
	}
	if v == nil {
		return c.cmp == "!="
	}
	d := compare(f, v, l)
	switch c.cmp {
	case "=":
		return d == 0
	case "!=":
		return d != 0
	case "<":
		return d < 0
	case "<=":
		return d <= 0
	case ">":
		return d > 0
	case ">=":
		return d >= 0
	}
	return false
}

func fieldValue(f *Field, r *record) any {
	switch f.Name {
	case "Id":
		return r.id
	case "IsDeleted":
		return r.deleted
	}
	return r.vals[f.Name]
}

// compare orders a stored value against a literal of the field's type
// (check has validated the kinds). Text compares case-insensitively, as
// Salesforce does; Ids compare as stored.
func compare(f *Field, v any, l literal) int {
	if v == nil {
		return -1
	}
	switch f.Type {
	case "datetime":
		t, _ := parseDateTimeLiteral(l.text)
		return v.(time.Time).Compare(t)
	case "boolean":
		a, b := v.(bool), *l.b
		if a == b {
			return 0
		}
		if !a {
			return -1
		}
		return 1
	case "double", "currency", "int", "percent":
		x, _ := strconv.ParseFloat(l.text, 64)
		y := v.(float64)
		switch {
		case y < x:
			return -1
		case y > x:
			return 1
		}
		return 0
	case "id", "reference", "date":
		return strings.Compare(v.(string), l.text)
	}
	return strings.Compare(strings.ToLower(fmt.Sprint(v)), strings.ToLower(l.text))
}

// compareValues orders two stored values of field f; nil sorts first.
func compareValues(f *Field, a, b any) int {
	switch {
	case a == nil && b == nil:
		return 0
	case a == nil:
		return -1
	case b == nil:
		return 1
	}
	switch x := a.(type) {
	case time.Time:
		return x.Compare(b.(time.Time))
	case float64:
		y := b.(float64)
		switch {
		case x < y:
			return -1
		case x > y:
			return 1
		}
		return 0
	case bool:
		y := b.(bool)
		switch {
		case x == y:
			return 0
		case !x:
			return -1
		}
		return 1
	case string:
		if f.Type == "id" || f.Type == "reference" {
			return strings.Compare(x, b.(string))
		}
		return strings.Compare(strings.ToLower(x), strings.ToLower(b.(string)))
	}
	return 0
}

// run executes q over o and returns the matching records in order.
func (o *object) run(q *query, all bool) ([]*record, error) {
	for _, f := range q.fields {
		if _, ok := o.field(f); !ok {
			return nil, invalidField(o, f)
		}
	}
	if q.where != nil {
		if err := q.where.check(o); err != nil {
			return nil, err
		}
	}
	var order []*Field
	for _, it := range q.order {
		f, ok := o.field(it.field)
		if !ok {
			return nil, invalidField(o, it.field)
		}
		order = append(order, f)
	}
	var out []*record
	for _, id := range o.ids {
		r := o.recs[id]
		if r.deleted && !all {
			continue
		}
		if q.where != nil && !q.where.eval(o, r) {
			continue
		}
		out = append(out, r)
	}
	if len(order) > 0 && !(len(order) == 1 && order[0].Name == "Id" && !q.order[0].desc) {
		slices.SortStableFunc(out, func(a, b *record) int {
			for i, f := range order {
				va, vb := fieldValue(f, a), fieldValue(f, b)
				if (va == nil) != (vb == nil) {
					if (va == nil) == q.order[i].nullsFirst {
						return -1
					}
					return 1
				}
				d := compareValues(f, va, vb)
				if q.order[i].desc {
					d = -d
				}
				if d != 0 {
					return d
				}
			}
			return 0
		})
	}
	if q.limit >= 0 && len(out) > q.limit {
		out = out[:q.limit]
	}
	return out, nil
}

// render is one record as the query answer shows it.
func (o *object) render(r *record, fields []string, version string) map[string]any {
	m := make(map[string]any, len(fields)+1)
	m["attributes"] = map[string]string{"type": o.name, "url": "/services/data/" + version + "/sobjects/" + o.name + "/" + r.id}
	for _, name := range fields {
		f, _ := o.field(name)
		m[f.Name] = jsonValue(f, fieldValue(f, r))
	}
	return m
}

// jsonValue renders a stored value as Salesforce's JSON does: datetimes as
// 2026-01-02T03:04:05.000+0000, doubles with a decimal point (5.0).
func jsonValue(f *Field, v any) any {
	switch x := v.(type) {
	case nil:
		return nil
	case time.Time:
		return x.UTC().Format("2006-01-02T15:04:05.000-0700")
	case float64:
		s := strconv.FormatFloat(x, 'f', -1, 64)
		if f.Type != "int" && !strings.Contains(s, ".") {
			s += ".0"
		}
		return rawNumber(s)
	}
	return v
}

// rawNumber is a JSON number kept as written.
type rawNumber string

func (n rawNumber) MarshalJSON() ([]byte, error) { return []byte(n), nil }

// setValue converts a JSON value for field f, or says why it cannot.
func setValue(f *Field, v any) (any, error) {
	if v == nil {
		if f.Type == "boolean" {
			return false, nil
		}
		return nil, nil
	}
	switch f.Type {
	case "boolean":
		b, ok := v.(bool)
		if !ok {
			return nil, fmt.Errorf("Cannot deserialize instance of boolean from %v", v)
		}
		return b, nil
	case "double", "currency", "int", "percent":
		switch x := v.(type) {
		case float64:
			return x, nil
		case string:
			if n, err := strconv.ParseFloat(x, 64); err == nil {
				return n, nil
			}
		}
		return nil, fmt.Errorf("Cannot deserialize instance of double from %v", v)
	case "datetime":
		s, _ := v.(string)
		if t, ok := parseDateTimeLiteral(s); ok {
			return t, nil
		}
		return nil, fmt.Errorf("Cannot deserialize instance of datetime from %v", v)
	case "date":
		s, _ := v.(string)
		if _, err := time.Parse(time.DateOnly, s); err != nil {
			return nil, fmt.Errorf("Cannot deserialize instance of date from %v", v)
		}
		return s, nil
	}
	s, ok := v.(string)
	if !ok {
		return nil, fmt.Errorf("Cannot deserialize instance of string from %v", v)
	}
	if s == "" {
		return nil, nil
	}
	return s, nil
}
