#!/usr/bin/env bash
# HTTP load benchmark against the sample app packaged as a jar, on loopback only.
# Usage: benchmarks/load.sh [seconds per scenario=8] [connections=16] [rounds=3]
# Environment: WRK_THREADS (default 1), PORT (default 18080), JAVA_OPTS and LOAD_APP_ARGS
# (passed to the app), SCENARIOS (space-separated subset of the names below), EMAIL=1 to
# add the open pixel and click redirect, NO_BUILD=1 to reuse the jar already built, APP_JAR to
# run another build of the sample app (an earlier commit's, to compare), PROFILE=file.jfr to
# record the measured rounds with JFR, LARGEST=1 to post the largest body under the default size
# limit (and one event more).
# Needs wrk (Debian package `wrk`).
#
# Every round runs each beacon scenario right after the read-and-discard baseline with the
# same body, so a ratio compares two measurements taken seconds apart; rounds repeat the
# whole set to show the spread. Besides requests/s it reports the server's CPU time per
# request (user + system, from /proc), which moves less than wall time when other work
# shares the cores.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${1:-8}"
CONNECTIONS="${2:-16}"
ROUNDS="${3:-3}"
THREADS="${WRK_THREADS:-1}"
PORT="${PORT:-18080}"
WORK="$(mktemp -d)"
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }

if [ -z "${NO_BUILD:-}" ]; then
  mvn -B -q -pl sample-app,benchmarks -am package -DskipTests \
    dependency:build-classpath -Dmdep.outputFile=target/classpath.txt >/dev/null
fi
java -cp "benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)" \
  io.unisights.benchmarks.WriteBodies "$WORK" "${TRACKING_KEY:-demo-tracking-key-change-me-0123456789}"

# wrk repeats one body, which duplicate suppression would answer cheaply and flatter the
# figures, so it is off; the sample's database handler is off too, so the figures are the
# collector's, not H2's. Its in-memory handler stays and logs nothing per item. Delivery is
# synchronous, as these figures have always been taken: the sample's own default (async
# through the jdbc store) is measured by delivery.sh, and on this script's in-memory H2 its
# rows would live in the 512 MB heap.
# Started with the JVM, JFR costs the warmed-up code nothing; started later with jcmd it made
# the JVM recompile under load. Only the measured rounds are dumped.
PROFILE_OPTS="${PROFILE:+-XX:StartFlightRecording=name=load,settings=profile}"
java -Xms512m -Xmx512m ${PROFILE_OPTS} ${JAVA_OPTS:-} -jar "${APP_JAR:-$(ls sample-app/target/sample-app-*.jar | head -1)}" --server.port="$PORT" \
  --unisights.delivery.mode=sync --unisights.delivery.store=memory \
  --unisights.delivery.dedupe.enabled=false --sample.store.enabled=false --sample.demo.port=-1 \
  --logging.level.io.unisights.sample=WARN --spring.datasource.url=jdbc:h2:mem:load \
  --sample.secrets-file="$WORK/secrets.properties" ${LOAD_APP_ARGS:-} >"$WORK/app.log" 2>&1 &
APP=$!
trap 'kill $APP 2>/dev/null; wait $APP 2>/dev/null || true; rm -rf "$WORK"' EXIT
for _ in $(seq 1 60); do
  curl -sf -o /dev/null -X POST "http://127.0.0.1:$PORT/sample/baseline" -d x && break
  sleep 1
done
TICKS="$(getconf CLK_TCK)"

# user + system clock ticks the app has used so far
cpu_ticks() { awk '{print $14 + $15}' "/proc/$APP/stat"; }

# scenario: name, path, body file (or - for GET), events per request; prints
# "name requests/s events p50 p99 server-cpu-us-per-request"
run() {
  local name="$1" path="$2" body="$3" events="$4" out before after
  before=$(cpu_ticks)
  if [ "$body" = "-" ]; then
    out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency "http://127.0.0.1:$PORT$path")
  else
    out=$(BODY="$body" wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency -s benchmarks/load/post.lua \
      "http://127.0.0.1:$PORT$path")
  fi
  after=$(cpu_ticks)
  if echo "$out" | grep -q "Non-2xx or 3xx responses"; then
    echo "$name: non-2xx answers, see below" >&2; echo "$out" >&2; exit 1
  fi
  local rps p50 p99 requests
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  requests=$(echo "$out" | awk '/requests in/ {print $1}')
  p50=$(echo "$out" | awk '$1=="50%" {print $2}')
  p99=$(echo "$out" | awk '$1=="99%" {print $2}')
  echo "$name $rps $events $p50 $p99 $(awk -v t=$((after - before)) -v n="$requests" -v hz="$TICKS" \
    'BEGIN {printf "%.1f", t * 1e6 / hz / n}')"
}

warm() { BODY="$1" wrk -t1 -c8 -d5s -s benchmarks/load/post.lua "http://127.0.0.1:$PORT$2" >/dev/null; }
warm "$WORK/plain-100.json" /sample/baseline
warm "$WORK/plain-100.json" /events
warm "$WORK/plain-1.json" /events
warm "$WORK/encrypted-100.json" /events
warm "$WORK/encrypted-1.json" /events

