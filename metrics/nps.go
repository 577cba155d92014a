package metrics

import (
	"fmt"
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
		case !onNPSScale(s):
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

// onNPSScale reports whether s is an answer on the NPS scale, 0 to 10.
func onNPSScale(s int) bool { return s >= 0 && s <= 10 }

// Scores returns the scores of answers that lie in 0–10, for NPS: a stored
// answer outside the scale (an old or hand-edited import) is left out, in
// the CRM properties and the report alike.
func Scores(answers []crm.NPSAnswer) []int {
	out := make([]int, 0, len(answers))
	for _, a := range answers {
		if onNPSScale(a.Score) {
			out = append(out, a.Score)
		}
	}
	return out
}

// NPSOf returns the Net Promoter Score of the answers on the scale, and
// their scores (Scores); answers off the scale are left out, so it cannot
// fail.
func NPSOf(answers []crm.NPSAnswer) (NPSResult, []int) {
	scores := Scores(answers)
	r, _ := NPS(scores) // every score is on the scale
	return r, scores
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
		if err != nil || !onNPSScale(score) || len(companies) == 0 {
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
	domain = crm.NormalizeDomain(domain)
	var out []crm.NPSAnswer
	for _, a := range answers {
		if !(a.CompanyID != "" && a.CompanyID == companyID || a.CompanyID == "" && domain != "" && crm.NormalizeDomain(a.Domain) == domain) {
			continue
		}
		if a.Date.After(now) || !from.IsZero() && a.Date.Before(from) {
			continue
		}
		out = append(out, a)
	}
	return out
}
