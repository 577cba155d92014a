package csv

import (
	stdcsv "encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/abmsync/abmsync/crm"
)

// ReadNPSCSV reads survey answers from a CSV stream and calls fn with each,
// in file order, holding one line in memory at a time. The first line is a
// header naming the columns, in any order and case: score and date are
// required, and company_id or domain (or both); other columns are ignored.
// Every line needs a company_id or a domain, an integer score 0–10 and a
// date (RFC 3339, YYYY-MM-DD, or epoch milliseconds; a date-only value is
// UTC midnight). A leading UTF-8 byte-order mark (spreadsheet exports) is
// skipped. Errors name the line and column (1-based) and stop the read; an
// error from fn is returned as is.
func ReadNPSCSV(r io.Reader, fn func(crm.NPSAnswer) error) error {
	cr := stdcsv.NewReader(r)
	cr.ReuseRecord = true
	cr.TrimLeadingSpace = true
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return errors.New("nps csv: empty file, want a header with company_id or domain, score, date")
	}
	if err != nil {
		return fmt.Errorf("nps csv: %w", err)
	}
	cols, err := npsHeader(header)
	if err != nil {
		return err
	}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			// csv.ParseError already names line and column.
			return fmt.Errorf("nps csv: %w", err)
		}
		line, _ := cr.FieldPos(0)
		a, err := cols.answer(rec, line)
		if err != nil {
			return err
		}
		if err := fn(a); err != nil {
			return err
		}
	}
}

// ParseNPSCSV returns all answers of a CSV stream; see ReadNPSCSV for the
// format and errors. On error it returns no answers.
func ParseNPSCSV(r io.Reader) ([]crm.NPSAnswer, error) {
	var out []crm.NPSAnswer
	err := ReadNPSCSV(r, func(a crm.NPSAnswer) error {
		out = append(out, a)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// npsColumns maps the column names of a survey answers file to their
// 0-based index, -1 for a missing column.
type npsColumns map[string]int

// npsHeader reads the header line: the columns it names, in any order and
// case, of which score, date and company_id or domain are required.
func npsHeader(header []string) (npsColumns, error) {
	col := npsColumns{"company_id": -1, "domain": -1, "score": -1, "date": -1}
	for i, h := range header {
		if i == 0 {
			h = strings.TrimPrefix(h, "\ufeff")
		}
		h = strings.ToLower(strings.TrimSpace(h))
		if j, ok := col[h]; ok {
			if j >= 0 {
				return nil, fmt.Errorf("nps csv: line 1, column %d: duplicate column %q", i+1, h)
			}
			col[h] = i
		}
	}
	switch {
	case col["company_id"] < 0 && col["domain"] < 0:
		return nil, errors.New("nps csv: line 1: missing column company_id or domain")
	case col["score"] < 0:
		return nil, errors.New("nps csv: line 1: missing column score")
	case col["date"] < 0:
		return nil, errors.New("nps csv: line 1: missing column date")
	}
	return col, nil
}

// field returns the trimmed value of column name in rec, "" when the file
// has no such column.
func (col npsColumns) field(rec []string, name string) string {
	if i := col[name]; i >= 0 && i < len(rec) {
		return strings.TrimSpace(rec[i])
	}
	return ""
}

// answer reads the answer of rec, the record on line; errors name the line
// and the offending column.
func (col npsColumns) answer(rec []string, line int) (crm.NPSAnswer, error) {
	bad := func(name, format string, args ...any) error {
		return fmt.Errorf("nps csv: line %d, column %d (%s): %s", line, col[name]+1, name, fmt.Sprintf(format, args...))
	}
	a := crm.NPSAnswer{CompanyID: col.field(rec, "company_id")}
	if raw := col.field(rec, "domain"); raw != "" {
		if a.Domain = crm.NormalizeDomain(raw); a.Domain == "" {
			return crm.NPSAnswer{}, bad("domain", "bad domain %q", raw)
		}
	}
	if a.CompanyID == "" && a.Domain == "" {
		name := "company_id"
		if col[name] < 0 {
			name = "domain"
		}
		return crm.NPSAnswer{}, bad(name, "missing company_id and domain")
	}
	raw := col.field(rec, "score")
	s, err := strconv.Atoi(raw)
	if err != nil {
		return crm.NPSAnswer{}, bad("score", "score %q is not an integer", raw)
	}
	if s < 0 || s > 10 {
		return crm.NPSAnswer{}, bad("score", "score %d outside 0-10", s)
	}
	a.Score = s
	raw = col.field(rec, "date")
	if a.Date, err = parseNPSDate(raw); err != nil {
		return crm.NPSAnswer{}, bad("date", "%v", err)
	}
	return a, nil
}

func parseNPSDate(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, errors.New("missing date")
	}
	t, ok := crm.ParseTime(s)
	if !ok {
		return time.Time{}, fmt.Errorf("bad date %q (want YYYY-MM-DD or RFC 3339)", s)
	}
	return t.UTC(), nil
}
