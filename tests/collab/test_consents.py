"""Consent records (issue 14, item 1): recorded given or refused by the case's contact person
or leader, valid to the minute, withdrawn for good, never deleted, and every write recorded."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db.models.deletion import ProtectedError
from django.http import Http404
from django.test.utils import override_settings
from django.utils import timezone

from ungsam.access.models import AuditEvent, Purpose
from ungsam.cases import services as case_services
from ungsam.collab import selectors, services
from ungsam.collab.models import Consent
from ungsam.people.models import Guardian

from .conftest import minutes


def close(actor, case):
    case_services.case_close(
        actor=actor, purpose=Purpose.CASEWORK, case_id=case.pk, outcome="in_school", reason="Ferdig"
    )


def anna_case(personas):
    return personas.youth_a.cases.get()


def test_it_records_a_consent_with_its_recipients_categories_and_givers(personas, record, nav):
    mother = Guardian.objects.create(
        youth=personas.youth_a, name="Kari Fiktivsen", relation="mother"
    )
    consent = record(partner_ids=[personas.school.pk, nav.pk], unit_ids=[personas.unit_b.pk],
                     guardian_ids=[mother.pk])  # fmt: skip
    assert consent.youth_id == personas.youth_a.pk
    assert consent.case_id == anna_case(personas).pk
    assert set(consent.partners.all()) == {personas.school, nav}
    assert list(consent.units.all()) == [personas.unit_b]
    assert {c.category for c in consent.categories.all()} == {"plan", "school_data"}
    giver = consent.givers.get()
    assert (giver.guardian, giver.name, giver.relation) == (mother, "Kari Fiktivsen", "mother")
    assert consent.recorded_by == personas.los_a
    row = AuditEvent.objects.filter(action="create", object_type="collab.consent").get()
    assert row.object_id == str(consent.pk)
    assert "categories" in row.fields and "partners" in row.fields


@override_settings(CONSENT_DEFAULT_MONTHS=6)
def test_it_lasts_the_default_period_from_settings(record):
    consent = record()
    assert consent.valid_until == services.add_months(consent.valid_from, 6)


def test_add_months_keeps_the_day_or_takes_the_months_last():
    moment = timezone.now().replace(year=2026, month=8, day=31, hour=10, minute=5)
    assert services.add_months(moment, 6).date().isoformat() == "2027-02-28"
    assert services.add_months(moment, 12).date().isoformat() == "2027-08-31"


def test_a_refusal_is_recorded_without_an_end(record):
    refusal = record(status="refused")
    assert refusal.valid_until is None
    assert not selectors.valid_consents(
        youth_id=refusal.youth_id, category="plan", partner_id=refusal.partners.get().pk
    ).exists()


@pytest.mark.parametrize(
    "bad, field",
    [
        ({"categories": []}, "categories"),
        ({"categories": ["diagnoses"]}, "categories"),
        ({"partner_ids": [], "unit_ids": []}, "partners"),
        ({"sharing_purpose": "  "}, "sharing_purpose"),
        ({"given_by_youth": False}, "given_by_youth"),
        ({"given_as": "telepathic"}, "given_as"),
        ({"status": "maybe"}, "status"),
    ],
)
def test_it_refuses_what_is_missing_or_unknown_in_norwegian(record, bad, field):
    with pytest.raises(ValidationError) as caught:
        record(**bad)
    assert field in caught.value.message_dict
    assert Consent.objects.count() == 0


def test_it_refuses_a_period_that_ends_before_it_starts_or_starts_in_the_future(record, now):
    with pytest.raises(ValidationError) as caught:
        record(valid_from=now - minutes(10), valid_until=now - minutes(20))
    assert "Samtykket må slutte etter at det starter." in caught.value.message_dict["valid_until"]
    with pytest.raises(ValidationError):
        record(valid_from=now + timedelta(days=2))
    assert Consent.objects.count() == 0


def test_it_refuses_recipients_of_another_municipality_and_the_case_s_own_unit(personas, record):
    from ungsam.org.models import Municipality, PartnerOrganization

    elsewhere = Municipality.objects.create(name="Annenvik", number="9997")
    foreign = PartnerOrganization.objects.create(municipality=elsewhere, name="X", kind="nav")
    for extra in ({"partner_ids": [foreign.pk]}, {"unit_ids": [personas.unit_a.pk]}):
        with pytest.raises(ValidationError):
            record(**extra)
    assert Consent.objects.count() == 0


def test_it_refuses_a_guardian_of_another_youth(personas, record):
    other = Guardian.objects.create(youth=personas.youth_b, name="Per Annen", relation="father")
    with pytest.raises(ValidationError):
        record(guardian_ids=[other.pk])


def test_only_her_contact_person_and_the_leader_record_one(personas, record):
    record(actor=personas.leader_a)
    for outsider in (personas.los_b, personas.field_c, personas.partner, personas.admin):
        with pytest.raises(Http404):
            record(actor=outsider)
    assert Consent.objects.count() == 1


def test_a_closed_case_takes_no_new_consent(personas, record):
    case = anna_case(personas)
    close(personas.los_a, case)
    with pytest.raises(ValidationError):
        record()


# --- Validity to the minute -----------------------------------------------------------------


def test_valid_consents_is_right_to_the_minute(personas, record, now, nav):
    consent = record(
        partner_ids=[personas.school.pk], categories=["plan"],
        valid_from=now - minutes(60), valid_until=now + minutes(60),
    )  # fmt: skip
    youth, school = personas.youth_a.pk, personas.school.pk

    def valid(at, category="plan", partner=school):
        return list(
            selectors.valid_consents(youth_id=youth, category=category, partner_id=partner, at=at)
        )

    start, end = consent.valid_from, consent.valid_until
    assert valid(start - minutes(1)) == []
    assert valid(start) == [consent]
    assert valid(end - minutes(1)) == [consent]
    assert valid(end) == []  # valid_until is the first minute without it
    assert valid(now, category="journal_summaries") == []
    assert valid(now, partner=nav.pk) == []
    assert list(
        selectors.valid_consents(youth_id=personas.youth_b.pk, category="plan", partner_id=school)
    ) == []  # fmt: skip


def test_valid_consents_names_units_as_recipients(personas, record):
    record(partner_ids=[], unit_ids=[personas.unit_b.pk], categories=["contact_details"])
    youth = personas.youth_a.pk
    assert selectors.valid_consents(
        youth_id=youth, category="contact_details", unit_id=personas.unit_b.pk
    ).exists()  # noqa: E501
    assert not selectors.valid_consents(
        youth_id=youth, category="contact_details", unit_id=personas.unit_c.pk
    ).exists()  # noqa: E501
    with pytest.raises(ValueError):
        selectors.valid_consents(youth_id=youth, category="plan")


def test_valid_consents_is_one_query(personas, record, django_assert_num_queries):
    record()
    with django_assert_num_queries(1):
        list(
            selectors.valid_consents(
                youth_id=personas.youth_a.pk, category="plan", partner_id=personas.school.pk
            )
        )  # noqa: E501


def test_the_query_and_the_row_agree_at_every_edge(personas, record, now):
    """`valid_condition` (SQL) and `Consent.is_valid_at` (Python) give the same answer for
    given, refused and withdrawn consents, a minute before, at and after each edge."""
    given = record(valid_from=now - minutes(30), valid_until=now + minutes(30))
    refused = record(status="refused", valid_from=now - minutes(30))
    withdrawn = record(valid_from=now - minutes(90), valid_until=now + minutes(90))
    services.consent_withdraw(actor=personas.los_a, purpose=Purpose.CASEWORK,
                              case_id=anna_case(personas).pk, consent_id=withdrawn.pk,
                              withdrawn_by="youth")  # fmt: skip
    withdrawn.refresh_from_db()
    edges = {given.valid_from, given.valid_until, withdrawn.withdrawn_at, withdrawn.valid_from}
    moments = {edge + minutes(d) for edge in edges for d in (-1, 0, 1)}
    for at in sorted(moments):
        in_sql = set(Consent.objects.valid_at(at).values_list("pk", flat=True))
        in_python = {c.pk for c in (given, refused, withdrawn) if c.is_valid_at(at)}
        assert in_sql == in_python, at


# --- Withdrawal ------------------------------------------------------------------------------


def withdraw(personas, consent, **extra):
    values = {
        "actor": personas.los_a,
        "purpose": Purpose.CASEWORK,
        "case_id": consent.case_id,
        "consent_id": consent.pk,
        "withdrawn_by": "youth",
        "reason": "Vil ikke at skolen skal vite mer.",
    }
    values.update(extra)
    return services.consent_withdraw(**values)


def test_a_withdrawal_takes_effect_at_once_and_is_final(personas, record):
    consent = record()
    assert selectors.valid_consents(
        youth_id=personas.youth_a.pk, category="plan", partner_id=personas.school.pk
    ).exists()  # noqa: E501
    done = withdraw(personas, consent)
    assert done.withdrawn_at is not None and done.withdrawal_recorded_by == personas.los_a
    assert not selectors.valid_consents(
        youth_id=personas.youth_a.pk, category="plan", partner_id=personas.school.pk
    ).exists()  # noqa: E501
    with pytest.raises(ValidationError) as caught:
        withdraw(personas, consent, withdrawn_by="guardian", withdrawn_by_name="Kari")
    assert (
        "Samtykket er allerede trukket tilbake; en tilbaketrekking er endelig."
        in caught.value.messages
    )  # noqa: E501
    consent.refresh_from_db()
    assert consent.withdrawn_by == "youth"
    rows = AuditEvent.objects.filter(action="update", object_type="collab.consent")
    assert rows.count() == 1 and "withdrawn_at" in rows.get().fields


def test_a_refusal_or_a_lapsed_consent_has_nothing_to_withdraw(personas, record, now):
    refusal = record(status="refused")
    lapsed = record(valid_from=now - timedelta(days=400), valid_until=now - timedelta(days=35))
    for consent in (refusal, lapsed):
        with pytest.raises(ValidationError):
            withdraw(personas, consent)
        consent.refresh_from_db()
        assert consent.withdrawn_at is None


def test_a_guardian_s_withdrawal_names_the_guardian(personas, record):
    consent = record()
    with pytest.raises(ValidationError) as caught:
        withdraw(personas, consent, withdrawn_by="guardian")
    assert "withdrawn_by_name" in caught.value.message_dict
    withdraw(personas, consent, withdrawn_by="guardian", withdrawn_by_name="Kari Fiktivsen")


def test_withdrawal_works_on_a_closed_case(personas, record):
    consent = record()
    case = anna_case(personas)
    close(personas.los_a, case)
    assert withdraw(personas, consent).withdrawn_at is not None


def test_another_unit_cannot_withdraw(personas, record):
    consent = record()
    with pytest.raises(Http404):
        withdraw(personas, consent, actor=personas.los_b)
    consent.refresh_from_db()
    assert consent.withdrawn_at is None


def test_a_consent_is_never_deleted_with_its_case(personas, record):
    record()
    with pytest.raises(ProtectedError):
        anna_case(personas).delete()


def test_a_later_refusal_is_her_latest_word_on_that_recipient_and_category(personas, record):
    """She said yes to the school for the plan and school data, then no to the plan: the plan
    is no longer covered, school data still is; the page's check says so in words."""
    from ungsam.collab.guidance import Recipient, explain

    anna = personas.youth_a
    given = record()
    refusal = record(status="refused", categories=["plan"])
    refusal.recorded_at = given.recorded_at + timedelta(minutes=1)
    refusal.save(update_fields=["recorded_at"])

    def covered(category):
        return selectors.valid_consents(
            youth_id=anna.pk, category=category, partner_id=personas.school.pk
        ).exists()

    assert not covered("plan")
    assert covered("school_data")
    consents = list(
        Consent.objects.filter(youth=anna).prefetch_related("categories", "partners", "units")
    )
    school = Recipient("org", personas.school.pk, personas.school.name)
    plan = explain(consents, school, "plan", timezone.now())
    assert not plan.covered and plan.consent == refusal
    assert "ble avslått" in plan.text
    assert explain(consents, school, "school_data", timezone.now()).covered


def test_ids_that_are_not_numbers_are_refused_in_norwegian(record):
    with pytest.raises(ValidationError, match="Velg mottakerne"):
        record(partner_ids=["abc"])
    assert not Consent.objects.exists()
