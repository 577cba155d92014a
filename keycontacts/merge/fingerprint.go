package merge

import (
	"net/url"
	"strings"
)

// Fingerprints are made by internal/fingerprint under the installation's
// key; this file holds the normal form a LinkedIn profile URL is
// fingerprinted in (e-mail addresses and names: name.go).

// NormalizeLinkedInURL reduces a LinkedIn profile URL to the form under
// which it is fingerprinted, so one profile matches however it is written:
// lower case, no scheme, no "www." or country subdomain ("de.linkedin.com"
// is linkedin.com), percent-escapes decoded, no query, fragment or
// trailing slash. "https://www.LinkedIn.com/in/Anna-Huber/?trk=x" gives
// "linkedin.com/in/anna-huber". It returns "" for an empty value; a value
// that is not a URL is only lower-cased and trimmed.
func NormalizeLinkedInURL(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "" {
		return ""
	}
	if i := strings.IndexAny(s, "?#"); i >= 0 {
		s = s[:i]
	}
	for _, scheme := range []string{"https://", "http://", "//"} {
		if rest, ok := strings.CutPrefix(s, scheme); ok {
			s = rest
			break
		}
	}
	host, path, _ := strings.Cut(s, "/")
	if host == "linkedin.com" || strings.HasSuffix(host, ".linkedin.com") {
		host = "linkedin.com"
	} else {
		host = strings.TrimPrefix(host, "www.")
	}
	if p, err := url.PathUnescape(path); err == nil {
		path = p
	}
	path = strings.TrimRight(path, "/")
	if path == "" {
		return host
	}
	return host + "/" + path
}
