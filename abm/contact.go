package abm

import (
	"maps"
	"strings"

	"github.com/abmsync/abmsync/crm"
	"github.com/abmsync/abmsync/merge"
)

// MinimizeContact returns a copy of the contact r fit for storage (GDPR Art.
// 5(1)(c), data minimisation): the e-mail address is replaced by has_email =
// "true" and email_hash, a fingerprint that lets key-contact merging match a
// candidate's address without abmsync keeping the address; firstname and
// lastname are replaced by name_hash for the same purpose. Empty values are
// dropped. An existing has_email or hash is kept when r no longer carries the
// value, so minimising twice is harmless. r is not modified.
func MinimizeContact(r crm.Record) crm.Record {
	r.Properties = maps.Clone(r.Properties)
	if email, ok := r.Properties["email"]; ok {
		delete(r.Properties, "email")
		if e := merge.NormalizeEmail(email); e != "" {
			r.Properties["has_email"] = "true"
			r.Properties["email_hash"] = merge.Hash("email", e)
		}
	}
	first, hasFirst := r.Properties["firstname"]
	last, hasLast := r.Properties["lastname"]
	if hasFirst || hasLast {
		delete(r.Properties, "firstname")
		delete(r.Properties, "lastname")
		if n := merge.NormalizeName(strings.TrimSpace(first + " " + last)); n != "" {
			r.Properties["name_hash"] = merge.Hash("name", n)
		}
	}
	return r
}

// hasEmail reports whether contact c has an e-mail address, whether it still
// carries the address or only its minimised has_email flag.
func hasEmail(c crm.Record) bool {
	return strings.TrimSpace(c.Properties["email"]) != "" || isTrue(c.Properties["has_email"])
}
