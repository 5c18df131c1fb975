#!/usr/bin/env bash
# Delivery benchmark: the sample app in sync mode beside async mode on the memory store,
# on the jdbc store on an H2 file (the sample's own URL shape) and on PostgreSQL, with 1-
# and 100-event plain beacons, on loopback.
# Usage: benchmarks/delivery.sh [seconds per scenario, default 10] [rounds, default 3] [connections, default 16]
# Environment: MODES (subset of "sync memory h2 pg"), WARMUP (seconds per warm-up pass, four
# passes, default 8), APP_ARGS (passed to every app), PROFILE=dir to record each measured
# app with JFR (dir/<mode>-<round>.jfr), NO_BUILD=1 to reuse the jar already built, APP_JAR
# to run another build of the sample app (an earlier commit's, to compare).
# Needs wrk and Debian's postgresql package (initdb, pg_ctl, psql; run as the postgres
# user when this script runs as root).
#
# The sustained rate is what async delivery must be judged by: beacons accepted (2xx) in a
# wrk run, divided by the run plus the time the workers need to empty the store of what
# the run left (unisights.delivery.queue.size back to 0). An async mode that answers fast
# but delivers slowly only moves its work after the measurement; counted this way it
# cannot. The answered rate (accepted per second of the run alone) is printed beside it.
# The modes take turns within each round, so every ratio to sync compares figures
# measured minutes apart at most.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${1:-10}"
ROUNDS="${2:-3}"
CONNECTIONS="${3:-16}"
PORT="${PORT:-18090}"
PGPORT="${PGPORT:-15432}"
WORK="$(mktemp -d)"
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }
PGBIN="${PGBIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}"

wanted() { [[ " ${MODES:-sync memory h2 pg} " == *" $1 "* ]]; }

as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

