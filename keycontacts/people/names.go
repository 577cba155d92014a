package people

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// nameParts is a parsed personal name.
type nameParts struct {
	full       string // titles + given + family (+ post-nominals), as written; salutation dropped
	title      string // academic titles, pre- and post-nominal
	given      string
	family     string
	profession string // designation written before the name ("Rechtsanwalt"), a role
	knownGiven bool   // the first given name is in the general given-name list
	knownFam   bool   // a word of the family name is in the general family-name list
	allCaps    bool   // every name word is written in capitals
	initials   bool   // the given name is only initials ("F. G. Hamann")
	salutation bool   // written with a salutation ("Frau Dr. Yilmaz", "Herr Okonkwo")
	generation bool   // ends in a generation suffix ("Jr.", "III"): people have them, firms do not
}

// nameTok is one white-space token of a candidate name.
type nameTok struct {
	raw   string // as written, without a trailing comma/semicolon/colon
	comma bool   // the token was followed by a comma
}

// Title patterns. Generic forms cover the long tail of German diploma
// abbreviations ("Dipl.-Wirt.-Ing.", "Dr.-Ing.", "Univ.-Prof.").
var (
	reTitleGeneric = regexp.MustCompile(`^(?:dipl|dr|prof|univ|priv|hon|apl|mag|ing|dkfm|dott|bakk|lic|mmag|ddr|jun|doz|engr|dipl\.?-?ing|dr\.?-?ing)\.(?:-?[a-zäöü]+\.)*(?:\(fh\)|a)?$`)
	reTitleSimple  = wordSet(`dr dr. prof prof. mag. mag.a mag.(fh) mmag. ddr. dipl. dipl.-ing. dipl.ing. ing. dkfm. bakk.
		lic. dott. dott.ssa univ.-prof. univ.prof. hon.-prof. priv.-doz. apl. dr.-ing. dr.ing. dr.med. dr.rer.nat. ass.
		dr.h.c. di(fh) ing.(fh) kons. mgr. bc. professor judr. mudr. rndr. phdr. mvdr. paeddr. med.`)
	// Title words that are only titles when written in capitals: "DI" is the
	// Austrian Diplom-Ingenieur, "Di" is an Italian particle.
	reTitleUpper = map[string]bool{"DR": true, "DI": true, "KR": true, "PD": true, "DDR": true, "PROF": true, "KOMMR": true}
	// Abbreviations that follow "Dr." ("Dr. rer. nat.", "Dr. h. c. mult.").
	drSuffixes = wordSet(`med. rer. nat. pol. phil. jur. iur. dent. vet. oec. sc. techn. h.c. hc. h. c. mult. habil. agr. päd.
		ing. troph. paed. theol. biol. publ. soc. math. mont. e.h. e. h. rer.nat. rer.pol. med.dent. med.vet. jur. pract.`)
	// Post-nominal degrees; short ones count only in capitals ("MA" but not
	// the surname "Ma").
	postNominals = wordSet(`m.d m.d. d.o. dds d.d.s. dmd d.m.d. rn r.n. np aprn fnp pa-c psyd psy.d. pharmd lcsw lpc faap facp facs cpa esq
		bsc msc ba ma mba emba llm ll.m. phd ph.d. b.a. m.a. b.sc. m.sc. m.eng. b.eng. beng meng mas
		dba cfa cpa acca mpa mph md do bed med jd j.d. esq esq. mbe obe cbe pmp msc. bsc. mba. (fh) (tu) (ba) (dh) (htl) (hons)
		(univ.) mim llb ll.b. dipl.-ing.(fh) l.ac. lac fmh
		dvm vmd bvsc bvms bvetmed rvn cvt lvt rvt bsn msn dnp lpn lvn cna crna rdh cda rda dpt otr slp ccc-slp
		ccc-a aud lmt lmft lcpc cfp pe aia frics mrics rd mrcvs mcsp dphil mphil edd mbchb bds mchiro dclinpsy
		cap cfre
		b.l b.l. bl ll.b ll.m m.phil m.phil. bs.c. (san)`)
	// "(SAN)": Senior Advocate of Nigeria, a rank of the bar.
	parenTitles = wordSet(`(fh) (tu) (ba) (dh) (htl) (univ.) (hons) (univ) (san)`)
)

// isTitleTok reports whether raw is an academic title token.
func isTitleTok(raw string) bool {
	if reTitleUpper[raw] {
		return true
	}
	f := fold(raw)
	if reTitleSimple[f] || parenTitles[f] {
		return true
	}
	// Generic patterns need the final dot: "Mag" alone may be a name.
	return (strings.HasSuffix(f, ".") || strings.HasSuffix(f, ".(fh)")) && reTitleGeneric.MatchString(strings.ReplaceAll(f, " ", ""))
}

// titleAt returns how many tokens starting at i form one academic title.
func titleAt(toks []nameTok, i int) int {
	if i >= len(toks) || !isTitleTok(toks[i].raw) {
		return 0
	}
	n := 1
	f := fold(toks[i].raw)
	if strings.HasPrefix(f, "dr") || strings.HasPrefix(f, "ddr") || f == "lic." || f == "med." || f == "dipl." || f == "ass." {
		// "Dr. med.", "Dr. Med.", "lic. phil.", "med. pract.": a
		// capitalised suffix counts only abbreviated ("Med." but not the
		// given name "Phil").
		for i+n < len(toks) && drSuffixes[fold(toks[i+n].raw)] && firstRune(toks[i+n].raw) != 0 &&
			(!unicode.IsUpper(firstRune(strings.TrimPrefix(toks[i+n].raw, "E"))) ||
				strings.HasSuffix(toks[i+n].raw, ".") && len(toks[i+n].raw) >= 4) {
			n++
		}
		// "Dr.-Ing. E.h." honours.
		for i+n < len(toks) && (toks[i+n].raw == "E.h." || toks[i+n].raw == "E." || toks[i+n].raw == "h.") {
			n++
		}
	}
	for i+n < len(toks) && parenTitles[fold(toks[i+n].raw)] {
		n++
	}
	return n
}

