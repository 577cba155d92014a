package web

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"path"
	"slices"
	"strings"
)

// Candidate is a page of a site that probably names people.
type Candidate struct {
	// URL is absolute, without userinfo and fragment.
	URL string
	// Kind is one of KindImprint, KindManagement, KindTeam, KindContact,
	// KindAbout, KindHome, KindPress, KindNews, KindOther.
	Kind string
	// Depth is the number of link hops from the home page (0 for the home
	// page itself); sitemap entries count as 1.
	Depth int
}

// SitePage is a candidate and the outcome of fetching it.
type SitePage struct {
	Candidate Candidate
	// Page is the fetched page; nil when Err is set.
	Page *Page
	// Err is the fetch error (e.g. a *StatusError or ErrNotHTML).
	Err error
}

// Discovery limits per site.
const (
	// maxCandidates caps the list Discover returns.
	maxCandidates = 100
	// maxTracked caps the candidates considered before sorting.
	maxTracked = 10000
	// maxSitemaps caps the sitemap documents read, index included.
	maxSitemaps = 5
	// maxRobotsSitemaps caps the robots.txt Sitemap: lines followed.
	maxRobotsSitemaps = 3
	// maxSmallSiteLinks is the most distinct same-site pages a home page
	// may link to for the site to count as small: all of them are then
	// candidates (KindOther for those no keyword names).
	maxSmallSiteLinks = 20
)

// expandKinds are the kinds whose pages Discover reads for further links:
// hub pages that typically link to the people pages, and language
// variants' home pages, which link to that language's imprint and team.
var expandKinds = map[string]bool{KindAbout: true, KindTeam: true, KindManagement: true, KindHome: true}

// Discover finds the pages of site that probably name people. site is a
// CRM domain or website: "acme.example", "www.acme.example/de/",
// "https://www.acme.example/". A bare domain is tried with https and, when
// that cannot connect at all, with http.
//
// Discover reads robots.txt, the sitemaps it names (at most 3, same site
// only) or /sitemap.xml (one level of sitemap index, at most 5 documents,
// each capped at Config.MaxBodyBytes), and the home page; then, breadth
// first up to Config.MaxDepth link hops, the about, team and management
// pages and the language variants' home pages ("/en/") it found, for more
// links. Only links on the same site are kept: the host of site or of the
// home page after redirects, each with or without "www."; a sitemap read
// from the site whose entries all name one other host (the production
// host of a site reached under another name) counts as listing the site's
// own paths (see sitemapURLs). A link is a candidate when its link text or
// URL path matches German or English people-page keywords (impressum,
// team, über uns, vorstand, geschäftsführung, leadership, kontakt, presse,
// ...; see Candidate.Kind), or names a language variant, and robots.txt
// allows it; links to job ads, career, privacy and terms pages are not,
// even when their text says "team" ("Werde Teil unseres Teams"). "/x",
// "/x/" and "/x/index.html" are one page. On a small site (a home page
// linking to at most 20 pages of the site) the home page's other links are
// candidates too, of KindOther. HTML pages fetched count against
// Config.PageBudget (robots.txt and sitemaps do not).
//
// The result is ordered by priority: matches in the link text or the last
// path segment first, then by kind (imprint, management, team, contact,
// about, home, press, news, other), depth and path length. It holds at
// most 100 candidates; the home page is not one of them. Discover fails
// only when the site is invalid or forbidden, the context ends, or nothing
// at all could be read (the error of the home page fetch then).
func (c *Client) Discover(ctx context.Context, site string) ([]Candidate, error) {
	cr, err := c.discover(ctx, site)
	if err != nil {
		return nil, err
	}
	out := make([]Candidate, len(cr.sorted))
	for i, cd := range cr.sorted {
		out[i] = cd.Candidate
	}
	return out, nil
}

