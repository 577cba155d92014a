package people

import (
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"
	"testing"
)

// TestLineShapes covers how a visual line ties a name to its role and
// contact fields, and which degree lines are not names. Given names are
// ones no name list knows (see swapNames).
func TestLineShapes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		html string
		want map[string]string // name -> a part of the role text ("" = any)
		mail map[string]string // name -> e-mail
	}{
		{"role, name and contact field on one line", `<h1>Vorstand</h1>
			<div><span>1. Vorsitzender</span> <span>Tawia Mensah</span> <span>EMail:</span> <span><a href="mailto:t.mensah@verein.de">t.mensah@verein.de</a></span></div>
			<div><span>Schatzmeisterin</span> <span>Ikaika Kahale</span> <span>Tel. 0781 12345</span></div>`,
			map[string]string{"Tawia Mensah": "Vorsitzender", "Ikaika Kahale": "Schatzmeisterin"},
			map[string]string{"Tawia Mensah": "t.mensah@verein.de"}},
		{"name and role, then the person's own contact details", `<h1>Kontakt</h1><ul>
			<li>Tawia Mensah, Vorsitzender ( <a href="mailto:tawia@verein.de">tawia@verein.de</a> , <a href="/k.asc">PGP-Key</a><br>9F99 3663)</li>
			<li>Ngaio Parata, Beisitzerin (E-Mail: ngaio(at)verein.de)</li></ul>
			<h2>Kontakt:</h2><p>Ikaika Kahale, Kontakt für Medienanfragen, Acme Semantics, ikaika.kahale@acme.com, Tel. +4917616994863</p>
			<p>Wiremu Tane, Kiel, wiremu@example.org</p>`,
			map[string]string{"Tawia Mensah": "Vorsitzender", "Ngaio Parata": "Beisitzerin", "Ikaika Kahale": "Medienanfragen"},
			map[string]string{"Tawia Mensah": "tawia@verein.de", "Ngaio Parata": "ngaio@verein.de", "Ikaika Kahale": "ikaika.kahale@acme.com"}},
		{"a name, then the text of its mail link", `<h1>Ärzte</h1>
			<div><p>Herr Dr. med. Tawia Mensah <a href="mailto:mensah@praxis.ch">Mail schreiben</a></p><p><em>Spezialarzt für Chirurgie</em></p></div>
			<div><p>Frau Dr. Ngaio Parata <a href="mailto:parata@praxis.ch">Mail schreiben</a></p><p><em>Spezialärztin für Dermatologie</em></p></div>`,
			map[string]string{"Dr. med. Tawia Mensah": "Spezialarzt", "Dr. Ngaio Parata": "Spezialärztin"},
			map[string]string{"Dr. Ngaio Parata": "parata@praxis.ch"}},
		{"areas written as -management compounds", `<h2>Vorsitzende:</h2><ul>
			<li>Tawia Mensah (Öffentlichkeitsarbeit)</li><li>Ngaio Parata (Gebäude und Eventmanagement)</li>
			<li>Wiremu Tane (Sportmanagement)</li></ul>`,
			map[string]string{"Tawia Mensah": "Öffentlichkeitsarbeit", "Ngaio Parata": "Eventmanagement", "Wiremu Tane": "Sportmanagement"}, nil},
		{"a spokesperson's line under a press release", `<h1>Volksinitiative vorgestellt</h1>
			<p>Der Verein hat seine Initiative heute im Ausschuss vorgestellt. Die Kosten der Transformation sind tragbar.</p>
			<p>Tawia Mensah, Sprecherin für den Zukunftsentscheid</p>
			<p>Die Bürgerschaft hat nun bis Ende Mai Zeit, sich mit der Gesetzesänderung zu befassen.</p>`,
			map[string]string{"Tawia Mensah": "Sprecherin"}, nil},
		{"club officers ending in -wart", `<h1>Vorstand</h1><p>Tourenwart Wiremu Tane</p><p>2. Jugendwartin Ngaio Parata</p>
			<p>In der Gegenwart Kofi Boateng</p>`,
			map[string]string{"Wiremu Tane": "Tourenwart", "Ngaio Parata": "Jugendwartin"}, nil},
		{"degree lines in a card are not names", `<h1>Team</h1>
			<div class="m"><p>Tawia Mensah</p><p>Markt &amp; Strategie</p><p>Tawia verbindet Wissen mit Erfahrung.</p>
			<ul><li>BSc Betriebsökonomie</li><li>Double MSc Real Estate &amp; Finance</li></ul><a href="mailto:tawia@firma.ch">tawia@firma.ch</a></div>`,
			map[string]string{"Tawia Mensah": "Markt"}, map[string]string{"Tawia Mensah": "tawia@firma.ch"}},
		{"a diploma before a field of study is a role", `<h1>Team</h1>
			<div class="m"><h3>Ikaika Kahale</h3><p>Dipl.-Ing. (FH) Vermessung</p><p>Geschäftsführer</p><p>kahale@vermessung.de</p></div>
			<div class="m"><h3>Wiremu Tane</h3><p>Dipl.-Ing. (FH) Vermessung</p><p>tane@vermessung.de</p></div>
			<div class="m"><h3>Ngaio Parata</h3><p>B.Sc. Geodäsie</p><p>parata@vermessung.de</p></div>`,
			map[string]string{"Ikaika Kahale": "Geschäftsführer", "Wiremu Tane": "Vermessung", "Ngaio Parata": ""},
			map[string]string{"Wiremu Tane": "tane@vermessung.de"}},
		{"testimonial attributions with an employer in capitals are no people", `<h1>What our customers say</h1>
			<blockquote><p>"Acme cut our reporting time in half."</p><p>Jane Doe, KPMG</p></blockquote>
			<blockquote><p>"The best analytics tool we have used."</p><p>Michael Smith, UCLA</p></blockquote>
			<blockquote><p>"Fantastic support."</p><p>Sarah Miller, NASA</p></blockquote>`,
			map[string]string{}, nil},
		{"job advertisements' headings are no labels", `<h1>Karriere</h1><h2>Geschäftsführer (m/w/d)</h2><p>Anna Berger</p>
			<p>Wir suchen zum nächstmöglichen Zeitpunkt eine engagierte Persönlichkeit.</p>
			<h2>Projektleiter (w/m/d)</h2><p>Max Huber</p><p>Bewerbungen bitte an bewerbung@musterbau.de</p>`,
			map[string]string{}, nil},
		{"name | link text and name | section word are no roles", `<h1>Meet the team</h1>
			<h3>Anna Berger | Founder</h3><p>Anna founded the firm.</p><h3>Max Huber | CEO</h3><p>Max runs the firm.</p>
			<h3>Laura Chen | LinkedIn</h3><p>Laura works here.</p><h3>Jessica Alba | Testimonial</h3>`,
			map[string]string{"Anna Berger": "Founder", "Max Huber": "CEO"}, nil},
		{"bylines and speakers linked to their pages are no staff", `<h1>Latest news</h1>
			<article><h2>Markets rally</h2><p class="byline">By <a href="/author/john-roberts">John Roberts</a></p><p>Stocks rose on Tuesday.</p></article>
			<article><h2>Oil falls</h2><p class="byline"><a href="/author/emily-clark">Emily Clark</a></p><p>Oil prices fell sharply.</p></article>
			<h2>Featured speakers</h2><ul><li><a href="/speakers/laura-chen">Laura Chen</a></li><li><a href="/speakers/david-park">David Park</a></li></ul>`,
			map[string]string{}, nil},
		{"committee members a name list knows, with their institution or country", `<h2>Scientific Advisory Board</h2>
			<p>Amos Bairoch, Switzerland<br>Kathryn Lilley, United Kingdom</p>
			<h3>Conference Organising Subcommittee</h3><ul><li><strong>Peter Meikle</strong> (Co-Chair) - <em>Baker Heart and Diabetes Institute, Melbourne</em></li>
			<li><strong>Kevin Huynh</strong> - <em>Baker Heart and Diabetes Institute, Melbourne</em></li></ul>
			<h2>Speakers</h2><ul><li>Laura Chen, University of Otago</li><li>David Park, University of Auckland</li></ul>`,
			map[string]string{"Amos Bairoch": "", "Kathryn Lilley": "", "Peter Meikle": "Co-Chair", "Kevin Huynh": ""}, nil},
		{"a bio's first sentence after the card's contact line", `<h1>Our Staff</h1>
			<h3 class="title">Tawia Mensah<br></h3><p><strong>Email: </strong><a href="mailto:tmensah@firm.com">tmensah@firm.com</a></p>
			<p>Tawia is the firm&#39;s office administrator. She has been at the firm since its inception.</p>
			<h3 class="title">Ngaio Parata<br></h3><p><strong>Email: </strong><a href="mailto:nparata@firm.com">nparata@firm.com</a></p>
			<p>Ngaio is a legal assistant with experience assisting attorneys in litigation matters.</p>`,
			map[string]string{"Tawia Mensah": "office administrator", "Ngaio Parata": "legal assistant"},
			map[string]string{"Tawia Mensah": "tmensah@firm.com"}},
		{"a designation in capitals after the name's comma, in a card", `<h2>2025 Officers</h2><div class="grid">
			<div class="card"><h3>Scribe</h3><p>Ronald F. Rearick, PHP</p></div>
			<div class="card"><h3>Treasurer</h3><p>Robert S. Metcalfe, PHP</p></div>
			<div class="card"><h3>Counsel</h3><p>Dunlap Gardiner, LLP</p></div></div>`,
			map[string]string{"Ronald F. Rearick, PHP": "Scribe", "Robert S. Metcalfe, PHP": "Treasurer"}, nil},
		{"a role going on after a comma and an ampersand", `<h1>Team</h1>
			<h2>Tawia Mensah, CEO &amp; Chief Scientist</h2><p>Tawia has contributed to open source since entering the industry.</p>
			<h2>Ikaika Kahale, Co-founder, Community &amp; Operations</h2><p>Ikaika brings years of experience building communities.</p>`,
			map[string]string{"Tawia Mensah": "Chief Scientist", "Ikaika Kahale": "Co-founder, Community & Operations"}, nil},
		{"a name before marriage in parentheses", `<p><strong>Lab leadership and administration:</strong></p><ul>
			<li><p><strong>Ngaio Parata (geb. Kahale)</strong><br>Administrative Assistant<br>Tel: +49 9131 85-39324</p></li>
			<li><p><strong>Wiremu Tane</strong><br>Administrative Assistant<br>Tel: +49 9131 85-44268</p></li></ul>`,
			map[string]string{"Ngaio Parata": "Administrative Assistant", "Wiremu Tane": "Administrative Assistant"}, nil},
		{"degrees, then the position, under a name heading", `<h1>Management</h1>
			<div class="p"><h2>Dr Ikaika Kahale</h2><h4>BSc, BVSc, PhD<br>Executive Director &amp; CEO</h4><p>Ikaika founded the company.</p></div>
			<div class="p"><h2>Dr Wiremu Tane</h2><h4>BSc, PhD<br>Vice-President, Drug Discovery</h4><p>Wiremu leads discovery.</p></div>`,
			map[string]string{"Dr Ikaika Kahale": "Executive Director", "Dr Wiremu Tane": "Vice-President"}, nil},
		{"a club officer's title before the name in a list", `<h2>Vorstand</h2><h4>Amtsinhaber</h4><ul>
			<li>1. Vorsitzender: Tawia Mensah</li><li>Kassenwärtin: Ngaio Parata</li></ul><ul><li>Sportwart Wiremu Tane</li></ul>`,
			map[string]string{"Tawia Mensah": "Vorsitzender", "Ngaio Parata": "Kassenwärtin", "Wiremu Tane": "Sportwart"}, nil},
		{"prose after a body's heading is not a name", `<h2>Vorstand</h2>
			<p>Als Interessenvertretung unsere Mitglieder leitet</p><p>der Vorstand die Angelegenheiten des Vereins.</p>
			<p>Dabei hat der Vorstand ein Durchschnittsalter von 18 Jahren, was zeigt: Aktive Jugend ist bei uns Programm!</p>
			<p>1. Vorsitzende: Ikaika Kahale</p>`,
			map[string]string{"Ikaika Kahale": "Vorsitzende"}, nil},
		{"a list of names with their posts in parentheses", `<h1>Our Team</h1><p><strong>Customs Brokerage Division</strong></p><ul>
			<li><strong>Tawia Mensah</strong> (Director of Customs Broker Services, Licensed Broker)</li>
			<li><strong>Ann Marie St. Laurent</strong> (CHB Entry Rep)</li><li><strong>Wiremu Tane</strong> (Licensed Broker)</li></ul>`,
			map[string]string{"Tawia Mensah": "Director of Customs Broker Services", "Ann Marie St. Laurent": "CHB Entry Rep", "Wiremu Tane": "Licensed Broker"}, nil},
		{"a label heading with its office in parentheses", `<h1>Impressum</h1>
			<h3>Vertretungsberechtigte Personen (Geschäftsführung)</h3><p>Tawia Mensah, Ngaio Parata</p>
			<h3>Geschäftsführer (ehemals)</h3><p>Wiremu Tane</p><h3>Präsident (1997–1999)</h3><p>Kofi Boateng</p>`,
			map[string]string{"Tawia Mensah": "(Geschäftsführung)", "Ngaio Parata": "(Geschäftsführung)"}, nil},
		{"a bare Verantwortlich heading over the name", `<h1>Impressum</h1><h2>Verantwortlich</h2>
			<p>Ngaio Parata</p><p>Kornweg 17</p><p>9323 Steinach</p>`,
			map[string]string{"Ngaio Parata": "Verantwortlich"}, nil},
		{"Responsible: alone on its line", `<h1>Imprint</h1><ul><li>Responsible:</li><li>Mr. Wiremu Tane</li>
			<li>Contact:</li><li>Zum Blöcken 9</li></ul>`,
			map[string]string{"Wiremu Tane": "Responsible"}, nil},
		{"a section heading that outranks the name headings", `<h2>Vorstand</h2>
			<h4>Tawia Mensah</h4><p>1. Vorsitzender</p><h4>Ngaio Parata</h4><p>Kassiererin</p>
			<h2>Beirat</h2><h4>Ikaika Kahale</h4><p>...</p><h4>Wiremu Tane</h4><p>...</p>`,
			map[string]string{"Tawia Mensah": "Vorsitzender", "Ngaio Parata": "Kassiererin", "Ikaika Kahale": "Beirat", "Wiremu Tane": "Beirat"}, nil},
		{"role lines that read like names", `<h1>Our Team</h1>
			<div><h3>Tawia Mensah</h3><span>Dentist</span></div>
			<div><h3>Ngaio Parata</h3><span>Front Desk</span></div>
			<div><h3>Wiremu Tane, D.O.</h3><h4>Primary Care Provider</h4></div>
			<div><h3>Ikaika Kahale</h3><h4>Exercise Physiologist</h4></div>
			<div><h3>Kofi Boateng</h3><h4>Licensed Mental Health Counselor</h4></div>`,
			map[string]string{"Tawia Mensah": "Dentist", "Ngaio Parata": "Front Desk", "Wiremu Tane, D.O.": "Primary Care Provider",
				"Ikaika Kahale": "Exercise Physiologist", "Kofi Boateng": "Counselor"}, nil},
		{"a line that starts with a lower-case title", `<h1>Unser Team</h1>
			<figure><figcaption>dr. Tawia Mensah</figcaption><q>Facharzt</q></figure>
			<figure><figcaption>lic. phil. Ngaio Parata</figcaption><q>Psychologin</q></figure>`,
			map[string]string{"dr. Tawia Mensah": "Facharzt", "lic. phil. Ngaio Parata": "Psychologin"}, nil},
		{"a card's name box broken by a <br>", `<h1>Meet the Team</h1>
			<div><div><p>Owner, President</p><hr><span>Tawia<br>Mensah</span></div></div>
			<div><div><p>Bookkeeper</p><hr><span>Ngaio<br>Parata</span></div></div>
			<div><div><p>Graphic Designer</p><hr><span>Wiremu<br>Tane</span></div></div>`,
			map[string]string{"Tawia Mensah": "President", "Ngaio Parata": "Bookkeeper", "Wiremu Tane": "Designer"}, nil},
		{"an officer's card laid out as a list", `<h2>Section Officers</h2>
			<ul class="officer"><li class="office">Treasurer</li><li class="name">Tawia Mensah</li><li>Acme Corp.</li>
			<li><a href="mailto:tm@example.org">tm@example.org</a></li></ul><p>Wiremu Tane</p>
			<ul class="officer"><li class="office">Vice Chair</li><li class="name">Ngaio Parata</li><li>Washington University</li></ul>`,
			map[string]string{"Tawia Mensah": "Treasurer", "Ngaio Parata": "Vice Chair"},
			map[string]string{"Tawia Mensah": "tm@example.org"}},
		{"a section label between name headings of its level", `<h2>Our Board</h2>
			<h3>Tawia Mensah, President</h3><p>St. Mary Church</p><h3>Board Members</h3>
			<h3>Ngaio Parata</h3><p>Holy Trinity Lutheran Church</p><h3>Wiremu Tane</h3><p>First Baptist Church</p>`,
			map[string]string{"Tawia Mensah": "President", "Ngaio Parata": "Board Members", "Wiremu Tane": "Board Members"}, nil},
		{"a dated group heading over bare names, then a bold heading over former ones", `<h1>Oversight Board</h1>
			<h2>Current Board Members (2020)</h2><ul><li>Tawia Mensah</li><li>Ngaio Parata</li><li>Wiremu Tane</li></ul>
			<p><strong>Past Board Members</strong></p><ul><li>Kofi Boateng</li><li>Ikaika Kahale</li></ul>`,
			map[string]string{"Tawia Mensah": "Current Board Members", "Ngaio Parata": "Current Board Members",
				"Wiremu Tane": "Current Board Members"}, nil},
		{"a one-column layout table with a row per field", `<h1>Contact</h1><table>
			<tr><td><h3>The Team</h3></td></tr>
			<tr><td class="contact-name">Tawia Mensah</td></tr><tr><td>Phone - (323) 353-0255</td></tr>
			<tr><td>Email - <a href="mailto:tawia@acme-energy.com">tawia@acme-energy.com</a></td></tr>
			<tr><td><h3>BIO</h3><ul><li>Certified Energy Manager</li></ul></td></tr>
			<tr><td class="contact-name">Ngaio Parata</td></tr>
			<tr><td>Email - <a href="mailto:ngaio.parata@acme-energy.com">ngaio.parata@acme-energy.com</a></td></tr></table>`,
			map[string]string{"Tawia Mensah": "", "Ngaio Parata": ""},
			map[string]string{"Tawia Mensah": "tawia@acme-energy.com", "Ngaio Parata": "ngaio.parata@acme-energy.com"}},
		{"an editor's flat blocks: a bold role over names with their contact lines", `<h2>Development Department</h2>
			<div><strong>Leitung Sponsoring</strong></div><div>Mag.<sup>a</sup> Tawia Mensah</div>
			<div>M:&nbsp;<a href="mailto:tawia.mensah@theater.at">tawia.mensah@theater.at</a></div><div>T:&nbsp;(+43/1) 58830 - 1330</div><div>&nbsp;</div>
			<div><strong>Sponsoring</strong></div><div>Ngaio Parata</div>
			<div>M: <a href="mailto:ngaio.parata@theater.at">ngaio.parata@theater.at</a></div><div>T:&nbsp;(+43/1) 58830 - 1332</div><div>&nbsp;</div>
			<div>Wiremu Tane<br>M:&nbsp;<a href="mailto:wiremu.tane@theater.at">wiremu.tane@theater.at</a><br>T:&nbsp;(+43/1) 58830 - 1331</div>
			<h2>Geschäftsführung</h2><p><strong>Assistenz der Geschäftsführung</strong></p>
			<p>Kofi Boateng<br>M:&nbsp;<a href="mailto:kofi.boateng@theater.at">kofi.boateng@theater.at</a><br>T:&nbsp;(+43/1) 588 30 - 1001</p>
			<p>Ikaika Kahale<br>M:&nbsp;<a href="mailto:ikaika.kahale@theater.at">ikaika.kahale@theater.at</a><br>T:&nbsp;(+43/1) 588 30 - 1002</p>`,
			map[string]string{"Mag.a Tawia Mensah": "Leitung Sponsoring", "Ngaio Parata": "Sponsoring", "Wiremu Tane": "Sponsoring",
				"Kofi Boateng": "Assistenz der Geschäftsführung", "Ikaika Kahale": "Assistenz der Geschäftsführung"},
			map[string]string{"Ngaio Parata": "ngaio.parata@theater.at", "Wiremu Tane": "wiremu.tane@theater.at"}},
		{"stewards are roles", `<h1>Our Team</h1>
			<h2>Tawia Mensah, DSU Program Head</h2><p>Tawia leads the unit.</p>
			<h2>Ngaio Parata, Data Integration Steward</h2><p>Ngaio integrates data.</p>
			<h2>Wiremu Tane, Regional Data Steward</h2><p>Wiremu works with the regions.</p>`,
			map[string]string{"Tawia Mensah": "Program Head", "Ngaio Parata": "Steward", "Wiremu Tane": "Regional Data Steward"}, nil},
		{"a pitch sentence about clients is no clients' section; the heading's own second line is the role", `<h1>Our clients range from research laboratories, financial institutions, and government agencies.</h1>
			<h2>The leadership team.</h2>
			<div class="p"><h3><a href="javascript:;">Tawia Mensah</a><br/>Chief Executive Officer</h3><p>@tawia</p></div>
			<div class="p"><h3><a href="javascript:;">Ngaio Parata</a><br/>Technical Director</h3><p>@ngaio</p></div>
			<div class="p"><h3><a href="javascript:;">Wiremu Tane</a><br/>Scientific Software Developer</h3><p>@wiremu</p></div>`,
			map[string]string{"Tawia Mensah": "Chief Executive Officer", "Ngaio Parata": "Technical Director", "Wiremu Tane": "Scientific Software Developer"}, nil},
		{"a region's mailbox beside two organisers is neither's", `<h2>Local organisers</h2><table>
			<tr><td>North West</td><td>Tawia Mensah</td><td><a href="mailto:northwest@network.org">northwest@network.org</a></td></tr>
			<tr><td></td><td>Ngaio Parata</td><td><a href="mailto:northwest@network.org">northwest@network.org</a></td></tr>
			<tr><td>London</td><td>Wiremu Tane</td><td><a href="mailto:wiremu.tane@network.org">wiremu.tane@network.org</a></td></tr></table>`,
			map[string]string{"Tawia Mensah": "", "Ngaio Parata": "", "Wiremu Tane": ""},
			map[string]string{"Tawia Mensah": "", "Ngaio Parata": "", "Wiremu Tane": "wiremu.tane@network.org"}},
		{"an office with where it is held in brackets", `<h1>Vorstand und Mannschaftsführer</h1><table>
			<thead><tr><th>Funktion</th><th>Name</th></tr></thead><tbody>
			<tr><td>1. Vorsitzender (Verein)</td><td>Tawia Mensah</td></tr><tr><td>Kassenwart (Verein)</td><td>Ngaio Parata</td></tr>
			<tr><td>Platzwart (Verein)</td><td>Wiremu Tane</td></tr></tbody></table>`,
			map[string]string{"Tawia Mensah": "1. Vorsitzender (Verein)", "Ngaio Parata": "Kassenwart (Verein)", "Wiremu Tane": "Platzwart (Verein)"}, nil},
		{"a bold name and its role in a span on one line", `<h2>Board of Directors</h2>
			<div><p><strong class="font-weight-bold">MR. TAWIA J. MENSAH
				</strong><span>Chairman</span></p><p>Efficient management and a dedicated team.</p></div>
			<div><p><strong class="font-weight-bold">MR. NGAIO J. PARATA
				</strong><span>Director</span></p><p>Twenty years in the trade.</p></div>`,
			map[string]string{"TAWIA J. MENSAH": "Chairman", "NGAIO J. PARATA": "Director"}, nil},
		{"a role or degrees in small print after the name", `<h1>Who We Are</h1>
			<div><a href="#t"><span>Tawia Mensah <small>Managing Director and Principal Architect</small></span></a></div>
			<div><a href="#n"><span>Ngaio Parata <small>Customer Relations Director</small></span></a></div>
			<div><a href="#w"><span>Wiremu Tane <small>Technical Associate</small></span></a></div>
			<div><a href="#k"><span>Kofi Boateng <small>CTO</small></span></a></div>
			<h3>Wiremu Tane <small>MCIAT RMaPS</small></h3><p>Wiremu has worked with us since 2015.</p>
			<h3>Ngaio Parata <small>B.A. (Hons) FDA</small></h3><p>Ngaio studied in Leeds.</p>`,
			map[string]string{"Tawia Mensah": "Managing Director", "Ngaio Parata": "Customer Relations", "Wiremu Tane": "Technical Associate",
				"Kofi Boateng": "CTO"}, nil},
		{"degrees in small print are not the name", `<h1>Our Team</h1>
			<div class="bio"><h3>Wiremu Tane <small>MCIAT RMaPS</small></h3><p>Technical Associate</p></div>
			<div class="bio"><h3>Ngaio Parata <small>B.A. (Hons) FDA</small></h3><p>Interior Architecture Associate</p></div>`,
			map[string]string{"Wiremu Tane": "Technical Associate", "Ngaio Parata": "Interior Architecture Associate"}, nil},
		{"text shown with its line breaks by CSS", `<h1>Impressum</h1>
			<div style="white-space: pre-line">Vertreten durch den Vorstand
Tawia Mensah
Ngaio Parata</div>`,
			map[string]string{"Tawia Mensah": "Vorstand", "Ngaio Parata": "Vorstand"}, nil},
		{"a card's line naming a church gives way to the section's office", `<h2>Say Hello to Our Board</h2>
			<h3>Board Officers</h3><h3>Kofi Boateng, President</h3><p>St. Mary Church</p>
			<h3>Ikaika Kahale, Board Treasurer</h3>
			<h3>Board Directors Members listed alphabetically</h3>
			<h3>Tawia Mensah</h3><p>Holy Trinity Lutheran Church</p><h3>Ngaio Parata</h3><p>Synergy Accounting</p>
			<h3>Wiremu Tane</h3><p>Laurel Presbyterian Church</p><h3>Aroha Ngata</h3><p>First Baptist Church</p>
			<h3>Mele Tupou</h3><h3>Sione Vaka</h3><p>Bethany Community Church</p>`,
			map[string]string{"Kofi Boateng": "President", "Ikaika Kahale": "Treasurer", "Tawia Mensah": "Board", "Ngaio Parata": "",
				"Wiremu Tane": "Board", "Aroha Ngata": "Board", "Mele Tupou": "Board", "Sione Vaka": "Board"}, nil},
		{"a title glued to the name's element", `<h1>Board of Directors</h1>
			<div><h2>Dr.<strong>Tawia Mensah</strong></h2><h3>Chairman and Managing Director</h3></div>
			<div><h2>Mr.<strong>Wiremu Tane</strong></h2><h3>Whole-time Director</h3></div>`,
			map[string]string{"Dr. Tawia Mensah": "Chairman", "Wiremu Tane": "Whole-time Director"}, nil},
		{"roles in brackets that name a department's services or a trade", `<h2>Domestic Operations</h2><ul>
			<li><strong>Tawia Mensah</strong> (Driver)</li><li><strong>Ngaio Parata</strong> (Client Services Executive Assistant)</li>
			<li><strong>Wiremu Tane</strong> (CHB Entry Rep)</li></ul>`,
			map[string]string{"Tawia Mensah": "Driver", "Ngaio Parata": "Executive Assistant", "Wiremu Tane": "Entry Rep"}, nil},
		{"lines of preformatted text", "<h1>Impressum</h1><h5>Vorstand</h5><pre>\nProf. Dr. Tawia Mensah, Präsident\n" +
			"Prof. Dr. Ngaio Parata, Personal und Recht\nDr. Wiremu Tane, Finanzen und IT\n</pre>" +
			"<div style=\"white-space: pre-line\">Kofi Boateng\nkofi.boateng(at)institut.de</div>",
			map[string]string{"Prof. Dr. Tawia Mensah": "Präsident", "Prof. Dr. Ngaio Parata": "Personal", "Dr. Wiremu Tane": "Finanzen", "Kofi Boateng": ""},
			map[string]string{"Kofi Boateng": "kofi.boateng@institut.de"}},
		{"an avatar with the person's initials", `<h2>Der Vorstand</h2><div class="grid">
			<div class="c"><div class="av">TM</div><h4>Rechner</h4><p>Tawia Mensah</p></div>
			<div class="c"><div class="av">NP</div><h4>Beisitzer: Vereinsheim</h4><p>Ngaio Parata</p></div>
			<div class="c"><div class="av">WT</div><h4>Beisitzer: Kassenprüfung</h4><p>Wiremu Tane</p></div></div>`,
			map[string]string{"Tawia Mensah": "", "Ngaio Parata": "Beisitzer", "Wiremu Tane": "Beisitzer"}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			checkSnippet(t, tc.html, tc.want, tc.mail)
		})
	}
}

