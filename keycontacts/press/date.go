package press

import (
	"strconv"
	"strings"
	"time"
)

// zoneOffsets are the named zones seen in feed dates, in seconds east of
// UTC. RFC 822 names the North American ones; German feeds write MEZ/MESZ
// and CET/CEST. Ambiguous abbreviations (IST, CST in China) take their
// RFC 822 or most common meaning.
var zoneOffsets = map[string]int{
	"UT": 0, "UTC": 0, "GMT": 0, "Z": 0, "WET": 0,
	"EST": -5 * 3600, "EDT": -4 * 3600, "CST": -6 * 3600, "CDT": -5 * 3600,
	"MST": -7 * 3600, "MDT": -6 * 3600, "PST": -8 * 3600, "PDT": -7 * 3600,
	"AKST": -9 * 3600, "AKDT": -8 * 3600, "HST": -10 * 3600,
	"BST": 3600, "IST": 3600, "WEST": 3600, "CET": 3600, "MET": 3600, "MEZ": 3600,
	"CEST": 2 * 3600, "MEST": 2 * 3600, "MESZ": 2 * 3600, "EET": 2 * 3600, "EEST": 3 * 3600,
	"MSK": 3 * 3600, "JST": 9 * 3600, "KST": 9 * 3600, "AEST": 10 * 3600, "AEDT": 11 * 3600,
	"NZST": 12 * 3600, "NZDT": 13 * 3600,
}

// monthNames maps the first letters of English and German month names
// (umlauts folded) to months.
var monthNames = map[string]time.Month{
	"jan": time.January, "feb": time.February, "mar": time.March, "mae": time.March,
	"mrz": time.March, "apr": time.April, "may": time.May, "mai": time.May,
	"jun": time.June, "jul": time.July, "aug": time.August, "sep": time.September,
	"oct": time.October, "okt": time.October, "nov": time.November,
	"dec": time.December, "dez": time.December,
}

// parseDate reads the date formats feeds use: RFC 3339 / ISO 8601 (Atom,
// dc:date) and RFC 822/1123 with or without weekday, with two- or
// four-digit years, with or without seconds, with numeric ("+0100",
// "+01:00") or named ("GMT", "EST", "MESZ") zones, and German month
// abbreviations. A missing or unknown zone is read as UTC. It returns the
// zero time for anything else.
func parseDate(s string) time.Time {
	s = strings.TrimSpace(s)
	if len(s) < 6 || len(s) > 80 {
		return time.Time{}
	}
	if s[0] >= '0' && s[0] <= '9' && len(s) >= 10 && s[4] == '-' {
		return parseISO(s)
	}
	return parseRFC822(s)
}

var isoLayouts = []string{
	"2006-01-02T15:04:05Z07:00",
	"2006-01-02T15:04Z07:00",
	"2006-01-02T15:04:05Z0700",
	"2006-01-02T15:04:05",
	"2006-01-02T15:04",
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04:05 Z07:00",
	"2006-01-02 15:04:05 -0700",
	"2006-01-02 15:04:05",
	"2006-01-02",
}

func parseISO(s string) time.Time {
	s = strings.ToUpper(s)
	for _, l := range isoLayouts {
		// time.Parse accepts fractional seconds after the seconds field
		if t, err := time.Parse(l, s); err == nil {
			return t
		}
	}
	return time.Time{}
}

