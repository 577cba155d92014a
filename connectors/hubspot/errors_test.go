package hubspot

import (
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/abmsync/abmsync/crm"
)

func response(status int, body string, hdr ...string) *http.Response {
	u, _ := url.Parse("https://api.hubapi.com/crm/objects/2026-03/contacts?limit=100&properties=email")
	h := http.Header{}
	for i := 0; i+1 < len(hdr); i += 2 {
		h.Set(hdr[i], hdr[i+1])
	}
	return &http.Response{
		StatusCode: status,
		Status:     http.StatusText(status),
		Header:     h,
		Body:       io.NopCloser(strings.NewReader(body)),
		Request:    &http.Request{Method: "GET", URL: u},
	}
}

func TestCheckResponse(t *testing.T) {
	t.Parallel()
	hsErr := `{"status":"error","message":"Object not found","correlationId":"c0ffee","category":"OBJECT_NOT_FOUND","subCategory":"crm.NOT_FOUND","errors":[{"message":"nope","code":"X"}],"context":{"ids":["7"]}}`
	tests := []struct {
		name       string
		resp       *http.Response
		wantNil    bool
		is         []error
		isNot      []error
		contains   []string
		retryAfter time.Duration
	}{
		{name: "200", resp: response(200, `{}`), wantNil: true},
		{name: "207", resp: response(207, `{}`), wantNil: true},
		{
			name: "404", resp: response(404, hsErr),
			is:       []error{ErrNotFound, crm.ErrPermanent},
			isNot:    []error{ErrUnauthorized, crm.ErrRateLimited},
			contains: []string{"GET /crm/objects/2026-03/contacts", "Object not found", "OBJECT_NOT_FOUND", "c0ffee", "crm.NOT_FOUND"},
		},
		{
			name: "401", resp: response(401, `{"status":"error","message":"The OAuth token used to make this call expired 3 second(s) ago.","category":"EXPIRED_AUTHENTICATION","correlationId":"a1"}`),
			is: []error{ErrUnauthorized, crm.ErrPermanent}, isNot: []error{ErrNotFound},
			contains: []string{"EXPIRED_AUTHENTICATION"},
		},
		{name: "400", resp: response(400, `{"status":"error","message":"bad","category":"VALIDATION_ERROR"}`), is: []error{crm.ErrPermanent}},
		{name: "408 not permanent", resp: response(408, `{}`), isNot: []error{crm.ErrPermanent}},
		{name: "423 not permanent", resp: response(423, `{}`), isNot: []error{crm.ErrPermanent}},
		{name: "500 not permanent", resp: response(500, `{"status":"error","message":"internal"}`), isNot: []error{crm.ErrPermanent}, contains: []string{"internal"}},
		{name: "502 html", resp: response(502, "<html>\n<body>Bad   gateway</body></html>"), isNot: []error{crm.ErrPermanent}, contains: []string{"<html> <body>Bad gateway</body></html>"}},
		{
			name:       "429 retry-after",
			resp:       response(429, `{"status":"error","message":"You have reached your ten_secondly_rolling limit.","errorType":"RATE_LIMIT","correlationId":"r1","policyName":"TEN_SECONDLY_ROLLING"}`, "Retry-After", "3"),
			is:         []error{crm.ErrRateLimited},
			isNot:      []error{crm.ErrPermanent},
			contains:   []string{"429 rate limited (TEN_SECONDLY_ROLLING), retry in 3s", "r1", "GET /crm/objects/2026-03/contacts"},
			retryAfter: 3 * time.Second,
		},
		{name: "429 interval header", resp: response(429, `{}`, "X-HubSpot-RateLimit-Interval-Milliseconds", "10000"), is: []error{crm.ErrRateLimited}, retryAfter: 10 * time.Second},
		{name: "429 search no headers", resp: response(429, `{"policyName":"SECONDLY"}`), is: []error{crm.ErrRateLimited}, retryAfter: time.Second},
		{name: "429 SECONDLY ignores the interval header", resp: response(429, `{"policyName":"SECONDLY"}`, "X-HubSpot-RateLimit-Interval-Milliseconds", "10000"), is: []error{crm.ErrRateLimited}, retryAfter: time.Second},
		{name: "429 SECONDLY retry-after", resp: response(429, `{"policyName":"SECONDLY"}`, "Retry-After", "2", "X-HubSpot-RateLimit-Interval-Milliseconds", "10000"), is: []error{crm.ErrRateLimited}, retryAfter: 2 * time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := checkResponse(tt.resp)
			if tt.wantNil {
				if err != nil {
					t.Fatalf("err = %v", err)
				}
				return
			}
			if err == nil {
				t.Fatal("err = nil")
			}
			for _, target := range tt.is {
				if !errors.Is(err, target) {
					t.Errorf("errors.Is(%v, %v) = false", err, target)
				}
			}
			for _, target := range tt.isNot {
				if errors.Is(err, target) {
					t.Errorf("errors.Is(%v, %v) = true", err, target)
				}
			}
			for _, s := range tt.contains {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("%q lacks %q", err, s)
				}
			}
			if strings.Contains(err.Error(), "limit=100") {
				t.Errorf("%q names the query", err)
			}
			var er *ErrorResponse
			if !errors.As(err, &er) || er.StatusCode != tt.resp.StatusCode {
				t.Errorf("errors.As ErrorResponse: %v", er)
			}
			var tmp crm.Temporary
			if tt.retryAfter > 0 {
				if !errors.As(err, &tmp) || tmp.RetryDelay() != tt.retryAfter {
					t.Errorf("RetryDelay = %v, want %v", tmp, tt.retryAfter)
				}
			} else if errors.As(err, &tmp) {
				t.Errorf("%v is crm.Temporary", err)
			}
		})
	}
}

func TestErrorResponseFields(t *testing.T) {
	t.Parallel()
	err := checkResponse(response(404, `{"status":"error","message":"m","correlationId":"c","category":"K","subCategory":{"x":1},"errors":[{"message":"d","code":"CODE","context":{"propertyName":["p"]}}],"context":{"ids":["1","2"]}}`))
	var er *ErrorResponse
	if !errors.As(err, &er) {
		t.Fatal(err)
	}
	if er.Message != "m" || er.CorrelationID != "c" || er.Category != "K" || er.SubCategory != "" ||
		len(er.Errors) != 1 || er.Errors[0].Code != "CODE" || len(er.Context["ids"]) != 2 || er.Method != "GET" ||
		er.Endpoint != "/crm/objects/2026-03/contacts" || er.Status != "Not Found" {
		t.Errorf("%+v", er)
	}
}
