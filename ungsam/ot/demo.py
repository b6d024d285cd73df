"""Which OT unit serves which home municipalities: OT Fiktivik serves Fiktivik, Nabovik's OT
team serves Nabovik and Småvik, and Nordvik (in the neighbouring county) has its own. One step
of `manage.py seed_demo`, right after the organisation."""

from ungsam.lib.demo import DemoContext
from ungsam.ot.models import OTCoverage

COVERAGE = [
    ("OT Fiktivik", None),  # the demo municipality itself
    ("OT Nabovik", "Nabovik kommune"),
    ("OT Nabovik", "Småvik kommune"),
    ("OT Nordvik", "Nordvik kommune"),
]


def seed(demo: DemoContext) -> None:
    units = {**demo.units, **demo.neighbour_units}
    for unit_name, municipality_name in COVERAGE:
        municipality = (
            demo.neighbours[municipality_name] if municipality_name else demo.municipality
        )
        OTCoverage.objects.create(unit=units[unit_name], municipality=municipality)
    demo.counts["municipalities served by OT"] = len(COVERAGE)
