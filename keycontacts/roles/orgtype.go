package roles

import "fmt"

// OrgType is the form of the organisation a title is held at, as far as the
// caller knows it. The same office word names different things in different
// organisations: the Vorstand of an AG runs the company (executive), the
// Vorstand of an e.V. is its elected board; a club's President, Secretary
// and Directors are its committee, a corporation's President is its chief
// executive and a firm's Secretary its assistant. The empty value says
// "unknown" and classifies the title alone.
type OrgType string

// The organisation types.
const (
	OrgUnknown OrgType = ""
	// OrgAssociation: a membership or non-profit body run by an elected or
	// appointed board: Verein, e.V., Verband, Stiftung, society, club,
	// union, charity, foundation.
	OrgAssociation OrgType = "association"
	// OrgCompany: a business with a legal form such as GmbH, AG, SE, KG,
	// Ltd, LLC, Inc. or plc.
	OrgCompany OrgType = "company"
	// OrgTrade: a company in the building and installation trades
	// (contractors, builders, roofers, electricians, plumbers, heating and
	// HVAC firms, painters). It is a company for every company rule, and
	// its project managers, coordinators and supervisors run the work on
	// site: production, where elsewhere the same titles say nothing of the
	// function.
	OrgTrade OrgType = "trade"
)

// Valid reports whether o is one of the organisation types (the empty
// unknown included).
func (o OrgType) Valid() bool {
	switch o {
	case OrgUnknown, OrgAssociation, OrgCompany, OrgTrade:
		return true
	}
	return false
}

// form is the legal form behind o: a trade firm is a company.
func (o OrgType) form() OrgType {
	if o == OrgTrade {
		return OrgCompany
	}
	return o
}

// noRule stands in a context rule's of list for a title no built-in rule
// decides.
const noRule = "none"

// contextRule re-reads the title that a built-in rule decided when the
// organisation's form is known. It applies when the deciding rule is one of
// of (noRule for none), the normalized title matches when (if set) and not
// unless. A rule for OrgCompany applies to OrgTrade as well.
type contextRule struct {
	org    OrgType
	of     []string
	when   string
	unless string
	rule   builtin
}

