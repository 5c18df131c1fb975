#!/usr/bin/env bash
# Slow-body flood against the sample app packaged as a jar, on loopback only: opens
# CONNECTIONS sockets that each send the headers and 20 of 4,000 body bytes of a beacon,
# then times PROBES normal beacons posted one after the other, and reports what the slow
# connections were answered within WAIT seconds.
# Usage: benchmarks/slow-bodies.sh [connections=1000] [probes=20] [wait=30]
# Environment: JAVA (default java), PORT (default 18090), APP_JAR to run another build,
# NO_BUILD=1 to reuse the jar already built, LOAD_APP_ARGS passed to the app (for instance
# --spring.threads.virtual.enabled=true or --unisights.body-timeout=5s).
set -euo pipefail
cd "$(dirname "$0")/.."
CONNECTIONS="${1:-1000}"
PROBES="${2:-20}"
WAIT="${3:-30}"
PORT="${PORT:-18090}"
JAVA="${JAVA:-java}"
WORK="$(mktemp -d)"

if [ -z "${NO_BUILD:-}" ]; then
  mvn -B -q -pl sample-app,benchmarks -am package -DskipTests \
    dependency:build-classpath -Dmdep.outputFile=target/classpath.txt >/dev/null
fi
"$JAVA" -Xms512m -Xmx512m -jar "${APP_JAR:-$(ls sample-app/target/sample-app-*.jar | head -1)}" --server.port="$PORT" \
  --unisights.delivery.mode=sync --unisights.delivery.store=memory --unisights.delivery.dedupe.enabled=false \
  --sample.store.enabled=false --sample.demo.port=-1 --logging.level.io.unisights.sample=WARN \
  --spring.datasource.url=jdbc:h2:mem:flood --sample.secrets-file="$WORK/secrets.properties" \
  ${LOAD_APP_ARGS:-} >"$WORK/app.log" 2>&1 &
APP=$!
trap 'kill $APP 2>/dev/null; wait $APP 2>/dev/null || true; rm -rf "$WORK"' EXIT
for _ in $(seq 1 90); do
  curl -sf -o /dev/null -X POST "http://127.0.0.1:$PORT/sample/baseline" -d x && break
  sleep 1
done
echo "JDK: $("$JAVA" -version 2>&1 | head -1); app args: ${LOAD_APP_ARGS:-none}; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
java -cp "benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)" \
  io.unisights.benchmarks.SlowBodyFlood "$PORT" "$CONNECTIONS" "$PROBES" "$WAIT"
