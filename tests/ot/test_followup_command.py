"""`manage.py ot_deadlines` (issue 18, point 4): counts per unit for a nightly check, on any
day given, with no name of any youth in its output."""

import io
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command

from tests.ot.followup_world import world  # noqa: F401 (a fixture)


def _run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("ot_deadlines", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_it_counts_per_unit_without_names(world):  # noqa: F811
    w, p = world, world.p
    w.register("Nora", 20)
    w.register("Sander", 3, worker=p.los_b)
    w.case("Kari", p.unit_a, 40, worker=p.los_a)
    out, err = _run()
    assert out == ""
    lines = {line.split(":")[0]: line for line in err.splitlines()}
    assert "OT B" in lines and "Los A" in lines
    numbers = [int(s) for s in lines["OT B"].replace(",", " ").split() if s.isdigit()]
    assert numbers == [1, 0, 1, 0]  # Nora: first contact overdue, no contact person
    numbers = [int(s) for s in lines["Los A"].replace(",", " ").split() if s.isdigit()]
    assert numbers == [0, 0, 0, 1]  # Kari: no contact for 40 days
    for name in ("Nora", "Sander", "Kari", "Anna", "Otsen", "Fiktivsen", "Saksen"):
        assert name not in err


def test_it_evaluates_another_day(world):  # noqa: F811
    w = world
    w.register("Sander", 3, worker=w.p.los_b)  # due in 11 days
    _out, today = _run()
    day = (w.today + timedelta(days=12)).isoformat()
    _out, later = _run("--date", day)
    assert day in later

    def first_contacts_overdue(err):
        line = next(line for line in err.splitlines() if line.startswith("OT B"))
        return [int(s) for s in line.replace(",", " ").split() if s.isdigit()][0]

    assert first_contacts_overdue(today) == 0
    assert first_contacts_overdue(later) == 1


@pytest.mark.parametrize("bad", ["2026-13-01", "i morgen", "26-1-1", "1999-12-31"])
def test_a_bad_date_is_a_message(db, bad):
    with pytest.raises(CommandError):
        _run("--date", bad)
