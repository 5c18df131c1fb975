#!/usr/bin/env bash
# Runs the JMH benchmarks; arguments go to JMH (for example: -prof gc, or a name regex).
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -pl benchmarks -am compile dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
exec java -cp "benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)" org.openjdk.jmh.Main "$@"
