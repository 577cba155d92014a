package csv

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Connections exports are the "Connections.csv" a LinkedIn member downloads
// from Settings → Data privacy → Get a copy of your data
// (https://www.linkedin.com/help/linkedin/answer/a1339364). LinkedIn has
// written two layouts over the years; ParseConnections reads both.

// ConnectionsStats.Format values.
const (
	// ConnectionsFormatCurrent is an export with a URL column, usually after a "Notes:"
	// preamble, with dates like "09 Oct 2024".
	ConnectionsFormatCurrent = "current"
	// ConnectionsFormatLegacy is the older export without a URL column, with US dates
	// like "1/8/18, 6:14 PM".
	ConnectionsFormatLegacy = "legacy"
)

// MaxConnectionsRecordBytes caps one CSV record (all its physical lines
// together). A real row is a few hundred bytes; a longer record means an
// unterminated quote or a file that is not an export, and ParseConnections
// stops with ErrConnectionsRecordTooLong instead of buffering the rest of the
// file.
const MaxConnectionsRecordBytes = 64 << 10

// MaxConnectionsBadLines is how many line numbers of skipped rows ConnectionsStats.BadLines keeps.
const MaxConnectionsBadLines = 10

// connHeaderWithin is how many lines may precede the header: the "Notes:"
// preamble is 3–5 lines.
const connHeaderWithin = 20

var (
	// ErrNotConnectionsExport means no Connections header (at least the
	// columns First Name, Last Name, Company, Position and Connected On) was
	// found in the first 20 lines, or the header lacks required columns.
	ErrNotConnectionsExport = errors.New("not a LinkedIn Connections export")
	// ErrConnectionsEncoding means the file is not UTF-8 text: invalid UTF-8
	// (a file saved as Latin-1/Windows-1252 by a spreadsheet program), a NUL
	// byte, a UTF-16 byte-order mark or a ZIP archive (the whole data
	// download, or an .xlsx).
	ErrConnectionsEncoding = errors.New("not UTF-8 text")
	// ErrConnectionsRecordTooLong means one record exceeds
	// MaxConnectionsRecordBytes, usually an unterminated quote.
	ErrConnectionsRecordTooLong = errors.New("record too long")
)

// ConnectionsError is the error ParseConnections returns for a file it
// cannot read: Line is the 1-based line of the file where the problem is
// (0 for an empty file). Err is one of ErrNotConnectionsExport,
// ErrConnectionsEncoding, ErrConnectionsRecordTooLong (test with errors.Is),
// the reader's error or the callback's error.
type ConnectionsError struct {
	Line   int
	Err    error
	Detail string // what was found or expected, for people; may be empty
}

// Error implements error.
func (e *ConnectionsError) Error() string {
	var b strings.Builder
	b.WriteString("linkedin connections: ")
	if e.Line > 0 {
		fmt.Fprintf(&b, "line %d: ", e.Line)
	}
	b.WriteString(e.Err.Error())
	if e.Detail != "" {
		b.WriteString(": ")
		b.WriteString(e.Detail)
	}
	return b.String()
}

// Unwrap returns Err.
func (e *ConnectionsError) Unwrap() error { return e.Err }

// Connection is one row of a Connections export: a person the exporting
// member is connected with. Strings are the cells as exported, trimmed of
// surrounding white space and otherwise unchanged (names are compared with
// merge.NormalizeName and companies with linkedin.NormalizeCompany later,
// not here).
// URL is empty in legacy exports. Email is the exported cell, empty for most
// people (they have not allowed connections to see their address); nothing
// fills it in. ConnectedOn is the date in UTC (LinkedIn writes no zone), the
// zero time when the cell is empty. Line is the 1-based line of the file on
// which the row starts.
type Connection struct {
	FirstName, LastName, URL, Email, Company, Position string
	ConnectedOn                                        time.Time
	Line                                               int
}

