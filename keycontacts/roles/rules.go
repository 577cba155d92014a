package roles

import (
	"fmt"
	"regexp"
)

// tier orders the built-in function rules. A title often names more than one
// thing ("Geschäftsführerin; Verantwortlich nach § 18 MStV", "Assistenz der
// Geschäftsführung", "Leiter Einkauf und Logistik"). The first tier with a
// match decides; within a tier the match that starts earliest in the title
// wins, because titles put the main role first; equal starts go to the rule
// listed first, which is why specific rules precede general ones.
type tier int

const (
	// Gatekeepers first: "Assistenz der Geschäftsführung" names the
	// Geschäftsführung but is not it.
	tierGatekeeper tier = iota
	// Supervisory, advisory and works councils before the board: "Vorsitzender
	// des Aufsichtsrats" is not the Vorstand.
	tierCouncil
	// Owners before executives: in the owner-managed companies that are
	// typical targets, "Geschäftsführender Gesellschafter" and "Inhaber und
	// Geschäftsführer" name the owner, who decides, not a hired manager.
	tierOwner
	// Leadership: C-level, Geschäftsführung, Vorstand. "Geschäftsführer
	// Vertrieb" is an executive who runs sales, not a salesperson.
	tierLeadership
	// Founders after leadership, before departments: "Gründer & Betriebsleitung"
	// and "Founder, Head of Sales" name a co-owner who also runs a department;
	// "CEO & Co-Founder" is read as the executive.
	tierFounder
	// Functions: departments and trades, and the imprint's special duties.
	tierFunction
	// Fallbacks that only speak when nothing more specific did: "Prokurist",
	// "Director", a bare "Assistentin".
	tierFallback
)

// builtin is a built-in rule. sen, br and gk, when set, override what is
// derived from the function; senFixed makes an empty sen an override too
// (an advisory board member's level is unknown, whatever words appear).
type builtin struct {
	id       string
	tier     tier
	pat      string
	unless   string
	fn       Function
	sen      Seniority
	senFixed bool
	br       BuyingRole
	gk       *bool
	// heading marks a rule that reads a section heading written before the
	// person's own role (see builtinFor).
	heading bool
}

func yes() *bool { b := true; return &b }

