// Package deploy holds abmsync's deployment files: the Dockerfile,
// compose.yaml (and compose.sentinel.yaml for a Sentinel set-up), the
// Kubernetes manifests (kubernetes/), the systemd unit (systemd/) and the
// example configurations and sample campaign (examples/, package examples,
// which cmd embeds into the binary). The package has no code of its own:
// deploy_test.go checks the files offline, loading every abmsync
// configuration they carry with config.Load.
//
// Imports: config and internal/* at most, nothing above them. test/layout
// checks this.
package deploy
