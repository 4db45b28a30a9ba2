#!/usr/bin/env bash
# Herald benchmarks, each against a reference run in the same script on the same machine:
#  (a) sending: Herald sends N personalised, tracked messages into Postfix's smtp-sink;
#      Postfix's smtp-source sends N messages of the same size into the same sink with the
#      same number of connections. Prints messages/s of both, the ratio, Herald's peak RSS.
#  (b) open pixel: wrk (64 connections) against Herald's pixel and against nginx serving a
#      static 43-byte GIF. Prints requests/s, p99 and the ratio; then an exact count check: a
#      bounded load (64 connections, every request answered) whose 200 responses must equal the
#      opens Herald stored. (wrk -d stops with requests in flight, so its count is information.)
#      Herald answers a hit only once it is forced to its hit journal (durable recording), and
#      runs with tracking.rate_limit off: the load comes from one address, which the limit is for.
#  (c) click redirect: wrk against Herald's click URLs (7 links of 1,000 messages) and against
#      nginx answering `return 302`. Prints requests/s, p99 and the ratio.
# Only loopback is used; every step is bounded in time and count; everything started here is
# stopped on exit. Exits non-zero when a step fails or the exact count check does not match.
#  (d) only when BIG_N > 0 (issue 4): BIG_N messages (try 100000) over BIG_CONNS (64) connections,
#      Herald vs smtp-source, once per DKIM mode in BIG_MODES: unsigned, Ed25519, RSA-2048.
# With PROFILE=1 async-profiler samples Herald's CPU (kernel frames too) during the measured wrk
# runs of (b) and (c) into WORK/pixel.collapsed and WORK/click.collapsed, and WORK is kept.
# Usage: bench/bench.sh   (env: N=20000 CONNS=4 DURATION=15 WARMUP=5 EXACT=250 SOURCE_RUNS=3 PROFILE=
#                          BIG_N=0 BIG_CONNS=64 BIG_MODES="none ed25519 rsa"
#                          SINK_PORT=26025 HTTP_PORT=18090 NGINX_PORT=18091)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
N="${N:-20000}"
CONNS="${CONNS:-4}"
DURATION="${DURATION:-15}"
WARMUP="${WARMUP:-5}"            # seconds of wrk before each measured wrk run, for both servers
EXACT="${EXACT:-250}"            # requests per connection (64 connections) in the exact count check
SOURCE_RUNS="${SOURCE_RUNS:-3}"  # smtp-source runs; the median is the reference
BIG_N="${BIG_N:-0}"              # part (d): messages per DKIM mode; 0 skips it
BIG_CONNS="${BIG_CONNS:-64}"
BIG_MODES="${BIG_MODES:-none ed25519 rsa}"
SINK_PORT="${SINK_PORT:-26025}"
HTTP_PORT="${HTTP_PORT:-18090}"
NGINX_PORT="${NGINX_PORT:-18091}"
PROFILE="${PROFILE:-}"
TOKEN="bench-admin-token-0123456789"
SECRET="bench-tracking-secret-0123456789abcdef"
WORK="$(mktemp -d /tmp/herald-bench.XXXXXX)"
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"
[[ -n "$PROFILE" ]] && KEEP_WORK=1  # the profiles
cleanup() {
  [[ -f "$WORK/nginx.pid" ]] && kill "$(cat "$WORK/nginx.pid")" 2>/dev/null || true
  bench_cleanup
}
trap cleanup EXIT

bench_tools postfix:smtp-sink postfix:smtp-source wrk:wrk nginx-light:nginx python3:python3 curl:curl
# Installing nginx may start its default server; this script runs its own instance on loopback.
if (( BENCH_INSTALLED )) && [[ -f /run/nginx.pid ]] && kill -0 "$(cat /run/nginx.pid)" 2>/dev/null; then nginx -s quit 2>/dev/null || true; fi

