"""The annual report drawn as HTML, PDF and Excel (issue 17, item 2) from a hand-made report in
the JSON contract: the figures and the generated sentences are there, in Norwegian number
format, and a withheld count reads "<5" everywhere without a total that would give it away."""

import io
import re

import pytest
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from tests.access.test_subject_access_pdf import pdf_text
from tests.stats.annual_report_sample import sample_report, suppressed_sample
from ungsam.stats.annual_report_content import field_contacts_sentence, report_content
from ungsam.stats.annual_report_render import render_html, render_pdf, render_xlsx
from ungsam.stats.suppression import suppress

NBSP = "\xa0"


@pytest.fixture(autouse=True)
def norwegian():
    with translation.override("nb"):
        yield


def sentence(count, pct):
    return field_contacts_sentence(unit_name="Utekontakten", year=2025, count=count, change_pct=pct)


def test_an_increase_is_told_with_a_decimal_comma():
    text = sentence(1234, 12.5)
    expected = _("In %(year)s, %(unit)s registered %(count)s contacts in the field") % {
        "year": 2025,
        "unit": "Utekontakten",
        "count": f"1{NBSP}234",
    } + _(", an increase of %(pct)s %% from the year before.") % {"pct": "12,5"}
    assert text == expected


def test_a_decrease_is_told_without_a_minus_sign():
    text = sentence(900, -3.0)
    assert text.endswith(_(", a decrease of %(pct)s %% from the year before.") % {"pct": "3,0"})
    assert "-" not in text


def test_no_change_and_nothing_to_compare_with():
    assert sentence(10, 0.0).endswith(_(", the same as the year before."))
    assert sentence(10, None).endswith(_(", and none the year before to compare with."))
    assert sentence(0, None).startswith(
        _("In %(year)s, %(unit)s registered no contacts in the field")
        % {"year": 2025, "unit": "Utekontakten"}
    )


def test_a_withheld_count_reads_fewer_than_and_drops_the_change():
    text = sentence("<5", 40.0)
    assert _("fewer than %(limit)s") % {"limit": "5"} in text
    assert "40" not in text


def test_html_holds_the_figures_and_sentences_and_loads_nothing():
    html = render_html(sample_report(), unit_name="Utekontakten")
    assert html.startswith("<!DOCTYPE html>")
    assert f"1{NBSP}234" in html  # field contacts
    assert "Sten-Tærud" in html and "Strømmen storsenter" in html
    assert sentence(1234, 12.5) in html
    # Per area: Skedsmokorset's total (517 + 611) under its places, as seed 004's tables.
    assert f"1{NBSP}128" in html
    # The collaboration tables name the services in words, not codes.
    assert str(_("Youth in work (Ung i jobb)")) in html and "ung_i_jobb" not in html
    assert "<svg" in html and "<table" in html
    for external in ("<link", "<script", "src=", "http://", "https://"):
        assert external not in html


def test_html_of_a_decrease_and_of_a_first_year():
    assert sentence(1234, -7.5) in render_html(
        sample_report(outreach__field_change_from_previous_year_pct=-7.5), unit_name="Utekontakten"
    )
    assert sentence(1234, None) in render_html(
        sample_report(outreach__field_change_from_previous_year_pct=None), unit_name="Utekontakten"
    )


def test_suppressed_counts_read_less_than_five_and_no_area_total_gives_them_away():
    html = render_html(suppressed_sample(), unit_name="Utekontakten", limit=5)
    assert "&lt;5" in html
    content = report_content(suppressed_sample(), unit_name="Utekontakten", limit=5)
    tables = {t.key: t for t in content.tables}
    strommen = next(t for t in content.tables if "Strømmen" in t.title)
    assert [row[0] for row in strommen.rows] == ["Strømmen storsenter"]  # no total row
    assert strommen.rows[0][2] == "<5"
    areas = dict((row[0], row[1]) for row in tables["areas"].rows)
    assert areas == {"Skedsmokorset": 1128, "Strømmen": None}
    incoming = dict((row[0], row[1]) for row in tables["incoming"].rows)
    assert incoming[str(_("Police"))] == "<5"
    assert any("5" in line for line in content.intro[1:])  # says what "<5" means


