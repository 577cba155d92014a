package linkedin

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/abmsync/abmsync/crm"
	"github.com/abmsync/abmsync/internal/httpx"
)

// MaxBatchElements is the most elements UpdateCompanies sends in one call
// to /dmpSegments/{id}/companies. LinkedIn's pages on DMP segment companies
// do not state a per-call maximum in the parts read for this package; 5000
// is an assumption (see doc.go).
const MaxBatchElements = 5000

// Segment readiness. LinkedIn asks to wait 5 seconds after creating a DMP
// segment before streaming companies into it; in practice a new segment can
// answer 404 for longer, so UpdateCompanies retries a 404 on a segment
// created (or first seen) within segmentNotReadyWindow.
const (
	segmentSettle          = 5 * time.Second
	segmentNotReadyWindow  = 15 * time.Minute
	segmentNotReadyRetries = 5
	segmentNotReadyBase    = 5 * time.Second
)

// Segment types and the destination abmsync uses.
const (
	SegmentTypeCompany  = "COMPANY"
	destinationLinkedIn = "LINKEDIN"
	accessPolicyPrivate = "PRIVATE"
)

// Segment is a DMP segment (a Matched Audience) in the ad account.
type Segment struct {
	// ID is the numeric DMP segment ID, as a string.
	ID string
	// Name is the segment's name, unique per campaign by abmsync's choice.
	Name string
	// Account is the sponsored account URN.
	Account string
	// Type is COMPANY for the segments abmsync manages.
	Type string
	// SourcePlatform is the partner enum the segment was created with.
	SourcePlatform string
	// Status is the LINKEDIN destination's status (BUILDING, UPDATING,
	// READY, FAILED, ...), empty when LinkedIn reported none yet.
	Status string
	// AdSegment is the urn:li:adSegment a campaign targets, once LinkedIn
	// has assigned it.
	AdSegment string
	// InputCount and MatchedCount are LinkedIn's counts (LinkedIn computes
	// them over a rolling window; they lag behind updates).
	InputCount   int64
	MatchedCount int64
	// Created is when LinkedIn created the segment (or, right after
	// creating it, when the client did).
	Created time.Time
}

type segmentJSON struct {
	ID             json.Number `json:"id"`
	Name           string      `json:"name"`
	Account        string      `json:"account"`
	Type           string      `json:"type"`
	SourcePlatform string      `json:"sourcePlatform"`
	Created        int64       `json:"created"`
	InputCount     int64       `json:"inputCount"`
	Destinations   []struct {
		Destination          string `json:"destination"`
		Status               string `json:"status"`
		DestinationSegmentID string `json:"destinationSegmentId"`
		MatchedCount         int64  `json:"matchedCount"`
	} `json:"destinations"`
}

func (s segmentJSON) segment() Segment {
	seg := Segment{
		ID: s.ID.String(), Name: s.Name, Account: s.Account, Type: s.Type,
		SourcePlatform: s.SourcePlatform, InputCount: s.InputCount,
	}
	if s.Created > 0 {
		seg.Created = time.UnixMilli(s.Created).UTC()
	}
	for _, d := range s.Destinations {
		if d.Destination == destinationLinkedIn {
			seg.Status, seg.AdSegment, seg.MatchedCount = d.Status, d.DestinationSegmentID, d.MatchedCount
		}
	}
	return seg
}

type segmentPage struct {
	Paging struct {
		Start int `json:"start"`
		Count int `json:"count"`
		Total int `json:"total"`
	} `json:"paging"`
	Elements []segmentJSON `json:"elements"`
}

// FindOrCreateCompanySegment returns the DMP segment called name in the ad
// account, creating an empty COMPANY segment (PRIVATE, destination LINKEDIN)
// when there is none. Several segments with the name: the oldest wins. A
// segment with the name but of another type is an error (crm.ErrPermanent).
// Creating needs Config.SourcePlatform. If the create call fails in a way
// that may have created the segment anyway (5xx, timeout), the account is
// searched again before the error is returned.
func (c *Client) FindOrCreateCompanySegment(ctx context.Context, name string) (Segment, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return Segment{}, permanentf("find or create DMP segment: empty name")
	}
	seg, found, err := c.findSegment(ctx, name)
	if err != nil {
		return Segment{}, wrapOp(err, "find DMP segment %q", name)
	}
	if found {
		return c.checkFound(seg)
	}
	if c.sourcePlatform == "" {
		return Segment{}, permanentf("create DMP segment %q: no sourcePlatform configured (LinkedIn assigns this enum to approved Audiences partners)", name)
	}
	seg, err = c.createSegment(ctx, name)
	if err == nil {
		return seg, nil
	}
	if errors.Is(err, crm.ErrPermanent) || ctx.Err() != nil {
		return Segment{}, wrapOp(err, "create DMP segment %q", name)
	}
	again, found, ferr := c.findSegment(ctx, name)
	if ferr == nil && found {
		c.log.Info("DMP segment exists after a failed create", "segment", again.ID, "error", err.Error())
		return c.checkFound(again)
	}
	return Segment{}, wrapOp(err, "create DMP segment %q", name)
}

