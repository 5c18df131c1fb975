#!/usr/bin/env bash
# Delivery store benchmark: the sample app with unisights.delivery.store=memory against
# store=jdbc on an H2 file and on PostgreSQL, 1- and 100-event plain beacons, on loopback.
# Usage: benchmarks/store.sh [seconds per scenario, default 10] [rounds, default 3] [connections, default 16]
# Environment: WARMUP (seconds per warm-up pass, four passes, default 8), STORES (subset of
# "memory h2 pg"), STORE_ARGS (passed to every app).
# Needs wrk and Debian's postgresql package (initdb, pg_ctl, psql; run as the postgres
# user when this script runs as root). The stores take turns within each round, so that
# every ratio compares figures measured minutes apart at most.
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
[ -x "$PGBIN/initdb" ] || { echo "PostgreSQL is missing: apt-get install -y postgresql" >&2; exit 1; }

as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

APP=""
cleanup() {
  [ -n "$APP" ] && kill "$APP" 2>/dev/null && wait "$APP" 2>/dev/null || true
  as_postgres "$PGBIN/pg_ctl" -D "$WORK/pg/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

mvn -B -q -pl sample-app,benchmarks -am package -DskipTests \
  dependency:build-classpath -Dmdep.outputFile=target/classpath.txt >/dev/null
java -cp "benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)" \
  io.unisights.benchmarks.WriteBodies "$WORK" "demo-tracking-key-change-me-0123456789"

# PostgreSQL as shipped: fsync and synchronous_commit on, so a commit is a disk flush.
mkdir -p "$WORK/pg"
if [ "$(id -u)" -eq 0 ]; then chmod 711 "$WORK"; chown postgres "$WORK/pg"; fi
as_postgres "$PGBIN/initdb" -D "$WORK/pg/data" -A trust -U postgres -E UTF8 --locale=C >/dev/null
as_postgres "$PGBIN/pg_ctl" -D "$WORK/pg/data" -w -l "$WORK/pg/server.log" \
  -o "-p $PGPORT -h 127.0.0.1 -k $WORK/pg" start >/dev/null

# scenario: name, body file, events per request; prints "name rps p50 p99"
run() {
  local name="$1" body="$2" out
  out=$(BODY="$body" wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -s benchmarks/load/post.lua \
    "http://127.0.0.1:$PORT/events")
  if echo "$out" | grep -q "Non-2xx or 3xx responses"; then
    echo "$name: non-2xx answers, see below" >&2; echo "$out" >&2; exit 1
  fi
  echo "$name $(echo "$out" | awk '/Requests\/sec/ {print $2}') $(echo "$out" | awk '$1=="50%" {print $2}') $(echo "$out" | awk '$1=="99%" {print $2}')"
}

# One store: start the app, warm it, measure both bodies, stop it gracefully and keep the
# store's commit statistics from its log.
measure() {
  local store="$1" round="$2"; shift 2
  # wrk repeats one body, which duplicate suppression would answer cheaply, so it is off;
  # the sample's own database handler is off too: the figures are the collector's.
  java -Xms512m -Xmx512m ${JAVA_OPTS:-} -jar sample-app/target/sample-app-*.jar --server.port="$PORT" \
    --unisights.delivery.mode=async --unisights.delivery.dedupe.enabled=false \
    --sample.store.enabled=false --sample.demo.port=-1 --logging.level.io.unisights.sample=WARN \
    "$@" ${STORE_ARGS:-} >"$WORK/app-$store-$round.log" 2>&1 &
  APP=$!
  local up=""
  for _ in $(seq 1 180); do
    curl -sf -o /dev/null -X POST "http://127.0.0.1:$PORT/sample/baseline" -d x && { up=1; break; }
    kill -0 "$APP" 2>/dev/null || break
    sleep 1
  done
  [ -n "$up" ] || { echo "the app ($store) did not start:" >&2; tail -50 "$WORK/app-$store-$round.log" >&2; exit 1; }
  # A fresh JVM on two cores is still compiling for the first half minute or so: both bodies
  # warm it (5 s each left round one's memory store at a tenth of its later rate).
  for warm in plain-1 plain-100 plain-1 plain-100; do
    BODY="$WORK/$warm.json" wrk -t2 -c"$CONNECTIONS" -d"${WARMUP:-8}s" -s benchmarks/load/post.lua "http://127.0.0.1:$PORT/events" >/dev/null
  done
  run "$store-1" "$WORK/plain-1.json" | sed "s/^/$round /" >>"$WORK/results"
  run "$store-100" "$WORK/plain-100.json" | sed "s/^/$round /" >>"$WORK/results"
  kill "$APP"; wait "$APP" 2>/dev/null || true; APP=""
  grep -ho "Delivery store committed.*" "$WORK/app-$store-$round.log" | sed "s/^/$round $store: /" >>"$WORK/batches" || true
}

wanted() { [[ " ${STORES:-memory h2 pg} " == *" $1 "* ]]; }

for round in $(seq 1 "$ROUNDS"); do
  if wanted memory; then
    measure memory "$round" --unisights.delivery.store=memory --spring.datasource.url=jdbc:h2:mem:memory
  fi
  if wanted h2; then
    measure h2 "$round" --unisights.delivery.store=jdbc \
      "--spring.datasource.url=jdbc:h2:file:$WORK/h2-$round;DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0"
  fi
  if wanted pg; then
    as_postgres "$PGBIN/psql" -q -h 127.0.0.1 -p "$PGPORT" -U postgres -c "CREATE DATABASE bench_$round" >/dev/null
    measure pg "$round" --unisights.delivery.store=jdbc \
      "--spring.datasource.url=jdbc:postgresql://127.0.0.1:$PGPORT/bench_$round" --spring.datasource.username=postgres
  fi
done

echo
echo "JDK: $(java -version 2>&1 | head -1); cores: $(nproc); ${DURATION}s per scenario, $CONNECTIONS connections, wrk -t2, $ROUNDS rounds"
echo "round scenario requests/s p50 p99"
awk '{printf "%5s %-10s %10.0f %8s %8s\n", $1, $2, $3, $4, $5}' "$WORK/results"
echo
echo "jdbc / memory, requests/s, per round:"
awk '{rps[$1" "$2]=$3; rounds[$1]=1}
  function ratio(r, s,   m) { m = rps[r" memory-" substr(s, index(s, "-") + 1)]; if (!rps[r" "s] || !m) return "-"; return sprintf("%.2f", rps[r" "s] / m) }
  END {for (r in rounds) printf "round %s: h2 1-event %s, h2 100-event %s, pg 1-event %s, pg 100-event %s\n", r,
    ratio(r, "h2-1"), ratio(r, "h2-100"), ratio(r, "pg-1"), ratio(r, "pg-100")}' "$WORK/results" | sort
echo
echo "commit batches (rows per commit, whole run of each app, warm-up included):"
cat "$WORK/batches"
