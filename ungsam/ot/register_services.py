"""Registering a youth with the follow-up service (OT) and routing her to the OT unit serving
her home municipality (seed 002: "the OT of the municipality where the youth lives must be
told as soon as a student quits"), also when the school is in another municipality or county.

The registration is a case of the serving unit, kept in that unit's municipality's register:
the youth is found there by her national id, or added. A second report about a youth the unit
already has on its register joins that registration (the unit is told again; no copy). The
sender reads nothing back: the answer is the same whether the unit knew her or not."""

import logging
from dataclasses import dataclass
from datetime import date, datetime, time

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ungsam.access import audit, policy
from ungsam.access.audit import SystemActor
from ungsam.access.models import AuditAction, Purpose
from ungsam.cases.models import Case, CaseStage, CaseStatus, EntryStatus, JournalEntry, StageChange
from ungsam.org.models import County, Municipality, PartnerOrganization, Unit
from ungsam.ot.models import (
    OTCoverage,
    OTRegistration,
    OTStatusChange,
    RegistrationSource,
    RoutingNotice,
    RoutingReason,
)
from ungsam.ot.register_rules import (
    GROUPS_NEEDING_CONTACT,
    REAL_CONTACT_KINDS,
    in_target_group,
    is_minor,
    last_age_on,
)
from ungsam.ot.status_codes import FIRST_CODE, StatusCode, group_of
from ungsam.people.models import Youth

logger = logging.getLogger(__name__)

# What a registration records of the youth on its audit row.
REGISTRATION_FIELDS = ("status", "home_municipality", "source", "school")


def ot_unit_serving(municipality: Municipality) -> Unit | None:
    """The active OT unit serving the youth living in the municipality, or None."""
    coverage = (
        OTCoverage.objects.select_related("unit__municipality")
        .filter(municipality=municipality, unit__active=True)
        .first()
    )
    return coverage.unit if coverage else None


@dataclass(frozen=True)
class Routed:
    """Where a registration went: the unit, and whether it joined one the unit had already
    (for the system's own counts; a person sending is told only that it was sent)."""

    unit: Unit
    registration: OTRegistration
    joined_existing: bool


def _routing_actor(actor, unit: Unit):
    """Who adds the youth to the serving unit's register: the sender where she works in that
    municipality, else the system on her behalf (routing across municipalities is the
    system's act; the registration's own audit row names the sender)."""
    if isinstance(actor, SystemActor):
        return actor
    if any(m.municipality_id == unit.municipality_id for m in policy.memberships(actor)):
        return actor
    return SystemActor("ot-routing")


def _find_or_add_youth(actor, purpose, unit: Unit, youth: dict, known: Youth | None) -> Youth:
    from ungsam.people.services import checked_national_id, national_id_hash, youth_create

    if known is not None and known.municipality_id == unit.municipality_id:
        return known

    number = youth.get("national_id", "")
    if number:
        parsed = checked_national_id(number, youth.get("birth_date"))
        found = Youth.objects.filter(
            municipality_id=unit.municipality_id, national_id_hash=national_id_hash(parsed.value)
        ).first()
        if found is not None:
            return found
    return youth_create(
        actor=_routing_actor(actor, unit),
        purpose=purpose,
        municipality=unit.municipality,
        via_referral=True,
        **youth,
    )


