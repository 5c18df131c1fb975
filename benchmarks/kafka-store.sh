#!/usr/bin/env bash
# Kafka store benchmark: the sample app in async mode on the memory store beside the kafka
# store, 1- and 100-event plain beacons, wrk on loopback, the broker (Kafka's own KRaft
# broker, io.unisights.benchmarks.KafkaBroker) in its own JVM on the same machine.
# Usage: benchmarks/kafka-store.sh [seconds per scenario, default 10] [rounds, default 3] [connections, default 16]
# Environment: MODES (subset of "memory kafka"), WARMUP (seconds per warm-up pass, four
# passes, default 8), MVN_ARGS (such as -o, for the build), APP_ARGS (passed to every app, such as
# --unisights.delivery.kafka.producer.batch.size=65536), NO_BUILD=1 to reuse the jars built.
# Needs wrk.
#
# sustained = beacons accepted (2xx) in a run / (the run + the time until the handlers
# completed every beacon the app accepted, unisights.delivery.delivered catching up with
# unisights.delivery.accepted); answered = accepted / run. p50 and p99 are wrk's latencies
# of the answers, 202 after the brokers' acknowledgement for the kafka store. wrk repeats
# one body, so every record has the same key (one session) and one partition.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${1:-10}"
ROUNDS="${2:-3}"
CONNECTIONS="${3:-16}"
PORT="${PORT:-18110}"
WORK="$(mktemp -d)"
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }

wanted() { [[ " ${MODES:-memory kafka} " == *" $1 "* ]]; }

