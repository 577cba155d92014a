// Package people extracts the named people of one company web page: the
// legal representatives, owners, board members and the persons responsible
// for content and for data protection from an imprint (Impressum), and the
// staff of team, management, leadership and contact pages. It is pure: no
// I/O, no shared state, safe for concurrent use; the crawler (connectors/web)
// fetches pages and hands them to Extract.
//
// # How it reads a page
//
// The page is parsed with goquery (golang.org/x/net/html) and cut into
// visual lines: the text between block boundaries and <br>s, each with the
// element that holds it and the mailto:, tel: and linkedin.com/in/ links in
// it. Five extractors then look at the page:
//
//   - imprint: legal labels ("Geschäftsführer:", "Vertreten durch",
//     "Vorstand", "Vorsitzender des Aufsichtsrats", "Inhaber", "Prokurist",
//     "Managing Directors", "represented by", ASCII spellings such as
//     "Geschaeftsfuehrer", the § 18 MStV / § 55 RStV responsible person, the
//     data-protection officer) with the names after them on the same line or
//     on the following lines of the block; "<role>: <name>" lines; role words
//     before a name in running text ("unserer Vorsitzenden Annette Krey").
//   - team-card and list: a line that is only a name (or "Name, Role"), with
//     the role on the neighbouring line of its card, on the label of the
//     list it is in, or on the department heading above it. The card — the
//     largest element around the name that names nobody else and stays small
//     — is the person's block; e-mail, phone and LinkedIn come only from it.
//   - jsonld, microdata (and RDFa): schema.org Person objects.
//   - mailto: a mailto link whose text is a name.
//
// Sightings of the same person (same folded name, initials matching given
// names) are merged. A name must pass a name check: capitalised words,
// particles and initials, academic titles split off (Dr., Prof. Dr., Mag.,
// Mag.a, DI, Dipl.-Ing., Dr.-Ing., MBA, PhD, ...), and no company forms,
// street names, role or navigation words. A general list of given names is
// evidence for weak contexts only; structure decides otherwise.
//
// # Numbers
//
// On the hand-labelled corpus in ../shared/corpus/web (23 pages, 106 people;
// TestCorpus prints the per-page table): precision 1.000, recall 0.953 (the
// five misses are on a page whose people sit in a YAML body that the HTML
// does not show), role_text agreement 94/94, e-mail 39/40 correct and none
// wrong, Kind 101/101. Throughput about 10 MB/s of HTML on one core
// (BenchmarkExtract, -cpu 1).
package people
