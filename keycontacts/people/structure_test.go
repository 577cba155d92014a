package people

import (
	"fmt"
	"sort"
	"strings"
	"testing"
)

// The people in these snippets have given names that no name list the
// extractor has knows (see swapNames): each case must be found from the
// page's structure and wording alone.

// TestStructureFindsPeople covers the structures a person is found from:
// salutations, label lines and lists after one label, name headings with
// the role in the next paragraph, repeated cards, contact blocks.
func TestStructureFindsPeople(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		html string
		want map[string]string // name -> a part of the role text ("" = any)
	}{
		{"salutation with department", `<h2>Ihre Ansprechpartner</h2>
			<p><strong>Vertrieb</strong><br>Herr Okonkwo<br>Tel. 0711 123456</p>
			<p><strong>Einkauf</strong><br>Frau Dr. Przybylski<br>Tel. 0711 123457</p>`,
			map[string]string{"Okonkwo": "Vertrieb", "Dr. Przybylski": "Einkauf"}},
		{"department headings over card grids of the same rank", `<h2>Ihre Ansprechpartner</h2>
			<div><h3 class="title">Beratung und Verkauf</h3><div class="grid">
			<div class="box"><h3 class="name">Tendai Moyo</h3><p>+41 79 414 22 89</p><a href="mailto:t.moyo@firma.ch">t.moyo@firma.ch</a></div>
			<div class="box"><h3 class="name">Farai Chikwanha</h3><p>+41 79 775 97 47</p><a href="mailto:f.chikwanha@firma.ch">f.chikwanha@firma.ch</a></div></div></div>
			<div><h3 class="title">Service</h3><div class="grid">
			<div class="box"><h3 class="name">Sokhom Chea</h3><p>+41 79 582 63 99</p><a href="mailto:s.chea@firma.ch">s.chea@firma.ch</a></div></div></div>`,
			map[string]string{"Tendai Moyo": "Verkauf", "Farai Chikwanha": "Verkauf", "Sokhom Chea": "Service"}},
		{"name | role headings: two known roles vouch for the rest", `<h1>Leadership</h1>
			<h4><span>Dr. Tendai Moyo </span>| SBU Head</h4><p>Tendai holds a doctorate.</p>
			<h4><span>Farai Chikwanha </span>| Chief Financial Officer</h4><p>Farai has 20 years of experience.</p>
			<h4><span>Sokhom Chea </span>| R&amp;D - Tissue Culture</h4><p>Sokhom leads tissue culture.</p>
			<h4><span>Nodar Beridze </span>| Head - Biofertilizer Business</h4><p>Nodar runs the business.</p>`,
			map[string]string{"Dr. Tendai Moyo": "SBU Head", "Farai Chikwanha": "Chief Financial Officer", "Sokhom Chea": "Tissue Culture", "Nodar Beridze": "Biofertilizer"}},
		{"role in its own span straight after the name", `<h3>Board Officers</h3>
			<div class="tab"><p class="tab-simple">Tendai Moyo<span>Board President</span></p></div>
			<div class="tab"><p class="tab-simple">Farai Chikwanha<span>Board Treasurer</span></p></div>
			<h3>Board Members</h3>
			<div class="tab"><p class="tab-simple">Sokhom Chea</p></div>
			<div class="tab"><p class="tab-simple">Nodar Beridze</p></div>
			<div class="tab"><p class="tab-simple">Batbayar Ganbold</p></div>`,
			map[string]string{"Tendai Moyo": "Board President", "Farai Chikwanha": "Board Treasurer", "Sokhom Chea": "Board Members",
				"Nodar Beridze": "Board Members", "Batbayar Ganbold": "Board Members"}},
		{"the name again in its own script", `<h2>Psychology</h2>
			<div class="m"><h3>Dr. Tendai Moyo（王甦菁）</h3><p>Principal Investigator</p></div>
			<div class="m"><h3>Farai Chikwanha（范娅丽）</h3><p>Member</p></div>
			<div class="m"><h3>Nodar Beridze (Нодар Беридзе)</h3><p>Member</p></div>`,
			map[string]string{"Dr. Tendai Moyo": "Principal Investigator", "Farai Chikwanha": "Member", "Nodar Beridze": "Member"}},
		{"academic ranks under name headings", `<h2>People</h2>
			<h3>Tendai Moyo</h3><p>Assoc. Prof. Physics</p>
			<h3>Farai Chikwanha</h3><p>Prof. Life Sciences</p>
			<h3>Sokhom Chea</h3><p>Asst. Prof. Analytical Chemistry</p>
			<h3>Nodar Beridze</h3><p>PhD student</p>`,
			map[string]string{"Tendai Moyo": "Assoc. Prof. Physics", "Farai Chikwanha": "Prof. Life Sciences",
				"Sokhom Chea": "Asst. Prof.", "Nodar Beridze": "PhD student"}},
		{"family name first over a role line, repeated", `<h1>Ansprechpartner</h1><h2>Vorstand</h2>
			<p><span class="rot">Moyo, Tendai</span><br>Sachbearbeiterin Betriebskosten<br><a href="tel:+49361740">Telefon</a></p>
			<p><span class="rot">Chikwanha, Farai</span><br>Assistentin Vorstand<br><a href="tel:+49361741">Telefon</a></p>
			<p><span class="rot">Gelau-Kurz, Sokhom</span><br>Gruppenleiterin Technik<br><a href="tel:+49361742">Telefon</a></p>
			<h2>Standort</h2><p><span class="ort">Erfurt, Nord</span><br>Geschäftsstelle</p>`,
			map[string]string{"Tendai Moyo": "Betriebskosten", "Farai Chikwanha": "Assistentin", "Sokhom Gelau-Kurz": "Technik"}},
		{"bare names under a role heading", `<h3>Evelyn Gius</h3><p>Evelyn Gius leitet das Labor.</p>
			<h3>Aktuelle Hilfskräfte</h3><p>Tendai Moyo</p><p>Farai Chikwanha</p><p>Sokhom Chea</p>
			<h3>Board Members</h3><div class="t"><p>Nodar Beridze</p></div><div class="t"><p>Batbayar Ganbold</p></div>`,
			map[string]string{"Evelyn Gius": "", "Tendai Moyo": "Hilfskräfte", "Farai Chikwanha": "Hilfskräfte", "Sokhom Chea": "Hilfskräfte",
				"Nodar Beridze": "Board Members", "Batbayar Ganbold": "Board Members"}},
		{"a rank before the name, an ex-officio remark after it", `<h2>Board of Directors</h2>
			<p>Lt. Tendai Moyo<br>Board Member</p><p>Capt. Sokhom Chea<br>Board Member</p>
			<p>Farai Chikwanha (Ex-officio)<br>Board Member</p>`,
			map[string]string{"Tendai Moyo": "Board Member", "Sokhom Chea": "Board Member", "Farai Chikwanha": "Board Member"}},
		{"a nickname in brackets between given and family name", `<h1>People</h1>
			<h2>Tendai (Tenny) Moyo</h2><p>Experienced Commercial Manager</p>
			<h2>Farai (Farry) Chikwanha</h2><p>Experienced Contracts Manager</p>`,
			map[string]string{"Tendai Moyo": "Commercial Manager", "Farai Chikwanha": "Contracts Manager"}},
		{"a nickname in brackets after the name", `<h1>People</h1>
			<h2>Sokhom Chea (Sokky)</h2><p>Experienced Commercial Manager</p>
			<h2>Nodar Beridze (Noddy)</h2><p>Experienced Contracts Manager</p>`,
			map[string]string{"Sokhom Chea": "Commercial Manager", "Nodar Beridze": "Contracts Manager"}},
		{"names linked to profile pages that spell them", `<h1>Il team</h1><h2>Fondatori</h2><ul>
			<li><a href="/it/chi-siamo/bio/tendai-moyo">Tendai Moyo</a>, presidente</li>
			<li><a href="/it/chi-siamo/bio/farai-chikwanha">Farai Chikwanha</a></li>
			<li><a href="/it/chi-siamo/bio/sokhom-chea">Sokhom Chea</a></li></ul>
			<h2>Our Attorneys</h2><p><a href="nodar-beridze/">Nodar Beridze</a><br><a href="batbayar-ganbold/">Batbayar Ganbold</a></p>
			<h2>Special Interests</h2><ul class="services"><li><a href="/balloon-sinuplasty">Balloon Sinuplasty</a></li><li><a href="/sleep-apnea">Sleep Apnea</a></li></ul>`,
			map[string]string{"Tendai Moyo": "presidente", "Farai Chikwanha": "", "Sokhom Chea": "", "Nodar Beridze": "", "Batbayar Ganbold": ""}},
		{"portraits spelled after the name under a board heading", `<h2>Board of Directors</h2><p>The Board is elected by shareholders.</p>
			<div class="board-member"><img src="/img/board/tendai-moyo.jpg" alt="Tendai Moyo"><p><small>Tendai Moyo</small></p></div>
			<div class="board-member"><img src="/img/board/farai-chikwanha.jpg" alt="Farai Chikwanha"><p><small>Farai Chikwanha</small></p></div>
			<h2>Our Brands</h2><figure class="brand"><img src="/img/brands/sokhom-chea.png" alt="Sokhom Chea"><figcaption>Sokhom Chea</figcaption></figure>`,
			map[string]string{"Tendai Moyo": "Board", "Farai Chikwanha": "Board"}},
		{"profile links that spell the name's first words", `<h1>Our Team</h1><div class="row">
			<div class="bloque"><a href="nodar-beridze.html"><img src="../img/nodar.jpg"><div class="pie"><h2 class="nombrefoto"><b>Nodar Beridze<br>Tsiklauri</b></h2></div></a></div>
			<div class="bloque"><a href="batbayar-ganbold.html"><img src="../img/batbayar.jpg"><div class="pie"><h2 class="nombrefoto"><b>Batbayar Ganbold<br>Erdene</b></h2></div></a></div></div>`,
			map[string]string{"Nodar Beridze Tsiklauri": "", "Batbayar Ganbold Erdene": ""}},
		{"an office heading over its one holder", `<h1>Junta Directiva</h1><p>Los miembros actuales de la Junta son los siguientes:</p>
			<h2>Presidente</h2><p>Tendai Moyo Chikwanha</p><h3>Responsabilidades:</h3><ul><li>Representar a la asociación.</li></ul>
			<h2>Tesorero</h2><p>Sokhom Chea del Cerro</p><h3>Responsabilidades</h3><ul><li>Llevar el presupuesto del club.</li></ul>`,
			map[string]string{"Tendai Moyo Chikwanha": "Presidente", "Sokhom Chea del Cerro": "Tesorero"}},
		{"Italian lawyers by their designation", `<div class="professionist"><h3>I professionisti</h3><ul>
			<li><a href="collaborators/moyo.php">Avv. Tendai Moyo &raquo;</a></li>
			<li><a href="collaborators/chikwanha.php">Avv. Farai Chikwanha &raquo;</a></li></ul></div>`,
			map[string]string{"Tendai Moyo": "Avv", "Farai Chikwanha": "Avv"}},
		{"name and role in one heading, broken by <br>", `<h2>Meet the team</h2>
			<div class="person-extract col-sm-4"><div class="row"><div class="portrait col-sm-12"><img src="/images/people/tendai400x.jpg" alt="Portrait Photo"/></div>
			<div class="caption col-sm-12"><div class="row"><div class="col-xs-12"><h4><a href="/people/tendai.html">Tendai Moyo</a><br/>
			<strong>Sales Director</strong></h4></div><div class="col-xs-12"><a href="mailto:tendai@firm.co.uk"><img src="/images/icon_mail_wht.png" alt="Email Tendai Moyo"/></a></div></div></div></div></div>
			<div class="person-extract col-sm-4"><div class="row"><div class="portrait col-sm-12"><img src="/images/people/farai400x.jpg" alt="Portrait Photo"/></div>
			<div class="caption col-sm-12"><div class="row"><div class="col-xs-12"><h4><a href="/people/farai.html">Farai Chikwanha</a><br/>
			<strong>Lead Developer</strong></h4></div><div class="col-xs-12"><a href="mailto:farai@firm.co.uk"><img src="/images/icon_mail_wht.png" alt="Email Farai Chikwanha"/></a></div></div></div></div></div>`,
			map[string]string{"Tendai Moyo": "Sales Director", "Farai Chikwanha": "Lead Developer"}},
		{"a headline's verb before the name; an obituary's person is no contact", `<h1>News</h1>
			<h2>Welcoming Tendai Moyo, Head of Sales</h2><p>We are excited to announce that Tendai joins us.</p>
			<h2>Meet Sokhom Chea, Chief Financial Officer</h2><p>Sokhom joined in May.</p>
			<h2>Remembering Farai Chikwanha, Founder</h2><p>Farai passed away last week.</p>`,
			map[string]string{"Tendai Moyo": "Head of Sales", "Sokhom Chea": "Chief Financial Officer"}},
		{"a first-person bio after the name heading", `<h2>Our Team</h2>
			<div class="row"><h4 class="col-md-3-name">Tendai Moyo</h4><div class="bio"><p>I'm <strong>Tendai Moyo</strong>, Executive Director of the Foundation. I oversee the day-to-day operations and coordinate with the board.</p></div></div>
			<div class="row"><h4 class="col-md-3-name">Farai Chikwanha</h4><div class="bio"><p>I'm <strong>Farai Chikwanha</strong>, the Treasurer of the Foundation. I'm the one with the cheque book, so be nice to me.</p></div></div>`,
			map[string]string{"Tendai Moyo": "Executive Director", "Farai Chikwanha": "Treasurer"}},
		{"a position broken over two lines by <br>", `<h1>Our Team</h1>
			<div class="person"><img alt="Tendai Moyo" src="img/profiles/tmoyo.jpg"><h2>Tendai Moyo</h2><p class="position">Managing<br/>Director</p>
			<p><a href="mailto:tendai@firm.uk">tendai@firm.uk</a></p></div>
			<div class="person"><img alt="Farai Chikwanha" src="img/profiles/fchikwanha.jpg"><h2>Farai Chikwanha</h2><p class="position">Sales<br/>Manager</p>
			<p><a href="mailto:farai@firm.uk">farai@firm.uk</a></p></div>`,
			map[string]string{"Tendai Moyo": "Managing Director", "Farai Chikwanha": "Sales"}},
		{"a practice's MFA after the name's comma is the role", `<h1>Unser Praxisteam</h1><ul><li>Tendai Moyo, MFA</li><li>Farai Chikwanha, MFA</li></ul>`,
			map[string]string{"Tendai Moyo": "MFA", "Farai Chikwanha": "MFA"}},
		{"a short name in parentheses before the role", `<h2>Executive</h2><ul>
			<li>Tendaiishe Moyo (Tendai), President</li>
			<li>Faraiyi Chikwanha („Farai“), Secretary</li></ul>`,
			map[string]string{"Tendaiishe Moyo": "President", "Faraiyi Chikwanha": "Secretary"}},
		{"bold labels before lists of names, repeated", `<h3>Autres commissions :</h3><ul>
			<li><strong>Trésorier :</strong> <em>Tendai Moyo</em>, Farai Chikwanha</li>
			<li><strong>Secrétariat :</strong> <em>Sokhom Chea</em>, Nodar Beridze.</li></ul>`,
			map[string]string{"Tendai Moyo": "Trésorier", "Farai Chikwanha": "Trésorier", "Sokhom Chea": "Secrétariat", "Nodar Beridze": "Secrétariat"}},
		{"bold labels before names, repeated", `<h1>Unsere Vorstandschaft</h1>
			<p><img src="/images/uploads/img_6593.jpeg" alt=""></p><p><strong>1. Schützenmeister</strong> • Tendai Moyo</p>
			<p><img src="/images/uploads/img_9850.jpeg" alt=""></p><p><strong>Böllerreferent</strong> • Farai Chikwanha</p>
			<p><strong>Jugendsprecherin</strong> | Sokhom Chea</p>`,
			map[string]string{"Tendai Moyo": "Schützenmeister", "Farai Chikwanha": "Böllerreferent", "Sokhom Chea": "Jugendsprecherin"}},
		{"names marked up as contacts' names", `<h2>Kontakte</h2>
			<div class="row"><h5>Familienzentrum</h5><p class="kontakt-name">Tendai Moyo</p><p>Aronsstraße 134<br>12057 Berlin</p><p>Telefon: 030 74 77 52 77</p></div>
			<div class="col"><h5>Kindergarten</h5><p class="kontakt-name">Farai Chikwanha</p><p>Telefon: 030 68 05 49 45</p></div>
			<div class="row2"><h5>Produkte</h5><p class="product-name">Sokhom Chea</p><p>Telefon: 030 68 05 49 46</p></div>`,
			map[string]string{"Tendai Moyo": "", "Farai Chikwanha": ""}},
		{"board and committee members with their institutions", `<h1>Organisation</h1>
			<h2>NBIS Board</h2><p>Chairman: Tendai Moyo, Uppsala University</p>
			<p>Farai Chikwanha, Umeå University<br>Sokhom Chea, Oslo University Hospital</p>
			<h2>Scientific Advisory Board</h2><p>Nodar Beridze, Switzerland<br>Batbayar Ganbold, the Netherlands</p>
			<h3>Conference Organising Subcommittee</h3><ul><li><strong>Thandeka Nkosi</strong> (Co-Chair) - <em>Baker Heart and Diabetes Institute, Melbourne</em></li>
			<li><strong>Wiremu Tane</strong> - <em>Curtin University, Perth</em></li></ul>
			<h2>Past Presidents</h2><ul><li>Kwabena Osei, Budapest (2015-2018)</li></ul>
			<h2>Speakers</h2><ul><li>Tamati Waaka, University of Otago</li></ul>`,
			// With a bare country a name list must know the member
			// (TestLineShapes): a venue's or a firm's words are shaped like
			// a name too. An institution's name says the line is a member.
			map[string]string{"Tendai Moyo": "Chairman", "Farai Chikwanha": "Board", "Sokhom Chea": "Board",
				"Thandeka Nkosi": "Co-Chair", "Wiremu Tane": ""}},
		{"institutions and venues under committee headings are no members", `<h2>Steering Committee</h2>
			<ul><li>Karolinska Institutet, Stockholm</li><li>Novo Nordisk, Denmark</li><li>Roche Diagnostics, Switzerland</li></ul>
			<h2>Board Meetings</h2><p>Oslo Spektrum, Norway</p><p>Radisson Blu, Copenhagen</p>
			<h2>Member Directory</h2><p>Hotel Adlon, Berlin</p><p>Marriott Courtyard, Paris</p>
			<h2>Asset Management</h2><p>Bluebay Capital, London</p><p>Amundi Pioneer, Boston</p>`,
			map[string]string{}},
		{"name | role headings repeated: a role no vocabulary knows", `<h1>Meet the team</h1>
			<h3>Tendai Moyo | Founder</h3><p>Tendai founded the firm in 2015.</p>
			<h3>Farai Chikwanha | Data Analysis</h3><p>Farai works with our data.</p>
			<h3>Sokhom Chea | Full-Stack Developer</h3><p>Sokhom builds our platform.</p>
			<h3>Nodar Beridze | Data Science &amp; Analysis</h3><p>Nodar models.</p>
			<h3>Batbayar Ganbold | Cloud Architect</h3><p>Batbayar runs our cloud.</p>
			<h3>Pricing | Plans and Offers</h3>`,
			map[string]string{"Tendai Moyo": "Founder", "Farai Chikwanha": "Data Analysis", "Sokhom Chea": "Developer",
				"Nodar Beridze": "Data Science", "Batbayar Ganbold": "Cloud Architect"}},
		{"a section heading over its one person", `<h1>Presse</h1>
			<section><h2>Pressekontakt</h2><p><strong>Tendai Moyo</strong><br>+49 30 884594 48</p>
			<p>Wenn Sie in den Presseverteiler aufgenommen werden wollen, schreiben Sie bitte eine E-Mail.</p></section>
			<section><h2>Kommunikation</h2><p><strong>Farai Chikwanha</strong><br><a href="mailto:f.chikwanha@verein.de">f.chikwanha@verein.de</a></p></section>
			<footer><details><summary>Social Media</summary><ul><li><a href="https://www.linkedin.com/in/x/">LinkedIn</a></li>
			<li><a href="https://www.instagram.com/x/">Instagram</a></li><li><a href="https://www.wikidata.org/wiki/Q5">Wikidata</a></li>
			<li><a href="https://commons.wikimedia.org/wiki/File:x.jpg">Wikimedia Commons</a></li></ul></details></footer>`,
			map[string]string{"Tendai Moyo": "Pressekontakt", "Farai Chikwanha": "Kommunikation"}},
		{"Ansprechpartner label", `<p>Ansprechpartner: Tendai Moyo, Telefon 0711 999</p>`,
			map[string]string{"Tendai Moyo": "Ansprechpartner"}},
		{"list after one label", `<h1>Impressum</h1><p>Musterfirma AG, Hauptstr. 1, 70173 Stuttgart</p>
			<p>Vorstand: Thandeka Nkosi, Wiremu Tane, Farai Chikwanha und Sokhom Chea</p>
			<p>Geschäftsführer: Nodar Beridze, Batbayar Ganbold</p>`,
			map[string]string{"Thandeka Nkosi": "Vorstand", "Wiremu Tane": "Vorstand", "Farai Chikwanha": "Vorstand",
				"Sokhom Chea": "Vorstand", "Nodar Beridze": "Geschäftsführer", "Batbayar Ganbold": "Geschäftsführer"}},
		{"heading then role paragraph", `<h1>Leadership</h1>
			<h3>Tamati Waaka</h3><p>Chief Executive Officer. Tamati joined in 2015 after ten years at Siemens.</p>
			<h3>Nguyet Tran</h3><p>Chief Financial Officer since 2019.</p>
			<h3>Senthil Kumaravel</h3><p>Head of Procurement, responsible for global sourcing.</p>`,
			map[string]string{"Tamati Waaka": "Chief Executive Officer", "Nguyet Tran": "Chief Financial Officer",
				"Senthil Kumaravel": "Head of Procurement"}},
		{"sole trader under the provider declaration", `<h1>Impressum</h1><h2>Angaben gemäß § 5 TMG</h2>
			<p>Tamati Waaka<br>Musterstraße 1<br>70173 Stuttgart</p><h2>Kontakt</h2><p>Telefon: 0711 123456</p>`,
			map[string]string{"Tamati Waaka": "§ 5 TMG"}},
		{"sole trader under the imprint heading alone", `<h1>Impressum</h1>
			<p>Nguyet Tran, MSc.<br>Kürnbergblick 1/2<br>4048 Puchenau</p><p>UID-Nummer: ATU12345678</p>`,
			map[string]string{"Nguyet Tran, MSc.": "Impressum"}},
		{"trading name with the owner's name", `<h1>Impressum</h1><h2>Angaben gemäß § 5 TMG</h2>
			<address><strong>Haustechnik Nodar Beridze</strong><br>Schammenstraße 19<br>89129 Langenau</address>`,
			map[string]string{"Nodar Beridze": "§ 5 TMG"}},
		// "Paul and …": a lone first word shares the family name only when it
		// is a known given name (sharedFamily), so these two are known.
		{"owners named in a sentence, sharing one family name", `<h2>Our Story</h2>
			<p>STMSNZ owners Paul and Hazel Waaka started their own company in 2009.</p>`,
			map[string]string{"Paul Waaka": "owners", "Hazel Waaka": "owners"}},
		{"our role in running text", `<h2>Meet the team</h2>
			<p>Meet Tamati Waaka, our Managing Director, and Nguyet Tran, our Head of Sales.</p>
			<p><strong>Kwabena Osei</strong> is our founder and has run the workshop since 1998.</p>`,
			map[string]string{"Tamati Waaka": "Managing Director", "Nguyet Tran": "Head of Sales", "Kwabena Osei": "founder"}},
		{"salutation and phone in running text", `<h2>Kontakt</h2>
			<p>Sie erreichen Herrn Okonkwo unter 0711 12345-10 und Frau Dr. Przybylski unter 0711 12345-11.</p>`,
			map[string]string{"Okonkwo": "", "Dr. Przybylski": ""}},
		{"family name first in a table's name column", `<h2>Mitarbeiter</h2><table>
			<tr><th>Name</th><th>Funktion</th><th>Telefon</th></tr>
			<tr><td>Waaka, Tamati</td><td>Geschäftsführer</td><td>0711 1</td></tr>
			<tr><td>Tran, Dr. Nguyet</td><td>Buchhaltung</td><td>0711 2</td></tr></table>`,
			map[string]string{"Tamati Waaka": "Geschäftsführer", "Dr. Nguyet Tran": "Buchhaltung"}},
		{"role heading above the name heading in repeated cards", `<h1>Wehrführung</h1><div class="row">
			<div class="col"><img src="a.jpg"><h4>Wehrführer</h4><h5>Tamati Waaka</h5></div>
			<div class="col"><img src="b.jpg"><h4>stellv. Wehrführer</h4><h5>Nguyet Tran</h5></div></div>`,
			map[string]string{"Tamati Waaka": "Wehrführer", "Nguyet Tran": "stellv. Wehrführer"}},
		{"team in tabs and a collapsed accordion", `<h1>Team</h1>
			<div class="tab-content"><div class="tab-pane active" role="tabpanel"><h3>Tamati Waaka</h3><p>Vertriebsleiter</p></div>
			<div class="tab-pane" role="tabpanel" aria-hidden="true"><h3>Nguyet Tran</h3><p>Leiterin Einkauf</p></div></div>
			<div class="accordion-body collapse" hidden><h3>Kwabena Osei</h3><p>Head of Quality</p></div>
			<div class="navbar-collapse" aria-hidden="true"><ul><li>Thandeka Nkosi</li></ul></div>`,
			map[string]string{"Tamati Waaka": "Vertriebsleiter", "Nguyet Tran": "Einkauf", "Kwabena Osei": "Quality"}},
		{"role in the first sentence of a bio", `<h1>About us</h1>
			<div><h3>Tamati Waaka</h3><p>Tamati qualified as a counsellor in 2015 and is a registered member of the BACP, working with young people in schools across the county.</p></div>
			<div><h3>Nguyet Tran</h3><p>She is our Managing Director and leads the practice's work with schools and charities in the region.</p></div>`,
			map[string]string{"Tamati Waaka": "counsellor", "Nguyet Tran": "Managing Director"}},
		{"repeated cards, one without a role", `<h1>Team</h1><div class="team">
			<div class="member"><h4>Tendai Moyo</h4><span>Projektleiter</span></div>
			<div class="member"><h4>Wanjiru Kamau</h4><span>Konstrukteurin</span></div>
			<div class="member"><h4>Aputsiaq Petersen</h4><span>Vertrieb</span></div>
			<div class="member"><h4>Biret Somby</h4><span>Buchhaltung</span></div>
			<div class="member"><h4>Ujarak Lynge</h4></div></div>`,
			map[string]string{"Tendai Moyo": "Projektleiter", "Wanjiru Kamau": "Konstrukteurin",
				"Aputsiaq Petersen": "Vertrieb", "Biret Somby": "Buchhaltung", "Ujarak Lynge": ""}},
		{"bio cards that speak of their person", `<h1>Our Physicians</h1>
			<div><h2>Kwabena A. Mensah, M.D.</h2><p>Dr. Mensah received his degree from the University of Ghana.</p></div>
			<div><h2>Thenmozhi Raghavan</h2><p>Thenmozhi has led our clinic since 2012.</p></div>`,
			map[string]string{"Kwabena A. Mensah, M.D.": "", "Thenmozhi Raghavan": ""}},
		{"name shapes", `<h1>Team</h1><ul>
			<li>Inti van der Berg, Leiterin Qualität</li><li>Killa Müller-Lüdenscheidt, Einkauf</li>
			<li>T. K. Ngata, Vertrieb</li><li>Nivi de la Cruz, Marketing</li></ul>`,
			map[string]string{"Inti van der Berg": "Qualität", "Killa Müller-Lüdenscheidt": "Einkauf",
				"T. K. Ngata": "Vertrieb", "Nivi de la Cruz": "Marketing"}},
		{"a body's heading goes to its members", `<h2>Vorstand</h2>
			<div class="p"><p>Tornike Beridze</p><p>Funktion: Kassier</p></div>
			<div class="p"><p>Khatia Gelashvili</p><p>Funktion: Aktuarin</p></div>`,
			map[string]string{"Tornike Beridze": "Kassier", "Khatia Gelashvili": "Aktuarin"}},
		{"grid of names alone, photos named after them", `<h1>Team</h1><div class="row">
			<div class="c"><a href="tw.html"><img src="img/tamati-waaka.jpg"><h2><b>Tamati<br>Waaka</b></h2></a></div>
			<div class="c"><a href="nt.html"><img src="img/nguyet-tran-van.jpg"><h2><b>Nguyet Tran<br>Van</b></h2></a></div>
			<div class="c"><a href="ko.html"><img src="img/k.jpg" alt="Kwabena Osei"><h2><b>Kwabena Osei</b></h2></a></div>
			<div class="c"><a href="zb.html"><img src="img/zurab.jpg"><h2><b>Zurab Beridze<br>de la Fuente</b></h2></a></div></div>`,
			map[string]string{"Tamati Waaka": "", "Nguyet Tran Van": "", "Kwabena Osei": "", "Zurab Beridze de la Fuente": ""}},
		{"an office with its organisation as the label of the names below", `<h1>Ansprechpartner</h1>
			<p>Übungsleiter CVJM Breidenbach:<br>Tamati Waaka<br>Nguyet Tran</p><p>Übungsleiter CVJM Wallau:<br>Kwabena Osei</p>`,
			map[string]string{"Tamati Waaka": "Übungsleiter", "Nguyet Tran": "Übungsleiter", "Kwabena Osei": "Übungsleiter CVJM Wallau"}},
		{"the chair abbreviated", `<h2>Unsere Kontaktdaten</h2><p>Postanschrift MCH Singen e.V.<br>1. Vors.: Tamati Waaka<br>Kleiststr. 3, 78239 Rielasingen</p>`,
			map[string]string{"Tamati Waaka": "Vors."}},
		// Two known given names: the split needs them (twoNames).
		{"two names whose separator the layout dropped", `<h2>Vorstand</h2><h3>1. Vorsitzende:</h3><p>Anna Mensah</p><h2>Kassenprüfer:</h2><p>Heidi Waaka &nbsp; Matthias Okonkwo</p>`,
			map[string]string{"Anna Mensah": "Vorsitzende", "Heidi Waaka": "Kassenprüfer", "Matthias Okonkwo": "Kassenprüfer"}},
		{"a run of office lines under one label", `<h1>Impressum</h1><p>Schützenverein Hohenfichte e.V.<br>
			<strong>Vertreten durch den Vorstand:</strong><br>Vorsitzender: Tamati Waaka<br>Schriftführer: Nguyet Tran<br>
			Öffentlichkeitsarbeit: Kwabena Osei<br>Waffenmeister: Zurab Beridze<br>Webdesign: Leilani Kahale</p>`,
			map[string]string{"Tamati Waaka": "Vorsitzender", "Nguyet Tran": "Schriftführer", "Kwabena Osei": "Öffentlichkeitsarbeit",
				"Zurab Beridze": "Waffenmeister"}},
		{"role heading above the name, profile facts below it", `<h1>Meet the Team</h1>
			<div class="m"><h3>Treasurer</h3><p>Tamati Waaka</p><p>Major: Biomedical Engineering</p><p>Year: 3rd Year</p></div>
			<div class="m"><h3>Project Lead: Ride-on Car</h3><p>Nguyet Tran</p><p>Major: Mechanical Engineering</p><p>Year: 2nd Year</p></div>`,
			map[string]string{"Tamati Waaka": "Treasurer", "Nguyet Tran": "Project Lead"}},
		{"a plain name line, then its role as the card's heading", `<h2>Our Team</h2>
			<div class="p"><a href="#">Tamati Waaka</a><h3>Managing director and co-founder</h3><p>Tamati leads the firm.</p></div>
			<div class="p"><a href="#">Nguyet Tran</a><h3>Chief technology officer and co-founder</h3><p>Nguyet leads product.</p></div>`,
			map[string]string{"Tamati Waaka": "Managing director", "Nguyet Tran": "Chief technology officer"}},
		{"a lone name paragraph, its role in the next paragraph", `<div>Our Team</div>
			<p>Dr. Tamati Waaka</p><p>Principal Physiotherapist and Director</p>
			<p>My name is Tamati, and I am the Director of the practice.</p>`,
			map[string]string{"Dr. Tamati Waaka": "Principal Physiotherapist and Director"}},
		{"names alone in cards the markup calls team members", `<h2>Meet our Team</h2><div class="team-grid">
			<div class="team-item"><img src="g30.png" alt="Scaffolding Team Member"><p>Tamati Waaka</p></div>
			<div class="team-item"><img src="g31.png" alt="Scaffolding Team Member"><p>Nguyet Tran</p></div>
			<div class="team-item"><img src="g32.png" alt="Scaffolding Team Member"><p>Kwabena Osei</p></div></div>`,
			map[string]string{"Tamati Waaka": "", "Nguyet Tran": "", "Kwabena Osei": ""}},
		{"a labelled field in the card, value on the next line", `<h2>Assistentinnen</h2>
			<h3>Tamati Waaka</h3><p>Ausbildung zur zahnmedizinischen Fachangestellten 2009-2012</p><h4>Tätigkeit:</h4><p>Stuhlassistenz</p>
			<h3>Nguyet Tran</h3><p>Ausbildung 1980-1983</p><h4>Tätigkeit:</h4><p>Abrechnung</p>`,
			map[string]string{"Tamati Waaka": "Stuhlassistenz", "Nguyet Tran": "Abrechnung"}},
		{"bio paragraphs that open with the name, a role line above each", `<h1>Senior Leadership Team</h1>
			<p>Chief Financial Officer</p><p>Tamati Waaka is Chief Financial Officer of Nordic Pumps. As a member of the team he leads finance and IT.</p>
			<p>Chief Operating Officer</p><p>Nguyet Tran leads the plants of Nordic Pumps in three countries and has done so with great care since 2019.</p>`,
			map[string]string{"Tamati Waaka": "Chief Financial Officer", "Nguyet Tran": "Chief Operating Officer"}},
		{"bio paragraphs that open with the name, the role in the first sentence", `<h1>Meet the team</h1>
			<p><img src="k.jpg" alt="Kwabena Osei">Kwabena Osei is the office manager and has kept the practice running since 2004.</p>
			<p><img src="t.jpg" alt="Thandeka Nkosi">Thandeka Nkosi has been working at the practice since 2002, first as a dental assistant.</p>`,
			map[string]string{"Kwabena Osei": "office manager", "Thandeka Nkosi": ""}},
		{"bio paragraphs that say since when the person works here, a licence after the name", `<h2>Meet the Team</h2>
			<p>Ngaio Parata, RDA, first started working at the practice in 1986 as an intern and has stayed since.</p>
			<p>Tawia Mensah, DA, started with us in June 2011. She grew up in southern California and loves hiking.</p>
			<p>Zurab Beridze joined our team in 2015 after ten years at a clinic in Tbilisi and leads the front desk.</p>
			<p>Kofi Boateng joined Acme Dental in 1990 and later founded a practice of his own in another town.</p>`,
			map[string]string{"Ngaio Parata, RDA": "", "Tawia Mensah": "", "Zurab Beridze": ""}},
		{"offices set as headings over plain names", `<p>To contact the officers please send an email.</p>
			<h3>President</h3><p>Tamati Waaka</p><h3>VP of Education and Recruitment</h3><p>Nguyet Tran</p>
			<h3>VP of Competitions</h3><p>Kwabena Osei and Zurab Beridze</p><h3>Secretary/Treasurer</h3><p>Thandeka Nkosi</p>`,
			map[string]string{"Tamati Waaka": "President", "Nguyet Tran": "VP of Education", "Kwabena Osei": "VP of Competitions",
				"Zurab Beridze": "VP of Competitions", "Thandeka Nkosi": "Secretary/Treasurer"}},
		{"a role with the year the person took it", `<h2>Leadership</h2>
			<h3>Tamati Waaka</h3><h4>President &amp; Chief Executive Officer (1989)</h4><p>A career employee, Tamati was hired as a job engineer.</p>
			<h3>Nguyet Tran</h3><h4>Executive Vice President, Chief Financial Officer &amp; Treasurer (2019)</h4><p>Nguyet joined from a bank.</p>`,
			map[string]string{"Tamati Waaka": "Chief Executive Officer", "Nguyet Tran": "Chief Financial Officer"}},
		{"a name in capitals running straight into its office", `<h1>BOARD OF DIRECTORS</h1>
			<p>DR. TAWIA K. MENSAH CHAIRMAN OF THE BOARD</p><p>DR. TAWIA K. MENSAH joined the hospital in 2016 as a surgeon.</p>
			<p>DR. NGAIO A. PARATA CORPORATE SECRETARY</p><p>DR. NGAIO A. PARATA joined the hospital in 2016 as Corporate Secretary.</p>
			<p>ENGR. WIREMU R. TANE DIRECTOR</p><p>CONTACT US NOW</p>`,
			map[string]string{"DR. TAWIA K. MENSAH": "CHAIRMAN", "DR. NGAIO A. PARATA": "CORPORATE SECRETARY", "ENGR. WIREMU R. TANE": "DIRECTOR"}},
		{"deputies in a third column of a name table", `<h2>Vorstand</h2><table>
			<thead><tr><th>Amt</th><th>Name</th><th>Stellvertreter</th></tr></thead><tbody>
			<tr><td>Vorsitz</td><td>Tamati Waaka</td><td>Anna Berger</td></tr>
			<tr><td>Kasse</td><td>Kwabena Osei</td><td>–</td></tr></tbody></table>`,
			map[string]string{"Tamati Waaka": "", "Anna Berger": "", "Kwabena Osei": ""}},
		{"a card's role line is not the next bio's role", `<h1>Our team</h1>
			<h3>Tamati Waaka</h3><p>Chief Executive Officer</p>
			<p>Nguyet Tran is responsible for the plants and has built up the service teams in three countries.</p>
			<p>Kwabena Osei is responsible for purchasing and has worked with our suppliers for over twenty years.</p>`,
			map[string]string{"Tamati Waaka": "Chief Executive Officer", "Nguyet Tran": "", "Kwabena Osei": ""}},
		{"bio paragraphs of names with joined prefixes", `<h2>Our staff</h2>
			<p>Nuno DosSantos is the practice manager and looks after the schedule, the billing and the team.</p>
			<p>Amy NeSmith has been our hygienist for twelve years and is loved by the youngest patients.</p>`,
			map[string]string{"Nuno DosSantos": "", "Amy NeSmith": ""}},
		{"a table whose header names the column of names", `<h2>Besetzung</h2><table>
			<thead><tr><th>Position</th><th>Name</th></tr></thead><tbody>
			<tr><td>Solo Cornet</td><td>Tamati Waaka</td></tr><tr><td>Repiano Cornet</td><td>Nguyet Tran</td></tr>
			<tr><td>Es Bass</td><td>Kwabena Osei</td></tr><tr><td>Percussion</td><td>Zurab Beridze</td></tr></tbody></table>`,
			map[string]string{"Tamati Waaka": "", "Nguyet Tran": "", "Kwabena Osei": "", "Zurab Beridze": ""}},
		{"a name column under a label that spans rows", `<h2>Vorstandschaft</h2><table>
			<thead><tr><th>Funktion</th><th>Person</th><th>Mail</th></tr></thead><tbody>
			<tr><td>Vorsitzender</td><td>Tamati Waaka</td><td>tw@example.org</td></tr>
			<tr><td rowspan="2">Beisitzer</td><td>Nguyet Tran</td><td>nt@example.org</td></tr>
			<tr><td>Kwabena Osei</td><td>ko@example.org</td></tr></tbody></table>`,
			map[string]string{"Tamati Waaka": "Vorsitzender", "Nguyet Tran": "Beisitzer", "Kwabena Osei": ""}},
		{"link texts under the name are no role", `<h2>Our Team</h2>
			<div class="member"><h3>Tamati Waaka</h3><a href="mailto:tw@example.org">Email Tamati</a><p>Senior Accountant</p></div>
			<div class="member"><h3>Nguyet Tran</h3><a href="/team/nguyet-tran">View Profile →</a><p>Office Manager</p></div>`,
			map[string]string{"Tamati Waaka": "Senior Accountant", "Nguyet Tran": "Office Manager"}},
		{"term of office after the name", `<h2>Board of Directors</h2><p>Rawiri Ngata (2014 – Present)</p>
			<p>Ngaio Parata (2012-Present) Honorary Director</p>`,
			map[string]string{"Rawiri Ngata": "", "Ngaio Parata": ""}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got := Extract("", []byte("<html><body>"+tc.html+"</body></html>"))
			byName := map[string]Person{}
			var names []string
			for _, p := range got {
				byName[p.Name] = p
				names = append(names, p.Name)
			}
			sort.Strings(names)
			for name, role := range tc.want {
				p, ok := byName[name]
				if !ok {
					t.Errorf("%s not found; found %q", name, names)
					continue
				}
				if !strings.Contains(p.RoleText, role) {
					t.Errorf("%s: role %q, want it to contain %q", name, p.RoleText, role)
				}
			}
			if len(got) != len(tc.want) {
				t.Errorf("found %d people %q, want %d", len(got), names, len(tc.want))
			}
		})
	}
}