APP=""
BROKER=""
cleanup() {
  [ -n "$APP" ] && kill "$APP" 2>/dev/null && wait "$APP" 2>/dev/null || true
  [ -n "$BROKER" ] && kill "$BROKER" 2>/dev/null && wait "$BROKER" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

if [ -z "${NO_BUILD:-}" ]; then
  mvn -B -q ${MVN_ARGS:-} -pl sample-app,benchmarks -am package -DskipTests \
    dependency:build-classpath -Dmdep.outputFile=target/classpath.txt >/dev/null
fi
CLASSPATH_BENCH="benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)"
java -cp "$CLASSPATH_BENCH" io.unisights.benchmarks.WriteBodies "$WORK" "demo-tracking-key-change-me-0123456789"

if wanted kafka; then
  java -Xmx1g -cp "$CLASSPATH_BENCH" io.unisights.benchmarks.KafkaBroker "$WORK/brokers" >"$WORK/broker.log" 2>&1 &
  BROKER=$!
  for _ in $(seq 1 120); do [ -s "$WORK/brokers" ] && break; kill -0 "$BROKER" || break; sleep 0.5; done
  [ -s "$WORK/brokers" ] || { echo "the broker did not start:" >&2; tail -30 "$WORK/broker.log" >&2; exit 1; }
fi

now() { date +%s.%N; }
WORK_PASSWORD="bench-$RANDOM$RANDOM"

counter() {
  curl -sf -u "demo:$WORK_PASSWORD" "http://127.0.0.1:$PORT/actuator/metrics/unisights.delivery.$1" \
    | sed -n 's/.*"statistic":"COUNT","value":\([0-9.E+-]*\).*/\1/p' | awk '{printf "%d", $1}'
}

# Seconds from $1 until every beacon the app accepted was delivered.
drain() {
  local start="$1" accepted delivered
  while true; do
    accepted=$(counter accepted); delivered=$(counter delivered)
    [ -n "$accepted" ] && [ -n "$delivered" ] && [ "$delivered" -ge "$accepted" ] && break
    kill -0 "$APP" 2>/dev/null || { echo "the app died while draining" >&2; exit 1; }
    sleep 0.05
  done
  awk -v a="$start" -v b="$(now)" 'BEGIN {printf "%.2f", b - a}'
}

run() {
  local round="$1" mode="$2" events="$3" body="$4" out requests non2xx seconds drained
  out=$(BODY="$body" wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -s benchmarks/load/post.lua \
    "http://127.0.0.1:$PORT/events")
  local ended; ended="$(now)"
  requests=$(echo "$out" | awk '/requests in/ {print $1}')
  seconds=$(echo "$out" | awk '/requests in/ {sub(/s,$/, "", $4); print $4}')
  non2xx=$(echo "$out" | awk '/Non-2xx or 3xx responses/ {print $5}')
  drained=$(drain "$ended")
  echo "$round $mode $events $((requests - ${non2xx:-0})) $seconds $drained \
$(echo "$out" | awk '$1=="50%" {print $2}') $(echo "$out" | awk '$1=="99%" {print $2}') ${non2xx:-0}" >>"$WORK/results"
}

measure() {
  local mode="$1" round="$2"; shift 2
  java -Xms512m -Xmx512m ${JAVA_OPTS:-} -jar "$(ls sample-app/target/sample-app-*.jar | head -1)" --server.port="$PORT" \
    --server.address=127.0.0.1 --unisights.delivery.dedupe.enabled=false \
    --sample.store.enabled=false --sample.demo.port=-1 --logging.level.io.unisights.sample=WARN \
    --sample.secrets-file="$WORK/secrets.properties" --spring.security.user.password="$WORK_PASSWORD" \
    --unisights.delivery.mode=async --spring.datasource.url="jdbc:h2:mem:$mode-$round" \
    "$@" ${APP_ARGS:-} >"$WORK/app-$mode-$round.log" 2>&1 &
  APP=$!
  local up=""
  for _ in $(seq 1 180); do
    curl -sf -o /dev/null -X POST "http://127.0.0.1:$PORT/sample/baseline" -d x && { up=1; break; }
    kill -0 "$APP" 2>/dev/null || break
    sleep 1
  done
  [ -n "$up" ] || { echo "the app ($mode) did not start:" >&2; tail -50 "$WORK/app-$mode-$round.log" >&2; exit 1; }
  for warm in plain-1 plain-100 plain-1 plain-100; do
    BODY="$WORK/$warm.json" wrk -t2 -c"$CONNECTIONS" -d"${WARMUP:-8}s" -s benchmarks/load/post.lua "http://127.0.0.1:$PORT/events" >/dev/null
    drain "$(now)" >/dev/null
  done
  run "$round" "$mode" 1 "$WORK/plain-1.json"
  run "$round" "$mode" 100 "$WORK/plain-100.json"
  kill "$APP"; wait "$APP" 2>/dev/null || true; APP=""
}

for round in $(seq 1 "$ROUNDS"); do
  if wanted memory; then
    measure memory "$round" --unisights.delivery.store=memory
  fi
  if wanted kafka; then
    # A topic per round, so that no round delivers what an earlier one left.
    measure kafka "$round" --unisights.delivery.store=kafka --spring.kafka.bootstrap-servers="$(cat "$WORK/brokers")" \
      --unisights.delivery.kafka.topic="bench-$round" --unisights.delivery.kafka.group-id="bench-$round"
  fi
done

echo
echo "JDK: $(java -version 2>&1 | head -1); cores: $(nproc); load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "${DURATION}s per scenario, $CONNECTIONS connections, wrk -t2, $ROUNDS rounds; producer: acks=all, idempotent, linger.ms=5 (fixed by the store)"
echo "round mode   events accepted refused  run-s drain-s sustained/s answered/s x-memory     p50      p99"
awk '{ key = $1 " " $3; sustained = $4 / ($5 + $6); rate[key " " $2] = sustained; line[NR] = $0; s[NR] = sustained }
  END { for (i = 1; i <= NR; i++) { split(line[i], f, " "); base = rate[f[1] " " f[3] " memory"];
      printf "%5s %-6s %6s %8d %7d %6.2f %7.2f %11.0f %10.0f %8s %8s %8s\n", f[1], f[2], f[3], f[4], f[9], f[5], f[6],
        s[i], f[4] / f[5], base ? sprintf("%.2f", s[i] / base) : "-", f[7], f[8] } }' "$WORK/results"