// isPostNominal reports whether raw is a degree written after the name.
func isPostNominal(raw string) bool {
	// "CAP®", "CFRE™": a registered designation's mark is no part of it
	// (a product's "Vario™" is no designation and stays unreadable).
	raw = strings.TrimRight(raw, "®™")
	f := fold(raw)
	if !postNominals[f] {
		return false
	}
	letters := 0
	for _, r := range raw {
		if unicode.IsLetter(r) {
			letters++
		}
	}
	// "MA", "BA", "MD" only in capitals; longer ones in any case.
	return letters > 2 || isUpperWord(raw) || strings.ContainsAny(raw, ".()")
}

// capsDesignation reports whether raw is written like a post-nominal
// designation: three to six capitals ("CEFA", "CFP") that no role rule
// reads ("CEO", "CFO" and "GF" are roles, not degrees).
func capsDesignation(raw string) bool {
	n := utf8.RuneCountInString(raw)
	return n >= 3 && n <= 6 && isUpperWord(raw) && !placeCodes[raw] && builtinRule(raw) == "none"
}

// dottedDegree reports whether raw is a degree written in dotted letters
// no list has ("M.S.", "D.V.M.", "B.Sc."): two or more parts of one to three
// letters, each ending in a dot, the first a capital, not a place ("U.S.",
// "N.Y.") or a role. Brands written in mixed case ("PwC", "HubSpot") are not
// degrees; the degrees written so are listed (postNominals).
func dottedDegree(raw string) bool {
	t := strings.TrimRight(raw, ",;")
	if !strings.HasSuffix(t, ".") || !unicode.IsUpper(firstRune(t)) || dottedPlaces[strings.ToUpper(t)] {
		return false
	}
	parts := strings.Split(strings.TrimSuffix(t, "."), ".")
	if len(parts) < 2 {
		return false
	}
	for _, p := range parts {
		n := utf8.RuneCountInString(p)
		if n < 1 || n > 3 {
			return false
		}
		for _, r := range p {
			if !unicode.IsLetter(r) {
				return false
			}
		}
	}
	return builtinRule(t) == "none"
}

// dottedPlaces are dotted abbreviations of places, written where degrees
// stand ("John Smith, U.S.").
var dottedPlaces = map[string]bool{"U.S.": true, "U.S.A.": true, "U.K.": true, "N.Y.": true, "D.C.": true,
	"L.A.": true, "E.U.": true, "N.Z.": true, "S.A.": true, "N.J.": true, "N.C.": true, "S.C.": true}

// placeCodes are capitals after a name's comma that say where, not what
// ("Anna Berg, USA").
var placeCodes = map[string]bool{"USA": true, "GBR": true, "DEU": true, "GER": true, "AUT": true, "SUI": true,
	"CHE": true, "FRA": true, "ITA": true, "ESP": true, "NLD": true, "BEL": true, "POL": true, "EMEA": true,
	"APAC": true, "DACH": true, "NRW": true}

// memberLetters are the post-nominal letters of British and Irish
// professional bodies, fellows (F), members (M) and associates (A) of a
// chartered (C), royal (R) or other institute (I) ("FCIPD", "MRICS", "FCMI",
// "ACCA"), and the chartered titles ("CMgr", "CEng"): after a name they are
// part of it, not of its family name.
var memberLetters = regexp.MustCompile(`^(?:[FMA](?:C|R|I)[A-Z]{1,5}|C(?:Mgr|Eng|Sci|Env|Phys|Chem|Biol|Dir)|IEng|EngTech|[FM]I(?:MechE|ChemE|StructE))$`)

// orgSuffixes mark compound words naming an organisation.
var orgSuffixes = []string{"kammer", "verband", "gesellschaft", "verein", "stiftung", "gruppe", "werke", "bank",
	"versicherung", "behoerde", "ministerium", "institut", "akademie", "schule", "klinik", "zentrum", "center",
	"amt", "gericht", "hotel", "restaurant", "agentur", "consulting", "solutions", "systems", "services"}

// institutionWords name an institution, never a person's name: "Herzog
// August Bibliothek Wolfenbüttel", "Imperial War Museum". (Church and House
// are family names too, and stay out.)
var institutionWords = wordSet(`bibliothek library museum archiv archive hospital klinikum krankenhaus akademie
	academy hochschule college institut institute institutet universitaet university universitet universite universita
	kita kitas krippe kinderkrippe kindergarten kinderhaus schule grundschule gymnasium
	panchayat parishad samiti sangguniang barangay`)

// localBodies are the institution words that name a local government body,
// after whose office a line may name it ("Pradhan, Panchayat Samiti").
var localBodies = wordSet(`panchayat parishad samiti sangguniang barangay`)

// localOffices are the words of local bodies' offices that no role rule
// knows ("Pradhan", "Ward Panch", "Pramukh").
var localOffices = wordSet(`pradhan up upa panch ward sadasya pramukh adhyaksh adhyaksha upadhyaksh upadhyaksha
	sabhapati upsabhapati mukhiya sarpanch upsarpanch punong barangay captain kapitan`)

// officeOfLocalBody reports whether s is an office, then the local body it
// holds after a comma ("Ward Panch, Gram Panchayat"), not the body and a
// place ("Zilla Parishad, Pune").
func officeOfLocalBody(s string) bool {
	head, body, ok := strings.Cut(s, ", ")
	if !ok {
		return false
	}
	hw := letterWords(fold(head))
	if len(hw) == 0 || len(hw) > 3 || orgNameWords(hw) {
		return false
	}
	for _, w := range hw {
		// An office's words, not a place's, an address's or a name's
		// ("Nashik, Zilla Parishad", "Sitio Maligaya, Barangay San
		// Isidro", "Anil Kumar, Panchayat Samiti").
		if !localOffices[w] && !hasRoleWord(w) {
			return false
		}
	}
	for _, w := range letterWords(fold(body)) {
		if localBodies[w] {
			return true
		}
	}
	return false
}