ALL="baseline-1 beacon-1-plain baseline-100 beacon-100-plain beacon-1-encrypted beacon-100-encrypted"
[ -n "${EMAIL:-}" ] && ALL="$ALL open-pixel click-redirect"
SELECTED="${SCENARIOS:-$ALL}"
scenario() {
  case "$1" in
    baseline-1) run baseline-1 /sample/baseline "$WORK/plain-1.json" 1 ;;
    baseline-100) run baseline-100 /sample/baseline "$WORK/plain-100.json" 100 ;;
    baseline-*) run "$1" /sample/baseline "$WORK/plain-${1#baseline-}.json" "${1#baseline-}" ;;
    beacon-*-plain) local n="${1#beacon-}"; n="${n%-plain}"; run "$1" /events "$WORK/plain-$n.json" "$n" ;;
    beacon-*-encrypted) local n="${1#beacon-}"; n="${n%-encrypted}"; run "$1" /events "$WORK/encrypted-$n.json" "$n" ;;
    open-pixel) run open-pixel "$(cat "$WORK/open-path.txt")" - 1 ;;
    click-redirect) run click-redirect "$(cat "$WORK/click-path.txt")" - 1 ;;
    *) echo "unknown scenario $1" >&2; exit 1 ;;
  esac
}

if [ -n "${LARGEST:-}" ]; then
  # The largest body under the default limit must be taken, one event more refused with 413.
  for body in plain-largest plain-too-large; do
    curl -s -o /dev/null -w "$body: $(wc -c <"$WORK/$body.json") bytes -> %{http_code} in %{time_total}s\n" \
      -H 'Content-Type: application/json' --data-binary "@$WORK/$body.json" "http://127.0.0.1:$PORT/events"
  done
  echo "events in the largest body: $(cat "$WORK/largest-events.txt")"
fi

RESULTS="$WORK/results"
# PROFILE=file.jfr records the measured rounds only (not the warm-up) with JFR's profile settings.
PROFILE_BEGIN="$(date -u +%FT%T)"
for round in $(seq 1 "$ROUNDS"); do
  for name in $SELECTED; do
    echo "$round $(scenario "$name")"
  done
done >"$RESULTS"
if [ -n "${PROFILE:-}" ]; then
  # A dump holds whole chunks, so it may reach back into the warm-up: samples before this
  # time (UTC, also written to $PROFILE.since) are not the measured rounds'.
  jcmd "$APP" JFR.dump name=load begin="$PROFILE_BEGIN" filename="$(realpath -m "$PROFILE")" >/dev/null
  echo "$PROFILE_BEGIN" >"$PROFILE.since"
fi

echo
echo "JDK: $(java -version 2>&1 | head -1); cores: $(nproc); ${DURATION}s per scenario, $CONNECTIONS connections," \
  "wrk -t$THREADS, $ROUNDS rounds; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "per round (requests/s, server CPU µs per request):"
awk '{printf "  round %s %-22s %10.0f req/s %9.0f events/s  p50 %8s  p99 %8s  cpu %7.1f µs/req\n", $1, $2, $3, $3*$4, $5, $6, $7}' "$RESULTS"
echo
echo "ratios per round (requests/s; server CPU per request in brackets, baseline / beacon):"
awk '{rps[$1" "$2]=$3; cpu[$1" "$2]=$7; if ($1>rounds) rounds=$1}
  function ratio(label, a, b,   r, line, x, n, vals, i, j) {
    line=""; n=0
    for (r = 1; r <= rounds; r++) {
      if (!((r" "a) in rps) || !((r" "b) in rps)) return
      x = rps[r" "a] / rps[r" "b]; vals[++n] = x
      line = line sprintf(" %.2f (%.2f)", x, cpu[r" "b] / cpu[r" "a])
    }
    for (i = 2; i <= n; i++) for (j = i; j > 1 && vals[j-1] > vals[j]; j--) { x = vals[j]; vals[j] = vals[j-1]; vals[j-1] = x }
    printf "  %-34s%s   median %.2f, range %.2f-%.2f\n", label, line, vals[int((n+1)/2)], vals[1], vals[n]
  }
  END {
    ratio("beacon-1-plain / baseline-1", "beacon-1-plain", "baseline-1")
    ratio("beacon-100-plain / baseline-100", "beacon-100-plain", "baseline-100")
    ratio("beacon-1-encrypted / beacon-1-plain", "beacon-1-encrypted", "beacon-1-plain")
    ratio("beacon-100-encrypted / beacon-100-plain", "beacon-100-encrypted", "beacon-100-plain")
    ratio("beacon-10-plain / baseline-10", "beacon-10-plain", "baseline-10")
    ratio("beacon-1000-plain / baseline-1000", "beacon-1000-plain", "baseline-1000")
  }' "$RESULTS"
