// Package linkedintest is an in-memory fake of the parts of LinkedIn's
// Marketing API and OAuth 2.0 server that abmsync uses, served over
// net/http/httptest, for the linkedin connector's tests and end-to-end tests
// of the admin server's connect flow. It does not import the connector.
//
// Every /rest/ call must carry a well-formed LinkedIn-Version header
// (missing: 400 VERSION_MISSING; listed in Options.RetiredVersions: 426
// NONEXISTENT_VERSION), X-Restli-Protocol-Version: 2.0.0 and a bearer token
// (missing: 401 "Empty oauth2_access_token"; unknown: 401
// INVALID_ACCESS_TOKEN; expired: 401 EXPIRED_ACCESS_TOKEN; revoked: 401
// REVOKED_ACCESS_TOKEN). Error bodies carry message, serviceErrorCode,
// status and code as LinkedIn's do. Query strings are parsed with Rest.li
// 2.0 rules (ParseQuery): List(...) and (key:value) structure must be
// literal and leaves inside it percent-encoded once; url.Values-style
// encoding (List%28...) and double encoding (%253A) answer 400.
//
//	GET  /rest/dmpSegments?q=account&account=..[&sourcePlatform=..][&start=..&count=..]
//	                                   paged finder (default count 10), 403 for another account
//	POST /rest/dmpSegments             201, new ID in x-restli-id; requires name, type,
//	                                   account, sourcePlatform (the app's), destinations LINKEDIN;
//	                                   unknown fields 400; the new segment answers 404 for its
//	                                   first Options.NotFoundReads requests
//	GET  /rest/dmpSegments/{id}
//	POST /rest/dmpSegments/{id}/companies
//	                                   X-RestLi-Method: BATCH_CREATE, <= MaxBatchElements elements;
//	                                   200 with one status per element in order: 201, or 400 with
//	                                   an error message (bad action, bad organizationUrn, invalid
//	                                   companyWebsiteDomain, no identifier)
//	GET  /rest/adAnalytics?q=analytics&pivot=MEMBER_COMPANY&timeGranularity=DAILY|ALL
//	     &dateRange=(start:(..),end:(..))&accounts=List(..)&fields=..
//	                                   deterministic data (Engagement); rows under
//	                                   Options.WithholdBelow impressions are absent; no paging,
//	                                   silently truncated at MaxAnalyticsElements
//	GET  /rest/adTargetingEntities?q=typeahead&facet=urn%3Ali%3AadTargetingFacet%3Aemployers
//	     &query=TEXT[&queryVersion=QUERY_USES_URNS][&start=..&count=..]
//	                                   Options.Employers whose name has a word starting with
//	                                   TEXT (look-alikes included), paged (default count 10),
//	                                   elements {urn, facetUrn, name} (legacy value instead of
//	                                   urn without QUERY_USES_URNS); other facets 400
//	GET  /oauth/v2/authorization       redirects to redirect_uri with code and state
//	                                   (or error=user_cancelled_authorize after DenyNext)
//	POST /oauth/v2/accessToken         authorization_code and refresh_token grants, client
//	                                   credentials in the form body; access tokens live
//	                                   5184000 s, refresh tokens 31536000 s from the first
//	                                   authorization (refreshing does not extend them)
//
// Throttle answers 429 with Retry-After; FailNext and Inject replace the
// next matching answer; Calls counts requests per endpoint and Requests
// records them with raw query, headers and body.
//
// What the fake does not know from LinkedIn's documentation and assumes:
// the exact 400 bodies for query syntax errors, the element error shape
// inside a BATCH_CREATE answer ({"status":400,"error":{"message":..}}), the
// maximum batch size (MaxBatchElements = 5000), the withholding rule, and
// Retry-After on 429 (LinkedIn does not document sending it).
//
// Imports: nothing of the module; a fake may import its own connector, crm
// and internal/*, never another connector, a domain package or store.
// test/layout checks this.
package linkedintest
