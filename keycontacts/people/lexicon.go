package people

import (
	"strings"
	"sync"

	"github.com/abmsync/abmsync/keycontacts/roles"
)

// wordSet builds a set from a white-space separated list of folded words.
func wordSet(list string) map[string]bool {
	m := make(map[string]bool)
	for _, w := range strings.Fields(list) {
		m[fold(w)] = true
	}
	return m
}

// legalForms are company-form tokens: a phrase that contains one is an
// organisation, never a person ("Speranza GmbH", "Kuhn Design AG").
var legalForms = wordSet(`gmbh mbh ag kg ohg gbr ug kgaa se e.v. ev e.u. eu eg e.k. ek ltd ltd. limited llc llp
	inc inc. corp corp. corporation co co. company plc sa s.a. sas sarl s.r.l. srl spa s.p.a. bv b.v. nv n.v. ab oy
	as a/s aps gesmbh ges.m.b.h. holding holdings group gruppe verein stiftung genossenschaft kanzlei praxis agentur verlag
	bank versicherung institut institute university universität hochschule gemeinde stadt landkreis ministerium
	behörde amt verband gesellschaft foundation association partnerschaft partg mbb`)

// stopTokens are words that occur in short, capitalised phrases on web pages
// (navigation, headings, footers, addresses) and are not personal names.
// German capitalises every noun, so "Abteilung Küche" or "Studio Wien" look
// like names to a naive pattern; this list and the role lexicon reject them.
var stopTokens = wordSet(`
	impressum imprint impress legal notice kontakt contact contacts datenschutz datenschutzerklärung privacy policy
	cookie cookies einstellungen settings copyright rechte rights reserved newsletter login logout anmelden
	registrieren menü menu suche search jobs job karriere career careers news presse press blog events event
	veranstaltungen termine faq agb terms conditions services service leistungen produkte products produkt product
	solutions lösungen referenzen references kunden clients customers standort standorte location locations adresse
	address anschrift telefon telefax fax phone tel mobil mobile email e-mail mail web internet website webseite
	homepage home startseite start zurück back weiter next more mehr lesen read übersicht overview über about uns us
	our unser unsere unserer unseren ihr ihre ihren your you we wir sie alle all und and oder or der die das the
	of for für von with mit bei at in im am zum zur to a an ein eine
	straße strasse str str. weg gasse platz allee ring damm ufer chaussee road street avenue lane drive square
	handelsregister registergericht amtsgericht firmenbuch firmenbuchgericht firmenbuchnummer registernummer
	umsatzsteuer ust ust-id ust-idnr uid steuernummer hrb hra vat iban bic swift bankverbindung
	deutschland germany österreich austria schweiz switzerland suisse svizzera europe europa usa uk
	republic republik kingdom königreich emirates
	kein keine bild image picture platzhalter placeholder medizin
	corps army navy military marines agency ministry bureau therapeutics biosciences bioscience
	infrastructure network expertise experience counsel
	dividend dividends shareholding shareholdings unclaimed
	account accounts polytechnic fellowship presidente vicepresidente consiglieri consigliere
	reviews review providers care portal diploma weitere kontakte behörden anträge übernahme
	aktuelle aktueller aktuell
	science sciences mathematics physics astrophysics chemistry biology ecology informatics statistics economics
	region regionen gebiet bezirk district territory zone area
	wien vienna berlin münchen munich hamburg köln cologne frankfurt stuttgart düsseldorf zürich zurich basel bern
	genf geneva graz linz salzburg innsbruck klagenfurt dresden leipzig hannover nürnberg bremen essen dortmund
	london paris budapest prag prague mailand milan
	montag dienstag mittwoch donnerstag sonntag monday tuesday wednesday thursday friday saturday sunday
	januar februar märz mai juni juli september oktober november dezember january february march june
	july october december
	abteilung bereich department division team teams mitarbeiter mitarbeiterinnen staff people personen person
	ansprechpartner ansprechpartnerin ansprechpersonen öffnungszeiten opening hours büro office studio design media
	medien digital digitale marketing sales vertrieb einkauf verkauf service support technik technology technologies
	software hardware systems system solutions consulting beratung logistik spedition transport produktion
	haftung haftungsausschluss disclaimer urheberrecht links inhalte inhalt content gestaltung konzeption umsetzung
	fotos fotografie fotografien bilder bildnachweis images photos credits quelle source lizenz lizenzen license
	streitschlichtung streitbeilegung verbraucherschlichtung plattform platform online offline
	social facebook instagram twitter linkedin xing youtube tiktok pinterest whatsapp google analytics
	willkommen welcome hallo hello danke thanks vielen dank recent posts
	als wenn wie dies diese dieser dieses jede jeder jedes
	mitglied mitglieder member members vorstand board beirat gremium gremien
	geschäftsstelle zentrale headquarters hauptsitz niederlassung filiale
	lifestyle portrait porträt executive galerie gallery archiv archive
	annual report returns governance investor investors relations
	gmbh ag ug kg
	allgemein allgemeine informationen information info angaben gemäß gem nach sowie
	formular form anfrage request quote angebot offer preise prices pricing
	formulare forms download downloads stellen stellenangebote stellenanzeigen vacancies openings story stories
	testimonials aktuelles neuigkeiten projekte projects sponsoren sponsors satzung anfahrt directions
	partner partners experten experts spezialisiert spezialisierte
	nur notwendige essential akzeptieren accept ablehnen decline zustimmen
	it hr pr ceo cfo cto coo cmo cio
	sitz anschrift oben siehe see above
	jetzt now hier here mitmachen register entry commercial firma company statuten broschüre
	pharma pharmaceuticals diagnostics biotech medical medizintechnik industries industrie international
	global technologies technik labs laboratories networks energy capital ventures insurance electronics
	automation robotics automotive datenblatt zertifikat certificate whitepaper download downloads
	committee committees council councils program programs programme programmes camp camps gala night festival
	conference konferenz tagung literacy leadership development disposal patients patienten dienst dienste
	bereitschaftsdienst notdienst magistrat flughafen airport pensionskasse kasse versicherung stiftung place
	boulevard parkway highway center centre zentrum hospital klinikum praxis ordination
	urology cardiology dermatology pediatrics paediatrics radiology orthopedics orthopaedics dentistry dental
	neurology oncology gynecology gynaecology obstetrics nephrology psychiatry surgery chirurgie urologie
	kardiologie dermatologie radiologie orthopädie zahnmedizin neurologie onkologie gynäkologie
	san santa los las fort saint bad
	`)

