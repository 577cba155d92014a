// Package linkedin is abmsync's connector to LinkedIn through its official
// APIs only: the versioned Marketing API for Matched Audiences (DMP
// segments of target companies) and ad analytics per company, and OAuth 2.0
// for the connection. It never scrapes linkedin.com and searches no people:
// LinkedIn's User Agreement forbids the first and no API offers the second.
// The member's own "Connections.csv" data export is a file format, parsed
// in connectors/csv; the Matcher here maps its company names to target
// accounts with the same NormalizeCompany the organization look-up uses.
//
// The client follows google/go-github's shape, like connectors/hubspot: New
// builds a *Client around a caller-supplied *http.Client and an
// oauth2.TokenSource; one method per API use (FindOrCreateCompanySegment,
// UpdateCompanies, CompanyEngagement) and one checkResponse that turns every
// non-2xx answer into an *ErrorResponse (LinkedIn's message,
// serviceErrorCode, status and code) or a *RateLimitError. errors.Is tells
// ErrUnauthorized (401: reconnect), ErrVersionRetired (426: set
// ABMSYNC_LINKEDIN_VERSION), ErrNotFound and crm.ErrPermanent apart.
// Cross-cutting concerns are layered http.RoundTrippers (transport.go), from
// the outside in:
//
//	retry    429: wait Retry-After (else backoff) and resend, any method, up to
//	         2 minutes per call, then *RateLimitError; 5xx, 408, timeouts and
//	         connection errors: exponential backoff with jitter, only for GETs
//	         and for the DMP segment companies batch, which is idempotent
//	         (ADD of a member or REMOVE of a non-member changes nothing, so a
//	         resent batch ends in the same membership). Creating a segment is
//	         not resent; FindOrCreateCompanySegment looks again instead.
//	auth     "Authorization: Bearer" from the token source (a static
//	         ABMSYNC_LINKEDIN_ACCESS_TOKEN or OAuth), API host only; the token
//	         is scrubbed from error bodies; a refused refresh is ErrUnauthorized
//	headers  LinkedIn-Version: Config.Version and X-Restli-Protocol-Version: 2.0.0
//	count    counts every attempt and applies http.Client.Timeout per attempt
//
// Waits run on Config.Clock, so tests run them instantly. Query strings use
// Rest.li 2.0 syntax built by hand (restli.go): List(...) and (key:value)
// stay literal, values inside are percent-encoded once
// (accounts=List(urn%3Ali%3AsponsoredAccount%3A123)); url.Values would
// encode the structure and LinkedIn would refuse it.
//
// Endpoints used (base https://api.linkedin.com, OAuth on https://www.linkedin.com):
//
//	GET  /rest/dmpSegments?q=account&account={urn}&sourcePlatform={enum}[&start=N]
//	POST /rest/dmpSegments                  type COMPANY, accessPolicy PRIVATE, destinations LINKEDIN;
//	                                        201 with the ID in x-restli-id
//	POST /rest/dmpSegments/{id}/companies   X-RestLi-Method: BATCH_CREATE, elements
//	                                        {action ADD|REMOVE, organizationUrn | companyWebsiteDomain
//	                                        + companyName}; 200 with a status per element
//	GET  /rest/adAnalytics?q=analytics&pivot=MEMBER_COMPANY&timeGranularity=DAILY
//	     &dateRange=(start:(year:Y,month:M,day:D),end:(...))&accounts=List(urn%3Ali%3AsponsoredAccount%3AN)
//	     &fields=impressions,clicks,totalEngagements,pivotValues,dateRange
//	GET  /rest/adTargetingEntities?q=typeahead&facet=urn%3Ali%3AadTargetingFacet%3Aemployers
//	     &query=TEXT&queryVersion=QUERY_USES_URNS&count=20
//	                                        organizations by name (SearchEmployers), paced
//	                                        Config.TypeaheadInterval apart
//	GET  /oauth/v2/authorization, POST /oauth/v2/accessToken   (Config.OAuth2)
//
// Scopes: r_ads and r_ads_reporting (Advertising API), rw_dmp_segments
// (Audiences program, granted separately to approved partners; so is the
// DMP sourcePlatform enum, Config.SourcePlatform). The Ad Targeting API's
// employers typeahead needs no scope of its own: any app of the Marketing
// API program may call it with a 3-legged token, so it is how abmsync finds
// organization URNs (MatchEmployers accepts exact names only). Organization
// lookup by vanity name or e-mail domain (/rest/organizations?q=vanityName)
// is left out: it needs the Community Management API.
//
// Tokens (no Redis here): TokenStore seals a Token with AES-256-GCM under
// ABMSYNC_SECRET_KEY (internal/secretbox) and keeps the sealed bytes
// through a TokenKeeper (the store); TokenSource hands out access tokens
// from it and refreshes them, one refresh at a time across processes under
// a Leaser's lease; ExpiryWarnings says when a person must reconnect
// (access tokens live 60 days, refresh tokens 365 days from the first
// authorization and are not extended by refreshing). It imports nothing of
// abmsync's but crm and internal/ helpers.
//
// LinkedIn documentation followed:
//
//   - Versioning: https://learn.microsoft.com/en-us/linkedin/marketing/versioning
//   - Sunset versions (426): https://learn.microsoft.com/en-us/linkedin/marketing/integrations/migrations
//   - Rest.li protocol 2.0 and encoding: https://learn.microsoft.com/en-us/linkedin/shared/api-guide/concepts/protocol-version
//     and https://linkedin.github.io/rest.li/spec/protocol
//   - Error bodies: https://learn.microsoft.com/en-us/linkedin/shared/api-guide/concepts/error-handling
//   - OAuth 2.0 3-legged flow: https://learn.microsoft.com/en-us/linkedin/shared/authentication/authorization-code-flow
//   - Refresh tokens: https://learn.microsoft.com/en-us/linkedin/shared/authentication/programmatic-refresh-tokens
//   - Matched Audiences: https://learn.microsoft.com/en-us/linkedin/marketing/matched-audiences/matched-audiences
//   - DMP segments: https://learn.microsoft.com/en-us/linkedin/marketing/matched-audiences/create-and-manage-segments
//   - DMP segment companies: https://learn.microsoft.com/en-us/linkedin/marketing/matched-audiences/create-and-manage-segment-companies
//   - Matched Audiences FAQ (finder by account): https://learn.microsoft.com/en-us/linkedin/marketing/matched-audiences/matched-audiences-faq
//   - Ads reporting (adAnalytics): https://learn.microsoft.com/en-us/linkedin/marketing/integrations/ads-reporting/ads-reporting
//   - Ad Targeting (typeahead): https://learn.microsoft.com/en-us/linkedin/marketing/integrations/ads/advertising-targeting/ads-targeting
//     and https://learn.microsoft.com/en-us/linkedin/shared/references/v2/ads/adtargetingentities
//   - Organization lookup (not used): https://learn.microsoft.com/en-us/linkedin/marketing/community-management/organizations/organization-lookup-api
//
// Not verified against the documentation (assumptions, kept in one place
// each): the batch maximum MaxBatchElements = 5000; the per-element error
// shape inside a BATCH_CREATE answer (both {"status":400,"message":..} and
// {"status":400,"error":{"message":..}} are read); the 15,000-row cap of
// adAnalytics (MaxAnalyticsElements); that 429 answers carry Retry-After
// (DefaultRateLimitDelay otherwise); that a new segment may 404 for longer
// than the documented 5 seconds; that the employers typeahead's entity URNs
// are urn:li:organization:N (the legacy urn:li:company:N is read as the
// same number) and the same numbers adAnalytics pivots on.
//
// Package linkedintest provides a fake LinkedIn that enforces these rules
// for tests.
//
// Imports: crm and internal/* of the module and its own subpackage
// linkedintest (in tests) only; never another connector, a domain package
// (keycontacts/*, metrics, traffic) or store, and no Redis or queue client.
// test/layout checks this.
package linkedin
