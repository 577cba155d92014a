package roles

import (
	"regexp"
	"regexp/syntax"
	"strings"
)

// filtered is a regexp with a cheap pre-check. Most rules do not match most
// titles, and a substring test is about a hundred times cheaper than running
// the regexp: when every way the pattern can match needs one of a few
// literal words ("einkauf", "procurement", "purchas" ...) and the title
// contains none of them, the regexp is not run. Patterns with a branch that
// needs no literal (".*", "\bqa?\b" is fine, "[a-z]+" is not) always run.
type filtered struct {
	re *regexp.Regexp
	// need holds one required literal per top-level alternative; nil means
	// no pre-check.
	need []string
}

func compileFiltered(expr string) (*filtered, error) {
	re, err := regexp.Compile(expr)
	if err != nil {
		return nil, err
	}
	f := &filtered{re: re}
	if tree, err := syntax.Parse(expr, syntax.Perl); err == nil {
		f.need = requiredLiterals(tree)
	}
	return f, nil
}

// mayMatch reports whether s contains one of the required literals.
func (f *filtered) mayMatch(s string) bool {
	if f.need == nil {
		return true
	}
	for _, lit := range f.need {
		if strings.Contains(s, lit) {
			return true
		}
	}
	return false
}

// FindStringIndex is regexp.FindStringIndex behind the pre-check.
func (f *filtered) FindStringIndex(s string) []int {
	if !f.mayMatch(s) {
		return nil
	}
	return f.re.FindStringIndex(s)
}

// MatchString is regexp.MatchString behind the pre-check.
func (f *filtered) MatchString(s string) bool {
	return f.mayMatch(s) && f.re.MatchString(s)
}

// requiredLiterals returns, for a pattern that is an alternation (or a
// single branch), one literal each branch cannot match without; nil when
// some branch has none. Literals are lower-cased, which is sound because the
// text they are checked against is lower case; a literal that is not ASCII is
// not used, since case folding outside ASCII is not a plain lower-casing.
func requiredLiterals(re *syntax.Regexp) []string {
	for re.Op == syntax.OpCapture {
		re = re.Sub[0]
	}
	branches := []*syntax.Regexp{re}
	if re.Op == syntax.OpAlternate {
		branches = re.Sub
	}
	out := make([]string, 0, len(branches))
	for _, b := range branches {
		lits := literalsOf(b)
		if lits == nil {
			return nil
		}
		out = append(out, lits...)
	}
	return out
}

// literalsOf returns literals of which at least one must occur in any match
// of re, or nil when it cannot say. For a concatenation that is the longest
// literal of any part; for an alternation, the union of its branches'.
func literalsOf(re *syntax.Regexp) []string {
	switch re.Op {
	case syntax.OpLiteral:
		s := strings.ToLower(string(re.Rune))
		for i := 0; i < len(s); i++ {
			if s[i] >= 0x80 {
				return nil
			}
		}
		if s == "" {
			return nil
		}
		return []string{s}
	case syntax.OpCapture, syntax.OpPlus:
		return literalsOf(re.Sub[0])
	case syntax.OpRepeat:
		if re.Min >= 1 {
			return literalsOf(re.Sub[0])
		}
	case syntax.OpConcat:
		var best []string
		bestLen := 0
		for _, sub := range re.Sub {
			lits := literalsOf(sub)
			if lits == nil {
				continue
			}
			// The weakest literal of a set decides how selective it is.
			short := len(lits[0])
			for _, l := range lits[1:] {
				short = min(short, len(l))
			}
			if short > bestLen {
				best, bestLen = lits, short
			}
		}
		return best
	case syntax.OpAlternate:
		var out []string
		for _, sub := range re.Sub {
			lits := literalsOf(sub)
			if lits == nil {
				return nil
			}
			out = append(out, lits...)
		}
		return out
	}
	return nil
}
