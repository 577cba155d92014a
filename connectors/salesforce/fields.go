package salesforce

import (
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/abmsync/abmsync/crm"
)

// FieldSpec is a custom field abmsync needs, in Metadata API terms.
type FieldSpec struct {
	// Object is the sObject (Account, Contact) and Name the field's API
	// name (ABM_Known_Contacts__c).
	Object, Name string
	Label        string
	Description  string
	// Type is the Metadata API type: Number, Text, LongTextArea, Date,
	// DateTime or Checkbox.
	Type string
	// Precision and Scale size a Number; Length a Text or LongTextArea.
	Precision, Scale, Length int
	// ExternalID and Unique make the field an upsert key.
	ExternalID, Unique bool
}

// FullName is Object.Name, as the Tooling and Metadata APIs name fields.
func (f FieldSpec) FullName() string { return f.Object + "." + f.Name }

// FieldSpecs returns the custom fields behind defs of obj (only abmsync's
// own and the target checkbox; standard fields need nothing), plus, for
// companies, the target-account checkbox.
func (c *Client) FieldSpecs(obj crm.ObjectType, defs []crm.PropertyDef) []FieldSpec {
	return FieldSpecsFor(obj, defs, c.targetField)
}

// FieldSpecsFor is FieldSpecs for a target field named targetField, without
// a client.
func FieldSpecsFor(obj crm.ObjectType, defs []crm.PropertyDef, targetField string) []FieldSpec {
	sobject, ok := SObject(obj)
	if !ok {
		return nil
	}
	var out []FieldSpec
	seen := map[string]bool{}
	add := func(s FieldSpec) {
		if !seen[s.Name] {
			seen[s.Name] = true
			out = append(out, s)
		}
	}
	if obj == crm.Companies && strings.HasSuffix(targetField, "__c") {
		add(FieldSpec{Object: sobject, Name: targetField, Label: "ABM target account", Type: "Checkbox",
			Description: "Checked for the accounts of the ABM campaign (read and set by abmsync)."})
	}
	for _, d := range defs {
		if !ownProperty(d.Name) {
			continue
		}
		s := FieldSpec{Object: sobject, Name: CustomField(d.Name), Label: truncate(d.Label, 40), Description: truncate(d.Description, 1000)}
		switch {
		case crm.UniqueProperty(obj, d.Name):
			s.Type, s.Length, s.ExternalID, s.Unique = "Text", 255, true, true
		case d.Type == "number":
			s.Type, s.Precision, s.Scale = "Number", 18, 6
		case d.Type == "date":
			s.Type = "Date"
		case d.Type == "datetime":
			s.Type = "DateTime"
		case d.Type == "bool" || d.FieldType == "booleancheckbox":
			s.Type = "Checkbox"
		case d.FieldType == "textarea":
			s.Type, s.Length = "LongTextArea", 32768
		default:
			s.Type, s.Length = "Text", 255
		}
		add(s)
	}
	return out
}

func truncate(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n])
	}
	return s
}

// metadata is a FieldSpec as the Tooling API's CustomField Metadata.
func (f FieldSpec) metadata() map[string]any {
	m := map[string]any{"label": f.Label, "type": f.Type}
	if f.Description != "" {
		m["description"] = f.Description
	}
	switch f.Type {
	case "Number":
		m["precision"], m["scale"] = f.Precision, f.Scale
	case "Text":
		m["length"] = f.Length
	case "LongTextArea":
		m["length"], m["visibleLines"] = f.Length, 3
	case "Checkbox":
		m["defaultValue"] = "false"
	}
	if f.ExternalID {
		m["externalId"] = true
	}
	if f.Unique {
		m["unique"], m["caseSensitive"] = true, false
	}
	return m
}

// FieldsError says abmsync's fields are missing and could not be created.
// It matches crm.ErrPermanent.
type FieldsError struct {
	Missing []string // Object.Field
	Err     error    // why creating them failed
}

