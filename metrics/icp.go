package metrics

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/abmsync/abmsync/crm"
)

// Company properties of the ideal-customer-profile fit.
const (
	PropICPScore   = "abm_icp_score"
	PropICPReasons = "abm_icp_reasons"
	// PropICPTier is HubSpot's own "Ideal customer profile tier" property.
	PropICPTier = "hs_ideal_customer_profile"
)

// ICP is the ideal customer profile: weighted criteria and tier thresholds.
// A zero ICP (no criterion with a weight) scores nothing.
type ICP struct {
	Industries IndustryCriterion
	Employees  EmployeeCriterion
	Countries  CountryCriterion
	// Customer gives its weight to existing customers (lifecyclestage
	// customer).
	Customer   WeightedCriterion
	Attributes []AttributeCriterion
	// Tier1 and Tier2 are the lowest scores of tier_1 and tier_2; every
	// other scored company is tier_3.
	Tier1, Tier2 int
}

// WeightedCriterion is a criterion that only has a weight.
type WeightedCriterion struct{ Weight int }

// IndustryCriterion matches the company's industry property against
// Values (case-insensitive; "pharma" matches "PHARMACEUTICALS").
type IndustryCriterion struct {
	Weight int
	Values []string
}

// EmployeeCriterion matches numberofemployees: within Min..Max when a range
// is set, else within Target±Tolerance.
type EmployeeCriterion struct {
	Weight                      int
	Min, Max, Target, Tolerance int
}

// CountryCriterion matches the company's country (headquarters) against
// Values: ISO codes, English or German names, or regions (DACH, EU, US).
type CountryCriterion struct {
	Weight int
	Values []string
}

// AttributeCriterion is a free-form condition on a CRM property. A
// Required one that fails scores the company 0; an Excluded one that holds
// scores it 0; otherwise it adds Weight when it holds.
type AttributeCriterion struct {
	Property string
	// Equals is compared case-insensitively; empty means "has any value".
	Equals   string
	Weight   int
	Required bool
	Excluded bool
}

// Enabled reports whether the ICP has any weighted or gating criterion.
func (p ICP) Enabled() bool { return p.totalWeight() > 0 || len(p.Attributes) > 0 }

func (p ICP) totalWeight() int {
	w := p.Industries.Weight + p.Employees.Weight + p.Countries.Weight + p.Customer.Weight
	for _, a := range p.Attributes {
		if !a.Required && !a.Excluded {
			w += a.Weight
		}
	}
	return w
}

// Fit is one company's ICP score with the reason for every point.
type Fit struct {
	Score   int
	Tier    string // tier_1, tier_2, tier_3
	Reasons []string
}

// Properties returns abm_icp_score and abm_icp_reasons (the tier is written
// separately, see TierUpdate).
func (f Fit) Properties() map[string]string {
	return map[string]string{PropICPScore: strconv.Itoa(f.Score), PropICPReasons: strings.Join(f.Reasons, "; ")}
}

// Score computes company's fit: the weights of the criteria it meets, as a
// share of all weights, 0–100, with one reason per criterion ("industry
// PHARMACEUTICALS matches pharma (+30 of 100)"). A failed Required or a met
// Excluded attribute makes the score 0 and says why.
func (p ICP) Score(company crm.Record) Fit {
	props := company.Properties
	total := p.totalWeight()
	var got int
	var reasons []string
	add := func(ok bool, weight int, yes, no string) {
		if weight <= 0 {
			return
		}
		if ok {
			got += weight
			reasons = append(reasons, fmt.Sprintf("%s (+%d)", yes, weight))
		} else {
			reasons = append(reasons, fmt.Sprintf("%s (+0 of %d)", no, weight))
		}
	}
	if c := p.Industries; c.Weight > 0 {
		ind := props["industry"]
		hit := matchIndustry(ind, c.Values)
		add(hit != "", c.Weight, fmt.Sprintf("industry %s matches %s", ind, hit), fmt.Sprintf("industry %q not in %s", ind, strings.Join(c.Values, "/")))
	}
	if c := p.Employees; c.Weight > 0 {
		n, err := strconv.ParseFloat(strings.TrimSpace(props["numberofemployees"]), 64)
		lo, hi := float64(c.Min), float64(c.Max)
		if c.Max == 0 {
			lo, hi = float64(c.Target-c.Tolerance), float64(c.Target+c.Tolerance)
		}
		ok := err == nil && n >= lo && n <= hi
		add(ok, c.Weight, fmt.Sprintf("employees %.0f within %.0f–%.0f", n, lo, hi), fmt.Sprintf("employees %q outside %.0f–%.0f", props["numberofemployees"], lo, hi))
	}
	if c := p.Countries; c.Weight > 0 {
		country := props["country"]
		ok := matchCountry(country, c.Values)
		add(ok, c.Weight, fmt.Sprintf("country %s in %s", country, strings.Join(c.Values, "/")), fmt.Sprintf("country %q not in %s", country, strings.Join(c.Values, "/")))
	}
	if c := p.Customer; c.Weight > 0 {
		ok := strings.EqualFold(props["lifecyclestage"], "customer")
		add(ok, c.Weight, "existing customer", "not a customer yet")
	}
	for _, a := range p.Attributes {
		v := props[a.Property]
		holds := v != "" && (a.Equals == "" || strings.EqualFold(strings.TrimSpace(v), a.Equals))
		desc := a.Property
		if a.Equals != "" {
			desc += " = " + a.Equals
		}
		switch {
		case a.Required && !holds:
			return Fit{Score: 0, Tier: "tier_3", Reasons: []string{"required " + desc + " not met (score 0)"}}
		case a.Excluded && holds:
			return Fit{Score: 0, Tier: "tier_3", Reasons: []string{"excluded " + desc + " holds (score 0)"}}
		case !a.Required && !a.Excluded:
			add(holds, a.Weight, desc, "no "+desc)
		}
	}
	score := 0
	if total > 0 {
		score = int(math.Round(float64(got) * 100 / float64(total)))
	}
	return Fit{Score: score, Tier: p.tier(score), Reasons: reasons}
}

