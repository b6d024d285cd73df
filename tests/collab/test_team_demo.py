"""The demo's teams: the school, child welfare and NAV around the first followed-up youth, at
BTI level 2, with the coordinator role offered to the school and waiting for her answer; the
school holds a valid consent on that case, so sara.skole has something to see."""

from tests.conftest import give_totp
from ungsam.collab.models import CareTeam, Handover
from ungsam.collab.selectors import valid_consents
from ungsam.org.models import User


def test_the_demo_has_teams_and_one_handover_waiting(db, demo_data, client):
    # The collaboration demo's teams (the OT demo adds one for fixed meetings, issue 18).
    assert 3 <= CareTeam.objects.filter(case__ot_registration__isnull=True).count() <= 4
    waiting = Handover.objects.get(
        accepted_at__isnull=True, declined_at__isnull=True, cancelled_at__isnull=True
    )
    sara = User.objects.get(username="sara.skole")
    assert waiting.to_member.user == sara
    team = waiting.team
    seated = {m.user.username for m in team.members.filter(left_at__isnull=True)}
    assert {"sara.skole", "bjorn.barnevern", "nina.nav"} <= seated
    assert team.bti_level == 2 and team.bti_set_by is not None
    assert team.members.get(is_coordinator=True).user.username not in seated - {
        m.user.username for m in team.members.filter(unit=team.case.unit)
    }
    school = waiting.to_member.partner
    assert valid_consents(youth_id=team.case.youth_id, category="plan", partner_id=school.pk)
    assert Handover.objects.filter(accepted_at__isnull=False).exists()
    assert CareTeam.objects.filter(members__left_at__isnull=False).exists()
    give_totp(sara)
    sara.must_set_password = False
    sara.save(update_fields=["must_set_password"])
    client.force_login(sara)
    page = client.get(f"/samarbeid/overlevering/{waiting.pk}/")
    assert page.status_code == 200
    assert team.case.youth.first_name in page.content.decode()
    assert team.case.youth.last_name not in page.content.decode()
