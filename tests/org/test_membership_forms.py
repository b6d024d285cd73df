"""Giving and ending roles, as the forms say it (issue 12, section 3): the unit is not called
optional when a role needs it, a leader's only unit is chosen already, empty choices say
"Velg …", the partner role is named apart from the partner organization, the same role is not
given twice, "End role" asks first and can end a role later, and ending an ended role changes
nothing."""

import re
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django.utils.translation import gettext

from ungsam.access.models import AuditEvent
from ungsam.org import services
from ungsam.org.forms import MembershipForm
from ungsam.org.models import Membership


def label_of(body: str, field: str) -> str:
    """The text of a field's label, tags stripped."""
    found = re.search(rf'<label class="ds-label" for="id_{field}">(.*?)</label>', body, re.S)
    assert found, f"no label for {field}"
    return re.sub(r"<[^>]+>", "", found.group(1)).strip()


def select_of(body: str, field: str) -> str:
    found = re.search(rf'<select[^>]*id="id_{field}"[^>]*>.*?</select>', body, re.S)
    assert found, f"no select for {field}"
    return found.group(0)


# --- The unit: not "optional" when the role needs it ------------------------------------------


def test_it_does_not_call_the_unit_optional_and_says_when_it_is_needed(personas, login):
    body = login(personas.admin).get(f"/brukere/{personas.los_b.pk}/").content.decode()
    assert label_of(body, "unit") == "Enhet"
    assert label_of(body, "partner") == "Samarbeidspart"
    assert "Må velges for feltarbeider, saksbehandler og leder." in body
    assert "Må velges for rollen Ansatt hos samarbeidspart." in body
    # A field that really is optional still says so.
    assert label_of(body, "ends_on") == "Sluttdato (valgfritt)"


def test_it_makes_the_unit_required_for_a_leader(personas, login):
    body = login(personas.leader_a).get("/brukere/ny/").content.decode()
    assert label_of(body, "unit") == "Enhet"
    assert " required" in select_of(body, "unit")


def test_it_explains_a_leaders_missing_unit_in_norwegian(personas, login):
    data = {
        "username": "nina.ny",
        "first_name": "Nina",
        "last_name": "Nyansatt",
        "password": "et-langt-passord-2026",
        "role": "caseworker",
        "unit": "",
    }
    response = login(personas.leader_a).post("/brukere/ny/", data)
    assert response.status_code == 400
    assert "Velg enheten denne rollen hører til." in response.content.decode()


# --- A leader with one unit gets it chosen already --------------------------------------------


def test_it_chooses_a_leaders_only_unit(personas, login):
    body = login(personas.leader_a).get("/brukere/ny/").content.decode()
    assert f'<option value="{personas.unit_a.pk}" selected>' in select_of(body, "unit")


def test_it_chooses_nothing_for_a_leader_of_two_units(personas, login):
    Membership.objects.create(
        user=personas.leader_a,
        municipality=personas.municipality,
        unit=personas.unit_b,
        role="leader",
        status="direct",
    )
    body = login(personas.leader_a).get("/brukere/ny/").content.decode()
    assert "selected" not in select_of(body, "unit").replace('value="" selected', "")


def test_it_chooses_no_unit_for_an_admin(personas, login):
    body = login(personas.admin).get("/brukere/ny/").content.decode()
    assert '<option value="" selected>Velg enhet</option>' in select_of(body, "unit")


# --- Empty choices say "Velg …" ---------------------------------------------------------------


@pytest.mark.parametrize(
    "url, expected",
    [
        ("/brukere/ny/", ["Velg rolle", "Velg enhet", "Velg samarbeidspart"]),
        ("/organisasjon/enheter/ny/", ["Velg type", "Velg bydel"]),
        ("/organisasjon/samarbeidsparter/ny/", ["Velg type"]),
        ("/organisasjon/steder/ny/", ["Velg type", "Velg bydel"]),
    ],
)
def test_it_says_velg_in_empty_choices(personas, login, url, expected):
    body = login(personas.admin).get(url).content.decode()
    assert "---------" not in body
    for text in expected:
        assert f'<option value="" selected>{text}</option>' in body, text


# --- The partner role and the partner organization have different names ------------------------


def test_it_names_the_partner_role_apart_from_the_partner_organization(personas, login):
    with translation.override("nb"):
        role, organization = gettext("Partner"), gettext("Partner organization")
    assert role == "Ansatt hos samarbeidspart"
    assert organization == "Samarbeidspart"
    body = login(personas.admin).get("/brukere/").content.decode()
    assert "Ansatt hos samarbeidspart – Testvik skole" in body


# --- The same role in the same place is not given twice ---------------------------------------


def test_the_service_refuses_the_same_role_twice_while_the_first_is_current(personas):
    before = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as refused:
        services.membership_add(
            actor=personas.leader_a,
            user=personas.los_a,
            role="caseworker",
            municipality=personas.municipality,
            unit=personas.unit_a,
        )
    assert refused.value.code == "duplicate_role"
    assert "har allerede rollen Saksbehandler – Los A" in " ".join(refused.value.messages)
    assert Membership.objects.filter(user=personas.los_a).count() == 1
    assert AuditEvent.objects.count() == before


def test_the_service_refuses_a_second_role_awaiting_approval(personas):
    def give():
        return services.membership_add(
            actor=personas.admin,
            user=personas.los_b,
            role="caseworker",
            municipality=personas.municipality,
            unit=personas.unit_a,
        )

    assert give().status == "pending"
    with pytest.raises(ValidationError):
        give()
    assert Membership.objects.filter(user=personas.los_b, unit=personas.unit_a).count() == 1


