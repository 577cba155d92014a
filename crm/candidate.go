package crm

import "time"

// Provenance says where a fact came from.
type Provenance struct {
	// Source is the kind of source: "web", "press", "linkedin", "crm".
	Source string `json:"source"`
	// URL is the page or file the fact was read from.
	URL       string    `json:"url,omitempty"`
	FetchedAt time.Time `json:"fetched_at,omitzero"`
	// Extractor names the rule that found it ("imprint", "jsonld" ...).
	Extractor  string  `json:"extractor,omitempty"`
	Confidence float64 `json:"confidence"`
}

// Candidate is one person one source found at one account: what the
// key-contact pipeline (keycontacts/merge) resolves into people, and what
// the store keeps per account and source. Its JSON form (Go field names,
// no tags) is the stored form: fields are added, never renamed.
type Candidate struct {
	AccountID   string
	Name        string // as written, titles included
	Title       string // academic title
	GivenName   string
	FamilyName  string
	Email       string
	Phone       string
	LinkedInURL string
	RoleText    string
	Function    string
	Seniority   string
	BuyingRole  string
	Gatekeeper  bool
	// Kind marks people who are not buying-committee members
	// ("editorial_responsible", "data_protection").
	Kind string
	// WarmPath says who in the firm knows the person ("known by Anna Berg
	// since 2024-10-09"), from a LinkedIn Connections export.
	WarmPath string
	From     Provenance
}
