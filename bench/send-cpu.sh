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
# used the most CPU during each campaign are printed to stderr (names grouped without digits). Only loopback is used; everything started here is stopped on exit.
# Usage: bench/send-cpu.sh   (env: N=20000 CONNS=4 MODES="none none ed25519 rsa" JFR=
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
PIDS=()

cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  # Herald stops its embedded PostgreSQL on a graceful stop; a kill -9 would leave it running.
  for _ in $(seq 1 300); do
    alive=0; for p in "${PIDS[@]}"; do kill -0 "$p" 2>/dev/null && alive=1; done
    (( alive )) || break; sleep 0.1
  done
  for p in "${PIDS[@]}"; do kill -9 "$p" 2>/dev/null || true; done
  if [[ -n "$JFR" ]]; then echo "recordings kept in $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

api() { # METHOD PATH [BODY-FILE-OR-JSON] [CONTENT-TYPE]
  local method="$1" path="$2" body="${3:-}" type="${4:-application/json}"
  [[ -n "$body" && -f "$body" ]] && body="@$body"
  curl -sS --fail-with-body -X "$method" -H "Authorization: Bearer $TOKEN" -H "Content-Type: $type" \
    ${body:+--data-binary "$body"} "http://127.0.0.1:$HTTP_PORT$path"
}
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print(eval(sys.argv[1], {}, {'d': d}))" "$1"; }
wait_port() { for _ in $(seq 1 600); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.2; done; echo "port $1 never opened" >&2; exit 1; }
# CPU seconds used so far by Herald's JVM and by the PostgreSQL server it started (as in bench.sh).
cpu() {
  python3 - "$HERALD_PID" "$WORK/data" <<'PY'
import os, sys
jvm, data = int(sys.argv[1]), sys.argv[2]; hz = os.sysconf('SC_CLK_TCK'); parent = {}; ticks = {}; pg = set()
for p in os.listdir('/proc'):
    if p.isdigit():
        try:
            s = open(f'/proc/{p}/stat').read(); f = s[s.rindex(')') + 2:].split()
            parent[int(p)] = int(f[1]); ticks[int(p)] = int(f[11]) + int(f[12])
            if data in open(f'/proc/{p}/cmdline').read() and 'postgres' in s[:s.rindex(')')]:
                pg.add(int(p))
        except OSError:
            pass
def in_pg(p):
    while p > 1:
        if p in pg: return True
        p = parent.get(p, 0)
    return False
print(f"{ticks.get(jvm, 0) / hz:.2f} {sum(t for p, t in ticks.items() if in_pg(p)) / hz:.2f}")
PY
}
# CPU ticks of each JVM thread: "name ticks" lines, digits in names replaced by #.
threads() {
  for t in /proc/"$HERALD_PID"/task/*; do
    s=$(cat "$t/stat" 2>/dev/null) || continue
    name=$(cat "$t/comm" 2>/dev/null) || continue
    echo "$(tr -s '0-9' '#' <<<"${name// /_}") $(awk '{print $12 + $13}' <<<"${s##*) }")"
  done
}
thread_diff() { # BEFORE-FILE AFTER-FILE: top 12 thread groups by CPU seconds
  python3 - "$1" "$2" <<'PY'
import collections, os, sys
hz = os.sysconf('SC_CLK_TCK'); d = collections.Counter()
for f, sign in ((sys.argv[2], 1), (sys.argv[1], -1)):
    for line in open(f):
        name, ticks = line.rsplit(' ', 1); d[name] += sign * int(ticks)
print("  " + ", ".join(f"{n} {t / hz:.1f}s" for n, t in d.most_common(12) if t > 0), file=sys.stderr)
PY
}

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

python3 - "$N" > "$WORK/contacts.csv" <<'PY'
import sys
print("email,first_name,last_name,company,country,region")
for i in range(int(sys.argv[1])):
    print(f"customer{i}@bench.example.com,First{i},Last{i},Company {i % 500},DE,region{i % 7}")
PY
LIST=$(api POST /api/lists '{"name":"bench"}' | json 'd["id"]')
api POST "/api/lists/$LIST/import" "$WORK/contacts.csv" text/csv >/dev/null

echo "| # | campaign | messages | load (1 min) | wall s | JVM CPU-s / 1,000 | PostgreSQL CPU-s / 1,000 |"
echo "| --- | --- | --- | --- | --- | --- | --- |"
k=0
for mode in $MODES; do
  k=$((k + 1))
  case "$mode" in
    none) domain=bench.example.com ;; ed25519) domain=ed25519.bench.example.com ;; rsa) domain=rsa.bench.example.com ;;
    *) echo "MODES: unknown mode '$mode' (none, ed25519, rsa)" >&2; exit 1 ;;
  esac
  # The campaign of bench.sh: seven tracked links, personalised subject and body, an unsubscribe link.
  python3 - "$LIST" "$domain" > "$WORK/campaign.json" <<'PY'
import json, sys
links = "".join(f'<li><a href="https://shop.example.com/products/{i}?utm_source=herald&amp;utm_campaign=bench">Product {i}</a> — a short description of why it helps.</li>' for i in range(6))
html = f"""<!doctype html><html><body style="font-family:Arial,sans-serif;max-width:600px">
<p>Hello {{{{default first_name "there"}}}},</p>
<p>Thanks for working with us at {{{{company}}}}. This week's picks for {{{{attributes.region}}}}:</p>
<ul>{links}</ul>
<p><b>Reply to this mail</b> if you want a quote; we answer within one working day.</p>
<p><a href="https://shop.example.com/offer?c={{{{attributes.region}}}}">See the offer</a></p>
<p style="font-size:12px;color:#666"><a href="{{{{unsubscribe_url}}}}">Unsubscribe</a></p>
</body></html>"""
print(json.dumps({"name": "bench", "subject": "{{first_name}}, this week's picks", "from_name": "Bench",
                  "from_email": "news@" + sys.argv[2], "html": html, "list_ids": [int(sys.argv[1])]}))
PY
  id=$(api POST /api/campaigns "$WORK/campaign.json" | json 'd["id"]')
  load=$(cut -d' ' -f1 /proc/loadavg)
  if [[ -n "$JFR" ]]; then
    jcmd "$HERALD_PID" JFR.start name=send settings=profile "jdk.ExecutionSample#period=$JFR_PERIOD" \
      filename="$WORK/campaign-$k-$mode.jfr" >/dev/null
    threads > "$WORK/threads-$k-0"
  fi
  read -r j0 p0 < <(cpu)
  t0=$(date +%s.%N)
  api POST "/api/campaigns/$id/send" >/dev/null
  # Polls with curl and grep only: a Python start per poll would take CPU from Herald.
  until api GET "/api/campaigns/$id" | grep -q '"status" *: *"sent"'; do sleep 0.05; done
  t1=$(date +%s.%N)
  read -r j1 p1 < <(cpu)
  if [[ -n "$JFR" ]]; then
    threads > "$WORK/threads-$k-1"
    jcmd "$HERALD_PID" JFR.stop name=send >/dev/null
    echo "campaign $k ($mode), CPU by thread:" >&2; thread_diff "$WORK/threads-$k-0" "$WORK/threads-$k-1"
  fi
  sent=$(api GET "/api/campaigns/$id/report" | json 'd["sent"]')
  [[ "$sent" == "$N" ]] || { echo "campaign $id: $sent of $N sent" >&2; exit 1; }
  python3 -c "print(f'| $k | $mode | $N | $load | {$t1-$t0:.1f} | {($j1-$j0)*1000/$N:.3f} | {($p1-$p0)*1000/$N:.3f} |')"
done
