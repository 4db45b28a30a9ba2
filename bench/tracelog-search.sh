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
# "in-process" times are a search as a running Herald answers GET /api/tracking-log (JVM warm);
# "CLI" times are `herald trace` wall clock, JVM start included. Every time is the median of RUNS.
# Usage: bench/tracelog-search.sh   (env: RECORDS_1GB=2500000 BIG=10000000 RUNS=5 KEEP=0)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
RECORDS_1GB="${RECORDS_1GB:-2500000}"
BIG="${BIG:-10000000}"
RUNS="${RUNS:-5}"
SENDER="news7@shop2.example.com"
# SyntheticLogs numbers messages from 1,000,000 and writes <hex(n * golden ratio).n@herald.example.com>
MESSAGE_ID="<$(printf '%x' $(( 3000000 * 0x9E3779B97F4A7C15 ))).3000000@herald.example.com>"
WORK=""

cleanup() { [[ -n "$WORK" && "${KEEP:-0}" != 1 ]] && rm -rf "$WORK"; }
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
inproc() { "$JAVA" -cp "$CP" app.herald.tracelog.TraceBench "$@"; }
inproc_ms() { inproc "$@" | tee -a "$WORK/inproc.txt" | sed -n 's/.*median \([0-9.]*\) ms.*/\1/p'; }
inproc_cpu() { tail -1 "$WORK/inproc.txt" | sed -n 's/.*CPU \([0-9]*\) ms.*/\1/p'; } # of the last inproc_ms
# through the launcher, as an admin runs it (it adds the class-data sharing archive, see ./herald)
trace() { "$ROOT/herald" trace "$@" --format csv; }

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
cli_a=$(median_ms trace --log-dir "$WORK/herald" --sender "$SENDER")
echo "CPU seconds (user+sys): rg -c $(cpu_s rg -c "$SENDER" "$WORK/herald"), herald trace --sender $(cpu_s "$ROOT/herald" trace --log-dir "$WORK/herald" --sender "$SENDER" --format csv)"
in_a=$(inproc_ms "$WORK/herald" index sender "$SENDER" "$RUNS")
echo "herald trace --sender (CLI, JVM start included): ${cli_a} ms   ratio rg/herald = $(ratio "$rg_a" "$cli_a")"
echo "sender search in-process (API):                  ${in_a} ms   ratio rg/herald = $(ratio "$rg_a" "$in_a"); CPU $(inproc_cpu) ms per search"

echo "== (b) full parse of ~1 GB of foreign logs seen for the first time (no index read or written)"
rg_b=$(median_ms rg -c "$SENDER" "$WORK/foreign")
echo "rg -c $SENDER: ${rg_b} ms"
cli_b=$(median_ms trace --log-dir "$WORK/foreign" --sender "$SENDER" --no-index)
in_b=$(inproc_ms "$WORK/foreign" scan sender "$SENDER" "$RUNS")
echo "herald trace --no-index (CLI, JVM start included): ${cli_b} ms   herald at $(ratio "$rg_b" "$cli_b") of rg's speed"
echo "full scan in-process (API):                        ${in_b} ms   herald at $(ratio "$rg_b" "$in_b") of rg's speed; CPU $(inproc_cpu) ms per scan"
echo "CPU seconds (user+sys, load-independent): rg $(cpu_s rg -c "$SENDER" "$WORK/foreign"), herald trace --no-index $(cpu_s "$ROOT/herald" trace --log-dir "$WORK/foreign" --sender "$SENDER" --no-index --format csv)"
[[ -d "$WORK/foreign/.herald-index" ]] && { echo "error: --no-index wrote an index" >&2; exit 1; }
t0=$(now_ms); trace --log-dir "$WORK/foreign" --sender "$SENDER" >/dev/null 2>&1; t1=$(now_ms)
echo "(for reference) first search that also builds the indexes, CLI: $((t1 - t0)) ms"

echo "== (c) lookup by message id across $BIG records"
t0=$(now_ms); trace --log-dir "$WORK/big" --sender nobody@example.com >/dev/null 2>&1; t1=$(now_ms)
echo "index build (first search): $((t1 - t0)) ms over $(ls "$WORK/big" | wc -l) files; index size $(du -sh "$WORK/big/.herald-index" | cut -f1)"
in_c=$(inproc_ms "$WORK/big" index message-id "$MESSAGE_ID" "$RUNS")
cli_c=$(median_ms trace --log-dir "$WORK/big" --message-id "$MESSAGE_ID")
rg_c=$(median_ms rg -c -F "$MESSAGE_ID" "$WORK/big")
echo "message-id lookup in-process (API): ${in_c} ms (goal < 100 ms)"
echo "herald trace --message-id (CLI, JVM start included): ${cli_c} ms;  rg -c on the same files: ${rg_c} ms"
echo "== details"
cat "$WORK/inproc.txt"
echo "== load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