// TestBoardHeadingOverBioCards: the section heading ranks like the name
// headings of the cards under it, each card's bio is styled as a lower
// heading, and the firm's logo text above reads like a name. Every card is
// the board's, not only those of the first list after the heading.
func TestBoardHeadingOverBioCards(t *testing.T) {
	t.Parallel()
	card := func(sal, name, bio string) string {
		return `<li><img src="/img/director/x.jpg" alt=""><h2>` + sal + ` <strong>` + name + `</strong></h2><h3>` + sal + " " + name + bio + `</h3></li>`
	}
	page := `<html><head><title>Moyo Serums And Vaccines Limited</title></head><body>
		<header><h2>Moyo Serums</h2></header><header id="content-head"><h2>Board of Directors</h2></header>
		<ul>` + card("Mr.", "Tendai Moyo", " has been involved with the business affairs of the Company for over three decades and leads its strategy.") +
		card("Dr.", "Farai Chikwanha", " is a physician by training and has advised life-science firms in Asia and Europe for twenty years.") + `</ul>
		<ul>` + card("Mr.", "Sokhom Chea", " is a partner of a private equity fund and holds a degree in pharmaceutical technology from Mumbai.") +
		card("Mrs.", "Nodar Beridze", " is the managing director of a family company founded in 1908 and serves on two other boards.") + `</ul>
		</body></html>`
	got := Extract("", []byte(page))
	byName := map[string]string{}
	for _, p := range got {
		byName[p.Name] = p.RoleText
	}
	for _, name := range []string{"Tendai Moyo", "Dr. Farai Chikwanha", "Sokhom Chea", "Nodar Beridze"} {
		if role, ok := byName[name]; !ok || !strings.Contains(role, "Board of Directors") {
			t.Errorf("%s: found %v, role %q; want the board heading's role", name, ok, role)
		}
	}
	if len(got) != 4 {
		t.Errorf("found %d people %v, want 4", len(got), byName)
	}
}

