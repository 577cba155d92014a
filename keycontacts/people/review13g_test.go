package people

import "testing"

// reviewBio is two current colleagues' bios, which every leftUs case keeps.
const reviewBio = `<p>Anna Berg joined the practice in 2016 and is our practice manager and first point of contact.</p>
<p>Tom Reilly joined the team in 2015 and advises clients on tax and estate planning.</p>`

// TestReviewMends13g: a seventh read-only review found these regressions in
// the sixth review's mends (53f9337); each subtest states what a correct
// extractor returns and failed before its mend.
func TestReviewMends13g(t *testing.T) {
	runReviewCases(t, []reviewCase{
		{"C1 caps: short unknown words (KE/NG/IN)", `<html><body><h1>Management Team</h1>
<p>JUMA MWANGI MANAGING DIRECTOR</p>
<p>TUNDE BAKARE CHIEF FINANCIAL OFFICER</p>
<p>OTIENO RUTO COMPANY SECRETARY</p>
<p>UCHE EZE GENERAL MANAGER</p></body></html>`,
			[]reviewWant{{"JUMA MWANGI", "MANAGING DIRECTOR"}, {"TUNDE BAKARE", "CHIEF FINANCIAL OFFICER"}, {"OTIENO RUTO", "COMPANY SECRETARY"}, {"UCHE EZE", "GENERAL MANAGER"}}, nil},
		{"C2 caps: hyphenated unknown family (NG/KE)", `<html><body><h1>Board of Directors</h1>
<p>OLUWATOYIN ADEBOWALE-OKAFOR MANAGING DIRECTOR</p>
<p>WANJIRU MWANGI-KARIUKI INDEPENDENT DIRECTOR</p>
<p>BABAJIDE OYELARAN COMPANY SECRETARY</p></body></html>`,
			[]reviewWant{{"OLUWATOYIN ADEBOWALE-OKAFOR", "MANAGING DIRECTOR"}, {"WANJIRU MWANGI-KARIUKI", "INDEPENDENT DIRECTOR"}}, nil},
		{"C3 caps: family ending in a business word", `<html><body><h1>Management Team</h1>
<p>OLUSEGUN EUBANK MANAGING DIRECTOR</p>
<p>BABAJIDE OYELARAN COMPANY SECRETARY</p></body></html>`,
			[]reviewWant{{"OLUSEGUN EUBANK", "MANAGING DIRECTOR"}, {"BABAJIDE OYELARAN", "COMPANY SECRETARY"}}, nil},
		{"L1 leftUs: 'plans' (noun) in a former colleague's bio", `<html><body><h1>Our Team</h1>` + reviewBio + `
<p>John Walsh joined the firm in 1975 and advised clients on pension plans until his retirement in 2010.</p></body></html>`,
			[]reviewWant{{"Anna Berg", ""}, {"Tom Reilly", ""}}, []string{"John Walsh"}},
		{"L2 leftUs: 'will be missed' after a death", `<html><body><h1>Our Team</h1>` + reviewBio + `
<p>Mary Quinn joined the firm in 1960 and remained a partner until her death in 2001; she will be sadly missed.</p></body></html>`,
			[]reviewWant{{"Anna Berg", ""}, {"Tom Reilly", ""}}, []string{"Mary Quinn"}},
		{"L3 leftUs: until YEAR, when he founded/joined/set up/went", `<html><body><h1>Our Team</h1>` + reviewBio + `
<p>John Walsh joined the firm in 1985 and was a partner until 2012, when he founded his own consultancy.</p>
<p>Mary Quinn joined the firm in 1990 and worked in audit until 2008, when she joined KPMG.</p>
<p>Kate Lynch joined the practice in 1995 and was our senior nurse until 2016, when she set up her own clinic.</p>
<p>Peter Byrne joined the firm in 1999 and led the tax team until 2014, when he went to Australia.</p></body></html>`,
			[]reviewWant{{"Anna Berg", ""}, {"Tom Reilly", ""}}, []string{"John Walsh", "Mary Quinn", "Kate Lynch", "Peter Byrne"}},
		{"L4 leftUs: until retirement (no year)", `<html><body><h1>Our Team</h1>` + reviewBio + `
<p>Kate Lynch joined the practice in 1978 and served as senior partner until retirement.</p></body></html>`,
			[]reviewWant{{"Anna Berg", ""}, {"Tom Reilly", ""}}, []string{"Kate Lynch"}},
		{"L5 leftUs: son Will took over", `<html><body><h1>Our Team</h1>` + reviewBio + `
<p>John Walsh joined the firm in 1965 and ran it until his retirement in 2005, when his son Will took over.</p></body></html>`,
			[]reviewWant{{"Anna Berg", ""}, {"Tom Reilly", ""}}, []string{"John Walsh"}},
		{"P1 local bodies: Pradhan / Ward Panch / Barangay Tanod", `<html><body><h1>Elected Members</h1>
<div class="m"><h3>Shri Ramesh Patel</h3><p>Sarpanch, Gram Panchayat</p></div>
<div class="m"><h3>Shri Anil Kumar</h3><p>Pradhan, Panchayat Samiti</p></div>
<div class="m"><h3>Smt. Sunita Devi</h3><p>Up-Sarpanch, Gram Panchayat</p></div>
<div class="m"><h3>Shri Mahesh Yadav</h3><p>Ward Panch, Gram Panchayat</p></div></body></html>`,
			[]reviewWant{{"Ramesh Patel", "Sarpanch"}, {"Anil Kumar", "Pradhan"}, {"Sunita Devi", "Up-Sarpanch"}, {"Mahesh Yadav", "Ward Panch"}}, nil},
		{"P2 barangay officials (PH)", `<html><body><h1>Barangay Officials</h1>
<div class="m"><h3>Hon. Juan Dela Cruz</h3><p>Punong Barangay</p></div>
<div class="m"><h3>Hon. Maria Santos</h3><p>Barangay Kagawad</p></div>
<div class="m"><h3>Jose Reyes</h3><p>Barangay Tanod</p></div>
<div class="m"><h3>Ana Cruz</h3><p>Barangay Secretary</p></div>
<div class="m"><h3>Liza Ramos</h3><p>Barangay Treasurer</p></div>
<div class="m"><h3>Mark Villanueva</h3><p>SK Chairperson</p></div></body></html>`,
			[]reviewWant{{"Juan Dela Cruz", "Punong Barangay"}, {"Maria Santos", "Barangay Kagawad"}, {"Jose Reyes", "Barangay Tanod"}, {"Ana Cruz", "Barangay Secretary"}, {"Liza Ramos", "Barangay Treasurer"}}, nil},
		{"T1 topicSpan: public service bodies (GH/KE/NG)", `<html><body><h1>News</h1>
<p>Northshire County Council has appointed Councillor Tom Reilly as Chairman of the Fire Service.</p>
<p>Northshire County Council has appointed Anna Berg as Head of Human Resources.</p></body></html>`,
			[]reviewWant{{"Anna Berg", "Head of Human Resources"}}, []string{"Councillor Tom Reilly", "Tom Reilly"}},
	})
}
