"""What the demo steps share.

`manage.py seed_demo` builds the fictitious municipality Fiktivik one step per app: each app's
`demo.py` has a function `seed(demo)` and owns its own fictitious data. The command runs the
steps in order and hands each this context, holding what the earlier steps made for the later
ones to build on. A later app adds its data with a module and one line in the command's STEPS.
(Here, below the apps, so that no domain app needs the web app for it.)"""

import random
from dataclasses import dataclass, field
from datetime import date
from typing import Any


@dataclass
class DemoContext:
    """Handed to each step's `seed(demo)`; a step reads what earlier steps set and fills in
    its own part."""

    scale: int  # N times the youth and workers (for benchmarks)
    system: Any  # the SystemActor the steps act as where no person would
    seed: int = 2026
    # The running step's own generator, seeded by `seed` and the step's name (the command sets
    # it): the same data on every run, and a step added or changed later leaves the other
    # apps' data as it was.
    rng: random.Random = field(default_factory=random.Random)
    today: date = field(default_factory=date.today)
    # From org: the municipality, by name its districts, units and partner organizations, the
    # demo staff by username, and per unit the workers who take its cases.
    municipality: Any = None
    # The neighbouring municipalities (by name), whose youth OT units also serve.
    neighbours: dict[str, Any] = field(default_factory=dict)
    # Their OT units, by name (OT Nabovik, OT Nordvik): not in `units`, which are Fiktivik's.
    neighbour_units: dict[str, Any] = field(default_factory=dict)
    districts: dict[str, Any] = field(default_factory=dict)
    units: dict[str, Any] = field(default_factory=dict)
    partners: dict[str, Any] = field(default_factory=dict)
    users: dict[str, Any] = field(default_factory=dict)
    teams: dict[str, list] = field(default_factory=dict)
    # From people and cases: the youth, their cases, and each case's contact persons (by case
    # id, the primary one first).
    youth: list = field(default_factory=list)
    cases: list = field(default_factory=list)
    contact_persons: dict[int, list] = field(default_factory=dict)
    # What each step made, in order, for the command's summary line.
    counts: dict[str, int] = field(default_factory=dict)

    def start_step(self, name: str) -> None:
        self.rng = random.Random(f"{self.seed}:{name}")  # noqa: S311 (made-up data, no secret)