// checkSnippet extracts a snippet and compares names, roles and e-mails.
func checkSnippet(t *testing.T, snippet string, want, mail map[string]string) {
	t.Helper()
	got := Extract("", []byte("<html><body>"+snippet+"</body></html>"))
	byName := map[string]Person{}
	var names []string
	for _, p := range got {
		byName[p.Name] = p
		names = append(names, p.Name+" ["+p.RoleText+"]")
	}
	sort.Strings(names)
	for name, role := range want {
		p, ok := byName[name]
		if !ok {
			t.Errorf("%s not found; found %q", name, names)
			continue
		}
		if !strings.Contains(p.RoleText, role) {
			t.Errorf("%s: role %q, want it to contain %q", name, p.RoleText, role)
		}
		if m, ok := mail[name]; ok && !strings.EqualFold(p.Email, m) {
			t.Errorf("%s: e-mail %q, want %q", name, p.Email, m)
		}
	}
	if len(got) != len(want) {
		t.Errorf("found %d people %q, want %d", len(got), names, len(want))
	}
}

// TestInstitutionIsNoRole: a line naming where a person works (a library,
// a university, an institute) is not their role; a role that names its
// institution still is.
func TestInstitutionIsNoRole(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		line string
		role bool
	}{
		{"Österreichische Nationalbibliothek", false},
		{"Fraunhofer IAIS", false},
		{"TU Braunschweig Universitätsbibliothek", false},
		{"Stellvertretender Direktor der Herzog August Bibliothek", true},
		{"Technical Events Coordinator", true},
		// "Services" names a post only with a post word last or first
		// before "of"; otherwise it labels offerings.
		{"Director of Customs Broker Services", true},
		{"Client Services Executive Assistant", true},
		{"Executive Search Services", false},
		{"Lead Generation Services", false},
		{"Head Office Services", false},
	} {
		if ok, _ := roleLike(tc.line); ok != tc.role {
			t.Errorf("roleLike(%q) = %v, want %v", tc.line, ok, tc.role)
		}
	}
}