// TestPressReleaseProse: a press release names its organisation's people
// by the organisation's name, which the page's title gives; a partner's
// people are not read.
func TestPressReleaseProse(t *testing.T) {
	t.Parallel()
	page := `<html><head><title>Vantrix | Press</title></head><body><h1>Vantrix closes Series B</h1>
		<p>Vantrix was cofounded by Dr. Tendai Moyo, who has spent more than 25 years designing processors.</p>
		<p>Vantrix is also cofounded by Farai Chikwanha, with more than 20 years of experience in systems.</p>
		<p>“We are thrilled,” said Sokhom Chea, Vantrix’s Chief Financial Officer, at the event.</p>
		<p>“A great team,” said Nodar Beridze, Managing Partner of Delos Capital, the lead investor.</p>
		<p>“We rely on it,” said Batbayar Ganbold, Vantrix’s customer since 2015. Ikaika Kahale, Vantrix’s late founder,
		started the lab; Wiremu Tane, then CEO of Vantrix, sold it. Pipaluk Berthelsen, a long-time partner of Vantrix, agrees.</p>
		<p>Aroha Ngata, Professor of Economics at Vantrix University, said so.</p></body></html>`
	want := map[string]string{"Dr. Tendai Moyo": "Co-founder", "Farai Chikwanha": "Co-founder", "Sokhom Chea": "Chief Financial Officer"}
	got := map[string]string{}
	for _, p := range Extract("", []byte(page)) {
		got[p.Name] = p.RoleText
	}
	for name, role := range want {
		if r, ok := got[name]; !ok || !strings.Contains(r, role) {
			t.Errorf("%s: found %v, role %q; want %q", name, ok, r, role)
		}
	}
	if _, ok := got["Nodar Beridze"]; ok || len(got) != len(want) {
		t.Errorf("found %v, want only %v", got, want)
	}
}

