package csv

import (
	"bufio"
	"context"
	stdcsv "encoding/csv"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/abmsync/abmsync/crm"
)

// EnsureProperties records the property names of defs for obj, so that
// obj's output file has their columns even before a value is written. There
// is no schema to create in a file, so the group is not used. It fails,
// wrapping crm.ErrPermanent, for an unknown object type or a definition
// without a name or named id or company_id.
func (c *Client) EnsureProperties(ctx context.Context, obj crm.ObjectType, g crm.PropertyGroup, defs []crm.PropertyDef) error {
	if err := checkObject(obj); err != nil {
		return fmt.Errorf("csv: ensure properties: %w", err)
	}
	for _, d := range defs {
		if err := checkPropertyName(d.Name); err != nil {
			return fmt.Errorf("csv: ensure %s properties in group %q: %w: %w", obj, g.Name, err, crm.ErrPermanent)
		}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, d := range defs {
		if !slices.Contains(c.defs[obj], d.Name) {
			c.defs[obj] = append(c.defs[obj], d.Name)
		}
	}
	return nil
}

// BatchUpdate merges the property values of updates into obj's output file
// (OutputDir/<obj>_abm.csv): values of other records and properties already
// in the file are kept, "" clears a value. The file is replaced atomically
// (temporary file, then rename), with header id followed by the property
// names sorted, and rows sorted by id (numerically when both ids are
// numbers).
//
// Updates for ids missing from obj's input file, with an empty id, an id
// repeated in the batch, or an invalid property name or value are reported
// in UpdateResult.Failed and not written; the others are written and listed
// in Updated. Calls is 1 when the file was written. More than PageSize
// updates, an unknown object type or a malformed input or output file fail
// the whole call with an error wrapping crm.ErrPermanent; a write failure
// returns an error and leaves the previous output file intact.
func (c *Client) BatchUpdate(ctx context.Context, obj crm.ObjectType, updates []crm.Update) (crm.UpdateResult, error) {
	if err := checkObject(obj); err != nil {
		return crm.UpdateResult{}, fmt.Errorf("csv: batch update: %w", err)
	}
	if len(updates) > PageSize {
		return crm.UpdateResult{}, fmt.Errorf("csv: batch update %s: %d updates, at most %d per call: %w", obj, len(updates), PageSize, crm.ErrPermanent)
	}
	if len(updates) == 0 {
		return crm.UpdateResult{}, nil
	}
	in, err := c.load(ctx, obj)
	if err != nil {
		return crm.UpdateResult{}, fmt.Errorf("csv: batch update %s: %w", obj, err)
	}

	c.writeMu.Lock()
	defer c.writeMu.Unlock()
	path := c.outputPath(obj)
	values, columns, err := c.readOutput(ctx, path)
	if err != nil {
		return crm.UpdateResult{}, fmt.Errorf("csv: batch update %s: %w", obj, err)
	}

	var res crm.UpdateResult
	seen := make(map[string]bool, len(updates))
	for _, u := range updates {
		if msg := checkUpdate(u, seen); msg != "" {
			res.Failed = append(res.Failed, crm.RecordError{ID: u.ID, Category: "VALIDATION_ERROR", Message: msg})
			continue
		}
		seen[u.ID] = true
		if _, ok := in.ids[u.ID]; !ok {
			res.Failed = append(res.Failed, crm.RecordError{ID: u.ID, Category: "OBJECT_NOT_FOUND",
				Message: fmt.Sprintf("no %s record with id %q in %s", obj, u.ID, c.inputPath(obj))})
			continue
		}
		row := values[u.ID]
		if row == nil {
			row = make(map[string]string, len(u.Properties))
			values[u.ID] = row
		}
		for k, v := range u.Properties {
			row[k] = v
			columns[k] = true
		}
		res.Updated = append(res.Updated, u.ID)
	}
	if len(res.Updated) == 0 {
		return res, nil
	}

	c.mu.Lock()
	for _, name := range c.defs[obj] {
		columns[name] = true
	}
	c.mu.Unlock()
	if err := c.writeOutput(path, values, slices.Sorted(maps.Keys(columns))); err != nil {
		return crm.UpdateResult{Failed: res.Failed}, fmt.Errorf("csv: batch update %s: %w", obj, err)
	}
	res.Calls = 1
	return res, nil
}

// checkUpdate returns why u cannot be written, or "".
func checkUpdate(u crm.Update, seen map[string]bool) string {
	switch {
	case u.ID == "":
		return "empty id"
	case seen[u.ID]:
		return fmt.Sprintf("id %q repeated in batch", u.ID)
	}
	for k, v := range u.Properties {
		if err := checkPropertyName(k); err != nil {
			return err.Error()
		}
		if !utf8.ValidString(v) {
			return fmt.Sprintf("property %q: invalid UTF-8 value", k)
		}
	}
	return ""
}

// checkPropertyName rejects names that cannot be an output column.
func checkPropertyName(name string) error {
	switch {
	case name == "":
		return errors.New("empty property name")
	case name == "id" || name == "company_id":
		return fmt.Errorf("property %q is read-only", name)
	case !utf8.ValidString(name) || strings.ContainsAny(name, "\r\n"):
		return fmt.Errorf("property name %q is not a valid column name", name)
	}
	return nil
}

// readOutput reads the output file at path into values by id and the set of
// its property columns. A missing file is empty.
func (c *Client) readOutput(ctx context.Context, path string) (map[string]map[string]string, map[string]bool, error) {
	values := make(map[string]map[string]string)
	columns := make(map[string]bool)
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return values, columns, nil
	}
	if err != nil {
		return nil, nil, &FileError{Path: path, Err: err}
	}
	defer f.Close()
	sh, err := readSheet(ctx, path, f, c.maxFileSize)
	if err != nil {
		return nil, nil, err
	}
	for i, name := range sh.header {
		if i != sh.idCol {
			columns[name] = true
		}
	}
	for _, rec := range sh.rows {
		row := make(map[string]string, len(rec)-1)
		for i, v := range rec {
			if i != sh.idCol {
				row[sh.header[i]] = v
			}
		}
		values[rec[sh.idCol]] = row
	}
	return values, columns, nil
}