func (c *Client) checkFound(seg Segment) (Segment, error) {
	if seg.Type != SegmentTypeCompany {
		return Segment{}, permanentf("DMP segment %q (%s) has type %s, not %s: rename the campaign's audience or the segment",
			seg.Name, seg.ID, seg.Type, SegmentTypeCompany)
	}
	// A segment created moments ago by another process may still 404.
	if !seg.Created.IsZero() && c.clock.Now().Sub(seg.Created) < segmentNotReadyWindow {
		c.noteCreated(seg.ID, seg.Created)
	}
	return seg, nil
}

// findSegment pages through GET /rest/dmpSegments?q=account and returns
// the oldest segment named name.
func (c *Client) findSegment(ctx context.Context, name string) (Segment, bool, error) {
	var best Segment
	found := false
	for start, pages := 0, 0; ; pages++ {
		if pages >= 1000 {
			return Segment{}, false, errors.New("linkedin: DMP segment finder does not end after 1000 pages")
		}
		var q rawQuery
		q.add("q", "account")
		q.add("account", restliEscape(c.account))
		if c.sourcePlatform != "" {
			q.add("sourcePlatform", restliEscape(c.sourcePlatform))
		}
		if start > 0 {
			q.add("start", strconv.Itoa(start))
		}
		req, err := c.newRequest(ctx, http.MethodGet, "/rest/dmpSegments", q, nil)
		if err != nil {
			return Segment{}, false, err
		}
		var page segmentPage
		if _, err := c.do(req, &page); err != nil {
			return Segment{}, false, err
		}
		for _, el := range page.Elements {
			s := el.segment()
			if s.Name != name {
				continue
			}
			if !found || olderSegment(s, best) {
				best, found = s, true
			}
		}
		start += len(page.Elements)
		if len(page.Elements) == 0 || (page.Paging.Total > 0 && start >= page.Paging.Total) ||
			(page.Paging.Total == 0 && page.Paging.Count > 0 && len(page.Elements) < page.Paging.Count) {
			return best, found, nil
		}
	}
}

func olderSegment(a, b Segment) bool {
	if !a.Created.Equal(b.Created) {
		return a.Created.Before(b.Created)
	}
	ai, _ := strconv.ParseInt(a.ID, 10, 64)
	bi, _ := strconv.ParseInt(b.ID, 10, 64)
	return ai < bi
}

type createSegmentRequest struct {
	Name           string           `json:"name"`
	SourcePlatform string           `json:"sourcePlatform"`
	Account        string           `json:"account"`
	AccessPolicy   string           `json:"accessPolicy"`
	Type           string           `json:"type"`
	Destinations   []map[string]any `json:"destinations"`
}

// createSegment is POST /rest/dmpSegments. LinkedIn answers 201 with the
// new ID in the x-restli-id header.
func (c *Client) createSegment(ctx context.Context, name string) (Segment, error) {
	body := createSegmentRequest{
		Name:           name,
		SourcePlatform: c.sourcePlatform,
		Account:        c.account,
		AccessPolicy:   accessPolicyPrivate,
		Type:           SegmentTypeCompany,
		Destinations:   []map[string]any{{"destination": destinationLinkedIn}},
	}
	req, err := c.newRequest(ctx, http.MethodPost, "/rest/dmpSegments", nil, body)
	if err != nil {
		return Segment{}, err
	}
	resp, err := c.do(req, nil)
	if err != nil {
		return Segment{}, err
	}
	id := createdID(resp.Header)
	if id == "" {
		return Segment{}, fmt.Errorf("linkedin: POST /rest/dmpSegments: %d answer names no segment ID (x-restli-id)", resp.StatusCode)
	}
	now := c.clock.Now()
	c.noteCreated(id, now)
	c.log.Info("created DMP segment", "segment", id, "name", name)
	return Segment{
		ID: id, Name: name, Account: c.account, Type: SegmentTypeCompany,
		SourcePlatform: c.sourcePlatform, Created: now,
	}, nil
}

