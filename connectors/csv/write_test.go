package csv

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/abmsync/abmsync/crm"
)

func readOut(t *testing.T, out string, obj crm.ObjectType) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(out, string(obj)+"_abm.csv"))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// tempFiles lists leftovers of interrupted writes in dir.
func tempFiles(t *testing.T, dir string) []string {
	t.Helper()
	m, err := filepath.Glob(filepath.Join(dir, ".*.tmp"))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func upd(id string, kv ...string) crm.Update {
	p := map[string]string{}
	for i := 0; i+1 < len(kv); i += 2 {
		p[kv[i]] = kv[i+1]
	}
	return crm.Update{ID: id, Properties: p}
}

func TestBatchUpdateMerge(t *testing.T) {
	t.Parallel()
	c, out := setup(t, nil)
	writeRows(t, c.dir, 12, false)
	ctx := context.Background()
	if err := c.EnsureProperties(ctx, crm.Companies, crm.PropertyGroup{Name: "abm"}, []crm.PropertyDef{{Name: "abm_z_declared"}, {Name: "abm_b"}}); err != nil {
		t.Fatal(err)
	}

	res, err := c.BatchUpdate(ctx, crm.Companies, []crm.Update{
		upd("10", "abm_b", "2", "abm_a", "1"),
		upd("9", "abm_a", "x,y"),
	})
	if err != nil || res.Calls != 1 || !slices.Equal(res.Updated, []string{"10", "9"}) || len(res.Failed) != 0 {
		t.Fatalf("first batch: %+v, %v", res, err)
	}
	want := "id,abm_a,abm_b,abm_z_declared\n9,\"x,y\",,\n10,1,2,\n"
	if got := readOut(t, out, crm.Companies); got != want {
		t.Fatalf("after first batch:\n%s\nwant:\n%s", got, want)
	}

	// A second batch keeps other records' and properties' values, clears
	// with "", and adds a column.
	res, err = c.BatchUpdate(ctx, crm.Companies, []crm.Update{
		upd("10", "abm_a", "", "abm_c", "3"),
		upd("1", "abm_b", "5"),
	})
	if err != nil || len(res.Updated) != 2 {
		t.Fatalf("second batch: %+v, %v", res, err)
	}
	want = "id,abm_a,abm_b,abm_c,abm_z_declared\n1,,5,,\n9,\"x,y\",,,\n10,,2,3,\n"
	if got := readOut(t, out, crm.Companies); got != want {
		t.Fatalf("after second batch:\n%s\nwant:\n%s", got, want)
	}
	if tf := tempFiles(t, out); len(tf) != 0 {
		t.Errorf("temporary files left: %v", tf)
	}
	fi, err := os.Stat(filepath.Join(out, "companies_abm.csv"))
	if err != nil || fi.Mode().Perm() != 0o644 {
		t.Errorf("output mode = %v, %v", fi.Mode(), err)
	}
	// Input files are never written.
	if b, _ := os.ReadFile(filepath.Join(c.dir, "companies.csv")); strings.Contains(string(b), "abm_") {
		t.Error("input file modified")
	}
}

func TestBatchUpdateFailures(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name        string
		updates     []crm.Update
		wantUpdated []string
		wantFailed  map[string]string // id → category
		wantMsg     string            // substring of a failure message
	}{
		{"unknown id", []crm.Update{upd("1001", "abm_a", "1"), upd("9999", "abm_a", "1")},
			[]string{"1001"}, map[string]string{"9999": "OBJECT_NOT_FOUND"}, `no companies record with id "9999" in`},
		{"empty id", []crm.Update{upd("", "abm_a", "1")}, nil, map[string]string{"": "VALIDATION_ERROR"}, "empty id"},
		{"repeated id", []crm.Update{upd("1001", "abm_a", "1"), upd("1001", "abm_a", "2")},
			[]string{"1001"}, map[string]string{"1001": "VALIDATION_ERROR"}, "repeated in batch"},
		{"read-only property", []crm.Update{upd("1001", "id", "7")}, nil, map[string]string{"1001": "VALIDATION_ERROR"}, `"id" is read-only`},
		{"invalid UTF-8 value", []crm.Update{upd("1002", "abm_a", "\xff")}, nil, map[string]string{"1002": "VALIDATION_ERROR"}, "invalid UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, out := setup(t, nil)
			res, err := c.BatchUpdate(context.Background(), crm.Companies, tt.updates)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(res.Updated, tt.wantUpdated) {
				t.Errorf("Updated = %v, want %v", res.Updated, tt.wantUpdated)
			}
			failed := map[string]string{}
			var msgs []string
			for _, f := range res.Failed {
				failed[f.ID] = f.Category
				msgs = append(msgs, f.Message)
			}
			if len(failed) != len(tt.wantFailed) || !strings.Contains(strings.Join(msgs, "|"), tt.wantMsg) {
				t.Errorf("Failed = %+v, want %v with %q", res.Failed, tt.wantFailed, tt.wantMsg)
			}
			for id, cat := range tt.wantFailed {
				if failed[id] != cat {
					t.Errorf("failure of %q = %q, want %q", id, failed[id], cat)
				}
			}
			_, statErr := os.Stat(filepath.Join(out, "companies_abm.csv"))
			if written := statErr == nil; written != (len(tt.wantUpdated) > 0) || (res.Calls == 1) != written {
				t.Errorf("file written = %v, Calls = %d, with %d updated", written, res.Calls, len(res.Updated))
			}
		})
	}
}

