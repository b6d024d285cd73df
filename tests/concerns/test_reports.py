"""Reports of concern to child welfare (issue 15 item 3): the national form, the deadlines on
a set clock, who may write and see a report, what is withheld, and the operator's command."""

import json
from datetime import date, datetime, time, timedelta
from io import StringIO

import jsonschema
import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.concerns.helpers import child_welfare, draft, sent, values
from ungsam.access.models import AuditEvent
from ungsam.concerns import document, selectors, services
from ungsam.concerns.models import ConcernReport, InformationRequest, Stage
from ungsam.people.models import Guardian


def at(day: date, hour: int = 12):
    return timezone.make_aware(datetime.combine(day, time(hour)))


# --- The national form --------------------------------------------------------------------


def test_it_validates_every_demo_report_against_the_v2_schema(db, demo_data):
    reports = list(ConcernReport.objects.select_related("author"))
    stages = {r.stage() for r in reports}
    assert stages >= {Stage.DRAFT, Stage.AWAITING_RECEIPT, Stage.INVESTIGATING, Stage.CLOSED}
    today = timezone.localdate()
    assert any(r.is_overdue(today) for r in reports), "one demo report is overdue"
    for report in reports:
        assert report.youth.age < 18
        _report, doc = selectors.report_document(actor=report.author, report_id=report.pk)
        document.validate(doc)  # raises if it strays from the schema
        assert doc["kommunenummer"] == "9999"
        assert len(doc["bydelsnummer"]) == 2
        assert doc["offentligMelder"]["virksomhet"]["orgnr"]
    assert InformationRequest.objects.filter(answered_on__isnull=False).count() == 1


def test_the_schema_refuses_what_the_v2_form_refuses(personas):
    doc = selectors.report_document(actor=personas.los_a, report_id=sent(personas).pk)[1]
    document.validate(doc)
    for broken in (
        {**doc, "bydelsnummer": "1"},
        {**doc, "foresatte": []},
        {k: v for k, v in doc.items() if k != "melding"},
        {**doc, "offentligMelder": {**doc["offentligMelder"], "epost": "ikke en adresse"}},
    ):
        with pytest.raises(jsonschema.ValidationError):
            document.validate(broken)


def test_it_gives_the_records_in_the_v2_fields(personas):
    personas.unit_a.address = "Losveien 2, 9998 Testvik"
    personas.unit_a.organization_number = "991000003"
    personas.unit_a.save()
    Guardian.objects.create(
        youth=personas.youth_a, name="Mor Fiktivsen", relation="mother", phone="90000001"
    )
    report = sent(personas, guardians_told=[{"told": False, "reason": "Hun ba oss\nvente."}])
    doc = report.document
    assert doc["bydelsnummer"] == "00" and doc["bydelsnavn"] == ""  # unit A has no district
    org = doc["offentligMelder"]["virksomhet"]
    assert org == {
        "navn": "Los A",
        "orgnr": "991000003",
        "adresse": {
            "adresselinje1": "Losveien 2",
            "adresselinje2": "",
            "adresselinje3": "",
            "postnummer": "9998",
            "poststed": "Testvik",
        },
    }
    assert doc["foresatte"] == [
        {
            "personnavn": "Mor Fiktivsen",
            "telefonnummer": "90000001",
            "orientert": False,
            "orientertGrunn": "Hun ba oss vente.",
        }
    ]
    assert doc["offentligBarn"][0]["personnavn"] == "Anna Fiktivsen"
    assert doc["offentligBarn"][0]["adresse"]["adresselinje1"] == "Hemmeligveien 1"
    assert "Alvorlige mangler ved den daglige omsorgen" in doc["melding"]["melding"]
    assert doc["leveringskanal"] == "Brev"


def test_it_says_so_when_no_guardian_is_known(personas):
    doc = sent(personas).document
    assert doc["foresatte"] == [
        {
            "personnavn": "Ingen kjent foresatt",
            "orientert": False,
            "orientertGrunn": "Melder kjenner ikke til noen foresatt.",
        }
    ]


