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
	"slices"
	"strings"
)

// Candidate is a page of a site that probably names people.
type Candidate struct {
	// URL is absolute, without userinfo and fragment.
	URL string
	// Kind is one of KindImprint, KindManagement, KindTeam, KindContact,
	// KindAbout, KindPress, KindNews.
	Kind string
	// Depth is the number of link hops from the home page; sitemap
	// entries count as 1.
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
)

// expandKinds are the kinds whose pages Discover reads for further links:
// hub pages that typically link to the people pages.
var expandKinds = map[string]bool{KindAbout: true, KindTeam: true, KindManagement: true}

// Discover finds the pages of site that probably name people. site is a
// CRM domain or website: "acme.example", "www.acme.example/de/",
// "https://www.acme.example/". A bare domain is tried with https and, when
// that cannot connect at all, with http.
//
// Discover reads robots.txt, the sitemaps it names (at most 3, same site
// only) or /sitemap.xml (one level of sitemap index, at most 5 documents,
// each capped at Config.MaxBodyBytes), and the home page; then, breadth
// first up to Config.MaxDepth link hops, the about, team and management
// pages it found, for more links. Only links on the same site are kept:
// the host of site or of the home page after redirects, each with or
// without "www.". A link is a candidate when its link text or URL path
// matches German or English people-page keywords (impressum, team, über
// uns, vorstand, geschäftsführung, kontakt, presse, ...; see Candidate.Kind)
// and robots.txt allows it. HTML pages fetched count against
// Config.PageBudget (robots.txt and sitemaps do not).
//
// The result is ordered by priority: matches in the link text or the last
// path segment first, then by kind (imprint, management, team, contact,
// about, press, news), depth and path length. It holds at most 100
// candidates. Discover fails only when the site is invalid or forbidden,
// the context ends, or nothing at all could be read (the error of the home
// page fetch then).
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
// included) have been fetched. It returns one SitePage per candidate
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
	var out []SitePage
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
}