APP=""
cleanup() {
  [ -n "$APP" ] && kill "$APP" 2>/dev/null && wait "$APP" 2>/dev/null || true
  if wanted pg; then as_postgres "$PGBIN/pg_ctl" -D "$WORK/pg/data" -m immediate stop >/dev/null 2>&1 || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

if [ -z "${NO_BUILD:-}" ]; then
  mvn -B -q -pl sample-app,benchmarks -am package -DskipTests \
    dependency:build-classpath -Dmdep.outputFile=target/classpath.txt >/dev/null
fi
java -cp "benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)" \
  io.unisights.benchmarks.WriteBodies "$WORK" "demo-tracking-key-change-me-0123456789"

if wanted pg; then
  [ -x "$PGBIN/initdb" ] || { echo "PostgreSQL is missing: apt-get install -y postgresql" >&2; exit 1; }
  # PostgreSQL as shipped: fsync and synchronous_commit on, so a commit is a disk flush.
  mkdir -p "$WORK/pg"
  if [ "$(id -u)" -eq 0 ]; then chmod 711 "$WORK"; chown postgres "$WORK/pg"; fi
  as_postgres "$PGBIN/initdb" -D "$WORK/pg/data" -A trust -U postgres -E UTF8 --locale=C >/dev/null
  as_postgres "$PGBIN/pg_ctl" -D "$WORK/pg/data" -w -l "$WORK/pg/server.log" \
    -o "-p $PGPORT -h 127.0.0.1 -k $WORK/pg" start >/dev/null
fi

now() { date +%s.%N; }

# The sample's actuator is behind its demo login; this run's password is its own.
WORK_PASSWORD="bench-$RANDOM$RANDOM"

# Items waiting in the store, from the actuator, and how long after the call began the
# answer came ("items seconds"); no items when there is no queue (sync mode). The calls
# ride one login session: with HTTP basic every call would check the password with
# BCrypt (Spring Security upgrades the demo user's password to it at the first login),
# tens of milliseconds of CPU per call taken from the workers being timed.
login() {
  rm -f "$WORK/cookies"
  local csrf
  csrf=$(curl -sf -c "$WORK/cookies" -b "$WORK/cookies" "http://127.0.0.1:$PORT/login" \
    | sed -n 's/.*name="_csrf"[^>]*value="\([^"]*\)".*/\1/p' | head -1)
  curl -sf -o /dev/null -c "$WORK/cookies" -b "$WORK/cookies" --data-urlencode "username=demo" \
    --data-urlencode "password=$WORK_PASSWORD" --data-urlencode "_csrf=$csrf" "http://127.0.0.1:$PORT/login"
  curl -sf -o /dev/null -b "$WORK/cookies" "http://127.0.0.1:$PORT/actuator/metrics" \
    || { echo "could not log in to the sample's actuator" >&2; exit 1; }
}

queued() {
  local out
  out=$(curl -sf -b "$WORK/cookies" -w ' %{time_starttransfer}' "http://127.0.0.1:$PORT/actuator/metrics/unisights.delivery.queue.size" || true)
  local items; items=$(echo "$out" | sed -n 's/.*"statistic":"VALUE","value":\([0-9.E+-]*\).*/\1/p' | awk '{printf "%d", $1}')
  echo "${items:--} ${out##* }"
}

# Waits until the store is empty; prints the seconds from $1 until the server answered 0
# (so that starting curl on a busy machine is not counted as drain time), and the items
# the first call found waiting.
drain() {
  local start="$1" called left answered first=""
  while true; do
    called="$(now)"
    read -r left answered <<<"$(queued)"
    first="${first:-$left}"
    if [ "$left" = - ] || [ "$left" -eq 0 ]; then break; fi
    kill -0 "$APP" 2>/dev/null || { echo "the app died while draining" >&2; exit 1; }
    sleep 0.05
  done
  awk -v a="$start" -v b="$called" -v c="${answered:-0}" -v f="$first" 'BEGIN {d = b + c - a; printf "%.2f %s", (d > 0) ? d : 0, f}'
}

# scenario: mode, events, body file; appends "round mode events accepted run-s drain-s
# backlog p50 p99 refused"
run() {
  local round="$1" mode="$2" events="$3" body="$4" out requests non2xx seconds drained
  out=$(BODY="$body" wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -s benchmarks/load/post.lua \
    "http://127.0.0.1:$PORT/events")
  local ended; ended="$(now)"
  requests=$(echo "$out" | awk '/requests in/ {print $1}')
  seconds=$(echo "$out" | awk '/requests in/ {sub(/s,$/, "", $4); print $4}')
  # A full queue answers 503: those beacons were refused, not accepted.
  non2xx=$(echo "$out" | awk '/Non-2xx or 3xx responses/ {print $5}')
  # Sync mode has no queue: what it answered is delivered.
  if [ "$mode" = sync ]; then drained="0 0"; else drained=$(drain "$ended"); fi
  [[ "$drained" != *" -" ]] || { echo "no queue size from the $mode app's actuator" >&2; exit 1; }
  echo "$round $mode $events $((requests - ${non2xx:-0})) $seconds $drained \
$(echo "$out" | awk '$1=="50%" {print $2}') $(echo "$out" | awk '$1=="99%" {print $2}') ${non2xx:-0}" >>"$WORK/results"
}

# One mode: start the app, warm it, measure both bodies, stop it gracefully and keep the
# store's commit statistics from its log.
measure() {
  local mode="$1" round="$2"; shift 2
  # Started with the JVM, JFR costs the warmed-up code nothing (started later with jcmd it
  # made the JVM recompile under load); only the measured runs are dumped.
  local profile=""
  [ -n "${PROFILE:-}" ] && mkdir -p "$PROFILE" && profile="-XX:StartFlightRecording=name=delivery,settings=profile"
  # wrk repeats one body, which duplicate suppression would answer cheaply, so it is off;
  # the sample's own database handler is off too: the figures are the collector's.
  java -Xms512m -Xmx512m $profile ${JAVA_OPTS:-} -jar "${APP_JAR:-$(ls sample-app/target/sample-app-*.jar | head -1)}" --server.port="$PORT" \
    --unisights.delivery.dedupe.enabled=false \
    --sample.store.enabled=false --sample.demo.port=-1 --logging.level.io.unisights.sample=WARN \
    --sample.secrets-file="$WORK/secrets.properties" --spring.security.user.password="$WORK_PASSWORD" \
    "$@" ${APP_ARGS:-} >"$WORK/app-$mode-$round.log" 2>&1 &
  APP=$!
  local up=""
  for _ in $(seq 1 180); do
    curl -sf -o /dev/null -X POST "http://127.0.0.1:$PORT/sample/baseline" -d x && { up=1; break; }
    kill -0 "$APP" 2>/dev/null || break
    sleep 1
  done
  [ -n "$up" ] || { echo "the app ($mode) did not start:" >&2; tail -50 "$WORK/app-$mode-$round.log" >&2; exit 1; }
  login
  # A fresh JVM on two cores is still compiling for the first half minute or so: both bodies
  # warm it, and what the warm-up queued is delivered before the measured runs.
  for warm in plain-1 plain-100 plain-1 plain-100; do
    BODY="$WORK/$warm.json" wrk -t2 -c"$CONNECTIONS" -d"${WARMUP:-8}s" -s benchmarks/load/post.lua "http://127.0.0.1:$PORT/events" >/dev/null
    drain "$(now)" >/dev/null
  done
  local begin begin_local; begin="$(date -u +%FT%T)"; begin_local="$(date +%T)"
  run "$round" "$mode" 1 "$WORK/plain-1.json"
  run "$round" "$mode" 100 "$WORK/plain-100.json"
  if [ -n "$profile" ]; then
    # A dump keeps whole chunks, so it may reach back before "begin": the measured runs'
    # local times go beside it (<file>.window, "from to") for the analysis to keep.
    jcmd "$APP" JFR.dump name=delivery begin="$begin" filename="$(realpath -m "$PROFILE/$mode-$round.jfr")" >/dev/null
    echo "$begin_local $(date +%T)" >"$PROFILE/$mode-$round.jfr.window"
  fi
  kill "$APP"; wait "$APP" 2>/dev/null || true; APP=""
  grep -ho "Delivery store committed.*" "$WORK/app-$mode-$round.log" | sed "s/^/$round $mode: /" >>"$WORK/batches" || true
}

for round in $(seq 1 "$ROUNDS"); do
  if wanted sync; then
    measure sync "$round" --unisights.delivery.mode=sync --spring.datasource.url=jdbc:h2:mem:sync
  fi
  if wanted memory; then
    measure memory "$round" --unisights.delivery.mode=async --unisights.delivery.store=memory \
      --spring.datasource.url=jdbc:h2:mem:memory
  fi
  if wanted h2; then
    # The sample's own URL shape (application.yml), in a fresh file.
    measure h2 "$round" --unisights.delivery.mode=async --unisights.delivery.store=jdbc \
      "--spring.datasource.url=jdbc:h2:file:$WORK/h2-$round;DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0"
  fi
  if wanted pg; then
    as_postgres "$PGBIN/psql" -q -h 127.0.0.1 -p "$PGPORT" -U postgres -c "CREATE DATABASE bench_$round" >/dev/null
    measure pg "$round" --unisights.delivery.mode=async --unisights.delivery.store=jdbc \
      "--spring.datasource.url=jdbc:postgresql://127.0.0.1:$PGPORT/bench_$round" --spring.datasource.username=postgres
  fi
done

echo
echo "JDK: $(java -version 2>&1 | head -1); cores: $(nproc); load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "${DURATION}s per scenario, $CONNECTIONS connections, wrk -t2, $ROUNDS rounds"
echo "sustained = accepted / (run + drain); answered = accepted / run; x sync = sustained / sync's sustained, same round and body"
echo "backlog = items waiting when wrk stopped; refused = 503 answers (a full store), not counted as accepted"
echo "round mode   events accepted refused  run-s drain-s backlog sustained/s answered/s x-sync     p50      p99"
awk '{ key = $1 " " $3; sustained = $4 / ($5 + $6); rate[key " " $2] = sustained; line[NR] = $0; s[NR] = sustained }
  END { for (i = 1; i <= NR; i++) { split(line[i], f, " "); base = rate[f[1] " " f[3] " sync"];
      printf "%5s %-6s %6s %8d %7d %6.2f %7.2f %7d %11.0f %10.0f %6s %8s %8s\n", f[1], f[2], f[3], f[4], f[10], f[5], f[6],
        f[7], s[i], f[4] / f[5], base ? sprintf("%.2f", s[i] / base) : "-", f[8], f[9] } }' "$WORK/results"
echo
echo "x sync, sustained, per mode and body (min / median / max over the rounds):"
awk '{ key = $1 " " $3; r = $4 / ($5 + $6); rate[key " " $2] = r; modes[$2] = 1; bodies[$3] = 1; rounds[$1] = 1 }
  END { for (m in modes) for (b in bodies) { n = 0; for (r in rounds) { base = rate[r " " b " sync"]; v = rate[r " " b " " m];
        if (base && v) x[++n] = v / base }
      if (n == 0) continue
      for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (x[j] < x[i]) { t = x[i]; x[i] = x[j]; x[j] = t }
      printf "%-6s %3s events: %.2f / %.2f / %.2f\n", m, b, x[1], (n % 2) ? x[(n + 1) / 2] : (x[n / 2] + x[n / 2 + 1]) / 2, x[n] } }' \
  "$WORK/results" | sort
if [ -s "$WORK/batches" ]; then
  echo
  echo "commit batches (rows per commit, whole run of each app, warm-up included):"
  cat "$WORK/batches"
fi