// builtins is the rule table. Patterns are written against the normalized
// title (see normalize) with umlauts, which expandPattern widens to match
// both spellings.
var builtins = []builtin{
	// --- tierGatekeeper ---
	{id: "legal.company_secretary", tier: tierGatekeeper, fn: FunctionLegal,
		pat: `\b(company|corporate) secretary`},
	// The office of a decision maker, whatever it is called: these people
	// decide whose call gets through.
	{id: "assistant.office_of", tier: tierGatekeeper, fn: FunctionAssistant, gk: yes(),
		pat: `(assist[ae]n[tz]\w*|sekretär\w*|secretary|sekretariat|referent\w*|büro|office|stabsstelle|personal assistant|executive assistant|\bpa|\bea)\s+(der|des|dem|von|vom|für|bei|to|of|for)\s+(der\s+|dem\s+|the\s+|our\s+)?(geschäftsf|geschäftsleit|vorstand|ceo\b|cfo\b|coo\b|cto\b|gf\b|inhaber|managing|president|präsident|board|management|executive|direktion|direktor|director|werksleit|werkleit|leitung|chairm|owner|founder|head\b|vp\b|svp\b|evp\b|partner|chief|gründer|aufsichtsrat|leiter\w*|leitung|plant|site|department|division|abteilung|bereich)`},
	{id: "assistant.executive", tier: tierGatekeeper, fn: FunctionAssistant, gk: yes(),
		pat: `executive administrator|administrative (assistant|supervisor|coordinator|staff|support|officer|team)|^administration$|^verwaltung$|verwaltungs(assistent|angestellte|kraft|mitarbeiter)|(vorstands|board|geschäftsführungs|geschäftsleitungs|direktions|management|chef|ceo|inhaber|executive|team|gf)[ -]?(assist[ae]n[tz]|sekretär|sekretariat|büro\b|office\b)|(vorstands|geschäftsführungs|direktions)referent|\bpersonal assistant|\b(pa|ea)\s+to\b|\bexecutive secretary|` +
			// "Assistentin Vorstand", "Sekretärin Geschäftsleitung": the
			// German title without its article.
			`(assist[ae]n[tz]\w*|sekretär\w*|sekretariat|referent\w*)\s+` + germanPrincipal},
	// An association's office (Geschäftsstelle) is its administration; the
	// person who runs it ("Geschäftsstelle; Geschäftsführer", "Leiterin der
	// Geschäftsstelle") is read by their own title.
	{id: "assistant.association_office", tier: tierGatekeeper, fn: FunctionAssistant, gk: yes(),
		pat: `^geschäftsstelle\b`, unless: `geschäfts?f(ü)?h|leit|direkt|director|manager|referent`},
	// A chief of staff runs the principal's office: a gatekeeper with a
	// manager's weight, whatever C-level word the title contains.
	{id: "assistant.chief_of_staff", tier: tierGatekeeper, fn: FunctionAssistant, gk: yes(), sen: SeniorityManager,
		pat: `\bchief of staff\b`},
	{id: "assistant.office_head", tier: tierGatekeeper, fn: FunctionAssistant, gk: yes(),
		pat: `\bleit\w* (des |der )?(vorstandsbüro|geschäftsführungsbüro|büro der geschäftsf|büro des vorstand|büro der leitung)`},
	// Law and notary office clerks and legal assistants are the office's
	// assistants (a paralegal does legal work).
	{id: "assistant.law_office", tier: tierGatekeeper, fn: FunctionAssistant, gk: yes(),
		pat: `rechtsanwaltsfachangestellte|notarfachangestellte|rechtsanwalts- und notarfachangestellte|\brefa\b|\brenofa\b|legal secretary|legal assistant`},
	{id: "assistant.front_office", tier: tierGatekeeper, fn: FunctionAssistant, gk: yes(),
		pat:    `secretariat|` + secretaryWords + `|employe\w* de bureau|\baccueil\b|segreteria|receptie|secretaresse|administratief|sekretariat|sekretär(in)?\b|empfang|rezeption|reception|front ?desk|front office|telefonzentrale|switchboard|office manag|office admin|office coordinat|office assist|büromanag|büroorganisation|büroleit|bürokauf|bürokraft|büroassist|bürofachkraft|büromitarbeit|teamassist`,
		unless: `generalsekret|general secretary|secretary general|secretaire general|staatssekret|(recording|corresponding|financial|club|union|board|company|corporate|assistant) secretary|secretary[- ](treasurer|to the board)|treasurer|chairm|trustee|\bboard\b|vorstand|\bcommittee\b|(president|officer|\bc[efo]o\b|\b[es]?vp\b|counsel)\b[^;]*(,|&|\band\b)\s*secretary\b`},

	// --- tierCouncil ---
	// Supervisory boards control the Vorstand; they do not run purchases.
	{id: "supervisory_board", tier: tierCouncil, fn: FunctionSupervisoryBoard,
		pat: `aufsichtsrat|supervisory (board|council)|aufsichtsgremium`},
	// Advisory boards advise; their members' level says nothing about the company.
	{id: "other.advisory_board", tier: tierCouncil, fn: FunctionOther, senFixed: true, br: BuyingRoleOther,
		pat: `beirat|beiräte|advisory (board|council|committee)|board of advi|kuratorium`},
	// An honorary office ("Ehrenvorsitzender", "Ehrenpräsident") honours a
	// former holder; it is no seat on the board.
	{id: "other.honorary", tier: tierCouncil, fn: FunctionOther, senFixed: true, br: BuyingRoleOther,
		pat: `\behren(vorsitz|vorstand|präsident|mitglied|obm(ann|frau)|kommandant|vorsteher|ratsmitglied)`},
	// Works councils co-determine, they do not buy; their chair is not a C-level.
	{id: "other.works_council", tier: tierCouncil, fn: FunctionOther, senFixed: true, br: BuyingRoleOther,
		pat: `betriebsrat|betriebsräte|works council|personalrat`},

	// --- tierOwner ---
	{id: "owner", tier: tierOwner, fn: FunctionOwner, sen: SeniorityCLevel,
		pat:    `inhaber|eigentümer|\bowners?\b|co-?owners?|gesellschafter|proprietor|managing partner|founding partner|komplementär|persönlich haftend|\bunternehmer(in)?\b|einzelunternehmer`,
		unless: `(product|process|system|business|service|data|risk|budget|control|content|project|asset|application|platform|technical|account|feature|change|quality|site|batch|study) owner|gesellschafterversammlung`},

	// The operator named in a German imprint (Betreiber, Diensteanbieter,
	// the person under "Angaben gemäß § 5 TMG", or named alone under the
	// imprint's heading, which the people extractor gives as the role) is the
	// site's owner.
	{id: "owner.operator", tier: tierOwner, fn: FunctionOwner, sen: SeniorityCLevel,
		pat: `^(impressum|imprint|legal notice|site notice|legal disclosure|offenlegung)$|^(website-?|seiten)?betreiber(in)?\b|diensteanbieter|^(angaben|informationen?|information) (gemäß|gem\.|nach|laut|lt\.|according to|pursuant to|in accordance with) (§|section) ?5\b|^(angaben|informationen?) (zum|über den) (dienste)?anbieter`},

	// --- tierLeadership ---
	// Finance in the Vorstand or Geschäftsführung releases budgets.
	{id: "board.finance", tier: tierLeadership, fn: FunctionBoard, sen: SeniorityCLevel, br: BuyingRoleBudgetHolder,
		pat: `finanzvorstand|vorstand (für |der )?finanz|vorstand (für )?kaufm|kaufmännische[rs]? vorstand`},
	{id: "exec.finance", tier: tierLeadership, fn: FunctionExecutive, sen: SeniorityCLevel, br: BuyingRoleBudgetHolder,
		pat: `kaufmännische[rs]? geschäftsf|finanzgeschäftsf|geschäftsf(ü)?h\w*\s+(für\s+)?(finanz|kaufm)`},
	{id: "cxo.finance", tier: tierLeadership, fn: FunctionFinance, sen: SeniorityCLevel,
		pat: `\bcfo\b|chief financ\w* officer|chief accounting officer|\bcao\b`},
	{id: "cxo.operations", tier: tierLeadership, fn: FunctionExecutive, sen: SeniorityCLevel, br: BuyingRoleExecutiveSponsor,
		pat: `\bcoo\b|chief operati\w* officer`},
	{id: "cxo.technology", tier: tierLeadership, fn: FunctionEngineering, sen: SeniorityCLevel,
		pat: `\bcto\b|chief (technical|technology|engineering) officer|\bchief (technical |technology |systems )?architect\b`},
	{id: "cxo.it", tier: tierLeadership, fn: FunctionIT, sen: SeniorityCLevel,
		pat: `\bcio\b|\bciso\b|\bcdo\b|\bcdio\b|chief (information|digital|data|security|information security)\w* officer`},
	// CMO is read as marketing, as the corpus labels it; in pharma it can
	// also mean Chief Medical Officer, which is only recognised spelled out.
	{id: "cxo.marketing", tier: tierLeadership, fn: FunctionMarketing, sen: SeniorityCLevel,
		pat: `\bcmo\b|chief (marketing|brand|communications?|customer|experience) officer`},
	{id: "cxo.sales", tier: tierLeadership, fn: FunctionSales, sen: SeniorityCLevel,
		pat: `\bcco\b|chief (commercial|sales|revenue|business development) officer`},
	{id: "cxo.procurement", tier: tierLeadership, fn: FunctionProcurement, sen: SeniorityCLevel,
		pat: `\bcpo\b|\bcsco\b|chief (procurement|purchasing|supply chain|supply) officer`},
	{id: "cxo.quality", tier: tierLeadership, fn: FunctionQuality, sen: SeniorityCLevel,
		pat: `\bcqo\b|chief quality\w* officer`},
	{id: "cxo.production", tier: tierLeadership, fn: FunctionProduction, sen: SeniorityCLevel,
		pat: `chief (manufacturing|production|technical operations|supply and manufacturing) officer`},
	{id: "cxo.legal", tier: tierLeadership, fn: FunctionLegal, sen: SeniorityCLevel,
		pat: `\bclo\b|chief (legal|compliance|ethics)\w* officer`},
	{id: "legal.general_counsel", tier: tierLeadership, fn: FunctionLegal, sen: SeniorityVPDirector,
		pat: `general counsel|chefjustiziar|chefsyndikus`},
	{id: "cxo.people", tier: tierLeadership, fn: FunctionOther, sen: SeniorityCLevel,
		pat: `\bchro\b|chief (human|people|personnel|hr|talent)\w* officer`},
	{id: "cxo.science", tier: tierLeadership, fn: FunctionOther, sen: SeniorityCLevel,
		pat: `chief (scientific|science|medical|research|innovation|development)\w* officer`},
	// The Vorstandsvorsitzende of an AG is its CEO: the decision maker, not a
	// sponsor like the other board members.
	{id: "board.chair_ceo", tier: tierLeadership, fn: FunctionBoard, sen: SeniorityCLevel, br: BuyingRoleDecisionMaker,
		pat: `vorstandsvorsitz|vorsitz\w* des vorstand|vorstandssprecher|sprecher des vorstand|chair\w* of the (management|executive) board`},
	// A management or executive board runs the company (the Vorstand of an
	// AG); a board of directors or trustees oversees it.
	{id: "exec.management_board", tier: tierLeadership, fn: FunctionExecutive, sen: SeniorityCLevel, br: BuyingRoleExecutiveSponsor,
		pat: `(management|executive) board|board of management`},
	{id: "exec.ceo", tier: tierLeadership, fn: FunctionExecutive, sen: SeniorityCLevel, br: BuyingRoleDecisionMaker,
		pat: `\bpdg\b|chef d.entreprise|direttore generale|amministratore unico|algemeen directeur|zaakvoerder|bedrijfsleider|\bpresidente\b|\b(junior|senior)[- ]?chef(in)?\b|\bceo\b|chief executive|\bpresident\b|managing director|general manager|\bgm\b|director general|generaldirektor|managing board director|directeur general|directrice generale|\bgerant(e)?\b|amministratore delegato|consiglier[ae] delegat[oa]`},
	// Members of the wider management team sponsor; the Geschäftsführer signs.
	{id: "exec.management_team", tier: tierLeadership, fn: FunctionExecutive, sen: SeniorityCLevel, br: BuyingRoleExecutiveSponsor,
		pat: `mitglied der (erweiterten )?geschäfts?leitung|erweiterte geschäftsleitung|member of the (extended )?(executive|management|leadership) (committee|team)|executive committee|\bexco\b|\bexcom\b|leadership team|unternehmensleitung|firmenleitung|comite (de direction|executif)`},
	// "Management" over a group of names is the management team. The word
	// alone also heads service pages ("Management" consulting), so the
	// people extractor does not take it as a sign of a person. Written
	// first, before the person's own line, it decides when that line names
	// no role ("Executive team; Berlin"); "Executive team; I.T." is IT (see
	// builtinFor).
	{id: "exec.management_section", tier: tierLeadership, fn: FunctionExecutive, sen: SeniorityCLevel, br: BuyingRoleExecutiveSponsor, heading: true,
		pat: `^(the |our |senior |executive )?(management|leadership)( team)?(;|$)|^(the |our )?executive team(;|$)`},
	// The head of a volunteer fire brigade leads it.
	{id: "exec.fire_chief", tier: tierLeadership, fn: FunctionExecutive, sen: SeniorityCLevel,
		pat: `wehrführ|wehrleit|feuerwehrkommandant|\bkommandant(in)?\b|\bfire chief\b`},
	{id: "cxo.other", tier: tierLeadership, fn: FunctionExecutive, sen: SeniorityCLevel, br: BuyingRoleExecutiveSponsor,
		pat: `\bchief\b[^;|,]*\bofficer\b|\bcso\b|\bcbo\b|\bcxo\b`},
	{id: "exec.managing_director", tier: tierLeadership, fn: FunctionExecutive, sen: SeniorityCLevel, br: BuyingRoleDecisionMaker,
		pat: `geschäfts?f(ü)?h|\bgf\b|geschäfts?leit|sprecher der geschäftsf|vorsitz\w* der geschäfts?(leitung|führung)`},
	// The Generalsekretär runs an association's office: its chief executive.
	{id: "exec.secretary_general", tier: tierLeadership, fn: FunctionExecutive, sen: SeniorityCLevel,
		pat: `generalsekretär|general secretary|secretary general|secretaire general`},
	// A theatre's or broadcaster's Intendant (Intendanz) runs the house.
	{id: "exec.intendant", tier: tierLeadership, fn: FunctionExecutive, sen: SeniorityCLevel,
		pat:    `\bintendant\w*|\bintendanz\b|generalintendan`,
		unless: `stellvertret|\bstellv|\bstv\b|deputy|\bvize|vice|assistent|assistenz|referent`},
	// A school's head teacher (Rektorin, Schulleiter) runs it; an assistant
	// or deputy head is a teacher.
	{id: "exec.head_teacher", tier: tierLeadership, fn: FunctionExecutive, sen: SeniorityCLevel,
		pat:    `head ?teacher|head ?master|head ?mistress|schulleiter(in)?\b|\brektor(in)?\b`,
		unless: `assistant head|deputy head|stellvertretende\w* schulleit`},
	// An association's or union's officers, a charity's trustees and a
	// school's governors are its board (a central bank's or a state's
	// Governor is not).
	{id: "board.officer", tier: tierLeadership, fn: FunctionBoard, sen: SeniorityCLevel,
		pat: `tresori(er|ere)|tesorier[ea]|penningmeester|voorzitter|bestuurslid|\bbestuur\b|vicepresidente|conseil d.administration|consiglio direttivo|consiglio (di )?amministrazione|organo (di )?amministrazione|\bconsiglier[ae]\b|raad van bestuur|\bsegretario\b|\bsecretaris\b|\btrustees?\b|(co-?opted|parent|foundation|local authority|staff|associate|community|partnership|school) governors?|board of governors|governing (body|board)|^governors?$|treasurer|(recording|corresponding|financial) secretary|secretary[- ]treasurer|board members?|board secretary|honorary director|emeritus director|kurator(in)?\b|vereinsauss?chuss|vorstandschaft|\bausschuss\b|members?[- ]at-large|` +
			// Spanish, French and Nordic boards: the Junta's treasurer,
			// secretary and members (vocales), the bureau's members, the
			// styrelse's chair, treasurer, secretary, members and deputies.
			`\btesorer[oa]s?\b|\bsecretario\b|\bvocal(es)?\b|membres? du (bureau|comite|conseil)|ordförande|\bkassör|\bledam(ot|öter)\b|\bsuppleant(er)?\b|\bstyrelse|\bformann\b|\bformand\b|\bnestleder\b|næstformand|\bkasserer\b|styremedlem|bestyrelse|varamedlem`,
		// A vocal coach teaches singing; an executive secretary, an
		// engineering office (bureau d'études) and an executive committee
		// (comité de direction) are no board.
		unless: `consiglier[ae] delegat|vocal (coach|teacher|trainer|director)|secretari[oa] de direcci|bureau d.etudes|comite (de direction|executif)`},
	// An association's committee is its elected board ("Committee",
	// "Adjunct Committee", "Committee Member"); the plural "Directors" as a
	// role is the board of directors, never one executive director; written
	// first, before the person's own line or the body they represent
	// ("Directors; Benton County"), it is still the board.
	{id: "board.committee", tier: tierLeadership, fn: FunctionBoard, sen: SeniorityCLevel,
		pat:    `\bcommittee\b|^(the |our |current |emeritus |life |honorary |elected )?directors(;|$)`,
		unless: `program(me)? committee|organi[sz]ing committee|steering committee|works committee|(executive|management|leadership) committee`},
	// A co-founder holds a share of the firm: named first, before a trade
	// ("Mitgründer & Entwickler"), that is their function; named after
	// another leadership role ("CEO & Co-Founder") the earlier role wins,
	// as in every title of this tier. A lone founder stays a fallback:
	// "Gründerin und Geschäftsführerin" runs the firm.
	{id: "owner.cofounder", tier: tierLeadership, fn: FunctionOwner, sen: SeniorityCLevel,
		pat: `\bco-?founder|\bcofounder|\bmitgründer(in)?\b|gründungspartner|founding partner`},
	{id: "board", tier: tierLeadership, fn: FunctionBoard, sen: SeniorityCLevel,
		pat: `vorstand|vorstände|\bboard\b|verwaltungsrat|vorsitz|\bvors\b|chairm[ae]n|chairwoman|chairperson|\bchair\b|präsident|präsidium|schatzmeister|schriftführer|kassenwart|\bkassier\b|non-?executive|independent director|\bned\b|stiftungsrat|beisitz|obm(ann|änner)\b|obfrau|kassierin|kassiererin|\bkassierer\b`},
	// An association's officers by their German titles: the "-wart" offices
	// (Sportwart, Jugendwartin, Kassenwärtin), the keeper of the minutes, the
	// officers for a club's sport and youth (Nachwuchsreferent, Ligareferent),
	// and a bare "Vice President" (normalized "vp") or assistant secretary or treasurer (a
	// company's vice presidents name their portfolio).
	{id: "board.association_officer", tier: tierLeadership, fn: FunctionBoard, sen: SeniorityCLevel,
		pat:    `\b\w+wärt(in|innen)?\b|\b\w+wart(in|innen|e)?\b|protokollführ|^vp$|assistant (secretary|treasurer)|(jugend|nachwuchs|liga|schulsport|breitensport|leistungssport|senioren|schiedsrichter|kampfrichter|wettkampf|spielbetrieb|turnier)referent`,
		unless: `hauswart|gegenwart`},

	// --- tierFunction ---
	// Specific before general, for equal starts.
	{id: "quality.qualified_person", tier: tierFunction, fn: FunctionQuality, br: BuyingRoleInfluencer,
		pat: `qualified person|sachkundige\w* person|\bqp\b|\bsachkundige`},
	{id: "quality.lab_technician", tier: tierFunction, fn: FunctionQuality,
		pat: `(chemisch|biologisch|pharmazeutisch|medizinisch|physikalisch)[- ]?techn|\b(cta|bta|mta|pta|mtla)\b|laborant|labortechn|lab(oratory)? techn`},
	{id: "other.drug_safety", tier: tierFunction, fn: FunctionOther,
		pat: `drug safety|pharmacovigil|pharmakovigil|arzneimittelsicherheit|patient safety|medical safety`},
	// EHS signs off machine safety (CE, ATEX, operator protection) but neither
	// champions nor operates the machine.
	{id: "quality.ehs", tier: tierFunction, fn: FunctionQuality, br: BuyingRoleInfluencer,
		pat: `\behs\w*\b|\bhse\b|\bshe\b|\bqhse\b|environment\w*,? health|health,? (and |& )?safety|arbeitssicherheit|arbeitsschutz|sicherheitsfachkraft|\bsifa\b|\bsafety\b|umweltschutz|umweltmanag|brandschutz|gefahrstoff|gefahrgut|\batex\b|immissionsschutz|störfall|sicherheitsbeauftragt|umwelt|abfall|strahlenschutz`},
	{id: "finance.audit", tier: tierFunction, fn: FunctionFinance,
		pat: `internal audit|interne revision|\brevision\b|internal control`},
	{id: "legal.trade", tier: tierFunction, fn: FunctionLegal,
		pat: `export ?control|exportkontroll|trade compliance|\bzoll|customs`},
	{id: "procurement.technical", tier: tierFunction, fn: FunctionProcurement,
		pat: `technische[rn]? einkäuf|technical (buyer|purchas|procure|sourcing)`},
	{id: "sales.technical", tier: tierFunction, fn: FunctionSales,
		pat: `technische[rn]? (vertrieb|verkauf|außendienst|kundenberat)|technical (sales|account)|sales engineer|vertriebsingenieur|vertriebstechni|application(s)? (engineer|specialist|manager)|anwendungs(techni|berat|ingenieur|spezialist)|field application`},
	// A buyer's agent sells a service to home buyers: an estate agent.
	{id: "sales.agent", tier: tierFunction, fn: FunctionSales,
		pat: `\bbuyers?'?s?'? agent|(real )?estate agent|property (agent|consultant)|immobilienmakler|\bmakler(in)?\b`},
	{id: "production.technical_operations", tier: tierFunction, fn: FunctionProduction,
		pat: `technical operations|tech(nical)? ops|techops|technische produktion`},
	// MS&T, process development and tech transfer specify and qualify new
	// lines: engineering in a machine builder's eyes.
	{id: "engineering.process", tier: tierFunction, fn: FunctionEngineering,
		pat: `process development|prozessentwicklung|verfahrensentwicklung|process engineer|verfahrenstechni|prozesstechni|process technolog|\bms&t\b|\bmsat\b|manufacturing (science|technology)|technology transfer|tech(nology)? ?transfer`},
	{id: "marketing.digital", tier: tierFunction, fn: FunctionMarketing,
		pat: `digital marketing|online[- ]?marketing|performance marketing|digital communication`},
	// Research and development is engineering in the function vocabulary
	// (the labelling guide's "Entwicklung/R&D"), but at a customer that
	// buys production machines it neither specifies nor runs them: its
	// buying role stays OTHER.
	{id: "engineering.research", tier: tierFunction, fn: FunctionEngineering, br: BuyingRoleOther,
		pat: `forschung|research|\br ?& ?d\b|\bf ?& ?e\b|\bf\+e\b|discovery|präklini|preclinic|drug development|arzneimittelentwicklung|galenik|formulation|formulierung|pharmacolog|pharmakolog|toxikolog|toxicolog|scientist|wissenschaftler`},
	{id: "other.research", tier: tierFunction, fn: FunctionOther,
		pat: `clinical|klinische|biometr|biostatist|medical affairs|medical (director|advisor|adviser|manager|lead|science|information|writer|monitor|expert)|medizinisch\w* (leit|direkt|wissenschaft|abteil|berat|fach)|\bmsl\b`},
	// Clinical, pastoral and teaching professions, and advisers who serve
	// clients (a financial adviser advises customers, unlike the firm's own
	// finance staff; the labelling guide counts advisers as other): roles,
	// but not buyers of a machine; recognised so that a doctor's or a
	// teacher's card is read as a person with a role.
	{id: "other.professions", tier: tierFunction, fn: FunctionOther,
		pat: `\b(fach)?(ä|a)rzt|ärztin|oberarzt|oberärztin|chefarzt|chefärztin|assistenzarzt|physician|doctor|\bgp\b|general practitioner|nurse|krankenschwester|pflegefachkraft|pfleger|pflegedienst|dentist|zahnarzt|zahnärztin|hygienist|therapeut|therapist|physiotherap|ergotherap|logopäd|psycholog|psychiat|counsell?or|midwife|hebamme|surgeon|chirurg|orthopäd|kardiolog|cardiolog|urolog|gynäkolog|gynecolog|nephrolog|internist|allgemeinmedizin|kinderarzt|pediatric|paediatric|pharmacist|apotheker|(nursing|care|catering|kitchen|teaching|classroom|kennel|veterinary|vet|animal care|laboratory|lab) assistant|instructor|(financial|wealth|mortgage|investment|insurance|pension|retirement|finanz|vermögens|anlage|versicherungs)[ -]?(advis[eo]r|planner|berater)|optometr|optiker|acupunctur|chiropract|arzthelfer|medical assistant|weiterbildungsassistent|medizinische\w* fachangestellte|\bmfa\b|\bzfa\b|veterinar|tierarzt|tierärztin|teacher|lehrer|lehrerin|erzieher|trainer|coach|dozent|professor|pfarrer|pastor|priest|\brector\b|vicar|curate|churchwarden|diakon|dirigent|conductor|jugendleiter|übungsleiter|` +
			// Dutch, French and Italian practices: GP, dentist, nurse,
			// practice support, physiotherapist, midwife.
			`huisarts|tandarts|verpleegkundig|praktijkondersteuner|fysiotherapeut|verloskundig|\bmedecin\b|infirmi(er|ere)|\bmedico\b|infermier`},
	{id: "other.hr", tier: tierFunction, fn: FunctionOther,
		pat: `ressources humaines|risorse umane|personeelszaken|\bhr\b|human resources|\bpersonal|recruit|talent|people (and|&) culture|people partner|\bpeople\b|personnel|organisationsentwickl|organizational development|learning (and|&) development|\bl&d\b|\btraining|schulung|ausbildung|ausbilder|arbeitsmedizin|betriebsarzt`},
	{id: "editorial_responsible", tier: tierFunction, fn: FunctionEditorialResponsible,
		pat: `verantwortlich\w*\s+(für\s+[^;,|]{0,40}?inhalt|i\.?\s?s\.?\s?d|im sinne|gemäß|gem\.|nach|laut|lt\.|des inhalts|für redaktion|\(?§)|inhaltlich\w* verantwortlich|(redaktionell|journalistisch)\w* verantwortlich|(inhalt|content)\w* verantwortlich|v\.?\s?i\.?\s?s\.?\s?d\.?\s?p|\bmstv\b|\brstv\b|\bmdstv\b|§\s*(18|55)\b|presserecht|responsible for (the )?content|content responsib|editorially responsible`},
	{id: "data_protection", tier: tierFunction, fn: FunctionDataProtection,
		pat: `datenschutz|data protection|\bdpo\b|\bdsb\b|privacy|\bgdpr\b|\bdsgvo\b`},
	{id: "quality", tier: tierFunction, fn: FunctionQuality,
		pat: `\bqualite\b|\bqualita\b|kwaliteit|qualität|(^|[^e])quality|\bqa\b|\bqc\b|\bqm\b|\bqs\b|\bqmb\b|\bqau?\b|\bqcu\b|gmp|\bgxp\b|validier|validation|qualifizier|qualification|\bcsv\b|\bcapa\b|\baudit|(^|[^l])labor|\blab\b|\blabs\b|analyti|mikrobiolog|microbiolog|hygien|sterilit|inspektion|inspection|prüfleit|prüflabor|kontrolle|chargenfreigabe|batch (release|record)|deviation|abweichungsmanag`},
	{id: "legal.regulatory", tier: tierFunction, fn: FunctionLegal,
		pat: `regulatory|zulassung|\bregaff`},
	// Service technicians keep the installed machines running at the
	// customer's site: production, as the labelling guide counts them, not
	// engineering or customer service.
	{id: "production.service_technician", tier: tierFunction, fn: FunctionProduction,
		pat: `service ?-?techni|kundendiensttechni|field service|service engineer|servicemonteur|servicemitarbeiter|service mechani|kundendienstmonteur|serviceleit|service manager|head of service\b|` +
			partStart + `(after[- ]sales )?(service|services|ersatzteile|spare parts)` + partEnd,
		// A service desk is IT's; guest, food and social services, and a
		// partner of a services firm, are not after-sales service.
		unless: `service desk|\bit\b|guest|food|social|customer|client|partner`},
	{id: "procurement", tier: tierFunction, fn: FunctionProcurement,
		pat: `\bachats?\b|acheteu|acquist|\binkoop|inkoper|einkäuf|einkauf|procurement|purchas|\bbuyer|\bbuying\b|beschaffung|supply chain|\bscm\b|sourcing|materialwirtschaft|materials? manag|lieferantenmanag|supplier management|vendor management|category manag|warengruppenmanag|commodity manag|\bbeschaffer`},
	{id: "sales", tier: tierFunction, fn: FunctionSales,
		pat: `client (success|services?|relations(hips?)?|care|experience)|\bestimat(or|ors|ing)\b|kalkulator|\bkalkulation\b|developpement (commercial|des affaires|des ventes)|sviluppo commerciale|\bventes?\b|vendeu(r|se)|conseill\w* (de vente|client\w*|commercia\w*|service|de service)|charg\w* d.affaires|vendit|verkoop|verkoper|accountmanager|regiomanager|rayonmanager|buitendienst|binnendienst|vertrieb|\bsales|verkauf|verkäufer|key account|\bkam\b|account manag|account exec|account rep(resentative)?s?\b|(lettings|sales|property) negotiators?\b|account (supervisor|director|coordinator|lead)\b|cashier|kassierer(in)? (im|in der) (verkauf|filiale|markt)|business development|geschäftsentwickl|business developer|\bbdm?\b|außendienst|innendienst|kundenbetreu|kundenberat|kundenservice|kundendienst|customer service|customer success|customer care|fachberat|verkaufsberat|vertriebsberat|export|commercial|handelsvertret|area manager|gebietsleit|gebietsverkauf|regionalverkauf|angebots|auftragsabwicklung|auftragsbearbeit|merchandising|booking office|box office|kartenverkauf|ticketverkauf`},
	// "Digital" alone is IT's ("Digital Transformation"), but a digital
	// manager, a head of digital or digital media people run the firm's
	// online marketing.
	{id: "marketing", tier: tierFunction, fn: FunctionMarketing,
		pat: `\w+marketing\b|digital\w*[- ]marketing|head of digital$|head of growth$|growth (manager|marketing|lead|marketer)|chefredakt|editor[- ]in[- ]chief|chief editor|managing editor|digital (manager|media|marketing|content|campaign|communication)|comunicazione|communicatie|marketing|market access|produktmanag|product manag|\bbrand|\bpr\b|public relations?|public affairs|corporate affairs|kommunikation|communication|presse(sprecher\w*|stelle|referent\w*|arbeit|abteilung|kontakt)?\b|\bpress\b|\bmedia\b|medien|werbung|advertis|social media|content|\bseo\b|\bevents?\b|veranstaltung|\bmesse|trade (fair|show)|\bcrm\b|campaign|kampagne|\bgrafik|graphic|mediengestalt|marktforschung|market research|market intelligence|öffentlichkeitsarbeit|sponsoring|investor relations|creative|\bart director|spokes(person|man|woman)|sprecher(in)?\b`},
	{id: "it", tier: tierFunction, fn: FunctionIT,
		pat: `\bit\b|(^|\W)i\.t\.|\bedv\b|informati|information technology|\bict\b|software|developer|programmier|\bweb|frontend|front-end|backend|back-end|full-?stack|devops|\bsap\b|\berp\b|\bmes\b|system ?admin|systemadministr|systembetreu|netzwerk|network|\bserver|cloud|cyber|informationssicherheit|information security|it-?security|\bisms\b|\bisb\b|digital|data scien|data engineer|data analy|datenbank|database|\bdba\b|business intelligence|\bbi\b|helpdesk|help desk|service desk|\bitsm\b|\bot\b|\bscada\b`},
	{id: "finance", tier: tierFunction, fn: FunctionFinance,
		pat: `comptab|contabil|boekhoud|finanz|financ|buchhalt|abrechnung|bookkeep|accounting|accountant|accounts (payable|receivable)|kreditor|debitor|controlling|\bcontroller|rechnungswesen|treasur|kaufmännisch|\bsteuer(recht|abteil\w*|fach\w*|referent\w*|experte)?\b|\btax(es)?\b|lohnbuchhalt|lohn- und gehalt|lohnabrechn|entgeltabrechn|payroll|bilanz|wirtschaftsprüf|\bfibu\b|kostenrechn|\bcredit|kreditmanag|inkasso|forderungsmanag|mahnwesen|rechnungsprüf|billing|fakturier|invoic|` +
			// "Accounts Manager", "Head of Accounts": the books, where
			// "Key Accounts Manager" (sales) is the customers.
			`^((senior|junior|assistant|chief) )?accounts (department|dept|manager|executive|officer|assistant|clerk|team|supervisor|section)\b|^accounts$|manager accounts\b|head of accounts$`,
		unless: `(key|customer|client|national|global|major|strategic|corporate) accounts`},
	// A firm's "Betriebswirtschaft" (business administration) and
	// "Betriebskosten" (operating costs) are its commercial side; the
	// academic subject is not.
	{id: "finance.commercial", tier: tierFunction, fn: FunctionFinance,
		pat:    `betriebswirtschaft|betriebskosten`,
		unless: `lehrstuhl|professur|professor|wissenschaftlich|studi|lehre\b|dozent`},
	{id: "legal", tier: tierFunction, fn: FunctionLegal,
		pat: `money laundering|geldwäsche|\baml\b|\bkyc\b|juridique|avocat|avvocat|advocaat|juridisch|notaire|notaio|\blegal|\brecht|jurist|anwalt|anwält|lawyer|attorney|solicitor|barrister|paralegal|counsel|syndikus|justiziar|justitiar|compliance|\bpatent|intellectual property|contract (manag|admin|specialist)|vertragsmanag|vertragswesen|\bnotar|governance|risk manag|risikomanag`},
	{id: "engineering", tier: tierFunction, fn: FunctionEngineering,
		pat: `ingegner|developpement|sviluppo|ontwikkel|technicien|tecnic[oa]|technicus|engineer|ingenieur|techni(k|sch|cal|ker|cian)|anlagenbau|anlagenplan|instandhalt|maintenance|wartung|reparatur|repair|konstrukt|automatisier|automation|elektr|electric|mechatron|mechanik|mechanic|schlosser|betriebshandwerk|betriebstechn|haustechn|gebäudetechn|facility|facilities|infrastruktur|infrastructure|utilities|\bmsr\b|\bemsr\b|leittechn|steuerungstechn|\bplc\b|\bsps\b|entwickl|development|\bcapex\b|projektingenieur|\bcad\b|technische[rn]? zeichner|drafts(man|person)|reinraum|clean ?room|hvac|kältetechn|werkstatt|workshop|\btechnolog(y|ies)\b|surveyor|vermess`},
	// Trades that build, fit or deliver what the firm sells (the labelling
	// guide counts workshop and delivery staff as production); electricians
	// and mechanics stay engineering, as the guide's corpus has them.
	{id: "production.trades", tier: tierFunction, fn: FunctionProduction,
		pat:    `carpenter|\bjoiner|roofer|plumber|welder|machinist|bricklayer|plasterer|\bglazier|\bpainter and decorator|\bfitter\b|labou?rer|\bdrivers?\b|mecanicien|mecatronicien|chef d.atelier|preparat(eur|rice)|\bapprentie?\b|tischler|schreiner|zimmerer|dachdecker|\bmaurer|schweißer|klempner|spengler|fliesenleger|\blackierer|stuckateur|parkettleger|bodenleger|facharbeiter|maschinist|\w+werker(in)?\b|\w+macher(in)?\b|\bforem[ae]n\b|\bforewom[ae]n\b|\binstall(er|ers|ateur|ation)\b|^(betriebs)?meister(in)? (in|im|für)\b|handwerk\b`,
		unless: `pharmac|(business|test|growth|value|key) drivers?`},
	{id: "production", tier: tierFunction, fn: FunctionProduction,
		pat: `produzione|productie|bauleit|baustellenleit|construction (manager|supervisor)|site supervisor|magasinier|magazzin|magazijn|geselle|gesellin|vorarbeiter|\bpolier\b|produktion|production|produzier|manufactur|herstell|fertigung|betriebsleit|werksleit|werkleit|werksdirekt|plant (manager|director|head|lead|leiter)|standortleit|\boperations\b|\bops\b|operational excellence|\bopex\b|schichtleit|schichtführ|schichtmeister|industriemeister|\bshift\b|pharmakant|chemikant|\boperator|maschinenführ|maschinenbedien|anlagenführ|anlagenbedien|anlagenfahr|abfüll|\bfilling|fill ?(&|and|-)? ?finish|verpack|packag|\bpacking\b|(^|[^y] )dispatch|stock (manag|control|keep)|inventory (manag|control)|logisti|\blager|warehous|versand|shipping|spedition|disposition|disponent|arbeitsvorbereit|montage|monteur|assembly|upstream|downstream|\busp\b|\bdsp\b|aseptic|aseptisch|granulier|tablettier|compounding|lyophil|gefriertrock|fermentation|zellkultur|cell culture|purification|aufreinigung|lohnfertig|contract manufactur`},

	// --- tierFallback ---
	{id: "exec.authorized_representative", tier: tierFallback, fn: FunctionExecutive,
		pat: prokuraWords + `|handlungsbevollm|` + legalRepresentation + `|authori[sz]ed (representative|signatory|officer)|legal representative|corporate officer`},
	// A person assigned to a region or postcode area on a company's contact
	// page is its field representative for that territory: sales.
	{id: "sales.territory", tier: tierFallback, fn: FunctionSales,
		pat: `^(region|gebiet|vertriebsgebiet|verkaufsgebiet|raum|plz|plz-gebiet|postleitzahl\w*|territory|sales territory)\b|ansprechpartner\w* vor ort|regionalbetreu|regionalleit|regional manager`},
	// A country manager runs a subsidiary: the local executive.
	{id: "exec.country", tier: tierFallback, fn: FunctionExecutive, sen: SeniorityVPDirector,
		pat: `country (manager|head|director|lead|general manager)|landesleit|länderchef|länderverantwort`},
	{id: "owner.founder", tier: tierFounder, fn: FunctionOwner, sen: SeniorityCLevel,
		pat: `founder|gründer|\bfounding\b|fondat(eur|rice)|fundador|fondatore`},
	// A bare "Partner" on a firm's team page is a co-owner; "Partner
	// Manager" or "Associate Partner" are not, hence the anchors: the title
	// or one part of it ("WP/StB – Partner", "Partner & Director").
	{id: "owner.partner", tier: tierFallback, fn: FunctionOwner, sen: SeniorityCLevel,
		pat: partStart + `(senior |equity |managing |founding )?partner(in)?` + partEnd},
	// A site head runs the plant, unless the title names a function
	// ("Head of Site Engineering"), which the function tier sees first.
	{id: "production.site_head", tier: tierFallback, fn: FunctionProduction,
		pat: `\bsite (head|director|manager|lead|leader)|head of (the )?site`},
	// A bare "Director" is, in UK and Irish companies, a company director
	// (an officer under the Companies Act). "Creative Director" or "Program
	// Director" are not, so only the bare forms count.
	{id: "exec.director", tier: tierFallback, fn: FunctionExecutive,
		pat: partStart + `((joint|executive|company|sole|statutory) )?(director|direktor(in)?|direktion)` + partEnd + `|^executive \w+ director$|\b(company|sole|statutory) director\b`},
	// "Director of <something no rule reads>" ("Director of Community
	// Engagement", "Director of Special Projects") directs a part of the
	// organisation: an executive, as the guide reads "Director". A function
	// it names ("Director of Operations", "Director of Sales") is read
	// first by its own rule; a film's, a choir's or a school's director of
	// photography, music or studies directs no part of a firm.
	{id: "exec.director_of", tier: tierFallback, fn: FunctionExecutive,
		pat:    `^((senior|associate|assistant|executive|deputy) )?director (of|for) `,
		unless: `director (of|for) (photography|music|studies|choir|coaching|sports?|football|cricket|rugby|athletics|worship|admissions)`},
	// The head of a department or business unit ("Head of Department",
	// "SBU Head", "Head - Tissue Culture Business") runs a part of the
	// organisation that no function rule names: an executive, as a
	// "Director of" is.
	{id: "exec.unit_head", tier: tierFallback, fn: FunctionExecutive,
		pat: `^(deputy )?head of (the )?department\b|^department head\b|\b(sbu|bu|business unit|division) head\b|^head\s*(-|–)\s*[\w /&]*\bbusiness$|^business head\b`},
	// A company's executive and senior vice presidents, and its "Executive
	// Officers", run a part of it; a function they name ("SVP Sales") is
	// read first.
	{id: "exec.senior_vp", tier: tierFallback, fn: FunctionExecutive, sen: SeniorityVPDirector,
		pat: `\b(group|corporate) vp\b|\b(evp|svp)\b|^executive officer\b`},
	// Any other vice president ("Vice President of Aerospace Programs",
	// "Associate VP - Banking") runs a part of a company no function rule
	// names; an association's vice presidents sit on its board (see the
	// context rules). A function the title names ("VP Sales") is read first.
	{id: "exec.vp", tier: tierFallback, fn: FunctionExecutive, sen: SeniorityVPDirector,
		pat: `\bvp\b`, unless: `former|emeritus|\bpast\b|ehemalig|vp bank`},
	// "Verantwortlich:" on its own in an imprint is the § 18 MStV person.
	{id: "editorial_responsible.bare", tier: tierFallback, fn: FunctionEditorialResponsible,
		pat: `^(inhaltlich )?verantwortlich(e|er)?( person)?$|^(person )?responsible( person)?$`},
	{id: "assistant", tier: tierFallback, fn: FunctionAssistant, gk: yes(),
		pat: `assisten[tz]|assistant|sekretär|secretary|\bpa\b|back ?office`,
		// "Assistant Project Manager" is a junior manager; "Assistant to the
		// Manager" is an assistant (a word that is not "to" may stand
		// between).
		unless: `assistant ((?:[a-su-z]\w*|t[a-np-z]\w*|to\w+|t) ){0,2}(manager|director|professor|general|vp|vice|head)|\bpa\b.*(anlage|system)`},
}