def test_it_withholds_a_protected_address_and_warns(personas, login):
    aksel = personas.youth_a2  # protected address; Leo is his contact person
    Guardian.objects.create(youth=aksel, name="Far Fiktivsen", relation="father", phone="90000002")
    case = aksel.cases.get()
    page = login(personas.leader_a).get(f"/saker/{case.pk}/bekymring/ny/")
    assert "strengt fortrolig adresse" in page.content.decode()
    assert "Far Fiktivsen" not in page.content.decode()
    report = services.concern_report_create(
        actor=personas.leader_a, case_id=case.pk, **values(personas)
    )
    services.concern_report_send(
        actor=personas.leader_a, report_id=report.pk, sent_at=timezone.now(), channel="phone"
    )
    report.refresh_from_db()
    text = json.dumps(report.document, ensure_ascii=False)
    assert "Hemmeligveien" not in text and "Far Fiktivsen" not in text and "90000002" not in text
    assert report.document["offentligBarn"][0]["adresse"] == {
        "adresselinje1": "Strengt fortrolig adresse: oppgis på telefon"
    }
    detail = login(personas.leader_a).get(f"/bekymringsmeldinger/{report.pk}/").content.decode()
    assert "gi dem til barneverntjenesten på telefon" in detail


# --- Age, violence, acute -------------------------------------------------------------------


def test_it_refuses_a_youth_of_18_or_over(personas, login):
    anna = personas.youth_a
    today = timezone.localdate()
    anna.birth_date = (
        date(today.year - 18, today.month, today.day)
        if today.day < 29
        else date(today.year - 18, today.month, 28)
    )
    anna.save()
    with pytest.raises(ValidationError, match="adult services|tjenestene for voksne"):
        draft(personas)
    client = login(personas.los_a)
    case = anna.cases.get()
    page = client.get(f"/saker/{case.pk}/bekymring/ny/")
    assert "gjelder barn" in page.content.decode() and "NAV" in page.content.decode()
    assert "<form" not in page.content.decode().split("<main", 1)[-1]
    assert client.post(f"/saker/{case.pk}/bekymring/ny/", {}).status_code == 400
    assert not ConcernReport.objects.exists()
    overview = client.get(f"/saker/{case.pk}/bekymring/").content.decode()
    assert "Skriv bekymringsmelding" not in overview


def test_a_day_before_18_is_still_a_child(personas):
    anna = personas.youth_a
    anna.birth_date = date(2008, 6, 2)
    anna.save()
    assert services.age_on(anna, date(2026, 6, 1)) == 17
    assert services.age_on(anna, date(2026, 6, 2)) == 18


def test_the_form_says_to_phone_child_welfare_before_the_guardians(personas, login, settings):
    settings.CHILD_WELFARE_EMERGENCY_PHONE = "22 00 00 00"
    case = personas.youth_a.cases.get()
    page = login(personas.los_a).get(f"/saker/{case.pk}/bekymring/ny/").content.decode()
    assert "ring barneverntjenesten FØR du forteller det til foresatte" in page
    assert "ring barnevernvakten nå, på 22 00 00 00" in page
    for ground in ("Alvorlige mangler ved den daglige omsorgen", "Alvorlige atferdsvansker"):
        assert ground in page
    report = draft(personas, grounds=["abuse"], acute=True)
    detail = login(personas.los_a).get(f"/bekymringsmeldinger/{report.pk}/").content.decode()
    assert "FØR du forteller det til foresatte" in detail and "22 00 00 00" in detail


def test_without_an_emergency_number_it_points_to_112(personas, login, settings):
    settings.CHILD_WELFARE_EMERGENCY_PHONE = ""
    case = personas.youth_a.cases.get()
    page = login(personas.los_a).get(f"/saker/{case.pk}/bekymring/ny/").content.decode()
    assert "politiet på 112" in page


