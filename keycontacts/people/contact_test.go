package people

import (
	"reflect"
	"testing"
)

func TestEmailsInText(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want []string
	}{
		{"E-Mail: max.muster@firma.de", []string{"max.muster@firma.de"}},
		{"kanzlei(at)buhlke.de", []string{"kanzlei@buhlke.de"}},
		{"a.vogt (at) vogt-technik.de", []string{"a.vogt@vogt-technik.de"}},
		{"birgit.lorenz [at] vogt-technik [dot] de", []string{"birgit.lorenz@vogt-technik.de"}},
		{"info(ät)firma(punkt)de", []string{"info@firma.de"}},
		{"max {at} firma {dot} co {dot} uk", []string{"max@firma.co.uk"}},
		{"jane at brightline dot com", []string{"jane@brightline.com"}},
		{"meet us at the booth", nil},
		{"logo@2x.png", nil},
		{"no address here", nil},
	}
	for _, tt := range tests {
		if got := emailsInText(tt.in); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("emailsInText(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestParseMailto(t *testing.T) {
	t.Parallel()
	tests := map[string]string{
		"mailto:RickLee@advancedairnow.com?cc=tbarton@advancedairnow.com": "RickLee@advancedairnow.com",
		"MAILTO:max%40firma.de":            "max@firma.de",
		"mailto:Max Muster <max@firma.de>": "max@firma.de",
		"mailto:a@firma.de,b@firma.de":     "a@firma.de",
		"mailto:":                          "",
		"mailto:not-an-address":            "",
	}
	for in, want := range tests {
		if got := parseMailto(in); got != want {
			t.Errorf("parseMailto(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestDecodeCFEmail(t *testing.T) {
	t.Parallel()
	if got := decodeCFEmail("a9cdc6dbc0da87ccdbc7dadde9dfc6cedd84ddcccac1c7c0c287cdcc"); got != "doris.ernst@vogt-technik.de" {
		t.Errorf("decodeCFEmail = %q", got)
	}
	for _, bad := range []string{"", "zz", "a9", "a9cd"} {
		if got := decodeCFEmail(bad); got != "" {
			t.Errorf("decodeCFEmail(%q) = %q, want empty", bad, got)
		}
	}
}

func TestPhonesInText(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want []string
	}{
		{"Telefon 061 327 40 42", []string{"061 327 40 42"}},
		{"Telefon: +49 (0)30 / 28 47 10 22 Telefax: +49 (0)30 / 28 47 10 84", []string{"+49 (0)30 / 28 47 10 22"}},
		{"Tel. +41 41 555 66 77", []string{"+41 41 555 66 77"}},
		{"+49(0)5531 9342-50", []string{"+49(0)5531 9342-50"}},
		{"T +43 732 123 456 | office@alpen.at", []string{"+43 732 123 456"}},
		{"Telefax: +49 7621 555-99", nil},
		{"HRB 712345", nil},
		{"DE140365832", nil},
		{"36592951", nil},
		{"Hotel 0221 123456", nil},
	}
	for _, tt := range tests {
		if got := phonesInText(tt.in); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("phonesInText(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestLinkedInProfile(t *testing.T) {
	t.Parallel()
	tests := map[string]string{
		"https://www.linkedin.com/in/jane-doe-brightline/?trk=public_profile": "https://www.linkedin.com/in/jane-doe-brightline",
		"https://uk.linkedin.com/in/johnsmithphd":                             "https://www.linkedin.com/in/johnsmithphd",
		"//linkedin.com/in/x": "https://www.linkedin.com/in/x",
		"https://www.linkedin.com/company/brightline-analytics": "",
		"https://www.linkedin.com/":                             "",
		"https://example.com/in/jane":                           "",
	}
	for in, want := range tests {
		if got := linkedInProfile(in); got != want {
			t.Errorf("linkedInProfile(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestChooseEmailNeverGuesses(t *testing.T) {
	t.Parallel()
	np, _ := parseName("Max Muster")
	// Two unrelated personal addresses in one block: none is chosen.
	c := &cand{emails: []string{"a.berg@firma.de", "c.dorn@firma.de"}, source: SourceTeamCard}
	if got := chooseEmail([]*cand{c}, np, ""); got != "" {
		t.Errorf("chooseEmail picked %q from unrelated addresses", got)
	}
	// Generic mailboxes are never a person's.
	c = &cand{emails: []string{"info@firma.de"}, source: SourceTeamCard}
	if got := chooseEmail([]*cand{c}, np, ""); got != "" {
		t.Errorf("chooseEmail picked generic %q", got)
	}
	c = &cand{emails: []string{"info@firma.de", "m.muster@firma.de", "x.y@firma.de"}, source: SourceTeamCard}
	if got := chooseEmail([]*cand{c}, np, ""); got != "m.muster@firma.de" {
		t.Errorf("chooseEmail = %q, want the address that spells the name", got)
	}
}
