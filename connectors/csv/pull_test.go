package csv

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/abmsync/abmsync/crm"
)

func TestPullGood(t *testing.T) {
	t.Parallel()
	c, _ := setup(t, nil)
	ctx := context.Background()

	page, err := c.Pull(ctx, crm.PullRequest{
		Object:       crm.Contacts,
		Properties:   []string{"email", "jobtitle", "hs_object_id", "not_a_column", "id", "company_id"},
		Associations: []crm.ObjectType{crm.Companies},
	})
	if err != nil {
		t.Fatal(err)
	}
	if page.Next != "" || page.Calls != 1 || len(page.Records) != 4 {
		t.Fatalf("page: next %q, calls %d, %d records", page.Next, page.Calls, len(page.Records))
	}
	r := page.Records[1]
	wantProps := map[string]string{"email": "", "jobtitle": `Assistant to the CEO, "gatekeeper"`, "hs_object_id": "2002"}
	if r.ID != "2002" || r.Type != crm.Contacts || r.Source != "csv" || !maps.Equal(r.Properties, wantProps) {
		t.Errorf("record = %+v", r)
	}
	if want := time.Date(2025, 2, 1, 0, 0, 0, 0, time.UTC); !r.CreatedAt.Equal(want) {
		t.Errorf("CreatedAt = %v, want %v", r.CreatedAt, want)
	}
	if want := time.Date(2026, 8, 1, 0, 0, 0, 0, time.UTC); !r.UpdatedAt.Equal(want) {
		t.Errorf("UpdatedAt = %v, want %v", r.UpdatedAt, want)
	}
	assoc := map[string][]string{}
	for _, r := range page.Records {
		assoc[r.ID] = r.Associations[crm.Companies]
	}
	wantAssoc := map[string][]string{"2001": {"1001"}, "2002": {"1001"}, "2003": {"1002", "1003"}, "2004": nil}
	if !maps.EqualFunc(assoc, wantAssoc, slices.Equal) {
		t.Errorf("associations = %v, want %v", assoc, wantAssoc)
	}
	if got := page.Records[2].Properties["email"]; got != "chloe@beta.example" {
		t.Errorf("UTF-8 row email = %q", got)
	}

	// Without asking for associations there are none.
	page, err = c.Pull(ctx, crm.PullRequest{Object: crm.Contacts})
	if err != nil {
		t.Fatal(err)
	}
	if page.Records[0].Associations != nil || len(page.Records[0].Properties) != 0 {
		t.Errorf("unrequested data returned: %+v", page.Records[0])
	}

	// Companies: date-only and epoch-millisecond dates, empty modification date.
	page, err = c.Pull(ctx, crm.PullRequest{Object: crm.Companies, Properties: []string{"name"}})
	if err != nil {
		t.Fatal(err)
	}
	if got := page.Records[1].Properties["name"]; got != "Beta Medical, Inc." {
		t.Errorf("quoted name = %q", got)
	}
	if want := time.Date(2023, 5, 2, 0, 0, 0, 0, time.UTC); !page.Records[1].CreatedAt.Equal(want) {
		t.Errorf("date-only CreatedAt = %v", page.Records[1].CreatedAt)
	}
	if want := time.UnixMilli(1700000000000); !page.Records[2].CreatedAt.Equal(want) || !page.Records[2].UpdatedAt.IsZero() {
		t.Errorf("epoch CreatedAt = %v, UpdatedAt = %v", page.Records[2].CreatedAt, page.Records[2].UpdatedAt)
	}
}

func TestPullVariants(t *testing.T) {
	t.Parallel()
	tests := []struct {
		file    string
		wantIDs []string
		check   func(t *testing.T, rs []crm.Record)
	}{
		{"variants/bom_crlf.csv", []string{"1001", "1002"}, func(t *testing.T, rs []crm.Record) {
			if got := rs[1].Properties["name"]; got != "Multi\nline" {
				t.Errorf("multi-line name = %q", got)
			}
		}},
		{"variants/header_only.csv", nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			t.Parallel()
			c, _ := setup(t, map[crm.ObjectType]string{crm.Companies: tt.file})
			page, err := c.Pull(context.Background(), crm.PullRequest{Object: crm.Companies, Properties: []string{"name"}})
			if err != nil {
				t.Fatal(err)
			}
			if got := ids(page.Records); !slices.Equal(got, tt.wantIDs) {
				t.Fatalf("ids = %v, want %v", got, tt.wantIDs)
			}
			if tt.check != nil {
				tt.check(t, page.Records)
			}
		})
	}
}

