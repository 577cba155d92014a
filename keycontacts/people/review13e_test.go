package people

import "testing"

// TestReviewMends13e: a fifth read-only review found these regressions in
// the fourth review's mends (c568de4); each subtest states what a correct
// extractor returns and failed before its mend.
func TestReviewMends13e(t *testing.T) {
	tests := []reviewCase{
		{"R1 capsNameRole: unlisted names (NG)", `<html><body><h1>Management Team</h1>
<p>ADEBAYO OGUNLESI MANAGING DIRECTOR</p>
<p>OLUWATOYIN ADEBOWALE CHIEF FINANCIAL OFFICER</p>
<p>BABAJIDE OYELARAN COMPANY SECRETARY</p></body></html>`,
			[]reviewWant{{"ADEBAYO OGUNLESI", "MANAGING DIRECTOR"}, {"OLUWATOYIN ADEBOWALE", "CHIEF FINANCIAL OFFICER"}, {"BABAJIDE OYELARAN", "COMPANY SECRETARY"}}, nil},
		{"R1b capsNameRole: unlisted names (IN)", `<html><body><h1>Board of Directors</h1>
<p>RAJESH KUMAR MANAGING DIRECTOR</p>
<p>VENKATARAMAN SUBRAMANIAN INDEPENDENT DIRECTOR</p></body></html>`,
			[]reviewWant{{"VENKATARAMAN SUBRAMANIAN", "INDEPENDENT DIRECTOR"}}, []string{"VENKATARAMAN SUBRAMANIAN INDEPENDENT"}},
		{"R2 stopGiven: Summer Menu", `<html><body><h1>Our Team</h1>
<div class="m"><h3>Anna Berg</h3><p>Head Chef</p></div>
<div class="m"><h3>Tom Reilly</h3><p>Restaurant Manager</p></div>
<div class="m"><h3>Summer Menu</h3><p>Seasonal dishes</p></div></body></html>`,
			[]reviewWant{{"Anna Berg", "Head Chef"}}, []string{"Summer Menu"}},
		{"R3 institutionWords via orgNouns: barangay offices lost (PH)", `<html><body><h1>Barangay Officials</h1>
<div class="m"><h3>Hon. Juan Dela Cruz</h3><p>Punong Barangay</p></div>
<div class="m"><h3>Hon. Maria Santos</h3><p>Barangay Kagawad</p></div>
<div class="m"><h3>Hon. Jose Reyes</h3><p>Barangay Kagawad</p></div>
<div class="m"><h3>Ana Cruz</h3><p>Barangay Secretary</p></div></body></html>`,
			[]reviewWant{{"Juan Dela Cruz", "Punong Barangay"}, {"Maria Santos", "Barangay Kagawad"}}, nil},
		{"R3b panchayat offices lost (IN)", `<html><body><h1>Elected Members</h1>
<div class="m"><h3>Shri Ramesh Patel</h3><p>Sarpanch, Gram Panchayat</p></div>
<div class="m"><h3>Smt. Sunita Devi</h3><p>Member, Zilla Parishad</p></div>
<div class="m"><h3>Shri Anil Kumar</h3><p>Pradhan, Panchayat Samiti</p></div></body></html>`,
			[]reviewWant{{"Ramesh Patel", "Sarpanch"}, {"Anil Kumar", "Pradhan"}}, nil},
		{"R4 leftUs: until retirement / until YEAR, when he ...", `<html><body><h1>Our Team</h1>
<p>Anna Berg joined the practice in 2016 and is our practice manager and first point of contact.</p>
<p>Kate Lynch joined the practice in 1978 and served as senior partner until retirement in 2012, after forty years.</p>
<p>John Walsh joined the firm in 1985 and led it until 2015, when he handed over to his son Peter.</p>
<p>Mary Quinn joined the firm in 1960 and remained a partner until her sudden death in 2001, aged 64.</p>
<p>Tom Reilly joined the team in 2015 and advises clients on tax and estate planning.</p></body></html>`,
			[]reviewWant{{"Anna Berg", ""}, {"Tom Reilly", ""}}, []string{"Kate Lynch", "John Walsh", "Mary Quinn"}},
		{"R5 otherBody/topicSpan: council appointee to another body", `<html><body><h1>News</h1>
<p>Northshire County Council has appointed Councillor Tom Reilly as Chairman of the Water Board.</p>
<p>Northshire County Council has appointed Anna Berg as Head of Human Resources.</p></body></html>`,
			[]reviewWant{{"Anna Berg", "Head of Human Resources"}}, []string{"Councillor Tom Reilly", "Tom Reilly"}},
	}
	runReviewCases(t, tests)
}
