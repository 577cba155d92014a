package roles

// Function is the business function a job title belongs to. The values are
// the vocabulary of the hand labels in shared/corpus/web/labels.json, so the
// classifier, the extractor and the labels speak one language.
type Function string

// The functions. FunctionOther is the answer for an empty or unrecognised
// title: a classifier that guesses is worse than one that says "don't know".
const (
	FunctionExecutive            Function = "executive"
	FunctionBoard                Function = "board"
	FunctionSupervisoryBoard     Function = "supervisory_board"
	FunctionProcurement          Function = "procurement"
	FunctionSales                Function = "sales"
	FunctionMarketing            Function = "marketing"
	FunctionEngineering          Function = "engineering"
	FunctionProduction           Function = "production"
	FunctionQuality              Function = "quality"
	FunctionIT                   Function = "it"
	FunctionFinance              Function = "finance"
	FunctionLegal                Function = "legal"
	FunctionAssistant            Function = "assistant"
	FunctionEditorialResponsible Function = "editorial_responsible"
	FunctionDataProtection       Function = "data_protection"
	FunctionOwner                Function = "owner"
	FunctionOther                Function = "other"
)

// Functions lists every valid Function, in the order of the constants:
// leadership and boards, then departments, then the imprint's special
// duties, owner and other.
var Functions = []Function{
	FunctionExecutive, FunctionBoard, FunctionSupervisoryBoard, FunctionProcurement,
	FunctionSales, FunctionMarketing, FunctionEngineering, FunctionProduction,
	FunctionQuality, FunctionIT, FunctionFinance, FunctionLegal, FunctionAssistant,
	FunctionEditorialResponsible, FunctionDataProtection, FunctionOwner, FunctionOther,
}

// Valid reports whether f is one of Functions.
func (f Function) Valid() bool {
	for _, v := range Functions {
		if f == v {
			return true
		}
	}
	return false
}

// Seniority is the level a job title states. The empty value means the title
// names a department or a duty ("Einkauf", "Verantwortlich für den Inhalt")
// but no level; it is kept apart from SeniorityStaff so that downstream code
// does not mistake "we don't know" for "junior".
type Seniority string

// The seniorities, highest first.
const (
	SeniorityUnknown    Seniority = ""
	SeniorityCLevel     Seniority = "c_level"     // C-level, Geschäftsführung, Vorstand, Aufsichtsrat, owner
	SeniorityVPDirector Seniority = "vp_director" // VP, SVP, EVP, Director, Prokurist
	SeniorityHead       Seniority = "head"        // Head of, Leiter/in, Leitung
	SeniorityManager    Seniority = "manager"     // Manager, Team-/Gruppen-/Schichtleiter, Lead, Supervisor
	SeniorityStaff      Seniority = "staff"       // Sachbearbeiter, Specialist, Engineer, Assistant ...
)

// Seniorities lists every valid Seniority, highest first, including the
// empty SeniorityUnknown.
var Seniorities = []Seniority{
	SeniorityCLevel, SeniorityVPDirector, SeniorityHead, SeniorityManager, SeniorityStaff, SeniorityUnknown,
}

// Valid reports whether s is one of Seniorities (the empty value included).
func (s Seniority) Valid() bool {
	for _, v := range Seniorities {
		if s == v {
			return true
		}
	}
	return false
}

// BuyingRole is a value of HubSpot's contact property hs_buying_role, spelled
// as HubSpot's internal option value so it can be written back unchanged.
type BuyingRole string

// The hs_buying_role internal values.
const (
	BuyingRoleDecisionMaker      BuyingRole = "DECISION_MAKER"
	BuyingRoleBudgetHolder       BuyingRole = "BUDGET_HOLDER"
	BuyingRoleExecutiveSponsor   BuyingRole = "EXECUTIVE_SPONSOR"
	BuyingRoleChampion           BuyingRole = "CHAMPION"
	BuyingRoleInfluencer         BuyingRole = "INFLUENCER"
	BuyingRoleEndUser            BuyingRole = "END_USER"
	BuyingRoleLegalAndCompliance BuyingRole = "LEGAL_AND_COMPLIANCE"
	BuyingRoleBlocker            BuyingRole = "BLOCKER"
	BuyingRoleOther              BuyingRole = "OTHER"
)

