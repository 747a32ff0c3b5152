#!/usr/bin/env bash
# Runs the JMH benchmarks (src/test/java/**/bench) on one thread.
#   scripts/bench.sh [BENCHMARK_REGEX] [more JMH options, e.g. -f 1 -wi 2 -i 3]
# Needs ../shared/data beside the repository (real fixtures).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
mvn -B -q -o -DskipTests test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test >&2
CP="target/test-classes:target/classes:$(cat target/test-classpath.txt)"
exec java -cp "$CP" org.openjdk.jmh.Main -t 1 -jvmArgsAppend "-Dxtalflow.shared=$ROOT/../shared" "$@"
