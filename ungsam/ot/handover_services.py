"""Writes of the handovers between los and OT (issue 18, point 5) and of the fixed
collaboration meetings around a youth on the OT register (point 6).

A student with a los case who quits school is handed to the OT unit serving her home
municipality: she is registered there (the school's and OT's legal duty, opplæringslova
§ 9-4: this needs no consent), and the summary of the los case goes with it only where a
consent of hers in force names that OT unit (or the follow-up service) among its recipients.
The OT unit's leader reads the summary and acknowledges it. Back: a youth on the OT register
who returns to school is handed to a los unit of the OT unit's municipality with the same
kind of consent; the los leader's acknowledgement opens a case on her waiting list.

Each service asks the policy itself, runs in a transaction, and records what it changed; the
registration, the team, its rule and its meetings are written through their own services."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ungsam.access import audit, policy
from ungsam.access.models import AuditAction, Purpose
from ungsam.cases.models import Case, CaseStage, CaseStatus
from ungsam.cases.services import case_open
from ungsam.collab.meeting_models import MeetingKind
from ungsam.collab.meeting_services import meeting_plan, meeting_rule_set
from ungsam.collab.models import CareTeam, Meeting
from ungsam.collab.team_services import team_create
from ungsam.lib import field_crypto
from ungsam.org.models import Unit
from ungsam.ot.find_services import registration_for_writer
from ungsam.ot.models import RegistrationSource, RoutingReason, UnitHandover
from ungsam.ot.register_services import Routed, ot_unit_serving, register_youth
from ungsam.people.models import Youth

SUMMARY_MAX = 5000
DEFAULT_EVERY_WEEKS = 6
HANDOVER_FIELDS = ("to_unit", "summary", "consent")


def _summary(value) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({"summary": _("Write the summary she agreed to share.")})
    if len(value) > SUMMARY_MAX:
        raise ValidationError({"summary": _("At most %(n)s characters.") % {"n": SUMMARY_MAX}})
    return value


def _no_consent(unit: Unit) -> ValidationError:
    return ValidationError(
        {
            "summary": _(
                "A summary is shared only with her consent: record a consent of hers that "
                "names %(unit)s among its recipients first, or register her without a summary."
            )
            % {"unit": unit.name}
        }
    )


def _school_support_case(actor, case_id):
    """The open los (or presence team) case and the writing grant (its contact person or the
    unit's leader, else 404)."""
    case, grant = policy.access_case(actor, case_id, write=True)
    if case.status != CaseStatus.OPEN:
        raise ValidationError(_("The case is closed."))
    if case.unit.kind not in policy.SCHOOL_SUPPORT_KINDS:
        raise ValidationError(_("Only a los or presence team case is handed over to OT."))
    return case, grant


def _serving_unit(youth: Youth) -> Unit:
    unit = ot_unit_serving(youth.municipality)
    if unit is None:
        raise ValidationError(
            _(
                "No follow-up service in Ungsam serves %(municipality)s: tell the county's "
                "follow-up service directly."
            )
            % {"municipality": youth.municipality}
        )
    return unit


def _youth_fields(youth: Youth) -> dict:
    """What the OT unit's register gets of her: who she is and how to reach her (the national
    id decrypted only to find her there, never shown)."""
    fields = {
        "first_name": youth.first_name,
        "last_name": youth.last_name,
        "birth_date": youth.birth_date,
        "gender": youth.gender,
        "phone": youth.phone,
        "address": youth.address,
        "protected_address": youth.protected_address,
    }
    if youth.national_id_token:
        fields["national_id"] = field_crypto.decrypt(
            youth.national_id_token, purpose=Youth.NATIONAL_ID_PURPOSE
        )
    return fields


def _register(actor, case) -> Routed:
    return register_youth(
        actor=actor,
        home_municipality=case.youth.municipality,
        youth=_youth_fields(case.youth),
        source=RegistrationSource.HANDOVER,
        reason=RoutingReason.HANDOVER,
        from_unit=case.unit,
    )


def _refuse_second_open(case, unit) -> None:
    if UnitHandover.objects.filter(
        from_case=case, to_unit=unit, acknowledged_at__isnull=True
    ).exists():
        raise ValidationError(
            _("A handover of her to %(unit)s awaits acknowledgement.") % {"unit": unit.name}
        )


def _save_handover(actor, grant, purpose, case, unit, summary, consent_id, to_case=None):
    handover = UnitHandover(
        from_case=case,
        to_unit=unit,
        to_case=to_case,
        summary=summary,
        consent_id=consent_id,
        sent_by=actor,
    )
    handover.full_clean()
    handover.save()
    audit.record(
        actor,
        grant.entry(
            AuditAction.CREATE,
            purpose,
            obj=handover,
            youth_id=case.youth_id,
            fields=HANDOVER_FIELDS,
        ),
    )
    return handover


def handover_to_ot(
    *, actor, purpose: str = Purpose.FOLLOW_UP_SERVICE, case_id, summary: str
) -> UnitHandover:
    """Hands the youth of a los case who quit school to the OT unit serving her home
    municipality, with the summary she consented to share: she is registered there (source
    and reason "handover"), and the unit's leader acknowledges. Refused without a consent
    in force naming that unit or the follow-up service."""
    summary = _summary(summary)
    with transaction.atomic():
        case, grant = _school_support_case(actor, case_id)
        Case.objects.select_for_update().filter(pk=case.pk).first()
        unit = _serving_unit(case.youth)
        consent_id = policy.handover_consent_id(case.youth_id, unit)
        if consent_id is None:
            raise _no_consent(unit)
        _refuse_second_open(case, unit)
        routed = _register(actor, case)
        # The registration is where OT's work goes on: known the moment she is registered.
        return _save_handover(
            actor, grant, purpose, case, unit, summary, consent_id, routed.registration.case
        )


def handover_register_only(*, actor, purpose: str = Purpose.FOLLOW_UP_SERVICE, case_id) -> Routed:
    """Registers the youth of a los case with the OT serving her home municipality, with no
    summary: the legal duty to tell OT needs no consent (opplæringslova § 9-4)."""
    with transaction.atomic():
        case, _grant = _school_support_case(actor, case_id)
        _serving_unit(case.youth)
        return _register(actor, case)


def school_support_units_for(case) -> list[Unit]:
    """The los and presence teams of the OT unit's municipality, where a youth returning to
    school is handed."""
    return list(
        Unit.objects.filter(
            active=True,
            kind__in=policy.SCHOOL_SUPPORT_KINDS,
            municipality_id=case.unit.municipality_id,
        ).order_by("name")
    )


def handover_back_to_school(
    *,
    actor,
    purpose: str = Purpose.FOLLOW_UP_SERVICE,
    registration_id,
    to_unit_id,
    summary: str,
) -> UnitHandover:
    """Hands a youth on the OT register who returns to school to a los (or presence team)
    unit of the OT unit's municipality, with the summary she consented to share with it; its
    leader's acknowledgement opens a case on its waiting list."""
    summary = _summary(summary)
    with transaction.atomic():
        _registration, case, grant = registration_for_writer(
            actor, registration_id, purpose=purpose
        )
        if case.status != CaseStatus.OPEN:
            raise ValidationError(_("The case is closed."))
        Case.objects.select_for_update().filter(pk=case.pk).first()
        try:
            wanted = int(to_unit_id)
        except (TypeError, ValueError, OverflowError):
            wanted = None
        unit = next((u for u in school_support_units_for(case) if u.pk == wanted), None)
        if unit is None:
            raise ValidationError({"to_unit": _("Choose a unit from the list.")})
        consent_id = policy.handover_consent_id(case.youth_id, unit)
        if consent_id is None:
            raise _no_consent(unit)
        _refuse_second_open(case, unit)
        return _save_handover(actor, grant, purpose, case, unit, summary, consent_id)


def handover_acknowledge(
    *, actor, purpose: str = Purpose.FOLLOW_UP_SERVICE, handover_id
) -> UnitHandover:
    """The receiving unit's leader acknowledges the handover (having read the summary). A
    handover back to a los unit opens a case on its waiting list (or joins the case the unit
    has open for her already)."""
    with transaction.atomic():
        handover, grant = policy.access_handover_for_receiver(
            actor, handover_id, lock=True, purpose=purpose
        )
        if handover.acknowledged_at is not None:
            raise ValidationError(_("The handover has been acknowledged already."))
        fields = ["acknowledged_at"]
        if handover.to_case_id is None:
            youth = handover.from_case.youth
            open_case = Case.objects.filter(
                youth=youth, unit=handover.to_unit, status=CaseStatus.OPEN
            ).first()
            handover.to_case = open_case or case_open(
                actor=actor,
                purpose=purpose,
                youth=youth,
                unit=handover.to_unit,
                contact_persons=[],
                stage=CaseStage.REFERRAL,
            )
            fields.append("to_case")
        handover.acknowledged_at, handover.acknowledged_by = timezone.now(), actor
        handover.full_clean()
        handover.save(update_fields=["acknowledged_at", "acknowledged_by", "to_case"])
        audit.record(
            actor,
            grant.entry(
                AuditAction.UPDATE,
                purpose,
                obj=handover,
                youth_id=handover.from_case.youth_id,
                fields=fields,
            ),
        )
    return handover


def collaboration_meetings_set_up(
    *,
    actor,
    purpose: str = Purpose.FOLLOW_UP_SERVICE,
    registration_id,
    every_weeks=DEFAULT_EVERY_WEEKS,
    starts_at: datetime | None = None,
    place: str = "",
    role: str = "",
) -> CareTeam:
    """Fixed collaboration meetings around a youth on the OT register (seed 002: "all who
    work directly with OT in an area should have fixed collaboration meetings"): the case's
    team (made now if it has none, with the actor as its coordinator), its rule (a meeting
    every N weeks) and, unless one is planned already, the first meeting. The registration
    case's contact person or the OT unit's leader; each part through its own service."""
    with transaction.atomic():
        _registration, case, _grant = registration_for_writer(
            actor, registration_id, purpose=purpose
        )
        team = CareTeam.objects.filter(case=case).first()
        if team is None:
            team = team_create(
                actor=actor,
                purpose=purpose,
                case_id=case.pk,
                role=role or _("Contact person in the follow-up service"),
            )
        meeting_rule_set(
            actor=actor,
            purpose=purpose,
            case_id=case.pk,
            every_weeks=every_weeks,
            kind=MeetingKind.COLLABORATION,
        )
        planned = Meeting.objects.planned().filter(team=team, starts_at__gte=timezone.now())
        if not planned.exists():
            if starts_at is None:
                raise ValidationError({"starts_at": _("Give the date and time of the meeting.")})
            meeting_plan(
                actor=actor,
                purpose=purpose,
                case_id=case.pk,
                starts_at=starts_at,
                place=place,
                kind=MeetingKind.COLLABORATION,
            )
    return team
