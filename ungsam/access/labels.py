"""Audit rows in words a leader reads: field labels instead of column names, the object as a
person reads it, and who acted for which organisation. Used by the log page, the access-changes
list and the subject-access export alike."""

from dataclasses import dataclass, field

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ungsam.access.models import AuditAction, AuditEvent, Basis
from ungsam.org.models import Membership

# Fields that are not model columns, or whose column name says too little.
SPECIAL_FIELDS = {
    "audit_log": gettext_lazy("audit log"),
    "contact_persons": gettext_lazy("contact persons"),
    "cases": gettext_lazy("cases and their contact persons"),
    "password": gettext_lazy("password"),
    "status": gettext_lazy("status"),
    "user": gettext_lazy("user"),
    "role": gettext_lazy("role"),
    "unit": gettext_lazy("unit"),
    "partner": gettext_lazy("partner organization"),
    "sessions": gettext_lazy("sessions"),
    "imported_bundle": gettext_lazy("history imported from another system"),
    "password_reset_email": gettext_lazy("password e-mail"),
    "national_id": gettext_lazy("national identity number in full"),
    "national_id_masked": gettext_lazy("national identity number, masked"),
    "guardians": gettext_lazy("guardians and their contact details"),
    "referrals": gettext_lazy("referrals and what they say"),
    "stage_changes": gettext_lazy("the case's history"),
    "appointments": gettext_lazy("appointments and what came of them"),
    "assessments": gettext_lazy("assessments and their scores"),
    "scores": gettext_lazy("scores per domain"),
    "first_name": gettext_lazy("first name"),
    "birth_date": gettext_lazy("date of birth"),
    # The OT register (issue 18): a row of the register, and a registration's dated history.
    "ot_registration": gettext_lazy(
        "the OT registration: status, home municipality, registered, first contact, "
        "information on rights"
    ),
    "ot_status_changes": gettext_lazy("the OT status history"),
    "last_name": gettext_lazy("last name"),
    "journal": gettext_lazy("the journal"),
    "attachments": gettext_lazy("attachments"),
    "versions": gettext_lazy("every version of the journal entry"),
    "file": gettext_lazy("the attached file"),
    "discussions": gettext_lazy("team meeting items and their decisions"),
    "transition": gettext_lazy("the plan for the move to upper-secondary school"),
    "action_plan": gettext_lazy("the action plan"),
    "goals": gettext_lazy("the plan's goals"),
    "measures": gettext_lazy("the plan's measures"),
    "reviews": gettext_lazy("the plan's reviews"),
    "print": gettext_lazy("printed"),
    # The information categories a consent names: what a partner's page showed (rule 3).
    "contact_details": gettext_lazy("contact details"),
    "plan": gettext_lazy("the action plan and the individual plan"),
    "journal_summaries": gettext_lazy("journal summaries for the team"),
    "school_data": gettext_lazy("school data"),
    # Early warning (issue 18): the flags on a student's periods and why they were raised.
    "risk_flags": gettext_lazy("risk flags and the figures that raised them"),
    "consent": gettext_lazy("consent"),
    "care_team": gettext_lazy("the team around the youth: members, coordinator, BTI level"),
    "team_members": gettext_lazy("the team's members"),
    "coordinator": gettext_lazy("the coordinator role"),
    "from_member": gettext_lazy("from the coordinator"),
    "to_member": gettext_lazy("to the team member"),
    "offered_by": gettext_lazy("offered by"),
    "pathway_step": gettext_lazy("the step on the service pathway, and since when"),
    # The team's meetings (issue 15 item 4).
    "meetings": gettext_lazy("the team's meetings"),
    "minutes": gettext_lazy("minutes of the meetings"),
    "decisions": gettext_lazy("decisions of the meetings"),
    "meeting_actions": gettext_lazy("actions from the meetings"),
    "meeting_action": gettext_lazy("an action from a meeting"),
    "tasks": gettext_lazy("tasks: actions from meetings and measures given to team members"),
    "individual_plan": gettext_lazy("the individual plan"),
    "contributions": gettext_lazy("what each member of the team contributes"),
    "pdf": gettext_lazy("as a PDF file"),
    # Deadlines and "nobody followed up" (issue 18, point 4).
    "ot_deadlines": gettext_lazy("OT status, deadlines and the last contact"),
    # Searches of the register that name nobody (inquiries without consent, issue 15 item 2).
    "anonymity_estimate": gettext_lazy(
        "how many youth in the register fit an anonymous case (a count, no one named)"
    ),
    "register_name_check": gettext_lazy(
        "whether a note held a name from the register (no one named)"
    ),
    "collaboration_requests": gettext_lazy("requests to and from other services"),
    "asked": gettext_lazy("what is asked"),
    "categories": gettext_lazy("information categories"),
    # Reports of concern to child welfare (ungsam/concerns).
    "concern_reports": gettext_lazy("reports of concern to child welfare"),
    "information_requests": gettext_lazy("requests for information from child welfare"),
    "document": gettext_lazy("the national report form as sent"),
    "address": gettext_lazy("address"),
    # Outreach fieldwork (issue 16): named attendance at groups, the trends shared as a PDF.
    "group_attendance": gettext_lazy("attendance at the outreach unit's groups"),
    "observation_trends": gettext_lazy(
        "trends of field observations (counts per tag, no one named)"
    ),
    # Follow-up conversations of outreach fieldwork (issue 16 item 5).
    "conversations": gettext_lazy("follow-up conversations in outreach fieldwork"),
    # The annual report (issue 17): counts only, shown or downloaded, exact or withheld.
    "annual_report": gettext_lazy("the unit's annual report (counts, no one named)"),
    "exact_figures": gettext_lazy("with exact figures (small counts not withheld)"),
    "suppressed_figures": gettext_lazy("with small counts withheld"),
    "html": gettext_lazy("as a web page"),
    "xlsx": gettext_lazy("as an Excel file"),
    "json": gettext_lazy("as a JSON file"),
    # Handover between OT, outreach and los (issue 18).
    "find_requests": gettext_lazy("requests to find the youth and their answers"),
    "outreach_unit": gettext_lazy("the team asked to find the youth"),
    "answer_note": gettext_lazy("the team's note to OT"),
    "summary": gettext_lazy("the summary she consented to share"),
    "handovers": gettext_lazy("handovers to other units"),
    "to_unit": gettext_lazy("the unit handed over to"),
    "to_case": gettext_lazy("the receiving unit's case"),
    "acknowledged_at": gettext_lazy("acknowledgement of the handover"),
}


