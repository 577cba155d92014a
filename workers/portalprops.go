package workers

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/abmsync/abmsync/crm"
)

// PropertyLister is a CRM that can list the property names an object type
// defines (connectors/hubspot). A CRM without it is not checked.
type PropertyLister interface {
	PropertyNames(ctx context.Context, obj crm.ObjectType) ([]string, error)
}

// propertyCheckEvery is how often the configured portal properties are
// checked again: a property created in HubSpot after a warning is noticed
// within a day, without costing a call per run.
const propertyCheckEvery = 24 * time.Hour

// portalCheck remembers when the portal's own properties (referrals.*,
// nps.*) were last checked and the warning that resulted.
type portalCheck struct {
	mu      sync.Mutex
	checked time.Time
	warning string
}

// portalPropertiesWarning names the configured portal properties of
// contacts and deals that the CRM does not define ("" when all exist):
// HubSpot returns no value for an undefined property, so a misspelt name
// would silently read as "no referrals" or "no answers". It asks the CRM at
// most once per propertyCheckEvery per process; a failed look-up is logged
// and tried again next time, never an error of the pull.
func (d *Deps) portalPropertiesWarning(ctx context.Context) string {
	lister, ok := d.CRM.(PropertyLister)
	if !ok {
		return ""
	}
	c := &d.portal
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.checked.IsZero() && d.now().Sub(c.checked) < propertyCheckEvery {
		return c.warning
	}
	var parts []string
	for _, obj := range []crm.ObjectType{crm.Contacts, crm.Deals} {
		want := d.KPI.Properties(obj)
		if len(want) == 0 {
			continue
		}
		names, err := lister.PropertyNames(ctx, obj)
		if err != nil {
			d.Logger.Warn("could not check the configured portal properties", "object", obj, "err", err)
			return ""
		}
		var missing []string
		for _, p := range want {
			if !slices.Contains(names, p) {
				missing = append(missing, p)
			}
		}
		if len(missing) > 0 {
			parts = append(parts, fmt.Sprintf("%s %s", obj, strings.Join(missing, ", ")))
		}
	}
	c.checked, c.warning = d.now(), ""
	if len(parts) > 0 {
		c.warning = "properties missing in the CRM (" + strings.Join(parts, "; ") +
			"): referrals and survey answers read from them count as none; check referrals.* and nps.* in the config"
	}
	return c.warning
}
