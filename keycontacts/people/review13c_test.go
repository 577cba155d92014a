package people

import "testing"

// TestReviewMends13c: a third read-only review found these regressions in
// the second review's mends (7b08338); each subtest states what a correct
// extractor returns and failed before its mend.
func TestReviewMends13c(t *testing.T) {
	tests := []reviewCase{
		{"R1 capsNameRole: unknown family names lost (Nigeria)", `<html><body><h1>Board of Trustees</h1>
<p>OLUSEGUN ADEBAYO CHAIRMAN</p>
<p>NGOZI OKAFOR SECRETARY</p>
<p>EMEKA OBI TREASURER</p></body></html>`,
			[]reviewWant{{"NGOZI OKAFOR", "SECRETARY"}, {"EMEKA OBI", "TREASURER"}, {"OLUSEGUN ADEBAYO", "CHAIRMAN"}}, nil},
		{"R1b capsNameRole: unknown family names lost (Philippines, table)", `<html><body><h1>OFFICERS</h1><table>
<tr><td>ANGELO DIMAGIBA PRESIDENT</td></tr>
<tr><td>ROBERTO LIM VICE PRESIDENT</td></tr>
<tr><td>LORNA BAUTISTA TREASURER</td></tr></table></body></html>`,
			[]reviewWant{{"ANGELO DIMAGIBA", "PRESIDENT"}, {"ROBERTO LIM", "VICE PRESIDENT"}, {"LORNA BAUTISTA", "TREASURER"}}, nil},
		{"R1c capsNameRole: unknown family names lost (India)", `<html><body><h1>OFFICE BEARERS</h1>
<p>SUNITA DEVI PRESIDENT</p>
<p>ANIL KUMAR TREASURER</p></body></html>`,
			[]reviewWant{{"SUNITA DEVI", "PRESIDENT"}, {"ANIL KUMAR", "TREASURER"}}, nil},
		{"R2 cutOrg: an org name with a role word keeps the tail, 7 words drop the person", `<html><body><h1>News</h1>
<p>Acme Holdings has appointed Jane Whitfield as Chief Executive Officer of Hartley Property Management.</p>
<p>Acme Holdings has appointed Kate Lynch as Chief Financial Officer of Acme Sales Ltd.</p>
<p>Acme Holdings has appointed Peter Walsh as Managing Director of Digital Realty.</p></body></html>`,
			[]reviewWant{{"Jane Whitfield", "Chief Executive Officer"}, {"Kate Lynch", "Chief Financial Officer"}, {"Peter Walsh", "!Realty"}}, nil},
		{"R3 abbreviations: 'MA.' no longer ends a sentence", `<html><body><h1>News</h1>
<p>Our new treasurer holds a BA and an MA. Jane Whitfield has been appointed as Secretary.</p></body></html>`,
			[]reviewWant{{"Jane Whitfield", "Secretary"}}, nil},
		{"R4 leftUs: 'until <year>' / 'until his retirement|death'", `<html><body><h1>Our Team</h1>
<p>Anna Berg joined the practice in 2016 and is our practice manager.</p>
<p>Kate Lynch started with us in 2012 and looks after reception.</p>
<p>Tom Reilly joined the practice in 1985 and ran it until 2015.</p>
<p>Peter Walsh joined the firm in 1990 and worked here until his retirement last year.</p></body></html>`,
			[]reviewWant{{"Anna Berg", ""}}, []string{"Tom Reilly", "Peter Walsh"}},
		{"R5 deceased zone: practice-area headings other than 'Deceased Estates'", `<html><body><h1>Our Lawyers</h1>
<h2>Deceased's Estates &amp; Probate</h2>
<div class="c"><h3>Kate Lynch</h3><p>Solicitor</p></div>
<h2>Deceased Customer Support</h2>
<div class="c"><h3>Jane Whitfield</h3><p>Bereavement Services Manager</p></div></body></html>`,
			[]reviewWant{{"Kate Lynch", "Solicitor"}, {"Jane Whitfield", ""}}, nil},
		{"R6 stopGiven: everyday word + non-thing stop token is a name", `<html><body><h1>Team</h1>
<div class="m"><h3>Summer Job</h3><p>Coordinator</p></div>
<div class="m"><h3>Art Basel</h3><p>Partner</p></div>
<div class="m"><h3>Rose Allee</h3><p>Standort</p></div>
<div class="m"><h3>Anna Berg</h3><p>Office Manager</p></div></body></html>`,
			[]reviewWant{{"Anna Berg", ""}}, []string{"Summer Job", "Art Basel", "Rose Allee"}},
		{"R7 officeHeader: a 'Title' column of job titles loses to 'Role'/'Function'", `<html><body><h1>Staff</h1>
<table><thead><tr><th>Name</th><th>Title</th><th>Role</th></tr></thead><tbody>
<tr><td>Anna Berg</td><td>Managing Director</td><td>Management</td></tr>
<tr><td>Tom Reilly</td><td>Sales Manager</td><td>Sales</td></tr></tbody></table></body></html>`,
			[]reviewWant{{"Anna Berg", "Managing Director"}, {"Tom Reilly", "Sales Manager"}}, nil},
		{"R8 dropOrgPersons: a WebSite's name no longer names the organisation", `<html><head><script type="application/ld+json">{"@context":"https://schema.org","@graph":[
{"@type":"WebSite","name":"SV OG Traunstein"},
{"@type":"WebPage","name":"Vorstand - SV OG Traunstein"},
{"@type":"Article","headline":"Vorstand","author":{"@type":"Person","name":"SV OG Traunstein"}}]}</script></head>
<body><h1>Vorstand</h1><p>Text.</p></body></html>`,
			nil, []string{"SV OG Traunstein"}},
		{"R9 publicAppointer: a council's appointee to another body", `<html><body><h1>News</h1>
<p>Westshire County Council has appointed Tom Reilly as Chair of the Westshire Youth Trust.</p></body></html>`,
			nil, []string{"Tom Reilly"}},
	}
	runReviewCases(t, tests)
}