// nounSuffixes mark German abstract nouns, which are never surnames.
var nounSuffixes = []string{"heit", "keit", "schaft", "tion", "itaet", "ismus", "ungen", "strasse", "zeiten",
	"gesetz", "ordnung", "ierung", "ische", "isches", "lichen", "liche", "ieren", "nummer", "angaben", "rechte", "zahl", "daten", "hinweis", "hinweise", "erklaerung", "bedingungen",
	"erung", "gebaeude", "standort", "medizin", "technik"}

// adjectiveEndings mark German adjectives that start capitalised phrases
// ("Spezialisierte Partner", "Digitale Shared").
var adjectiveEndings = []string{"ierte", "ische", "liche", "lichen", "igen", "ige", "tive", "iertes", "ischen", "iges",
	"ellen", "uelle", "onelle"}

// nameWord checks one core token of a name: capitalised, letters with
// hyphens and apostrophes, and not a word from the lexicons.
func nameWord(raw string) bool {
	r0 := firstRune(raw)
	if r0 == 0 || !unicode.IsUpper(r0) {
		return false
	}
	letters := 0
	for _, r := range raw {
		switch {
		case unicode.IsLetter(r):
			letters++
		case r == '-' || r == '\'' || r == '’':
		default:
			return false
		}
	}
	if letters < 2 || len(raw) > 40 {
		return false
	}
	for _, part := range strings.Split(raw, "-") {
		if part == "" {
			return false
		}
		if p0 := firstRune(part); !unicode.IsUpper(p0) && !particles[fold(part)] {
			return false
		}
	}
	f := fold(raw)
	if stopTokens[f] || legalForms[f] || professions[f] || salutations[f] || institutionWords[f] || isRoleToken(raw) {
		return false
	}
	if strings.Contains(f, "-") {
		// "Poli-Praxis", "Musik-Verein": a firm's or institution's word in
		// a hyphenated compound.
		for _, part := range strings.Split(f, "-") {
			if legalForms[part] || institutionWords[part] {
				return false
			}
		}
	}
	ff := foldLetters(raw)
	for _, s := range orgSuffixes {
		if strings.HasSuffix(ff, s) && len(ff) > len(s)+3 {
			return false
		}
	}
	for _, s := range nounSuffixes {
		if strings.HasSuffix(ff, s) && len(ff) > len(s)+2 {
			return false
		}
	}
	return true
}

// isInitial reports whether raw is an initial ("F.", "F.G.", "L", "H.-P.").
func isInitial(raw string) bool {
	rs := []rune(raw)
	if len(rs) == 1 {
		return unicode.IsUpper(rs[0])
	}
	if len(rs) > 6 {
		return false
	}
	letters := 0
	for k, r := range rs {
		switch {
		case unicode.IsUpper(r):
			// Every letter is followed by a dot.
			if k+1 >= len(rs) || rs[k+1] != '.' {
				return false
			}
			letters++
		case r == '.':
		case r == '-' && k > 0 && rs[k-1] == '.':
		default:
			return false
		}
	}
	return letters >= 1 && letters <= 3
}

// splitTokens turns a phrase into name tokens, noting commas.
func splitTokens(s string) []nameTok {
	fields := strings.Fields(s)
	toks := make([]nameTok, 0, len(fields))
	for k, f := range fields {
		if k > 0 && k < len(fields)-1 && nickname(f) {
			// `Loseini "Valo" Kamara`: a quoted nickname between the
			// given and the family name is not part of either.
			continue
		}
		t := nameTok{raw: f}
		for len(t.raw) > 0 && strings.ContainsRune(",;", lastRune(t.raw)) {
			if lastRune(t.raw) == ',' {
				t.comma = true
			}
			t.raw = t.raw[:len(t.raw)-1]
		}
		if t.raw == "" {
			if len(toks) > 0 {
				toks[len(toks)-1].comma = true
			}
			continue
		}
		toks = append(toks, t)
	}
	return toks
}

// parseName parses a phrase that must be exactly one personal name, with
// optional salutation, professional designation, academic titles before and
// degrees after it. It rejects organisations, addresses, roles and the
// capitalised noun phrases of German navigation.
func parseName(s string) (nameParts, bool) {
	var np nameParts
	s, bracketSalut := withoutSalutParen(s)
	toks, ok := nameTokens(s)
	if !ok {
		return np, false
	}
	first := fold(toks[0].raw) // nameTokens returns two tokens or more
	if memorialWords[first] {
		// "Remembering Sokhom Chea": a former colleague's obituary.
		return np, false
	}
	if len(toks) > 2 && introWords[first] {
		// "Welcoming George Li", "Meet Anna Berg": the headline's verb,
		// not the name.
		toks = toks[1:]
	}
	prof, salut, start := leadingDesignations(toks)
	rank := ""
	if rankAbbrev(toks, start) {
		// "HBI Peter Pimmingsdorfer", "OBM Anna Huber": a rank or
		// honorific in capitals before a name written in mixed case is a
		// title, and not part of the name as written.
		rank = toks[start].raw
		start++
	}
	i := start
	for i < len(toks) {
		k := titleAt(toks, i)
		if k == 0 {
			break
		}
		i += k
	}
	titleEnd := i
	j, gen := trailingDegrees(toks, i)
	post := toks[j:]
	core := toks[i:j]
	if len(core) == 1 && (salut || doctorTitle(toks[start:titleEnd])) && !isInitial(core[0].raw) && nameWord(core[0].raw) && !core[0].comma {
		// "Herr Okonkwo", "Frau Dr. Przybylski", "Dr Roper": a salutation
		// or a doctor's or professor's title makes a lone capitalised word
		// a family name, as contact pages and practices write people. A
		// diploma alone does not: "Dipl.-Ing. (FH) Vermessung" and "Mag.
		// Pharmazie" name a field of study.
		np.family = core[0].raw
		np.title = strings.TrimSpace(joinRaw(toks[start:titleEnd]))
		np.full = strings.TrimSpace(joinRaw(toks[start:j]))
		np.profession = strings.Join(prof, " ")
		np.salutation = true
		np.allCaps = isUpperWord(core[0].raw)
		np.knownFam = knownFamily(np.family)
		return np, true
	}
	if len(core) < 2 || len(core) > 6 || !coreIsName(core, post, gen) || nounLike(core[0].raw) {
		return np, false
	}
	if notPersonPhrase(core, titleEnd == start && !salut, rank == "") {
		return np, false
	}
	fam := familyStart(core)
	np.given = joinRaw(core[:fam])
	np.family = joinRaw(core[fam:])
	np.title = nameTitle(toks[start:titleEnd], post)
	if rank != "" {
		np.title = strings.TrimSpace(rank + " " + np.title)
	}
	np.full = fullName(toks, start)
	np.profession = strings.Join(prof, " ")
	np.salutation = salut || bracketSalut
	np.generation = gen > 0
	nameFlags(&np, core, fam)
	if len(core) == 2 && familyFirst(core[0].raw, core[1].raw) {
		// "Xu Ping", "Zhang Ya": written family name first, as Chinese
		// names and some German member lists are.
		np.given, np.family = core[1].raw, core[0].raw
		np.knownGiven, np.knownFam = true, true
	}
	return np, true
}

