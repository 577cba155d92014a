package roles

import (
	"testing"
	"unicode/utf8"
)

// fuzzConfig has case-insensitive patterns whose literals case-fold outside
// ASCII (k ~ K, s ~ ſ): the pre-check must stay sound for them.
var fuzzConfig = func() *Classifier {
	c, err := New([]Rule{
		{Match: `KESSEL|steriLISATION`, Function: FunctionProduction},
		{Match: `\bsKs\b|ÄRZTLICH`, Function: FunctionOther},
		{Match: `qualitätsSICHERUNG (?:leiter|head)`, Seniority: SeniorityHead},
	})
	if err != nil {
		panic(err)
	}
	return c
}()

// FuzzClassify checks that any input, however broken, yields a valid
// Classification, and that the literal pre-check never changes a rule's
// verdict on normalized text.
func FuzzClassify(f *testing.F) {
	for _, tc := range titleTable {
		f.Add(tc.title)
	}
	for _, s := range []string{
		"", "\x00", "\xff\xfe", "ä\u0308", "Leiter:in/-innen*", "(m/w/d)(", ")", "@ at bei der",
		"GmbH & Co. KG", "ſ", "\u212a", "Geschäftsführer" + string(make([]byte, 600)),
		"Vorsitzender des Aufsichtsrats der Alpenpharma AG, Leiter Einkauf bei Bayer",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, title string) {
		got := Classify(title)
		if got.Title != title {
			t.Fatalf("Title = %q, want the input %q", got.Title, title)
		}
		if !got.Function.Valid() || !got.Seniority.Valid() || !got.BuyingRole.Valid() {
			t.Fatalf("invalid classification %+v", got)
		}
		if got.Rule == "" {
			t.Fatalf("empty Rule in %+v", got)
		}
		if got.Gatekeeper != (got.Function == FunctionAssistant) {
			t.Fatalf("gatekeeper %v for function %s: the built-in rules tie the two", got.Gatekeeper, got.Function)
		}
		if again := Classify(title); again != got {
			t.Fatalf("not deterministic: %+v then %+v", got, again)
		}

		norm := normalize(title)
		if !utf8.ValidString(norm) && utf8.ValidString(title) {
			t.Fatalf("normalize made valid UTF-8 invalid: %q → %q", title, norm)
		}
		for _, rules := range builtinTiers {
			for _, r := range rules {
				if r.re.MatchString(norm) != r.re.re.MatchString(norm) {
					t.Fatalf("pre-check of rule %s disagrees with its regexp on %q", r.id, norm)
				}
			}
		}
		for i, r := range fuzzConfig.extra {
			if r.re.MatchString(norm) != r.re.re.MatchString(norm) {
				t.Fatalf("pre-check of config rule %d disagrees with its regexp on %q", i, norm)
			}
		}
		for i, r := range seniorityRules {
			if r.re.MatchString(norm) != r.re.re.MatchString(norm) {
				t.Fatalf("pre-check of seniority rule %d disagrees with its regexp on %q", i, norm)
			}
		}
	})
}
