#!/usr/bin/env bash
# A campaign of a million recipients on a small heap: Herald runs with HERALD_JAVA_OPTS (default
# -Xmx256m) and its embedded PostgreSQL; the script imports N contacts (one CSV streamed through
# POST /api/lists/{id}/import), starts a campaign (the start queues the first chunk of the audience,
# the dispatcher the rest while sending) and lets Herald send it into Postfix's smtp-sink. It samples the JVM's resident set every second and the heap
# after a full GC at each phase, and prints the duration of each phase, peak RSS and heap after GC.
# Memory must not grow with the audience: compare the heap after GC at the start, after the import
# and while sending.
# Only loopback is used; every phase is bounded in time (LIMIT seconds each); everything started
# here is stopped on exit.
# Usage: bench/million.sh   (env: N=1000000 CONNS=8 LIMIT=3600 HERALD_JAVA_OPTS=-Xmx256m)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
N="${N:-1000000}"
CONNS="${CONNS:-8}"
LIMIT="${LIMIT:-3600}"
# with the options ./herald serve adds (see the launcher; this script starts the jar itself)
JAVA_OPTS="${HERALD_JAVA_OPTS:--Xmx256m} -XX:FreqInlineSize=100 -XX:InlineSmallCode=1000 --add-modules jdk.incubator.vector"
SINK_PORT=26125
HTTP_PORT=18190
TOKEN="bench-admin-token-0123456789"
SECRET="bench-tracking-secret-0123456789abcdef"
WORK="$(mktemp -d /tmp/herald-million.XXXXXX)"
API_TIMEOUT="$LIMIT"
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"
trap bench_cleanup EXIT

bench_tools postfix:smtp-sink python3:python3 curl:curl

