package merge

import (
	"slices"
	"strconv"
	"strings"

	"github.com/abmsync/abmsync/crm"
	"github.com/abmsync/abmsync/internal/fingerprint"
)

// Fact is one value with its provenance.
type Fact struct {
	Value string         `json:"value"`
	From  crm.Provenance `json:"from"`
}

// Existing is a contact already in the CRM, as the store keeps it: only
// fingerprints of its e-mail, name and LinkedIn profile URL, never the
// values. The fingerprints may be keyed or legacy (fingerprint.Fingerprinter.Canon).
type Existing struct {
	ID           string
	AccountID    string
	EmailHash    string
	NameHash     string
	LinkedInHash string
	JobTitle     string
	BuyingRole   string
}

// Field names of Person.Facts.
const (
	FieldName       = "name"
	FieldTitle      = "title"
	FieldGivenName  = "given_name"
	FieldFamilyName = "family_name"
	FieldEmail      = "email"
	FieldPhone      = "phone"
	FieldLinkedIn   = "linkedin_url"
	FieldRole       = "role_text"
	FieldFunction   = "function"
	FieldSeniority  = "seniority"
	FieldBuyingRole = "buying_role"
	FieldGatekeeper = "gatekeeper"
	FieldKind       = "kind"
	// FieldWarmPath joins every warm path to the person with "; ".
	FieldWarmPath = "warm_path"
)

// Person is one resolved person at one account.
type Person struct {
	AccountID string
	// Key is the abm_contact_key: stable for the account and normalised name.
	Key string
	// CRMID is the id of the matching CRM contact, "" for a new person.
	CRMID string
	// Facts holds the best value of each field with its provenance.
	Facts map[string]Fact
	// Sources lists every source that named this person.
	Sources []crm.Provenance

	email, nameKey string
}

// Value returns the value of field ("" when unknown).
func (p Person) Value(field string) string { return p.Facts[field].Value }

// Merge resolves cands and existing into one Person per real person and
// account, in a stable order (account, then key). Candidates without a usable
// name (no account, or a single name word and no e-mail) are dropped. Existing contacts are only attached (CRMID) to people a
// candidate names — same e-mail, same normalised name or same LinkedIn
// profile, compared as fingerprints under fp —; they are not returned on
// their own. With a nil fp no existing contact is attached.
func Merge(fp *fingerprint.Fingerprinter, existing []Existing, cands []crm.Candidate) []Person {
	type account struct {
		people  []*Person
		byEmail map[string]*Person
		byName  map[string]*Person
	}
	accounts := map[string]*account{}
	for _, c := range cands {
		nameKey := NormalizeName(c.Name)
		// Within one run people are matched on the normalised address
		// itself; it never leaves memory.
		emailHash := NormalizeEmail(c.Email)
		// A person needs a given and a family name; a single word ("Huber",
		// "Impressum") is only used when an e-mail ties it to someone.
		if c.AccountID == "" || nameKey == "" || (!strings.Contains(nameKey, " ") && emailHash == "") {
			continue
		}
		a := accounts[c.AccountID]
		if a == nil {
			a = &account{byEmail: map[string]*Person{}, byName: map[string]*Person{}}
			accounts[c.AccountID] = a
		}
		p := a.byEmail[emailHash]
		if p == nil || emailHash == "" {
			p = a.byName[nameKey]
			// Same name but a different known e-mail: two people.
			if p != nil && p.email != "" && emailHash != "" && p.email != emailHash {
				p = nil
			}
		}
		if p == nil {
			p = &Person{AccountID: c.AccountID, Facts: map[string]Fact{}, nameKey: nameKey}
			a.people = append(a.people, p)
			a.byName[nameKey] = p
		}
		if a.byName[nameKey] == nil {
			a.byName[nameKey] = p
		}
		if emailHash != "" && p.email == "" {
			p.email = emailHash
			a.byEmail[emailHash] = p
		}
		p.add(c)
	}
	var out []Person
	for _, a := range accounts {
		for _, p := range a.people {
			// The key follows the best name, so it does not depend on the
			// order in which sources were read.
			p.Key = ContactKey(p.AccountID, p.Value(FieldName))
			p.nameKey = NormalizeName(p.Value(FieldName))
			p.CRMID = p.existingID(fp, existing)
			out = append(out, *p)
		}
	}
	slices.SortFunc(out, func(a, b Person) int {
		if a.AccountID != b.AccountID {
			return strings.Compare(a.AccountID, b.AccountID)
		}
		return strings.Compare(a.Key, b.Key)
	})
	return out
}

