package press

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Account is a target account to look for in press text.
type Account struct {
	// ID is the caller's account ID, copied to Mention.AccountID.
	ID string
	// Names are the company's name and aliases as written, e.g. "Bayer AG",
	// "Bayer". Legal forms (GmbH, AG, SE, KG, Inc., Ltd., plc, S.A. ...) are
	// ignored for matching, so "Alpenpharma GmbH" also finds
	// "Alpenpharma". Names are matched as whole words, case-insensitively
	// and with umlauts equal to their ASCII spelling (Müller = Mueller),
	// but the text must capitalise them unless the name itself starts
	// lower-case ("thyssenkrupp").
	Names []string
}

// Mention is a person named with a role at a target account.
type Mention struct {
	// AccountID is the ID of the Account the person works at.
	AccountID string
	// Name is the person's name as written, academic titles included
	// ("Dr. Anna Huber"); salutations (Herr, Ms.) are not part of it.
	Name string
	// RoleText is the role as written ("Leiterin Einkauf", "head of
	// procurement", "CFO"); the press package does not classify it.
	RoleText string
	// Sentence is the sentence the mention was found in, white space
	// collapsed: the evidence to show next to the candidate.
	Sentence string
	// Confidence in (0,1] that the person holds the role at the account:
	// 0.9 for an apposition ("Name, Role bei Company"), about 0.85 for a
	// possessive or hyphen compound ("Company's Role Name",
	// "Company-Role Name"), 0.7–0.8 for looser patterns.
	Confidence float64
}

// Limits of FindMentions.
const (
	// MaxTextBytes is how much text FindMentions reads; the rest is
	// ignored.
	MaxTextBytes = 4 << 20
	// MaxMentions caps the mentions returned for one text.
	MaxMentions = 1000
)

// FindMentions returns the people named with a role at one of accounts in
// text, deduplicated per account and normalised name (case, umlauts and
// titles do not matter), in order of first appearance; of duplicates, the
// occurrence with the highest confidence supplies role, sentence and
// confidence. Name, role and account must be in one sentence and tied
// together syntactically; see the package documentation. FindMentions is
// pure, never panics and bounds its work (MaxTextBytes, MaxMentions). For
// many texts against the same accounts, build a Matcher once.
func FindMentions(text string, accounts []Account) []Mention {
	return NewMatcher(accounts).FindMentions(text)
}

// Matcher finds mentions of a fixed set of accounts. It is immutable after
// NewMatcher and safe for concurrent use.
type Matcher struct {
	accounts []Account
	index    map[string][]nameRef // first folded token of a name -> names
}

type nameRef struct {
	acct    int
	toks    []string // folded tokens, legal forms stripped
	lowerOK bool     // the name is written lower-case, so the text may be
}

// NewMatcher prepares accounts for matching. Names that are empty or only
// a legal form are ignored.
func NewMatcher(accounts []Account) *Matcher {
	m := &Matcher{accounts: accounts, index: make(map[string][]nameRef)}
	for ai, a := range accounts {
		seen := map[string]bool{}
		for _, name := range a.Names {
			toks, lowerOK := companyTokens(name)
			if len(toks) == 0 || len(toks) > 8 {
				continue
			}
			key := strings.Join(toks, " ")
			if seen[key] {
				continue
			}
			seen[key] = true
			m.index[toks[0]] = append(m.index[toks[0]], nameRef{acct: ai, toks: toks, lowerOK: lowerOK})
		}
	}
	return m
}

// companyTokens is the comparison form of a company name: folded tokens
// without a trailing legal form or parenthetical.
func companyTokens(name string) (toks []string, lowerOK bool) {
	ts := tokenize(name)
	for _, t := range ts {
		if t.text == "(" {
			break
		}
		if t.text == "," || t.text == "." {
			continue
		}
		toks = append(toks, t.fold)
	}
	for len(toks) > 0 {
		last := toks[len(toks)-1]
		if legalForms[last] || last == "&" || last == "+" || last == "und" || last == "and" {
			toks = toks[:len(toks)-1]
			continue
		}
		break
	}
	if len(toks) > 0 && len(ts) > 0 {
		r, _ := utf8.DecodeRuneInString(ts[0].text)
		lowerOK = !unicode.IsUpper(r)
	}
	return toks, lowerOK
}

