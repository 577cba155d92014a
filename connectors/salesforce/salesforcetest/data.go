package salesforcetest

import (
	"fmt"
	"maps"
	"slices"
	"time"
)

// insertLocked creates a record of o with vals at now; s.mu is held.
func (s *Server) insertLocked(o *object, vals map[string]any, now time.Time) *record {
	r := &record{id: o.newID(), vals: map[string]any{}}
	maps.Copy(r.vals, vals)
	if _, ok := r.vals["CreatedDate"]; !ok {
		r.vals["CreatedDate"] = now
	}
	if _, ok := r.vals["SystemModstamp"]; !ok {
		r.vals["SystemModstamp"] = now
	}
	if _, ok := r.vals["LastModifiedDate"]; !ok {
		r.vals["LastModifiedDate"] = r.vals["SystemModstamp"]
	}
	if o.name == "Opportunity" {
		if _, ok := r.vals["IsWon"]; !ok {
			r.vals["IsWon"] = false
		}
		if _, ok := r.vals["IsClosed"]; !ok {
			r.vals["IsClosed"] = false
		}
	}
	for _, f := range o.fields {
		if f.Type == "boolean" && f.Name != "IsDeleted" {
			if _, ok := r.vals[f.Name]; !ok {
				r.vals[f.Name] = false
			}
		}
	}
	o.recs[r.id] = r
	o.ids = append(o.ids, r.id)
	if o.name == "OpportunityContactRole" {
		opp, _ := r.vals["OpportunityId"].(string)
		s.roles[opp] = append(s.roles[opp], r.id)
	}
	return r
}

// Insert creates a record of sobject with vals (Go values: string,
// float64, bool, time.Time for datetimes, "2006-01-02" strings for dates)
// and returns its Id. CreatedDate and SystemModstamp default to now.
func (s *Server) Insert(sobject string, vals map[string]any) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	o := s.objects[sobject]
	return s.insertLocked(o, vals, s.opts.Now().UTC().Truncate(time.Second)).id
}

// Update sets vals on a record and stamps it modified at (now when zero).
func (s *Server) Update(sobject, id string, vals map[string]any, at time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if at.IsZero() {
		at = s.opts.Now()
	}
	at = at.UTC().Truncate(time.Second)
	r := s.objects[sobject].recs[id]
	if r == nil {
		panic(fmt.Sprintf("salesforcetest: no %s %s", sobject, id))
	}
	maps.Copy(r.vals, vals)
	r.vals["SystemModstamp"], r.vals["LastModifiedDate"] = at, at
}

// Delete moves a record to the recycle bin: it leaves queries, stays in
// queryAll with IsDeleted = true and is listed by sObject Get Deleted.
func (s *Server) Delete(sobject, id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	o := s.objects[sobject]
	r := o.recs[id]
	if r == nil || r.deleted {
		return
	}
	now := s.opts.Now().UTC().Truncate(time.Second)
	r.deleted = true
	r.vals["SystemModstamp"] = now
	o.deleted[id] = now
}

// Get returns a copy of a live record's values (nil if none).
func (s *Server) Get(sobject, id string) map[string]any {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.objects[sobject].recs[id]
	if r == nil || r.deleted {
		return nil
	}
	return maps.Clone(r.vals)
}

// IDs lists the live records of sobject in Id order.
func (s *Server) IDs(sobject string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	o := s.objects[sobject]
	var out []string
	for _, id := range o.ids {
		if !o.recs[id].deleted {
			out = append(out, id)
		}
	}
	return out
}

// Children lists the live records of sobject whose field (AccountId,
// OpportunityId) is parent.
func (s *Server) Children(sobject, field, parent string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	o := s.objects[sobject]
	var out []string
	for _, id := range o.ids {
		r := o.recs[id]
		if !r.deleted && r.vals[field] == parent {
			out = append(out, id)
		}
	}
	return out
}

// HasField reports whether sobject has the field.
func (s *Server) HasField(sobject, name string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, ok := s.objects[sobject].field(name)
	return ok
}

// AddField adds a field to sobject, as an admin would.
func (s *Server) AddField(sobject string, f Field) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.objects[sobject].addField(f)
}

