package admin

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/abmsync/abmsync/campaign"
	"github.com/abmsync/abmsync/kpi"
	"github.com/abmsync/abmsync/store"
)

// Client talks to a running daemon's admin API (used by the CLI).
type Client struct {
	// BaseURL is like http://127.0.0.1:8080.
	BaseURL string
	Token   string
	HTTP    *http.Client
}

// APIError is a non-2xx answer of the admin API.
type APIError struct {
	Status  int
	Message string
}

func (e *APIError) Error() string { return fmt.Sprintf("admin API: %d: %s", e.Status, e.Message) }

// Resync asks for a sync run; existing is true when the same scope was
// already queued or running and no new run was started.
func (c *Client) Resync(ctx context.Context, req ResyncRequest) (ResyncResponse, error) {
	var out ResyncResponse
	err := c.do(ctx, http.MethodPost, "/api/resync", req, &out, http.StatusConflict)
	return out, err
}

// Run returns one run; an unknown id is an *APIError with Status 404.
func (c *Client) Run(ctx context.Context, id string) (store.Run, error) {
	var out store.Run
	// Escaped so that an id holding "/", "?" or "#" names that run and not
	// another route or a query.
	return out, c.do(ctx, http.MethodGet, "/api/runs/"+url.PathEscape(id), nil, &out)
}

// DoNotContact adds a person to the suppression list.
func (c *Client) DoNotContact(ctx context.Context, req DoNotContactRequest) error {
	var out map[string]bool
	return c.do(ctx, http.MethodPost, "/api/do-not-contact", req, &out)
}

// LinkedInOrg confirms, enters or clears a target account's LinkedIn
// organization.
func (c *Client) LinkedInOrg(ctx context.Context, req LinkedInOrgRequest) (LinkedInOrgResponse, error) {
	var out LinkedInOrgResponse
	return out, c.do(ctx, http.MethodPost, LinkedInOrgPath, req, &out)
}

// Forget erases a person (by e-mail) from abmsync's state and suppresses them.
func (c *Client) Forget(ctx context.Context, email string) (ForgetResponse, error) {
	var out ForgetResponse
	return out, c.do(ctx, http.MethodPost, "/api/forget", ForgetRequest{Email: email}, &out)
}

// ImportConnections uploads a LinkedIn Connections export for owner,
// streaming it from r.
func (c *Client) ImportConnections(ctx context.Context, owner string, r io.Reader) (campaign.ImportResult, error) {
	var out campaign.ImportResult
	req, err := http.NewRequestWithContext(ctx, http.MethodPost,
		strings.TrimRight(c.BaseURL, "/")+"/api/imports/linkedin-connections?owner="+url.QueryEscape(owner), r)
	if err != nil {
		return out, err
	}
	req.Header.Set("Content-Type", "text/csv")
	return out, c.send(req, &out)
}

// ImportAccessLog uploads a web-server access log, streaming it from r.
func (c *Client) ImportAccessLog(ctx context.Context, r io.Reader) (campaign.AccessLogResult, error) {
	var out campaign.AccessLogResult
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, strings.TrimRight(c.BaseURL, "/")+"/api/imports/access-log", r)
	if err != nil {
		return out, err
	}
	req.Header.Set("Content-Type", "text/plain")
	return out, c.send(req, &out)
}

// ImportNPS uploads survey answers (CSV) under source, streaming them from r.
func (c *Client) ImportNPS(ctx context.Context, source string, r io.Reader) (campaign.NPSImportResult, error) {
	var out campaign.NPSImportResult
	req, err := http.NewRequestWithContext(ctx, http.MethodPost,
		strings.TrimRight(c.BaseURL, "/")+"/api/imports/nps?source="+url.QueryEscape(source), r)
	if err != nil {
		return out, err
	}
	req.Header.Set("Content-Type", "text/csv")
	return out, c.send(req, &out)
}

// Report returns the campaign KPI report.
func (c *Client) Report(ctx context.Context) (kpi.Report, error) {
	var out kpi.Report
	return out, c.do(ctx, http.MethodGet, "/api/report", nil, &out)
}

// Status returns the daemon's sync state.
func (c *Client) Status(ctx context.Context) (Status, error) {
	var out Status
	return out, c.do(ctx, http.MethodGet, "/api/status", nil, &out)
}

func (c *Client) do(ctx context.Context, method, path string, body, out any, okStatus ...int) error {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return err
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, strings.TrimRight(c.BaseURL, "/")+path, rd)
	if err != nil {
		return err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	return c.send(req, out, okStatus...)
}

// send adds the token, sends req and decodes a 2xx (or okStatus) answer.
func (c *Client) send(req *http.Request, out any, okStatus ...int) error {
	method, path := req.Method, req.URL.Path
	req.Header.Set("Authorization", "Bearer "+c.Token)
	hc := c.HTTP
	if hc == nil {
		hc = http.DefaultClient
	}
	resp, err := hc.Do(req)
	if err != nil {
		return fmt.Errorf("admin API at %s unreachable (is abmsync serve running? ABMSYNC_ADMIN_ADDR): %w", c.BaseURL, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 4<<20))
	if err != nil {
		return fmt.Errorf("admin API: read %s %s: %w", method, path, err)
	}
	ok := resp.StatusCode/100 == 2
	for _, s := range okStatus {
		ok = ok || resp.StatusCode == s
	}
	if !ok {
		var eb ErrorBody
		if json.Unmarshal(b, &eb) != nil || eb.Error == "" {
			eb.Error = strings.TrimSpace(string(b))
		}
		return &APIError{Status: resp.StatusCode, Message: eb.Error}
	}
	if err := json.Unmarshal(b, out); err != nil {
		return fmt.Errorf("admin API: decode %s %s: %w", method, path, err)
	}
	return nil
}
