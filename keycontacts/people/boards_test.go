package people

import (
	"sort"
	"strings"
	"testing"

	"github.com/abmsync/abmsync/keycontacts/roles"
)

// TestNameShapes covers names a page writes in pieces or family name
// first: a heading broken by <br>, "Family, Given, Role" lines and the
// lines beside them that drop the comma.
func TestNameShapes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		html string
		want map[string]string // name -> a part of the role text
	}{
		{"name heading broken over two lines", `<h1>Vorstand</h1>
			<div class="c"><span class="pos">Präsident</span><h3>Tawia<br>Mensah</h3></div>
			<div class="c"><span class="pos">Kassier</span><h3>Ikaika<br>Kahale</h3></div>`,
			map[string]string{"Tawia Mensah": "Präsident", "Ikaika Kahale": "Kassier"}},
		{"double family name broken off the name", `<h1>Vorstand</h1>
			<div class="c"><span class="pos">Präsident</span><h3>Tawia Mensah<br>Arrabé</h3></div>
			<div class="c"><span class="pos">Kassier</span><h3>Ikaika<br>de Kahale Díez</h3></div>
			<div class="c"><span class="pos">Schriftführer</span><h3>Akana Noelani<br>Geschäftsführer</h3></div>`,
			map[string]string{"Tawia Mensah Arrabé": "Präsident", "Ikaika de Kahale Díez": "Kassier", "Akana Noelani": "Schriftführer"}},
		{"family name first", `<h1>Impressum</h1><h2>Vertretungsberechtigte Personen</h2>
			<p>Mensah, Tawia, Präsident des Verwaltungsrates</p><p>Kahale, Dr. Ikaika, Vorsitzender der Geschäftsleitung</p>
			<p>Akana Noelani, Mitglied der Geschäftsleitung</p>`,
			map[string]string{"Tawia Mensah": "Verwaltungsrates", "Dr. Ikaika Kahale": "Geschäftsleitung",
				"Noelani Akana": "Mitglied"}},
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
				} else if !strings.Contains(p.RoleText, role) {
					t.Errorf("%s: role %q, want it to contain %q", name, p.RoleText, role)
				}
			}
			if len(got) != len(tc.want) {
				t.Errorf("found %d people %q, want %d", len(got), names, len(tc.want))
			}
		})
	}
}

