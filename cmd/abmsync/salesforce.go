package main

import (
	"context"
	"fmt"
	"io"

	"github.com/abmsync/abmsync/connectors/salesforce"
	"github.com/abmsync/abmsync/crm"
	"github.com/abmsync/abmsync/metrics"
)

// salesforceCmd is "abmsync salesforce fields": the custom fields abmsync
// writes, as a package an admin deploys when the integration user may not
// create fields itself.
func salesforceCmd(_ context.Context, args []string, _ func(string) string, stdout, stderr io.Writer) error {
	if len(args) > 0 && isHelpFlag(args[0]) {
		args = []string{"fields", args[0]} // fields is the only subcommand
	}
	switch {
	case len(args) == 0:
		return usageFailure(stderr, "salesforce fields", "missing subcommand fields")
	case args[0] != "fields":
		return usageFailure(stderr, "salesforce fields", fmt.Sprintf("unknown subcommand %q; the only one is fields", args[0]))
	}
	fs := newFlags("salesforce fields")
	out := fs.String("out", "", "folder to write the package to (created if missing)")
	target := fs.String("target-field", salesforce.DefaultTargetField, "the Account checkbox marking target accounts (salesforce.target_field)")
	version := fs.String("api-version", salesforce.DefaultAPIVersion, "API version of the package (salesforce.api_version)")
	if err := parseFlags(fs, args[1:], stdout, stderr); err != nil {
		return err
	}
	if *out == "" || fs.NArg() > 0 {
		return usageFailure(stderr, "salesforce fields", "give --out DIR")
	}
	company := metrics.CompanyPropertyDefs()
	company = append(company, metrics.LinkedInPropertyDefs()...)
	contact := metrics.ContactPropertyDefs()
	specs := append(salesforce.FieldSpecsFor(crm.Companies, company, *target), salesforce.FieldSpecsFor(crm.Contacts, contact, *target)...)
	if err := salesforce.WriteFieldPackage(*out, *version, specs); err != nil {
		return fmt.Errorf("salesforce fields: %w", err)
	}
	fmt.Fprintf(stdout, "wrote %d fields to %s; deploy with: sf project deploy start --metadata-dir %s, then assign the permission set abmsync_integration to the integration user\n", len(specs), *out, *out)
	return nil
}