// writeOutput replaces the file at path with values, atomically: it writes a
// temporary file in the same folder (so the rename stays on one file system),
// syncs it and renames it over path. On failure the temporary file is
// removed and path is untouched.
func (c *Client) writeOutput(path string, values map[string]map[string]string, columns []string) (err error) {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("create output folder: %w", err)
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("create temporary file: %w", err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()

	bw := bufio.NewWriter(tmp)
	w := stdcsv.NewWriter(bw)
	rec := make([]string, 1+len(columns))
	rec[0] = "id"
	copy(rec[1:], columns)
	if err := w.Write(rec); err != nil {
		return fmt.Errorf("write %s: %w", tmp.Name(), err)
	}
	ids := slices.SortedFunc(maps.Keys(values), compareIDs)
	for _, id := range ids {
		rec[0] = id
		for i, col := range columns {
			rec[1+i] = values[id][col]
		}
		if err := w.Write(rec); err != nil {
			return fmt.Errorf("write %s: %w", tmp.Name(), err)
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return fmt.Errorf("write %s: %w", tmp.Name(), err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write %s: %w", tmp.Name(), err)
	}
	// Sync before rename: otherwise a crash can leave the new name pointing
	// at a file whose data never reached the disk.
	if err := tmp.Sync(); err != nil {
		return fmt.Errorf("sync %s: %w", tmp.Name(), err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("close %s: %w", tmp.Name(), err)
	}
	// CreateTemp makes the file private; the output is meant to be read by
	// people and other tools like the input files.
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return fmt.Errorf("chmod %s: %w", tmp.Name(), err)
	}
	if err := c.rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("replace %s: %w", path, err)
	}
	return nil
}

// compareIDs orders numeric ids by value (HubSpot ids are numbers, and
// "9" before "10" is what people expect) and other ids as strings, after
// the numeric ones.
func compareIDs(a, b string) int {
	na, errA := strconv.ParseUint(a, 10, 64)
	nb, errB := strconv.ParseUint(b, 10, 64)
	switch {
	case errA == nil && errB == nil:
		if na != nb {
			if na < nb {
				return -1
			}
			return 1
		}
	case errA == nil:
		return -1
	case errB == nil:
		return 1
	}
	return strings.Compare(a, b)
}
