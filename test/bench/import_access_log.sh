#!/bin/sh
# Measures `abmsync import access-log FILE` with the real binary: a generated
# log of SIZE_MB (default 1024) in a temporary folder, the daemon on the
# sample campaign with the Redis at REDIS_URL (default database 7, the bench
# package's, which is flushed first), reverse DNS off (no look-up leaves the
# machine). Prints the
# CLI's wall time and the daemon's and the CLI's peak RSS (/usr/bin/time -v).
# The folder, log included, is deleted at the end.
#
#   sh test/bench/import_access_log.sh 100 && sh test/bench/import_access_log.sh 1024
set -eu
SIZE_MB=${1:-1024}
REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379/7}
export REDIS_URL
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
TMP=$(mktemp -d)
SERVE_PID=
cleanup() {
	[ -n "$SERVE_PID" ] && kill -INT "$SERVE_PID" 2>/dev/null || true
	rm -rf "$TMP"
}
trap cleanup EXIT

cd "$ROOT"
redis-cli -u "$REDIS_URL" flushdb >/dev/null
go build -o "$TMP/abmsync" ./cmd/abmsync
ABMSYNC_ACCESS_LOG_OUT="$TMP/access.log" ABMSYNC_BENCH_LOG_MB="$SIZE_MB" \
	go test -count=1 -run '^TestWriteAccessLog$' -v ./test/bench/ | grep 'access.log:'

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cat >"$TMP/abmsync.yaml" <<EOF
csv:
  dir: $ROOT/deploy/examples/sample-campaign
  output_dir: $TMP/out
schedules: {}
traffic:
  reverse_dns: false
  cidrs:
    "1004": ["198.18.0.0/24"]
    "1008": ["198.18.1.0/24"]
    "1010": ["198.18.2.0/24"]
    "1011": ["198.18.3.0/24"]
    "1012": ["198.18.4.0/24"]
    "1013": ["198.18.5.0/24"]
EOF
export ABMSYNC_CONFIG="$TMP/abmsync.yaml" ABMSYNC_ADMIN_ADDR="127.0.0.1:$PORT" ABMSYNC_ADMIN_TOKEN="$(head -c 24 /dev/urandom | od -An -tx1 | tr -d " \n")"

/usr/bin/time -v "$TMP/abmsync" serve >"$TMP/serve.log" 2>"$TMP/serve.time" &
TIME_PID=$!
i=0
until curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1; do
	i=$((i + 1))
	[ $i -gt 300 ] && { echo "daemon not healthy"; cat "$TMP/serve.log"; exit 1; }
	sleep 0.1
done
SERVE_PID=$(pgrep -P "$TIME_PID")
"$TMP/abmsync" resync --wait >/dev/null

START=$(date +%s.%N)
/usr/bin/time -v "$TMP/abmsync" import access-log "$TMP/access.log" 2>"$TMP/cli.time"
END=$(date +%s.%N)

kill -INT "$SERVE_PID"
wait "$TIME_PID" || true
SERVE_PID=
BYTES=$(stat -c %s "$TMP/access.log")
LINES=$(wc -l <"$TMP/access.log")
python3 - "$START" "$END" "$BYTES" "$LINES" <<'EOF'
import sys
start, end, size, lines = float(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
wall = end - start
print(f"import: {size/2**20:.0f} MB, {lines} lines in {wall:.1f} s = {lines/wall:,.0f} lines/s, {size/2**20/wall:.1f} MB/s")
EOF
echo "daemon (serve) $(grep 'Maximum resident' "$TMP/serve.time")"
echo "CLI (import)   $(grep 'Maximum resident' "$TMP/cli.time")"