// nonRoleLabels are words of list headings that introduce organisations or
// documents, never people's roles ("Partner & Kunden", "Referenzen").
var nonRoleLabels = wordSet(`kunden kunde clients customers referenzen references partners sponsoren sponsors
	downloads produkte products marken brands zertifikate certificates links mitgliedschaften memberships
	auszeichnungen awards projekte projects standorte locations leistungen services branchen industries
	lieferanten suppliers netzwerk network`)

// salutations precede a name but are not part of it as written in CRM
// records ("Mr. K. Ragunathan" is K. Ragunathan).
var salutations = wordSet(`herr herrn frau hr. fr. hr fr mr mr. mrs mrs. ms ms. mx mx. miss monsieur madame mme mme.
	sig. sig.ra signor signora señor señora sr. sra. rev. revd revd. rev reverend hon. honorable senator sen.
	rabbi imam pfarrer pastor pater father sister schwester bruder
	lt. lt lieut. capt. capt cpt. sgt. sgt maj. cmdr. cmdr
	shri shri. smt smt. shrimati`)

// professions are designations written before a name that belong to the role,
// not to the name ("Rechtsanwalt Jörn Buhlke").
var professions = wordSet(`rechtsanwalt rechtsanwältin ra rain steuerberater steuerberaterin stb wirtschaftsprüfer
	wirtschaftsprüferin wp notar notarin patentanwalt patentanwältin architekt architektin apotheker apothekerin
	zahnarzt zahnärztin tierarzt tierärztin arzt ärztin attorney solicitor
	avv. avv avvocato avvocata notaio surveyor qs qs. arc. barr. pharm.`)

// introWords open a headline that introduces a person ("Welcoming George
// Li, Head of Sales", "Meet Anna Berg"; "Welcome" is a given name too);
// memorialWords one that remembers a former colleague ("Remembering …",
// "Nachruf …"), who is no contact.
var (
	introWords    = wordSet(`meet welcoming introducing announcing congratulations congrats willkommen`)
	memorialWords = wordSet(`remembering farewell obituary nachruf`)
)

