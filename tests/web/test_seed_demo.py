from collections import Counter
from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from ungsam.access.models import AuditEvent
from ungsam.cases.models import Case, CaseContact
from ungsam.org.demo import DEMO_USERS
from ungsam.org.models import (
    District,
    Membership,
    Municipality,
    PartnerOrganization,
    Place,
    Role,
    Unit,
    User,
)
from ungsam.people.models import Youth


# The tests of what seed_demo builds read the run's snapshot of it (tests/conftest.py's
# demo_data, seeded by the command itself); the others run the command.
def test_it_builds_a_municipality_with_every_role(db, demo_data):
    roles = set(Membership.objects.values_list("role", flat=True))
    assert roles == set(Role.values)
    # 60 followed, 20 referred and waiting, and one outreach met under a code name first; and
    # 12 in outreach's history imported from its older system (ungsam/transfer/demo.py); and
    # 26 on the OT registers (25 registrations, and one who moved is registered again in
    # Nordvik: ungsam/ot/register_demo.py).
    # 11 whom nobody followed up, 5 of them on the OT register (ungsam/ot/followup_demo.py);
    # 3 on OT Fiktivik's register for the handover demo (ungsam/ot/handover_demo.py); and the
    # school data's new students (ungsam/ot/school_import_demo.py), two of them also in
    # Nabovik's register (routed to OT Nabovik when they left school).
    assert Youth.objects.count() == 81 + 12 + 26 + 11 + 3 + 201
    assert {d.username for d in DEMO_USERS} <= set(
        Membership.objects.values_list("user__username", flat=True)
    )


def test_it_scales_the_data(db):
    call_command("seed_demo", scale=2)
    # Fewer new students at scale 2: more of them are demo youth already.
    assert Youth.objects.count() == 161 + 12 + 26 + 11 + 3 + 187


def test_it_leaves_an_existing_database_alone(db, capsys):
    call_command("seed_demo")
    call_command("seed_demo", if_empty=True)
    assert Youth.objects.count() == 81 + 12 + 26 + 11 + 3 + 201
    with pytest.raises(CommandError):
        call_command("seed_demo")


def test_it_leaves_a_verifiable_audit_log(db, demo_data, capsys):
    call_command("verify_audit")
    assert "Audit log intact" in capsys.readouterr().out


def test_it_prints_the_demo_logins_one_per_line(db, capsys):
    call_command("demo_logins")
    lines = capsys.readouterr().out.splitlines()
    assert "lise.los / demo-passord-2026  (Case worker, Los Nordby)" in [
        line.replace("Saksbehandler", "Case worker") for line in lines
    ]


