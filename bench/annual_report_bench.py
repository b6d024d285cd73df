"""`annual_report_s` (issue 17, item 5): the JSON annual report of one unit with 1 000 000 contact
rows and a matching volume of other records, on the bench's PostgreSQL, measured in-process (the
report's computation only: `annual_report(unit=, year=)`, best of RUNS after a warm-up; the
median is printed too). Also `annual_report_hand_sql_s`: the same figures from one hand-written
SQL query per table (app and imported collaborations in one, as their distinct youths need
both; reports of concern, requests for information and imported reports in one), and
`annual_report_ratio_to_hand_sql` = ORM / hand-written (best against best). The two must give
the same figures, or the bench fails; so does a report of 2 s or more.

The records go in with INSERT … SELECT generate_series (about a minute and a half, nearly all
of it the contacts and their indexes), into a municipality and unit of their own, so the
demo's data is untouched; if that unit already has its contacts (a second run on the same
database), they are reused.

Usage: DATABASE_URL=postgres://… python bench/annual_report_bench.py
Stdout: JSON lines {"name","value","unit"}; everything else goes to stderr."""

import json
import os
import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ungsam.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from ungsam.org.models import (  # noqa: E402
    Area,
    Membership,
    Municipality,
    PartnerOrganization,
    Place,
    ServiceCode,
    Unit,
    User,
)
from ungsam.stats.annual_report import annual_report  # noqa: E402

CONTACTS = int(os.environ.get("BENCH_AR_CONTACTS", 1_000_000))
YOUTHS = 5_000
CONVERSATIONS = 20_000
SESSIONS = 2_000
CONSENTS = 1_000
REQUESTS = 4_000
INQUIRIES = 4_000
CONCERN_REPORTS = 2_000
INFORMATION_REQUESTS = 1_000
IMPORTED_COLLABORATIONS = 2_000
IMPORTED_CONCERNS = 1_000
VOLUMES = {
    "CONTACTS": CONTACTS,
    "YOUTHS": YOUTHS,
    "CONVERSATIONS": CONVERSATIONS,
    "SESSIONS": SESSIONS,
    "CONSENTS": CONSENTS,
    "REQUESTS": REQUESTS,
    "INQUIRIES": INQUIRIES,
    "CONCERN_REPORTS": CONCERN_REPORTS,
    "INFORMATION_REQUESTS": INFORMATION_REQUESTS,
    "IMPORTED_COLLABORATIONS": IMPORTED_COLLABORATIONS,
    "IMPORTED_CONCERNS": IMPORTED_CONCERNS,
}
RUNS = int(os.environ.get("BENCH_AR_RUNS", 5))
LIMIT_S = 2.0
SERVICES = ["barnevern", "skole", "nav", "politi", "bup_dps", "helsestasjon_ungdom"]
TABLES = [
    "outreach_contacttally",
    "people_youth",
    "cases_case",
    "outreach_conversation",
    "outreach_groupsession",
    "outreach_groupattendance",
    "collab_consent",
    "collab_collaborationrequest",
    "collab_inquiry",
    "concerns_concernreport",
    "concerns_informationrequest",
    "transfer_importedcollaboration",
    "transfer_importedconcernreport",
]


def log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def sql_array(values) -> str:
    return "ARRAY[" + ",".join(f"'{v}'" for v in values) + "]"


def setup():
    """The municipality, unit, places, user and partners; the rows by generate_series."""
    municipality, _ = Municipality.objects.get_or_create(
        number="9990", defaults={"name": "Benchvik kommune"}
    )
    unit, _ = Unit.objects.get_or_create(
        municipality=municipality, name="Utekontakten Benchvik", defaults={"kind": "outreach"}
    )
    user, created = User.objects.get_or_create(
        username="bench.arsrapport", defaults={"first_name": "Bench", "last_name": "Rapport"}
    )
    if created:
        user.set_unusable_password()
        user.save()
    membership, _ = Membership.objects.get_or_create(
        user=user,
        municipality=municipality,
        unit=unit,
        defaults={"role": "field_worker", "status": "direct", "starts_on": date(2000, 1, 1)},
    )
    places = []
    for i in range(40):
        area = None
        if i < 38:  # two places without an area
            area, _ = Area.objects.get_or_create(municipality=municipality, name=f"Område {i % 8}")
        place, _ = Place.objects.get_or_create(
            municipality=municipality,
            name=f"Sted {i:02d}",
            defaults={"kind": "street", "area": area},
        )
        places.append(place.pk)
    partners = {
        code: PartnerOrganization.objects.get_or_create(
            municipality=municipality, name=f"Bench {code}", defaults={"kind": code}
        )[0].pk
        for code in SERVICES
    }
    return unit, user, membership, places, partners


