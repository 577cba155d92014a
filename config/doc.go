// Package config holds abmsync's one typed configuration: Default() gives the
// embedded default, Load reads a YAML file and applies environment overrides,
// and Validate names the first bad key.
//
// What lives here: the Config type and its sections, YAML loading with
// environment overrides, validation, durations written as text (Duration),
// the Redis connection settings resolved from them (RedisConn), and the copy
// with every secret blanked for logs and status pages (Redacted).
//
// Imports: only internal/* helpers of the module; config is read by cmd and
// daemon, which hand its values down, and by internal/redisconn. test/layout
// checks this.
package config
