package roles

import (
	"fmt"
	"strconv"
	"strings"
)

// Rule is a job-title rule from the configuration (config key roles:). Rules
// are tried in order before the built-in ones; the first whose Match matches
// and whose Unless does not decides the fields it sets. Fields it leaves
// empty are filled as if the rule did not exist, so a rule can change just
// one thing:
//
//	roles:
//	  - match: leiter(in)? anlagenqualifizierung
//	    function: quality
//	    seniority: head
//	    buying_role: CHAMPION
//	  - match: einkauf|procurement|purchasing   # only the buying role
//	    buying_role: BUDGET_HOLDER
//	  - match: werksleit|plant manager
//	    buying_role: DECISION_MAKER
//	    gatekeeper: false
//
// Match and Unless are RE2 regular expressions (a plain word is a keyword,
// "a|b|c" a keyword list), case-insensitive, matched anywhere in the
// normalized title: lower case; ä, ö, ü, ß spelled ae, oe, ue, ss; accents
// dropped; gender forms reduced ("Leiter:in", "Leiter/in", "Leiter*in" →
// "leiter"; "Leiterin" stays); academic degrees removed; "vice president"
// written "vp"; a trailing employer ("…, Alpenpharma GmbH", "… at Novartis")
// cut off. An umlaut or ß in a pattern (outside [...]) matches both
// spellings, so "geschäftsführer" and "geschaeftsfuehrer" are the same
// pattern. Substring matching is deliberate: German compounds put the
// keyword inside the word (Einkaufsleiter, Qualitätssicherung); use \b where
// a short word must stand alone (\bit\b).
type Rule struct {
	Match string `yaml:"match" json:"match"`
	// Unless, when set, vetoes the rule for titles it matches, e.g. match
	// "owner", unless "product owner".
	Unless     string     `yaml:"unless,omitempty" json:"unless,omitempty"`
	Function   Function   `yaml:"function,omitempty" json:"function,omitempty"`
	Seniority  Seniority  `yaml:"seniority,omitempty" json:"seniority,omitempty"`
	BuyingRole BuyingRole `yaml:"buying_role,omitempty" json:"buying_role,omitempty"`
	Gatekeeper *bool      `yaml:"gatekeeper,omitempty" json:"gatekeeper,omitempty"`
}

// Classifier classifies job titles. It is immutable and safe for concurrent
// use; the zero value and a nil *Classifier use only the built-in rules.
type Classifier struct {
	extra []compiled
}

// Default is the classifier with only the built-in rules.
var Default = mustNew()

func mustNew() *Classifier {
	c, err := New(nil)
	if err != nil {
		panic(err)
	}
	return c
}

// New returns a classifier that tries the extra rules, in order, before the
// built-in ones. It fails on the first invalid rule, naming its index (0-based,
// as in the config list): an empty or invalid Match or Unless, an unknown
// Function, Seniority or BuyingRole, or a rule that sets nothing.
func New(extra []Rule) (*Classifier, error) {
	c := &Classifier{extra: make([]compiled, 0, len(extra))}
	for i, r := range extra {
		cr, err := compileRule(i, r)
		if err != nil {
			return nil, err
		}
		c.extra = append(c.extra, cr)
	}
	return c, nil
}