// secretaryWords are a secretary's title in English, French and Swedish:
// an office's secretary (assistant) or, in an association, its board's
// (see the context rules).
const secretaryWords = `\bsecretary\b|\bsecretaire\b|\bsekreterare\b`

// legalRepresentation and prokuraWords are the words of a legal
// representative and of a Prokurist, shared by the function rules, the
// seniority steps and the organisation-context rules.
const (
	legalRepresentation = `vertretungsberechtigt|vertreten durch|gesetzliche\w* vertret`
	prokuraWords        = `prokurist|\bprokura\b|einzelprokura|gesamtprokura|\bppa\b|generalbevollm`
)

// partStart and partEnd anchor a pattern to the whole title or to one part
// of a compound title, the parts separated by punctuation or a conjunction
// ("Partner & Director", "Director, USA", "WP/StB – Partner").
const (
	partStart = `(^|[;|,&/–—+] ?| - | (and|und|sowie) )`
	partEnd   = `( ?[;|,&/–—+]| - | (and|und|sowie) |$)`
)

// compiled is a rule ready to match: built-in or from the configuration.
type compiled struct {
	id     string
	re     *filtered
	unless *filtered
	fn     Function
	// sen, senFixed, br and gk as in builtin.
	sen      Seniority
	senFixed bool
	br       BuyingRole
	gk       *bool
	heading  bool
}

