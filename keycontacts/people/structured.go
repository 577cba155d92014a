package people

import (
	"bytes"
	"encoding/json"
	"regexp"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// JSON-LD limits: a page's structured data is small; a huge or deeply nested
// blob is an attack or a data dump, and only its beginning is read.
const (
	maxJSONLDBytes   = 1 << 20
	maxJSONLDScripts = 32
	maxJSONDepth     = 40
	maxJSONNodes     = 20_000
	maxScopes        = 1000
)

// special holds the elements the structured and mailto extractors read,
// collected in one walk of the document.
type special struct {
	ldScripts []*html.Node // <script type="application/ld+json">
	itemScope []*html.Node // elements with itemscope (microdata)
	rdfaScope []*html.Node // elements with typeof (RDFa)
	mailtos   []*html.Node // <a href="mailto:...">
	imgLinks  []imgLink    // other links that hold an image (profileLinks)
}

// collect walks the whole document once (iteratively, bounded by MaxNodes).
func collect(root *html.Node) *special {
	sp := &special{}
	stack := []*html.Node{root}
	for visited := 0; len(stack) > 0 && visited < MaxNodes; visited++ {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if n.Type == html.ElementNode {
			switch {
			case n.DataAtom == atom.Script:
				if strings.Contains(strings.ToLower(attr(n, "type")), "ld+json") && len(sp.ldScripts) < maxJSONLDScripts {
					sp.ldScripts = append(sp.ldScripts, n)
				}
			case n.DataAtom == atom.A:
				h := strings.TrimSpace(attr(n, "href"))
				switch {
				case len(h) > 7 && strings.EqualFold(h[:7], "mailto:"):
					if len(sp.mailtos) < 2000 {
						sp.mailtos = append(sp.mailtos, n)
					}
				case h != "" && len(sp.imgLinks) < maxImgLinks:
					if img := linkImage(n); img != nil {
						sp.imgLinks = append(sp.imgLinks, imgLink{n, img})
					}
				}
			}
			if hasAttr(n, "itemscope") && len(sp.itemScope) < maxScopes {
				sp.itemScope = append(sp.itemScope, n)
			}
			if hasAttr(n, "typeof") && len(sp.rdfaScope) < maxScopes {
				sp.rdfaScope = append(sp.rdfaScope, n)
			}
		}
		for c := n.LastChild; c != nil; c = c.PrevSibling {
			stack = append(stack, c)
		}
	}
	return sp
}

// structured reads schema.org Person objects from JSON-LD, microdata and RDFa.
func (x *extractor) structured(sp *special) {
	x.jsonLD(sp.ldScripts)
	x.microdata(sp.itemScope, "itemscope", "itemtype", "itemprop")
	x.microdata(sp.rdfaScope, "typeof", "typeof", "property")
}

// personFacts are the properties of a schema.org Person, from any syntax.
type personFacts struct {
	name, given, family, prefix, suffix string
	jobTitles, emails, phones, links    []string
}

// toCand turns person facts into a candidate, or reports false when the
// "person" is not a usable personal name (an organisation, one word).
func (pf personFacts) toCand(src string, conf float64, order int) (cand, bool) {
	var np nameParts
	ok := false
	name := cleanSpace(pf.name)
	if name != "" && !isCompany(name) {
		np, ok = parseName(name)
	}
	if !ok && !isCompany(name) {
		given, family := cleanSpace(pf.given), cleanSpace(pf.family)
		if given != "" && family != "" {
			full := strings.TrimSpace(cleanSpace(pf.prefix) + " " + given + " " + family)
			if np, ok = parseName(full); !ok && nameWord(lastWord(family)) {
				np = nameParts{full: full, given: given, family: family, title: cleanSpace(pf.prefix),
					knownGiven: isGivenName(strings.Fields(given)[0])}
				ok = true
			}
		}
	}
	if !ok {
		return cand{}, false
	}
	if np.title == "" && pf.prefix != "" && isTitleTok(strings.Fields(pf.prefix)[0]) {
		np.title = cleanSpace(pf.prefix)
		np.full = np.title + " " + np.full
	}
	c := cand{np: np, source: src, conf: conf, order: order}
	for _, t := range pf.jobTitles {
		if t = cleanSpace(t); t != "" && len(t) < 200 {
			c.roles = append(c.roles, role{text: t})
		}
	}
	for _, e := range pf.emails {
		e = strings.TrimSpace(e)
		if strings.HasPrefix(strings.ToLower(e), "mailto:") {
			e = parseMailto(e)
		}
		if validEmail(e) {
			c.emails = append(c.emails, e)
		}
	}
	for _, p := range pf.phones {
		if ph := normalizePhone(p); ph != "" {
			c.phones = append(c.phones, ph)
		}
	}
	for _, l := range pf.links {
		if li := linkedInProfile(l); li != "" {
			c.linkedin = append(c.linkedin, li)
		}
	}
	return c, true
}

var reTrailingComma = regexp.MustCompile(`,\s*([}\]])`)

// jsonLD reads every <script type="application/ld+json">.
func (x *extractor) jsonLD(scripts []*html.Node) {
	start := len(x.cands)
	w := &jsonWalk{orgs: map[string]bool{}}
	for _, s := range scripts {
		raw := scriptText(s)
		if len(raw) > maxJSONLDBytes {
			raw = raw[:maxJSONLDBytes]
		}
		raw = strings.TrimSpace(raw)
		raw = strings.TrimPrefix(strings.TrimSuffix(raw, "-->"), "<!--")
		raw = strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(raw), "//<![CDATA["), "//]]>"))
		vals := decodeJSONValues(raw)
		if len(vals) == 0 {
			// Hand-written JSON-LD often has trailing commas.
			vals = decodeJSONValues(reTrailingComma.ReplaceAllString(raw, "$1"))
		}
		w.budget = maxJSONNodes
		for _, v := range vals {
			x.walkJSON(v, nil, "", 0, w)
		}
	}
	x.dropOrgPersons(start, w.orgs)
}

