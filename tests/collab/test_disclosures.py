"""Every disclosure has a legal basis (issue 14 item 2): a worker records what she gave outside
Ungsam under a consent in force that covers the recipient and every category, or under an
exception the municipality allows, with a note; a consent that does not cover it is refused in
plain words and nothing is written; the disclosures are listed on the case, audited, never
changed, and told to the youth in her subject-access export in words she understands."""

import json
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.access.test_subject_access_pdf import pdf_text
from ungsam.access.models import AppendOnlyError, AuditEvent, Purpose
from ungsam.collab import disclosure_services, services
from ungsam.collab.disclosure_text import youth_text
from ungsam.collab.exceptions import CODES, EXCEPTIONS
from ungsam.collab.models import Disclosure
from ungsam.web.checks import disclosure_exceptions_are_known

from .conftest import minutes


def anna_case(personas):
    return personas.youth_a.cases.get()


def url(personas, suffix=""):
    return f"/saker/{anna_case(personas).pk}/utleveringer/{suffix}"


def post(client, personas, **data):
    return client.post(url(personas, "ny/"), data)


def by_consent(consent, recipient, *categories):
    return {
        "recipient": recipient,
        "categories": list(categories),
        "basis": f"consent:{consent.pk}",
        "note": "Telefon med rådgiveren.",
    }


def test_it_records_a_disclosure_under_a_consent_that_covers_it(personas, login, record):
    consent = record(categories=["plan", "contact_details"])
    client = login(personas.los_a)
    form = client.get(url(personas, "ny/"))
    assert form.status_code == 200
    assert f'value="consent:{consent.pk}"' in form.content.decode()
    done = post(client, personas, **by_consent(consent, f"org:{personas.school.pk}", "plan"))
    assert done.status_code == 302
    disclosure = Disclosure.objects.get()
    assert (disclosure.channel, disclosure.partner, disclosure.unit) == (
        "recorded", personas.school, None,
    )  # fmt: skip
    assert disclosure.categories == ["plan"]
    assert disclosure.consent == consent and disclosure.exception == ""
    assert disclosure.user == personas.los_a
    assert disclosure.youth == personas.youth_a and disclosure.case == anna_case(personas)
    listed = client.get(url(personas)).content.decode()
    assert "Testvik skole" in listed and "Tiltaksplan" in listed
    # The page shows the day in Norway: from 23:00 UTC (in winter) that is already the next day.
    assert f"Samtykke {timezone.localtime(consent.valid_from):%d.%m.%Y}" in listed


def test_it_writes_the_audit_rows(personas, login, record):
    consent = record()
    client = login(personas.los_a)
    client.get(url(personas, "ny/"))
    shown = AuditEvent.objects.filter(action="view", object_type="cases.case").latest("id")
    assert "consents" in shown.fields
    post(client, personas, **by_consent(consent, f"org:{personas.school.pk}", "plan"))
    row = AuditEvent.objects.get(action="create", object_type="collab.disclosure")
    assert row.object_id == str(Disclosure.objects.get().pk)
    assert {"partner", "categories", "consent", "exception", "note"} <= set(row.fields)
    assert row.purpose == Purpose.COLLABORATION
    assert row.subjects.get().youth_id == personas.youth_a.pk
    client.get(url(personas))
    listed = AuditEvent.objects.filter(action="view", object_type="cases.case").latest("id")
    assert "disclosures" in listed.fields


def test_it_refuses_a_consent_that_does_not_cover_it_in_plain_words(personas, login, record, nav):
    consent = record(partner_ids=[personas.school.pk, nav.pk], categories=["plan"])
    client = login(personas.los_a)
    refused = post(
        client, personas, **by_consent(consent, f"org:{nav.pk}", "plan", "journal_summaries")
    )
    assert refused.status_code == 400
    assert "Samtykket gjelder ikke journalsammendrag til NAV Testvik." in refused.content.decode()
    # Nor to a recipient it does not name.
    to_unit = post(client, personas, **by_consent(consent, f"unit:{personas.unit_b.pk}", "plan"))
    assert to_unit.status_code == 400
    assert "Samtykket gjelder ikke tiltaksplan til OT B." in to_unit.content.decode()
    assert not Disclosure.objects.exists()
    assert not AuditEvent.objects.filter(object_type="collab.disclosure").exists()


