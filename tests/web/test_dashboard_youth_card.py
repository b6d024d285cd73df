"""The dashboard's "My youth" card says what each number is (issue 12, section 3): how many
youth she is contact person for in open cases, and that the list behind the link is every youth
she has access to, which for a leader includes her units' youth."""

from datetime import date

from ungsam.cases.models import Case, CaseContact
from ungsam.people.models import Youth


def card(body: str) -> str:
    return body.split('id="my-youth-heading"', 1)[1].split("</section>", 1)[0]


def add_youth(personas, first_name, contact):
    youth = Youth.objects.create(
        municipality=personas.municipality,
        first_name=first_name,
        last_name="Fiktivsen",
        birth_date=date(2010, 1, 1),
    )
    case = Case.objects.create(youth=youth, unit=personas.unit_a)
    CaseContact.objects.create(case=case, user=contact, primary=True)


def test_it_tells_a_leader_she_sees_more_youth_than_she_follows(personas, login):
    # Leo is contact person for Aksel only; he sees Anna and Siri through his unit.
    add_youth(personas, "Siri", personas.los_a)
    text = card(login(personas.leader_a).get("/").content.decode())
    assert "kontaktperson for 1 ungdom" in text
    assert "Som leder ser du også ungdommene i enhetene du leder" in text
    assert "Alle ungdommer du har tilgang til (3)" in text  # Anna, Aksel, Siri
    assert "du følger opp" not in text


def test_it_names_the_link_by_access_for_a_caseworker(personas, login):
    text = card(login(personas.los_a).get("/").content.decode())
    assert "kontaktperson for 1 ungdom" in text
    assert "Alle ungdommer du har tilgang til (1)" in text
    assert "Som leder" not in text


def test_it_counts_only_open_cases_she_may_see_as_hers(personas, login):
    # Leo leads unit A and sees Bror once Bror has a case there; he is still listed as contact
    # person on Bror's open case in unit B, where he holds no role. That case is not his.
    Case.objects.create(youth=personas.youth_b, unit=personas.unit_a)
    CaseContact.objects.create(
        case=Case.objects.get(youth=personas.youth_b, unit=personas.unit_b), user=personas.leader_a
    )
    text = card(login(personas.leader_a).get("/").content.decode())
    assert "kontaktperson for 1 ungdom" in text  # Aksel only
    assert "Bror" not in text
    assert "Alle ungdommer du har tilgang til (3)" in text  # Anna, Aksel, Bror
