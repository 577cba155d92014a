package workers

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"strconv"
	"strings"
	"time"

	"github.com/hibiken/asynq"

	"github.com/abmsync/abmsync/crm"
	"github.com/abmsync/abmsync/jobs"
	"github.com/abmsync/abmsync/keycontacts/merge"
	"github.com/abmsync/abmsync/metrics"
	"github.com/abmsync/abmsync/store"
)

// ContactWriter upserts key contacts into a CRM (hubspot.Client).
type ContactWriter interface {
	UpsertContacts(ctx context.Context, inputs []crm.ContactUpsert) (crm.UpsertResult, error)
}

// ErrNoContactWriter is returned when the configured CRM cannot write
// contacts.
var ErrNoContactWriter = errors.New("the configured CRM connector cannot write contacts")

// ContactsPushHandler handles jobs.TypeContactsPush.
type ContactsPushHandler struct{ *Deps }

var _ asynq.Handler = (*ContactsPushHandler)(nil)

// ProcessTask merges one account's candidates from every source with its CRM
// contacts and writes what changed: new key contacts (by e-mail, else by
// abm_contact_key), role fields missing on existing contacts (a value a
// person set is never overwritten), and the account's abm_key_contacts and
// abm_buying_roles_covered. A repeated run with the same facts writes
// nothing: each contact's last written values are kept and compared.
func (h *ContactsPushHandler) ProcessTask(ctx context.Context, t *asynq.Task) error {
	var p jobs.ContactsPushPayload
	if err := jobs.Decode(t, &p); err != nil {
		return err
	}
	if err := h.step(ctx, p.RunID, p.Scope, "push key contacts"); err != nil {
		return err
	}
	writer, ok := h.CRM.(ContactWriter)
	if !ok {
		return fmt.Errorf("push key contacts: %w (%w)", ErrNoContactWriter, asynq.SkipRetry)
	}
	res, err := h.pushAccount(ctx, writer, p)
	_ = h.Store.AddRunCounters(ctx, p.RunID, map[string]int64{
		store.CounterAPICalls: int64(res.calls), store.CounterWrites: int64(res.writes),
		store.CounterPushed: int64(res.written), store.CounterFailed: int64(len(res.failed)),
	})
	if err != nil {
		return permanent(fmt.Errorf("push key contacts of account %s: %w", p.AccountID, err))
	}
	if len(res.failed) > 0 {
		_ = h.Store.UpdateRun(ctx, p.RunID, map[string]string{"error": fmt.Sprintf("account %s: %d contacts not written: %s", p.AccountID, len(res.failed), describe(res.failed))})
	}
	h.Metrics.Tasks.WithLabelValues(jobs.TypeContactsPush, "ok").Inc()
	return h.accountDone(ctx, p.RunID, p.Scope)
}

type pushResult struct {
	calls, writes, written int
	failed                 []crm.RecordError
}

// pushAccount writes the key contacts of one account: it plans the writes
// against what an earlier push left (see contactPlan), writes the role
// fields of CRM contacts and then the upserts, recording each written
// contact in the store, and finally writes the account's summary.
func (h *ContactsPushHandler) pushAccount(ctx context.Context, writer ContactWriter, p jobs.ContactsPushPayload) (pushResult, error) {
	var res pushResult
	people, existingRecs, err := h.KeyPeople(ctx, p.AccountID)
	if err != nil {
		return res, err
	}

	pushed, err := h.Store.PushedContacts(ctx, p.AccountID)
	if err != nil {
		return res, err
	}
	plan := contactPlan{account: p.AccountID, pushed: pushed, props: map[string]map[string]string{}}
	matched := h.planNamed(&plan, people)
	h.planDroppedWarmPaths(&plan, people)
	h.planCRMContacts(&plan, existingRecs, matched)
	if len(plan.roleUpdates) > 0 || len(plan.inputs) > 0 {
		// Once for both kinds of write: each would only find the flag set.
		if err := h.ensureContactSchema(ctx); err != nil {
			return res, err
		}
	}
	if err := h.writeRoleUpdates(ctx, &plan, &res); err != nil {
		return res, err
	}
	if err := h.writeUpserts(ctx, writer, &plan, &res); err != nil {
		return res, err
	}
	return res, h.pushSummary(ctx, p, plan.summary, &res)
}

// contactPlan is what one account's contacts push writes, worked out from
// the account's key people and what earlier pushes wrote (pushed, by
// contact key): upserts of people the sources name, role fields of CRM
// contacts no source names, and for each key the properties the store
// records once the write succeeded.
type contactPlan struct {
	account     string
	pushed      map[string]map[string]string
	inputs      []crm.ContactUpsert
	roleUpdates []crm.Update
	props       map[string]map[string]string
	summary     metrics.KeyContactSummary
}

