package salesforce

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/abmsync/abmsync/crm"
)

// usageText describes the announced usage: "96 % of the daily allowance
// (960 of 1,000)".
func usageText(used, limit int) string {
	return fmt.Sprintf("%.0f %% of the daily allowance (%s of %s)", 100*float64(used)/float64(limit), thousands(used), thousands(limit))
}

func thousands(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// ScheduledPause returns why a scheduled sync must not run now: the org's
// daily API usage has reached Config.StopUsage (default 95 %), and the
// rest of the allowance is left to the org's other integrations and to
// syncs an admin starts. "" means it may run. When no answer has told the
// usage yet, it asks GET /limits (one API call).
func (c *Client) ScheduledPause(ctx context.Context) (string, error) {
	used, limit := c.APIUsage()
	if limit == 0 {
		if err := c.fetchLimits(ctx); err != nil {
			return "", err
		}
		used, limit = c.APIUsage()
	}
	if limit == 0 || float64(used) < c.usage.stopAt*float64(limit) {
		return "", nil
	}
	return fmt.Sprintf("Salesforce API usage %s: scheduled syncs paused until it falls below %.0f %%",
		usageText(used, limit), 100*c.usage.stopAt), nil
}

// fetchLimits reads the org's daily API usage (GET /limits; its
// DailyApiRequests and the Sforce-Limit-Info header of the answer).
func (c *Client) fetchLimits(ctx context.Context) error {
	req, err := c.newRequest(ctx, "GET", c.dataPath("/limits"), nil)
	if err != nil {
		return err
	}
	var out struct {
		DailyAPIRequests struct {
			Max       int `json:"Max"`
			Remaining int `json:"Remaining"`
		} `json:"DailyApiRequests"`
	}
	if _, err := c.do(req, &out); err != nil {
		return wrapOp(err, "read limits")
	}
	if d := out.DailyAPIRequests; d.Max > 0 {
		c.usage.observe(d.Max-d.Remaining, d.Max, c.log)
	}
	return nil
}

// PullWarnings names what a pull of req lacked without failing (workers'
// PullWarner): the fields behind req's properties that the org's describe
// does not list (their values stay empty; abmsync's own ABM_ fields are
// created by the first push and not named), and a daily API usage at or
// past Config.WarnUsage (default 80 %). The describe is cached, so this
// costs no call after the pull itself.
func (c *Client) PullWarnings(ctx context.Context, req crm.PullRequest) []string {
	var out []string
	if missing, sobject := c.missingFields(ctx, req); len(missing) > 0 {
		out = append(out, fmt.Sprintf("fields missing in Salesforce (%s: %s): their values stay empty; create them or correct the configured names",
			sobject, strings.Join(missing, ", ")))
	}
	if used, limit := c.APIUsage(); limit > 0 && float64(used) >= c.usage.warnAt*float64(limit) {
		out = append(out, fmt.Sprintf("Salesforce API usage %s: scheduled syncs pause at %.0f %%", usageText(used, limit), 100*c.usage.stopAt))
	}
	return out
}

// missingFields lists the fields behind req's properties the org lacks.
func (c *Client) missingFields(ctx context.Context, req crm.PullRequest) ([]string, string) {
	sobject, ok := SObject(req.Object)
	if !ok || req.Archived {
		return nil, sobject
	}
	desc, err := c.Describe(ctx, sobject)
	if err != nil {
		return nil, sobject
	}
	var missing []string
	for _, p := range req.Properties {
		f, ok := c.field(req.Object, p)
		if !ok || ownProperty(p) {
			continue
		}
		if _, ok := desc[strings.ToLower(f)]; !ok && !slices.Contains(missing, f) {
			missing = append(missing, f)
		}
	}
	return missing, sobject
}