// particles are the lower-case words inside family names.
var particles = wordSet(`von van vom zu zur zum der den de del della dello dei degli di da das dos do du le la les
	ten ter te ver vander af av bin ibn al el y`)

// generationSuffixes end a name without being part of the family name.
var generationSuffixes = wordSet(`jr jr. sr sr. ii iii iv`)

// roleWords are whole words that name a role or a department. A phrase that
// contains one is a role, not a name; occupational surnames that are common
// in German (Koch, Richter, Bauer, Müller, Meister, Kaufmann, ...) are
// deliberately absent.
var roleWords = wordSet(`
	hilfskraft hilfskräfte hilfskraefte
	geschäftsführer geschäftsführerin geschäftsführerinnen geschäftsführung geschaeftsfuehrer geschaeftsfuehrerin
	geschaeftsfuehrung geschäftsleitung geschäftsleiter geschäftsleiterin vorstand vorstände vorstandsvorsitzender
	vorstandsvorsitzende vorstandsmitglied vorsitzender vorsitzende vorsitzenden aufsichtsrat aufsichtsrats
	aufsichtsratsvorsitzender aufsichtsratsvorsitzende verwaltungsrat verwaltungsrates verwaltungsrats
	inhaber inhaberin prokurist prokuristin prokura gesellschafter gesellschafterin komplementär
	leiter leiterin leitung stellvertreter stellvertreterin stv stv. stellv. direktor direktorin
	präsident präsidentin vizepräsident vizepräsidentin sekretariat sekretär sekretärin assistenz assistent
	assistentin referent referentin sachbearbeiter sachbearbeiterin berater beraterin fachberater fachberaterin
	disponent disponentin disposition buchhaltung lagerlogistik personalabteilung verwaltung empfang
	gründer gründerin mitgründer mitgründerin redaktion redakteur redakteurin schatzmeister schatzmeisterin
	schriftführer schriftführerin kassier kassierer kassiererin kassenwart beisitzer beisitzerin beisitz
	kassenprüfer kassenprüferin kassenprüfung rechnungsprüfer rechnungsprüferin revisor revisorin
	trustee trustees emeritus emeriti emerita
	datenschutzbeauftragter datenschutzbeauftragte datenschutzbeauftragten verantwortlich verantwortliche verantwortlicher
	ceo cfo cto coo cmo cio cso cpo chro cro cdo vp svp evp md
	head chief officer director directors manager managers managing president chairman chairwoman chairperson chair
	founder cofounder co-founder owner partner associate consultant engineer developer assistant coordinator
	specialist analyst architect administrator accountant advisor adviser supervisor executive representative
	secretary treasurer controller recruiter designer technician electrician intern trainee
	vertriebsleiter vertriebsleiterin verkaufsleiter einkaufsleiter einkaufsleiterin einkäufer einkäuferin
	ingenieur ingenieurin techniker technikerin entwickler entwicklerin meisterin
	management resources relations procurement purchasing logistics operations engineering finance accounting
	accounts receivable payable payroll billing invoicing treasury tax audit compliance legal communications
	kommunikation research entwicklung dispatch warehouse warehousing shipping parts safety quality facility
	facilities maintenance customer kundenservice kundendienst innendienst außendienst
	teacher teachers aide aides nurse nurses counsellor counselor counsellors counselors therapist therapists
	physiotherapist hygienist receptionist pharmacist solicitor solicitors barrister paralegal attorney attorneys
	lawyer lawyers bookkeeper surveyor optometrist physician surgeon midwife tutor instructor lecturer
	principal helper volunteer volunteers apprentice paramedic chaplain
	spokesperson spokesman spokeswoman
	punong kagawad sarpanch tanod
	lehrer lehrerin erzieher erzieherin krankenschwester physiotherapeut physiotherapeutin zahnarzthelferin
	`)