def register_youth(
    *,
    actor,
    home_municipality: Municipality,
    youth: dict,
    source: str,
    reason: str = RoutingReason.NEW_REGISTRATION,
    school: PartnerOrganization | None = None,
    school_name: str = "",
    from_unit: Unit | None = None,
    at: datetime | None = None,
    purpose: str = Purpose.FOLLOW_UP_SERVICE,
    known_youth: Youth | None = None,
) -> Routed:
    """Registers the youth (a dict of `Youth` fields: names, birth date, national id …) with
    the OT unit serving her home municipality, status OTUK, and tells that unit at once (a
    routing notice on its leader's list). A ValidationError in Norwegian when no OT unit in
    Ungsam serves the municipality.

    `known_youth`: the system's own imports name the record they already hold (a student with
    no national id would otherwise be added a second time where the serving unit keeps its
    register); it is used only when it is in that register. Nobody else names a record here:
    a person registers by the youth's details."""
    grant = policy.ot_registration_grant(actor)
    if grant is None:
        raise PermissionDenied
    if known_youth is not None and not isinstance(actor, SystemActor):
        raise PermissionDenied
    if source not in RegistrationSource.values:
        raise ValueError(f"unknown registration source {source!r}")
    unit = ot_unit_serving(home_municipality)
    if unit is None:
        raise ValidationError(
            {
                "home_municipality": _(
                    "No follow-up service in Ungsam serves %(municipality)s: tell the county's "
                    "follow-up service directly."
                )
                % {"municipality": home_municipality}
            }
        )
    at = at or timezone.now()
    by = None if isinstance(actor, SystemActor) else actor
    from_partner = grant.membership.partner if grant.membership else None
    with transaction.atomic():
        found = _find_or_add_youth(actor, purpose, unit, youth, known_youth)
        existing = (
            OTRegistration.objects.select_for_update(of=("self",))
            .select_related("case")
            .filter(case__youth=found, case__unit=unit, case__status=CaseStatus.OPEN)
            .first()
        )
        joined = existing is not None
        if existing is None:
            case = Case(
                youth=found, unit=unit, stage=CaseStage.REFERRAL, opened_on=timezone.localdate(at)
            )
            # The unit may already follow her in another way (an ordinary open case): the OT
            # registration is that case's, not a second one (one open case per youth and unit).
            open_case = Case.objects.filter(youth=found, unit=unit, status=CaseStatus.OPEN).first()
            if open_case is not None:
                case = open_case
            else:
                case.full_clean()
                case.save()
                StageChange.objects.create(case=case, stage=CaseStage.REFERRAL, at=at, by=by)
            registration = OTRegistration.objects.create(
                case=case,
                home_municipality=home_municipality,
                source=source,
                registered_at=at,
                registered_by=by,
                school=school,
                school_name=school_name or (school.name if school else ""),
                status=FIRST_CODE,
                status_since=at,
            )
            OTStatusChange.objects.create(registration=registration, code=FIRST_CODE, at=at, by=by)
        else:
            registration = existing
        RoutingNotice.objects.create(
            registration=registration,
            reason=reason,
            to_unit=unit,
            from_unit=from_unit,
            from_partner=from_partner or school,
            at=at,
            by=by,
        )
        audit.record(
            actor,
            grant.entry(
                AuditAction.UPDATE if joined else AuditAction.CREATE,
                purpose,
                obj=registration,
                youth_id=found.pk,
                fields=REGISTRATION_FIELDS,
                municipality_id=unit.municipality_id,
            ),
        )
        transaction.on_commit(lambda: tell_leaders(unit))
    return Routed(unit=unit, registration=registration, joined_existing=joined)


def tell_leaders(unit: Unit) -> int:
    """An e-mail to the unit's leaders that a registration has come (seed 002: OT is told as
    soon as a student quits), naming nobody: the notice itself is read in Ungsam, after login.
    A mail server that does not answer costs the sender nothing (the notice is in Ungsam
    anyway); it is logged for the operators."""
    addresses = policy.unit_leader_addresses(unit.pk)
    if not addresses:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("New registration with %(unit)s") % {"unit": unit.name}
        body = _(
            "A youth has been registered with %(unit)s and waits for the follow-up service. "
            "Log in to Ungsam to see who it is: the new registrations are on the OT register."
        ) % {"unit": unit.name}
    try:
        return send_mail(subject, body, None, addresses)
    except OSError:
        logger.warning("could not send the new-registration mail for unit %s", unit.pk)
        return 0


# ---------------------------------------------------------------------------------------------
# The register's daily work (issue 18, point 3): status changes with their dated history and
# the contact they rest on, moving, written information about rights, notices seen.


def _registration_for_change(actor, registration_id) -> tuple[OTRegistration, policy.Grant]:
    """The registration, locked, with the write grant of its case (the unit's leader or a
    contact person); 404 for anyone else."""
    registration, grant = policy.access_registration(actor, registration_id, write=True)
    locked = OTRegistration.objects.select_for_update().get(pk=registration.pk)
    locked.case = registration.case
    locked.home_municipality = registration.home_municipality
    if locked.case.status != CaseStatus.OPEN:
        raise ValidationError(_("The case is closed: the registration can be read, not changed."))
    return locked, grant


def _record_update(actor, grant, purpose, registration: OTRegistration, fields) -> None:
    audit.record(
        actor,
        grant.entry(
            AuditAction.UPDATE,
            purpose,
            obj=registration,
            youth_id=registration.case.youth_id,
            fields=fields,
        ),
    )


