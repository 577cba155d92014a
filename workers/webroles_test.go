package workers

import (
	"testing"

	"github.com/abmsync/abmsync/campaign"
	"github.com/abmsync/abmsync/connectors/web"
	"github.com/abmsync/abmsync/keycontacts/roles"
)

// TestWebCandidatesClassifyInTheOrganisation: the same "Vorstand" line is
// the board of an e.V. and the management of an AG; the worker reads the
// role in the organisation type the page states.
func TestWebCandidatesClassifyInTheOrganisation(t *testing.T) {
	t.Parallel()
	h := &WebDiscoverHandler{Deps: &Deps{Service: &campaign.Service{Roles: roles.Default}}}
	for _, tc := range []struct {
		form, register string
		want           roles.Function
	}{
		{"Musikverein Harmonie e.V.", "VR 4711", roles.FunctionBoard},
		{"Rheintal Logistik AG", "HRB 4711", roles.FunctionExecutive},
	} {
		body := `<html><body><h1>Impressum</h1><p>` + tc.form + `</p><p>Vorstand: Tawia Mensah, Ngaio Parata</p>` +
			`<p>Registergericht: Amtsgericht Bonn, ` + tc.register + `</p></body></html>`
		got := h.candidates("acc-1", &web.Page{URL: "https://example.org/impressum", Body: []byte(body)})
		if len(got) != 2 {
			t.Fatalf("%s: %d candidates, want 2", tc.form, len(got))
		}
		for _, c := range got {
			if c.Function != string(tc.want) {
				t.Errorf("%s: %s (%q) has function %q, want %q", tc.form, c.Name, c.RoleText, c.Function, tc.want)
			}
		}
	}
}
