package config

import (
	"fmt"
	"maps"
	"net/url"
	"slices"
	"strings"
)

// RedactedValue replaces each secret in Redacted's copy.
const RedactedValue = "REDACTED"

// Redacted returns a deep copy of c safe to log or show on a status page:
// admin.token, hubspot.access_token, hubspot.client_secret and
// hubspot.refresh_token, salesforce.client_secret and
// salesforce.refresh_token, linkedin.client_secret, linkedin.access_token,
// the secret key, and the passwords of redis.sentinel and redis.cluster
// become "REDACTED" when set (empty stays empty, so
// "not configured" is still visible), and redis.url keeps its host but its
// password becomes "REDACTED" (the whole URL does if it is not valid).
func (c Config) Redacted() Config {
	r := c
	r.Schedules = maps.Clone(c.Schedules)
	r.Campaign.TargetAccounts = slices.Clone(c.Campaign.TargetAccounts)
	r.Admin.Token = redact(c.Admin.Token)
	r.HubSpot.AccessToken = redact(c.HubSpot.AccessToken)
	r.HubSpot.ClientSecret = redact(c.HubSpot.ClientSecret)
	r.HubSpot.RefreshToken = redact(c.HubSpot.RefreshToken)
	r.Salesforce.ClientSecret = redact(c.Salesforce.ClientSecret)
	r.Salesforce.RefreshToken = redact(c.Salesforce.RefreshToken)
	r.LinkedIn.ClientSecret = redact(c.LinkedIn.ClientSecret)
	r.LinkedIn.AccessToken = redact(c.LinkedIn.AccessToken)
	r.LinkedIn.Scopes = slices.Clone(c.LinkedIn.Scopes)
	r.SecretKey = redact(c.SecretKey)
	r.Redis.URL = redactRedisURL(c.Redis.URL)
	r.Redis.Sentinel.Addrs = slices.Clone(c.Redis.Sentinel.Addrs)
	r.Redis.Sentinel.Password = redact(c.Redis.Sentinel.Password)
	r.Redis.Sentinel.SentinelPassword = redact(c.Redis.Sentinel.SentinelPassword)
	r.Redis.Cluster.Addrs = slices.Clone(c.Redis.Cluster.Addrs)
	r.Redis.Cluster.Password = redact(c.Redis.Cluster.Password)
	return r
}

func redact(s string) string {
	if s == "" {
		return ""
	}
	return RedactedValue
}

func redactRedisURL(s string) string {
	if s == "" {
		return ""
	}
	conn, msg := parseRedisURL(s)
	if msg != "" {
		// A malformed URL may carry the password in any part.
		return RedactedValue
	}
	if conn.Mode != RedisSingle {
		// Several hosts: rebuilt from the parsed parts, secrets replaced.
		scheme, _, _ := strings.Cut(s, "://")
		var b strings.Builder
		b.WriteString(scheme + "://")
		if conn.Username != "" || conn.Password != "" {
			b.WriteString(url.PathEscape(conn.Username))
			if conn.Password != "" {
				b.WriteString(":" + RedactedValue)
			}
			b.WriteString("@")
		}
		b.WriteString(strings.Join(conn.Addrs, ","))
		if conn.Mode == RedisSentinel {
			fmt.Fprintf(&b, "/%s/%d", url.PathEscape(conn.MasterName), conn.DB)
			q := url.Values{}
			if conn.SentinelUsername != "" {
				q.Set("sentinel_username", conn.SentinelUsername)
			}
			if conn.SentinelPassword != "" {
				q.Set("sentinel_password", RedactedValue)
			}
			if len(q) > 0 {
				b.WriteString("?" + q.Encode())
			}
		}
		return b.String()
	}
	u, err := url.Parse(s)
	if err != nil {
		return RedactedValue
	}
	if u.User != nil {
		if _, ok := u.User.Password(); ok {
			u.User = url.UserPassword(u.User.Username(), RedactedValue)
		}
	}
	if q := u.Query(); q.Has("password") {
		q.Set("password", RedactedValue)
		u.RawQuery = q.Encode()
	}
	return u.String()
}
