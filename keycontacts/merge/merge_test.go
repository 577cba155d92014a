package merge

import (
	"testing"
	"time"

	"github.com/abmsync/abmsync/crm"
	"github.com/abmsync/abmsync/internal/fingerprint"
)

func TestNormalizeName(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"Anna Huber", "anna huber"},
		{"Dr. Anna Huber", "anna huber"},
		{"Mag. DI Anna M. Huber", "anna huber"},
		{"Prof. Dr. med. Jörg Müller", "joerg mueller"},
		{"Joerg Mueller", "joerg mueller"},
		{"Hans-Peter Groß", "hans-peter gross"},
		{"HANS-PETER GROSS", "hans-peter gross"},
		{"José García, MBA", "jose garcia"},
		{"Dipl.-Ing. Karl Öttl", "karl oettl"},
		{"  Frau  Eva   Maier ", "eva maier"},
		{"Dr.", ""},
		{"", ""},
	}
	for _, tc := range tests {
		if got := NormalizeName(tc.in); got != tc.want {
			t.Errorf("NormalizeName(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestContactKey(t *testing.T) {
	t.Parallel()
	k1 := ContactKey("42", "Dr. Jörg Müller")
	k2 := ContactKey("42", "Joerg Mueller")
	k3 := ContactKey("43", "Joerg Mueller")
	if k1 == "" || k1 != k2 {
		t.Errorf("same person, different keys: %q %q", k1, k2)
	}
	if k1 == k3 {
		t.Error("same name at two accounts shares a key")
	}
	if ContactKey("42", "Dr.") != "" || ContactKey("", "Anna Huber") != "" {
		t.Error("key without account or name")
	}
}

func TestMerge(t *testing.T) {
	t.Parallel()
	t0 := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	imprint := crm.Provenance{Source: "web", URL: "https://a.example/impressum", FetchedAt: t0, Extractor: "imprint", Confidence: 0.9}
	team := crm.Provenance{Source: "web", URL: "https://a.example/team", FetchedAt: t0.Add(time.Hour), Extractor: "team-card", Confidence: 0.7}
	press := crm.Provenance{Source: "press", URL: "https://news.example/x", FetchedAt: t0.Add(2 * time.Hour), Extractor: "press", Confidence: 0.5}
	cands := []crm.Candidate{
		{AccountID: "A", Name: "Dr. Jörg Müller", RoleText: "Geschäftsführer", From: imprint},
		{AccountID: "A", Name: "Joerg Mueller", RoleText: "CEO", Email: "J.Mueller@a.example", From: team},
		{AccountID: "A", Name: "J. Müller", Email: "j.mueller@a.example", Phone: "+43 1 234", From: press},
		{AccountID: "A", Name: "Eva Maier", RoleText: "Assistenz der Geschäftsführung", Gatekeeper: true, From: team},
		{AccountID: "B", Name: "Eva Maier", RoleText: "Leiterin Einkauf", From: team},
		{AccountID: "A", Name: "Eva Maier", Email: "eva.maier2@a.example", RoleText: "Buchhaltung", From: press},
		{AccountID: "A", Name: "Impressum", From: imprint},
		{AccountID: "A", Name: "Dr.", From: imprint},
	}
	fp := testFingerprinter(t)
	existing := []Existing{
		{ID: "crm-1", AccountID: "A", EmailHash: fp.Of("email", "j.mueller@a.example")},
		// Stored before fingerprints were keyed: still matches.
		{ID: "crm-2", AccountID: "B", NameHash: fingerprint.LegacyHash("name", "eva maier")},
		{ID: "crm-3", AccountID: "B", NameHash: fp.Of("name", "joerg mueller")},
	}
	people := Merge(fp, existing, cands)
	byKey := map[string]Person{}
	for _, p := range people {
		byKey[p.AccountID+"/"+p.Value(FieldName)] = p
	}
	// Müller: one person from three sources, matched to crm-1 by e-mail.
	m, ok := byKey["A/Dr. Jörg Müller"]
	if !ok {
		t.Fatalf("no merged Müller in %+v", keys(byKey))
	}
	if len(m.Sources) != 3 || m.CRMID != "crm-1" {
		t.Errorf("Müller: %d sources, crm %q; want 3, crm-1", len(m.Sources), m.CRMID)
	}
	if m.Value(FieldRole) != "Geschäftsführer" || m.Facts[FieldRole].From.Extractor != "imprint" {
		t.Errorf("role fact = %+v, want the imprint's (highest confidence)", m.Facts[FieldRole])
	}
	if m.Value(FieldEmail) != "j.mueller@a.example" || m.Facts[FieldPhone].From.Source != "press" {
		t.Errorf("email %q phone from %q", m.Value(FieldEmail), m.Facts[FieldPhone].From.Source)
	}
	// Eva Maier at A: the gatekeeper (no e-mail) and the press mention with
	// an e-mail are merged by name; at B she is another person.
	if a := byKey["A/Eva Maier"]; a.Value(FieldGatekeeper) != "true" || len(a.Sources) != 2 {
		t.Errorf("Eva Maier at A = %+v", a)
	}
	if b := byKey["B/Eva Maier"]; b.CRMID != "crm-2" || b.Value(FieldRole) != "Leiterin Einkauf" {
		t.Errorf("Eva Maier at B = %+v", b)
	}
	if len(people) != 3 {
		t.Errorf("%d people, want 3: %v", len(people), keys(byKey))
	}
	// Input order does not change the result.
	rev := make([]crm.Candidate, len(cands))
	for i, c := range cands {
		rev[len(cands)-1-i] = c
	}
	again := Merge(fp, existing, rev)
	for i := range people {
		if people[i].Key != again[i].Key || people[i].Value(FieldRole) != again[i].Value(FieldRole) || people[i].Value(FieldName) != again[i].Value(FieldName) {
			t.Errorf("order-dependent result at %d: %+v vs %+v", i, people[i].Facts, again[i].Facts)
		}
	}
}

func TestSameNameDifferentEmailsAreTwoPeople(t *testing.T) {
	t.Parallel()
	p := crm.Provenance{Source: "web", Confidence: 0.8}
	people := Merge(nil, nil, []crm.Candidate{
		{AccountID: "A", Name: "Thomas Berger", Email: "thomas.berger@a.example", From: p},
		{AccountID: "A", Name: "Thomas Berger", Email: "t.berger@a.example", From: p},
	})
	if len(people) != 2 {
		t.Fatalf("%d people, want 2 (different e-mails)", len(people))
	}
}

func TestDoNotContact(t *testing.T) {
	t.Parallel()
	fp := testFingerprinter(t)
	d := DoNotContact{
		Emails: map[string]bool{fp.Of("email", "x@a.example"): true},
		Names:  map[string]bool{NameEntry(fp, "A", "Eva Maier"): true},
		FP:     fp,
	}
	tests := []struct {
		c    crm.Candidate
		want bool
	}{
		{crm.Candidate{AccountID: "A", Name: "Someone", Email: "X@A.example"}, true},
		{crm.Candidate{AccountID: "A", Name: "Mag. Eva Maier"}, true},
		{crm.Candidate{AccountID: "B", Name: "Eva Maier"}, false},
		{crm.Candidate{AccountID: "A", Name: "Anna Huber", Email: "anna@a.example"}, false},
	}
	for _, tc := range tests {
		if got := d.Suppressed(tc.c); got != tc.want {
			t.Errorf("Suppressed(%+v) = %v, want %v", tc.c, got, tc.want)
		}
	}
}

func keys(m map[string]Person) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

func TestSplitName(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, given, family string }{
		{"Dr. Maria Huber", "Maria", "Huber"},
		{"Prof. Dr. Hans-Peter Groß", "Hans-Peter", "Groß"},
		{"Anna M. Huber", "Anna M.", "Huber"},
		{"Huber", "", "Huber"},
		{"Mag. DI Karl Öttl, MBA", "Karl", "Öttl"},
	}
	for _, tc := range tests {
		if g, f := SplitName(tc.in); g != tc.given || f != tc.family {
			t.Errorf("SplitName(%q) = %q, %q; want %q, %q", tc.in, g, f, tc.given, tc.family)
		}
	}
}

func TestWarmPathsAccumulate(t *testing.T) {
	t.Parallel()
	from := crm.Provenance{Source: "linkedin", Confidence: 0.8}
	cands := []crm.Candidate{
		{AccountID: "A", Name: "Eva Maier", WarmPath: "known by Max Muster since 2024-10-09", From: from},
		{AccountID: "A", Name: "Eva Maier", WarmPath: "known by Anna Berg since 2018-01-08", From: from},
		{AccountID: "A", Name: "Eva Maier", WarmPath: "known by Max Muster since 2024-10-09", From: from},
	}
	for _, order := range [][]int{{0, 1, 2}, {2, 1, 0}} {
		var in []crm.Candidate
		for _, i := range order {
			in = append(in, cands[i])
		}
		people := Merge(nil, nil, in)
		if len(people) != 1 {
			t.Fatalf("%d people", len(people))
		}
		want := "known by Anna Berg since 2018-01-08; known by Max Muster since 2024-10-09"
		if got := people[0].Value(FieldWarmPath); got != want {
			t.Errorf("warm paths = %q, want %q", got, want)
		}
	}
}
