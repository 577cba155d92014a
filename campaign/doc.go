// Package campaign computes and imports what a campaign's accounts need from
// the store — KPIs and the report, survey answers, website traffic, LinkedIn
// warm paths, key-contact views — for the asynq handlers in workers and for
// the admin server.
//
// A Service holds the store and the campaign's settings. workers.Deps embeds
// one, so the handlers (metrics:compute, crm:pull, contacts:push) and the
// admin server's imports and views read the same settings; campaign itself
// never imports workers: what it needs of the queue (starting a contacts
// push after a LinkedIn import) it declares as RunStarter.
//
// What lives here: the Service and its settings, the KPIs and the report,
// MQAs, NPS survey imports, the traffic import and the tracker's collector,
// LinkedIn warm paths, the key-contact views, and the do-not-contact list
// and erasure (donotcontact.go), which apply keycontacts/merge's rules to
// the fingerprints the store keeps.
//
// Imports: crm, internal/*, the domain packages (keycontacts/*, metrics,
// traffic), store, connectors/csv for the files imported by hand and
// connectors/linkedin for its company-name Matcher; never config, jobs,
// workers, admin, daemon, cmd or test. test/layout checks this.
package campaign