func (e *FieldsError) Error() string {
	return fmt.Sprintf("salesforce: %d custom fields are missing (%s) and the integration user may not create them: %v; "+
		"create them with the package of \"abmsync salesforce fields --out DIR\" (deploy it with the Salesforce CLI) "+
		"or give the user the Customize Application permission", len(e.Missing), firstFew(e.Missing), e.Err)
}

// Is matches crm.ErrPermanent.
func (e *FieldsError) Is(target error) bool { return target == crm.ErrPermanent }

// Unwrap returns why creating them failed.
func (e *FieldsError) Unwrap() error { return e.Err }

func firstFew(names []string) string {
	if len(names) <= 4 {
		return strings.Join(names, ", ")
	}
	return strings.Join(names[:4], ", ") + fmt.Sprintf(" and %d more", len(names)-4)
}

// EnsureProperties creates the custom fields behind defs that obj's
// sObject lacks, through the Tooling API (POST /tooling/sobjects/CustomField),
// one call per missing field after one describe; a field that exists by
// then (DUPLICATE_DEVELOPER_NAME) counts as created. group is not used:
// Salesforce has no property groups. When the user may not create fields,
// it returns a *FieldsError naming the missing ones.
func (c *Client) EnsureProperties(ctx context.Context, obj crm.ObjectType, _ crm.PropertyGroup, defs []crm.PropertyDef) error {
	sobject, ok := SObject(obj)
	if !ok {
		return permanentf("salesforce: create fields of %s: unsupported object type", obj)
	}
	c.forgetDescribe(sobject)
	desc, err := c.Describe(ctx, sobject)
	if err != nil {
		return wrapOp(err, "create fields of %s", sobject)
	}
	var missing []FieldSpec
	for _, s := range c.FieldSpecs(obj, defs) {
		if _, ok := desc[strings.ToLower(s.Name)]; !ok {
			missing = append(missing, s)
		}
	}
	if len(missing) == 0 {
		return nil
	}
	defer c.forgetDescribe(sobject)
	for i, s := range missing {
		err := c.createField(ctx, s)
		if err == nil {
			continue
		}
		if errors.Is(err, crm.ErrPermanent) {
			names := make([]string, 0, len(missing)-i)
			for _, m := range missing[i:] {
				names = append(names, m.FullName())
			}
			return &FieldsError{Missing: names, Err: err}
		}
		return wrapOp(err, "create field %s", s.FullName())
	}
	c.log.Info("created custom fields", "object", sobject, "count", len(missing))
	return nil
}

func (c *Client) createField(ctx context.Context, s FieldSpec) error {
	req, err := c.newRequest(ctx, "POST", c.dataPath("/tooling/sobjects/CustomField"),
		map[string]any{"FullName": s.FullName(), "Metadata": s.metadata()})
	if err != nil {
		return err
	}
	_, err = c.do(req, nil)
	var e *ErrorResponse
	if errors.As(err, &e) && e.HasCode(codeDuplicateDevName) {
		return nil
	}
	return err
}

// WriteFieldPackage writes a Metadata API package (package.xml, the fields
// in objects/*.object, and a permission set abmsync_integration granting
// edit access to them) into dir, for an admin to deploy when the
// integration user may not create fields: sf project deploy start
// --metadata-dir dir.
func WriteFieldPackage(dir, apiVersion string, specs []FieldSpec) error {
	if apiVersion == "" {
		apiVersion = DefaultAPIVersion
	}
	byObject := map[string][]FieldSpec{}
	for _, s := range specs {
		byObject[s.Object] = append(byObject[s.Object], s)
	}
	objects := make([]string, 0, len(byObject))
	for o := range byObject {
		objects = append(objects, o)
	}
	sort.Strings(objects)
	if err := os.MkdirAll(filepath.Join(dir, "objects"), 0o755); err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Join(dir, "permissionsets"), 0o755); err != nil {
		return err
	}
	var members []string
	perm := xPermSet{Label: "abmsync integration", Desc: "Read and edit access to the fields abmsync writes."}
	for _, o := range objects {
		obj := xObject{}
		for _, s := range byObject[o] {
			obj.Fields = append(obj.Fields, metadataField(s))
			members = append(members, s.FullName())
			perm.FieldPerm = append(perm.FieldPerm, xFieldPerm{Editable: true, Field: s.FullName(), Readable: true})
		}
		if err := writeXML(filepath.Join(dir, "objects", o+".object"), obj); err != nil {
			return err
		}
	}
	if err := writeXML(filepath.Join(dir, "permissionsets", "abmsync_integration.permissionset"), perm); err != nil {
		return err
	}
	slices.Sort(members)
	return os.WriteFile(filepath.Join(dir, "package.xml"), []byte(packageXML(members, apiVersion)), 0o644)
}

