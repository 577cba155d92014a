package press

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func readFixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func mustParse(t *testing.T, name string) Feed {
	t.Helper()
	f, err := ParseFeed(readFixture(t, name))
	if err != nil {
		t.Fatalf("ParseFeed(%s): %v", name, err)
	}
	return f
}

func TestParseFeedRSS2(t *testing.T) {
	t.Parallel()
	f := mustParse(t, "rss2.xml")
	if f.Kind != KindRSS || f.Title != "Pharma Fachpresse" || f.Link != "https://fachpresse.example/" ||
		f.Description != "Nachrichten aus der Pharmaindustrie" || f.Truncated {
		t.Errorf("channel = %+v", f)
	}
	if len(f.Items) != 4 {
		t.Fatalf("got %d items, want 4", len(f.Items))
	}
	it := f.Items[0]
	if it.Title != "Alpenpharma investiert in Kufstein" ||
		it.Link != "https://fachpresse.example/2024/alpenpharma-kufstein" || it.ID != "fp-1001" {
		t.Errorf("item 0 = %+v", it)
	}
	if want := time.Date(2024, 3, 5, 8, 30, 0, 0, time.UTC); !it.Published.Equal(want) {
		t.Errorf("item 0 published %v, want %v", it.Published, want)
	}
	if it.Summary != "Die Alpenpharma GmbH baut ihr Werk aus.\n\nMehr dazu…" {
		t.Errorf("item 0 summary %q", it.Summary)
	}
	if strings.Contains(it.Content, "track()") || !strings.Contains(it.Content, "sagte Dr. Anna Huber, Leiterin Einkauf bei Alpenpharma.") {
		t.Errorf("item 0 content %q", it.Content)
	}
	if it.Text() != it.Content {
		t.Errorf("Text() should prefer the longer content")
	}
	it = f.Items[1]
	if it.Title != "Bayer & Co: Neue Einkaufsstrategie" {
		t.Errorf("item 1 title %q (escaped HTML must be stripped)", it.Title)
	}
	if it.Link != "https://fachpresse.example/2024/bayer-einkauf" {
		t.Errorf("item 1 relative link resolved to %q", it.Link)
	}
	if want := time.Date(2024, 3, 6, 14, 5, 0, 0, time.UTC); !it.Published.Equal(want) {
		t.Errorf("item 1 published %v, want %v", it.Published, want)
	}
	it = f.Items[2]
	if it.Link != "https://fachpresse.example/2024/permalink" {
		t.Errorf("item 2 link from permalink guid = %q", it.Link)
	}
	if want := time.Date(2024, 3, 7, 13, 0, 0, 0, time.UTC); !it.Published.Equal(want) {
		t.Errorf("item 2 published (EST) %v, want %v", it.Published, want)
	}
	if !f.Items[3].Published.IsZero() {
		t.Errorf("unparseable date should be zero, got %v", f.Items[3].Published)
	}
}

func TestParseFeedRDF(t *testing.T) {
	t.Parallel()
	f := mustParse(t, "rss1.rdf")
	if f.Kind != KindRDF || f.Title != "Industrie News" || f.Link != "https://news.example/" || len(f.Items) != 2 {
		t.Fatalf("feed = %+v", f)
	}
	it := f.Items[0]
	if it.ID != "https://news.example/a1" || it.Link != "https://news.example/a1" || it.Title != "Siemens eröffnet Werk" {
		t.Errorf("item = %+v", it)
	}
	if want := time.Date(2024, 3, 5, 9, 15, 0, 0, time.UTC); !it.Published.Equal(want) {
		t.Errorf("published %v, want %v", it.Published, want)
	}
	if want := time.Date(2024, 3, 6, 0, 0, 0, 0, time.UTC); !f.Items[1].Published.Equal(want) {
		t.Errorf("date-only published %v", f.Items[1].Published)
	}
}

