package csv

import (
	"bufio"
	"bytes"
	stdcsv "encoding/csv"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func connDay(y int, m time.Month, d, hh, mm int) time.Time {
	return time.Date(y, m, d, hh, mm, 0, 0, time.UTC)
}

// connCollect parses r and returns every Connection passed to the callback.
func connCollect(r io.Reader) ([]Connection, ConnectionsStats, error) {
	var got []Connection
	st, err := ParseConnections(r, func(c Connection) error {
		got = append(got, c)
		return nil
	})
	return got, st, err
}

func TestParseConnectionsFiles(t *testing.T) {
	t.Parallel()
	anna := Connection{FirstName: "Anna", LastName: "Müller", URL: "https://www.linkedin.com/in/anna-mueller-1a2b3c",
		Company: "Siemens AG", Position: "Head of Procurement", ConnectedOn: connDay(2024, time.October, 9, 0, 0)}
	at := func(c Connection, line int) Connection { c.Line = line; return c }
	tests := []struct {
		file      string
		want      []Connection // nil: not compared
		stats     ConnectionsStats
		err       error // errors.Is target; nil for success
		errLine   int
		errDetail string // substring of the message
	}{
		{file: "current.csv", stats: ConnectionsStats{Rows: 3, Imported: 3, Format: ConnectionsFormatCurrent}, want: []Connection{
			at(anna, 5),
			{FirstName: "José", LastName: "García", URL: "https://www.linkedin.com/in/jgarcia", Email: "jose.garcia@example.com",
				Company: "Telefónica S.A.", Position: "CIO", ConnectedOn: connDay(2023, time.February, 1, 0, 0), Line: 6},
			{FirstName: "Wei", LastName: "Zhang", URL: "https://www.linkedin.com/in/wzhang", Company: "Bayer AG",
				Position: "Director, Digital Health", ConnectedOn: connDay(2019, time.March, 15, 0, 0), Line: 7},
		}},
		{file: "notes_multiline.csv", stats: ConnectionsStats{Rows: 1, Imported: 1, Format: ConnectionsFormatCurrent}, want: []Connection{at(anna, 7)}},
		{file: "notes_unquoted.csv", stats: ConnectionsStats{Rows: 1, Imported: 1, Format: ConnectionsFormatCurrent}, want: []Connection{at(anna, 5)}},
		{file: "reordered.csv", stats: ConnectionsStats{Rows: 1, Imported: 1, Format: ConnectionsFormatCurrent}, want: []Connection{at(anna, 2)}},
		{file: "bom_crlf.csv", stats: ConnectionsStats{Rows: 2, Imported: 2, Format: ConnectionsFormatCurrent}, want: []Connection{
			at(anna, 5),
			{FirstName: "José", LastName: "García", URL: "https://www.linkedin.com/in/jgarcia", Company: "Telefónica, S.A.",
				Position: "CTO\nBoard member", ConnectedOn: connDay(2023, time.February, 1, 0, 0), Line: 6},
		}},
		{file: "legacy.csv", stats: ConnectionsStats{Rows: 3, Imported: 3, Format: ConnectionsFormatLegacy}, want: []Connection{
			{FirstName: "Thomas", LastName: "Huber", Email: "thomas.huber@example.at", Company: "voestalpine AG",
				Position: "Leiter Einkauf", ConnectedOn: connDay(2018, time.January, 8, 18, 14), Line: 2},
			{FirstName: "Sabine", LastName: "Berger", Company: "Red Bull GmbH", Position: "Marketing Manager",
				ConnectedOn: connDay(2017, time.December, 24, 9, 2), Line: 3},
			{FirstName: "Li", LastName: "Na", Company: "Erste Group Bank AG", Position: "CFO, Retail",
				ConnectedOn: connDay(2016, time.March, 5, 0, 0), Line: 4},
		}},
		{file: "legacy_unquoted_date.csv", stats: ConnectionsStats{Rows: 3, Imported: 1, SkippedBad: 2, BadLines: []int{3, 4}, Format: ConnectionsFormatLegacy}, want: []Connection{
			{FirstName: "Thomas", LastName: "Huber", Company: "voestalpine AG", Position: "Leiter Einkauf",
				ConnectedOn: connDay(2018, time.January, 8, 18, 14), Line: 2},
		}},
		{file: "quoted.csv", stats: ConnectionsStats{Rows: 4, Imported: 4, Format: ConnectionsFormatCurrent}, want: []Connection{
			{FirstName: "Anna", LastName: "Müller", URL: "https://www.linkedin.com/in/a", Company: "Müller, Meier & Co. KG",
				Position: `Head of "Strategic" Sourcing, DACH`, ConnectedOn: connDay(2024, time.October, 9, 0, 0), Line: 2},
			{FirstName: "Bernd", LastName: "Ober", URL: "https://www.linkedin.com/in/b", Company: "ACME Inc.",
				Position: "VP Sales\nEMEA, APAC", ConnectedOn: connDay(2024, time.October, 10, 0, 0), Line: 3},
			{FirstName: "Carla", LastName: "Dietz", Line: 5},
			{FirstName: "O'Brien", LastName: `Seán "Jack"`, URL: "https://www.linkedin.com/in/c", Company: "Kerry Group plc",
				Position: "Chief Executive", ConnectedOn: connDay(2024, time.October, 11, 0, 0), Line: 6},
		}},
		{file: "noname.csv", stats: ConnectionsStats{Rows: 6, Imported: 2, SkippedNoName: 4, Format: ConnectionsFormatCurrent}, want: []Connection{
			{FirstName: "Anna", URL: "https://www.linkedin.com/in/anna", ConnectedOn: connDay(2024, time.October, 9, 0, 0), Line: 8},
			{LastName: "Huber", URL: "https://www.linkedin.com/in/huber", ConnectedOn: connDay(2024, time.October, 9, 0, 0), Line: 9},
		}},
		{file: "ragged.csv", stats: ConnectionsStats{Rows: 9, Imported: 3, SkippedBad: 6, BadLines: []int{3, 5, 6, 7, 9, 10}, Format: ConnectionsFormatCurrent}, want: []Connection{
			{FirstName: "Anna", LastName: "Huber", URL: "https://www.linkedin.com/in/a", Company: "Siemens AG", Position: "CEO",
				ConnectedOn: connDay(2024, time.October, 9, 0, 0), Line: 2},
			{FirstName: "Carla", LastName: "Dietz", URL: "https://www.linkedin.com/in/c", Company: "Siemens AG", Position: "CFO",
				ConnectedOn: connDay(2024, time.October, 9, 0, 0), Line: 4},
			{FirstName: "Franz", LastName: "Gruber", URL: "https://www.linkedin.com/in/f", Company: "Siemens AG", Position: "CDO", Line: 8},
		}},
		{file: "missing_header.csv", err: ErrNotConnectionsExport, errLine: 4, errDetail: "header lacks Connected On"},
		{file: "not_connections.csv", err: ErrNotConnectionsExport, errLine: 21, errDetail: "no header in the first 20 lines"},
		{file: "not_csv.txt", err: ErrNotConnectionsExport, errLine: 2, errDetail: "no header found"},
		{file: "bad_utf8.csv", err: ErrConnectionsEncoding, errLine: 6, errDetail: "invalid UTF-8 byte 0xfc"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			t.Parallel()
			f, err := os.Open(filepath.Join("testdata", "connections", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			got, st, err := connCollect(f)
			if tt.err != nil {
				var ce *ConnectionsError
				if !errors.Is(err, tt.err) || !errors.As(err, &ce) || ce.Line != tt.errLine || !strings.Contains(err.Error(), tt.errDetail) {
					t.Fatalf("err = %v; want %v at line %d containing %q", err, tt.err, tt.errLine, tt.errDetail)
				}
				t.Logf("error as reported: %v", err)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(st, tt.stats) {
				t.Errorf("stats = %+v; want %+v", st, tt.stats)
			}
			if tt.want != nil && !reflect.DeepEqual(got, tt.want) {
				t.Errorf("connections:\n got %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestParseConnectionsInputs(t *testing.T) {
	t.Parallel()
	const hdr = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
	tests := []struct {
		name    string
		in      string
		stats   ConnectionsStats
		err     error
		errLine int
	}{
		{name: "empty", in: "", err: ErrNotConnectionsExport, errLine: 0},
		{name: "header only", in: hdr, stats: ConnectionsStats{Format: ConnectionsFormatCurrent}},
		{name: "bom only", in: "\ufeff", err: ErrNotConnectionsExport},
		{name: "no final newline", in: hdr + "A,B,,,C,D,09 Oct 2024", stats: ConnectionsStats{Rows: 1, Imported: 1, Format: ConnectionsFormatCurrent}},
		{name: "final CR", in: hdr + "A,B,,,C,D,09 Oct 2024\r", stats: ConnectionsStats{Rows: 1, Imported: 1, Format: ConnectionsFormatCurrent}},
		{name: "blank lines", in: "\n\r\n" + hdr + "\n\nA,B,,,C,D,09 Oct 2024\n\n", stats: ConnectionsStats{Rows: 1, Imported: 1, Format: ConnectionsFormatCurrent}},
		{name: "no url column", in: "First Name,Last Name,Company,Position,Connected On\nA,B,C,D,1/2/19\n", stats: ConnectionsStats{Rows: 1, Imported: 1, Format: ConnectionsFormatLegacy}},
		{name: "duplicate column", in: "First Name,Last Name,Company,Company,Position,Connected On\n", err: ErrNotConnectionsExport, errLine: 1},
		{name: "utf16", in: "\xff\xfeF\x00i\x00", err: ErrConnectionsEncoding, errLine: 1},
		{name: "zip", in: "PK\x03\x04\x14\x00\x00\x00", err: ErrConnectionsEncoding, errLine: 1},
		{name: "nul", in: hdr + "A,B\x00,,,C,D,09 Oct 2024\n", err: ErrConnectionsEncoding, errLine: 2},
		{name: "bad utf8 inside quoted newline", in: hdr + "A,B,,,C,\"x\ny\nz\xc3(\",09 Oct 2024\n", err: ErrConnectionsEncoding, errLine: 4},
		{name: "many bad rows", in: hdr + strings.Repeat("A,B\n", 12) + "A,B,,,C,D,09 Oct 2024\n",
			stats: ConnectionsStats{Rows: 13, Imported: 1, SkippedBad: 12, BadLines: []int{2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, Format: ConnectionsFormatCurrent}},
		{name: "narrow no-break space before PM", in: "First Name,Last Name,Email Address,Company,Position,Connected On\nA,B,,C,D,\"1/8/18, 6:14\u202fPM\"\n",
			stats: ConnectionsStats{Rows: 1, Imported: 1, Format: ConnectionsFormatLegacy}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, st, err := connCollect(strings.NewReader(tt.in))
			if tt.err != nil {
				var ce *ConnectionsError
				if !errors.Is(err, tt.err) || !errors.As(err, &ce) || (tt.errLine != 0 && ce.Line != tt.errLine) {
					t.Fatalf("err = %v; want %v at line %d", err, tt.err, tt.errLine)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(st, tt.stats) {
				t.Errorf("stats = %+v; want %+v", st, tt.stats)
			}
		})
	}
}

func TestParseConnectionsCallbackError(t *testing.T) {
	t.Parallel()
	stop := errors.New("stop")
	in := "First Name,Last Name,Company,Position,Connected On\nA,B,C,D,\nE,F,G,H,\n"
	n := 0
	st, err := ParseConnections(strings.NewReader(in), func(Connection) error { n++; return stop })
	var ce *ConnectionsError
	if !errors.Is(err, stop) || !errors.As(err, &ce) || ce.Line != 2 || n != 1 || st.Imported != 0 || st.Rows != 1 {
		t.Fatalf("err = %v, calls = %d, stats = %+v", err, n, st)
	}
	// A nil callback validates and counts.
	st, err = ParseConnections(strings.NewReader(in), nil)
	if err != nil || st.Imported != 2 {
		t.Fatalf("nil fn: %+v, %v", st, err)
	}
}

// connCountingReader counts the bytes handed to the parser.
type connCountingReader struct {
	r io.Reader
	n int64
}

func (c *connCountingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// connQuote writes a cell as LinkedIn would: quoted when it must be.
func connQuote(s string) string {
	if strings.ContainsAny(s, ",\"\r\n") {
		return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
	}
	return s
}

// connHostile writes a Connections export of at least size bytes to w that
// uses everything the format allows and a share of rows the parser must
// skip, and returns what the parser must deliver.
func connHostile(w io.Writer, size int, seed uint64) (want []Connection, st ConnectionsStats, err error) {
	rnd := rand.New(rand.NewPCG(seed, seed))
	names := []string{"Anna", "Jürgen", "José", "Zoë", "李", "明", "O'Brien", `Seán "Jack"`, "Ólafur", "Ça,va", "Ünal", "Андрей", "محمد", "😀 Emoji"}
	companies := []string{"Siemens AG", "Müller, Meier & Co. KG", "ACME, Inc.", `"Quoted" GmbH`, "Telefónica S.A.", "", "Ørsted A/S"}
	months := []string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}
	var b bytes.Buffer
	line := 1
	eol := "\n"
	emit := func(s string) {
		b.WriteString(s)
		line += strings.Count(s, "\n")
	}
	emit("\ufeffNotes:\n\"When exporting your connection data, you may notice that\nsome of the email addresses are \"\"missing\"\".\"\n\n")
	emit("First Name,Last Name,URL,Email Address,Company,Position,Connected On\n")
	st.Format = ConnectionsFormatCurrent
	written := 0
	for written < size {
		if rnd.IntN(2) == 0 {
			eol = "\r\n"
		} else {
			eol = "\n"
		}
		start := line
		kind := rnd.IntN(100)
		switch {
		case kind < 3: // blank line
			emit(eol)
		case kind < 8: // no name
			st.Rows++
			st.SkippedNoName++
			emit(",,https://www.linkedin.com/in/x,,Siemens AG,CEO,09 Oct 2024" + eol)
		case kind < 12: // ragged
			st.Rows++
			st.bad(start)
			emit("Anna,Huber,https://www.linkedin.com/in/x,,Siemens AG" + eol)
		case kind < 14: // impossible date
			st.Rows++
			st.bad(start)
			emit("Anna,Huber,,,Siemens AG,CEO,32 Oct 2024" + eol)
		default:
			st.Rows++
			st.Imported++
			pos := "Head of " + strconv.Itoa(rnd.IntN(1000))
			switch rnd.IntN(10) {
			case 0:
				pos = strings.Repeat("Very, \"long\" title\n", 100+rnd.IntN(300))
				pos = strings.TrimSpace(pos)
			case 1:
				pos = "VP Sales,\nEMEA \"North\""
			}
			day, mon, year := 1+rnd.IntN(28), rnd.IntN(12), 2005+rnd.IntN(20)
			c := Connection{
				FirstName:   names[rnd.IntN(len(names))],
				LastName:    names[rnd.IntN(len(names))],
				URL:         "https://www.linkedin.com/in/p-" + strconv.Itoa(rnd.IntN(1e9)),
				Company:     companies[rnd.IntN(len(companies))],
				Position:    pos,
				ConnectedOn: time.Date(year, time.Month(mon+1), day, 0, 0, 0, 0, time.UTC),
				Line:        start,
			}
			if rnd.IntN(20) == 0 {
				c.Email = "p" + strconv.Itoa(rnd.IntN(1000)) + "@example.com"
			}
			want = append(want, c)
			cells := []string{c.FirstName, c.LastName, c.URL, c.Email, c.Company, c.Position,
				fmt.Sprintf("%02d %s %d", day, months[mon], year)}
			for i, cell := range cells {
				cell = connQuote(cell)
				if eol == "\r\n" {
					cell = strings.ReplaceAll(cell, "\n", "\r\n") // read back as "\n"
				}
				if i > 0 {
					b.WriteByte(',')
				}
				emit(cell)
			}
			if rnd.IntN(10) == 0 {
				emit(",,") // empty extra cells are accepted
			}
			emit(eol)
		}
		written = b.Len()
		if b.Len() > 1<<20 {
			if _, err := w.Write(b.Bytes()); err != nil {
				return nil, st, err
			}
			b.Reset()
			size -= written
			written = 0
		}
	}
	_, err = w.Write(b.Bytes())
	return want, st, err
}

func TestParseConnectionsHostile10MB(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "Connections.csv")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	want, wantStats, err := connHostile(f, 10<<20, 42)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(path); fi.Size() < 10<<20 {
		t.Fatalf("generated %d bytes", fi.Size())
	}
	f, err = os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	i := 0
	st, err := ParseConnections(f, func(c Connection) error {
		if i >= len(want) || !reflect.DeepEqual(c, want[i]) {
			return fmt.Errorf("connection %d: got %+v", i, c)
		}
		i++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(st, wantStats) || i != len(want) {
		t.Fatalf("stats = %+v; want %+v", st, wantStats)
	}
	t.Logf("%d rows: %+v", st.Rows, st)
}

// TestParseConnectionsHostileStopsEarly feeds 10 MB inputs that must be
// rejected and checks that the parser gives up after reading a bounded
// prefix, not the whole input.
func TestParseConnectionsHostileStopsEarly(t *testing.T) {
	t.Parallel()
	const size = 10 << 20
	const hdr = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
	rows := strings.Repeat("Anna,Huber,,,Siemens AG,CEO,09 Oct 2024\n", size/40)
	random := make([]byte, size)
	rnd := rand.New(rand.NewPCG(1, 2))
	for i := range random {
		random[i] = byte(rnd.Uint32())
	}
	tests := []struct {
		name string
		in   string
		err  error
		line int
	}{
		{"one line without break", strings.Repeat("a", size), ErrConnectionsRecordTooLong, 1},
		{"unterminated quote", hdr + "Anna,Huber,,,Siemens AG,\"CEO,09 Oct 2024\n" + rows, ErrConnectionsRecordTooLong, 2},
		{"unterminated quote in preamble", "Notes:\n\"never closed\n" + rows, ErrConnectionsRecordTooLong, 2},
		{"no header", rows, ErrNotConnectionsExport, 21},
		{"random bytes", string(random), ErrConnectionsEncoding, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			cr := &connCountingReader{r: strings.NewReader(tt.in)}
			_, err := ParseConnections(cr, nil)
			var ce *ConnectionsError
			if !errors.Is(err, tt.err) || !errors.As(err, &ce) || ce.Line != tt.line {
				t.Fatalf("err = %v; want %v at line %d", err, tt.err, tt.line)
			}
			if cr.n > 4*MaxConnectionsRecordBytes {
				t.Errorf("read %d bytes before giving up", cr.n)
			}
		})
	}
}

// connGenerator is an io.Reader producing a Connections export of n rows on
// the fly, so a benchmark never holds the file.
type connGenerator struct {
	n, i int
	buf  []byte
	off  int
}

var (
	connGenFirst     = []string{"Anna", "Jürgen", "José", "Wei", "Sabine", "Thomas", "Ólafur", "Zoë"}
	connGenLast      = []string{"Müller", "Huber", "García", "Zhang", "O'Brien", "Gruber", "Berger", "Nowak"}
	connGenCompany   = []string{"Siemens AG", "\"Müller, Meier & Co. KG\"", "Bayer AG", "Red Bull GmbH", "ACME Inc.", ""}
	connGenPosition  = []string{"Head of Procurement", "\"Director, Digital Health\"", "CEO", "Leiter Einkauf", "\"VP Sales\nEMEA\""}
	connGenMonth     = []string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}
	connGenPreamble  = "Notes:\n\"When exporting your connection data, you may notice that some of the email addresses are missing.\"\n\n"
	connGenHeaderRow = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
)

func (g *connGenerator) Read(p []byte) (int, error) {
	for g.off >= len(g.buf) {
		if g.i > g.n {
			return 0, io.EOF
		}
		g.buf, g.off = g.buf[:0], 0
		if g.i == 0 {
			g.buf = append(g.buf, connGenPreamble+connGenHeaderRow...)
		}
		// Batches of rows per refill keep the generator cheap next to the parser.
		for k := 0; k < 64 && g.i < g.n; k++ {
			g.i++
			i := g.i
			b := g.buf
			b = append(b, connGenFirst[i%8]...)
			b = append(b, ',')
			b = append(b, connGenLast[(i/8)%8]...)
			b = append(b, ",https://www.linkedin.com/in/member-"...)
			b = strconv.AppendInt(b, int64(i), 10)
			b = append(b, ",,"...)
			b = append(b, connGenCompany[i%6]...)
			b = append(b, ',')
			b = append(b, connGenPosition[i%5]...)
			b = append(b, ',')
			if d := 1 + i%28; d < 10 {
				b = append(b, '0')
				b = strconv.AppendInt(b, int64(d), 10)
			} else {
				b = strconv.AppendInt(b, int64(d), 10)
			}
			b = append(b, ' ')
			b = append(b, connGenMonth[i%12]...)
			b = append(b, ' ')
			b = strconv.AppendInt(b, int64(2005+i%20), 10)
			b = append(b, '\n')
			g.buf = b
		}
		if g.i == g.n {
			g.i++ // the next refill reports EOF
		}
	}
	n := copy(p, g.buf[g.off:])
	g.off += n
	return n, nil
}

// connHeapWatch samples the live heap while a parse runs.
type connHeapWatch struct {
	base, peak uint64
}

func connNewHeapWatch() *connHeapWatch {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return &connHeapWatch{base: ms.HeapAlloc, peak: ms.HeapAlloc}
}

func (w *connHeapWatch) sample() {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	w.peak = max(w.peak, ms.HeapAlloc)
}

// growthMB is the largest heap above the baseline seen, in MB.
func (w *connHeapWatch) growthMB() float64 { return float64(w.peak-w.base) / (1 << 20) }

// TestParseConnectionsConstantMemory streams 200,000 rows (about 25 MB) and
// checks that the heap never grows by more than 20 MB: rows are not
// retained. Not parallel, so other tests do not disturb the heap.
func TestParseConnectionsConstantMemory(t *testing.T) {
	const rows = 200_000
	w := connNewHeapWatch()
	var bytesIn int
	st, err := ParseConnections(&connGenerator{n: rows}, func(c Connection) error {
		bytesIn += len(c.FirstName) + len(c.LastName) + len(c.URL) + len(c.Company) + len(c.Position)
		if c.Line%5000 == 0 {
			w.sample()
		}
		return nil
	})
	w.sample()
	if err != nil {
		t.Fatal(err)
	}
	if st.Imported != rows || st.Rows != rows {
		t.Fatalf("stats = %+v", st)
	}
	t.Logf("%d rows, %d MB of cells, heap growth %.1f MB", rows, bytesIn>>20, w.growthMB())
	if g := w.growthMB(); g >= 20 {
		t.Errorf("heap grew by %.1f MB while streaming %d rows; want < 20 MB", g, rows)
	}
}

// BenchmarkParseConnections1M parses a 1,000,000-row export generated on the
// fly and reports rows/s and the peak heap growth in MB.
func BenchmarkParseConnections1M(b *testing.B) {
	const rows = 1_000_000
	b.ReportAllocs()
	var peak float64
	var total time.Duration
	for b.Loop() {
		w := connNewHeapWatch()
		n := 0
		start := time.Now()
		st, err := ParseConnections(&connGenerator{n: rows}, func(c Connection) error {
			n++
			if n%100_000 == 0 {
				w.sample()
			}
			return nil
		})
		total += time.Since(start)
		if err != nil || st.Imported != rows {
			b.Fatalf("stats = %+v, err = %v", st, err)
		}
		peak = max(peak, w.growthMB())
	}
	b.ReportMetric(float64(rows)*float64(b.N)/total.Seconds(), "rows/s")
	b.ReportMetric(peak, "peak-heap-MB")
}

func FuzzParseConnections(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "connections", "*"))
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte("First Name,Last Name,Company,Position,Connected On\n\"a\"\"b\",\"c\nd\",e,\"f\"x,1/2/03\r\n"))
	// Found by fuzzing: invalid halves of a character in adjacent cells.
	f.Add([]byte("First NAme,LAst NAme,CompAnY,Position,ConneCted On\n\u00e9\xc3,\xad,,,"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 1<<20 {
			t.Skip()
		}
		lines := bytes.Count(data, []byte{'\n'}) + 1
		last := 0
		st, err := ParseConnections(bytes.NewReader(data), func(c Connection) error {
			if c.Line <= last || c.Line > lines {
				t.Fatalf("line %d after %d (file has %d)", c.Line, last, lines)
			}
			last = c.Line
			for _, s := range []string{c.FirstName, c.LastName, c.URL, c.Email, c.Company, c.Position} {
				if !utf8.ValidString(s) || len(s) > MaxConnectionsRecordBytes || s != strings.TrimSpace(s) {
					t.Fatalf("cell %q", s)
				}
			}
			if !connHasLetter(c.FirstName + c.LastName) {
				t.Fatalf("nameless connection %+v", c)
			}
			return nil
		})
		if err == nil && st.Rows != st.Imported+st.SkippedNoName+st.SkippedBad {
			t.Fatalf("stats do not add up: %+v", st)
		}
		if len(st.BadLines) > MaxConnectionsBadLines || len(st.BadLines) > st.SkippedBad {
			t.Fatalf("bad lines %v for %d bad rows", st.BadLines, st.SkippedBad)
		}
		var ce *ConnectionsError
		if err != nil && !errors.As(err, &ce) {
			t.Fatalf("error of type %T: %v", err, err)
		}
		connDiffCSV(t, data)
	})
}

// connDiffCSV checks the record splitter against encoding/csv on input both
// accept as strict RFC 4180 UTF-8 text.
func connDiffCSV(t *testing.T, data []byte) {
	if !utf8.Valid(data) || bytes.IndexByte(data, 0) >= 0 || bytes.HasPrefix(data, []byte("\ufeff")) ||
		bytes.HasPrefix(data, []byte("PK\x03\x04")) {
		return
	}
	cr := stdcsv.NewReader(bytes.NewReader(data))
	cr.FieldsPerRecord = -1
	want, err := cr.ReadAll()
	if err != nil {
		return
	}
	r := connReader{br: bufio.NewReaderSize(bytes.NewReader(data), 64<<10)}
	var got [][]string
	for {
		_, cells, err := r.record()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("encoding/csv reads %q, connReader fails: %v", data, err)
		}
		if cells != nil {
			got = append(got, slices.Clone(cells))
		}
	}
	if len(got) == 0 && len(want) == 0 {
		return
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("input %q:\n got %q\nwant %q", data, got, want)
	}
}
