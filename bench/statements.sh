#!/usr/bin/env bash
# PostgreSQL's CPU per message for the three statements a send runs per message, each measured
# alone on an idle server: queueing the audience (Expansion "expand"), claiming it 200 at a time
# (MessageQueue "claim", the cursor moving on as the dispatcher's does) and recording results in
# groups of GROUP (default 14, the result writer's usual group; MessageQueue "record"). The statements are read
# from Herald's own SQL files. A whole send's CPU moves by up to a fifth between identical runs on
# this kind of machine; these move by a few per cent, so they compare a change to a statement or
# to the schema. The CPU is the server backend's own, from /proc (psql runs on the same host).
# It uses the system PostgreSQL (PGHOST, PGPORT, PGUSER; default 127.0.0.1, 5432, postgres): Herald
# migrates a database of its own there (herald_statements, dropped at the end), imports N contacts
# into it and stops before anything is measured. Only loopback is used.
# Usage: bench/statements.sh   (env: N=20000 REPEAT=5 GROUP=14 HTTP_PORT=18390)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
N="${N:-20000}"
REPEAT="${REPEAT:-5}"
GROUP="${GROUP:-14}"
HTTP_PORT="${HTTP_PORT:-18390}"
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
DB=herald_statements
TOKEN="bench-admin-token-0123456789"
WORK="$(mktemp -d /tmp/herald-statements.XXXXXX)"
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"
trap 'bench_cleanup; psql -d postgres -qc "DROP DATABASE IF EXISTS $DB" >/dev/null 2>&1 || true' EXIT
bench_tools postgresql-client:psql python3:python3 curl:curl
pg_isready -q || { echo "no PostgreSQL at $PGHOST:$PGPORT" >&2; exit 1; }

psql -d postgres -qc "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB" >/dev/null
"$ROOT/herald" --version >/dev/null
HERALD_DATA_DIR="$WORK/data" HERALD_HTTP_HOST=127.0.0.1 HERALD_HTTP_PORT="$HTTP_PORT" \
  HERALD_PUBLIC_URL="http://127.0.0.1:$HTTP_PORT" HERALD_SMTP_HOST=127.0.0.1 HERALD_SMTP_PORT=9 \
  HERALD_ADMIN_TOKEN="$TOKEN" HERALD_TRACKING_SECRET=bench-tracking-secret-0123456789abcdef \
  HERALD_DB_URL="jdbc:postgresql://$PGHOST:$PGPORT/$DB" HERALD_DB_USER="$PGUSER" \
  "$ROOT/herald" serve > "$WORK/herald.log" 2>&1 & HERALD_PID=$!; PIDS+=($HERALD_PID)
wait_port "$HTTP_PORT"
write_contacts "$N" bench.example.com > "$WORK/contacts.csv"
LIST=$(api POST /api/lists '{"name":"bench"}' | json 'd["id"]')
api POST "/api/lists/$LIST/import" "$WORK/contacts.csv" text/csv >/dev/null
write_campaign "$LIST" bench.example.com > "$WORK/campaign.json"
CAMPAIGN=$(api POST /api/campaigns "$WORK/campaign.json" | json 'd["id"]')
kill "$HERALD_PID"; wait "$HERALD_PID" 2>/dev/null || true  # nothing of Herald runs while measuring

python3 - "$ROOT/src/main/resources/app/herald/delivery" "$DB" "$CAMPAIGN" "$N" "$REPEAT" "$WORK" "$GROUP" <<'PY'
import os, statistics, subprocess, sys
sql_dir, db, campaign, n, repeat, work, group = (sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]),
                                                sys.argv[6], int(sys.argv[7]))
hz = os.sysconf("SC_CLK_TCK")

def named(file, name):
    """One named statement of a Queries file, without its comments."""
    text = open(os.path.join(sql_dir, file)).read().split(f"-- name: {name}\n", 1)[1].split("\n-- name: ", 1)[0]
    return "\n".join(l for l in text.splitlines() if not l.lstrip().startswith("--")).strip().rstrip(";")

def psql(script):
    subprocess.run(["psql", "-d", db, "-q", "-v", "ON_ERROR_STOP=1", "-X"], input=script, text=True, check=True,
                   stdout=subprocess.DEVNULL)