def generate(unit, user, membership, places, partners, year: int) -> None:
    """Two years of records (last year too, for the comparison), spread over the days."""
    # Our own integers and a date, formatted into the SQL: no parameters, so "%" is modulo.
    values = {
        "unit": unit.pk,
        "user": user.pk,
        "membership": membership.pk,
        "municipality": unit.municipality_id,
        "first": f"'{date(year - 1, 1, 1).isoformat()}'",
        "places": "ARRAY[" + ",".join(map(str, places)) + "]::bigint[]",
        "services": sql_array(SERVICES),
        "partners": "ARRAY[" + ",".join(str(partners[c]) for c in SERVICES) + "]::bigint[]",
        "child_welfare": partners["barnevern"],
        "youths_tenth": YOUTHS // 10,
        **{name.lower(): value for name, value in VOLUMES.items()},
    }
    cases = """cases AS (SELECT id, youth_id, row_number() OVER (ORDER BY id) - 1 AS rn
                FROM cases_case WHERE unit_id = {unit})"""
    statements = [
        (
            "contacts",
            """INSERT INTO outreach_contacttally (unit_id, place_id, tapped_at, date, channel,
                gender, age_group, depth, count, key, recorded_by_id, created_at, undone_at)
            SELECT {unit}, ({places})[1 + (i / 11) % 40],
                ({first}::date + (i % 730)) + time '18:00', {first}::date + (i % 730),
                (ARRAY['field','field','field','internet','social_media','gaming'])[1 + i % 6],
                (ARRAY['girl','boy','other','unknown'])[1 + (i / 7) % 4],
                (ARRAY['barneskole','ungdomsskole','vgs','over18','unknown'])[1 + (i / 3) % 5],
                1, 1 + (i % 4 = 0)::int, gen_random_uuid(), {user}, now(),
                CASE WHEN i % 97 = 0 THEN now() END
            FROM generate_series(1, {contacts}) AS i""",
        ),
        (
            "youths",
            """INSERT INTO people_youth (first_name, last_name, birth_date, address,
                protected_address, phone, created_at, municipality_id, gender, grade,
                interpreter_needed, language, national_id_hash, national_id_masked,
                national_id_token, school)
            SELECT 'Ung' || i, 'Benchsen', date '2008-01-01' + (i % 2000), '', false, '', now(),
                {municipality}, '', '', false, '', '', '', '', ''
            FROM generate_series(1, {youths}) AS i""",
        ),
        (
            "cases",
            """INSERT INTO cases_case (status, stage, opened_on, unit_id, youth_id, closure_outcome,
                closure_reason, moved_to, imported, complexity, severity)
            SELECT 'open', 'active', {first}, {unit}, y.id, '', '', '', false, 0, 0
            FROM people_youth y WHERE y.municipality_id = {municipality}""",
        ),
        (
            "conversations",
            """WITH {cases}
            INSERT INTO outreach_conversation (unit_id, date, channel, anonymous, case_id,
                held_by_id, created_at)
            SELECT {unit}, {first}::date + (i % 730), 'street', i % 10 = 0,
                CASE WHEN i % 10 <> 0 THEN c.id END, {user}, now()
            FROM generate_series(1, {conversations}) AS i
            JOIN cases c ON c.rn = (i * 7) % {youths}""",
        ),
        (
            "groups",
            """INSERT INTO outreach_group (unit_id, name, kind, active, created_at)
            SELECT {unit}, 'Gruppe ' || k || '-' || n, k, true, now()
            FROM unnest(ARRAY['girls','boys','life_mastery','gaming','flyt','other']) AS k,
                generate_series(1, 2) AS n""",
        ),
        (
            "group sessions",
            """WITH g AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS rn
                FROM outreach_group WHERE unit_id = {unit})
            INSERT INTO outreach_groupsession (group_id, date, anonymous_count, recorded_by_id,
                created_at)
            SELECT g.id, {first}::date + (i % 730), i % 4, {user}, now()
            FROM generate_series(1, {sessions}) AS i JOIN g ON g.rn = i % 12""",
        ),
        (
            "attendance",
            """WITH {cases}, s AS (SELECT s.id, row_number() OVER (ORDER BY s.id) AS n
                FROM outreach_groupsession s JOIN outreach_group g ON g.id = s.group_id
                WHERE g.unit_id = {unit})
            INSERT INTO outreach_groupattendance (session_id, case_id)
            SELECT s.id, c.id FROM s CROSS JOIN generate_series(0, 4) AS k
            JOIN cases c ON c.rn = (s.n * 7 + k * 13) % {youths_tenth}""",
        ),
        (
            "consents",
            """WITH {cases}
            INSERT INTO collab_consent (youth_id, case_id, status, purpose, given_by_youth,
                given_as, recorded_at, valid_from, valid_until, note, withdrawn_by,
                withdrawn_by_name, withdrawal_reason)
            SELECT c.youth_id, c.id, 'given', 'Samarbeid', true, 'written', now(),
                {first}::timestamptz, {first}::timestamptz + interval '3 years', '', '', '', ''
            FROM cases c WHERE c.rn < {consents}""",
        ),
        (
            "collaboration requests",
            """WITH {cases}, k AS (SELECT k.id, k.case_id FROM collab_consent k
                JOIN cases c ON c.id = k.case_id)
            INSERT INTO collab_collaborationrequest (case_id, direction, partner_id, service,
                asked, categories, consent_id, exception, basis_note, status, sent_at,
                decline_reason, outcome)
            SELECT k.case_id, CASE WHEN i % 3 = 0 THEN 'incoming' ELSE 'outgoing' END,
                ({partners})[1 + i % 6], ({services})[1 + i % 6], 'x', '[]'::jsonb,
                CASE WHEN i % 8 <> 0 OR i % 3 <> 0 THEN k.id END, '', '', 'sent',
                {first}::timestamptz + (i % 730) * interval '1 day' + interval '10 hours',
                '', ''
            FROM generate_series(1, {requests}) AS i
            JOIN (SELECT k.*, row_number() OVER (ORDER BY k.id) - 1 AS rn FROM k) k
                ON k.rn = i % {consents}""",
        ),
        (
            "inquiries",
            """INSERT INTO collab_inquiry (unit_id, kind, service, direction, on_date, topic,
                note, meeting, age_group, gender, recorded_by_id, recorded_at)
            SELECT {unit},
                CASE WHEN i % 5 = 0 THEN 'anonymous_guidance' ELSE 'inquiry' END,
                ({services})[1 + i % 6], CASE WHEN i % 2 = 0 THEN 'incoming' ELSE 'outgoing' END,
                {first}::date + (i % 730), 'school', '', '', '', '', {user}, now()
            FROM generate_series(1, {inquiries}) AS i""",
        ),
        (
            "reports of concern",
            """WITH {cases}
            INSERT INTO concerns_concernreport (case_id, youth_id, author_id,
                author_membership_id, recipient_id, created_at, updated_at, grounds, assessment,
                acute, reporter_role, reporter_phone, reporter_email, child_told,
                child_not_told_reason, guardians_told, report, history, other_views,
                interpreter, other_services, sent_at, channel, sent_note, document)
            SELECT c.id, c.youth_id, {user}, {membership}, {child_welfare}, now(),
                now(), '[]', '', false, '', '', '', false, '', '[]', '', '', '', '', '',
                CASE WHEN i % 10 <> 0
                    THEN {first}::timestamptz + (i % 730) * interval '1 day' END,
                CASE WHEN i % 10 <> 0 THEN 'fiks' ELSE '' END, '',
                CASE WHEN i % 10 <> 0 THEN '{{}}'::jsonb END
            FROM generate_series(1, {concern_reports}) AS i
            JOIN cases c ON c.rn = (i * 3) % {youths}""",
        ),
        (
            "requests for information",
            """WITH {cases}
            INSERT INTO concerns_informationrequest (case_id, youth_id, partner_id,
                received_on, asked, legal_basis, answered_on, given, recorded_by_id, created_at)
            SELECT c.id, c.youth_id, {child_welfare}, {first}::date + (i % 720), 'x',
                'bvl', CASE WHEN i % 5 <> 0 THEN {first}::date + (i % 720) + 10 END,
                CASE WHEN i % 5 <> 0 THEN 'x' ELSE '' END, {user}, now()
            FROM generate_series(1, {information_requests}) AS i
            JOIN cases c ON c.rn = (i * 11) % {youths}""",
        ),
        (
            "imported collaborations",
            """WITH {cases}
            INSERT INTO transfer_importedcollaboration (unit_id, case_id, date, direction, service)
            SELECT {unit}, c.id, {first}::date + (i % 730),
                CASE WHEN i % 2 = 0 THEN 'incoming' ELSE 'outgoing' END, ({services})[1 + i % 6]
            FROM generate_series(1, {imported_collaborations}) AS i
            JOIN cases c ON c.rn = (i * 17) % {youths}""",
        ),
        (
            "imported reports of concern",
            """WITH {cases}
            INSERT INTO transfer_importedconcernreport (unit_id, case_id, date, kind)
            SELECT {unit}, c.id, {first}::date + (i % 730),
                CASE WHEN i % 3 = 0 THEN 'information_request_answered' ELSE 'report' END
            FROM generate_series(1, {imported_concerns}) AS i
            JOIN cases c ON c.rn = (i * 19) % {youths}""",
        ),
    ]
    values["cases"] = cases.format(**values)
    with connection.cursor() as cursor:
        for name, template in statements:
            started = time.perf_counter()
            cursor.execute(template.format(**values))
            log(f"  {name}: {cursor.rowcount} rows in {time.perf_counter() - started:.1f}s")