// notPersonPhrase reports whether the name-shaped words of core are an
// organisation, a heading or a service rather than a person; bare says no
// title or salutation precedes them, noRank that no rank does.
func notPersonPhrase(core []nameTok, bare, noRank bool) bool {
	first, last := core[0].raw, core[len(core)-1].raw
	given := isGivenName(first)
	// The family-name list is asked only where a check needs it, after the
	// cheaper ones: parseName runs on every candidate line.
	famKnown, famAsked := false, false
	family := func() bool {
		if !famAsked {
			famKnown, famAsked = knownFamily(last), true
		}
		return famKnown
	}
	if c0 := first; isUpperWord(c0) && !strings.ContainsAny(c0, ".-") && !isUpperWord(last) &&
		(utf8.RuneCountInString(c0) >= 3 || len(core) == 2 && !given && !family()) {
		// "CVJM Breidenbach", "TC Oberpöring": an acronym before a word in
		// mixed case names an organisation and its place; a given name in
		// capitals comes with a family name in capitals ("JD Smith", with
		// a known family name, is initials).
		return true
	}
	if bare && (englishShape(core[0].raw) || englishShape(core[len(core)-1].raw)) &&
		!given && !family() {
		// "Holistic Thinking", "Operational Credibility": a heading, not
		// a person; a known given or family name keeps "Felicity Moss".
		return true
	}
	// "Family Law", "Latest Trends", "Data Analysis": everyday English
	// words only, the first no given name, are a heading, a service or a
	// product. "Grace Hill" and "Jack Wood" keep their known given name; a
	// title or salutation ("Dr. Young Park") keeps the rest.
	return bare && noRank && !given && everydayEnglish(core)
}

// familyFirst reports whether the two words a and b are a name written
// family name first: a is known only as a family name, b only as a given
// name. Either list alone proves nothing ("Anna Berg"); both together and
// unambiguous do.
func familyFirst(a, b string) bool {
	return isFamilyName(a) && !isGivenName(a) && isGivenName(b) && !isFamilyName(b) && !isUpperWord(a) && !isUpperWord(b)
}

// rankAbbrev reports whether toks[i] is a rank or honorific abbreviation in
// capitals ("HBI", "OBI", "LM", "KR") before a name of at least two words
// written in mixed case: a given name in capitals would come with a family
// name in capitals too.
func rankAbbrev(toks []nameTok, i int) bool {
	if len(toks)-i < 3 || toks[i].comma {
		return false
	}
	r := toks[i].raw
	n := utf8.RuneCountInString(r)
	if n < 2 || n > 4 || !isUpperWord(r) || isTitleTok(r) || builtinRule(r) != "none" {
		return false
	}
	rest := toks[i+1:]
	if len(rest) > 3 || len(rest) == 3 && !isInitial(rest[1].raw) && !particles[fold(rest[1].raw)] {
		return false
	}
	for _, t := range rest {
		if isUpperWord(t.raw) && utf8.RuneCountInString(t.raw) > 1 || !nameWord(t.raw) {
			return false
		}
	}
	// An acronym before capitalised words is as often an organisation
	// ("ISSA Bay Area InfraGard"): the words after it must read as a name.
	return isGivenName(strings.SplitN(rest[0].raw, "-", 2)[0]) || knownFamily(rest[len(rest)-1].raw)
}

// salutParen is a salutation in brackets after a name ("(MRS)", "(Mr.)"),
// as Nigerian firms write their staff ("Iniobong Umoh (MRS) LL.B.").
var salutParen = regexp.MustCompile(`\s*\((?i:mrs|mr|ms|miss)\.?\)`)

// withoutSalutParen removes a bracketed salutation from a name and reports
// whether there was one.
func withoutSalutParen(s string) (string, bool) {
	if !strings.Contains(s, "(") {
		return s, false
	}
	t := salutParen.ReplaceAllString(s, "")
	return t, t != s
}

// nameTokens cleans a candidate phrase and splits it into between 2 and 12
// tokens; characters no name holds (digits, @, brackets ...) reject it.
func nameTokens(s string) ([]nameTok, bool) {
	s = cleanSpace(s)
	s = strings.Trim(s, " \"'„“”‚‘’»«*•·,;:")
	// A colon inside the phrase makes it a field ("Major: Electrical"),
	// never a name.
	if s == "" || len(s) > 120 || strings.ContainsAny(s, "@/\\|<>{}[]=#$%+_~^0123456789:") {
		return nil, false
	}
	toks := splitTokens(s)
	// A name ends at a full stop: drop it, but keep the dot of an initial or
	// an abbreviated title.
	if n := len(toks); n > 0 && strings.HasSuffix(toks[n-1].raw, ".") && !isInitial(toks[n-1].raw) &&
		!isPostNominal(toks[n-1].raw) && !generationSuffixes[fold(toks[n-1].raw)] {
		toks[n-1].raw = strings.TrimSuffix(toks[n-1].raw, ".")
	}
	if len(toks) < 2 || len(toks) > 12 {
		return nil, false
	}
	return toks, true
}

// colonia are the words that end a Mexican district's name.
var colonia = wordSet(`norte sur centro oriente poniente este oeste valle`)

