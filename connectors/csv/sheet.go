package csv

import (
	"context"
	stdcsv "encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/abmsync/abmsync/crm"
)

// FileError reports a CSV file the connector cannot use. It wraps the cause
// and crm.ErrPermanent: retrying cannot help until someone fixes the file.
type FileError struct {
	Path string
	// Line is the 1-based line of the offending row, 0 when the error
	// concerns the whole file (missing, too large, no id column).
	Line int
	// Column is 1-based: the position of the offending field in the row
	// (Field names it) for content errors, or the byte position in the line
	// that encoding/csv reports for syntax errors (stray quotes). 0 when
	// the error concerns the whole row or file.
	Column int
	// Field is the header name of the offending column, when known.
	Field string
	Err   error
}

// Error returns "<path>: line L, column C (field): cause", leaving out the
// parts that are unknown.
func (e *FileError) Error() string {
	var b strings.Builder
	b.WriteString(e.Path)
	if e.Line > 0 {
		fmt.Fprintf(&b, ": line %d", e.Line)
		if e.Column > 0 {
			fmt.Fprintf(&b, ", column %d", e.Column)
		}
		if e.Field != "" {
			fmt.Fprintf(&b, " (%s)", e.Field)
		}
	}
	b.WriteString(": ")
	b.WriteString(e.Err.Error())
	return b.String()
}

// Unwrap returns the cause and crm.ErrPermanent.
func (e *FileError) Unwrap() []error { return []error{e.Err, crm.ErrPermanent} }

// errTooLarge ends reading a file beyond the size cap.
var errTooLarge = errors.New("file too large")

// cappedReader fails with errTooLarge once more than n bytes were read, so
// a file that grows while being read is capped too, not only one whose size
// was checked up front.
type cappedReader struct {
	r io.Reader
	n int64 // bytes still allowed
}

func (c *cappedReader) Read(p []byte) (int, error) {
	if c.n < 0 {
		return 0, errTooLarge
	}
	if int64(len(p)) > c.n+1 {
		p = p[:c.n+1]
	}
	n, err := c.r.Read(p)
	c.n -= int64(n)
	if c.n < 0 {
		return n, errTooLarge
	}
	return n, err
}

// sheet is a parsed, validated CSV file with an id column.
type sheet struct {
	header []string
	cols   map[string]int // header name → field index
	idCol  int
	rows   [][]string
	lines  []int          // 1-based line of each row, for error messages
	ids    map[string]int // id → row index
}

// readSheet parses the CSV file at path from r, reading at most limit bytes.
// It rejects, as *FileError, syntax errors, rows whose field count differs
// from the header's, invalid UTF-8, empty or duplicate header names, a
// missing id column, and empty or duplicate ids.
func readSheet(ctx context.Context, path string, r io.Reader, limit int64) (*sheet, error) {
	cr := stdcsv.NewReader(&cappedReader{r: r, n: limit})
	fail := func(line, col int, field string, err error) error {
		return &FileError{Path: path, Line: line, Column: col, Field: field, Err: err}
	}
	readErr := func(err error) error {
		if errors.Is(err, errTooLarge) {
			return fail(0, 0, "", fmt.Errorf("larger than the %d byte limit", limit))
		}
		if pe, ok := errors.AsType[*stdcsv.ParseError](err); ok {
			return fail(pe.Line, pe.Column, "", pe.Err)
		}
		return fail(0, 0, "", err)
	}

	header, err := cr.Read()
	if err == io.EOF {
		return nil, fail(0, 0, "", errors.New("empty file: no header row"))
	}
	if err != nil {
		return nil, readErr(err)
	}
	s, err := newSheet(path, header)
	if err != nil {
		return nil, err
	}
	for n := 0; ; n++ {
		if n%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if pe, ok := errors.AsType[*stdcsv.ParseError](err); ok && errors.Is(pe.Err, stdcsv.ErrFieldCount) {
			line := pe.StartLine
			col, field := len(header)+1, ""
			if len(rec) < len(header) {
				col, field = len(rec)+1, header[len(rec)]
			}
			return nil, fail(line, col, field, fmt.Errorf("%w: %d, header has %d", stdcsv.ErrFieldCount, len(rec), len(header)))
		}
		if err != nil {
			return nil, readErr(err)
		}
		line, _ := cr.FieldPos(0)
		if err := s.add(path, line, rec); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// newSheet is an empty sheet with the header row, which must hold valid
// UTF-8, no empty or duplicate names, and an id column.
func newSheet(path string, header []string) (*sheet, error) {
	fail := func(col int, field string, err error) error {
		return &FileError{Path: path, Line: 1, Column: col, Field: field, Err: err}
	}
	// Spreadsheet programs start UTF-8 CSV exports with a byte-order mark.
	header[0] = strings.TrimPrefix(header[0], "\uFEFF")
	s := &sheet{header: header, cols: make(map[string]int, len(header)), idCol: -1, ids: make(map[string]int)}
	for i, name := range header {
		switch {
		case !utf8.ValidString(name):
			return nil, fail(i+1, "", errors.New("invalid UTF-8 in header"))
		case name == "":
			return nil, fail(i+1, "", errors.New("empty column name in header"))
		}
		if j, dup := s.cols[name]; dup {
			return nil, fail(i+1, name, fmt.Errorf("duplicate column name (also column %d)", j+1))
		}
		s.cols[name] = i
	}
	id, ok := s.cols["id"]
	if !ok {
		return nil, fail(0, "", errors.New(`no "id" column in header`))
	}
	s.idCol = id
	return s, nil
}

// add appends row rec, read at line, which must hold valid UTF-8 and a new,
// non-empty id without surrounding spaces.
func (s *sheet) add(path string, line int, rec []string) error {
	fail := func(col int, field string, err error) error {
		return &FileError{Path: path, Line: line, Column: col, Field: field, Err: err}
	}
	for i, v := range rec {
		if !utf8.ValidString(v) {
			return fail(i+1, s.header[i], errors.New("invalid UTF-8"))
		}
	}
	id := s.idCol
	rid := rec[id]
	if strings.TrimSpace(rid) != rid || rid == "" {
		return fail(id+1, "id", fmt.Errorf("empty id or id with surrounding spaces: %q", rid))
	}
	if first, dup := s.ids[rid]; dup {
		return fail(id+1, "id", fmt.Errorf("duplicate id %q (first on line %d)", rid, s.lines[first]))
	}
	s.ids[rid] = len(s.rows)
	s.rows = append(s.rows, rec)
	s.lines = append(s.lines, line)
	return nil
}

// times parses, per row, the first non-empty of the named date columns; a
// row with all of them empty gets the zero time. It returns nil when the
// file has none of the columns, and a *FileError for a value that is not a
// date.
func (s *sheet) times(path string, names ...string) ([]time.Time, error) {
	var idx []int
	for _, n := range names {
		if i, ok := s.cols[n]; ok {
			idx = append(idx, i)
		}
	}
	if len(idx) == 0 {
		return nil, nil
	}
	out := make([]time.Time, len(s.rows))
	for r, rec := range s.rows {
		for _, i := range idx {
			v := strings.TrimSpace(rec[i])
			if v == "" {
				continue
			}
			t, ok := crm.ParseTime(v)
			if !ok {
				return nil, &FileError{Path: path, Line: s.lines[r], Column: i + 1, Field: s.header[i],
					Err: fmt.Errorf("not a date: %q (want ISO 8601, YYYY-MM-DD or epoch milliseconds)", v)}
			}
			out[r] = t
			break
		}
	}
	return out, nil
}
