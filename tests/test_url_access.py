"""Every URL of Ungsam has an access test here: who gets the page, and who gets 404 (a page a
role may not use answers like one that does not exist). A new URL without a row fails the
first test, so nobody can add a view and forget to decide who may use it."""

from datetime import date

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from ungsam.org.models import Membership

PERSONAS = ["los_a", "leader_a", "los_b", "field_c", "partner", "analyst", "admin"]
EVERYONE = dict.fromkeys(PERSONAS, 200)
READERS = {"los_a": 200, "leader_a": 200, "los_b": 200, "field_c": 200, "partner": 200}


def youth_a(p):
    return {"pk": p.youth_a.pk}


def los_a_user(p):
    return {"pk": p.los_a.pk}


def los_a_membership(p):
    return {"pk": Membership.objects.get(user=p.los_a).pk}


def pending_membership(p):
    """Bea, given a case-worker role in unit A by the admin, awaiting approval."""
    pending = Membership.objects.create(
        user=p.los_b,
        municipality=p.municipality,
        unit=p.unit_a,
        role="caseworker",
        status="pending",
        granted_by=p.admin,
    )
    return {"pk": pending.pk}


def outreach_group_c(p):
    """A group of Fred's outreach unit C."""
    from ungsam.outreach.models import Group

    group = Group.objects.create(unit=p.unit_c, name="Mandagsgaming", kind="gaming")
    return {"pk": group.pk}


def unit_a(p):
    return {"pk": p.unit_a.pk}


def school(p):
    return {"pk": p.school.pk}


def a_place(p):
    from ungsam.org.models import Place

    place = Place.objects.create(municipality=p.municipality, name="Torget", kind="street")
    return {"pk": place.pk}


def emergency_access_a(p):
    """Lise's emergency access to Aksel's case (unit A; the leader follows him, not she)."""
    from ungsam.access import services

    access = services.emergency_access_open(
        actor=p.los_a,
        purpose="casework",
        first_name="Aksel",
        last_name="Fiktivsen",
        birth_date=p.youth_a2.birth_date,
        reason="Politiet ringte: Aksel er savnet i natt, vi må vite hvem han har kontakt med.",
    )
    return {"pk": access.pk}


def a_pathway(p):
    from ungsam.collab.models import ServicePathway

    return {"pk": ServicePathway.objects.create(municipality=p.municipality, name="Løpet").pk}


def a_pathway_step(p):
    from ungsam.collab.models import PathwayStep

    pathway = a_pathway(p)["pk"]
    step = PathwayStep.objects.create(
        pathway_id=pathway, position=1, name="Kartlegging", service="skole", expected_days=14,
        bti_level=1,
    )  # fmt: skip
    return {"pk": step.pk}


def import_job_a(p):
    """Leo's checked import bundle for unit A (its file already gone: starting it fails)."""
    from ungsam.transfer.models import ImportJob

    job = ImportJob.objects.create(
        unit=p.unit_a, started_by=p.leader_a, file_name="historikk.zip", status="checked"
    )
    return {"pk": job.pk}


def a_student_period(p):
    """A student's figures at Sara's school (early warning, issue 18)."""
    from tests.ot.early_warning_data import SPRING, student

    return {"pk": student(p.school, "Elev", [(SPRING, "12")]).pk}


def a_risk_rule(p):
    from ungsam.ot.risk_rules import ensure_default_rules

    return {"pk": ensure_default_rules(p.municipality)[0].pk}


def ot_registration_b(p):
    """Olav on OT B's register (unit B, which serves Testvik), Bea his contact person."""
    from ungsam.access.audit import SystemActor
    from ungsam.cases.models import CaseContact
    from ungsam.ot.models import OTCoverage
    from ungsam.ot.register_services import register_youth

    OTCoverage.objects.get_or_create(unit=p.unit_b, municipality=p.municipality)
    registration = register_youth(
        actor=SystemActor("test"),
        home_municipality=p.municipality,
        youth={"first_name": "Olav", "last_name": "Fiktivsen", "birth_date": date(2008, 2, 2)},
        source="manual",
    ).registration
    CaseContact.objects.get_or_create(case=registration.case, user=p.los_b, primary=True)
    return registration


def olav_registration_b(p):
    return {"pk": ot_registration_b(p).pk}


def _find_request_c(p, answered=False):
    from django.utils import timezone

    from ungsam.ot.models import FindRequest

    found = FindRequest.objects.create(
        registration=ot_registration_b(p),
        outreach_unit=p.unit_c,
        asked="Sett på stasjonen på kveldstid.",
        sent_by=p.los_b,
        answer="found" if answered else "",
        answered_at=timezone.now() if answered else None,
    )
    return {"pk": found.pk}


def find_request_c(p):
    """OT B asks Fred's outreach unit C to find Olav: open."""
    return _find_request_c(p)


def find_answer_c(p):
    """Unit C has answered OT B's request about Olav: not yet seen."""
    return _find_request_c(p, answered=True)


def handover_to_a(p):
    """OT B hands Olav back to Los A (Leo leads it), not yet acknowledged."""
    from ungsam.ot.models import UnitHandover

    handover = UnitHandover.objects.create(
        from_case=ot_registration_b(p).case,
        to_unit=p.unit_a,
        summary="Olav begynner på skolen igjen i januar.",
        sent_by=p.los_b,
    )
    return {"pk": handover.pk}


def school_import_job_a(p):
    """Sara's checked school data file for her school (its file already gone: importing it
    fails); the municipality's admin sees it too."""
    from ungsam.ot.models import SchoolImportJob

    job = SchoolImportJob.objects.create(
        municipality=p.municipality, school=p.school, started_by=p.partner,
        file_name="elever.csv", status="checked",
    )  # fmt: skip
    return {"pk": job.pk}


