package crm

import "time"

// This file holds the plain records of account activity that come from
// outside the CRM (survey answers, website traffic, ad engagement): the
// sources produce them, the store keeps them, the metrics read them.

// NPSAnswer is one survey answer, imported from a file or read from CRM
// contacts. It carries nothing about the respondent.
type NPSAnswer struct {
	// CompanyID is the CRM company id; Domain the company's normalized
	// domain (see NormalizeDomain). At least one is set.
	CompanyID string    `json:"company_id,omitempty"`
	Domain    string    `json:"domain,omitempty"`
	Score     int       `json:"score"`
	Date      time.Time `json:"date"`
}

// PageCount is one path's page views.
type PageCount struct {
	Path  string `json:"path"`
	Views int    `json:"views"`
}

// TrafficDay is what is kept about one account's website traffic on one
// UTC day: aggregates only, never an address or a visitor.
type TrafficDay struct {
	AccountID      string      `json:"account_id"`
	Day            time.Time   `json:"day"` // midnight UTC
	Visits         int         `json:"visits"`
	PageViews      int         `json:"page_views"`
	UniqueVisitors int         `json:"unique_visitors"`
	TopPages       []PageCount `json:"top_pages"` // by views, then path
	LastVisit      time.Time   `json:"last_visit"`
}

// EngagementDay is one organization's ad engagement on one day, as an ad
// platform reports it per company (LinkedIn: pivot MEMBER_COMPANY). The
// numbers are approximate and small counts are withheld: a day without a
// row is not a day without activity.
type EngagementDay struct {
	// OrganizationURN is the pivot value, urn:li:organization:N.
	OrganizationURN string
	// Day is the UTC date, at midnight UTC.
	Day time.Time
	// Impressions and Clicks are the platform's impressions and clicks.
	Impressions int64
	Clicks      int64
	// Engagements is the platform's total engagements (LinkedIn's
	// totalEngagements).
	Engagements int64
}