// compilePattern compiles a configured rule pattern for the normalized
// title: case-insensitive, umlauts widened.
func compilePattern(p string) (*filtered, error) {
	return compileFiltered(`(?i)` + expandPattern(p))
}

// compileBuiltin compiles a built-in pattern. Built-in patterns are written
// in lower case and the normalized title is lower case, so they skip (?i),
// which costs a case fold per rune compared.
func compileBuiltin(p string) (*filtered, error) {
	return compileFiltered(expandPattern(p))
}

// compiled returns b's decisions (without its patterns, which the caller
// compiles): one place that copies every field, so a new one is not missed
// by the built-in or the context rules.
func (b builtin) compiled() compiled {
	return compiled{id: b.id, fn: b.fn, sen: b.sen, senFixed: b.senFixed || b.sen != "", br: b.br, gk: b.gk, heading: b.heading}
}

// builtinTiers are the compiled built-in rules, by tier in order.
var builtinTiers = mustCompileBuiltins()

func mustCompileBuiltins() [][]compiled {
	var tiers [][]compiled
	for _, b := range builtins {
		re, err := compileBuiltin(b.pat)
		if err != nil {
			panic(fmt.Sprintf("roles: built-in rule %s: %v", b.id, err))
		}
		c := b.compiled()
		c.re = re
		if b.unless != "" {
			if c.unless, err = compileBuiltin(b.unless); err != nil {
				panic(fmt.Sprintf("roles: built-in rule %s unless: %v", b.id, err))
			}
		}
		for int(b.tier) >= len(tiers) {
			tiers = append(tiers, nil)
		}
		tiers[b.tier] = append(tiers[b.tier], c)
	}
	return tiers
}

