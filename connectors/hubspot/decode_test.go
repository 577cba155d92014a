package hubspot

import (
	"encoding/json"
	"io"
	"net/http"
	"reflect"
	"testing"

	"github.com/abmsync/abmsync/connectors/hubspot/hubspottest"
)

// listBody fetches one list page from a fake portal, as the client asks
// for it.
func listBody(t testing.TB, srv *hubspottest.Server, query string) []byte {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, srv.URL()+"/crm/objects/"+hubspottest.DefaultVersion+"/"+query, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+srv.AccessToken())
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("%s: %d %v", query, resp.StatusCode, err)
	}
	return data
}

// checkSameAsJSON fails t unless decodeListResult returns what
// json.Unmarshal does, error or not.
func checkSameAsJSON(t *testing.T, data []byte) {
	t.Helper()
	var want ListResult
	wantErr := json.Unmarshal(data, &want)
	got, err := decodeListResult(data)
	if (err != nil) != (wantErr != nil) {
		t.Fatalf("%.200q: error %v, encoding/json %v", data, err, wantErr)
	}
	if err == nil && !reflect.DeepEqual(got, want) {
		t.Fatalf("%.200q: decoded %+v, encoding/json %+v", data, got, want)
	}
}

// TestDecodeListResult: the fast decoder agrees with encoding/json on the
// fake portal's pages of every object (associations, nulls, archived
// records included) and on hand-written pages with the shapes it leaves to
// encoding/json.
func TestDecodeListResult(t *testing.T) {
	t.Parallel()
	srv := hubspottest.NewServer(hubspottest.Options{Data: hubspottest.Generate(hubspottest.GenOptions{Companies: 60, Contacts: 300, Deals: 80, TargetShare: 0.2, Seed: 9})})
	defer srv.Close()
	for _, id := range srv.IDs("deals")[:5] {
		srv.Archive("deals", id)
	}
	for _, q := range []string{
		"companies?limit=100&properties=name,domain,hs_is_target_account,numberofemployees",
		"contacts?limit=100&associations=companies&properties=email,firstname,lastname,jobtitle,hubspotutk,lastmodifieddate",
		"deals?limit=100&associations=companies,contacts&properties=dealstage,amount,closedate,hs_is_closed_won",
		"deals?limit=100&archived=true&properties=dealstage",
	} {
		checkSameAsJSON(t, listBody(t, srv, q))
	}
	for _, s := range []string{
		`{"results":[{"id":"1","properties":{"a":null,"b":"x\"y\u00e9"},"createdAt":"2025-01-02T03:04:05.678Z","updatedAt":"2025-01-02T03:04:05Z","archived":false}],"paging":{"next":{"after":"2","link":"l"}}}`,
		`{"results":[{"id":"1","archived":true,"archivedAt":"2025-02-01T00:00:00Z","associations":{"companies":{"results":[{"id":7,"type":"x"},{"id":"8"}],"paging":{"next":{"after":"9"}}}}}]}`,
		`{"results":[{"id":1}]}`,                          // a number id: encoding/json's error
		`{"results":[{"id":"1","properties":{"n":5}}]}`,   // a number value: encoding/json's error
		`{"results":[{"ID":"1","Properties":{"a":"b"}}]}`, // keys in another case
		`{"results":[{"id":"1","properties":{"a":"b"},"properties":{"c":"d"}}]}`,
		`{"results":[{"id":"1","associations":{"c":{"results":[{"id":"1"}],"results":[{"id":"2"}]}}}]}`,
		`{"results":null,"paging":null}`,
		`{"results":[null]}`,
		`{"results":[{"id":"1","createdAt":null,"archivedAt":null,"properties":null}]}`,
		`{"results":[{"id":"1","createdAt":"yesterday"}]}`,
		`{"results":[{"id":"1","pag\u0069ng":1}],"resul\u0074s":[]}`,
		`{"total":3,"results":[],"extra":{"results":[1,2]}}`,
		`[]`, `null`, `{"results":[{"id":"1"}`, `<html>502</html>`,
	} {
		checkSameAsJSON(t, []byte(s))
	}
}

// FuzzDecodeListResult: on any input the fast decoder returns what
// encoding/json returns.
func FuzzDecodeListResult(f *testing.F) {
	for _, s := range []string{
		`{"results":[{"id":"1","properties":{"a":null,"b":"c"},"createdAt":"2025-01-02T03:04:05.678Z","archived":false,"associations":{"companies":{"results":[{"id":"2","type":"t"}]}}}],"paging":{"next":{"after":"2"}}}`,
		`{"results":[{"id":"1","archivedAt":"2025-02-01T00:00:00Z","archived":true}]}`,
		`{"results":[]}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		checkSameAsJSON(t, data)
	})
}

func BenchmarkDecodeListPage(b *testing.B) {
	srv := hubspottest.NewServer(hubspottest.Options{Data: hubspottest.Generate(hubspottest.GenOptions{Companies: 100, Contacts: 1000, Deals: 100, TargetShare: 0.1, Seed: 1})})
	b.Cleanup(srv.Close)
	data := listBody(b, srv, "contacts?limit=100&associations=companies&properties=email,hs_linkedin_url,notes_last_contacted,hs_email_last_open_date,firstname,lastname,jobtitle,hs_buying_role,abm_warm_paths,lastmodifieddate,lifecyclestage,createdate,hs_sa_first_engagement_date,recent_conversion_date,hs_latest_meeting_activity,hubspotutk")
	b.Run("encoding_json", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			var r ListResult
			if err := json.Unmarshal(data, &r); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("fast", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			if _, err := decodeListResult(data); err != nil {
				b.Fatal(err)
			}
		}
	})
}
