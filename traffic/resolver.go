package traffic

import (
	"context"
	"net"
)

// NewResolver returns the Resolver for reverse-DNS matching. With server
// empty it is net.DefaultResolver (the system's). Otherwise it is Go's own
// resolver (PreferGo) sending every query to server ("IP:port") instead of
// the nameservers of /etc/resolv.conf: over UDP, and over TCP when an
// answer comes back truncated, as the Go resolver always does. Other
// resolv.conf settings (timeout, attempts) and /etc/hosts still apply; the
// Matcher's LookupTimeout bounds each look-up regardless. Cancelling a
// look-up's context ends it at once (Go's resolver on its own only watches
// the deadline), so a cancelled import does not wait out LookupTimeout.
func NewResolver(server string) *net.Resolver {
	if server == "" {
		return net.DefaultResolver
	}
	return &net.Resolver{
		PreferGo: true,
		Dial: func(ctx context.Context, network, _ string) (net.Conn, error) {
			// network is "udp" or "tcp" (Go retries over TCP on a
			// truncated UDP answer); the address Go chose from
			// resolv.conf is replaced by the configured server.
			var d net.Dialer
			c, err := d.DialContext(ctx, network, server)
			if err != nil {
				return nil, err
			}
			// Go's resolver sets the connection's deadline from ctx but
			// does not watch it for cancellation: closing the connection
			// ends a pending read. ctx ends with the query anyway, after
			// the resolver closed the connection itself.
			context.AfterFunc(ctx, func() { _ = c.Close() })
			return c, nil
		},
	}
}
