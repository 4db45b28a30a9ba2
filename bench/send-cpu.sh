#!/usr/bin/env bash
# CPU cost of sending, per message: Herald (embedded PostgreSQL) sends campaigns of N messages
# into Postfix's smtp-sink and the script prints the CPU-seconds its JVM and its PostgreSQL used per
# 1,000 messages, for each campaign. CPU time, unlike messages/s, hardly moves with the machine's
# load, so it compares code changes on a shared machine. Campaigns, in order, one per word of MODES:
#   none     unsigned (the first one is the first campaign after start: it includes the JIT)
#   ed25519  signed with an Ed25519 DKIM key
#   rsa      signed with an RSA-2048 DKIM key
# With JFR=1 each campaign is recorded into WORK/campaign-K-MODE.jfr (settings=profile, Java
# samples every JFR_PERIOD, default 2 ms), the work directory is kept, and the JVM's threads that
# used the most CPU during each campaign are printed to stderr (names as the kernel keeps them, digits folded).
# With PROFILE=1 async-profiler (fetched into the Maven cache on first use) samples each campaign's
# CPU, kernel frames included, every millisecond into WORK/campaign-K-MODE.collapsed (one stack per
# line, for flame graphs), and the work directory is kept. Only loopback is used; everything
# started here is stopped on exit.
# Usage: bench/send-cpu.sh   (env: N=20000 CONNS=4 MODES="none none ed25519 rsa" JFR= PROFILE=
#                             SINK_PORT=26125 HTTP_PORT=18190 HERALD_JAVA_OPTS=)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
N="${N:-20000}"
CONNS="${CONNS:-4}"
MODES="${MODES:-none none ed25519 rsa}"
JFR="${JFR:-}"
JFR_PERIOD="${JFR_PERIOD:-2ms}"
SINK_PORT="${SINK_PORT:-26125}"
HTTP_PORT="${HTTP_PORT:-18190}"
TOKEN="bench-admin-token-0123456789"
WORK="$(mktemp -d /tmp/herald-send-cpu.XXXXXX)"
PROFILE="${PROFILE:-}"
[[ -n "$JFR$PROFILE" ]] && KEEP_WORK=1  # the recordings
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"
trap bench_cleanup EXIT
bench_tools postfix:smtp-sink python3:python3 curl:curl

chmod 755 "$WORK"
"$ROOT/herald" --version >/dev/null
HERALD_ENV="HERALD_DATA_DIR=$WORK/data HERALD_HTTP_HOST=127.0.0.1 HERALD_HTTP_PORT=$HTTP_PORT
  HERALD_PUBLIC_URL=http://127.0.0.1:$HTTP_PORT HERALD_SMTP_HOST=127.0.0.1 HERALD_SMTP_PORT=$SINK_PORT
  HERALD_SMTP_CONNECTIONS=$CONNS HERALD_ADMIN_TOKEN=$TOKEN HERALD_TRACKING_SECRET=bench-tracking-secret-0123456789abcdef"
# shellcheck disable=SC2086  # the words of HERALD_ENV contain no spaces
{
  env $HERALD_ENV "$ROOT/herald" domain add ed25519.bench.example.com --ed25519
  env $HERALD_ENV "$ROOT/herald" domain add rsa.bench.example.com --rsa
} > "$WORK/domain-add.log" 2>&1
smtp-sink -u nobody "127.0.0.1:$SINK_PORT" 256 </dev/null >/dev/null 2>&1 & PIDS+=($!)
wait_port "$SINK_PORT"
# shellcheck disable=SC2086
env $HERALD_ENV "$ROOT/herald" serve > "$WORK/herald.log" 2>&1 & HERALD_PID=$!; PIDS+=($HERALD_PID)
wait_port "$HTTP_PORT"

write_contacts "$N" bench.example.com > "$WORK/contacts.csv"
LIST=$(api POST /api/lists '{"name":"bench"}' | json 'd["id"]')
api POST "/api/lists/$LIST/import" "$WORK/contacts.csv" text/csv >/dev/null

echo "| # | campaign | messages | load (1 min) | wall s | of which the start | JVM CPU-s / 1,000 | of which kernel | PostgreSQL CPU-s / 1,000 |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"
k=0
for mode in $MODES; do
  k=$((k + 1))
  case "$mode" in
    none) domain=bench.example.com ;; ed25519) domain=ed25519.bench.example.com ;; rsa) domain=rsa.bench.example.com ;;
    *) echo "MODES: unknown mode '$mode' (none, ed25519, rsa)" >&2; exit 1 ;;
  esac
  write_campaign "$LIST" "$domain" > "$WORK/campaign.json"
  id=$(api POST /api/campaigns "$WORK/campaign.json" | json 'd["id"]')
  load=$(loadavg)
  if [[ -n "$JFR" ]]; then
    jcmd "$HERALD_PID" JFR.start name=send settings=profile "jdk.ExecutionSample#period=$JFR_PERIOD" \
      filename="$WORK/campaign-$k-$mode.jfr" >/dev/null
    thread_ticks "$WORK/threads-$k-0"
  fi
  [[ -n "$PROFILE" ]] && asprof start -e cpu -i 1ms "$HERALD_PID" >/dev/null
  read -r j0 p0 < <(cpu); k0=$(jvm_sys)
  t0=$(date +%s.%N)
  api POST "/api/campaigns/$id/send" >/dev/null
  ts=$(date +%s.%N)
  t1=$(wait_sent "$id") || exit 1
  read -r j1 p1 < <(cpu); k1=$(jvm_sys)
  [[ -n "$PROFILE" ]] && asprof stop -o collapsed -f "$WORK/campaign-$k-$mode.collapsed" "$HERALD_PID" >/dev/null
  if [[ -n "$JFR" ]]; then
    thread_ticks "$WORK/threads-$k-1"
    jcmd "$HERALD_PID" JFR.stop name=send >/dev/null
    echo "campaign $k ($mode), CPU by thread: $(thread_report "$WORK/threads-$k-0" "$WORK/threads-$k-1")" >&2
  fi
  sent=$(api GET "/api/campaigns/$id/report" | json 'd["sent"]')
  [[ "$sent" == "$N" ]] || { echo "campaign $id: $sent of $N sent" >&2; exit 1; }
  python3 -c "print(f'| $k | $mode | $N | $load | {$t1-$t0:.1f} | {$ts-$t0:.2f} | {($j1-$j0)*1000/$N:.3f} | {($k1-$k0)*1000/$N:.3f} | {($p1-$p0)*1000/$N:.3f} |')"
done
