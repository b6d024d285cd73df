"""The documented sample bundle (docs/importpakke-eksempel/) and the demo step that imports
the previous year's history, and garbage in place of a bundle's files."""

import io
import random
from datetime import date, timedelta
from pathlib import Path

from django.core.management import call_command
from django.db.models import Sum
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.transfer.conftest import HEADERS, write
from ungsam.access.audit import SystemActor
from ungsam.cases.models import Case
from ungsam.collab.models import Inquiry
from ungsam.lib.demo import DemoContext
from ungsam.outreach.models import ContactTally, GroupSession
from ungsam.transfer import demo as transfer_demo
from ungsam.transfer.bundle import Bundle, validate
from ungsam.transfer.models import ImportedCollaboration, ImportedConcernReport, ImportedRow


def test_the_documented_sample_is_what_the_generator_makes(tmp_path):
    made = transfer_demo.write_sample(tmp_path / "ny")
    for path in sorted(transfer_demo.SAMPLE_DIR.iterdir()):
        assert (made / path.name).read_bytes() == path.read_bytes(), path.name


def test_the_sample_imports_cleanly_and_again_changes_nothing(personas, sample):
    out = io.StringIO()
    call_command("import_bundle", str(sample), "--unit", "ute-c", stdout=out)
    rows = {p.stem: len(p.read_text(encoding="utf-8").splitlines()) - 1 for p in sample.iterdir()}
    assert ImportedRow.objects.count() == sum(rows.values())
    unit = personas.unit_c
    assert ContactTally.objects.filter(unit=unit).count() == rows["contacts"]
    assert Case.objects.filter(unit=unit, imported=True).count() == rows["youths"]
    assert not ContactTally.objects.filter(unit=unit).exclude(date__year=2025).exists()
    before = ImportedRow.objects.count(), ContactTally.objects.aggregate(n=Sum("count"))["n"]
    call_command("import_bundle", str(sample), "--unit", "ute-c", stdout=io.StringIO())
    assert (ImportedRow.objects.count(), ContactTally.objects.aggregate(n=Sum("count"))["n"]) == (
        before
    )


def test_the_demo_step_imports_last_years_history_up_to_the_apps_own_year(personas):
    p = personas
    demo = DemoContext(scale=1, system=SystemActor("test"), today=date(2026, 11, 26))
    demo.start_step("ungsam.transfer.demo")
    demo.municipality = p.municipality
    demo.units = {"Utekontakten Sentrum": p.unit_c}
    transfer_demo.seed(demo)

    tallies = ContactTally.objects.filter(unit=p.unit_c)
    total = tallies.aggregate(n=Sum("count"))["n"]
    assert 20_000 < total < 32_000  # a little under the app's demo year of about 34 000
    dates = tallies.values_list("date", flat=True)
    assert min(dates) >= date(2025, 1, 1)
    assert max(dates) <= date(2026, 11, 26) - timedelta(days=366)
    assert tallies.values("place").distinct().count() >= 6
    assert Case.objects.filter(unit=p.unit_c, imported=True).count() == 12
    assert GroupSession.objects.filter(group__unit=p.unit_c).count() >= 15
    assert ImportedCollaboration.objects.filter(unit=p.unit_c).exists()
    assert Inquiry.objects.filter(unit=p.unit_c, kind="inquiry").exists()
    assert Inquiry.objects.filter(unit=p.unit_c, kind="anonymous_guidance").exists()
    assert ImportedConcernReport.objects.filter(unit=p.unit_c).count() == 5
    assert demo.counts["imported history rows"] == ImportedRow.objects.count()


def test_the_demo_bundle_is_the_same_for_the_same_seed():
    a = transfer_demo.history_bundle(random.Random(1), 2025)
    b = transfer_demo.history_bundle(random.Random(1), 2025)
    assert a == b and len(a["contacts"]) > 300


CELL = st.text(alphabet=st.characters(codec="utf-8"), max_size=12)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    file=st.sampled_from(sorted(HEADERS)),
    rows=st.lists(st.lists(CELL, max_size=8), max_size=6),
    keep_header=st.booleans(),
    raw=st.one_of(st.none(), st.binary(max_size=200)),
)
def test_garbage_in_a_file_gives_errors_never_a_crash(
    tmp_path_factory, file, rows, keep_header, raw
):
    """Any cells, or any bytes, in any file: validation lists errors (each file:line: column:
    message) or accepts it, and never raises."""
    folder = tmp_path_factory.mktemp("soppel")
    if raw is not None:
        content = raw
    else:
        lines = [",".join(cells) for cells in rows]
        content = "\n".join(([HEADERS[file]] if keep_header else []) + lines)
    write(folder, {file: content})
    with Bundle(Path(folder)) as bundle:
        preview, _plan = validate(bundle, None)
    for error in preview.errors:
        text = str(error)
        assert text.startswith(f"{error.file}:{error.line}: {error.column}: ")
        assert error.message
