"""Follow-up conversations and code names (issue 16, items 5 and 6): a named conversation shows
only to those who see its case, an anonymous one never links to a person (service and
database), a code name holds nothing identifying, and registering a code name as a named youth
moves its conversations to the new case, all or nothing."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import give_totp, without_tokens
from ungsam.access import audit
from ungsam.access.models import AuditAction, AuditEvent, AuditSubject
from ungsam.cases.models import Case, CaseContact
from ungsam.org.models import Membership, User
from ungsam.outreach import code_name_services, conversation_services
from ungsam.outreach.models import CodeName, Conversation
from ungsam.people.models import Youth

LIST = "/feltarbeid/samtaler/"
CREATE = "/feltarbeid/samtaler/ny/"
CODE_NAMES = "/feltarbeid/samtaler/kodenavn/"
NEW_CODE_NAME = "/feltarbeid/samtaler/kodenavn/ny/"


def person(p, username, role, unit):
    user = User.objects.create_user(
        username=username, password="riktig-passord-123", first_name=username.title()
    )
    Membership.objects.create(
        status="direct",
        user=user,
        municipality=p.municipality,
        role=role,
        unit=unit,
        starts_on=date(2025, 1, 1),
    )
    give_totp(user)
    return user


def youth_with_case(p, first, last, contact):
    youth = Youth.objects.create(
        municipality=p.municipality, first_name=first, last_name=last, birth_date=date(2009, 3, 1)
    )
    case = Case.objects.create(youth=youth, unit=p.unit_c)
    CaseContact.objects.create(case=case, user=contact, primary=True)
    return case


@pytest.fixture
def ute(personas):
    """Ute C: Fred (field worker, contact person of Ulrik's case), his colleague Una (field
    worker, no case), and Lars, the unit's leader."""
    p = personas
    p.una = person(p, "una_c", "field_worker", p.unit_c)
    p.lars = person(p, "lars_c", "leader", p.unit_c)
    p.case_c = youth_with_case(p, "Ulrik", "Hemmeligsen", p.field_c)
    return p


def record(actor, unit, **extra):
    values = {
        "actor": actor,
        "unit_id": unit.pk,
        "on_date": timezone.localdate(),
        "channel": "street",
        "topics": ["school"],
        "kind": "anonymous",
    }
    values.update(extra)
    return conversation_services.conversation_record(**values)


def code_name(p, code="Ravn", by=None):
    return code_name_services.code_name_create(
        actor=by or p.field_c, unit_id=p.unit_c.pk, code=code, age_group="vgs", gender="boy"
    )


# --- Access ---------------------------------------------------------------------------------


def test_a_colleague_without_the_case_sees_neither_the_conversation_nor_the_name(ute, login):
    record(ute.field_c, ute.unit_c, kind="named", case_id=ute.case_c.pk)
    record(ute.field_c, ute.unit_c)
    html = login(ute.una).get(LIST).content.decode()
    assert "Hemmeligsen" not in without_tokens(html) and "Ulrik" not in without_tokens(html)
    # Her totals count only what she sees: the anonymous one.
    assert Conversation.objects.count() == 2
    assert '<td class="num">1</td>' in html
    assert "Anonym" in html


def test_the_contact_person_and_the_leader_see_the_named_conversation(ute, client):
    record(ute.field_c, ute.unit_c, kind="named", case_id=ute.case_c.pk)
    for user in (ute.field_c, ute.lars):
        client.force_login(user)
        assert "Ulrik Hemmeligsen" in client.get(LIST).content.decode()


def test_a_colleague_made_contact_person_sees_it(ute, login):
    record(ute.field_c, ute.unit_c, kind="named", case_id=ute.case_c.pk)
    CaseContact.objects.create(case=ute.case_c, user=ute.una)
    assert "Ulrik Hemmeligsen" in login(ute.una).get(LIST).content.decode()


def test_reading_and_recording_a_named_conversation_are_audited(ute, login):
    conversation = record(ute.field_c, ute.unit_c, kind="named", case_id=ute.case_c.pk)
    created = AuditEvent.objects.get(action=AuditAction.CREATE, object_id=str(conversation.pk))
    assert created.fields == ["conversations"]
    assert AuditSubject.objects.filter(event=created, youth_id=ute.case_c.youth_id).exists()
    login(ute.field_c).get(LIST)
    listed = AuditEvent.objects.filter(action=AuditAction.LIST, fields=["conversations"])
    assert AuditSubject.objects.filter(event__in=listed, youth_id=ute.case_c.youth_id).exists()