// createdID reads the new entity's ID from x-restli-id, x-linkedin-id or
// the Location header.
func createdID(h http.Header) string {
	for _, k := range []string{"X-Restli-Id", "X-Linkedin-Id"} {
		if v := strings.TrimSpace(h.Get(k)); v != "" {
			return v
		}
	}
	if loc := h.Get("Location"); loc != "" {
		if u, err := url.Parse(loc); err == nil {
			p := strings.TrimRight(u.Path, "/")
			return p[strings.LastIndex(p, "/")+1:]
		}
	}
	return ""
}

func (c *Client) noteCreated(id string, at time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	now := c.clock.Now()
	for k, t := range c.created {
		if now.Sub(t) > segmentNotReadyWindow {
			delete(c.created, k)
		}
	}
	c.created[id] = at
}

// createdAt returns when the segment was created, if that was within the
// not-yet-available window.
func (c *Client) createdAt(id string) (time.Time, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	t, ok := c.created[id]
	if !ok || c.clock.Now().Sub(t) > segmentNotReadyWindow {
		return time.Time{}, false
	}
	return t, true
}

// Action is what a CompanyElement does to the segment.
type Action string

// Actions of a CompanyElement.
const (
	ActionAdd    Action = "ADD"
	ActionRemove Action = "REMOVE"
)

// CompanyElement adds a company to or removes it from a DMP segment. A
// company is identified by OrganizationURN when known (then Domain and Name
// are not sent, so that ADD and REMOVE of one company always match);
// otherwise by Domain (its website domain) and Name together, at least one
// of them set.
type CompanyElement struct {
	// Action is ActionAdd or ActionRemove.
	Action Action
	// OrganizationURN is urn:li:organization:N.
	OrganizationURN string
	// Domain is the company's website domain; a URL is reduced to its host.
	Domain string
	// Name is the company's name.
	Name string
}

// ElementError is one element LinkedIn (or the client) refused.
type ElementError struct {
	// Element is the element as the caller passed it.
	Element CompanyElement
	// Status is LinkedIn's per-element status (e.g. 400), 0 when the client
	// refused the element before sending it or LinkedIn's answer had no
	// entry for it.
	Status int
	// Message is LinkedIn's message, or the client's reason.
	Message string
}

// BatchResult reports UpdateCompanies element by element: every element
// sent ends in Applied or Failed, never neither.
type BatchResult struct {
	// Applied are the elements LinkedIn accepted, in input order.
	Applied []CompanyElement
	// Failed are the elements refused, by LinkedIn or by the client.
	Failed []ElementError
	// Calls is the number of HTTP attempts made, retries included.
	Calls int
}

type companyElementJSON struct {
	Action               Action `json:"action"`
	OrganizationURN      string `json:"organizationUrn,omitempty"`
	CompanyWebsiteDomain string `json:"companyWebsiteDomain,omitempty"`
	CompanyName          string `json:"companyName,omitempty"`
}

type batchAnswer struct {
	Elements []struct {
		Status  int    `json:"status"`
		Message string `json:"message"`
		Error   *struct {
			Message string `json:"message"`
			Status  int    `json:"status"`
		} `json:"error"`
	} `json:"elements"`
}

var organizationURNPattern = regexp.MustCompile(`^urn:li:organization:[0-9]+$`)

// wireElement validates e and returns what is sent, or why it is refused.
func wireElement(e CompanyElement) (companyElementJSON, string) {
	if e.Action != ActionAdd && e.Action != ActionRemove {
		return companyElementJSON{}, fmt.Sprintf("action %q is not ADD or REMOVE", e.Action)
	}
	if urn := strings.TrimSpace(e.OrganizationURN); urn != "" {
		if !organizationURNPattern.MatchString(urn) {
			return companyElementJSON{}, fmt.Sprintf("organization URN %q is not urn:li:organization:N", urn)
		}
		return companyElementJSON{Action: e.Action, OrganizationURN: urn}, ""
	}
	w := companyElementJSON{Action: e.Action, CompanyWebsiteDomain: websiteDomain(e.Domain), CompanyName: strings.TrimSpace(e.Name)}
	if w.CompanyWebsiteDomain == "" && w.CompanyName == "" {
		return companyElementJSON{}, "no organization URN, domain or name"
	}
	return w, ""
}