// leadingDesignations skips the salutations and professional designations
// that open a name ("Frau Rechtsanwältin ..."); it returns the designations,
// whether a salutation was seen and the index of the first token after them.
func leadingDesignations(toks []nameTok) (prof []string, salut bool, i int) {
	for i < len(toks) {
		f := fold(toks[i].raw)
		switch {
		case salutations[f]:
			salut = true
		case f == "col." && i+1 < len(toks) && isGivenName(toks[i+1].raw) && !colonia[fold(toks[len(toks)-1].raw)]:
			// "Col. John Smith": a colonel; "Col. Roma Norte", "Col.
			// Del Valle" are Mexican colonias, districts.
			salut = true
		case professions[f]:
			prof = append(prof, toks[i].raw)
		default:
			return prof, salut, i
		}
		i++
	}
	return prof, salut, i
}

// bareDegree reports whether raw is a degree only when written straight
// after the name: "Rachael Cassiday Watkins MFA" holds the arts master's
// degree; after a comma ("Anna Berg, MFA") it is the Medizinische
// Fachangestellte's role, which postNominals must not swallow.
func bareDegree(raw string) bool { return raw == "MFA" }

// trailingDegrees finds where the post-nominal degrees and one generation
// suffix ("Jr.") begin at the end of toks, never before from; gen counts the
// generation suffixes seen.
func trailingDegrees(toks []nameTok, from int) (j, gen int) {
	j = len(toks)
	// Membership letters of professional bodies are only read as such after
	// a name not itself written in capitals ("LISA TONGE" is a name).
	capsName := from < len(toks) && isUpperWord(toks[from].raw)
	for j > from {
		raw := toks[j-1].raw
		if isPostNominal(raw) && !(j == len(toks) && fold(raw) == "rd") || !capsName && j-1 > from+1 && memberLetters.MatchString(raw) {
			// "RD" (a reserve decoration, a registered dietitian) counts
			// only before other degrees: "John Smith, RD" may be a
			// Regional Director.
			j--
			continue
		}
		if !capsName && j-1 > from+1 && j == len(toks) && toks[j-2].comma && capsDesignation(raw) {
			// "Albert Walter Huber, CEFA": capitals after the name's comma
			// that name no role are a designation no list knows.
			j--
			continue
		}
		if !capsName && j-1 > from+1 && gen == 0 && dottedDegree(raw) && (j < len(toks) || toks[j-2].comma) {
			// "Christopher R. Mussman, D.O., M.S.": dotted letters after
			// the name's comma or before another degree.
			j--
			continue
		}
		if bareDegree(raw) && j == len(toks) && j-1 > from+1 && !toks[j-2].comma {
			j--
			continue
		}
		if generationSuffixes[fold(raw)] && gen == 0 && j-1 > from {
			gen++
			j--
			continue
		}
		break
	}
	return j, gen
}

// coreIsName reports whether the tokens between titles and degrees are
// shaped like given and family names: capitalised name words, particles and
// initials inside, a comma only before degrees or a generation suffix.
func coreIsName(core, post []nameTok, gen int) bool {
	// Only the last core token may carry a comma, and only before degrees
	// or a generation ("Robert Minkler, Jr.").
	for k, t := range core {
		if t.comma && (k < len(core)-1 || len(post) == 0 && gen == 0) {
			return false
		}
	}
	words := 0
	for k, t := range core {
		f := fold(t.raw)
		switch {
		case particles[f] && unicode.IsLower(firstRune(t.raw)):
			if k == 0 || k == len(core)-1 {
				return false
			}
		case capParticles[f] && k > 0 && k < len(core)-1 && capParticleAt(core, k):
			// "Theo Van Der Merwe": a capitalised particle inside the name.
		case saintPrefix(t.raw):
			// "Ann Marie St. Laurent": the family name's Saint, after a
			// known given name ("Kita St. Martin", "Klinik St. Georg" are
			// institutions).
			if k == 0 || k == len(core)-1 || !nameWord(core[k+1].raw) || !isGivenName(core[0].raw) {
				return false
			}
		case isInitial(t.raw):
			if k == len(core)-1 {
				return false
			}
		case isPostNominal(t.raw) && !plainWord(t.raw):
			// "MSc Data Science", "Double MSc Real Estate": a degree before
			// or inside the words is a degree line; names carry degrees
			// after them.
			return false
		case nameWord(t.raw):
			words++
		case k > 0 && k == len(core)-1 && (familyCities[f] || familyCalendar[f] && !feastWords[fold(core[0].raw)]) && isGivenName(core[0].raw) && !placeGiven[fold(core[0].raw)]:
			// "Matthew London": a city's name as the family name after a
			// known given name that is no place ("Victoria London",
			// "Hertha Berlin" are clubs).
			words++
		case k > 0 && k == len(core)-1 && meisterFamily(t.raw) && isGivenName(core[0].raw):
			// "Markus Zechmeister", "Anna Hofmeister": a family name, where
			// "Tischlermeister" after a name would be a trade.
			words++
		case k == 0 && len(core) >= 2 && givenCities[f]:
			// "Milan Bumbulovic": a given name that is also a city's, first.
			words++
		case stopTokens[f] && stopGiven(core, k):
			// "Deepak Gala": a family name that is also a word of
			// navigation or prose.
			words++
		default:
			return false
		}
	}
	return words >= 1 && words <= 5
}

// stopGiven reports whether the stop token core[k] is the family name of a
// two-word name: last, written as a name word, after a known given name that
// no stop list holds, and itself in the given- or family-name lists
// ("Deepak Gala", "Pamela Story"). First, a stop token stays a word: German
// prose capitalises "Nur", "Ein" and "Alle" before nouns no list knows.
func stopGiven(core []nameTok, k int) bool {
	t := core[k].raw
	if len(core) != 2 || k != 1 || isUpperWord(t) || !unicode.IsUpper(firstRune(t)) || !isGivenName(t) && !isFamilyName(t) {
		return false
	}
	// Cities and days have their own, narrower cases in coreIsName.
	if f := fold(t); familyCities[f] || familyCalendar[f] || givenCities[f] {
		return false
	}
	// "Summer Gala", "Love Story", "Royal Navy": an everyday first word
	// before a stop word names a thing or an event, unless the stop word is
	// a family name too ("Mark Lane", "Frank Swift").
	first := core[0].raw
	if isCommon(fold(first)) && (thingStops[fold(t)] || !surnameStops[fold(t)] && !isFamilyName(t)) {
		return false
	}
	return isGivenName(first) && !stopTokens[fold(first)] && !placeGiven[fold(first)] && nameWord(first)
}