@pytest.mark.parametrize("who", ["los_a", "leader_a", "los_b", "partner", "analyst", "admin"])
@pytest.mark.parametrize("url", [LIST, CREATE, CODE_NAMES, NEW_CODE_NAME])
def test_outsiders_get_404(ute, login, who, url):
    assert login(getattr(ute, who)).get(url).status_code == 404


def test_an_outsider_gets_404_for_a_code_name(ute, login):
    made = code_name(ute)
    for who in ("los_a", "partner", "analyst", "admin"):
        response = login(getattr(ute, who)).get(f"{CODE_NAMES}{made.pk}/")
        assert response.status_code == 404


def test_services_refuse_outsiders(ute):
    made = code_name(ute)
    for outsider in (ute.los_a, ute.partner, ute.analyst, ute.admin):
        with pytest.raises(PermissionDenied):
            record(outsider, ute.unit_c)
        with pytest.raises(PermissionDenied):
            code_name(ute, code="Ulv", by=outsider)
        with pytest.raises(PermissionDenied):
            code_name_services.code_name_retire(actor=outsider, code_name_id=made.pk)
        with pytest.raises(PermissionDenied):
            register(ute, made, actor=outsider)
    assert not Conversation.objects.exists()
    assert CodeName.objects.get().active


def test_a_colleague_may_not_record_on_a_case_she_does_not_follow(ute):
    with pytest.raises(Http404):
        record(ute.una, ute.unit_c, kind="named", case_id=ute.case_c.pk)
    other = youth_with_case(ute, "Anna", "Annensen", ute.los_a)
    other.unit = ute.unit_a
    other.save()
    with pytest.raises((Http404, ValidationError)):
        record(ute.lars, ute.unit_c, kind="named", case_id=other.pk)
    assert not Conversation.objects.exists()


# --- Anonymous never linked -----------------------------------------------------------------


def test_an_anonymous_conversation_refuses_a_case_or_a_code_name(ute):
    made = code_name(ute)
    with pytest.raises(ValidationError):
        record(ute.field_c, ute.unit_c, kind="anonymous", case_id=ute.case_c.pk)
    with pytest.raises(ValidationError):
        record(ute.field_c, ute.unit_c, kind="anonymous", code_name_id=made.pk)
    assert not Conversation.objects.exists()


def test_the_database_refuses_an_anonymous_conversation_with_a_person(ute):
    for link in ({"case": ute.case_c}, {"code_name": code_name(ute)}):
        with pytest.raises(IntegrityError), transaction.atomic():
            Conversation.objects.create(
                unit=ute.unit_c,
                date=timezone.localdate(),
                channel="street",
                anonymous=True,
                held_by=ute.field_c,
                **link,
            )


# --- Bad input -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "bad, message",
    [
        ({"topics": []}, "Velg minst ett tema."),
        ({"topics": ["dragons"]}, "Velg"),
        ({"channel": "pigeon"}, "Velg"),
        ({"on_date": date(2999, 1, 1)}, "fram i tid"),
        ({"kind": "ghost"}, "Velg"),
    ],
)
def test_bad_input_is_refused_in_norwegian(ute, bad, message):
    from django.utils import translation

    with translation.override("nb"), pytest.raises(ValidationError) as refused:
        record(ute.field_c, ute.unit_c, **bad)
    assert message in str(refused.value)