func compileRule(i int, r Rule) (compiled, error) {
	fail := func(format string, a ...any) error {
		return fmt.Errorf("roles: rule %d (match %q): %s", i, r.Match, fmt.Sprintf(format, a...))
	}
	if r.Match == "" {
		return compiled{}, fail("match is empty")
	}
	if r.Function != "" && !r.Function.Valid() {
		return compiled{}, fail("unknown function %q", r.Function)
	}
	if !r.Seniority.Valid() {
		return compiled{}, fail("unknown seniority %q", r.Seniority)
	}
	if r.BuyingRole != "" && !r.BuyingRole.Valid() {
		return compiled{}, fail("unknown buying_role %q", r.BuyingRole)
	}
	if r.Function == "" && r.Seniority == "" && r.BuyingRole == "" && r.Gatekeeper == nil {
		return compiled{}, fail("sets none of function, seniority, buying_role, gatekeeper")
	}
	re, err := compilePattern(r.Match)
	if err != nil {
		return compiled{}, fmt.Errorf("roles: rule %d (match %q): invalid regexp: %w", i, r.Match, err)
	}
	cr := compiled{id: "config[" + strconv.Itoa(i) + "]", re: re, fn: r.Function, sen: r.Seniority, senFixed: r.Seniority != "", br: r.BuyingRole, gk: r.Gatekeeper}
	if r.Unless != "" {
		if cr.unless, err = compilePattern(r.Unless); err != nil {
			return compiled{}, fmt.Errorf("roles: rule %d (unless %q): invalid regexp: %w", i, r.Unless, err)
		}
	}
	return cr, nil
}

// matches reports whether r applies to the normalized title, and where its
// match starts.
func (r *compiled) matches(norm string) (int, bool) {
	loc := r.re.FindStringIndex(norm)
	if loc == nil {
		return 0, false
	}
	if r.unless != nil && r.unless.MatchString(norm) {
		return 0, false
	}
	return loc[0], true
}

// Classify classifies one job title, German or English. It never fails: an
// empty or unrecognised title is FunctionOther with BuyingRoleOther and Rule
// "none". Only the first 512 bytes of the title are read.
func (c *Classifier) Classify(title string) Classification {
	return c.ClassifyIn(title, OrgUnknown)
}

// ClassifyIn classifies a title held at an organisation of type org. With
// OrgUnknown it is Classify. Otherwise the office words whose meaning depends
// on the organisation are read for it: in an association the President,
// Secretary and Directors are its board; in a company the Vorstand and its
// chair run the business (executive) and a bare Vice President is an
// executive. Configured rules that set the function still decide first.
func (c *Classifier) ClassifyIn(title string, org OrgType) Classification {
	norm := normalize(title)
	out := Classification{Title: title, Rule: noRule}

	var cfg *compiled
	if c != nil {
		for i := range c.extra {
			if _, ok := c.extra[i].matches(norm); ok {
				cfg = &c.extra[i]
				break
			}
		}
	}

	// The built-in rule is consulted unless the config rule chose the
	// function itself: then the built-in rule's seniority, buying role and
	// gatekeeper overrides belong to a different reading of the title.
	var bi *compiled
	if cfg == nil || cfg.fn == "" {
		bi, norm = builtinFor(title, norm, org)
	}

	switch {
	case cfg != nil && cfg.fn != "":
		out.Function = cfg.fn
	case bi != nil:
		out.Function = bi.fn
	default:
		out.Function = FunctionOther
	}

	switch {
	case cfg != nil && cfg.senFixed:
		out.Seniority = cfg.sen
	case bi != nil && bi.senFixed:
		out.Seniority = bi.sen
	default:
		out.Seniority = detectSeniority(norm, out.Function == FunctionAssistant)
	}

	switch {
	case cfg != nil && cfg.br != "":
		out.BuyingRole = cfg.br
	case bi != nil && bi.br != "":
		out.BuyingRole = bi.br
	default:
		out.BuyingRole = BuyingRoleFor(out.Function, out.Seniority)
	}

	switch {
	case cfg != nil && cfg.gk != nil:
		out.Gatekeeper = *cfg.gk
	case bi != nil && bi.gk != nil:
		out.Gatekeeper = *bi.gk
	default:
		out.Gatekeeper = out.Function == FunctionAssistant
	}

	switch {
	case cfg != nil && bi != nil:
		out.Rule = cfg.id + "+" + bi.id
	case cfg != nil:
		out.Rule = cfg.id
	case bi != nil:
		out.Rule = bi.id
	}
	return out
}