// TestPressReleaseLongOrgName: an organisation's name of three or four
// words in the title ("The Vantrix Heritage Museum: Newsroom") ties its
// officers named in prose to it, as a one-word name does.
func TestPressReleaseLongOrgName(t *testing.T) {
	t.Parallel()
	page := `<html><head><title>The Vantrix Heritage Museum: Newsroom</title></head><body><h1>Museum news</h1>
		<p>Tendai Moyo, Chairman of the Trustees of The Vantrix Heritage Museum, said: "We are delighted."</p></body></html>`
	got := Extract("", []byte(page))
	if len(got) != 1 || got[0].Name != "Tendai Moyo" || got[0].RoleText != "Chairman of the Trustees" {
		t.Errorf("found %v, want Tendai Moyo, Chairman of the Trustees", got)
	}
	// Prose writes "of the Vantrix Heritage Museum" in lower case.
	page = `<html><head><title>Vantrix Heritage Museum: Newsroom</title></head><body><h1>Museum news</h1>
		<p>Farai Chikwanha, Director of the Vantrix Heritage Museum, said: "We are delighted."</p></body></html>`
	if got := Extract("", []byte(page)); len(got) != 1 || got[0].RoleText != "Director" {
		t.Errorf("found %v, want Farai Chikwanha, Director", got)
	}
	// An event's title names no organisation whose officers to read.
	page = `<html><head><title>Berlin Tech Summit 2024</title></head><body><h1>Speakers</h1>
		<p>Welcome, said Sokhom Chea, a Chief Technology Officer at Berlin Tech Summit 2024 sponsor Acme.</p></body></html>`
	if got := Extract("", []byte(page)); len(got) != 0 {
		t.Errorf("found %v, want no one", got)
	}
}