func TestBatchUpdateErrors(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c, out := setup(t, nil)

	many := make([]crm.Update, PageSize+1)
	for i := range many {
		many[i] = upd(strconv.Itoa(i), "abm_a", "1")
	}
	if _, err := c.BatchUpdate(ctx, crm.Companies, many); !errors.Is(err, crm.ErrPermanent) || !strings.Contains(err.Error(), "101 updates, at most 100") {
		t.Errorf("101 updates: %v", err)
	}
	if _, err := c.BatchUpdate(ctx, "tickets", []crm.Update{upd("1", "a", "1")}); !errors.Is(err, crm.ErrPermanent) {
		t.Errorf("unknown object: %v", err)
	}
	if res, err := c.BatchUpdate(ctx, crm.Companies, nil); err != nil || res.Calls != 0 {
		t.Errorf("empty batch: %+v, %v", res, err)
	}
	if err := c.EnsureProperties(ctx, crm.Companies, crm.PropertyGroup{Name: "abm"}, []crm.PropertyDef{{Name: ""}}); !errors.Is(err, crm.ErrPermanent) {
		t.Errorf("unnamed def: %v", err)
	}

	// A corrupt output file is reported, not overwritten.
	if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}
	bad := "id,abm_a\n1001,1\n1001,2\n"
	if err := os.WriteFile(filepath.Join(out, "companies_abm.csv"), []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := c.BatchUpdate(ctx, crm.Companies, []crm.Update{upd("1002", "abm_a", "1")})
	if fe, ok := errors.AsType[*FileError](err); !ok || fe.Line != 3 || !strings.HasSuffix(fe.Path, "companies_abm.csv") {
		t.Errorf("corrupt output: %v", err)
	}
	if got := readOut(t, out, crm.Companies); got != bad {
		t.Errorf("corrupt output overwritten: %q", got)
	}
}

// TestBatchUpdateAtomic checks that a failed replacement leaves the previous
// output intact and no temporary file behind.
func TestBatchUpdateAtomic(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c, out := setup(t, nil)
	if _, err := c.BatchUpdate(ctx, crm.Companies, []crm.Update{upd("1001", "abm_a", "1")}); err != nil {
		t.Fatal(err)
	}
	before := readOut(t, out, crm.Companies)

	var tmpSeen string
	c.rename = func(oldpath, _ string) error {
		tmpSeen = oldpath
		// The complete new content is in the temporary file before the
		// rename: a reader of the final name sees all or nothing.
		b, err := os.ReadFile(oldpath)
		if err != nil || !strings.Contains(string(b), "1002,,2\n") {
			t.Errorf("temporary file incomplete: %q, %v", b, err)
		}
		return errors.New("disk on fire")
	}
	res, err := c.BatchUpdate(ctx, crm.Companies, []crm.Update{upd("1002", "abm_b", "2")})
	if err == nil || !strings.Contains(err.Error(), "disk on fire") || len(res.Updated) != 0 || res.Calls != 0 {
		t.Fatalf("failed rename: %+v, %v", res, err)
	}
	if filepath.Dir(tmpSeen) != out {
		t.Errorf("temporary file %s not in the output folder", tmpSeen)
	}
	if got := readOut(t, out, crm.Companies); got != before {
		t.Errorf("output changed by failed write: %q, want %q", got, before)
	}
	if tf := tempFiles(t, out); len(tf) != 0 {
		t.Errorf("temporary files left: %v", tf)
	}

	c.rename = os.Rename
	if _, err := c.BatchUpdate(ctx, crm.Companies, []crm.Update{upd("1002", "abm_b", "2")}); err != nil {
		t.Fatal(err)
	}
	if got, want := readOut(t, out, crm.Companies), "id,abm_a,abm_b\n1001,1,\n1002,,2\n"; got != want {
		t.Errorf("after retry: %q, want %q", got, want)
	}
}