// existingID returns the id of the first existing contact of p's account
// that shares p's e-mail, name or LinkedIn profile, "" when none.
func (p *Person) existingID(fp *fingerprint.Fingerprinter, existing []Existing) string {
	if fp == nil {
		return ""
	}
	var email, name, li string
	for _, e := range existing {
		if e.AccountID != p.AccountID {
			continue
		}
		if name == "" { // computed once, and only when the account has contacts
			email, name = fp.Of("email", p.email), fp.Of("name", p.nameKey)
			li = fp.Of("linkedin", NormalizeLinkedInURL(p.Value(FieldLinkedIn)))
		}
		if (email != "" && fp.Canon(e.EmailHash) == email) || (name != "" && fp.Canon(e.NameHash) == name) ||
			(li != "" && fp.Canon(e.LinkedInHash) == li) {
			return e.ID
		}
	}
	return ""
}

func (p *Person) add(c crm.Candidate) {
	p.Sources = append(p.Sources, c.From)
	set := func(field, v string) {
		if v == "" {
			return
		}
		cur, ok := p.Facts[field]
		if !ok || better(c.From, cur.From) {
			p.Facts[field] = Fact{Value: v, From: c.From}
		}
	}
	set(FieldName, c.Name)
	set(FieldTitle, c.Title)
	set(FieldGivenName, c.GivenName)
	set(FieldFamilyName, c.FamilyName)
	set(FieldEmail, NormalizeEmail(c.Email))
	set(FieldPhone, c.Phone)
	set(FieldLinkedIn, c.LinkedInURL)
	set(FieldRole, c.RoleText)
	set(FieldFunction, c.Function)
	set(FieldSeniority, c.Seniority)
	set(FieldBuyingRole, c.BuyingRole)
	set(FieldKind, c.Kind)
	if c.Gatekeeper {
		set(FieldGatekeeper, strconv.FormatBool(true))
	}
	if c.WarmPath != "" {
		// Every colleague who knows the person is a path: keep them all,
		// sorted so the value does not depend on input order.
		paths := strings.Split(p.Facts[FieldWarmPath].Value, "; ")
		if !slices.Contains(paths, c.WarmPath) {
			paths = append(slices.DeleteFunc(paths, func(s string) bool { return s == "" }), c.WarmPath)
			slices.Sort(paths)
			p.Facts[FieldWarmPath] = Fact{Value: strings.Join(paths, "; "), From: c.From}
		}
	}
}

// better reports whether a fact from a should replace one from b: higher
// confidence wins, then the newer observation, then the source URL order so
// the result never depends on input order.
func better(a, b crm.Provenance) bool {
	if a.Confidence != b.Confidence {
		return a.Confidence > b.Confidence
	}
	if !a.FetchedAt.Equal(b.FetchedAt) {
		return a.FetchedAt.After(b.FetchedAt)
	}
	return a.URL < b.URL
}

// DoNotContact is the suppression list: keyed fingerprints (under FP) of
// e-mail addresses, and of account + normalised name for people known
// without an address. Emails and Names hold keyed fingerprints only
// (fingerprint.Fingerprinter.Canon of what is stored).
type DoNotContact struct {
	Emails map[string]bool
	Names  map[string]bool
	// FP makes the fingerprints compared with the list; required when
	// the list is not empty.
	FP *fingerprint.Fingerprinter
}

// NameEntry is the fingerprint DoNotContact.Names holds for a person.
func NameEntry(fp *fingerprint.Fingerprinter, accountID, name string) string {
	return fp.Of("account-name", accountID+"\x00"+NormalizeName(name))
}

// Suppressed reports whether c names a person on the list; such a person is
// never stored, re-discovered or pushed.
func (d DoNotContact) Suppressed(c crm.Candidate) bool {
	if len(d.Emails) > 0 {
		if e := NormalizeEmail(c.Email); e != "" && d.Emails[d.FP.Of("email", e)] {
			return true
		}
	}
	return len(d.Names) > 0 && d.Names[NameEntry(d.FP, c.AccountID, c.Name)]
}