// TestEmployerLine: a line under a name that says where the person works
// gives way to the section's office; a role does not.
func TestEmployerLine(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		line string
		want bool
	}{
		{"JGU Mainz", true},
		{"TU Braunschweig", true},
		{"Herzog August Bibliothek Wolfenbüttel", true},
		{"Vertragswesen", false},
		{"CEO", false},
		{"Verordnungen und Hilfsmittel", false},
	} {
		if got := employerLine(tc.line); got != tc.want {
			t.Errorf("employerLine(%q) = %v, want %v", tc.line, got, tc.want)
		}
	}
}

// TestFindLabelsFromAnywhere checks that the label search, which starts
// near the first fragment a label needs, finds what a search of the whole
// line finds: a label whose own words are no fragment of another label,
// and lines whose lower-case form shifts byte offsets.
func TestFindLabelsFromAnywhere(t *testing.T) {
	t.Parallel()
	whole := func(s string) []labelHit {
		var hits []labelHit
		for _, d := range labelDefs {
			for _, loc := range d.re.FindAllStringIndex(s, 8) {
				hits = append(hits, labelHit{start: loc[0], end: loc[1], kind: d.kind})
			}
		}
		return hits
	}
	for _, tc := range []struct{ line, label string }{
		{"Managing Partner Max Mustermann leads the firm together with Jane Doe since 2005; she also serves on the board", "Managing Partner"},
		{strings.Repeat("Ⱥ", 80) + " lorem Geschäftsführer Max Mustermann " + strings.Repeat("İ", 80), "Geschäftsführer"},
		// The long s matches s in a case-insensitive expression, but no
		// lower-case fragment: the later "Vorstand" must not start the search.
		{"Vorſtand: Max Mustermann, " + strings.Repeat("und so weiter ", 8) + "im Vorstand", "Vorſtand"},
	} {
		found := false
		for _, h := range findLabels(tc.line) {
			if tc.line[h.start:h.end] == tc.label {
				found = true
			}
		}
		if !found {
			t.Errorf("findLabels(%.40q…) misses %q (a whole-line search finds %d matches)", tc.line, tc.label, len(whole(tc.line)))
		}
	}
}

