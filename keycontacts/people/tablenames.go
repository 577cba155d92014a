package people

import (
	"regexp"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// nameHeader is the header of a table column that holds people's names,
// family name first or not ("Name", "Name, Vorname", "Mitarbeiter").
var nameHeader = regexp.MustCompile(`(?i)^\s*(?:name|namen|nachname|(?:nach)?name\s*,\s*vorname|vor-?\s*und\s+(?:zu|nach)name|mitarbeiter\p{L}*|ansprechpartner\p{L}*|ansprechperson\p{L}*|kontakt|contact|person|staff|employee)\s*:?\s*$`)

// nameColumnEntry reads a cell of a table's name column written family
// name first ("Waaka, Tamati", "Tran, Dr. Nguyet"): the column's header says
// what the cell holds, so the two parts are read as one name.
func (x *extractor) nameColumnEntry(i int) (nameParts, bool) {
	ln := &x.p.lines[i]
	if len(ln.text) > 80 {
		return nameParts{}, false
	}
	fam, given, ok := invertedParts(ln.text)
	if !ok {
		return nameParts{}, false
	}
	if h, k, ok := x.cellHead(enclosing(ln.node, atom.Td)); !ok || !h.nameCol(k) {
		return nameParts{}, false
	}
	return parseName(given + " " + fam)
}

// invertedParts splits a line written family name first, "Waaka, Tamati",
// at its one comma; ok is false unless both parts are there and the family
// part ends in a name word. Callers decide whether the line is a name.
func invertedParts(t string) (fam, given string, ok bool) {
	fam, given, ok = strings.Cut(t, ",")
	if !ok || strings.Count(t, ",") != 1 {
		return "", "", false
	}
	fam, given = strings.TrimSpace(fam), strings.TrimSpace(given)
	if fam == "" || given == "" || !nameWord(lastWord(fam)) {
		return "", "", false
	}
	return fam, given, true
}

// roleHeader is the header of a table column that holds people's offices or
// contacts: beside a name column it says the table lists people, not race
// results, rooms or rose varieties.
var roleHeader = regexp.MustCompile(`(?i)^\s*(?:position|funktion|amt|ämter|rolle|role|title|titel|aufgabe|tätigkeit|bereich|abteilung|department|function|e-?mail|mail|telefon|phone|tel\.?|kontakt)\s*:?\s*$`)

// officeHeader is the header of a column of offices: "Name | Affiliation |
// Position | Term" gives each name its office in the third cell.
var officeHeader = regexp.MustCompile(`(?i)^\s*(?:position|funktion|amt|rolle|role|title|titel|aufgabe|office|ressort|function)\s*:?\s*$`)

// titleHeader is an office column's header that may hold salutations
// ("Title": Mrs, Engr., Dr.), which a later Position, Funktion or Amt column
// (strongOffice) outranks; a later Role does not ("Name | Title | Role":
// the title is the job). deputyHeader is a column of deputies' names.
var (
	titleHeader  = regexp.MustCompile(`(?i)^\s*(?:title|titel)\s*:?\s*$`)
	strongOffice = regexp.MustCompile(`(?i)^\s*(?:position|funktion|amt)\s*:?\s*$`)
	deputyHeader = regexp.MustCompile(`(?i)^\s*(?:stellvertret\p{L}*|vertret\p{L}*|deput(?:y|ies)|substitutes?)\s*:?\s*$`)
)

// officeCell returns the office a header-named office column gives the
// name in cell td of the table's name column.
func (x *extractor) officeCell(td *html.Node) (string, bool) {
	h, k, ok := x.cellHead(td)
	if !ok || !h.header || !h.nameCol(k) || h.office < 0 || h.office == k {
		return "", false
	}
	c := nthCell(td.Parent, h.office)
	if c == nil {
		return "", false
	}
	r := cellRole(nodeText(c, 200))
	return r, r != ""
}

// tableHead is what a table's first row says, worked out once per table.
type tableHead struct {
	first  *html.Node // the first row
	names  []bool     // the column's header cell says it holds names
	header bool       // every first-row cell is a header cell (th, or in thead)
	roles  bool       // a header names offices or contacts ("Kontakt" may also be the name column's)
	office int        // the column whose header names offices ("Position", "Funktion"), or -1
	deputy []bool     // the column's header says it holds deputies ("Stellvertretung")
}

// nameCol reports whether column k's header cell says it holds names.
func (h *tableHead) nameCol(k int) bool { return k < len(h.names) && h.names[k] }

// head returns the facts of a table's first row, computed once per table:
// pages with thousands of cells ask for each cell.
func (x *extractor) head(table *html.Node) *tableHead {
	if h, ok := x.tableHeads[table]; ok {
		return h
	}
	h := &tableHead{header: true, first: firstRow(table), office: -1}
	officeText := "" // the office column's header
	if h.first != nil {
		for c := h.first.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode || c.DataAtom != atom.Td && c.DataAtom != atom.Th {
				continue
			}
			t := ""
			if c.DataAtom == atom.Th || hasAncestor(c, table, atom.Thead) {
				t = cleanSpace(nodeText(c, 200))
			} else {
				h.header = false
			}
			if t != "" && officeHeader.MatchString(t) && (h.office < 0 || titleHeader.MatchString(officeText) && strongOffice.MatchString(t)) {
				// "Name | Title | Department | Position": a title column
				// may hold salutations; Position says more.
				h.office, officeText = len(h.names), t
			}
			h.deputy = append(h.deputy, t != "" && deputyHeader.MatchString(t))
			h.names = append(h.names, t != "" && nameHeader.MatchString(t))
			h.roles = h.roles || t != "" && roleHeader.MatchString(t)
		}
	}
	h.header = h.header && len(h.names) > 0
	if x.tableHeads == nil {
		x.tableHeads = map[*html.Node]*tableHead{}
	}
	x.tableHeads[table] = h
	return h
}

