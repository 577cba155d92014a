package workers

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/hibiken/asynq"

	"github.com/abmsync/abmsync/crm"
	"github.com/abmsync/abmsync/jobs"
	"github.com/abmsync/abmsync/metrics"
	"github.com/abmsync/abmsync/store"
)

// PushHandler handles jobs.TypeCRMPush.
type PushHandler struct{ *Deps }

var _ asynq.Handler = (*PushHandler)(nil)

// batchSize is HubSpot's maximum inputs per batch update, the default of
// every CRM.
const batchSize = 100

// BatchSizer is a CRM whose BatchUpdate takes more records per call than
// batchSize (Salesforce's sObject Collections take 200): the metrics push
// hands it batches of that size, so each batch is one call.
type BatchSizer interface {
	BatchSize() int
}

// pushBatch is the number of updates the metrics push hands BatchUpdate at
// a time.
func (d *Deps) pushBatch() int {
	if b, ok := d.CRM.(BatchSizer); ok && b.BatchSize() > 0 {
		return b.BatchSize()
	}
	return batchSize
}

// schemaTTL is how long the knowledge that the CRM has abmsync's custom
// properties is trusted before they are checked again.
const schemaTTL = 24 * time.Hour

// ProcessTask writes the run's pending updates in batches of 100 (or the
// CRM's BatchSize). Each
// written batch is applied to the store and dropped from the pending set
// before the next, so a retry writes only what is left. Records the CRM
// refused (207) are reported on the run, and the run fails naming them; they
// are remembered on the run so that a retry after a later batch's error
// neither sends nor counts them again.
func (h *PushHandler) ProcessTask(ctx context.Context, t *asynq.Task) error {
	var p jobs.PushPayload
	if err := jobs.Decode(t, &p); err != nil {
		return err
	}
	if err := h.step(ctx, p.RunID, p.Scope, "push metrics"); err != nil {
		return err
	}
	pending, err := h.Store.Pending(ctx, p.RunID)
	if err != nil {
		return err
	}
	failed, err := h.refused(ctx, p.RunID)
	if err != nil {
		return err
	}
	if len(failed) > 0 {
		done := make(map[string]bool, len(failed))
		for _, e := range failed {
			done[e.ID] = true
		}
		pending = slices.DeleteFunc(pending, func(u crm.Update) bool { return done[u.ID] })
	}
	if len(pending) > 0 {
		if err := h.ensure(ctx, crm.Companies, metrics.PropertyDefs()); err != nil {
			return permanent(err)
		}
	}
	size := h.pushBatch()
	for start := 0; start < len(pending); start += size {
		batch := pending[start:min(start+size, len(pending))]
		if failed, err = h.writeBatch(ctx, p.RunID, batch, failed); err != nil {
			return err
		}
	}
	h.Metrics.Tasks.WithLabelValues(jobs.TypeCRMPush, "ok").Inc()
	var runErr error
	if len(failed) > 0 {
		// Earlier attempts of this push wrote part of the run's updates:
		// the run's counters know the total.
		total := int64(len(pending))
		if r, err := h.Store.GetRun(ctx, p.RunID); err == nil && r.Pushed+r.Failed > total {
			total = r.Pushed + r.Failed
		}
		runErr = fmt.Errorf("push: %d of %d companies not written: %s", len(failed), total, describe(failed))
		h.Logger.Error("records refused by the CRM", "run", p.RunID, "count", len(failed), "first", failed[0].Message)
	}
	h.finish(ctx, p.RunID, p.Scope, runErr)
	return nil
}