func ids(rs []crm.Record) []string {
	var out []string
	for _, r := range rs {
		out = append(out, r.ID)
	}
	return out
}

func TestPullBadFiles(t *testing.T) {
	t.Parallel()
	tests := []struct {
		file string
		line int
		col  int
		want string // substring of the message
	}{
		{"bad/ragged_more.csv", 3, 3, "wrong number of fields: 3, header has 2"},
		{"bad/ragged_less.csv", 3, 3, "line 3, column 3 (domain): wrong number of fields: 2, header has 3"},
		{"bad/no_id.csv", 1, 0, `no "id" column`},
		{"bad/duplicate_id.csv", 4, 1, `line 4, column 1 (id): duplicate id "1" (first on line 2)`},
		{"bad/empty_id.csv", 3, 1, "empty id"},
		{"bad/bad_utf8.csv", 3, 2, "line 3, column 2 (name): invalid UTF-8"},
		{"bad/bare_quote.csv", 3, 4, `bare " in non-quoted-field`},
		{"bad/bad_date.csv", 3, 3, `line 3, column 3 (createdate): not a date: "01/02/2026"`},
		{"bad/duplicate_column.csv", 1, 3, "duplicate column name"},
		{"bad/empty_column.csv", 1, 2, "empty column name"},
		{"bad/empty.csv", 0, 0, "no header row"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			t.Parallel()
			c, _ := setup(t, map[crm.ObjectType]string{crm.Deals: tt.file})
			_, err := c.Pull(context.Background(), crm.PullRequest{Object: crm.Deals})
			fe, ok := errors.AsType[*FileError](err)
			if !ok {
				t.Fatalf("error = %v, want a *FileError", err)
			}
			if !strings.HasSuffix(fe.Path, "deals.csv") || fe.Line != tt.line || fe.Column != tt.col {
				t.Errorf("path, line, column = %s, %d, %d; want deals.csv, %d, %d", fe.Path, fe.Line, fe.Column, tt.line, tt.col)
			}
			if msg := err.Error(); !strings.Contains(msg, tt.want) || !strings.Contains(msg, "deals.csv") {
				t.Errorf("message %q lacks %q", msg, tt.want)
			}
			if !errors.Is(err, crm.ErrPermanent) {
				t.Errorf("error does not wrap crm.ErrPermanent")
			}
		})
	}
}

func TestPullTooLarge(t *testing.T) {
	t.Parallel()
	c, _ := setup(t, nil)
	c.maxFileSize = 64
	_, err := c.Pull(context.Background(), crm.PullRequest{Object: crm.Companies})
	if err == nil || !strings.Contains(err.Error(), "companies.csv: larger than the 64 byte limit") {
		t.Fatalf("error = %v", err)
	}
}

