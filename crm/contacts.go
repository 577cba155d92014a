package crm

// ContactKeyProperty is the contact property that identifies a key contact
// abmsync found when no e-mail address is known: a value derived from the
// account and the person's normalized name. Connectors create it as a
// unique property (see UniqueProperty), which is what makes writing the
// same contact twice update one record instead of creating two.
const ContactKeyProperty = "abm_contact_key"

// UniqueProperty reports whether the property name of object o must be
// created as a unique-value property (HubSpot's hasUniqueValue). It is a
// fixed part of the record model, not configuration: upserts keyed by the
// property are only idempotent when the CRM enforces its uniqueness. A
// connector's EnsureProperties honours it for the definitions it is given.
func UniqueProperty(o ObjectType, name string) bool {
	return o == Contacts && name == ContactKeyProperty
}

// ContactUpsert is one contact to create or update, keyed by e-mail address
// where known, otherwise by Key.
type ContactUpsert struct {
	// Key is the contact's ContactKeyProperty value; always set. It is
	// written to the contact even when the contact is matched by e-mail.
	Key string
	// Email is the contact's e-mail address, lower-cased; empty when
	// unknown.
	Email string
	// CompanyID is the CRM ID of the company the contact belongs to; the
	// connector associates the contact with it. Empty: no association.
	CompanyID string
	// Properties are the values to write; "" clears a value.
	Properties map[string]string
	// KeepIfSet names properties of Properties that are written only when
	// the CRM value is empty, so that a value a person set is never
	// overwritten (e.g. hs_buying_role).
	KeepIfSet []string
}

// UpsertedContact is a contact written by an upsert.
type UpsertedContact struct {
	Key string
	// ID is the contact's CRM record ID.
	ID string
	// Created is true when the contact did not exist before.
	Created bool
}

// UpsertResult reports a contact upsert input by input: every input is
// either in Written or in Failed (RecordError.ID is the input's Key), never
// dropped.
type UpsertResult struct {
	Written []UpsertedContact
	Failed  []RecordError
	// Calls is the number of HTTP requests made, retries included.
	Calls int
}
