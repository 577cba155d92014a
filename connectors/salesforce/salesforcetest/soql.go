package salesforcetest

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// The SOQL subset the fake understands:
//
//	SELECT f, f, (SELECT f FROM ChildRelationship) FROM Object
//	[WHERE cond] [ORDER BY f [ASC|DESC] [NULLS FIRST|LAST], ...] [LIMIT n]
//
// cond combines comparisons (=, !=, <>, <, <=, >, >=, IN, NOT IN) with AND,
// OR, NOT and parentheses; as in Salesforce, AND and OR may not be mixed
// at one level without parentheses. Literals: 'strings' with backslash
// escapes, numbers, true, false, null, dates (2026-01-02) and datetimes
// (2026-01-02T03:04:05Z, with optional .000 and ±hh:mm).

type tokKind int

const (
	tIdent tokKind = iota
	tString
	tNumber
	tDate
	tDateTime
	tOp
	tPunct
	tEOF
)

type token struct {
	kind tokKind
	text string
	pos  int
}

// queryError is a SOQL error with Salesforce's code.
type queryError struct {
	code, msg string
}

func (e *queryError) Error() string { return e.code + ": " + e.msg }

func malformed(format string, args ...any) error {
	return &queryError{code: "MALFORMED_QUERY", msg: fmt.Sprintf(format, args...)}
}

// lex splits a SOQL query into tokens, ending with tEOF.
func lex(q string) ([]token, error) {
	var out []token
	i := 0
	for i < len(q) {
		c := q[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		case c == '\'':
			t, j, err := lexString(q, i)
			if err != nil {
				return nil, err
			}
			out = append(out, t)
			i = j
		case c == '(' || c == ')' || c == ',':
			out = append(out, token{tPunct, string(c), i})
			i++
		case c == '=' || c == '<' || c == '>' || c == '!':
			j := i + 1
			if j < len(q) && (q[j] == '=' || (c == '<' && q[j] == '>')) {
				j++
			}
			op := q[i:j]
			if op == "!" {
				return nil, malformed("unexpected token '!' at position %d", i)
			}
			out = append(out, token{tOp, op, i})
			i = j
		case c >= '0' && c <= '9' || c == '-' && i+1 < len(q) && q[i+1] >= '0' && q[i+1] <= '9':
			t, j, err := lexNumber(q, i)
			if err != nil {
				return nil, err
			}
			out = append(out, t)
			i = j
		case c == '_' || unicode.IsLetter(rune(c)):
			j := i + 1
			for j < len(q) && (q[j] == '_' || q[j] == '.' || unicode.IsLetter(rune(q[j])) || unicode.IsDigit(rune(q[j]))) {
				j++
			}
			out = append(out, token{tIdent, q[i:j], i})
			i = j
		default:
			return nil, malformed("unexpected character %q at position %d", c, i)
		}
	}
	return append(out, token{tEOF, "", len(q)}), nil
}

// lexString reads the quoted string starting at q[i], with its backslash
// escapes resolved, and returns the position after its closing quote.
func lexString(q string, i int) (token, int, error) {
	var b strings.Builder
	j := i + 1
	closed := false
	for j < len(q) {
		if q[j] == '\\' && j+1 < len(q) {
			switch q[j+1] {
			case 'n':
				b.WriteByte('\n')
			case 't':
				b.WriteByte('\t')
			case 'r':
				b.WriteByte('\r')
			default:
				b.WriteByte(q[j+1])
			}
			j += 2
			continue
		}
		if q[j] == '\'' {
			closed = true
			break
		}
		b.WriteByte(q[j])
		j++
	}
	if !closed {
		return token{}, 0, malformed("unterminated string at position %d", i)
	}
	return token{tString, b.String(), i}, j + 1, nil
}

// lexNumber reads the number, date or datetime literal starting at q[i]
// and returns the position after it.
func lexNumber(q string, i int) (token, int, error) {
	j := i + 1
	for j < len(q) && strings.IndexByte("0123456789.:-+TZ", q[j]) >= 0 {
		j++
	}
	lit := q[i:j]
	switch {
	case len(lit) == 10 && lit[4] == '-' && lit[7] == '-':
		if _, err := time.Parse(time.DateOnly, lit); err != nil {
			return token{}, 0, malformed("bad date literal %s", lit)
		}
		return token{tDate, lit, i}, j, nil
	case len(lit) > 10 && lit[4] == '-' && lit[10] == 'T':
		if _, ok := parseDateTimeLiteral(lit); !ok {
			return token{}, 0, malformed("bad datetime literal %s", lit)
		}
		return token{tDateTime, lit, i}, j, nil
	default:
		if _, err := strconv.ParseFloat(lit, 64); err != nil {
			return token{}, 0, malformed("unexpected token %s at position %d", lit, i)
		}
		return token{tNumber, lit, i}, j, nil
	}
}

