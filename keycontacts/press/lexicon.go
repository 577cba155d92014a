package press

import "strings"

// The role lexicon is deliberately compact: it recognises role phrases well
// enough to tie a name to a company; classifying them is the roles
// package's job.

// strongHeads are role nouns that make a role on their own.
var strongHeads = foldSet(
	// English
	"CEO", "CFO", "COO", "CTO", "CIO", "CPO", "CSO", "CMO", "CDO", "CHRO", "CISO", "CCO",
	"CRO", "VP", "SVP", "EVP", "AVP", "President", "Chairman", "Chairwoman", "Chairperson",
	"Chair", "Chief", "Director", "Manager", "Founder", "Cofounder", "Owner", "Spokesperson",
	"Spokesman", "Spokeswoman", "Buyer", "Boss", "Treasurer", "Controller", "Counsel",
	"Superintendent",
	// German
	"Präsident", "Präsidentin", "Vizepräsident", "Vizepräsidentin", "Direktor",
	"Direktorin", "Managerin", "Leiter", "Leiterin", "Geschäftsführer",
	"Geschäftsführerin", "Geschäftsleiter", "Geschäftsleiterin", "Vorstand", "Vorständin",
	"Vorstandsvorsitzender", "Vorstandsvorsitzende", "Vorstandsmitglied", "Vorsitzender",
	"Vorsitzende", "Gründer", "Gründerin", "Mitgründer", "Mitgründerin", "Inhaber",
	"Inhaberin", "Prokurist", "Prokuristin", "Gesellschafter", "Gesellschafterin",
	"Sprecher", "Sprecherin", "Einkäufer", "Einkäuferin", "Chef", "Chefin",
	"Generalbevollmächtigter", "Generalbevollmächtigte",
)

// headSuffixes make German compounds role nouns: Werksleiter,
// Einkaufschefin, Finanzvorstand, Pressesprecherin, Datenschutzbeauftragter.
var headSuffixes = foldList(
	"leiter", "leiterin", "chef", "chefin", "vorstand", "vorständin", "vorsitzender",
	"vorsitzende", "geschäftsführer", "geschäftsführerin", "sprecher", "sprecherin",
	"direktor", "direktorin", "manager", "managerin", "einkäufer", "einkäuferin",
	"gründer", "gründerin", "präsident", "präsidentin", "beauftragter", "beauftragte",
)

// notHeads end like a role noun but are none: semiconductors, companions,
// loudspeakers.
var notHeads = foldList(
	"halbleiter", "begleiter", "begleiterin", "supraleiter", "lautsprecher",
	"fürsprecher", "ableiter", "stromleiter", "wärmeleiter", "leitersprossen",
)

// Weak heads make a role only in context (see roleRun).
const (
	weakNone    = iota
	weakHead    // "Head", "Leitung": needs a department: Head of Procurement
	weakMember  // "Mitglied", "Member": needs a body: Mitglied des Vorstands
	weakOfficer // "Officer": needs a modifier: Chief Procurement Officer
	weakExec    // "Executive": a role when it ends the phrase: Bayer executive
	weakPartner // "Partner": needs Managing/geschäftsführende
)

var weakHeads = map[string]int{
	"head": weakHead, "leitung": weakHead, "mitglied": weakMember, "member": weakMember,
	"officer": weakOfficer, "executive": weakExec, "partner": weakPartner,
}

// premods may precede a role noun and belong to the role text.
var premods = foldSet(
	"Senior", "Executive", "Global", "Group", "Chief", "Vice", "Deputy", "Interim",
	"Acting", "Regional", "General", "Managing", "Corporate", "Associate", "Principal",
	"Co", "Vize", "Lead", "First",
	"stellvertretende", "stellvertretender", "stellvertretenden", "kaufmännische",
	"kaufmännischer", "kaufmännischen", "technische", "technischer", "technischen",
	"geschäftsführende", "geschäftsführender", "geschäftsführenden", "kommissarische",
	"kommissarischer", "kommissarischen", "amtierende", "amtierender", "amtierenden",
	"leitende", "leitender", "leitenden", "strategische", "strategischer",
	"strategischen", "operative", "operativer", "operativen", "alleinige",
	"alleiniger", "alleinigen",
)