def _change_moment(registration: OTRegistration, on: date, today: date) -> datetime:
    """The moment a change dated `on` is recorded at: now when it is today, else nine in the
    morning that day. Refused in the future, before the registration, or before its last
    change (the history stays in time order)."""
    if on is None or on > today:
        raise ValidationError({"on": _("The date cannot be in the future.")})
    last = registration.status_changes.order_by("-at", "-id").values_list("at", flat=True).first()
    earliest = timezone.localdate(last) if last else timezone.localdate(registration.registered_at)
    if on < earliest:
        raise ValidationError(
            {
                "on": _("The date cannot be before the last change (%(day)s).")
                % {"day": earliest.strftime("%d.%m.%Y")}
            }
        )
    if on == timezone.localdate():
        return max(timezone.now(), last) if last else timezone.now()
    moment = timezone.make_aware(datetime.combine(on, time(9)))
    return max(moment, last) if last and on == earliest else moment


def _contact_entry(actor, purpose, registration, contact_id, new_contact, on):
    """The journal entry the change rests on: one of the case's signed entries of a real-contact
    kind, or a contact recorded now (written and signed in the case's journal)."""
    from ungsam.cases.journal_services import journal_entry_create, journal_entry_sign

    if new_contact:
        day = new_contact.get("occurred_on")
        if new_contact.get("kind") not in REAL_CONTACT_KINDS:
            raise ValidationError({"contact_kind": _("Choose how you had contact with her.")})
        if day is None or day > on:
            raise ValidationError(
                {"contact_on": _("The contact must be on or before the date of the change.")}
            )
        try:
            entry = journal_entry_create(
                actor=actor,
                purpose=purpose,
                case_id=registration.case_id,
                kind=new_contact["kind"],
                occurred_on=day,
                text=new_contact.get("text", ""),
            )
        except ValidationError as exc:
            renamed = {"kind": "contact_kind", "occurred_on": "contact_on", "text": "contact_note"}
            if hasattr(exc, "error_dict"):
                raise ValidationError(
                    {renamed.get(k, k): v for k, v in exc.message_dict.items()}
                ) from None
            raise
        return journal_entry_sign(actor=actor, purpose=purpose, entry_id=entry.pk)
    if contact_id in (None, ""):
        return None
    entry = (
        JournalEntry.objects.filter(
            case_id=registration.case_id,
            status=EntryStatus.SIGNED,
            kind__in=REAL_CONTACT_KINDS,
            occurred_on__lte=on,
        )
        .filter(pk=contact_id)
        .first()
    )
    if entry is None:
        raise ValidationError(
            {"contact": _("Choose a signed journal entry of real contact, on or before the date.")}
        )
    return entry


@dataclass(frozen=True)
class Moved:
    """Where a youth who moved was sent: an OT unit in Ungsam (registered there), or a county
    whose OT must be told outside Ungsam; `same_unit` when this unit serves her new home too."""

    municipality: Municipality
    to_unit: Unit | None = None
    to_county: County | None = None
    same_unit: bool = False


def _youth_fields(youth: Youth) -> dict:
    from ungsam.lib import field_crypto

    fields = {
        "first_name": youth.first_name,
        "last_name": youth.last_name,
        "birth_date": youth.birth_date,
    }
    if youth.national_id_token:
        # Passed on so the receiving unit finds her record if it has one.
        fields["national_id"] = field_crypto.decrypt(
            youth.national_id_token, purpose=Youth.NATIONAL_ID_PURPOSE
        )
    return fields


def _route_moved(actor, purpose, registration, moved_to: Municipality, *, at, reason) -> Moved:
    """Registers her with the OT serving her new home (the system routes her there, naming this
    unit), or tells that municipality's county; then closes this registration's case, moved."""
    from ungsam.cases.models import ClosureOutcome
    from ungsam.cases.services import case_close

    case = registration.case
    unit = ot_unit_serving(moved_to)
    if unit is not None and unit.pk == case.unit_id:
        registration.home_municipality = moved_to
        registration.save(update_fields=["home_municipality"])
        return Moved(municipality=moved_to, to_unit=unit, same_unit=True)
    if unit is not None:
        routed = register_youth(
            actor=actor,
            home_municipality=moved_to,
            youth=_youth_fields(case.youth),
            source=RegistrationSource.ROUTED,
            reason=reason,
            from_unit=case.unit,
            at=at,
            purpose=purpose,
        )
        RoutingNotice.objects.filter(registration=routed.registration).filter(
            from_unit=case.unit, from_registration__isnull=True
        ).update(from_registration=registration)
        result = Moved(municipality=moved_to, to_unit=unit)
    else:
        if moved_to.county_id is None:
            raise ValidationError(
                {"moved_to": _("Ungsam does not know the county of %(m)s.") % {"m": moved_to}}
            )
        notice = RoutingNotice(
            reason=reason,
            to_county=moved_to.county,
            from_unit=case.unit,
            from_registration=registration,
            at=at,
            by=_user_or_none(actor),
        )
        notice.full_clean()
        notice.save()
        result = Moved(municipality=moved_to, to_county=moved_to.county)
    case_close(
        actor=actor,
        purpose=purpose,
        case_id=case.pk,
        outcome=ClosureOutcome.MOVED,
        reason=_("Moved to %(m)s.") % {"m": moved_to},
        moved_to=str(moved_to),
    )
    return result


