// Package press turns trade-press feeds and articles into key-contact
// candidates for target accounts: people the trade press names with a role
// at the account, including those no imprint or team page lists.
//
// Everything here is a pure function: no network, no clock, no logging. The
// caller fetches bytes through the polite fetcher (connectors/web), caps
// their size, and hands them over:
//
//   - ParseFeed reads RSS 2.0 (and 0.9x), RSS 1.0/RDF and Atom 1.0 (and 0.3)
//     into a Feed of at most MaxItems items with titles, links, publication
//     times and plain-text summaries. Hostile input — entity declarations
//     (billion laughs, XXE), nesting deeper than MaxDepth, more than
//     MaxFeedBytes — is refused with an error that says which; it never
//     hangs.
//   - ArticleText extracts the title and the main text of an article page.
//   - FindMentions (or a reusable Matcher) finds people named with a role at
//     one of the target accounts in German and English running text, e.g.
//     "…, sagte Dr. Anna Huber, Leiterin Einkauf bei Alpenpharma." or
//     "Bayer's CFO Jane Doe". A mention needs a person's name, a role and
//     the account in one sentence, tied together by one of a few syntactic
//     patterns (apposition, possessive or hyphen compound, copula,
//     appointment); co-occurrence alone is never enough.
//
// The package returns role text as written and does not classify it; the
// roles package does that. It never produces e-mail addresses.
//
// Imports: nothing of the module; as a domain package it may import at most
// crm, internal/* and the other domain packages (keycontacts/*, metrics,
// traffic): no connector, no store, jobs or campaign, no Redis or queue
// client, no net or net/http. test/layout checks this.
package press