// jsonWalk is the state of one page's JSON-LD walk: the node budget of the
// script being read and the folded names of the nodes that are no person.
type jsonWalk struct {
	budget int
	orgs   map[string]bool
}

// dropOrgPersons removes the JSON-LD people from x.cands[start:] that carry
// the name of an organisation or site (any node but a person, a page, a
// breadcrumb or an image) the page's JSON-LD describes: a CMS that
// writes the site as an article's author ("author": {"@type": "Person",
// "name": "SV OG Traunstein"} beside the publisher of that name).
func (x *extractor) dropOrgPersons(start int, orgs map[string]bool) {
	if len(orgs) == 0 {
		return
	}
	kept := x.cands[:start]
	for _, c := range x.cands[start:] {
		// A freelancer's site may describe "Anna Huber" as both: a known
		// given name keeps the person.
		// A job title or an address says the node is someone.
		if c.source == SourceJSONLD && !c.np.knownGiven && len(c.roles) == 0 && len(c.emails) == 0 &&
			orgs[foldLetters(c.np.full)] {
			continue
		}
		kept = append(kept, c)
	}
	x.cands = kept
}

// scriptText returns the raw text of a script element.
func scriptText(n *html.Node) string {
	var b strings.Builder
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
		}
	}
	return b.String()
}

// decodeJSONValues decodes one or more concatenated JSON values.
func decodeJSONValues(raw string) []any {
	dec := json.NewDecoder(bytes.NewReader([]byte(raw)))
	var out []any
	for len(out) < 16 {
		var v any
		if err := dec.Decode(&v); err != nil {
			break
		}
		out = append(out, v)
	}
	return out
}

// skipJSONKeys lead to people who are not the organisation's: reviewers,
// commenters.
var skipJSONKeys = map[string]bool{"review": true, "reviews": true, "comment": true, "comments": true,
	"aggregaterating": true, "reviewrating": true, "interactionstatistic": true}

