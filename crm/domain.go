package crm

import "strings"

// NormalizeDomain reduces a domain or URL as people type it into a CRM
// ("https://www.Example.com/about", "example.com.", "WWW.example.com:443")
// to the bare lowercase host name ("example.com"), so that configured target
// domains match whatever form the CRM holds. It returns "" for input without
// a host.
func NormalizeDomain(s string) string {
	d := strings.ToLower(strings.TrimSpace(s))
	if i := strings.Index(d, "://"); i >= 0 {
		d = d[i+len("://"):]
	}
	// The host ends at the first path, query or fragment delimiter.
	if i := strings.IndexAny(d, "/?#"); i >= 0 {
		d = d[:i]
	}
	if i := strings.LastIndexByte(d, '@'); i >= 0 {
		d = d[i+1:]
	}
	if i := strings.LastIndexByte(d, ':'); i >= 0 {
		d = d[:i]
	}
	// A fully qualified name's trailing dot names the same host.
	d = strings.TrimSuffix(d, ".")
	d = strings.TrimPrefix(d, "www.")
	return d
}
