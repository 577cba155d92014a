package hubspot

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"time"
	"unicode/utf8"
)

// decodeListResult decodes a list page as json.Unmarshal into a ListResult
// would, about four times faster: a full sync decodes 1,300 such pages,
// and with encoding/json that was a quarter of its CPU. The body is checked
// with json.Valid first (an invalid page fails as before, with
// encoding/json's error); the fast path then reads only the shapes HubSpot
// documents (string ids, string or null property values, RFC 3339 times)
// and hands anything else (a number where a string belongs, an escaped
// key) to encoding/json, so the result is always json.Unmarshal's.
func decodeListResult(data []byte) (ListResult, error) {
	var res ListResult
	if !json.Valid(data) || !utf8.Valid(data) {
		// Invalid UTF-8 is valid JSON to encoding/json, which replaces it
		// with U+FFFD: its slow path does that.
		return res, json.Unmarshal(data, &res)
	}
	// One copy of the body as a string: keys and values are slices of it,
	// so decoding a page allocates for maps, not for each string.
	d := fastDecoder{data: data, text: string(data)}
	if err := d.listResult(&res); err != nil {
		res = ListResult{}
		return res, json.Unmarshal(data, &res)
	}
	return res, nil
}

// errSlowPath sends a page the fast decoder does not read to encoding/json.
var errSlowPath = errors.New("not the documented shape")

// fastDecoder reads valid JSON (checked by the caller) by hand.
type fastDecoder struct {
	data []byte
	text string // data as a string
	i    int
}

func (d *fastDecoder) ws() { d.i = skipSpace(d.data, d.i) }

// peek returns the next non-space byte.
func (d *fastDecoder) peek() byte {
	d.ws()
	if d.i >= len(d.data) {
		return 0
	}
	return d.data[d.i]
}

// str returns the string at d.i, unescaped; it allocates only for
// strings with escapes.
func (d *fastDecoder) str() (string, error) {
	d.ws()
	if d.i >= len(d.data) || d.data[d.i] != '"' {
		return "", errSlowPath
	}
	end, err := skipString(d.data, d.i)
	if err != nil {
		return "", err
	}
	start := d.i
	raw := d.data[start:end]
	d.i = end
	if bytes.IndexByte(raw, '\\') < 0 {
		return d.text[start+1 : end-1], nil
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return "", err
	}
	return s, nil
}

// key reads an object key and its colon; escaped keys go the slow way.
func (d *fastDecoder) key() (string, error) {
	d.ws()
	if d.i >= len(d.data) || d.data[d.i] != '"' {
		return "", errSlowPath
	}
	end, err := skipString(d.data, d.i)
	if err != nil {
		return "", err
	}
	k := d.text[d.i+1 : end-1]
	if strings.IndexByte(k, '\\') >= 0 {
		return "", errSlowPath
	}
	d.i = end
	if d.peek() != ':' {
		return "", errSlowPath
	}
	d.i++
	return k, nil
}

// object calls field for each key of the object at d.i.
func (d *fastDecoder) object(field func(k string) error) error {
	if d.peek() != '{' {
		return errSlowPath
	}
	d.i++
	for {
		switch d.peek() {
		case '}':
			d.i++
			return nil
		case ',':
			d.i++
			continue
		}
		k, err := d.key()
		if err != nil {
			return err
		}
		if err := field(k); err != nil {
			return err
		}
	}
}

// array calls elem for each element of the array at d.i.
func (d *fastDecoder) array(elem func() error) error {
	if d.peek() != '[' {
		return errSlowPath
	}
	d.i++
	for {
		switch d.peek() {
		case ']':
			d.i++
			return nil
		case ',':
			d.i++
			continue
		}
		if err := elem(); err != nil {
			return err
		}
	}
}

// skip passes over the value at d.i.
func (d *fastDecoder) skip() error {
	d.ws()
	end, err := skipValue(d.data, d.i)
	if err != nil {
		return err
	}
	d.i = end
	return nil
}

// other skips the value of a key the caller does not read, unless the key
// matches one of names but for case: encoding/json would take it for that
// field, so the page goes the slow way.
func (d *fastDecoder) other(k string, names ...string) error {
	for _, n := range names {
		if strings.EqualFold(k, n) {
			return errSlowPath
		}
	}
	return d.skip()
}

