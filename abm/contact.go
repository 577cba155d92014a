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
// lastname are replaced by name_hash for the same purpose; hubspotutk, the
// HubSpot tracking cookie seen with the contact, is replaced by utk_hash
// (UTKHash), so a website visitor carrying that cookie can be attributed to
// the contact's account without abmsync keeping the cookie. Empty values are
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
	if utk, ok := r.Properties["hubspotutk"]; ok {
		delete(r.Properties, "hubspotutk")
		if h := UTKHash(utk); h != "" {
			r.Properties["utk_hash"] = h
		}
	}
	return r
}

// UTKHash returns the fingerprint under which a visitor cookie id (HubSpot's
// hubspotutk) is stored and looked up: merge.Hash("utk", …) of the value
// trimmed and lower-cased (HubSpot writes it as 32 lower-case hex digits),
// "" for an empty value. The cookie is a random 128-bit id, so the
// fingerprint cannot be reversed by trying values.
func UTKHash(cookieID string) string {
	return merge.Hash("utk", strings.ToLower(strings.TrimSpace(cookieID)))
}

// hasEmail reports whether contact c has an e-mail address, whether it still
// carries the address or only its minimised has_email flag.
func hasEmail(c crm.Record) bool {
	return strings.TrimSpace(c.Properties["email"]) != "" || isTrue(c.Properties["has_email"])
}
