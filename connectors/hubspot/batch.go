package hubspot

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"

	"github.com/abmsync/abmsync/crm"
	"github.com/abmsync/abmsync/internal/httpx"
)

// MaxBatchInputs is the most records one batch create, update or read call
// accepts.
const MaxBatchInputs = 100

// batchError is one entry of the errors array of a batch answer. Context.ids
// names the inputs it is about.
type batchError struct {
	Status      string          `json:"status"`
	Category    string          `json:"category"`
	SubCategory json.RawMessage `json:"subCategory,omitempty"`
	Message     string          `json:"message"`
	Context     json.RawMessage `json:"context,omitempty"`
	Errors      []ErrorDetail   `json:"errors,omitempty"`
	ID          string          `json:"id,omitempty"`
}

// ids returns the input IDs the error is about (context.ids), if any.
func (e *batchError) ids() []string {
	var ctx map[string][]string
	if json.Unmarshal(e.Context, &ctx) != nil {
		return nil
	}
	return ctx["ids"]
}

// message is HubSpot's message plus the codes of the detailed errors
// (e.g. PROPERTY_DOESNT_EXIST), which the message may not name.
func (e *batchError) message() string {
	msg := e.Message
	var codes []string
	for _, d := range e.Errors {
		if d.Code != "" && !strings.Contains(msg, d.Code) {
			codes = append(codes, d.Code)
		}
	}
	if len(codes) > 0 {
		msg += " [" + strings.Join(codes, ", ") + "]"
	}
	return msg
}

type batchUpdateInput struct {
	ID         string            `json:"id"`
	Properties map[string]string `json:"properties"`
}

type batchUpdateResponse struct {
	Status  string `json:"status"`
	Results []struct {
		ID ID `json:"id"`
	} `json:"results"`
	NumErrors int          `json:"numErrors"`
	Errors    []batchError `json:"errors"`
}

// BatchUpdate writes property values to existing records
// (POST /crm/objects/{version}/{objectType}/batch/update), at most
// MaxBatchInputs per call. A 200 answer means the whole chunk was written;
// a 207 lists per-record failures, which go to Failed attributed by
// context.ids (a record HubSpot reports neither way is Failed too, never
// dropped). A chunk refused as a whole (4xx, or 5xx, which is not resent
// since writes are not idempotent) stops the update: the error is returned
// with the result of the chunks before it. Duplicate IDs are refused before
// any call, as HubSpot refuses them.
func (c *Client) BatchUpdate(ctx context.Context, objectType crm.ObjectType, updates []crm.Update) (crm.UpdateResult, error) {
	ctx, cc := httpx.WithCounter(ctx)
	var res crm.UpdateResult
	seen := make(map[string]bool, len(updates))
	for _, u := range updates {
		if u.ID == "" {
			return res, permanentf("hubspot: batch update %s: update without a record ID", objectType)
		}
		if seen[u.ID] {
			return res, permanentf("hubspot: batch update %s: record %s appears twice", objectType, u.ID)
		}
		seen[u.ID] = true
	}
	path := c.path("crm", "objects", c.version, string(objectType), "batch", "update")
	for start := 0; start < len(updates); start += MaxBatchInputs {
		chunk := updates[start:min(start+MaxBatchInputs, len(updates))]
		inputs := make([]batchUpdateInput, len(chunk))
		for i, u := range chunk {
			inputs[i] = batchUpdateInput{ID: u.ID, Properties: u.Properties}
			if inputs[i].Properties == nil {
				inputs[i].Properties = map[string]string{}
			}
		}
		req, err := c.newRequest(ctx, http.MethodPost, path, nil, struct {
			Inputs []batchUpdateInput `json:"inputs"`
		}{inputs})
		if err != nil {
			return res, err
		}
		var out batchUpdateResponse
		resp, err := c.do(req, &out)
		res.Calls = cc.Count()
		if err != nil {
			return res, wrapOp(err, "batch update %s (%d inputs)", objectType, len(chunk))
		}
		if resp.StatusCode == http.StatusMultiStatus || len(out.Errors) > 0 {
			res.Updated, res.Failed = attribute(chunk, out, res.Updated, res.Failed)
			continue
		}
		for _, u := range chunk {
			res.Updated = append(res.Updated, u.ID)
		}
	}
	res.Calls = cc.Count()
	return res, nil
}

// attribute splits the chunk of a 207 answer into updated and failed
// records.
func attribute(chunk []crm.Update, out batchUpdateResponse, updated []string, failed []crm.RecordError) ([]string, []crm.RecordError) {
	inChunk := make(map[string]bool, len(chunk))
	for _, u := range chunk {
		inChunk[u.ID] = true
	}
	done := make(map[string]bool, len(chunk))
	for _, e := range out.Errors {
		ids := e.ids()
		if len(ids) == 0 && e.ID != "" {
			ids = []string{e.ID}
		}
		if len(ids) == 0 {
			// An error naming no record: it cannot be attributed, so it
			// marks every record not otherwise reported (below).
			continue
		}
		for _, id := range ids {
			if inChunk[id] && !done[id] {
				done[id] = true
				failed = append(failed, crm.RecordError{ID: id, Category: e.Category, Message: e.message()})
			}
		}
	}
	ok := make(map[string]bool, len(out.Results))
	for _, r := range out.Results {
		ok[string(r.ID)] = true
	}
	var unattributed *batchError
	for i := range out.Errors {
		if len(out.Errors[i].ids()) == 0 && out.Errors[i].ID == "" {
			unattributed = &out.Errors[i]
			break
		}
	}
	for _, u := range chunk {
		switch {
		case done[u.ID]:
		case ok[u.ID]:
			updated = append(updated, u.ID)
		case unattributed != nil:
			failed = append(failed, crm.RecordError{ID: u.ID, Category: unattributed.Category, Message: unattributed.message()})
		default:
			failed = append(failed, crm.RecordError{ID: u.ID, Message: "HubSpot reported neither success nor failure for this record"})
		}
	}
	return updated, failed
}
