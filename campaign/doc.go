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
package campaign