def _user_or_none(actor):
    return None if isinstance(actor, SystemActor) else actor


@dataclass(frozen=True)
class StatusChanged:
    registration: OTRegistration
    change: OTStatusChange
    moved: Moved | None = None


def registration_set_status(
    *,
    actor,
    purpose: str = Purpose.FOLLOW_UP_SERVICE,
    registration_id,
    code: str,
    on: date,
    note: str = "",
    contact_id=None,
    new_contact: dict | None = None,
    moved_to: Municipality | None = None,
    today: date | None = None,
) -> StatusChanged:
    """Changes the registration's status code, dated `on` (today or back, never ahead), by the
    unit's leader or the case's contact person. From OTUK to OTOV or a "clarified" code it
    needs a recorded contact: a signed journal entry of real contact (`contact_id`), or one
    recorded now (`new_contact`: occurred_on, kind, text); the first contact sets the first
    contact date. OTFA_IM (moved to another county) needs her new home municipality: she is
    registered with the OT serving it, or its county is told (outside Ungsam)."""
    today = today or timezone.localdate()
    note = (note or "").strip()
    if code not in StatusCode.values:
        raise ValidationError({"code": _("Choose a status.")})
    if len(note) > 2000:
        raise ValidationError({"note": _("The note is too long: at most 2000 characters.")})
    with transaction.atomic():
        registration, grant = _registration_for_change(actor, registration_id)
        previous = registration.status
        if code == previous:
            raise ValidationError({"code": _("She has this status already.")})
        at = _change_moment(registration, on, today)
        if code == StatusCode.OTFA_IM:
            if moved_to is None:
                raise ValidationError({"moved_to": _("Choose the municipality she has moved to.")})
            home_county = registration.home_municipality.county_id
            if moved_to.county_id is not None and moved_to.county_id == home_county:
                raise ValidationError(
                    {
                        "moved_to": _(
                            "%(m)s is in the same county: OTFA_IM is for a move to another "
                            "county. Record a move within the county instead."
                        )
                        % {"m": moved_to}
                    }
                )
        contact = _contact_entry(actor, purpose, registration, contact_id, new_contact, on)
        if (
            previous == StatusCode.OTUK
            and group_of(code) in GROUPS_NEEDING_CONTACT
            and contact is None
        ):
            raise ValidationError(
                {
                    "contact": _(
                        "Leaving OTUK for this status needs real contact with her: choose the "
                        "journal entry of the contact or record it here. A letter or a text "
                        "message she has not answered is not contact."
                    )
                }
            )
        change = OTStatusChange(
            registration=registration,
            code=code,
            previous=previous,
            at=at,
            by=_user_or_none(actor),
            contact=contact,
            note=note,
        )
        change.full_clean()
        change.save()
        registration.status, registration.status_since = code, at
        fields = ["status", "status_since"]
        if contact is not None and registration.first_contact_on is None:
            registration.first_contact_on = contact.occurred_on
            fields.append("first_contact_on")
        registration.save(update_fields=fields)
        _record_update(actor, grant, purpose, registration, (*fields, "ot_status_changes"))
        moved = None
        if code == StatusCode.OTFA_IM:
            moved = _route_moved(
                actor, purpose, registration, moved_to, at=at, reason=RoutingReason.MOVED_COUNTY
            )
    return StatusChanged(registration=registration, change=change, moved=moved)


def registration_move(
    *,
    actor,
    purpose: str = Purpose.FOLLOW_UP_SERVICE,
    registration_id,
    moved_to: Municipality,
    on: date,
    today: date | None = None,
) -> Moved:
    """She has moved within the county: the OT serving her new home takes her (this unit, or
    another one in Ungsam, which is told at once), or the county is told outside Ungsam. A move
    to another county is the status OTFA_IM instead."""
    today = today or timezone.localdate()
    with transaction.atomic():
        registration, grant = _registration_for_change(actor, registration_id)
        at = _change_moment(registration, on, today)
        if moved_to.pk == registration.home_municipality_id:
            raise ValidationError({"moved_to": _("She lives there already.")})
        home_county = registration.home_municipality.county_id
        if moved_to.county_id != home_county:
            raise ValidationError(
                {
                    "moved_to": _(
                        "%(m)s is in another county: set the status OTFA_IM (moved to another "
                        "county) and name the municipality there."
                    )
                    % {"m": moved_to}
                }
            )
        _record_update(actor, grant, purpose, registration, ("home_municipality",))
        return _route_moved(
            actor, purpose, registration, moved_to, at=at, reason=RoutingReason.MOVED_MUNICIPALITY
        )