def test_a_bad_form_answers_400_in_norwegian(ute, login):
    client = login(ute.field_c)
    response = client.post(CREATE, {"on_date": "not a date", "channel": "x", "kind": "named"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Velg minst ett tema." in html and "Velg ungdommen." in html
    response = client.post(NEW_CODE_NAME, {"code": "", "age_group": "old", "gender": "x"})
    assert response.status_code == 400


def test_a_bad_filter_answers_400(ute, login):
    response = login(ute.field_c).get(LIST, {"date_from": "2026-05-01", "date_to": "2026-01-01"})
    assert response.status_code == 400


def test_a_conversation_is_recorded_from_the_form(ute, login):
    response = login(ute.field_c).post(
        CREATE,
        {
            "on_date": timezone.localdate().isoformat(),
            "channel": "school",
            "topics": ["school", "friends"],
            "kind": "named",
            "case": ute.case_c.pk,
        },
    )
    assert response.status_code == 302
    saved = Conversation.objects.get()
    assert saved.case == ute.case_c and not saved.anonymous
    assert sorted(saved.topics.values_list("topic", flat=True)) == ["friends", "school"]


# --- Code names -------------------------------------------------------------------------------


@pytest.mark.parametrize("code", ["17051012345", "170510 123 45", "Ravn 01019912345"])
def test_a_code_name_with_a_national_id_is_refused(ute, code):
    with pytest.raises(ValidationError):
        code_name(ute, code=code)
    assert not CodeName.objects.exists()


def test_a_code_name_equal_to_a_registered_name_warns_until_confirmed(ute, login):
    client = login(ute.field_c)
    data = {"code": "hemmeligsen", "age_group": "vgs", "gender": "boy"}
    response = client.post(NEW_CODE_NAME, data)
    assert response.status_code == 400
    assert 'name="keep_code"' in response.content.decode()
    assert not CodeName.objects.exists()
    assert client.post(NEW_CODE_NAME, {**data, "keep_code": "on"}).status_code == 302
    assert CodeName.objects.get().code == "hemmeligsen"


def test_the_code_name_list_counts_conversations(ute, login):
    made = code_name(ute)
    for days in (3, 1):
        record(
            ute.field_c,
            ute.unit_c,
            kind="code_name",
            code_name_id=made.pk,
            on_date=timezone.localdate() - timedelta(days=days),
        )
    html = login(ute.una).get(CODE_NAMES).content.decode()
    assert "Ravn" in html and '<td data-label="Oppfølgingssamtaler" class="num">2</td>' in html
    assert (timezone.localdate() - timedelta(days=1)).strftime("%d.%m.%Y") in html


def test_a_retired_code_name_takes_no_conversations(ute, login):
    made = code_name(ute)
    assert login(ute.una).post(f"{CODE_NAMES}{made.pk}/avslutt/").status_code == 302
    assert not CodeName.objects.get().active
    with pytest.raises(ValidationError):
        record(ute.field_c, ute.unit_c, kind="code_name", code_name_id=made.pk)


# --- From code name to named youth ---------------------------------------------------------


def register(p, made, actor=None, contact=None, **youth):
    values = {
        "first_name": "Frida",
        "last_name": "Fjellvik",
        "birth_date": date(2009, 4, 2),
        "gender": "girl",
    }
    values.update(youth)
    return code_name_services.code_name_register(
        actor=actor or p.lars,
        code_name_id=made.pk,
        consent=True,
        consent_date=timezone.localdate(),
        youth=values,
        contact_person=contact or p.field_c,
    )


def test_registration_moves_the_conversations_to_the_new_case(ute, login):
    made = code_name(ute)
    for _ in range(3):
        record(ute.field_c, ute.unit_c, kind="code_name", code_name_id=made.pk)
    case = register(ute, made)
    made.refresh_from_db()
    assert made.case == case and made.registered_at is not None
    assert case.unit == ute.unit_c
    assert list(case.contacts.values_list("user", flat=True)) == [ute.field_c.pk]
    assert Conversation.objects.filter(case=case, code_name=made).count() == 3
    moved = AuditEvent.objects.get(action=AuditAction.UPDATE, fields=["conversations"])
    assert AuditSubject.objects.filter(event=moved, youth_id=case.youth_id).exists()
    # Una, not on the case, no longer sees those conversations nor the name.
    html = login(ute.una).get(LIST).content.decode()
    assert "Fjellvik" not in without_tokens(html) and "Ravn" not in without_tokens(html)


def test_registration_is_all_or_nothing(ute, monkeypatch):
    made = code_name(ute)
    record(ute.field_c, ute.unit_c, kind="code_name", code_name_id=made.pk)
    youth_before, cases_before = Youth.objects.count(), Case.objects.count()
    real = audit.record

    def failing(actor, entry):
        if entry.fields == ("conversations",):
            raise RuntimeError("the disk is full")
        return real(actor, entry)

    monkeypatch.setattr(audit, "record", failing)
    with pytest.raises(RuntimeError):
        register(ute, made)
    made.refresh_from_db()
    assert made.case is None and made.registered_at is None
    assert Youth.objects.count() == youth_before and Case.objects.count() == cases_before
    assert Conversation.objects.get().case is None


def test_registration_needs_consent(ute):
    made = code_name(ute)
    with pytest.raises(ValidationError):
        code_name_services.code_name_register(
            actor=ute.lars,
            code_name_id=made.pk,
            consent=False,
            consent_date=timezone.localdate(),
            youth={"first_name": "A", "last_name": "B", "birth_date": date(2009, 1, 1)},
        )
    made.refresh_from_db()
    assert made.case is None


def test_a_field_worker_registers_the_youth_she_follows_as_its_contact_person(ute):
    made = code_name(ute)
    # Not for a colleague: that would hand Una a youth she never met.
    with pytest.raises(PermissionDenied):
        register(ute, made, actor=ute.field_c, contact=ute.una)
    made.refresh_from_db()
    assert made.case is None and not Case.objects.filter(unit=ute.unit_c, youth__first_name="Frida")
    case = register(ute, made, actor=ute.field_c, contact=ute.field_c)
    made.refresh_from_db()
    assert made.case == case and made.consented_on == timezone.localdate()
    assert list(case.contact_persons.all()) == [ute.field_c]


def test_a_registered_code_name_keeps_the_day_of_consent(ute):
    made = code_name(ute)
    register(ute, made)
    with pytest.raises(IntegrityError), transaction.atomic():
        CodeName.objects.filter(pk=made.pk).update(consented_on=None)


def test_registration_form_needs_the_consent_box(ute, login):
    made = code_name(ute)
    response = login(ute.lars).post(
        f"{CODE_NAMES}{made.pk}/registrer/",
        {
            "consent_date": timezone.localdate().isoformat(),
            "contact_person": ute.field_c.pk,
            "first_name": "Frida",
            "last_name": "Fjellvik",
            "birth_date": "2009-04-02",
            "gender": "girl",
        },
    )
    assert response.status_code == 400
    assert "Bekreft at ungdommen har samtykket." in response.content.decode()
    made.refresh_from_db()
    assert made.case is None


# --- Query count -----------------------------------------------------------------------------


def test_the_list_does_not_query_per_row(ute, login, django_assert_max_num_queries):
    client = login(ute.field_c)
    made = code_name(ute)

    def add(n):
        for i in range(n):
            other = youth_with_case(ute, f"Ung{i}{n}", "Testesen", ute.field_c)
            record(ute.field_c, ute.unit_c, kind="named", case_id=other.pk, topics=["home"])
            record(ute.field_c, ute.unit_c, kind="code_name", code_name_id=made.pk)
            record(ute.field_c, ute.unit_c, topics=["school", "friends"])

    add(1)
    client.get(LIST)
    with django_assert_max_num_queries(40) as few:
        assert client.get(LIST).status_code == 200
    add(6)
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = client.get(LIST).content.decode()
    assert html.count("Testesen") == 7
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(CODE_NAMES)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(code=st.text(max_size=60))
def test_any_code_is_either_refused_or_identifies_no_one(ute, code):
    try:
        with transaction.atomic():
            made = code_name(ute, code=code)
    except ValidationError:
        return
    assert 0 < len(made.code) <= 40
    assert sum(ch.isdigit() for ch in made.code) < 11
    assert all(ord(ch) >= 32 for ch in made.code)
    made.delete()


def test_the_leader_registers_a_code_name_from_the_form(ute, login):
    made = code_name(ute)
    record(ute.field_c, ute.unit_c, kind="code_name", code_name_id=made.pk)
    response = login(ute.lars).post(
        f"{CODE_NAMES}{made.pk}/registrer/",
        {
            "consent": "on",
            "consent_date": timezone.localdate().isoformat(),
            "contact_person": ute.field_c.pk,
            "first_name": "Frida",
            "last_name": "Fjellvik",
            "birth_date": "2009-04-02",
            "gender": "girl",
        },
    )
    assert response.status_code == 302
    made.refresh_from_db()
    assert made.case.youth.last_name == "Fjellvik"
    assert Conversation.objects.get().case == made.case
    # Fred, her contact person, now sees the name; Una does not.
    assert "Fjellvik" in login(ute.field_c).get(LIST).content.decode()


def test_registration_finds_the_youth_already_in_the_register(ute):
    import random

    from ungsam.people.demo import synthetic_national_id
    from ungsam.people.services import youth_create

    born = date(2009, 4, 2)
    number = synthetic_national_id(random.Random(1), born)
    known = youth_create(
        actor=ute.los_a,
        purpose="casework",
        municipality=ute.municipality,
        first_name="Frida",
        last_name="Fjellvik",
        birth_date=born,
        national_id=number,
    )
    made = code_name(ute)
    case = register(ute, made, national_id=number)
    assert case.youth == known
    assert Youth.objects.filter(last_name="Fjellvik").count() == 1


def test_a_field_worker_is_offered_only_herself_as_contact_person(ute, login):
    made = code_name(ute)
    client = login(ute.field_c)
    assert (
        f"{CODE_NAMES}{made.pk}/registrer/"
        in client.get(f"{CODE_NAMES}{made.pk}/").content.decode()
    )
    choices = (
        client.get(f"{CODE_NAMES}{made.pk}/registrer/").context["form"].fields["contact_person"]
    )
    assert list(choices.queryset) == [ute.field_c]