// planNamed plans the upserts of the people the sources name, skipping
// those whose properties have not changed since the last write, and counts
// them in the summary. It returns the CRM ids they matched.
func (h *ContactsPushHandler) planNamed(plan *contactPlan, people []merge.Person) map[string]bool {
	matched := map[string]bool{}
	for _, person := range people {
		if person.Value(merge.FieldKind) != "" {
			// Editorial responsibles and data-protection officers are
			// labelled, not buying-committee members: not written.
			continue
		}
		if person.CRMID != "" {
			matched[person.CRMID] = true
		}
		plan.summary.Count++
		plan.summary.BuyingRoles = append(plan.summary.BuyingRoles, person.Value(merge.FieldBuyingRole))
		if person.Value(merge.FieldWarmPath) != "" {
			plan.summary.WarmPaths++
		}
		want := contactProperties(person)
		if maps.Equal(want, plan.pushed[person.Key]) {
			continue // nothing changed since the last write
		}
		plan.props[person.Key] = want
		w := maps.Clone(want)
		w[metrics.PropEnrichedAt] = h.now().UTC().Format(time.RFC3339)
		if plan.pushed[person.Key][metrics.PropWarmPaths] != "" && want[metrics.PropWarmPaths] == "" {
			w[metrics.PropWarmPaths] = "" // the colleague's new export no longer lists them
		}
		plan.inputs = append(plan.inputs, crm.ContactUpsert{
			Key: person.Key, Email: person.Value(merge.FieldEmail), CompanyID: plan.account, Properties: w,
			KeepIfSet: []string{"jobtitle", metrics.BuyingRoleHubSpot, "phone", "hs_linkedin_url", "firstname", "lastname"},
		})
	}
	return matched
}

// planDroppedWarmPaths plans clearing the warm path abmsync set on people
// it wrote with one whom no source names any more (a colleague's new export
// dropped them).
func (h *ContactsPushHandler) planDroppedWarmPaths(plan *contactPlan, people []merge.Person) {
	named := map[string]bool{}
	for _, person := range people {
		named[person.Key] = true
	}
	for key, was := range plan.pushed {
		if named[key] || strings.HasPrefix(key, "crm:") || was[metrics.PropWarmPaths] == "" {
			continue
		}
		want := maps.Clone(was)
		delete(want, metrics.PropWarmPaths)
		plan.props[key] = want
		plan.inputs = append(plan.inputs, crm.ContactUpsert{Key: key, CompanyID: plan.account,
			Properties: map[string]string{metrics.PropWarmPaths: "", metrics.PropEnrichedAt: h.now().UTC().Format(time.RFC3339)}})
	}
}

// planCRMContacts counts the CRM contacts no source named (those not in
// matched) with their own role; their job titles are classified and the
// role fields they lack are planned as updates.
func (h *ContactsPushHandler) planCRMContacts(plan *contactPlan, existingRecs []crm.Record, matched map[string]bool) {
	for _, r := range existingRecs {
		if matched[r.ID] {
			continue
		}
		role := r.Properties[metrics.BuyingRoleHubSpot]
		if title := r.Properties["jobtitle"]; title != "" && h.Roles != nil {
			cl := h.Roles.Classify(title)
			want := map[string]string{metrics.PropContactRole: string(cl.Function)}
			if cl.Gatekeeper {
				want[metrics.PropContactRole] += ";gatekeeper"
			}
			if role == "" && cl.BuyingRole != "" {
				role = string(cl.BuyingRole)
				want[metrics.BuyingRoleHubSpot] = role
			}
			if key := "crm:" + r.ID; !maps.Equal(want, plan.pushed[key]) {
				plan.props[key] = want
				plan.roleUpdates = append(plan.roleUpdates, crm.Update{ID: r.ID, Properties: want})
			}
		}
		if r.Properties[metrics.PropWarmPaths] != "" {
			plan.summary.WarmPaths++
		}
		if r.Properties["has_email"] == "true" || metrics.HasLinkedIn(r) || r.Properties[metrics.PropWarmPaths] != "" {
			plan.summary.Count++
			plan.summary.BuyingRoles = append(plan.summary.BuyingRoles, role)
		}
	}
}

// writeRoleUpdates writes the planned role fields of CRM contacts in
// batches and records each updated contact in the store. The contact
// properties must exist (ensureContactSchema).
func (h *ContactsPushHandler) writeRoleUpdates(ctx context.Context, plan *contactPlan, res *pushResult) error {
	for start := 0; start < len(plan.roleUpdates); start += batchSize {
		batch := plan.roleUpdates[start:min(start+batchSize, len(plan.roleUpdates))]
		out, err := h.CRM.BatchUpdate(ctx, crm.Contacts, batch)
		res.calls += out.Calls
		res.writes += out.Calls
		if err != nil {
			return err
		}
		for _, id := range out.Updated {
			if err := h.Store.SetPushedContact(ctx, plan.account, "crm:"+id, plan.props["crm:"+id]); err != nil {
				return err
			}
			res.written++
		}
		res.failed = append(res.failed, out.Failed...)
	}
	return nil
}