def test_it_refuses_a_withdrawn_consent(personas, login, record):
    consent = record()
    services.consent_withdraw(
        actor=personas.los_a, purpose=Purpose.CASEWORK, case_id=consent.case_id,
        consent_id=consent.pk, withdrawn_by="youth", reason="Vil ikke lenger.",
    )  # fmt: skip
    response = post(
        login(personas.los_a), personas, **by_consent(consent, f"org:{personas.school.pk}", "plan")
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Samtykket til å dele tiltaksplan med Testvik skole ble trukket tilbake" in page
    assert not Disclosure.objects.exists()


def test_it_refuses_an_expired_consent_but_not_a_disclosure_made_while_it_held(
    personas, login, record, now
):
    consent = record(valid_from=now - timedelta(days=400), valid_until=now - minutes(60))
    response = post(
        login(personas.los_a), personas, **by_consent(consent, f"org:{personas.school.pk}", "plan")
    )
    assert response.status_code == 400
    assert "Samtykket til å dele tiltaksplan med Testvik skole utløp" in response.content.decode()
    assert not Disclosure.objects.exists()
    # Recorded afterwards, a disclosure made while it held stands on it.
    made = disclosure_services.disclosure_record(
        actor=personas.los_a, purpose=Purpose.COLLABORATION, case_id=consent.case_id,
        partner_id=personas.school.pk, categories=["plan"], consent_id=consent.pk,
        at=now - minutes(120),
    )  # fmt: skip
    assert made.consent == consent


def test_a_later_refusal_takes_the_pair_back(personas, record):
    consent = record()
    record(status="refused", categories=["plan"])
    with pytest.raises(ValidationError) as caught:
        disclosure_services.disclosure_record(
            actor=personas.los_a, purpose=Purpose.COLLABORATION, case_id=consent.case_id,
            partner_id=personas.school.pk, categories=["plan"], consent_id=consent.pk,
        )  # fmt: skip
    assert "avslått" in caught.value.message_dict["basis"][0]
    assert not Disclosure.objects.exists()


def test_it_refuses_another_cases_consent(personas, record):
    other = services.consent_record(
        actor=personas.los_b, purpose=Purpose.CASEWORK, case_id=personas.youth_b.cases.get().pk,
        status="given", partner_ids=[personas.school.pk], unit_ids=[], categories=["plan"],
        sharing_purpose="Skolen.", given_by_youth=True, given_as="written",
    )  # fmt: skip
    with pytest.raises(ValidationError) as caught:
        disclosure_services.disclosure_record(
            actor=personas.los_a, purpose=Purpose.COLLABORATION,
            case_id=anna_case(personas).pk, partner_id=personas.school.pk,
            categories=["plan"], consent_id=other.pk,
        )  # fmt: skip
    assert "basis" in caught.value.message_dict
    assert not Disclosure.objects.exists()


def test_an_exception_needs_a_note(personas, login):
    client = login(personas.los_a)
    data = {
        "recipient": f"org:{personas.school.pk}",
        "categories": ["contact_details"],
        "basis": "exception:danger_to_life",
    }
    refused = post(client, personas, **data)
    assert refused.status_code == 400
    assert "Et unntak må ha et notat" in refused.content.decode()
    assert not Disclosure.objects.exists()
    done = post(client, personas, **data, note="Hun var savnet; politiet trengte adressen.")
    assert done.status_code == 302
    disclosure = Disclosure.objects.get()
    assert (disclosure.exception, disclosure.consent) == ("danger_to_life", None)
    listed = client.get(url(personas)).content.decode()
    assert "Fare for liv eller helse" in listed
    assert "forvaltningsloven § 13 b første ledd nr. 7" in listed


@override_settings(DISCLOSURE_EXCEPTIONS=["anonymised"])
def test_an_exception_the_municipality_does_not_allow_is_refused(personas, login):
    client = login(personas.los_a)
    form = client.get(url(personas, "ny/")).content.decode()
    assert "exception:anonymised" in form and "exception:danger_to_life" not in form
    refused = post(
        client, personas, recipient=f"org:{personas.school.pk}", categories=["plan"],
        basis="exception:danger_to_life", note="Fare.",
    )  # fmt: skip
    assert refused.status_code == 400
    with pytest.raises(ValidationError) as caught:
        disclosure_services.disclosure_record(
            actor=personas.los_a, purpose=Purpose.COLLABORATION, case_id=anna_case(personas).pk,
            partner_id=personas.school.pk, categories=["plan"], exception="danger_to_life",
            note="Fare.",
        )  # fmt: skip
    assert caught.value.message_dict["basis"] == ["Velg et unntak fra listen."]
    assert not Disclosure.objects.exists()


@pytest.mark.parametrize(
    "bad, field",
    [
        ({"categories": []}, "categories"),
        ({"categories": ["diagnoses"]}, "categories"),
        ({"partner_id": None}, "recipient"),
        ({"unit_id": 1}, "recipient"),
        ({"exception": "", "note": ""}, "basis"),
        ({"consent_id": 5}, "basis"),
        ({"at": "future"}, "at"),
    ],
)
def test_the_service_refuses_what_is_missing_or_wrong(personas, now, bad, field):
    values = {
        "actor": personas.los_a, "purpose": Purpose.COLLABORATION,
        "case_id": anna_case(personas).pk, "partner_id": personas.school.pk,
        "categories": ["plan"], "exception": "report_to_child_welfare", "note": "Bekymring.",
    }  # fmt: skip
    values.update(bad)
    if values.get("at") == "future":
        values["at"] = now + timedelta(days=1)
    with pytest.raises(ValidationError) as caught:
        disclosure_services.disclosure_record(**values)
    assert field in caught.value.message_dict
    assert not Disclosure.objects.exists()


def test_it_refuses_a_recipient_outside_the_municipality_or_the_cases_own_unit(personas):
    from ungsam.org.models import Municipality, PartnerOrganization

    elsewhere = Municipality.objects.create(name="Annenvik", number="9997")
    foreign = PartnerOrganization.objects.create(municipality=elsewhere, name="X", kind="nav")
    for recipient in ({"partner_id": foreign.pk}, {"unit_id": personas.unit_a.pk}):
        with pytest.raises(ValidationError) as caught:
            disclosure_services.disclosure_record(
                actor=personas.los_a, purpose=Purpose.COLLABORATION,
                case_id=anna_case(personas).pk, categories=["plan"],
                exception="legal_duty", note="Pålegg fra tingretten.", **recipient,
            )  # fmt: skip
        assert "recipient" in caught.value.message_dict
    assert not Disclosure.objects.exists()


def test_only_her_contact_person_and_the_leader_record_or_list_them(personas, login, record):
    consent = record()
    data = by_consent(consent, f"org:{personas.school.pk}", "plan")
    for outsider in (personas.los_b, personas.field_c, personas.partner, personas.admin):
        client = login(outsider)
        assert client.get(url(personas)).status_code == 404
        assert client.get(url(personas, "ny/")).status_code == 404
        assert post(client, personas, **data).status_code == 404
        with pytest.raises(Http404):
            disclosure_services.disclosure_record(
                actor=outsider, purpose=Purpose.COLLABORATION, case_id=anna_case(personas).pk,
                partner_id=personas.school.pk, categories=["plan"], consent_id=consent.pk,
            )  # fmt: skip
    assert not Disclosure.objects.exists()
    assert post(login(personas.leader_a), personas, **data).status_code == 302
    assert Disclosure.objects.get().user == personas.leader_a


def test_a_disclosure_is_never_changed_or_deleted(personas):
    disclosure = disclosure_services.disclosure_record(
        actor=personas.los_a, purpose=Purpose.COLLABORATION, case_id=anna_case(personas).pk,
        unit_id=personas.unit_b.pk, categories=["plan"], exception="anonymised",
        note="Drøftet uten navn.",
    )  # fmt: skip
    disclosure.note = "Noe annet."
    with pytest.raises(AppendOnlyError):
        disclosure.save()
    with pytest.raises(AppendOnlyError):
        disclosure.delete()
    with pytest.raises(AppendOnlyError):
        Disclosure.objects.filter(pk=disclosure.pk).update(note="Noe annet.")
    with pytest.raises(AppendOnlyError):
        Disclosure.objects.all().delete()
    disclosure.refresh_from_db()
    assert disclosure.note == "Drøftet uten navn."


def _read_by_sara(personas, consent, categories):
    """What access_shared_case writes when Sara opens Anna's shared page."""
    return Disclosure.objects.create(
        youth=personas.youth_a, case=anna_case(personas), channel="read",
        partner=personas.school, user=personas.partner, categories=categories, consent=consent,
    )  # fmt: skip


def test_the_list_shows_both_kinds_with_the_same_queries_for_more_rows(personas, login, record):
    consent = record(categories=["plan", "contact_details"])
    _read_by_sara(personas, consent, ["contact_details", "plan"])
    client = login(personas.los_a)
    client.get(url(personas))
    with CaptureQueriesContext(connection) as one:
        first = client.get(url(personas))
    page = first.content.decode()
    assert "Lest i Ungsam" in page and "lest av Sara Testperson" in page
    assert "Kontaktopplysninger" in page
    for _ in range(3):
        disclosure_services.disclosure_record(
            actor=personas.los_a, purpose=Purpose.COLLABORATION, case_id=consent.case_id,
            partner_id=personas.school.pk, categories=["plan"], consent_id=consent.pk,
        )  # fmt: skip
    with CaptureQueriesContext(connection) as four:
        more = client.get(url(personas))
    assert len(more.context["rows"]) == 4
    assert "Gitt utenfor Ungsam" in more.content.decode()
    assert len(four.captured_queries) == len(one.captured_queries)


def export(login, personas, fmt="json"):
    return login(personas.leader_a).get(f"/ungdom/{personas.youth_a.pk}/innsyn.{fmt}")


def test_the_youths_export_tells_both_kinds_in_plain_words(personas, login, record):
    consent = record(categories=["plan", "contact_details"])
    _read_by_sara(personas, consent, ["contact_details", "plan"])
    disclosure_services.disclosure_record(
        actor=personas.los_a, purpose=Purpose.COLLABORATION, case_id=consent.case_id,
        partner_id=personas.school.pk, categories=["contact_details"],
        exception="danger_to_life", note="Savnet om natten.",
    )  # fmt: skip
    data = json.loads(export(login, personas).content)
    read, danger = (row["text"] for row in data["disclosures"])
    given = consent.valid_from.astimezone().date()
    assert "fikk Testvik skole (Sara Testperson) lese kontaktopplysningene dine og " in read
    assert "tiltaksplanen din. Du hadde sagt ja til det (samtykke " in read
    assert f"samtykke {given.day}. " in read
    assert "fikk Testvik skole vite om kontaktopplysningene dine fra Lise Testperson (Los A)" in (
        danger
    )
    assert danger.endswith(
        "Det skjedde uten samtykket ditt, fordi loven sier at vi må si fra når noen kan være i "
        "fare."
    )
    assert [row["exception"] for row in data["disclosures"]] == ["", "danger_to_life"]
    pdf = export(login, personas, "pdf")
    text = pdf_text(pdf.content)
    assert "Delt med andre tjenester" in text
    assert "uten samtykket ditt" in text.replace("\n", " ")


def test_the_export_sends_the_same_queries_for_more_disclosures(personas, login, record):
    consent = record(categories=["plan"])
    _read_by_sara(personas, consent, ["plan"])
    export(login, personas)
    with CaptureQueriesContext(connection) as one:
        export(login, personas)
    for code in ("anonymised", "legal_duty", "prevent_crime"):
        disclosure_services.disclosure_record(
            actor=personas.los_a, purpose=Purpose.COLLABORATION, case_id=consent.case_id,
            unit_id=personas.unit_b.pk, categories=["plan"], exception=code, note="Notat.",
        )  # fmt: skip
    with CaptureQueriesContext(connection) as four:
        data = json.loads(export(login, personas).content)
    assert len(data["disclosures"]) == 4
    # The export's own rows grow the audit trail it lists, not the statements it sends.
    assert len(four.captured_queries) == len(one.captured_queries)


def test_every_exception_has_its_own_plain_sentence_and_law(personas):
    told = set()
    for code in CODES:
        disclosure = Disclosure(
            youth=personas.youth_a, case=anna_case(personas), channel="recorded",
            partner=personas.school, user=personas.los_a, categories=["plan"], exception=code,
        )  # fmt: skip
        told.add(youth_text(disclosure))
        assert str(EXCEPTIONS[code].law) and str(EXCEPTIONS[code].label)
    assert len(told) == len(CODES)


def test_the_default_setting_allows_every_exception_and_check_catches_a_misspelt_one():
    from django.conf import settings as django_settings

    assert list(django_settings.DISCLOSURE_EXCEPTIONS) == list(CODES)
    assert disclosure_exceptions_are_known(None) == []
    with override_settings(DISCLOSURE_EXCEPTIONS=["danger_to_life", "danger_to_lfie"]):
        [error] = disclosure_exceptions_are_known(None)
    assert error.id == "ungsam.E007" and "danger_to_lfie" in error.msg


def test_a_blank_environment_value_means_every_exception(monkeypatch):
    from ungsam.env import env_list

    monkeypatch.setenv("UNGSAM_DISCLOSURE_EXCEPTIONS", " , ")
    assert env_list("UNGSAM_DISCLOSURE_EXCEPTIONS", []) == []  # settings then takes them all
    monkeypatch.setenv("UNGSAM_DISCLOSURE_EXCEPTIONS", "anonymised, legal_duty")
    assert env_list("UNGSAM_DISCLOSURE_EXCEPTIONS", []) == ["anonymised", "legal_duty"]


text = st.text(max_size=120)
maybe = st.one_of(st.none(), text, st.integers().map(str))
CHECKS = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def fields(**spec):
    return st.fixed_dictionaries({}, optional=spec).map(
        lambda d: {k: v for k, v in d.items() if v is not None}
    )


@CHECKS
@given(
    data=fields(
        recipient=st.one_of(maybe, st.sampled_from(["org:", "unit:", "org:1", "unit:x", ":"])),
        categories=st.lists(st.one_of(maybe, st.sampled_from(["plan", "school_data"])), max_size=3),
        basis=st.one_of(
            maybe,
            st.sampled_from(
                [
                    "consent:",
                    "consent:0",
                    "consent:99999999999999999999",
                    "exception:",
                    "exception:danger_to_life",
                    "exception:nope",
                    "consent:-1",
                    "consent:１",
                ]
            ),  # fmt: skip
        ),
        note=maybe,
        at=st.one_of(maybe, st.datetimes().map(lambda d: d.strftime("%Y-%m-%dT%H:%M"))),
    )
)
def test_any_input_to_the_disclosure_form_is_4xx_or_a_whole_disclosure(
    personas, login, record, data
):
    before = Disclosure.objects.count()
    response = login(personas.los_a).post(url(personas, "ny/"), data)
    assert response.status_code in (302, 400)
    if response.status_code == 400:
        assert Disclosure.objects.count() == before
    else:
        made = Disclosure.objects.order_by("-id").first()
        assert made.categories and (made.consent_id or made.exception)
