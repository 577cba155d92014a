package hubspot

import (
	"errors"
	"fmt"
)

// topLevelValue returns the raw value of key in the JSON object data
// without decoding the rest: a list page's paging cursor is all the next
// request needs, and scanning for it is a small fraction of decoding the
// hundred records before it. data must be one JSON object; values other
// than key's are skipped without being checked in full (decoding the body
// later checks them). Keys with escapes are compared as written.
func topLevelValue(data []byte, key string) (val []byte, found bool, err error) {
	i := skipSpace(data, 0)
	if i >= len(data) || data[i] != '{' {
		return nil, false, errors.New("not a JSON object")
	}
	i++
	for {
		i = skipSpace(data, i)
		if i >= len(data) {
			return nil, false, errors.New("unexpected end of JSON object")
		}
		switch data[i] {
		case '}':
			if j := skipSpace(data, i+1); j != len(data) {
				return nil, false, fmt.Errorf("data after the JSON object at offset %d", j)
			}
			return val, found, nil
		case ',':
			i++
			continue
		case '"':
		default:
			return nil, false, fmt.Errorf("invalid character %q at offset %d in a JSON object", data[i], i)
		}
		end, err := skipString(data, i)
		if err != nil {
			return nil, false, err
		}
		name := data[i+1 : end-1]
		i = skipSpace(data, end)
		if i >= len(data) || data[i] != ':' {
			return nil, false, fmt.Errorf("missing ':' after key at offset %d", end)
		}
		start := skipSpace(data, i+1)
		stop, err := skipValue(data, start)
		if err != nil {
			return nil, false, err
		}
		if string(name) == key {
			val, found = data[start:stop], true
		}
		i = stop
	}
}

func skipSpace(data []byte, i int) int {
	for i < len(data) {
		switch data[i] {
		case ' ', '\t', '\n', '\r':
			i++
		default:
			return i
		}
	}
	return i
}

// skipString returns the offset after the string that starts at data[i].
func skipString(data []byte, i int) (int, error) {
	for j := i + 1; j < len(data); j++ {
		switch data[j] {
		case '\\':
			j++
		case '"':
			return j + 1, nil
		}
	}
	return 0, fmt.Errorf("unterminated string at offset %d", i)
}

// skipValue returns the offset after the value that starts at data[i]:
// strings, and objects and arrays by their brackets (strings inside them
// skipped whole, so brackets in strings do not count).
func skipValue(data []byte, i int) (int, error) {
	if i >= len(data) {
		return 0, errors.New("unexpected end of JSON value")
	}
	switch data[i] {
	case '"':
		return skipString(data, i)
	case '{', '[':
		depth := 0
		for j := i; j < len(data); j++ {
			switch data[j] {
			case '"':
				end, err := skipString(data, j)
				if err != nil {
					return 0, err
				}
				j = end - 1
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return j + 1, nil
				}
			}
		}
		return 0, fmt.Errorf("unterminated JSON value at offset %d", i)
	}
	// A number, true, false or null: up to the next delimiter.
	j := i
	for j < len(data) {
		switch data[j] {
		case ',', '}', ']', ' ', '\t', '\n', '\r':
			if j == i {
				return 0, fmt.Errorf("invalid character %q at offset %d", data[j], j)
			}
			return j, nil
		}
		j++
	}
	return j, nil
}