// writeUpserts writes the planned upserts and records each written contact
// in the store. Its failures are added to those of the role updates in res,
// so the run counts and names both. The contact properties must exist
// (ensureContactSchema).
func (h *ContactsPushHandler) writeUpserts(ctx context.Context, writer ContactWriter, plan *contactPlan, res *pushResult) error {
	if len(plan.inputs) == 0 {
		return nil
	}
	out, err := writer.UpsertContacts(ctx, plan.inputs)
	res.calls += out.Calls
	res.writes += out.Calls
	if err != nil {
		return err
	}
	for _, wc := range out.Written {
		if err := h.Store.SetPushedContact(ctx, plan.account, wc.Key, plan.props[wc.Key]); err != nil {
			return err
		}
		res.written++
	}
	res.failed = append(res.failed, out.Failed...)
	return nil
}

// contactProperties is what abmsync writes for a person, without the
// enrichment time (which changes only when one of these changes).
func contactProperties(p merge.Person) map[string]string {
	role := p.Value(merge.FieldFunction)
	if p.Value(merge.FieldGatekeeper) == "true" {
		role += ";gatekeeper"
	}
	best := p.Facts[merge.FieldName].From
	given, family := p.Value(merge.FieldGivenName), p.Value(merge.FieldFamilyName)
	if given == "" && family == "" {
		given, family = merge.SplitName(p.Value(merge.FieldName))
	}
	out := map[string]string{
		"firstname":               given,
		"lastname":                family,
		"jobtitle":                p.Value(merge.FieldRole),
		metrics.BuyingRoleHubSpot: p.Value(merge.FieldBuyingRole),
		"phone":                   p.Value(merge.FieldPhone),
		"hs_linkedin_url":         p.Value(merge.FieldLinkedIn),
		metrics.PropContactRole:   strings.TrimPrefix(role, ";"),
		metrics.PropSourceURL:     best.URL,
		metrics.PropSource:        best.Source,
		metrics.PropConfidence:    strconv.FormatFloat(best.Confidence, 'f', 2, 64),
		metrics.PropWarmPaths:     p.Value(merge.FieldWarmPath),
	}
	for k, v := range out {
		if v == "" {
			delete(out, k) // never clear a CRM value for lack of a fact
		}
	}
	return out
}

// pushSummary writes the account's key-contact properties when they changed.
func (h *ContactsPushHandler) pushSummary(ctx context.Context, p jobs.ContactsPushPayload, s metrics.KeyContactSummary, res *pushResult) error {
	want := s.Properties()
	fields := map[string]string{}
	maps.Copy(fields, want)
	if err := h.Store.SetKeyContacts(ctx, p.AccountID, fields); err != nil {
		return err
	}
	company, err := h.Store.Record(ctx, crm.Companies, p.AccountID)
	if err != nil {
		return err
	}
	changed := metrics.ChangedProperties(want, company.Properties)
	if len(changed) == 0 {
		return nil
	}
	if err := h.ensureCompanySchema(ctx); err != nil {
		return err
	}
	upd := []crm.Update{{ID: p.AccountID, Properties: changed}}
	out, err := h.CRM.BatchUpdate(ctx, crm.Companies, upd)
	res.calls += out.Calls
	res.writes += out.Calls
	if err != nil {
		return err
	}
	res.failed = append(res.failed, out.Failed...)
	if len(out.Updated) == 1 {
		// The store's copy of the company now holds the values, so the next
		// run compares against them.
		return h.Store.ApplyPushed(ctx, p.RunID, crm.Companies, upd)
	}
	return nil
}

func (h *ContactsPushHandler) ensureContactSchema(ctx context.Context) error {
	return h.ensure(ctx, crm.Contacts, metrics.ContactPropertyDefs())
}

func (h *ContactsPushHandler) ensureCompanySchema(ctx context.Context) error {
	return h.ensure(ctx, crm.Companies, metrics.KeyContactCompanyDefs())
}

// accountDone counts one account of a web run as finished and ends the run
// after the last one.
func (d *Deps) accountDone(ctx context.Context, runID string, scope jobs.Scope) error {
	done, err := d.Store.IncrRunField(ctx, runID, "accounts_done", 1)
	if err != nil {
		return err
	}
	total, err := d.Store.RunFields(ctx, runID, "accounts_total")
	if err != nil {
		return err
	}
	if n, _ := strconv.ParseInt(total["accounts_total"], 10, 64); n > 0 && done >= n {
		run, _ := d.Store.GetRun(ctx, runID)
		var runErr error
		if run.Error != "" {
			runErr = errors.New(run.Error)
		}
		d.finish(ctx, runID, scope, runErr)
	}
	return nil
}
