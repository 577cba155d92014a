package people

import (
	"os"
	"path/filepath"
	"testing"
	"unicode/utf8"
)

// FuzzExtract feeds arbitrary bytes to the extractor. It calls extract, not
// Extract, so a panic is not hidden by Extract's recover, and checks that
// every result is sane.
func FuzzExtract(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*.html"))
	for _, file := range files {
		if b, err := os.ReadFile(file); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte(`<p>Geschäftsführer: Dr. Anna Huber, Thomas Weber</p>`))
	f.Add([]byte(`<div itemscope itemtype="https://schema.org/Person"><span itemprop="name">Max Muster</span></div>`))
	f.Add([]byte(`<script type="application/ld+json">{"@graph":[{"@type":"Person","name":"Eva Berg"}]}</script>`))
	f.Fuzz(func(t *testing.T, html []byte) {
		got := extract("https://www.example.com/", html)
		if len(got) > MaxPeople {
			t.Fatalf("%d people, limit %d", len(got), MaxPeople)
		}
		for _, p := range got {
			if p.Name == "" || p.FamilyName == "" {
				t.Fatalf("person without name: %+v", p)
			}
			for _, s := range []string{p.Name, p.Title, p.GivenName, p.FamilyName, p.RoleText, p.Email, p.Phone, p.LinkedInURL} {
				if !utf8.ValidString(s) {
					t.Fatalf("invalid UTF-8 in %+v", p)
				}
			}
			if p.Confidence < MinConfidence || p.Confidence > 1 {
				t.Fatalf("confidence %v out of range: %+v", p.Confidence, p)
			}
			switch p.Kind {
			case "", KindEditorialResponsible, KindDataProtection:
			default:
				t.Fatalf("unknown kind %q", p.Kind)
			}
			switch p.Source {
			case SourceImprint, SourceTeamCard, SourceJSONLD, SourceMicrodata, SourceMailto, SourceList, SourceText:
			default:
				t.Fatalf("unknown source %q", p.Source)
			}
			if p.Email != "" && !validEmail(p.Email) {
				t.Fatalf("invalid e-mail %q", p.Email)
			}
		}
	})
}