// surnameStops are stop words that follow an everyday given name as a
// family name though no family-name list holds them ("Mark Lane", "Frank
// Swift"); before a stop word that is neither a known family name nor one of
// them, an everyday first word names a thing ("Art Basel", "Rose Allee").
var surnameStops = wordSet(`lane swift read`)

// thingStops are stop words that name things, events and dates: after an
// everyday first word they are never a family name ("Summer Gala", "Summer
// Job", "Hope Care"), even where a family-name list holds them.
var thingStops = wordSet(`gala camp story navy army festival fair party ball concert show tour day night week
	weekend season event events wednesday tuesday thursday saturday job jobs care menu termine januar`)

// familyCities are the city names among stopTokens that are also family
// names; givenCities those that are also given names, read so only first;
// placeGiven the given names that also name places, clubs or teams, which
// never vouch for a city after them.
var (
	familyCities = wordSet(`london paris berlin bern essen`)
	// capParticles are the particles that pages also write capitalised
	// inside a name ("Van Der Merwe", "De Vries", "Le Mesurier").
	capParticles = wordSet(`van vander von der den de del della di da du le la ter ten dos`)
	// familyCalendar are the day and month names among stopTokens that are
	// family names too ("Aaron Sunday", "Chris March", common in Nigeria and
	// England), read so only last and after a known given name.
	familyCalendar = wordSet(`sunday monday friday march june july`)
	// feastWords are words the given-name lists hold that name a day or a
	// march with it ("Easter Monday", "Palm Sunday", "Black Friday", "Happy
	// Friday", "Peace March", "Grace Sunday") or are months themselves.
	feastWords = wordSet(`easter black good palm whit ash cyber shrove holy super boxing rose mothering trinity
		happy blue peace grace divine unity justice freedom mercy hope faith joy glory love victory charity
		patience praise gospel liberty pride solidarity women march april may june july august`)
	givenCities = wordSet(`milan`)
	placeGiven  = wordSet(`victoria charlotte florence sydney jersey paris austin hertha roma inter union real
		sporting hotel georgia virginia carolina dakota chelsea brooklyn`)
)

// capParticleAt reports whether the capitalised particle core[k] is part of
// a family name: a name word follows it; Der and Den only after Van or Von
// ("Haus Der Kunst" is none); "Van Der", "Von Der" need a name word after
// them and a known given name before ("Grüße Von Der Insel" is none).
func capParticleAt(core []nameTok, k int) bool {
	f, next := fold(core[k].raw), fold(core[k+1].raw)
	switch {
	case f == "der" || f == "den":
		prev := fold(core[k-1].raw)
		return k > 1 && (prev == "van" || prev == "von") && nameWord(core[k+1].raw)
	case (f == "van" || f == "von") && (next == "der" || next == "den"):
		return k+2 < len(core) && nameWord(core[k+2].raw) && isGivenName(core[0].raw)
	}
	return nameWord(core[k+1].raw)
}

// tradeMeister are the trades whose master ("Tischlermeister") is a title,
// not a family name.
var tradeMeister = wordSet(`tischler schreiner maler elektro elektriker baecker metzger fleischer kfz dachdecker
	maurer zimmerer schlosser installateur friseur konditor koch brau schneider glaser spengler klempner industrie
	werk kuechen lackierer polier heizungs sanitaer fliesen fliesenleger parkett stukkateur orthopaedie optiker
	augenoptiker uhrmacher goldschmied schornsteinfeger kaelte karosserie landwirtschafts gaertner floristen
	steinmetz hoergeraete zahntechniker bestatter`)

// meisterFamily reports whether raw is a family name ending in -meister
// (Zechmeister, Hofmeister, Baumeister) rather than a trade's master.
func meisterFamily(raw string) bool {
	f := foldLetters(raw)
	if !strings.HasSuffix(f, "meister") || len(f) < 10 || strings.Contains(raw, "-") || !unicode.IsUpper(firstRune(raw)) {
		return false
	}
	return !tradeMeister[strings.TrimSuffix(f, "meister")]
}

// nounLike reports whether the first word of a candidate name reads as a
// German adjective or compound noun rather than a given name.
func nounLike(first string) bool {
	ff := foldLetters(first)
	for _, e := range adjectiveEndings {
		if strings.HasSuffix(ff, e) && len(ff) > len(e)+3 && !isGivenName(first) {
			return true
		}
	}
	// German compound nouns are long; given names rarely are
	// ("Gewerbebetrieb Gastronomie" is not a person).
	return len([]rune(first)) > 12 && !isGivenName(first) && !strings.Contains(first, "-")
}

// nickname reports whether a token is a quoted or bracketed nickname
// ("Valo", „Jerry“, (Kassi)).
func nickname(f string) bool {
	if utf8.RuneCountInString(f) < 4 {
		return false
	}
	first, _ := utf8.DecodeRuneInString(f)
	last := lastRune(f)
	inner := strings.TrimFunc(f, func(r rune) bool { return !unicode.IsLetter(r) })
	if inner == "" || !unicode.IsUpper(firstRune(inner)) || isUpperWord(inner) {
		// "(FH)", "(TU)" are qualifiers of a title, not nicknames.
		return false
	}
	switch first {
	case '"', '\'', '“', '„', '‘', '«', '»':
		return last == '"' || last == '\'' || last == '”' || last == '“' || last == '’' || last == '»' || last == '«'
	case '(':
		return last == ')'
	}
	return false
}

// englishShape reports whether a capitalised word is shaped like an English
// abstract noun or adjective ("Credibility", "Holistic", "Operational"):
// section headings of a biography, which no name list knows, read as names
// otherwise. "-ing" is not among the endings: Fleming, Manning, Golding.
func englishShape(w string) bool {
	f := foldLetters(w)
	if len(f) < 6 {
		return false
	}
	for _, e := range englishEndings {
		if strings.HasSuffix(f, e) && len(f) > len(e)+2 {
			return true
		}
	}
	return false
}