// xField, xObject, xFieldPerm and xPermSet are the Metadata API's
// CustomField, CustomObject, field permission and PermissionSet as
// WriteFieldPackage writes them.
type xField struct {
	FullName      string `xml:"fullName"`
	Label         string `xml:"label"`
	Description   string `xml:"description,omitempty"`
	Type          string `xml:"type"`
	Precision     int    `xml:"precision,omitempty"`
	Scale         *int   `xml:"scale,omitempty"`
	Length        int    `xml:"length,omitempty"`
	VisibleLines  int    `xml:"visibleLines,omitempty"`
	DefaultValue  string `xml:"defaultValue,omitempty"`
	ExternalID    bool   `xml:"externalId,omitempty"`
	Unique        bool   `xml:"unique,omitempty"`
	CaseSensitive *bool  `xml:"caseSensitive,omitempty"`
}

type xObject struct {
	XMLName xml.Name `xml:"http://soap.sforce.com/2006/04/metadata CustomObject"`
	Fields  []xField `xml:"fields"`
}

type xFieldPerm struct {
	Editable bool   `xml:"editable"`
	Field    string `xml:"field"`
	Readable bool   `xml:"readable"`
}

type xPermSet struct {
	XMLName   xml.Name     `xml:"http://soap.sforce.com/2006/04/metadata PermissionSet"`
	Label     string       `xml:"label"`
	Desc      string       `xml:"description"`
	FieldPerm []xFieldPerm `xml:"fieldPermissions"`
}

// metadataField is the CustomField s describes, with the attributes its
// type requires.
func metadataField(s FieldSpec) xField {
	f := xField{FullName: s.Name, Label: s.Label, Description: s.Description, Type: s.Type, ExternalID: s.ExternalID, Unique: s.Unique}
	switch s.Type {
	case "Number":
		scale := s.Scale
		f.Precision, f.Scale = s.Precision, &scale
	case "Text":
		f.Length = s.Length
	case "LongTextArea":
		f.Length, f.VisibleLines = s.Length, 3
	case "Checkbox":
		f.DefaultValue = "false"
	}
	if s.Unique {
		no := false
		f.CaseSensitive = &no
	}
	return f
}

// packageXML is the package.xml listing the fields (members, sorted) and
// the permission set.
func packageXML(members []string, apiVersion string) string {
	var b strings.Builder
	b.WriteString(xml.Header + "<Package xmlns=\"http://soap.sforce.com/2006/04/metadata\">\n    <types>\n")
	for _, m := range members {
		b.WriteString("        <members>" + m + "</members>\n")
	}
	b.WriteString("        <name>CustomField</name>\n    </types>\n    <types>\n        <members>abmsync_integration</members>\n        <name>PermissionSet</name>\n    </types>\n")
	b.WriteString("    <version>" + strings.TrimPrefix(apiVersion, "v") + "</version>\n</Package>\n")
	return b.String()
}

func writeXML(path string, v any) error {
	b, err := xml.MarshalIndent(v, "", "    ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append([]byte(xml.Header), append(b, '\n')...), 0o644)
}
