import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from ungsam.org.models import Membership, Role
from ungsam.people.models import Youth
from ungsam.web.demo import DEMO_USERS


def test_it_builds_a_municipality_with_every_role(db):
    call_command("seed_demo")
    roles = set(Membership.objects.values_list("role", flat=True))
    assert roles == set(Role.values)
    assert Youth.objects.count() == 60
    assert {d.username for d in DEMO_USERS} <= set(
        Membership.objects.values_list("user__username", flat=True)
    )


def test_it_scales_the_data(db):
    call_command("seed_demo", scale=2)
    assert Youth.objects.count() == 120


def test_it_leaves_an_existing_database_alone(db, capsys):
    call_command("seed_demo")
    call_command("seed_demo", if_empty=True)
    assert Youth.objects.count() == 60
    with pytest.raises(CommandError):
        call_command("seed_demo")


def test_it_leaves_a_verifiable_audit_log(db, capsys):
    call_command("seed_demo")
    call_command("verify_audit")
    assert "Audit log intact" in capsys.readouterr().out


def test_it_prints_the_demo_logins_one_per_line(db, capsys):
    call_command("demo_logins")
    lines = capsys.readouterr().out.splitlines()
    assert "lise.los / demo-passord-2026  (Case worker, Los Nordby)" in [
        line.replace("Saksbehandler", "Case worker") for line in lines
    ]