// depts are departments, functions, regions and bodies that complete a role:
// Leiterin Einkauf, Head of Global Procurement, Mitglied des Vorstands.
var depts = foldSet(
	"Einkauf", "Einkaufs", "Beschaffung", "Procurement", "Purchasing", "Sourcing", "Supply",
	"Chain", "Logistik", "Logistics", "Materialwirtschaft", "Vertrieb", "Vertriebs",
	"Verkauf", "Sales", "Marketing", "Kommunikation", "Communications", "Communication",
	"Presse", "Press", "PR", "Finanzen", "Finance", "Financial", "Finanz", "Controlling",
	"Rechnungswesen", "Accounting", "Treasury", "IT", "EDV", "Information", "Technology",
	"Technologie", "Technik", "Technical", "Digital", "Digitalisierung", "Data", "Daten",
	"Engineering", "Forschung", "Entwicklung", "Research", "Development", "F&E", "R&D",
	"Produktion", "Production", "Fertigung", "Manufacturing", "Operations", "Operating",
	"Betrieb", "Werk", "Werks", "Plant", "Qualität", "Qualitätsmanagement",
	"Qualitätssicherung", "Quality", "Assurance", "Personal", "HR", "Human", "Resources",
	"People", "Recht", "Legal", "Compliance", "Strategie", "Strategy", "Strategic",
	"Innovation", "Nachhaltigkeit", "Sustainability", "Service", "Services",
	"Kundenservice", "Customer", "Business", "Commercial", "Revenue", "Risk", "Security",
	"Sicherheit", "Investor", "Relations", "Public", "Affairs", "Administration",
	"Verwaltung", "EMEA", "DACH", "Europe", "Europa", "Germany", "Deutschland",
	"International", "Americas", "APAC", "Asia", "Region", "Division", "Sparte",
	"Bereich", "Abteilung", "Category", "Indirect", "Direct", "Central", "Zentral",
	"Zentrale", "Konzern", "Management", "Board", "Leadership", "Committee", "Vorstands",
	"Vorstandes", "Geschäftsführung", "Geschäftsleitung", "Aufsichtsrat", "Aufsichtsrats",
	"Aufsichtsrates", "Konzernleitung", "Medical", "Scientific", "Science", "Crop",
	"Pharma", "Pharmaceuticals", "Health", "Healthcare", "Consumer", "Product",
	"Products", "Produkt", "Produkte", "Markets", "Märkte", "Export", "Retail",
	"Einkaufsabteilung", "Unternehmenskommunikation", "Konzerneinkauf",
)

// deptSuffixes make German compounds departments: Zentraleinkauf,
// Qualitätssicherung, Geschäftsbereich.
var deptSuffixes = foldList(
	"einkauf", "einkaufs", "beschaffung", "kommunikation", "vertrieb", "vertriebs",
	"entwicklung", "sicherung", "management", "produktion", "logistik", "technik",
	"strategie", "controlling", "marketing", "wirtschaft", "finanzen", "abteilung",
	"bereich", "service",
)

// standaloneDepts count as a role on their own ("Anna Huber, Einkauf bei
// Alpenpharma").
var standaloneDepts = foldSet("Einkauf", "Procurement", "Purchasing", "Beschaffung")

// bodies complete a weakMember: Mitglied des Vorstands, member of the board.
var bodies = foldSet(
	"Vorstand", "Vorstands", "Vorstandes", "Geschäftsführung", "Geschäftsleitung",
	"Aufsichtsrat", "Aufsichtsrats", "Aufsichtsrates", "Board", "Management", "Leadership",
	"Committee", "Konzernleitung", "Direktorium", "Verwaltungsrat", "Verwaltungsrats",
)

// roleConnectors join the words of one role: Head of Procurement, Leiter
// des Einkaufs, Vorstand für Finanzen, CEO and President.
var roleConnectors = foldSet("of", "for", "für", "des", "der", "the", "and", "und", "&", "/", "im")

// articles and possessives before a role are not part of its text.
var articles = foldSet(
	"der", "die", "das", "den", "dem", "des", "ein", "eine", "einer", "einen", "einem",
	"the", "a", "an", "its", "his", "her", "their", "ihr", "ihre", "ihren", "ihrer",
	"sein", "seine", "seinen", "seiner", "unser", "unsere",
)

// skipMods may precede a role without being part of it.
var skipMods = foldSet(
	"neue", "neuer", "neuen", "neues", "new", "designierte", "designierter", "designierten",
	"designated", "incoming", "künftige", "künftiger", "künftigen", "langjährige",
	"langjähriger", "langjährigen", "longtime", "long-time", "scheidende", "scheidender",
	"scheidenden", "outgoing", "current", "derzeitige", "derzeitiger", "derzeitigen",
	"jetzige", "jetziger", "jetzigen", "zuständige", "zuständiger", "zuständigen",
)

