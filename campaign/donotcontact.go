package campaign

import (
	"context"
	"errors"
	"fmt"

	"github.com/abmsync/abmsync/crm"
	"github.com/abmsync/abmsync/keycontacts/merge"
	"github.com/abmsync/abmsync/store"
)

// This file joins the store, which keeps only keyed fingerprints, with the
// key-contact rules that say which person a value names (merge): the
// do-not-contact list and erasure.

// DoNotContact returns st's suppression list, ready to match candidates
// (merge.DoNotContact.Suppressed) under st's fingerprinter.
func DoNotContact(ctx context.Context, st *store.Store) (merge.DoNotContact, error) {
	fp, err := st.Fingerprinter(ctx)
	if err != nil {
		return merge.DoNotContact{}, err
	}
	emails, names, err := st.DoNotContactFingerprints(ctx)
	if err != nil {
		return merge.DoNotContact{}, err
	}
	return merge.DoNotContact{Emails: emails, Names: names, FP: fp}, nil
}

// AddDoNotContact puts an e-mail address, or a name at an account, on st's
// suppression list; only their keyed fingerprints are stored.
func AddDoNotContact(ctx context.Context, st *store.Store, email, accountID, name string) error {
	fp, err := st.Fingerprinter(ctx)
	if err != nil {
		return err
	}
	var emailFP, nameFP string
	if e := merge.NormalizeEmail(email); e != "" {
		emailFP = fp.Of("email", e)
	}
	if accountID != "" && merge.NormalizeName(name) != "" {
		nameFP = merge.NameEntry(fp, accountID, name)
	}
	if emailFP == "" && nameFP == "" {
		return errors.New("do-not-contact needs an e-mail address or an account and a name")
	}
	return st.AddDoNotContactFingerprints(ctx, emailFP, nameFP)
}

// Forget erases a person from abmsync's own state — key-contact candidates
// of every account with that e-mail address, the pages they were found on
// (read afresh next time) and stored CRM contacts carrying the address's
// fingerprint — after putting the address on the do-not-contact list, so a
// failure half-way leaves the person suppressed. It returns how many
// candidates and stored contacts were removed. The CRM's own record is not
// touched: erasure there is the CRM's process.
func Forget(ctx context.Context, st *store.Store, email string) (candidates, contacts int, err error) {
	e := merge.NormalizeEmail(email)
	if e == "" {
		return 0, 0, fmt.Errorf("forget: %q is not an e-mail address", email)
	}
	fp, err := st.Fingerprinter(ctx)
	if err != nil {
		return 0, 0, err
	}
	// One fingerprint suppresses the address and finds its stored contacts.
	hash := fp.Of("email", e)
	if err := st.AddDoNotContactFingerprints(ctx, hash, ""); err != nil {
		return 0, 0, err
	}
	return st.ErasePerson(ctx, hash, func(c crm.Candidate) bool { return merge.NormalizeEmail(c.Email) == e })
}
