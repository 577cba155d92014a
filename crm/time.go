package crm

import (
	"strconv"
	"strings"
	"time"
)

// ParseTime parses a CRM date or datetime property value as HubSpot's API
// and its exports write them: ISO 8601 / RFC 3339 datetimes with or without
// fractional seconds ("2026-10-01T12:00:00Z", "2026-10-01T12:00:00.123Z",
// "+02:00" offsets), date-only values ("2026-10-01", midnight UTC, as HubSpot
// stores date properties) and epoch milliseconds ("1790856000000", as some
// HubSpot APIs and exports return datetimes). Surrounding white space is
// ignored; the result is in UTC. It returns false for empty or unrecognised
// input rather than guessing.
func ParseTime(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, false
	}
	// Epoch milliseconds have at least 11 digits for any date after
	// 1970-04-26; shorter digit runs ("2026", "20261001") are not timestamps
	// and must not silently become dates in 1970.
	if isDigits(s) {
		if len(s) < 11 {
			return time.Time{}, false
		}
		ms, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return time.Time{}, false
		}
		return time.UnixMilli(ms).UTC(), true
	}
	// RFC3339Nano accepts any number of fractional digits, including none.
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t.UTC(), true
	}
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t, true
	}
	return time.Time{}, false
}

// ParseTimeIn is ParseTime, except that a date-only value is midnight in loc
// (nil: UTC): a person who typed 2026-04-01 meant that day where the
// campaign runs. Datetimes and epoch milliseconds name an instant and are
// returned in UTC whatever loc is.
func ParseTimeIn(s string, loc *time.Location) (time.Time, bool) {
	if d, err := time.Parse(time.DateOnly, strings.TrimSpace(s)); err == nil {
		if loc == nil {
			loc = time.UTC
		}
		return time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, loc), true
	}
	return ParseTime(s)
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