// roleStems are fragments of German (compound) role and department words:
// "Einkaufsleiterin", "Objektleiter", "Vertriebsmitarbeiter". They are
// matched inside single words only, and are long enough not to occur in
// ordinary words or names.
var roleStems = []string{
	"geschaeftsfuehr", "fuehrer", "fuehrung", "leiter", "leitung", "vorstand", "vorsitz", "aufsichtsrat",
	"verwaltungsrat", "prokur", "beauftragte", "berater", "referent", "assistent", "assistenz", "sachbearbeit",
	"mitarbeiter", "sekretaer", "sekretariat", "disponent", "direktor", "praesident", "ingenieur", "techniker",
	"entwickler", "koordinator", "spezialist", "verantwortlich", "buchhaltung", "logistik", "einkaeufer",
	"inhaber", "gesellschafter", "schatzmeister", "schriftfuehrer", "redakteur", "redaktion", "anwalt", "anwaelt",
	"steuerberat", "controlling", "vertrieb", "einkauf", "verkauf", "finanz", "produktion", "qualitaet", "disposition",
	"empfang", "verwaltung", "kundendienst", "innendienst", "aussendienst", "kundenservice", "gruender",
	"vorstandsmitglied", "beirat", "kommunikation", "pressesprecher", "personalabteilung", "personalleit",
	"gestaltung", "programmierung", "montage", "werkstatt", "manager", "officer", "director",
	"ansprechpartner", "kontaktperson", "pressekontakt",
}

// roleCompoundSuffixes are role words that only count as the end of a
// longer compound: "Tischlermeister" is a role, the surname Meister is not.
var roleCompoundSuffixes = []string{"meister", "meisterin", "kaufmann", "kauffrau", "wart", "wartin", "warte", "waertin", "management"}

// rolePhrases are multi-word roles and departments.
var rolePhrases = []string{"head of", "human resources", "vice president", "board of", "chief", "member of",
	"customer service", "key account", "office manag", "mitglied des", "mitglied der", "leiter des", "leiter der",
	"assoc. prof", "asst. prof", "phd student", "phd candidate", "ph.d. student", "doktorand",
	// Stewards by their charge; "Steward" alone is a family name too.
	"data steward", "integration steward", "shop steward", "chief steward", "stewardess",
	// A spokesperson for someone (phrases are matched folded: "für" is
	// "fuer"); a bare "Sprecher:" credits an audiobook's narrator.
	"sprecher des", "sprecher der", "sprecher fuer", "sprecherin des", "sprecherin der", "sprecherin fuer",
	"pressesprecher"}

// roleWholeWords are role markers that are too short to be safe as fragments.
var roleWholeWords = wordSet(`it hr pr md gf ceo cfo cto coo cmo cio cso cpo chro cro cdo vp svp evp stv stv. stellv.
	it-leiter edv`)

// genericHeadings are headings that introduce a group of people without
// naming a role ("Unser Team"); they must not become a person's role.
var genericHeadings = wordSet(`team unser-team our-team das-team the-team ansprechpartner ihre-ansprechpartner
	kontakt contact mitarbeiter staff people menschen personen über-uns about-us wir who-we-are leadership-team
	management-team`)

// genericMailboxes are e-mail local parts that belong to a company or a
// department, not to one person. They are never assigned to a person, even
// in the person's block, because a buying-committee contact with info@ is
// not a contact.
var genericMailboxes = wordSet(`info information office kontakt contact mail email post hello hallo hi team welcome
	service support noreply no-reply donotreply webmaster admin administrator zentrale empfang reception sales
	vertrieb presse press marketing jobs karriere career careers bewerbung hr buchhaltung invoice rechnung
	billing order bestellung shop newsletter`)

// isRoleToken reports whether one name token is a role or department word.
func isRoleToken(tok string) bool {
	f := fold(trimPunct(tok, false))
	if f == "" {
		return false
	}
	if roleWords[f] || roleWholeWords[f] {
		return true
	}
	// German compounds: the stem must be a proper part of a longer word, so
	// the surnames Meister or Kaufmann survive while Tischlermeister does not.
	for _, st := range []string{"fuehrer", "fuehrerin", "leiter", "leiterin", "leitung", "meister", "kaufmann",
		"kauffrau", "beauftragter", "beauftragte", "berater", "beraterin", "referent", "referentin",
		"assistent", "assistentin", "mitarbeiter", "mitarbeiterin", "sachbearbeiter", "sachbearbeiterin",
		"direktor", "direktorin", "ingenieur", "ingenieurin", "techniker", "technikerin", "manager", "managerin",
		"vorstand", "praesident", "praesidentin", "koordinator", "koordinatorin", "spezialist", "spezialistin",
		"wart", "wartin", "waertin"} {
		if strings.HasSuffix(f, st) && len(f) > len(st)+2 {
			return true
		}
	}
	return false
}

