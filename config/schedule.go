package config

import (
	"math"
	"time"

	"github.com/robfig/cron/v3"
)

// ScheduleNames lists the schedule names Validate accepts as keys of
// Config.Schedules: the job kinds a scheduled tick can enqueue.
var ScheduleNames = []string{"crm_sync", "crm_full_sync", "web_discover", "press_scan", "linkedin_sync"}

// scheduleSampleActivations is how many ticks of a cron spec shortestGap
// compares.
const scheduleSampleActivations = 1000

// ScheduleGap parses a schedule spec (five-field cron or "@every") and
// returns the shortest time between two of its ticks: what validation holds
// against sync.min_schedule_interval and what each tick carries as its
// interval (see workers.TickLease).
func ScheduleGap(spec string) (time.Duration, error) {
	sched, err := cron.ParseStandard(spec)
	if err != nil {
		return 0, err
	}
	return shortestGap(sched), nil
}

// shortestGap is the shortest time between two ticks of sched: the delay of
// an "@every" spec, else the shortest gap among the next
// scheduleSampleActivations ticks from a fixed instant (cron specs repeat
// within a year; their finest unit is a minute).
func shortestGap(sched cron.Schedule) time.Duration {
	if d, ok := sched.(cron.ConstantDelaySchedule); ok {
		return d.Delay
	}
	t := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	gap := time.Duration(math.MaxInt64)
	prev := sched.Next(t)
	for range scheduleSampleActivations {
		next := sched.Next(prev)
		if next.IsZero() {
			break
		}
		gap = min(gap, next.Sub(prev))
		prev = next
	}
	return gap
}