// TestRoleBeforeContacts: on a "Name, Role, …, e-mail, Tel." line only the
// first part is the role, and only when it names a position or is a label:
// an address, a firm or a department after the name is none.
func TestRoleBeforeContacts(t *testing.T) {
	t.Parallel()
	page := `<h1>Kontakt</h1>
		<p>Tendai Moyo, Geschäftsführer, Musterstraße 12, 50667 Köln, tendai.moyo@acme.de, Tel. 0221 123456</p>
		<p>Farai Chikwanha, Marketing Solutions GmbH, farai@marketing-solutions.de, Tel. 0221 654321</p>
		<p>Sokhom Chea, Logistik &amp; Supply Chain Management, Hochschule Acme, sokhom.chea@hs-acme.de, Tel. 07121 271</p>`
	got := map[string]string{}
	for _, p := range Extract("", []byte(page)) {
		got[p.Name] = p.RoleText
	}
	if r, ok := got["Tendai Moyo"]; !ok || r != "Geschäftsführer" {
		t.Errorf("Tendai Moyo: found %v, role %q; want Geschäftsführer", ok, r)
	}
	for _, n := range []string{"Farai Chikwanha", "Sokhom Chea"} {
		if r, ok := got[n]; ok && r != "" {
			t.Errorf("%s: role %q from a firm's name or a department, want none", n, r)
		}
	}
}

// TestBoldGroupEndsSection: a bold group line that is no office ("Staff")
// ends the board's section above; its people are not the board's.
func TestBoldGroupEndsSection(t *testing.T) {
	t.Parallel()
	page := `<h1>Our Board</h1><p><strong>Board Members</strong></p><p>Tendai Moyo</p><p>Farai Chikwanha</p>
		<p>Sokhom Chea</p><p><strong>Staff</strong></p><p>Nodar Beridze</p><p>Batbayar Ganbold</p>`
	for _, p := range Extract("", []byte(page)) {
		board := strings.Contains(p.RoleText, "Board")
		switch p.Name {
		case "Nodar Beridze", "Batbayar Ganbold":
			if board {
				t.Errorf("%s: role %q, want none of the board's", p.Name, p.RoleText)
			}
		default:
			if p.RoleText != "Board Members" {
				t.Errorf("%s: role %q, want Board Members", p.Name, p.RoleText)
			}
		}
	}
}

// TestFirmPartnersHeading: "Partners" over cards whose role is Partner heads
// the firm's own partners, not partner organisations.
func TestFirmPartnersHeading(t *testing.T) {
	t.Parallel()
	page := `<h1>Our team</h1><h2>Partners</h2>
		<article><h3>Tendai Moyo</h3><p>Partner</p><p><a href="mailto:tendai.moyo@twj.co.id">tendai.moyo@twj.co.id</a></p></article>
		<article><h3>Farai Chikwanha</h3><p>Rechtsanwalt, Partner</p></article>
		<h2>Our Partners</h2><p>Acme Consulting GmbH</p><p>Sokhom Chea, CEO of Acme Consulting</p>`
	got := map[string]bool{}
	for _, p := range Extract("", []byte(page)) {
		got[p.Name] = true
	}
	if !got["Tendai Moyo"] || !got["Farai Chikwanha"] || got["Sokhom Chea"] {
		t.Errorf("found %v, want the two partners of the firm and not the partner firm's CEO", got)
	}
}

// TestSecondReviewZones: sentences that head testimonials, former
// directors or partner organisations still open their zones; "Former
// Partners" and a cooperating firm's partner are not the firm's partners;
// an office dated in brackets is not the row's role.
func TestSecondReviewZones(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ name, html string }{
		{"testimonials", `<h1>Home</h1><h2>What our clients say about us.</h2>
			<div><h3>Wiremu Tane</h3><p>Managing Director, Foo Industries</p></div><div><h3>Ngaio Parata</h3><p>CEO, Bar Ltd</p></div>`},
		{"former directors", `<h1>About</h1><h2>Former directors of the company since 1950.</h2>
			<div><h3>Wiremu Tane</h3><p>Managing Director</p></div><div><h3>Ngaio Parata</h3><p>Director</p></div>`},
		{"former partners", `<h1>Team</h1><h2>Former Partners</h2>
			<article><h3>Wiremu Tane</h3><p>Founding Partner</p></article><article><h3>Ngaio Parata</h3><p>Partner</p></article>`},
		{"a cooperating firm", `<h1>Kanzlei</h1><h2>Kooperationspartner</h2>
			<h3>Wiremu Tane</h3><p>Partner</p><p>Tane &amp; Kollegen Steuerberater</p>`},
	} {
		if got := Extract("", []byte(tc.html)); len(got) != 0 {
			t.Errorf("%s: found %v, want no one", tc.name, got)
		}
	}
	page := `<h1>Vorstand</h1><table><thead><tr><th>Funktion</th><th>Name</th></tr></thead><tbody>
		<tr><td>1. Vorsitzender</td><td>Tawia Mensah</td></tr><tr><td>1. Vorsitzender (bis 2020)</td><td>Ngaio Parata</td></tr></tbody></table>`
	for _, p := range Extract("", []byte(page)) {
		if p.Name == "Ngaio Parata" && strings.Contains(p.RoleText, "bis 2020") {
			t.Errorf("Ngaio Parata: role %q, an office held until 2020", p.RoleText)
		}
	}
}

// TestSharedAddressOwner: an address shown on an owner's and an assistant's
// card stays the owner's when it spells a part of the family name or the
// initials; a department mailbox that merely contains a given name does not.
func TestSharedAddressOwner(t *testing.T) {
	t.Parallel()
	page := `<h1>Team</h1>
		<div><h3>Anna Huber-Meier</h3><p>Geschäftsführerin</p><p><a href="mailto:a.huber@firma.de">a.huber@firma.de</a></p></div>
		<div><h3>Kofi Boateng</h3><p>Assistenz der Geschäftsführung</p><p><a href="mailto:a.huber@firma.de">a.huber@firma.de</a></p></div>
		<div><h3>Thomas Meyer</h3><p>Prokurist</p><p><a href="mailto:tm@firma.de">tm@firma.de</a></p></div>
		<div><h3>Sione Vaka</h3><p>Assistenz</p><p><a href="mailto:tm@firma.de">tm@firma.de</a></p></div>
		<div><h3>Tom Tane</h3><p>Kundendienst</p><p><a href="mailto:customerservice@firma.de">customerservice@firma.de</a></p></div>
		<div><h3>Ngaio Parata</h3><p>Kundendienst</p><p><a href="mailto:customerservice@firma.de">customerservice@firma.de</a></p></div>`
	want := map[string]string{"Anna Huber-Meier": "a.huber@firma.de", "Kofi Boateng": "", "Thomas Meyer": "tm@firma.de",
		"Sione Vaka": "", "Tom Tane": "", "Ngaio Parata": ""}
	for _, p := range Extract("", []byte(page)) {
		if w, ok := want[p.Name]; ok && p.Email != w {
			t.Errorf("%s: e-mail %q, want %q", p.Name, p.Email, w)
		}
	}
}

// TestPressReleaseOtherOrg: a title that may name a customer ("Case Study:
// Beta Corp | Vantrix") names no organisation whose people to read.
func TestPressReleaseOtherOrg(t *testing.T) {
	t.Parallel()
	page := `<html><head><title>Case Study: Beta Corp | Vantrix</title></head><body><h1>How Beta Corp scaled</h1>
		<p>“It just works,” said Tendai Moyo, Beta Corp’s Chief Technology Officer, at the launch.</p></body></html>`
	if got := Extract("", []byte(page)); len(got) != 0 {
		t.Errorf("found %v, want no one", got)
	}
}

// TestNoRoleFrom covers lines near a name that are no role of the person:
// an office's place set under the name, an office held before.
func TestNoRoleFrom(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ name, html, person string }{
		{"an office's place under the name", `<h2>Team</h2>
			<div class="c"><h4><a href="/p/tendai">Tendai Moyo</a><br><span>Head Office, London</span></h4><a href="mailto:tendai@firm.co.uk">Email</a></div>
			<div class="c"><h4><a href="/p/farai">Farai Chikwanha</a><br><span>Branch Office, Leeds</span></h4><a href="mailto:farai@firm.co.uk">Email</a></div>`, "Tendai Moyo"},
		{"a former office in a first-person bio", `<h2>Our Team</h2>
			<div class="row"><h4 class="name">Tendai Moyo</h4><div class="bio"><p>I'm <strong>Tendai Moyo</strong>, a former Sales Director turned yoga teacher. I run the morning classes.</p></div></div>
			<div class="row"><h4 class="name">Farai Chikwanha</h4><div class="bio"><p>I'm <strong>Farai Chikwanha</strong>, a retired nurse. I run the evening classes.</p></div></div>`, "Tendai Moyo"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			for _, p := range Extract("", []byte("<html><body>"+tc.html+"</body></html>")) {
				if p.Name == tc.person && p.RoleText != "" {
					t.Errorf("%s: role %q, want none", p.Name, p.RoleText)
				}
			}
		})
	}
}

