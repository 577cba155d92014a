package store

import (
	"encoding/json"
	"time"
	"unicode/utf8"

	"github.com/abmsync/abmsync/crm"
)

// appendRecord appends r as JSON that json.Unmarshal reads back into r
// exactly: the stored form of a record. encoding/json sorts map keys and
// works by reflection; for the 130,000 records of a full sync that was a
// tenth of the CPU. Map keys come out in map order, which nothing reads.
// A time encoding/json cannot encode (a year outside 0-9999) goes through
// json.Marshal, so the error is its.
func appendRecord(b []byte, r *crm.Record) ([]byte, error) {
	if !encodableTime(r.CreatedAt) || !encodableTime(r.UpdatedAt) {
		out, err := json.Marshal(r)
		return append(b, out...), err
	}
	b = append(b, `{"type":`...)
	b = appendString(b, string(r.Type))
	b = append(b, `,"id":`...)
	b = appendString(b, r.ID)
	if len(r.Properties) > 0 {
		b = append(b, `,"properties":{`...)
		first := true
		for k, v := range r.Properties {
			if !first {
				b = append(b, ',')
			}
			first = false
			b = appendString(b, k)
			b = append(b, ':')
			b = appendString(b, v)
		}
		b = append(b, '}')
	}
	if len(r.Associations) > 0 {
		b = append(b, `,"associations":{`...)
		first := true
		for t, ids := range r.Associations {
			if !first {
				b = append(b, ',')
			}
			first = false
			b = appendString(b, string(t))
			if ids == nil {
				b = append(b, ":null"...)
				continue
			}
			b = append(b, ":["...)
			for i, id := range ids {
				if i > 0 {
					b = append(b, ',')
				}
				b = appendString(b, id)
			}
			b = append(b, ']')
		}
		b = append(b, '}')
	}
	if !r.CreatedAt.IsZero() {
		b = append(b, `,"created_at":"`...)
		b = r.CreatedAt.AppendFormat(b, time.RFC3339Nano)
		b = append(b, '"')
	}
	if !r.UpdatedAt.IsZero() {
		b = append(b, `,"updated_at":"`...)
		b = r.UpdatedAt.AppendFormat(b, time.RFC3339Nano)
		b = append(b, '"')
	}
	if r.Archived {
		b = append(b, `,"archived":true`...)
	}
	b = append(b, `,"source":`...)
	b = appendString(b, r.Source)
	return append(b, '}'), nil
}

// encodableTime reports whether time.Time's MarshalJSON accepts t.
func encodableTime(t time.Time) bool {
	if t.IsZero() {
		return true
	}
	y := t.Year()
	if y < 0 || y > 9999 {
		return false
	}
	// MarshalJSON also refuses offsets it cannot write as ±hh:mm.
	_, off := t.Zone()
	return off%60 == 0 && off > -24*3600 && off < 24*3600
}

// appendString appends s as a JSON string; invalid UTF-8 becomes U+FFFD,
// as encoding/json writes it.
func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, `\u00`...)
				b = append(b, "0123456789abcdef"[c>>4], "0123456789abcdef"[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
