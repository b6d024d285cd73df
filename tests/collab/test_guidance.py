"""What the worker is told: the age guidance from settings (never a decision), and in plain
words why a consent does not cover a disclosure."""

from datetime import date, timedelta

import pytest
from django.test.utils import override_settings
from django.utils import timezone

from ungsam.access.models import Purpose
from ungsam.collab import guidance, selectors, services
from ungsam.collab.guidance import Recipient

TODAY = date(2026, 11, 26)


def born(years_ago, days=0):
    return TODAY.replace(year=TODAY.year - years_ago) + timedelta(days=days)


def text(lines):
    return " ".join(lines)


def test_a_15_year_old_s_guardians_consent_to_health_information():
    said = text(guidance.age_guidance(born(15), TODAY))
    assert "Ungdommen er 15 år." in said
    assert "Under 16 år samtykker foreldrene til deling av helseopplysninger" in said
    assert "Under 16 år samtykker foreldrene også til stafettlogg" in said
    assert "systemet avgjør ingenting" in said


def test_from_16_she_consents_alone_to_health_information_and_guardians_keep_a_right():
    said = text(guidance.age_guidance(born(16), TODAY))  # her 16th birthday today
    assert (
        "Fra 16 år samtykker ungdommen selv til deling av helseopplysninger (pasient- og "
        "brukerrettighetsloven § 4-3)." in said
    )
    assert (
        "Til ungdommen fyller 18, har foreldrene fortsatt rett til de opplysningene de trenger"
        in said
    )  # noqa: E501
    assert "Kommunen lar ungdom samtykke selv til stafettlogg fra 16 år." in said
    said = text(guidance.age_guidance(born(16, days=1), TODAY))  # 16 tomorrow
    assert "Under 16 år" in said


@override_settings(CONSENT_RELAY_LOG_AGE=15)
def test_the_relay_log_age_is_the_municipality_s_setting():
    said = text(guidance.age_guidance(born(15), TODAY))
    assert "Kommunen lar ungdom samtykke selv til stafettlogg fra 15 år." in said


def test_at_18_she_consents_alone_and_an_unknown_birth_date_is_said():
    assert "Ungdommen er myndig" in text(guidance.age_guidance(born(18), TODAY))
    assert "Fødselsdatoen er ikke kjent" in text(guidance.age_guidance(None, TODAY))


@pytest.fixture
def loaded(personas):
    """Anna's consents as the consent page loads them."""

    def load():
        return selectors.case_consents(
            actor=personas.los_a, case_id=personas.youth_a.cases.get().pk
        )[2]  # noqa: E501

    return load


def test_it_says_which_part_is_missing(personas, record, nav, loaded):
    record(partner_ids=[nav.pk], categories=["contact_details"])
    now = timezone.now()
    nav_r = Recipient("org", nav.pk, nav.name)
    school = Recipient("org", personas.school.pk, personas.school.name)
    said = guidance.explain(loaded(), nav_r, "journal_summaries", now)
    assert not said.covered
    assert said.text == "Samtykket gjelder ikke journalsammendrag til NAV Testvik."
    assert guidance.explain(loaded(), school, "contact_details", now).text == (
        "Samtykket gjelder ikke kontaktopplysninger til Testvik skole."
    )
    assert guidance.explain(loaded(), nav_r, "contact_details", now).covered


def test_it_names_a_refusal_a_withdrawal_and_a_lapse(personas, record, nav, loaded):
    nav_r = Recipient("org", nav.pk, nav.name)
    assert "Ingen gyldige samtykker" in guidance.explain([], nav_r, "plan", timezone.now()).text
    record(status="refused", partner_ids=[nav.pk], categories=["plan"])
    assert "ble avslått" in guidance.explain(loaded(), nav_r, "plan", timezone.now()).text
    withdrawn = record(partner_ids=[nav.pk], categories=["assessments"])
    services.consent_withdraw(actor=personas.los_a, purpose=Purpose.CASEWORK,
                              case_id=withdrawn.case_id, consent_id=withdrawn.pk,
                              withdrawn_by="youth")  # fmt: skip
    assert (
        "ble trukket tilbake"
        in guidance.explain(loaded(), nav_r, "assessments", timezone.now()).text
    )
    record(partner_ids=[nav.pk], categories=["attachments"],
           valid_from=timezone.now() - timedelta(days=400),
           valid_until=timezone.now() - timedelta(days=1))  # fmt: skip
    assert "utløp" in guidance.explain(loaded(), nav_r, "attachments", timezone.now()).text


def test_the_explanation_agrees_with_the_query_at_the_edges(personas, record, nav, loaded, now):
    consent = record(
        partner_ids=[nav.pk],
        categories=["plan"],
        valid_from=now - timedelta(minutes=5),
        valid_until=now + timedelta(minutes=5),
    )
    nav_r = Recipient("org", nav.pk, nav.name)
    rows = loaded()
    for at in (consent.valid_from - timedelta(minutes=1), consent.valid_from,
               consent.valid_until - timedelta(minutes=1), consent.valid_until):  # fmt: skip
        in_sql = selectors.valid_consents(youth_id=consent.youth_id, category="plan",
                                          partner_id=nav.pk, at=at).exists()  # fmt: skip
        assert guidance.explain(rows, nav_r, "plan", at).covered == in_sql, at


def test_the_state_of_a_consent_to_the_minute(record, now):
    consent = record(valid_from=now - timedelta(days=10), valid_until=now + timedelta(days=14))
    assert guidance.state_of(consent, now) == "expiring"
    assert guidance.state_of(consent, now - timedelta(minutes=1)) == "valid"
    assert guidance.state_of(consent, consent.valid_until) == "expired"
    assert guidance.state_of(consent, consent.valid_from - timedelta(minutes=1)) == "not_yet"
    assert timezone.is_aware(consent.valid_until)