// englishEndings are the endings of English abstract nouns and adjectives
// that family names rarely have.
var englishEndings = []string{"ity", "ness", "ship", "ism", "ical", "ional", "tial", "cial", "ive", "ous", "ful",
	"less", "istic", "tise", "tize", "ology", "ency", "ancy", "ment", "ities"}

// saintPrefix reports whether a token is the abbreviated Saint that opens
// a family name ("St. Laurent", "Ste. Marie"), as written.
func saintPrefix(raw string) bool { return raw == "St." || raw == "Ste." }

// familyStart returns the index in core where the family name begins: the
// last word with its lower-case particles ("van der Berg"), an abbreviated
// Saint ("St. John") and Westphalian double names ("Schmidt zur Nedden").
func familyStart(core []nameTok) int {
	fam := len(core) - 1
	for fam > 1 && particles[fold(core[fam-1].raw)] && (unicode.IsLower(firstRune(core[fam-1].raw)) || capParticles[fold(core[fam-1].raw)]) {
		// "Anna van Dyke", and as Afrikaans, Flemish and English pages
		// capitalise them, "Theo Van Der Merwe", "John Le Mesurier".
		fam--
	}
	if fam > 1 && saintPrefix(core[fam-1].raw) {
		fam--
	}
	// Westphalian double names: "Schmidt zur Nedden", "Meyer zu Schwabedissen".
	if fam >= 2 && fam < len(core)-1 {
		if f := fold(core[fam].raw); (f == "zu" || f == "zur" || f == "zum") && nameWord(core[fam-1].raw) {
			fam--
		}
	}
	return fam
}

// nameTitle joins the academic titles before a name and the degrees after
// it ("Dr., MBA").
func nameTitle(titles, post []nameTok) string {
	title := strings.TrimSpace(joinRaw(titles))
	var pn []string
	for _, t := range post {
		if generationSuffixes[fold(t.raw)] {
			continue // "August A. Busch III": part of the name, not a designation
		}
		if isPostNominal(t.raw) || memberLetters.MatchString(t.raw) || capsDesignation(t.raw) || dottedDegree(t.raw) || bareDegree(t.raw) {
			pn = append(pn, t.raw)
		}
	}
	if len(pn) > 0 {
		if title != "" {
			title += ", "
		}
		title += strings.Join(pn, " ")
	}
	return title
}

// fullName writes the name from its titles on as it was written, keeping
// the commas inside it.
func fullName(toks []nameTok, start int) string {
	var b strings.Builder
	for k, t := range toks[start:] {
		if k > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(t.raw)
		if t.comma && start+k < len(toks)-1 {
			b.WriteByte(',')
		}
	}
	return b.String()
}

// nameFlags sets what the name's shape says: initials only, capitals only,
// and whether the given and family names are known words.
func nameFlags(np *nameParts, core []nameTok, fam int) {
	np.initials = true
	np.allCaps = true
	for _, t := range core[:fam] {
		if !isInitial(t.raw) && !particles[fold(t.raw)] {
			np.initials = false
			if !np.knownGiven {
				np.knownGiven = isGivenName(strings.SplitN(t.raw, "-", 2)[0])
			}
			break
		}
	}
	for _, t := range core {
		if !isInitial(t.raw) && !particles[fold(t.raw)] && !isUpperWord(t.raw) {
			np.allCaps = false
		}
	}
	np.knownFam = knownFamily(np.family)
}

// knownFamily reports whether a word of the family name is a known family
// name (particles aside).
func knownFamily(family string) bool {
	for _, w := range strings.FieldsFunc(family, func(r rune) bool { return r == ' ' || r == '-' }) {
		if !particles[fold(w)] && isFamilyName(w) {
			return true
		}
	}
	return false
}

func joinRaw(ts []nameTok) string {
	parts := make([]string, len(ts))
	for i, t := range ts {
		parts[i] = t.raw
	}
	return strings.Join(parts, " ")
}

// sameName reports whether a and b plausibly name the same person: equal
// folded family names and given names that are equal or initials of each
// other ("P. Keller" and "Patrick Keller").
func sameName(a, b nameParts) bool {
	if foldLetters(a.family) != foldLetters(b.family) || foldLetters(a.family) == "" {
		return false
	}
	ga, gb := givenParts(a.given), givenParts(b.given)
	if len(ga) == 0 || len(gb) == 0 {
		// "Frau Yilmaz" and "Ayşe Yilmaz": same person unless the page has
		// another Yilmaz, which merge checks.
		return (len(ga) == 0 && a.salutation) || (len(gb) == 0 && b.salutation)
	}
	if strings.Join(ga, " ") == strings.Join(gb, " ") {
		return true
	}
	// A hyphenated given name is one name: "Carl-Frederik" is not "Carl".
	if fa, fb := firstGivenWord(a.given), firstGivenWord(b.given); fa != "" && fb != "" && fa != fb &&
		(strings.Contains(fa, "-") || strings.Contains(fb, "-")) {
		return false
	}
	// Compare position by position; an initial matches a name with the
	// same first letter, and the shorter list may stop early.
	n := min(len(ga), len(gb))
	for i := 0; i < n; i++ {
		x, y := ga[i], gb[i]
		if x == y {
			continue
		}
		if (len(x) == 1 || len(y) == 1) && x[0] == y[0] {
			continue
		}
		return false
	}
	return true
}

// givenParts splits a given name into folded parts; initials become one letter.
func givenParts(g string) []string {
	var out []string
	for _, f := range strings.FieldsFunc(g, func(r rune) bool { return r == ' ' || r == '-' || r == '.' }) {
		if p := foldLetters(f); p != "" && !particles[p] {
			out = append(out, p)
		}
	}
	return out
}

// plainWord reports whether raw is written like an ordinary capitalised word
// ("Mas", "Med"), which a surname can be, unlike "MSc", "PhD" or "M.A.".
func plainWord(raw string) bool {
	for k, r := range raw {
		if k == 0 && !unicode.IsUpper(r) || k > 0 && !unicode.IsLower(r) {
			return false
		}
	}
	return raw != ""
}