func parseRFC822(s string) time.Time {
	if i := strings.IndexByte(s, '('); i > 0 { // "+0000 (UTC)"
		s = s[:i]
	}
	f := strings.Fields(strings.ReplaceAll(s, ",", " "))
	if len(f) > 0 && monthOf(f[0]) == 0 && (f[0][0] < '0' || f[0][0] > '9') {
		f = f[1:] // weekday, in any language
	}
	if len(f) < 3 {
		return time.Time{}
	}
	var day, year int
	var mon time.Month
	var rest []string
	switch {
	case isDigits(strings.TrimSuffix(f[0], ".")) && monthOf(f[1]) != 0: // 2 Jan 2006, 2. Januar 2006
		day, mon, year = atoi(strings.TrimSuffix(f[0], ".")), monthOf(f[1]), atoi(f[2])
		rest = f[3:]
		if len(f[2]) != 2 && len(f[2]) != 4 || !isDigits(f[2]) {
			return time.Time{}
		}
	case monthOf(f[0]) != 0 && isDigits(f[1]): // Jan 2 15:04:05 MST 2006, January 2 2006
		mon, day = monthOf(f[0]), atoi(f[1])
		rest = f[2:]
		// the year is the first four-digit field
		for i, x := range rest {
			if len(x) == 4 && isDigits(x) {
				year = atoi(x)
				rest = append(append([]string{}, rest[:i]...), rest[i+1:]...)
				break
			}
		}
		if year == 0 {
			return time.Time{}
		}
	default:
		return time.Time{}
	}
	if year < 100 { // RFC 2822 obsolete two-digit years
		if year < 50 {
			year += 2000
		} else {
			year += 1900
		}
	}
	var hh, mm, ss int
	loc := time.UTC
	if len(rest) > 0 && strings.Contains(rest[0], ":") {
		parts := strings.Split(rest[0], ":")
		if len(parts) < 2 || len(parts) > 3 {
			return time.Time{}
		}
		for _, p := range parts {
			if !isDigits(strings.SplitN(p, ".", 2)[0]) {
				return time.Time{}
			}
		}
		hh, mm = atoi(parts[0]), atoi(parts[1])
		if len(parts) == 3 {
			ss = atoi(strings.SplitN(parts[2], ".", 2)[0])
		}
		rest = rest[1:]
	}
	if len(rest) > 0 {
		if off, ok := zoneOffset(rest[0]); ok {
			if off != 0 {
				loc = time.FixedZone(rest[0], off)
			}
		}
	}
	if day < 1 || day > 31 || hh > 23 || mm > 59 || ss > 60 || year > 9999 {
		return time.Time{}
	}
	t := time.Date(year, mon, day, hh, mm, ss, 0, loc)
	if t.Day() != day { // 31 Feb
		return time.Time{}
	}
	return t
}

// zoneOffset reads "+0100", "-05:00", "+01", "GMT", "MESZ" ...
func zoneOffset(z string) (int, bool) {
	if z == "" {
		return 0, false
	}
	if z[0] == '+' || z[0] == '-' {
		d := strings.ReplaceAll(z[1:], ":", "")
		if !isDigits(d) || (len(d) != 2 && len(d) != 4) {
			return 0, false
		}
		h, m := atoi(d[:2]), 0
		if len(d) == 4 {
			m = atoi(d[2:])
		}
		if h > 14 || m > 59 {
			return 0, false
		}
		off := h*3600 + m*60
		if z[0] == '-' {
			off = -off
		}
		return off, true
	}
	off, ok := zoneOffsets[strings.ToUpper(z)]
	return off, ok
}

func monthOf(s string) time.Month {
	s = strings.TrimSuffix(fold(s), ".")
	if len(s) < 3 {
		return 0
	}
	if s == "maerz" || s == "marz" {
		return time.March
	}
	if len(s) > 3 && !isMonthWord(s) {
		return 0
	}
	return monthNames[s[:3]]
}

// isMonthWord checks a long form: a month name or a prefix of one, so that
// "Sept" and "Januar" count but "Mayor" does not.
func isMonthWord(s string) bool {
	for _, m := range []string{
		"january", "februar", "february", "march", "maerz", "april", "june", "juni",
		"july", "juli", "august", "september", "october", "oktober", "november",
		"december", "dezember", "januar",
	} {
		if strings.HasPrefix(m, s) {
			return true
		}
	}
	return false
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func atoi(s string) int {
	if len(s) > 9 {
		return -1
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return -1
	}
	return n
}
