package people

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"unicode/utf8"
)

// want is what a test expects of one person. Empty fields of Title, Email
// and Kind must be empty in the result too; Role is a substring of RoleText;
// Source is checked only when set.
type want struct {
	Name, Title, Given, Family, Role, Email, Phone, LinkedIn, Kind, Source string
}

func checkPeople(t *testing.T, label string, got []Person, wants []want) {
	t.Helper()
	var gotNames, wantNames []string
	byName := map[string]Person{}
	for _, p := range got {
		gotNames = append(gotNames, p.Name)
		byName[p.Name] = p
	}
	for _, w := range wants {
		wantNames = append(wantNames, w.Name)
	}
	sort.Strings(gotNames)
	sort.Strings(wantNames)
	if strings.Join(gotNames, "|") != strings.Join(wantNames, "|") {
		t.Errorf("%s: people = %q, want %q", label, gotNames, wantNames)
	}
	for _, w := range wants {
		p, ok := byName[w.Name]
		if !ok {
			continue
		}
		if p.Title != w.Title {
			t.Errorf("%s: %s: Title = %q, want %q", label, w.Name, p.Title, w.Title)
		}
		if w.Given != "" && p.GivenName != w.Given {
			t.Errorf("%s: %s: GivenName = %q, want %q", label, w.Name, p.GivenName, w.Given)
		}
		if w.Family != "" && p.FamilyName != w.Family {
			t.Errorf("%s: %s: FamilyName = %q, want %q", label, w.Name, p.FamilyName, w.Family)
		}
		if !strings.Contains(p.RoleText, w.Role) {
			t.Errorf("%s: %s: RoleText = %q, want it to contain %q", label, w.Name, p.RoleText, w.Role)
		}
		if !strings.EqualFold(p.Email, w.Email) {
			t.Errorf("%s: %s: Email = %q, want %q", label, w.Name, p.Email, w.Email)
		}
		if w.Phone != "" && p.Phone != w.Phone {
			t.Errorf("%s: %s: Phone = %q, want %q", label, w.Name, p.Phone, w.Phone)
		}
		if p.LinkedInURL != w.LinkedIn {
			t.Errorf("%s: %s: LinkedInURL = %q, want %q", label, w.Name, p.LinkedInURL, w.LinkedIn)
		}
		if p.Kind != w.Kind {
			t.Errorf("%s: %s: Kind = %q, want %q", label, w.Name, p.Kind, w.Kind)
		}
		if w.Source != "" && p.Source != w.Source {
			t.Errorf("%s: %s: Source = %q, want %q", label, w.Name, p.Source, w.Source)
		}
	}
}

