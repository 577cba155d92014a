// Package csv holds the file formats abmsync imports by hand. It is a
// file-based CRM connector: it reads companies, contacts and deals from CSV
// files and writes abmsync's computed properties to CSV files beside them,
// backing the embedded demo campaign (deploy/examples/sample-campaign) and
// offline trials without a CRM account. It also reads a LinkedIn member's
// Connections.csv data export (ParseConnections, connections.go), which
// campaign turns into warm paths. It imports nothing of abmsync's but crm.
//
// # Input
//
// Config.Dir holds companies.csv, contacts.csv and deals.csv. Each file's
// header row names HubSpot's internal property names
// (https://developers.hubspot.com/docs/api/crm/properties), plus:
//
//	id          the record id (HubSpot's hs_object_id); required, unique, non-empty
//	company_id  contacts and deals: the associated company ids, several separated by ";"
//
// Files are UTF-8 (a leading byte-order mark, as spreadsheet programs write
// it, is accepted), comma-separated, RFC 4180 quoted, at most MaxFileSize
// bytes. createdate, hs_lastmodifieddate and lastmodifieddate, when present,
// must be ISO 8601 datetimes, dates or epoch milliseconds. A file that breaks
// any of these rules is rejected as a whole with a *FileError naming file,
// line and column: a row is never skipped silently.
//
// # Output
//
// BatchUpdate merges values into Config.OutputDir/<object>_abm.csv (header
// id, then the property names sorted; rows sorted by id), replacing the file
// atomically so a reader sees either the old or the new file, never a torn
// one. Input files are never written.
//
// The connector mirrors the HubSpot connector's behaviour where it matters to
// workers: pages of PageSize records, at most PageSize updates per batch,
// per-record failures for unknown ids, and errors wrapping crm.ErrPermanent
// when retrying cannot help.
//
// # Other files imported by hand
//
// Besides Connections.csv, ReadNPSCSV (nps.go) reads survey answers
// (company_id or domain, score, date), the file of `abmsync import nps`,
// into crm.NPSAnswer values.
//
// Imports: crm and internal/* of the module only; never another connector, a
// domain package (keycontacts/*, metrics, traffic) or store, and no Redis or
// queue client. test/layout checks this.
package csv
