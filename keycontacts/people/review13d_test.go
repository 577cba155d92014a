package people

import "testing"

// TestReviewMends13d: a fourth read-only review found these regressions in
// the third review's mends (735ed43); each subtest states what a correct
// extractor returns and failed before its mend.
func TestReviewMends13d(t *testing.T) {
	tests := []reviewCase{
		{"N1 stopGiven: everyday given name + stop-token family name (DE)", `<html><body><h1>Unser Team</h1>
<div class="m"><h3>Frank Damm</h3><p>Geschäftsführer</p></div>
<div class="m"><h3>Frank Mai</h3><p>Vertriebsleiter</p></div>
<div class="m"><h3>Mark Fort</h3><p>Prokurist</p></div>
<div class="m"><h3>Anna Berg</h3><p>Office Manager</p></div></body></html>`,
			[]reviewWant{{"Frank Damm", "Geschäftsführer"}, {"Frank Mai", "Vertriebsleiter"}, {"Mark Fort", "Prokurist"}}, nil},
		{"N1b stopGiven (EN)", `<html><body><h1>Our Team</h1>
<div class="m"><h3>Grace Mai</h3><p>Accountant</p></div>
<div class="m"><h3>Anna Berg</h3><p>Office Manager</p></div></body></html>`,
			[]reviewWant{{"Grace Mai", "Accountant"}}, nil},
		{"N2 capsNameRole: Indian local bodies read as people", `<html><body><h1>Office Bearers</h1>
<p>ZILLA PARISHAD PRESIDENT</p><p>Smt. Sunita Devi</p>
<p>NAGAR PANCHAYAT CHAIRMAN</p><p>Shri Anil Kumar</p></body></html>`,
			nil, []string{"ZILLA PARISHAD", "NAGAR PANCHAYAT"}},
		{"N3 cutOrg: department spans with 'and' or a later role word cut to 'Head'/'Director'", `<html><body><h1>News</h1>
<p>Acme Holdings has appointed Jane Roe as Head of Risk Management.</p>
<p>Acme Holdings has appointed Kate Lynch as Director of Human Resources and Administration.</p>
<p>Acme Holdings has appointed Tom Reilly as Head of Investor Relations.</p>
<p>Acme Holdings has appointed Peter Walsh as Head of Data Science.</p></body></html>`,
			[]reviewWant{{"Jane Roe", "Head of Risk Management"}, {"Kate Lynch", "Director of Human Resources and Administration"},
				{"Tom Reilly", "Head of Investor Relations"}, {"Peter Walsh", "Head of Data Science"}}, nil},
		{"N4 ownBody: a council/court appointing its own officer", `<html><body><h1>News</h1>
<p>The University Court has appointed Professor Jane Whitfield as Principal and Vice-Chancellor of the University.</p>
<p>Ashby Parish Council has appointed Tom Reilly as Responsible Financial Officer for the Council.</p>
<p>The Governing Council has appointed Dr. Ramesh Iyer as Director of the Institute.</p></body></html>`,
			[]reviewWant{{"Professor Jane Whitfield", "Principal"}, {"Tom Reilly", "Responsible Financial Officer"}, {"Dr. Ramesh Iyer", "Director"}}, nil},
		{"N5 leftUs: 'retirement planning', 'until 2014, when she qualified'", `<html><body><h1>Our Team</h1>
<p>Anna Berg joined the practice in 2016 and is our practice manager.</p>
<p>Kate Lynch joined the team in 2015 and advises clients on retirement planning and pensions.</p>
<p>Jane Roe joined the firm in 2009 and worked as a paralegal until 2014, when she qualified as a solicitor.</p></body></html>`,
			[]reviewWant{{"Anna Berg", ""}, {"Kate Lynch", ""}, {"Jane Roe", ""}}, nil},
		{"N6 sentences: caps 'MA.' in prose now splits a Filipino name", `<html><body><h1>News</h1>
<p>The board met in May. MA. LOURDES SANTOS has been appointed as Treasurer.</p></body></html>`,
			nil, []string{"LOURDES SANTOS"}},
	}
	runReviewCases(t, tests)
}

// TestLocalBodiesAreNoNames: an Indian or Philippine local body written in
// capitals before its office ("GRAM PANCHAYAT PRESIDENT", "SANGGUNIANG
// BAYAN MEMBER") is no person; Mandal is a Bengali family name as well as a
// body, so it is not among the words.
func TestLocalBodiesAreNoNames(t *testing.T) {
	for _, s := range []string{"GRAM PANCHAYAT PRESIDENT", "ZILLA PARISHAD CHAIRMAN", "PANCHAYAT SAMITI SECRETARY", "SANGGUNIANG BAYAN MEMBER",
		"SHERATON LAGOS GENERAL MANAGER"} {
		if it, ok := capsNameRole(s); ok {
			t.Errorf("%q read as %q", s, it.np.full)
		}
	}
}
