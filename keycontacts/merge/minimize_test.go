package merge

import (
	"maps"
	"strings"
	"testing"

	"github.com/abmsync/abmsync/crm"
	"github.com/abmsync/abmsync/internal/fingerprint"
)

// fixedFingerprinter is a fingerprinter under a fixed key.
func fixedFingerprinter(t *testing.T) *fingerprint.Fingerprinter {
	t.Helper()
	fp, err := fingerprint.New([]byte("0123456789abcdef0123456789abcdef"))
	if err != nil {
		t.Fatal(err)
	}
	return fp
}

func TestMinimizeContact(t *testing.T) {
	t.Parallel()
	fp := fixedFingerprinter(t)
	li := fp.Of("linkedin", "linkedin.com/in/anna-huber")
	tests := []struct {
		name  string
		props map[string]string
		want  map[string]string
	}{
		{"email and name replaced by fingerprints", map[string]string{"email": "Anna@X.example", "firstname": "Anna", "lastname": "Huber", "jobtitle": "CEO"},
			map[string]string{"has_email": "true", "email_hash": fp.Of("email", "anna@x.example"), "name_hash": fp.Of("name", "anna huber"), "jobtitle": "CEO"}},
		{"empty email dropped", map[string]string{"email": " ", "firstname": "Anna"}, map[string]string{"name_hash": fp.Of("name", "anna")}},
		{"no usable name", map[string]string{"firstname": "", "lastname": " "}, map[string]string{}},
		{"no email kept as is", map[string]string{"has_email": "true"}, map[string]string{"has_email": "true"}},
		{"hubspotutk replaced by its fingerprint", map[string]string{"hubspotutk": "5f2bb37a6e8c4f0c9a7b2d1e3f405162", "jobtitle": "CEO"},
			map[string]string{"utk_hash": fp.Of("utk", "5f2bb37a6e8c4f0c9a7b2d1e3f405162"), "jobtitle": "CEO"}},
		{"hubspotutk normalised before hashing", map[string]string{"hubspotutk": " 5F2BB37A6E8C4F0C9A7B2D1E3F405162 "},
			map[string]string{"utk_hash": fp.Of("utk", "5f2bb37a6e8c4f0c9a7b2d1e3f405162")}},
		{"empty hubspotutk dropped", map[string]string{"hubspotutk": " "}, map[string]string{}},
		{"utk_hash kept without hubspotutk", map[string]string{"utk_hash": "abc"}, map[string]string{"utk_hash": "abc"}},
		{"LinkedIn URL replaced by its fingerprint", map[string]string{"hs_linkedin_url": "https://www.linkedin.com/in/Anna-Huber/", "jobtitle": "CEO"},
			map[string]string{"has_linkedin": "true", "linkedin_hash": li, "jobtitle": "CEO"}},
		{"LinkedIn URL written another way, same fingerprint", map[string]string{"hs_linkedin_url": "linkedin.com/in/anna-huber?trk=x"},
			map[string]string{"has_linkedin": "true", "linkedin_hash": li}},
		{"empty LinkedIn URL dropped", map[string]string{"hs_linkedin_url": " "}, map[string]string{}},
		{"legacy fingerprints converted", map[string]string{"has_email": "true", "email_hash": fingerprint.LegacyHash("email", "a@b.example"),
			"name_hash": fingerprint.LegacyHash("name", "anna huber"), "utk_hash": fingerprint.LegacyHash("utk", "abc123")},
			map[string]string{"has_email": "true", "email_hash": fp.Of("email", "a@b.example"), "name_hash": fp.Of("name", "anna huber"), "utk_hash": fp.Of("utk", "abc123")}},
		{"all identifiers at once", map[string]string{"email": "a@b.example", "firstname": "Anna", "lastname": "Huber", "hubspotutk": "abc123"},
			map[string]string{"has_email": "true", "email_hash": fp.Of("email", "a@b.example"), "name_hash": fp.Of("name", "anna huber"), "utk_hash": fp.Of("utk", "abc123")}},
		{"nil properties", nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			in := crm.Record{Type: crm.Contacts, ID: "1", Properties: tt.props}
			orig := maps.Clone(tt.props)
			got := MinimizeContact(fp, in)
			if !maps.Equal(got.Properties, tt.want) {
				t.Errorf("properties = %v, want %v", got.Properties, tt.want)
			}
			if !maps.Equal(in.Properties, orig) {
				t.Errorf("input modified: %v, want %v", in.Properties, orig)
			}
			// Minimising twice must not lose the flag.
			if again := MinimizeContact(fp, got); !maps.Equal(again.Properties, tt.want) {
				t.Errorf("second pass = %v, want %v", again.Properties, tt.want)
			}
			// The raw cookie, address or profile must not survive in any value.
			for _, raw := range []string{"hubspotutk", "email", "hs_linkedin_url"} {
				v := strings.TrimSpace(tt.props[raw])
				if v == "" {
					continue
				}
				for k, got := range got.Properties {
					if strings.Contains(strings.ToLower(got), strings.ToLower(v)) || (raw == "hs_linkedin_url" && strings.Contains(got, "linkedin.com")) {
						t.Errorf("property %s = %q holds the raw %s", k, got, raw)
					}
				}
			}
		})
	}
}

func TestUTKHash(t *testing.T) {
	t.Parallel()
	fp := fixedFingerprinter(t)
	tests := []struct {
		a, b string
		same bool
	}{
		{"5f2bb37a6e8c4f0c9a7b2d1e3f405162", "5F2BB37A6E8C4F0C9A7B2D1E3F405162", true},
		{"5f2bb37a6e8c4f0c9a7b2d1e3f405162", " 5f2bb37a6e8c4f0c9a7b2d1e3f405162\t", true},
		{"5f2bb37a6e8c4f0c9a7b2d1e3f405162", "5f2bb37a6e8c4f0c9a7b2d1e3f405163", false},
	}
	for _, tt := range tests {
		if got := UTKHash(fp, tt.a) == UTKHash(fp, tt.b); got != tt.same {
			t.Errorf("UTKHash(%q) == UTKHash(%q) is %v, want %v", tt.a, tt.b, got, tt.same)
		}
	}
	if UTKHash(fp, "") != "" || UTKHash(fp, "  ") != "" {
		t.Error("UTKHash of an empty value is not empty")
	}
	// Another kind's fingerprint of the same text differs: a cookie never
	// collides with an e-mail or name fingerprint.
	if UTKHash(fp, "x@y.example") == fp.Of("email", "x@y.example") {
		t.Error("utk and email fingerprints of the same text are equal")
	}
}
