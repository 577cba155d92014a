package metrics

import (
	"testing"

	"github.com/abmsync/abmsync/crm"
)

func TestIsTarget(t *testing.T) {
	t.Parallel()
	company := func(id string, props map[string]string) crm.Record {
		return crm.Record{Type: crm.Companies, ID: id, Properties: props}
	}
	tests := []struct {
		name    string
		company crm.Record
		s       Settings
		want    bool
	}{
		{"hubspot flag", company("1", map[string]string{"hs_is_target_account": "true"}), Settings{}, true},
		{"hubspot flag any case", company("1", map[string]string{"hs_is_target_account": "TRUE"}), Settings{}, true},
		{"hubspot flag false", company("1", map[string]string{"hs_is_target_account": "false"}), Settings{}, false},
		{"no properties", company("1", nil), Settings{}, false},
		{"by id", company("42", nil), Settings{TargetIDs: []string{"7", "42"}}, true},
		{"other id", company("43", nil), Settings{TargetIDs: []string{"42"}}, false},
		{"empty id never matches", company("", nil), Settings{TargetIDs: []string{""}}, false},
		{"domain exact", company("1", map[string]string{"domain": "alpenpharma.example"}), Settings{TargetDomains: []string{"alpenpharma.example"}}, true},
		{"domain normalized both sides", company("1", map[string]string{"domain": "https://www.AlpenPharma.example/"}), Settings{TargetDomains: []string{"WWW.alpenpharma.example."}}, true},
		{"subdomain differs", company("1", map[string]string{"domain": "eu.alpenpharma.example"}), Settings{TargetDomains: []string{"alpenpharma.example"}}, false},
		{"empty domain never matches", company("1", map[string]string{"domain": ""}), Settings{TargetDomains: []string{"", "https://"}}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := IsTarget(tt.company, tt.s); got != tt.want {
				t.Errorf("IsTarget = %v, want %v", got, tt.want)
			}
		})
	}
}
