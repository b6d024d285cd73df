"""End-to-end: sharing by consent (issue 14), in two browser sessions at once. Lise makes the
team around a youth she follows and seats the school counselor on it; Sara, logged in in her
own browser, sees nothing of the youth until Lise records the youth's consent to share contact
details and the plan with the school. Then Sara sees exactly those two parts. Lise records the
youth's withdrawal, and Sara's very next request finds nothing. Every page passes axe-core."""

from datetime import date

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import Recorder, log_in, page_problems, submit
from ungsam.access.models import AuditSubject, Basis
from ungsam.cases.models import Case, CaseContact
from ungsam.collab.models import Consent, Disclosure
from ungsam.org.models import PartnerOrganization, Unit, User
from ungsam.people.models import Youth

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SCHOOL = "Fiktivik ungdomsskole"


def _youth_of_lise() -> Case:
    """A youth Lise follows in Los Nordby, with no team and no consent yet."""
    unit = Unit.objects.get(name="Los Nordby")
    youth = Youth.objects.create(
        municipality=unit.municipality,
        first_name="Dina",
        last_name="Delingsen",
        birth_date=date(2010, 2, 3),
        phone="41234567",
        school=SCHOOL,
    )
    case = Case.objects.create(youth=youth, unit=unit, stage="active")
    CaseContact.objects.create(case=case, user=User.objects.get(username="lise.los"), primary=True)
    return case


def test_a_counselor_sees_what_was_consented_and_loses_it_at_withdrawal(
    demo, live_server, new_context
):
    base = live_server.url
    case = _youth_of_lise()
    school = PartnerOrganization.objects.get(name=SCHOOL)
    sara_user = User.objects.get(username="sara.skole")
    problems: list[str] = []

    lise = new_context().new_page()
    sara = new_context().new_page()
    recorders = [Recorder(lise, base), Recorder(sara, base)]
    log_in(lise, base, "lise.los")
    log_in(sara, base, "sara.skole")

    # Lise makes the team and seats Sara for the school.
    lise.goto(f"{base}/saker/{case.pk}/team/")
    problems.extend(page_problems(lise, "team (new)"))
    lise.fill("#id_role", "Los")
    lise.get_by_role("button", name="Opprett teamet").click()
    lise.wait_for_url(f"{base}/saker/{case.pk}/team/")
    lise.select_option("#id_seat", value=f"{sara_user.pk}:p{school.pk}")
    lise.locator("form[action$='/medlemmer/ny/'] #id_role").fill("Rådgiver")
    lise.get_by_role("button", name="Legg til i teamet").click()
    lise.wait_for_url(f"{base}/saker/{case.pk}/team/")
    expect(lise.locator("main")).to_contain_text("Sara Skolebakken")
    problems.extend(page_problems(lise, "team (with Sara)"))

    # On the team, but no consent: Sara sees nothing of Dina.
    sara.goto(f"{base}/")
    expect(sara.locator("main")).not_to_contain_text("Delingsen")
    response = sara.goto(f"{base}/samarbeid/sak/{case.pk}/")
    assert response is not None and response.status == 404

    # Lise records Dina's written consent: contact details and the plan, to the school.
    lise.goto(f"{base}/saker/{case.pk}/samtykke/nytt/")
    lise.check(f"input[name=partners][value='{school.pk}']")
    lise.check("input[name=categories][value=contact_details]")
    lise.check("input[name=categories][value=plan]")
    lise.fill("#id_sharing_purpose", "Så skolen og losen kan planlegge oppmøtet sammen.")
    lise.check("#id_given_by_youth")
    problems.extend(page_problems(lise, "consent form"))
    submit(lise)
    lise.wait_for_url(f"{base}/saker/{case.pk}/samtykke/")
    consent = Consent.objects.get(case=case)

    # Sara's next request: Dina is on her home, and her page shows exactly what was consented.
    sara.goto(f"{base}/")
    expect(sara.locator("main")).to_contain_text("Dina Delingsen")
    problems.extend(page_problems(sara, "partner home"))
    sara.get_by_role("link", name="Dina Delingsen").first.click()
    sara.wait_for_url(f"{base}/samarbeid/sak/{case.pk}/")
    problems.extend(page_problems(sara, "shared page"))
    main = sara.locator("main")
    expect(main.get_by_role("heading", name="Kontaktopplysninger")).to_be_visible()
    expect(main).to_contain_text("41234567")
    expect(main.get_by_role("heading", name="Tiltaksplan")).to_be_visible()
    for hidden in ("Kartlegginger", "Journalsammendrag", "Vedlegg", "Skoledata"):
        expect(main.get_by_role("heading", name=hidden, exact=True)).to_have_count(0)
    read = AuditSubject.objects.filter(youth_id=case.youth_id, basis=Basis.CONSENT).latest("id")
    assert read.consent_id == consent.pk and read.event.actor_id == sara_user.pk
    assert Disclosure.objects.filter(case=case, user=sara_user, consent=consent).exists()

    # Lise records the withdrawal in her own session.
    lise.goto(f"{base}/saker/{case.pk}/samtykke/{consent.pk}/trekk-tilbake/")
    lise.fill("#id_reason", "Dina vil ikke at skolen skal se planen likevel.")
    problems.extend(page_problems(lise, "withdrawal"))
    submit(lise)
    lise.wait_for_url(f"{base}/saker/{case.pk}/samtykke/")

    # The moment after: Sara's reload finds nothing, and her home no longer names Dina.
    response = sara.reload()
    assert response is not None and response.status == 404
    sara.goto(f"{base}/")
    expect(sara.locator("main")).not_to_contain_text("Delingsen")
    expect(sara.locator("main")).to_contain_text("ingen samtykke gjelder tjenesten din nå")
    problems.extend(page_problems(sara, "partner home after withdrawal"))

    for recorder in recorders:
        problems.extend(recorder.problems())
    assert not problems, "\n".join(problems)
