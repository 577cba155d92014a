package merge

import (
	"maps"
	"strings"

	"github.com/abmsync/abmsync/crm"
	"github.com/abmsync/abmsync/internal/fingerprint"
)

// MinimizeContact returns a copy of the contact r fit for storage (GDPR Art.
// 5(1)(c), data minimisation), with fingerprints made by fp (keyed: see
// fingerprint.Fingerprinter): the e-mail address is replaced by has_email =
// "true" and email_hash, a fingerprint that lets key-contact merging match a
// candidate's address without abmsync keeping the address; firstname and
// lastname are replaced by name_hash for the same purpose; hs_linkedin_url
// by has_linkedin = "true" and linkedin_hash (of NormalizeLinkedInURL,
// so the same profile matches however it is written); hubspotutk, the
// HubSpot tracking cookie seen with the contact, is replaced by utk_hash
// (UTKHash), so a website visitor carrying that cookie can be attributed to
// the contact's account without abmsync keeping the cookie. Empty values are
// dropped. An existing flag or fingerprint is kept when r no longer carries
// the value, and one stored in the unkeyed legacy form is converted
// (Fingerprinter.Canon), so minimising twice is harmless and minimising a
// record stored by an older version brings it up to date. r is not
// modified.
func MinimizeContact(fp *fingerprint.Fingerprinter, r crm.Record) crm.Record {
	r.Properties = maps.Clone(r.Properties)
	for _, k := range []string{"email_hash", "name_hash", "linkedin_hash", "utk_hash"} {
		if v, ok := r.Properties[k]; ok {
			r.Properties[k] = fp.Canon(v)
		}
	}
	if email, ok := r.Properties["email"]; ok {
		delete(r.Properties, "email")
		if e := NormalizeEmail(email); e != "" {
			r.Properties["has_email"] = "true"
			r.Properties["email_hash"] = fp.Of("email", e)
		}
	}
	first, hasFirst := r.Properties["firstname"]
	last, hasLast := r.Properties["lastname"]
	if hasFirst || hasLast {
		delete(r.Properties, "firstname")
		delete(r.Properties, "lastname")
		if n := NormalizeName(strings.TrimSpace(first + " " + last)); n != "" {
			r.Properties["name_hash"] = fp.Of("name", n)
		}
	}
	if u, ok := r.Properties["hs_linkedin_url"]; ok {
		delete(r.Properties, "hs_linkedin_url")
		if n := NormalizeLinkedInURL(u); n != "" {
			r.Properties["has_linkedin"] = "true"
			r.Properties["linkedin_hash"] = fp.Of("linkedin", n)
		}
	}
	if utk, ok := r.Properties["hubspotutk"]; ok {
		delete(r.Properties, "hubspotutk")
		if h := UTKHash(fp, utk); h != "" {
			r.Properties["utk_hash"] = h
		}
	}
	return r
}

// UTKHash returns the fingerprint under which a visitor cookie id (HubSpot's
// hubspotutk) is stored and looked up: fp.Of("utk", …) of the value
// trimmed and lower-cased (HubSpot writes it as 32 lower-case hex digits),
// "" for an empty value.
func UTKHash(fp *fingerprint.Fingerprinter, cookieID string) string {
	return fp.Of("utk", strings.ToLower(strings.TrimSpace(cookieID)))
}