# --- Deadlines on a set clock ---------------------------------------------------------------


def test_receipt_is_overdue_at_three_weeks_and_a_day_not_before(personas):
    report = draft(personas)
    sent_on = timezone.localdate() - timedelta(days=40)
    services.concern_report_send(
        actor=personas.los_a, report_id=report.pk, sent_at=at(sent_on, 23), channel="email"
    )
    report.refresh_from_db()
    assert report.feedback_due_on() == sent_on + timedelta(days=21)
    for days, late in ((0, False), (21, False), (22, True)):
        today = sent_on + timedelta(days=days)
        assert report.is_overdue(today) is late, days
        overdue = ConcernReport.objects.overdue(today)
        assert list(overdue) == ([report] if late else []), days


def test_receipt_without_the_answer_on_investigation_is_still_owed(personas):
    report = sent(personas, days_ago=30)
    today = timezone.localdate()
    services.concern_report_feedback(
        actor=personas.los_a, report_id=report.pk, receipt_confirmed_on=today - timedelta(days=5)
    )
    report.refresh_from_db()
    assert report.is_overdue(today) and list(ConcernReport.objects.overdue(today)) == [report]
    services.concern_report_feedback(
        actor=personas.los_a,
        report_id=report.pk,
        receipt_confirmed_on=today - timedelta(days=5),
        investigation_opened=False,
    )
    report.refresh_from_db()
    assert report.stage() == Stage.CLOSED and not ConcernReport.objects.overdue(today).exists()


def test_final_feedback_is_due_three_weeks_after_the_investigation_ends(personas):
    report = sent(personas, days_ago=90)
    today = timezone.localdate()
    ended = today - timedelta(days=30)
    services.concern_report_feedback(
        actor=personas.leader_a,
        report_id=report.pk,
        receipt_confirmed_on=today - timedelta(days=80),
        investigation_opened=True,
        investigation_opened_on=today - timedelta(days=80),
        investigation_ended_on=ended,
    )
    report.refresh_from_db()
    assert report.stage() == Stage.AWAITING_FINAL
    for days, late in ((21, False), (22, True)):
        clock = ended + timedelta(days=days)
        assert report.is_overdue(clock) is late
        assert ConcernReport.objects.overdue(clock).exists() is late


def test_the_senders_dashboard_shows_overdue_feedback_in_one_query(personas, login):
    sent(personas, days_ago=30)
    sent(personas, days_ago=2)
    client = login(personas.los_a)
    page = client.get("/").content.decode()
    assert "1 bekymringsmelding du har sendt, er forsinket" in page
    with CaptureQueriesContext(connection) as queries:
        assert selectors.overdue_count(actor=personas.los_a) == 1
    assert len(queries) == 1
    leaders = login(personas.leader_a).get("/").content.decode()
    assert "du har sendt, er forsinket" not in leaders  # Leo sent none


# --- Who may write, see and change ----------------------------------------------------------


@pytest.mark.parametrize("who", ["los_b", "field_c", "partner", "analyst", "admin"])
def test_only_who_writes_on_the_case_may_write_a_report(personas, who):
    with pytest.raises(Http404):
        draft(personas, actor=getattr(personas, who))
    assert not ConcernReport.objects.exists()


@pytest.mark.parametrize("who", ["los_b", "field_c", "partner", "analyst", "admin"])
def test_others_get_404_and_no_service_lets_them_in(personas, login, who):
    report = sent(personas)
    user = getattr(personas, who)
    assert login(user).get(f"/bekymringsmeldinger/{report.pk}/").status_code == 404
    with pytest.raises(Http404):
        services.concern_report_feedback(
            actor=user, report_id=report.pk, receipt_confirmed_on=timezone.localdate()
        )
    assert AuditEvent.objects.filter(actor=user, action="access_denied").exists()


