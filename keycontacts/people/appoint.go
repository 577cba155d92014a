package people

import (
	"regexp"
	"strings"
)

// Press releases announce who now holds an office: "Riffyn has appointed
// industry veteran Lili Nader to the role of Chief Technical Officer",
// "Vamp.io appoints Nico Vierhout as new CEO", "Nico Vierhout, formerly VP
// Engineering at KPNQwest, has been appointed as the new CEO of Vamp.io".
// Only the present and the present perfect are read: a biography's "was
// appointed Managing Director in 2019" may be any year's, and a history's
// certainly is.

var (
	// appointedAs: "<org> has appointed <name> as|to the role of <role>";
	// appointsAs: the headline's "<org> appoints <name> as <role>".
	appointedAs = regexp.MustCompile(`\b(?:has|have)\s+(?:just\s+|recently\s+|today\s+)?appointed\s+([^.;:!?]{3,80}?)\s+(?:as|to\s+the\s+(?:role|position|post)\s+of)\s+(?:the\s+|its\s+|our\s+)?(?:new\s+)?([^,.;:()!?"“”]{2,80})`)
	appointsAs  = regexp.MustCompile(`\b(?:appoints|names)\s+([^.;:!?]{3,60}?)\s+as\s+(?:the\s+|its\s+|our\s+)?(?:new\s+)?([^,.;:()!?"“”]{2,80})`)
	// beenAppointed follows the name at the start of a sentence, after an
	// apposition in commas (namePrefix takes the first comma): "…, has been
	// appointed (as) the new <role>".
	beenAppointed = regexp.MustCompile(`^(?:,?[^.;]{0,160}?,)?\s*has\s+(?:just\s+|recently\s+)?been\s+(?:appointed|named)\s+(?:as\s+)?(?:the\s+|its\s+|our\s+)?(?:new\s+)?([^,.;:()!?"“”]{2,80})`)
	// roleTail ends a role at the organisation or date that follows it.
	roleTail = regexp.MustCompile(`\s+(?:of|at|for|with|effective|from|in|on|to|and\s+will|who|since)\b.*$`)
	// possessiveOrg is an organisation's name before the role ("Flux
	// Federation's Acting Chief Executive").
	possessiveOrg = regexp.MustCompile(`^(?:\p{Lu}[\p{L}\d.&-]*\s+){0,3}\p{Lu}[\p{L}\d.&-]*['’]s\s+`)
)

// appointments reads the announcements of an appointment in running text.
func (x *extractor) appointments() {
	for i := range x.p.lines {
		t := x.p.lines[i].text
		if x.outside[i] || len(t) < 20 || len(t) > 3000 || !strings.Contains(t, "ppoint") && !strings.Contains(t, "named") {
			continue
		}
		for _, re := range []*regexp.Regexp{appointedAs, appointsAs} {
			for _, m := range re.FindAllStringSubmatchIndex(t, 4) {
				if np, ok := nameBefore(t[m[2]:m[3]]); ok {
					x.addAppointed(np, t[m[4]:m[5]], i)
				}
			}
		}
		for _, s := range sentences(t) {
			np, rest, ok := namePrefix(s, true)
			if !ok || np.given == "" {
				continue
			}
			if m := beenAppointed.FindStringSubmatch(rest); m != nil {
				x.addAppointed(np, m[1], i)
			}
		}
	}
}

// addAppointed adds the appointed person when the text after the name
// reads as a role.
func (x *extractor) addAppointed(np nameParts, r string, i int) {
	r = possessiveOrg.ReplaceAllString(strings.TrimSpace(r), "")
	r = strings.TrimSpace(roleTail.ReplaceAllString(r, ""))
	if r == "" || wordCount(r) > 6 {
		return
	}
	if ok, kw := roleLike(r); ok && kw {
		x.add(listItem{np: np}, []role{{text: r}}, SourceText, 0.7, i)
	}
}

// sentences splits running text at sentence ends ". " and "! ", keeping
// abbreviations and initials ("Dr. ", "A.J. ") inside the sentence.
func sentences(t string) []string {
	var out []string
	start := 0
	for k := 0; k+1 < len(t); k++ {
		if (t[k] == '.' || t[k] == '!' || t[k] == '?') && t[k+1] == ' ' {
			word := t[strings.LastIndexByte(t[:k], ' ')+1 : k]
			if len(word) <= 3 || isTitleTok(word+".") {
				continue
			}
			out = append(out, strings.TrimSpace(t[start:k+1]))
			start = k + 2
		}
	}
	return append(out, strings.TrimSpace(t[start:]))
}
