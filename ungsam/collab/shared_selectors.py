"""What a partner (or another unit's worker on the team) reads about a youth who shared with
her service (rule 3): the gatekeeper `policy.access_shared_case` decides, and this module
reads each information category only when the consent names it. A category not shared is
neither queried nor rendered."""

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Exists, OuterRef, Prefetch

from ungsam.access import audit, policy
from ungsam.access.models import AuditAction, Purpose
from ungsam.cases import attachments
from ungsam.cases.models import (
    EntryKind,
    EntryStatus,
    JournalAttachment,
    JournalEntry,
    Transition,
)
from ungsam.collab.models import Category, TeamMember
from ungsam.people.models import Guardian, Youth
from ungsam.plans.ip_selectors import team_individual_plan
from ungsam.plans.models import Assessment, DomainScore, PlanMeasure
from ungsam.plans.selectors import _plan_with_everything


@dataclass
class SharedItem:
    """One category as the partner sees it: the consent that covers it and when it lapses."""

    code: str
    label: str
    consent_id: int | None
    until: datetime | None


@dataclass
class SharedSeat:
    """A seat on a team, with what is shared with it now: `shared` empty when no consent
    covers it (the page then names no youth)."""

    seat: TeamMember
    shared: list[SharedItem]
    tasks: list = field(default_factory=list)

    @property
    def case(self):
        return self.seat.team.case

    @property
    def youth(self):
        return self.seat.team.case.youth

    @property
    def lapses(self) -> datetime | None:
        return min((item.until for item in self.shared if item.until), default=None)


def _items(seat) -> list[SharedItem]:
    labels = dict(Category.choices)
    return [
        SharedItem(code, str(labels[code]), consent_id, until)
        for code, (consent_id, until) in sorted(
            seat.shared.items(), key=lambda item: Category.values.index(item[0])
        )
    ]


@dataclass
class SharedHome:
    seats: list[SharedSeat]
    uncovered: int  # her seats no consent covers now

    @property
    def tasks(self) -> list:
        return [task for seat in self.seats for task in seat.tasks]


def shared_with_me(*, actor) -> SharedHome:
    """Her seats on care teams that a consent in force covers, with what each covers and when
    it lapses (one query, however many), and how many of her seats no consent covers now (she
    is told there are some, not whose). One "listed" audit row names the youth shown, each on
    its consent."""
    seats = policy.seats_with_consents(actor)
    covered = [SharedSeat(seat, _items(seat)) for seat in seats]
    shown = [s for s in covered if s.shared]
    # Measures of the plan given to her: only where the plan is shared with her service.
    plan_shared = {s.seat.pk: s for s in shown if any(i.code == Category.PLAN for i in s.shared)}
    if plan_shared:
        tasks = PlanMeasure.objects.filter(assignee_id__in=plan_shared).select_related("type")
        for task in tasks.order_by("ends_on", "starts_on", "id"):
            task.shared = plan_shared[task.assignee_id]
            plan_shared[task.assignee_id].tasks.append(task)
    if shown:
        subjects = tuple(policy.shared_grant(actor, s.seat).subject(s.case.youth_id) for s in shown)
        audit.record(
            actor,
            audit.Entry(
                AuditAction.LIST,
                Purpose.COLLABORATION,
                subjects=subjects,
                fields=(
                    *policy.SHARED_IDENTITY_FIELDS,
                    "consents",
                    *(("measures",) if plan_shared else ()),
                ),
            ),
        )
    return SharedHome(shown, len(covered) - len(shown))


@dataclass
class SharedCase:
    case: object
    grant: object
    seat: TeamMember
    youth: Youth
    items: list[SharedItem]
    not_shared: list[str]
    team: list[TeamMember]
    contact: Youth | None = None
    guardians: list = field(default_factory=list)
    school: Youth | None = None
    transition: Transition | None = None
    plan: object = None
    individual_plan: object = None
    assessments: list = field(default_factory=list)
    summaries: list = field(default_factory=list)
    files: list = field(default_factory=list)


def shared_case(*, actor, case_id) -> SharedCase:
    """The shared page of a case: who the youth is, the team, and each category the consent
    names (each read only then); 404 unless rule 3 holds now."""
    case, grant, seat = policy.access_shared_case(actor, case_id)
    cats = grant.categories
    labels = dict(Category.choices)
    page = SharedCase(
        case=case,
        grant=grant,
        seat=seat,
        youth=case.youth,
        items=_items(seat),
        not_shared=[str(labels[c]) for c in Category.values if c not in cats],
        team=list(
            TeamMember.objects.current()
            .filter(team_id=seat.team_id)
            .select_related("user", "partner", "unit")
        ),
    )
    if Category.CONTACT_DETAILS in cats:
        page.contact = Youth.objects.only("phone", "address", "protected_address").get(
            pk=case.youth_id
        )
        guardians = Guardian.objects.filter(youth_id=case.youth_id).order_by("id")
        page.guardians = list(guardians.only("name", "relation", "phone", "email", "address"))
    if Category.SCHOOL_DATA in cats:
        page.school = Youth.objects.only("school", "grade", "protected_address").get(
            pk=case.youth_id
        )
        page.transition = Transition.objects.filter(case=case).first()
    if Category.PLAN in cats:
        page.plan = _plan_with_everything(case)
        # The individual plan is the plan's category too (its goals and measures are these).
        page.individual_plan = team_individual_plan(case=case, action_plan=page.plan)
    if Category.ASSESSMENTS in cats:
        page.assessments = list(
            Assessment.objects.filter(case=case)
            .select_related("by")
            .prefetch_related(Prefetch("scores", queryset=DomainScore.objects.order_by("id")))
            .order_by("-assessed_on", "-id")
        )
    if Category.JOURNAL_SUMMARIES in cats:
        page.summaries = list(_summaries(case))
    if Category.ATTACHMENTS in cats:
        page.files = list(_shared_files(case))
    return page


def _signed_current(case):
    """The case's (a case or its id) signed journal entries, of each chain only the newest."""
    corrected = JournalEntry.objects.filter(corrects=OuterRef("pk"), status=EntryStatus.SIGNED)
    return JournalEntry.objects.filter(case=case, status=EntryStatus.SIGNED).exclude(
        Exists(corrected)
    )


def _summaries(case):
    return (
        _signed_current(case)
        .filter(kind=EntryKind.SUMMARY)
        .select_related("author")
        .order_by("-occurred_on", "-id")
    )


def _shared_files(case):
    return (
        JournalAttachment.objects.filter(entry__in=_signed_current(case))
        .select_related("entry")
        .order_by("-entry__occurred_on", "-id")
    )


def shared_attachment(*, actor, case_id, attachment_id) -> tuple[JournalAttachment, bytes]:
    """One attachment of a signed entry of the case, for a partner whose consent names
    attachments (the read recorded, naming the file); else 404."""
    try:
        found = _shared_files(int(case_id)).filter(pk=int(attachment_id)).first()
    except (TypeError, ValueError, OverflowError):
        found = None
    _case, _grant, _seat = policy.access_shared_case(
        actor, case_id, category=Category.ATTACHMENTS, fields=("file_name", "file"), obj=found
    )
    if found is None:
        policy.deny(actor, JournalAttachment, attachment_id, purpose=Purpose.COLLABORATION)
    return found, attachments.load(found.storage_name, found.sha256)
