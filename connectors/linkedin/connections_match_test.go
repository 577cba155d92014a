package linkedin

import (
	"reflect"
	"strconv"
	"testing"
)

func TestNormalizeCompany(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"Siemens AG", "siemens"},
		{"SIEMENS  Aktiengesellschaft", "siemens"},
		{"Müller GmbH", "mueller"},
		{"Mueller GmbH", "mueller"},
		{"Müller, Meier & Co. KG", "mueller meier"},
		{"Bosch GmbH & Co. KG", "bosch"},
		{"Henkel AG & Co. KGaA", "henkel"},
		{"Allianz SE", "allianz"},
		{"Verein für Socialpolitik e.V.", "verein fuer socialpolitik"},
		{"Acme, Inc.", "acme"},
		{"Acme Inc", "acme"},
		{"Acme Corp.", "acme"},
		{"Microsoft Corporation", "microsoft"},
		{"Tata Consultancy Services Ltd.", "tata consultancy services"},
		{"Rolls-Royce Holdings plc", "rolls royce holdings"},
		{"Foo Limited", "foo"},
		{"Foo LLC", "foo"},
		{"Telefónica S.A.", "telefonica"},
		{"Telefonica SA", "telefonica"},
		{"Eni S.p.A.", "eni"},
		{"Heineken N.V.", "heineken"},
		{"Foo B.V.", "foo"},
		{"Ericsson AB", "ericsson"},
		{"Ørsted A/S", "orsted"},
		{"Equinor ASA", "equinor"},
		{"Nokia Oyj", "nokia"},
		{"Foo Oy", "foo"},
		{"BHP Group Pty Ltd", "bhp group"},
		{"Red Bull GmbH", "red bull"},
		{"Erste Group Bank AG", "erste group bank"},
		{"Porsche Automobil Holding SE", "porsche automobil holding"},
		{"Coca-Cola Company", "coca cola"},
		{"AT&T Inc.", "att"},
		{"3M Company", "3m"},
		{"Siemens (Schweiz) AG", "siemens schweiz"},
		{"Škoda Auto a.s.", "skoda auto"},
		{"Nestlé S.A.", "nestle"},
		{"  Société  Générale  ", "societe generale"},
		{"AG", "ag"},              // never the only word
		{"GmbH & Co. KG", "gmbh"}, // the last word stays
		{"AB Volvo", "ab volvo"},  // only trailing forms
		{"", ""},
		{"---", ""},
		{"Straße GmbH", "strasse"},
	}
	for _, tt := range tests {
		if got := NormalizeCompany(tt.in); got != tt.want {
			t.Errorf("NormalizeCompany(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func TestMatcher(t *testing.T) {
	t.Parallel()
	m := NewMatcher([]AccountNames{
		{ID: "bayer", Names: []string{"Bayer AG"}},
		{ID: "siemens", Names: []string{"Siemens AG", "Siemens Aktiengesellschaft"}},
		{ID: "healthineers", Names: []string{"Siemens Healthineers AG"}},
		{ID: "redbull", Names: []string{"Red Bull GmbH", "RB"}},
		{ID: "erste", Names: []string{"Erste Group Bank AG"}},
		{ID: "voest", Names: []string{"voestalpine AG"}},
		{ID: "muellera", Names: []string{"Müller GmbH"}},
		{ID: "muellerb", Names: []string{"Mueller AG"}}, // same normalised name: ambiguous
		{ID: "", Names: []string{"Nobody"}},
		{ID: "empty", Names: []string{"", "GmbH"}},
	})
	tests := []struct {
		company, want string
		ok            bool
	}{
		{"Bayer AG", "bayer", true},
		{"BAYER", "bayer", true},
		{"Bayer Pharmaceuticals", "", false},       // "bayer" is too short for the prefix rule
		{"Bayerische Landesbank", "", false},       // and never a partial word
		{"Siemens", "siemens", true},               // exact
		{"Siemens Mobility GmbH", "siemens", true}, // prefix, 7 letters
		{"Siemens Healthineers", "healthineers", true},
		{"Siemens Healthineers Austria GmbH", "healthineers", true}, // longest prefix wins
		{"Siemensstadt Immobilien", "", false},
		{"Red Bull Media House GmbH", "redbull", true}, // two words
		{"RB", "redbull", true},                        // alias, exact
		{"RB Leipzig", "", false},                      // short alias: exact only
		{"Erste Group Bank AG Wien", "erste", true},
		{"Erste Bank", "", false},
		{"voestalpine Stahl GmbH", "voest", true},
		{"Müller GmbH", "", false}, // ambiguous
		{"Mueller Logistik", "", false},
		{"Nobody", "", false},
		{"", "", false},
		{"GmbH", "empty", true},
	}
	for _, tt := range tests {
		id, ok := m.Match(tt.company)
		if id != tt.want || ok != tt.ok {
			t.Errorf("Match(%q) = %q, %v; want %q, %v", tt.company, id, ok, tt.want, tt.ok)
		}
	}
	if got, want := m.Ambiguous(), []string{"mueller"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Ambiguous() = %q; want %q", got, want)
	}
}

func BenchmarkMatcherMatch(b *testing.B) {
	accounts := make([]AccountNames, 0, 1000)
	for i := range 1000 {
		accounts = append(accounts, AccountNames{ID: strconv.Itoa(i), Names: []string{"Company Number " + strconv.Itoa(i) + " GmbH"}})
	}
	m := NewMatcher(accounts)
	for b.Loop() {
		m.Match("Müller, Meier & Co. KG Niederlassung Süd")
	}
}
