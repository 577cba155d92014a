// Package hubspottest is an in-memory fake HubSpot portal served over
// net/http/httptest, for the hubspot connector's unit tests, end-to-end tests
// and benchmarks. It follows HubSpot's documented behaviour
// (https://developers.hubspot.com/docs/api-reference/) for the endpoints the
// connector uses, under one date version (default "2026-03"):
//
//	GET  /crm/objects/{v}/{type}                 limit <= 100 (else 400), cursor paging by ID,
//	                                             properties (unknown names omitted), associations, archived
//	POST /crm/objects/{v}/{type}/search          limit <= 200, after < 10,000 (else 400), <= 5 filter
//	                                             groups / 6 filters each / 18 in all, one sort,
//	                                             no archived records; ties in the sort go by ID
//	POST /crm/objects/{v}/{type}/batch/update    <= 100 inputs, 207 with per-record errors
//	                                             (PROPERTY_DOESNT_EXIST, OBJECT_NOT_FOUND) when
//	                                             some succeed, 400 when none does
//	POST /crm/objects/{v}/{type}/batch/upsert    <= 100 inputs, one idProperty (email or a
//	                                             hasUniqueValue property, else 400); creates
//	                                             ("new": true) or updates; 207 with per-input
//	                                             errors (INVALID_EMAIL, PROPERTY_DOESNT_EXIST,
//	                                             INVALID_OPTION, READ_ONLY_VALUE, CONFLICT on a
//	                                             unique value held elsewhere) when every input
//	                                             has an objectWriteTraceId, else 400
//	POST /crm/objects/{v}/{type}/batch/read      <= 100 inputs, by ID or unique idProperty;
//	                                             207 OBJECT_NOT_FOUND for missing ones
//	POST /crm/associations/{v}/{from}/{to}/batch/read  <= 1,000 inputs, paged per input
//	POST /crm/associations/{v}/{from}/{to}/batch/associate/default
//	                                             both directions, idempotent, 207 for missing records
//	GET|POST /crm/properties/{v}/{type}[/groups] 409 OBJECT_ALREADY_EXISTS on duplicates;
//	                                             hasUniqueValue honoured, at most 10 per type
//	POST /oauth/2026-03/token                    refresh_token grant (EnableOAuth)
//
// A wrong version segment answers 404. Rate limits (Options.RateLimitMax,
// SetRateLimit, SetSearchRateLimit) count per portal, in real time or on
// Options.RateLimitClock: non-search answers carry X-HubSpot-RateLimit-Max,
// -Remaining and -Interval-Milliseconds, and a request beyond a limit
// answers 429 with HubSpot's RATE_LIMIT body (policyName
// TEN_SECONDLY_ROLLING, or SECONDLY for search, which carries no headers).
// Faults (FailNext, Inject, FailRandomly) replace the next matching answer,
// optionally after carrying the request out (Fault.Processed). Generate builds large
// portals deterministically; records keep their values in small maps so that
// 130,000 records fit in modest memory, and searches on the last-modified
// property use a lazily rebuilt index.
//
// Imports: nothing of the module; a fake may import its own connector, crm
// and internal/*, never another connector, a domain package or store.
// test/layout checks this.
package hubspottest
