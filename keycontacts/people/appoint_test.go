package people

import "testing"

// TestAppointments: a press release's announcement of an appointment names
// the organisation's new officer; a biography's past tense and a statement
// of who appoints whom name no one.
func TestAppointments(t *testing.T) {
	t.Parallel()
	tests := []reviewCase{
		{"has appointed … to the role of", `<h1>News</h1><p>Acme Labs, a provider of R&amp;D software, has appointed industry veteran Tawia Mensah to the role of Chief Technical Officer. The company grows fast.</p>`,
			[]reviewWant{{"Tawia Mensah", "Chief Technical Officer"}}, nil},
		{"has appointed … as the new", `<h1>Appointment of New Director</h1><p>The Trustees of the Museum have appointed Mr Wiremu Tane as the new Director of the Museum, with effect from 1 August.</p>`,
			[]reviewWant{{"Wiremu Tane", "Director"}}, nil},
		{"the name, an apposition, has been appointed", `<h1>Press</h1><p>Amsterdam, 1 February 2018</p><p>Ngaio Parata, formerly VP Engineering, Online and VP Product Development at KPN and Liberty Global, has been appointed as the new CEO of software company Acme. She starts in March.</p>`,
			[]reviewWant{{"Ngaio Parata", "CEO"}}, nil},
		{"a biography's past tense and a board that appoints", `<h1>About</h1><p>The Board of Directors sets the policy and appoints officers that set and execute policy.</p>
			<p>In 1981 Kofi Boateng was appointed the Pastor of the St. Mary church, a post he held for twenty years before he retired to Accra.</p>`,
			nil, []string{"Kofi Boateng"}},
	}
	runReviewCases(t, tests)
}
