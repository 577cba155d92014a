package hubspottest

import (
	"math/rand/v2"
	"strconv"
	"strings"
	"time"
)

// GenOptions sizes a generated portal. The same options always generate the
// same records.
type GenOptions struct {
	Companies, Contacts, Deals int
	// TargetShare is the fraction of companies with hs_is_target_account
	// "true" (rounded to a whole number of companies).
	TargetShare float64
	Seed        int64
	// Now is the portal's "today": creation and modification times fall in
	// the two years before it. Zero means 2026-06-01T00:00:00Z.
	Now time.Time
}

// DefaultGenOptions is the benchmark-sized portal: 10,000 companies (5%
// targets), 100,000 contacts and 20,000 deals.
func DefaultGenOptions() GenOptions {
	return GenOptions{Companies: 10000, Contacts: 100000, Deals: 20000, TargetShare: 0.05, Seed: 1}
}

// Dataset is a generated portal. NewServer takes ownership of it: the server
// mutates it, so generate one per server.
type Dataset struct {
	now    time.Time
	stores map[string]*store
	assoc  map[string]map[string][]string // "from/to" -> from ID -> to IDs
}

// ID ranges per object type, so IDs of different types never collide.
const (
	companyIDBase = 1_000_001
	contactIDBase = 5_000_001
	dealIDBase    = 9_000_001
)

var (
	firstNames = []string{"ada", "alan", "grace", "linus", "margaret", "ken", "barbara", "dennis", "frances", "edsger", "radia", "john", "hedy", "tim", "sophie", "guido"}
	lastNames  = []string{"lovelace", "turing", "hopper", "torvalds", "hamilton", "thompson", "liskov", "ritchie", "allen", "dijkstra", "perlman", "backus", "lamarr", "berners", "wilson", "rossum"}
	nameParts  = []string{"acme", "globex", "initech", "umbrella", "hooli", "vandelay", "stark", "wayne", "tyrell", "cyberdyne", "soylent", "wonka", "aperture", "massive", "oscorp", "gringotts"}
	nameKinds  = []string{"analytics", "systems", "labs", "logistics", "health", "energy", "retail", "capital", "robotics", "media"}
	stages     = []string{"subscriber", "lead", "marketingqualifiedlead", "salesqualifiedlead", "opportunity", "customer"}
	openStages = []string{"appointmentscheduled", "qualifiedtobuy", "presentationscheduled", "decisionmakerboughtin", "contractsent"}
)

const day = 24 * time.Hour

// Generate builds a portal deterministically from o.Seed: companies with
// name, domain, hs_is_target_account, createdate and hs_lastmodifieddate;
// contacts with email (most), hs_linkedin_url (some), notes_last_contacted
// and hs_email_last_open_date (some within the last 90 days, some older),
// lifecyclestage and one associated company; deals with dealstage
// (closedwon, closedlost or an open stage), hs_is_closed_won, hs_is_closed,
// amount, closedate, dealtype, one associated company and that company's
// first two contacts.
func Generate(o GenOptions) *Dataset {
	now := o.Now
	if now.IsZero() {
		now = time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	}
	now = now.UTC().Truncate(time.Millisecond)
	ds := &Dataset{now: now, stores: map[string]*store{}, assoc: map[string]map[string][]string{}}
	for _, t := range []string{"companies", "contacts", "deals"} {
		ds.stores[t] = newStore(t)
	}
	g := &generator{o: o, ds: ds, rng: rand.New(rand.NewPCG(uint64(o.Seed), 0x9e3779b97f4a7c15)), nowMS: now.UnixMilli(),
		span: int64(730 * day / time.Millisecond)}
	// One random stream in this order: the same seed gives the same portal.
	domains := g.companies()
	dealPeople := g.contacts(domains)
	g.deals(dealPeople)
	return ds
}

// generator draws one Generate's records from its random stream.
type generator struct {
	o     GenOptions
	ds    *Dataset
	rng   *rand.Rand
	nowMS int64
	span  int64 // how far back records were created, in ms
}

// times draws a record's creation and last modification times.
func (g *generator) times() (created, modified int64) {
	created = g.nowMS - 1 - g.rng.Int64N(g.span)
	modified = created + g.rng.Int64N(g.nowMS-created)
	return
}

// companies adds the companies, a share o.TargetShare of them target
// accounts, and returns their domains by index.
func (g *generator) companies() []string {
	o, rng := g.o, g.rng
	companies := g.ds.stores["companies"]
	targets := make(map[int]bool)
	if k := int(o.TargetShare*float64(o.Companies) + 0.5); k > 0 {
		for _, i := range rng.Perm(o.Companies)[:min(k, o.Companies)] {
			targets[i] = true
		}
	}
	domains := make([]string, o.Companies)
	for i := range o.Companies {
		c, m := g.times()
		base := nameParts[rng.IntN(len(nameParts))] + "-" + nameKinds[rng.IntN(len(nameKinds))]
		domains[i] = base + "-" + strconv.Itoa(i+1) + ".example.com"
		name := strings.ToUpper(base[:1]) + strings.ReplaceAll(base[1:], "-", " ") + " " + strconv.Itoa(i+1)
		companies.add(uint64(companyIDBase+i), c, m, map[string]string{
			"name":                 name,
			"domain":               domains[i],
			"hs_is_target_account": strconv.FormatBool(targets[i]),
		})
	}
	return domains
}

