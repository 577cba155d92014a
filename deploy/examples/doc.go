// Package examples carries the sample campaign into the binary: the CSV
// files of deploy/examples/sample-campaign (companies, contacts, deals and
// the NPS survey) are embedded with go:embed, so the embedded default
// ("abmsync serve" without a config) runs the demo from any working
// directory. The files in the folder stay the source; a build picks up
// their current contents.
//
// What lives here: examples.go with the go:embed of sample-campaign, the
// example configurations (abmsync.hubspot.yaml, abmsync.compose.yaml) and
// the sample campaign's files. deploy_test.go in the parent folder loads
// each example with config.Load.
//
// Imports: nothing of the module (the rule for deploy/ allows config and
// internal/*). test/layout checks this.
package examples
