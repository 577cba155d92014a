package web

import (
	"errors"
	"fmt"
	"net/netip"
)

// Sentinel errors; test with errors.Is. Fetch, Discover and FetchPages wrap
// them in errors that start with "web:" and name the URL.
var (
	// ErrForbiddenAddress matches a *ForbiddenAddressError: the URL's host is,
	// or resolved to, an address the SSRF guard refuses.
	ErrForbiddenAddress = errors.New("forbidden address")
	// ErrUnsupportedScheme is returned for URLs (and redirect targets) whose
	// scheme is not http or https.
	ErrUnsupportedScheme = errors.New("unsupported URL scheme")
	// ErrDisallowedByRobots matches a *RobotsError: robots.txt forbids the
	// URL for abmsync, or could not be read (5xx, unreachable), which RFC
	// 9309 treats as a complete disallow.
	ErrDisallowedByRobots = errors.New("disallowed by robots.txt")
	// ErrNotHTML is returned when a page's Content-Type (or, when missing,
	// its sniffed type) is neither text/html nor application/xhtml+xml.
	ErrNotHTML = errors.New("not HTML")
	// ErrTooLarge is returned when a body exceeds Config.MaxBodyBytes. The
	// body is never read past the cap.
	ErrTooLarge = errors.New("body too large")
	// ErrTooManyRedirects is returned when a fetch needs more than
	// Config.MaxRedirects redirects.
	ErrTooManyRedirects = errors.New("too many redirects")
	// ErrInvalidSite is returned by Discover and FetchPages when the site
	// is not a domain or an http(s) URL.
	ErrInvalidSite = errors.New("invalid site")
)

// ForbiddenAddressError is returned when a host is, or resolves to, an
// address that CheckAddr refuses. It matches ErrForbiddenAddress.
type ForbiddenAddressError struct {
	// Host is the host name that was dialled ("localhost"); empty when
	// CheckAddr is called directly.
	Host string
	// Addr is the refused address.
	Addr netip.Addr
	// Reason names the refused range, e.g. "loopback" or "private (RFC 1918)".
	Reason string
}

// Error names the host, the address and the refused range.
func (e *ForbiddenAddressError) Error() string {
	if e.Host != "" && e.Host != e.Addr.String() {
		return fmt.Sprintf("refusing %s address %s of host %s", e.Reason, e.Addr, e.Host)
	}
	return fmt.Sprintf("refusing %s address %s", e.Reason, e.Addr)
}

// Is reports whether target is ErrForbiddenAddress.
func (e *ForbiddenAddressError) Is(target error) bool { return target == ErrForbiddenAddress }

// RobotsError is returned when robots.txt does not let abmsync fetch URL.
// It matches ErrDisallowedByRobots and unwraps to the cause of an
// unreadable robots.txt (e.g. a *ForbiddenAddressError), if any.
type RobotsError struct {
	// URL is the refused URL, without userinfo.
	URL string
	// Reason says why: "disallowed by robots.txt", "robots.txt returned 503
	// Service Unavailable", "robots.txt unreachable".
	Reason string
	// Err is the error that made robots.txt unreadable, or nil.
	Err error
}

// Error names the URL and the reason.
func (e *RobotsError) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("%s: %s: %v", e.URL, e.Reason, e.Err)
	}
	return fmt.Sprintf("%s: %s", e.URL, e.Reason)
}

// Is reports whether target is ErrDisallowedByRobots.
func (e *RobotsError) Is(target error) bool { return target == ErrDisallowedByRobots }

// Unwrap returns the cause of an unreadable robots.txt.
func (e *RobotsError) Unwrap() error { return e.Err }

// StatusError is returned by Fetch for a final response that is neither 2xx
// nor 304.
type StatusError struct {
	// URL is the URL that answered, without userinfo.
	URL string
	// StatusCode is the HTTP status code.
	StatusCode int
	// Status is the status line, e.g. "404 Not Found".
	Status string
}

// Error names the URL and the status.
func (e *StatusError) Error() string {
	return fmt.Sprintf("GET %s: %s", e.URL, e.Status)
}