cpu_diff() { python3 -c "print(f'{$2 - $1:.1f}')"; }
opens() { api GET "/api/campaigns/$CAMPAIGN/report" | json 'd["opens"]'; }
clicks() { api GET "/api/campaigns/$CAMPAIGN/report" | json 'd["clicks"]'; }
# Waits until the stored opens (clicks with COUNT=clicks) reach $1, or stop changing for 2 s; prints the last value.
clicks_settled() { COUNT=clicks opens_settled "$@"; }
opens_settled() {
  local want="$1" last=-1 now same=0
  for _ in $(seq 1 300); do
    now=$(${COUNT:-opens})
    [[ "$now" == "$want" ]] && break
    if [[ "$now" == "$last" ]]; then same=$((same + 1)); (( same >= 4 )) && break; else same=0; fi
    last="$now"; sleep 0.5
  done
  echo "$now"
}

echo "== building Herald" >&2
"$ROOT/herald" --version >/dev/null

echo "== starting Herald (embedded PostgreSQL, $CONNS SMTP connections to smtp-sink)" >&2
# smtp-sink drops privileges to nobody, who must be able to write the dump directories.
chmod 755 "$WORK"
# Herald's environment; the variables go through env(1), so that a backgrounded Herald's $! is the JVM
# itself (the launcher execs java), not a subshell.
herald_env() { # CONNECTIONS -> prints NAME=VALUE words
  echo "HERALD_DATA_DIR=$WORK/data HERALD_HTTP_HOST=127.0.0.1 HERALD_HTTP_PORT=$HTTP_PORT" \
    "HERALD_PUBLIC_URL=http://127.0.0.1:$HTTP_PORT HERALD_SMTP_HOST=127.0.0.1 HERALD_SMTP_PORT=$SINK_PORT" \
    "HERALD_SMTP_CONNECTIONS=$1 HERALD_ADMIN_TOKEN=$TOKEN HERALD_TRACKING_SECRET=$SECRET HERALD_TRACKING_RATE_LIMIT=off"
}
start_herald() { # CONNECTIONS LOG
  # shellcheck disable=SC2046  # the words of herald_env contain no spaces
  env $(herald_env "$1") "$ROOT/herald" serve > "$2" 2>&1 & HERALD_PID=$!; PIDS+=($HERALD_PID)
  wait_port $HTTP_PORT
}
stop_herald() { # gracefully, so that its embedded PostgreSQL stops too
  kill "$HERALD_PID"
  for _ in $(seq 1 600); do kill -0 "$HERALD_PID" 2>/dev/null || { wait "$HERALD_PID" 2>/dev/null || true; return 0; }; sleep 0.1; done
  echo "Herald did not stop within 60 s" >&2; exit 1
}
start_sink() { # [DUMP-TEMPLATE]
  if [[ -n "${1:-}" ]]; then smtp-sink -u nobody -d "$1" "127.0.0.1:$SINK_PORT" 256 </dev/null >/dev/null 2>&1 & SINK_PID=$!
  else smtp-sink -u nobody "127.0.0.1:$SINK_PORT" 256 </dev/null >/dev/null 2>&1 & SINK_PID=$!; fi
  PIDS+=($SINK_PID)
  wait_port $SINK_PORT
}
stop_sink() { kill "$SINK_PID"; wait "$SINK_PID" 2>/dev/null || true; }
# The size of one real message of a campaign, as received: a test send into a sink that keeps it.
# Sets PROBED_SIZE (not printed: it restarts the sink, which must stay this shell's child).
probe_size() { # CAMPAIGN-ID
  local dir="$WORK/dump-$1"
  mkdir -m 777 "$dir"; stop_sink; start_sink "$dir/%H%M%S"
  api POST "/api/campaigns/$1/test" '{"emails":["size-probe@bench.example.com"]}' >/dev/null
  for _ in $(seq 1 100); do [[ -n "$(ls "$dir")" ]] && break; sleep 0.1; done
  sleep 0.5
  PROBED_SIZE=$(stat -c %s "$(ls -d "$dir"/* | head -1)")
  stop_sink; start_sink
}
smtp_source_median() { # COUNT CONNECTIONS SIZE -> prints "median run1 run2 ..."
  local rates=() s0 s1
  for _ in $(seq 1 "$SOURCE_RUNS"); do
    s0=$(date +%s.%N)
    timeout 600 smtp-source -d -s "$2" -m "$1" -l "$3" -f news@bench.example.com -t customer@bench.example.com "127.0.0.1:$SINK_PORT"
    s1=$(date +%s.%N)
    rates+=("$(python3 -c "print(round($1/($s1-$s0)))")")
  done
  echo "$(printf '%s\n' "${rates[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}') ${rates[*]}"
}

start_sink
start_herald "$CONNS" "$WORK/herald.log"

echo "== importing $N contacts" >&2
write_contacts "$N" bench.example.com > "$WORK/contacts.csv"
LIST=$(api POST /api/lists '{"name":"bench"}' | json 'd["id"]')
api POST "/api/lists/$LIST/import" "$WORK/contacts.csv" text/csv | json '(d["imported"], d["updated"], len(d["rejected"]))' >&2

write_campaign "$LIST" bench.example.com > "$WORK/campaign.json"
CAMPAIGN=$(api POST /api/campaigns "$WORK/campaign.json" | json 'd["id"]')

# One test message tells the size of a typical message, for smtp-source's -l.
probe_size "$CAMPAIGN"; SIZE=$PROBED_SIZE
echo "   typical message: $SIZE bytes" >&2

# Sends a campaign of COUNT (default N) messages and waits until it is sent; prints messages/s
# from the POST to the moment Herald marked the campaign sent (lib.sh wait_sent).
send_campaign() { # CAMPAIGN-ID [COUNT]
  local id="$1" count="${2:-$N}" t0 t1 sent
  t0=$(date +%s.%N)
  api POST "/api/campaigns/$id/send" >/dev/null
  t1=$(wait_sent "$id") || exit 1
  sent=$(api GET "/api/campaigns/$id/report" | json 'd["sent"]')
  [[ "$sent" == "$count" ]] || { echo "campaign $id: $sent of $count sent" >&2; exit 1; }
  python3 -c "print(round($sent/($t1-$t0)))"
}

echo "== (a) Herald sends $N messages (a fresh JVM: its first campaign)" >&2
LOAD_A=$(loadavg)
read -r JVM0 PG0 < <(cpu)
HERALD_RATE=$(send_campaign "$CAMPAIGN")
read -r JVM1 PG1 < <(cpu)
RSS_A_KB=$(awk '/VmHWM/ {print $2}' "/proc/$HERALD_PID/status")

echo "== (a) Herald sends a second campaign of $N messages (same process, for information)" >&2
CAMPAIGN2=$(api POST /api/campaigns "$WORK/campaign.json" | json 'd["id"]')
HERALD_RATE2=$(send_campaign "$CAMPAIGN2")

echo "== (a) smtp-source sends $N messages of $SIZE bytes, $SOURCE_RUNS times" >&2
read -r SOURCE_RATE SOURCE_RUNS_LIST < <(smtp_source_median "$N" "$CONNS" "$SIZE")

echo "== (b) open pixel: wrk, 64 connections, ${WARMUP}s warm-up then ${DURATION}s" >&2
api GET "/api/campaigns/$CAMPAIGN/recipients?limit=1000" > "$WORK/recipients.json"
# Signed tracking paths of the 1,000 messages: KIND 0 = open pixel, 1 = click on each of their 7 links.
token_paths() {
  python3 -c '
import json, sys, hmac, hashlib, base64, struct
secret, kind = sys.argv[1].encode(), int(sys.argv[2])
rows = json.load(open(sys.argv[3]))["recipients"]
paths = []
for r in rows:
    for link in ([0] if kind == 0 else range(7)):
        payload = struct.pack(">bbqi", 0, kind, r["message_id"], link)
        token = base64.urlsafe_b64encode(payload + hmac.new(secret, payload, hashlib.sha256).digest()[:16]).decode().rstrip("=")
        paths.append("/t/o/" + token + ".gif" if kind == 0 else "/t/c/" + token)
print("\n".join(paths))' "$SECRET" "$1" "$WORK/recipients.json"
}
token_paths 0 > "$WORK/paths.txt"
curl -sf -o /dev/null "http://127.0.0.1:$HTTP_PORT$(head -1 "$WORK/paths.txt")" || { echo "pixel URL rejected: token format mismatch" >&2; exit 1; }

write_lua() { # file with one path per line -> wrk script that cycles paths and counts 200s
  { echo "local paths = {"; sed 's/.*/"&",/' "$1"; echo "}"
    cat <<'LUA'
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) ok = 0; other = 0; i = math.random(#paths) end
function request() i = i % #paths + 1; return wrk.format("GET", paths[i]) end
function response(status, headers, body) if status == 200 or status == 302 then ok = ok + 1 else other = other + 1 end end
function done(summary, latency, requests)
  local a, b = 0, 0
  for _, t in ipairs(threads) do a = a + t:get("ok"); b = b + t:get("other") end
  io.write(string.format("STATUSOK %d OTHER %d\n", a, b))
end
LUA
  } > "$2"
}
write_lua "$WORK/paths.txt" "$WORK/herald.lua"
wrk -t2 -c64 -d"${WARMUP}s" --timeout 10s -s "$WORK/herald.lua" "http://127.0.0.1:$HTTP_PORT" > /dev/null
OPENS0=$(opens_settled -1)
LOAD_B=$(loadavg)
read -r JVM2 PG2 < <(cpu); thread_ticks "$WORK/threads-b0.txt"
[[ -n "$PROFILE" ]] && asprof start -e cpu -i 1ms "$HERALD_PID" >/dev/null
wrk -t2 -c64 -d"${DURATION}s" --timeout 10s --latency -s "$WORK/herald.lua" "http://127.0.0.1:$HTTP_PORT" > "$WORK/wrk-herald.txt"
[[ -n "$PROFILE" ]] && asprof stop -o collapsed -f "$WORK/pixel.collapsed" "$HERALD_PID" >/dev/null
read -r JVM3 PG3 < <(cpu); thread_ticks "$WORK/threads-b1.txt"
OPENS1=$(opens_settled -1)

echo "== (b) exact count: 64 connections x $EXACT requests, every one answered" >&2
python3 - "$HTTP_PORT" "$EXACT" "$WORK/paths.txt" > "$WORK/exact.txt" <<'PY'
import http.client, sys, threading
port, per, paths = int(sys.argv[1]), int(sys.argv[2]), open(sys.argv[3]).read().split()
counts = {"ok": 0, "other": 0, "error": 0}
lock = threading.Lock()
def run(n):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    ok = other = error = 0
    for i in range(per):
        try:
            conn.request("GET", paths[(n * per + i) % len(paths)], headers={"User-Agent": "herald-bench"})
            r = conn.getresponse(); r.read()
            if r.status == 200: ok += 1
            else: other += 1
        except Exception:
            error += 1
            conn.close(); conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.close()
    with lock:
        counts["ok"] += ok; counts["other"] += other; counts["error"] += error
threads = [threading.Thread(target=run, args=(n,)) for n in range(64)]
for t in threads: t.start()
for t in threads: t.join()
print(counts["ok"], counts["other"], counts["error"])
PY
read -r EXACT_OK EXACT_OTHER EXACT_ERROR < "$WORK/exact.txt"
OPENS2=$(opens_settled $((OPENS1 + EXACT_OK)))
EXACT_STORED=$((OPENS2 - OPENS1))
RSS_KB=$(awk '/VmHWM/ {print $2}' "/proc/$HERALD_PID/status")

echo "== (c) click redirect: wrk, 64 connections, ${WARMUP}s warm-up then ${DURATION}s" >&2
token_paths 1 > "$WORK/click-paths.txt"
curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$HTTP_PORT$(head -1 "$WORK/click-paths.txt")" | grep -qx 302 \
  || { echo "click URL rejected: token format mismatch" >&2; exit 1; }
write_lua "$WORK/click-paths.txt" "$WORK/herald-click.lua"
wrk -t2 -c64 -d"${WARMUP}s" --timeout 10s -s "$WORK/herald-click.lua" "http://127.0.0.1:$HTTP_PORT" > /dev/null
CLICKS0=$(clicks_settled -1)
LOAD_C=$(loadavg)
read -r JVM4 PG4 < <(cpu); thread_ticks "$WORK/threads-c0.txt"
[[ -n "$PROFILE" ]] && asprof start -e cpu -i 1ms "$HERALD_PID" >/dev/null
wrk -t2 -c64 -d"${DURATION}s" --timeout 10s --latency -s "$WORK/herald-click.lua" "http://127.0.0.1:$HTTP_PORT" > "$WORK/wrk-herald-click.txt"
[[ -n "$PROFILE" ]] && asprof stop -o collapsed -f "$WORK/click.collapsed" "$HERALD_PID" >/dev/null
read -r JVM5 PG5 < <(cpu); thread_ticks "$WORK/threads-c1.txt"
CLICKS1=$(clicks_settled -1)

echo "== (b) nginx serves the same 43-byte GIF" >&2
mkdir -p "$WORK/www"
python3 -c "import base64,sys; open(sys.argv[1],'wb').write(base64.b64decode('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7'))" "$WORK/www/o.gif"
cat > "$WORK/nginx.conf" <<NGX
worker_processes 2;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log $WORK/nginx-access.log combined buffer=64k;
  server {
    listen 127.0.0.1:$NGINX_PORT;
    location / { root $WORK/www; add_header Cache-Control "no-store"; }
    location = /c { add_header Cache-Control "no-store"; return 302 https://shop.example.com/products/0?utm_source=herald&utm_campaign=bench; }
  }
}
NGX
nginx -c "$WORK/nginx.conf" -e "$WORK/nginx-error.log"
wait_port $NGINX_PORT
echo "/o.gif" > "$WORK/nginx-paths.txt"
write_lua "$WORK/nginx-paths.txt" "$WORK/nginx.lua"
wrk -t2 -c64 -d"${WARMUP}s" --timeout 10s -s "$WORK/nginx.lua" "http://127.0.0.1:$NGINX_PORT" > /dev/null
LOAD_N=$(loadavg)
wrk -t2 -c64 -d"${DURATION}s" --timeout 10s --latency -s "$WORK/nginx.lua" "http://127.0.0.1:$NGINX_PORT" > "$WORK/wrk-nginx.txt"
echo "/c" > "$WORK/nginx-click-paths.txt"
write_lua "$WORK/nginx-click-paths.txt" "$WORK/nginx-click.lua"
wrk -t2 -c64 -d"${WARMUP}s" --timeout 10s -s "$WORK/nginx-click.lua" "http://127.0.0.1:$NGINX_PORT" > /dev/null
LOAD_NC=$(loadavg)
wrk -t2 -c64 -d"${DURATION}s" --timeout 10s --latency -s "$WORK/nginx-click.lua" "http://127.0.0.1:$NGINX_PORT" > "$WORK/wrk-nginx-click.txt"

# (d) issue 4: BIG_N messages over BIG_CONNS connections per DKIM mode, Herald vs smtp-source.
BIG_ROWS=""
if (( BIG_N > 0 )); then
  echo "== (d) restarting Herald with $BIG_CONNS SMTP connections; sending domains with an Ed25519 and an RSA key" >&2
  stop_herald
  # shellcheck disable=SC2046
  env $(herald_env "$BIG_CONNS") "$ROOT/herald" domain add ed25519.bench.example.com --ed25519 >"$WORK/domain-add.log" 2>&1
  # shellcheck disable=SC2046
  env $(herald_env "$BIG_CONNS") "$ROOT/herald" domain add rsa.bench.example.com --rsa >>"$WORK/domain-add.log" 2>&1
  start_herald "$BIG_CONNS" "$WORK/herald-big.log"
  echo "== (d) importing $BIG_N contacts" >&2
  write_contacts "$BIG_N" big.example.com > "$WORK/big.csv"
  BIG_LIST=$(api POST /api/lists '{"name":"big"}' | json 'd["id"]')
  api POST "/api/lists/$BIG_LIST/import" "$WORK/big.csv" text/csv | json '(d["imported"], d["updated"], len(d["rejected"]))' >&2
  BIG_FIRST=1
  for mode in $BIG_MODES; do
    case "$mode" in
      none) domain=bench.example.com; label="unsigned" ;;
      ed25519) domain=ed25519.bench.example.com; label="Ed25519-SHA256 DKIM" ;;
      rsa) domain=rsa.bench.example.com; label="RSA-SHA256 (2048-bit) DKIM" ;;
      *) echo "BIG_MODES: unknown mode '$mode' (none, ed25519, rsa)" >&2; exit 1 ;;
    esac
    write_campaign "$BIG_LIST" "$domain" > "$WORK/big-$mode.json"
    id=$(api POST /api/campaigns "$WORK/big-$mode.json" | json 'd["id"]')
    probe_size "$id"; size=$PROBED_SIZE
    if [[ "$mode" != none ]] && ! grep -q "^DKIM-Signature:" "$WORK/dump-$id"/*; then
      echo "campaign from $domain is not DKIM-signed" >&2; exit 1
    fi
    echo "== (d) $label: Herald sends $BIG_N messages of $size bytes over $BIG_CONNS connections" >&2
    load=$(loadavg)
    read -r j0 p0 < <(cpu)
    rate=$(send_campaign "$id" "$BIG_N")
    read -r j1 p1 < <(cpu)
    echo "== (d) $label: smtp-source, $SOURCE_RUNS runs" >&2
    read -r src runs < <(smtp_source_median "$BIG_N" "$BIG_CONNS" "$size")
    BIG_ROWS+="| $label$( (( BIG_FIRST )) && echo " (first campaign after start)") | $size | $rate | $src ($runs) | **$(python3 -c "print(round($rate/$src, 2))")** | $load | $(cpu_diff "$j0" "$j1") / $(cpu_diff "$p0" "$p1") |"$'\n'
    BIG_FIRST=0
  done
  BIG_RSS_KB=$(awk '/VmHWM/ {print $2}' "/proc/$HERALD_PID/status")
fi

rps() { awk '/Requests\/sec/ {print $2}' "$1"; }
p99() { awk '$1=="99%" {print $2}' "$1"; }
ok200() { awk '/STATUSOK/ {print $2}' "$1"; }
H_RPS=$(rps "$WORK/wrk-herald.txt"); N_RPS=$(rps "$WORK/wrk-nginx.txt")
H_200=$(ok200 "$WORK/wrk-herald.txt")
HC_RPS=$(rps "$WORK/wrk-herald-click.txt"); NC_RPS=$(rps "$WORK/wrk-nginx-click.txt")
HC_302=$(ok200 "$WORK/wrk-herald-click.txt")
WRK_STORED=$((OPENS1 - OPENS0))
EXACT_RESULT=$( [[ "$EXACT_STORED" == "$EXACT_OK" ]] && echo "equal" || echo "MISMATCH" )

cat <<OUT

## Results — $(date -u +%Y-%m-%d), $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)

### (a) sending $N messages of ~$SIZE bytes, $CONNS connections, into smtp-sink
| sender | messages/s |
| --- | --- |
| Herald (personalised, tracked, status recorded), first campaign after start | $HERALD_RATE |
| Postfix smtp-source (median of: $SOURCE_RUNS_LIST) | $SOURCE_RATE |
| **ratio Herald / smtp-source** | **$(python3 -c "print(round($HERALD_RATE/$SOURCE_RATE, 2))")** |

Load average (1 min) when Herald started sending: $LOAD_A. During Herald's send its JVM used
$(cpu_diff "$JVM0" "$JVM1") CPU-seconds and its PostgreSQL $(cpu_diff "$PG0" "$PG1"). A second campaign in the same process
(JIT-compiled code by then) went at $HERALD_RATE2 messages/s (ratio $(python3 -c "print(round($HERALD_RATE2/$SOURCE_RATE, 2))")), for information.
Herald's peak RSS (VmHWM of the JVM): $((RSS_A_KB / 1024)) MiB after sending, $((RSS_KB / 1024)) MiB at the end.

### (b) open pixel, wrk -t2 -c64 -d${DURATION}s after a ${WARMUP}s warm-up
| server | requests/s | p99 |
| --- | --- | --- |
| Herald /t/o/TOKEN.gif | $H_RPS | $(p99 "$WORK/wrk-herald.txt") |
| nginx static 43-byte GIF | $N_RPS | $(p99 "$WORK/wrk-nginx.txt") |
| **ratio Herald / nginx** | **$(python3 -c "print(round($H_RPS/$N_RPS, 2))")** | |

Load average (1 min) before the measured runs: Herald $LOAD_B, nginx $LOAD_N. During wrk Herald's JVM
used $(cpu_diff "$JVM2" "$JVM3") CPU-seconds and its PostgreSQL $(cpu_diff "$PG2" "$PG3"). JVM CPU by thread, µs per request:
$(thread_report "$WORK/threads-b0.txt" "$WORK/threads-b1.txt" "$(awk '/requests in/ {print $1}' "$WORK/wrk-herald.txt")").

Exact count check ($((64 * EXACT)) requests on 64 keep-alive connections, each one answered):
$EXACT_OK answered 200 ($EXACT_OTHER other, $EXACT_ERROR failed), opens stored by Herald: $EXACT_STORED — **$EXACT_RESULT**.
For information, wrk's run: $H_200 responses 200 received, $WRK_STORED opens stored (wrk stops with up to 64
requests in flight; Herald answers and stores those too, so stored may exceed received by at most 64).

### (c) click redirect, wrk -t2 -c64 -d${DURATION}s after a ${WARMUP}s warm-up
| server | requests/s | p99 |
| --- | --- | --- |
| Herald /t/c/TOKEN (7,000 links of 1,000 messages) | $HC_RPS | $(p99 "$WORK/wrk-herald-click.txt") |
| nginx \`return 302\` | $NC_RPS | $(p99 "$WORK/wrk-nginx-click.txt") |
| **ratio Herald / nginx** | **$(python3 -c "print(round($HC_RPS/$NC_RPS, 2))")** | |

Load average (1 min) before the measured runs: Herald $LOAD_C, nginx $LOAD_NC. During wrk Herald's JVM
used $(cpu_diff "$JVM4" "$JVM5") CPU-seconds and its PostgreSQL $(cpu_diff "$PG4" "$PG5"). JVM CPU by thread, µs per request:
$(thread_report "$WORK/threads-c0.txt" "$WORK/threads-c1.txt" "$(awk '/requests in/ {print $1}' "$WORK/wrk-herald-click.txt")").
wrk received $HC_302 redirects; Herald stored $((CLICKS1 - CLICKS0)) clicks (at most 64 more, as above).
OUT
if [[ -n "$BIG_ROWS" ]]; then
cat <<OUT

### (d) sending $BIG_N messages over $BIG_CONNS connections into smtp-sink, by DKIM signing
| Herald's messages | bytes | Herald messages/s | smtp-source messages/s (median of) | ratio | load (1 min) at start | CPU-s JVM / PostgreSQL |
| --- | --- | --- | --- | --- | --- | --- |
${BIG_ROWS}
Herald's peak RSS (VmHWM of the JVM started for this part): $((BIG_RSS_KB / 1024)) MiB.
OUT
fi
[[ "$EXACT_RESULT" == "equal" && "$EXACT_ERROR" == "0" ]]
