package config

import (
	"maps"
	"net/url"
	"slices"
)

// RedactedValue replaces each secret in Redacted's copy.
const RedactedValue = "REDACTED"

// Redacted returns a deep copy of c safe to log or show on a status page:
// admin.token, hubspot.access_token, hubspot.client_secret and
// hubspot.refresh_token, salesforce.client_secret and
// salesforce.refresh_token, linkedin.client_secret, linkedin.access_token and
// the secret key become "REDACTED" when set (empty stays empty, so
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
	if checkRedisURL(s) != "" {
		// A malformed URL may carry the password in any part.
		return RedactedValue
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
