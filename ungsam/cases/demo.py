"""The demo youth's cases: one open case each, spread over the units, with the units' workers
as contact persons (two in outreach). One step of `manage.py seed_demo` (ungsam/lib/demo.py)."""

from datetime import timedelta

from ungsam.access.models import Purpose
from ungsam.cases.services import case_open
from ungsam.lib.demo import DemoContext
from ungsam.org.models import UnitKind

# How the youth are spread over the units (share of all youth).
UNIT_SHARE = {
    "Los Nordby": 0.4,
    "Utekontakten Sentrum": 0.25,
    "Nærværsteamet Søndre": 0.2,
    "OT Fiktivik": 0.15,
}


def seed(demo: DemoContext) -> None:
    rng, units = demo.rng, demo.units
    total = len(demo.youth)
    plan = [name for name, share in UNIT_SHARE.items() for _ in range(round(share * total))]
    for i, (youth, unit_name) in enumerate(zip(demo.youth, plan, strict=True)):
        team = demo.teams[unit_name]
        # Outreach cases have two contact persons; the others one.
        if units[unit_name].kind == UnitKind.OUTREACH and len(team) > 1:
            contacts = rng.sample(team, 2)
        else:
            contacts = [team[i % len(team)]]
        case = case_open(
            actor=demo.system,
            purpose=Purpose.DEMO_DATA,
            youth=youth,
            unit=units[unit_name],
            contact_persons=contacts,
            opened_on=demo.today - timedelta(days=rng.randint(1, 400)),
        )
        demo.cases.append(case)
        demo.contact_persons[case.pk] = contacts
    demo.counts["cases"] = len(demo.cases)
