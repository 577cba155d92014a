// Package salesforcetest is a fake Salesforce org over httptest for the
// tests and benchmarks of connectors/salesforce. It follows the REST API
// documentation where the connector relies on it: the OAuth 2.0 token
// endpoint (refresh-token and client-credentials grants, instance_url in
// the answer), 401 INVALID_SESSION_ID for an expired session, SOQL queries
// (a subset: WHERE with AND/OR/NOT/IN and parentheses, typed literals
// including unquoted datetimes, ORDER BY, LIMIT, one child relationship
// subquery) paged by nextRecordsUrl at 2,000 records (Sforce-Query-Options
// batchSize), INVALID_FIELD, MALFORMED_QUERY and INVALID_QUERY_LOCATOR
// errors in Salesforce's [{"message","errorCode","fields"}] bodies, sObject
// Describe, sObject Get Deleted with its 15-day window, queryAll with
// IsDeleted, sObject Collections update and upsert by external ID with
// per-record results (allOrNone false), the Tooling API's CustomField, and
// the Sforce-Limit-Info header with 403 REQUEST_LIMIT_EXCEEDED past the
// daily allowance.
//
// Imports: nothing of the module; a fake may import its own connector, crm
// and internal/*, never another connector, a domain package or store.
// test/layout checks this.
package salesforcetest
