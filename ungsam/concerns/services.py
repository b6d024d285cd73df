"""Every write of reports of concern and of child welfare's requests for information.

A report is written on a case by whoever may write on it (its contact persons, the unit's
leader) and never waits for consent (barnevernsloven § 13-2, access rule 6). The national form
is for children: a youth of 18 or over is refused (the adult services take over). The author
alone changes a draft and records how and when she sent it (Ungsam has no Fiks integration);
the document is built then and kept as sent. Child welfare's feedback is recorded by whoever
sees the report. Each service asks the policy itself, runs in a transaction and writes the
audit log."""

import re
from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ungsam.access import audit, policy
from ungsam.access.models import AuditAction, Purpose
from ungsam.concerns import document
from ungsam.concerns.models import Channel, ConcernReport, Ground, InformationRequest
from ungsam.concerns.selectors import child_welfare_services, guardians_for_form, national_id_of
from ungsam.lib.forms import EARLIEST_DATE
from ungsam.people.models import Youth

ADULT_AGE = 18
REPORT_TEXT_FIELDS = (
    "assessment",
    "reporter_role",
    "reporter_phone",
    "reporter_email",
    "child_not_told_reason",
    "report",
    "history",
    "other_views",
    "interpreter",
    "other_services",
)


def _pattern(*path) -> re.Pattern:
    node = document.schema()["properties"]
    for name in path[:-1]:
        node = node[name]["properties"]
    return re.compile(node[path[-1]]["pattern"])


def age_on(youth: Youth, today: date) -> int:
    born = youth.birth_date
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def refuse_adult(youth: Youth, today: date) -> None:
    if age_on(youth, today) >= ADULT_AGE:
        raise ValidationError(
            _(
                "The report of concern to child welfare is for children under 18. For a youth "
                "of 18 or over, contact the adult services: NAV, the municipality's health "
                "and care services, or the police if someone is in danger."
            )
        )


def _check(values: dict, *, guardian_count: int, recipients) -> None:
    """What the national form needs, asked again whoever the caller is."""
    errors = {}
    grounds = values["grounds"]
    if not grounds:
        errors["grounds"] = _("Choose at least one ground for concern.")
    elif not set(grounds) <= set(Ground.values):
        errors["grounds"] = _("Choose the grounds from the list.")
    for name in ("assessment", "reporter_role", "report", "history"):
        if not values[name]:
            errors[name] = _("This field is required.")
    if not _pattern("offentligMelder", "telefonnummer").search(values["reporter_phone"]):
        errors["reporter_phone"] = _("Write the phone number with digits only, e.g. 91234567.")
    if not _pattern("offentligMelder", "epost").search(values["reporter_email"]):
        errors["reporter_email"] = _("Write a work e-mail address, e.g. kari@kommune.no.")
    if not values["child_told"] and not values["child_not_told_reason"]:
        errors["child_not_told_reason"] = _("Say why the child has not been told.")
    told = values["guardians_told"]
    if len(told) > max(guardian_count, 0):
        errors["guardians_told"] = _("Answer only for the guardians the form names.")
    for i, answer in enumerate(told, start=1):
        if not answer["told"] and not answer["reason"]:
            errors[f"guardian_{i}_reason"] = _("Say why this guardian has not been told.")
    if values["recipient_id"] not in {p.pk for p in recipients}:
        errors["recipient"] = _("Choose the municipality's child welfare service.")
    if errors:
        raise ValidationError(errors)


def _values(raw: dict) -> dict:
    values = {name: str(raw.get(name) or "").strip() for name in REPORT_TEXT_FIELDS}
    values["grounds"] = sorted({str(code) for code in raw.get("grounds") or ()})
    values["acute"] = bool(raw.get("acute"))
    values["child_told"] = bool(raw.get("child_told"))
    if values["child_told"]:
        values["child_not_told_reason"] = ""
    values["guardians_told"] = [
        {
            "told": bool(a.get("told")),
            "reason": "" if a.get("told") else str(a.get("reason") or "").strip(),
        }
        for a in raw.get("guardians_told") or ()
    ]
    try:
        values["recipient_id"] = int(raw.get("recipient_id"))
    except (TypeError, ValueError):
        values["recipient_id"] = None
    return values


def _record(actor, grant, action, report, fields, purpose=Purpose.CASEWORK):
    audit.record(
        actor, grant.entry(action, purpose, obj=report, youth_id=report.youth_id, fields=fields)
    )


