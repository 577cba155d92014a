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
// it. The extractors then look at the page:
//
//   - imprint: legal labels ("Geschäftsführer:", "Vertreten durch",
//     "Vorstand", "Vorsitzender des Aufsichtsrats", "Inhaber", "Prokurist",
//     "Managing Directors", "represented by", ASCII spellings such as
//     "Geschaeftsfuehrer", the § 18 MStV / § 55 RStV responsible person, the
//     data-protection officer) with the names after them on the same line or
//     on the following lines of the block; "<role>: <name>" lines; role words
//     before a name in running text ("unserer Vorsitzenden Annette Krey");
//     the site's provider, a name alone under the imprint heading or the
//     "Angaben gemäß § 5 TMG" declaration above a postal address
//     (provider.go).
//   - running text (appositive.go): a person the page calls one of its own
//     ("Anna Huber, our Managing Director", "… ist unsere Buchhalterin"),
//     a person named by salutation on a line with a phone number or
//     e-mail address ("Sie erreichen Herrn Waaka unter 0711 …"), and bio
//     paragraphs that open with a full name and a present-tense verb
//     ("Allan Andersen is Chief Financial Officer of Topsoe") or say since
//     when a colleague works here ("joined our team in 2015"; not "… until
//     he retired"), two or more of them under a heading or title that names
//     people; a press release's people named by the organisation its title
//     names ("Tachyum was cofounded by …", "D’Angelo, MechanAir’s Chief
//     Executive Officer"; orgprose.go) and the appointments it announces
//     ("Acme has appointed Jane Roe as Chief Financial Officer"; appoint.go),
//     and first-person bios ("I'm Claire Novotny, Executive Director of …").
//   - repeated line shapes (shapes.go): "<strong>Kassier</strong> • Name"
//     and "<strong>Trésorerie :</strong> A, B" repeated, when two labels of
//     the group name a role or a department: every label is its names'
//     role (boldLeads); "Name | role" lines whose role no vocabulary knows,
//     when two siblings of their markup carry a known role (siblingShapes);
//     "Liebau, Susann" over a role line in at least two cards of one markup:
//     a name written family name first (invertedCards).
//   - team-card and list: a line that is only a name (or "Name, Role"), with
//     the role on the neighbouring line of its card, on the label of the
//     list it is in, or on the department heading above it. The card — the
//     largest element around the name that names nobody else and stays small
//     — is the person's block; e-mail, phone and LinkedIn come only from it.
//     A table's name column ("Name, Vorname") is read family name first,
//     and a "Name" column beside an office or contact column marks its
//     cells as people whatever the names (tablenames.go); a table's columns
//     are separate repeated structures. Cards written flat — an editor's
//     one-field paragraphs, a one-column layout table's rows, a bold role
//     line over a run of them — are widened in flatcards.go.
//   - jsonld, microdata (and RDFa): schema.org Person objects.
//   - mailto: a mailto link whose text is a name.
//   - profile-link: pictures linking to people's profile pages, with no text,
//     whose alt text is a name the link's address spells
//     ("<a href="greg_ramsey.php"><img alt="Greg Ramsey"></a>"): two thirds
//     of a folder's pictures, at least two, when two thirds of those sit in
//     people markup ("people-holder") or start with a known given name under
//     a heading or title that names people, and are not all logos; profilelinks.go.
//
// A card also shows a person when its photo is named after them
// ("katharina-blackmer.jpg", alt text; one name part must be known) or when
// the page's markup calls it a staff member's (class "team-item", alt "Team
// Member"; markup.go); a labelled field ("Tätigkeit:" with the value below) is its role,
// a profile fact ("Major:", "Year:") is not, and a line naming where the
// person works ("JGU Mainz") gives way to the section heading's office.
//
// A name heading's section (the paragraph after <h3>Name</h3>) counts as its
// card, and a role that opens that paragraph is the person's role. Repeated
// structures vote: when a third of their entries show a person (a role, a
// title, initials, a salutation, a personal contact, a bio that speaks of
// them), the rest count as people too; when none does, they are products,
// places or companies. The heading of a governing body ("Vorstand",
// "Board of Directors", "Current Trustees", "… Club Committee"), or the
// page's title when it names a board, adds its office to everyone in its
// section, and a president, chair, secretary or treasurer in it is read as
// the board's officer; a sub-group of outsiders ("Consultants",
// "Kassenprüfer") or the footer ends the section. A table row gives the
// role in its label column, also when the label is written once for several
// rows or spans them. Of dated sibling sections ("Vorstand 2025", "Vorstand
// 2024"; headings that are only a term, "2022/2023", at any level) only the
// newest is current; of table rows that open with a term ("1994-2006 |
// Name", "seit 2013 | Name") only the newest term's, and the office that
// heads such a table in one spanning cell is their role. A heading that
// names a group ("Board Members", "Aktuelle Hilfskräfte") over nothing but
// bare names is each one's role; a single office ("Executive Director:")
// stays the first name's.
//
// Names: a role in its own span straight after the name ("<p>John
// Beardsley<span>Board President</span></p>") is read like the small print
// after a name; the name written again in its own script ("Yu Qian（钱雨）")
// is dropped; military and police ranks (Lt., Capt.) are salutations; on
// Hungarian pages (lang "hu", or ő and ű in the text) the family name comes
// first.
//
// Contact fields end a name on its line ("1. Vorsitzender Anna Berg EMail:
// …", "Dr. Berg Mail schreiben"). A name-like line right under a name, of
// lower rank, in an element the page uses for roles elsewhere is that
// person's role ("Primary Care Provider"), and a qualification line
// ("Dipl.-Ing. (FH) Vermessung") is followed by the position. A section
// heading that outranks the name headings under it gives them its office.
//
// Context (context.go) drops names seen only in history, partner,
// customer, testimonial or credit sections, in photographer, web-design and
// cooperation credits, or after words that make them former or outside
// office holders ("Amtsnachfolger von", "ehemaliger", a closed term
// "(1995-1997)").
//
// The page's organisation type (orgtype.go: registers, legal forms, named
// bodies and association offices, weighed once per page; a company whose
// title, headings and short lines name a building trade — "Kansas
// Electric", "Malerbetrieb", "mechanical contractor" — is a trade firm)
// goes to every person as Person.OrgType, for roles.ClassifyIn.
//
// Sightings of the same person (same folded name, initials matching given
// names; "Frau Yilmaz" with the only Yilmaz of the page) are merged. A name
// must pass a name check: capitalised words, particles and initials,
// academic titles split off (Dr., Prof. Dr., Mag., Mag.a, DI, Dipl.-Ing.,
// Dr.-Ing., MBA, PhD, M.D., ...), generation suffixes kept in the name, a
// salutation or title before a lone family name ("Herr Okonkwo", "Dr
// Roper"), and no company forms, street names, role or navigation words.
// The given- and family-name lists of namedata (generated from registry
// packages) are weak evidence only; structure decides.
//
// # Numbers
//
// Scored by corpus_test.go on the shared corpus (../shared/corpus/web, 23
// pages: precision 1.000, recall 0.953) and on the project corpus
// (testdata/corpus, 540 pages split by site): dev precision 0.959, recall
// 0.895, function 0.879; validation precision 0.930, recall 0.793,
// function 0.785, no invented e-mail. A given-name swap to names no list
// knows lowers validation recall by 0.012. Extraction executes about 1.57
// times the instructions per byte of the code the issue measured at 11.6
// MB/s (callgrind; about 0.64 of its speed), above the half-speed floor
// (BenchmarkExtract, -cpu 1). The README has the tables and commands.
//
// Imports: keycontacts/roles and its own namedata; as a domain package it
// may import at most crm, internal/* and the other domain packages
// (keycontacts/*, metrics, traffic): no connector, no store, jobs or
// campaign, no Redis or queue client, no net or net/http. test/layout checks
// this.
package people