HAND_SQL = {
    "contacts": """
        WITH g AS (
            SELECT t.channel, t.gender, t.age_group, t.place_id,
                COALESCE(SUM(t.count) FILTER (WHERE t.date >= %(first)s), 0) AS this,
                COALESCE(SUM(t.count) FILTER (WHERE t.date < %(first)s), 0) AS previous
            FROM outreach_contacttally t
            WHERE t.unit_id = %(unit)s AND t.date >= %(previous_first)s AND t.date <= %(last)s
                AND t.undone_at IS NULL
            GROUP BY t.channel, t.gender, t.age_group, t.place_id)
        SELECT g.channel, g.gender, g.age_group, COALESCE(a.name, ''), p.name, p.kind,
            g.this, g.previous
        FROM g JOIN org_place p ON p.id = g.place_id LEFT JOIN org_area a ON a.id = p.area_id""",
    "conversations": """
        SELECT COUNT(*), COUNT(*) FILTER (WHERE v.anonymous),
            COUNT(DISTINCT COALESCE(c.youth_id, nc.youth_id))
            + COUNT(DISTINCT v.code_name_id) FILTER (WHERE v.case_id IS NULL AND n.case_id IS NULL)
        FROM outreach_conversation v LEFT JOIN cases_case c ON c.id = v.case_id
            LEFT JOIN outreach_codename n ON n.id = v.code_name_id
            LEFT JOIN cases_case nc ON nc.id = n.case_id
        WHERE v.unit_id = %(unit)s AND v.date >= %(first)s AND v.date <= %(last)s""",
    "attendance": """
        SELECT g.kind, COUNT(*), COUNT(DISTINCT c.youth_id)
        FROM outreach_groupattendance a JOIN outreach_groupsession s ON s.id = a.session_id
            JOIN outreach_group g ON g.id = s.group_id JOIN cases_case c ON c.id = a.case_id
        WHERE g.unit_id = %(unit)s AND s.date >= %(first)s AND s.date <= %(last)s
        GROUP BY GROUPING SETS ((g.kind), ())""",
    "sessions": """
        SELECT g.kind, SUM(s.anonymous_count)
        FROM outreach_groupsession s JOIN outreach_group g ON g.id = s.group_id
        WHERE g.unit_id = %(unit)s AND s.date >= %(first)s AND s.date <= %(last)s
        GROUP BY g.kind""",
    "collaborations": """
        WITH rows AS (
            SELECT r.direction, r.service, c.youth_id
            FROM collab_collaborationrequest r JOIN cases_case c ON c.id = r.case_id
            WHERE c.unit_id = %(unit)s AND r.consent_id IS NOT NULL
                AND r.sent_at >= %(start)s AND r.sent_at < %(end)s
            UNION ALL
            SELECT i.direction, i.service, c.youth_id
            FROM transfer_importedcollaboration i JOIN cases_case c ON c.id = i.case_id
            WHERE i.unit_id = %(unit)s AND i.date >= %(first)s AND i.date <= %(last)s)
        SELECT direction, service, COUNT(*), NULL FROM rows GROUP BY direction, service
        UNION ALL SELECT NULL, NULL, NULL, COUNT(DISTINCT youth_id) FROM rows""",
    "inquiries": """
        SELECT kind, service, COUNT(*) FROM collab_inquiry
        WHERE unit_id = %(unit)s AND on_date >= %(first)s AND on_date <= %(last)s
        GROUP BY kind, service""",
    "child_welfare": """
        SELECT
            (SELECT COUNT(*) FROM concerns_concernreport r JOIN cases_case c ON c.id = r.case_id
             WHERE c.unit_id = %(unit)s AND r.sent_at >= %(start)s AND r.sent_at < %(end)s),
            (SELECT COUNT(*) FROM concerns_informationrequest q
             JOIN cases_case c ON c.id = q.case_id
             WHERE c.unit_id = %(unit)s AND q.answered_on >= %(first)s
                AND q.answered_on <= %(last)s),
            (SELECT COUNT(*) FROM transfer_importedconcernreport i WHERE i.unit_id = %(unit)s
             AND i.kind = 'report' AND i.date >= %(first)s AND i.date <= %(last)s),
            (SELECT COUNT(*) FROM transfer_importedconcernreport i WHERE i.unit_id = %(unit)s
             AND i.kind = 'information_request_answered'
             AND i.date >= %(first)s AND i.date <= %(last)s)""",
}