// writeRows writes a companies file with n rows, ids 1..n, modified one
// minute apart in reverse id order when dated.
func writeRows(t *testing.T, dir string, n int, dated bool) {
	t.Helper()
	var b strings.Builder
	b.WriteString("id,name")
	if dated {
		b.WriteString(",hs_lastmodifieddate")
	}
	b.WriteString("\n")
	base := time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "%d,company %d", i, i)
		if dated {
			fmt.Fprintf(&b, ",%s", base.Add(time.Duration(n-i)*time.Minute).Format(time.RFC3339))
		}
		b.WriteString("\n")
	}
	if err := os.WriteFile(filepath.Join(dir, "companies.csv"), []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

func pullAll(t *testing.T, c *Client, req crm.PullRequest) (pages []crm.Page) {
	t.Helper()
	for {
		p, err := c.Pull(context.Background(), req)
		if err != nil {
			t.Fatal(err)
		}
		pages = append(pages, p)
		if p.Next == "" {
			return pages
		}
		if len(pages) > 100 {
			t.Fatal("pull does not end")
		}
		req.Token = p.Next
	}
}

func TestPullPaging(t *testing.T) {
	t.Parallel()
	tests := []struct {
		rows      int
		wantSizes []int
		wantNext  []string
	}{
		{0, []int{0}, []string{""}},
		{100, []int{100}, []string{""}},
		{101, []int{100, 1}, []string{"100", ""}},
		{250, []int{100, 100, 50}, []string{"100", "200", ""}},
	}
	for _, tt := range tests {
		t.Run(strconv.Itoa(tt.rows), func(t *testing.T) {
			t.Parallel()
			c, _ := setup(t, nil)
			writeRows(t, c.dir, tt.rows, false)
			pages := pullAll(t, c, crm.PullRequest{Object: crm.Companies})
			var sizes, calls []int
			var next, all []string
			for _, p := range pages {
				sizes = append(sizes, len(p.Records))
				next = append(next, p.Next)
				calls = append(calls, p.Calls)
				all = append(all, ids(p.Records)...)
			}
			if !slices.Equal(sizes, tt.wantSizes) || !slices.Equal(next, tt.wantNext) {
				t.Errorf("sizes %v next %v; want %v %v", sizes, next, tt.wantSizes, tt.wantNext)
			}
			if calls[0] != 1 || slices.Contains(calls[1:], 1) {
				t.Errorf("calls = %v, want 1 then 0s", calls)
			}
			for i, id := range all {
				if id != strconv.Itoa(i+1) {
					t.Fatalf("record %d has id %s: order lost", i, id)
				}
			}
		})
	}
}

func TestPullToken(t *testing.T) {
	t.Parallel()
	c, _ := setup(t, nil)
	for _, tok := range []string{"x", "-1", "1.5"} {
		_, err := c.Pull(context.Background(), crm.PullRequest{Object: crm.Companies, Token: tok})
		if !errors.Is(err, crm.ErrPermanent) || !strings.Contains(err.Error(), strconv.Quote(tok)) {
			t.Errorf("token %q: error = %v", tok, err)
		}
	}
	// A token past the end (the file shrank) ends the pull.
	p, err := c.Pull(context.Background(), crm.PullRequest{Object: crm.Companies, Token: "500"})
	if err != nil || len(p.Records) != 0 || p.Next != "" || p.Calls != 0 {
		t.Errorf("past end: %+v, %v", p, err)
	}
	if _, err := c.Pull(context.Background(), crm.PullRequest{Object: "tickets"}); !errors.Is(err, crm.ErrPermanent) {
		t.Errorf("unknown object: %v", err)
	}
}

func TestPullSince(t *testing.T) {
	t.Parallel()
	base := time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name    string
		dated   bool
		since   time.Time
		wantIDs []string
	}{
		// Row i is modified at base + (5-i) minutes: id 5 first.
		{"full listing keeps file order", true, time.Time{}, []string{"1", "2", "3", "4", "5"}},
		{"since at a row's time includes it", true, base.Add(2 * time.Minute), []string{"3", "2", "1"}},
		{"since between rows", true, base.Add(90 * time.Second), []string{"3", "2", "1"}},
		{"since after all", true, base.Add(time.Hour), nil},
		{"undated file returns all", false, base.Add(time.Hour), []string{"1", "2", "3", "4", "5"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, _ := setup(t, nil)
			writeRows(t, c.dir, 5, tt.dated)
			p, err := c.Pull(context.Background(), crm.PullRequest{Object: crm.Companies, Since: tt.since})
			if err != nil {
				t.Fatal(err)
			}
			if got := ids(p.Records); !slices.Equal(got, tt.wantIDs) {
				t.Errorf("ids = %v, want %v", got, tt.wantIDs)
			}
		})
	}

	// Rows without a modification date in a dated file cannot be proven
	// unchanged, so they are returned.
	c, _ := setup(t, nil)
	p, err := c.Pull(context.Background(), crm.PullRequest{Object: crm.Contacts, Since: time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := ids(p.Records), []string{"2004", "2001", "2003"}; !slices.Equal(got, want) {
		t.Errorf("ids = %v, want %v", got, want)
	}
}

func TestPullArchived(t *testing.T) {
	t.Parallel()
	c, _ := setup(t, nil)
	p, err := c.Pull(context.Background(), crm.PullRequest{Object: crm.Companies, Archived: true})
	if err != nil || len(p.Records) != 0 || p.Next != "" || p.Calls != 0 {
		t.Errorf("archived: %+v, %v", p, err)
	}
}

// TestPullRereadsChangedFile checks that the parsed-file cache does not
// serve stale data once the file changes.
func TestPullRereadsChangedFile(t *testing.T) {
	t.Parallel()
	c, _ := setup(t, nil)
	writeRows(t, c.dir, 3, false)
	if p := pullAll(t, c, crm.PullRequest{Object: crm.Companies}); len(p[0].Records) != 3 {
		t.Fatalf("%d records", len(p[0].Records))
	}
	writeRows(t, c.dir, 7, false)
	// Make sure the modification time differs even on coarse file systems.
	future := time.Now().Add(time.Hour)
	if err := os.Chtimes(filepath.Join(c.dir, "companies.csv"), future, future); err != nil {
		t.Fatal(err)
	}
	if p := pullAll(t, c, crm.PullRequest{Object: crm.Companies}); len(p[0].Records) != 7 {
		t.Fatalf("after change: %d records", len(p[0].Records))
	}
}
