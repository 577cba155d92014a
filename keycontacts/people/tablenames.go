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
	fam, given, ok := strings.Cut(ln.text, ",")
	if !ok || strings.Count(ln.text, ",") != 1 || len(ln.text) > 80 {
		return nameParts{}, false
	}
	fam, given = strings.TrimSpace(fam), strings.TrimSpace(given)
	famWords := strings.Fields(fam)
	if len(famWords) == 0 || given == "" || !nameWord(famWords[len(famWords)-1]) {
		return nameParts{}, false
	}
	if !nameColumnCell(ln.node) {
		return nameParts{}, false
	}
	return parseName(given + " " + fam)
}

// nameColumnCell reports whether n sits in a table cell whose column
// header says it holds a name ("Name", "Mitarbeiter", "Ansprechpartner").
func nameColumnCell(n *html.Node) bool {
	td := enclosing(n, atom.Td)
	return td != nil && nameHeader.MatchString(columnHeader(td))
}

// besideNameColumn reports whether n sits in a table cell that is not the
// table's name column while another column's header says it holds the
// names: "<th>Position</th><th>Name</th>" puts the people in the second
// column, so "Es Bass" in the first is an instrument, not a name.
func besideNameColumn(n *html.Node) bool {
	td := enclosing(n, atom.Td)
	if td == nil || nameHeader.MatchString(columnHeader(td)) {
		return false
	}
	table := enclosing(td, atom.Table)
	if table == nil {
		return false
	}
	first := firstRow(table)
	if first == nil || first == td.Parent || cellCount(first) != cellCount(td.Parent) {
		// A row with fewer cells sits under a label that spans rows: its
		// cells do not line up with the header's.
		return false
	}
	for c := first.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && (c.DataAtom == atom.Th || c.DataAtom == atom.Td && hasAncestor(c, table, atom.Thead)) &&
			nameHeader.MatchString(cleanSpace(nodeText(c, 200))) {
			return true
		}
	}
	return false
}

// cellCount returns the number of cells of a table row.
func cellCount(tr *html.Node) int {
	n := 0
	for c := tr.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && (c.DataAtom == atom.Td || c.DataAtom == atom.Th) {
			n++
		}
	}
	return n
}

// columnHeader returns the text of the header cell above td: the cell at
// the same position in the first row of its table, when that row holds
// header cells.
func columnHeader(td *html.Node) string {
	tr := td.Parent
	if tr == nil || tr.DataAtom != atom.Tr {
		return ""
	}
	col := 0
	for c := tr.FirstChild; c != nil && c != td; c = c.NextSibling {
		if c.Type == html.ElementNode && (c.DataAtom == atom.Td || c.DataAtom == atom.Th) {
			col++
		}
	}
	table := enclosing(tr, atom.Table)
	if table == nil {
		return ""
	}
	first := firstRow(table)
	if first == nil || first == tr {
		return ""
	}
	k := 0
	for c := first.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode || c.DataAtom != atom.Td && c.DataAtom != atom.Th {
			continue
		}
		if k == col {
			if c.DataAtom != atom.Th && !hasAncestor(c, table, atom.Thead) {
				return ""
			}
			return cleanSpace(nodeText(c, 200))
		}
		k++
	}
	return ""
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
