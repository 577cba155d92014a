// Package merge resolves key-contact candidates from every source (company
// websites, trade press, LinkedIn exports) and the contacts already in the
// CRM into one person per account, never a duplicate, keeping for every fact
// where it came from. It does no I/O.
//
// Matching within an account: the e-mail address first, then the normalised
// name (case, umlauts vs. ae/oe/ue/ss, academic titles and middle initials
// ignored). Across accounts nothing is merged: the same name at two
// companies is two people.
//
// What lives here: the merge itself, name and e-mail normalisation
// (NormalizeName, ContactKey), the normal forms in which e-mail addresses,
// names, profile URLs and cookie ids are fingerprinted (the keyed
// fingerprints themselves: internal/fingerprint), and the minimisation that
// replaces those values by their fingerprints before a contact is stored
// (MinimizeContact, UTKHash).
//
// Imports: as a domain package, only crm, internal/* and the other domain
// packages (keycontacts/*, metrics, traffic) of the module: no connector, no
// store, no Redis or queue client, no net or net/http. test/layout checks
// this.
package merge