// formerMarks say that the role is no longer held: such mentions are
// dropped, since the person is not a contact at the account any more.
var formerMarks = foldSet(
	"ehemalige", "ehemaliger", "ehemaligen", "ehemals", "frühere", "früherer", "früheren",
	"einstige", "einstiger", "einstigen", "bisherige", "bisheriger", "bisherigen",
	"vormalige", "vormaliger", "vormaligen", "vormals", "zuvor", "former", "ex", "late",
	"verstorbene", "verstorbener", "verstorbenen", "previously", "bis", "until", "then",
	"onetime", "one-time", "erstmals", "retired", "pensionierte", "pensionierter",
)

// leadWords may stand between a name's comma and the role: "…, seit 2019
// Leiterin Einkauf bei …", "…, who is head of procurement at …".
var leadWords = foldSet(
	"seit", "since", "currently", "derzeit", "aktuell", "now", "jetzt", "nun",
	"inzwischen", "mittlerweile", "heute", "today", "who", "is", "als", "as", "also",
	"auch", "zugleich", "dort", "serves", "works", "arbeitet", "ist", "wird",
)

// copulas tie a name to a role without a comma: "Thomas Berger ist
// Geschäftsführer der …", "John Smith was named CFO of …".
var copulas = foldSet(
	"ist", "is", "wird", "wurde", "bleibt", "becomes", "became", "remains", "has", "been",
	"will", "become", "serves", "arbeitet", "fungiert", "amtiert", "übernimmt", "takes",
	"over", "als", "as", "zum", "zur", "named", "appointed", "was", "joins", "joined",
	"bestellt", "berufen", "ernannt",
)

// appointVerbs stand between a company and the person it appoints:
// "Alpenpharma hat Anna Huber zur Leiterin Einkauf ernannt".
var appointVerbs = foldSet(
	"hat", "has", "have", "had", "beruft", "berief", "ernennt", "ernannte", "holt", "holte",
	"appoints", "appointed", "names", "named", "hires", "hired", "macht", "machte",
	"bestellt", "bestellte", "promotes", "promoted", "befördert", "beförderte", "welcomes",
	"begrüßt", "gewinnt", "gewann", "verpflichtet", "verpflichtete", "taps", "tapped",
	"recruits", "recruited",
)

// appointLinks stand between the appointed name and the role.
var appointLinks = foldSet(
	"zum", "zur", "als", "as", "to", "its", "seinen", "seine", "ihren", "ihre", "ihrer",
	"the", "new", "neuen", "neue", "neuer", "einen", "eine", "a", "an", "be", "our",
	"unseren", "unsere",
)

// ties link a role to its company: "Leiterin Einkauf bei …", "CFO of …".
var ties = foldSet(
	"bei", "beim", "der", "des", "von", "vom", "im", "am", "at", "of", "for", "für", "with",
)

// companyArticles may follow a tie: "bei der Alpenpharma GmbH".
var companyArticles = foldSet("der", "dem", "den", "die", "des", "the")

// descriptorSuffixes end a noun that describes the company between tie
// and name: "Leiter Einkauf des Pharmakonzerns Alpenpharma", "CFO at
// German drugmaker Bayer".
var descriptorSuffixes = foldList(
	"konzern", "konzerns", "unternehmen", "unternehmens", "hersteller", "herstellers",
	"gruppe", "firma", "spezialist", "spezialisten", "spezialisten", "zulieferer",
	"zulieferers", "maschinenbauer", "maschinenbauers", "mittelständler",
	"mittelständlers", "anbieter", "anbieters", "produzent", "produzenten",
	"dienstleister", "dienstleisters", "riese", "riesen", "startup", "startups",
	"start-up", "start-ups", "company", "group", "firm", "maker", "manufacturer",
	"supplier", "giant", "conglomerate", "producer", "retailer", "provider",
	"specialist", "händler", "händlers", "werk", "werks", "tochter",
)

// companyTails may follow a company after a hyphen and still mean the
// company: Alpenpharma-Gruppe, Alpenpharma-Werk. Anything else
// (Alpenpharma-Tochter, -Konkurrent, -Aktie) is another entity.
var companyTails = foldSet(
	"Gruppe", "Group", "Konzern", "Konzerns", "Holding", "Werk", "Werks", "Werke",
	"Standort", "Standorts", "Zentrale", "Niederlassung", "Hauptverwaltung",
)

