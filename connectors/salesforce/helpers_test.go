package salesforce

import (
	"context"
	"testing"
	"time"

	"github.com/abmsync/abmsync/connectors/salesforce/salesforcetest"
	"github.com/abmsync/abmsync/crm"
)

// setup starts a fake org generated from g and a client connected to it
// over the refresh-token flow.
func setup(t *testing.T, g salesforcetest.GenOptions, opts salesforcetest.Options) (*salesforcetest.Server, *Client) {
	t.Helper()
	srv := salesforcetest.NewServer(opts)
	t.Cleanup(srv.Close)
	if g.Now.IsZero() {
		g.Now = time.Now()
	}
	srv.Generate(g)
	c, err := New(Config{InstanceURL: srv.URL(), LoginURL: srv.LoginURL(), ClientID: "client-id", ClientSecret: "client-secret", RefreshToken: "refresh-token"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	c.sleep = func(context.Context, time.Duration) error { return nil }
	return srv, c
}

// pullAll pages req to the end and returns the records and calls.
func pullAll(t *testing.T, c *Client, req crm.PullRequest) ([]crm.Record, int) {
	t.Helper()
	var out []crm.Record
	calls := 0
	for {
		p, err := c.Pull(context.Background(), req)
		calls += p.Calls
		if err != nil {
			t.Fatalf("pull %s: %v", req.Object, err)
		}
		out = append(out, p.Records...)
		if p.Next == "" {
			return out, calls
		}
		req.Token = p.Next
	}
}