// TestNotKeyContacts covers what is not a key contact of the page's
// organisation: organisation names, departments, addresses, product names,
// quoted authors, former office holders and people of other organisations.
func TestNotKeyContacts(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		html string
		keep []string // the organisation's own people, who must still be found
	}{
		{"organisation line", `<h1>Impressum</h1><p>Ausführende Einrichtung: Institut für Angewandte Forschung</p>
			<p>Vertreten durch den Vorstand Dr. Nodar Beridze</p>`, []string{"Dr. Nodar Beridze"}},
		{"company under the provider declaration", `<h1>Impressum</h1><p>Angaben gemäß § 5 TMG:</p>
			<p>Beridze Haustechnik GmbH<br>Musterstraße 1<br>70173 Stuttgart</p><p>Vertreten durch: Nodar Beridze</p>`,
			[]string{"Nodar Beridze"}},
		{"our customer in running text", `<h1>News</h1><p>We thank Aslak Somby, our customer at Nordic Pumps AB, for the visit.</p>`, nil},
		{"salutation without a contact", `<h1>Märchen</h1><p>Frau Holle schüttelt die Betten aus, und Herr Korbes bleibt zu Hause.</p>`, nil},
		{"bold labels before products and places", `<h1>Unsere Produkte</h1>
			<p><strong>Standort</strong> • Berlin Mitte</p><p><strong>Linie</strong> • Classic Edition</p>
			<p><strong>Serie</strong> – Grand Cherokee</p><p><strong>Farbe</strong> | Royal Blue</p>`, nil},
		{"bold labels before lists of colours, fabrics and materials", `<h1>Sofa Oslo</h1><ul>
			<li><strong>Farben:</strong> Royal Blue, Forest Green</li><li><strong>Bezüge:</strong> Samt Grau, Leinen Natur</li>
			<li><strong>Material:</strong> Eiche Natur</li><li><strong>Farbe:</strong> Royal Blue</li></ul>`, nil},
		{"a wine list and a line-up under bold labels", `<h1>Weinkarte</h1><ul><li><strong>Rotwein:</strong> Blauer Zweigelt, Pinot Noir</li>
			<li><strong>Käse:</strong> Bergkäse Alt, Tilsiter Mild</li></ul>
			<h2>Aufstellung</h2><ul class="x"><li><strong>Abwehr:</strong> Mats Hummels, Jerome Boateng</li><li><strong>Sturm:</strong> Thomas Müller, Miroslav Klose</li></ul>`, nil},
		{"Italian abbreviations before no name", `<ul><li><a href="/lab">Geom. Modelling Lab</a></li><li><a href="/arch">Arch. Tudor Style</a></li></ul>`, nil},
		{"one role label in a product's spec list or over a line-up", `<h1>Produktdaten</h1><ul>
			<li><strong>Engineer</strong> – Grand Cherokee</li><li><strong>Farben</strong> – Samt Grau, Leinen Natur</li>
			<li><strong>Material</strong> – Eiche Natur</li></ul>
			<h2>Aufstellung</h2><ol><li><strong>Kapitän</strong> – Philipp Lahm</li><li><strong>Abwehr</strong> – Mats Hummels, Jerome Boateng</li>
			<li><strong>Sturm</strong> – Thomas Müller, Miroslav Klose</li></ol>`, nil},
		{"marked products in cards", `<div class="card"><h3>Vario™ Max</h3><p>Director's choice</p></div>
			<div class="card"><h3>Nova® Classic</h3><p>Manager edition</p></div>`, nil},
		{"departments", `<h1>Kontakt</h1><ul><li>Abteilung Vertrieb</li><li>Technischer Kundendienst</li>
			<li>Qualitätssicherung Labor</li></ul>`, nil},
		{"addresses", `<h1>Impressum</h1><p>Josef-Postl-Gasse 19<br>2332 Hennersdorf</p><p>Blackhall Place</p>
			<p>Geschäftsführer: Tamaz Kvaratskhelia</p>`, []string{"Tamaz Kvaratskhelia"}},
		{"product names in a grid", `<h1>Produkte</h1><div class="grid">
			<div class="item"><h3>Nova Tec</h3><p>Abfüllanlage für Vials</p></div>
			<div class="item"><h3>Aqua Line</h3><p>Waschmaschine für Ampullen</p></div>
			<div class="item"><h3>Sterilo Max</h3><p>Sterilisationstunnel</p></div></div>`, nil},
		{"service tiles whose links and icons spell their text", `<h1>Leistungen</h1><div class="row">
			<div class="c"><a href="strategic-consultancy.html"><img src="strategic-consultancy.png"><h2>Strategic Consultancy</h2></a></div>
			<div class="c"><a href="investment-consultancy.html"><img src="investment-consultancy.png"><h2>Investment Consultancy</h2></a></div>
			<div class="c"><a href="project-finance.html"><img src="project-finance.png"><h2>Project Finance</h2></a></div>
			<div class="c"><a href="asset-advisory.html"><img src="asset-advisory.jpg" alt="Asset Advisory"><h2>Asset Advisory</h2></a></div></div>`, nil},
		{"member organisations in a grid", `<h1>Mitglieder</h1><div class="members">
			<div class="member-item"><img src="a.png" alt="Logo"><p>Roche Diagnostics</p></div>
			<div class="member-item"><img src="b.png" alt="Logo"><p>Boehringer Ingelheim</p></div>
			<div class="member-item"><img src="c.png" alt="Logo"><p>Sartorius Stedim</p></div></div>`, nil},
		{"quoted author", `<h1>Über uns</h1><blockquote>„Qualität ist kein Zufall.“<cite>Aslak Somby</cite></blockquote>
			<p>Inhaber: Sunniva Hætta</p>`, []string{"Sunniva Hætta"}},
		{"history section", `<h1>Verein</h1><h2>Vorstand</h2><p>1. Vorsitzende: Ngozi Okafor</p>
			<h2>Chronik</h2><p>1998 übernahm Werner Altmann den Vorsitz, 2010 folgte Ilse Brandt.</p>`,
			[]string{"Ngozi Okafor"}},
		{"closed terms", `<h2>Board of Directors</h2><p>Kofi Boateng (2014-Present)</p>
			<p>Bobby Adams (1995-1997)</p><p>Diane Andrews (1996-2004)</p>`, []string{"Kofi Boateng"}},
		{"predecessor", `<h1>Notariat</h1><p>Notarin Máret Sara ist Amtsnachfolgerin von Notar Klaus Freitag.</p>`,
			[]string{"Máret Sara"}},
		{"photographer and cooperation credits", `<h1>Impressum</h1><p>Inhaberin: Inuk Kleist</p>
			<p>Fotos: Jana Lichtbild, www.lichtbild.de</p>
			<p>In Kooperation mit Prof. Dr. Hans Weber (Universität Ulm)</p>`, []string{"Inuk Kleist"}},
		{"one paragraph opening with a name is a mention", `<h1>News</h1>
			<p>Aslak Somby is the new head of purchasing at Nordic Pumps AB, the company announced on Monday.</p>`, nil},
		{"paragraphs opening with a brand or in the past tense", `<h1>About</h1>
			<p>InnerSource Commons is a growing community of practitioners sharing knowledge about InnerSource.</p>
			<p>GitHub Enterprise is the platform the community uses for all of its projects and meetings.</p>
			<p>Werner Altmann was chairman of the club from 1970 until his death in 1998, and is remembered.</p>
			<p>Ilse Brandt was treasurer for many years and founded the youth section of the club in 1985.</p>`, nil},
		{"news paragraphs that open with other organisations' people", `<h1>Industry news</h1>
			<p>Satya Nadella is the chief executive of Microsoft and spoke at the conference about cloud growth.</p>
			<p>Tim Cook has announced a new supplier programme for European machine builders this spring.</p>`, nil},
		{"testimonials under a heading about what people say", `<h2>What people say</h2>
			<p>Maria Gonzalez has been a customer for ten years and recommends the workshop to everyone she knows.</p>
			<p>John Miller has used the service twice and was happy with the quick repair of his machine both times.</p>`, nil},
		{"a history in the past tense", `<h2>Über uns</h2>
			<p>Carl Zeiss started his workshop in Jena in 1846 and made microscopes for the university there.</p>
			<p>Ernst Abbe joined him in 1866 and worked out the theory of the microscope that made the firm famous.</p>`, nil},
		{"a results table whose header names a name column", `<h2>Ergebnisse</h2><table>
			<thead><tr><th>Platz</th><th>Name</th><th>Zeit</th></tr></thead><tbody>
			<tr><td>1</td><td>Tamati Waaka</td><td>0:41:12</td></tr><tr><td>2</td><td>Nguyet Tran</td><td>0:42:30</td></tr>
			<tr><td>3</td><td>Kwabena Osei</td><td>0:43:05</td></tr></tbody></table>`, nil},
		{"partner and testimonial sections", `<h1>Team</h1><div><h3>Pipaluk Berthelsen</h3><p>Geschäftsführerin</p></div>
			<h2>Unsere Partner</h2><div><h3>Sven Olafsson</h3><p>Geschäftsführer, Nordic Pumps AB</p></div>
			<h2>Kundenstimmen</h2><p>„Hervorragender Service.“ – Maria Schulz, Einkauf, Pharma AG</p>`,
			[]string{"Pipaluk Berthelsen"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got := Extract("", []byte("<html><body>"+tc.html+"</body></html>"))
			var names []string
			for _, p := range got {
				names = append(names, p.Name)
			}
			sort.Strings(names)
			want := append([]string(nil), tc.keep...)
			sort.Strings(want)
			if strings.Join(names, "|") != strings.Join(want, "|") {
				t.Errorf("found %q, want %q", names, want)
			}
		})
	}
}