// companyParts may follow a company's genitive in a tie ("at Bayer's
// crop science division") and still mean the company.
var companyParts = foldSet(
	"division", "unit", "plant", "headquarters", "business", "segment", "site",
	"Werk", "Werks", "Standort", "Zentrale", "Sparte", "Division", "Einkauf",
	"Einkaufsabteilung", "Crop", "Pharmaceuticals", "Pharma", "Consumer",
)

// relational nouns after a company make it a different entity: "bei
// Alpenpharma-Konkurrent Betapharm", "at Bayer rival BASF".
var relational = foldSet(
	"rival", "rivals", "competitor", "competitors", "subsidiary", "customer", "customers",
	"client", "clients", "supplier", "suppliers", "partner", "partners", "konkurrent",
	"konkurrenten", "rivale", "rivalen", "wettbewerber", "kunde", "kunden", "lieferant",
	"lieferanten", "zulieferer", "tochter", "tochtergesellschaft", "spin-off", "spinoff",
	"shareholder", "shareholders", "aktionär", "aktionäre", "investor", "investors",
	"aktie", "aktien", "shares", "stock", "ableger", "beteiligung",
)

// legalForms follow a company name and are not part of it for matching.
var legalForms = foldSet(
	"GmbH", "AG", "SE", "KG", "KGaA", "OHG", "GbR", "UG", "mbH", "e.V.", "e.K.", "Co.",
	"Co", "Inc.", "Inc", "Ltd.", "Ltd", "LLC", "LLP", "LP", "plc", "Corp.", "Corp",
	"Corporation", "Incorporated", "Limited", "S.A.", "SA", "N.V.", "NV", "B.V.", "BV",
	"S.p.A.", "SpA", "SARL", "S.à r.l.", "S.a.r.l.", "SAS", "S.A.S.", "A/S", "AB", "Oy",
	"ASA", "S.r.l.", "Srl", "Ges.m.b.H.", "GesmbH", "GmbH.", "AG.", "KGaA.", "Pty",
	"Pty.", "S.L.", "SL", "S.E.", "Aktiengesellschaft",
)

// salutations precede a name and are not part of it.
var salutations = foldSet("Herr", "Herrn", "Frau", "Mr.", "Mrs.", "Ms.", "Mr", "Mrs", "Ms", "Miss", "Sir", "Dame")

// titles are academic titles kept in the name: Dr. Anna Huber.
var titles = foldSet(
	"Dr.", "Prof.", "Mag.", "DI", "Dipl.-Ing.", "Dr.-Ing.", "Ing.", "Dipl.-Kfm.",
	"Dipl.-Kffr.", "Dipl.-Kff.", "Dipl.-Wirt.-Ing.", "Dipl.-Chem.", "Dipl.-Phys.",
	"Dipl.-Inf.", "Dipl.-Betriebsw.", "Dipl.-Oec.", "med.", "rer.", "nat.", "pol.", "oec.",
	"phil.", "jur.", "h.c.", "mult.", "PD", "Priv.-Doz.", "MBA", "Mag.a", "DDr.", "Dkfm.",
	"Dipl.", "B.Sc.", "M.Sc.", "Ph.D.",
)

// particles may stand inside a name: Ursula von der Leyen, Jan van den Berg.
var particles = foldSet("von", "van", "zu", "vom", "zur", "de", "di", "da", "del", "della", "du", "dos", "ten", "ter", "le", "la", "af")

// particlesAfterParticle only follow another particle: von der, van den.
var particlesAfterParticle = foldSet("der", "den", "dem", "de", "la", "het")

