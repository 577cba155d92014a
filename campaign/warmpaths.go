package campaign

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/abmsync/abmsync/connectors/csv"
	"github.com/abmsync/abmsync/connectors/linkedin"
	"github.com/abmsync/abmsync/crm"
)

// ImportResult reports a LinkedIn Connections import.
type ImportResult struct {
	Owner         string   `json:"owner"`
	Format        string   `json:"format"`
	Rows          int      `json:"rows"`
	Matched       int      `json:"matched"`
	Accounts      int      `json:"accounts"`
	SkippedNoName int      `json:"skipped_no_name"`
	SkippedBad    int      `json:"skipped_bad"`
	BadLines      []int    `json:"bad_lines,omitempty"`
	Suppressed    int      `json:"suppressed"`
	Ambiguous     []string `json:"ambiguous_company_names,omitempty"`
	Run           string   `json:"run,omitempty"`
}

// ErrBadOwner is returned, wrapped with the reason, for an empty or
// overlong owner name or one holding control characters or invalid UTF-8.
var ErrBadOwner = errors.New("owner: give the name of the colleague whose export this is")

// CheckOwner returns nil for an owner name ImportConnections accepts (after
// trimming spaces: 1 to 200 bytes of UTF-8 without control characters),
// else ErrBadOwner wrapped with what is wrong. The name ends up in warm
// paths written to the CRM and in logs, where a newline or an escape
// sequence would forge lines or rewrite a terminal.
func CheckOwner(owner string) error {
	owner = strings.TrimSpace(owner)
	switch {
	case owner == "":
		return ErrBadOwner
	case len(owner) > 200:
		return fmt.Errorf("%w (at most 200 bytes, got %d)", ErrBadOwner, len(owner))
	case !utf8.ValidString(owner):
		return fmt.Errorf("%w: not valid UTF-8", ErrBadOwner)
	}
	for i, r := range owner {
		if unicode.IsControl(r) {
			return fmt.Errorf("%w: control character %U at byte %d; use a plain name", ErrBadOwner, r, i)
		}
	}
	return nil
}

// ImportConnections reads one colleague's LinkedIn Connections export,
// streaming, and turns every connection at a target account (matched by
// normalised company name or a configured alias) into a key-contact
// candidate with role (Position), LinkedIn URL and the warm path "known by
// <owner> since <date>". E-mail addresses stay as exported (mostly empty);
// none is ever made up. Nothing is stored unless the whole file parses:
// the owner's candidates are then replaced (a new export of the same owner
// replaces the old one; the same file again changes nothing), and a run
// started through Runs (which must be set) pushes the touched accounts' key
// contacts.
func (s *Service) ImportConnections(ctx context.Context, owner string, r io.Reader, aliases map[string][]string) (ImportResult, error) {
	if err := CheckOwner(owner); err != nil {
		return ImportResult{}, err
	}
	owner = strings.TrimSpace(owner)
	res := ImportResult{Owner: owner}
	matcher, err := s.accountMatcher(ctx, aliases)
	if err != nil {
		return res, err
	}
	res.Ambiguous = matcher.Ambiguous()
	dnc, err := DoNotContact(ctx, s.Store)
	if err != nil {
		return res, err
	}
	found := map[string][]crm.Candidate{}
	stats, err := csv.ParseConnections(r, func(c csv.Connection) error {
		acc, ok := matcher.Match(c.Company)
		if !ok {
			return nil
		}
		cand := s.connectionCandidate(owner, acc, c)
		if dnc.Suppressed(cand) {
			res.Suppressed++
			return nil
		}
		found[acc] = append(found[acc], cand)
		res.Matched++
		return ctx.Err()
	})
	res.Format, res.Rows, res.SkippedNoName, res.SkippedBad, res.BadLines = stats.Format, stats.Rows, stats.SkippedNoName, stats.SkippedBad, stats.BadLines
	if err != nil {
		return res, err // nothing stored: the previous import stays as it was
	}
	touched, err := s.replaceOwnerCandidates(ctx, owner, found)
	if err != nil {
		return res, err
	}
	res.Accounts = len(found)
	run, err := s.Runs.StartContactsPush(ctx, owner, touched)
	if err != nil {
		return res, fmt.Errorf("import stored; starting the contact push failed: %w", err)
	}
	res.Run = run.ID
	s.Logger.Info("linkedin connections imported", "rows", res.Rows, "matched", res.Matched, "accounts", res.Accounts, "run", run.ID)
	return res, nil
}

