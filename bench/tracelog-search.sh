#!/usr/bin/env bash
# Message tracking log search benchmark (issue 3), against ripgrep on the same files in the same
# script on the same machine. Generates, all under one temporary directory removed on exit:
#   herald/   ~1 GB of Herald's own logs (Exchange 2013 format, BOM, CRLF, 10 MB files, 4 prefixes)
#   foreign/  ~1 GB of "foreign" logs (Exchange 2016 layout: 30 fields, LF, no BOM, .LOG, hourly names)
#   big/      10 million records (Herald's format) for the message-id lookup
# and measures
#   (a) a sender search on herald/ with Herald's sidecar indexes vs `rg -c SENDER`  (goal: ratio >= 1)
#   (b) a full CSV parse of foreign/ seen for the first time (no index read or written) vs `rg -c`
#       (goal: Herald at >= 0.25 of rg's speed, both cores)
#   (c) a lookup by message id across big/ through the indexes  (goal: < 100 ms)
# each in three ways:
#   "CLI alone": `herald trace ... --format csv` wall clock with no Herald running: JVM start included;
#   "CLI, Herald running": the same command while `herald serve` (embedded PostgreSQL, herald/ as its
#       tracking log directory, HTTP on HTTP_PORT) runs on the same data directory: the command asks
#       it over the data directory's socket (cli.TraceServer) and prints the answer;
#   "in-process": a search as the running Herald does it (one LogSearch kept across searches, JVM
#       warm, the Vector API as `herald serve` has it), without the command around it;
# and for (a) also GET /api/tracking-log over HTTP with curl. Every time is the median of RUNS.
# Usage: bench/tracelog-search.sh   (env: RECORDS_1GB=2500000 BIG=10000000 RUNS=5 HTTP_PORT=18390 KEEP=0)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
RECORDS_1GB="${RECORDS_1GB:-2500000}"
BIG="${BIG:-10000000}"
RUNS="${RUNS:-5}"
SENDER="news7@shop2.example.com"
# SyntheticLogs numbers messages from 1,000,000 and writes <hex(n * golden ratio).n@herald.example.com>
MESSAGE_ID="<$(printf '%x' $(( 3000000 * 0x9E3779B97F4A7C15 ))).3000000@herald.example.com>"
WORK=""

HTTP_PORT="${HTTP_PORT:-18390}"
HERALD_PID=""
cleanup() {
  if [[ -n "$HERALD_PID" ]]; then stop_herald; fi
  if [[ -n "$WORK" && "${KEEP:-0}" != 1 ]]; then rm -rf "$WORK"; fi
}
trap cleanup EXIT

if ! command -v rg >/dev/null 2>&1; then
  echo "installing ripgrep" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ripgrep >/dev/null
fi

# Disk: the three sets, their indexes (~15%) and headroom.
need_gb=$(( (RECORDS_1GB * 2 + BIG) * 460 * 12 / 10 / 1000000000 + 2 ))
free_gb=$(df -P -BG /tmp | awk 'NR == 2 {gsub("G", "", $4); print $4}')
if (( free_gb < need_gb )); then
  echo "need about ${need_gb} GB free in /tmp, have ${free_gb} GB; lower RECORDS_1GB/BIG" >&2
  exit 1
fi
WORK="$(mktemp -d /tmp/herald-tracelog-bench.XXXXXX)"

# The launcher finds a JDK >= 21 and builds target/herald.jar; the generator and the in-process
# timer are test classes.
"$ROOT/herald" --version >/dev/null
if [[ -z "${JAVA_HOME:-}" ]] || ! "$JAVA_HOME/bin/java" -version 2>&1 | grep -qE 'version "(2[1-9]|[3-9][0-9])'; then
  JAVA_HOME="$(ls -d /usr/lib/jvm/*/ | sort -V -r | while read -r h; do
    "${h}bin/java" -version 2>&1 | grep -qE 'version "(2[1-9]|[3-9][0-9])' && { echo "${h%/}"; break; }; done)"
