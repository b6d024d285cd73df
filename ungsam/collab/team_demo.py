"""Teams around the youth in the demo: on the first followed-up case (the one with a consent of
every state, a valid one to the school) the los, the school (sara.skole), child welfare
(bjorn.barnevern) and NAV (nina.nav), at BTI level 2, with the coordinator role offered to the
school and awaiting her answer; on three more cases smaller teams, one with a member who left
and one whose coordinator role has passed, accepted, to another unit. One step of
`manage.py seed_demo` (ungsam/lib/demo.py), after the consents."""

from ungsam.access import policy
from ungsam.access.models import Purpose
from ungsam.cases.models import FOLLOWED_STAGES
from ungsam.collab import team_services
from ungsam.org.models import PartnerOrganization, ServiceCode

SCHOOL = "Fiktivik ungdomsskole"
CHILD_WELFARE = "Barneverntjenesten i Fiktivik"
NAV = "NAV Fiktivik"
P = Purpose.DEMO_DATA


def seed(demo) -> None:
    followed = []
    for case in demo.cases:
        case.refresh_from_db(fields=["stage", "status"])
        if case.stage in FOLLOWED_STAGES:
            followed.append(case)
    if not followed:
        return
    users, partners = demo.users, demo.partners
    made = handovers = 0

    # The first followed case: the whole team, and the coordinator role offered to the school.
    case = followed[0]
    los = _team(demo, case, "Los – kontaktperson", "Følger opp hverdagen og holder i planen.")
    _seat(
        demo,
        case,
        users["sara.skole"],
        partners[SCHOOL],
        "Rådgiver på skolen",
        "Tilrettelegger timeplanen og følger opp fraværet hver uke.",
    )
    _seat(
        demo,
        case,
        users["bjorn.barnevern"],
        partners[CHILD_WELFARE],
        "Saksbehandler i barnevernet",
        "Veiledning til foreldrene.",
    )
    _seat(
        demo, case, users["nina.nav"], partners[NAV], "Veileder i NAV", "Sommerjobb og fritidskort."
    )
    team_services.team_settings_set(
        actor=los,
        purpose=P,
        case_id=case.pk,
        coordinating_service=case.unit.service_code,
        child_coordinator=False,
    )
    team_services.team_bti_set(actor=los, purpose=P, case_id=case.pk, bti_level=2)
    school_seat = case.care_team.members.get(user=users["sara.skole"], left_at__isnull=True)
    team_services.handover_offer(
        actor=los,
        purpose=P,
        case_id=case.pk,
        to_member_id=school_seat.pk,
        note="Skolen ser henne hver dag og bør holde i trådene dette halvåret.",
    )
    made, handovers = made + 1, handovers + 1

    # Three more teams: NAV with a member who left; child welfare; one handed over, accepted.
    for i, case in enumerate(followed[1:4], start=1):
        los = _team(demo, case, "Kontaktperson", "Koordinerer og kaller inn til møter.")
        made += 1
        other, other_unit = _worker_elsewhere(demo, case)
        if i == 1:
            _seat(demo, case, users["nina.nav"], partners[NAV], "Veileder i NAV", "Arbeidstrening.")
            if other is not None:
                gone = _seat(demo, case, other, other_unit, "Tidligere los", "Overførte saken.")
                team_services.team_member_remove(
                    actor=los, purpose=P, case_id=case.pk, member_id=gone.pk
                )
            team_services.team_bti_set(actor=los, purpose=P, case_id=case.pk, bti_level=1)
        elif i == 2:
            _seat(
                demo,
                case,
                users["bjorn.barnevern"],
                partners[CHILD_WELFARE],
                "Saksbehandler i barnevernet",
                "Tiltak i hjemmet.",
            )
            team_services.team_settings_set(
                actor=los,
                purpose=P,
                case_id=case.pk,
                coordinating_service=ServiceCode.CHILD_WELFARE,
                child_coordinator=True,
            )
            team_services.team_bti_set(actor=los, purpose=P, case_id=case.pk, bti_level=3)
        elif other is not None:
            seat = _seat(
                demo, case, other, other_unit, "Los i annen enhet", "Tar over koordineringen."
            )
            offer = team_services.handover_offer(
                actor=los,
                purpose=P,
                case_id=case.pk,
                to_member_id=seat.pk,
                note="Hun kjenner familien best.",
            )
            team_services.handover_accept(actor=other, purpose=P, handover_id=offer.pk)
            handovers += 1
    for user in users.values():
        policy.forget_memberships(user)
    demo.counts["care teams"] = made
    demo.counts["coordinator handovers"] = handovers


def _team(demo, case, role, responsibility):
    los = demo.contact_persons[case.pk][0]
    team_services.team_create(
        actor=los,
        purpose=P,
        case_id=case.pk,
        role=role,
        responsibility=responsibility,
        coordinating_service=case.unit.service_code,
    )
    return los


def _seat(demo, case, user, service, role, responsibility):
    if isinstance(service, PartnerOrganization):
        seat = policy.Seat(user, service, None)
    else:
        seat = policy.Seat(user, None, service)
    los = demo.contact_persons[case.pk][0]
    return team_services.team_member_add(
        actor=los,
        purpose=P,
        case_id=case.pk,
        seat_key=seat.key,
        role=role,
        responsibility=responsibility,
    )


def _worker_elsewhere(demo, case):
    """A worker of another unit than the case's (not one of its contact persons), and that
    unit; (None, None) when the demo has none."""
    contacts = {u.pk for u in demo.contact_persons[case.pk]}
    for unit_name, workers in demo.teams.items():
        unit = demo.units[unit_name]
        if unit.pk == case.unit_id:
            continue
        for user in workers:
            if user.pk not in contacts:
                return user, unit
    return None, None