func (x *extractor) walkJSON(v any, parentTypes []string, key string, depth int, w *jsonWalk) {
	w.budget--
	if depth > maxJSONDepth || w.budget < 0 {
		return
	}
	switch t := v.(type) {
	case []any:
		for _, e := range t {
			x.walkJSON(e, parentTypes, key, depth+1, w)
		}
	case map[string]any:
		types := jsonTypes(t)
		lk := strings.ToLower(key)
		if skipJSONKeys[lk] {
			return
		}
		if (lk == "author" || lk == "creator") && hasAnyType(parentTypes, "review", "comment", "rating", "question", "answer") {
			return
		}
		if len(types) > 0 && !hasAnyType(types, "person", "listitem", "breadcrumblist", "webpage", "profilepage",
			"imageobject", "aboutpage", "contactpage") {
			if n := jsonString(get(t, "name")); n != "" && len(n) < 200 {
				w.orgs[foldLetters(n)] = true
			}
		}
		if hasAnyType(types, "person") {
			pf := personFacts{
				name:      jsonString(get(t, "name")),
				given:     jsonString(get(t, "givenName")),
				family:    jsonString(get(t, "familyName")),
				prefix:    jsonString(get(t, "honorificPrefix")),
				suffix:    jsonString(get(t, "honorificSuffix")),
				jobTitles: jsonStrings(get(t, "jobTitle")),
				emails:    jsonStrings(get(t, "email")),
				phones:    jsonStrings(get(t, "telephone")),
				links:     append(jsonStrings(get(t, "sameAs")), jsonStrings(get(t, "url"))...),
			}
			if cp, ok := get(t, "contactPoint").(map[string]any); ok {
				pf.emails = append(pf.emails, jsonStrings(get(cp, "email"))...)
				pf.phones = append(pf.phones, jsonStrings(get(cp, "telephone"))...)
			}
			if c, ok := pf.toCand(SourceJSONLD, 0.95, len(x.p.lines)); ok {
				x.cands = append(x.cands, c)
			}
		}
		for k, e := range t {
			if strings.HasPrefix(k, "@") && k != "@graph" {
				continue
			}
			x.walkJSON(e, types, k, depth+1, w)
		}
	}
}

// get looks a key up case-insensitively: "jobtitle" is as common as
// "jobTitle" in hand-written JSON-LD.
func get(m map[string]any, key string) any {
	if v, ok := m[key]; ok {
		return v
	}
	for k, v := range m {
		if strings.EqualFold(k, key) || strings.EqualFold(strings.TrimPrefix(k, "schema:"), key) {
			return v
		}
	}
	return nil
}

// jsonTypes returns the folded local names of an object's @type.
func jsonTypes(m map[string]any) []string {
	var out []string
	for _, t := range jsonStrings(get(m, "@type")) {
		t = strings.ToLower(t)
		if i := strings.LastIndexAny(t, "/:#"); i >= 0 {
			t = t[i+1:]
		}
		out = append(out, t)
	}
	return out
}

func hasAnyType(types []string, want ...string) bool {
	for _, t := range types {
		for _, w := range want {
			if t == w {
				return true
			}
		}
	}
	return false
}

// jsonString returns a string value, the first of an array, or the name or
// @value of an object.
func jsonString(v any) string {
	if s := jsonStrings(v); len(s) > 0 {
		return s[0]
	}
	return ""
}

func jsonStrings(v any) []string {
	switch t := v.(type) {
	case string:
		return []string{t}
	case []any:
		var out []string
		for _, e := range t {
			if len(out) >= 16 {
				break
			}
			if s, ok := e.(string); ok {
				out = append(out, s)
			} else if m, ok := e.(map[string]any); ok {
				out = append(out, jsonStrings(m)...)
			}
		}
		return out
	case map[string]any:
		for _, k := range []string{"name", "@value", "@id", "url"} {
			if s, ok := t[k].(string); ok {
				return []string{s}
			}
		}
	}
	return nil
}

// microdata reads schema.org Person scopes. With ("itemscope", "itemtype",
// "itemprop") it reads microdata, with ("typeof", "typeof", "property")
// RDFa; the two differ only in attribute names.
func (x *extractor) microdata(scopes []*html.Node, scopeAttr, typeAttr, propAttr string) {
	for _, n := range scopes {
		typ := strings.ToLower(attr(n, typeAttr))
		if !isPersonType(typ) {
			continue
		}
		props := scopeProps(n, scopeAttr, propAttr)
		pf := personFacts{
			name:      first(props["name"]),
			given:     first(props["givenname"]),
			family:    first(props["familyname"]),
			prefix:    first(props["honorificprefix"]),
			jobTitles: props["jobtitle"],
			emails:    props["email"],
			phones:    props["telephone"],
			links:     append(props["sameas"], props["url"]...),
		}
		a, b, _ := x.p.lineRange(n)
		c, ok := pf.toCand(SourceMicrodata, 0.9, a)
		if !ok {
			continue
		}
		// The scope is the person's block: take contact facts from it when
		// the markup does not carry them.
		for k := a; k < b && k < len(x.p.lines); k++ {
			l := &x.p.lines[k]
			c.emails = append(c.emails, l.emails...)
			c.phones = append(c.phones, l.phones...)
			c.linkedin = append(c.linkedin, l.linkedin...)
		}
		x.cands = append(x.cands, c)
	}
}

