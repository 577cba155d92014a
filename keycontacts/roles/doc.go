// Package roles classifies job titles, German and English, into a business
// function, a seniority, a HubSpot buying role (hs_buying_role) and abmsync's
// gatekeeper flag. It is pure domain code: no I/O, no state, safe for
// concurrent use. The web extractor classifies the role text it finds on
// imprint and team pages, the CRM sync the job titles of existing contacts,
// and `abmsync classify` prints the result for admins.
//
//	c := roles.Classify("Leiter:in Einkauf, Alpenpharma GmbH")
//	// {Function: procurement, Seniority: head, BuyingRole: INFLUENCER, Rule: "procurement"}
//
// # How a title is read
//
// The title is normalized first (see Rule for the exact form): lower case,
// umlauts as ae/oe/ue/ss, gender forms and "(m/w/d)" removed, degrees such as
// "Dipl.-Ing." dropped, and a trailing employer ("…, Alpenpharma GmbH", "… at
// Novartis", "… bei Bayer") cut off, because company names are full of words
// like Technik, Engineering or Pharma that would otherwise be read as the
// role.
//
// The function comes from the first matching rule: configured rules in order,
// then the built-in table in tiers — gatekeepers, councils (Aufsichtsrat,
// Beirat, Betriebsrat), owners, leadership (C-level, Geschäftsführung,
// Vorstand), founders (a founder who also runs a department is a co-owner),
// departments, fallbacks (Prokurist, bare Director, bare Assistenz). The first tier with a match decides; inside a tier the match
// that starts earliest wins, because titles name the main role first
// ("Buchhaltung und Personal" is finance, "Leiter Einkauf und Logistik"
// procurement). The seniority is read independently from level words
// (Geschäftsführer, VP, Director, Leiter, Teamleiter, Manager, Sachbearbeiter
// …); an assistant's title never lends them their principal's level.
//
// # The organisation
//
// Some office words mean different things in different organisations: the
// Vorstand of an AG runs it, the Vorstand of an e.V. is its elected board; a
// club's President and Secretary sit on its committee, a corporation's
// President is its chief executive; a building contractor's project
// managers and supervisors run its sites (production), where a software
// house's say nothing of their function. ClassifyIn takes the
// organisation's type (OrgAssociation, OrgCompany, OrgTrade — a company in
// the building and installation trades — or OrgUnknown, as the people
// extractor reads it from the page) and re-reads just those words; Classify
// is ClassifyIn with OrgUnknown.
//
// Titles in French, Italian and Dutch (the Swiss, Belgian and Dutch sites of
// a target account: "Chef d'entreprise", "Responsable qualité",
// "Penningmeester") are read by the same rules as their German and English
// equivalents.
//
// # Buying roles
//
// hs_buying_role describes a contact's part in a deal. The defaults below
// (BuyingRoleFor) are for the company this daemon sells to — a pharma or
// biotech site buying a machine from an Austrian machine builder — and a rule
// in the config can change any of them. Write-back sets hs_buying_role only
// when it is empty, so a value a sales rep chose is never overwritten.
//
//   - Geschäftsführer, CEO, Managing Director, owner, Vorstandsvorsitzender:
//     DECISION_MAKER. They sign capital expenditure; the Vorstandsvorsitzende
//     of an AG is its CEO.
//   - Other C-level (COO, CTO, CIO, CPO, CMO …), board members, a
//     Prokurist, a bare "Director", members of the wider management team:
//     EXECUTIVE_SPONSOR. Senior enough to back the project, not the
//     signature.
//   - Finance leaders (CFO, Finanzvorstand, kaufmännischer Geschäftsführer or
//     Leiter, head of controlling): BUDGET_HOLDER — they release the CAPEX.
//     Finance managers are INFLUENCERs (they check the business case), clerks
//     OTHER.
//   - Procurement at every level below C: INFLUENCER. Procurement runs the
//     tender, qualifies suppliers and negotiates, so it shapes the outcome;
//     but in capital-equipment purchases the budget sits with the requesting
//     site or department under a CAPEX approval from finance, so it is not
//     the BUDGET_HOLDER. It is the classic "can say no, cannot say yes"
//     buyer, yet BLOCKER describes a stance toward our offer that a rep
//     observes, not something a title says, so the classifier never assigns
//     BLOCKER. Companies where procurement owns the budget add one config
//     rule (match: einkauf|procurement, buying_role: BUDGET_HOLDER).
//   - Engineering, production and quality with a management title (head,
//     director, VP, manager, Teamleiter): CHAMPION — the technical people who
//     specify, qualify and carry a machine purchase internally. Their staff
//     (operators, technicians, lab analysts): END_USER. Two exceptions, set
//     by rule: EHS and the Qualified Person are INFLUENCERs — they sign off
//     safety and GMP compliance but neither champion nor run the machine.
//   - IT managers and heads: INFLUENCER (machines connect to MES and OT
//     networks, and GMP Annex 11 gives IT a say); IT staff OTHER.
//   - Legal, compliance, regulatory affairs, data protection:
//     LEGAL_AND_COMPLIANCE.
//   - Sales, marketing, HR, R&D (function engineering, as the labelling
//     guide counts it, but not a buyer of production machines), the person
//     responsible for content under § 18 MStV, the supervisory board
//     (controls the Vorstand, does not run purchases), advisory boards,
//     works councils and everything unrecognised: OTHER.
//   - Assistants: OTHER with Gatekeeper set. They are not buyers but the
//     way to the buyers, which is why abmsync tracks them at all.
//
// Imports: nothing of the module; as a domain package it may import at most
// crm, internal/* and the other domain packages (keycontacts/*, metrics,
// traffic): no connector, no store, jobs or campaign, no Redis or queue
// client, no net or net/http. test/layout checks this.
package roles
