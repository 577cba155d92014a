package campaign

import (
	"errors"
	"strings"
	"testing"
)

func TestCheckOwner(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ owner, want string }{
		{"Max Muster", ""},
		{"  Zoë Ñúñez-Łukasz  ", ""},
		{"", "owner: give the name"},
		{"   ", "owner: give the name"},
		{strings.Repeat("a", 201), "at most 200 bytes"},
		{"Max\nMuster", "control character U+000A"},
		{"Max\rMuster", "control character U+000D"},
		{"Max\x1b]0;pwned\x07", "control character U+001B"},
		{"Max\x00", "control character U+0000"},
		{"Max\xc3", "not valid UTF-8"},
	} {
		err := CheckOwner(tc.owner)
		if tc.want == "" {
			if err != nil {
				t.Errorf("CheckOwner(%q) = %v", tc.owner, err)
			}
			continue
		}
		if !errors.Is(err, ErrBadOwner) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("CheckOwner(%q) = %v, want ErrBadOwner saying %q", tc.owner, err, tc.want)
		}
	}
}
