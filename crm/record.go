package crm

import (
	"errors"
	"fmt"
	"time"
)

// ObjectType names a CRM object collection. The values are HubSpot's object
// type names because HubSpot is the reference CRM; other connectors map to them.
type ObjectType string

// The object types abmsync syncs.
const (
	Companies ObjectType = "companies"
	Contacts  ObjectType = "contacts"
	Deals     ObjectType = "deals"
)

// AllObjects lists the synced object types in pull order: companies first so
// that contacts and deals can be attached to known accounts.
var AllObjects = []ObjectType{Companies, Contacts, Deals}

// ParseObjectType returns the ObjectType named s or an error naming s.
func ParseObjectType(s string) (ObjectType, error) {
	for _, o := range AllObjects {
		if string(o) == s {
			return o, nil
		}
	}
	return "", fmt.Errorf("unknown object type %q (want companies, contacts or deals)", s)
}

// Record is one CRM object as abmsync keeps it. Properties hold only the
// property values the features need (see the Properties lists of each
// connector request); Associations hold the IDs of associated objects by type
// (for contacts and deals: the companies they belong to).
type Record struct {
	Type         ObjectType              `json:"type"`
	ID           string                  `json:"id"`
	Properties   map[string]string       `json:"properties,omitempty"`
	Associations map[ObjectType][]string `json:"associations,omitempty"`
	CreatedAt    time.Time               `json:"created_at,omitzero"`
	UpdatedAt    time.Time               `json:"updated_at,omitzero"`
	Archived     bool                    `json:"archived,omitempty"`
	// Source names where the record came from ("hubspot", "csv"), so every
	// stored fact can be traced to its origin.
	Source string `json:"source"`
}

// PullRequest asks a connector for one page of records.
type PullRequest struct {
	Object ObjectType
	// Properties to return; connectors must request exactly these.
	Properties []string
	// Associations to return with each record (e.g. companies for contacts).
	Associations []ObjectType
	// Since, when non-zero, asks for records modified at or after Since,
	// ordered by modification time ascending (incremental pull). Zero means a
	// full listing.
	Since time.Time
	// Archived asks for archived (deleted) records instead of live ones.
	Archived bool
	// Token continues a previous pull: the Next value of the previous Page.
	// Empty starts at the beginning. It is opaque to callers.
	Token string
}

// Page is one page of a pull.
type Page struct {
	Records []Record
	// Next continues the pull; empty when there are no more records.
	Next string
	// Calls is the number of HTTP requests made to produce this page,
	// retries included.
	Calls int
}

// Update is a set of property values to write to one record.
type Update struct {
	ID         string            `json:"id"`
	Properties map[string]string `json:"properties"`
}

// RecordError reports why one record of a batch was not written.
type RecordError struct {
	ID       string `json:"id,omitempty"`
	Category string `json:"category,omitempty"`
	Message  string `json:"message"`
}

// UpdateResult reports a batch write record by record: a batch is never
// reported as a whole when only part of it was written (HubSpot's 207).
type UpdateResult struct {
	Updated []string
	Failed  []RecordError
	Calls   int
}

// PropertyDef describes a custom property abmsync writes.
type PropertyDef struct {
	Name        string `json:"name"`
	Label       string `json:"label"`
	Type        string `json:"type"`      // string, number, date, datetime, bool, enumeration
	FieldType   string `json:"fieldType"` // text, number, date, booleancheckbox ...
	GroupName   string `json:"groupName"`
	Description string `json:"description,omitempty"`
}

// PropertyGroup describes the property group abmsync's properties live in.
type PropertyGroup struct {
	Name  string `json:"name"`
	Label string `json:"label"`
}

// Temporary is implemented by errors after which the same request may succeed
// later; RetryDelay says how long to wait first (0: caller's backoff).
type Temporary interface {
	error
	RetryDelay() time.Duration
}

// ErrPermanent marks errors that a retry cannot fix (bad request, revoked
// authorization, unknown property). Connectors wrap it so workers stop
// retrying: errors.Is(err, crm.ErrPermanent).
var ErrPermanent = errors.New("permanent error")

// ErrRateLimited marks rate-limit errors; such errors also implement
// Temporary with the delay the API asked for. They are not failures.
var ErrRateLimited = errors.New("rate limited")
