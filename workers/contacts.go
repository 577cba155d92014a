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

	"github.com/abmsync/abmsync/abm"
	"github.com/abmsync/abmsync/crm"
	"github.com/abmsync/abmsync/jobs"
	"github.com/abmsync/abmsync/keycontacts/merge"
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
	var inputs []crm.ContactUpsert
	props := map[string]map[string]string{}
	summary := abm.KeyContactSummary{}
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
		summary.Count++
		summary.BuyingRoles = append(summary.BuyingRoles, person.Value(merge.FieldBuyingRole))
		if person.Value(merge.FieldWarmPath) != "" {
			summary.WarmPaths++
		}
		want := contactProperties(person)
		if maps.Equal(want, pushed[person.Key]) {
			continue // nothing changed since the last write
		}
		props[person.Key] = want
		w := maps.Clone(want)
		w[abm.PropEnrichedAt] = h.now().UTC().Format(time.RFC3339)
		if pushed[person.Key][abm.PropWarmPaths] != "" && want[abm.PropWarmPaths] == "" {
			w[abm.PropWarmPaths] = "" // the colleague's new export no longer lists them
		}
		inputs = append(inputs, crm.ContactUpsert{
			Key: person.Key, Email: person.Value(merge.FieldEmail), CompanyID: p.AccountID, Properties: w,
			KeepIfSet: []string{"jobtitle", abm.BuyingRoleHubSpot, "phone", "hs_linkedin_url", "firstname", "lastname"},
		})
	}
	// People abmsync wrote with a warm path whom no source names any more
	// (a colleague's new export dropped them): clear the path abmsync set.
	named := map[string]bool{}
	for _, person := range people {
		named[person.Key] = true
	}
	for key, was := range pushed {
		if named[key] || strings.HasPrefix(key, "crm:") || was[abm.PropWarmPaths] == "" {
			continue
		}
		want := maps.Clone(was)
		delete(want, abm.PropWarmPaths)
		props[key] = want
		inputs = append(inputs, crm.ContactUpsert{Key: key, CompanyID: p.AccountID,
			Properties: map[string]string{abm.PropWarmPaths: "", abm.PropEnrichedAt: h.now().UTC().Format(time.RFC3339)}})
	}
	// CRM contacts no source named still count, with their own role; their
	// job titles are classified and the role fields they lack are filled.
	var roleUpdates []crm.Update
	for _, r := range existingRecs {
		if matched[r.ID] {
			continue
		}
		role := r.Properties[abm.BuyingRoleHubSpot]
		if title := r.Properties["jobtitle"]; title != "" && h.Roles != nil {
			cl := h.Roles.Classify(title)
			want := map[string]string{abm.PropContactRole: string(cl.Function)}
			if cl.Gatekeeper {
				want[abm.PropContactRole] += ";gatekeeper"
			}
			if role == "" && cl.BuyingRole != "" {
				role = string(cl.BuyingRole)
				want[abm.BuyingRoleHubSpot] = role
			}
			if key := "crm:" + r.ID; !maps.Equal(want, pushed[key]) {
				props[key] = want
				roleUpdates = append(roleUpdates, crm.Update{ID: r.ID, Properties: want})
			}
		}
		if r.Properties[abm.PropWarmPaths] != "" {
			summary.WarmPaths++
		}
		if r.Properties["has_email"] == "true" || abm.HasLinkedIn(r) || r.Properties[abm.PropWarmPaths] != "" {
			summary.Count++
			summary.BuyingRoles = append(summary.BuyingRoles, role)
		}
	}
	if len(roleUpdates) > 0 {
		if err := h.ensureContactSchema(ctx); err != nil {
			return res, err
		}
		for start := 0; start < len(roleUpdates); start += batchSize {
			batch := roleUpdates[start:min(start+batchSize, len(roleUpdates))]
			out, err := h.CRM.BatchUpdate(ctx, crm.Contacts, batch)
			res.calls += out.Calls
			res.writes += out.Calls
			if err != nil {
				return res, err
			}
			for _, id := range out.Updated {
				if err := h.Store.SetPushedContact(ctx, p.AccountID, "crm:"+id, props["crm:"+id]); err != nil {
					return res, err
				}
				res.written++
			}
			res.failed = append(res.failed, out.Failed...)
		}
	}
	if len(inputs) > 0 {
		if err := h.ensureContactSchema(ctx); err != nil {
			return res, err
		}
		out, err := writer.UpsertContacts(ctx, inputs)
		res.calls += out.Calls
		res.writes += out.Calls
		if err != nil {
			return res, err
		}
		for _, wc := range out.Written {
			if err := h.Store.SetPushedContact(ctx, p.AccountID, wc.Key, props[wc.Key]); err != nil {
				return res, err
			}
			res.written++
		}
		res.failed = out.Failed
	}
	return res, h.pushSummary(ctx, p, summary, &res)
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
		"firstname":           given,
		"lastname":            family,
		"jobtitle":            p.Value(merge.FieldRole),
		abm.BuyingRoleHubSpot: p.Value(merge.FieldBuyingRole),
		"phone":               p.Value(merge.FieldPhone),
		"hs_linkedin_url":     p.Value(merge.FieldLinkedIn),
		abm.PropContactRole:   strings.TrimPrefix(role, ";"),
		abm.PropSourceURL:     best.URL,
		abm.PropSource:        best.Source,
		abm.PropConfidence:    strconv.FormatFloat(best.Confidence, 'f', 2, 64),
		abm.PropWarmPaths:     p.Value(merge.FieldWarmPath),
	}
	for k, v := range out {
		if v == "" {
			delete(out, k) // never clear a CRM value for lack of a fact
		}
	}
	return out
}

// pushSummary writes the account's key-contact properties when they changed.
func (h *ContactsPushHandler) pushSummary(ctx context.Context, p jobs.ContactsPushPayload, s abm.KeyContactSummary, res *pushResult) error {
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
	changed := abm.ChangedProperties(want, company.Properties)
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
	g, defs := abm.ContactPropertyDefs()
	return h.ensure(ctx, crm.Contacts, g, defs)
}

func (h *ContactsPushHandler) ensureCompanySchema(ctx context.Context) error {
	g, _ := abm.PropertyDefs()
	return h.ensure(ctx, crm.Companies, g, abm.KeyContactCompanyDefs())
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
