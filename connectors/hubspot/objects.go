package hubspot

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Page-size limits of the object endpoints.
const (
	// MaxListLimit is the largest page the list endpoint returns.
	MaxListLimit = 100
	// MaxSearchLimit is the largest page the search endpoint returns.
	MaxSearchLimit = 200
	// MaxSearchResults is how far one search query can page: HubSpot answers
	// 400 to an after of 10,000 or more.
	MaxSearchResults = 10000
)

// Object is one CRM record as the object endpoints return it.
type Object struct {
	ID string `json:"id"`
	// Properties holds the returned property values; a property HubSpot
	// returns as null has the value "".
	Properties map[string]string `json:"properties"`
	CreatedAt  time.Time         `json:"createdAt"`
	UpdatedAt  time.Time         `json:"updatedAt"`
	Archived   bool              `json:"archived"`
	ArchivedAt *time.Time        `json:"archivedAt,omitempty"`
	// Associations maps an associated object type (e.g. "companies") to the
	// associated records, when the list call asked for them.
	Associations map[string]AssociationList `json:"associations,omitempty"`
}

// AssociationList is the associations of one type embedded in an Object.
// When Paging.Next is set the list is incomplete.
type AssociationList struct {
	Results []AssociatedObject `json:"results"`
	Paging  *Paging            `json:"paging,omitempty"`
}

// AssociatedObject is one associated record.
type AssociatedObject struct {
	ID   ID     `json:"id"`
	Type string `json:"type,omitempty"`
}

// ID is a HubSpot record ID. It decodes from a JSON string or number, since
// HubSpot's endpoints use both.
type ID string

// UnmarshalJSON accepts "123" and 123.
func (id *ID) UnmarshalJSON(b []byte) error {
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*id = ID(s)
		return nil
	}
	var n json.Number
	if err := json.Unmarshal(b, &n); err != nil {
		return fmt.Errorf("record ID %s is neither string nor number", b)
	}
	*id = ID(n.String())
	return nil
}

// Paging is HubSpot's paging object.
type Paging struct {
	Next *NextPage `json:"next,omitempty"`
}

// NextPage holds the cursor of the next page.
type NextPage struct {
	After string `json:"after"`
	Link  string `json:"link,omitempty"`
}

func (p *Paging) after() string {
	if p == nil || p.Next == nil {
		return ""
	}
	return p.Next.After
}

// ListOptions are the query parameters of List.
type ListOptions struct {
	// Limit is the page size, 1 to MaxListLimit; 0 means MaxListLimit.
	Limit int
	// After is the cursor from the previous page's Response.Next.
	After string
	// Properties to return; HubSpot omits names it does not know.
	Properties []string
	// Associations lists object types whose associated IDs to embed.
	Associations []string
	// Archived lists archived records instead of live ones.
	Archived bool
}

// ListResult is one page of List.
type ListResult struct {
	Results []Object `json:"results"`
	Paging  *Paging  `json:"paging,omitempty"`
}

// List reads one page of objectType records
// (GET /crm/objects/{version}/{objectType}). Response.Next continues.
func (c *Client) List(ctx context.Context, objectType string, opts *ListOptions) (*ListResult, *Response, error) {
	var out ListResult
	resp, err := c.list(ctx, objectType, opts, &out)
	if err != nil {
		return nil, resp, err
	}
	resp.Next = out.Paging.after()
	return &out, resp, nil
}

// rawList is a list page left undecoded but for its paging cursor: Pages
// requests the next page with the cursor and decodes the body while it
// waits (see decodeList).
type rawList struct {
	body     []byte
	paging   *Paging
	endpoint string
}

// DecodeRaw keeps the body and decodes only its top-level "paging".
func (l *rawList) DecodeRaw(data []byte) error {
	val, found, err := topLevelValue(data, "paging")
	if err != nil {
		return err
	}
	l.body = data
	if found {
		return json.Unmarshal(val, &l.paging)
	}
	return nil
}

// listRaw is List without decoding the records.
func (c *Client) listRaw(ctx context.Context, objectType string, opts *ListOptions) (*rawList, *Response, error) {
	var out rawList
	resp, err := c.list(ctx, objectType, opts, &out)
	if err != nil {
		return nil, resp, err
	}
	resp.Next = out.paging.after()
	if resp.Request != nil {
		out.endpoint = resp.Request.Method + " " + resp.Request.URL.Path
	}
	return &out, resp, nil
}