// ConnectionsStats counts what ParseConnections read. Rows is the number of data rows
// after the header (blank lines not counted); Rows = Imported +
// SkippedNoName + SkippedBad. Imported rows were passed to the callback.
// SkippedNoName rows have neither a first nor a last name (LinkedIn exports
// members who hide their name this way). SkippedBad rows could not be read
// safely: a cell count that does not fit the header, an unterminated quote at
// the end of the file, a date in no known layout, or a repeated header;
// BadLines holds the line numbers of the first MaxConnectionsBadLines of them. Format is
// ConnectionsFormatCurrent or ConnectionsFormatLegacy once the header has been read.
type ConnectionsStats struct {
	Rows, Imported, SkippedNoName, SkippedBad int
	BadLines                                  []int
	Format                                    string
}

func (s *ConnectionsStats) bad(line int) {
	s.SkippedBad++
	if len(s.BadLines) < MaxConnectionsBadLines {
		s.BadLines = append(s.BadLines, line)
	}
}

// ParseConnections reads a LinkedIn Connections export from r and calls fn
// for each person in it, in file order, as each row is read: the file is
// never held in memory (one record of at most MaxConnectionsRecordBytes is).
// A nil fn only validates and counts.
//
// Accepted: both layouts (see ConnectionsFormatCurrent, ConnectionsFormatLegacy); a preamble of up
// to 20 lines before the header (LinkedIn's "Notes:", quoted or not, over one
// or more lines); a UTF-8 byte-order mark; LF or CRLF line ends; RFC 4180
// quoting (commas, doubled quotes and line breaks inside quoted cells; a
// stray quote inside a cell is kept as text). The header is found by its
// column names, in any order and case, with unknown extra columns ignored;
// URL and Email Address are optional, the others required.
//
// Rows are skipped and counted in ConnectionsStats rather than stopping the import, so
// one odd row does not block a file: rows without a name, and bad rows (see
// ConnectionsStats). A cell count one above the header's is still read when the extra
// cells are empty, or when the last column is Connected On and an unquoted
// legacy date "1/8/18, 6:14 PM" was split at its comma.
//
// The whole file is rejected with a *ConnectionsError naming the line when
// it is not a Connections export (no header in the first 20 lines, or a
// header without the required columns), when it is not UTF-8 text (invalid
// UTF-8 anywhere — replacing bytes would corrupt names silently — a NUL
// byte, UTF-16, a ZIP archive), or when a record exceeds
// MaxConnectionsRecordBytes. An error from fn stops the parse and is
// returned wrapped, for errors.Is. Rows read before an error have already
// been passed to fn: a caller that must not apply half a file collects or
// stages them and commits only on a nil error. ConnectionsStats are returned as far as
// the parse got, also with an error.
func ParseConnections(r io.Reader, fn func(Connection) error) (ConnectionsStats, error) {
	p := connParser{rd: connReader{br: bufio.NewReaderSize(r, 64<<10)}}
	err := p.run(fn)
	return p.stats, err
}

// connColumn identifies a known header column.
type connColumn int

const (
	connFirst connColumn = iota
	connLast
	connURL
	connEmail
	connCompany
	connPosition
	connConnected
	connNumColumns
)

// connColumnNames maps a header cell (lower case, single spaces) to its column.
var connColumnNames = map[string]connColumn{
	"first name":     connFirst,
	"last name":      connLast,
	"url":            connURL,
	"profile url":    connURL,
	"email address":  connEmail,
	"e-mail address": connEmail,
	"email":          connEmail,
	"company":        connCompany,
	"position":       connPosition,
	"connected on":   connConnected,
}

var connColumnTitles = [connNumColumns]string{"First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"}

const connExpected = `expected a header "First Name,Last Name,URL,Email Address,Company,Position,Connected On" (or, in older exports, without URL)`

type connParser struct {
	rd     connReader
	stats  ConnectionsStats
	cols   [connNumColumns]int // cell index of each column, -1 when absent
	ncols  int                 // cells in the header
	header bool
}