def concern_report_create(
    *, actor, case_id, today: date | None = None, written_at: datetime | None = None, **raw
) -> ConcernReport:
    """A draft report of concern about the case's youth, by one who may write on the case.
    Refused for a youth of 18 or over. `written_at` (never ahead of now) only the demo passes,
    to date a report it writes in the past."""
    written_at = min(written_at or timezone.now(), timezone.now())
    today = today or timezone.localdate()
    values = _values(raw)
    with transaction.atomic():
        case, grant = policy.concern_report_case(actor, case_id)
        refuse_adult(case.youth, today)
        guardians = guardians_for_form(actor, case.youth)
        recipients = child_welfare_services(case.unit.municipality_id)
        _check(values, guardian_count=len(guardians), recipients=recipients)
        report = ConcernReport(
            case=case,
            youth=case.youth,
            author=actor,
            author_membership=grant.membership,
            created_at=written_at,
            updated_at=written_at,
            **values,
        )
        report.full_clean(exclude=["grounds", "guardians_told"])
        report.save()
        _record(actor, grant, AuditAction.CREATE, report, ConcernReport.FIELDS)
    return report


def concern_report_update(*, actor, report_id, today: date | None = None, **raw) -> ConcernReport:
    """Changes a draft: its author only."""
    today = today or timezone.localdate()
    values = _values(raw)
    with transaction.atomic():
        report, grant = policy.access_concern_report(actor, report_id, edit_draft=True)
        refuse_adult(report.youth, today)
        guardians = guardians_for_form(actor, report.youth)
        recipients = child_welfare_services(report.case.unit.municipality_id)
        _check(values, guardian_count=len(guardians), recipients=recipients)
        changed = [name for name, value in values.items() if getattr(report, name) != value]
        if not changed:
            return report
        for name in changed:
            setattr(report, name, values[name])
        report.updated_at = timezone.now()
        report.full_clean(exclude=["grounds", "guardians_told"])
        report.save()
        fields = tuple(n.removesuffix("_id") for n in changed)
        _record(actor, grant, AuditAction.UPDATE, report, fields)
    return report


def concern_report_send(
    *, actor, report_id, sent_at: datetime, channel: str, note: str = ""
) -> ConcernReport:
    """Records that the author sent her draft, how and when (never in the future, never before
    it was written), and keeps the national form as it went."""
    note = (note or "").strip()
    if channel not in Channel.values:
        raise ValidationError({"channel": _("Choose how the report was sent.")})
    if not isinstance(sent_at, datetime):
        raise ValidationError({"sent_at": _("Give the date and time it was sent.")})
    if channel == Channel.OTHER and not note:
        raise ValidationError({"sent_note": _("Say how the report was sent.")})
    with transaction.atomic():
        report, grant = policy.access_concern_report(actor, report_id, edit_draft=True)
        if sent_at > timezone.now() + timedelta(minutes=1):
            raise ValidationError(
                {"sent_at": _("A report is recorded as sent once it is: not in the future.")}
            )
        if timezone.localtime(sent_at).date() < timezone.localtime(report.created_at).date():
            raise ValidationError(
                {"sent_at": _("The report cannot have been sent before it was written.")}
            )
        refuse_adult(report.youth, timezone.localtime(sent_at).date())
        report.document = document.build(
            report,
            national_id=national_id_of(report.youth),
            guardians=list(report.youth.guardians.order_by("-parental_responsibility", "id")),
            sent_at=sent_at,
            channel=channel,
        )
        report.sent_at, report.channel, report.sent_note = sent_at, channel, note
        report.updated_at = timezone.now()
        report.save()
        _record(
            actor,
            grant,
            AuditAction.UPDATE,
            report,
            ("sent_at", "channel", "sent_note", "document", "national_id"),
        )
    return report


def _feedback_errors(report, v: dict, today: date) -> dict:
    errors = {}
    sent_on = timezone.localtime(report.sent_at).date()
    for name in (
        "receipt_confirmed_on",
        "investigation_opened_on",
        "investigation_ended_on",
        "final_feedback_on",
    ):
        day = v[name]
        if day is not None and not (sent_on <= day <= today):
            errors[name] = _("Choose a date from the day the report was sent up to today.")
    if v["investigation_opened"] is not None and v["receipt_confirmed_on"] is None:
        errors["receipt_confirmed_on"] = _("Give the date child welfare confirmed receipt.")
    if v["investigation_opened"] is True and v["investigation_opened_on"] is None:
        errors["investigation_opened_on"] = _("Give the date the investigation was opened.")
    if v["investigation_opened"] is not True:
        for name in ("investigation_opened_on", "investigation_ended_on", "final_feedback_on"):
            if v[name] is not None:
                errors[name] = _("Only when child welfare opened an investigation.")
    opened, ended, final = (
        v["investigation_opened_on"],
        v["investigation_ended_on"],
        v["final_feedback_on"],
    )
    if opened and ended and ended < opened:
        errors["investigation_ended_on"] = _("The investigation cannot end before it was opened.")
    if final is not None and ended is None:
        errors["final_feedback_on"] = _("Give the date the investigation ended first.")
    elif final and ended and final < ended:
        errors["final_feedback_on"] = _("The final feedback comes after the investigation ended.")
    return errors


