package campaign

import (
	"github.com/abmsync/abmsync/crm"
	"github.com/abmsync/abmsync/metrics"
)

// mqaThreshold is the default engagement score from which an account is
// an MQA (config mqa.threshold).
const mqaThreshold = 50

// MQA and SQL company properties.
const (
	PropEngagementScore = "abm_engagement_score"
	PropMQA             = "abm_mqa"
	PropMQASince        = "abm_mqa_since"
	PropSQLContacts     = "abm_sql_contacts"
)

// MQASettings weigh the engagement signals and set the MQA threshold; zero
// values mean metrics.DefaultEngagementWeights and a threshold of 50.
type MQASettings struct {
	Weights   metrics.EngagementWeights
	Threshold float64
}

func (s MQASettings) orDefault() MQASettings {
	if s.Weights == (metrics.EngagementWeights{}) {
		s.Weights = metrics.DefaultEngagementWeights()
	}
	if s.Threshold <= 0 {
		s.Threshold = mqaThreshold
	}
	return s
}

// MQAPropertyDefs are the MQA/SQL company properties.
func MQAPropertyDefs() []crm.PropertyDef {
	return []crm.PropertyDef{
		{Name: PropEngagementScore, Label: "ABM engagement score", Type: "number", FieldType: "number", GroupName: "abm",
			Description: "Account engagement 0-100 from weighted signals of the last 30 days: website visits, engaged contacts, LinkedIn ad clicks, contacts with a form submission, contacts with a meeting (mqa.weights). Written by abmsync."},
		{Name: PropMQA, Label: "ABM marketing-qualified account", Type: "bool", FieldType: "booleancheckbox", GroupName: "abm",
			Description: "The engagement score reached the MQA threshold. Written by abmsync."},
		{Name: PropMQASince, Label: "ABM MQA since", Type: "date", FieldType: "date", GroupName: "abm",
			Description: "When the account first became an MQA (kept while it stays one). Written by abmsync."},
		{Name: PropSQLContacts, Label: "ABM SQL contacts", Type: "number", FieldType: "number", GroupName: "abm",
			Description: "Associated contacts in lifecycle stage salesqualifiedlead or later. Written by abmsync."},
	}
}