def test_a_draft_is_its_authors_alone_to_change_and_send(personas):
    report = draft(personas)
    for service, extra in (
        (services.concern_report_update, values(personas)),
        (services.concern_report_send, {"sent_at": timezone.now(), "channel": "letter"}),
    ):
        with pytest.raises(Http404):
            service(actor=personas.leader_a, report_id=report.pk, **extra)
    # The leader sees it, though, and the author still does when she is no contact person.
    assert selectors.report_detail(actor=personas.leader_a, report_id=report.pk)
    services.concern_report_send(
        actor=personas.los_a, report_id=report.pk, sent_at=timezone.now(), channel="letter"
    )
    with pytest.raises(Http404):
        services.concern_report_update(
            actor=personas.los_a, report_id=report.pk, **values(personas)
        )


def test_a_report_needs_no_consent(personas):
    from ungsam.collab.models import Consent

    assert not Consent.objects.exists()
    assert draft(personas).pk


# --- The operator's command -----------------------------------------------------------------


def test_the_command_prints_only_json_and_audits_under_the_system(personas):
    report = sent(personas)
    out, err = StringIO(), StringIO()
    call_command("concern_report_json", str(report.pk), stdout=out, stderr=err)
    assert json.loads(out.getvalue()) == report.document
    assert "national form" in err.getvalue()
    row = AuditEvent.objects.filter(object_id=str(report.pk), action="export").get()
    assert row.actor_label == "system:concern_report_json" and row.actor_id is None
    assert list(row.subjects.values_list("youth_id", flat=True)) == [personas.youth_a.pk]


@pytest.mark.parametrize("which", ["unknown", "draft", "garbage"])
def test_the_command_exits_1_for_an_unknown_id_or_a_draft(personas, which):
    report_id = {"unknown": "987654", "draft": str(draft(personas).pk), "garbage": "x1"}[which]
    out = StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("concern_report_json", report_id, stdout=out, stderr=StringIO())
    assert out.getvalue() == ""
    assert ("draft" in str(raised.value)) is (which == "draft")


def test_the_command_exits_1_from_the_shell(personas, capsys):
    from ungsam.concerns.management.commands.concern_report_json import Command

    with pytest.raises(SystemExit) as raised:
        Command().run_from_argv(["manage.py", "concern_report_json", "424242"])
    assert raised.value.code == 1
    printed = capsys.readouterr()
    assert printed.out == "" and "424242" in printed.err


# --- Downloads and pages --------------------------------------------------------------------


def test_downloads_are_audited_exports(personas, login):
    report = sent(personas)
    client = login(personas.leader_a)
    response = client.get(f"/bekymringsmeldinger/{report.pk}/bekymringsmelding.json")
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    assert json.loads(response.content) == report.document
    pdf = client.get(f"/bekymringsmeldinger/{report.pk}/bekymringsmelding.pdf")
    assert pdf.content.startswith(b"%PDF")
    rows = AuditEvent.objects.filter(
        actor=personas.leader_a, action="export", object_id=str(report.pk)
    )
    assert rows.count() == 2
    assert "national_id" in rows.first().fields


def test_the_leaders_list_costs_the_same_whatever_its_length(personas, login):
    client = login(personas.leader_a)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/bekymringsmeldinger/").status_code == 200
        return len(queries)

    sent(personas, days_ago=30)
    count()  # the first request of a session reads more (its MFA state)
    few = count()
    for _ in range(3):
        sent(personas, days_ago=2)
    draft(personas)
    bea = personas.los_b
    assert count() == few
    page = client.get("/bekymringsmeldinger/").content.decode()
    assert page.count(">Forsinket</span>") == 1 and "Anna Fiktivsen" in page
    assert bea.username not in page


# --- Bad input ------------------------------------------------------------------------------


