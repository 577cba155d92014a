package metrics

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/abmsync/abmsync/crm"
)

// NPSResult is the Net Promoter Score of a set of survey answers.
type NPSResult struct {
	Promoters  int `json:"promoters"`  // answers 9–10
	Passives   int `json:"passives"`   // answers 7–8
	Detractors int `json:"detractors"` // answers 0–6
	Responses  int `json:"responses"`
	// Score is % promoters − % detractors (−100 to 100), rounded half away
	// from zero to one decimal; nil without responses.
	Score *float64 `json:"score"`
}

// NPS returns the Net Promoter Score of scores. A score outside 0–10 is
// rejected with an error naming it, and nothing is counted.
func NPS(scores []int) (NPSResult, error) {
	var r NPSResult
	for i, s := range scores {
		switch {
		case s < 0 || s > 10:
			return NPSResult{}, fmt.Errorf("nps: score %d (answer %d) outside 0-10", s, i+1)
		case s >= 9:
			r.Promoters++
		case s >= 7:
			r.Passives++
		default:
			r.Detractors++
		}
	}
	r.Responses = len(scores)
	if r.Responses == 0 {
		return r, nil
	}
	// Integer arithmetic in tenths, so that 1/3 rounds to 33.3 and 1/8 to
	// 12.5 exactly, without binary floating-point surprises at the .x5 edge.
	num := 1000 * (r.Promoters - r.Detractors)
	n := r.Responses
	var tenths int
	if num >= 0 {
		tenths = (2*num + n) / (2 * n)
	} else {
		tenths = -((-2*num + n) / (2 * n))
	}
	s := float64(tenths) / 10
	if s == 0 {
		s = 0
	}
	r.Score = &s
	return r, nil
}

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
	cr := csv.NewReader(r)
	cr.ReuseRecord = true
	cr.TrimLeadingSpace = true
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return errors.New("nps csv: empty file, want a header with company_id or domain, score, date")
	}
	if err != nil {
		return fmt.Errorf("nps csv: %w", err)
	}
	col := map[string]int{"company_id": -1, "domain": -1, "score": -1, "date": -1}
	for i, h := range header {
		if i == 0 {
			h = strings.TrimPrefix(h, "\ufeff")
		}
		h = strings.ToLower(strings.TrimSpace(h))
		if j, ok := col[h]; ok {
			if j >= 0 {
				return fmt.Errorf("nps csv: line 1, column %d: duplicate column %q", i+1, h)
			}
			col[h] = i
		}
	}
	switch {
	case col["company_id"] < 0 && col["domain"] < 0:
		return errors.New("nps csv: line 1: missing column company_id or domain")
	case col["score"] < 0:
		return errors.New("nps csv: line 1: missing column score")
	case col["date"] < 0:
		return errors.New("nps csv: line 1: missing column date")
	}
	field := func(rec []string, name string) string {
		if i := col[name]; i >= 0 && i < len(rec) {
			return strings.TrimSpace(rec[i])
		}
		return ""
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
		bad := func(name, format string, args ...any) error {
			return fmt.Errorf("nps csv: line %d, column %d (%s): %s", line, col[name]+1, name, fmt.Sprintf(format, args...))
		}
		a := crm.NPSAnswer{CompanyID: field(rec, "company_id")}
		if raw := field(rec, "domain"); raw != "" {
			if a.Domain = NormalizeDomain(raw); a.Domain == "" {
				return bad("domain", "bad domain %q", raw)
			}
		}
		if a.CompanyID == "" && a.Domain == "" {
			name := "company_id"
			if col[name] < 0 {
				name = "domain"
			}
			return bad(name, "missing company_id and domain")
		}
		raw := field(rec, "score")
		s, err := strconv.Atoi(raw)
		if err != nil {
			return bad("score", "score %q is not an integer", raw)
		}
		if s < 0 || s > 10 {
			return bad("score", "score %d outside 0-10", s)
		}
		a.Score = s
		raw = field(rec, "date")
		if a.Date, err = parseDate(raw); err != nil {
			return bad("date", "%v", err)
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

func parseDate(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, errors.New("missing date")
	}
	t, ok := crm.ParseTime(s)
	if !ok {
		return time.Time{}, fmt.Errorf("bad date %q (want YYYY-MM-DD or RFC 3339)", s)
	}
	return t.UTC(), nil
}

// Scores returns the scores of answers, for NPS.
func Scores(answers []crm.NPSAnswer) []int {
	out := make([]int, len(answers))
	for i, a := range answers {
		out[i] = a.Score
	}
	return out
}

// NPSFromContacts returns one answer per live contact whose scoreProp holds
// an integer 0–10, for the contact's first associated company, dated by
// dateProp (or, when empty or unparsable, the contact's last modification,
// UpdatedAt). Other values — empty, text, out of range — are skipped and
// counted in skipped, so a mistyped property is visible, not silently zero.
func NPSFromContacts(contacts []crm.Record, scoreProp, dateProp string) (answers []crm.NPSAnswer, skipped int) {
	for _, c := range unique(contacts) {
		v := strings.TrimSpace(c.Properties[scoreProp])
		if v == "" {
			continue
		}
		score, err := strconv.Atoi(v)
		companies := c.Associations[crm.Companies]
		if err != nil || score < 0 || score > 10 || len(companies) == 0 {
			skipped++
			continue
		}
		at := c.UpdatedAt
		if t, ok := crm.ParseTimeIn(c.Properties[dateProp], nil); ok && dateProp != "" {
			at = t
		}
		answers = append(answers, crm.NPSAnswer{CompanyID: companies[0], Score: score, Date: at.UTC()})
	}
	return answers, skipped
}

// AnswersFor returns the answers of answers that belong to the company with
// id companyID or the (normalized) domain, dated in [from, now]; a zero from
// keeps every answer up to now.
func AnswersFor(answers []crm.NPSAnswer, companyID, domain string, from, now time.Time) []crm.NPSAnswer {
	domain = NormalizeDomain(domain)
	var out []crm.NPSAnswer
	for _, a := range answers {
		if !(a.CompanyID != "" && a.CompanyID == companyID || a.CompanyID == "" && domain != "" && NormalizeDomain(a.Domain) == domain) {
			continue
		}
		if a.Date.After(now) || !from.IsZero() && a.Date.Before(from) {
			continue
		}
		out = append(out, a)
	}
	return out
}
