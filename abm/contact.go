package abm

import (
	"maps"
	"strings"

	"github.com/abmsync/abmsync/crm"
)

// MinimizeContact returns a copy of the contact r fit for storage: the e-mail
// address is replaced by has_email = "true", and an empty email property is
// dropped. The known-contacts metric only needs to know that an address
// exists, so keeping the address itself would store personal data without a
// purpose (GDPR Art. 5(1)(c), data minimisation). An existing has_email is
// kept when r has no email property, so minimising twice is harmless. r is
// not modified.
func MinimizeContact(r crm.Record) crm.Record {
	r.Properties = maps.Clone(r.Properties)
	if email, ok := r.Properties["email"]; ok {
		delete(r.Properties, "email")
		if strings.TrimSpace(email) != "" {
			r.Properties["has_email"] = "true"
		}
	}
	return r
}

// hasEmail reports whether contact c has an e-mail address, whether it still
// carries the address or only its minimised has_email flag.
func hasEmail(c crm.Record) bool {
	return strings.TrimSpace(c.Properties["email"]) != "" || isTrue(c.Properties["has_email"])
}