# Who imports school data: the municipality's admin, and a school's counselor (her school).
SCHOOL_IMPORTERS = {"partner": 200, "admin": 200}
MANAGERS = {"leader_a": 200, "admin": 200}
# Who changes Anna's record: her contact person and the leader of her unit.
ANNAS_WORKERS = {"los_a": 200, "leader_a": 200}
# Everyone who works in a unit.
WORKERS = {"los_a": 200, "leader_a": 200, "los_b": 200, "field_c": 200}
# Everyone who works in an outreach unit.
FIELD = {"field_c": 200}


def case_a(p):
    return {"pk": p.youth_a.cases.get().pk}


def appointment_a(p):
    from django.utils import timezone

    from ungsam.cases.models import Appointment

    appointment = Appointment.objects.create(
        case=p.youth_a.cases.get(), starts_at=timezone.now(), place="Kontoret"
    )
    return {"pk": appointment.pk}


def discussion_a(p):
    from ungsam.cases.models import Discussion

    item = Discussion.objects.create(case=p.youth_a.cases.get(), question="Hva gjør vi nå?")
    return {"pk": item.pk}


def _anna_plan(p):
    from ungsam.plans.models import ActionPlan

    return ActionPlan.objects.get_or_create(case=p.youth_a.cases.get())[0]


def an_area(p):
    from ungsam.org.models import Area

    return {"pk": Area.objects.create(municipality=p.municipality, name="Sentrum").pk}


def a_shift_c(p):
    """A shift of Fred's outreach unit Ute C, this evening."""
    from datetime import timedelta

    from django.utils import timezone

    from ungsam.outreach.models import Shift

    start = timezone.now() + timedelta(hours=1)
    shift = Shift.objects.create(
        unit=p.unit_c, starts_at=start, ends_at=start + timedelta(hours=4), created_by=p.field_c
    )
    shift.workers.add(p.field_c)
    return {"pk": shift.pk}


def a_band_c(p):
    """A band of Ute C's staffing plan (only an outreach leader may change it: none here)."""
    from datetime import time

    from ungsam.outreach.models import StaffingBand

    band = StaffingBand.objects.create(
        unit=p.unit_c, weekday=0, starts=time(8, 30), ends=time(15, 30), min_teams=2, max_teams=3
    )
    return {"pk": band.pk}


def a_measure_type(p):
    from ungsam.plans.models import MeasureType

    return {"pk": MeasureType.objects.create(municipality=p.municipality, name="Leksehjelp").pk}


def goal_a(p):
    from datetime import date

    plan = _anna_plan(p)
    goal = plan.goals.create(
        what="Fravær under 10 %", indicator="Fravær i %", baseline=25, target=10,
        due_on=date(2030, 3, 1),
    )  # fmt: skip
    return {"pk": plan.case_id, "goal_pk": goal.pk}


def measure_a(p):
    from datetime import date

    plan = _anna_plan(p)
    kind = a_measure_type(p)["pk"]
    measure = plan.measures.create(type_id=kind, responsible="Skolen", starts_on=date(2026, 1, 5))
    return {"pk": plan.case_id, "measure_pk": measure.pk}


def guardian_a(p):
    from ungsam.people.models import Guardian

    guardian = Guardian.objects.create(youth=p.youth_a, name="Kari Fiktivsen", relation="mother")
    return {"pk": guardian.pk}


def _journal_entry(p, *, sign: bool, attach: bool = False):
    """An entry by Lise (Anna's contact person) in Anna's journal, through the services."""
    from ungsam.cases import journal_services
    from ungsam.cases.models import JournalAttachment

    entry = journal_services.journal_entry_create(
        actor=p.los_a,
        purpose="casework",
        case_id=p.youth_a.cases.get().pk,
        kind="conversation",
        occurred_on=p.youth_a.cases.get().opened_on,
        text="Samtale på kontoret.",
    )
    if attach:
        from django.core.files.uploadedfile import SimpleUploadedFile

        upload = SimpleUploadedFile("notat.pdf", b"%PDF-1.4\n%%EOF\n")
        journal_services.journal_attachment_add(
            actor=p.los_a, purpose="casework", entry_id=entry.pk, upload=upload
        )
    if sign:
        journal_services.journal_entry_sign(actor=p.los_a, purpose="casework", entry_id=entry.pk)
    if attach:
        return JournalAttachment.objects.get(entry=entry)
    return entry


def signed_entry_a(p):
    return {"pk": _journal_entry(p, sign=True).pk}


def draft_entry_a(p):
    """Lise's draft: hers alone, not even her leader sees it."""
    return {"pk": _journal_entry(p, sign=False).pk}


def attachment_a(p):
    return {"pk": _journal_entry(p, sign=True, attach=True).pk}


def consent_a(p):
    """A consent of Anna's to the school, recorded by Lise through the service."""
    from ungsam.collab import services

    consent = services.consent_record(
        actor=p.los_a, purpose="casework", case_id=p.youth_a.cases.get().pk, status="given",
        partner_ids=[p.school.pk], unit_ids=[], categories=["plan"],
        sharing_purpose="Samarbeid med skolen.", given_by_youth=True, given_as="written",
    )  # fmt: skip
    return {"pk": consent.case_id, "consent_pk": consent.pk}