// TestExtractFixtures runs Extract on realistic synthetic pages in testdata/,
// one per kind of page the crawler meets.
func TestExtractFixtures(t *testing.T) {
	t.Parallel()
	tests := []struct {
		file string
		want []want
	}{
		{"de_gmbh_impressum.html", []want{
			{Name: "Dr. Anna Huber", Title: "Dr.", Given: "Anna", Family: "Huber", Role: "Geschäftsführer", Source: SourceImprint},
			{Name: "Thomas Weber", Role: "Geschäftsführer"},
			{Name: "Sabine Krüger", Role: "Prokura"},
			{Name: "Markus Lehmann", Role: "Datenschutzbeauftragter", Email: "datenschutz@rheintal-praezision.de", Kind: KindDataProtection},
		}},
		{"de_ag_vorstand.html", []want{
			{Name: "Dr. Klaus Berger", Title: "Dr.", Role: "Vorsitzender"},
			{Name: "Dipl.-Kfm. Petra Schneider", Title: "Dipl.-Kfm.", Given: "Petra", Family: "Schneider", Role: "Vorstand"},
			{Name: "Jürgen Hoffmann", Role: "Vorstand"},
			{Name: "Prof. Dr. Heinrich Vogel", Title: "Prof. Dr.", Role: "Vorsitzender des Aufsichtsrats"},
			{Name: "Claudia Neumann", Role: "§ 18 Abs. 2 MStV"},
		}},
		{"at_gmbh_impressum.html", []want{
			{Name: "Mag. Andrea Gruber", Title: "Mag.", Given: "Andrea", Family: "Gruber", Role: "Geschäftsführer"},
			{Name: "DI Stefan Hofer, MBA", Title: "DI, MBA", Given: "Stefan", Family: "Hofer", Role: "Geschäftsführer"},
			{Name: "Ing. Peter Wallner", Title: "Ing.", Role: "Prokuristen"},
			{Name: "Mag.a Eva Novak", Title: "Mag.a", Given: "Eva", Family: "Novak", Role: "Prokuristen"},
			{Name: "Dr. Julia Steiner, LL.M.", Title: "Dr., LL.M.", Role: "Datenschutzbeauftragte",
				Email: "julia.steiner@steiner-datenschutz.at", Kind: KindDataProtection},
		}},
		{"ch_impressum_prose.html", []want{
			{Name: "Beat Zimmermann", Role: "CEO"},
			{Name: "Dr. Corinne Favre", Title: "Dr.", Role: "CFO"},
			{Name: "Urs Bachmann", Role: "Präsident des Verwaltungsrates"},
			{Name: "Regula Meier-Huber", Family: "Meier-Huber", Role: "Verwaltungsrates"},
			{Name: "Thomas Kälin", Role: "Verwaltungsrates"},
			{Name: "Nicole Brunner", Role: "Leiterin Kommunikation", Email: "n.brunner@bergtal-pharma.example", Phone: "+41 41 555 66 77"},
		}},
		{"uk_company_info.html", []want{
			{Name: "Eleanor Whitfield", Role: "Managing Director"},
			{Name: "Dr Rajesh Patel", Title: "Dr", Role: "Directors"},
			{Name: "Christopher O'Neill", Role: "Directors"},
			{Name: "Hannah Lloyd", Role: "Company Secretary"},
			{Name: "Gareth Evans", Role: "Data Protection Officer", Email: "dpo@thamesbridge.example", Kind: KindDataProtection},
		}},
		{"en_leadership.html", []want{
			{Name: "Jane Doe", Role: "Chief Executive Officer", LinkedIn: "https://www.linkedin.com/in/jane-doe-brightline", Source: SourceTeamCard},
			{Name: "John Smith, PhD", Title: "PhD", Given: "John", Family: "Smith", Role: "Head of Procurement", LinkedIn: "https://www.linkedin.com/in/johnsmithphd"},
			{Name: "María García", Role: "VP Sales, EMEA"},
			{Name: "Wei Zhang", Role: "Chief Technology Officer"},
		}},
		{"wp_team_elementor.html", []want{
			{Name: "Hans-Peter Müller-Lüdenscheidt", Given: "Hans-Peter", Family: "Müller-Lüdenscheidt", Role: "Geschäftsführender Gesellschafter",
				Email: "hp.mueller@sw-foerdertechnik.de", Phone: "0761 123456-10", LinkedIn: "https://www.linkedin.com/in/hp-mueller-luedenscheidt"},
			{Name: "Selin Yılmaz", Role: "Leitung Vertrieb & Marketing", Email: "s.yilmaz@sw-foerdertechnik.de", Phone: "0761 123456-20"},
			{Name: "KATARZYNA WÓJCIK", Role: "Einkauf & Materialwirtschaft"},
		}},
		{"jsonld.html", []want{
			{Name: "Dr. med. Sophie Wagner", Title: "Dr. med.", Given: "Sophie", Family: "Wagner", Role: "Geschäftsführerin",
				Email: "sophie.wagner@medtec.example", Phone: "+49 89 4444 100", LinkedIn: "https://www.linkedin.com/in/sophie-wagner-md", Source: SourceJSONLD},
			{Name: "Dipl.-Ing. Lukas Brandt", Title: "Dipl.-Ing.", Given: "Lukas", Family: "Brandt", Role: "Leiter Einkauf"},
			{Name: "Oliver Krause", Role: "CFO"},
		}},
		{"microdata.html", []want{
			{Name: "Prof. Dr. Martin Keller", Title: "Prof. Dr.", Given: "Martin", Family: "Keller", Role: "Director Quality Assurance",
				Email: "martin.keller@biopharm.example", Phone: "+41 61 555 12 34", Source: SourceMicrodata},
			{Name: "Laura Fischer", Role: "Key Account Manager", LinkedIn: "https://www.linkedin.com/in/laura-fischer-kam"},
			{Name: "Daniel Roth", Role: "Head of IT"},
		}},
		{"team_mailto_list.html", []want{
			{Name: "Karin Meier", Role: "Vertrieb Innendienst", Email: "k.meier@hoffmann-gruppe.example"},
			{Name: "Tobias Schulz", Role: "Key Account Manager Pharma", Email: "t.schulz@hoffmann-gruppe.example"},
			{Name: "Michael Braun", Role: "Leiter Einkauf", Email: "m.braun@hoffmann-gruppe.example", Phone: "+49 711 123-45"},
			{Name: "Julia Wolf", Role: "Einkäuferin", Email: "j.wolf@hoffmann-gruppe.example", Phone: "+49 711 123-46"},
			{Name: "Nadine Koch", Role: "Assistenz der Geschäftsführung", Email: "sekretariat@hoffmann-gruppe.example", Source: SourceMailto},
		}},
		{"obfuscated.html", []want{
			{Name: "Andreas Vogt", Role: "Geschäftsführer", Email: "a.vogt@vogt-technik.de"},
			{Name: "Birgit Lorenz", Role: "Leiterin Marketing", Email: "birgit.lorenz@vogt-technik.de"},
			{Name: "Carsten Maurer", Role: "Technischer Leiter", Email: "c.maurer@vogt-technik.de"},
			{Name: "Doris Ernst", Role: "Buchhaltung", Email: "doris.ernst@vogt-technik.de"},
			// The team address in Erik's card is not his.
			{Name: "Erik Haas", Role: "Vertrieb"},
		}},
		{"noise_product_page.html", []want{
			{Name: "Dr. Frank Albers", Title: "Dr.", Role: "Geschäftsführer", Source: SourceImprint},
		}},
		{"hostile.html", []want{
			{Name: "Petra Lang", Role: "Geschäftsführer"},
		}},
	}
	for _, tt := range tests {
		html, err := os.ReadFile(filepath.Join("testdata", tt.file))
		if err != nil {
			t.Fatal(err)
		}
		checkPeople(t, tt.file, Extract("https://www.example.com/impressum", html), tt.want)
	}
}

