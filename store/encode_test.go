package store

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/abmsync/abmsync/crm"
)

// sameAsMarshal fails t unless appendRecord's JSON decodes to what
// json.Marshal's decodes to, and fails exactly when it fails.
func sameAsMarshal(t *testing.T, r crm.Record) {
	t.Helper()
	want, wantErr := json.Marshal(r)
	got, err := appendRecord(nil, &r)
	if (err != nil) != (wantErr != nil) {
		t.Fatalf("%+v: error %v, json.Marshal %v", r, err, wantErr)
	}
	if err != nil {
		return
	}
	var a, b crm.Record
	if err := json.Unmarshal(got, &a); err != nil {
		t.Fatalf("%+v encodes to %q, which does not decode: %v", r, got, err)
	}
	if err := json.Unmarshal(want, &b); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(a, b) {
		t.Fatalf("%+v: stored as %q, decodes to %+v; json.Marshal's decodes to %+v", r, got, a, b)
	}
}

// TestAppendRecord: the stored form reads back as json.Marshal's would,
// for escapes, control characters, invalid UTF-8, empty and nil parts,
// zones and times encoding/json refuses.
func TestAppendRecord(t *testing.T) {
	t.Parallel()
	at := time.Date(2026, 3, 4, 5, 6, 7, 891000000, time.UTC)
	tests := []crm.Record{
		{Type: crm.Contacts, ID: "1", Source: "hubspot"},
		{Type: crm.Contacts, ID: "2", Properties: map[string]string{"a": "x\"y\\z", "ctl": "\x00\x01\t\n\r\x1f", "ü": "é€😀", "bad": "a\xffb\xc3", "html": "<&>\u2028"},
			Associations: map[crm.ObjectType][]string{crm.Companies: {"7", "8"}, crm.Deals: nil, crm.Contacts: {}},
			CreatedAt:    at, UpdatedAt: at.Add(time.Hour), Archived: true, Source: "csv"},
		{Type: crm.Deals, ID: "3", Properties: map[string]string{}, Associations: map[crm.ObjectType][]string{}},
		{Type: crm.Deals, ID: "4", CreatedAt: at.In(time.FixedZone("x", 5*3600+1800)), UpdatedAt: at.In(time.FixedZone("y", -3*3600-17))},
		{Type: crm.Deals, ID: "5", CreatedAt: time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)},
		{Type: crm.Deals, ID: "6", UpdatedAt: time.Date(-1, 1, 1, 0, 0, 0, 0, time.UTC)},
	}
	for _, r := range tests {
		sameAsMarshal(t, r)
	}
}

func FuzzAppendRecord(f *testing.F) {
	f.Add("contacts", "1", "email_hash", "fp1-00", "companies", "7", int64(1767225600), "hubspot")
	f.Add("deals", "\xff", "\"", "\x00\\", "", "", int64(-62135596800), "")
	f.Fuzz(func(t *testing.T, typ, id, k, v, assoc, assocID string, unix int64, source string) {
		r := crm.Record{Type: crm.ObjectType(typ), ID: id, Properties: map[string]string{k: v},
			Associations: map[crm.ObjectType][]string{crm.ObjectType(assoc): {assocID}},
			UpdatedAt:    time.Unix(unix, 0).UTC(), Source: source}
		sameAsMarshal(t, r)
	})
}

func BenchmarkAppendRecord(b *testing.B) {
	r := crm.Record{Type: crm.Contacts, ID: "5012345", Source: "hubspot", CreatedAt: time.Now().UTC(), UpdatedAt: time.Now().UTC(),
		Properties:   map[string]string{"email_hash": "fp1-0123456789abcdef0123456789abcdef", "name_hash": "fp1-0123456789abcdef0123456789abcdef", "has_email": "true", "jobtitle": "Head of Procurement", "lifecyclestage": "salesqualifiedlead", "createdate": "2025-01-02T03:04:05.678Z", "lastmodifieddate": "2026-01-02T03:04:05.678Z", "notes_last_contacted": "2026-01-02T03:04:05.678Z"},
		Associations: map[crm.ObjectType][]string{crm.Companies: {"1001"}}}
	b.Run("json.Marshal", func(b *testing.B) {
		for b.Loop() {
			if _, err := json.Marshal(&r); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("appendRecord", func(b *testing.B) {
		var buf []byte
		for b.Loop() {
			var err error
			if buf, err = appendRecord(buf[:0], &r); err != nil {
				b.Fatal(err)
			}
		}
	})
}