def _model(object_type: str):
    if not object_type:
        return None
    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        return None


def field_label(object_type: str, name: str, *, names_youth: bool = False) -> str:
    if name in SPECIAL_FIELDS:
        return str(SPECIAL_FIELDS[name])
    model = _model(object_type) or (apps.get_model("people", "Youth") if names_youth else None)
    if model is not None:
        try:
            found = model._meta.get_field(name)
        except FieldDoesNotExist:
            found = None
        if found is not None and found.auto_created and not found.concrete:
            # A reverse relation (a case's appointments, say): named by the model it reaches.
            meta = found.related_model._meta
            return str(meta.verbose_name_plural if found.one_to_many else meta.verbose_name)
        if found is not None:
            return str(found.verbose_name)
    return name.replace("_", " ")


def field_labels(event: AuditEvent, subjects) -> list[str]:
    return [field_label(event.object_type, f, names_youth=bool(subjects)) for f in event.fields]


def when(moment) -> str:
    """25. november 2026 kl. 14:03 (in the active language)."""
    local = localtime(moment)
    return _("%(date)s at %(time)s") % {
        "date": date_format(local, "j. F Y"),
        "time": date_format(local, "H:i"),
    }


def who(event: AuditEvent) -> str:
    if event.actor is not None:
        return event.actor.get_full_name() or event.actor_label
    if event.actor_label.startswith("system:"):
        return _("The system")
    return _("Unknown (not logged in)")


def membership_place(membership: Membership | None) -> str:
    return str(membership.place) if membership is not None else ""


def acting_for(event: AuditEvent, subjects) -> str:
    """The organisations the actor acted for at the time (recorded on the row)."""
    places = {membership_place(s.membership) for s in subjects if s.membership_id}
    if event.acting_membership_id:
        places.add(membership_place(event.acting_membership))
    places.discard("")
    return ", ".join(sorted(places))


def basis_label(subject) -> str:
    return str(Basis(subject.basis).label) if subject.basis else ""