// FindMentions is FindMentions for the Matcher's accounts.
func (m *Matcher) FindMentions(text string) (out []Mention) {
	defer func() {
		// Defence in depth: a bug costs one article, not the worker.
		// FuzzFindMentions calls findMentions directly, so bugs are found.
		if recover() != nil {
			out = nil
		}
	}()
	return m.findMentions(text)
}

type cand struct {
	acct               int
	nameStart, nameEnd int // tokens
	roleStart, roleEnd int // bytes in the text
	conf               float64
}

func (m *Matcher) findMentions(text string) []Mention {
	if len(m.index) == 0 || text == "" {
		return nil
	}
	if len(text) > MaxTextBytes {
		text = text[:MaxTextBytes]
		for len(text) > 0 && !utf8.RuneStart(text[len(text)-1]) {
			text = text[:len(text)-1]
		}
		text = strings.ToValidUTF8(text, "")
	}
	byKey := map[string]int{} // dedup key -> index in out
	var out []Mention
	for _, st := range sentences(tokenize(text)) {
		s := newSent(m, text, st)
		if s == nil {
			continue
		}
		for _, c := range s.candidates() {
			name := collapse(text[st[c.nameStart].start:st[c.nameEnd-1].end], 0)
			key := m.accounts[c.acct].ID + "\x00" + normName(st[c.nameStart:c.nameEnd])
			men := Mention{
				AccountID:  m.accounts[c.acct].ID,
				Name:       name,
				RoleText:   collapse(text[c.roleStart:c.roleEnd], 0),
				Sentence:   collapse(text[st[0].start:st[len(st)-1].end], 0),
				Confidence: c.conf,
			}
			if i, ok := byKey[key]; ok {
				if men.Confidence > out[i].Confidence {
					out[i] = men
				}
				continue
			}
			if len(out) >= MaxMentions {
				continue
			}
			byKey[key] = len(out)
			out = append(out, men)
		}
	}
	return out
}

// normName is the dedup form of a name: folded, without titles,
// salutations and initials.
func normName(ts []token) string {
	var parts []string
	for _, t := range ts {
		if !t.word || titles[t.fold] || salutations[t.fold] || isInitial(t) {
			continue
		}
		parts = append(parts, t.fold)
	}
	return strings.Join(parts, " ")
}

func isInitial(t token) bool {
	return t.word && t.upper && utf8.RuneCountInString(t.text) == 2 && strings.HasSuffix(t.text, ".")
}

// wclass is what the role lexicon says about one token.
type wclass struct {
	head       bool // a strong role noun
	weak       int
	premod     bool
	dept       bool
	body       bool
	standalone bool
	former     bool // a former-marker word or an Ex-/then- prefix
}

func (c wclass) roleish() bool { return c.head || c.weak != weakNone || c.premod || c.dept }

func classify(t token) wclass {
	var c wclass
	if !t.word {
		return c
	}
	f := t.fold
	if formerMarks[f] {
		c.former = true
		return c
	}
	for _, p := range []string{"ex-", "then-", "former-"} {
		if strings.HasPrefix(f, p) {
			c.former = true
			f = f[len(p):]
		}
	}
	for _, p := range []string{"co-", "vize-", "vice-", "deputy-", "interim-", "senior-"} {
		f = strings.TrimPrefix(f, p)
	}
	last := f
	if i := strings.LastIndexByte(f, '-'); i >= 0 {
		last = f[i+1:]
	}
	joined := strings.ReplaceAll(f, "-", "")
	c.head = strongHeads[f] || strongHeads[last] || strongHeads[joined] ||
		hasSuffixIn(joined, headSuffixes) && !endsWithAny(joined, notHeads)
	c.weak = weakHeads[f]
	if c.weak == weakNone {
		c.weak = weakHeads[last]
	}
	c.premod = premods[f]
	c.dept = depts[f] || depts[last] || hasSuffixIn(joined, deptSuffixes)
	c.body = bodies[f] || bodies[last]
	c.standalone = standaloneDepts[f]
	return c
}

func endsWithAny(s string, list []string) bool {
	for _, x := range list {
		if strings.HasSuffix(s, x) {
			return true
		}
	}
	return false
}
