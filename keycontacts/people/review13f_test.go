package people

import "testing"

// TestReviewMends13f: a sixth read-only review found these regressions in
// the fifth review's mends (4b732a6); each subtest states what a correct
// extractor returns and failed before its mend.
func TestReviewMends13f(t *testing.T) {
	const bioBase = `<p>Anna Berg joined the practice in 2016 and is our practice manager and first point of contact.</p>
<p>Tom Reilly joined the team in 2015 and advises clients on tax and estate planning.</p>`
	tests := []reviewCase{
		// 1 capsNameRole: unlisted "names" without a hotel brand.
		{"N1 capsNameRole: hotel/bank names not in hotelBrands (IN, PH, NG)", `<html><body><h1>Contact</h1>
<p>ITC MAURYA GENERAL MANAGER</p>
<p>SHANGRI-LA MAKATI GENERAL MANAGER</p>
<p>STANBIC IBTC MANAGING DIRECTOR</p>
<p>ECOBANK GHANA MANAGING DIRECTOR</p>
<p>ADEBAYO OGUNLESI MANAGING DIRECTOR</p></body></html>`,
			nil, []string{"ITC MAURYA", "SHANGRI-LA MAKATI", "STANBIC IBTC", "ECOBANK GHANA"}},
		// 2 thingStops: family names now refused after an everyday given name.
		{"N2 thingStops: Frank Montag, Grace To, Mark Dies, Rose Gasse (DE/HK/PH)", `<html><body><h1>Unser Team</h1>
<div class="m"><h3>Frank Montag</h3><p>Geschäftsführer</p></div>
<div class="m"><h3>Grace To</h3><p>Office Manager</p></div>
<div class="m"><h3>Mark Dies</h3><p>Vertrieb</p></div>
<div class="m"><h3>Rose Gasse</h3><p>Buchhaltung</p></div>
<div class="m"><h3>Anna Berg</h3><p>Prokuristin</p></div></body></html>`,
			[]reviewWant{{"Frank Montag", "=Geschäftsführer"}, {"Grace To", "=Office Manager"}, {"Mark Dies", "=Vertrieb"}, {"Rose Gasse", "=Buchhaltung"}, {"Anna Berg", "=Prokuristin"}}, nil},
		// 3 leftUs: current colleagues read as former ones.
		{"N3a leftUs: 'until retirement' in a planner's bio", `<html><body><h1>Our Team</h1>` + bioBase + `
<p>Kate Lynch joined the firm in 2012 and advises clients on pensions from their first job until retirement and beyond.</p></body></html>`,
			[]reviewWant{{"Anna Berg", ""}, {"Tom Reilly", ""}, {"Kate Lynch", ""}}, nil},
		{"N3b leftUs: 'until her planned retirement' (future)", `<html><body><h1>Our Team</h1>` + bioBase + `
<p>Kate Lynch joined the practice in 1998 and will remain our practice manager until her planned retirement in 2027.</p></body></html>`,
			[]reviewWant{{"Kate Lynch", ""}}, nil},
		{"N3c leftUs: 'until 2015, when he stepped up' / 'when she moved to our'", `<html><body><h1>Our Team</h1>` + bioBase + `
<p>John Walsh joined the firm in 2005 as an associate and worked in audit until 2015, when he stepped up to managing partner.</p>
<p>Mary Quinn joined the firm in 2010 and was based in Cork until 2018, when she moved to our Dublin office.</p></body></html>`,
			[]reviewWant{{"John Walsh", ""}, {"Mary Quinn", ""}}, nil},
		{"N3d leftUs: two current bios only -> whole section lost", `<html><body><h1>Our Team</h1>
<p>Kate Lynch joined the practice in 1998 and will remain our practice manager until her planned retirement in 2027.</p>
<p>Tom Reilly joined the team in 2015 and advises clients on tax and estate planning.</p></body></html>`,
			[]reviewWant{{"Kate Lynch", ""}, {"Tom Reilly", ""}}, nil},
		// 4 publicBodyTail in topicSpan: the company's own board / service lines cut.
		{"N4a topicSpan: Chairman of the Supervisory Board cut to Chairman", `<html><body><h1>Press</h1>
<p>Acme AG has appointed Jim Hagemann Snabe as Chairman of the Supervisory Board.</p>
<p>Globex Ltd has appointed Anna Berg as Chair of the Advisory Board.</p></body></html>`,
			[]reviewWant{{"Jim Hagemann Snabe", "=Chairman of the Supervisory Board"}, {"Anna Berg", "=Chair of the Advisory Board"}}, nil},
		{"N4b topicSpan: Head of Field Service / Director of Client Service", `<html><body><h1>News</h1>
<p>Acme Ltd has appointed Anna Berg as Head of Field Service.</p>
<p>Globex Ltd has appointed Tom Reilly as Director of Client Service.</p></body></html>`,
			[]reviewWant{{"Anna Berg", "=Head of Field Service"}, {"Tom Reilly", "=Director of Client Service"}}, nil},
		{"N4c otherBody: council's own Head of Technical Service dropped", `<html><body><h1>News</h1>
<p>Northshire County Council has appointed Anna Berg as Head of Technical Service.</p>
<p>Ashby Town Council has appointed Tom Reilly as Head of Field Service.</p></body></html>`,
			[]reviewWant{{"Anna Berg", "=Head of Technical Service"}, {"Tom Reilly", "=Head of Field Service"}}, nil},
		// 5 localBodies out of orgNouns: affiliation line replaces the section's office.
		{"N5 orgNouns: Zilla Parishad / Gram Panchayat affiliation becomes role (IN)", `<html><body><h1>Advisory Board</h1>
<div class="m"><h3>Dr. Anil Mehta</h3><p>Zilla Parishad, Pune</p></div>
<div class="m"><h3>Dr. Sunita Rao</h3><p>Gram Panchayat Kothrud</p></div>
<div class="m"><h3>Dr. Ravi Shah</h3><p>Professor of Economics</p></div></body></html>`,
			[]reviewWant{{"Dr. Anil Mehta", "=Advisory Board"}, {"Dr. Sunita Rao", "=Advisory Board"}}, nil},
	}
	runReviewCases(t, tests)
}
