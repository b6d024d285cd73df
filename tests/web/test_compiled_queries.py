"""The dashboard's queries are compiled once per user and the grounds she holds
(`policy.compiled_sql`), and her roles' query once per user and day (`org.backends`): what is
kept is the question, so a role given or ended shows at her very next request, in the same
worker process (issue 12, section 1)."""

from datetime import date

from ungsam.cases.models import Case, CaseContact
from ungsam.org.models import Membership
from ungsam.org.services import membership_end
from ungsam.people.models import Youth


def card(body: str) -> str:
    return body.split('id="my-youth-heading"', 1)[1].split("</section>", 1)[0]


def roles(body: str) -> str:
    return body.split('id="roles-heading"', 1)[1].split("</section>", 1)[0]


def test_a_role_given_in_another_unit_shows_its_youth_at_the_next_request(personas, login):
    bea = personas.los_b
    client = login(bea)
    assert "Alle ungdommer du har tilgang til (1)" in card(client.get("/").content.decode())
    # Bea becomes a case worker in unit A too, contact person of a new youth there.
    Membership.objects.create(
        user=bea,
        municipality=personas.municipality,
        unit=personas.unit_a,
        role="caseworker",
        status="direct",
        starts_on=date(2025, 1, 1),
    )
    youth = Youth.objects.create(
        municipality=personas.municipality,
        first_name="Siri",
        last_name="Fiktivsen",
        birth_date=date(2010, 1, 1),
    )
    CaseContact.objects.create(
        case=Case.objects.create(youth=youth, unit=personas.unit_a), user=bea, primary=True
    )
    body = client.get("/").content.decode()
    assert "Los A" in roles(body)
    assert "Siri Fiktivsen" in card(body)
    assert "Alle ungdommer du har tilgang til (2)" in card(body)


def test_an_ended_role_takes_its_youth_away_at_the_next_request(personas, login):
    client = login(personas.los_a)
    body = client.get("/").content.decode()
    assert "Anna Fiktivsen" in card(body)
    membership = Membership.objects.get(user=personas.los_a, unit=personas.unit_a)
    membership_end(actor=personas.admin, membership=membership)
    body = client.get("/").content.decode()
    assert "Los A" not in roles(body)
    assert "Anna Fiktivsen" not in body
    assert 'id="my-youth-heading"' not in body  # no role that reads personal data is left