def concern_report_feedback(
    *,
    actor,
    report_id,
    receipt_confirmed_on: date | None = None,
    investigation_opened: bool | None = None,
    investigation_opened_on: date | None = None,
    investigation_ended_on: date | None = None,
    final_feedback_on: date | None = None,
    today: date | None = None,
) -> ConcernReport:
    """Records child welfare's feedback on a sent report: receipt, whether it opened an
    investigation (and when), when the investigation ended, and the final feedback."""
    today = today or timezone.localdate()
    v = {
        "receipt_confirmed_on": receipt_confirmed_on,
        "investigation_opened": investigation_opened,
        "investigation_opened_on": investigation_opened_on,
        "investigation_ended_on": investigation_ended_on,
        "final_feedback_on": final_feedback_on,
    }
    for name, value in v.items():
        if name != "investigation_opened" and value is not None and not isinstance(value, date):
            raise ValidationError({name: _("Enter a valid date.")})
    with transaction.atomic():
        report, grant = policy.access_concern_report(actor, report_id, write=True)
        if report.is_draft:
            raise ValidationError(_("Record first that the report was sent."))
        errors = _feedback_errors(report, v, today)
        if errors:
            raise ValidationError(errors)
        changed = tuple(name for name, value in v.items() if getattr(report, name) != value)
        if not changed:
            return report
        for name in changed:
            setattr(report, name, v[name])
        report.updated_at = timezone.now()
        report.save()
        _record(actor, grant, AuditAction.UPDATE, report, changed)
    return report


def _request_errors(v: dict, today: date) -> dict:
    errors = {}
    for name in ("received_on", "answered_on"):
        day = v.get(name)
        if day is not None and not (EARLIEST_DATE <= day <= today):
            errors[name] = _("Choose a date from 2000 up to today.")
    if v.get("answered_on") and v.get("received_on") and v["answered_on"] < v["received_on"]:
        errors["answered_on"] = _("The answer cannot come before the request.")
    if v.get("answered_on") and not v.get("given"):
        errors["given"] = _("Say what was given.")
    if v.get("given") and not v.get("answered_on"):
        errors["answered_on"] = _("Give the date it was answered.")
    return errors


def information_request_record(
    *,
    actor,
    case_id,
    partner_id,
    received_on: date,
    asked: str,
    legal_basis: str,
    answered_on: date | None = None,
    given: str = "",
    today: date | None = None,
) -> InformationRequest:
    """Records a request for information from child welfare about the case's youth, and the
    answer if given already."""
    today = today or timezone.localdate()
    v = {
        "received_on": received_on,
        "answered_on": answered_on,
        "asked": (asked or "").strip(),
        "legal_basis": (legal_basis or "").strip(),
        "given": (given or "").strip(),
    }
    errors = _request_errors(v, today)
    for name in ("asked", "legal_basis"):
        if not v[name]:
            errors[name] = _("This field is required.")
    if not isinstance(received_on, date):
        errors["received_on"] = _("Give the date the request came.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        case, grant = policy.access_case(actor, case_id, write=True)
        partners = {p.pk: p for p in child_welfare_services(case.unit.municipality_id)}
        try:
            partner = partners[int(partner_id)]
        except (KeyError, TypeError, ValueError):
            raise ValidationError(
                {"partner": _("Choose the municipality's child welfare service.")}
            ) from None
        request = InformationRequest(
            case=case, youth=case.youth, partner=partner, recorded_by=actor, **v
        )
        request.full_clean()
        request.save()
        audit.record(
            actor,
            grant.entry(
                AuditAction.CREATE,
                Purpose.CASEWORK,
                obj=request,
                youth_id=case.youth_id,
                fields=InformationRequest.FIELDS,
            ),
        )
    return request


def information_request_answer(
    *, actor, request_id, answered_on: date, given: str, today: date | None = None
) -> InformationRequest:
    """Records the answer to a request for information from child welfare: when, and what was
    given."""
    today = today or timezone.localdate()
    given = (given or "").strip()
    with transaction.atomic():
        request, grant = policy.access_information_request(actor, request_id)
        v = {"received_on": request.received_on, "answered_on": answered_on, "given": given}
        errors = _request_errors(v, today)
        if not isinstance(answered_on, date):
            errors["answered_on"] = _("Give the date it was answered.")
        if errors:
            raise ValidationError(errors)
        request.answered_on, request.given = answered_on, given
        request.save(update_fields=["answered_on", "given"])
        audit.record(
            actor,
            grant.entry(
                AuditAction.UPDATE,
                Purpose.CASEWORK,
                obj=request,
                youth_id=request.case.youth_id,
                fields=("answered_on", "given"),
            ),
        )
    return request