// TestBoardStructure covers the structures that give the members of a
// governing body their office: the page's title, section headings with
// "current" and terms of years, term notes after names, a table's label
// column, dated sections that replace each other, and sub-groups and
// footers that the body's heading does not reach. The given names are
// ones no name list knows (see swapNames).
func TestBoardStructure(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		doc  string
		want map[string]string // name -> function of its role text
	}{
		{"title names the board", `<html><head><title>Our Board – Riverside Rowing Club</title></head><body>
			<div class="p"><h3>Tawia Mensah</h3><p>President</p></div>
			<div class="p"><h3>Ikaika Kahale</h3><p>Secretary</p></div>
			<div class="p"><h3>Noelani Akana</h3></div><div class="p"><h3>Keoni Palakiko</h3></div></body></html>`,
			map[string]string{"Tawia Mensah": "board", "Ikaika Kahale": "board", "Noelani Akana": "board",
				"Keoni Palakiko": "board"}},
		{"current and previous trustees with term notes", `<html><body><h3>Current Trustees</h3><ul>
			<li><p>Tawia Mensah (President 2016-, elected 2016)</p></li>
			<li><p>Ikaika Kahale (Elected 2016)</p></li>
			<li><p>Noelani Akana (Treasurer 1992-)</p></li></ul>
			<h3>Previous Trustees</h3><ul><li>Keoni Palakiko (Term expired 2012, elected 2009)</li>
			<li>Kawika Nakoa (President 2003-2009)</li></ul></body></html>`,
			map[string]string{"Tawia Mensah": "board", "Ikaika Kahale": "board", "Noelani Akana": "board"}},
		{"names under a board heading without roles", `<html><body><h1>Board of Trustees</h1>
			<h2>Tawia Mensah</h2><h2>Ikaika Kahale</h2><h2>Noelani Akana</h2></body></html>`,
			map[string]string{"Tawia Mensah": "board", "Ikaika Kahale": "board", "Noelani Akana": "board"}},
		{"role column written once for several holders", `<html><body><h1>Committee 2024</h1><table>
			<thead><tr><th>Role</th><th>Holder</th></tr></thead><tbody>
			<tr><td>President</td><td>Tawia Mensah</td></tr><tr><td>Vice President</td><td></td></tr>
			<tr><td>Treasurer</td><td>Ikaika Kahale</td></tr>
			<tr><td>Committee</td><td>Noelani Akana</td></tr><tr><td></td><td>Keoni Palakiko</td></tr>
			</tbody></table></body></html>`,
			map[string]string{"Tawia Mensah": "", "Ikaika Kahale": "board", "Noelani Akana": "board",
				"Keoni Palakiko": "board"}},
		{"officers of a committee named after its club", `<html><body><h1>Riverside Rowing Club Committee 2017-18</h1>
			<table><tr><th>Role</th><th>Holder</th></tr><tr><td>President</td><td>Tawia Mensah</td></tr>
			<tr><td>Secretary</td><td>Ikaika Kahale</td></tr><tr><td>Assistant Secretary</td><td>Noelani Akana</td></tr>
			</table></body></html>`,
			map[string]string{"Tawia Mensah": "board", "Ikaika Kahale": "board", "Noelani Akana": "board"}},
		{"a role cell spanning rows and ranked offices", `<html><body><h2>Ansprechpartner</h2><table>
			<tr><th>Funktion</th><th>Person</th><th>Mail</th></tr>
			<tr><td>1.Vorstand:</td><td>Tawia Mensah</td><td>tm@example.org</td></tr>
			<tr><td rowspan="3">Beisitzer:</td><td>Ikaika Kahale</td><td>ik@example.org</td></tr>
			<tr><td>Noelani Akana</td><td>na@example.org</td></tr>
			<tr><td>Keoni Palakiko</td><td>kp@example.org</td></tr></table></body></html>`,
			map[string]string{"Tawia Mensah": "board", "Ikaika Kahale": "board", "Noelani Akana": "board",
				"Keoni Palakiko": "board"}},
		{"an empty cell right of a name is no role", `<html><body><table>
			<tr><td>Tawia Mensah</td><td>Treasurer</td><td>t.mensah@example.org</td></tr>
			<tr><td>Ikaika Kahale</td><td></td><td>i.kahale@example.org</td></tr></table></body></html>`,
			map[string]string{"Tawia Mensah": "board", "Ikaika Kahale": "other"}},
		{"dated sections: the newest is current", `<html><body><h1>Vorstand</h1>
			<h2>Mitgliederversammlung 2025</h2><p>Kassenwart: Tawia Mensah</p><p>Beisitz:</p>
			<ul><li>Ikaika Kahale (gewählt am 27.11.2025)</li><li>Noelani Akana (gewählt am 28.11.2024)</li></ul>
			<h2>Mitgliederversammlung 2024</h2><p>Kassenwart: Keoni Palakiko</p>
			<h2>Gründungsversammlung 2017</h2><p>Kassenwart: Kawika Nakoa</p></body></html>`,
			map[string]string{"Tawia Mensah": "board", "Ikaika Kahale": "board", "Noelani Akana": "board"}},
		{"a sub-group of outsiders ends the board", `<html><body><h1>Board of Directors</h1><table><tr><td>
			<strong>Directors</strong><ul><li>Tawia Mensah</li><li>Ikaika Kahale</li></ul>
			<strong>Consultants</strong><ul><li>Noelani Akana</li><li>Keoni Palakiko</li></ul>
			</td></tr></table></body></html>`,
			map[string]string{"Tawia Mensah": "board", "Ikaika Kahale": "board", "Noelani Akana": "other",
				"Keoni Palakiko": "other"}},
		{"a single office heading is not a body", `<html><body><h1>Board of Directors 1995 – 2018</h1>
			<h2>Executive Director:</h2><p>Tawia Mensah (1995-Present)</p><p>Ikaika Kahale (2014-Present)</p>
			<p>Noelani Akana (2015 – Present)</p></body></html>`,
			map[string]string{"Tawia Mensah": "", "Ikaika Kahale": "board", "Noelani Akana": "board"}},
		{"press contacts under region headings", `<html><body><h1>Press Contacts</h1>
			<h2>Americas</h2><dl><dt>Argentina</dt><dd>Tawia Mensah</dd><dd><a href="mailto:tmensah@example.org">tmensah@example.org</a></dd>
			<dd>Phone: +54 11 4450 0716</dd>
			<dt>Dominican Republic</dt><dd>Ikaika Kahale</dd><dd><a href="mailto:ikahale@example.org">ikahale@example.org</a></dd>
			<dd>Phone: +1 809 555 0100</dd></dl>
			<h2>Europe</h2><dl><dt>United Kingdom</dt><dd>Noelani Akana</dd><dd><a href="mailto:nakana@example.org">nakana@example.org</a></dd>
			<dd>Phone: +44 20 7946 0958</dd></dl></body></html>`,
			map[string]string{"Tawia Mensah": "marketing", "Ikaika Kahale": "marketing", "Noelani Akana": "marketing"}},
		{"a committee per academic year: the newest is current, whatever its heading's level", `<html><body>
			<h1>Committee</h1><h3>2022/2023</h3><table><tr><th>Position</th><th>Name</th></tr>
			<tr><td>Chairperson</td><td>Tawia Mensah</td></tr><tr><td>Secretary</td><td>Ikaika Kahale</td></tr></table>
			<h3>2021/2022</h3><table><tr><th>Position</th><th>Name</th></tr>
			<tr><td>Chairperson</td><td>Keoni Palakiko</td></tr></table>
			<h1>2019/2020</h1><table><tr><th>Position</th><th>Name</th></tr>
			<tr><td>Chairperson</td><td>Kawika Nakoa</td></tr><tr><td>Secretary</td><td>Noelani Akana</td></tr></table>
			<h1>Honorary Lifetime Members</h1><table><tr><th>Name</th><th>Awarded on</th></tr>
			<tr><td>Mahina Kealoha</td><td>AGM 2022</td></tr></table></body></html>`,
			map[string]string{"Tawia Mensah": "board", "Ikaika Kahale": "board"}},
		{"an office's holders by term: the newest term is current", `<html><body><h1>League Officers</h1>
			<table><tr><th colspan="2">PRESIDENT</th></tr><tr><td>1993/4</td><td>Keoni Palakiko</td></tr>
			<tr><td>1994-2006</td><td>Kawika Nakoa</td></tr><tr><td>2006-2017</td><td>Tawia Mensah</td></tr></table>
			<table><tr><th colspan="2">TREASURER</th></tr><tr><td>1995/6</td><td>Mahina Kealoha</td></tr>
			<tr><td>1996-2013</td><td>Kalani Kekona</td></tr><tr><td>seit 2013</td><td>Ikaika Kahale</td></tr></table>
			<table><tr><th colspan="2">SECRETARY</th></tr><tr><td>1993-2001</td><td>Leilani Kaupu</td></tr>
			<tr><td>2001-2010</td><td>Makoa Keawe</td></tr><tr><td>2010-</td><td>Noelani Akana</td></tr></table></body></html>`,
			map[string]string{"Tawia Mensah": "", "Ikaika Kahale": "board", "Noelani Akana": ""}},
		{"the footer is out of the board's reach", `<html><body><h1>Der Vorstand</h1>
			<div class="c"><h3>Tawia Mensah</h3><p>Kassier</p></div><div class="c"><h3>Ikaika Kahale</h3><p>Schriftführer</p></div>
			<div class="footer-col"><h4>Kontakt</h4><p>Landjugend Oberdorf</p><p>5421 Oberdorf</p></div></body></html>`,
			map[string]string{"Tawia Mensah": "board", "Ikaika Kahale": "board"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got := Extract("", []byte(tc.doc))
			byName := map[string]Person{}
			var names []string
			for _, p := range got {
				byName[p.Name] = p
				names = append(names, p.Name)
			}
			sort.Strings(names)
			for name, fn := range tc.want {
				p, ok := byName[name]
				if !ok {
					t.Errorf("%s not found; found %q", name, names)
					continue
				}
				got := string(roles.FunctionOther)
				if p.RoleText != "" {
					got = string(roles.Classify(p.RoleText).Function)
				}
				if fn != "" && got != fn {
					t.Errorf("%s: role %q is %s, want %s", name, p.RoleText, got, fn)
				}
			}
			if len(got) != len(tc.want) {
				t.Errorf("found %d people %q, want %d", len(got), names, len(tc.want))
			}
		})
	}
}