// GenOptions shapes a generated org.
type GenOptions struct {
	Accounts, Contacts, Opportunities int
	// TargetShare is the share of accounts with ABM_Target_Account__c set.
	TargetShare float64
	Seed        int64
	// Now anchors dates; modification stamps lie in the 30 days before it.
	Now time.Time
}

// Generate fills the org with deterministic accounts, contacts (spread
// over the accounts, most with an e-mail address and a recent activity),
// opportunities (open, won and lost) and contact roles linking each
// opportunity to a contact of its account.
func (s *Server) Generate(g GenOptions) {
	s.mu.Lock()
	defer s.mu.Unlock()
	rnd := uint64(g.Seed*2654435761 + 1)
	next := func(n int) int {
		rnd ^= rnd << 13
		rnd ^= rnd >> 7
		rnd ^= rnd << 17
		return int(rnd % uint64(n))
	}
	now := g.Now.UTC().Truncate(time.Second)
	stamp := func() time.Time { return now.Add(-time.Duration(1+next(30*24*3600)) * time.Second) }
	industries := []string{"Manufacturing", "Technology", "Finance", "Healthcare", "Retail"}
	countries := []string{"Germany", "France", "United States", "Austria", "Switzerland"}
	acc, con, opp, ocr := s.objects["Account"], s.objects["Contact"], s.objects["Opportunity"], s.objects["OpportunityContactRole"]
	var accounts []string
	for i := range g.Accounts {
		target := g.TargetShare > 0 && i < int(float64(g.Accounts)*g.TargetShare+0.5)
		ts := stamp()
		r := s.insertLocked(acc, map[string]any{
			"Name": fmt.Sprintf("Account %d", i), "Website": fmt.Sprintf("https://www.acct%d.example/", i),
			"Industry": industries[next(len(industries))], "NumberOfEmployees": float64(10 + next(5000)),
			"BillingCountry": countries[next(len(countries))], "Type": "Prospect",
			"ABM_Target_Account__c": target, "CreatedDate": ts.Add(-90 * 24 * time.Hour), "SystemModstamp": ts,
		}, now)
		accounts = append(accounts, r.id)
	}
	contactsOf := map[string][]string{}
	for i := range g.Contacts {
		a := accounts[i%len(accounts)]
		ts := stamp()
		vals := map[string]any{"AccountId": a, "FirstName": fmt.Sprintf("First%d", i), "LastName": fmt.Sprintf("Last%d", i),
			"Title":       []string{"CEO", "Head of Marketing", "Engineer", "CFO", "Buyer"}[next(5)],
			"CreatedDate": ts.Add(-60 * 24 * time.Hour), "SystemModstamp": ts}
		if next(10) < 8 {
			vals["Email"] = fmt.Sprintf("person%d@acct%d.example", i, i%len(accounts))
		}
		if next(10) < 6 {
			vals["LastActivityDate"] = now.Add(-time.Duration(next(180)) * 24 * time.Hour).Format(time.DateOnly)
		}
		r := s.insertLocked(con, vals, now)
		contactsOf[a] = append(contactsOf[a], r.id)
	}
	for i := range g.Opportunities {
		a := accounts[next(len(accounts))]
		ts := stamp()
		vals := map[string]any{"AccountId": a, "Name": fmt.Sprintf("Opportunity %d", i), "Amount": float64(1000 * (1 + next(100))),
			"CreatedDate": ts.Add(-120 * 24 * time.Hour), "SystemModstamp": ts,
			"CloseDate": ts.Add(time.Duration(next(60)) * 24 * time.Hour).Format(time.DateOnly)}
		switch next(3) {
		case 0:
			vals["StageName"], vals["IsClosed"], vals["IsWon"] = "Closed Won", true, true
		case 1:
			vals["StageName"], vals["IsClosed"], vals["IsWon"] = "Closed Lost", true, false
		default:
			vals["StageName"] = "Prospecting"
		}
		if next(4) == 0 {
			vals["Type"] = "Existing Customer - Upgrade"
		} else {
			vals["Type"] = "New Customer"
		}
		r := s.insertLocked(opp, vals, now)
		if cs := contactsOf[a]; len(cs) > 0 {
			s.insertLocked(ocr, map[string]any{"OpportunityId": r.id, "ContactId": cs[next(len(cs))], "Role": "Decision Maker", "IsPrimary": true, "SystemModstamp": ts}, now)
		}
	}
	slices.Sort(acc.ids)
}
