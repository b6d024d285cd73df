"""`manage.py import_school_data`: the summary on standard error, every error as
file:line: column: message, a non-zero exit on errors, --dry-run writing nothing."""

from datetime import date

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from tests.ot.school_import_helpers import csv_bytes, fnr, row
from tests.ot.school_import_helpers import schools as schools  # noqa: F401
from ungsam.ot.models import SchoolDataImport, StudentPeriod


def command(tmp_path, data, *args):
    path = tmp_path / "elever.csv"
    path.write_bytes(data)
    out, err = [], []

    class Sink:
        def __init__(self, into):
            self.into = into

        def write(self, text):
            self.into.append(text)

        def flush(self):
            pass

    with translation.override("en"):
        call_command("import_school_data", str(path), *args, stdout=Sink(out), stderr=Sink(err))
    return "".join(out), "".join(err)


def test_it_imports_and_summarises_on_stderr(schools, tmp_path):
    data = csv_bytes(
        row(fodselsnummer=fnr(date(2011, 2, 1))), row(elevnummer="E2", status="sluttet")
    )
    out, err = command(tmp_path, data, "--municipality", "9998")
    assert out == ""
    assert "elever.csv: 2 rows, 2 students (2 new in the register)" in err
    assert "registered with the follow-up service: 1." in err
    assert StudentPeriod.objects.count() == 2
    _out, again = command(tmp_path, data, "--municipality", "9998")
    assert "periods: 0 new, 0 changed, 2 unchanged." in again


def test_errors_exit_non_zero_and_import_nothing(schools, tmp_path):
    with pytest.raises(SystemExit) as exit_:
        command(tmp_path, csv_bytes(row(), row(trinn="x", status="?")), "--municipality", "9998")
    assert exit_.value.code == 1
    assert StudentPeriod.objects.count() == 0


def test_the_error_lines(schools, tmp_path, capsys):
    with translation.override("en"), pytest.raises(SystemExit):
        path = tmp_path / "elever.csv"
        path.write_bytes(csv_bytes(row(), row(trinn="x")))
        call_command("import_school_data", str(path), "--municipality", "9998")
    err = capsys.readouterr().err
    assert "elever.csv:3: trinn: unknown grade (1–10, VG1–VG4)" in err
    assert "1 error: nothing was imported." in err


def test_dry_run_writes_nothing(schools, tmp_path):
    _out, err = command(tmp_path, csv_bytes(row()), "--municipality", "9998", "--dry-run")
    assert "Dry run: nothing was imported." in err
    assert SchoolDataImport.objects.count() == 0


def test_an_unknown_municipality_is_a_command_error(schools, tmp_path):
    with pytest.raises(CommandError):
        command(tmp_path, csv_bytes(row()), "--municipality", "1234")
