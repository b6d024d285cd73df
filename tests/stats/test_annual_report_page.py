"""The annual report in the app (/statistikk/arsrapport/): a leader reads her own units' exact
figures; an analyst any unit's of her municipality, always withheld; downloads leave the unit,
so they are withheld unless the leader asks for exact figures, which the audit log records."""

import io
import json

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from tests.access.test_subject_access_pdf import pdf_text
from tests.stats.conftest import YEAR, tally
from ungsam.access.models import AuditAction, AuditEvent
from ungsam.org.models import Area, Place
from ungsam.stats import annual_report_document
from ungsam.stats.suppression import SECONDARY

PAGE = "/statistikk/arsrapport/"
DOWNLOAD = "/statistikk/arsrapport/last-ned/"


@pytest.fixture
def suppress_calls(monkeypatch):
    """Which limits the report was suppressed with (the rules are suppression.py's own)."""
    calls = []
    real = annual_report_document.suppress_details

    def spy(details, limit):
        calls.append(limit)
        return real(details, limit)

    monkeypatch.setattr(annual_report_document, "suppress_details", spy)
    return calls


def params(p, **extra):
    return {"unit": p.unit_c.pk, "year": YEAR, **extra}


def audit_rows(user, action):
    return [e.fields for e in AuditEvent.objects.filter(actor=user, action=action).order_by("id")]


def test_statistics_page_and_dashboard_link_here(outreach, login):
    client = login(outreach.leader_c)
    assert PAGE in client.get("/statistikk/").content.decode()
    assert PAGE in client.get("/").content.decode()


def test_the_leader_reads_her_units_exact_figures(outreach, login, suppress_calls):
    response = login(outreach.leader_c).get(PAGE, params(outreach))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Stasjonen" in html and "Tærud skole" in html
    assert "1\xa0234" in html
    assert '<td class="count">3</td>' in html and "&lt;5" not in html  # the school's 3, exact
    assert response.context["must_suppress"] is False
    assert suppress_calls == []
    assert audit_rows(outreach.leader_c, AuditAction.VIEW) == [["annual_report", "exact_figures"]]
    # Her own units only: Ute C, not Los A.
    assert list(response.context["form"].fields["unit"].queryset) == [outreach.unit_c]


def test_without_a_choice_the_page_shows_her_first_unit_and_last_year(outreach, login):
    response = login(outreach.leader_c).get(PAGE)
    assert response.status_code == 200
    assert response.context["form"].cleaned_data["year"] == YEAR
    assert response.context["form"].cleaned_data["unit"] == outreach.unit_c


def test_the_analyst_always_sees_small_numbers_withheld(outreach, login, suppress_calls):
    response = login(outreach.analyst).get(PAGE, params(outreach))
    assert response.status_code == 200
    assert response.context["must_suppress"] is True
    assert suppress_calls == [settings.SMALL_CELL_LIMIT]
    html = response.content.decode()
    assert "Tærud skole" in html and "&lt;5" in html  # its 3 contacts withheld
    # The intro names "<5" whatever the figures: the school's cell itself is withheld.
    assert '<td class="count">&lt;5</td>' in html and '<td class="count">3</td>' not in html
    assert audit_rows(outreach.analyst, AuditAction.VIEW) == [
        ["annual_report", "suppressed_figures"]
    ]
    assert 'name="exact"' not in response.content.decode()  # no choice offered


def test_another_units_report_is_refused_to_a_leader(outreach, login):
    response = login(outreach.leader_a).get(PAGE, params(outreach))
    assert response.status_code == 400
    assert not audit_rows(outreach.leader_a, AuditAction.VIEW)


@pytest.mark.parametrize("who", ["los_a", "field_c", "partner", "los_b"])
def test_those_without_statistics_get_404(outreach, login, who):
    client = login(getattr(outreach, who))
    assert client.get(PAGE, params(outreach)).status_code == 404
    assert client.get(DOWNLOAD, params(outreach, format="pdf")).status_code == 404


@pytest.mark.parametrize("year", ["abc", "1999", str(YEAR + 2), ""])
def test_a_bad_year_is_a_400_with_a_message(outreach, login, year):
    response = login(outreach.leader_c).get(PAGE, params(outreach, year=year))
    assert response.status_code == 400
    assert response.context["form"].errors["year"]


def test_a_bad_format_is_a_400(outreach, login):
    response = login(outreach.leader_c).get(DOWNLOAD, params(outreach, format="docx"))
    assert response.status_code == 400
    assert not audit_rows(outreach.leader_c, AuditAction.EXPORT)


def test_the_leaders_download_is_withheld_by_default(outreach, login, suppress_calls):
    response = login(outreach.leader_c).get(DOWNLOAD, params(outreach, format="pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert "eksakt" not in response["Content-Disposition"]
    assert response.content.startswith(b"%PDF")
    assert "Stasjonen" in pdf_text(response.content)
    assert settings.SMALL_CELL_LIMIT in suppress_calls
    assert audit_rows(outreach.leader_c, AuditAction.EXPORT) == [
        ["annual_report", "suppressed_figures", "pdf"]
    ]


def test_the_leader_may_choose_exact_figures_and_it_is_recorded(outreach, login, suppress_calls):
    response = login(outreach.leader_c).get(DOWNLOAD, params(outreach, format="xlsx", exact="on"))
    assert response.status_code == 200
    assert suppress_calls == []
    book = load_workbook(io.BytesIO(response.content))
    assert len(book.sheetnames) > 5
    assert audit_rows(outreach.leader_c, AuditAction.EXPORT) == [
        ["annual_report", "exact_figures", "xlsx"]
    ]


def test_the_analyst_cannot_ask_for_exact_figures(outreach, login, suppress_calls):
    response = login(outreach.analyst).get(DOWNLOAD, params(outreach, format="json", exact="on"))
    assert response.status_code == 400
    assert response.context["form"].errors["exact"]
    assert not audit_rows(outreach.analyst, AuditAction.EXPORT)
    response = login(outreach.analyst).get(DOWNLOAD, params(outreach, format="json"))
    assert response.status_code == 200
    report = json.loads(response.content)
    assert report["unit"] == outreach.unit_c.slug and report["year"] == YEAR
    assert suppress_calls == [settings.SMALL_CELL_LIMIT]
    places = {r["place"]: r["contacts"] for r in report["outreach"]["by_place"]}
    assert places == {"Tærud skole": "<5", "Stasjonen": SECONDARY}


def test_the_html_download_is_the_standalone_document(outreach, login):
    response = login(outreach.leader_c).get(DOWNLOAD, params(outreach, format="html"))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.startswith("<!DOCTYPE html>") and "<style>" in html and "<link" not in html


def test_the_page_reads_a_fixed_number_of_queries(outreach, login):
    client = login(outreach.leader_c)
    client.get(PAGE, params(outreach))  # warm the session and the memberships

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(PAGE, params(outreach)).status_code == 200
        return len(queries)

    before = count()
    for i in range(10):
        area = Area.objects.create(municipality=outreach.municipality, name=f"Område {i}")
        where = Place.objects.create(
            municipality=outreach.municipality, name=f"Sted {i}", kind="street", area=area
        )
        tally(outreach, where, 10 + i, channel="field")
        tally(outreach, where, 2, channel="internet", gender="boy")
    assert count() == before