// TestLabelMatchesAsWholeLineSearch compares labelMatches, which starts each
// search near the label's first fragment and searches the lower-case line
// without (?i), with the plain way: every expression, case-insensitive, over
// the whole line of any line holding one of its fragments. The lines are
// built at random from label words, names, fillers and letters whose case
// changes their length.
func TestLabelMatchesAsWholeLineSearch(t *testing.T) {
	t.Parallel()
	plain := func(s string) []labelHit {
		var hits []labelHit
		low := strings.ToLower(s)
		for _, d := range labelDefs {
			if !containsAny(low, d.any) {
				continue
			}
			for _, loc := range d.re.FindAllStringIndex(s, 8) {
				end := loc[1]
				for end > loc[0] && s[end-1] == ' ' {
					end--
				}
				if end <= loc[0] || !hasLetterBoundary(s, loc[0], end) {
					continue
				}
				hits = append(hits, labelHit{loc[0], end, d.kind})
			}
		}
		return hits
	}
	words := strings.Fields(`Geschäftsführer Geschäftsführerin Vorstand stellvertretender Vorsitzender des Vorstands
		Aufsichtsrat Managing Director Managing Partner Director CEO Chief Executive Officer Chairman of the Board
		Ansprechpartnerin für Presse Pressekontakt Inhaber Owner Prokurist Vertreten durch represented by
		verantwortlich für den Inhalt nach § 55 Abs. 2 RStV V.i.S.d.P. Datenschutzbeauftragter Kassier
		Schriftführer Sportwart Head of Sales CFO Rechtsanwalt Gründer founder President Vizepräsidentin
		Max Mustermann Anna Berg: , ; ( ) und and the der die lorem ipsum dolor sit amet Ⱥ İ ẞ ſ K Geschäftſführer
		VORSTAND GESCHÄFTSFÜHRER MANAGING DIRECTOR`)
	rng := rand.New(rand.NewPCG(9, 9))
	for n := 0; n < 1500; n++ {
		var b strings.Builder
		for k := rng.IntN(60); k >= 0; k-- {
			b.WriteString(words[rng.IntN(len(words))])
			b.WriteByte(' ')
		}
		line := cleanSpace(b.String())
		got, want := labelMatches(line), plain(line)
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("labelMatches(%q)\n got %v\nwant %v", line, got, want)
		}
	}
}

