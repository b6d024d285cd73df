"""The youth the work is about, and their guardians: the municipality's register of the people
its services follow."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ungsam.org.models import Municipality


class Gender(models.TextChoices):
    # The codes of DESIGN.md's code list, so the register and the statistics count alike.
    GIRL = "girl", _("Girl")
    BOY = "boy", _("Boy")
    OTHER = "other", _("Other")
    UNKNOWN = "unknown", _("Not known")


class Youth(models.Model):
    # The one list of the youth's fields, for the policy, the selectors, the audit log and the
    # demo data alike (tests/test_architecture.py refuses a second one):
    # what identifies or describes the person, never in statistics, logs or URLs (the national
    # id only masked: the whole number is its own read, `national_id`);
    PERSONAL_DATA_FIELDS = (
        "first_name",
        "last_name",
        "birth_date",
        "national_id_masked",
        "gender",
        "address",
        "phone",
        "school",
        "grade",
        "language",
        "interpreter_needed",
        "guardians",
    )
    # what a list of youth shows, enough to tell two people apart;
    LIST_FIELDS = ("first_name", "last_name", "birth_date")
    # and what a protected address hides from everyone but the roles of access rule 8: the
    # address, and what leads to it — the school she goes to and her guardians' addresses.
    PROTECTED_ADDRESS_FIELDS = ("address", "school", "guardians")
    # What a referral tells of the youth: enough to find her in the register or add her.
    REFERRAL_FIELDS = ("first_name", "last_name", "birth_date", "national_id", "gender", "phone")
    # The register's own fields that a worker edits (the national id has its own path).
    EDITABLE_FIELDS = (
        "first_name",
        "last_name",
        "birth_date",
        "gender",
        "address",
        "protected_address",
        "phone",
        "school",
        "grade",
        "language",
        "interpreter_needed",
    )

    # Binds the encrypted national id to its column: a token copied elsewhere does not decrypt.
    NATIONAL_ID_PURPOSE = "people.youth.national_id"

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="youth")
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    birth_date = models.DateField(_("date of birth"))
    # The national identity number, encrypted with the field key (ungsam/lib/field_crypto.py):
    # whoever reads the database or a backup without the key sees no number. Found by exact
    # match through a keyed hash; shown masked (first six digits) until a worker asks for it.
    national_id_token = models.TextField(blank=True, editable=False)
    national_id_hash = models.CharField(max_length=64, blank=True, editable=False)
    national_id_masked = models.CharField(
        _("national identity number"), max_length=11, blank=True, editable=False
    )
    gender = models.CharField(
        _("gender"), max_length=10, choices=Gender.choices, default=Gender.UNKNOWN
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    protected_address = models.BooleanField(_("protected address"), default=False)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    school = models.CharField(_("school"), max_length=200, blank=True)
    grade = models.CharField(_("grade"), max_length=40, blank=True)
    language = models.CharField(_("language"), max_length=100, blank=True)
    interpreter_needed = models.BooleanField(_("needs an interpreter"), default=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["last_name", "first_name", "id"]
        indexes = [models.Index(fields=["last_name", "first_name", "id"])]
        constraints = [
            # One person, one record per municipality: the register links a second case to the
            # record it has, never to a copy.
            models.UniqueConstraint(
                fields=["municipality", "national_id_hash"],
                condition=~Q(national_id_hash=""),
                name="youth_one_record_per_national_id",
            ),
        ]
        verbose_name = _("youth")
        verbose_name_plural = _("youth")

    def __str__(self):
        return f"{self.first_name} {self.last_name}"

    @property
    def age(self) -> int:
        today = timezone.localdate()
        born = self.birth_date
        return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


class GuardianRelation(models.TextChoices):
    MOTHER = "mother", _("Mother")
    FATHER = "father", _("Father")
    OTHER_GUARDIAN = "other_guardian", _("Other guardian")
    CHILD_WELFARE = "child_welfare", _("Child welfare service (care order)")


class Guardian(models.Model):
    """A parent or other person with parental responsibility, and how to reach them. Often it is
    the guardians, not the youth, who need the interpreter."""

    FIELDS = (
        "name",
        "relation",
        "parental_responsibility",
        "phone",
        "email",
        "address",
        "language",
        "interpreter_needed",
    )

    youth = models.ForeignKey(Youth, on_delete=models.CASCADE, related_name="guardians")
    name = models.CharField(_("name"), max_length=200)
    relation = models.CharField(_("relation"), max_length=20, choices=GuardianRelation.choices)
    parental_responsibility = models.BooleanField(_("has parental responsibility"), default=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    language = models.CharField(_("language"), max_length=100, blank=True)
    interpreter_needed = models.BooleanField(_("needs an interpreter"), default=False)

    class Meta:
        ordering = ["id"]
        verbose_name = _("guardian")
        verbose_name_plural = _("guardians")

    def __str__(self):
        return self.name