def consent_scan_a(p):
    """A written consent of Anna's with its signed form (a PDF), recorded by Lise."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from ungsam.collab import services

    consent = services.consent_record(
        actor=p.los_a, purpose="casework", case_id=p.youth_a.cases.get().pk, status="given",
        partner_ids=[p.school.pk], unit_ids=[], categories=["plan"],
        sharing_purpose="Samarbeid med skolen.", given_by_youth=True, given_as="written",
        scan=SimpleUploadedFile("samtykke.pdf", b"%PDF-1.4\n%%EOF\n"),
    )  # fmt: skip
    return {"pk": consent.case_id, "consent_pk": consent.pk}


def _shared_with_school(p, categories):
    """Anna's care team with the school counselor on it, and a consent of Anna's to the school
    naming `categories`: she sees Anna's shared page (rule 3)."""
    from ungsam.collab.models import CareTeam, TeamMember

    case = p.youth_a.cases.get()
    team = CareTeam.objects.create(case=case)
    TeamMember.objects.create(
        team=team, user=p.los_a, unit=p.unit_a, role="Los", is_coordinator=True
    )
    TeamMember.objects.create(team=team, user=p.partner, partner=p.school, role="Rådgiver")
    consent_a_with(p, categories)
    return case


def consent_a_with(p, categories):
    from ungsam.collab import services

    return services.consent_record(
        actor=p.los_a, purpose="casework", case_id=p.youth_a.cases.get().pk, status="given",
        partner_ids=[p.school.pk], unit_ids=[], categories=categories,
        sharing_purpose="Samarbeid med skolen.", given_by_youth=True, given_as="written",
    )  # fmt: skip


def shared_case_a(p):
    return {"pk": _shared_with_school(p, ["contact_details", "plan"]).pk}


def shared_attachment_a(p):
    case = _shared_with_school(p, ["attachments"])
    return {"pk": case.pk, "attachment_pk": _journal_entry(p, sign=True, attach=True).pk}


def _anna_team(p, *, seat_sara=False, offer=False):
    """Anna's team, made by Lise (its coordinator); Sara (the school) seated; the coordinator
    role offered to her: all through the services."""
    from ungsam.access import policy
    from ungsam.collab import team_services

    case_id = p.youth_a.cases.get().pk
    team = team_services.team_create(actor=p.los_a, purpose="casework", case_id=case_id, role="Los")
    sara = handover = None
    if seat_sara:
        sara = team_services.team_member_add(
            actor=p.los_a, purpose="casework", case_id=case_id,
            seat_key=policy.Seat(p.partner, p.school, None).key, role="Rådgiver",
        )  # fmt: skip
    if offer:
        handover = team_services.handover_offer(
            actor=p.los_a, purpose="casework", case_id=case_id, to_member_id=sara.pk
        )
    return team, sara, handover


def team_a(p):
    return {"pk": _anna_team(p)[0].case_id}


def team_member_a(p):
    team, sara, _ = _anna_team(p, seat_sara=True)
    return {"pk": team.case_id, "member_pk": sara.pk}


def handover_a(p):
    team, _, handover = _anna_team(p, seat_sara=True, offer=True)
    return {"pk": team.case_id, "handover_pk": handover.pk}


def handover_to_sara(p):
    return {"pk": _anna_team(p, seat_sara=True, offer=True)[2].pk}


def _anna_meeting(p):
    """A meeting of Anna's team yesterday (Sara seated, Anna's consent shares the plan with
    the school), with an action given to Sara."""
    from datetime import timedelta

    from django.utils import timezone

    from ungsam.collab import meeting_services

    team, sara, _ = _anna_team(p, seat_sara=True)
    consent_a_with(p, ["plan"])
    meeting = meeting_services.meeting_plan(
        actor=p.los_a, purpose="casework", case_id=team.case_id, kind="care_team",
        starts_at=timezone.now() - timedelta(days=1), place="Skolen",
    )  # fmt: skip
    action = meeting_services.meeting_action_add(
        actor=p.los_a, purpose="casework", case_id=team.case_id, meeting_id=meeting.pk,
        text="Legge om timeplanen", owner_id=sara.pk, deadline=timezone.localdate(),
    )  # fmt: skip
    return team, meeting, action


def meetings_a(p):
    return {"pk": _anna_meeting(p)[0].case_id}


def meeting_a(p):
    team, meeting, _ = _anna_meeting(p)
    return {"pk": team.case_id, "meeting_pk": meeting.pk}


def action_of_sara(p):
    return {"pk": _anna_meeting(p)[2].pk}


def individual_plan_a(p):
    """Anna's individual plan, on the case whose team Lise coordinates."""
    from django.utils import timezone

    from ungsam.plans import ip_services

    team = _anna_team(p)[0]
    ip_services.individual_plan_create(
        actor=p.los_a,
        purpose="casework",
        case_id=team.case_id,
        youth_words="Jeg vil fullføre skolen.",
        valid_from=timezone.localdate(),
        valid_to=timezone.localdate(),
        consent_on=timezone.localdate(),
        consent_by="youth",
    )
    return {"pk": team.case_id}


def incoming_request_a(p):
    """A request from the school recorded on Anna's case by Lise."""
    from ungsam.collab import request_services

    req = request_services.request_record_incoming(
        actor=p.los_a, purpose="collaboration", case_id=p.youth_a.cases.get().pk,
        partner_id=p.school.pk, asked="Skolen ber om et møte om fraværet.",
    )  # fmt: skip
    return {"pk": req.case_id, "request_pk": req.pk}


def request_to_school(p):
    """A request from Anna's case to the school, sent by Lise on Anna's consent."""
    from ungsam.collab import request_services

    consent = consent_a_with(p, ["contact_details", "plan"])
    req = request_services.request_send(
        actor=p.los_a, purpose="collaboration", case_id=p.youth_a.cases.get().pk,
        partner_id=p.school.pk, asked="Kan skolen tilby leksehjelp?",
        categories=["contact_details"], consent_id=consent.pk,
    )  # fmt: skip
    return {"pk": req.pk}


def sara_on_annas_team(p):
    return {"pk": _anna_team(p, seat_sara=True)[0].case_id}