// FetchPages discovers the candidates of site like Discover and fetches
// them in priority order until Config.PageBudget HTML pages (discovery's
// included) have been fetched. It returns the home page first (Kind
// KindHome, Depth 0, with its page or its error: small companies name
// their managing directors there), then one SitePage per candidate
// fetched, in priority order, with the page or its error; candidates beyond
// the budget are left out. Pages that discovery did not need for their
// links are fetched conditionally with prev[Candidate.URL] (nil map: none),
// so an unchanged page comes back with NotModified. The error is non-nil
// under the same conditions as Discover's; when the context ends midway
// FetchPages returns the pages fetched so far with the context's error.
func (c *Client) FetchPages(ctx context.Context, site string, prev map[string]Validators) ([]SitePage, error) {
	cr, err := c.discover(ctx, site)
	if err != nil {
		return nil, err
	}
	out := []SitePage{{Candidate: cr.homeCand, Page: cr.homePage, Err: cr.homeErr}}
	for _, cd := range cr.sorted {
		key := urlKey(cd.u)
		p, done := cr.pages[key]
		ferr, failed := cr.errs[key]
		if !done && !failed {
			if cr.budget <= 0 {
				continue
			}
			var v *Validators
			if pv, ok := prev[cd.URL]; ok {
				v = &pv
			}
			p, ferr = cr.fetch(ctx, cd.u, v)
			if ctx.Err() != nil {
				return out, ctx.Err()
			}
		}
		out = append(out, SitePage{Candidate: cd.Candidate, Page: p, Err: ferr})
	}
	return out, nil
}

// cand is a Candidate under consideration.
type cand struct {
	Candidate
	u        *url.URL
	strength int // strongMatch or weakMatch
	seq      int // discovery order, the last tie breaker
}

// crawl is the state of one site's discovery.
type crawl struct {
	c      *Client
	home   *url.URL
	site   map[string]bool // siteHost of the site's hosts
	homes  map[string]bool // urlKey of the home page, before and after redirects
	cands  map[string]*cand
	pages  map[string]*Page // fetched pages by urlKey
	errs   map[string]error // failed fetches by urlKey
	budget int
	seq    int
	sorted []*cand
	// homeCand, homePage and homeErr are the home page and the outcome
	// of its fetch.
	homeCand Candidate
	homePage *Page
	homeErr  error
}

// discover finds a site's candidate pages: from its sitemaps, the links of
// its home page, and the links of strongly matching pages down to
// MaxDepth, within the page budget, minus what robots.txt forbids. It
// fails when the site cannot be read at all.
func (c *Client) discover(ctx context.Context, site string) (*crawl, error) {
	bases, err := siteURLs(site)
	if err != nil {
		return nil, fmt.Errorf("web: discover %s: %w", redactRaw(site), err)
	}
	home, robots, err := c.reachableHome(ctx, bases)
	if err != nil {
		return nil, err
	}
	cr := &crawl{
		c:      c,
		home:   home,
		site:   map[string]bool{siteHost(home): true},
		homes:  map[string]bool{urlKey(home): true},
		cands:  make(map[string]*cand),
		pages:  make(map[string]*Page),
		errs:   make(map[string]error),
		budget: c.cfg.PageBudget,
	}
	cr.readSitemaps(ctx, robots)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := cr.readHome(ctx); err != nil {
		return nil, err
	}
	if err := cr.expand(ctx); err != nil {
		return nil, err
	}
	if err := cr.dropDisallowed(ctx); err != nil {
		return nil, err
	}
	cr.sorted = cr.sort()
	if len(cr.sorted) > maxCandidates {
		cr.sorted = cr.sorted[:maxCandidates]
	}
	if len(cr.sorted) == 0 && cr.homeErr != nil {
		return nil, cr.homeErr
	}
	return cr, nil
}

// reachableHome is the first of the site's base URLs (one per scheme) that
// answers, with its robots.txt; the last one is taken even when it does
// not answer.
func (c *Client) reachableHome(ctx context.Context, bases []*url.URL) (*url.URL, *robotsEntry, error) {
	for i, b := range bases {
		if err := c.precheck(b); err != nil {
			return nil, nil, fmt.Errorf("web: discover %s: %w", redact(b), err)
		}
		e, err := c.robotsFor(ctx, b)
		if err != nil {
			return nil, nil, fmt.Errorf("web: discover %s: %w", redact(b), err)
		}
		if e.unreachable && i < len(bases)-1 {
			c.log.Debug("site unreachable, trying next scheme", "url", redact(b), "error", e.cause)
			continue
		}
		return b, e, nil
	}
	return nil, nil, nil
}

// readHome fetches the home page and considers its links; where it
// redirected to counts as the site and its home too. A failed fetch is
// kept in homeErr; only ctx's end is returned.
func (cr *crawl) readHome(ctx context.Context) error {
	homePage, homeErr := cr.fetch(ctx, cr.home, nil)
	if err := ctx.Err(); err != nil {
		return err
	}
	cr.homeCand = Candidate{URL: redact(cr.home), Kind: KindHome}
	cr.homePage, cr.homeErr = homePage, homeErr
	if homeErr == nil {
		cr.homeCand.URL = homePage.URL
		if final, err := url.Parse(homePage.URL); err == nil {
			cr.site[siteHost(final)] = true
			cr.homes[urlKey(final)] = true
			links := extractLinks(final, homePage.Body)
			for _, l := range links {
				cr.consider(l.URL, l.Text, 1)
			}
			cr.addSmallSite(links)
		}
	}
	return nil
}