// TestFamilyNameFirstPages covers pages that write names family name first
// (Hungarian): the last word is the given name, whatever the lists know.
func TestFamilyNameFirstPages(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, doc string
		want      map[string]string // name -> family name
	}{
		{"lang hu", `<html lang="hu"><body><h1>Munkatársaink</h1>
			<div class="m"><h3>Ördögné Kolbert Zsuzsanna</h3><p>csoportvezető</p><a href="mailto:kolbert.zsuzsanna@szte.hu">kolbert.zsuzsanna@szte.hu</a></div>
			<div class="m"><h3>Moyo Tendai</h3><p>PhD hallgató</p><a href="mailto:moyo.tendai@szte.hu">moyo.tendai@szte.hu</a></div>
			<div class="m"><h3>Selahattin Kondak</h3><p>PhD hallgató</p><a href="mailto:kondak.selahattin@szte.hu">kondak.selahattin@szte.hu</a></div></body></html>`,
			map[string]string{"Ördögné Kolbert Zsuzsanna": "Ördögné Kolbert", "Moyo Tendai": "Moyo", "Selahattin Kondak": "Kondak"}},
		{"no lang, Hungarian letters", `<html><body><h1>Munkatársaink</h1><p>Nyomdánk vezetői, előkészítés, üzemvezető, ügyfélszolgálat, nyomdaipari szolgáltatások.</p>
			<table><tr><td>Erdős Tamás</td><td>Vezérigazgató</td><td><a href="mailto:erdos.tamas@kner.hu">erdos.tamas@kner.hu</a></td></tr>
			<tr><td>Zahorán Jolán</td><td>Nyomdavezető-helyettes</td><td><a href="mailto:zahoran.jolan@kner.hu">zahoran.jolan@kner.hu</a></td></tr></table></body></html>`,
			map[string]string{"Erdős Tamás": "Erdős", "Zahorán Jolán": "Zahorán"}},
		{"German page keeps the order", `<html lang="de"><body><h1>Team</h1>
			<div class="m"><h3>Tamás Erdős</h3><p>Geschäftsführer</p><a href="mailto:t.erdos@kner.de">t.erdos@kner.de</a></div>
			<div class="m"><h3>Jolán Zahorán</h3><p>Vertrieb</p><a href="mailto:j.zahoran@kner.de">j.zahoran@kner.de</a></div></body></html>`,
			map[string]string{"Tamás Erdős": "Erdős", "Jolán Zahorán": "Zahorán"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got := map[string]string{}
			for _, p := range Extract("", []byte(tc.doc)) {
				got[p.Name] = p.FamilyName
			}
			for name, fam := range tc.want {
				if g, ok := got[name]; !ok {
					t.Errorf("%s not found; found %v", name, got)
				} else if g != fam {
					t.Errorf("%s: family name %q, want %q", name, g, fam)
				}
			}
		})
	}
}