# name: (method, kwargs from personas, {persona: status}; personas not named get 404,
#        anonymous status)
def concern_draft_a(p):
    from tests.concerns.helpers import draft

    return {"pk": draft(p).pk}


def concern_sent_a(p):
    from tests.concerns.helpers import sent

    return {"pk": sent(p).pk}


def information_request_a(p):
    from datetime import date

    from tests.concerns.helpers import child_welfare
    from ungsam.concerns import services

    request = services.information_request_record(
        actor=p.los_a,
        case_id=p.youth_a.cases.get().pk,
        partner_id=child_welfare(p).pk,
        received_on=date(2026, 1, 5),
        asked="Oppmøte siste halvår.",
        legal_basis="barnevernsloven § 13-3",
    )
    return {"pk": request.pk}


def code_name_c(p):
    """A code name of Ute C, Fred's outreach unit."""
    from ungsam.outreach.models import CodeName

    code_name = CodeName.objects.create(
        unit=p.unit_c, code="Ravn", age_group="vgs", gender="boy", created_by=p.field_c
    )
    return {"pk": code_name.pk}


def registration_b(p):
    """Bror's registration on OT B's register (Bea is his contact person)."""
    from ungsam.ot.models import OTRegistration, OTStatusChange

    registration = OTRegistration.objects.create(
        case=p.youth_b.cases.get(), home_municipality=p.municipality, source="manual"
    )
    OTStatusChange.objects.create(registration=registration, code="OTUK")
    return {"pk": registration.pk}


def notice_b(p):
    """The notice that Bror was routed to OT B (no persona leads OT B)."""
    from ungsam.ot.models import RoutingNotice

    registration = registration_b(p)["pk"]
    notice = RoutingNotice.objects.create(
        registration_id=registration, reason="new_registration", to_unit=p.unit_b
    )
    return {"pk": notice.pk}


# Who works in an OT unit (Bea, in OT B); nobody here leads one (tests/ot cover the leader).
OT_WORKERS = {"los_b": 200}