def test_bad_input_gets_a_norwegian_400_and_nothing_written(personas, login):
    child_welfare(personas)
    client = login(personas.los_a)
    case = personas.youth_a.cases.get()
    response = client.post(f"/saker/{case.pk}/bekymring/ny/", {"reporter_phone": "ring meg"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Velg minst ett grunnlag for bekymringen." in page
    assert not ConcernReport.objects.exists()
    data = {
        "grounds": ["neglect"],
        "assessment": "Vurdering.",
        "recipient": str(child_welfare(personas).pk),
        "reporter_role": "Los",
        "reporter_phone": "ring meg",
        "reporter_email": "lise@",
        "child_told": "no",
        "report": "Bekymring.",
        "history": "Historikk.",
    }
    response = client.post(f"/saker/{case.pk}/bekymring/ny/", data)
    page = response.content.decode()
    assert response.status_code == 400
    assert "Skriv telefonnummeret med bare sifre" in page
    assert "Skriv en e-postadresse på jobben" in page
    assert "Skriv hvorfor barnet ikke er orientert." in page
    assert not ConcernReport.objects.exists()
    data.update(reporter_phone="912 34 567", reporter_email="lise@testvik.no", child_told="yes")
    response = client.post(f"/saker/{case.pk}/bekymring/ny/", data)
    assert response.status_code == 302
    report = ConcernReport.objects.get()
    bad_send = client.post(
        f"/bekymringsmeldinger/{report.pk}/sendt/", {"channel": "letter", "sent_on": "2999-01-01"}
    )
    assert bad_send.status_code == 400 and "ikke fram i tid" in bad_send.content.decode()
    assert ConcernReport.objects.get().is_draft


def test_bad_feedback_dates_are_refused_in_norwegian(personas, login):
    report = sent(personas, days_ago=10)
    client = login(personas.los_a)
    response = client.post(
        f"/bekymringsmeldinger/{report.pk}/tilbakemelding/",
        {"investigation_opened": "yes", "receipt_confirmed_on": str(timezone.localdate())},
    )
    assert response.status_code == 400
    assert "Oppgi datoen undersøkelsen ble åpnet." in response.content.decode()
    report.refresh_from_db()
    assert report.receipt_confirmed_on is None


def test_information_requests_are_recorded_answered_and_counted(personas, login):
    from ungsam.stats.concern_selectors import concern_counts_by_month

    client = login(personas.los_a)
    case = personas.youth_a.cases.get()
    today = timezone.localdate()
    response = client.post(
        f"/saker/{case.pk}/bekymring/foresporsel/ny/",
        {
            "partner": child_welfare(personas).pk,
            "received_on": str(today),
            "asked": "Oppmøte.",
            "legal_basis": "",
        },
    )
    assert response.status_code == 400 and "Feltet er påkrevet." in response.content.decode()
    response = client.post(
        f"/saker/{case.pk}/bekymring/foresporsel/ny/",
        {
            "partner": child_welfare(personas).pk,
            "received_on": str(today),
            "asked": "Oppmøte.",
            "legal_basis": "bvl. § 13-3",
        },
    )
    assert response.status_code == 302
    request = InformationRequest.objects.get()
    response = client.post(
        f"/bekymringsmeldinger/foresporsel/{request.pk}/svar/",
        {"answered_on": str(today), "given": ""},
    )
    assert response.status_code == 400
    client.post(
        f"/bekymringsmeldinger/foresporsel/{request.pk}/svar/",
        {"answered_on": str(today), "given": "Oversikt over oppmøte."},
    )
    request.refresh_from_db()
    assert request.given == "Oversikt over oppmøte."
    sent(personas)
    rows = concern_counts_by_month(actor=personas.leader_a, today=today)
    assert rows[-1]["month"] == today.replace(day=1)
    # One of each this month: fewer than five, withheld.
    assert rows[-1]["reports"] is None and rows[-1]["requests"] is None
    assert concern_counts_by_month(actor=personas.los_a) == []
    stats = login(personas.leader_a).get("/statistikk/").content.decode()
    assert "Bekymringsmeldinger sendt" in stats and "færre enn 5" in stats