// contacts adds the contacts, each associated with a company (e-mail
// addresses at its domain), and returns the first two contacts of each
// company by company index: the people on its deals.
func (g *generator) contacts(domains []string) map[int][]string {
	o, rng := g.o, g.rng
	companies, contacts := g.ds.stores["companies"], g.ds.stores["contacts"]
	dealPeople := make(map[int][]string)
	for i := range o.Contacts {
		c, m := g.times()
		first := firstNames[rng.IntN(len(firstNames))]
		last := lastNames[rng.IntN(len(lastNames))]
		props := map[string]string{
			"firstname":      first,
			"lastname":       last,
			"lifecyclestage": stages[rng.IntN(len(stages))],
		}
		company := -1
		if o.Companies > 0 {
			company = rng.IntN(o.Companies)
		}
		if rng.Float64() < 0.9 {
			domain := "example.org"
			if company >= 0 {
				domain = domains[company]
			}
			props["email"] = first + "." + last + "." + strconv.Itoa(i+1) + "@" + domain
		}
		if rng.Float64() < 0.4 {
			props["hs_linkedin_url"] = "https://www.linkedin.com/in/" + first + "-" + last + "-" + strconv.Itoa(i+1)
		}
		if v, ok := g.engagement(); ok {
			props["notes_last_contacted"] = v
		}
		if v, ok := g.engagement(); ok {
			props["hs_email_last_open_date"] = v
		}
		r := contacts.add(uint64(contactIDBase+i), c, m, props)
		if company >= 0 {
			g.ds.link("contacts", r.idStr, "companies", companies.order[company].idStr)
			if len(dealPeople[company]) < 2 {
				dealPeople[company] = append(dealPeople[company], r.idStr)
			}
		}
	}
	return dealPeople
}

// engagement draws an engagement date: within the last 90 days, older, or
// none.
func (g *generator) engagement() (string, bool) {
	switch f := g.rng.Float64(); {
	case f < 0.3: // within the last 90 days
		return formatMS(g.nowMS - g.rng.Int64N(int64(90*day/time.Millisecond))), true
	case f < 0.6: // older
		return formatMS(g.nowMS - int64(91*day/time.Millisecond) - g.rng.Int64N(int64(600*day/time.Millisecond))), true
	}
	return "", false
}

// deals adds the deals, each associated with a company and that company's
// dealPeople.
func (g *generator) deals(dealPeople map[int][]string) {
	o, rng, nowMS := g.o, g.rng, g.nowMS
	companies, deals := g.ds.stores["companies"], g.ds.stores["deals"]
	for i := range o.Deals {
		c, m := g.times()
		props := map[string]string{
			"dealname": "Deal " + strconv.Itoa(i+1),
			"amount":   strconv.Itoa(1000 + 100*rng.IntN(2000)),
			"dealtype": []string{"newbusiness", "existingbusiness"}[rng.IntN(2)],
		}
		switch f := rng.Float64(); {
		case f < 0.2:
			props["dealstage"] = "closedwon"
		case f < 0.45:
			props["dealstage"] = "closedlost"
		default:
			props["dealstage"] = openStages[rng.IntN(len(openStages))]
		}
		won := props["dealstage"] == "closedwon"
		closed := won || props["dealstage"] == "closedlost"
		props["hs_is_closed_won"] = strconv.FormatBool(won)
		props["hs_is_closed"] = strconv.FormatBool(closed)
		if closed {
			props["closedate"] = formatMS(c + rng.Int64N(nowMS-c))
		} else {
			props["closedate"] = formatMS(nowMS + rng.Int64N(int64(180*day/time.Millisecond)))
		}
		r := deals.add(uint64(dealIDBase+i), c, m, props)
		if o.Companies > 0 {
			company := rng.IntN(o.Companies)
			g.ds.link("deals", r.idStr, "companies", companies.order[company].idStr)
			// Without drawing from rng, so the rest of the data set stays
			// as it was before deals had contacts.
			for _, id := range dealPeople[company] {
				g.ds.link("deals", r.idStr, "contacts", id)
			}
		}
	}
}

// link associates two records in both directions.
func (ds *Dataset) link(fromType, fromID, toType, toID string) {
	add := func(k, a, b string) {
		m := ds.assoc[k]
		if m == nil {
			m = make(map[string][]string)
			ds.assoc[k] = m
		}
		for _, x := range m[a] {
			if x == b {
				return
			}
		}
		m[a] = append(m[a], b)
	}
	add(fromType+"/"+toType, fromID, toID)
	add(toType+"/"+fromType, toID, fromID)
}

func formatMS(ms int64) string {
	return time.UnixMilli(ms).UTC().Format("2006-01-02T15:04:05.000Z")
}
