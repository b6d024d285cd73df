"""The demo's history from the older system: Utekontakten Sentrum's previous calendar year,
as the unit would have exported it when it moved to Ungsam, imported through the import
bundle's own service (so the annual report can compare a year of imported records with a year
entered in the app). The history stops where the app's own demo year begins (the tally demo
counts the last 365 days): the day the unit switched systems.

`history_bundle` makes the bundle's rows (deterministic for a seed and a year: every name is
fictitious), `write_bundle` writes them as CSV files. docs/importpakke-eksempel/ is the same
bundle for 2025 (`manage.py shell -c "from ungsam.transfer.demo import write_sample;
write_sample()"` writes it again); the tests import it. One step of `manage.py seed_demo`."""

import csv
import random
import tempfile
from datetime import date, timedelta
from pathlib import Path

from ungsam.transfer.bundle import FILES, file_name

UNIT = "Utekontakten Sentrum"
LEADER = "lars.leder"
SAMPLE_DIR = Path(__file__).resolve().parent.parent.parent / "docs" / "importpakke-eksempel"
SAMPLE_YEAR = 2025
SAMPLE_SEED = 2025

# The demo municipality's places (ungsam/org/demo.py), by name, as the old system named them:
# matched by name on import. (name, area, kind, field or online)
PLACES = [
    ("Torget", "Sentrum", "street"),
    ("Stasjonsområdet", "Sentrum", "station"),
    ("Bussterminalen", "Sentrum", "station"),
    ("Fiktivik ungdomsskole, skolegården", "Nordby", "school"),
    ("Skateparken", "Nordby", "street"),
    ("Fritidsklubben Loftet", "Søndre", "youth_club"),
    ("Kjøpesenteret Fiktivik", "Søndre", "station"),
    ("Nett og sosiale medier", "Nett og sosiale medier", "online"),
]
MONTH = {1: 0.7, 2: 0.75, 3: 0.9, 4: 1.0, 5: 1.15, 6: 1.2, 7: 0.85, 8: 1.25, 9: 1.3, 10: 1.15,
         11: 0.95, 12: 0.8}  # fmt: skip
GENDER = {"girl": 46, "boy": 48, "other": 2, "unknown": 4}
AGE = {"barneskole": 12, "ungdomsskole": 45, "vgs": 28, "over18": 10, "unknown": 5}
ONLINE = {"internet": 3, "social_media": 4, "gaming": 2}
# About 30 000 contacts a year in a few hundred rows (a shift's contacts summed per place,
# gender and age group, as an older system exports them): a little under the app's demo year,
# so the report shows a rise.
ROWS_PER_MONTH = 40
MEAN_COUNT = 60
YOUTHS = [
    ("Amalie", "Fjellstad", "girl"),
    ("Jonas", "Bekkevold", "boy"),
    ("Sofie", "Lindgren", "girl"),
    ("Elias", "Haugtun", "boy"),
    ("Nora", "Vikestad", "girl"),
    ("Filip", "Aasheim", "boy"),
    ("Ingrid", "Moberget", "girl"),
    ("Mikkel", "Storvik", "boy"),
    ("Aylin", "Demirtas", "girl"),
    ("Kaan", "Yildirimsen", "boy"),
    ("Ida", "Tangvall", "girl"),
    ("Alex", "Nordhagen", "other"),
]
CONVERSATION_CHANNELS = {"street": 40, "school": 15, "office": 15, "phone": 15, "social_media": 10,
                         "home_visit": 3, "other": 2}  # fmt: skip
SERVICES_WITH_CONSENT = {
    "skole": 8,
    "barnevern": 5,
    "nav": 4,
    "bup_dps": 3,
    "foresatte": 6,
    "helsestasjon_ungdom": 3,
    "politi": 2,
    "fritid_med_bistand": 2,
}  # noqa: E501 fmt: skip
SERVICES_WITHOUT = {"skole": 6, "politi": 4, "barnevern": 3, "helsestasjon_ungdom": 2, "nav": 1}


def _pick(rng: random.Random, weights: dict) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _day(rng: random.Random, first: date, last: date) -> date:
    return first + timedelta(days=rng.randrange((last - first).days + 1))