func TestParseFeedAtom(t *testing.T) {
	t.Parallel()
	f := mustParse(t, "atom.xml")
	if f.Kind != KindAtom || f.Title != "Acme Newsroom" || f.Link != "https://press.example/" || f.Description != "News & views" {
		t.Errorf("feed = %+v", f)
	}
	if len(f.Items) != 3 {
		t.Fatalf("got %d entries", len(f.Items))
	}
	e := f.Items[0]
	if e.Title != "Acme appoints new sourcing chief" {
		t.Errorf("title %q", e.Title)
	}
	if e.Link != "https://press.example/news/2024/03/sourcing-chief" {
		t.Errorf("link %q: want rel=alternate resolved against xml:base", e.Link)
	}
	if want := time.Date(2024, 3, 7, 14, 0, 0, 0, time.UTC); !e.Published.Equal(want) {
		t.Errorf("published %v", e.Published)
	}
	if want := time.Date(2024, 3, 7, 15, 0, 0, 123e6, time.UTC); !e.Updated.Equal(want) {
		t.Errorf("updated %v", e.Updated)
	}
	if e.Content != "Acme Inc. has appointed Sarah Connor as Vice President of Global Sourcing.\n\n\"We are thrilled,\" said Acme CEO John Doe." {
		t.Errorf("xhtml content %q", e.Content)
	}
	e = f.Items[1]
	if e.Link != "https://cdn.press.example/report.pdf" {
		t.Errorf("first href fallback %q", e.Link)
	}
	if !e.Published.Equal(e.Updated) || e.Published.IsZero() {
		t.Errorf("published should fall back to updated: %v / %v", e.Published, e.Updated)
	}
	if e.Content != "Plant manager Mark Davis said output rose." {
		t.Errorf("html content %q", e.Content)
	}
	if f.Items[2].Content != "" || f.Items[2].Link != "https://press.example/news/3" {
		t.Errorf("binary content entry = %+v", f.Items[2])
	}
}

func TestParseFeedCharsets(t *testing.T) {
	t.Parallel()
	tests := []struct {
		file, title, item string
	}{
		{"rss-windows1252.xml", "Österreichische Wirtschaftsnachrichten", "Müller Maschinenbau übernimmt Zulieferer für 5 Mio. €"},
		{"rss-latin1.xml", "Grüße aus Köln", "Straße über Brücke"},
		{"rss-undeclared-latin1.xml", "Undeklariert: Grüße", "Bäckerei"},
	}
	for _, tc := range tests {
		f := mustParse(t, tc.file)
		if f.Title != tc.title || len(f.Items) != 1 || f.Items[0].Title != tc.item {
			t.Errorf("%s: title %q, items %+v", tc.file, f.Title, f.Items)
		}
	}
	f := mustParse(t, "rss-windows1252.xml")
	it := f.Items[0]
	if it.Summary != "„Ein wichtiger Schritt“, sagte Klaus Müller, Geschäftsführer der Müller Maschinenbau GmbH." {
		t.Errorf("windows-1252 quotes: %q", it.Summary)
	}
	if want := time.Date(2024, 3, 4, 6, 45, 0, 0, time.UTC); !it.Published.Equal(want) {
		t.Errorf("German date %v, want %v", it.Published, want)
	}
	ms := FindMentions(it.Summary, testAccounts)
	if len(ms) != 1 || ms[0].Name != "Klaus Müller" || ms[0].AccountID != "mueller" {
		t.Errorf("mentions from the decoded feed = %+v", ms)
	}
}

func TestParseFeedUTF16AndBOM(t *testing.T) {
	t.Parallel()
	src := `<?xml version="1.0" encoding="UTF-16"?><rss version="2.0"><channel><title>Grüße</title></channel></rss>`
	var le []byte
	le = append(le, 0xFF, 0xFE)
	for _, r := range src {
		le = append(le, byte(r), byte(r>>8))
	}
	if f, err := ParseFeed(le); err != nil || f.Title != "Grüße" {
		t.Errorf("UTF-16LE: %+v, %v", f, err)
	}
	bom := append([]byte{0xEF, 0xBB, 0xBF}, `<rss><channel><title>BOM</title></channel></rss>`...)
	if f, err := ParseFeed(bom); err != nil || f.Title != "BOM" {
		t.Errorf("UTF-8 BOM: %+v, %v", f, err)
	}
}