// writeBatch writes one batch of the run's pending updates, applies what
// the CRM wrote to the store and counts it on the run. It returns failed
// with the records the CRM refused appended, saved on the run; a batch the
// CRM refused as a whole is a permanent error.
func (h *PushHandler) writeBatch(ctx context.Context, runID string, batch []crm.Update, failed []crm.RecordError) ([]crm.RecordError, error) {
	res, err := h.CRM.BatchUpdate(ctx, crm.Companies, batch)
	_ = h.Store.AddRunCounters(ctx, runID, map[string]int64{store.CounterAPICalls: int64(res.Calls), store.CounterWrites: int64(res.Calls)})
	if err != nil {
		if errors.Is(err, crm.ErrPermanent) {
			// The CRM refused the batch as a whole (HubSpot answers 400
			// instead of 207 when no record of a batch is written): its
			// records are refused like a 207's, so count and name them.
			_ = h.Store.AddRunCounters(ctx, runID, map[string]int64{store.CounterFailed: int64(len(batch))})
			h.Metrics.RecordsFailed.WithLabelValues(string(crm.Companies)).Add(float64(len(batch)))
			return nil, permanent(fmt.Errorf("push %d companies (%s): %w", len(batch), describeIDs(batch), err))
		}
		return nil, fmt.Errorf("push %d companies: %w", len(batch), err)
	}
	written := make([]crm.Update, 0, len(res.Updated))
	for _, u := range batch {
		if slices.Contains(res.Updated, u.ID) {
			written = append(written, u)
		}
	}
	if err := h.Store.ApplyPushed(ctx, runID, crm.Companies, written); err != nil {
		return nil, err
	}
	if len(res.Failed) > 0 {
		failed = append(failed, res.Failed...)
		if err := h.saveRefused(ctx, runID, failed); err != nil {
			return nil, err
		}
	}
	h.Metrics.RecordsPushed.WithLabelValues(string(crm.Companies)).Add(float64(len(written)))
	h.Metrics.RecordsFailed.WithLabelValues(string(crm.Companies)).Add(float64(len(res.Failed)))
	_ = h.Store.AddRunCounters(ctx, runID, map[string]int64{
		store.CounterPushed: int64(len(written)), store.CounterFailed: int64(len(res.Failed)),
	})
	return failed, nil
}

// refusedField is the run hash field listing, as JSON, the records the CRM
// refused in earlier attempts of the run's push.
const refusedField = "push_refused"

// refused returns the records the CRM refused in earlier attempts.
func (h *PushHandler) refused(ctx context.Context, runID string) ([]crm.RecordError, error) {
	f, err := h.Store.RunFields(ctx, runID, refusedField)
	if err != nil || f[refusedField] == "" {
		return nil, err
	}
	var out []crm.RecordError
	if err := json.Unmarshal([]byte(f[refusedField]), &out); err != nil {
		return nil, fmt.Errorf("run %s: decode refused records: %w", runID, err)
	}
	return out, nil
}

func (h *PushHandler) saveRefused(ctx context.Context, runID string, failed []crm.RecordError) error {
	b, err := json.Marshal(failed)
	if err != nil {
		return fmt.Errorf("run %s: encode refused records: %w", runID, err)
	}
	return h.Store.UpdateRun(ctx, runID, map[string]string{refusedField: string(b)})
}

// schemaDigest names a set of property names in the schema flag's key: the
// same digest earlier versions wrote, so an upgrade does not re-create the
// properties. Not personal data, so not keyed.
func schemaDigest(names []string) string {
	sum := sha256.Sum256([]byte("abm-fingerprint/v1\x00schema\x00" + strings.Join(names, ",")))
	return hex.EncodeToString(sum[:16])
}

// ensure creates the property group and properties defs of obj unless that
// was done within schemaTTL for the same set of names; the CRM connector
// treats "already exists" as success. Every writer calls it before its first
// write of a property set.
func (d *Deps) ensure(ctx context.Context, obj crm.ObjectType, defs []crm.PropertyDef) error {
	names := make([]string, len(defs))
	for i, def := range defs {
		names[i] = def.Name
	}
	key := d.Store.Keys().Schema(string(obj) + ":" + schemaDigest(names))
	done, err := d.Store.HasFlag(ctx, key)
	if err != nil || done {
		return err
	}
	if err := d.CRM.EnsureProperties(ctx, obj, metrics.Group, defs); err != nil {
		return fmt.Errorf("create %s properties: %w", obj, err)
	}
	return d.Store.SetFlag(ctx, key, schemaTTL)
}

// firstThree names up to three items, joined by sep, then "<more>N more".
func firstThree[T any](items []T, sep, more string, name func(T) string) string {
	var b strings.Builder
	for i, it := range items {
		if i == 3 {
			fmt.Fprintf(&b, "%s%d more", more, len(items)-3)
			break
		}
		if i > 0 {
			b.WriteString(sep)
		}
		b.WriteString(name(it))
	}
	return b.String()
}

// describe names up to three failed records.
func describe(errs []crm.RecordError) string {
	return firstThree(errs, "; ", "; and ", func(e crm.RecordError) string { return e.ID + ": " + e.Message })
}

// describeIDs names up to three records of updates.
func describeIDs(updates []crm.Update) string {
	return firstThree(updates, ", ", " and ", func(u crm.Update) string { return u.ID })
}

func isConflict(err error) bool {
	return errors.Is(err, asynq.ErrTaskIDConflict) || errors.Is(err, asynq.ErrDuplicateTask)
}
