#!/usr/bin/env bash
# Herald benchmarks, each against a reference run in the same script on the same machine:
#  (a) sending: Herald sends N personalised, tracked messages into Postfix's smtp-sink;
#      Postfix's smtp-source sends N messages of the same size into the same sink with the
#      same number of connections. Prints messages/s of both, the ratio, Herald's peak RSS.
#  (b) open pixel: wrk (64 connections) against Herald's pixel and against nginx serving a
#      static 43-byte GIF. Prints requests/s, p99, the ratio, and checks that the opens Herald
#      stored equal the 200 responses wrk received.
# Only loopback is used; every step is bounded in time and count; everything started here is
# stopped on exit. Usage: bench/bench.sh   (env: N=20000 CONNS=4 DURATION=15)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
N="${N:-20000}"
CONNS="${CONNS:-4}"
DURATION="${DURATION:-15}"
SINK_PORT=26025
HTTP_PORT=18090
NGINX_PORT=18091
TOKEN="bench-admin-token-0123456789"
SECRET="bench-tracking-secret-0123456789abcdef"
WORK="$(mktemp -d /tmp/herald-bench.XXXXXX)"
PIDS=()

cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  [[ -f "$WORK/nginx.pid" ]] && kill "$(cat "$WORK/nginx.pid")" 2>/dev/null || true
  sleep 1
  for p in "${PIDS[@]}"; do kill -9 "$p" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

need() { command -v "$1" >/dev/null 2>&1; }
if ! need smtp-sink || ! need smtp-source || ! need wrk || ! need nginx; then
  echo "installing postfix (for smtp-sink/smtp-source only), wrk, nginx-light" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postfix wrk nginx-light >/dev/null
fi
# The postfix package may start its daemon; the benchmark only needs the two test tools.
if pgrep -x master >/dev/null 2>&1; then postfix stop >/dev/null 2>&1 || true; fi

api() { # METHOD PATH [BODY-FILE-OR-JSON] [CONTENT-TYPE]
  local method="$1" path="$2" body="${3:-}" type="${4:-application/json}"
  if [[ -z "$body" ]]; then
    curl -sS --fail-with-body -X "$method" -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$HTTP_PORT$path"
  elif [[ -f "$body" ]]; then
    curl -sS --fail-with-body -X "$method" -H "Authorization: Bearer $TOKEN" -H "Content-Type: $type" --data-binary "@$body" "http://127.0.0.1:$HTTP_PORT$path"
  else
    curl -sS --fail-with-body -X "$method" -H "Authorization: Bearer $TOKEN" -H "Content-Type: $type" --data-binary "$body" "http://127.0.0.1:$HTTP_PORT$path"
  fi
}
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print(eval(sys.argv[1], {}, {'d': d}))" "$1"; }
wait_port() { for _ in $(seq 1 600); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.2; done; echo "port $1 never opened" >&2; exit 1; }

echo "== building Herald" >&2
"$ROOT/herald" --version >/dev/null

echo "== starting Herald (embedded PostgreSQL, $CONNS SMTP connections to smtp-sink)" >&2
# smtp-sink drops privileges to nobody, who must be able to write the dump directory.
chmod 755 "$WORK"; mkdir -m 777 "$WORK/dump"
smtp-sink -u nobody -d "$WORK/dump/%H%M%S" "127.0.0.1:$SINK_PORT" 256 & PIDS+=($!)
HERALD_DATA_DIR="$WORK/data" HERALD_HTTP_HOST=127.0.0.1 HERALD_HTTP_PORT=$HTTP_PORT \
HERALD_PUBLIC_URL="http://127.0.0.1:$HTTP_PORT" HERALD_SMTP_HOST=127.0.0.1 HERALD_SMTP_PORT=$SINK_PORT \
HERALD_SMTP_CONNECTIONS=$CONNS HERALD_ADMIN_TOKEN="$TOKEN" HERALD_TRACKING_SECRET="$SECRET" \
  "$ROOT/herald" serve > "$WORK/herald.log" 2>&1 & HERALD_PID=$!; PIDS+=($HERALD_PID)