// contextRules are the office words whose function depends on the
// organisation. They never touch the councils (Aufsichtsrat, Beirat,
// Verwaltungsrat), which mean the same everywhere, nor titles that already
// name what the person runs ("President & CEO", "Executive Director",
// "Vorstand Finanzen" stays a board member of a club).
var contextRules = []contextRule{
	// An association's President and Vice President chair its board; a
	// president who is also its chief executive says so.
	{org: OrgAssociation, of: []string{"exec.ceo"},
		when:   `\bpresident(e)?\b`,
		unless: `\bceo\b|chief executive|managing director|general manager|\bgm\b|director general|generaldirektor|\bgerant|directeur|amministratore`,
		rule:   builtin{id: "board.association_president", fn: FunctionBoard, sen: SeniorityCLevel}},
	// A club's or society's Secretary keeps its minutes and letters: an
	// officer of the committee, not an office assistant. A secretary of
	// someone ("Secretary to the Director", the gatekeeper rule) or of an
	// office stays an assistant.
	{org: OrgAssociation, of: []string{"assistant.front_office", "assistant"},
		when:   secretaryWords,
		unless: `assist|office|personal|executive secretary|medical secretary|legal secretary|school secretary|parish secretary|sekretär|sekretariat|\bto\b|de direction|medicale|administrative|comptable`,
		rule:   builtin{id: "board.association_secretary", fn: FunctionBoard, sen: SeniorityCLevel}},
	// An association's Director is a director of its board (the trustees
	// of a charitable company are its directors); its Executive Director
	// runs the office.
	{org: OrgAssociation, of: []string{"exec.director"},
		unless: `executive|direktor|direktion`,
		rule:   builtin{id: "board.association_director", fn: FunctionBoard, sen: SeniorityCLevel}},
	// An association is represented by its board (§ 26 BGB: the Vorstand
	// represents the Verein): its "Vertreten durch" and
	// "vertretungsberechtigt" name board members.
	{org: OrgAssociation, of: []string{"exec.authorized_representative"},
		when:   legalRepresentation + `|represented by|legal representative`,
		unless: `geschäftsf|prokur|managing|\bceo\b|director|direktor`,
		rule:   builtin{id: "board.association_representative", fn: FunctionBoard, sen: SeniorityCLevel}},
	// An association's "geschäftsführender Vorstand" is the inner board
	// that § 26 BGB makes its representatives: board members, not
	// managers; its Geschäftsführer, named as such, runs the office.
	{org: OrgAssociation, of: []string{"exec.managing_director"},
		when:   `geschäftsführende[nmrs]?\W+vorstand`,
		unless: `geschäftsführer|geschäftsführung|geschäftsleit`,
		rule:   builtin{id: "board.association_executive_board", fn: FunctionBoard, sen: SeniorityCLevel}},
	// The Vorstand of an AG, SE or cooperative runs the company, and its
	// chair is the chief executive; a company's bare "Vorsitzender" chairs
	// that management (the chair of a council names the council, which the
	// council tier reads first).
	{org: OrgCompany, of: []string{"board", "board.chair_ceo", "board.finance"},
		when:   `vorstand|vorstände|vorsitz`,
		unless: `verwaltungsrat|stiftungsrat|\bboard\b|chair|präsident|ehren`,
		rule:   builtin{id: "exec.company_vorstand", fn: FunctionExecutive, sen: SeniorityCLevel, br: BuyingRoleExecutiveSponsor}},
	// A company's bare Vice President is one of its officers; a club's is
	// the vice chair of its board (the built-in reading).
	{org: OrgCompany, of: []string{"board.association_officer"},
		when: `^vp$`,
		rule: builtin{id: "exec.company_vp", fn: FunctionExecutive, sen: SeniorityVPDirector, br: BuyingRoleExecutiveSponsor}},
	// An association's vice presidents for a portfolio ("VP Programs",
	// "Vice President for Membership") and of the body itself are officers
	// of its board; a vice president of a department ("Vice President of
	// Community Impact") is a foundation's staff, an executive.
	{org: OrgAssociation, of: []string{"exec.vp"},
		when: `\bvp of the (association|society|club|board|federation|chapter|league|union)\b`,
		rule: builtin{id: "board.association_vp_of_body", fn: FunctionBoard, sen: SeniorityCLevel}},
	{org: OrgAssociation, of: []string{"exec.vp"},
		unless: `\bvp of\b`,
		rule:   builtin{id: "board.association_vp", fn: FunctionBoard, sen: SeniorityCLevel}},
	// A society's council is its governing board ("IBS Council Member",
	// "Member of Council"); a town's councillors are no association's.
	{org: OrgAssociation, of: []string{noRule},
		when: `\bcouncil (member|representative)s?\b|\bmember of (the )?council\b`,
		rule: builtin{id: "board.association_council", fn: FunctionBoard, sen: SeniorityCLevel}},
	// A contractor's project managers, project coordinators and
	// supervisors run its jobs on site, as its foremen and site managers
	// do; a software house's or a law firm's do not say what they run. A
	// title naming marketing, IT, finance or compliance never gets here:
	// the built-in rule for that function decides it first.
	{org: OrgTrade, of: []string{noRule},
		when:   `project (manager|coordinator|lead|leader|supervisor)|projektleit|projektmanag|supervisor|superintendent`,
		unless: `office|account|client|customer|sales|hr\b|human|quality|safety|admin`,
		rule:   builtin{id: "production.trade_project", fn: FunctionProduction}},
}

// compiledContext is a contextRule ready to match.
type compiledContext struct {
	org    OrgType
	of     map[string]bool
	when   *filtered
	unless *filtered
	rule   compiled
}

var contextTable = mustCompileContext()

func mustCompileContext() []compiledContext {
	known := make(map[string]bool, len(builtins)+1)
	known[noRule] = true
	for _, b := range builtins {
		known[b.id] = true
	}
	out := make([]compiledContext, 0, len(contextRules))
	for _, r := range contextRules {
		c := compiledContext{org: r.org, of: map[string]bool{}}
		for _, id := range r.of {
			// A renamed built-in rule would otherwise switch its context
			// rule off without a word.
			if !known[id] {
				panic(fmt.Sprintf("roles: context rule %s re-reads unknown rule %q", r.rule.id, id))
			}
			c.of[id] = true
		}
		var err error
		if r.when != "" {
			if c.when, err = compileBuiltin(r.when); err != nil {
				panic(fmt.Sprintf("roles: context rule %s: %v", r.rule.id, err))
			}
		}
		if r.unless != "" {
			if c.unless, err = compileBuiltin(r.unless); err != nil {
				panic(fmt.Sprintf("roles: context rule %s unless: %v", r.rule.id, err))
			}
		}
		b := r.rule
		c.rule = b.compiled()
		out = append(out, c)
	}
	return out
}

// inContext returns the rule that decides norm in an organisation of type
// org: a context rule that re-reads the built-in rule bi, or bi itself.
func inContext(bi *compiled, norm string, org OrgType) *compiled {
	if org == OrgUnknown {
		return bi
	}
	id := noRule
	if bi != nil {
		id = bi.id
	}
	for i := range contextTable {
		c := &contextTable[i]
		if c.org != org && c.org != org.form() || !c.of[id] {
			continue
		}
		if c.when != nil && !c.when.MatchString(norm) {
			continue
		}
		if c.unless != nil && c.unless.MatchString(norm) {
			continue
		}
		return &c.rule
	}
	return bi
}
