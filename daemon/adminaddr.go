package daemon

import (
	"log/slog"
	"net"
	"net/netip"
	"strings"

	"github.com/abmsync/abmsync/config"
)

// adminBaseURL is the address people and OAuth redirects reach the admin
// server at: admin.public_url when set, else http:// and the bound
// address, with a wildcard address (":8080", "0.0.0.0", "[::]") named
// "localhost", since no browser can open the wildcard itself.
func adminBaseURL(publicURL string, bound net.Addr) string {
	if publicURL != "" {
		return strings.TrimRight(publicURL, "/")
	}
	host, port, err := net.SplitHostPort(bound.String())
	if err != nil {
		return "http://" + bound.String()
	}
	if ip, err := netip.ParseAddr(host); err == nil && ip.IsUnspecified() {
		host = "localhost"
	}
	return "http://" + net.JoinHostPort(host, port)
}

// warnExposedAdmin warns when the admin server listens beyond this
// machine without TLS in front of it (admin.public_url not https): the
// admin token and the dashboard's session would cross the network in
// clear text.
func warnExposedAdmin(log *slog.Logger, cfg config.AdminConfig, bound net.Addr) {
	host, _, err := net.SplitHostPort(bound.String())
	if err != nil {
		return
	}
	ip, err := netip.ParseAddr(host)
	if err != nil || ip.IsLoopback() || strings.HasPrefix(strings.ToLower(cfg.PublicURL), "https://") {
		return
	}
	log.Warn("the admin server listens beyond this machine without TLS: the admin token and dashboard sessions cross the network in clear text; "+
		"bind admin.addr to 127.0.0.1, or put a TLS proxy in front and set admin.public_url to its https:// address",
		"addr", bound.String(), "reachable_from", reach(ip))
}

// reach says who can reach an address, for the warning.
func reach(ip netip.Addr) string {
	if ip.IsUnspecified() {
		return "every network interface"
	}
	return "the network of " + ip.String()
}