def hand_sql(unit, year: int) -> dict:
    """The same figures, one hand-written query per table, shaped like the report."""
    from ungsam.concerns.models import start_of_day
    from ungsam.stats.annual_report import change_pct, norwegian_key

    p = {
        "unit": unit.pk,
        "first": date(year, 1, 1),
        "last": date(year, 12, 31),
        "previous_first": date(year - 1, 1, 1),
        "start": start_of_day(date(year, 1, 1)),
        "end": start_of_day(date(year + 1, 1, 1)),
    }
    rows = {}
    with connection.cursor() as cursor:
        for name, sql in HAND_SQL.items():
            cursor.execute(sql, p)
            rows[name] = cursor.fetchall()
    channels = dict.fromkeys(["field", "internet", "social_media", "gaming"], 0)
    genders = dict.fromkeys(["girl", "boy", "other", "unknown"], 0)
    ages = dict.fromkeys(["barneskole", "ungdomsskole", "vgs", "over18", "unknown"], 0)
    previous_field = 0
    places = {}
    for channel, gender, age, area, place, kind, this, previous in rows["contacts"]:
        channels[channel] += this
        genders[gender] += this
        ages[age] += this
        if channel == "field":
            previous_field += previous
            if this:
                row = places.setdefault(
                    (area, place), {"area": area, "place": place, "kind": kind, "contacts": 0}
                )
                row["contacts"] += this
    by_place = sorted(
        places.values(),
        key=lambda r: (norwegian_key(r["area"]), norwegian_key(r["place"]), r["place"]),
    )
    total, anonymous, youths = rows["conversations"][0]
    kinds = ["girls", "boys", "life_mastery", "gaming", "flyt", "other"]
    named = {kind: (n, u) for kind, n, u in rows["attendance"] if kind}
    all_youths = next((u for kind, _n, u in rows["attendance"] if kind is None), 0)
    anonymous_by_kind = dict(rows["sessions"])
    by_kind = {}
    for kind in kinds:
        n, u = named.get(kind, (0, 0))
        a = anonymous_by_kind.get(kind) or 0
        if n or a:
            by_kind[kind] = {"unique_youths": u, "participations": n, "anonymous_participations": a}
    codes = ServiceCode.values
    directions = {"incoming": {}, "outgoing": {}}
    collab_youths = 0
    for direction, service, n, youths_n in rows["collaborations"]:
        if direction is None:
            collab_youths = youths_n
        else:
            directions[direction][service] = n
    incoming = {c: directions["incoming"][c] for c in codes if directions["incoming"].get(c)}
    outgoing = {c: directions["outgoing"][c] for c in codes if directions["outgoing"].get(c)}
    inquiries = {(k, s): n for k, s, n in rows["inquiries"]}
    by_service = {c: inquiries[("inquiry", c)] for c in codes if inquiries.get(("inquiry", c))}
    reports, answered, imported_reports, imported_answered = rows["child_welfare"][0]
    return {
        "unit": unit.slug,
        "year": year,
        "outreach": {
            "contacts": channels,
            "field_change_from_previous_year_pct": change_pct(channels["field"], previous_field),
            "by_place": by_place,
            "by_age_group": ages,
            "by_gender": genders,
        },
        "conversations": {"total": total, "unique_youths": youths, "anonymous": anonymous},
        "groups": {
            "by_kind": by_kind,
            "total": {
                "unique_youths": all_youths,
                "participations": sum(k["participations"] for k in by_kind.values()),
                "anonymous_participations": sum(
                    k["anonymous_participations"] for k in by_kind.values()
                ),
            },
        },
        "collaboration": {
            "with_consent": {
                "total": sum(incoming.values()) + sum(outgoing.values()),
                "unique_youths": collab_youths,
                "incoming": incoming,
                "outgoing": outgoing,
            },
            "anonymous_guidance": sum(n for (k, _s), n in inquiries.items() if k != "inquiry"),
            "without_consent": {"total": sum(by_service.values()), "by_service": by_service},
        },
        "child_welfare": {
            "reports_of_concern": reports + imported_reports,
            "information_requests_answered": answered + imported_answered,
        },
    }