fi
(cd "$ROOT" && JAVA_HOME="$JAVA_HOME" mvn -q -B test-compile) >&2
CP="$ROOT/target/herald.jar:$ROOT/target/test-classes"
JAVA="$JAVA_HOME/bin/java"

now_ms() { date +%s%3N; }
median_ms() { # CMD... : runs it RUNS times, prints the median wall time in ms
  local times=() t0 t1
  for ((i = 0; i < RUNS; i++)); do
    t0=$(now_ms); "$@" >/dev/null 2>&1; t1=$(now_ms)
    times+=($((t1 - t0)))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'
}
cpu_s() { # CMD... : user+system CPU seconds per run, the mean of RUNS runs (needs GNU time)
  if [[ ! -x /usr/bin/time ]]; then echo "?"; return; fi
  for ((i = 0; i < RUNS; i++)); do /usr/bin/time -f '%U %S' -a -o "$WORK/cpu.$$" "$@" >/dev/null 2>&1; done
  awk '{s += $1 + $2} END {printf "%.2f", s / NR}' "$WORK/cpu.$$"; rm -f "$WORK/cpu.$$"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }
inproc() { "$JAVA" --add-modules jdk.incubator.vector -cp "$CP" app.herald.tracelog.TraceBench "$@" 2>/dev/null; }
inproc_ms() { inproc "$@" | tee -a "$WORK/inproc.txt" | sed -n 's/.*median \([0-9.]*\) ms.*/\1/p'; }
inproc_cpu() { tail -1 "$WORK/inproc.txt" | sed -n 's/.*CPU \([0-9]*\) ms.*/\1/p'; } # of the last inproc_ms
# through the launcher, as an admin runs it (it adds the start-up cache, see ./herald); "alone" with a
# data directory no Herald runs on, "served" with the running Herald's
trace() { HERALD_DATA_DIR="$WORK/nodata" "$ROOT/herald" trace "$@" --format csv; }
served() { HERALD_DATA_DIR="$WORK/data" "$ROOT/herald" trace "$@" --format csv; }
# The launcher's start-up cache is trained by the first search after it is made; each way of asking
# gets one trained on itself, as an admin who asks the same way every time has.
fresh_cache() { rm -f "$ROOT"/target/aot-trace.aot*; "$@" >/dev/null 2>&1; }
TOKEN="bench_$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
start_herald() { # LOG-DIR: the tracking log directory of the Herald started
  HERALD_DATA_DIR="$WORK/data" HERALD_HTTP_HOST=127.0.0.1 HERALD_HTTP_PORT="$HTTP_PORT" HERALD_ADMIN_TOKEN="$TOKEN" \
    HERALD_MESSAGE_TRACKING_LOG_PATH="$1" HERALD_SMTP_HOST=127.0.0.1 HERALD_SMTP_PORT=9 \
    "$ROOT/herald" serve > "$WORK/herald.log" 2>&1 & HERALD_PID=$!
  for _ in $(seq 1 1200); do
    grep -q "Herald is running" "$WORK/herald.log" 2>/dev/null && return 0
    kill -0 "$HERALD_PID" 2>/dev/null || break
    sleep 0.1
  done
  echo "herald serve did not start; its output:" >&2; cat "$WORK/herald.log" >&2; exit 1
}
stop_herald() { # gracefully, so that its embedded PostgreSQL stops too
  kill "$HERALD_PID" 2>/dev/null || true
  for _ in $(seq 1 600); do kill -0 "$HERALD_PID" 2>/dev/null || { wait "$HERALD_PID" 2>/dev/null || true; HERALD_PID=""; return 0; }; sleep 0.1; done
  echo "Herald did not stop within 60 s" >&2; HERALD_PID=""
}
api() { curl -sf -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$HTTP_PORT$1"; }

echo "== machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GB", $2 / 1048576}' /proc/meminfo), $(uname -sr); $(date -u +%FT%TZ)"
echo "== load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== generating (this takes a minute)"
"$JAVA" -cp "$CP" app.herald.tracelog.SyntheticLogs "$WORK/herald" "$RECORDS_1GB" herald 42
"$JAVA" -cp "$CP" app.herald.tracelog.SyntheticLogs "$WORK/foreign" "$RECORDS_1GB" foreign 43
"$JAVA" -cp "$CP" app.herald.tracelog.SyntheticLogs "$WORK/big" "$BIG" herald 44
du -sh "$WORK/herald" "$WORK/foreign" "$WORK/big"
cat "$WORK"/herald/* "$WORK"/foreign/* "$WORK"/big/* >/dev/null   # page cache, for rg and Herald alike

floor=$(median_ms "$JAVA" -jar "$ROOT/target/herald.jar" --version)
bare=$(median_ms "$JAVA" -Xshare:auto -version)
echo "== JVM start alone: java -version ${bare} ms, herald --version (picocli) ${floor} ms; every CLI time below includes a JVM start"
echo "== (a) sender search on ~1 GB of Herald's own logs"
rg_a=$(median_ms rg -c "$SENDER" "$WORK/herald")
echo "rg -c $SENDER: ${rg_a} ms  ($(rg -c "$SENDER" "$WORK/herald" | awk -F: '{s += $2} END {print s}') matching lines)"
t0=$(now_ms); trace --log-dir "$WORK/herald" --sender "$SENDER" >/dev/null 2>&1; t1=$(now_ms)
echo "herald trace, first search (scans everything, builds the indexes): $((t1 - t0)) ms; index size $(du -sh "$WORK/herald/.herald-index" | cut -f1)"
fresh_cache trace --log-dir "$WORK/herald" --sender "$SENDER"
cli_a=$(median_ms trace --log-dir "$WORK/herald" --sender "$SENDER")
cpu_a=$(cpu_s "$ROOT/herald" trace --log-dir "$WORK/herald" --sender "$SENDER" --format csv)
in_a=$(inproc_ms "$WORK/herald" index sender "$SENDER" "$RUNS"); in_a_cpu=$(inproc_cpu)

echo "== (b) full parse of ~1 GB of foreign logs seen for the first time (no index read or written)"
rg_b=$(median_ms rg -c "$SENDER" "$WORK/foreign")
echo "rg -c $SENDER: ${rg_b} ms"
fresh_cache trace --log-dir "$WORK/foreign" --sender "$SENDER" --no-index
cli_b=$(median_ms trace --log-dir "$WORK/foreign" --sender "$SENDER" --no-index)
cpu_b=$(cpu_s "$ROOT/herald" trace --log-dir "$WORK/foreign" --sender "$SENDER" --no-index --format csv)
in_b=$(inproc_ms "$WORK/foreign" scan sender "$SENDER" "$RUNS"); in_b_cpu=$(inproc_cpu)
[[ -d "$WORK/foreign/.herald-index" ]] && { echo "error: --no-index wrote an index" >&2; exit 1; }

echo "== (c) lookup by message id across $BIG records"
t0=$(now_ms); trace --log-dir "$WORK/big" --sender nobody@example.com >/dev/null 2>&1; t1=$(now_ms)
echo "index build (first search): $((t1 - t0)) ms over $(ls "$WORK/big" | wc -l) files; index size $(du -sh "$WORK/big/.herald-index" | cut -f1)"
rg_c=$(median_ms rg -c -F "$MESSAGE_ID" "$WORK/big")
fresh_cache trace --log-dir "$WORK/big" --message-id "$MESSAGE_ID"
cli_c=$(median_ms trace --log-dir "$WORK/big" --message-id "$MESSAGE_ID")
in_c=$(inproc_ms "$WORK/big" index message-id "$MESSAGE_ID" "$RUNS")

echo "== the same questions while herald serve runs (its tracking log directory: herald/)"
start_herald "$WORK/herald"
# a running Herald has answered questions before: the first ones compile its search code (20 small
# questions and 3 scans, about 10 s)
for _ in $(seq 1 20); do served --log-dir "$WORK/herald" --sender "$SENDER" >/dev/null 2>&1; done
for _ in 1 2 3; do served --log-dir "$WORK/foreign" --sender "$SENDER" --no-index >/dev/null 2>&1; served --log-dir "$WORK/big" --message-id "$MESSAGE_ID" >/dev/null 2>&1; done
fresh_cache served --log-dir "$WORK/herald" --sender "$SENDER"
sv_a=$(median_ms served --log-dir "$WORK/herald" --sender "$SENDER")
cpu_sv_a=$(cpu_s env HERALD_DATA_DIR="$WORK/data" "$ROOT/herald" trace --log-dir "$WORK/herald" --sender "$SENDER" --format csv)
http_a=$(median_ms api "/api/tracking-log?sender=$SENDER")
http_n=$(api "/api/tracking-log?sender=$SENDER" | python3 -c 'import json, sys; d = json.load(sys.stdin); print(len(d["records"]), d["more_available"])')
sv_b=$(median_ms served --log-dir "$WORK/foreign" --sender "$SENDER" --no-index)
sv_c=$(median_ms served --log-dir "$WORK/big" --message-id "$MESSAGE_ID")
cmp <(trace --log-dir "$WORK/herald" --sender "$SENDER" 2>&1) <(served --log-dir "$WORK/herald" --sender "$SENDER" 2>&1) >/dev/null \
  || { echo "error: the running Herald's answer differs from the command's own" >&2; exit 1; }
grep -q "herald trace will search by itself" "$WORK/herald.log" && { echo "error: herald serve did not listen for herald trace" >&2; exit 1; }
stop_herald
# the API searches the server's own directory: a Herald whose tracking log is big/ answers (c)
start_herald "$WORK/big"
mid_q="$(tr -d '<>' <<< "$MESSAGE_ID" | sed 's/@/%40/')"  # the API takes it with or without <>
for _ in $(seq 1 20); do api "/api/tracking-log?message_id=$mid_q" >/dev/null; done
http_c=$(median_ms api "/api/tracking-log?message_id=$mid_q")
http_cn=$(api "/api/tracking-log?message_id=$mid_q" | python3 -c 'import json, sys; print(len(json.load(sys.stdin)["records"]))')
stop_herald

echo "== results (ratio: rg's time / Herald's; (b) reads it as Herald's speed as a share of rg's)"
echo "(a) rg -c ${rg_a} ms"
echo "(a) CLI alone:          ${cli_a} ms  ratio $(ratio "$rg_a" "$cli_a")  (CPU ${cpu_a} s per search; rg $(cpu_s rg -c "$SENDER" "$WORK/herald") s)"
echo "(a) CLI, Herald running: ${sv_a} ms  ratio $(ratio "$rg_a" "$sv_a")  (CPU of the command ${cpu_sv_a} s)"
echo "(a) GET /api/tracking-log (curl): ${http_a} ms  ratio $(ratio "$rg_a" "$http_a")  ($http_n: records, more available)"
echo "(a) in-process:         ${in_a} ms  ratio $(ratio "$rg_a" "$in_a")  (CPU ${in_a_cpu} ms per search)"
echo "(b) rg -c ${rg_b} ms"
echo "(b) CLI alone:          ${cli_b} ms  ratio $(ratio "$rg_b" "$cli_b")  (CPU ${cpu_b} s per scan; rg $(cpu_s rg -c "$SENDER" "$WORK/foreign") s)"
echo "(b) CLI, Herald running: ${sv_b} ms  ratio $(ratio "$rg_b" "$sv_b")"
echo "(b) in-process:         ${in_b} ms  ratio $(ratio "$rg_b" "$in_b")  (CPU ${in_b_cpu} ms per scan)"
echo "(c) rg -c -F ${rg_c} ms (for reference)"
echo "(c) CLI alone:          ${cli_c} ms"
echo "(c) CLI, Herald running: ${sv_c} ms  (goal < 100 ms)"
echo "(c) GET /api/tracking-log (curl): ${http_c} ms  (goal < 100 ms; ${http_cn} records)"
echo "(c) in-process:         ${in_c} ms  (goal < 100 ms)"
echo "== details"
cat "$WORK/inproc.txt"
echo "== load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