// stopwords are capitalised words that cannot be part of a name: German
// nouns and sentence starts that precede a name, English sentence starts,
// months and weekdays.
var stopwords = foldSet(
	// German function words and sentence starts
	"Der", "Die", "Das", "Dem", "Den", "Des", "Ein", "Eine", "Einer", "Einem", "Einen",
	"Eines", "Und", "Oder", "Aber", "Doch", "Denn", "Sondern", "Laut", "Wie", "So", "Auch",
	"Nur", "Noch", "Schon", "Bereits", "Dabei", "Daher", "Deshalb", "Deswegen", "Damit",
	"Dazu", "Darauf", "Darum", "Davon", "Dort", "Hier", "Heute", "Gestern", "Morgen",
	"Jetzt", "Nun", "Nach", "Mit", "Für", "Von", "Bei", "Im", "In", "Am", "An", "Auf",
	"Aus", "Zum", "Zur", "Über", "Unter", "Vor", "Seit", "Bis", "Ab", "Gegen", "Gegenüber",
	"Ohne", "Um", "Durch", "Zwischen", "Während", "Trotz", "Wegen", "Zudem", "Außerdem",
	"Ebenfalls", "Künftig", "Bisher", "Zuletzt", "Zunächst", "Erst", "Dann", "Danach",
	"Vorher", "Später", "Insgesamt", "Zusammen", "Sagte", "Sagt", "Erklärte", "Erklärt",
	"Betonte", "Betont", "Sei", "Ist", "Sind", "War", "Wird", "Wurde", "Hat", "Haben", "Es",
	"Er", "Sie", "Wir", "Ihr", "Man", "Dies", "Diese", "Dieser", "Dieses", "Welche",
	"Welcher", "Was", "Wer", "Wo", "Wann", "Warum", "Wenn", "Weil", "Dass", "Ob", "Als",
	"Alle", "Viele", "Einige", "Mehr", "Weniger", "Neben", "Rund", "Etwa", "Knapp", "Fast",
	"Gut", "Neu", "Neue", "Neuer", "Ende", "Anfang", "Mitte", "Jahr", "Jahres", "Woche",
	"Monat", "Quartal", "Prozent", "Euro", "Millionen", "Milliarden", "Unternehmen",
	"Firma", "Konzern", "Interview", "Gespräch", "Angaben", "Zeitung", "Presse", "Kunden",
	"Mitarbeiter", "Mitarbeiterinnen", "Team", "Standort", "Werk", "Gruppe", "Ihre", "Ihren",
	"Sein", "Seine", "Unser", "Unsere", "Allerdings", "Jedoch", "Immerhin", "Vielmehr",
	"Gemeinsam", "Zusätzlich", "Ebenso", "Inzwischen", "Mittlerweile", "Derzeit", "Aktuell",
	"Damals", "Künftig", "Vergangene", "Vergangenen", "Letzte", "Letzten", "Nächste",
	"Nächsten", "Deutschland", "Österreich", "Schweiz", "Europa", "Herr", "Frau",
	// English
	"The", "A", "An", "And", "Or", "But", "According", "On", "At", "For", "With", "By",
	"From", "As", "Of", "After", "Before", "Since", "Until", "During", "Meanwhile",
	"However", "Also", "Both", "Said", "Says", "Told", "Added", "Explained", "Noted", "He",
	"She", "It", "They", "We", "I", "This", "That", "These", "Those", "There", "Here",
	"Today", "Yesterday", "Tomorrow", "Now", "Then", "When", "While", "Where", "Who",
	"What", "Which", "How", "Why", "If", "Because", "New", "Former", "Its", "His", "Her",
	"Their", "Our", "Last", "Next", "Earlier", "Later", "In", "To", "Company", "Group",
	"Analysts", "Reuters", "Percent", "Million", "Billion",
	// months and weekdays
	"Januar", "Jänner", "Februar", "März", "April", "Mai", "Juni", "Juli", "August",
	"September", "Oktober", "November", "Dezember", "January", "February", "March", "May",
	"June", "July", "October", "December", "Montag", "Dienstag", "Mittwoch", "Donnerstag",
	"Freitag", "Samstag", "Sonnabend", "Sonntag", "Monday", "Tuesday", "Wednesday",
	"Thursday", "Friday", "Saturday", "Sunday",
)

// nounSuffixes mark German common nouns that can follow a name in a
// verb-final clause ("…, dass Alpenpharma-Chef Thomas Berger Investitionen
// plant"). Applied only to long words, so that Jung or Hartung stay names.
var nounSuffixes = foldList("ungen", "tionen", "heit", "keit", "schaft", "ismus", "tät", "täten", "nisse")

func foldList(words ...string) []string {
	out := make([]string, len(words))
	for i, w := range words {
		out[i] = fold(w)
	}
	return out
}

func hasSuffixIn(s string, suffixes []string) bool {
	for _, suf := range suffixes {
		if len(s) > len(suf) && strings.HasSuffix(s, suf) {
			return true
		}
	}
	return false
}