def test_withheld_counts_draw_no_bar():
    html = render_html(suppressed_sample(), unit_name="Utekontakten", limit=5)
    chart = re.search(r'<svg[^>]*aria-labelledby="annual-incoming-title".*?</svg>', html, re.S)
    # Barnevern and Politi withheld: only Foresatte's bar has a width.
    widths = re.findall(r'<rect [^>]*width="(\d+)"', chart.group(0))
    assert sorted(int(w) > 0 for w in widths) == [False, False, True]


def test_pdf_has_the_text_and_norwegian_letters():
    pdf = render_pdf(suppressed_sample(), unit_name="Utekontakten", limit=5)
    assert pdf.startswith(b"%PDF")
    text = pdf_text(pdf)
    assert "Utekontakten" in text
    assert "Sten-Tærud" in text and "Strømmen storsenter" in text
    assert "<5" in text
    assert "517" in text


def test_xlsx_has_one_sheet_per_table_with_headers_and_numbers():
    data = render_xlsx(suppressed_sample(), unit_name="Utekontakten", limit=5)
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames[0] == _("About this report")
    channels = book[_("Contacts by channel")]
    rows = list(channels.values)
    assert rows[0] == (_("Channel"), _("Contacts"))
    assert rows[1] == (str(_("In the field")), 1234)  # a number, not text
    incoming = book[_("Incoming collaboration from other services")[:31]]
    values = {r[0]: r[1] for r in incoming.values}
    assert values[str(_("Police"))] == "<5"
    assert values[str(_("Parents and guardians"))] == 20
    # An area's sheet is named by the area: "Kontakter i feltet: …" would be cut at 31.
    korset = list(book["Skedsmokorset"].values)
    assert korset[0] == (_("Place"), _("Kind of place"), _("Contacts"))
    assert korset[1] == ("Sten-Tærud", str(_("School yard")), 517)
    groups = book[_("Groups by kind")]
    assert list(groups.values)[0] == (
        _("Kind of group"),
        _("Unique youths"),
        _("Participations"),
        _("Anonymous participations"),
    )


def test_details_add_last_year_and_the_months():
    channels = {"field": 1097, "internet": 10, "social_media": 0, "gaming": 0}
    previous = sample_report(outreach__contacts=channels)
    month = {"field": 100, "internet": 0, "social_media": 0, "gaming": 0}
    months = dict.fromkeys(range(1, 13), month)
    content = report_content(
        sample_report(), {"previous": previous, "contacts_by_month": months}, unit_name="U"
    )
    tables = {t.key: t for t in content.tables}
    assert tables["channels"].header[-1] == _("The year before")
    assert tables["channels"].rows[0][1:] == [1234, 1097]
    assert len(tables["months"].rows) == 12
    assert tables["months"].rows[0][1] == 100


def test_a_number_withheld_to_protect_others_reads_withheld_in_sentences():
    html = render_html(sample_report(collaboration__anonymous_guidance=":"), limit=5)
    assert str(_("a withheld number of")) in html
    assert _("fewer than %(limit)s") % {"limit": ":"} not in html


def test_the_suppressed_report_as_suppression_gives_it():
    report = suppress(sample_report(), 5)
    content = report_content(report, unit_name="Utekontakten", limit=5)
    genders = {row[0]: row[1] for row in {t.key: t for t in content.tables}["genders"].rows}
    assert genders[str(_("Other"))] == "<5"  # 3 in the sample
    html = render_html(report, unit_name="Utekontakten", limit=5)
    assert "&lt;5" in html
    assert render_pdf(report, limit=5).startswith(b"%PDF")
    book = load_workbook(io.BytesIO(render_xlsx(report, limit=5)))
    values = {r[0]: r[1] for r in book[_("Contacts by gender (all channels)")[:31]].values}
    assert values[str(_("Other"))] == "<5"


def test_row_labels_read_as_words_not_as_grouped_numbers():
    # A label is a lazy translation, not a str: formatted as a count it came out "F elt arb eid".
    html = render_html(sample_report(), unit_name="Utekontakten")
    labels = re.findall(r'<th scope="row">([^<]*)</th>', html)
    assert labels and all(NBSP not in label and "  " not in label for label in labels)
    assert any(label == str(_("In the field")) for label in labels)