func (p *connParser) run(fn func(Connection) error) error {
	if err := p.rd.start(); err != nil {
		return err
	}
	for {
		line, cells, err := p.rd.record()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		if cells == nil { // blank line
			continue
		}
		if !p.header {
			if line > connHeaderWithin {
				return &ConnectionsError{Line: line, Err: ErrNotConnectionsExport, Detail: fmt.Sprintf("no header in the first %d lines; %s", connHeaderWithin, connExpected)}
			}
			if err := p.readHeader(line, cells); err != nil {
				return err
			}
			continue
		}
		p.stats.Rows++
		c, ok := p.row(line, cells)
		if !ok {
			p.stats.bad(line)
			continue
		}
		if !connHasLetter(c.FirstName) && !connHasLetter(c.LastName) {
			p.stats.SkippedNoName++
			continue
		}
		if fn != nil {
			if err := fn(c); err != nil {
				return &ConnectionsError{Line: line, Err: err}
			}
		}
		p.stats.Imported++
	}
	if !p.header {
		if p.rd.line == 0 {
			return &ConnectionsError{Err: ErrNotConnectionsExport, Detail: "empty file"}
		}
		return &ConnectionsError{Line: p.rd.line, Err: ErrNotConnectionsExport, Detail: "no header found; " + connExpected}
	}
	return nil
}

// readHeader recognises a header: a record with cells "First Name" and
// "Last Name". Anything else before it is preamble.
func (p *connParser) readHeader(line int, cells []string) error {
	var cols [connNumColumns]int
	for i := range cols {
		cols[i] = -1
	}
	for i, cell := range cells {
		c, ok := connColumnNames[connHeaderCell(cell)]
		if !ok {
			continue
		}
		if cols[c] >= 0 {
			return &ConnectionsError{Line: line, Err: ErrNotConnectionsExport, Detail: fmt.Sprintf("column %q appears twice in the header", connColumnTitles[c])}
		}
		cols[c] = i
	}
	if cols[connFirst] < 0 || cols[connLast] < 0 {
		return nil // preamble
	}
	var missing []string
	for _, c := range []connColumn{connCompany, connPosition, connConnected} {
		if cols[c] < 0 {
			missing = append(missing, connColumnTitles[c])
		}
	}
	if len(missing) > 0 {
		return &ConnectionsError{Line: line, Err: ErrNotConnectionsExport, Detail: fmt.Sprintf("header lacks %s; %s", strings.Join(missing, ", "), connExpected)}
	}
	p.cols, p.ncols, p.header = cols, len(cells), true
	p.stats.Format = ConnectionsFormatLegacy
	if cols[connURL] >= 0 {
		p.stats.Format = ConnectionsFormatCurrent
	}
	return nil
}

func connHeaderCell(s string) string {
	return strings.ToLower(strings.Join(strings.Fields(s), " "))
}

// row maps a data record to a Connection; false for a bad row.
func (p *connParser) row(line int, cells []string) (Connection, bool) {
	if p.rd.unterminated {
		return Connection{}, false
	}
	date := ""
	switch {
	case len(cells) == p.ncols:
	case len(cells) > p.ncols && connBlank(cells[p.ncols:]):
	case len(cells) == p.ncols+1 && p.cols[connConnected] == p.ncols-1:
		// An unquoted "1/8/18, 6:14 PM" split in two.
		date = cells[p.ncols-1] + "," + cells[p.ncols]
		if _, ok := connParseDate(date); !ok || !strings.Contains(cells[p.ncols], ":") {
			return Connection{}, false
		}
	default:
		return Connection{}, false
	}
	get := func(c connColumn) string {
		if i := p.cols[c]; i >= 0 {
			return strings.TrimSpace(cells[i])
		}
		return ""
	}
	c := Connection{
		FirstName: get(connFirst),
		LastName:  get(connLast),
		URL:       get(connURL),
		Email:     get(connEmail),
		Company:   get(connCompany),
		Position:  get(connPosition),
		Line:      line,
	}
	if strings.EqualFold(c.FirstName, "first name") && strings.EqualFold(c.LastName, "last name") {
		return Connection{}, false // a second header: two exports pasted together
	}
	if date == "" {
		date = get(connConnected)
	}
	if date != "" {
		t, ok := connParseDate(date)
		if !ok {
			return Connection{}, false
		}
		c.ConnectedOn = t
	}
	return c, true
}

