package jobs

import (
	"fmt"
	"time"

	"github.com/hibiken/asynq"
)

// TypeLinkedInSync syncs the target accounts into the campaign's LinkedIn
// Matched Audience (a DMP segment of companies), pulls LinkedIn ad
// engagement per organization for the rolling window, and writes it to the
// matched target accounts. Started by "abmsync resync --source linkedin"
// and the linkedin_sync schedule.
const TypeLinkedInSync = "linkedin:sync"

// linkedInTimeout bounds one sync: a few segment calls of up to 5,000
// companies, a handful of adAnalytics calls and the CRM writes, plus
// LinkedIn's rate-limit waits.
const linkedInTimeout = time.Hour

// LinkedInSyncPayload is the payload of TypeLinkedInSync.
type LinkedInSyncPayload struct {
	RunID string `json:"run_id"`
	Scope Scope  `json:"scope"`
	Queue string `json:"queue"`
}

// NewLinkedInSyncTask returns the LinkedIn sync of run p.RunID. The task ID
// is deterministic per run, so a double enqueue is harmless.
func NewLinkedInSyncTask(p LinkedInSyncPayload) (*asynq.Task, error) {
	return newTask(TypeLinkedInSync, p, p.Queue, linkedInTimeout, fmt.Sprintf("%s:%s", TypeLinkedInSync, p.RunID))
}