@dataclass
class Described:
    """One audit row, readable."""

    event: AuditEvent
    time: str
    who: str
    acting_for: str
    action: str
    what: str
    fields: list[str]
    purpose: str
    bases: list[str] = field(default_factory=list)


def youth_phrase(subjects, names: dict[int, str]) -> str:
    """The youth a row names: by name where the reader may see them, else a number."""
    named = [names[s.youth_id] for s in subjects if s.youth_id in names]
    hidden = [s.youth_id for s in subjects if s.youth_id not in names]
    parts = list(named)
    if hidden and not named and len(hidden) == 1:
        parts.append(_("youth no. %(number)s") % {"number": hidden[0]})
    elif hidden:
        parts.append(_("%(count)s other youth") % {"count": len(hidden)})
    return ", ".join(parts)


def object_phrase(event: AuditEvent, memberships: dict[int, Membership], users: dict) -> str:
    kind, ident = event.object_type, event.object_id
    if kind == "org.membership" and ident.isdigit() and int(ident) in memberships:
        m = memberships[int(ident)]
        return _("%(role)s – %(place)s for %(person)s") % {
            "role": m.get_role_display(),
            "place": membership_place(m),
            "person": m.user,
        }
    if kind == "org.user" and ident.isdigit() and int(ident) in users:
        return _("the account of %(person)s") % {"person": users[int(ident)]}
    model = _model(kind)
    if model is None:
        return ""
    return f"{model._meta.verbose_name} {_('no.')} {ident}"


# Actions on roles and accounts, said as an admin reviewing access changes would say them.
ACCESS_CHANGE_ACTIONS = {
    ("org.membership", AuditAction.CREATE): gettext_lazy("Gave the role"),
    ("org.membership", AuditAction.UPDATE): gettext_lazy("Changed the end date"),
    ("org.membership", AuditAction.APPROVE): gettext_lazy("Approved the role"),
    ("org.membership", AuditAction.REJECT): gettext_lazy("Rejected the role"),
    ("org.user", AuditAction.CREATE): gettext_lazy("Made the account"),
    ("org.user", AuditAction.UPDATE): gettext_lazy("Changed the account"),
}

# Changes to an account, all "update" rows, told apart by what they touched (first match).
ACCOUNT_UPDATES = (
    ({"is_active", "sessions"}, gettext_lazy("Deactivated the account")),
    ({"is_active"}, gettext_lazy("Activated the account again")),
    ({"password_reset_email"}, gettext_lazy("Sent a password e-mail")),
    ({"password"}, gettext_lazy("Gave a one-time password")),
)


def access_change_action(event: AuditEvent):
    """What was done to a role or an account, as an admin says it; None for other rows."""
    if (event.object_type, event.action) == ("org.user", AuditAction.UPDATE):
        touched = set(event.fields)
        for fields, label in ACCOUNT_UPDATES:
            if fields <= touched:
                return label
    return ACCESS_CHANGE_ACTIONS.get((event.object_type, event.action))


def describe(
    event: AuditEvent,
    *,
    names: dict[int, str],
    memberships: dict[int, Membership] | None = None,
    users: dict | None = None,
) -> Described:
    subjects = list(event.subjects.all())
    what = youth_phrase(subjects, names) if subjects else ""
    if not what:
        what = object_phrase(event, memberships or {}, users or {})
    action = access_change_action(event) or event.get_action_display()
    if event.action == AuditAction.ACCESS_DENIED:
        action = _("Tried to open, refused")
    return Described(
        event=event,
        time=when(event.created_at),
        who=who(event),
        acting_for=acting_for(event, subjects),
        action=str(action),
        what=what or "–",
        fields=field_labels(event, subjects),
        purpose=str(event.get_purpose_display()),
        bases=sorted({basis_label(s) for s in subjects if s.basis}),
    )


@dataclass
class RequestGroup:
    """The rows one request wrote (one page view, one form sent), shown together."""

    request_id: str
    time: str
    who: str
    client_ip: str
    rows: list[Described]


def group_by_request(described: list[Described]) -> list[RequestGroup]:
    groups: list[RequestGroup] = []
    for row in described:
        e = row.event
        last = groups[-1] if groups else None
        if last and e.request_id and last.request_id == e.request_id and last.who == row.who:
            last.rows.append(row)
            continue
        groups.append(RequestGroup(e.request_id, row.time, row.who, e.client_ip or "", [row]))
    return groups