// parseDateTimeLiteral reads a SOQL datetime literal.
func parseDateTimeLiteral(s string) (time.Time, bool) {
	for _, l := range []string{"2006-01-02T15:04:05Z", "2006-01-02T15:04:05.000Z", "2006-01-02T15:04:05-07:00", "2006-01-02T15:04:05.000-07:00", "2006-01-02T15:04:05-0700", "2006-01-02T15:04:05.000-0700"} {
		if t, err := time.Parse(l, s); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}

type literal struct {
	kind tokKind
	text string
	null bool
	b    *bool
}

type cond struct {
	op    string // and, or, not, cmp, in, notin
	kids  []*cond
	field string
	cmp   string
	lits  []literal
}

type orderItem struct {
	field      string
	desc       bool
	nullsFirst bool
}

type subquery struct {
	relationship string
	fields       []string
}

type query struct {
	fields []string
	subs   []subquery
	object string
	where  *cond
	order  []orderItem
	limit  int // -1: none
}

type parser struct {
	toks []token
	i    int
}

func (p *parser) peek() token { return p.toks[p.i] }
func (p *parser) next() token {
	t := p.toks[p.i]
	if t.kind != tEOF {
		p.i++
	}
	return t
}
func (p *parser) keyword(k string) bool {
	t := p.peek()
	if t.kind == tIdent && strings.EqualFold(t.text, k) {
		p.i++
		return true
	}
	return false
}
func (p *parser) expect(k string) error {
	if !p.keyword(k) {
		return malformed("expecting %s, unexpected token: '%s'", strings.ToUpper(k), p.peek().text)
	}
	return nil
}
func (p *parser) punct(s string) bool {
	t := p.peek()
	if t.kind == tPunct && t.text == s {
		p.i++
		return true
	}
	return false
}

func isKeyword(s string) bool {
	switch strings.ToUpper(s) {
	case "SELECT", "FROM", "WHERE", "AND", "OR", "NOT", "IN", "ORDER", "BY", "LIMIT", "ASC", "DESC", "NULLS", "FIRST", "LAST", "TRUE", "FALSE", "NULL":
		return true
	}
	return false
}

func (p *parser) ident() (string, error) {
	t := p.next()
	if t.kind != tIdent || isKeyword(t.text) {
		return "", malformed("unexpected token: '%s'", t.text)
	}
	return t.text, nil
}

// parseQuery parses the SOQL subset the fake serves: SELECT fields and
// child subqueries FROM an object, with optional WHERE, ORDER BY and LIMIT.
func parseQuery(q string) (*query, error) {
	toks, err := lex(q)
	if err != nil {
		return nil, err
	}
	p := &parser{toks: toks}
	out := &query{limit: -1}
	if err := p.expect("SELECT"); err != nil {
		return nil, err
	}
	if err := p.selectList(out); err != nil {
		return nil, err
	}
	if err := p.expect("FROM"); err != nil {
		return nil, err
	}
	if out.object, err = p.ident(); err != nil {
		return nil, err
	}
	if p.keyword("WHERE") {
		if out.where, err = p.cond(); err != nil {
			return nil, err
		}
	}
	if p.keyword("ORDER") {
		if err := p.expect("BY"); err != nil {
			return nil, err
		}
		if out.order, err = p.orderBy(); err != nil {
			return nil, err
		}
	}
	if p.keyword("LIMIT") {
		t := p.next()
		n, err := strconv.Atoi(t.text)
		if t.kind != tNumber || err != nil || n < 0 {
			return nil, malformed("bad LIMIT %q", t.text)
		}
		out.limit = n
	}
	if t := p.peek(); t.kind != tEOF {
		return nil, malformed("unexpected token: '%s' at position %d", t.text, t.pos)
	}
	return out, nil
}

// selectList reads the comma-separated fields and subqueries after SELECT
// into out.
func (p *parser) selectList(out *query) error {
	for {
		if p.punct("(") {
			sq, err := p.subquery()
			if err != nil {
				return err
			}
			out.subs = append(out.subs, sq)
		} else {
			f, err := p.ident()
			if err != nil {
				return err
			}
			out.fields = append(out.fields, f)
		}
		if !p.punct(",") {
			return nil
		}
	}
}

// subquery reads "SELECT fields FROM relationship)" after a select list's
// opening parenthesis.
func (p *parser) subquery() (subquery, error) {
	var sq subquery
	if err := p.expect("SELECT"); err != nil {
		return sq, err
	}
	for {
		f, err := p.ident()
		if err != nil {
			return sq, err
		}
		sq.fields = append(sq.fields, f)
		if !p.punct(",") {
			break
		}
	}
	if err := p.expect("FROM"); err != nil {
		return sq, err
	}
	var err error
	if sq.relationship, err = p.ident(); err != nil {
		return sq, err
	}
	if !p.punct(")") {
		return sq, malformed("expecting ')', unexpected token: '%s'", p.peek().text)
	}
	return sq, nil
}

// orderBy reads the comma-separated items after ORDER BY: a field, ASC or
// DESC, and NULLS FIRST or LAST (by default first when ascending, as
// Salesforce does).
func (p *parser) orderBy() ([]orderItem, error) {
	var order []orderItem
	for {
		f, err := p.ident()
		if err != nil {
			return nil, err
		}
		it := orderItem{field: f}
		if p.keyword("DESC") {
			it.desc = true
		} else {
			p.keyword("ASC")
		}
		it.nullsFirst = !it.desc
		if p.keyword("NULLS") {
			switch {
			case p.keyword("FIRST"):
				it.nullsFirst = true
			case p.keyword("LAST"):
				it.nullsFirst = false
			default:
				return nil, malformed("expecting FIRST or LAST, unexpected token: '%s'", p.peek().text)
			}
		}
		order = append(order, it)
		if !p.punct(",") {
			return order, nil
		}
	}
}

// cond parses a condition; AND and OR may not be mixed without parentheses.
func (p *parser) cond() (*cond, error) {
	first, err := p.unary()
	if err != nil {
		return nil, err
	}
	var op string
	kids := []*cond{first}
	for {
		var this string
		switch {
		case p.keyword("AND"):
			this = "and"
		case p.keyword("OR"):
			this = "or"
		default:
			if op == "" {
				return first, nil
			}
			return &cond{op: op, kids: kids}, nil
		}
		if op != "" && op != this {
			return nil, malformed("unexpected token: '%s': use parentheses to combine AND and OR", strings.ToUpper(this))
		}
		op = this
		k, err := p.unary()
		if err != nil {
			return nil, err
		}
		kids = append(kids, k)
	}
}

func (p *parser) unary() (*cond, error) {
	if p.keyword("NOT") {
		k, err := p.unary()
		if err != nil {
			return nil, err
		}
		return &cond{op: "not", kids: []*cond{k}}, nil
	}
	if p.punct("(") {
		c, err := p.cond()
		if err != nil {
			return nil, err
		}
		if !p.punct(")") {
			return nil, malformed("expecting ')', unexpected token: '%s'", p.peek().text)
		}
		return c, nil
	}
	f, err := p.ident()
	if err != nil {
		return nil, err
	}
	notIn := false
	if p.keyword("NOT") {
		notIn = true
		if !p.keyword("IN") {
			return nil, malformed("expecting IN after NOT, unexpected token: '%s'", p.peek().text)
		}
	} else if !p.keyword("IN") {
		t := p.next()
		if t.kind != tOp {
			return nil, malformed("unexpected token: '%s' at position %d", t.text, t.pos)
		}
		lit, err := p.literal()
		if err != nil {
			return nil, err
		}
		op := t.text
		if op == "<>" {
			op = "!="
		}
		return &cond{op: "cmp", field: f, cmp: op, lits: []literal{lit}}, nil
	}
	if !p.punct("(") {
		return nil, malformed("expecting '(' after IN, unexpected token: '%s'", p.peek().text)
	}
	c := &cond{op: "in", field: f}
	if notIn {
		c.op = "notin"
	}
	for {
		lit, err := p.literal()
		if err != nil {
			return nil, err
		}
		c.lits = append(c.lits, lit)
		if !p.punct(",") {
			break
		}
	}
	if !p.punct(")") {
		return nil, malformed("expecting ')', unexpected token: '%s'", p.peek().text)
	}
	return c, nil
}

func (p *parser) literal() (literal, error) {
	t := p.next()
	switch t.kind {
	case tString, tNumber, tDate, tDateTime:
		return literal{kind: t.kind, text: t.text}, nil
	case tIdent:
		switch strings.ToLower(t.text) {
		case "null":
			return literal{null: true}, nil
		case "true", "false":
			b := strings.EqualFold(t.text, "true")
			return literal{kind: tIdent, text: t.text, b: &b}, nil
		}
	}
	return literal{}, malformed("unexpected token: '%s' at position %d", t.text, t.pos)
}
