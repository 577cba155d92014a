package admin

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/abmsync/abmsync/crm"
	"github.com/abmsync/abmsync/metrics"
	"github.com/abmsync/abmsync/store"
)

// LinkedInOrgPath is the admin API route that confirms, enters or clears a
// target account's LinkedIn organization.
const LinkedInOrgPath = "/api/linkedin/organizations"

// LinkedInOrgRequest is the body of POST /api/linkedin/organizations: an
// account and its organization (urn:li:organization:N or N), or clear to
// forget what abmsync found or was told, so that the next LinkedIn sync
// asks LinkedIn again.
type LinkedInOrgRequest struct {
	Account string `json:"account"`
	URN     string `json:"urn,omitempty"`
	Clear   bool   `json:"clear,omitempty"`
}

// LinkedInOrgResponse says what was stored.
type LinkedInOrgResponse struct {
	Account string `json:"account"`
	// Status is "confirmed" or "cleared".
	Status string `json:"status"`
	URN    string `json:"urn,omitempty"`
	Note   string `json:"note"`
}

// LinkedInOrgIssue is a target account whose organization LinkedIn did not
// settle: none carries its name, or several do. GET /api/status lists them.
type LinkedInOrgIssue struct {
	Account string `json:"account"`
	Name    string `json:"name,omitempty"`
	// Status is "ambiguous" or "none".
	Status     string               `json:"status"`
	Candidates []store.OrgCandidate `json:"candidates,omitempty"`
	CheckedAt  time.Time            `json:"checked_at,omitzero"`
}

// errOrgInput is a request mistake (400).
type errOrgInput struct{ msg string }

func (e *errOrgInput) Error() string { return e.msg }

func (s *Server) linkedInOrg(w http.ResponseWriter, r *http.Request) {
	var req LinkedInOrgRequest
	if !decodeBody(w, r, &req, "bad request body", false) {
		return
	}
	res, err := s.setLinkedInOrg(r.Context(), req)
	if err != nil {
		writeError(w, orgErrorStatus(err), err.Error())
		return
	}
	writeJSON(w, http.StatusOK, res)
}

func orgErrorStatus(err error) int {
	var in *errOrgInput
	switch {
	case errors.As(err, &in):
		return http.StatusBadRequest
	case errors.Is(err, store.ErrNotFound):
		return http.StatusNotFound
	}
	return http.StatusInternalServerError
}

// setLinkedInOrg stores an admin's confirmation (written to the CRM's
// abm_linkedin_org_urn by the next LinkedIn sync) or forgets the account's
// resolution.
func (s *Server) setLinkedInOrg(ctx context.Context, req LinkedInOrgRequest) (LinkedInOrgResponse, error) {
	id := strings.TrimSpace(req.Account)
	if id == "" {
		return LinkedInOrgResponse{}, &errOrgInput{"give an account"}
	}
	if req.Clear == (strings.TrimSpace(req.URN) != "") {
		return LinkedInOrgResponse{}, &errOrgInput{"give a urn (urn:li:organization:N) or clear, not both"}
	}
	if _, err := s.Store.Record(ctx, crm.Companies, id); err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return LinkedInOrgResponse{}, &notFoundError{"no synced company with id " + id}
		}
		return LinkedInOrgResponse{}, err
	}
	if req.Clear {
		if err := s.Store.DeleteOrgResolutions(ctx, id); err != nil {
			return LinkedInOrgResponse{}, err
		}
		return LinkedInOrgResponse{Account: id, Status: "cleared",
			Note: "the next LinkedIn sync asks LinkedIn again unless the CRM holds abm_linkedin_org_urn"}, nil
	}
	urn := metrics.LinkedInOrgURN(crm.Record{Properties: map[string]string{metrics.PropLinkedInOrgURN: req.URN}})
	if urn == "" {
		return LinkedInOrgResponse{}, &errOrgInput{"urn " + `"` + req.URN + `"` + " is not urn:li:organization:N or a number"}
	}
	prev, err := s.Store.OrgResolution(ctx, id)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return LinkedInOrgResponse{}, err
	}
	next := store.OrgResolution{Status: store.OrgConfirmed, URN: urn, CheckedAt: time.Now().UTC(), Rejected: slices.DeleteFunc(prev.Rejected, func(u string) bool { return u == urn })}
	for _, c := range prev.Candidates {
		if c.URN == urn {
			next.Name = c.Name
		}
	}
	if err := s.Store.SetOrgResolutions(ctx, map[string]store.OrgResolution{id: next}); err != nil {
		return LinkedInOrgResponse{}, err
	}
	s.logger().Info("linkedin organization confirmed", "account", id, "urn", urn)
	return LinkedInOrgResponse{Account: id, Status: store.OrgConfirmed, URN: urn,
		Note: "written to abm_linkedin_org_urn by the next LinkedIn sync (abmsync resync --source linkedin)"}, nil
}