// TestTeamTemplates runs the card markup of common site builders and themes
// (Bootstrap cards, WordPress team plugins, Elementor image boxes, figures,
// tables, definition lists, name and role spans) with six people whose
// given names no list knows: each must be found with their role.
func TestTeamTemplates(t *testing.T) {
	t.Parallel()
	names := []string{"Tamati Waaka", "Nguyet Tran", "Kwabena Osei", "Thandeka Nkosi", "Zurab Beridze", "Leilani Kahale"}
	roleTexts := []string{"Head Chef", "Operations Lead", "Customer Success Manager", "Office Manager", "Senior Designer", "Founder"}
	tests := []struct{ name, open, card, close string }{
		{"bootstrap card", `<div class="row">`, `<div class="col"><div class="card"><img src="a.jpg" class="card-img-top"><div class="card-body"><h5 class="card-title">%s</h5><p class="card-text">%s</p></div></div></div>`, `</div>`},
		{"team plugin", `<div>`, `<div class="team-member"><img src="a.jpg"><h4>%s</h4><span class="position">%s</span></div>`, `</div>`},
		{"image box", `<div>`, `<div class="elementor-image-box-wrapper"><figure><img src="a.jpg"></figure><div class="elementor-image-box-content"><h3 class="elementor-image-box-title">%s</h3><p class="elementor-image-box-description">%s</p></div></div>`, `</div>`},
		{"figure caption", `<div>`, `<figure><img src="a.jpg" alt=""><figcaption><strong>%s</strong><br>%s</figcaption></figure>`, `</div>`},
		{"table rows", `<table>`, `<tr><td>%s</td><td>%s</td></tr>`, `</table>`},
		{"definition list", `<dl>`, `<dt>%s</dt><dd>%s</dd>`, `</dl>`},
		{"name, dash, role", `<div>`, `<p><strong>%s</strong> – %s</p>`, `</div>`},
		{"list items", `<ul>`, `<li>%s, %s</li>`, `</ul>`},
		{"linked name", `<div>`, `<div class="member"><a href="/team/x">%s</a><div class="role">%s</div></div>`, `</div>`},
		{"name and role spans", `<div>`, `<div class="member"><span class="member-name">%s</span><span class="job-title">%s</span></div>`, `</div>`},
		{"two paragraphs", `<div>`, `<div class="member"><p>%s</p><p>%s</p></div>`, `</div>`},
		{"pronouns after the name", `<div>`, `<div class="member"><h4>%s (she/her)</h4><p>%s</p></div>`, `</div>`},
		{"role above the name heading", `<div>`, `<div class="member"><p class="role">%[2]s</p><h4>%[1]s</h4></div>`, `</div>`},
		{"name heading, role heading", `<div>`, `<div><h3>%s</h3><h4>%s</h4></div>`, `</div>`},
		{"card as the button that opens the bio", `<div class="grid">`, `<div class="card"><button class="bio-open" type="button"><img src="a.jpg"><h3>%s</h3><p>%s</p></button></div>`, `</div>`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var b strings.Builder
			b.WriteString(`<html><head><title>Our Team | Example</title></head><body><h1>Our Team</h1>` + tc.open)
			for k, n := range names {
				fmt.Fprintf(&b, tc.card, n, roleTexts[k])
			}
			b.WriteString(tc.close + `</body></html>`)
			got := map[string]string{}
			for _, p := range Extract("", []byte(b.String())) {
				got[p.Name] = p.RoleText
			}
			for k, n := range names {
				if r, ok := got[n]; !ok {
					t.Errorf("%s not found; found %v", n, got)
				} else if r != roleTexts[k] {
					t.Errorf("%s: role %q, want %q", n, r, roleTexts[k])
				}
			}
			if len(got) != len(names) {
				t.Errorf("found %d people %v, want %d", len(got), got, len(names))
			}
		})
	}
}

// TestCardRoleFieldsWithoutOtherEmployer: a card whose role fields are
// inline elements side by side shows them as lines of their own; a field
// naming a position at another organisation (a board member's day job) is
// not the person's role here.
func TestCardRoleFieldsWithoutOtherEmployer(t *testing.T) {
	t.Parallel()
	page := `<h1>Who we are</h1><div class="row">
		<div class="member"><h4>Tamati Waaka</h4><span>CEO at Examplesoft, LLC</span><span>President</span></div>
		<div class="member"><h4>Nguyet Tran</h4><span>Director of Security at Beispielwerk</span><span>Board Member, Treasurer</span></div>
		<div class="member"><h4>Kwabena Osei</h4><span>Partner</span> <span>Rechtsanwalt</span></div></div>`
	want := map[string]string{"Tamati Waaka": "President", "Nguyet Tran": "Board Member, Treasurer", "Kwabena Osei": "Partner Rechtsanwalt"}
	got := map[string]string{}
	for _, p := range Extract("", []byte(page)) {
		got[p.Name] = p.RoleText
	}
	for name, role := range want {
		if r, ok := got[name]; !ok || r != role {
			t.Errorf("%s: role %q (found %v), want %q", name, r, ok, role)
		}
	}
}

// TestWrappedNameHeading: a name wrapped by a <br> in its heading is one
// line when it goes on with a particle or its photo spells the joined words;
// a role or a place after the <br> stays a line of its own.
func TestWrappedNameHeading(t *testing.T) {
	t.Parallel()
	tests := []struct {
		html string
		want []string
	}{
		{`<div><img src="tamati-waaka.jpg"><h2>Tamati<br>Waaka</h2></div>`, []string{"Tamati Waaka"}},
		{`<div><img src="x.jpg"><h2>Zurab Beridze<br>de la Fuente</h2></div>`, []string{"Zurab Beridze de la Fuente"}},
		{`<div><a href="/team/nguyet-tran-van"><h3>Nguyet Tran<br>Van</h3></a></div>`, []string{"Nguyet Tran Van"}},
		{`<div><img src="tamati-waaka.jpg"><h3>Tamati Waaka<br>Head Chef</h3></div>`, []string{"Tamati Waaka", "Head Chef"}},
		{`<div><img src="nguyet-tran.jpg"><h3>Nguyet Tran<br>Auckland</h3></div>`, []string{"Nguyet Tran", "Auckland"}},
		{`<div><img src="tamati-waaka.jpg"><p>Tamati<br>Waaka</p></div>`, []string{"Tamati", "Waaka"}},
	}
	for _, tc := range tests {
		doc, err := parseHTML([]byte("<html><body>" + tc.html + "</body></html>"))
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, ln := range linearize(doc.Nodes[0], "").lines {
			if ln.text != "" {
				got = append(got, ln.text)
			}
		}
		if strings.Join(got, "|") != strings.Join(tc.want, "|") {
			t.Errorf("%s: lines %q, want %q", tc.html, got, tc.want)
		}
	}
}

// TestSelfReference: a card's other lines refer to its person by the given
// name as a word or by the family name after a salutation or title, as a
// whole word: "Dr. Cohnen" and "Annabelle" do not speak of Anna Cohn.
func TestSelfReference(t *testing.T) {
	t.Parallel()
	tests := []struct {
		bio  string
		want bool
	}{
		{"Dr. Cohn joined us in 2019.", true},
		{"Anna leads the lab.", true},
		{"Dr. Cohnen joined us in 2019.", false},
		{"Annabelle leads the lab.", false},
		{"Frau Cohn, Frau Cohnen.", true},
		{"Cohnen and Dr. Cohn met.", true}, // the family name also starts the line
	}
	for _, tt := range tests {
		page := "<html><body><div><h3>Anna Cohn</h3><p>" + tt.bio + "</p></div></body></html>"
		x := sightings("", []byte(page))
		if x == nil {
			t.Fatalf("%q: page not parsed", tt.bio)
		}
		i := -1
		for k, ln := range x.p.lines {
			if ln.text == "Anna Cohn" {
				i = k
			}
		}
		if i < 0 {
			t.Fatalf("%q: no name line", tt.bio)
		}
		np, _ := parseName("Anna Cohn")
		if got := x.selfReference(np, i, 0, len(x.p.lines)); got != tt.want {
			t.Errorf("bio %q: selfReference = %v, want %v", tt.bio, got, tt.want)
		}
	}
}

// TestGenerationSuffixEvidence: a firm's lists of name links with no role
// (dev page h27-012's shape) show people by a generation suffix as much as
// by a title: "Jr." and "III" are evidence for the whole list. Without the
// suffixes nothing on the page says these links are people.
func TestGenerationSuffixEvidence(t *testing.T) {
	t.Parallel()
	names := []string{"Walter J. Brenn", "Carl D. Hostetter", "Paul L. Whitcombe, Jr.", "Dean A. Morrow", "Glen F. Tasker",
		"Roy Castellan", "M. Neil Ashby", "Terry L. Oakes", "Frank A Loomis III"}
	page := func(names []string) string {
		var b strings.Builder
		b.WriteString(`<html><body><div id="midPanel"><ul class="list1">`)
		for k, n := range names {
			if k == 5 {
				b.WriteString(`</ul><ul class="list2">`)
			}
			fmt.Fprintf(&b, `<li><a href="p%d.php" title="%s">%s</a></li>`, k, n, n)
		}
		b.WriteString(`</ul></div></body></html>`)
		return b.String()
	}
	got := Extract("", []byte(page(names)))
	if len(got) != len(names) {
		t.Fatalf("with suffixes: %d people found, want %d: %v", len(got), len(names), got)
	}
	plain := make([]string, len(names))
	for k, n := range names {
		plain[k] = strings.TrimSuffix(strings.TrimSuffix(n, ", Jr."), " III")
	}
	if got := Extract("", []byte(page(plain))); len(got) != 0 {
		t.Errorf("without suffixes: %d people found, want 0 (nothing shows a person): %v", len(got), got)
	}
}