func (c *Client) discover(ctx context.Context, site string) (*crawl, error) {
	bases, err := siteURLs(site)
	if err != nil {
		return nil, fmt.Errorf("web: discover %s: %w", redactRaw(site), err)
	}
	var (
		home   *url.URL
		robots *robotsEntry
	)
	for i, b := range bases {
		if err := c.precheck(b); err != nil {
			return nil, fmt.Errorf("web: discover %s: %w", redact(b), err)
		}
		e, err := c.robotsFor(ctx, b)
		if err != nil {
			return nil, fmt.Errorf("web: discover %s: %w", redact(b), err)
		}
		if e.unreachable && i < len(bases)-1 {
			c.log.Debug("site unreachable, trying next scheme", "url", redact(b), "error", e.cause)
			continue
		}
		home, robots = b, e
		break
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
	homePage, homeErr := cr.fetch(ctx, home, nil)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if homeErr == nil {
		if final, err := url.Parse(homePage.URL); err == nil {
			cr.site[siteHost(final)] = true
			cr.homes[urlKey(final)] = true
			cr.addLinks(final, homePage.Body, 1)
		}
	}
	for depth := 1; depth < c.cfg.MaxDepth && cr.budget > 0; depth++ {
		for _, cd := range cr.sort() {
			if cr.budget <= 0 {
				break
			}
			if cd.Depth != depth || cd.strength != strongMatch || !expandKinds[cd.Kind] {
				continue
			}
			p, err := cr.fetch(ctx, cd.u, nil)
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			if err == nil {
				if final, perr := url.Parse(p.URL); perr == nil {
					cr.addLinks(final, p.Body, depth+1)
				}
			}
		}
	}
	// Drop what robots.txt forbids (the www. variant may have its own).
	for key, cd := range cr.cands {
		e, err := c.robotsFor(ctx, cd.u)
		if err != nil {
			return nil, err
		}
		if e.check(cd.u) != nil {
			delete(cr.cands, key)
		}
	}
	cr.sorted = cr.sort()
	if len(cr.sorted) > maxCandidates {
		cr.sorted = cr.sorted[:maxCandidates]
	}
	if len(cr.sorted) == 0 && homeErr != nil {
		return nil, homeErr
	}
	return cr, nil
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
	for _, s := range robots.sitemaps {
		if u, err := parseURL(s); err == nil && cr.sameSite(u) && len(queue) < maxRobotsSitemaps {
			queue = append(queue, job{u: u})
		}
	}
	if len(queue) == 0 {
		queue = append(queue, job{u: cr.home.ResolveReference(&url.URL{Path: "/sitemap.xml"})})
	}
	for n := 0; len(queue) > 0 && n < maxSitemaps; n++ {
		j := queue[0]
		queue = queue[1:]
		body, err := cr.c.fetchSitemap(ctx, j.u)
		if err != nil {
			cr.c.log.Debug("sitemap skipped", "url", redact(j.u), "error", err)
			if ctx.Err() != nil {
				return
			}
			continue
		}
		locs, index := parseSitemap(body)
		if index {
			if j.inIndex {
				continue // one level of index only
			}
			var children []job
			for _, l := range locs {
				if u, err := parseURL(l); err == nil && cr.sameSite(u) {
					children = append(children, job{u: u, inIndex: true})
				}
			}
			// Page sitemaps (WordPress "page-sitemap.xml") before posts,
			// products and the like.
			slices.SortStableFunc(children, func(a, b job) int {
				return cmp.Compare(sitemapRank(a.u), sitemapRank(b.u))
			})
			queue = append(queue, children...)
			continue
		}
		for _, l := range locs {
			if u, err := parseURL(l); err == nil {
				cr.consider(u, "", 1)
			}
		}
	}
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
// most MaxBodyBytes; a longer sitemap is truncated, not refused.
func (c *Client) fetchSitemap(ctx context.Context, u *url.URL) ([]byte, error) {
	var body []byte
	err := c.do(ctx, u, request{
		accept: "application/xml, text/xml;q=0.9, */*;q=0.1",
		robots: true,
		handle: func(final *url.URL, resp *http.Response) error {
			if resp.StatusCode < 200 || resp.StatusCode > 299 {
				return &StatusError{URL: redact(final), StatusCode: resp.StatusCode, Status: resp.Status}
			}
			var err error
			body, err = io.ReadAll(io.LimitReader(resp.Body, c.cfg.MaxBodyBytes))
			return err
		},
	})
	if err != nil {
		return nil, fmt.Errorf("web: sitemap %s: %w", redact(u), err)
	}
	return body, nil
}

// addLinks considers the links of a fetched page at depth.
func (cr *crawl) addLinks(pageURL *url.URL, body []byte, depth int) {
	for _, l := range extractLinks(pageURL, body) {
		cr.consider(l.URL, l.Text, depth)
	}
}

// consider adds u as a candidate when it is on the site, looks like HTML
// and matches a people-page keyword; a known candidate keeps its smallest
// depth and best match.
func (cr *crawl) consider(u *url.URL, text string, depth int) {
	if (u.Scheme != "http" && u.Scheme != "https") || !cr.sameSite(u) || nonHTMLExt(u.Path) {
		return
	}
	key := urlKey(u)
	if cr.homes[key] || strings.Trim(u.Path, "/") == "" && u.RawQuery == "" {
		return
	}
	kind, strength := classify(u, text)
	if kind == "" {
		return
	}
	if old := cr.cands[key]; old != nil {
		old.Depth = min(old.Depth, depth)
		if strength < old.strength || (strength == old.strength && kindRank(kind) < kindRank(old.Kind)) {
			old.Kind, old.strength = kind, strength
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

// siteHost is the host of u without "www." plus a non-default port: the
// unit of "same site".
func siteHost(u *url.URL) string {
	h := hostKey(u)
	return strings.TrimPrefix(h, "www.")
}

// urlKey identifies a page regardless of scheme, "www.", a trailing slash
// and fragment.
func urlKey(u *url.URL) string {
	p := strings.TrimSuffix(u.EscapedPath(), "/")
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
