package admin

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/abmsync/abmsync/campaign"
	"github.com/abmsync/abmsync/metrics"
	"github.com/abmsync/abmsync/store"
)

// Client talks to a running daemon's admin API (used by the CLI).
type Client struct {
	// BaseURL is like http://127.0.0.1:8080.
	BaseURL string
	Token   string
	// HTTP sends the requests (nil: http.DefaultClient). Its Timeout bounds
	// every call but the imports, which stream a file of any size and are
	// bounded by UploadIdleTimeout instead.
	HTTP *http.Client
	// UploadIdleTimeout ends an import when the connection has taken no
	// byte of the file, or after the whole file no answer has come, for
	// this long; the error is a *StallError. Default
	// DefaultUploadIdleTimeout.
	UploadIdleTimeout time.Duration
	// Progress, when set, is called as an import streams, with the bytes of
	// the file sent so far, and once more with done set when the upload
	// ends (successfully or not). While the file streams it is called from
	// the HTTP transport's goroutine, so it must be safe for concurrent use
	// and must not block.
	Progress func(sent int64, done bool)
}

// DefaultUploadIdleTimeout is the default of Client.UploadIdleTimeout.
const DefaultUploadIdleTimeout = 60 * time.Second

// StallError is an import that made no progress for Idle: the daemon
// stopped reading the file (Uploaded false) or, the file sent, never
// answered (Uploaded true).
type StallError struct {
	Idle     time.Duration
	Sent     int64
	Uploaded bool
}

func (e *StallError) Error() string {
	if e.Uploaded {
		return fmt.Sprintf("admin API: no answer for %s after the upload (%d bytes sent); the daemon may still be importing: see its log",
			seconds(e.Idle), e.Sent)
	}
	return fmt.Sprintf("admin API: upload stalled for %s after %d bytes: the daemon stopped reading the file", seconds(e.Idle), e.Sent)
}

// seconds formats d as "60 s" or "0.25 s".
func seconds(d time.Duration) string {
	return strconv.FormatFloat(d.Seconds(), 'f', -1, 64) + " s"
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
	return out, c.upload(ctx, "/api/imports/linkedin-connections?owner="+url.QueryEscape(owner), "text/csv", r, &out)
}

// ImportAccessLog uploads a web-server access log, streaming it from r.
func (c *Client) ImportAccessLog(ctx context.Context, r io.Reader) (campaign.AccessLogResult, error) {
	var out campaign.AccessLogResult
	return out, c.upload(ctx, "/api/imports/access-log", "text/plain", r, &out)
}

// ImportNPS uploads survey answers (CSV) under source, streaming them from r.
func (c *Client) ImportNPS(ctx context.Context, source string, r io.Reader) (campaign.NPSImportResult, error) {
	var out campaign.NPSImportResult
	return out, c.upload(ctx, "/api/imports/nps?source="+url.QueryEscape(source), "text/csv", r, &out)
}

// upload POSTs the stream r to path with no total timeout: a watchdog ends
// it with a *StallError once neither the file nor the answer has moved for
// UploadIdleTimeout.
func (c *Client) upload(ctx context.Context, path, contentType string, r io.Reader, out any) error {
	idle := c.UploadIdleTimeout
	if idle <= 0 {
		idle = DefaultUploadIdleTimeout
	}
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	body := &progressReader{r: r, moved: make(chan struct{}, 1), progress: c.Progress}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, strings.TrimRight(c.BaseURL, "/")+path, body)
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", contentType)

	stop := make(chan struct{})
	watched := make(chan struct{})
	go func() {
		defer close(watched)
		t := time.NewTimer(idle)
		defer t.Stop()
		for {
			select {
			case <-body.moved:
				t.Reset(idle)
			case <-t.C:
				cancel(&StallError{Idle: idle, Sent: body.sent.Load(), Uploaded: body.eof.Load()})
				return
			case <-stop:
				return
			}
		}
	}()
	hc := *c.httpClient()
	hc.Timeout = 0 // the watchdog bounds it
	err = c.sendVia(&hc, req, out)
	close(stop)
	<-watched
	if c.Progress != nil {
		c.Progress(body.sent.Load(), true)
	}
	return err
}

// progressReader counts the bytes the transport takes and signals each
// read on moved (without blocking).
type progressReader struct {
	r        io.Reader
	sent     atomic.Int64
	eof      atomic.Bool
	moved    chan struct{}
	progress func(sent int64, done bool)
}

func (p *progressReader) Read(b []byte) (int, error) {
	n, err := p.r.Read(b)
	sent := p.sent.Add(int64(n))
	if err == io.EOF {
		p.eof.Store(true)
	}
	select {
	case p.moved <- struct{}{}:
	default:
	}
	if p.progress != nil && n > 0 {
		p.progress(sent, false)
	}
	return n, err
}

// Report returns the campaign KPI report.
func (c *Client) Report(ctx context.Context) (metrics.Report, error) {
	var out metrics.Report
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

func (c *Client) httpClient() *http.Client {
	if c.HTTP == nil {
		return http.DefaultClient
	}
	return c.HTTP
}

// send adds the token, sends req and decodes a 2xx (or okStatus) answer.
func (c *Client) send(req *http.Request, out any, okStatus ...int) error {
	return c.sendVia(c.httpClient(), req, out, okStatus...)
}

// sendVia is send through hc. A request ended by a *StallError cause (an
// upload's watchdog) returns that error.
func (c *Client) sendVia(hc *http.Client, req *http.Request, out any, okStatus ...int) error {
	method, path := req.Method, req.URL.Path
	req.Header.Set("Authorization", "Bearer "+c.Token)
	resp, err := hc.Do(req)
	var stall *StallError
	if err != nil && errors.As(context.Cause(req.Context()), &stall) {
		return stall
	}
	if err != nil {
		return fmt.Errorf("admin API at %s unreachable (is abmsync serve running? ABMSYNC_ADMIN_ADDR): %w", c.BaseURL, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 4<<20))
	if err != nil && errors.As(context.Cause(req.Context()), &stall) {
		return stall
	}
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
