package linkedin

import (
	"strconv"
	"strings"
	"time"
)

// Rest.li 2.0 query strings are built by hand: url.Values would encode the
// structure characters of List(...) and (key:value) that must stay literal,
// while the reserved characters inside a value (a URN's colons) must be
// percent-encoded exactly once.
// See https://linkedin.github.io/rest.li/spec/protocol and
// https://learn.microsoft.com/en-us/linkedin/shared/api-guide/concepts/protocol-version.

// restliEscape percent-encodes every byte of s except the unreserved
// characters of RFC 3986 (A-Z a-z 0-9 - . _ ~), so that ( ) , : ' and
// spaces inside a value never read as Rest.li structure.
func restliEscape(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~' {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}

// restliList renders List(v1,v2,...) from already encoded items.
func restliList(encoded ...string) string {
	return "List(" + strings.Join(encoded, ",") + ")"
}

// restliDate renders a date as (year:Y,month:M,day:D), using t's calendar
// date in UTC.
func restliDate(t time.Time) string {
	y, m, d := t.UTC().Date()
	return "(year:" + strconv.Itoa(y) + ",month:" + strconv.Itoa(int(m)) + ",day:" + strconv.Itoa(d) + ")"
}

// rawQuery is an ordered query string whose values are already encoded.
type rawQuery []string

// add appends key=value; value must already be encoded.
func (q *rawQuery) add(key, encodedValue string) {
	*q = append(*q, restliEscape(key)+"="+encodedValue)
}

func (q rawQuery) String() string { return strings.Join(q, "&") }
