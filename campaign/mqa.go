package campaign

import "github.com/abmsync/abmsync/metrics"

// mqaThreshold is the default engagement score from which an account is
// an MQA (config mqa.threshold).
const mqaThreshold = 50

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
