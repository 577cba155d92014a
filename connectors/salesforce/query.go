package salesforce

import (
	"context"
	"net/url"
	"strconv"
	"strings"
)

// QueryResult is one batch of a SOQL query's answer.
type QueryResult struct {
	TotalSize int  `json:"totalSize"`
	Done      bool `json:"done"`
	// NextRecordsURL continues the query (Query More Results); empty when
	// Done.
	NextRecordsURL string `json:"nextRecordsUrl"`
	// Records hold the selected fields by API name; numbers are
	// json.Number, child relationships nested QueryResult-shaped maps.
	Records []map[string]any `json:"records"`
}

// Query runs soql (GET /query, or /queryAll when all is set, which also
// returns deleted records), asking for batches of MaxQueryBatch records.
func (c *Client) Query(ctx context.Context, soql string, all bool) (*QueryResult, error) {
	res := "/query"
	if all {
		res = "/queryAll"
	}
	return c.getQuery(ctx, c.dataPath(res+"?q="+url.QueryEscape(soql)), "query")
}

// QueryMore fetches the batch at a nextRecordsUrl.
func (c *Client) QueryMore(ctx context.Context, next string) (*QueryResult, error) {
	if !strings.HasPrefix(next, "/services/data/") {
		return nil, permanentf("salesforce: query more: %q is not a nextRecordsUrl", next)
	}
	return c.getQuery(ctx, next, "query more")
}

func (c *Client) getQuery(ctx context.Context, pathAndQuery, op string) (*QueryResult, error) {
	req, err := c.newRequest(ctx, "GET", pathAndQuery, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Sforce-Query-Options", "batchSize="+strconv.Itoa(MaxQueryBatch))
	var out QueryResult
	if _, err := c.do(req, &out); err != nil {
		return nil, wrapOp(err, "%s", op)
	}
	return &out, nil
}

// quote is a SOQL string literal.
func quote(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `'`, `\'`, "\n", `\n`, "\r", `\r`, "\t", `\t`)
	return "'" + r.Replace(s) + "'"
}
