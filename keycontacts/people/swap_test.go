package people

import (
	"hash/fnv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// swapNames are given names from cultures the DACH and English pages of the
// corpus rarely show (Yoruba, Igbo, Akan, Zulu, Shona, Kikuyu, Tamil,
// Vietnamese, Māori, Hawaiian, Georgian, Mongolian, Quechua, Inuit, Sámi,
// Basque, Khmer). Only those in no name list the extractor has are used,
// so the swap checks that structure, not the list, finds people.
var swapNames = func() []string {
	var out []string
	for _, n := range strings.Fields(`Oluwaseun Chiamaka Kwabena Thandeka Tendai Wanjiru Senthil Kavitha Nguyet
		Tamati Mereana Keola Leilani Zurab Nodar Batbayar Altantsetseg Inti Amaru Killa Aputsiaq Nivi Ánde Máret
		Iñaki Ainhoa Sokhom Chanthy Ngozi Obinna Adwoa Kofi Sipho Nomvula Farai Rudo Njeri Kamau Murugan Thenmozhi
		Quang Huong Wiremu Aroha Kalani Makoa Tamaz Nino Enkhjin Bolormaa Yupanqui Sumaq Ujarak Pipaluk Sunniva
		Biret Koldo Nerea Vuthy Sreymom Chidubem Ifeoluwa Ebele Nnamdi Tawanda Kudakwashe Nyasha Mthunzi Zanele
		Ayodele Yaw Akosua Esi Kwame Valliammai Ilakkiya Kathirvel Ponmudi Thach Thuong Hemi Rawiri Ngaio Kahiau
		Iolana Pualani Tornike Levan Khatia Ganbold Oyunchimeg Nasanbat Huaman Qhawa Nukappi Inuk Aslak Ristin
		Unai Garazi Bunthoeun Sothea Rithy Kanha`) {
		if !isGivenName(n) {
			out = append(out, n)
		}
	}
	return out
}()

// swapGivenNames replaces every labelled given name on the page and in
// its labels with one of swapNames, chosen from a hash of the page and the
// name so runs are repeatable. Whole words are replaced in the forms the
// page writes them: as labelled, upper case and lower case (the local
// part of an address such as anna.huber@).
func swapGivenNames(pg labelledPage, html []byte) (labelledPage, []byte) {
	repl := map[string]string{}
	for _, l := range pg.People {
		famWords := strings.Fields(strings.ReplaceAll(l.FamilyName, "-", " "))
		if len(famWords) == 0 {
			continue
		}
		// The given names are the words before the family name, without
		// titles, abbreviations and initials.
		words := strings.Fields(l.Name)
		end := len(words)
		for k, w := range words {
			if strings.Trim(w, ",.;:()") == strings.Trim(famWords[0], ",.;:()") {
				end = k
				break
			}
		}
		for _, w := range words[:end] {
			w = strings.Trim(w, ",;:()")
			if strings.HasSuffix(w, ".") || utf8.RuneCountInString(w) < 3 || !unicode.IsUpper(firstRune(w)) ||
				isTitleWord(w) || w == strings.ToUpper(w) && utf8.RuneCountInString(w) <= 4 {
				continue
			}
			for _, part := range strings.Split(w, "-") {
				if utf8.RuneCountInString(part) >= 3 {
					repl[part] = pickSwap(pg.File, part)
				}
			}
		}
	}
	// Family names stay: never swap a word that is also someone's family
	// name on this page.
	for _, l := range pg.People {
		for _, f := range strings.Fields(strings.ReplaceAll(l.FamilyName, "-", " ")) {
			delete(repl, f)
		}
	}
	forms := map[string]string{}
	for from, to := range repl {
		forms[from] = to
		forms[strings.ToUpper(from)] = strings.ToUpper(to)
		forms[strings.ToLower(from)] = strings.ToLower(to)
	}
	out := replaceWords(string(html), forms)
	people := make([]labelledPerson, len(pg.People))
	for i, l := range pg.People {
		l.Name = replaceWords(l.Name, forms)
		l.Email = replaceWords(l.Email, forms)
		people[i] = l
	}
	pg.People = people
	return pg, []byte(out)
}

func pickSwap(file, name string) string {
	h := fnv.New32a()
	h.Write([]byte(file + "\x00" + name))
	return swapNames[h.Sum32()%uint32(len(swapNames))]
}

func isTitleWord(w string) bool {
	switch strings.ToLower(strings.TrimSuffix(w, ".")) {
	case "dr", "prof", "mag", "dipl", "ing", "herr", "frau", "mr", "mrs", "ms", "sir", "dame", "med", "univ",
		"hon", "rev", "revd", "fr", "sr", "jr", "iii", "dott", "ddr", "mmag", "nurse", "father", "pastor", "pfarrer":
		return true
	}
	return false
}

// replaceWords replaces whole words of s found in forms. A word is a run of
// letters; its neighbours must not be letters.
func replaceWords(s string, forms map[string]string) string {
	if len(forms) == 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	i := 0
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		if !unicode.IsLetter(r) {
			b.WriteString(s[i : i+n])
			i += n
			continue
		}
		j := i
		for j < len(s) {
			r, n := utf8.DecodeRuneInString(s[j:])
			if !unicode.IsLetter(r) {
				break
			}
			j += n
		}
		if to, ok := forms[s[i:j]]; ok {
			b.WriteString(to)
		} else {
			b.WriteString(s[i:j])
		}
		i = j
	}
	return b.String()
}
