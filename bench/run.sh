#!/usr/bin/env bash
# `make bench`: load-tests the dashboard against the bare /healthz view on gunicorn + PostgreSQL
# with the demo data at --scale 10 (and 20 field users posting taps to the tally),
# then measures the audit log (bench/audit_bench.py) and the annual report of a unit with
# 1 000 000 contacts (bench/annual_report_bench.py, about 2 minutes more) and the import of
# 50 000 students' school data (bench/school_import_bench.py). Stdout:
# one JSON object per line {"name","value","unit"}; everything else goes to stderr. Loopback
# only; about 2 minutes.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
PY=$ROOT/.venv/bin/python
OUT=$ROOT/bench/out
mkdir -p "$OUT"

PGHOST=127.0.0.1
PGPORT=5432
DB=${BENCH_DB:-ungsam_bench}
HOST=127.0.0.1
PORT=${BENCH_PORT:-8765}
BASE=http://$HOST:$PORT
USERS=${BENCH_USERS:-10}
SPAWN=${BENCH_SPAWN_RATE:-10}
DURATION=${BENCH_DURATION:-15s}
WORKERS=${BENCH_WORKERS:-3} # cores + 1: two left the CPU idle while workers waited on commits (ADR 0010)
BENCH_USER=lise.los
BENCH_USER_NAME="Lise Losvik"
BENCH_LEADER=leo.leder
BENCH_PARTNER=sara.skole
BENCH_FIELD_USER=ulf.ute
TALLY_USERS=${BENCH_TALLY_USERS:-20} # field users tapping at once (issue 16)
PIDFILE=$OUT/gunicorn.pid

log() { echo "[bench] $*" >&2; }
die() {
    echo "[bench] FAILED: $*" >&2
    exit 1
}

export DATABASE_URL=postgres://postgres@$PGHOST:$PGPORT/$DB
DJANGO_SECRET_KEY=$("$PY" -c 'import secrets; print(secrets.token_urlsafe(50))')
export DJANGO_SECRET_KEY
export DJANGO_DEBUG=false
export DJANGO_ALLOWED_HOSTS=$HOST
export DJANGO_SECURE_SSL_REDIRECT=false
export DJANGO_SECURE_COOKIES=false
UNGSAM_AUDIT_KEY=$("$PY" -c 'import secrets; print(secrets.token_urlsafe(48))')
export UNGSAM_AUDIT_KEY
UNGSAM_FIELD_KEY=$("$PY" -c 'import secrets; print(secrets.token_urlsafe(48))')
export UNGSAM_FIELD_KEY
export UNGSAM_AUDIT_CHECKPOINTS=$OUT/audit-checkpoints.jsonl
rm -f "$UNGSAM_AUDIT_CHECKPOINTS"
unset UNGSAM_DEMO_SKIP_MFA
export UNGSAM_ALLOW_SYNTHETIC_IDS=true # the demo holds synthetic national ids only
# Sessions and the cache in Redis, as production runs them (a database of its own, emptied).
REDIS_DB=${BENCH_REDIS_DB:-15}
if redis-cli -h 127.0.0.1 -n "$REDIS_DB" FLUSHDB >/dev/null 2>&1; then
    export REDIS_URL=redis://127.0.0.1:6379/$REDIS_DB
else
    unset REDIS_URL
    echo "[bench] no Redis on 127.0.0.1:6379: sessions and cache in PostgreSQL" >&2
fi

stop_server() {
    if [[ -s $PIDFILE ]]; then
        local pid
        pid=$(cat "$PIDFILE")
        if kill -0 "$pid" 2>/dev/null; then
            log "stopping gunicorn ($pid)"
            kill "$pid" 2>/dev/null || true
            for _ in $(seq 50); do
                kill -0 "$pid" 2>/dev/null || break
                sleep 0.1
            done
        fi
        rm -f "$PIDFILE"
    fi
}
trap stop_server EXIT
trap 'exit 130' INT TERM
stop_server # a leftover from an interrupted run

