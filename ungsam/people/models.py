"""The youth the work is about."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ungsam.org.models import Municipality


class Youth(models.Model):
    # The one list of the youth's fields, for the policy, the selectors, the audit log and the
    # demo data alike (tests/test_architecture.py refuses a second one):
    # what identifies or describes the person, never in statistics, logs or URLs;
    PERSONAL_DATA_FIELDS = ("first_name", "last_name", "birth_date", "address", "phone")
    # what a list of youth shows, enough to tell two people apart;
    LIST_FIELDS = ("first_name", "last_name", "birth_date")
    # and what a protected address hides from everyone but the roles of access rule 8.
    PROTECTED_ADDRESS_FIELDS = ("address",)

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="youth")
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    birth_date = models.DateField(_("date of birth"))
    address = models.CharField(_("address"), max_length=200, blank=True)
    protected_address = models.BooleanField(_("protected address"), default=False)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["last_name", "first_name", "id"]
        indexes = [models.Index(fields=["last_name", "first_name", "id"])]
        verbose_name = _("youth")
        verbose_name_plural = _("youth")

    def __str__(self):
        return f"{self.first_name} {self.last_name}"

    @property
    def age(self) -> int:
        today = timezone.localdate()
        born = self.birth_date
        return today.year - born.year - ((today.month, today.day) < (born.month, born.day))
