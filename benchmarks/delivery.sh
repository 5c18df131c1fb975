#!/usr/bin/env bash
# Delivery benchmark: the sample app in sync mode beside async mode on the memory store,
# on the jdbc store on an H2 file (the sample's own URL shape) and on PostgreSQL, with 1-
# and 100-event plain beacons, on loopback.
# Usage: benchmarks/delivery.sh [seconds per scenario, default 10] [rounds, default 3] [connections, default 16]
# Environment: MODES (subset of "sync memory h2 pg"), WARMUP (seconds per body in a warm-up
# pass, default 20), SETTLED and WARM_PASSES (when the warm-up ends: warm() in
# lib/sample-app.sh), APP_ARGS (passed to every app), PROFILE=dir to record each measured
# app with JFR (dir/<mode>-<round>.jfr), NO_BUILD=1 to reuse the jar already built, APP_JAR
# to run another build of the sample app (an earlier commit's, to compare), H2_SETTINGS to
# set the end of the H2 URL in place of the sample's ";RETENTION_TIME=1000" (H2_SETTINGS=
# measures H2's default of 45 s).
# In pg mode it also prints PostgreSQL's checkpoints, WAL, full-page images, WAL writes that
# waited for a full buffer and autovacuums over each run, so a slow run shows what came with it.
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

. benchmarks/lib/sample-app.sh

# PostgreSQL's processes, whose CPU counts with the app's in pg mode.
postgres_pids() { [ "$MODE" = pg ] && pgrep -u postgres || true; }
CPU_ALSO=postgres_pids

# Waits until the store is empty; prints the seconds from $1 until the server answered 0
# (so that starting curl on a busy machine is not counted as drain time), and the items
# the first call found waiting. Sync mode has no queue: what it answered is delivered.
drain() {
  local start="$1" called left answered first=""
  [ "$MODE" = sync ] && { echo "0 0"; return; }
  while true; do
    called="$(now)"
    read -r left answered <<<"$(metric unisights.delivery.queue.size VALUE)"
    [ "$left" != - ] || { echo "no queue size from the $MODE app's actuator" >&2; exit 1; }
    first="${first:-$left}"
    [ "$left" -eq 0 ] && break
    kill -0 "$APP" 2>/dev/null || { echo "the app died while draining" >&2; exit 1; }
    sleep 0.05
  done
  awk -v a="$start" -v b="$called" -v c="${answered:-0}" -v f="$first" 'BEGIN {d = b + c - a; printf "%.2f %s", (d > 0) ? d : 0, f}'
}

# PostgreSQL's own counters, so that a slow pg run shows whether checkpoints, WAL writes
# that waited for a full buffer or autovacuum of the store's tables came with it: prints
# "checkpoints wal-bytes full-page-images wal-buffers-full autovacuums" of database $1.
pg_counters() {
  as_postgres "$PGBIN/psql" -qtAF' ' -h 127.0.0.1 -p "$PGPORT" -U postgres -d "$1" -c "SELECT
    (SELECT checkpoints_timed + checkpoints_req FROM pg_stat_bgwriter),
    (SELECT wal_bytes FROM pg_stat_wal), (SELECT wal_fpi FROM pg_stat_wal), (SELECT wal_buffers_full FROM pg_stat_wal),
    (SELECT COALESCE(SUM(autovacuum_count), 0) FROM pg_stat_user_tables WHERE relname LIKE 'unisights_%')" 2>/dev/null || echo "- - - - -"
}

# measure_run, and in pg mode the change of pg_counters over it into $WORK/pgstats.
measure_body() {
  local round="$1" events="$2" before after
  [ "$MODE" = pg ] && before="$(pg_counters "bench_$round")"
  measure_run "$round" "$MODE" "$events" "$WORK/plain-$events.json" drain
  [ "$MODE" = pg ] || return 0
  after="$(pg_counters "bench_$round")"
  echo "$round $events $before $after" | awk '$3 == "-" || $8 == "-" { next }
    { printf "%5s %6s %11d %10.1f %16d %16d %11d\n", $1, $2, $8 - $3, ($9 - $4) / 1048576, $10 - $5, $11 - $6, $12 - $7 }' \
    >>"$WORK/pgstats"
}

# One mode: start the app, warm it, measure both bodies, stop it gracefully and keep the
# store's commit statistics from its log.
measure() {
  MODE="$1"; local round="$2"; shift 2
  PROFILE_OPTS=""
  [ -n "${PROFILE:-}" ] && mkdir -p "$PROFILE" && PROFILE_OPTS="-XX:StartFlightRecording=name=delivery,settings=profile"
  start_app "$WORK/app-$MODE-$round.log" "$@"
  warm drain "$round $MODE"
  local begin begin_local; begin="$(date -u +%FT%T)"; begin_local="$(date +%T)"
  measure_body "$round" 1
  measure_body "$round" 100
  if [ -n "$PROFILE_OPTS" ]; then
    # A dump keeps whole chunks, so it may reach back before "begin": the measured runs'
    # local times go beside it (<file>.window, "from to") for the analysis to keep.
    jcmd "$APP" JFR.dump name=delivery begin="$begin" filename="$(realpath -m "$PROFILE/$MODE-$round.jfr")" >/dev/null
    echo "$begin_local $(date +%T)" >"$PROFILE/$MODE-$round.jfr.window"
  fi
  stop_app
  grep -ho "Delivery store committed.*" "$WORK/app-$MODE-$round.log" | sed "s/^/$round $MODE: /" >>"$WORK/batches" || true
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
      "--spring.datasource.url=jdbc:h2:file:$WORK/h2-$round;DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0${H2_SETTINGS-;RETENTION_TIME=1000}"
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
echo "cpu-us = CPU time of the app (and in pg mode of PostgreSQL) per accepted beacon, over the run and the drain"
summarise sync
if [ -s "$WORK/batches" ]; then
  echo
  echo "commit batches (rows per commit, whole run of each app, warm-up included):"
  cat "$WORK/batches"
fi
if [ -s "$WORK/pgstats" ]; then
  echo
  echo "PostgreSQL over each pg run (run and drain):"
  echo "round events checkpoints WAL-MiB full-page-images wal-buffers-full autovacuums"
  cat "$WORK/pgstats"
fi