// TestTermsShapesAndNames covers the edges of the term, heading, inverted
// and name rules found by a review on pages they were not written from.
func TestTermsShapesAndNames(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, doc string
		want      []string          // found
		not       []string          // not found
		role      map[string]string // name -> part of the role text
		noRole    map[string]string // name -> text its role must not hold
		fam       map[string]string // name -> family name
	}{
		{name: "staggered terms are all current", doc: `<h1>Board</h1><table>
			<tr><td>2022-2025</td><td>Margaret Collins</td><td>President</td></tr>
			<tr><td>2023-2026</td><td>Robert Hughes</td><td>Treasurer</td></tr>
			<tr><td>2024-2027</td><td>Linda Perez</td><td>Secretary</td></tr></table>`,
			want: []string{"Margaret Collins", "Robert Hughes", "Linda Perez"}},
		{name: "a column of single years is no list of terms", doc: `<h1>Team</h1><table>
			<tr><td>1998</td><td>Hans Müller</td><td>Geschäftsführer</td></tr>
			<tr><td>2015</td><td>Anna Schmidt</td><td>Leiterin Einkauf</td></tr>
			<tr><td>2020</td><td>Peter Wagner</td><td>Vertriebsleiter</td></tr></table>`,
			want: []string{"Hans Müller", "Anna Schmidt", "Peter Wagner"}},
		{name: "a closed term with an opening word", doc: `<h1>Vorsitzende</h1>
			<table><tr><th colspan="2">1. Vorsitzender</th></tr>
			<tr><td>ab 1994 bis 2006</td><td>Alfred Holzer</td></tr><tr><td>ab 2006 bis 2017</td><td>Jürgen Weiß</td></tr>
			<tr><td>ab 2017</td><td>Monika Berger</td></tr></table>`,
			want: []string{"Monika Berger"}, not: []string{"Alfred Holzer", "Jürgen Weiß"}},
		{name: "a span heading is dated by its end, a news year by its own level", doc: `<h1>Vorstand</h1>
			<h3>2022–2026</h3><ul><li>Hans Müller, 1. Vorsitzender</li><li>Anna Schmidt, Kassiererin</li></ul>
			<aside><h5>2024</h5><p>Termine</p></aside><h2>News</h2><h3>2025</h3><p>Sommerfest</p><h3>2024</h3><p>Ausflug</p>`,
			want: []string{"Hans Müller", "Anna Schmidt"}},
		{name: "short seasons are one series", doc: `<h1>Committee</h1>
			<h3>2024/25</h3><p>Chair: John Carter</p><p>Treasurer: Emily Watson</p>
			<h3>2023/24</h3><p>Chair: Peter Brown</p><p>Treasurer: Mary Green</p>`,
			want: []string{"John Carter", "Emily Watson"}, not: []string{"Peter Brown", "Mary Green"}},
		{name: "a product's span is no role", doc: `<h2>Controllers</h2>
			<div class="p"><h3>Vario Max<span>Controller</span></h3></div><div class="p"><h3>Vario Pro<span>Controller</span></h3></div>`,
			not: []string{"Vario Max", "Vario Pro"}},
		{name: "a styled heading keeps its words", doc: `<h2>Meet the <span>Board</span></h2><p>John Carter</p><p>Emily Watson</p>`,
			noRole: map[string]string{"John Carter": "Meet the ,", "Emily Watson": "Meet the ,"}},
		{name: "one office over several names is the first one's", doc: `<h3>Head of Sales</h3><p>John Carter</p><p>Emily Watson</p>
			<p>Mary Green</p>`, noRole: map[string]string{"Emily Watson": "Head of Sales", "Mary Green": "Head of Sales"}},
		{name: "a German page naming a Hungarian branch keeps its order", doc: `<html><body><h1>Team</h1>
			<p>Unsere Niederlassung Győr betreut Kunden in Kőszeg, Fűzfő und Sopron; Ansprechpartner dort ist Szőke Péter.</p>
			<p>Wir liefern seit 1990 Maschinen und Anlagen für die Lebensmittelindustrie in ganz Europa und darüber hinaus,
			mit eigenem Service, eigener Konstruktion und eigener Fertigung an drei Standorten in Deutschland.</p>
			<div class="m"><h3>Wiebke Hansen</h3><p>Geschäftsführerin</p></div><div class="m"><h3>Martin Paul</h3><p>Vertrieb</p></div></body></html>`,
			fam: map[string]string{"Wiebke Hansen": "Hansen", "Martin Paul": "Paul"}},
		{name: "Hungarian double given names and initials", doc: `<html lang="hu"><body><h1>Munkatársaink</h1>
			<div class="m"><h3>Kovács Anna Mária</h3><p>ügyvezető</p><a href="mailto:kovacs.anna@example.hu">kovacs.anna@example.hu</a></div>
			<div class="m"><h3>A. Kovács</h3><p>ügyvezető</p><a href="mailto:a.kovacs@example.hu">a.kovacs@example.hu</a></div></body></html>`,
			fam: map[string]string{"Kovács Anna Mária": "Kovács", "A. Kovács": "Kovács"}},
		{name: "every native-script name goes, a role in brackets stays", doc: `<h2>Team</h2>
			<div class="m"><h3>Li Wei (CEO) (李伟)</h3></div><div class="m"><h3>Dmitri Orlov (Директор)</h3></div>`,
			want: []string{"Li Wei"}, role: map[string]string{"Li Wei": "CEO"}},
		{name: "places and firms over their office are no inverted names", doc: `<h2>Standorte</h2>
			<div class="loc"><p class="city">Weiden, Oberpfalz</p><p>Vertriebsbüro</p></div>
			<div class="loc"><p class="city">Landau, Pfalz</p><p>Vertriebsbüro</p></div>
			<div class="loc"><p class="city">Kempten, Allgäu</p><p>Vertriebsbüro</p></div>
			<h2>Kanzleien</h2><div class="k"><p class="n">Brandt, Wolff</p><p>Rechtsanwälte und Notare</p></div>
			<div class="k"><p class="n">Meyer, Schulz</p><p>Rechtsanwälte und Notare</p></div>`,
			not: []string{"Oberpfalz Weiden", "Pfalz Landau", "Allgäu Kempten", "Wolff Brandt", "Schulz Meyer"}},
		{name: "titles after the comma of an inverted name", doc: `<h2>Leitung</h2>
			<div class="c"><p class="n">Schmidt, Prof. Dr. Anna</p><p>Leiterin Forschung</p></div>
			<div class="c"><p class="n">von Bergen, Karl</p><p>Leiter Einkauf</p></div>`,
			want: []string{"Prof. Dr. Anna Schmidt"}, noRole: map[string]string{"Karl von Bergen": "Forschung"}},
		{name: "a colonia is no colonel", doc: `<h2>Oficinas</h2><div class="o"><p>Col. Roma Norte</p><p>Sales Office</p></div>
			<div class="o"><p>Col. Del Valle</p><p>Customer Service</p></div>`,
			not: []string{"Roma Norte", "Del Valle"}},
		{name: "a function role in the name's span", doc: `<h2>Team</h2>
			<div class="m"><h4>Anna Huber <span class="pos">Head of Finance</span></h4><p>anna.huber@example.de</p></div>
			<div class="m"><h4>Thomas Weber <span class="pos">Vertriebsleiter</span></h4><p>thomas.weber@example.de</p></div>`,
			role: map[string]string{"Anna Huber": "Head of Finance", "Thomas Weber": "Vertriebsleiter"}},
		{name: "inverted cards over heads and positions, not over a service", doc: `<h2>Ansprechpartner</h2>
			<div class="c"><p class="n">Müller, Hans</p><p>Leitung Einkauf</p></div>
			<div class="c"><p class="n">Schmidt, Petra</p><p>Head of Sales</p></div>
			<div class="c"><p class="n">Wagner, Peter</p><p>CEO</p></div>
			<h2>Standorte</h2><div class="l"><p class="o">Weiden, Oberpfalz</p><p>Customer Service</p></div>
			<div class="l"><p class="o">Halle, Saale</p><p>Customer Service</p></div>`,
			want: []string{"Hans Müller", "Petra Schmidt", "Peter Wagner"}, not: []string{"Oberpfalz Weiden", "Saale Halle"}},
		{name: "a colonel, a Scandinavian given name", doc: `<h1>Board</h1><ul><li>Col. John Smith, President</li>
			<li>Maj Lindqvist, CEO</li></ul>`,
			want: []string{"John Smith"}, fam: map[string]string{"Maj Lindqvist": "Lindqvist"}},
		{name: "a heading whose lower case is longer", doc: `<h3>ȺȺȺȺȺȺȺȺȺȺȺȺȺȺ Board of Directors</h3>
			<p>Anna Huber</p><p>Thomas Weber</p><p>Jane Miller</p>`, want: []string{"Anna Huber", "Thomas Weber", "Jane Miller"}},
		{name: "officers over bare names", doc: `<h3>Officers</h3><p>Anna Huber</p><p>Thomas Weber</p><p>Jane Miller</p>`,
			role: map[string]string{"Anna Huber": "Officers", "Thomas Weber": "Officers", "Jane Miller": "Officers"}},
		{name: "a department in brackets is no nickname; two-letter nicknames", doc: `<h2>Ansprechpartner</h2>
			<ul><li>Markus Klein (Marktfolge)</li><li>Thea Roth (Theaterpädagogik)</li></ul>
			<h2>Committee</h2><p>Alan (Al) Smith, Treasurer</p><p>Edward (Ed) Jones, Secretary</p>`,
			role: map[string]string{"Markus Klein": "Marktfolge", "Thea Roth": "Theaterpädagogik"},
			want: []string{"Alan Smith", "Edward Jones"}},
		{name: "an initial inside a Hungarian name", doc: `<html lang="hu"><body><h1>Vezetőség</h1>
			<div class="m"><h3>Nagy P. János</h3><p>ügyvezető</p><a href="mailto:nagy.janos@example.hu">nagy.janos@example.hu</a></div>
			<div class="m"><h3>Kovács Anna</h3><p>ügyvezető</p><a href="mailto:kovacs.anna@example.hu">kovacs.anna@example.hu</a></div></body></html>`,
			fam: map[string]string{"Nagy P. János": "Nagy", "Kovács Anna": "Kovács"}},
		{name: "short seasons inside dated headings", doc: `<h1>Verein</h1>
			<h2>Vorstand 2024/25</h2><p>Vorsitzender: Hans Müller</p><p>Kassierer: Peter Wagner</p>
			<h2>Vorstand 2022/23</h2><p>Vorsitzender: Karl Huber</p><p>Kassierer: Franz Maier</p>`,
			want: []string{"Hans Müller", "Peter Wagner"}, not: []string{"Karl Huber", "Franz Maier"}},
		{name: "a reversed span is no term", doc: `<h1>Presidents</h1><table><tr><th colspan="2">President</th></tr>
			<tr><td>2099-1900</td><td>Alf Holdstock</td></tr><tr><td>1994-2006</td><td>Jim Williams</td></tr>
			<tr><td>2006-</td><td>Sarah Jones</td></tr></table>`,
			want: []string{"Sarah Jones"}, not: []string{"Jim Williams"}},
		{name: "an ex-officio label line is not the role of the name above", doc: `<h1>Board of Directors</h1>
			<p>Mary Jones, Secretary</p><p>Ex-Officio Members</p><p>Robert Brown</p><p>Alan Green</p>`,
			noRole: map[string]string{"Mary Jones": "Ex-Officio"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got := map[string]Person{}
			for _, p := range Extract("", []byte(tc.doc)) {
				got[p.Name] = p
			}
			for _, n := range tc.want {
				if _, ok := got[n]; !ok {
					t.Errorf("%s not found; found %v", n, keys(got))
				}
			}
			for _, n := range tc.not {
				if _, ok := got[n]; ok {
					t.Errorf("%s found, want not", n)
				}
			}
			for n, r := range tc.role {
				if p, ok := got[n]; !ok || !strings.Contains(p.RoleText, r) {
					t.Errorf("%s: role %q, want it to hold %q", n, p.RoleText, r)
				}
			}
			for n, r := range tc.noRole {
				if p, ok := got[n]; ok && strings.Contains(p.RoleText, r) {
					t.Errorf("%s: role %q holds %q", n, p.RoleText, r)
				}
			}
			for n, f := range tc.fam {
				if p, ok := got[n]; !ok || p.FamilyName != f {
					t.Errorf("%s: family name %q, want %q (found %v)", n, p.FamilyName, f, keys(got))
				}
			}
		})
	}
}

func keys(m map[string]Person) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// TestMailtoOutsideLines: a mailto link in a <nav>, on a page with no text
// lines, is no sighting to read a heading for (it panicked).
func TestMailtoOutsideLines(t *testing.T) {
	t.Parallel()
	for _, doc := range []string{`<nav><a href="mailto:anna@example.de">Anna Huber</a></nav>`,
		`<C><nav ><a href="mailto:z@e.ee">T Su`} {
		func() {
			defer func() {
				if r := recover(); r != nil {
					t.Errorf("%q: panic %v", doc, r)
				}
			}()
			extract("", []byte(doc))
		}()
	}
}