def timed(function, runs: int) -> list[float]:
    function()  # warm-up: connection, plans, caches
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return times


def main() -> None:
    if connection.vendor != "postgresql":
        sys.exit("[bench] FAILED: annual_report_bench needs PostgreSQL (DATABASE_URL)")
    year = timezone.localdate().year - 1  # the last whole year; the one before it to compare
    started = time.perf_counter()
    unit, user, membership, places, partners = setup()
    from ungsam.outreach.models import ContactTally

    if ContactTally.objects.filter(unit=unit).exists():
        log(f"annual report: reusing the records of unit {unit.slug}")
    else:
        log(f"annual report: generating {CONTACTS} contacts and the rest for unit {unit.slug}")
        generate(unit, user, membership, places, partners, year)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE " + ", ".join(TABLES))
    log(f"annual report: data ready in {time.perf_counter() - started:.1f}s")

    report = annual_report(unit=unit, year=year)
    by_hand = hand_sql(unit, year)
    if report != by_hand:
        log(json.dumps(report, ensure_ascii=False))
        log(json.dumps(by_hand, ensure_ascii=False))
        sys.exit("[bench] FAILED: the annual report and the hand-written SQL disagree")
    total_contacts = sum(report["outreach"]["contacts"].values())
    log(
        f"annual report {year}: {total_contacts} contacts this year, "
        f"{report['conversations']['total']} conversations, "
        f"{report['groups']['total']['participations']} group participations, "
        f"{report['collaboration']['with_consent']['total']} collaborations; same as by hand"
    )
    orm = timed(lambda: annual_report(unit=unit, year=year), RUNS)
    hand = timed(lambda: hand_sql(unit, year), RUNS)
    log(f"annual report runs (s): {', '.join(f'{t:.3f}' for t in orm)}")
    log(f"hand-written SQL runs (s): {', '.join(f'{t:.3f}' for t in hand)}")
    best, best_hand = min(orm), min(hand)
    rows = [
        ("annual_report_s", round(best, 3), "s"),
        ("annual_report_median_s", round(statistics.median(orm), 3), "s"),
        ("annual_report_hand_sql_s", round(best_hand, 3), "s"),
        ("annual_report_ratio_to_hand_sql", round(best / best_hand, 2), "ratio"),
    ]
    for name, value, unit_name in rows:
        print(json.dumps({"name": name, "value": value, "unit": unit_name}), flush=True)
    if best >= LIMIT_S:
        sys.exit(f"[bench] FAILED: annual_report_s {best:.3f}s, the limit is {LIMIT_S}s")


if __name__ == "__main__":
    main()
