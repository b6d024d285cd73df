"""The demo's meetings: held meetings with approved minutes and decisions on the team with the
school, child welfare and NAV, the next planned by the team's rule, open actions for nina.nav
and sara.skole (partners) and for lise.los, one overdue; nina sees hers on her dashboard."""

from django.utils import timezone

from tests.conftest import give_totp
from ungsam.collab.models import Meeting, MeetingAction, MeetingRule
from ungsam.org.models import User


def test_the_demo_has_meetings_with_open_actions_for_partners(db, demo_data, client):
    assert Meeting.objects.filter(signed_at__isnull=False).exclude(decisions="").count() >= 2
    assert Meeting.objects.filter(from_rule=True, signed_at__isnull=True).exists()
    assert Meeting.objects.filter(signed_at__isnull=True, starts_at__lt=timezone.now()).exists()
    assert MeetingRule.objects.filter(unit__isnull=False).exists()
    open_actions = MeetingAction.objects.filter(done_at__isnull=True)
    owners = set(open_actions.values_list("owner__user__username", flat=True))
    assert {"nina.nav", "sara.skole", "lise.los"} <= owners
    assert open_actions.filter(deadline__lt=timezone.localdate()).exists()
    assert MeetingAction.objects.filter(done_at__isnull=False).exclude(done_note="").exists()
    nina = User.objects.get(username="nina.nav")
    give_totp(nina)
    nina.must_set_password = False
    nina.save(update_fields=["must_set_password"])
    client.force_login(nina)
    page = client.get("/").content.decode()
    assert "Hjelpe henne med søknaden om sommerjobb" in page
