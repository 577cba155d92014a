// Package hubspot is abmsync's connector to HubSpot's date-versioned CRM API
// (https://developers.hubspot.com/docs/api-reference/). It pulls companies,
// contacts and deals as crm.Record pages, writes properties back in batches
// and creates the custom properties abmsync needs.
//
// The client follows google/go-github's shape: New builds a *Client around a
// caller-supplied *http.Client; one method per API call (List, Search,
// BatchRead, BatchReadAssociations, BatchUpdate, UpsertContacts,
// EnsureProperties) and one
// checkResponse that turns every non-2xx answer into an *ErrorResponse or a
// *RateLimitError. Cross-cutting concerns are layered http.RoundTrippers
// (transport.go), from the outside in:
//
//	retry       429: wait Retry-After, else 1 s for the per-second (SECONDLY)
//	            limit, else X-HubSpot-RateLimit-Interval-Milliseconds, and
//	            resend (any method; not for the DAILY limit); 5xx, timeouts and
//	            connection errors: exponential backoff with jitter, only for
//	            reads and for writes that are replay-safe (contact upserts keyed
//	            by a unique property, default associations, property and
//	            property group creation, where a resend answers 409)
//	rate limit  client-side sliding windows: the portal's own budget
//	            (X-HubSpot-RateLimit-Max per -Interval-Milliseconds, adopted
//	            from every answer; DefaultRequestsPer10s until the first),
//	            capped by RequestsPer10s when set, for every call;
//	            SearchPerSecond per second for search calls. Calls of other
//	            clients that X-HubSpot-RateLimit-Remaining reveals, and a 429,
//	            hold the budget back too
//	auth        "Authorization: Bearer" from a private-app token or an OAuth
//	            access token refreshed before it expires
//	count       counts every HTTP attempt (Client.Calls, crm.Page.Calls) and
//	            applies the caller's http.Client.Timeout to each attempt
//
// Endpoints used (version = Config.APIVersion, default "2026-03"):
//
//	GET  /crm/objects/{version}/{objectType}                    list, limit <= 100
//	POST /crm/objects/{version}/{objectType}/search             search, limit <= 200, 10,000 results per query
//	POST /crm/objects/{version}/{objectType}/batch/update       <= 100 inputs, 207 on partial failure
//	POST /crm/objects/{version}/{objectType}/batch/read         <= 100 inputs, by ID or unique idProperty
//	POST /crm/objects/{version}/contacts/batch/upsert           <= 100 inputs, idProperty email or abm_contact_key
//	POST /crm/associations/{version}/{from}/{to}/batch/read     <= 1,000 inputs, paged per input
//	POST /crm/associations/{version}/contacts/companies/batch/associate/default  sent <= 100 inputs
//	GET|POST /crm/properties/{version}/{objectType}[/groups]
//	POST /oauth/2026-03/token                                   refresh_token grant
//
// Tokens (private-app token, OAuth access and refresh tokens, client secret)
// never appear in errors or logs.
//
// Package hubspottest provides an in-memory fake HubSpot portal for tests and
// benchmarks.
//
// Imports: crm and internal/* of the module and its own subpackage
// hubspottest (in tests) only; never another connector, a domain package
// (keycontacts/*, metrics, traffic) or store, and no Redis or queue client.
// test/layout checks this.
package hubspot