wait_port $HTTP_PORT

echo "== importing $N contacts" >&2
python3 - "$N" > "$WORK/contacts.csv" <<'PY'
import sys
n = int(sys.argv[1])
print("email,first_name,last_name,company,country,region")
for i in range(n):
    print(f"customer{i}@bench.example.com,First{i},Last{i},Company {i % 500},DE,region{i % 7}")
PY
LIST=$(api POST /api/lists '{"name":"bench"}' | json 'd["id"]')
api POST "/api/lists/$LIST/import" "$WORK/contacts.csv" text/csv | json '(d["imported"], d["updated"], len(d["rejected"]))' >&2

python3 - "$LIST" > "$WORK/campaign.json" <<'PY'
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
                  "from_email": "news@bench.example.com", "html": html, "list_ids": [int(sys.argv[1])]}))
PY
CAMPAIGN=$(api POST /api/campaigns "$WORK/campaign.json" | json 'd["id"]')

# One test message tells the size of a typical message, for smtp-source's -l.
api POST "/api/campaigns/$CAMPAIGN/test" '{"emails":["size-probe@bench.example.com"]}' >/dev/null
for _ in $(seq 1 100); do [[ -n "$(ls "$WORK/dump")" ]] && break; sleep 0.1; done
sleep 0.5
SIZE=$(stat -c %s "$(ls -d "$WORK"/dump/* | head -1)")
kill "${PIDS[0]}"; wait "${PIDS[0]}" 2>/dev/null || true
smtp-sink -u nobody "127.0.0.1:$SINK_PORT" 256 & PIDS+=($!)
wait_port $SINK_PORT
echo "   typical message: $SIZE bytes" >&2

echo "== (a) Herald sends $N messages" >&2
T0=$(date +%s.%N)
api POST "/api/campaigns/$CAMPAIGN/send" >/dev/null
for _ in $(seq 1 6000); do
  STATUS=$(api GET "/api/campaigns/$CAMPAIGN" | json 'd["status"]')
  [[ "$STATUS" == "sent" ]] && break
  sleep 0.1
done
T1=$(date +%s.%N)
[[ "$STATUS" == "sent" ]] || { echo "campaign did not finish" >&2; exit 1; }
SENT=$(api GET "/api/campaigns/$CAMPAIGN/report" | json 'd["sent"]')
HERALD_RATE=$(python3 -c "print(round($SENT/($T1-$T0)))")
RSS_KB=$(awk '/VmHWM/ {print $2}' "/proc/$HERALD_PID/status")

echo "== (a) smtp-source sends $N messages of $SIZE bytes" >&2
S0=$(date +%s.%N)
timeout 600 smtp-source -d -s "$CONNS" -m "$N" -l "$SIZE" -f news@bench.example.com -t customer@bench.example.com "127.0.0.1:$SINK_PORT"
S1=$(date +%s.%N)
SOURCE_RATE=$(python3 -c "print(round($N/($S1-$S0)))")

echo "== (b) open pixel under wrk, 64 connections, ${DURATION}s" >&2
api GET "/api/campaigns/$CAMPAIGN/recipients?limit=1000" | python3 -c '
import json, sys, hmac, hashlib, base64, struct
secret = sys.argv[1].encode()
rows = json.load(sys.stdin)["recipients"]
paths = []
for r in rows:
    payload = struct.pack(">bbqi", 0, 0, r["message_id"], 0)
    mac = hmac.new(secret, payload, hashlib.sha256).digest()[:16]
    paths.append("/t/o/" + base64.urlsafe_b64encode(payload + mac).decode().rstrip("=") + ".gif")