// TestExtractSnippets covers the phrasings of imprint and team blocks one
// at a time.
func TestExtractSnippets(t *testing.T) {
	t.Parallel()
	tests := []struct {
		html string
		want []want
	}{
		{`<p>Geschäftsführer: Max Mustermann<br>Registergericht: Amtsgericht Köln<br>Registernummer: HRB 1234</p>`,
			[]want{{Name: "Max Mustermann", Role: "Geschäftsführer"}}},
		{`<p>Vertreten durch den Geschäftsführer Max Mustermann</p>`,
			[]want{{Name: "Max Mustermann", Role: "Geschäftsführer"}}},
		{`<p>Inhaber: Max Mustermann (Dipl.-Ing.)</p>`,
			[]want{{Name: "Max Mustermann (Dipl.-Ing.)", Title: "Dipl.-Ing.", Role: "Inhaber"}}},
		{`<h2>Angaben gemäß § 5 TMG</h2><p>Muster GmbH<br>Musterstraße 1<br>12345 Musterstadt</p><p><strong>Vertreten durch:</strong><br>Max Mustermann</p><h2>Kontakt</h2><p>Telefon: +49 (0) 123 44 55 66<br>E-Mail: info@muster.de</p><h2>Redaktionell verantwortlich</h2><p>Erika Mustermann<br>Musterstraße 1<br>12345 Musterstadt</p>`,
			[]want{{Name: "Max Mustermann", Role: "Vertreten durch"}, {Name: "Erika Mustermann", Role: "Redaktionell verantwortlich", Kind: KindEditorialResponsible}}},
		{`<p>Managing Directors: Dr. Hans Meier, Klaus Schmidt</p>`,
			[]want{{Name: "Dr. Hans Meier", Title: "Dr.", Role: "Managing Directors"}, {Name: "Klaus Schmidt", Role: "Managing Directors"}}},
		{`<p>Geschäftsführung: Dipl.-Kfm. Max Mustermann, Dipl.-Ing. (FH) Erika Musterfrau</p>`,
			[]want{{Name: "Dipl.-Kfm. Max Mustermann", Title: "Dipl.-Kfm.", Role: "Geschäftsführung"},
				{Name: "Dipl.-Ing. (FH) Erika Musterfrau", Title: "Dipl.-Ing. (FH)", Given: "Erika", Family: "Musterfrau", Role: "Geschäftsführung"}}},
		{`<p>Vorstand: Dr. Max Muster (Vorsitzender), Erika Muster; Vorsitzende des Aufsichtsrats: Anna Beispiel</p>`,
			[]want{{Name: "Dr. Max Muster", Title: "Dr.", Role: "Vorsitzender"}, {Name: "Erika Muster", Role: "Vorstand"},
				{Name: "Anna Beispiel", Role: "Vorsitzende des Aufsichtsrats"}}},
		{`<p>Verantwortlich für den Inhalt (gem. § 18 Abs. 2 MStV): Max Mustermann, Anschrift wie oben</p>`,
			[]want{{Name: "Max Mustermann", Role: "Verantwortlich für den Inhalt", Kind: KindEditorialResponsible}}},
		{`<p>CEO: Maria Rossi | CFO: Luca Bianchi</p>`,
			[]want{{Name: "Maria Rossi", Role: "CEO"}, {Name: "Luca Bianchi", Role: "CFO"}}},
		{`<dl><dt>Geschäftsführer</dt><dd>Max Muster</dd><dt>Sitz</dt><dd>Köln</dd></dl>`,
			[]want{{Name: "Max Muster", Role: "Geschäftsführer"}}},
		{`<p>Vertretungsberechtigte Geschäftsführer: Herr Dipl.-Ing. Jan Novak und Frau Dr. rer. nat. Petra Klein</p>`,
			[]want{{Name: "Dipl.-Ing. Jan Novak", Title: "Dipl.-Ing.", Role: "Geschäftsführer"},
				{Name: "Dr. rer. nat. Petra Klein", Title: "Dr. rer. nat.", Role: "Geschäftsführer"}}},
		{`<div class="imprint"><b>Geschaeftsfuehrer:</b> Ralf Zimmermann</div>`,
			[]want{{Name: "Ralf Zimmermann", Role: "Geschaeftsfuehrer"}}},
		{`<p>Registered office: 1 Main St, London. Represented by: John Carter (CEO) and Emma Hill (CFO).</p>`,
			[]want{{Name: "John Carter", Role: "CEO"}, {Name: "Emma Hill", Role: "CFO"}}},
		{`<p>Firmenbuchnummer: FN 123456x<br>Firmenbuchgericht: Handelsgericht Wien<br>Geschäftsführer: Mag. Dr. Thomas Leitner</p>`,
			[]want{{Name: "Mag. Dr. Thomas Leitner", Title: "Mag. Dr.", Given: "Thomas", Family: "Leitner", Role: "Geschäftsführer"}}},
		{`<p>Datenschutzbeauftragter: Dr. Uwe Schläger, datenschutz nord GmbH, office@datenschutz-nord.de</p>`,
			[]want{{Name: "Dr. Uwe Schläger", Title: "Dr.", Role: "Datenschutzbeauftragter", Kind: KindDataProtection}}},
		{`<p>Inhaberin: Anna Beispiel</p><p>V.i.S.d.P.: Anna Beispiel</p>`,
			[]want{{Name: "Anna Beispiel", Role: "Inhaberin"}}},
		{`<ul class="team"><li><strong>Jan Kowalski</strong>, Leiter Produktion, <a href="mailto:jan.kowalski@firma.de">jan.kowalski@firma.de</a></li><li><strong>Ewa Nowak</strong>, Qualitätsmanagement, Tel. 0221 123-4</li></ul>`,
			[]want{{Name: "Jan Kowalski", Role: "Leiter Produktion", Email: "jan.kowalski@firma.de", Source: SourceList},
				{Name: "Ewa Nowak", Role: "Qualitätsmanagement", Phone: "0221 123-4"}}},
		{`<table><tr><td><strong>Max Muster</strong><br>Geschäftsführer<br>Tel. 0221 / 123 45-0<br><a href="mailto:m.muster@firma.de">m.muster@firma.de</a></td><td><strong>Erika Beispiel</strong><br>Prokuristin<br><a href="https://de.linkedin.com/in/erikabeispiel">LinkedIn</a></td></tr></table>`,
			[]want{{Name: "Max Muster", Role: "Geschäftsführer", Email: "m.muster@firma.de", Phone: "0221 / 123 45-0"},
				{Name: "Erika Beispiel", Role: "Prokuristin", LinkedIn: "https://www.linkedin.com/in/erikabeispiel"}}},
		{`<p>Für Rückfragen: <a href="mailto:lisa.berg@firma.de">Lisa Berg</a></p>`,
			[]want{{Name: "Lisa Berg", Email: "lisa.berg@firma.de", Source: SourceMailto}}},
		// A sole trader named alone under the imprint's heading runs the
		// site: the heading is the role, and an address of the block that
		// spells the name (local part or domain) is theirs; info@ is not.
		{`<h1>Impressum</h1><p>Nguyet Tran<br>Hauptstraße 5<br>4048 Puchenau</p><p>Kontakt</p><p>E-Mail: n@tran-design.at</p>`,
			[]want{{Name: "Nguyet Tran", Role: "Impressum", Email: "n@tran-design.at", Source: SourceImprint}}},
		{`<h1>Impressum</h1><p>Nguyet Tran<br>Hauptstraße 5<br>4048 Puchenau</p><p>E-Mail: info@tran-design.at</p>`,
			[]want{{Name: "Nguyet Tran", Role: "Impressum", Source: SourceImprint}}},
		{`<h1>Impressum</h1><p>Nguyet Tran<br>Hauptstraße 5<br>4048 Puchenau</p><p>E-Mail: n@tran-design.at, nt@tran.at</p>`,
			[]want{{Name: "Nguyet Tran", Role: "Impressum", Source: SourceImprint}}},
		// A content duty is no position: "Vertreten durch" stays beside it.
		{`<p>Vertreten durch: Manuel Voit, Quirin Felbermeir</p><p>Verantwortlich für den Inhalt nach § 55 Abs. 2 RStV: Manuel Voit, Quirin Felbermeir</p>`,
			[]want{{Name: "Manuel Voit", Role: "Vertreten durch; Verantwortlich für den Inhalt nach § 55 Abs. 2 RStV"},
				{Name: "Quirin Felbermeir", Role: "Vertreten durch; Verantwortlich für den Inhalt nach § 55 Abs. 2 RStV"}}},
		// Not people.
		{`<ul><li>Roche Diagnostics</li><li>Boehringer Ingelheim</li><li>Sartorius Stedim</li></ul>`, nil},
		{`<div id="cookie-banner"><p>Geschäftsführer: Max Mustermann findet Cookies gut.</p></div>`, nil},
		{`<p>© 2025 Muster GmbH · Geschäftsführer haften nicht für Inhalte Dritter.</p>`, nil},
	}
	for _, tt := range tests {
		checkPeople(t, truncateRunes(tt.html, 60), Extract("", []byte(tt.html)), tt.want)
	}
}