func (p ICP) tier(score int) string {
	switch {
	case score >= p.Tier1:
		return "tier_1"
	case score >= p.Tier2:
		return "tier_2"
	}
	return "tier_3"
}

// industryAliases widens short configured values to HubSpot's industry
// enumeration values.
var industryAliases = map[string][]string{
	"pharma":  {"pharmaceuticals", "pharma"},
	"biotech": {"biotechnology", "biotech"},
	"medtech": {"medical_devices", "medical devices", "medtech"},
}

func matchIndustry(industry string, values []string) string {
	ind := strings.ToLower(strings.TrimSpace(industry))
	if ind == "" {
		return ""
	}
	for _, v := range values {
		lv := strings.ToLower(strings.TrimSpace(v))
		for _, alias := range append([]string{lv}, industryAliases[lv]...) {
			if ind == alias || strings.Contains(ind, alias) {
				return v
			}
		}
	}
	return ""
}

// regions expands configured regions to countries (ISO codes).
var regions = map[string][]string{
	"dach": {"AT", "DE", "CH"},
	"us":   {"US"},
	"eu": {"AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV", "LT",
		"LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE"},
}

// countryNames maps written country names (English and German) to ISO codes.
var countryNames = map[string]string{
	"austria": "AT", "österreich": "AT", "oesterreich": "AT", "germany": "DE", "deutschland": "DE",
	"switzerland": "CH", "schweiz": "CH", "united states": "US", "usa": "US", "united states of america": "US",
	"ireland": "IE", "irland": "IE", "denmark": "DK", "dänemark": "DK", "czechia": "CZ", "czech republic": "CZ",
	"tschechien": "CZ", "france": "FR", "frankreich": "FR", "italy": "IT", "italien": "IT", "netherlands": "NL",
	"belgium": "BE", "spain": "ES", "sweden": "SE", "poland": "PL", "united kingdom": "GB", "uk": "GB",
}

func countryCode(s string) string {
	l := strings.ToLower(strings.TrimSpace(s))
	if c, ok := countryNames[l]; ok {
		return c
	}
	if len(l) == 2 {
		return strings.ToUpper(l)
	}
	return ""
}

func matchCountry(country string, values []string) bool {
	code := countryCode(country)
	if code == "" {
		return false
	}
	for _, v := range values {
		if r, ok := regions[strings.ToLower(strings.TrimSpace(v))]; ok && slices.Contains(r, code) {
			return true
		}
		if countryCode(v) == code {
			return true
		}
	}
	return false
}

// TierUpdate returns the HubSpot tier value to write for company, or "" to
// leave it: a tier a person set is never overwritten unless overwrite is
// true. abmsync remembers its own writes (lastWritten) to tell them apart
// from a person's.
func TierUpdate(company crm.Record, fit Fit, lastWritten string, overwrite bool) string {
	cur := company.Properties[PropICPTier]
	if cur == fit.Tier {
		return ""
	}
	if cur != "" && cur != lastWritten && !overwrite {
		return ""
	}
	return fit.Tier
}
