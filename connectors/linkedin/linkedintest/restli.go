package linkedintest

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
)

// Value is one parsed Rest.li 2.0 query parameter value: a string leaf, a
// List(...) or an object (key:value,...). Exactly one of the three forms is
// set.
type Value struct {
	// Leaf is the percent-decoded string of a leaf; IsLeaf says it is one.
	Leaf   string
	IsLeaf bool
	// List holds the items of List(...); IsList says it is one.
	List   []Value
	IsList bool
	// Object holds the fields of (k:v,...); IsObject says it is one.
	Object   map[string]Value
	IsObject bool
}

// Query is a parsed query string: the values of each parameter in order of
// appearance.
type Query map[string][]Value

// Get returns the first value of key.
func (q Query) Get(key string) (Value, bool) {
	vs := q[key]
	if len(vs) == 0 {
		return Value{}, false
	}
	return vs[0], true
}

// String returns the first value of key when it is a leaf, else "".
func (q Query) String(key string) string {
	v, ok := q.Get(key)
	if !ok || !v.IsLeaf {
		return ""
	}
	return v.Leaf
}

var (
	// pctEncodedStructure is url.Values-style encoding of Rest.li structure:
	// "List%28...", "%28start%3A..." or an encoded comma between items.
	pctEncodedStructure = regexp.MustCompile(`(?i)^(List)?%28`)
	// doubleEncoded is a percent sign that survived one decoding, as
	// url%253A: the client encoded an already encoded value.
	doubleEncoded = regexp.MustCompile(`%[0-9A-Fa-f]{2}`)
)

// ParseQuery parses a raw query string the way a Rest.li 2.0 server does:
// structure characters ( ) , : appear literally, reserved characters inside
// leaves are percent-encoded once. It rejects url.Values-style encoding of
// structure (List%28...), double encoding (%253A), a literal ':' or '(' inside
// a leaf of a list or object, and unbalanced parentheses. The parameter
// named in listParams (such as "fields") is split on literal commas instead,
// as LinkedIn's field projections are.
func ParseQuery(raw string, listParams ...string) (Query, error) {
	q := Query{}
	if raw == "" {
		return q, nil
	}
	for _, part := range strings.Split(raw, "&") {
		if part == "" {
			continue
		}
		k, v, _ := strings.Cut(part, "=")
		key, err := url.PathUnescape(k)
		if err != nil {
			return nil, fmt.Errorf("query parameter %q: bad percent-encoding", k)
		}
		if isOneOf(key, listParams) {
			var items []Value
			for _, f := range strings.Split(v, ",") {
				leaf, err := decodeLeaf(f)
				if err != nil {
					return nil, fmt.Errorf("query parameter %s: %w", key, err)
				}
				items = append(items, Value{Leaf: leaf, IsLeaf: true})
			}
			q[key] = append(q[key], Value{List: items, IsList: true})
			continue
		}
		val, err := ParseValue(v)
		if err != nil {
			return nil, fmt.Errorf("query parameter %s: %w", key, err)
		}
		q[key] = append(q[key], val)
	}
	return q, nil
}

// ParseValue parses one raw (still percent-encoded) Rest.li 2.0 value. A
// top-level leaf may contain literal colons (LinkedIn accepts
// account=urn:li:sponsoredAccount:1 as well as the encoded form); leaves
// inside List(...) or (...) may not.
func ParseValue(raw string) (Value, error) {
	if pctEncodedStructure.MatchString(raw) {
		return Value{}, fmt.Errorf("Rest.li structure is percent-encoded (%.40s): List(...), parentheses, commas and colons must be literal", raw)
	}
	p := &restliParser{s: raw}
	v, err := p.value(true)
	if err != nil {
		return Value{}, err
	}
	if p.pos != len(p.s) {
		return Value{}, fmt.Errorf("unexpected %q at offset %d of %.60s", p.s[p.pos], p.pos, raw)
	}
	return v, nil
}

type restliParser struct {
	s   string
	pos int
}

func (p *restliParser) rest() string { return p.s[p.pos:] }

func (p *restliParser) value(top bool) (Value, error) {
	switch {
	case strings.HasPrefix(p.rest(), "List("):
		p.pos += len("List(")
		var items []Value
		if strings.HasPrefix(p.rest(), ")") {
			p.pos++
			return Value{List: items, IsList: true}, nil
		}
		for {
			v, err := p.value(false)
			if err != nil {
				return Value{}, err
			}
			items = append(items, v)
			if p.pos >= len(p.s) {
				return Value{}, fmt.Errorf("unterminated List( in %.60s", p.s)
			}
			switch p.s[p.pos] {
			case ',':
				p.pos++
			case ')':
				p.pos++
				return Value{List: items, IsList: true}, nil
			default:
				return Value{}, fmt.Errorf("unexpected %q in List( of %.60s", p.s[p.pos], p.s)
			}
		}
	case strings.HasPrefix(p.rest(), "("):
		p.pos++
		obj := map[string]Value{}
		if strings.HasPrefix(p.rest(), ")") {
			p.pos++
			return Value{Object: obj, IsObject: true}, nil
		}
		for {
			key, err := p.leaf(":")
			if err != nil {
				return Value{}, err
			}
			if p.pos >= len(p.s) || p.s[p.pos] != ':' {
				return Value{}, fmt.Errorf("object key %q without ':' in %.60s", key, p.s)
			}
			p.pos++
			v, err := p.value(false)
			if err != nil {
				return Value{}, err
			}
			obj[key] = v
			if p.pos >= len(p.s) {
				return Value{}, fmt.Errorf("unterminated ( in %.60s", p.s)
			}
			switch p.s[p.pos] {
			case ',':
				p.pos++
			case ')':
				p.pos++
				return Value{Object: obj, IsObject: true}, nil
			default:
				return Value{}, fmt.Errorf("unexpected %q in object of %.60s", p.s[p.pos], p.s)
			}
		}
	}
	if top {
		leaf, err := decodeLeaf(p.rest())
		if err != nil {
			return Value{}, err
		}
		if strings.ContainsAny(p.rest(), "(),") {
			return Value{}, fmt.Errorf("reserved character in %.60s: '(', ')' and ',' must be percent-encoded in a plain value", p.s)
		}
		p.pos = len(p.s)
		return Value{Leaf: leaf, IsLeaf: true}, nil
	}
	leaf, err := p.leaf(",)")
	if err != nil {
		return Value{}, err
	}
	return Value{Leaf: leaf, IsLeaf: true}, nil
}

// leaf reads a leaf up to one of the stop characters. A structure
// character that is not a stop character is an encoding error.
func (p *restliParser) leaf(stops string) (string, error) {
	start := p.pos
	for p.pos < len(p.s) && !strings.ContainsRune(stops, rune(p.s[p.pos])) {
		if strings.ContainsRune("(),:", rune(p.s[p.pos])) {
			return "", fmt.Errorf("reserved character %q inside a value at offset %d of %.60s: percent-encode it (%%%02X)",
				p.s[p.pos], p.pos, p.s, p.s[p.pos])
		}
		p.pos++
	}
	return decodeLeaf(p.s[start:p.pos])
}

func decodeLeaf(raw string) (string, error) {
	s, err := url.PathUnescape(raw)
	if err != nil {
		return "", fmt.Errorf("bad percent-encoding in %.60s", raw)
	}
	if doubleEncoded.MatchString(s) {
		return "", fmt.Errorf("value %.60s is percent-encoded twice", raw)
	}
	return s, nil
}

func isOneOf(s string, list []string) bool {
	for _, l := range list {
		if s == l {
			return true
		}
	}
	return false
}
