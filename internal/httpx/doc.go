// Package httpx holds the connector-neutral HTTP plumbing that every
// connector under connectors/ layers into its own transport stack: the
// innermost counting, per-attempt-timeout RoundTripper, the per-call attempt
// counter carried in the request context, Retry-After parsing, exponential
// backoff with jitter, replaying a request body for a retry, and the JSON
// side of sending a call.
//
// Policy stays in the connectors: which calls are safe to resend, how many
// retries and how long a wait are allowed, how an error body becomes a typed
// error. httpx knows nothing about any outside system and imports no
// connector.
package httpx
