// Package salesforce is abmsync's connector for Salesforce, following the
// REST API reference (https://developer.salesforce.com/docs/platform/api-rest/guide):
// SOQL queries paged by nextRecordsUrl (Query, Query More Results), sObject
// Describe, sObject Get Deleted, sObject Collections (update and upsert by
// external ID), the Tooling API's CustomField for abmsync's own fields, the
// Sforce-Limit-Info header, and OAuth 2.0 (refresh-token and
// client-credentials flows).
//
// Salesforce's objects map onto abmsync's record model (package crm) here,
// so that everything after the connector sees the same records it sees from
// HubSpot: Account → companies, Contact → contacts, Opportunity → deals,
// and OpportunityContactRole → the contacts associated with a deal. The
// property names are those of the record model (domain, dealstage,
// hs_is_closed_won ...); Mapping names the Salesforce field behind each, and
// abmsync's own properties (abm_*) live in custom fields named by
// CustomField (abm_known_contacts → ABM_Known_Contacts__c).
//
// Package salesforcetest is an httptest fake of the same API.
//
// Imports: crm and internal/* of the module and its own subpackage
// salesforcetest (in tests) only; never another connector, a domain package
// (keycontacts/*, metrics, traffic) or store, and no Redis or queue client.
// test/layout checks this.
package salesforce
