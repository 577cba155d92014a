// Package web is abmsync's polite, SSRF-safe fetcher for company websites and
// the discovery of the pages on them that name people (imprint, team,
// management, contact, about, press, news).
//
// The website of a target account comes from CRM data that anyone with CRM
// access can edit, so every fetch is treated as hostile input:
//
// # SSRF guard
//
// The Client builds its own *http.Client (unlike other connectors, it does
// not accept one: the guard must own the dialer). Its net.Dialer has a
// Control function that runs CheckAddr on the resolved IP address of every
// connection just before connect(2), so DNS answers that point at internal
// addresses (DNS rebinding, "localhost", 127.0.0.1.nip.io) and redirects to
// them are refused before a packet leaves the host. CheckAddr refuses
// loopback, private (RFC 1918, RFC 6598 CGNAT, IPv6 ULA fc00::/7),
// link-local (169.254.0.0/16 with the cloud metadata service
// 169.254.169.254, fe80::/10), multicast, unspecified, broadcast, reserved
// and documentation ranges, and the IPv4-mapped, IPv4-compatible, NAT64 and
// 6to4 IPv6 forms of the IPv4 ranges. Environment proxies are ignored. Only
// http and https URLs are fetched; userinfo ("user:password@") is stripped
// from every URL and never appears in errors or logs. Config.AllowLoopback
// and Config.AllowPrefixes open the guard for tests and private intranets;
// both are off by default.
//
// # Politeness
//
// Politeness follows gocolly/colly's LimitRule, except that robots.txt is
// always obeyed:
//
//   - robots.txt per RFC 9309 (https://www.rfc-editor.org/rfc/rfc9309):
//     fetched once per scheme and authority and cached for Config.RobotsTTL
//     (at most 24 h); read up to Config.RobotsMaxBytes (500 KiB); the group
//     for the product token "abmsync" wins over "*"; 4xx means allow all,
//     5xx, 429 and unreachable mean disallow all (cached for at most 10
//     minutes, then retried). A Crawl-delay larger than Config.Delay is
//     honoured, up to MaxCrawlDelay.
//   - One request at a time per host (host name plus non-default port), with
//     at least Config.Delay (default 1 s) between the end of one request and
//     the start of the next, robots.txt and sitemap fetches and every
//     redirect hop included.
//   - At most Config.MaxConcurrency requests in flight over all hosts.
//   - An honest User-Agent naming the product and a contact URL, conditional
//     GET (Validators) so unchanged pages cost a 304, at most
//     Config.MaxRedirects redirects (each hop re-checked: scheme, robots.txt,
//     address), HTML only, bodies capped at Config.MaxBodyBytes, timeouts.
//
// # Discovery
//
// Client.Discover normalises a CRM domain or website to the site's home
// page (https first, then http), reads robots.txt, the sitemaps it names (or
// /sitemap.xml, one level of sitemap index) and the home page, and follows
// links on the same site (the www. variant included) whose path or link text
// matches German or English people-page keywords, or that lead to a
// language variant's home page ("/en/"), breadth first up to
// Config.MaxDepth and within Config.PageBudget. Links to job ads, career,
// privacy and terms pages are left out even when they say "team"; on a
// small site the home page's other links are read last. A sitemap read
// from the site whose entries all name one other host (the production
// host of a site reached under another name) lists the site's own paths.
// "/x", "/x/" and "/x/index.html" are one page. Client.FetchPages does the
// same and then fetches the candidates by priority until the budget is
// spent, returning the home page first. Extraction of people from the
// pages is not this package's job.
//
// A Client is safe for concurrent use; the per-host and global limits hold
// across all goroutines that share it.
//
// Imports: nothing of the module; a connector may import crm and internal/*,
// never another connector, a domain package (keycontacts/*, metrics,
// traffic) or store, and no Redis or queue client: the people on the
// fetched pages are found by keycontacts/people, which workers call with
// the pages. test/layout checks this.
package web