// accountMatcher matches a Connections export's company names to the
// target accounts, by their names and the aliases configured for them.
func (s *Service) accountMatcher(ctx context.Context, aliases map[string][]string) (*linkedin.Matcher, error) {
	targets, err := s.targetAccounts(ctx)
	if err != nil {
		return nil, err
	}
	var names []linkedin.AccountNames
	for _, c := range targets {
		n := linkedin.AccountNames{ID: c.ID, Names: aliases[c.ID]}
		if name := c.Properties["name"]; name != "" {
			n.Names = append(n.Names, name)
		}
		if len(n.Names) > 0 {
			names = append(names, n)
		}
	}
	return linkedin.NewMatcher(names), nil
}

// connectionCandidate is the key-contact candidate a connection of
// owner's at account acc makes: who the person is, and the warm path that
// owner knows them (since when).
func (s *Service) connectionCandidate(owner, acc string, c csv.Connection) crm.Candidate {
	since := ""
	if !c.ConnectedOn.IsZero() {
		since = " since " + c.ConnectedOn.Format("2006-01-02")
	}
	cand := crm.Candidate{
		AccountID: acc, Name: strings.TrimSpace(c.FirstName + " " + c.LastName),
		GivenName: c.FirstName, FamilyName: c.LastName, Email: c.Email, RoleText: c.Position,
		WarmPath: "known by " + owner + since,
		From:     crm.Provenance{Source: "linkedin", URL: "linkedin-connections:" + owner, FetchedAt: s.now(), Extractor: "connections-export", Confidence: 0.8},
	}
	if u := linkedInProfile(c.URL); u != "" {
		cand.LinkedInURL = u
	}
	if s.Roles != nil && c.Position != "" {
		cl := s.Roles.Classify(c.Position)
		cand.Function, cand.Seniority, cand.BuyingRole, cand.Gatekeeper = string(cl.Function), string(cl.Seniority), string(cl.BuyingRole), cl.Gatekeeper
	}
	return cand
}

// replaceOwnerCandidates makes found (account -> candidates) all that is
// stored from owner's export: accounts the owner no longer knows anyone at
// lose their rows. It returns every account it changed, sorted.
func (s *Service) replaceOwnerCandidates(ctx context.Context, owner string, found map[string][]crm.Candidate) ([]string, error) {
	source := "linkedin:" + owner
	previous, err := s.Store.OwnerAccounts(ctx, owner)
	if err != nil {
		return nil, err
	}
	var touched []string
	for acc, cands := range found {
		if err := s.Store.SetCandidates(ctx, acc, source, cands); err != nil {
			return nil, err
		}
		touched = append(touched, acc)
	}
	for _, acc := range previous {
		if _, ok := found[acc]; !ok {
			// The owner no longer knows anyone there: drop the old rows.
			if err := s.Store.SetCandidates(ctx, acc, source, nil); err != nil {
				return nil, err
			}
			touched = append(touched, acc)
		}
	}
	slices.Sort(touched)
	if err := s.Store.SetOwnerAccounts(ctx, owner, keys(found)); err != nil {
		return nil, err
	}
	return touched, nil
}

// linkedInProfile keeps a URL only when it is a linkedin.com profile.
func linkedInProfile(raw string) string {
	raw = strings.TrimSpace(raw)
	for _, p := range []string{"https://www.linkedin.com/in/", "https://linkedin.com/in/", "http://www.linkedin.com/in/"} {
		if strings.HasPrefix(strings.ToLower(raw), p) {
			return "https://www.linkedin.com/in/" + raw[len(p):]
		}
	}
	return ""
}

func keys(m map[string][]crm.Candidate) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