// BuyingRoles lists every valid BuyingRole.
var BuyingRoles = []BuyingRole{
	BuyingRoleDecisionMaker, BuyingRoleBudgetHolder, BuyingRoleExecutiveSponsor,
	BuyingRoleChampion, BuyingRoleInfluencer, BuyingRoleEndUser,
	BuyingRoleLegalAndCompliance, BuyingRoleBlocker, BuyingRoleOther,
}

// Valid reports whether b is one of BuyingRoles. The empty value is not valid:
// every Classification carries a buying role.
func (b BuyingRole) Valid() bool {
	for _, v := range BuyingRoles {
		if b == v {
			return true
		}
	}
	return false
}

// BuyingRoleFor is the buying role a title of function f and seniority s gets
// when no rule names one. It is the policy of the package in one place; see
// the package documentation for the reasoning. It never returns
// BuyingRoleBlocker: opposing a purchase is a stance a sales rep observes in a
// deal, not something a job title says.
func BuyingRoleFor(f Function, s Seniority) BuyingRole {
	switch f {
	case FunctionOwner:
		return BuyingRoleDecisionMaker
	case FunctionExecutive:
		switch s {
		case SeniorityCLevel:
			// Geschäftsführer, CEO, Managing Director: they sign.
			return BuyingRoleDecisionMaker
		case SeniorityVPDirector, SeniorityHead:
			// Prokurist, "Director" of a small company: senior, not the signature.
			return BuyingRoleExecutiveSponsor
		}
		return BuyingRoleInfluencer
	case FunctionBoard:
		return BuyingRoleExecutiveSponsor
	case FunctionSupervisoryBoard, FunctionAssistant, FunctionEditorialResponsible:
		return BuyingRoleOther
	case FunctionLegal, FunctionDataProtection:
		return BuyingRoleLegalAndCompliance
	case FunctionFinance:
		switch s {
		case SeniorityCLevel, SeniorityVPDirector, SeniorityHead:
			return BuyingRoleBudgetHolder
		case SeniorityManager:
			return BuyingRoleInfluencer
		}
		return BuyingRoleOther
	}
	if s == SeniorityCLevel {
		// Any other C-level (CTO, CPO, CMO, CIO ...): sponsors, not signers.
		return BuyingRoleExecutiveSponsor
	}
	switch f {
	case FunctionEngineering, FunctionProduction, FunctionQuality:
		switch s {
		case SeniorityVPDirector, SeniorityHead, SeniorityManager:
			return BuyingRoleChampion
		}
		return BuyingRoleEndUser
	case FunctionProcurement:
		return BuyingRoleInfluencer
	case FunctionIT:
		switch s {
		case SeniorityVPDirector, SeniorityHead, SeniorityManager:
			return BuyingRoleInfluencer
		}
		return BuyingRoleOther
	}
	// sales, marketing, other: not part of a capital-equipment buying centre.
	return BuyingRoleOther
}

// Classification is what the classifier says about one job title. The json
// names are the ones `abmsync classify --json` prints.
type Classification struct {
	// Title is the input exactly as given.
	Title      string     `json:"title"`
	Function   Function   `json:"function"`
	Seniority  Seniority  `json:"seniority"`
	BuyingRole BuyingRole `json:"buying_role"`
	// Gatekeeper marks the people who guard a decision maker's calendar and
	// inbox (Sekretariat, Assistenz der Geschäftsführung, Office Management,
	// Empfang): not buyers, but the way in.
	Gatekeeper bool `json:"gatekeeper"`
	// Rule names the rule that decided, for explainability: "config[2]" for
	// the third configured rule, a built-in rule's id such as
	// "exec.managing_director", "config[0]+quality" when a config rule set
	// only some fields and a built-in rule supplied the rest, or "none" when
	// nothing matched.
	Rule string `json:"rule"`
}