// cellCol returns a table cell's column (its place among the cells of its
// row), computed once per row.
func (x *extractor) cellCol(td *html.Node) int {
	if k, ok := x.cellCols[td]; ok {
		return k
	}
	if x.cellCols == nil {
		x.cellCols = map[*html.Node]int{}
	}
	k := 0
	for c := td.Parent.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && (c.DataAtom == atom.Td || c.DataAtom == atom.Th) {
			x.cellCols[c] = k
			k++
		}
	}
	return x.cellCols[td]
}

// nameColumnCell reports whether n sits in a table cell whose column header
// says it holds names ("Name", "Person", "Mitarbeiter") in a table whose
// other headers name offices or contacts ("Position", "Funktion", "E-Mail").
func (x *extractor) nameColumnCell(n *html.Node) bool {
	h, k, ok := x.cellHead(enclosing(n, atom.Td))
	return ok && h.header && h.roles && h.nameCol(k)
}

// cellHead returns the header facts of td's table and td's column, or false
// when td is no table cell below the table's first row.
func (x *extractor) cellHead(td *html.Node) (*tableHead, int, bool) {
	if td == nil || td.Parent == nil || td.Parent.DataAtom != atom.Tr {
		return nil, 0, false
	}
	table := enclosing(td.Parent, atom.Table)
	if table == nil {
		return nil, 0, false
	}
	h := x.head(table)
	if h.first == td.Parent {
		return nil, 0, false
	}
	return h, x.cellCol(td), true
}

// firstRow returns the first <tr> of a table (in its thead, tbody or
// directly), or nil.
func firstRow(table *html.Node) *html.Node {
	for c := table.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode {
			continue
		}
		switch c.DataAtom {
		case atom.Tr:
			return c
		case atom.Thead, atom.Tbody:
			for r := c.FirstChild; r != nil; r = r.NextSibling {
				if r.Type == html.ElementNode && r.DataAtom == atom.Tr {
					return r
				}
			}
		}
	}
	return nil
}