// notFoundError is an unknown account (404); it matches store.ErrNotFound.
type notFoundError struct{ msg string }

func (e *notFoundError) Error() string { return e.msg }
func (e *notFoundError) Is(target error) bool {
	return target == store.ErrNotFound
}

// linkedInOrgIssues lists the accounts whose organization awaits a person,
// by account id.
func (s *Server) linkedInOrgIssues(ctx context.Context) []LinkedInOrgIssue {
	states, err := s.Store.OrgResolutions(ctx)
	if err != nil {
		return nil
	}
	var out []LinkedInOrgIssue
	for id, r := range states {
		if r.Status != store.OrgAmbiguous && r.Status != store.OrgNone {
			continue
		}
		issue := LinkedInOrgIssue{Account: id, Status: r.Status, Candidates: r.Candidates, CheckedAt: r.CheckedAt}
		if rec, err := s.Store.Record(ctx, crm.Companies, id); err == nil {
			issue.Name = rec.Properties["name"]
		}
		out = append(out, issue)
	}
	slices.SortFunc(out, func(a, b LinkedInOrgIssue) int { return strings.Compare(a.Account, b.Account) })
	return out
}

// orgView is the LinkedIn organization section of the account page.
type orgView struct {
	// CRMURN is the CRM's abm_linkedin_org_urn (or numeric company page).
	CRMURN string
	// State is abmsync's resolution; nil when there is none.
	State *store.OrgResolution
	// Action is where the section's forms post.
	Action string
	// Message reports the last change (after a form's redirect).
	Message string
}

func (s *Server) newOrgView(ctx context.Context, id string) *orgView {
	if s.Store == nil {
		return nil
	}
	v := &orgView{Action: accountHref(id) + "/linkedin-organization"}
	if rec, err := s.Store.Record(ctx, crm.Companies, id); err == nil {
		v.CRMURN = metrics.LinkedInOrgURN(rec)
	}
	if r, err := s.Store.OrgResolution(ctx, id); err == nil {
		v.State = &r
	}
	return v
}

// dashLinkedInOrg is the account page's form: confirm a candidate, enter a
// URN, or clear. Browsers send the session cookie (SameSite=Strict) only
// from the dashboard itself; a cross-site request is refused besides.
func (s *Server) dashLinkedInOrg(w http.ResponseWriter, r *http.Request) {
	if !sameOrigin(r) {
		s.dashError(w, http.StatusForbidden, "The form must be sent from the dashboard itself.")
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, 4<<10)
	if err := r.ParseForm(); err != nil {
		s.dashError(w, http.StatusBadRequest, "The form could not be read.")
		return
	}
	id := r.PathValue("id")
	req := LinkedInOrgRequest{Account: id, URN: r.PostForm.Get("urn"), Clear: r.PostForm.Get("clear") != ""}
	res, err := s.setLinkedInOrg(r.Context(), req)
	if err != nil {
		s.dashError(w, orgErrorStatus(err), "LinkedIn organization not changed: "+err.Error())
		return
	}
	http.Redirect(w, r, accountHref(id)+"?linkedin="+url.QueryEscape(res.Status)+"#linkedin-organization", http.StatusSeeOther)
}

// sameOrigin reports whether a browser sent r from this server's own pages
// (Sec-Fetch-Site, else Origin); a request without either (curl with the
// token) passes.
func sameOrigin(r *http.Request) bool {
	if site := r.Header.Get("Sec-Fetch-Site"); site != "" {
		return site == "same-origin" || site == "none"
	}
	if o := r.Header.Get("Origin"); o != "" {
		u, err := url.Parse(o)
		return err == nil && u.Host == r.Host
	}
	return true
}