// TestProfileLinks covers people a page shows only as pictures that link to
// their profile pages (profileLinks): the alt text names them and the link
// spells the name; places, clients and a lone picture are no such list.
func TestProfileLinks(t *testing.T) {
	t.Parallel()
	// Cases whose people must come from the text, not from the pictures.
	textOnly := map[string]bool{"a link with text is read as text, not here": true}
	tests := []struct {
		name string
		html string
		want []string
	}{
		{"a grid of pictures linking to profiles", `<h1>Who we are</h1><ul>
			<li><a href="anna_berger.php"><img src="i/ab.jpg" alt="Anna Berger"><img src="i/ab-h.jpg" alt="Anna Berger" class="hover"></a></li>
			<li><a href="peterwolf.htm"><img src="i/pw.gif" alt="Peter Wolf"></a></li>
			<li><a href="huber-maria/"><img src="i/mh.jpg" alt="Maria Huber"></a></li></ul>`,
			[]string{"Anna Berger", "Maria Huber", "Peter Wolf"}},
		{"profiles in their own folder beside the site's menu", `<a href="index.htm"><img src="t.gif" alt="Home"></a>
			<a href="news.htm"><img src="n.gif" alt="News"></a><h2>The Team</h2><table><tr><td>
			<a href="team/stevenmiller.htm"><img src="b1.gif" alt="Steven Miller"></a><br>
			<a href="team/laura_fischer.htm"><img src="b2.gif" alt="Laura Fischer"></a></td></tr></table>`,
			[]string{"Laura Fischer", "Steven Miller"}},
		{"names no list knows, in people markup", `<div class="people-holder"><ul>
			<li><a href="tamati_waaka.php"><img src="i/tw.jpg" alt="Tamati Waaka"></a></li>
			<li><a href="nguyet_tran.php"><img src="i/nt.jpg" alt="Nguyet Tran"></a></li>
			<li><a href="kwabena_osei.php"><img src="i/ko.jpg" alt="Kwabena Osei"></a></li></ul></div>`,
			[]string{"Kwabena Osei", "Nguyet Tran", "Tamati Waaka"}},
		{"names no list knows, without people markup", `<ul>
			<li><a href="tamati_waaka.php"><img src="i/tw.jpg" alt="Tamati Waaka"></a></li>
			<li><a href="nguyet_tran.php"><img src="i/nt.jpg" alt="Nguyet Tran"></a></li>
			<li><a href="kwabena_osei.php"><img src="i/ko.jpg" alt="Kwabena Osei"></a></li></ul>`, nil},
		{"a brand grid of logos under a people-free heading", `<h2>Our brands</h2>
			<a href="/brands/hugo-boss"><img src="l/hb.png" alt="Hugo Boss"></a>
			<a href="/brands/tommy-hilfiger"><img src="l/th.svg" alt="Tommy Hilfiger"></a>
			<a href="/brands/calvin-klein"><img src="l/ck.png" alt="Calvin Klein"></a>`, nil},
		{"logos, even under a people heading", `<h2>Our team</h2>
			<a href="/brands/hugo-boss"><img src="l/hb.png" alt="Hugo Boss"></a>
			<a href="/brands/tommy-hilfiger"><img src="l/th.svg" alt="Tommy Hilfiger"></a>`, nil},
		{"pictures in navigation and hidden copies", `<h2>Team</h2><nav>
			<a href="/team/anna-berger"><img src="a.jpg" alt="Anna Berger"></a>
			<a href="/team/peter-wolf"><img src="b.jpg" alt="Peter Wolf"></a></nav>
			<div aria-hidden="true"><a href="/team/maria-huber"><img src="c.jpg" alt="Maria Huber"></a>
			<a href="/team/lena-koch"><img src="d.jpg" alt="Lena Koch"></a></div>`, nil},
		{"a former staff grid after the current team", `<h2>Our team</h2><div class="team">
			<a href="/p/anna-berger"><img src="a.jpg" alt="Anna Berger"></a>
			<a href="/p/peter-wolf"><img src="b.jpg" alt="Peter Wolf"></a>
			<a href="/p/maria-huber"><img src="c.jpg" alt="Maria Huber"></a></div>
			<h2>Former employees</h2><div class="team">
			<a href="/alumni/lena-koch"><img src="d.jpg" alt="Lena Koch"></a>
			<a href="/alumni/jonas-weber"><img src="e.jpg" alt="Jonas Weber"></a>
			<a href="/alumni/sara-brandt"><img src="f.jpg" alt="Sara Brandt"></a></div>`,
			[]string{"Anna Berger", "Maria Huber", "Peter Wolf"}},
		{"links that do not spell their alt text", `<h1>Our clients</h1>
			<a href="/cases/pumps.html"><img src="a.jpg" alt="Anna Berger"></a>
			<a href="/cases/valves.html"><img src="b.jpg" alt="Peter Wolf"></a>`, nil},
		{"one picture linking to a profile", `<h1>Blog</h1>
			<a href="/about/anna-berger"><img src="a.jpg" alt="Anna Berger"></a><p>Our latest news.</p>`, nil},
		// A folder of places that are mostly not name-shaped. Name-shaped
		// places alone ("Costa Mesa", "Long Beach": a known given name and a
		// capitalised word) would be read as people here, as they are in cards.
		{"places, one of them name-like", `<h1>Locations</h1>
			<a href="/loc/santa-monica.html"><img src="a.jpg" alt="Santa Monica"></a>
			<a href="/loc/costa-mesa.html"><img src="b.jpg" alt="Costa Mesa"></a>
			<a href="/loc/san-diego.html"><img src="c.jpg" alt="San Diego"></a>
			<a href="/loc/palm-springs.html"><img src="c.jpg" alt="Palm Springs"></a>`, nil},
		{"a link with text is read as text, not here", `<h1>Team</h1>
			<div class="team-card"><a href="anna-berger.html"><img src="a.jpg" alt="Anna Berger"><h3>Anna Berger</h3></a><p>Vertrieb</p></div>
			<div class="team-card"><a href="peter-wolf.html"><img src="b.jpg" alt="Peter Wolf"><h3>Peter Wolf</h3></a><p>Einkauf</p></div>
			<div class="team-card"><a href="maria-huber.html"><img src="c.jpg" alt="Maria Huber"><h3>Maria Huber</h3></a><p>Technik</p></div>`,
			[]string{"Anna Berger", "Maria Huber", "Peter Wolf"}},
		{"name-shaped places in photographs under a heading that names no people", `<h2>Locations</h2>
			<a href="/loc/costa-mesa.html"><img src="a.jpg" alt="Costa Mesa"></a>
			<a href="/loc/long-beach.html"><img src="b.jpg" alt="Long Beach"></a>
			<a href="/loc/virginia-beach.html"><img src="c.jpg" alt="Virginia Beach"></a>`, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			page := []byte("<html><body>" + tc.html + "</body></html>")
			var names []string
			for _, p := range Extract("", page) {
				names = append(names, p.Name)
			}
			for _, c := range sightings("", page).cands {
				if textOnly[tc.name] && c.source == SourceProfileLink {
					t.Errorf("%s %s taken from the picture, want from the text only", c.np.given, c.np.family)
				}
			}
			sort.Strings(names)
			if strings.Join(names, "|") != strings.Join(tc.want, "|") {
				t.Errorf("found %q, want %q", names, tc.want)
			}
		})
	}
}

func TestSplitLink(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ href, dir, slug string }{
		{"greg_ramsey.php", "", "greg_ramsey"},
		{"/team/anna-berg/", "/team", "anna-berg"},
		{"https://x.de/people/berg-anna?ref=1#top", "https://x.de/people", "berg-anna"},
		{"team/stevewood.htm", "team", "stevewood"},
	} {
		if dir, slug := splitLink(tc.href); dir != tc.dir || slug != tc.slug {
			t.Errorf("splitLink(%q) = %q, %q; want %q, %q", tc.href, dir, slug, tc.dir, tc.slug)
		}
	}
	for _, tc := range []struct {
		slug  string
		words []string
		want  bool
	}{
		{"greg_ramsey", []string{"greg", "ramsey"}, true},
		{"stevewood", []string{"steve", "wood"}, true},
		{"berg-anna", []string{"anna", "berg"}, true},
		{"anna", []string{"anna", "berg"}, false},
		{"pumps", []string{"anna", "berg"}, false},
	} {
		if got := slugSpells(tc.slug, tc.words); got != tc.want {
			t.Errorf("slugSpells(%q, %q) = %v, want %v", tc.slug, tc.words, got, tc.want)
		}
	}
}

// TestHonoraryAndDeceasedSections: emeritus board members and trustees hold
// no current office (LABELLING.md: honorary members are not key contacts),
// deceased ones none at all; the current board above them stays.
func TestHonoraryAndDeceasedSections(t *testing.T) {
	t.Parallel()
	page := `<h1>Board of Directors</h1>
		<div class="c"><h3>Tawia Mensah</h3><p>President</p></div><div class="c"><h3>Ngaio Parata</h3><p>Treasurer</p></div>
		<h2>Emeritus Board Members</h2>
		<div class="c"><h3>Wiremu Tane</h3></div><div class="c"><h3>Kofi Boateng</h3></div>
		<h2>Deceased Board Members</h2>
		<div class="c"><h3>Zurab Beridze</h3></div><div class="c"><h3>Ikaika Kahale</h3></div>
		<table><tr><th colspan="2">Trustees Emeriti</th></tr><tr><td>Nguyet Tran</td><td>1998</td></tr></table>`
	got := map[string]bool{}
	for _, p := range Extract("", []byte(page)) {
		got[p.Name] = true
	}
	for _, n := range []string{"Tawia Mensah", "Ngaio Parata"} {
		if !got[n] {
			t.Errorf("%s not found; got %v", n, got)
		}
	}
	for _, n := range []string{"Wiremu Tane", "Kofi Boateng", "Zurab Beridze", "Ikaika Kahale", "Nguyet Tran"} {
		if got[n] {
			t.Errorf("%s, listed as emeritus or deceased, read as current", n)
		}
	}
}

// TestTopicOffices: an office named after its topic ("History Chair") is a
// role heading, not a history section; a heading of past office holders or
// of partners still opens a zone.
func TestTopicOffices(t *testing.T) {
	t.Parallel()
	page := `<h1>Board</h1><h4>President</h4><h5>Tawia Mensah</h5><h4>History Chair</h4><h5>Ngaio Parata</h5>
		<h4>Picnic Chair</h4><h5>Wiremu Tane</h5>
		<h3>Past Presidents</h3><h5>Kofi Boateng</h5><h5>Zurab Beridze</h5>
		<h3>Netzwerkpartner &amp; Partner</h3><p>Ikaika Kahale – Netzwerkpartner</p>`
	got := map[string]bool{}
	for _, p := range Extract("", []byte(page)) {
		got[p.Name] = true
	}
	for _, n := range []string{"Tawia Mensah", "Ngaio Parata", "Wiremu Tane"} {
		if !got[n] {
			t.Errorf("%s not found; got %v", n, got)
		}
	}
	for _, n := range []string{"Kofi Boateng", "Zurab Beridze", "Ikaika Kahale"} {
		if got[n] {
			t.Errorf("%s, under a past or partners' heading, read as current", n)
		}
	}
}

// TestJSONLDAuthorIsTheSite: a CMS writes the site as an article's author
// (a Person named like the publishing Organization); a freelancer whose
// business carries her own name stays a person.
func TestJSONLDAuthorIsTheSite(t *testing.T) {
	t.Parallel()
	club := `<script type="application/ld+json">{"@context":"https://schema.org","@type":"Article",
		"author":{"@type":"Person","name":"SV OG Traunstein"},"publisher":{"@type":"Organization","name":"SV OG Traunstein"}}</script>
		<h1>Vorstandschaft</h1><p>1. Vorsitzender: Tawia Mensah</p>`
	for _, p := range Extract("", []byte(club)) {
		if p.Name == "SV OG Traunstein" {
			t.Errorf("the publishing club read as a person: %+v", p)
		}
	}
	own := `<script type="application/ld+json">[{"@type":"Organization","name":"Anna Huber"},
		{"@type":"Person","name":"Anna Huber","jobTitle":"Steuerberaterin"}]</script><h1>Kanzlei</h1>`
	found := false
	for _, p := range Extract("", []byte(own)) {
		found = found || p.Name == "Anna Huber"
	}
	if !found {
		t.Error("Anna Huber, a person and her firm's name, lost")
	}
}

// TestOfficeColumn: a table whose header names its columns gives each name
// the office of the "Position" column, wherever it stands, and an
// affiliation written "Institute, City" in another column flips no name.
func TestOfficeColumn(t *testing.T) {
	t.Parallel()
	page := `<h1>Council</h1><table><thead><tr><th>Name</th><th>Affiliation</th><th>Position</th><th>Term</th></tr></thead><tbody>
		<tr><td>Tawia Mensah</td><td>University of Auckland</td><td>President</td><td>2023 - 2024</td></tr>
		<tr><td>Ngaio Parata</td><td>VSN, Christchurch</td><td>Secretary</td><td>2016 - 2024</td></tr>
		<tr><td>Wiremu Tane</td><td>CSIRO, Canberra</td><td>Public Officer</td><td>2020 - 2024</td></tr>
		<tr><td>Kofi Boateng</td><td>University of Sydney</td><td>Treasurer</td><td>2022 - 2024</td></tr></tbody></table>`
	want := map[string]string{"Tawia Mensah": "President", "Ngaio Parata": "Secretary", "Wiremu Tane": "Public Officer", "Kofi Boateng": "Treasurer"}
	got := map[string]string{}
	for _, p := range Extract("", []byte(page)) {
		got[p.Name] = p.RoleText
	}
	for n, r := range want {
		if g, ok := got[n]; !ok || !strings.Contains(g, r) {
			t.Errorf("%s: role %q (found %v), want %q; got %v", n, g, ok, r, got)
		}
	}
}