func TestParseFeedErrors(t *testing.T) {
	t.Parallel()
	deep := strings.Repeat("<x>", MaxDepth+10) + strings.Repeat("</x>", MaxDepth+10)
	tests := []struct {
		name    string
		data    []byte
		is      error
		message string
	}{
		{"broken xml", readFixture(t, "broken.xml"), nil, "line 6: element <b> closed by </title>"},
		{"billion laughs", readFixture(t, "billion-laughs.xml"), ErrEntityDeclaration, "<!ENTITY>"},
		{"external entity", readFixture(t, "xxe.xml"), ErrEntityDeclaration, "<!ENTITY>"},
		{"undeclared entity", []byte(`<rss><channel><title>&lol9;</title></channel></rss>`), nil, "invalid character entity &lol9;"},
		{"html page", readFixture(t, "not-a-feed.html"), ErrNotFeed, "root element <html>"},
		{"empty", nil, ErrNotFeed, "no root element"},
		{"only a declaration", []byte(`<?xml version="1.0"?>`), ErrNotFeed, "no root element"},
		{"deep nesting", []byte(`<rss><channel><item><description>` + deep + `</description></item></channel></rss>`), ErrTooDeep, "more than 100 nested"},
		{"deep nesting at root", []byte(`<feed xmlns="http://www.w3.org/2005/Atom">` + deep + `</feed>`), ErrTooDeep, ""},
		{"too large", make([]byte, MaxFeedBytes+1), ErrTooLarge, "limit"},
		{"unknown charset", []byte(`<?xml version="1.0" encoding="x-klingon"?><rss/>`), nil, "unsupported encoding"},
		{"truncated", []byte(`<rss><channel><item><title>cut off`), nil, "unexpected EOF"},
	}
	for _, tc := range tests {
		_, err := ParseFeed(tc.data)
		if err == nil {
			t.Errorf("%s: no error", tc.name)
			continue
		}
		if tc.is != nil && !errors.Is(err, tc.is) {
			t.Errorf("%s: error %v does not wrap %v", tc.name, err, tc.is)
		}
		if !strings.HasPrefix(err.Error(), "press: parse feed: ") || !strings.Contains(err.Error(), tc.message) {
			t.Errorf("%s: error %q should start with the operation and contain %q", tc.name, err, tc.message)
		}
	}
}

// TestDecoderDoesNotExpandCustomEntities checks the property the entity
// guard relies on, without the guard: encoding/xml leaves DTD entities
// alone, so a reference to one is an error, not an expansion.
func TestDecoderDoesNotExpandCustomEntities(t *testing.T) {
	t.Parallel()
	d, err := newFeedDecoder(readFixture(t, "billion-laughs.xml"))
	if err != nil {
		t.Fatal(err)
	}
	var text bytes.Buffer
	for {
		tok, err := d.Token()
		if err != nil {
			if !strings.Contains(err.Error(), "invalid character entity &lol9;") {
				t.Fatalf("want an invalid-entity error, got %v", err)
			}
			break
		}
		if cd, ok := tok.(xml.CharData); ok {
			text.Write(cd)
		}
	}
	if text.Len() > 1000 {
		t.Fatalf("entities were expanded: %d bytes of text", text.Len())
	}
}