// builtinFor returns the built-in rule that decides title (normalized
// norm) at an organisation of type org, and the normalized text it read:
// the whole title, or the person's own part of it when the deciding rule
// read only a heading or a legal duty.
func builtinFor(title, norm string, org OrgType) (*compiled, string) {
	bi := inContext(matchBuiltin(norm), norm, org)
	if bi == nil || !strings.Contains(title, ";") {
		return bi, norm
	}
	if isHeadingRule(bi) {
		// "Management; Head of Sales", "Executive team; I.T.": a
		// management heading written before the person's own line; their
		// own role, when it names one, says more. A board's heading
		// ("Directors; CFO", "Committee; President") stays: the seat is on
		// the board, and a club's president is read as a chief executive
		// without it.
		_, own, _ := strings.Cut(title, ";")
		bi, norm = reread(bi, norm, own, org, isHeadingRule)
	}
	if isDutyRule(bi) {
		// "Vertreten durch; Verantwortlich für den Inhalt": a duty under
		// media or data-protection law is no position; the person's other
		// role, when one is given, is their function.
		bi, norm = reread(bi, norm, withoutDuties(title), org, isDutyRule)
	}
	return bi, norm
}

// reread returns the rule that decides part of a title, and part
// normalized, when that rule is of another kind than same and names a
// function; else bi and norm.
func reread(bi *compiled, norm, part string, org OrgType, same func(*compiled) bool) (*compiled, string) {
	pn := normalize(part)
	if b := inContext(matchBuiltin(pn), pn, org); b != nil && !same(b) && b.fn != FunctionOther {
		return b, pn
	}
	return bi, norm
}

// isHeadingRule reports whether a rule reads a management heading that
// pages put above a group of people ("Management", "Executive team").
func isHeadingRule(r *compiled) bool { return r.heading }

// isDutyRule reports whether a rule reads a legal duty (content
// responsibility, data protection) rather than a position.
func isDutyRule(r *compiled) bool {
	return r.fn == FunctionEditorialResponsible || r.fn == FunctionDataProtection
}

// withoutDuties drops the "; "-separated parts of title that name only a
// legal duty.
func withoutDuties(title string) string {
	var keep []string
	for _, seg := range strings.Split(title, ";") {
		seg = strings.TrimSpace(seg)
		if seg == "" {
			continue
		}
		if r := matchBuiltin(normalize(seg)); r != nil && isDutyRule(r) {
			continue
		}
		keep = append(keep, seg)
	}
	return strings.Join(keep, "; ")
}

// matchBuiltin returns the deciding built-in rule: the first tier with a
// match; in it, the earliest match; for equal starts, the rule listed first.
func matchBuiltin(norm string) *compiled {
	if norm == "" {
		return nil
	}
	for _, rules := range builtinTiers {
		var best *compiled
		bestAt := 0
		for i := range rules {
			r := &rules[i]
			at, ok := r.matches(norm)
			if ok && (best == nil || at < bestAt) {
				best, bestAt = r, at
			}
		}
		if best != nil {
			return best
		}
	}
	return nil
}

// BuiltinRule returns the id of the built-in rule that decides the title's
// function, or "none"; it skips seniority and buying role, so it is the
// cheap question "is this a role, and which kind" (the people extractor
// asks it of every short line near a name).
func BuiltinRule(title string) string {
	if r := matchBuiltin(normalize(title)); r != nil {
		return r.id
	}
	return noRule
}

// HeadingRule reports whether the built-in rule with this id reads a
// heading that pages put above a group of people ("Management", "Executive
// team") rather than one person's position: the people extractor does not
// take such a line alone as a sign of a person.
func HeadingRule(id string) bool { return headingRules[id] }

// headingRules are the ids of the built-in rules that read a heading.
var headingRules = func() map[string]bool {
	m := map[string]bool{}
	for _, b := range builtins {
		if b.heading {
			m[b.id] = true
		}
	}
	return m
}()

// Classify classifies title with Default.
func Classify(title string) Classification { return Default.Classify(title) }

// ClassifyIn classifies title held at an organisation of type org with
// Default.
func ClassifyIn(title string, org OrgType) Classification { return Default.ClassifyIn(title, org) }