// roleEnglishWords are whole words that name a role or a department in
// English job titles.
var roleEnglishWords = wordSet(`ceo cfo cto coo cmo cio cso cpo chro cro cdo vp svp evp md gf head chief officer
	director directors manager managers managing president chairman chairwoman chairperson chair founder cofounder
	co-founder owner partner associate consultant engineer developer designer assistant coordinator coordinators
	specialist analyst architect administrator accountant advisor adviser supervisor executive representative
	secretary treasurer controller recruiter technician electrician intern trainee lead sales marketing finance
	accounting procurement purchasing operations engineering support service quality production logistics legal
	compliance hr it pr edv communications management board member editor receptionist buyer counsel
	personal personnel payroll dispatch warehousing shipping safety maintenance driver drivers broker brokers rep`)

// hasRoleKeyword reports whether a phrase mentions a role or department; it
// is what tells a role line ("Leiter Einkauf", "Head of Procurement") from
// any other short line. Matching is per word, so "Impressum" does not
// contain "press" and "Cooley" does not contain "coo".
func hasRoleKeyword(s string) bool {
	if hasRoleWord(s) {
		return true
	}
	// The job-title classifier knows far more roles than the word lists
	// (clinical, legal, trade and association titles); a short phrase it
	// recognises is a role.
	// Only rules that name a person's position count: department and topic
	// rules also match headings such as "Rechtliches" or "Datenschutz".
	if wordCount(s) > 8 {
		return false
	}
	return positionRule(s)
}

// ruleCache remembers which built-in job-title rule decides a phrase: pages
// of one site repeat their headings and labels, and the classifier's
// regular expressions are the costliest part of a role or name check. It is
// bounded and safe for concurrent use.
var ruleCache = struct {
	sync.Mutex
	m map[string]string
}{m: make(map[string]string)}

// builtinRule is roles.BuiltinRule, cached: the id of the built-in rule that
// decides s, or "none".
func builtinRule(s string) string {
	ruleCache.Lock()
	rule, ok := ruleCache.m[s]
	ruleCache.Unlock()
	if ok {
		return rule
	}
	rule = roles.BuiltinRule(s)
	ruleCache.Lock()
	if len(ruleCache.m) >= 4096 {
		clear(ruleCache.m)
	}
	ruleCache.m[s] = rule
	ruleCache.Unlock()
	return rule
}

// positionRule reports whether the job-title classifier reads s as a
// person's position (not a department or topic).
func positionRule(s string) bool {
	rule := builtinRule(s)
	if roles.HeadingRule(rule) {
		// A bare "Management" heads service pages as often as people.
		return false
	}
	for _, p := range []string{"other.professions", "board", "owner", "exec", "cxo", "assistant", "supervisory"} {
		if strings.HasPrefix(rule, p) {
			return true
		}
	}
	return false
}

// hasRoleWord is hasRoleKeyword's fast path: role words and stems.
func hasRoleWord(s string) bool {
	f := fold(s)
	for _, ph := range rolePhrases {
		if i := strings.Index(f, ph); i >= 0 && (i == 0 || !isLetterByte(f[i-1])) {
			return true
		}
	}
	words := strings.FieldsFunc(f, func(r rune) bool {
		return !(r >= 'a' && r <= 'z') && r != '-' && !(r >= '0' && r <= '9') && r < 0x80
	})
	for _, w := range words {
		w = strings.Trim(w, "-")
		if roleEnglishWords[w] || roleWords[w] || roleWholeWords[w] {
			return true
		}
		// "Mitgliedschaften" is a membership list, not a role.
		if strings.HasSuffix(w, "schaft") || strings.HasSuffix(w, "schaften") {
			continue
		}
		for _, st := range roleStems {
			if strings.Contains(w, st) {
				return true
			}
		}
		for _, st := range roleCompoundSuffixes {
			if strings.HasSuffix(w, st) && len(w) > len(st)+2 {
				return true
			}
		}
		for _, part := range strings.Split(w, "-") {
			if roleEnglishWords[part] || roleWords[part] {
				return true
			}
		}
	}
	return false
}

func isLetterByte(b byte) bool { return b >= 'a' && b <= 'z' || b >= 0x80 }
