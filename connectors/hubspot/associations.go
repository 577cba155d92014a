package hubspot

import (
	"context"
	"net/http"
)

// MaxAssociationInputs is the most IDs one associations batch read accepts
// (HubSpot changelog, 2025-02-10: "may not exceed 1000 IDs per request body").
const MaxAssociationInputs = 1000

type assocInput struct {
	ID    string `json:"id"`
	After string `json:"after,omitempty"`
}

type assocBatchResponse struct {
	Status  string `json:"status"`
	Results []struct {
		From struct {
			ID ID `json:"id"`
		} `json:"from"`
		To []struct {
			ToObjectID ID `json:"toObjectId"`
		} `json:"to"`
		Paging *Paging `json:"paging,omitempty"`
	} `json:"results"`
	Errors []batchError `json:"errors"`
}

// BatchReadAssociations returns the IDs of the toType records associated
// with each fromType record in ids
// (POST /crm/associations/{version}/{fromType}/{toType}/batch/read). It
// sends at most MaxAssociationInputs IDs per call and follows each record's
// paging until its list is complete, asking again only for the records
// with more pages. Records without associations are absent from the map
// (HubSpot reports them as per-input errors of a 207 answer). IDs keep
// HubSpot's order, without duplicates.
func (c *Client) BatchReadAssociations(ctx context.Context, fromType, toType string, ids []string) (map[string][]string, error) {
	out := make(map[string][]string, len(ids))
	seen := make(map[string]map[string]bool)
	pending := make([]assocInput, 0, len(ids))
	dup := make(map[string]bool, len(ids))
	for _, id := range ids {
		if !dup[id] {
			dup[id] = true
			pending = append(pending, assocInput{ID: id})
		}
	}
	ctx = withKind(ctx, kindRead)
	path := c.path("crm", "associations", c.version, fromType, toType, "batch", "read")
	for len(pending) > 0 {
		n := min(len(pending), MaxAssociationInputs)
		chunk := pending[:n]
		pending = pending[n:]
		req, err := c.newRequest(ctx, http.MethodPost, path, nil, struct {
			Inputs []assocInput `json:"inputs"`
		}{chunk})
		if err != nil {
			return nil, err
		}
		var res assocBatchResponse
		if _, err := c.do(req, &res); err != nil {
			return nil, err
		}
		for _, r := range res.Results {
			from := string(r.From.ID)
			s := seen[from]
			if s == nil {
				s = make(map[string]bool)
				seen[from] = s
			}
			for _, t := range r.To {
				to := string(t.ToObjectID)
				if !s[to] {
					s[to] = true
					out[from] = append(out[from], to)
				}
			}
			if after := r.Paging.after(); after != "" {
				pending = append(pending, assocInput{ID: from, After: after})
			}
		}
		for _, e := range res.Errors {
			c.log.Debug("association batch read input failed", "from", fromType, "to", toType,
				"category", e.Category, "subCategory", rawString(e.SubCategory), "message", e.Message)
		}
	}
	return out, nil
}
