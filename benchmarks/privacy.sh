#!/usr/bin/env bash
# The beacon endpoint with user-agent parsing and visitor-id hashing on, against off, side
# by side, on loopback only: load.sh's scenarios at 1 and 100 events, run three times on
# one build of the sample app:
#   off   unisights.privacy.user-agent.enabled=false, unisights.privacy.visitor-id.enabled=false
#   warm  both on (the defaults), one browser user agent: every request a cache hit
#   cold  both on, a user agent never seen before on every request: every request parsed
# Usage: benchmarks/privacy.sh [seconds per scenario=8] [connections=16] [rounds=3]
# Environment: NO_BUILD=1 to reuse the jar already built; as load.sh otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."
CHROME='Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36'
export SCENARIOS="${SCENARIOS:-baseline-1 beacon-1-plain baseline-100 beacon-100-plain}"
if [ -z "${NO_BUILD:-}" ]; then
  mvn -B -q -pl sample-app,benchmarks -am package -DskipTests \
    dependency:build-classpath -Dmdep.outputFile=target/classpath.txt >/dev/null
fi
export NO_BUILD=1 USER_AGENT="$CHROME"
echo "=== off: no parsing, no visitor ids"
UA_VARY=0 LOAD_APP_ARGS="--unisights.privacy.user-agent.enabled=false --unisights.privacy.visitor-id.enabled=false" \
  benchmarks/load.sh "$@"
echo "=== warm: parsing and visitor ids on, one user agent (cache hits)"
UA_VARY=0 LOAD_APP_ARGS="" benchmarks/load.sh "$@"
echo "=== cold: parsing and visitor ids on, a new user agent on every request (cache misses)"
UA_VARY=1 LOAD_APP_ARGS="" benchmarks/load.sh "$@"