// seniorityRule is one step of the seniority ladder.
type seniorityRule struct {
	re  *filtered
	sen Seniority
	// top marks the c_level and vp_director steps, which an assistant's
	// title never reaches: "Assistentin des Vorstands" is not the Vorstand.
	top bool
}

// seniorityRules are tried in order; the first match sets the level. The
// order is the point: "Teamleiter" must be seen as a manager before the
// generic "leiter" reads it as a head, "Senior Manager" as a manager before
// "senior" reads it as staff.
var seniorityRules = func() []seniorityRule {
	steps := []struct {
		pat string
		sen Seniority
		top bool
	}{
		{`(product|process|system|data|risk|content|asset|application|platform|technical|feature|batch|study) owner`, SeniorityStaff, false},
		{`non-?executive|independent director`, SeniorityCLevel, true},
		{`\b(ceo|cfo|cto|coo|cio|cmo|cpo|cso|cco|cdo|cdio|chro|ciso|cqo|clo|cao|cbo|csco|cxo)\b|\bchief\b[^;|,]*\bofficer\b|chief executive|geschäfts?f(ü)?h|\bgf\b|geschäftsleit|managing director|general manager|\bgm\b|\bpresident\b|präsident|vorstand|aufsichtsrat|verwaltungsrat|stiftungsrat|\bboard\b|chairm|chairwoman|chairperson|\bchair\b|vorsitz|inhaber|eigentümer|\bowner\b|gesellschafter|proprietor|founder|gründer|managing partner|` + legalRepresentation + `|authori[sz]ed representative|legal representative|executive committee|\bexco\b|corporate officer|schatzmeister|schriftführer|director general|generaldirektor`, SeniorityCLevel, true},
		{`\b(vp|svp|evp|avp)\b|vizepräsident|director|direktor|directeur|directrice|direttore|` + prokuraWords + `|general counsel|country (manager|head|lead)`, SeniorityVPDirector, true},
		{`(team|gruppen|schicht|projekt|kolonnen|filial|bau)[- ]?(leit|führ)|team ?lead|\blead\b|supervisor|vorarbeiter|(industrie|schicht|werk|betriebs|produktions|fertigungs)meister|\bmeister\b|\bforeman\b`, SeniorityManager, false},
		{`leiter|leitung|leitend|\bhead\b|\bchef|\bleader\b|plant manager|site manager|\bhod\b|editor[- ]in[- ]chief|chief editor|managing editor`, SeniorityHead, false},
		{`manager|\bmgr\b`, SeniorityManager, false},
		{`sachbearbeit|mitarbeit|referent|specialist|spezialist|engineer|ingenieur|techniker|technician|assisten|assistant|associate|analyst|koordinator|coordinator|einkäufer|\bbuyer|operator|laborant|pharmakant|chemikant|consultant|berater|advis[eo]r|planner|clerk|kaufmann|kauffrau|fachkraft|expert|scientist|wissenschaftler|representative|\bagent\b|trainee|azubi|auszubildende|\bintern\b|praktikant|werkstudent|junior|senior|disponent|accountant|buchhalter|controller|developer|entwickler|programmierer|administrator|elektriker|elektroniker|mechaniker|mechatroniker|electrician|mechanic|officer|beauftragte|redakteur|editor|designer|gestalter|auditor|inspector|prüfer|schlosser|monteur|fahrer|driver|arbeiter|worker|angestellte|employee|\bstaff\b|team member|apotheker|pharmacist|chemist|chemiker|biolog|meister|support|verkäufer|salesperson|sekretär|secretary|` + secretaryWords + `|empfang|rezeption|receptionist|telefonist|qualified person|sachkundige|counsel|anwalt|anwält|lawyer|attorney|solicitor|barrister|jurist|syndikus|justiziar|justitiar|lagerist|sprecher|konstrukteur|lehrling|(maschinen|anlagen|stapler)führer|bediener|\bpa\b|\bea\b|dpo\b|\bdsb\b`, SeniorityStaff, false},
	}
	out := make([]seniorityRule, len(steps))
	for i, s := range steps {
		re, err := compileBuiltin(s.pat)
		if err != nil {
			panic(fmt.Sprintf("roles: seniority rule %d: %v", i, err))
		}
		out[i] = seniorityRule{re: re, sen: s.sen, top: s.top}
	}
	return out
}()