// list sends the list request and decodes the answer into out.
func (c *Client) list(ctx context.Context, objectType string, opts *ListOptions, out any) (*Response, error) {
	if opts == nil {
		opts = &ListOptions{}
	}
	limit := opts.Limit
	if limit == 0 {
		limit = MaxListLimit
	}
	if limit < 0 || limit > MaxListLimit {
		return nil, permanentf("hubspot: list %s: limit %d is outside 1..%d", objectType, limit, MaxListLimit)
	}
	q := url.Values{"limit": {strconv.Itoa(limit)}}
	if opts.After != "" {
		q.Set("after", opts.After)
	}
	if len(opts.Properties) > 0 {
		q.Set("properties", strings.Join(opts.Properties, ","))
	}
	if len(opts.Associations) > 0 {
		q.Set("associations", strings.Join(opts.Associations, ","))
	}
	if opts.Archived {
		q.Set("archived", "true")
	}
	req, err := c.newRequest(ctx, http.MethodGet, c.path("crm", "objects", c.version, objectType), q, nil)
	if err != nil {
		return nil, err
	}
	return c.do(req, out)
}

// SearchRequest is the body of Search.
type SearchRequest struct {
	// FilterGroups are ORed; the filters of a group are ANDed. HubSpot
	// accepts at most 5 groups, 6 filters per group and 18 filters in all.
	FilterGroups []FilterGroup `json:"filterGroups,omitempty"`
	// Sorts holds at most one sort rule.
	Sorts      []Sort   `json:"sorts,omitempty"`
	Properties []string `json:"properties,omitempty"`
	// Limit is the page size, 1 to MaxSearchLimit; 0 means MaxSearchLimit.
	Limit int `json:"limit"`
	// After is the offset from the previous page's Response.Next; HubSpot
	// refuses offsets of MaxSearchResults or more.
	After string `json:"after,omitempty"`
	Query string `json:"query,omitempty"`
}

// FilterGroup is a conjunction of filters.
type FilterGroup struct {
	Filters []Filter `json:"filters"`
}

// Filter compares one property. Datetime values are epoch milliseconds as
// strings.
type Filter struct {
	PropertyName string   `json:"propertyName"`
	Operator     string   `json:"operator"` // EQ, NEQ, LT, LTE, GT, GTE, BETWEEN, IN, NOT_IN, HAS_PROPERTY, ...
	Value        string   `json:"value,omitempty"`
	HighValue    string   `json:"highValue,omitempty"`
	Values       []string `json:"values,omitempty"`
}

// Sort orders search results by one property.
type Sort struct {
	PropertyName string `json:"propertyName"`
	Direction    string `json:"direction"` // ASCENDING or DESCENDING
}

// SearchResult is one page of Search.
type SearchResult struct {
	Total   int      `json:"total"`
	Results []Object `json:"results"`
	Paging  *Paging  `json:"paging,omitempty"`
}

// Search runs one page of a CRM search
// (POST /crm/objects/{version}/{objectType}/search). Search never returns
// archived records or associations. Response.Next continues (empty on the
// last page); a Next of MaxSearchResults or more cannot be used: start a new
// query instead (Pull does).
func (c *Client) Search(ctx context.Context, objectType string, sr *SearchRequest) (*SearchResult, *Response, error) {
	body := SearchRequest{}
	if sr != nil {
		body = *sr
	}
	if body.Limit == 0 {
		body.Limit = MaxSearchLimit
	}
	if body.Limit < 0 || body.Limit > MaxSearchLimit {
		return nil, nil, permanentf("hubspot: search %s: limit %d is outside 1..%d", objectType, body.Limit, MaxSearchLimit)
	}
	if body.After != "" {
		n, err := strconv.Atoi(body.After)
		if err != nil || n < 0 {
			return nil, nil, permanentf("hubspot: search %s: after %q is not an offset", objectType, body.After)
		}
		if n >= MaxSearchResults {
			return nil, nil, permanentf("hubspot: search %s: after %d passes HubSpot's %d-result cap", objectType, n, MaxSearchResults)
		}
	}
	ctx = withKind(ctx, kindRead|kindSearch)
	req, err := c.newRequest(ctx, http.MethodPost, c.path("crm", "objects", c.version, objectType, "search"), nil, body)
	if err != nil {
		return nil, nil, err
	}
	var out SearchResult
	resp, err := c.do(req, &out)
	if err != nil {
		return nil, resp, err
	}
	resp.Next = out.Paging.after()
	return &out, resp, nil
}