func connBlank(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

func connHasLetter(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) {
			return true
		}
	}
	return false
}

// connDateLayouts are tried in order. Current exports write "09 Oct 2024";
// legacy ones US month/day/two-digit year with an optional 12-hour time. A
// day above 12 in the first place is not reinterpreted as day/month: a date
// that fits no layout makes the row bad rather than a guess.
var connDateLayouts = []string{
	"2 Jan 2006",
	"1/2/06, 3:04 PM",
	"1/2/06 3:04 PM",
	"1/2/06",
	"1/2/2006, 3:04 PM",
	"1/2/2006 3:04 PM",
	"1/2/2006",
	"Jan 2, 2006",
	"2006-01-02",
}

func connParseDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	// Cells are valid UTF-8 (checkText), so fewer runes than bytes means
	// non-ASCII.
	if utf8.RuneCountInString(s) != len(s) || strings.Contains(s, "  ") {
		// macOS and ICU put a narrow no-break space before "PM".
		s = strings.Join(strings.FieldsFunc(s, func(r rune) bool {
			return unicode.IsSpace(r) || r == '\u202f'
		}), " ")
	}
	if strings.Contains(s, "am") || strings.Contains(s, "pm") {
		s = strings.ToUpper(s) // time.Parse reads month names in any case, but only "PM"
	}
	for _, layout := range connDateLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}

// connReader splits a byte stream into CSV records without ever buffering
// more than MaxConnectionsRecordBytes of it.
type connReader struct {
	br           *bufio.Reader
	line         int    // physical lines consumed
	long         []byte // a physical line longer than the bufio buffer
	rec          []byte // the current record's cell bytes, unquoted
	ends         []int  // end offset of each cell in rec
	cells        []string
	unterminated bool // the current record ended inside a quote at EOF
}

// start consumes a byte-order mark and rejects files that are recognisably
// not UTF-8 text.
func (r *connReader) start() error {
	head, _ := r.br.Peek(4)
	switch {
	case bytes.HasPrefix(head, []byte("\xef\xbb\xbf")):
		_, _ = r.br.Discard(3)
	case bytes.HasPrefix(head, []byte("\xff\xfe")), bytes.HasPrefix(head, []byte("\xfe\xff")):
		return &ConnectionsError{Line: 1, Err: ErrConnectionsEncoding, Detail: "the file is UTF-16; save it as CSV UTF-8 or upload LinkedIn's original Connections.csv"}
	case bytes.HasPrefix(head, []byte("PK\x03\x04")):
		return &ConnectionsError{Line: 1, Err: ErrConnectionsEncoding, Detail: "the file is a ZIP archive (LinkedIn's data download or an .xlsx); upload the Connections.csv inside it"}
	}
	return nil
}

// readLine returns the next physical line with its end normalised to "\n"
// (absent on a last line without one), or io.EOF.
func (r *connReader) readLine() ([]byte, error) {
	line, err := r.br.ReadSlice('\n')
	if err == bufio.ErrBufferFull {
		r.long = append(r.long[:0], line...)
		for err == bufio.ErrBufferFull {
			if len(r.long) > MaxConnectionsRecordBytes {
				return nil, &ConnectionsError{Line: r.line + 1, Err: ErrConnectionsRecordTooLong, Detail: fmt.Sprintf("line longer than %d bytes", MaxConnectionsRecordBytes)}
			}
			line, err = r.br.ReadSlice('\n')
			r.long = append(r.long, line...)
		}
		line = r.long
	}
	if err != nil && err != io.EOF {
		return nil, &ConnectionsError{Line: r.line + 1, Err: fmt.Errorf("read: %w", err)}
	}
	if len(line) == 0 {
		return nil, io.EOF
	}
	r.line++
	if err := r.checkText(line); err != nil {
		return nil, err
	}
	if n := len(line); n >= 2 && line[n-2] == '\r' && line[n-1] == '\n' {
		line[n-2] = '\n'
		line = line[:n-1]
	} else if err == io.EOF && line[n-1] == '\r' {
		line = line[:n-1] // as encoding/csv: a final CR before EOF is a line end
	}
	return line, nil
}