start=$(date +%s)

log "database $DB: drop and create"
psql -q -h $PGHOST -p $PGPORT -U postgres -d postgres -v ON_ERROR_STOP=1 \
    -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB" >&2

log "migrate, createcachetable, collectstatic, seed_demo --scale 10"
"$PY" manage.py migrate --no-input -v0 >&2
"$PY" manage.py createcachetable >&2
"$PY" manage.py collectstatic --noinput -v0 >&2
"$PY" manage.py seed_demo --scale 10 >&2
# A database in service has planner statistics and a visibility map (autovacuum keeps them);
# one loaded a second ago has neither, and PostgreSQL would plan the dashboard's join from
# guesses (240 rows estimated as 1). Measure the database as it runs, not as it was loaded.
psql -q -h $PGHOST -p $PGPORT -U postgres -d "$DB" -v ON_ERROR_STOP=1 -c "VACUUM ANALYZE" >&2

log "sessions for $BENCH_USER and $BENCH_LEADER"
"$PY" bench/make_session.py "$BENCH_USER" "$USERS" >"$OUT/sessions.txt"
[[ $(wc -l <"$OUT/sessions.txt") -eq $USERS ]] || die "make_session.py gave no session keys"
"$PY" bench/make_session.py "$BENCH_LEADER" "$USERS" >"$OUT/leader_sessions.txt"
[[ $(wc -l <"$OUT/leader_sessions.txt") -eq $USERS ]] || die "no session keys for $BENCH_LEADER"
# The case page: one of Lise's cases (she is its contact person, so the page names her).
CASE_PATH=$(BENCH_USER=$BENCH_USER "$PY" manage.py shell -v0 -c 'import os
from ungsam.cases.models import Case
case = Case.objects.filter(contacts__user__username=os.environ["BENCH_USER"]).order_by("id").first()
print(f"/saker/{case.pk}/")')
[[ $CASE_PATH == /saker/*/ ]] || die "no case of $BENCH_USER for the case page"
# The partner's shared page (rule 3): a youth who shared with the school, on whose team she sits.
"$PY" bench/make_session.py "$BENCH_PARTNER" "$USERS" >"$OUT/partner_sessions.txt"
[[ $(wc -l <"$OUT/partner_sessions.txt") -eq $USERS ]] || die "no session keys for $BENCH_PARTNER"
SHARED_PATH=$(BENCH_PARTNER=$BENCH_PARTNER "$PY" manage.py shell -v0 -c 'import os
from ungsam.access import policy
from ungsam.org.models import User
user = User.objects.get(username=os.environ["BENCH_PARTNER"])
case = policy.shared_cases_visible_to(user).order_by("id").first()
print(f"/samarbeid/sak/{case.pk}/" if case else "")')
[[ $SHARED_PATH == /samarbeid/sak/*/ ]] || die "no youth shares with $BENCH_PARTNER for the shared page"

# The tally (issue 16): $TALLY_USERS field workers tapping at once, each with a session of
# $BENCH_FIELD_USER, at the outreach unit's places.
"$PY" bench/make_session.py "$BENCH_FIELD_USER" "$TALLY_USERS" >"$OUT/field_sessions.txt"
[[ $(wc -l <"$OUT/field_sessions.txt") -eq $TALLY_USERS ]] || die "no session keys for $BENCH_FIELD_USER"
TALLY_IDS=$(BENCH_FIELD_USER=$BENCH_FIELD_USER "$PY" manage.py shell -v0 -c 'import os
from ungsam.access import policy
from ungsam.org.models import Place, User
user = User.objects.get(username=os.environ["BENCH_FIELD_USER"])
unit = policy.fieldwork_units(user).first()
places = Place.objects.filter(municipality=unit.municipality, active=True).values_list("pk", flat=True)
print(unit.pk, ",".join(map(str, places)))')
read -r TALLY_UNIT TALLY_PLACES <<<"$TALLY_IDS"
[[ -n $TALLY_UNIT && -n $TALLY_PLACES ]] || die "no outreach unit or places for $BENCH_FIELD_USER"

log "gunicorn on $BASE ($WORKERS workers)"
: >"$OUT/gunicorn.log"
"$ROOT/.venv/bin/gunicorn" ungsam.wsgi --bind "$HOST:$PORT" --workers "$WORKERS" \
    --pid "$PIDFILE" --daemon --error-logfile "$OUT/gunicorn.log"
for _ in $(seq 100); do
    curl -fsS -o /dev/null "$BASE/healthz" 2>/dev/null && break
    sleep 0.2
done
curl -fsS -o /dev/null "$BASE/healthz" || die "gunicorn did not answer /healthz (see $OUT/gunicorn.log)"

# Preflight: the session must reach the real pages, not a redirect to login or MFA set-up.
cookie="sessionid=$(head -n1 "$OUT/sessions.txt")"
for path in / /ungdom/; do
    status=$(curl -sS -o "$OUT/preflight.html" -w '%{http_code} %{redirect_url}' \
        -H "Cookie: $cookie" "$BASE$path")
    [[ $status == "200 " ]] || die "GET $path as $BENCH_USER gave '$status', expected 200 (see $OUT/gunicorn.log)"
    grep -q "$BENCH_USER_NAME" "$OUT/preflight.html" ||
        die "GET $path gave 200 but not the page of $BENCH_USER_NAME (see $OUT/preflight.html)"
done
status=$(curl -sS -o /dev/null -w '%{http_code}' "$BASE/healthz")
[[ $status == 200 ]] || die "GET /healthz gave $status"

# Warm-up: let every worker load templates, translations and their database connections.
for _ in $(seq $((WORKERS * 5))); do
    curl -sS -o /dev/null -o /dev/null -H "Cookie: $cookie" "$BASE/" "$BASE/ungdom/" &
done
wait

# run_locust NAME PATH [SESSIONS_FILE [EXPECT]]
run_locust() {
    local name=$1 path=$2 sessions=${3:-} expect=${4:-}
    log "locust $name: GET $path, -u $USERS -r $SPAWN -t $DURATION"
    rm -f "$OUT/$name"_*.csv
    local rc=0
    BENCH_PATH=$path BENCH_SESSIONS_FILE=$sessions BENCH_EXPECT=$expect \
        "$ROOT/.venv/bin/locust" -f bench/locustfile.py --headless -u "$USERS" -r "$SPAWN" \
        -t "$DURATION" --host "$BASE" --csv "$OUT/$name" --only-summary \
        --loglevel WARNING >"$OUT/$name.log" 2>&1 || rc=$?
    [[ -s $OUT/${name}_stats.csv ]] || die "locust $name wrote no stats (exit $rc, see $OUT/$name.log)"
    [[ $rc -eq 0 ]] || log "locust $name exited $rc (failures are checked below)"
}

run_locust bare /healthz
run_locust dashboard / "$OUT/sessions.txt" "$BENCH_USER_NAME"
run_locust youth_list /ungdom/ "$OUT/sessions.txt" "$BENCH_USER_NAME"
run_locust case_page "$CASE_PATH" "$OUT/sessions.txt" "$BENCH_USER_NAME"
run_locust waiting_list /saker/venteliste/ "$OUT/leader_sessions.txt" "Venteliste – Los Nordby"
run_locust partner_case_page "$SHARED_PATH" "$OUT/partner_sessions.txt" "Teamet rundt ungdommen"

# The tally: POSTs with fresh keys (bench/tally_locust.py), every answer but 201 a failure.
log "locust tally_post: POST /feltarbeid/telling/trykk/, -u $TALLY_USERS -r $TALLY_USERS -t $DURATION"
rm -f "$OUT"/tally_post_*.csv
rc=0
BENCH_SESSIONS_FILE=$OUT/field_sessions.txt BENCH_TALLY_UNIT=$TALLY_UNIT BENCH_TALLY_PLACES=$TALLY_PLACES \
    "$ROOT/.venv/bin/locust" -f bench/tally_locust.py --headless -u "$TALLY_USERS" -r "$TALLY_USERS" \
    -t "$DURATION" --host "$BASE" --csv "$OUT/tally_post" --only-summary \
    --loglevel WARNING >"$OUT/tally_post.log" 2>&1 || rc=$?
[[ -s $OUT/tally_post_stats.csv ]] || die "locust tally_post wrote no stats (exit $rc, see $OUT/tally_post.log)"
[[ $rc -eq 0 ]] || log "locust tally_post exited $rc (failures are checked below)"

stop_server

# Aggregated rows -> JSON lines; any failed request fails the bench.
"$PY" - "$OUT" <<'PYEOF'
import csv
import json
import sys
from pathlib import Path

out = Path(sys.argv[1])


def aggregated(name):
    with open(out / f"{name}_stats.csv", newline="") as f:
        for row in csv.DictReader(f):
            if row["Name"] == "Aggregated":
                requests, failures = int(row["Request Count"]), int(row["Failure Count"])
                if requests == 0:
                    sys.exit(f"[bench] FAILED: {name}: no requests")
                if failures:
                    failed = (out / f"{name}_failures.csv").read_text()
                    sys.exit(f"[bench] FAILED: {name}: {failures}/{requests} failed\n{failed}")
                return float(row["Requests/s"]), float(row["95%"]), requests
    sys.exit(f"[bench] FAILED: {name}: no Aggregated row")


bare_rps, bare_p95, bare_n = aggregated("bare")
dash_rps, dash_p95, dash_n = aggregated("dashboard")
youth_rps, youth_p95, youth_n = aggregated("youth_list")
case_rps, case_p95, case_n = aggregated("case_page")
wait_rps, wait_p95, wait_n = aggregated("waiting_list")
partner_rps, partner_p95, partner_n = aggregated("partner_case_page")
tally_rps, tally_p95, tally_n = aggregated("tally_post")
print(
    f"[bench] requests: bare {bare_n}, dashboard {dash_n}, youth_list {youth_n}, "
    f"case_page {case_n}, waiting_list {wait_n}, partner_case_page {partner_n}, "
    f"tally_post {tally_n}, all 200/201",
    file=sys.stderr,
)
rows = [
    ("dashboard_p95_ms", dash_p95, "ms"),
    ("dashboard_rps", round(dash_rps, 1), "req/s"),
    ("bare_rps", round(bare_rps, 1), "req/s"),
    ("dashboard_vs_bare_rps_ratio", round(dash_rps / bare_rps, 4), "ratio"),
    ("bare_p95_ms", bare_p95, "ms"),
    ("youth_list_p95_ms", youth_p95, "ms"),
    ("youth_list_rps", round(youth_rps, 1), "req/s"),
    ("case_page_p95_ms", case_p95, "ms"),
    ("case_page_rps", round(case_rps, 1), "req/s"),
    ("waiting_list_p95_ms", wait_p95, "ms"),
    ("waiting_list_rps", round(wait_rps, 1), "req/s"),
    ("partner_case_page_p95_ms", partner_p95, "ms"),
    ("partner_case_page_rps", round(partner_rps, 1), "req/s"),
    ("tally_post_p95_ms", tally_p95, "ms"),
    ("tally_post_rps", round(tally_rps, 1), "req/s"),
]
for name, value, unit in rows:
    print(json.dumps({"name": name, "value": value, "unit": unit}))
PYEOF

log "dashboard statements (in-process)"
"$PY" bench/dashboard_queries.py "$(head -n1 "$OUT/sessions.txt")"

log "audit log: appends per chain, verification"
"$PY" bench/audit_bench.py

log "annual report: one unit with 1 000 000 contacts (in-process, against hand-written SQL)"
"$PY" bench/annual_report_bench.py

log "school data import: 50 000 student rows, flags evaluated, then the same file again"
"$PY" bench/school_import_bench.py

log "done in $(($(date +%s) - start))s"