// doctorTitle reports whether the title tokens hold a doctor's or a
// professor's title.
func doctorTitle(ts []nameTok) bool {
	for _, t := range ts {
		f := fold(t.raw)
		if strings.HasPrefix(f, "dr") || strings.HasPrefix(f, "ddr") || strings.Contains(f, "prof") || f == "pd" || strings.HasSuffix(f, "-doz.") {
			return true
		}
	}
	return false
}

// firstGivenWord returns the first given name, folded, when it is written
// out (no initial: "H.-P." matches "Hans-Peter"), else "".
func firstGivenWord(g string) string {
	w, _, _ := strings.Cut(strings.TrimSpace(g), " ")
	if w == "" || strings.Contains(w, ".") || len([]rune(w)) < 2 {
		return ""
	}
	return fold(w)
}

// brandWord reports whether a word of s has a capital inside it that no
// name explains: "InnerSource" and "GitHub" are brands; "McKenna",
// "DeBerry", "DosSantos", "O'Neill", "JoAnn" (a known given name) and
// "Müller-Lüdenscheidt" are names.
func brandWord(s string) bool {
	for _, w := range strings.Fields(s) {
		if joinedPrefix.MatchString(w) || isGivenName(w) || knownFamily(w) {
			continue
		}
		prev := ' '
		for k, r := range w {
			if k > 0 && unicode.IsUpper(r) && unicode.IsLower(prev) {
				return true
			}
			prev = r
		}
	}
	return false
}

// joinedPrefix matches family names whose prefix is written joined with a
// capital after it.
var joinedPrefix = regexp.MustCompile(`^(?:Mc|Mac|Fitz|De|Di|Da|Du|Del|Della|Dos|Das|La|Le|Lo|Ne|Au|Van|Vander|Von|St|Ten|Ter|O')\p{Lu}\p{Ll}`)

// withoutNativeName drops the name written again in its own script after
// the Latin one ("Yu Qian（钱雨）", "Ivan Petrov (Иван Петров)"): it is the
// same person, not a role or a second name. Every such parenthetical goes
// ("Li Wei (CEO) (李伟)" keeps "(CEO)").
func withoutNativeName(t string) string {
	if !strings.ContainsAny(t, "(（") || utf8.RuneCountInString(t) == len(t) {
		return t
	}
	for _, br := range [][2]string{{"（", "）"}, {"(", ")"}} {
		from := 0
		for n := 0; n < 8; n++ {
			i := strings.Index(t[from:], br[0])
			if i < 0 {
				break
			}
			i += from
			j := strings.Index(t[i:], br[1])
			if j < 0 {
				break
			}
			if inner := t[i+len(br[0]) : i+j]; nonLatinLetters(inner) {
				t = strings.TrimSpace(strings.TrimSpace(t[:i]) + " " + strings.TrimSpace(t[i+j+len(br[1]):]))
				from = min(i, len(t))
				continue
			}
			from = i + j + len(br[1])
		}
	}
	return t
}

// nonLatinLetters reports whether s holds letters, all of them outside the
// Latin script, and nothing else but spaces and name punctuation.
func nonLatinLetters(s string) bool {
	letters := 0
	for _, r := range s {
		switch {
		case unicode.IsLetter(r):
			if unicode.Is(unicode.Latin, r) {
				return false
			}
			letters++
		case unicode.IsSpace(r) || r == '·' || r == '・' || r == '-':
		default:
			return false
		}
	}
	return letters > 0
}

// familyFirstPage reports whether the page writes names family name first,
// as Hungarian does ("Erdős Tamás", "Ördögné Kolbert Zsuzsanna"): its
// <html lang> says Hungarian, or, without a lang, the letters only
// Hungarian writes (ő, ű) make up at least one in 300 of its letters, as
// in Hungarian prose, and outnumber five times the letters Hungarian never
// writes (ä, ß): a German page naming a few Hungarian places stays German.
func familyFirstPage(p *page) bool {
	if p.lang != "" {
		return p.lang == "hu" || strings.HasPrefix(p.lang, "hu-")
	}
	hu, german, letters := 0, 0, 0
	for i := range p.lines {
		for _, r := range p.lines[i].text {
			switch {
			case r == 'ő' || r == 'ű' || r == 'Ő' || r == 'Ű':
				hu++
			case r == 'ä' || r == 'Ä' || r == 'ß':
				german++
			}
			if unicode.IsLetter(r) {
				letters++
			}
		}
	}
	return hu >= 5 && hu*300 >= letters && german*5 < hu
}

// familyNameFirst splits a person's name as written family name first: the
// first word is the family name (with the next one for a married form in
// -né, "Ördögné Kolbert"), the rest the given names ("Kovács Anna Mária").
// A name that opens with an initial or holds a particle, or whose first word
// is a known given name and whose last is not ("Selahattin Kondak"), stays as
// it is; "Nagy P. János" is Nagy's.
func familyNameFirst(p *Person) {
	words := map[string]bool{}
	for _, w := range strings.Fields(p.GivenName + " " + p.FamilyName) {
		words[w] = true
	}
	var seq []string
	for _, w := range strings.Fields(p.Name) {
		if w = strings.TrimRight(w, ","); words[w] {
			seq = append(seq, w)
		}
	}
	if len(seq) < 2 || len(seq) != len(words) {
		return
	}
	if strings.HasSuffix(seq[0], ".") || utf8.RuneCountInString(seq[0]) == 1 {
		return // "A. Kovács": an initial first, written given name first
	}
	for _, w := range seq {
		if !unicode.IsUpper(firstRune(w)) {
			return // "Maria de la Cruz": a particle, not a Hungarian name
		}
	}
	if isGivenName(seq[0]) && !isGivenName(seq[len(seq)-1]) {
		return
	}
	k := 1
	if len(seq) > 2 && strings.HasSuffix(seq[0], "né") {
		k = 2
	}
	p.FamilyName, p.GivenName = strings.Join(seq[:k], " "), strings.Join(seq[k:], " ")
}