// record returns the next record's first line and cells; cells is nil for a
// blank line. The cells share one string and stay valid after the next call.
func (r *connReader) record() (int, []string, error) {
	line, err := r.readLine()
	if err != nil {
		return 0, nil, err
	}
	start := r.line
	if len(line) == 0 || (len(line) == 1 && line[0] == '\n') {
		return start, nil, nil
	}
	r.rec, r.ends, r.unterminated = r.rec[:0], r.ends[:0], false
cells:
	for {
		if len(line) == 0 || line[0] != '"' {
			i := bytes.IndexByte(line, ',')
			cell := line
			if i >= 0 {
				cell = line[:i]
			} else if n := len(cell); n > 0 && cell[n-1] == '\n' {
				cell = cell[:n-1]
			}
			r.rec = append(r.rec, cell...)
			r.ends = append(r.ends, len(r.rec))
			if i < 0 {
				break cells
			}
			line = line[i+1:]
			continue
		}
		line = line[1:]
		for {
			i := bytes.IndexByte(line, '"')
			if i < 0 {
				r.rec = append(r.rec, line...)
				if len(r.rec) > MaxConnectionsRecordBytes {
					return 0, nil, &ConnectionsError{Line: start, Err: ErrConnectionsRecordTooLong, Detail: fmt.Sprintf("record longer than %d bytes; a quote opened on this line is never closed", MaxConnectionsRecordBytes)}
				}
				line, err = r.readLine()
				if err == io.EOF {
					r.unterminated = true
					r.ends = append(r.ends, len(r.rec))
					break cells
				}
				if err != nil {
					return 0, nil, err
				}
				continue
			}
			r.rec = append(r.rec, line[:i]...)
			line = line[i+1:]
			switch {
			case len(line) > 0 && line[0] == '"': // "" is a quote
				r.rec = append(r.rec, '"')
				line = line[1:]
			case len(line) > 0 && line[0] == ',':
				r.ends = append(r.ends, len(r.rec))
				line = line[1:]
				continue cells
			case len(line) == 0 || (len(line) == 1 && line[0] == '\n'):
				r.ends = append(r.ends, len(r.rec))
				break cells
			default: // a stray quote inside a quoted cell is text
				r.rec = append(r.rec, '"')
			}
		}
	}
	s := string(r.rec)
	r.cells = r.cells[:0]
	from := 0
	for _, end := range r.ends {
		r.cells = append(r.cells, s[from:end])
		from = end
	}
	return start, r.cells, nil
}

// checkText rejects a line that is not UTF-8 text, naming the column.
// Lines are checked as read, before quotes and commas are removed: two
// invalid halves in adjacent cells must not join into a valid character.
func (r *connReader) checkText(line []byte) error {
	if i := bytes.IndexByte(line, 0); i >= 0 {
		return &ConnectionsError{Line: r.line, Err: ErrConnectionsEncoding, Detail: fmt.Sprintf("NUL byte at character %d (a binary or UTF-16 file?)", utf8.RuneCount(line[:i])+1)}
	}
	if utf8.Valid(line) {
		return nil
	}
	i := 0
	for {
		c, size := utf8.DecodeRune(line[i:])
		if c == utf8.RuneError && size == 1 {
			break
		}
		i += size
	}
	return &ConnectionsError{Line: r.line, Err: ErrConnectionsEncoding, Detail: fmt.Sprintf("invalid UTF-8 byte 0x%02x at character %d (a file saved as Latin-1/Windows-1252? export it as CSV UTF-8)", line[i], utf8.RuneCount(line[:i])+1)}
}
