package csv

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/abmsync/abmsync/crm"
)

// Pull returns one page of up to PageSize records of req.Object from its
// input file. Each record carries only the requested properties that are
// columns of the file (empty cells as ""; "hs_object_id" is served from the
// id column), its company associations from company_id when req.Associations
// asks for crm.Companies, CreatedAt from createdate and UpdatedAt from
// hs_lastmodifieddate or lastmodifieddate.
//
// A non-zero req.Since returns only records modified at or after Since,
// ordered by modification time; rows without a modification date are
// included, since the file cannot prove them unchanged (a file without a
// modification column therefore returns every row). Without Since, rows come
// in file order. Values abmsync wrote to the output file earlier (BatchUpdate)
// are returned as the record's current values. req.Archived returns an empty page: files hold no deleted
// records.
//
// Page.Next is the offset of the next record as a decimal string, empty on
// the last page. Page.Calls is 1 on the first page, which reads the file, and
// 0 on later ones, served from the parsed file unless it changed. Errors: a
// *FileError for a missing or malformed file; a bad Token or object type
// wraps crm.ErrPermanent.
func (c *Client) Pull(ctx context.Context, req crm.PullRequest) (crm.Page, error) {
	if err := checkObject(req.Object); err != nil {
		return crm.Page{}, fmt.Errorf("csv: pull: %w", err)
	}
	offset := 0
	if req.Token != "" {
		n, err := strconv.Atoi(req.Token)
		if err != nil || n < 0 {
			return crm.Page{}, fmt.Errorf("csv: pull %s: bad page token %q: %w", req.Object, req.Token, crm.ErrPermanent)
		}
		offset = n
	}
	if req.Archived {
		return crm.Page{}, nil
	}
	t, err := c.load(ctx, req.Object)
	if err != nil {
		return crm.Page{}, fmt.Errorf("csv: pull %s: %w", req.Object, err)
	}

	rows := t.selectRows(req)
	page := crm.Page{}
	if req.Token == "" {
		page.Calls = 1
	}
	// A token beyond the end (the file shrank between pages) ends the pull.
	if offset >= len(rows) {
		return page, nil
	}
	end := min(offset+PageSize, len(rows))
	if end < len(rows) {
		page.Next = strconv.Itoa(end)
	}
	// What abmsync wrote earlier is part of the CRM's current state: serve it
	// back, as HubSpot would, so an unchanged value is not written again.
	written, _, err := c.readOutput(ctx, c.outputPath(req.Object))
	if err != nil {
		return crm.Page{}, fmt.Errorf("csv: pull %s: %w", req.Object, err)
	}
	page.Records = make([]crm.Record, 0, end-offset)
	for _, r := range rows[offset:end] {
		page.Records = append(page.Records, t.record(r, req, written))
	}
	return page, nil
}

// record is row r as req asks for it: the properties asked, with the
// values abmsync wrote (written, by record id and property) over the
// file's, and the associations asked whose columns the file has (a
// company_id column; for deals, a contact_ids column).
func (t *table) record(r int, req crm.PullRequest, written map[string]map[string]string) crm.Record {
	wantCompanies := req.Object != crm.Companies && slices.Contains(req.Associations, crm.Companies)
	assocCol, hasAssoc := t.cols["company_id"]
	// A deal's contacts, from an optional contact_ids column.
	wantContacts := req.Object == crm.Deals && slices.Contains(req.Associations, crm.Contacts)
	contactCol, hasContacts := t.cols["contact_ids"]
	rec := t.rows[r]
	out := crm.Record{
		Type:       req.Object,
		ID:         rec[t.idCol],
		Properties: make(map[string]string, len(req.Properties)),
		Source:     Source,
	}
	if t.created != nil {
		out.CreatedAt = t.created[r]
	}
	if t.updated != nil {
		out.UpdatedAt = t.updated[r]
	}
	for _, p := range req.Properties {
		if i, ok := t.cols[p]; ok && p != "id" && p != "company_id" && p != "contact_ids" {
			out.Properties[p] = rec[i]
		} else if p == "hs_object_id" {
			out.Properties[p] = out.ID
		}
		if v, ok := written[out.ID][p]; ok {
			out.Properties[p] = v
		}
	}
	if wantCompanies && hasAssoc {
		if ids := splitIDs(rec[assocCol]); len(ids) > 0 {
			out.Associations = map[crm.ObjectType][]string{crm.Companies: ids}
		}
	}
	if wantContacts && hasContacts {
		if ids := splitIDs(rec[contactCol]); len(ids) > 0 {
			if out.Associations == nil {
				out.Associations = map[crm.ObjectType][]string{}
			}
			out.Associations[crm.Contacts] = ids
		}
	}
	return out
}

// selectRows returns the row indexes req pages through.
func (t *table) selectRows(req crm.PullRequest) []int {
	rows := make([]int, 0, len(t.rows))
	for i := range t.rows {
		if req.Since.IsZero() || t.updated == nil || t.updated[i].IsZero() || !t.updated[i].Before(req.Since) {
			rows = append(rows, i)
		}
	}
	if !req.Since.IsZero() && t.updated != nil {
		// Stable, so rows modified at the same instant keep file order and
		// offsets stay valid from page to page.
		slices.SortStableFunc(rows, func(a, b int) int { return t.updated[a].Compare(t.updated[b]) })
	}
	return rows
}

// splitIDs splits a company_id cell ("1001;1002") into ids, ignoring
// surrounding spaces, empty parts from stray separators and repeats.
func splitIDs(cell string) []string {
	var ids []string
	for part := range strings.SplitSeq(cell, ";") {
		id := strings.TrimSpace(part)
		if id != "" && !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	return ids
}
