package people

import "testing"

// A second read-only review (of e1530f7..a4ca280) found these defects; each
// subtest states what a correct extractor returns on a realistic page and
// failed before its mend.

func reviewExtract(html string) (map[string]Person, []string) {
	got := map[string]Person{}
	var all []string
	for _, p := range Extract("", []byte(html)) {
		got[p.Name] = p
		all = append(all, p.Name+" ["+p.RoleText+"]")
	}
	return got, all
}

func TestReviewMends13b(t *testing.T) {
	tests := []reviewCase{
		{"D1 capsNameRole takes the shortest name: three-word names lose their family name", `<html><body><h1>BOARD OF DIRECTORS</h1>
<p>DR. JOSE MARIA SANTOS VICE PRESIDENT</p>
<p>MARIA CLARA REYES TREASURER</p>
<p>ENGR. ROBERTO C. LIM DIRECTOR</p></body></html>`,
			[]reviewWant{{"MARIA CLARA REYES", "TREASURER"}}, []string{"MARIA CLARA", "DR. JOSE MARIA"}},
		{"D1b capsNameRole reads a business and its office as a person", `<html><body><h1>OUR MANAGEMENT</h1>
<p>DR. STEPHANIE A. ABELLO VICE PRESIDENT</p>
<p>DR. JENNIFER M. BUNOL CORPORATE SECRETARY</p>
<p>VICTORIA COURT GENERAL MANAGER</p></body></html>`,
			[]reviewWant{{"DR. STEPHANIE A. ABELLO", "VICE PRESIDENT"}}, []string{"VICTORIA COURT"}},
		{"D2 namesBefore: a nickname after two given names splits nothing", `<html><body><h1>Our Officers</h1>
<ul><li>Maria Theresa (Tess) Cruz, President</li><li>Jose Maria (Pepe) Santos, Vice President</li><li>Mary Ann (Mandy) Reyes, Treasurer</li></ul></body></html>`,
			[]reviewWant{{"Maria Theresa Cruz", "President"}, {"Jose Maria Santos", "Vice President"}, {"Mary Ann Reyes", "Treasurer"}}, nil},
		{"D2b nickname on cards", `<html><body><h1>Meet the Team</h1>
<div class="team-member"><h3>Maria Theresa (Tess) Cruz</h3><p>Managing Director</p></div>
<div class="team-member"><h3>Robert James (Bobby) Reilly</h3><p>Operations Manager</p></div>
<div class="team-member"><h3>Anna Berg</h3><p>Office Manager</p></div></body></html>`,
			[]reviewWant{{"Maria Theresa Cruz", "Managing Director"}, {"Robert James Reilly", "Operations Manager"}}, nil},
		{"D3 deceased zone: 'Deceased Life Members' heading", `<html><body><h1>Our Society</h1>
<h2>Officers</h2>
<div class="c"><h3>Michael Hartley</h3><p>President</p></div>
<div class="c"><h3>Anna Berg</h3><p>Secretary</p></div>
<h2>Deceased Life Members</h2>
<div class="c"><h3>Jane Whitfield</h3><p>Past President</p></div>
<div class="c"><h3>Tom Reilly</h3><p>Treasurer 1980-1995</p></div></body></html>`,
			[]reviewWant{{"Michael Hartley", ""}}, []string{"Jane Whitfield", "Tom Reilly"}},
		{"D3b deceased zone: bold label 'Deceased Members:'", `<html><body><h1>Board of Directors</h1>
<ul><li>Michael Hartley, Chair</li><li>Anna Berg, Secretary</li><li>Kate Lynch, Treasurer</li></ul>
<p><strong>Deceased Members:</strong></p>
<ul><li>Jane Whitfield, Chair</li><li>Tom Reilly, Director</li><li>Peter Walsh, Director</li></ul></body></html>`,
			[]reviewWant{{"Michael Hartley", ""}}, []string{"Jane Whitfield", "Tom Reilly", "Peter Walsh"}},
		{"D4 topicOffice: the offices its own comment names", `<html><body><h1>Committee</h1>
<h4>President</h4><h5>Michael Hartley</h5>
<h4>Sponsors Coordinator</h4><h5>Anna Berg</h5>
<h4>Partner Relations Manager</h4><h5>Kate Lynch</h5>
<h4>Secretary</h4><h5>Tom Reilly</h5></body></html>`,
			[]reviewWant{{"Anna Berg", ""}, {"Kate Lynch", ""}}, nil},
		{"D5 cutOrg keeps a long role whole, then the 6-word limit drops the appointee", `<html><body><h1>News</h1>
<p>Acme Corp has appointed Jane Whitfield as Vice President of Engineering for the Asia Pacific region.</p>
<p>Acme Corp has appointed Tom Reilly as Head of Sales for the United Kingdom and Ireland.</p>
<p>The Hartley Foundation has appointed Kate Lynch as Chair of the Board of Trustees of the Foundation.</p></body></html>`,
			[]reviewWant{{"Jane Whitfield", "Vice President"}, {"Tom Reilly", "Head"}, {"Kate Lynch", "Chair"}}, nil},
		{"D6 publicAppointer: a council or court appointing its own officer", `<html><head><title>Ashby Parish Council - News</title></head><body><h1>Council News</h1>
<p>Ashby Parish Council has appointed Jane Whitfield as Clerk and Responsible Financial Officer.</p>
<p>The University Court has appointed Kate Lynch as Principal and Vice-Chancellor.</p></body></html>`,
			[]reviewWant{{"Jane Whitfield", "Clerk"}, {"Kate Lynch", "Principal"}}, nil},
		{"D7 stopGiven: an everyday given name before a surname that is a stop word", `<html><body><h1>Our Team</h1>
<div class="member"><h3>Mark Lane</h3><p>Managing Director</p></div>
<div class="member"><h3>Frank Swift</h3><p>Finance Director</p></div>
<div class="member"><h3>Anna Berg</h3><p>Office Manager</p></div></body></html>`,
			[]reviewWant{{"Mark Lane", "Managing Director"}, {"Frank Swift", "Finance Director"}}, nil},
		{"D8 leftUs: 'until' in a current colleague's bio", `<html><body><h1>Our Team</h1>
<p>Kate Lynch started working at the practice in 2010 as a dental nurse until she qualified as a hygienist in 2014. She loves working with nervous patients.</p>
<p>Tom Reilly joined the practice in 2012 and is our principal dentist.</p>
<p>Anna Berg started with us in 2016 and looks after our reception and our patients.</p></body></html>`,
			[]reviewWant{{"Kate Lynch", ""}, {"Tom Reilly", ""}, {"Anna Berg", ""}}, nil},
		{"D9 dropOrgPersons: a breadcrumb ListItem named like the person", `<html><head><title>Rajesh Kumar - Acme Law</title>
<script type="application/ld+json">{"@context":"https://schema.org","@graph":[
{"@type":"WebPage","name":"Rajesh Kumar - Acme Law"},
{"@type":"BreadcrumbList","itemListElement":[{"@type":"ListItem","position":1,"name":"Home"},{"@type":"ListItem","position":2,"name":"Team"},{"@type":"ListItem","position":3,"name":"Rajesh Kumar"}]},
{"@type":"Person","name":"Rajesh Kumar","jobTitle":"Managing Partner","email":"rajesh@acmelaw.in"}]}</script>
</head><body><nav>Home / Team / Rajesh Kumar</nav><h1>Rajesh Kumar</h1><p>Rajesh advises on commercial property and leads the firm.</p></body></html>`,
			[]reviewWant{{"Rajesh Kumar", "Managing Partner"}}, nil},
		{"D9b dropOrgPersons: a sole practitioner's business named after him", `<html><head><script type="application/ld+json">[{"@context":"https://schema.org","@type":"ProfessionalService","name":"Rajesh Kumar","address":{"@type":"PostalAddress","addressLocality":"Pune"}},
{"@context":"https://schema.org","@type":"Person","name":"Rajesh Kumar","jobTitle":"Chartered Accountant","email":"rajesh@rkca.in"}]</script></head>
<body><h1>Welcome</h1><p>Audit, tax and advisory services for small businesses in Pune.</p></body></html>`,
			[]reviewWant{{"Rajesh Kumar", "Chartered Accountant"}}, nil},
		{"D10 otherColumn: deputies in a 'Stellvertretung' column", `<html><body><h1>Vorstand</h1>
<table><thead><tr><th>Funktion</th><th>Name</th><th>Stellvertretung</th></tr></thead><tbody>
<tr><td>Vorsitzender</td><td>Hartmann, Michael</td><td>Berger, Anna</td></tr>
<tr><td>Kassierer</td><td>Becker, Klaus</td><td>Schulze, Peter</td></tr>
<tr><td>Schriftführerin</td><td>Wagner, Sabine</td><td>Fischer, Thomas</td></tr>
<tr><td>Jugendwart</td><td>Weber, Jonas</td><td>Hoffmann, Lea</td></tr></tbody></table></body></html>`,
			[]reviewWant{{"Michael Hartmann", ""}, {"Anna Berger", ""}, {"Peter Schulze", ""}, {"Thomas Fischer", ""}}, nil},
		{"D11 officeHeader takes the first match: a 'Title' (salutation) column hides 'Position'", `<html><body><h1>Management Staff</h1>
<table><thead><tr><th>Name</th><th>Title</th><th>Department</th><th>Position</th></tr></thead><tbody>
<tr><td>Ngozi Okafor</td><td>Mrs</td><td>Finance</td><td>Chief Accountant</td></tr>
<tr><td>Emeka Obi</td><td>Engr.</td><td>Works</td><td>Chief Engineer</td></tr>
<tr><td>Aisha Bello</td><td>Dr.</td><td>Medical Services</td><td>Medical Director</td></tr></tbody></table></body></html>`,
			[]reviewWant{{"Ngozi Okafor", "Chief Accountant"}, {"Emeka Obi", "Chief Engineer"}, {"Aisha Bello", "Medical Director"}}, nil},
		{"D12 Nigerian degrees: LL.B without its last dot", `<html><body><h1>Our Lawyers</h1>
<div class="member"><h3>Chinedu Eze, LL.B, B.L</h3><p>Senior Associate</p></div>
<div class="member"><h3>Amaka Nwosu, LL.B (Hons), BL</h3><p>Associate</p></div>
<div class="member"><h3>Tunde Bakare LL.B, B.L, LL.M</h3><p>Partner</p></div></body></html>`,
			[]reviewWant{{"Chinedu Eze", "Senior Associate"}, {"Amaka Nwosu", "Associate"}, {"Tunde Bakare", "Partner"}}, nil},
	}
	runReviewCases(t, tests)
}