// expand follows the links of strongly matching candidates of the kinds
// worth expanding, one depth after another, while the budget lasts.
func (cr *crawl) expand(ctx context.Context) error {
	for depth := 1; depth < cr.c.cfg.MaxDepth && cr.budget > 0; depth++ {
		for _, cd := range cr.sort() {
			if cr.budget <= 0 {
				break
			}
			if cd.Depth != depth || cd.strength != strongMatch || !expandKinds[cd.Kind] {
				continue
			}
			p, err := cr.fetch(ctx, cd.u, nil)
			if ctx.Err() != nil {
				return ctx.Err()
			}
			if err == nil {
				if final, perr := url.Parse(p.URL); perr == nil {
					cr.addLinks(final, p.Body, depth+1)
				}
			}
		}
	}
	return nil
}

// dropDisallowed drops the candidates robots.txt forbids (the www.
// variant may have its own).
func (cr *crawl) dropDisallowed(ctx context.Context) error {
	for key, cd := range cr.cands {
		e, err := cr.c.robotsFor(ctx, cd.u)
		if err != nil {
			return err
		}
		if e.check(cd.u) != nil {
			delete(cr.cands, key)
		}
	}
	return nil
}

// fetch fetches a page once per crawl, spending budget.
func (cr *crawl) fetch(ctx context.Context, u *url.URL, prev *Validators) (*Page, error) {
	key := urlKey(u)
	if p, ok := cr.pages[key]; ok {
		return p, nil
	}
	if err, ok := cr.errs[key]; ok {
		return nil, err
	}
	// A page robots.txt forbids costs no budget.
	if err := cr.c.allowedByRobots(ctx, u); err != nil {
		if ctx.Err() == nil {
			cr.errs[key] = err
		}
		return nil, err
	}
	cr.budget--
	p, err := cr.c.fetch(ctx, u, prev)
	if err != nil {
		cr.c.log.Debug("discovery fetch failed", "url", redact(u), "error", err)
		if ctx.Err() == nil {
			cr.errs[key] = err
		}
		return nil, err
	}
	cr.pages[key] = p
	return p, nil
}

// readSitemaps reads the robots.txt sitemaps (or /sitemap.xml) and one
// level of sitemap index, adding matching entries as candidates.
func (cr *crawl) readSitemaps(ctx context.Context, robots *robotsEntry) {
	type job struct {
		u       *url.URL
		inIndex bool
	}
	var queue []job
	// robots.txt was read from the home page's host: its Sitemap lines
	// are mapped like a sitemap's entries.
	for _, u := range cr.sitemapURLs(cr.home, robots.sitemaps) {
		if len(queue) < maxRobotsSitemaps {
			queue = append(queue, job{u: u})
		}
	}
	if len(queue) == 0 {
		queue = append(queue, job{u: cr.home.ResolveReference(&url.URL{Path: "/sitemap.xml"})})
	}
	for n := 0; len(queue) > 0 && n < maxSitemaps; n++ {
		j := queue[0]
		queue = queue[1:]
		body, final, err := cr.c.fetchSitemap(ctx, j.u)
		if err != nil {
			cr.c.log.Debug("sitemap skipped", "url", redact(j.u), "error", err)
			if ctx.Err() != nil {
				return
			}
			continue
		}
		locs, index := parseSitemap(body)
		urls := cr.sitemapURLs(final, locs)
		if index {
			if j.inIndex {
				continue // one level of index only
			}
			var children []job
			for _, u := range urls {
				children = append(children, job{u: u, inIndex: true})
			}
			// Page sitemaps (WordPress "page-sitemap.xml") before posts,
			// products and the like.
			slices.SortStableFunc(children, func(a, b job) int {
				return cmp.Compare(sitemapRank(a.u), sitemapRank(b.u))
			})
			queue = append(queue, children...)
			continue
		}
		for _, u := range urls {
			cr.consider(u, "", 1)
		}
	}
}

