package abm

import (
	"maps"
	"testing"

	"github.com/abmsync/abmsync/crm"
	"github.com/abmsync/abmsync/merge"
)

func TestMinimizeContact(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		props map[string]string
		want  map[string]string
	}{
		{"email and name replaced by fingerprints", map[string]string{"email": "Anna@X.example", "firstname": "Anna", "lastname": "Huber", "jobtitle": "CEO"},
			map[string]string{"has_email": "true", "email_hash": merge.Hash("email", "anna@x.example"), "name_hash": merge.Hash("name", "anna huber"), "jobtitle": "CEO"}},
		{"empty email dropped", map[string]string{"email": " ", "firstname": "Anna"}, map[string]string{"name_hash": merge.Hash("name", "anna")}},
		{"no usable name", map[string]string{"firstname": "", "lastname": " "}, map[string]string{}},
		{"no email kept as is", map[string]string{"has_email": "true"}, map[string]string{"has_email": "true"}},
		{"nil properties", nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			in := crm.Record{Type: crm.Contacts, ID: "1", Properties: tt.props}
			orig := maps.Clone(tt.props)
			got := MinimizeContact(in)
			if !maps.Equal(got.Properties, tt.want) {
				t.Errorf("properties = %v, want %v", got.Properties, tt.want)
			}
			if !maps.Equal(in.Properties, orig) {
				t.Errorf("input modified: %v, want %v", in.Properties, orig)
			}
			// Minimising twice must not lose the flag.
			if again := MinimizeContact(got); !maps.Equal(again.Properties, tt.want) {
				t.Errorf("second pass = %v, want %v", again.Properties, tt.want)
			}
		})
	}
}