// principal matches the part of an assistant's title that names whom they
// assist: "Sekretärin der Geschäftsleitung", "Assistenz Geschäftsleitung",
// "Assistant to the Head of Procurement". That part says nothing of the assistant's own level.
var principal = regexp.MustCompile(expandPattern(`(assist[ae]n[tz]\w*|sekretär\w*|secretary|sekretariat|referent\w*|büro|office|personal assistant|executive assistant|\bpa|\bea)\s+((der|des|dem|von|vom|für|bei|to|of|for)\s|` +
	// Here, unlike in the rule, "Leitungsbau" is whom the assistant
	// serves too: only the assistant's own level is read.
	`(geschäftsf|geschäftsleit|vorstand|inhaber|direktion|leitung|werksleit|werkleit)).*$`))

// germanPrincipal names whom a German assistant's title without its
// article serves ("Assistenz Geschäftsleitung"); "Leitungsbau" is a trade.
const germanPrincipal = `(geschäftsf|geschäftsleit|vorstand|inhaber|direktion|leitung\b|werksleit|werkleit)`

// detectSeniority reads the level from the normalized title. For
// assistants the C-level and VP steps are skipped and the principal they
// assist is cut off first: their titles name their principal's level, not
// their own.
func detectSeniority(norm string, assistant bool) Seniority {
	if assistant {
		if loc := principal.FindStringSubmatchIndex(norm); loc != nil {
			norm = norm[:loc[3]]
		}
	}
	for _, r := range seniorityRules {
		if assistant && r.top {
			continue
		}
		if r.re.MatchString(norm) {
			return r.sen
		}
	}
	return SeniorityUnknown
}