// null consumes a null and reports whether there was one.
func (d *fastDecoder) null() bool {
	if d.peek() == 'n' && bytes.HasPrefix(d.data[d.i:], []byte("null")) {
		d.i += 4
		return true
	}
	return false
}

// raw decodes the value at d.i with encoding/json (for the rare parts).
func (d *fastDecoder) raw(v any) error {
	d.ws()
	start := d.i
	if err := d.skip(); err != nil {
		return err
	}
	return json.Unmarshal(d.data[start:d.i], v)
}

func (d *fastDecoder) listResult(res *ListResult) error {
	return d.object(func(k string) error {
		switch k {
		case "results":
			if d.null() {
				res.Results = nil
				return nil
			}
			res.Results = make([]Object, 0, MaxListLimit)
			return d.array(func() error {
				var o Object
				if err := d.obj(&o); err != nil {
					return err
				}
				res.Results = append(res.Results, o)
				return nil
			})
		case "paging":
			res.Paging = nil
			return d.raw(&res.Paging)
		}
		return d.other(k, "results", "paging")
	})
}

func (d *fastDecoder) obj(o *Object) error {
	return d.object(func(k string) error {
		switch k {
		case "id":
			s, err := d.str()
			o.ID = s
			return err
		case "properties":
			if d.null() {
				o.Properties = nil
				return nil
			}
			if o.Properties == nil {
				o.Properties = make(map[string]string, 24)
			}
			return d.object(func(pk string) error {
				if d.null() {
					o.Properties[pk] = ""
					return nil
				}
				v, err := d.str()
				o.Properties[pk] = v
				return err
			})
		case "createdAt":
			return d.time(&o.CreatedAt)
		case "updatedAt":
			return d.time(&o.UpdatedAt)
		case "archived":
			switch d.peek() {
			case 't':
				o.Archived, d.i = true, d.i+4
			case 'f':
				o.Archived, d.i = false, d.i+5
			default:
				return errSlowPath
			}
			return nil
		case "archivedAt":
			if d.null() {
				o.ArchivedAt = nil
				return nil
			}
			var t time.Time
			if err := d.time(&t); err != nil {
				return err
			}
			o.ArchivedAt = &t
			return nil
		case "associations":
			if d.null() {
				o.Associations = nil
				return nil
			}
			if o.Associations == nil {
				o.Associations = map[string]AssociationList{}
			}
			return d.object(func(t string) error {
				var l AssociationList
				if err := d.assocList(&l); err != nil {
					return err
				}
				o.Associations[t] = l
				return nil
			})
		}
		return d.other(k, "id", "properties", "createdAt", "updatedAt", "archived", "archivedAt", "associations")
	})
}

func (d *fastDecoder) assocList(l *AssociationList) error {
	return d.object(func(k string) error {
		switch k {
		case "results":
			if d.null() {
				l.Results = nil
				return nil
			}
			if l.Results == nil {
				l.Results = []AssociatedObject{}
			} else {
				l.Results = l.Results[:0]
			}
			return d.array(func() error {
				var a AssociatedObject
				err := d.object(func(ak string) error {
					switch ak {
					case "id":
						if d.peek() != '"' {
							return d.raw(&a.ID) // HubSpot sends ids as strings and numbers
						}
						s, err := d.str()
						a.ID = ID(s)
						return err
					case "type":
						s, err := d.str()
						a.Type = s
						return err
					}
					return d.other(ak, "id", "type")
				})
				l.Results = append(l.Results, a)
				return err
			})
		case "paging":
			l.Paging = nil
			return d.raw(&l.Paging)
		}
		return d.other(k, "results", "paging")
	})
}

// time reads an RFC 3339 time as time.Time's UnmarshalJSON does.
func (d *fastDecoder) time(t *time.Time) error {
	if d.null() {
		return nil // encoding/json leaves a time untouched on null
	}
	d.ws()
	start := d.i
	if err := d.skip(); err != nil {
		return err
	}
	return t.UnmarshalJSON(d.data[start:d.i])
}