def test_the_service_gives_the_role_again_once_the_first_has_ended(personas):
    first = Membership.objects.get(user=personas.los_a)
    services.membership_end(actor=personas.leader_a, membership=first)
    again = services.membership_add(
        actor=personas.leader_a,
        user=personas.los_a,
        role="caseworker",
        municipality=personas.municipality,
        unit=personas.unit_a,
    )
    assert again.is_active


def test_the_service_gives_the_same_role_in_another_place(personas):
    services.membership_add(
        actor=personas.admin,
        user=personas.los_a,
        role="caseworker",
        municipality=personas.municipality,
        unit=personas.unit_b,
    )
    assert Membership.objects.filter(user=personas.los_a).count() == 2


def test_the_form_refuses_the_same_role_twice_in_norwegian(personas, login):
    data = {"role": "caseworker", "unit": personas.unit_a.pk}
    response = login(personas.admin).post(f"/brukere/{personas.los_a.pk}/", data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "Lise Testperson har allerede rollen Saksbehandler – Los A." in body
    assert Membership.objects.filter(user=personas.los_a).count() == 1


def test_the_form_itself_refuses_the_same_role_twice(personas):
    """Before any service is called: the form knows who gets the role."""
    form = MembershipForm(
        {"role": "caseworker", "unit": personas.unit_a.pk},
        actor=personas.admin,
        municipality=personas.municipality,
        user=personas.los_a,
    )
    assert not form.is_valid()
    assert "har allerede rollen Saksbehandler – Los A" in " ".join(form.non_field_errors())


# --- "End role" asks first, and can end a role later ------------------------------------------


def test_it_links_end_role_to_a_confirmation_page(personas, login):
    role = Membership.objects.get(user=personas.los_a)
    body = login(personas.leader_a).get(f"/brukere/{personas.los_a.pk}/").content.decode()
    assert f'href="/medlemskap/{role.pk}/avslutt/"' in body
    assert f'action="/medlemskap/{role.pk}/avslutt/"' not in body  # no one-click end


def test_the_confirmation_page_asks_and_changes_nothing(personas, login):
    role = Membership.objects.get(user=personas.los_a)
    response = login(personas.leader_a).get(f"/medlemskap/{role.pk}/avslutt/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Avslutte rollen Saksbehandler – Los A for Lise Testperson?" in body
    assert "Avslutt rollen nå" in body
    assert "Eller avslutt den fra en senere dag" in body
    assert label_of(body, "ends_on") == "Første dag uten rollen"  # needed here, not optional
    assert "<script" not in body.split("<main", 1)[1]
    role.refresh_from_db()
    assert role.ends_on is None


def test_it_ends_a_role_from_a_later_day(personas, login):
    role = Membership.objects.get(user=personas.los_a)
    later = timezone.localdate() + timedelta(days=14)
    client = login(personas.leader_a)
    response = client.post(
        f"/medlemskap/{role.pk}/avslutt/", {"later": "1", "ends_on": later.isoformat()}
    )
    assert response.status_code == 302
    role.refresh_from_db()
    assert role.ends_on == later
    assert role.is_active  # still in force until then
    assert "Rollen slutter" in client.get(response["Location"]).content.decode()


@pytest.mark.parametrize("days", [0, -3])
def test_it_refuses_a_later_end_that_is_not_later(personas, login, days):
    role = Membership.objects.get(user=personas.los_a)
    day = timezone.localdate() + timedelta(days=days)
    response = login(personas.leader_a).post(
        f"/medlemskap/{role.pk}/avslutt/", {"later": "1", "ends_on": day.isoformat()}
    )
    assert response.status_code == 400
    role.refresh_from_db()
    assert role.ends_on is None


def test_it_asks_for_the_day_when_ending_later(personas, login):
    role = Membership.objects.get(user=personas.los_a)
    response = login(personas.leader_a).post(f"/medlemskap/{role.pk}/avslutt/", {"later": "1"})
    assert response.status_code == 400
    assert "Velg dagen rollen slutter." in response.content.decode()


# --- Ending an ended role changes nothing -----------------------------------------------------


def ended_role(personas, days_ago=5) -> Membership:
    role = Membership.objects.get(user=personas.los_a)
    Membership.objects.filter(pk=role.pk).update(
        ends_on=timezone.localdate() - timedelta(days=days_ago)
    )
    role.refresh_from_db()
    return role


def test_the_service_leaves_an_ended_role_as_it_is_and_records_nothing(personas):
    role = ended_role(personas)
    ended_on = role.ends_on
    before = AuditEvent.objects.count()
    services.membership_end(actor=personas.leader_a, membership=role)
    role.refresh_from_db()
    assert role.ends_on == ended_on
    assert AuditEvent.objects.count() == before


def test_the_service_leaves_a_rejected_role_as_it_is(personas):
    role = Membership.objects.create(
        user=personas.los_b,
        municipality=personas.municipality,
        unit=personas.unit_a,
        role="caseworker",
        status="rejected",
        granted_by=personas.admin,
        decided_by=personas.leader_a,
        decided_at=timezone.now(),
    )
    before = AuditEvent.objects.count()
    services.membership_end(actor=personas.admin, membership=role)
    role.refresh_from_db()
    assert role.ends_on is None
    assert AuditEvent.objects.count() == before


def test_ending_an_ended_role_says_so(personas, login):
    role = ended_role(personas)
    ended_on = role.ends_on
    client = login(personas.leader_a)
    response = client.post(f"/medlemskap/{role.pk}/avslutt/")
    assert response.status_code == 302
    assert "Rollen var allerede avsluttet" in client.get(response["Location"]).content.decode()
    role.refresh_from_db()
    assert role.ends_on == ended_on
    page = client.get(f"/medlemskap/{role.pk}/avslutt/").content.decode()
    assert "Avslutt rollen nå" not in page
