"""The teams' meetings in the demo: on the team with the school, child welfare and NAV
(ungsam/collab/team_demo.py) two held care-team meetings with approved minutes and decisions,
the next planned by the team's rule (every six weeks), and open actions for nina.nav and
sara.skole (partners) and for lise.los (one overdue); one action done with a note. On NAV's
other team a planned meeting has passed without minutes (its coordinator sees it). Los
Nordby's leader sets the unit's default rule (every eight weeks). One step of
`manage.py seed_demo` (ungsam/lib/demo.py), after the teams; all through the services."""

from datetime import timedelta

from django.utils import timezone

from ungsam.access import policy
from ungsam.access.models import Purpose
from ungsam.collab import meeting_services
from ungsam.collab.models import CareTeam, TeamMember

P = Purpose.DEMO_DATA
NAV = "NAV Fiktivik"
SCHOOL = "Fiktivik ungdomsskole"


def _at(days: int, hour: int):
    moment = timezone.localtime() + timedelta(days=days)
    return moment.replace(hour=hour, minute=0, second=0, microsecond=0)


def seed(demo) -> None:
    teams = list(
        CareTeam.objects.filter(case__in=[c.pk for c in demo.cases])
        .select_related("case")
        .order_by("case_id")
    )
    whole = next((t for t in teams if t.members.filter(partner__name=SCHOOL).exists()), None)
    if whole is None:
        return
    case = whole.case
    los = demo.contact_persons[case.pk][0]
    seats = {m.user.username: m for m in TeamMember.objects.current().filter(team=whole)}
    seats.setdefault("lise.los", seats.get(los.username))  # Lise's own, or the los's seat
    made = actions = 0

    def meeting(days, minutes, decisions, agenda):
        held = meeting_services.meeting_plan(
            actor=los,
            purpose=P,
            case_id=case.pk,
            starts_at=_at(days, 14),
            place="Fiktivik ungdomsskole, møterom 2",
            kind="care_team",
            agenda=agenda,
        )
        meeting_services.meeting_participant_add(
            actor=los, purpose=P, case_id=case.pk, meeting_id=held.pk, name="Mor",
            service="foresatte",
        )  # fmt: skip
        meeting_services.meeting_minutes_save(
            actor=los,
            purpose=P,
            case_id=case.pk,
            meeting_id=held.pk,
            minutes=minutes,
            decisions=decisions,
        )
        return held

    def give(held, username, text, days):
        seat = seats.get(username)
        if seat is None:
            return None
        return meeting_services.meeting_action_add(
            actor=los,
            purpose=P,
            case_id=case.pk,
            meeting_id=held.pk,
            text=text,
            owner_id=seat.pk,
            deadline=timezone.localdate() + timedelta(days=days),
        )

    first = meeting(
        -50,
        "Alle i ansvarsgruppen møtte, og mor deltok. Oppmøtet på skolen har vært 70 prosent. "
        "Hun sier at morgenene er tyngst og at hun gruer seg til gymtimene.",
        "Skolen legger om timeplanen med senere oppmøte to dager i uka.\n"
        "NAV undersøker sommerjobb gjennom Ung i jobb.",
        "Oppmøte på skolen\nSommerjobb\nFritid",
    )
    done = give(first, "nina.nav", "Melde henne på informasjonsmøte om sommerjobb", -40)
    if done is not None:
        nina = seats["nina.nav"].user
        policy.forget_memberships(nina)
        meeting_services.meeting_action_done(
            actor=nina, purpose=P, action_id=done.pk, note="Påmeldt møtet 12. mars."
        )
        actions += 1
    meeting_services.meeting_sign(actor=los, purpose=P, case_id=case.pk, meeting_id=first.pk)
    made += 1

    second = meeting(
        -8,
        "Oppmøtet er bedre etter at timeplanen ble lagt om: fra 70 til 85 prosent. Hun har "
        "vært på informasjonsmøtet om sommerjobb og vil søke.",
        "Timeplanen fortsetter som nå ut semesteret.\n"
        "NAV hjelper med søknaden om sommerjobb.\n"
        "Los søker fritidskort sammen med henne.",
        "Oppmøte siden sist\nSøknad om sommerjobb\nFritidskort",
    )
    for username, text, days in (
        ("nina.nav", "Hjelpe henne med søknaden om sommerjobb", 14),
        ("sara.skole", "Sende oppdatert fraværsoversikt til losen", 7),
        ("lise.los", "Søke fritidskort sammen med henne", -2),  # overdue
    ):
        if give(second, username, text, days) is not None:
            actions += 1
    # The team meets every six weeks: approving the minutes plans the next meeting.
    meeting_services.meeting_rule_set(
        actor=los, purpose=P, case_id=case.pk, every_weeks=6, kind="care_team"
    )
    meeting_services.meeting_sign(actor=los, purpose=P, case_id=case.pk, meeting_id=second.pk)
    made += 2

    # NAV's other team: a planned meeting has passed without minutes.
    other = next(
        (t for t in teams if t.pk != whole.pk and t.members.filter(partner__name=NAV).exists()),
        None,
    )
    if other is not None:
        coordinator = other.members.get(is_coordinator=True, left_at__isnull=True).user
        policy.forget_memberships(coordinator)
        meeting_services.meeting_plan(
            actor=demo.contact_persons[other.case_id][0],
            purpose=P,
            case_id=other.case_id,
            starts_at=_at(-3, 10),
            place="NAV Fiktivik",
            kind="collaboration",
            agenda="Arbeidstrening: hvordan går det?",
        )
        made += 1

    leader = demo.users.get("leo.leder")
    unit = demo.units.get("Los Nordby")
    if leader is not None and unit is not None:
        meeting_services.unit_meeting_rule_set(
            actor=leader, purpose=P, unit_id=unit.pk, every_weeks=8, kind="care_team"
        )
    for user in demo.users.values():
        policy.forget_memberships(user)
    demo.counts["team meetings"] = made
    demo.counts["meeting actions"] = actions