now() { date +%s.%N; }
secs() { python3 -c "print(f'{$2 - $1:.0f}')"; }
# Heap in use right after a full GC, in MiB (jcmd GC.run, then GC.heap_info's "used" of the whole heap).
heap_after_gc() {
  "$JAVA_HOME/bin/jcmd" "$HERALD_PID" GC.run >/dev/null
  "$JAVA_HOME/bin/jcmd" "$HERALD_PID" GC.heap_info | python3 -c '
import re, sys
t = sys.stdin.read()
m = re.search(r"used (\d+)K", t)
print(int(m.group(1)) // 1024 if m else "?")'
}

echo "== building Herald" >&2
"$ROOT/herald" --version >/dev/null
JAVA_HOME="$("$ROOT/herald" java-home)"; export JAVA_HOME  # the launcher's JDK (21 or newer), for java and jcmd
# A copy, so that a rebuild of target/ while this runs cannot pull the jar from under the JVM.
cp "$ROOT/target/herald.jar" "$WORK/herald.jar"

echo "== starting Herald ($JAVA_OPTS, embedded PostgreSQL, $CONNS SMTP connections to smtp-sink)" >&2
chmod 755 "$WORK"
smtp-sink -u nobody "127.0.0.1:$SINK_PORT" 256 & PIDS+=($!)
HERALD_DATA_DIR="$WORK/data" HERALD_HTTP_HOST=127.0.0.1 HERALD_HTTP_PORT=$HTTP_PORT \
HERALD_PUBLIC_URL="http://127.0.0.1:$HTTP_PORT" HERALD_SMTP_HOST=127.0.0.1 HERALD_SMTP_PORT=$SINK_PORT \
HERALD_SMTP_CONNECTIONS=$CONNS HERALD_ADMIN_TOKEN="$TOKEN" HERALD_TRACKING_SECRET="$SECRET" \
  "$JAVA_HOME/bin/java" $JAVA_OPTS -jar "$WORK/herald.jar" serve > "$WORK/herald.log" 2>&1 & HERALD_PID=$!; PIDS+=($HERALD_PID)
wait_port $HTTP_PORT
# RSS of the JVM every second (the embedded PostgreSQL is a separate process, not counted).
( while kill -0 "$HERALD_PID" 2>/dev/null; do awk '/VmRSS/ {print $2}' "/proc/$HERALD_PID/status" 2>/dev/null; sleep 1; done ) > "$WORK/rss.txt" &
PIDS+=($!)
HEAP_START=$(heap_after_gc)

echo "== writing $N contacts as CSV" >&2
write_contacts "$N" bench.example.com > "$WORK/contacts.csv"
echo "   $(du -m "$WORK/contacts.csv" | cut -f1) MiB" >&2

echo "== importing (streamed through the API)" >&2
LIST=$(api POST /api/lists '{"name":"million"}' | json 'd["id"]')
LOAD_IMPORT=$(loadavg)
T0=$(now)
IMPORTED=$(api POST "/api/lists/$LIST/import" "$WORK/contacts.csv" text/csv | json '(d["imported"], d["updated"], len(d["rejected"]))')
T1=$(now)
echo "   imported, updated, rejected: $IMPORTED in $(secs "$T0" "$T1") s" >&2
HEAP_IMPORT=$(heap_after_gc)

CAMPAIGN=$(api POST /api/campaigns "{\"name\":\"million\",\"subject\":\"{{first_name}}, this week's picks\",\"from_name\":\"Bench\",
  \"from_email\":\"news@bench.example.com\",\"list_ids\":[$LIST],
  \"html\":\"<p>Hello {{default first_name \\\"there\\\"}} of {{company}},</p><p><a href=\\\"https://shop.example.com/offer?c={{attributes.region}}\\\">See the offer</a></p>\"}" | json 'd["id"]')

echo "== starting the campaign ($N recipients)" >&2
LOAD_SEND=$(loadavg)
T2=$(now)
api POST "/api/campaigns/$CAMPAIGN/send" >/dev/null
T3=$(now)
echo "   POST /send answered after $(secs "$T2" "$T3") s (the first chunk of the audience queued)" >&2

echo "== sending" >&2
HEAP_SENDING=()
status=sending
QUEUED_AT=""
while [[ "$status" != "sent" ]]; do
  sleep 5
  P=$(api GET "/api/campaigns/$CAMPAIGN/progress")
  status=$(echo "$P" | json 'd["status"]')
  # the whole audience is queued once progress stops saying so (to within this loop's 5 s)
  [[ -z "$QUEUED_AT" && "$(echo "$P" | json 'd["queueing"]')" == "False" ]] && QUEUED_AT=$(now)
  echo "   $(echo "$P" | json '"%s sent, %s failed, %s queued, %.0f/s, eta %s s" % (d["sent"], d["failed"], d["queued"], d["messages_per_second"], d.get("eta_seconds"))')" >&2
  DONE=$(echo "$P" | json 'd["sent"] + d["failed"]')
  # heap after GC at a quarter, half and three quarters of the audience: flat if memory does not grow with it
  if (( ${#HEAP_SENDING[@]} < 3 && DONE >= N * (${#HEAP_SENDING[@]} + 1) / 4 )); then
    HEAP_SENDING+=("$(heap_after_gc)")
    (( ${#HEAP_SENDING[@]} == 2 )) && "$JAVA_HOME/bin/jcmd" "$HERALD_PID" GC.class_histogram 2>/dev/null | head -13 > "$WORK/histogram.txt"
  fi
  (( $(secs "$T3" "$(now)") < LIMIT )) || { echo "campaign not sent within $LIMIT s" >&2; exit 1; }
done
T4=$(now)
HEAP_END=$(heap_after_gc)
SENT=$(api GET "/api/campaigns/$CAMPAIGN/progress" | json 'd["sent"]')
PEAK_RSS=$(awk '/VmHWM/ {print int($2 / 1024)}' "/proc/$HERALD_PID/status")
MAX_SAMPLED=$(sort -n "$WORK/rss.txt" | tail -1)

cat <<OUT

## 1,000,000 recipients with $JAVA_OPTS — $(date -u +%Y-%m-%d), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)

| phase | duration | load average (1 min) at its start |
| --- | --- | --- |
| import of $N contacts (CSV streamed through the API) | $(secs "$T0" "$T1") s | $LOAD_IMPORT |
| POST /send answered (the first chunk of the audience queued) | $(secs "$T2" "$T3") s | $LOAD_SEND |
| the whole audience queued, in chunks while sending (seen by 5 s polls of the progress) | $(secs "$T2" "$QUEUED_AT") s | |
| sending into smtp-sink, $CONNS connections ($SENT sent), from POST /send | $(secs "$T2" "$T4") s ($(python3 -c "print(round($SENT/($T4-$T2)))") messages/s) | |

Heap in use after a full GC: $HEAP_START MiB at start, $HEAP_IMPORT MiB after the import,
${HEAP_SENDING[*]} MiB at a quarter, half and three quarters of the sending, $HEAP_END MiB at the end.
JVM peak RSS (VmHWM): $PEAK_RSS MiB (largest 1 s sample $((MAX_SAMPLED / 1024)) MiB).

Largest heap classes half-way through sending (after a full GC):
\`\`\`
$(cat "$WORK/histogram.txt" 2>/dev/null)
\`\`\`
OUT
[[ "$SENT" == "$N" ]]
