package salesforce

import (
	"strings"

	"github.com/abmsync/abmsync/crm"
)

// Salesforce sObject types behind abmsync's object types.
const (
	Account                = "Account"
	Contact                = "Contact"
	Opportunity            = "Opportunity"
	OpportunityContactRole = "OpportunityContactRole"
)

// SObject returns the sObject type behind an abmsync object type.
func SObject(o crm.ObjectType) (string, bool) {
	switch o {
	case crm.Companies:
		return Account, true
	case crm.Contacts:
		return Contact, true
	case crm.Deals:
		return Opportunity, true
	}
	return "", false
}

// Standard fields: the record model's property → the Salesforce field it is
// read from (and written to). Properties without a Salesforce counterpart
// (HubSpot's tracking cookie, its email-open dates ...) are absent: they are
// not selected and stay empty, as on a HubSpot portal without them.
var standardFields = map[crm.ObjectType]map[string]string{
	crm.Companies: {
		"name":                "Name",
		"domain":              "Website",
		"website":             "Website",
		"industry":            "Industry",
		"numberofemployees":   "NumberOfEmployees",
		"country":             "BillingCountry",
		"type":                "Type",
		"createdate":          "CreatedDate",
		"hs_lastmodifieddate": "SystemModstamp",
	},
	crm.Contacts: {
		"email":                "Email",
		"firstname":            "FirstName",
		"lastname":             "LastName",
		"jobtitle":             "Title",
		"phone":                "Phone",
		"notes_last_contacted": "LastActivityDate",
		"hs_email_optout":      "HasOptedOutOfEmail",
		"lead_source":          "LeadSource",
		"createdate":           "CreatedDate",
		"lastmodifieddate":     "SystemModstamp",
	},
	crm.Deals: {
		"dealname":            "Name",
		"dealstage":           "StageName",
		"hs_is_closed":        "IsClosed",
		"hs_is_closed_won":    "IsWon",
		"amount":              "Amount",
		"createdate":          "CreatedDate",
		"closedate":           "CloseDate",
		"dealtype":            "Type",
		"lead_source":         "LeadSource",
		"hs_lastmodifieddate": "SystemModstamp",
	},
}

// renamedCustom are abmsync properties whose custom field is not named by
// the general rule of CustomField.
var renamedCustom = map[string]string{
	"hs_buying_role":            "ABM_Role__c",
	"hs_linkedin_url":           "ABM_LinkedIn_URL__c",
	"hs_ideal_customer_profile": "ABM_ICP_Tier__c",
	"linkedin_company_page":     "ABM_LinkedIn_Company_Page__c",
}

// ownProperty reports whether a property is one abmsync writes (and so
// keeps in a custom field of its own).
func ownProperty(name string) bool {
	_, renamed := renamedCustom[name]
	return renamed || strings.HasPrefix(name, "abm_")
}

// CustomField returns the custom field that holds abmsync's property name:
// abm_known_contacts → ABM_Known_Contacts__c. Properties abmsync shares
// with HubSpot's own names (hs_buying_role, hs_linkedin_url ...) have fixed
// names (ABM_Role__c, ABM_LinkedIn_URL__c ...).
func CustomField(name string) string {
	if f, ok := renamedCustom[name]; ok {
		return f
	}
	parts := strings.Split(strings.TrimPrefix(name, "abm_"), "_")
	for i, p := range parts {
		if p != "" {
			parts[i] = strings.ToUpper(p[:1]) + p[1:]
		}
	}
	return "ABM_" + strings.Join(parts, "_") + "__c"
}

// field returns the Salesforce field behind property prop of obj: a
// standard field, the target-account checkbox, abmsync's custom field, or
// prop itself when it is already a Salesforce API name (a configured ICP,
// NPS or referral field such as Rating or NPS__c). ok is false for
// properties Salesforce has no counterpart of.
func (c *Client) field(obj crm.ObjectType, prop string) (string, bool) {
	if f, ok := standardFields[obj][prop]; ok {
		return f, true
	}
	if obj == crm.Companies && prop == "hs_is_target_account" {
		return c.targetField, true
	}
	if ownProperty(prop) {
		return CustomField(prop), true
	}
	if strings.HasSuffix(prop, "__c") || strings.ToLower(prop) != prop {
		return prop, true
	}
	return "", false
}

// normalizeWebsite turns an Account's Website ("https://www.Example.com/about")
// into the bare domain abmsync matches accounts by ("example.com").
func normalizeWebsite(v string) string {
	v = strings.ToLower(strings.TrimSpace(v))
	if i := strings.Index(v, "://"); i >= 0 {
		v = v[i+3:]
	}
	if i := strings.IndexAny(v, "/?#"); i >= 0 {
		v = v[:i]
	}
	if i := strings.LastIndex(v, "@"); i >= 0 {
		v = v[i+1:]
	}
	if h, _, ok := strings.Cut(v, ":"); ok {
		v = h
	}
	return strings.TrimPrefix(v, "www.")
}

// dealType maps an Opportunity's Type onto HubSpot's dealtype values, which
// the upsell KPI reads: "Existing Customer - Upgrade" and its kin are
// existing business, "New Customer" new business.
func dealType(v string) string {
	l := strings.ToLower(strings.TrimSpace(v))
	switch {
	case l == "":
		return ""
	case strings.HasPrefix(l, "existing"):
		return "existingbusiness"
	case strings.HasPrefix(l, "new"):
		return "newbusiness"
	}
	return l
}
