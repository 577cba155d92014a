package campaign

import (
	"context"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"

	"github.com/abmsync/abmsync/connectors/csv"
	"github.com/abmsync/abmsync/crm"
)

// ErrBadNPSSource is returned for a missing or malformed survey source name.
var ErrBadNPSSource = errors.New("source must be 1-64 letters, digits, '.', '_' or '-'")

var npsSourceRE = regexp.MustCompile(`^[A-Za-z0-9._-]{1,64}$`)

// NPSImportResult says what an NPS import stored.
type NPSImportResult struct {
	Source  string `json:"source"`
	Answers int    `json:"answers"`
	// Accounts is the number of stored companies the answers belong to.
	Accounts int `json:"accounts"`
	// Unmatched lists company ids and domains of answers that match no
	// stored company (yet): kept, and counted once the company is synced.
	Unmatched []string `json:"unmatched,omitempty"`
	// Replaced is the number of answers the source held before.
	Replaced int `json:"replaced"`
}

// ImportNPS reads survey answers (csv.ReadNPSCSV's format: company_id or
// domain, score 0-10, date) and stores them under source, replacing what an
// earlier import of the same source stored, so a re-import of the same
// export counts nothing twice. Nothing is stored unless the whole file
// parses; the error names the line and column. The next metrics run writes
// abm_nps per account.
func (s *Service) ImportNPS(ctx context.Context, source string, r io.Reader) (NPSImportResult, error) {
	res := NPSImportResult{Source: source}
	if !npsSourceRE.MatchString(source) {
		return res, fmt.Errorf("nps import: %w, got %q", ErrBadNPSSource, source)
	}
	answers, err := csv.ParseNPSCSV(r)
	if err != nil {
		return res, err
	}
	before, err := s.Store.NPSAnswersOf(ctx, source)
	if err != nil {
		return res, err
	}
	companies, err := Companies(ctx, s.Store)
	if err != nil {
		return res, err
	}
	byDomain := map[string]string{}
	known := map[string]bool{}
	for _, c := range companies {
		known[c.ID] = true
		if dom := crm.NormalizeDomain(c.Properties["domain"]); dom != "" {
			byDomain[dom] = c.ID
		}
	}
	accounts := map[string]bool{}
	for _, a := range answers {
		byDom := byDomain[crm.NormalizeDomain(a.Domain)]
		switch {
		case a.CompanyID != "" && known[a.CompanyID]:
			accounts[a.CompanyID] = true
		case a.CompanyID == "" && byDom != "":
			accounts[byDom] = true
		default:
			ref := a.CompanyID
			if ref == "" {
				ref = a.Domain
			}
			if !slices.Contains(res.Unmatched, ref) {
				res.Unmatched = append(res.Unmatched, ref)
			}
		}
	}
	if err := s.Store.SetNPSAnswers(ctx, source, answers); err != nil {
		return res, err
	}
	res.Answers, res.Accounts, res.Replaced = len(answers), len(accounts), len(before)
	s.Logger.Info("NPS answers imported", "source", source, "answers", res.Answers, "accounts", res.Accounts, "unmatched", len(res.Unmatched))
	return res, nil
}