func TestParseFeedItemCap(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	b.WriteString(`<rss version="2.0"><channel><title>big</title>`)
	for i := 0; i < MaxItems+5; i++ {
		fmt.Fprintf(&b, `<item><title>n%d</title><link>https://x.example/%d</link></item>`, i, i)
	}
	b.WriteString(`</channel></rss>`)
	f, err := ParseFeed([]byte(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Items) != MaxItems || !f.Truncated || f.Items[MaxItems-1].Title != fmt.Sprintf("n%d", MaxItems-1) {
		t.Fatalf("items=%d truncated=%v", len(f.Items), f.Truncated)
	}
	// exactly MaxItems is not truncated
	b.Reset()
	b.WriteString(`<rss version="2.0"><channel>`)
	for i := 0; i < MaxItems; i++ {
		b.WriteString(`<item><title>x</title></item>`)
	}
	b.WriteString(`</channel></rss>`)
	if f, err = ParseFeed([]byte(b.String())); err != nil || f.Truncated || len(f.Items) != MaxItems {
		t.Fatalf("exact cap: items=%d truncated=%v err=%v", len(f.Items), f.Truncated, err)
	}
}

func TestParseFeedFieldCap(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("a", MaxFieldBytes+100)
	f, err := ParseFeed([]byte(`<rss><channel><item><description>` + long + `</description></item></channel></rss>`))
	if err != nil {
		t.Fatal(err)
	}
	if n := len(f.Items[0].Summary); n != MaxFieldBytes {
		t.Fatalf("summary is %d bytes, want the %d cap", n, MaxFieldBytes)
	}
}

func TestParseDate(t *testing.T) {
	t.Parallel()
	utc := func(y int, mo time.Month, d, h, mi, s int) time.Time {
		return time.Date(y, mo, d, h, mi, s, 0, time.UTC)
	}
	tests := []struct {
		in   string
		want time.Time
	}{
		{"Mon, 02 Jan 2006 15:04:05 -0700", utc(2006, 1, 2, 22, 4, 5)},
		{"Mon, 02 Jan 2006 15:04:05 +0000", utc(2006, 1, 2, 15, 4, 5)},
		{"Mon, 2 Jan 2006 15:04:05 GMT", utc(2006, 1, 2, 15, 4, 5)},
		{"02 Jan 2006 15:04:05 UT", utc(2006, 1, 2, 15, 4, 5)},
		{"Mon, 02 Jan 06 15:04 EST", utc(2006, 1, 2, 20, 4, 0)},
		{"Mon, 02 Jan 2006 15:04:05 PDT", utc(2006, 1, 2, 22, 4, 5)},
		{"Di, 05 Mär 2024 10:00:00 MESZ", utc(2024, 3, 5, 8, 0, 0)},
		{"5. März 2024 10:00 MEZ", utc(2024, 3, 5, 9, 0, 0)},
		{"Tue, 05 Mar 2024 10:00:00 +01:00", utc(2024, 3, 5, 9, 0, 0)},
		{"Tue, 05 Mar 2024 10:00:00 +0000 (UTC)", utc(2024, 3, 5, 10, 0, 0)},
		{"Tue, 05 Mar 2024 10:00:00", utc(2024, 3, 5, 10, 0, 0)},
		{"Tuesday, 05-Mar-24 10:00:00 GMT", time.Time{}},
		{"Mon Jan  2 15:04:05 MST 2006", utc(2006, 1, 2, 22, 4, 5)},
		{"January 2, 2006", utc(2006, 1, 2, 0, 0, 0)},
		{"2006-01-02T15:04:05Z", utc(2006, 1, 2, 15, 4, 5)},
		{"2006-01-02T15:04:05+02:00", utc(2006, 1, 2, 13, 4, 5)},
		{"2006-01-02T15:04:05.999-05:00", time.Date(2006, 1, 2, 20, 4, 5, 999e6, time.UTC)},
		{"2006-01-02t15:04:05z", utc(2006, 1, 2, 15, 4, 5)},
		{"2006-01-02T15:04:05", utc(2006, 1, 2, 15, 4, 5)},
		{"2006-01-02 15:04:05", utc(2006, 1, 2, 15, 4, 5)},
		{"2006-01-02", utc(2006, 1, 2, 0, 0, 0)},
		{"31 Feb 2024 10:00:00 GMT", time.Time{}},
		{"Mon, 02 Jan 2006 25:04:05 GMT", time.Time{}},
		{"yesterday", time.Time{}},
		{"", time.Time{}},
		{"Mayor 2 2006", time.Time{}},
	}
	for _, tc := range tests {
		got := parseDate(tc.in)
		if !got.Equal(tc.want) {
			t.Errorf("parseDate(%q) = %v, want %v", tc.in, got, tc.want)
		}
	}
}
