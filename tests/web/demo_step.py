"""A demo step as a later issue would add it (tests/web/test_seed_demo.py)."""

SEEN = {}


def seed(demo):
    SEEN.update(
        municipality=demo.municipality.name,
        units=len(demo.units),
        leader=demo.users["leo.leder"].username,
        youth=len(demo.youth),
        cases=len(demo.cases),
    )
    demo.counts["later things"] = 1
