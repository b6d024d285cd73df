"""The audit log: one append-only row per read or change of personal data.

Rows form one chain per municipality (`chain`, `sequence`); each row's `hash` is an HMAC over
its content, the youth it names and the hash of the row before it, keyed with a secret kept
outside the database (`ungsam.access.keys`). `hash_version` says which fields a row's hash
covers, so rows written before a change of the hashed fields stay verifiable."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    VIEW = "view", _("Viewed")
    LIST = "list", _("Seen in a list")
    CREATE = "create", _("Created")
    UPDATE = "update", _("Changed")
    DELETE = "delete", _("Deleted")
    EXPORT = "export", _("Exported")
    APPROVE = "approve", _("Approved")
    REJECT = "reject", _("Rejected")
    ACCESS_DENIED = "access_denied", _("Access refused")
    SEARCH = "search", _("Searched")
    LOGIN = "login", _("Logged in")
    LOGIN_FAILED = "login_failed", _("Failed login")
    LOGOUT = "logout", _("Logged out")


# Actions that read personal data without changing it.
READ_ACTIONS = (AuditAction.VIEW, AuditAction.LIST, AuditAction.EXPORT)


class Purpose(models.TextChoices):
    CASEWORK = "casework", _("Casework")
    COLLABORATION = "collaboration", _("Collaboration with other services")
    SUBJECT_ACCESS = "subject_access", _("Subject access")
    AUDIT_REVIEW = "audit_review", _("Audit review")
    ADMINISTRATION = "administration", _("Administration")
    AUTHENTICATION = "authentication", _("Authentication")
    DEMO_DATA = "demo_data", _("Demo data")
    EARLY_WARNING = "early_warning", _("Early warning at school")
    FOLLOW_UP_SERVICE = "follow_up_service", _("The follow-up service (OT)")


class Basis(models.TextChoices):
    """Why the policy let a user see a youth (DESIGN.md, "Access"): recorded on every row that
    names a youth, so a reviewer sees on what ground each read happened."""

    CONTACT_PERSON = "contact_person", _("Contact person")
    UNIT_LEADER = "unit_leader", _("Leader of the unit")
    CARE_TEAM = "care_team", _("Care team")
    CONSENT = "consent", _("Consent")
    BREAK_GLASS = "break_glass", _("Emergency access")
    # A school counselor reads her own school's figures (the early-warning lists).
    SCHOOL = "school", _("The student's school")
    # An outreach team asked by OT to find a youth reads what it needs to find her.
    FIND_REQUEST = "find_request", _("Asked to find the youth")
    # A unit a youth is handed over to reads the handover before it acknowledges it.
    HANDOVER = "handover", _("Handover to the unit")
    SYSTEM = "system", _("The system")


class AppendOnlyError(Exception):
    pass


class AppendOnlyQuerySet(models.QuerySet):
    """`QuerySet.update()` and `.delete()` bypass `Model.save()`; refuse them too. (On
    PostgreSQL a trigger refuses UPDATE, DELETE and TRUNCATE whatever the client.)"""

    def update(self, **kwargs):
        raise AppendOnlyError("Audit rows are never changed.")

    def delete(self):
        raise AppendOnlyError("Audit rows are never deleted.")


class AppendOnlyModel(models.Model):
    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("Audit rows are never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Audit rows are never deleted.")


# The chain of events that belong to no municipality (failed logins of unknown accounts, the
# system's own work before a municipality exists, and the rows written before chains existed).
NO_MUNICIPALITY_CHAIN = 0


class AuditEvent(AppendOnlyModel):
    # The municipality whose chain the row belongs to (its id), or NO_MUNICIPALITY_CHAIN.
    chain = models.BigIntegerField(_("chain"))
    sequence = models.BigIntegerField(_("sequence number"))
    created_at = models.DateTimeField(_("time"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    # Kept as written, so the row still says who it was if the account is renamed; the system's
    # own work reads "system:<task>".
    actor_label = models.CharField(max_length=150, blank=True)
    # The role the actor acted in (for a row that names youth: see also each subject's own).
    acting_membership = models.ForeignKey(
        "org.Membership",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("acting for"),
    )
    action = models.CharField(_("action"), max_length=20, choices=AuditAction.choices)
    object_type = models.CharField(_("object type"), max_length=50, blank=True)
    object_id = models.CharField(_("object"), max_length=40, blank=True)
    fields = models.JSONField(_("fields"), default=list, blank=True)
    purpose = models.CharField(_("purpose"), max_length=30, choices=Purpose.choices)
    request_id = models.CharField(_("request id"), max_length=36, blank=True)
    client_ip = models.GenericIPAddressField(_("client address"), null=True, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)
    hash_version = models.PositiveSmallIntegerField(default=1)

    class Meta:
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["actor", "created_at"]),
            models.Index(fields=["chain", "object_type", "id"]),
        ]
        constraints = [
            models.UniqueConstraint(fields=["chain", "sequence"], name="auditevent_chain_sequence")
        ]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")

    def __str__(self):
        return f"{self.get_action_display()} #{self.pk}"


class AuditSubject(AppendOnlyModel):
    """A youth named by an audit row: one per youth shown, so a list page writes one row that
    names everyone on it, and each youth's subject-access export still finds every time they
    appeared. Covered by the row's HMAC."""

    event = models.ForeignKey(AuditEvent, on_delete=models.PROTECT, related_name="subjects")
    # Not a foreign key: the row must outlive the youth's record (retention, erasure).
    youth_id = models.BigIntegerField(db_index=True)
    basis = models.CharField(max_length=20, choices=Basis.choices, blank=True)
    # The membership the youth was seen through, at the time of the read.
    membership = models.ForeignKey(
        "org.Membership", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    consent_id = models.BigIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["event_id", "id"]
        verbose_name = _("audit subject")
        verbose_name_plural = _("audit subjects")

    def __str__(self):
        return f"{self.youth_id} @ {self.event_id}"


class Review(models.TextChoices):
    JUSTIFIED = "justified", _("Justified")
    NOT_JUSTIFIED = "not_justified", _("Not justified")


# A reason is a sentence, not "x" or "akutt": the leader must be able to judge it afterwards.
REASON_MIN_LENGTH = 20


class EmergencyAccess(models.Model):
    """Rule 7, "break the glass": a worker of the case's unit who is not its contact person reads
    the case in an emergency, for a stated reason, for a limited time, read-only. The policy
    grants it while `started_at <= now < expires_at` and it is not ended (`policy.grants`);
    the unit's leader reviews it afterwards. Kept for good: the record of why someone looked."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("who")
    )
    # The role she acted in (a case worker or field worker of the case's unit).
    membership = models.ForeignKey("org.Membership", on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")
    # The case's unit when she opened it: its leader reviews the access.
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(_("reason"))
    started_at = models.DateTimeField(_("opened"))
    expires_at = models.DateTimeField(_("expires"))
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    review = models.CharField(
        _("leader's assessment"), max_length=20, choices=Review.choices, blank=True
    )
    review_note = models.TextField(_("remark"), blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        indexes = [
            models.Index(fields=["user", "case"]),
            models.Index(fields=["unit", "reviewed_at"]),
        ]
        verbose_name = _("emergency access")
        verbose_name_plural = _("emergency accesses")

    def __str__(self):
        return f"{self.user_id} @ case {self.case_id}"

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("An emergency access is never deleted.")

    def closes_at(self):
        """When the access stopped or will stop: ended early, or at its expiry."""
        return min(self.ended_at, self.expires_at) if self.ended_at else self.expires_at