// sitemapURLs parses the <loc> entries of a sitemap read from final (the
// URL after redirects), or the Sitemap lines of a robots.txt, and returns
// those on the site.
//
// A sitemap may list only URLs of the host it is served from
// (sitemaps.org, "Sitemap file location"). Sites reached under another
// name than their production one (a CRM domain or IP address that serves
// the site without redirecting, a staging copy, a bare domain whose
// sitemap names the www. host generated for production) serve sitemaps
// whose every entry names the production host. So when every entry names
// one and the same host that is not the site's, and the sitemap itself
// was read from a host of the site, the entries are taken as that site's
// own pages and their paths (and queries) are mapped onto the host the
// sitemap was read from. A sitemap read from elsewhere (only a redirect
// leads there) is never mapped, nor is one that mixes hosts (its other
// hosts are other sites). The mapping never leads to a new host:
// robots.txt, politeness and the SSRF guard see only the site's hosts.
func (cr *crawl) sitemapURLs(final *url.URL, locs []string) []*url.URL {
	var own, foreign []*url.URL
	hosts := make(map[string]bool)
	for _, l := range locs {
		u, err := parseURL(l)
		switch {
		case err != nil:
		case cr.sameSite(u):
			own = append(own, u)
		default:
			foreign = append(foreign, u)
			hosts[siteHost(u)] = true
		}
	}
	if len(own) > 0 || len(hosts) != 1 || final == nil || !cr.sameSite(final) {
		return own
	}
	for _, u := range foreign {
		m := *u
		m.Scheme, m.Host = final.Scheme, final.Host
		own = append(own, &m)
	}
	return own
}

func sitemapRank(u *url.URL) int {
	p := strings.ToLower(u.Path)
	switch {
	case strings.Contains(p, "page") || strings.Contains(p, "seite"):
		return 0
	case strings.Contains(p, "post") || strings.Contains(p, "product") || strings.Contains(p, "produkt") ||
		strings.Contains(p, "image") || strings.Contains(p, "video") || strings.Contains(p, "tag") ||
		strings.Contains(p, "categor"):
		return 2
	}
	return 1
}

// fetchSitemap GETs a sitemap politely (robots.txt obeyed), reading at
// most MaxBodyBytes; a longer sitemap is truncated, not refused. It
// returns the body and the URL it was read from after redirects.
func (c *Client) fetchSitemap(ctx context.Context, u *url.URL) ([]byte, *url.URL, error) {
	var (
		body []byte
		from *url.URL
	)
	err := c.do(ctx, u, request{
		accept: "application/xml, text/xml;q=0.9, */*;q=0.1",
		robots: true,
		handle: func(final *url.URL, resp *http.Response) error {
			if resp.StatusCode < 200 || resp.StatusCode > 299 {
				return &StatusError{URL: redact(final), StatusCode: resp.StatusCode, Status: resp.Status}
			}
			var err error
			from = final
			body, err = io.ReadAll(io.LimitReader(resp.Body, c.cfg.MaxBodyBytes))
			return err
		},
	})
	if err != nil {
		return nil, nil, fmt.Errorf("web: sitemap %s: %w", redact(u), err)
	}
	return body, from, nil
}

// addLinks considers the links of a fetched page at depth.
func (cr *crawl) addLinks(pageURL *url.URL, body []byte, depth int) {
	for _, l := range extractLinks(pageURL, body) {
		cr.consider(l.URL, l.Text, depth)
	}
}

// addSmallSite adds the home page's links that name no people-page
// keyword as KindOther candidates when the site is small: its home page
// links to at most maxSmallSiteLinks pages of the site. Such sites name
// people on pages of any name (a FAQ, a blog, "Wer wir sind"), and reading
// all of them costs little; on larger sites these links are mostly
// products and services. Job, privacy and similar pages stay out.
func (cr *crawl) addSmallSite(links []link) {
	pages := make(map[string]bool)
	for _, l := range links {
		if cr.pageLink(l.URL) {
			pages[urlKey(l.URL)] = true
		}
	}
	if len(pages) > maxSmallSiteLinks {
		return
	}
	for _, l := range links {
		if !cr.pageLink(l.URL) || notPeople(l.URL, l.Text) {
			continue
		}
		if kind, _ := classify(l.URL, l.Text); kind == "" {
			cr.add(l.URL, KindOther, weakMatch, 1)
		}
	}
}

// pageLink reports a link to an HTML page of the site other than its home
// page.
func (cr *crawl) pageLink(u *url.URL) bool {
	if (u.Scheme != "http" && u.Scheme != "https") || !cr.sameSite(u) || nonHTMLExt(u.Path) {
		return false
	}
	return !cr.homes[urlKey(u)] && (len(pathSegments(u.Path)) > 0 || u.RawQuery != "")
}

