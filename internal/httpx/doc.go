// Package httpx holds the connector-neutral HTTP plumbing that every
// connector under connectors/ layers into its own transport stack: the
// innermost counting, per-attempt-timeout RoundTripper, the per-call attempt
// counter carried in the request context, the retry RoundTripper
// (RetryTransport) with Retry-After parsing and exponential backoff with
// jitter, replaying a request body for a retry, the JSON side of sending a
// call, and the error types every connector shares (DecodeError, OpError).
//
// Policy stays in the connectors: a RetryPolicy says which calls are safe to
// resend, how many retries and how long a wait are allowed and which 429s no
// wait fixes; each connector's checkResponse turns an error body into its
// typed error. httpx knows nothing about any outside system and imports no
// connector.
//
// Imports: nothing of the module; internal/* packages import only each other
// (internal/redisconn also config), never a connector, a domain package or
// store. test/layout checks this.
package httpx
