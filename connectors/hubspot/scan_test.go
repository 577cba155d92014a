package hubspot

import (
	"bytes"
	"encoding/json"
	"testing"
)

// TestTopLevelValue: the paging scan finds what encoding/json finds at the
// top level, whatever the results hold (brackets and quotes in strings,
// nested "paging" keys), and refuses what is not one JSON object.
func TestTopLevelValue(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		data  string
		want  string // "" with found false
		found bool
		bad   bool
	}{
		{name: "last page", data: `{"results":[{"id":"1","properties":{"paging":"x"}}]}`},
		{name: "next page", data: `{"results":[],"paging":{"next":{"after":"101","link":"?after=101"}}}`, want: `{"next":{"after":"101","link":"?after=101"}}`, found: true},
		{name: "paging first", data: ` {"paging":{"next":{"after":"7"}} , "results":[{"id":"1"}] } `, want: `{"next":{"after":"7"}}`, found: true},
		{name: "brackets and escapes in strings", data: `{"results":[{"properties":{"name":"a}]\"{[b","x":"\\"}}],"paging":{"next":{"after":"9"}}}`, want: `{"next":{"after":"9"}}`, found: true},
		{name: "nested paging is not top level", data: `{"results":[{"associations":{"companies":{"results":[],"paging":{"next":{"after":"5"}}}}}]}`},
		{name: "numbers and literals", data: `{"total":12,"ok":true,"none":null,"paging":{"next":{"after":"3"}},"f":-1.5e3}`, want: `{"next":{"after":"3"}}`, found: true},
		{name: "html", data: `<html><body>502 Bad Gateway</body></html>`, bad: true},
		{name: "cut short", data: `{"results":[{"id":"1"`, bad: true},
		{name: "two objects", data: `{"results":[]}{"paging":{}}`, bad: true},
		{name: "unterminated string", data: `{"results":"abc`, bad: true},
		{name: "empty", data: ``, bad: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			val, found, err := topLevelValue([]byte(tt.data), "paging")
			if tt.bad {
				if err == nil {
					t.Fatalf("accepted %q", tt.data)
				}
				return
			}
			if err != nil || found != tt.found || string(val) != tt.want {
				t.Fatalf("= %q, %v, %v; want %q, %v", val, found, err, tt.want, tt.found)
			}
		})
	}
}

// FuzzTopLevelValue: on every input encoding/json reads as an object, the
// scan agrees with it on whether "paging" is there and what it holds.
func FuzzTopLevelValue(f *testing.F) {
	for _, s := range []string{
		`{"results":[],"paging":{"next":{"after":"1"}}}`,
		`{"a":"}","paging":[1,{"b":"]"}]}`,
		`{"paging":null}`,
		`{"x":{"paging":1},"paging":"\"q\""}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var m map[string]json.RawMessage
		if json.Unmarshal(data, &m) != nil {
			return
		}
		want, ok := m["paging"]
		val, found, err := topLevelValue(data, "paging")
		if err != nil {
			t.Fatalf("valid JSON %q refused: %v", data, err)
		}
		if found != ok || (ok && !bytes.Equal(bytes.TrimSpace(val), bytes.TrimSpace(want))) {
			// Keys written with escapes ("pag\u0069ng") are compared as
			// written by the scan; encoding/json unescapes them.
			if !bytes.Contains(data, []byte(`\`)) {
				t.Fatalf("%q: scan found %q (%v), encoding/json %q (%v)", data, val, found, want, ok)
			}
		}
	})
}
