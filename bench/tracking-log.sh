#!/usr/bin/env bash
# Tracking log writer benchmark: producer threads record realistic events (SEND and AGENTINFO)
# into a TrackingLog with Exchange's defaults in a temporary directory; the time runs until close()
# has written and flushed the last event. Prints events/s and MB/s per run (3 runs per thread
# count, after a warm-up). Usage: bench/tracking-log.sh [EVENTS=2000000] [THREADS=1,4]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
if [[ -z "${JAVA_HOME:-}" || ! -x "$JAVA_HOME/bin/javac" ]]; then
  JAVA_HOME="$(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -V -r | while read -r h; do
    v="$("${h}bin/java" -version 2>&1 | awk -F '"' '/version/ {print $2; exit}')"; v="${v#1.}"
    [[ -x "${h}bin/javac" && "${v%%[.+-]*}" -ge 21 ]] 2>/dev/null && { echo "${h%/}"; break; }; done)"
fi
export JAVA_HOME PATH="$JAVA_HOME/bin:$PATH"
mvn -q -B test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt >/dev/null
echo "JDK: $("$JAVA_HOME/bin/java" -version 2>&1 | head -1); CPUs: $(nproc); disk: $(df -h "${TMPDIR:-/tmp}" | awk 'NR==2 {print $1}')"
exec "$JAVA_HOME/bin/java" -Xmx512m -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" \
  app.herald.tracelog.TrackingLogBenchmark "${1:-2000000}" "${2:-1,4}"
