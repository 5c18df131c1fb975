#!/usr/bin/env bash
# HTTP load benchmark against the sample app packaged as a jar, on loopback only.
# Usage: benchmarks/load.sh [seconds per scenario, default 10] [connections, default 32]
# Needs wrk (Debian package `wrk`). Prints one table; every ratio is against the baseline
# endpoint measured in the same run.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${1:-10}"
CONNECTIONS="${2:-32}"
PORT="${PORT:-18080}"
WORK="$(mktemp -d)"
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }

mvn -B -q -pl sample-app,benchmarks -am package -DskipTests \
  dependency:build-classpath -Dmdep.outputFile=target/classpath.txt >/dev/null
java -cp "benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)" \
  io.unisights.benchmarks.WriteBodies "$WORK" "${TRACKING_KEY:-demo-tracking-key-change-me-0123456789}"

# wrk repeats one body, which duplicate suppression would answer cheaply and flatter the
# figures, so it is off; the sample's database handler is off too, so the figures are the
# collector's, not H2's. Its in-memory handler stays and logs nothing per item.
java -Xms512m -Xmx512m ${JAVA_OPTS:-} -jar sample-app/target/sample-app-*.jar --server.port="$PORT" \
  --unisights.delivery.dedupe.enabled=false --sample.store.enabled=false --sample.demo.port=-1 \
  --logging.level.io.unisights.sample=WARN --spring.datasource.url=jdbc:h2:mem:load \
  ${LOAD_APP_ARGS:-} >"$WORK/app.log" 2>&1 &
APP=$!
trap 'kill $APP 2>/dev/null; wait $APP 2>/dev/null || true; rm -rf "$WORK"' EXIT
for _ in $(seq 1 60); do
  curl -sf -o /dev/null -X POST "http://127.0.0.1:$PORT/sample/baseline" -d x && break
  sleep 1
done

# scenario: name, path, body file (or - for GET), events per request
run() {
  local name="$1" path="$2" body="$3" events="$4" out
  if [ "$body" = "-" ]; then
    out=$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency "http://127.0.0.1:$PORT$path")
  else
    out=$(BODY="$body" wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -s benchmarks/load/post.lua \
      "http://127.0.0.1:$PORT$path")
  fi
  if echo "$out" | grep -q "Non-2xx or 3xx responses"; then
    echo "$name: non-2xx answers, see below" >&2; echo "$out" >&2; exit 1
  fi
  local rps p50 p99
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p50=$(echo "$out" | awk '$1=="50%" {print $2}')
  p99=$(echo "$out" | awk '$1=="99%" {print $2}')
  echo "$name $rps $events $p50 $p99"
}

warm() { BODY="$1" wrk -t2 -c8 -d5s -s benchmarks/load/post.lua "http://127.0.0.1:$PORT$2" >/dev/null; }
warm "$WORK/plain-100.json" /sample/baseline
warm "$WORK/plain-100.json" /events
warm "$WORK/encrypted-100.json" /events

RESULTS="$WORK/results"
{
  run baseline-100-plain /sample/baseline "$WORK/plain-100.json" 100
  run beacon-1-plain /events "$WORK/plain-1.json" 1
  run beacon-100-plain /events "$WORK/plain-100.json" 100
  run beacon-1-encrypted /events "$WORK/encrypted-1.json" 1
  run beacon-100-encrypted /events "$WORK/encrypted-100.json" 100
  run open-pixel "$(cat "$WORK/open-path.txt")" - 1
  run click-redirect "$(cat "$WORK/click-path.txt")" - 1
} >"$RESULTS"

echo
echo "JDK: $(java -version 2>&1 | head -1); cores: $(nproc); ${DURATION}s per scenario, $CONNECTIONS connections, wrk -t2"
awk 'NR==1 {base=$2}
  BEGIN {printf "%-22s %12s %12s %9s %9s %10s\n", "scenario", "requests/s", "events/s", "p50", "p99", "vs baseline"}
  {printf "%-22s %12.0f %12.0f %9s %9s %10.2f\n", $1, $2, $2*$3, $4, $5, $2/base}
  $1=="beacon-100-plain" {plain=$2} $1=="beacon-100-encrypted" {enc=$2}
  END {if (plain>0) printf "\nencrypted / plain (100 events): %.2f\n", enc/plain}' "$RESULTS"