def registration_record_rights_info(
    *,
    actor,
    purpose: str = Purpose.FOLLOW_UP_SERVICE,
    registration_id,
    sent_on: date,
    to_guardians: bool = False,
    today: date | None = None,
) -> OTRegistration:
    """Records the written information about her rights as sent on `sent_on` to her, and to
    her guardians: required for a minor (under 18 that day)."""
    today = today or timezone.localdate()
    with transaction.atomic():
        registration, grant = _registration_for_change(actor, registration_id)
        if sent_on is None or sent_on > today:
            raise ValidationError({"sent_on": _("The date cannot be in the future.")})
        if sent_on < timezone.localdate(registration.registered_at):
            raise ValidationError({"sent_on": _("The date cannot be before she was registered.")})
        minor = is_minor(registration.case.youth.birth_date, sent_on)
        if minor and not to_guardians:
            raise ValidationError(
                {
                    "to_guardians": _(
                        "She was under 18 that day: the information goes to her guardians too."
                    )
                }
            )
        registration.rights_info_sent_on = sent_on
        fields = ["rights_info_sent_on"]
        if to_guardians:
            registration.guardians_info_sent_on = sent_on
            fields.append("guardians_info_sent_on")
        registration.save(update_fields=fields)
        _record_update(actor, grant, purpose, registration, fields)
    return registration


def routing_notice_mark_seen(
    *, actor, purpose: str = Purpose.FOLLOW_UP_SERVICE, notice_id
) -> RoutingNotice:
    """The leader of the unit a registration was routed to has seen the notice."""
    with transaction.atomic():
        notice, grant = policy.access_routing_notice(actor, notice_id)
        notice = (
            RoutingNotice.objects.select_for_update(of=("self",))
            .select_related("registration__case")
            .get(pk=notice.pk)
        )
        if notice.seen_at is None:
            notice.seen_at, notice.seen_by = timezone.now(), actor
            notice.save(update_fields=["seen_at", "seen_by"])
            if notice.registration is not None:
                audit.record(
                    actor,
                    grant.entry(
                        AuditAction.UPDATE,
                        purpose,
                        obj=notice,
                        youth_id=notice.registration.case.youth_id,
                        fields=("seen_at", "seen_by"),
                    ),
                )
    return notice


def register_by_hand(
    *,
    actor,
    purpose: str = Purpose.FOLLOW_UP_SERVICE,
    home_municipality: Municipality,
    youth: dict,
    school_name: str = "",
    today: date | None = None,
) -> Routed:
    """An OT worker or leader registers a youth by hand; refused (in Norwegian) for a youth
    past the target group's age, or for anyone who does not work in OT."""
    if not policy.may_register_by_hand(actor):
        raise PermissionDenied(_("Only the follow-up service registers a youth by hand."))
    _check_target_group(youth.get("birth_date"), today or timezone.localdate())
    return register_youth(
        actor=actor,
        home_municipality=home_municipality,
        youth=youth,
        source=RegistrationSource.MANUAL,
        school_name=school_name,
        purpose=purpose,
    )


def report_school_leaver(
    *,
    actor,
    purpose: str = Purpose.FOLLOW_UP_SERVICE,
    home_municipality: Municipality,
    youth: dict,
    today: date | None = None,
) -> Routed:
    """A school counselor reports that a student quit: the OT serving her home is told."""
    membership = policy.school_reporting_membership(actor)
    if membership is None:
        raise PermissionDenied(_("Only a school's counselor reports a student who quit."))
    _check_target_group(youth.get("birth_date"), today or timezone.localdate())
    return register_youth(
        actor=actor,
        home_municipality=home_municipality,
        youth=youth,
        source=RegistrationSource.SCHOOL_REPORT,
        reason=RoutingReason.SCHOOL_REPORT,
        school=membership.partner,
        purpose=purpose,
    )


def _check_target_group(birth_date, today: date) -> None:
    if birth_date is None:
        raise ValidationError({"birth_date": _("Enter the date of birth.")})
    if birth_date > today:
        raise ValidationError({"birth_date": _("The date of birth cannot be in the future.")})
    if not in_target_group(birth_date, today):
        raise ValidationError(
            {
                "birth_date": _(
                    "She is past the follow-up service's target group: it follows youth "
                    "through the year they turn %(age)s."
                )
                % {"age": last_age_on(today)}
            }
        )