// websiteDomain reduces a domain or URL to a lower-case host name.
func websiteDomain(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	if i := strings.Index(s, "://"); i >= 0 {
		s = s[i+3:]
	}
	if i := strings.IndexAny(s, "/?#"); i >= 0 {
		s = s[:i]
	}
	if i := strings.LastIndexByte(s, '@'); i >= 0 {
		s = s[i+1:]
	}
	if h, _, ok := strings.Cut(s, ":"); ok {
		s = h
	}
	return strings.TrimSuffix(s, ".")
}

// UpdateCompanies adds and removes companies in the DMP segment
// (POST /rest/dmpSegments/{id}/companies, X-RestLi-Method: BATCH_CREATE) in
// calls of at most Config.BatchSize elements, in order. LinkedIn answers
// 200 with one status per element; refused ones go to Failed with
// LinkedIn's message, as do elements the client refuses before sending
// (bad action, no identifier, malformed URN).
//
// The calls are resent after 5xx and lost answers: adding a company that is
// in the segment, or removing one that is not, changes nothing, so a resent
// batch ends in the same membership. A segment created moments ago is
// waited for (LinkedIn asks for 5 seconds) and its 404s are retried with
// backoff. A call refused as a whole stops the update: the error is
// returned with the result of the calls before it; elements of unsent
// calls are in neither list.
func (c *Client) UpdateCompanies(ctx context.Context, segmentID string, elems []CompanyElement) (BatchResult, error) {
	ctx, cc := httpx.WithCounter(ctx)
	var res BatchResult
	if !digitsPattern.MatchString(segmentID) {
		return res, permanentf("update DMP segment companies: segment ID %q is not numeric", segmentID)
	}
	var send []CompanyElement
	var wire []companyElementJSON
	for _, e := range elems {
		w, msg := wireElement(e)
		if msg != "" {
			res.Failed = append(res.Failed, ElementError{Element: e, Message: msg})
			continue
		}
		send = append(send, e)
		wire = append(wire, w)
	}
	if len(wire) == 0 {
		res.Calls = cc.Count()
		return res, nil
	}
	if at, ok := c.createdAt(segmentID); ok {
		if wait := at.Add(segmentSettle).Sub(c.clock.Now()); wait > 0 {
			if err := c.clock.Sleep(ctx, wait); err != nil {
				return res, err
			}
		}
	}
	ctx = markIdempotent(ctx)
	path := "/rest/dmpSegments/" + segmentID + "/companies"
	for start := 0; start < len(wire); start += c.batchSize {
		end := min(start+c.batchSize, len(wire))
		answer, err := c.sendCompanies(ctx, segmentID, path, wire[start:end])
		if err != nil {
			res.Calls = cc.Count()
			return res, wrapOp(err, "update DMP segment %s companies (elements %d-%d of %d)", segmentID, start+1, end, len(wire))
		}
		for i, e := range send[start:end] {
			if i >= len(answer.Elements) {
				res.Failed = append(res.Failed, ElementError{Element: e, Message: "LinkedIn's answer has no status for this element"})
				continue
			}
			a := answer.Elements[i]
			if a.Status >= 200 && a.Status <= 299 {
				res.Applied = append(res.Applied, e)
				continue
			}
			msg := a.Message
			if a.Error != nil && a.Error.Message != "" {
				msg = a.Error.Message
			}
			if msg == "" {
				msg = http.StatusText(a.Status)
			}
			res.Failed = append(res.Failed, ElementError{Element: e, Status: a.Status, Message: msg})
		}
	}
	res.Calls = cc.Count()
	return res, nil
}

// sendCompanies sends one batch, retrying a 404 while the segment is new.
func (c *Client) sendCompanies(ctx context.Context, segmentID, path string, batch []companyElementJSON) (batchAnswer, error) {
	body := map[string]any{"elements": batch}
	for attempt := 0; ; attempt++ {
		req, err := c.newRequest(ctx, http.MethodPost, path, nil, body)
		if err != nil {
			return batchAnswer{}, err
		}
		req.Header.Set(headerMethod, "BATCH_CREATE")
		var answer batchAnswer
		_, err = c.do(req, &answer)
		if err == nil {
			return answer, nil
		}
		if !errors.Is(err, ErrNotFound) || attempt >= segmentNotReadyRetries {
			return batchAnswer{}, err
		}
		if _, fresh := c.createdAt(segmentID); !fresh {
			return batchAnswer{}, err
		}
		delay := min(segmentNotReadyBase<<attempt, time.Minute)
		c.log.Info("DMP segment not available yet, waiting", "segment", segmentID, "retry", attempt+1, "delay", delay)
		if err := c.clock.Sleep(ctx, delay); err != nil {
			return batchAnswer{}, err
		}
	}
}
