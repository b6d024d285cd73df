from django import forms
from django.utils.translation import gettext_lazy as _


class CleanTextMixin:
    """Refuses control characters in text fields: PostgreSQL rejects NUL, and none belongs in a
    name. Gives a Norwegian message instead of a database error."""

    def clean(self):
        data = super().clean()
        for name, value in list(data.items()):
            if isinstance(value, str) and any(ord(ch) < 32 and ch not in "\t\n\r" for ch in value):
                self.add_error(name, _("The text contains characters that are not allowed."))
        return data


class DateRangeMixin:
    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            raise forms.ValidationError(_("The start date must be before the end date."))
        return data


def search_text(raw: str | None, limit: int = 100) -> str:
    """A search box's text as a database can take it: control characters (a NUL breaks
    PostgreSQL) become spaces, and it is cut to `limit` characters."""
    text = "".join(" " if ord(ch) < 32 else ch for ch in (raw or ""))
    return text.strip()[:limit]