def history_bundle(rng: random.Random, year: int, until: date | None = None) -> dict[str, list]:
    """The bundle's rows per file (lists of cells in the files' column order) for the year,
    with no date after `until`."""
    first = date(year, 1, 1)
    last = min(date(year, 12, 31), until) if until else date(year, 12, 31)
    bundle: dict[str, list] = {file: [] for file in FILES}
    for i, (name, area, kind) in enumerate(PLACES, 1):
        bundle["places"].append([f"sted-{i}", name, area, kind])
    online = [f"sted-{i}" for i, p in enumerate(PLACES, 1) if p[2] == "online"]
    field = [f"sted-{i}" for i, p in enumerate(PLACES, 1) if p[2] != "online"]
    n = 0
    for month in range(1, 13):
        start = date(year, month, 1)
        end = (date(year + (month == 12), month % 12 + 1, 1)) - timedelta(days=1)
        end = min(end, last)
        if start > end:
            break
        for _ in range(round(ROWS_PER_MONTH * MONTH[month])):
            n += 1
            day = _day(rng, start, end)
            is_online = rng.random() < 0.15
            channel = _pick(rng, ONLINE) if is_online else "field"
            place = rng.choice(online if is_online else field)
            count = max(1, round(rng.gauss(MEAN_COUNT, MEAN_COUNT / 3)))
            bundle["contacts"].append(
                [
                    f"k-{n}",
                    day.isoformat(),
                    place,
                    channel,
                    _pick(rng, GENDER),
                    _pick(rng, AGE),
                    str(count),
                ]  # fmt: skip
            )
    youths = []
    for i, (first_name, last_name, gender) in enumerate(YOUTHS, 1):
        born = date(year - rng.randint(13, 19), rng.randint(1, 12), rng.randint(1, 28))
        youths.append(f"u-{i}")
        bundle["youths"].append([f"u-{i}", first_name, last_name, born.isoformat(), gender])
    for i in range(1, 91):
        anonymous = rng.random() < 0.3
        bundle["conversations"].append(
            [
                f"s-{i}",
                _day(rng, first, last).isoformat(),
                "" if anonymous else rng.choice(youths),
                _pick(rng, CONVERSATION_CHANNELS),
            ]  # fmt: skip
        )
    bundle["groups"].append(["g-1", "Jentegruppa Søndre", "girls"])
    girls = [f"u-{i}" for i, y in enumerate(YOUTHS, 1) if y[2] == "girl"]
    day, a = date(year, 1, 8), 0
    while day <= min(date(year, 6, 15), last):
        for youth in rng.sample(girls, rng.randint(2, len(girls))):
            a += 1
            bundle["attendance"].append([f"d-{a}", "g-1", day.isoformat(), youth])
        for _ in range(rng.randint(0, 3)):
            a += 1
            bundle["attendance"].append([f"d-{a}", "g-1", day.isoformat(), ""])
        day += timedelta(days=7)
    for i in range(1, 41):
        kind = rng.random()
        day = _day(rng, first, last).isoformat()
        direction = "outgoing" if rng.random() < 0.6 else "incoming"
        if kind < 0.5:
            row = [day, rng.choice(youths), direction, _pick(rng, SERVICES_WITH_CONSENT), "yes"]
        elif kind < 0.7:
            row = [day, "", direction, _pick(rng, SERVICES_WITH_CONSENT), "yes"]
        else:
            row = [day, "", direction, _pick(rng, SERVICES_WITHOUT), "no"]
        bundle["collaborations"].append([f"v-{i}", *row])
    for i in range(1, 6):
        kind = "report" if i <= 3 else "information_request_answered"
        bundle["concern_reports"].append(
            [f"b-{i}", _day(rng, first, last).isoformat(), rng.choice(youths), kind]
        )
    for file, prefix in (("contacts", "k"), ("conversations", "s"), ("collaborations", "v"),
                         ("concern_reports", "b")):  # fmt: skip
        # In date order, numbered as an older system numbers its records.
        ordered = sorted(bundle[file], key=lambda row: row[1])
        bundle[file] = [[f"{prefix}-{i}", *row[1:]] for i, row in enumerate(ordered, 1)]
    return bundle


def write_bundle(rows: dict[str, list], folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for file, columns in FILES.items():
        with open(folder / file_name(file), "w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out, lineterminator="\n")
            writer.writerow([c.name for c in columns])
            writer.writerows(rows.get(file, []))
    return folder


def write_sample(folder: Path = SAMPLE_DIR) -> Path:
    """docs/importpakke-eksempel/: the demo bundle for 2025."""
    return write_bundle(history_bundle(random.Random(SAMPLE_SEED), SAMPLE_YEAR), folder)  # noqa: S311


def history_span(today: date) -> tuple[int, date]:
    """(year, last day) of the demo's history: the previous calendar year, ending before the
    app's own demo year (the last 365 days) begins."""
    until = today - timedelta(days=366)
    year = today.year - 1
    if until < date(year, 1, 1):
        until = date(year, 12, 31)
    return year, until


def seed(demo) -> None:
    from ungsam.access import policy
    from ungsam.transfer.services import import_bundle

    unit = demo.units.get(UNIT)
    if unit is None:
        return
    rows = history_bundle(demo.rng, *history_span(demo.today))
    # The unit's leader imported it, as she would in the app (so the demo needs no import
    # account); the system when the leader is not in this demo.
    actor = demo.users.get(LEADER)
    if actor is None or not policy.may_import_bundle(actor, unit):
        actor = demo.system
    with tempfile.TemporaryDirectory(prefix="ungsam-demo-bundle-") as folder:
        source = write_bundle(rows, Path(folder))
        result = import_bundle(actor=actor, unit=unit, source=source)
    demo.counts["imported history rows"] = result.preview.new
