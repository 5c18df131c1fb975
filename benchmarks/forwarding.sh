#!/usr/bin/env bash
# Forwarding throughput to an in-process Kafka broker, against the bare producer baseline.
# Usage: benchmarks/forwarding.sh [deliveries=20000] [workers=8] [events per beacon=10]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -pl benchmarks -am compile dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
exec java -cp "benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)" \
  io.unisights.benchmarks.ForwardingThroughput "$@"
