#!/usr/bin/env bash
# Kafka store benchmark: the sample app in async mode on the memory store beside the kafka
# store, 1- and 100-event plain beacons, wrk on loopback, the broker (Kafka's own KRaft
# broker, io.unisights.benchmarks.KafkaBroker) in its own JVM on the same machine.
# Usage: benchmarks/kafka-store.sh [seconds per scenario, default 10] [rounds, default 3] [connections, default 16]
# Environment: MODES (subset of "memory kafka"), WARMUP (seconds per body in a warm-up
# pass, default 20), SETTLED and WARM_PASSES (when the warm-up ends: warm() in
# lib/sample-app.sh), MVN_ARGS (such as -o, for the build), APP_ARGS (passed to every app,
# such as --unisights.delivery.kafka.producer.batch.size=65536), LINGER (the kafka store producer's
# linger.ms, 0 unless set), NO_BUILD=1 to reuse the jars built, APP_JAR to run another
# build of the sample app.
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

. benchmarks/lib/sample-app.sh

# The broker's CPU counts with the app's: it runs on the same cores.
broker_pid() { [ -n "$BROKER" ] && echo "$BROKER" || true; }
CPU_ALSO=broker_pid

# Seconds from $1 until every beacon the app accepted was delivered, and how many were
# not delivered yet at the first look.
drain() {
  local start="$1" accepted delivered first="" ignored
  while true; do
    read -r accepted ignored <<<"$(metric unisights.delivery.accepted COUNT)"
    read -r delivered ignored <<<"$(metric unisights.delivery.delivered COUNT)"
    [ "$accepted" != - ] && [ "$delivered" != - ] || { echo "no delivery counts from the app's actuator" >&2; exit 1; }
    first="${first:-$((accepted - delivered))}"
    [ "$delivered" -ge "$accepted" ] && break
    kill -0 "$APP" 2>/dev/null || { echo "the app died while draining" >&2; exit 1; }
    sleep 0.05
  done
  awk -v a="$start" -v b="$(now)" -v f="$first" 'BEGIN {printf "%.2f %d", b - a, (f > 0) ? f : 0}'
}

measure() {
  local mode="$1" round="$2"; shift 2
  start_app "$WORK/app-$mode-$round.log" --unisights.delivery.mode=async \
    --spring.datasource.url="jdbc:h2:mem:$mode-$round" "$@"
  warm drain "$round $mode"
  measure_run "$round" "$mode" 1 "$WORK/plain-1.json" drain
  measure_run "$round" "$mode" 100 "$WORK/plain-100.json" drain
  stop_app
}

for round in $(seq 1 "$ROUNDS"); do
  if wanted memory; then
    measure memory "$round" --unisights.delivery.store=memory
  fi
  if wanted kafka; then
    # A topic per round, so that no round delivers what an earlier one left.
    measure kafka "$round" --unisights.delivery.store=kafka --spring.kafka.bootstrap-servers="$(cat "$WORK/brokers")" \
      --unisights.delivery.kafka.topic="bench-$round" --unisights.delivery.kafka.group-id="bench-$round" \
      ${LINGER:+--unisights.delivery.kafka.producer.linger.ms=$LINGER}
  fi
done

echo
echo "JDK: $(java -version 2>&1 | head -1); cores: $(nproc); load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "${DURATION}s per scenario, $CONNECTIONS connections, wrk -t2, $ROUNDS rounds; producer: acks=all, idempotent, linger.ms=${LINGER:-0}"
echo "cpu-us = CPU time of the app and of the broker per accepted beacon, over the run and the drain"
summarise memory