ACCESS = {
    "healthz": ("get", None, EVERYONE, 200),
    "web:dashboard": ("get", None, EVERYONE, 302),
    "stats:statistics": ("get", None, {"leader_a": 200, "analyst": 200, "admin": 200}, 302),
    # A unit leader's dashboards: her units only; an analyst sees statistics, not these.
    "stats:leader_dashboard": ("get", None, {"leader_a": 200}, 302),
    "stats:leader_dashboard_xlsx": ("get", None, {"leader_a": 200}, 302),
    "transfer:import_home": ("get", None, {"leader_a": 200}, 302),
    "transfer:import_job": ("get", import_job_a, {"leader_a": 200}, 302),
    "transfer:import_progress": ("get", import_job_a, {"leader_a": 200}, 302),
    "transfer:import_start": ("post", import_job_a, {"leader_a": 302}, 302),
    "transfer:import_discard": ("post", import_job_a, {"leader_a": 302}, 302),
    "ot:school_import_home": ("get", None, SCHOOL_IMPORTERS, 302),
    "ot:school_import_job": ("get", school_import_job_a, SCHOOL_IMPORTERS, 302),
    "ot:school_import_progress": ("get", school_import_job_a, SCHOOL_IMPORTERS, 302),
    "ot:school_import_start": ("post", school_import_job_a, {"partner": 302, "admin": 302}, 302),
    "ot:school_import_discard": ("post", school_import_job_a, {"partner": 302, "admin": 302}, 302),
    # The annual report: a leader's own units, an analyst's (and admin's) municipality, counts
    # withheld; the download without a format is a form error (400).
    "stats:annual_report": ("get", None, {"leader_a": 200, "analyst": 200, "admin": 200}, 302),
    "stats:annual_report_download": (
        "get",
        None,
        {"leader_a": 400, "analyst": 400, "admin": 400},
        302,
    ),
    "people:youth_list": ("get", None, READERS, 302),
    "people:youth_detail": ("get", youth_a, {"los_a": 200, "leader_a": 200}, 302),
    # Registering opens a case in her unit: case workers and leaders (not field workers).
    "people:youth_register": ("get", None, {"los_a": 200, "leader_a": 200, "los_b": 200}, 302),
    "people:youth_edit": ("get", youth_a, ANNAS_WORKERS, 302),
    "people:youth_national_id": ("post", youth_a, ANNAS_WORKERS, 302),
    "people:guardian_add": ("get", youth_a, ANNAS_WORKERS, 302),
    "people:guardian_edit": ("get", guardian_a, ANNAS_WORKERS, 302),
    "people:guardian_remove": ("post", guardian_a, {"los_a": 302, "leader_a": 302}, 302),
    # Casework. Anyone who works with youth, and partners, may refer; the rest is the case's
    # contact person's and her leader's, and the waiting list, triage and capacity the
    # leader's alone (the POSTs here send no data: a form error 400, or a redirect).
    "cases:referral_create": (
        "get",
        None,
        {"los_a": 200, "leader_a": 200, "los_b": 200, "field_c": 200, "partner": 200},
        302,
    ),
    "cases:waiting_list": ("get", None, {"leader_a": 200}, 302),
    "cases:unit_status": ("get", None, {"leader_a": 200}, 302),
    "cases:cases_per_position_set": ("post", None, {"leader_a": 302}, 302),
    "cases:position_set": ("post", los_a_membership, {"leader_a": 302}, 302),
    "cases:case_detail": ("get", case_a, ANNAS_WORKERS, 302),
    "cases:case_triage": ("post", case_a, {"leader_a": 400}, 302),
    "cases:case_assign": ("post", case_a, {"leader_a": 400}, 302),
    "cases:case_activate": ("post", case_a, {"los_a": 302, "leader_a": 302}, 302),
    "cases:case_close": ("get", case_a, ANNAS_WORKERS, 302),
    "cases:case_confirm_situation": ("post", case_a, {"los_a": 302, "leader_a": 302}, 302),
    "cases:case_transfer": ("get", case_a, {"leader_a": 200}, 302),
    "plans:assessments": ("get", case_a, ANNAS_WORKERS, 302),
    "plans:assessment_create": ("get", case_a, ANNAS_WORKERS, 302),
    # The action plan: read and changed by her contact person and the leader (the schedule
    # POST sends no date: a form error 400).
    "plans:action_plan": ("get", case_a, ANNAS_WORKERS, 302),
    "plans:action_plan_print": ("get", case_a, ANNAS_WORKERS, 302),
    "plans:goal_create": ("get", case_a, ANNAS_WORKERS, 302),
    "plans:goal_edit": ("get", goal_a, ANNAS_WORKERS, 302),
    "plans:measure_create": ("get", case_a, ANNAS_WORKERS, 302),
    "plans:measure_edit": ("get", measure_a, ANNAS_WORKERS, 302),
    "plans:review_create": ("get", case_a, ANNAS_WORKERS, 302),
    "plans:review_schedule": ("post", case_a, {"los_a": 400, "leader_a": 400}, 302),
    "plans:individual_plan": ("get", case_a, ANNAS_WORKERS, 302),
    "plans:individual_plan_edit": ("get", case_a, ANNAS_WORKERS, 302),
    "plans:individual_plan_end": ("post", individual_plan_a, {"los_a": 400, "leader_a": 400}, 302),
    "plans:individual_plan_print": ("get", individual_plan_a, ANNAS_WORKERS, 302),
    "plans:individual_plan_pdf": ("get", individual_plan_a, ANNAS_WORKERS, 302),
    "cases:appointment_add": ("post", case_a, {"los_a": 400, "leader_a": 400}, 302),
    "cases:appointment_record": ("post", appointment_a, {"los_a": 302, "leader_a": 302}, 302),
    "cases:work_list": ("get", None, WORKERS, 302),
    # Deadlines and "nobody followed up" (issue 18, point 4): the list for leaders of any unit,
    # a case worker's own OT deadlines, an OT unit's deadlines for its leader (none here).
    "ot:followup_list": ("get", None, {"leader_a": 200}, 302),
    "ot:own_deadlines": ("get", None, {"los_b": 200}, 302),
    "ot:deadline_settings": ("get", None, {}, 302),
    # The team meeting and the transition list: anyone who works in a unit (each sees only the
    # cases the policy shows her); deciding and planning are the case's contact person's and
    # her leader's.
    "cases:team_meeting": ("get", None, WORKERS, 302),
    "cases:discussion_raise": ("post", case_a, {"los_a": 400, "leader_a": 400}, 302),
    "cases:discussion_decide": ("post", discussion_a, {"los_a": 400, "leader_a": 400}, 302),
    "cases:transition_list": ("get", None, WORKERS, 302),
    "cases:transition_edit": ("get", case_a, ANNAS_WORKERS, 302),
    # The journal: read and written by Anna's workers; a draft is its author's alone (the
    # POST to add an attachment sends no file: a form error, 400).
    "cases:journal": ("get", case_a, ANNAS_WORKERS, 302),
    "cases:journal_entry": ("get", signed_entry_a, ANNAS_WORKERS, 302),
    "cases:journal_entry_correct": ("get", signed_entry_a, ANNAS_WORKERS, 302),
    "cases:journal_entry_edit": ("get", draft_entry_a, {"los_a": 200}, 302),
    "cases:journal_entry_sign": ("post", draft_entry_a, {"los_a": 302}, 302),
    "cases:journal_entry_delete": ("post", draft_entry_a, {"los_a": 302}, 302),
    "cases:journal_attachment_add": ("post", draft_entry_a, {"los_a": 400}, 302),
    "cases:journal_attachment": ("get", attachment_a, ANNAS_WORKERS, 302),
    # Consents: read, recorded and withdrawn by Anna's contact person and her leader. Partners
    # see nothing yet (issue 14 item 4 gives them what a consent covers).
    "collab:consents": ("get", case_a, ANNAS_WORKERS, 302),
    # Rule 3: the partner on Anna's team whose service Anna consented to share with; nobody
    # else (her own workers use the case's pages). The list lists nothing for those without
    # a seat.
    "shared:list": ("get", None, EVERYONE, 302),
    "shared:case": ("get", shared_case_a, {"partner": 200}, 302),
    "shared:attachment": ("get", shared_attachment_a, {"partner": 200}, 302),
    "collab:consent_create": ("get", case_a, ANNAS_WORKERS, 302),
    "collab:consent_withdraw": ("get", consent_a, ANNAS_WORKERS, 302),
    "collab:consent_print": ("get", consent_a, ANNAS_WORKERS, 302),
    "collab:consent_scan": ("get", consent_scan_a, ANNAS_WORKERS, 302),
    # Disclosures: listed and recorded by Anna's contact person and her leader.
    "collab:disclosures": ("get", case_a, ANNAS_WORKERS, 302),
    "collab:disclosure_create": ("get", case_a, ANNAS_WORKERS, 302),
    # The team around the youth: read and changed by Anna's contact person and her leader (the
    # POSTs send no data: a form error 400, or a redirect where none is needed). The answer
    # page of an offered coordinator role is the member's it is offered to alone (Sara, who
    # cannot open the case).
    "collab:team": ("get", case_a, ANNAS_WORKERS, 302),
    "collab:team_create": ("post", case_a, {"los_a": 400, "leader_a": 400}, 302),
    "collab:team_member_add": ("post", team_a, {"los_a": 400, "leader_a": 400}, 302),
    "collab:team_member_edit": ("get", team_member_a, ANNAS_WORKERS, 302),
    "collab:team_member_remove": ("post", team_member_a, {"los_a": 302, "leader_a": 302}, 302),
    "collab:team_settings": ("post", team_a, {"los_a": 302, "leader_a": 302}, 302),
    "collab:team_bti": ("post", team_a, {"los_a": 400, "leader_a": 400}, 302),
    "collab:team_handover_offer": ("post", team_a, {"los_a": 400, "leader_a": 400}, 302),
    "collab:team_handover_cancel": ("post", handover_a, {"los_a": 302, "leader_a": 302}, 302),
    "team:handover_answer": ("get", handover_to_sara, {"partner": 200}, 302),
    # The service pathway: a case's place on it is the case's (moving it: her contact person
    # and the leader; the POST sends no step, 400); the overview by step is the leader's; the
    # templates are configured by the admin, who reads no case.
    "pathway:case": ("get", case_a, ANNAS_WORKERS, 302),
    "pathway:move": ("post", case_a, {"los_a": 400, "leader_a": 400}, 302),
    "pathway:overview": ("get", None, {"leader_a": 200}, 302),
    "pathway:config_list": ("get", None, {"admin": 200}, 302),
    "pathway:pathway_create": ("get", None, {"admin": 200}, 302),
    "pathway:pathway_edit": ("get", a_pathway, {"admin": 200}, 302),
    "pathway:step_create": ("get", a_pathway, {"admin": 200}, 302),
    "pathway:step_edit": ("get", a_pathway_step, {"admin": 200}, 302),
    # The team's meetings (relay log): read by Anna's workers, and by Sara on the team (on her
    # own pages) while Anna's consent shares the plan with the school; written by Anna's
    # workers (empty POSTs: a form error 400, or a redirect where nothing is required). An
    # action's page is its owner's alone; a unit's default rule its leader's.
    "collab:meetings": ("get", meetings_a, ANNAS_WORKERS, 302),
    "meetings:shared_log": ("get", meetings_a, {"partner": 200}, 302),
    "meetings:shared_meeting": ("get", meeting_a, {"partner": 200}, 302),
    "collab:meeting_create": ("post", team_a, {"los_a": 400, "leader_a": 400}, 302),
    "collab:meeting_rule": ("post", team_a, {"los_a": 400, "leader_a": 400}, 302),
    "collab:meeting": ("get", meeting_a, ANNAS_WORKERS, 302),
    "collab:meeting_minutes": ("post", meeting_a, {"los_a": 302, "leader_a": 302}, 302),
    "collab:meeting_participant_add": ("post", meeting_a, {"los_a": 400, "leader_a": 400}, 302),
    "collab:meeting_action_add": ("post", meeting_a, {"los_a": 400, "leader_a": 400}, 302),
    "collab:meeting_sign": ("post", meeting_a, {"los_a": 400, "leader_a": 400}, 302),
    "collab:meeting_amend": ("post", meeting_a, {"los_a": 400, "leader_a": 400}, 302),
    "meetings:action": ("get", action_of_sara, {"partner": 200}, 302),
    "meetings:unit_rule": ("get", unit_a, {"leader_a": 200}, 302),
    # Collaboration requests: the case's writers send and record them; the partner answers
    # those sent to her organisation in her inbox.
    "collab:request_create": ("get", case_a, ANNAS_WORKERS, 302),
    "collab:request_incoming": ("get", case_a, ANNAS_WORKERS, 302),
    "collab:request_detail": ("get", incoming_request_a, ANNAS_WORKERS, 302),
    "collab:request_answer": ("post", incoming_request_a, {"los_a": 400, "leader_a": 400}, 302),
    "requests:inbox": ("get", None, {"partner": 200}, 302),
    "requests:inbox_detail": ("get", request_to_school, {"partner": 200}, 302),
    "requests:inbox_answer": ("post", request_to_school, {"partner": 400}, 302),
    "requests:send_to_unit": ("get", sara_on_annas_team, {"partner": 200}, 302),
    # Reports of concern to child welfare: written on Anna's case by whoever writes on it (no
    # consent asked); seen by its author, the case's contact persons and the unit's leader; a
    # draft changed and sent by its author alone. The list is every worker's own (empty for
    # Bea and Fred); requests from child welfare belong to the case.
    "concerns:case_concerns": ("get", case_a, ANNAS_WORKERS, 302),
    "concerns:report_create": ("get", case_a, ANNAS_WORKERS, 302),
    "concerns:request_create": ("get", case_a, ANNAS_WORKERS, 302),
    "concerns:report_list": ("get", None, WORKERS, 302),
    "concerns:report_detail": ("get", concern_sent_a, ANNAS_WORKERS, 302),
    "concerns:report_edit": ("get", concern_draft_a, {"los_a": 200}, 302),
    "concerns:report_send": ("post", concern_draft_a, {"los_a": 400}, 302),
    "concerns:report_feedback": ("post", concern_sent_a, {"los_a": 302, "leader_a": 302}, 302),
    "concerns:report_json": ("get", concern_sent_a, ANNAS_WORKERS, 302),
    "concerns:report_pdf": ("get", concern_sent_a, ANNAS_WORKERS, 302),
    "concerns:request_answer": ("get", information_request_a, ANNAS_WORKERS, 302),
    "access:audit_log": ("get", None, {"leader_a": 200}, 302),
    "access:subject_access_json": ("get", youth_a, {"leader_a": 200}, 302),
    "access:subject_access_pdf": ("get", youth_a, {"leader_a": 200}, 302),
    # Break the glass: case workers and field workers of a unit ask; the leader reviews.
    # Inquiries without consent and the anonymous case discussion: a unit's workers and
    # leaders; partners, analysts and admins 404 (tests/collab/test_inquiries.py).
    "inquiries:list": ("get", None, WORKERS, 302),
    "inquiries:create": ("get", None, WORKERS, 302),
    "inquiries:discussion": ("get", None, WORKERS, 302),
    # Outreach fieldwork: the workers and leaders of an outreach unit (Fred in Ute C);
    # everyone else 404 (tests/outreach/).
    "outreach:dashboard": ("get", None, FIELD, 302),
    "outreach:contacts_xlsx": ("get", None, FIELD, 302),
    "outreach:tally": ("get", None, FIELD, 302),
    # The phone's JSON endpoints: an empty post is 400 for Fred, 404 for everyone without
    # fieldwork, and 401 (never a redirect) without a session, so tally.js can tell.
    "outreach:tally_tap": ("post", None, {"field_c": 400}, 401),
    "outreach:tally_undo": ("post", None, {"field_c": 400}, 401),
    "outreach:tally_entry": ("get", None, FIELD, 302),
    # An undo without a key of hers: 404 like any tap she may not undo.
    "outreach:tally_entry_undo": ("post", None, {}, 302),
    "outreach:shift_list": ("get", None, FIELD, 302),
    "outreach:staffing_plan": ("get", None, FIELD, 302),
    "outreach:shift_create": ("get", None, FIELD, 302),
    "outreach:shift_start": ("post", None, {"field_c": 302}, 302),
    "outreach:shift_edit": ("get", a_shift_c, FIELD, 302),
    "outreach:shift_cancel": ("get", a_shift_c, FIELD, 302),
    # The staffing plan is changed by the outreach unit's leader alone: Fred gets 404 too
    # (tests/outreach/test_staffing_plan.py has the leader).
    "outreach:staffing_band_create": ("get", None, {}, 302),
    "outreach:staffing_band_edit": ("get", a_band_c, {}, 302),
    "outreach:staffing_band_delete": ("post", a_band_c, {}, 302),
    "outreach:staffing_plan_example": ("post", None, {}, 302),
    "outreach:conversation_list": ("get", None, FIELD, 302),
    "outreach:code_name_list": ("get", None, FIELD, 302),
    "outreach:conversation_create": ("get", None, FIELD, 302),
    "outreach:code_name_create": ("get", None, FIELD, 302),
    "outreach:code_name_detail": ("get", code_name_c, FIELD, 302),
    "outreach:code_name_retire": ("post", code_name_c, {"field_c": 302}, 302),
    "outreach:code_name_register": ("get", code_name_c, FIELD, 302),
    "outreach:group_list": ("get", None, FIELD, 302),
    "outreach:observation_list": ("get", None, FIELD, 302),
    "outreach:trends": ("get", None, FIELD, 302),
    "outreach:group_create": ("get", None, FIELD, 302),
    "outreach:group_detail": ("get", outreach_group_c, FIELD, 302),
    "outreach:group_edit": ("get", outreach_group_c, FIELD, 302),
    "outreach:group_retire": ("post", outreach_group_c, {"field_c": 302}, 302),
    "outreach:session_create": ("get", outreach_group_c, FIELD, 302),
    "outreach:observation_create": ("get", None, FIELD, 302),
    # Sharing the trends as a PDF is the outreach unit's leader's (tests/outreach/); Fred
    # works in the unit, he does not lead it.
    "outreach:trends_pdf": ("get", None, {}, 302),
    "access:emergency_open": ("get", None, {"los_a": 200, "los_b": 200, "field_c": 200}, 302),
    "access:emergency_end": ("post", emergency_access_a, {"los_a": 302}, 302),
    "access:emergency_review_list": ("get", None, {"leader_a": 200}, 302),
    "access:emergency_review": ("post", emergency_access_a, {"leader_a": 400}, 302),
    "org:user_list": ("get", None, {"leader_a": 200, "admin": 200}, 302),
    "org:user_create": ("get", None, {"leader_a": 200, "admin": 200}, 302),
    "org:user_detail": ("get", los_a_user, {"leader_a": 200, "admin": 200}, 302),
    "org:membership_end": ("post", los_a_membership, {"leader_a": 302, "admin": 302}, 302),
    "org:organization": ("get", None, {"leader_a": 200, "admin": 200}, 302),
    "org:unit_create": ("get", None, {"admin": 200}, 302),
    "org:partner_create": ("get", None, {"admin": 200}, 302),
    "org:place_create": ("get", None, {"admin": 200}, 302),
    "org:measure_type_create": ("get", None, {"admin": 200}, 302),
    "org:user_one_time_password": ("post", los_a_user, MANAGERS, 302),
    "org:membership_detail": ("get", pending_membership, MANAGERS, 302),
    "org:membership_approve": ("post", pending_membership, {"leader_a": 302, "admin": 302}, 302),
    "org:membership_reject": ("post", pending_membership, {"leader_a": 302, "admin": 302}, 302),
    "org:approvals": ("get", None, MANAGERS, 302),
    "access:access_changes": ("get", None, {"admin": 200}, 302),
    # Changing an account: an admin, or the leader of a user whose roles are all in her units
    # (Lise's are); tests/org/test_accounts.py covers the refusals behind these 302s.
    "org:user_edit": ("get", los_a_user, MANAGERS, 302),
    "org:user_deactivate": ("get", los_a_user, MANAGERS, 302),
    "org:user_activate": ("post", los_a_user, {"leader_a": 302, "admin": 302}, 302),
    "org:user_password_email": ("post", los_a_user, {"leader_a": 302, "admin": 302}, 302),
    "org:unit_edit": ("get", unit_a, {"admin": 200}, 302),
    "org:partner_edit": ("get", school, {"admin": 200}, 302),
    "org:place_edit": ("get", a_place, {"admin": 200}, 302),
    "org:area_create": ("get", None, {"admin": 200}, 302),
    "org:area_edit": ("get", an_area, {"admin": 200}, 302),
    "org:measure_type_edit": ("get", a_measure_type, {"admin": 200}, 302),
    # The OT register (issue 18, point 3): OT workers and leaders; the notices, counts and
    # fixed-date lists are the OT leader's; a school's counselor reports a student who quit.
    "ot:register_list": ("get", None, OT_WORKERS, 302),
    "ot:register_new": ("get", None, OT_WORKERS, 302),
    "ot:register_detail": ("get", registration_b, OT_WORKERS, 302),
    "ot:register_status": ("post", registration_b, {"los_b": 400}, 302),
    "ot:register_move": ("post", registration_b, {"los_b": 400}, 302),
    "ot:register_rights": ("post", registration_b, {"los_b": 400}, 302),
    "ot:register_notices": ("get", None, {}, 302),
    "ot:register_notice_seen": ("post", notice_b, {}, 302),
    "ot:register_report": ("get", None, {}, 302),
    "ot:register_report_export": ("get", None, {}, 302),
    "ot:register_fixed_list": ("get", None, {}, 302),
    "ot:register_fixed_list_export": ("get", None, {}, 302),
    "ot:school_report": ("get", None, {"partner": 200}, 302),
    # Handover between OT, outreach and los (issue 18; tests/ot/test_handover_*.py and
    # test_find_*.py): a registration's pages are its case's (Bea is Olav's contact person);
    # a request to find a youth is the asked outreach team's (Fred); a handover is read and
    # acknowledged by the receiving unit's leader (Leo), and sent from a los case by its
    # writers (Anna's).
    "ot:find_requests": ("get", olav_registration_b, {"los_b": 200}, 302),
    "ot:find_seen": ("post", find_answer_c, {"los_b": 302}, 302),
    "ot:find_list": ("get", None, FIELD, 302),
    "ot:find_assignment": ("get", find_request_c, FIELD, 302),
    "ot:find_answers": ("get", None, {"los_b": 200}, 302),
    "ot:handover_case": ("get", case_a, ANNAS_WORKERS, 302),
    "ot:handover_back": ("get", olav_registration_b, {"los_b": 200}, 302),
    "ot:handover_meetings": ("get", olav_registration_b, {"los_b": 200}, 302),
    "ot:handover_received": ("get", None, {"leader_a": 200}, 302),
    "ot:handover_detail": ("get", handover_to_a, {"leader_a": 200}, 302),
    "ot:handover_acknowledge": ("post", handover_to_a, {"leader_a": 302}, 302),
    # First-login pages: a persona has chosen its password and enrolled MFA, so both send it
    # on (to the dashboard, to allauth's MFA page); tests/web/test_own_password.py and
    # test_login.py cover the users who get the pages themselves.
    # Early warning (issue 18): a school's counselor sees her own school's students, nobody
    # else any; the municipality's admins set the rules; admins and analysts see the
    # back-test (counts only). tests/ot/test_early_warning_*.py cover the rest.
    "ot:early_warning_list": ("get", None, {"partner": 200}, 302),
    "ot:early_warning_xlsx": ("get", None, {"partner": 200}, 302),
    "ot:early_warning_student": ("get", a_student_period, {"partner": 200}, 302),
    "ot:early_warning_rules": ("get", None, {"admin": 200}, 302),
    "ot:early_warning_rule_edit": ("get", a_risk_rule, {"admin": 200}, 302),
    "ot:early_warning_backtest": ("get", None, {"analyst": 200, "admin": 200}, 302),
    "account:choose_password": ("get", None, dict.fromkeys(PERSONAS, 302), 302),
    "account:mfa_setup": ("get", None, dict.fromkeys(PERSONAS, 302), 302),
}