// consider adds u as a candidate when it is a page of the site and matches
// a people-page keyword or names a language variant.
func (cr *crawl) consider(u *url.URL, text string, depth int) {
	if !cr.pageLink(u) {
		return
	}
	if kind, strength := classify(u, text); kind != "" {
		cr.add(u, kind, strength, depth)
	}
}

// add adds u as a candidate; a known candidate keeps its smallest depth
// and best match, and takes the "/x/" spelling over "/x" (relative links
// on a folder's index page resolve against "/x/" only; a server that
// prefers "/x" redirects).
func (cr *crawl) add(u *url.URL, kind string, strength, depth int) {
	key := urlKey(u)
	if old := cr.cands[key]; old != nil {
		old.Depth = min(old.Depth, depth)
		if strength < old.strength || (strength == old.strength && kindRank(kind) < kindRank(old.Kind)) {
			old.Kind, old.strength = kind, strength
		}
		if u.Path == old.u.Path+"/" && path.Ext(old.u.Path) == "" && u.RawQuery == old.u.RawQuery {
			old.u.Path, old.u.RawPath = u.Path, u.RawPath
			old.URL = old.u.String()
		}
		return
	}
	if len(cr.cands) >= maxTracked {
		return
	}
	cr.seq++
	cu := *u
	cu.User = nil
	cr.cands[key] = &cand{Candidate: Candidate{URL: cu.String(), Kind: kind, Depth: depth}, u: &cu, strength: strength, seq: cr.seq}
}

// sort returns the candidates by priority.
func (cr *crawl) sort() []*cand {
	out := make([]*cand, 0, len(cr.cands))
	for _, cd := range cr.cands {
		out = append(out, cd)
	}
	slices.SortFunc(out, func(a, b *cand) int {
		return cmp.Or(
			cmp.Compare(a.strength, b.strength),
			cmp.Compare(kindRank(a.Kind), kindRank(b.Kind)),
			cmp.Compare(a.Depth, b.Depth),
			cmp.Compare(len(pathSegments(a.u.Path)), len(pathSegments(b.u.Path))),
			cmp.Compare(len(a.URL), len(b.URL)),
			cmp.Compare(a.seq, b.seq),
		)
	})
	return out
}

func (cr *crawl) sameSite(u *url.URL) bool { return cr.site[siteHost(u)] }

// siteHost is the host of u without "www." and a trailing dot, plus a
// non-default port: the unit of "same site" and of politeness (gateKey).
func siteHost(u *url.URL) string {
	h := hostKey(u)
	if host, port, err := net.SplitHostPort(h); err == nil {
		return net.JoinHostPort(strings.TrimPrefix(strings.TrimSuffix(host, "."), "www."), port)
	}
	return strings.TrimPrefix(strings.TrimSuffix(h, "."), "www.")
}

// urlKey identifies a page regardless of scheme, "www.", a trailing slash,
// a last directory index file ("index.html") and fragment.
func urlKey(u *url.URL) string {
	p := u.EscapedPath()
	if i := strings.LastIndexByte(p, '/'); i >= 0 {
		if base := p[i+1:]; path.Ext(base) != "" && isIndexName(strings.TrimSuffix(base, path.Ext(base))) {
			p = p[:i+1]
		}
	}
	p = strings.TrimSuffix(p, "/")
	if p == "" {
		p = "/"
	}
	k := siteHost(u) + p
	if u.RawQuery != "" {
		k += "?" + u.RawQuery
	}
	return k
}

// siteURLs turns a CRM domain or website into the home page URLs to try:
// the URL itself when it has a scheme, else https and then http.
func siteURLs(site string) ([]*url.URL, error) {
	s := strings.TrimSpace(site)
	if s == "" {
		return nil, ErrInvalidSite
	}
	if strings.Contains(s, "://") {
		u, err := parseURL(s)
		if err != nil {
			if errors.Is(err, ErrUnsupportedScheme) {
				return nil, err
			}
			return nil, fmt.Errorf("%w: %v", ErrInvalidSite, err)
		}
		if u.Path == "" {
			u.Path = "/"
		}
		return []*url.URL{u}, nil
	}
	u, err := parseURL("https://" + s)
	if err != nil || strings.ContainsAny(u.Hostname(), "@ ") {
		return nil, ErrInvalidSite
	}
	if _, _, err := net.SplitHostPort(u.Host); err != nil && strings.Contains(u.Host, ":") && !strings.HasPrefix(u.Host, "[") {
		return nil, ErrInvalidSite
	}
	if u.Path == "" {
		u.Path = "/"
	}
	h := *u
	h.Scheme = "http"
	return []*url.URL{u, &h}, nil
}
