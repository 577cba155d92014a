package hubspot

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/abmsync/abmsync/connectors/hubspot/hubspottest"
	"github.com/abmsync/abmsync/crm"
)

// benchSetup is a client on the benchmark-sized portal (10,000 companies,
// 100,000 contacts, 20,000 deals) without client-side rate limits.
func benchSetup(b *testing.B) *bundle {
	b.Helper()
	gen := hubspottest.DefaultGenOptions()
	gen.Now = testNow
	srv := hubspottest.NewServer(hubspottest.Options{Data: hubspottest.Generate(gen), Clock: func() time.Time { return testNow }})
	b.Cleanup(srv.Close)
	cfg := Config{BaseURL: srv.URL(), AccessToken: srv.AccessToken()}
	fastLimits(&cfg)
	c, err := New(cfg, srv.Client())
	if err != nil {
		b.Fatal(err)
	}
	return &bundle{srv: srv, c: c}
}

func benchPull(b *testing.B, req crm.PullRequest) {
	bb := benchSetup(b)
	ctx := context.Background()
	var n int
	for b.Loop() {
		r := req
		n = 0
		for {
			p, err := bb.c.Pull(ctx, r)
			if err != nil {
				b.Fatal(err)
			}
			n += len(p.Records)
			if p.Next == "" {
				break
			}
			r.Token = p.Next
		}
	}
	b.ReportMetric(float64(n), "records/op")
}

// BenchmarkPullContacts is a full pull of 100,000 contacts with their
// companies (1,000 list calls).
func BenchmarkPullContacts(b *testing.B) { benchPull(b, pullSpec[crm.Contacts]) }

// BenchmarkPullContactsIncremental searches all 100,000 contacts by
// modification time (500 searches and 500 association reads).
func BenchmarkPullContactsIncremental(b *testing.B) {
	req := pullSpec[crm.Contacts]
	req.Since = time.Unix(1, 0)
	benchPull(b, req)
}

// BenchmarkPullCompanies is a full pull of 10,000 companies.
func BenchmarkPullCompanies(b *testing.B) { benchPull(b, pullSpec[crm.Companies]) }

// BenchmarkBatchUpdate writes one property to 1,000 companies (10 calls).
func BenchmarkBatchUpdate(b *testing.B) {
	bb := benchSetup(b)
	ids := bb.srv.IDs("companies")[:1000]
	ups := make([]crm.Update, len(ids))
	for i, id := range ids {
		ups[i] = crm.Update{ID: id, Properties: map[string]string{"name": "Account " + strconv.Itoa(i)}}
	}
	for b.Loop() {
		if _, err := bb.c.BatchUpdate(context.Background(), crm.Companies, ups); err != nil {
			b.Fatal(err)
		}
	}
}
