package people

import (
	"fmt"
	"sort"
	"testing"
)

// reviewDump lists "name => role" for a page, sorted.
func reviewDump(html string) (map[string]string, string) {
	m := map[string]string{}
	var out []string
	for _, p := range Extract("", []byte(html)) {
		m[p.Name] = p.RoleText
		out = append(out, p.Name+" => "+p.RoleText)
	}
	sort.Strings(out)
	return m, fmt.Sprintf("%q", out)
}

// reviewBio8 is two current colleagues' bios, which every leftUs case keeps.
const reviewBio8 = `<p>Anna Berg joined the practice in 2016 and is our practice manager and first point of contact.</p>
<p>Tom Reilly joined the team in 2015 and advises clients on tax and estate planning.</p>`

// TestReviewMends13h: an eighth read-only review found these regressions in
// the seventh review's mends (47197c3); each subtest states what a correct
// extractor returns and failed before its mend (K1 keeps the mended offices).
func TestReviewMends13h(t *testing.T) {
	type want struct{ name, role string } // role "-" = must be absent; "" = present, any role; "!" = present with empty role
	cases := []struct {
		name, html string
		want       []want
	}{
		{"R1 leftUs: a plan after the retirement (UK GP practice)", `<html><body><h1>Our Team</h1>` + reviewBio8 + `
<p>Mary Quinn joined the practice in 1992 and remains our lead nurse until her retirement, planned for 2027.</p>
<p>Kate Lynch joined the practice in 1998 and is our senior receptionist until her retirement, expected in 2026.</p></body></html>`,
			[]want{{"Anna Berg", ""}, {"Mary Quinn", ""}, {"Kate Lynch", ""}}},
		{"R2 leftUs: worked … until retirement as a hope", `<html><body><h1>Our Team</h1>` + reviewBio8 + `
<p>Kate Lynch joined the practice in 1998 and has worked as our senior receptionist ever since; she hopes to stay until retirement.</p>
<p>Mary Quinn joined the practice in 2005 and has served as practice nurse since; she would like to continue until retirement.</p></body></html>`,
			[]want{{"Anna Berg", ""}, {"Kate Lynch", ""}, {"Mary Quinn", ""}}},
		{"R3 leftUs: went on to / founded / set up our own office (NG/KE/IN law firm)", `<html><body><h1>Our Team</h1>` + reviewBio8 + `
<p>Grace Wanjiku joined the firm in 1999 as a trainee and led the litigation team until 2012, when she went on to head our Nairobi office.</p>
<p>Chidi Okafor joined the firm in 2001 and worked in our Lagos office until 2010, when he set up our Abuja office.</p>
<p>Rahul Mehta joined the firm in 1995 and worked in London until 2005, when he founded our Mumbai office.</p></body></html>`,
			[]want{{"Anna Berg", ""}, {"Grace Wanjiku", ""}, {"Chidi Okafor", ""}, {"Rahul Mehta", ""}}},
		{"R4 caps: a short acronym with a vowel is no given name (KE/IN); AXA, TUI, BUPA, REWE stay a trade-off", `<html><body><h1>Management Team</h1>
<p>TUNDE BAKARE CHIEF FINANCIAL OFFICER</p>
<p>EABL TUSKER BRAND MANAGER</p>
<p>IOCL PANIPAT GENERAL MANAGER</p>
<p>NCBA MOMBASA BRANCH MANAGER</p></body></html>`,
			[]want{{"TUNDE BAKARE", "CHIEF FINANCIAL OFFICER"}, {"EABL TUSKER", "-"}, {"IOCL PANIPAT", "-"}, {"NCBA MOMBASA", "-"}}},
		{"R5 caps: a hyphenated brand is no double family name", `<html><body><h1>Management Team</h1>
<p>TUNDE BAKARE CHIEF FINANCIAL OFFICER</p>
<p>COCA-COLA HELLENIC MANAGING DIRECTOR</p>
<p>ROLLS-ROYCE KEMBLE GENERAL MANAGER</p></body></html>`,
			[]want{{"TUNDE BAKARE", "CHIEF FINANCIAL OFFICER"}, {"COCA-COLA HELLENIC", "-"}, {"ROLLS-ROYCE KEMBLE", "-"}}},
		{"R6 local body: a place or an address before the body is no office (IN/PH)", `<html><body><h1>Elected Members</h1>
<div class="m"><h3>Shri Ramesh Patel</h3><p>Sarpanch</p><p>Kheda, Gram Panchayat</p></div>
<div class="m"><h3>Smt. Sunita Devi</h3><p>Member</p><p>Pune, Zilla Parishad</p></div>
<div class="m"><h3>Shri Anil Kumar</h3><p>Nashik, Zilla Parishad</p></div>
<div class="m"><h3>Hon. Juan Dela Cruz</h3><p>Sitio Maligaya, Barangay San Isidro</p></div>
<div class="m"><h3>Jose Reyes</h3><p>Purok Uno, Barangay San Isidro</p></div></body></html>`,
			[]want{{"Ramesh Patel", "Sarpanch"}, {"Anil Kumar", "!"}, {"Juan Dela Cruz", "!"}, {"Jose Reyes", "!"}}},
		{"R7 appointment: Digital Health Services is a department (UK NHS press)", `<html><body><h1>News</h1>
<p>Northshire NHS Trust has appointed Anna Berg as Head of Digital Health Services.</p></body></html>`,
			[]want{{"Anna Berg", "Head of Digital Health Services"}}},
		// Kept from 47197c3's mends.
		{"K1 local offices", `<html><body><h1>Elected Members</h1>
<div class="m"><h3>Shri Ramesh Patel</h3><p>Sarpanch, Gram Panchayat</p></div>
<div class="m"><h3>Shri Anil Kumar</h3><p>Pradhan, Panchayat Samiti</p></div>
<div class="m"><h3>Shri Mahesh Yadav</h3><p>Ward Panch, Gram Panchayat</p></div></body></html>`,
			[]want{{"Ramesh Patel", "Sarpanch"}, {"Anil Kumar", "Pradhan"}, {"Mahesh Yadav", "Ward Panch"}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, all := reviewDump(tc.html)
			for _, w := range tc.want {
				r, ok := got[w.name]
				if !ok {
					for n, rr := range got {
						if len(n) > len(w.name) && n[len(n)-len(w.name):] == w.name {
							r, ok = rr, true
						}
					}
				}
				switch {
				case w.role == "-":
					if ok {
						t.Errorf("%s read as a person; got %s", w.name, all)
					}
				case !ok:
					t.Errorf("%s not found; got %s", w.name, all)
				case w.role == "!" && r != "":
					t.Errorf("%s: role %q, want none; got %s", w.name, r, all)
				case w.role != "!" && w.role != "" && r != w.role && !(len(r) >= len(w.role) && r[:len(w.role)] == w.role):
					t.Errorf("%s: role %q, want %q; got %s", w.name, r, w.role, all)
				}
			}
		})
	}
}
