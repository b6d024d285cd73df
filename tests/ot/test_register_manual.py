"""Registering by hand and a school's report that a student quit (issue 18, point 3): OT
workers register a youth of the target group; a school's counselor reports a student who quit;
both are routed to the OT serving her home, and the sender reads only "Registered with <OT>"
whatever happened. Refused by the services themselves for anyone else, with nothing written."""

from datetime import date

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from tests.ot.test_register_status import build_region
from ungsam.ot.models import OTRegistration, RoutingNotice
from ungsam.ot.register_services import register_by_hand, report_school_leaver
from ungsam.people.models import Youth

ANNA = {"first_name": "Anna", "last_name": "Fiktivsen", "birth_date": "2008-03-01"}


@pytest.fixture
def ot(db):
    return build_region()


def _form(ot, **extra):
    return {**ANNA, "home_municipality": ot.heimvik.pk, **extra}


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_an_ot_worker_registers_a_youth_by_hand(ot, client):
    client.force_login(ot.oda)
    response = client.post(reverse("ot:register_new"), _form(ot, school="Heimvik vgs"))
    assert response.status_code == 302
    registration = OTRegistration.objects.get()
    assert registration.source == "manual" and registration.status == "OTUK"
    assert registration.case.unit == ot.unit and registration.case.stage == "referral"
    assert registration.school_name == "Heimvik vgs"
    assert RoutingNotice.objects.get().to_unit == ot.unit


def test_a_youth_past_the_target_group_is_refused_with_a_clear_message(ot, client):
    client.force_login(ot.oda)
    old = timezone.localdate().year - 26
    response = client.post(reverse("ot:register_new"), _form(ot, birth_date=f"{old}-05-01"))
    assert response.status_code == 400
    assert "24" in response.content.decode()
    assert not OTRegistration.objects.exists() and not Youth.objects.exists()


def test_the_counselor_reads_the_same_answer_whether_ot_knew_her_or_not(ot, client):
    client.force_login(ot.counselor)
    url = reverse("ot:school_report")
    form = _form(ot, national_id="01030850080")
    first = client.post(url, form, follow=True)
    second = client.post(url, form, follow=True)
    assert first.redirect_chain == second.redirect_chain
    assert _messages(first) == _messages(second)
    assert len(_messages(first)) == 1 and "OT Heimvik" in _messages(first)[0]
    # The second report joined the first: one registration, the unit told twice.
    registration = OTRegistration.objects.get()
    assert registration.source == "school_report" and registration.school == ot.school
    assert RoutingNotice.objects.filter(registration=registration).count() == 2


def test_only_a_schools_counselor_gets_the_report_form(ot, client):
    for who in (ot.oda, ot.los_leader, ot.admin):
        client.force_login(who)
        assert client.get(reverse("ot:school_report")).status_code == 404
    client.force_login(ot.counselor)
    assert client.get(reverse("ot:register_new")).status_code == 404


def test_the_services_refuse_everyone_else_and_write_nothing(ot):
    youth = {"first_name": "Anna", "last_name": "Fiktivsen", "birth_date": date(2008, 3, 1)}
    for actor in (ot.counselor, ot.los_leader, ot.admin):
        with pytest.raises(PermissionDenied):
            register_by_hand(actor=actor, home_municipality=ot.heimvik, youth=youth)
    for actor in (ot.oda, ot.leader, ot.los_leader, ot.admin):
        with pytest.raises(PermissionDenied):
            report_school_leaver(actor=actor, home_municipality=ot.heimvik, youth=youth)
    assert not OTRegistration.objects.exists() and not Youth.objects.exists()


def test_the_service_refuses_a_youth_past_the_target_group(ot):
    youth = {"first_name": "Ola", "last_name": "Eldre", "birth_date": date(1990, 1, 1)}
    with pytest.raises(ValidationError) as refused:
        report_school_leaver(actor=ot.counselor, home_municipality=ot.heimvik, youth=youth)
    assert "birth_date" in refused.value.message_dict
    assert not Youth.objects.exists()


def test_the_list_marks_a_youth_who_has_passed_the_target_group(ot, client):
    from tests.ot.test_register_status import register

    register(ot, "Gammel", born=date(timezone.localdate().year - 25, 1, 1))
    register(ot, "Ung")
    client.force_login(ot.leader)
    page = client.get(reverse("ot:register_list")).content.decode()
    row_old = page[page.index("Gammel") :].split("</tr>")[0]
    row_young = page[page.index("Ung</a>") :].split("</tr>")[0]
    assert 'data-color="warning"' in row_old and 'data-color="warning"' not in row_young
