# abmsync — see README.md. `make test` is the README's test command and what
# .ci/run calls.
GO ?= go
REDIS_URL ?= redis://127.0.0.1:6379
export REDIS_URL

.PHONY: run test vet chaos redis-ha bench bench-nodeclient bench-traffic build

## run: the daemon on its embedded default (in-process Redis, sample campaign)
run:
	$(GO) run ./cmd/abmsync serve

## test: formatting, vet and every test against the Redis at $REDIS_URL
test:
	@test -z "$$(gofmt -l .)" || { echo "gofmt needed:"; gofmt -l .; exit 1; }
	$(GO) vet ./...
	$(GO) test -count=1 -timeout 8m ./...

## chaos: the crash-safety suite: builds the binary, starts its own redis-server
## processes on loopback ports and kills, restarts and signals them; ~15 minutes; writes
## test/chaos/RESULTS.md (make test skips it)
chaos:
	ABMSYNC_CHAOS=1 $(GO) test -count=1 -timeout 30m -v ./test/chaos/

## redis-ha: the Redis high-availability suite: starts its own redis-server processes on
## loopback ports 7100-7139 (a 3-master Cluster, a Sentinel set-up: master, replica, three
## sentinels) and runs the store and the real binary on them: cluster-safe keys, failover
## during a full sync, several serve processes on one Redis; a few minutes (make test skips it)
redis-ha:
	ABMSYNC_REDIS_HA=1 $(GO) test -count=1 -timeout 30m -v -run 'Cluster|Sentinel|Replicas|Compose|Kubernetes|Systemd' ./store/ ./test/chaos/ ./deploy/

## bench: the sync measurements of README "Performance" (loopback only)
bench:
	$(GO) test -run '^$$' -bench . -benchtime 1x -timeout 60m ./test/bench/

## bench-nodeclient: abmsync's full sync against HubSpot's Node client pulling the same
## portal (part of bench); needs node and npm, installs test/bench/nodeclient with npm ci
bench-nodeclient:
	$(GO) test -run '^$$' -bench NodeClientPull -benchtime 1x -timeout 20m ./test/bench/

## bench-traffic: access-log import of generated 100 MB and 1 GB logs (README "Performance",
## "Traffic"); needs ~1.1 GB free in the temp dir, Redis database 7 is flushed
bench-traffic:
	$(GO) test -run '^$$' -bench ImportAccessLog -benchtime 1x -timeout 30m ./test/bench/

build:
	$(GO) build -o bin/abmsync ./cmd/abmsync