def backend_cpu(setup, measured, teardown=""):
    """CPU seconds the backend spent on `measured` (run after `setup`, in the same session)."""
    ticks = [os.path.join(work, "cpu0"), os.path.join(work, "cpu1")]
    pid = os.path.join(work, "pid")
    probe = lambda f: f"\\! awk '{{print $14 + $15}}' /proc/$(cat {pid})/stat > {f}\n"
    psql(f"\\pset tuples_only on\n\\pset format unaligned\nSELECT pg_backend_pid() \\g {pid}\n{setup}\n"
         + probe(ticks[0]) + measured + "\n" + probe(ticks[1]) + teardown + "\n")
    return (int(open(ticks[1]).read()) - int(open(ticks[0]).read())) / hz

def params(sql, names):
    for i, name in enumerate(names, 1):
        sql = sql.replace(":" + name, f"${i}")
    return sql

expand = named("Expansion.sql", "expand")
claim = named("MessageQueue.sql", "claim")
record = named("MessageQueue.sql", "record")
upto = int(subprocess.run(["psql", "-d", db, "-Atc", "SELECT max(id) FROM contact"], capture_output=True, text=True, check=True).stdout)
start = f"UPDATE campaign SET status = 'sending', started_at = now() WHERE id = {campaign};"
queue_all = expand.replace(":id", str(campaign)).replace(":after", "0").replace(":upto", str(upto)) + ";"
reset = (f"DELETE FROM message WHERE campaign_id = {campaign}; "
         f"INSERT INTO campaign_stats (campaign_id) VALUES ({campaign}) ON CONFLICT DO NOTHING; "
         f"UPDATE campaign_stats SET recipients = 0, sent = 0, failed = 0, deferred = 0 WHERE campaign_id = {campaign};")
psql(start)
results = {"queue the audience (expand)": [], "claim, 200 at a time": [], f"record results, {group} at a time": []}
for _ in range(repeat):
    psql(reset + "\nVACUUM ANALYZE message; VACUUM ANALYZE message_queue;")
    results["queue the audience (expand)"].append(backend_cpu("BEGIN;", queue_all, "ROLLBACK;") / n)

    psql(reset + "\n" + queue_all + "\nVACUUM ANALYZE message; VACUUM ANALYZE message_queue;")
    first = int(subprocess.run(["psql", "-d", db, "-Atc", f"SELECT min(message_id) FROM message_queue WHERE campaign_id = {campaign}"],
                               capture_output=True, text=True, check=True).stdout)
    # each claim starts where the one before ended, as the dispatcher's cursor does
    claims = "\n".join(f"EXECUTE c({campaign}, {first + 200 * k - 1});" for k in range((n + 199) // 200))
    fixed = claim.replace(":node", "'bench'").replace(":lease_seconds", "300").replace(":limit", "200")
    prepare = "PREPARE c(bigint, bigint) AS " + params(fixed, ["after_campaign", "after_id"]) + ";\n\\o /dev/null"
    results["claim, 200 at a time"].append(backend_cpu(prepare, claims) / n)

    groups = []
    for k in range(0, n, group):
        ids = list(range(first + k, min(first + k + group, first + n)))
        def arr(value):  # an array literal holding value once per id
            return "{" + ",".join([value] * len(ids)) + "}"
        reply, header = '"250 2.0.0 Ok: queued as 3F2A1B"', '"<x@bench.example.com>"'
        groups.append(f"EXECUTE r('{{{','.join(map(str, ids))}}}', '{arr('sent')}', '{arr(reply)}', '{arr(header)}', '{arr('0')}');")
    prepare = ("PREPARE r(bigint[], text[], text[], text[], int[]) AS "
               + params(record, ["ids", "statuses", "replies", "message_ids", "retry_seconds"]).replace(":node", "'bench'") + ";\n\\o /dev/null")
    results[f"record results, {group} at a time"].append(backend_cpu(prepare, "\n".join(groups)) / n)

print(f"PostgreSQL backend CPU per message, {n} recipients, {repeat} runs (µs; median, then each run):\n")
print("| statement | median | runs |\n| --- | --- | --- |")
for name, runs in results.items():
    print(f"| {name} | {statistics.median(runs) * 1e6:.1f} | {' '.join(f'{r * 1e6:.1f}' for r in runs)} |")
PY