func isPersonType(typ string) bool {
	for _, t := range strings.Fields(typ) {
		if i := strings.LastIndexAny(t, "/:#"); i >= 0 {
			t = t[i+1:]
		}
		if t == "person" {
			return true
		}
	}
	return false
}

func first(xs []string) string {
	if len(xs) == 0 {
		return ""
	}
	return xs[0]
}

// scopeProps collects the properties of one item scope, not descending into
// nested scopes (their own properties belong to them).
func scopeProps(scope *html.Node, scopeAttr, propAttr string) map[string][]string {
	props := make(map[string][]string)
	stack := []*html.Node{}
	for c := scope.LastChild; c != nil; c = c.PrevSibling {
		stack = append(stack, c)
	}
	steps := 0
	for len(stack) > 0 && steps < 20_000 {
		steps++
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if n.Type != html.ElementNode {
			continue
		}
		nested := hasAttr(n, scopeAttr)
		if p := attr(n, propAttr); p != "" && !nested {
			v := propValue(n)
			for _, name := range strings.Fields(strings.ToLower(p)) {
				if i := strings.LastIndexAny(name, "/:#"); i >= 0 {
					name = name[i+1:]
				}
				if v != "" && len(props[name]) < 8 {
					props[name] = append(props[name], v)
				}
			}
		}
		if nested {
			continue
		}
		for c := n.LastChild; c != nil; c = c.PrevSibling {
			stack = append(stack, c)
		}
	}
	return props
}

func hasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Key == key {
			return true
		}
	}
	return false
}

// propValue is the value of a microdata property per the HTML standard:
// content for meta, href for links, src for media, datetime for time, the
// text otherwise.
func propValue(n *html.Node) string {
	if c := attr(n, "content"); c != "" {
		return cleanSpace(c)
	}
	switch n.DataAtom {
	case atom.A, atom.Link, atom.Area:
		return strings.TrimSpace(attr(n, "href"))
	case atom.Img, atom.Audio, atom.Video, atom.Source, atom.Embed, atom.Iframe:
		return strings.TrimSpace(attr(n, "src"))
	case atom.Object:
		return strings.TrimSpace(attr(n, "data"))
	case atom.Time:
		if d := attr(n, "datetime"); d != "" {
			return d
		}
	case atom.Data, atom.Meter:
		return strings.TrimSpace(attr(n, "value"))
	}
	return nodeText(n, 400)
}

// mailto finds mailto links whose text is a name ("<a href="mailto:
// m.muster@firma.de">Max Muster</a>") or whose line is a name followed by the
// address ("Max Muster: max@firma.de").
func (x *extractor) mailto(links []*html.Node) {
	for _, n := range links {
		email := parseMailto(strings.TrimSpace(attr(n, "href")))
		if email == "" {
			continue
		}
		order := 0
		if a, _, ok := x.p.lineRange(n); ok {
			order = a
		}
		text := nodeText(n, 200)
		if items := parseNameList(text, modeLine); len(items) == 1 {
			conf := 0.7
			if items[0].np.knownGiven {
				conf += 0.1
			}
			var roles []role
			if j := x.headingRole(order); j >= 0 && len(items[0].roles) == 0 {
				roles = []role{{text: trimPunct(x.p.lines[j].text, true)}}
			}
			ci := x.add(items[0], roles, SourceMailto, conf, -1)
			x.cands[ci].emails = append(x.cands[ci].emails, email)
			x.cands[ci].order = order
			continue
		}
		// "Max Muster: max@firma.de" on one line.
		if order < len(x.p.lines) {
			lt := x.p.lines[order].text
			if k := strings.Index(lt, text); k > 0 && text != "" {
				if np, _, ok := namePrefix(trimPunct(lt[:k], false), false); ok && len(x.p.lines[order].emails) == 1 {
					conf := 0.6
					if np.knownGiven {
						conf += 0.1
					}
					ci := x.add(listItem{np: np}, nil, SourceMailto, conf, -1)
					x.cands[ci].emails = append(x.cands[ci].emails, email)
					x.cands[ci].order = order
				}
			}
		}
	}
}
