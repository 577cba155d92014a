package textfold

import (
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

func TestFold(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"", ""},
		{"anna huber", "anna huber"},
		{"Anna HUBER", "anna huber"},
		{"Jörg Müller-Łęcka", "joerg mueller-lecka"},
		{"GROẞ Straße", "gross strasse"},
		{"Ærøskøbing Œuvre Þór", "aeroskobing oeuvre thor"},
		{"Đorđe Ðuro İlkay Yılmaz", "dorde duro ilkay yilmaz"},
		{"Bánhalmi Dvořák Śliwiński Ștefan", "banhalmi dvorak sliwinski stefan"},
		// Decomposed accents and letters outside the table are only
		// lower-cased: StripMarks removes what is left.
		{"Mu\u0308ller", "mu\u0308ller"},
		{"Nguyễn", "nguyễn"},
		{"Ｆｕｌｌ", "ｆｕｌｌ"},
		// Punctuation and space stay.
		{"O’Brien,\u00a0Seán", "o’brien,\u00a0sean"},
		{"bad\xffbyte", "bad\uFFFDbyte"},
	}
	for _, tc := range tests {
		if got := Fold(tc.in); got != tc.want {
			t.Errorf("Fold(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestUmlautsPinned pins the fold under stored contact name keys
// (merge.NormalizeName: Umlauts, then StripMarks per word). Its output
// must never change: a different spelling is a different stored key.
func TestUmlautsPinned(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, umlauts, stripped string }{
		{"Dr. Jörg Müller", "dr. joerg mueller", "dr. joerg mueller"},
		{"ÄÖÜ äöü ß ẞ", "aeoeue aeoeue ss ss", "aeoeue aeoeue ss ss"},
		{"Søren Łukasz Ævar Œdipe Ðorđe Þór ı", "søren łukasz ævar œdipe ðorđe þór ı", "søren łukasz ævar œdipe ðorđe þor ı"},
		{"Żółć Ådne José Zoë", "żółć ådne josé zoë", "zołc adne jose zoe"},
		{"Anna MU\u0308LLER", "anna mu\u0308ller", "anna muller"},
		{"İlkay Gündoğan", "ilkay guendoğan", "ilkay guendogan"},
		{"Nguyễn Văn An", "nguyễn văn an", "nguyen van an"},
		{"Ｆｕｌｌ Ǆemal Ŀuka", "ｆｕｌｌ ǆemal ŀuka", "ｆｕｌｌ ǆemal ŀuka"},
		{"O’Brien, Seán (née X)", "o’brien, seán (née x)", "o’brien, sean (nee x)"},
		{"bad\xffbyte", "bad\uFFFDbyte", "bad\uFFFDbyte"},
		{"plain ascii", "plain ascii", "plain ascii"},
	}
	for _, tc := range tests {
		u := Umlauts(tc.in)
		if u != tc.umlauts {
			t.Errorf("Umlauts(%q) = %q, want %q", tc.in, u, tc.umlauts)
		}
		if got := StripMarks(u); got != tc.stripped {
			t.Errorf("StripMarks(%q) = %q, want %q", u, got, tc.stripped)
		}
	}
}

func TestStripMarksKeepsCase(t *testing.T) {
	t.Parallel()
	if got := StripMarks("Ångström Ça"); got != "Angstrom Ca" {
		t.Errorf("StripMarks = %q", got)
	}
}

// TestLetterAgreesWithDecomposition: every table letter that Unicode
// decomposes into a base letter and accents is spelled as that base letter
// (umlauts aside, which are spelled out), so StripMarks after Fold gives
// what StripMarks alone would give for them. Company names rely on it
// (connectors/linkedin folds with both).
func TestLetterAgreesWithDecomposition(t *testing.T) {
	t.Parallel()
	for r, rep := range letters {
		d := norm.NFD.String(string(r))
		if d == string(r) {
			continue // no decomposition: ø, ł, æ, ß, ...
		}
		base, _ := utf8.DecodeRuneInString(d)
		switch r {
		case 'ä', 'ö', 'ü':
			if rep != string(base)+"e" {
				t.Errorf("%q → %q, want %q", r, rep, string(base)+"e")
			}
			continue
		}
		if rep != string(base) {
			t.Errorf("%q → %q, but it decomposes to %q", r, rep, d)
		}
		if StripMarks(string(r)) != rep {
			t.Errorf("StripMarks(%q) = %q, want %q", r, StripMarks(string(r)), rep)
		}
	}
}

func TestLetter(t *testing.T) {
	t.Parallel()
	for r, want := range letters {
		if !unicode.IsLower(r) {
			t.Errorf("%q in the table is not lower case", r)
		}
		if got, ok := Letter(r); !ok || got != want {
			t.Errorf("Letter(%q) = %q, %v", r, got, ok)
		}
	}
	for _, r := range []rune{'a', 'Ä', 'ẞ', '\u0308', '’', 'Ж', 0x24F, 0x250, -1} {
		if got, ok := Letter(r); ok {
			t.Errorf("Letter(%q) = %q, want none", r, got)
		}
	}
}

func TestASCIIDoesNotAllocate(t *testing.T) {
	s := "geschaeftsfuehrer einkauf"
	for name, f := range map[string]func(string) string{"Fold": Fold, "Umlauts": Umlauts, "StripMarks": StripMarks} {
		if n := testing.AllocsPerRun(100, func() { _ = f(s) }); n != 0 {
			t.Errorf("%s allocates %v times for lower-case ASCII", name, n)
		}
	}
}

func BenchmarkFold(b *testing.B) {
	words := []string{"Geschäftsführer", "Einkauf", "Müller", "Dvořák", "procurement", "Leiterin"}
	b.ReportAllocs()
	for b.Loop() {
		for _, w := range words {
			_ = Fold(w)
		}
	}
}
