package store

import "github.com/abmsync/abmsync/crm"

// SchemaVersion is the version segment of every key.
const SchemaVersion = "v1"

// Keys builds the Redis keys under one prefix ("abmsync" by default).
type Keys struct{ base string }

// NewKeys returns the key builder for prefix.
func NewKeys(prefix string) Keys {
	if prefix == "" {
		prefix = "abmsync"
	}
	return Keys{base: prefix + ":" + SchemaVersion + ":"}
}

// Record is the JSON of one record.
func (k Keys) Record(t crm.ObjectType, id string) string {
	return k.base + "rec:" + string(t) + ":" + id
}

// IDs is the set of stored ids of one object type.
func (k Keys) IDs(t crm.ObjectType) string { return k.base + "ids:" + string(t) }

// Members is the set of ids of type t associated with company id.
func (k Keys) Members(companyID string, t crm.ObjectType) string {
	return k.base + "company:" + companyID + ":" + string(t)
}

// Cursor is the incremental-pull cursor hash of one object type.
func (k Keys) Cursor(t crm.ObjectType) string { return k.base + "cursor:" + string(t) }

// Status is the per-object sync status hash.
func (k Keys) Status(t crm.ObjectType) string { return k.base + "status:" + string(t) }

// Run is the hash of one sync run.
func (k Keys) Run(id string) string { return k.base + "run:" + id }

// Runs is the sorted set of recent run ids by start time.
func (k Keys) Runs() string { return k.base + "runs" }

// Seen collects the ids a full pull saw, for the sweep of deleted records.
func (k Keys) Seen(runID string, t crm.ObjectType) string {
	return k.base + "seen:" + runID + ":" + string(t)
}

// RunSlots is the hash of queued and running sync runs: run id -> the JSON
// slot the workers keep (what the run touches, whether it waits). One key,
// so updating it in a transaction is safe on Redis Cluster too.
func (k Keys) RunSlots() string { return k.base + "runs:slots" }

// Active is the lease naming the run that holds a scope.
func (k Keys) Active(scopeKey string) string { return k.base + "active:" + scopeKey }

// Lease is a named lease (schedule ticks).
func (k Keys) Lease(name string) string { return k.base + "lease:" + name }

// Schema marks that the CRM's custom properties were ensured.
func (k Keys) Schema(version string) string { return k.base + "schema:" + version }

// Pending is the hash of metric updates a run computed and has not pushed
// yet: company id -> JSON object of property values.
func (k Keys) Pending(runID string) string { return k.base + "pending:" + runID }

// Candidates is the hash of one account's key-contact candidates: source
// ("web", "press") -> JSON list of crm.Candidate.
func (k Keys) Candidates(accountID string) string { return k.base + "candidates:" + accountID }

// CandidateAccounts is the set of accounts that have candidates.
func (k Keys) CandidateAccounts() string { return k.base + "candidate-accounts" }

// DoNotContact is the set of suppression fingerprints ("email:<hash>",
// "name:<hash>"; keyed, see fingerprint.Fingerprinter, or legacy ones read through
// Canon).
func (k Keys) DoNotContact() string { return k.base + "dnc" }

// PushedContacts is the hash of what was last written for each key contact
// of an account: contact key -> JSON of property values.
func (k Keys) PushedContacts(accountID string) string { return k.base + "pushed-contacts:" + accountID }

// LinkedInOwner is the set of accounts one owner's Connections import
// touched, so the next import of the same owner replaces them.
func (k Keys) LinkedInOwner(owner string) string { return k.base + "linkedin-owner:" + owner }

// Validators is the hash of conditional-GET validators by page URL.
func (k Keys) Validators() string { return k.base + "web-validators" }

// KeyContacts is the hash of one account's key-contact summary (count,
// buying roles covered) that the metrics read.
func (k Keys) KeyContacts(accountID string) string { return k.base + "key-contacts:" + accountID }

// Secret is a value stored sealed (AES-256-GCM under ABMSYNC_SECRET_KEY),
// such as "linkedin-token". Nothing under it is ever stored in the clear.
func (k Keys) Secret(name string) string { return k.base + "secret:" + name }

// ICPTiers is the hash of the ICP tiers abmsync wrote, by company id.
func (k Keys) ICPTiers() string { return k.base + "icp-tiers" }

// Traffic is the hash of an account's daily website-traffic aggregates:
// YYYY-MM-DD -> JSON of crm.TrafficDay.
func (k Keys) Traffic(accountID string) string { return k.base + "traffic:" + accountID }

// FingerprintKey holds the random fingerprint key (64 hex digits) of an
// installation that has no ABMSYNC_SECRET_KEY; absent when the key is
// derived from the secret.
func (k Keys) FingerprintKey() string { return k.base + "fingerprint:key" }

// FingerprintKeyID is the id (fingerprint.Fingerprinter.KeyID) of the key the
// stored fingerprints were made under, so a process with another key
// refuses to start instead of losing the do-not-contact list.
func (k Keys) FingerprintKeyID() string { return k.base + "fingerprint:key-id" }

// FingerprintMigrated holds the key id once every stored fingerprint was
// converted to the keyed scheme (and LinkedIn URLs to fingerprints).
func (k Keys) FingerprintMigrated() string { return k.base + "fingerprint:migrated" }

// TaskBeat is the heartbeat of a running run task (by its TaskID): it
// expires soon after the process running it dies.
func (k Keys) TaskBeat(taskID string) string { return k.base + "task-beat:" + taskID }