# Views from well-kept libraries that do their own access checks (allauth: login, MFA,
# sessions; Django: set_language). Their protected pages are checked in tests/web/test_login.py.
# allauth also keeps a few plain redirects from old paths (RedirectView: no data, no access).
LIBRARY_VIEW_MODULES = ("allauth.", "django.views.i18n", "django.views.generic.base.RedirectView")


def walk(patterns, namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from walk(entry.url_patterns, ns)
        elif isinstance(entry, URLPattern):
            yield f"{namespace}{entry.name}" if entry.name else None, entry


def test_it_has_an_access_test_for_every_url():
    missing = []
    for name, pattern in walk(get_resolver().url_patterns):
        module = pattern.lookup_str
        if module.startswith(LIBRARY_VIEW_MODULES):
            continue
        if name is None or name not in ACCESS:
            missing.append(f"{name or pattern.pattern} ({module})")
    assert not missing, f"URLs without an access test in ACCESS: {missing}"


def test_it_has_no_stale_rows():
    names = {name for name, _ in walk(get_resolver().url_patterns)}
    assert set(ACCESS) <= names


def _request(client, name, personas):
    from django.urls import reverse

    method, kwargs_fn, _, _ = ACCESS[name]
    url = reverse(name, kwargs=kwargs_fn(personas) if kwargs_fn else None)
    return getattr(client, method)(url)


@pytest.mark.parametrize("name", sorted(ACCESS))
@pytest.mark.parametrize("persona", PERSONAS)
def test_it_gives_each_role_exactly_its_access(personas, login, name, persona):
    expected = ACCESS[name][2].get(persona, 404)
    response = _request(login(getattr(personas, persona)), name, personas)
    assert response.status_code == expected, f"{persona} on {name}"


@pytest.mark.parametrize("name", sorted(ACCESS))
def test_it_sends_anonymous_users_to_login(client, personas, name):
    response = _request(client, name, personas)
    assert response.status_code == ACCESS[name][3]
    if response.status_code == 302:
        assert response["Location"].startswith("/konto/login/")
