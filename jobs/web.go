package jobs

import (
	"fmt"

	"github.com/hibiken/asynq"
)

// Task types of key-contact enrichment from the public web.
const (
	// TypeWebSweep fans out one TypeWebDiscover per target account.
	TypeWebSweep = "web:sweep"
	// TypeWebDiscover finds the people pages of one account's website,
	// extracts key-contact candidates and enqueues TypeContactsPush.
	TypeWebDiscover = "web:discover"
	// TypePressScan reads the configured trade-press feeds and articles
	// and enqueues TypeContactsPush for every account a person was found at.
	TypePressScan = "press:scan"
	// TypeContactsPush merges one account's candidates with its CRM contacts
	// and writes new and enriched key contacts to the CRM.
	TypeContactsPush = "contacts:push"
)

// SweepPayload is the payload of TypeWebSweep.
type SweepPayload struct {
	RunID string `json:"run_id"`
	Scope Scope  `json:"scope"`
	Queue string `json:"queue"`
}

// DiscoverPayload is the payload of TypeWebDiscover.
type DiscoverPayload struct {
	RunID     string `json:"run_id"`
	Scope     Scope  `json:"scope"`
	AccountID string `json:"account_id"`
	Queue     string `json:"queue"`
}

// ContactsPushPayload is the payload of TypeContactsPush.
type ContactsPushPayload struct {
	RunID     string `json:"run_id"`
	Scope     Scope  `json:"scope"`
	AccountID string `json:"account_id"`
	Queue     string `json:"queue"`
}

// NewSweepTask returns the fan-out task of run p.RunID.
func NewSweepTask(p SweepPayload) (*asynq.Task, error) {
	return newTask(TypeWebSweep, p, p.Queue, computeTimeout, fmt.Sprintf("%s:%s", TypeWebSweep, p.RunID))
}

// NewDiscoverTask returns the discovery task of one account in run p.RunID.
// Crawling is polite (one request per host per second), so a site of 20
// pages takes about half a minute; the timeout leaves room for slow sites.
func NewDiscoverTask(p DiscoverPayload) (*asynq.Task, error) {
	return newTask(TypeWebDiscover, p, p.Queue, pushTimeout, fmt.Sprintf("%s:%s:%s", TypeWebDiscover, p.RunID, p.AccountID))
}

// NewContactsPushTask returns the write-back task of one account in run p.RunID.
func NewContactsPushTask(p ContactsPushPayload) (*asynq.Task, error) {
	return newTask(TypeContactsPush, p, p.Queue, computeTimeout, fmt.Sprintf("%s:%s:%s", TypeContactsPush, p.RunID, p.AccountID))
}

// NewPressScanTask returns the trade-press scan of run p.RunID.
func NewPressScanTask(p SweepPayload) (*asynq.Task, error) {
	return newTask(TypePressScan, p, p.Queue, pushTimeout, fmt.Sprintf("%s:%s", TypePressScan, p.RunID))
}
