package config

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

const day = 24 * time.Hour

// Duration is a time.Duration that YAML (and text) can spell either as a Go
// duration ("2160h", "15m", "1h30m") or as a whole number of days ("90d").
// A bare number ("90") is an error: the unit is always required.
type Duration time.Duration

// D returns d as a time.Duration.
func (d Duration) D() time.Duration { return time.Duration(d) }

// String formats d as whole days ("90d") when it is a non-zero multiple of
// 24h, and as a Go duration otherwise; ParseDuration reads it back.
func (d Duration) String() string {
	td := time.Duration(d)
	if td != 0 && td%day == 0 {
		return strconv.FormatInt(int64(td/day), 10) + "d"
	}
	return td.String()
}

// ParseDuration parses a Go duration ("2160h", "15m") or whole days ("90d",
// "-1d"). The error names the offending text.
func ParseDuration(s string) (Duration, error) {
	s = strings.TrimSpace(s)
	if n, ok := strings.CutSuffix(s, "d"); ok && n != "" {
		days, err := strconv.ParseInt(n, 10, 64)
		if err == nil {
			if days > math.MaxInt64/int64(day) || days < math.MinInt64/int64(day) {
				return 0, fmt.Errorf("bad duration %q: too large", s)
			}
			return Duration(time.Duration(days) * day), nil
		}
	}
	td, err := time.ParseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("bad duration %q: use a Go duration (\"2160h\", \"15m\") or whole days (\"90d\")", s)
	}
	return Duration(td), nil
}

// UnmarshalYAML accepts a scalar in either ParseDuration form.
func (d *Duration) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind != yaml.ScalarNode {
		return fmt.Errorf("line %d: want a duration such as \"90d\" or \"15m\"", n.Line)
	}
	v, err := ParseDuration(n.Value)
	if err != nil {
		return fmt.Errorf("line %d: %w", n.Line, err)
	}
	*d = v
	return nil
}

// MarshalYAML writes d in its String form.
func (d Duration) MarshalYAML() (any, error) { return d.String(), nil }

// MarshalText writes d in its String form (used by encoding/json).
func (d Duration) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText accepts either ParseDuration form (used by encoding/json).
func (d *Duration) UnmarshalText(b []byte) error {
	v, err := ParseDuration(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}