print("\n".join(paths))' "$SECRET" > "$WORK/paths.txt"
curl -sf -o /dev/null "http://127.0.0.1:$HTTP_PORT$(head -1 "$WORK/paths.txt")" || { echo "pixel URL rejected: token format mismatch" >&2; exit 1; }
OPENS_BEFORE=$(api GET "/api/campaigns/$CAMPAIGN/report" | json 'd["opens"]')

write_lua() { # file with one path per line -> wrk script that cycles paths and counts 200s
  { echo "local paths = {"; sed 's/.*/"&",/' "$1"; echo "}"
    cat <<'LUA'
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) ok = 0; other = 0; i = math.random(#paths) end
function request() i = i % #paths + 1; return wrk.format("GET", paths[i]) end
function response(status, headers, body) if status == 200 then ok = ok + 1 else other = other + 1 end end
function done(summary, latency, requests)
  local a, b = 0, 0
  for _, t in ipairs(threads) do a = a + t:get("ok"); b = b + t:get("other") end
  io.write(string.format("STATUS200 %d OTHER %d\n", a, b))
end
LUA
  } > "$2"
}
write_lua "$WORK/paths.txt" "$WORK/herald.lua"
wrk -t2 -c64 -d"${DURATION}s" --timeout 10s --latency -s "$WORK/herald.lua" "http://127.0.0.1:$HTTP_PORT" > "$WORK/wrk-herald.txt"

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
  }
}
NGX
nginx -c "$WORK/nginx.conf" -e "$WORK/nginx-error.log"
wait_port $NGINX_PORT
echo "/o.gif" > "$WORK/nginx-paths.txt"
write_lua "$WORK/nginx-paths.txt" "$WORK/nginx.lua"
wrk -t2 -c64 -d"${DURATION}s" --timeout 10s --latency -s "$WORK/nginx.lua" "http://127.0.0.1:$NGINX_PORT" > "$WORK/wrk-nginx.txt"

# Herald acknowledges a hit once queued; give the writer a moment, then compare.
sleep 3
OPENS_AFTER=$(api GET "/api/campaigns/$CAMPAIGN/report" | json 'd["opens"]')
rps() { awk '/Requests\/sec/ {print $2}' "$1"; }
p99() { awk '$1=="99%" {print $2}' "$1"; }
ok200() { awk '/STATUS200/ {print $2}' "$1"; }
H_RPS=$(rps "$WORK/wrk-herald.txt"); N_RPS=$(rps "$WORK/wrk-nginx.txt")
H_200=$(ok200 "$WORK/wrk-herald.txt")
STORED=$((OPENS_AFTER - OPENS_BEFORE))

cat <<OUT

## Results — $(date -u +%Y-%m-%d), $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)

### (a) sending $N messages of ~$SIZE bytes, $CONNS connections, into smtp-sink
| sender | messages/s |
| --- | --- |
| Herald (personalised, tracked, status recorded) | $HERALD_RATE |
| Postfix smtp-source | $SOURCE_RATE |
| **ratio Herald / smtp-source** | **$(python3 -c "print(round($HERALD_RATE/$SOURCE_RATE, 2))")** |

Herald's peak RSS (VmHWM of the JVM): $((RSS_KB / 1024)) MiB

### (b) open pixel, wrk -t2 -c64 -d${DURATION}s
| server | requests/s | p99 |
| --- | --- | --- |
| Herald /t/o/TOKEN.gif | $H_RPS | $(p99 "$WORK/wrk-herald.txt") |
| nginx static 43-byte GIF | $N_RPS | $(p99 "$WORK/wrk-nginx.txt") |
| **ratio Herald / nginx** | **$(python3 -c "print(round($H_RPS/$N_RPS, 2))")** | |

200 responses received by wrk: $H_200; opens stored by Herald: $STORED — $( [[ "$H_200" == "$STORED" ]] && echo "equal" || echo "MISMATCH")
OUT
[[ "$H_200" == "$STORED" ]]