def test_it_builds_the_same_fiktivik(db, demo_data):
    """The municipality as the demo, the browser tests and `make bench` know it: who holds which
    role where, who gave it and who approved it, how the youth spread over the units, and the
    audit history (this test was written before seed_demo was split into one step per app)."""
    # Fiktivik and its neighbours, whose youth OT units in Ungsam also serve (issue 18).
    assert list(Municipality.objects.values_list("name", "number", "county__name")) == [
        ("Fiktivik kommune", "9999", "Fjordfylket"),
        ("Nabovik kommune", "9981", "Fjordfylket"),
        ("Nordvik kommune", "9871", "Nordfylket"),
        ("Småvik kommune", "9982", "Fjordfylket"),
    ]
    assert sorted(District.objects.values_list("name", flat=True)) == [
        "Nordby",
        "Sentrum",
        "Søndre",
    ]
    assert sorted(Unit.objects.values_list("name", "kind", "district__name", "active")) == [
        ("Los Nordby", "los", "Nordby", True),
        ("Nærværsteamet Søndre", "presence_team", "Søndre", True),
        ("OT Fiktivik", "ot", None, True),
        ("OT Nabovik", "ot", None, True),
        ("OT Nordvik", "ot", None, True),
        ("Ungdomsteamet Vest", "outreach", "Nordby", False),  # closed down
        ("Utekontakten Sentrum", "outreach", "Sentrum", True),
    ]
    # One partner and one place no longer in use, kept for their history.
    assert PartnerOrganization.objects.filter(active=True).count() == 7
    assert PartnerOrganization.objects.filter(active=False).count() == 1
    assert Place.objects.filter(active=True).count() == 10
    assert Place.objects.filter(active=False, retired_on__isnull=False).count() == 1
    assert not Place.objects.filter(area__isnull=True).exists()  # each in an area
    roles = sorted(
        (
            m.user.username,
            m.role,
            str(m.place),
            m.status,
            m.granted_by and m.granted_by.username,
            m.decided_by and m.decided_by.username,
            m.ends_on,
        )
        for m in Membership.objects.select_related("user", "granted_by", "decided_by")
    )
    fiktivik, adam, alma, leo, lars = (
        "Fiktivik kommune",
        "adam.admin",
        "alma.admin",
        "leo.leder",
        "lars.leder",
    )
    assert roles == [
        ("adam.admin", "admin", fiktivik, "direct", None, None, None),
        ("alma.admin", "admin", fiktivik, "direct", None, None, None),
        ("ana.analytiker", "analyst", fiktivik, "direct", adam, None, None),
        (
            "bjorn.barnevern",
            "partner",
            "Barneverntjenesten i Fiktivik",
            "approved",
            adam,
            alma,
            None,
        ),
        ("kari.kommende", "caseworker", "OT Fiktivik", "pending", adam, None, None),
        ("lars.leder", "leader", "Utekontakten Sentrum", "approved", adam, alma, None),
        ("leo.leder", "leader", "Los Nordby", "approved", adam, alma, None),
        ("lise.los", "caseworker", "Los Nordby", "direct", leo, None, None),
        ("nils.nabo", "leader", "OT Nabovik", "direct", None, None, None),
        ("nina.nav", "partner", "NAV Fiktivik", "approved", adam, alma, None),
        ("nora.naervaer", "caseworker", "Los Nordby", "approved", adam, leo, None),
        ("nora.naervaer", "caseworker", "Nærværsteamet Søndre", "approved", adam, alma, None),
        ("oda.ot", "caseworker", "OT Fiktivik", "direct", "otto.otleder", None, None),
        ("otto.otleder", "leader", "OT Fiktivik", "approved", adam, alma, None),
        ("per.paavei", "caseworker", "Los Nordby", "pending", adam, None, None),
        ("sara.skole", "partner", "Fiktivik ungdomsskole", "approved", adam, alma, None),
        # Tor left: Alma closed his account, which ended his role the same day.
        ("tor.tidligere", "caseworker", "Los Nordby", "direct", leo, None, timezone.localdate()),
        ("ulf.ute", "caseworker", "OT Fiktivik", "direct", None, None, date(2025, 6, 30)),
        ("ulf.ute", "field_worker", "Utekontakten Sentrum", "direct", lars, None, None),
        # Una covers a leave of absence: her role has its end set, three months ahead.
        (
            "una.ute",
            "field_worker",
            "Utekontakten Sentrum",
            "direct",
            lars,
            None,
            timezone.localdate() + timedelta(days=90),
        ),
    ]
    assert User.objects.filter(must_set_password=True).count() == User.objects.count() == 18
    assert list(User.objects.filter(is_active=False).values_list("username", flat=True)) == [
        "tor.tidligere"
    ]
    assert set(User.objects.exclude(email="").values_list("username", flat=True)) == {
        "lise.los",
        "leo.leder",
    }
    # 60 youth followed up: 40 % Los Nordby, 25 % outreach (two contact persons each), 20 %
    # presence team, 15 % OT; every 29th from the 8th has a protected address. Each unit's
    # waiting list holds 5 more, referred by a partner, none with a contact person yet. Outreach
    # has one more: the youth first followed under the code name "Fjellrev", one contact person.
    assert Youth.objects.filter(protected_address=True).count() == 2
    # (Not counting the closed cases of the history imported from the older system.)
    per_unit = Counter(Case.objects.filter(imported=False).values_list("unit__name", flat=True))
    # The OT steps (issue 18) add to this: the school data's students who left school (nine,
    # ungsam/ot/school_import_demo.py), the OT registers (25 registrations at OT Fiktivik and
    # OT Nabovik and one at OT Nordvik, register_demo.py), three youth for the handover demo and
    # two los cases handed over (handover_demo.py), and quiet cases and registrations nobody
    # followed up (followup_demo.py).
    assert per_unit == {
        "Los Nordby": 29 + 4,
        "Utekontakten Sentrum": 21 + 2,
        "Nærværsteamet Søndre": 17,
        "OT Fiktivik": 51,
        "OT Nabovik": 7,
        "OT Nordvik": 1,
    }
    contacts = Counter(
        (c.unit.name, c.contacts.count())
        for c in Case.objects.filter(imported=False).select_related("unit")
    )
    assert contacts[("Utekontakten Sentrum", 2)] == 15 + 1
    # + OT registrations not yet taken on (the students who left school and others of the OT
    # steps) and cases whose contact person left.
    assert sum(n for (_, people), n in contacts.items() if people == 0) == 20 + 20
    stages = Counter(Case.objects.values_list("stage", flat=True))
    assert stages["referral"] + stages["waiting"] == 20 + 18 and stages["waiting"] > 0
    assert stages["closed"] > 0 and stages["assessment"] > 0 and stages["active"] > 0
    assert Case.objects.filter(status="closed").count() == stages["closed"]
    assert not Case.objects.filter(stage_changes__isnull=True).exists()  # every case has history
    # History: the system made the youth and cases; each primary contact person opened her
    # youth's page once; Leo looked at his unit's list; Una's probe of a Los Nordby youth was
    # refused.
    events = AuditEvent.objects
    # 80, and Fjellrev, registered from a code name with a case of her own.
    # (+ the youth and cases the OT steps add, above, through the services.)
    assert events.filter(action="create", object_type="people.youth").count() == 81 + 42
    assert events.filter(action="create", object_type="cases.case").count() == 61 + 6
    assert events.filter(action="create", object_type="cases.referral").count() == 20
    views = events.filter(action="view", object_type="people.youth")
    assert views.count() == 60
    assert {(e.actor.username, int(e.object_id)) for e in views.select_related("actor")} <= {
        (c.user.username, c.case.youth_id)
        # Not Fjellrev's: registered from a code name, her page not yet opened.
        for c in CaseContact.objects.filter(
            primary=True, case__code_name__isnull=True
        ).select_related("user", "case")
    }
    (listing,) = events.filter(action="list", actor__username="leo.leder")
    assert listing.subjects.count() == 25
    (probe,) = events.filter(action="access_denied")
    assert probe.actor.username == "una.ute"
    assert Case.objects.filter(youth_id=probe.object_id, unit__name="Los Nordby").exists()


def test_a_later_step_is_one_more_line(db, monkeypatch, capsys):
    """A later issue adds its demo data as a module with `seed(demo)` and one line in STEPS; the
    step sees what the earlier steps made and its counts join the summary."""
    from ungsam.web.management.commands import seed_demo

    monkeypatch.setattr(seed_demo, "STEPS", [*seed_demo.STEPS, "tests.web.demo_step"])
    call_command("seed_demo")
    from tests.web import demo_step

    assert demo_step.SEEN == {
        "municipality": "Fiktivik kommune",
        "units": 4,
        "leader": "leo.leder",
        "youth": 80,
        "cases": 60,
    }
    summary = capsys.readouterr().out.strip()
    assert "80 cases, " in summary and " assessments, " in summary
    assert summary.endswith(", 1 later things")