func TestActionLine(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		line string
		want bool
	}{
		{"View Profile →", true}, {"Read more »", true}, {"Email Jess", true}, {"Email Steve Steve on LinkedIn", true},
		{"LinkedIn", true}, {"Profil ansehen", true}, {"Mehr erfahren ›", true},
		{"Senior Accountant", false}, {"Email Marketing Manager at Acme Corporation Ltd", false}, {"Head of Marketing", false},
		{"Contact", false}, {"E-Mail-Marketing", false}, {"Email Marketing", false}, {"E-Mail Vertrieb", false},
	} {
		if got := actionLine(tc.line); got != tc.want {
			t.Errorf("actionLine(%q) = %v, want %v", tc.line, got, tc.want)
		}
	}
}

// TestWordPhrases: a phrase of everyday English words that no name list
// knows, put where a card or a label puts a name, is a product, a service or
// an office, not a person; a salutation, a title or an address that spells
// the name keeps a person whose given name is also a word ("Buzz").
func TestWordPhrases(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		html string
		want []string
		not  []string
	}{
		{"a product card in a board grid", `<h1>Board of Directors</h1>
			<div class="c"><h3>Tawia Mensah</h3><p>Chair</p></div>
			<div class="c"><h3>Ngaio Parata</h3><p>Treasurer</p></div>
			<div class="c"><h3>Portable X-Ray</h3><p>Orthopaedic</p></div>`,
			[]string{"Tawia Mensah", "Ngaio Parata"}, []string{"Portable X-Ray"}},
		{"a society's name in a card of officers", `<h1>Officers</h1>
			<div class="c"><h3>Tawia Mensah</h3><p>President</p></div>
			<div class="c"><h3>Ngaio Parata</h3><p>Secretary</p></div>
			<div class="c"><h3>European Set Theory Society</h3><p>Society for Research on the Mathematical Infinite</p></div>`,
			[]string{"Tawia Mensah", "Ngaio Parata"}, []string{"European Set Theory Society"}},
		{"an office in a label line", `<h1>Committee</h1><p>Chair: Wiremu Tane</p>
			<p>Events and Outreach Officer: Lecture Organiser</p><p>Secretary: Ikaika Kahale</p>`,
			[]string{"Wiremu Tane", "Ikaika Kahale"}, []string{"Lecture Organiser"}},
		{"a word given name with a title, a salutation or its own address", `<h1>Our Team</h1>
			<div class="c"><h3>Professor Buzz Stapczynski</h3><p>Dentist</p></div>
			<div class="c"><h3>Dot Brownlie</h3><p>Hygienist</p><p><a href="mailto:dot.brownlie@praxis.co.uk">Email</a></p></div>
			<div class="c"><h3>Mrs Brass Bralley</h3><p>Practice Manager</p></div>`,
			[]string{"Professor Buzz Stapczynski", "Dot Brownlie", "Brass Bralley"}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := map[string]bool{}
			for _, p := range Extract("", []byte(tc.html)) {
				got[p.Name] = true
			}
			for _, n := range tc.want {
				if !got[n] {
					t.Errorf("%s not found; got %v", n, got)
				}
			}
			for _, n := range tc.not {
				if got[n] {
					t.Errorf("%s read as a person", n)
				}
			}
		})
	}
}

// TestCallNames: a call name in brackets between the given and the family
// name is a nickname when it shortens the given name or is a given name
// itself; the person is found by the official name.
func TestCallNames(t *testing.T) {
	t.Parallel()
	html := `<h1>Staff</h1>
		<h3>Amanda (Mandie) Curty</h3><p>Mandie is our Practice Manager.</p>
		<h3>Jaithirth (Jerry) Rao</h3><p>Jerry founded the firm.</p>
		<h3>Nicholas (Nick) Noonan</h3><p>Nick runs the workshop.</p>
		<h3>Tawia Mensah</h3><p>Tawia keeps the books.</p>`
	got := map[string]bool{}
	for _, p := range Extract("", []byte(html)) {
		got[p.Name] = true
	}
	for _, n := range []string{"Amanda Curty", "Jaithirth Rao", "Nicholas Noonan", "Tawia Mensah"} {
		if !got[n] {
			t.Errorf("%s not found; got %v", n, got)
		}
	}
	if items := parseNameList("Tawia Mensah (Wien) Ngaio Parata", modeLine); len(items) == 1 && items[0].np.family == "Parata" {
		t.Errorf("a bracketed place read as a nickname: %+v", items)
	}
}