// D13: a salutation in brackets counts as one in parseName but is dropped
// by parseNameList (withoutSalutParen's flag discarded), so "Name (Mrs)"
// is weaker evidence than "Mrs Name" (confidence 0.50 vs 0.70 on cards).
func TestReviewMends13bSalutation(t *testing.T) {
	if np, ok := parseName("Ngaio Parata (Mrs)"); !ok || !np.salutation {
		t.Fatalf("parseName: %v %+v", ok, np)
	}
	items := parseNameList("Ngaio Parata (Mrs)", modeLine)
	if len(items) != 1 || !items[0].np.salutation {
		t.Errorf("parseNameList drops the bracketed salutation: %+v", items)
	}
	page := `<html><body><h1>Staff</h1>
<div class="s"><h3>Ngaio Parata (Mrs)</h3><p>Bursar</p></div>
<div class="s"><h3>Wiremu Tane (Mr)</h3><p>Registrar</p></div>
<div class="s"><h3>Mrs Aroha Ngata</h3><p>Librarian</p></div></body></html>`
	got, all := reviewExtract(page)
	if got["Ngaio Parata"].Confidence < got["Aroha Ngata"].Confidence {
		t.Errorf("bracketed salutation weaker than a leading one: %q (%.2f vs %.2f)", all, got["Ngaio Parata"].Confidence, got["Aroha Ngata"].Confidence)
	}
}