// TestPageHeadingIsNoRole: a heading that names the kind of page ("Legal
// notice", "Impressum", "Contact") is no department over the people under
// it ("Legal notice" would read as the legal department).
func TestPageHeadingIsNoRole(t *testing.T) {
	t.Parallel()
	for _, h := range []string{"Legal notice", "Impressum", "Contact"} {
		page := `<h1>` + h + `</h1><div><p><b>Muster Gruppe</b><br>a trademark of<br><b>Beispiel AG</b><br>Leo Beispiel<br>Musterstraße 1<br>12345 Musterstadt<br>Phone: +49 30 123456<br>Email: leo.beispiel@beispiel.de</p></div>`
		got := Extract("", []byte(page))
		if len(got) != 1 || got[0].Name != "Leo Beispiel" {
			t.Errorf("%s: got %+v, want Leo Beispiel", h, got)
			continue
		}
		if got[0].RoleText != "" {
			t.Errorf("%s: Leo Beispiel has role %q, want none", h, got[0].RoleText)
		}
	}
}

// TestExtractMergesSightings: one person found by several extractors is one
// Person with all facts.
func TestExtractMergesSightings(t *testing.T) {
	t.Parallel()
	html := `<script type="application/ld+json">{"@type":"Person","name":"Dr. Anna Huber","jobTitle":"CEO","email":"anna.huber@firma.de"}</script>
	<p>Geschäftsführerin: Dr. Anna Huber</p><p>Verantwortlich für den Inhalt nach § 18 Abs. 2 MStV: Anna Huber</p>`
	got := Extract("", []byte(html))
	if len(got) != 1 {
		t.Fatalf("got %d people, want 1: %+v", len(got), got)
	}
	p := got[0]
	if p.Name != "Dr. Anna Huber" || p.Email != "anna.huber@firma.de" || p.Kind != "" ||
		!strings.Contains(p.RoleText, "CEO") || !strings.Contains(p.RoleText, "Geschäftsführerin") || !strings.Contains(p.RoleText, "MStV") {
		t.Errorf("merged person = %+v", p)
	}
}

// TestExtractBounded: oversized and degenerate input returns quickly and
// within the limits.
func TestExtractBounded(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	b.WriteString("<ul>")
	for i := 0; b.Len() < MaxInputBytes+1<<20; i++ {
		b.WriteString("<li><b>Max Mustermann</b> Geschäftsführer</li>")
	}
	got := Extract("", []byte(b.String()))
	if len(got) > MaxPeople {
		t.Errorf("got %d people, limit %d", len(got), MaxPeople)
	}
	for _, in := range []string{"", "<", "<html>", strings.Repeat("<div>", 100_000), strings.Repeat("(at)", 50_000),
		"\xff\xfe\x00<p>Geschäftsführer: \xc3</p>"} {
		for _, p := range Extract("::bad url::", []byte(in)) {
			if !utf8.ValidString(p.Name) {
				t.Errorf("invalid UTF-8 name %q", p.Name)
			}
		}
	}
}
