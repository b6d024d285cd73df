"""`manage.py annual_report --format html|pdf|xlsx` (issue 17, item 2): HTML to standard output
unless --output, PDF and Excel only to a file (a clear message and a non-zero exit otherwise);
standard output holds the report only."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from tests.access.test_subject_access_pdf import pdf_text
from tests.stats.conftest import YEAR


def run(*args):
    err = io.StringIO()
    call_command("annual_report", *args, stderr=err)
    return err.getvalue()


def test_html_goes_to_standard_output_alone(outreach, capsys):
    err = run("--unit", outreach.unit_c.slug, "--year", str(YEAR), "--format", "html")
    out = capsys.readouterr().out
    assert out.startswith("<!DOCTYPE html>") and out.rstrip().endswith("</html>")
    assert "Stasjonen" in out and "1\xa0234" in out
    assert "html" in err  # the summary is on standard error


@pytest.mark.parametrize("fmt", ["pdf", "xlsx"])
def test_binary_formats_need_an_output_file(outreach, capsys, fmt):
    with pytest.raises(CommandError) as refused:
        run("--unit", outreach.unit_c.slug, "--year", str(YEAR), "--format", fmt)
    assert str(refused.value) == _("The format %(format)s needs --output FILE.") % {"format": fmt}
    assert capsys.readouterr().out == ""


def test_pdf_and_xlsx_to_a_file(outreach, tmp_path, capsys):
    pdf, book = tmp_path / "r.pdf", tmp_path / "r.xlsx"
    for fmt, path in (("pdf", pdf), ("xlsx", book)):
        run(
            "--unit",
            outreach.unit_c.slug,
            "--year",
            str(YEAR),
            "--format",
            fmt,
            "--output",
            str(path),
        )
    assert capsys.readouterr().out == ""
    assert pdf.read_bytes().startswith(b"%PDF")
    assert "Tærud skole" in pdf_text(pdf.read_bytes())
    sheet = load_workbook(io.BytesIO(book.read_bytes()))[_("Contacts by channel")]
    rows = list(sheet.values)
    assert rows[0][:2] == (_("Channel"), _("Contacts"))
    assert rows[1][1] == 1237  # 1 234 at the station and 3 at the school, in the field


def test_html_to_a_file_leaves_standard_output_empty(outreach, tmp_path, capsys):
    path = tmp_path / "r.html"
    run(
        "--unit",
        outreach.unit_c.slug,
        "--year",
        str(YEAR),
        "--format",
        "html",
        "--output",
        str(path),
    )
    assert capsys.readouterr().out == ""
    assert "Stasjonen" in path.read_text(encoding="utf-8")


def test_an_unknown_format_is_refused(outreach):
    with pytest.raises(CommandError):
        run("--unit", outreach.unit_c.slug, "--year", str(YEAR), "--format", "docx")
