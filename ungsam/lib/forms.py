from datetime import date

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _

# Bidirectional controls (U+202A–U+202E embeddings and overrides, U+2066–U+2069 isolates,
# U+200E/U+200F marks) are invisible and reorder what is shown: a name with U+202E inside
# reads backwards from there, so one person's name can be made to look like another's.
BIDI_CONTROLS = frozenset(
    [chr(c) for c in range(0x202A, 0x202F)] + [chr(c) for c in range(0x2066, 0x206A)]
) | {"\u200e", "\u200f"}


def has_control_characters(value: str) -> bool:
    return any(ord(ch) < 32 and ch not in "\t\n\r" for ch in value)


def has_bidi_controls(value: str) -> bool:
    return any(ch in BIDI_CONTROLS for ch in value)


class CleanTextMixin:
    """Refuses control characters in text fields: PostgreSQL rejects NUL, and none belongs in a
    name; and invisible text-direction characters, which make a name read as another. Gives a
    Norwegian message instead of a database error or a disguised name."""

    def clean(self):
        data = super().clean()
        for name, value in list(data.items()):
            if not isinstance(value, str):
                continue
            if has_control_characters(value):
                self.add_error(name, _("The text contains characters that are not allowed."))
            elif has_bidi_controls(value):
                self.add_error(
                    name,
                    _(
                        "The text contains invisible characters that change the direction of "
                        "the text. Remove them and type the text again."
                    ),
                )
        return data


# Dates a filter may name: outside these a day cannot be turned into a moment (year 1 minus the
# time zone, or the day after 31 December 9999, overflows) and no record of Ungsam exists.
EARLIEST_DATE = date(2000, 1, 1)
LATEST_DATE = date(2999, 12, 31)


class DateRangeMixin:
    """`date_from` and `date_to` within EARLIEST_DATE–LATEST_DATE, the first not after the
    second."""

    def clean(self):
        data = super().clean()
        for name in ("date_from", "date_to"):
            day = data.get(name)
            if day and not EARLIEST_DATE <= day <= LATEST_DATE:
                self.add_error(
                    name,
                    _("Choose a date between %(first)s and %(last)s.")
                    % {
                        "first": EARLIEST_DATE.strftime("%d.%m.%Y"),
                        "last": LATEST_DATE.strftime("%d.%m.%Y"),
                    },
                )
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            raise forms.ValidationError(_("The start date must be before the end date."))
        return data


def search_text(raw: str | None, limit: int = 100) -> str:
    """A search box's text as a database can take it: control characters (a NUL breaks
    PostgreSQL) become spaces, and it is cut to `limit` characters."""
    text = "".join(" " if ord(ch) < 32 else ch for ch in (raw or ""))
    return text.strip()[:limit]


def call_service(form, service, *, refused: str = "", **kwargs):
    """Runs the service; a refusal becomes a form error (the view answers 400), not an error
    page: a ValidationError on the field it names, a PermissionDenied with its own words or
    `refused`. Returns None when refused."""
    try:
        return service(**kwargs)
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, exc.messages)
    except PermissionDenied as exc:
        form.add_error(None, str(exc) or refused or _("You may not do this."))
    return None


def post_on_page(request, form, service, *, done_message, done_url, page, values=None, **kwargs):
    """A form posted from a page that shows it among others (the case page, the team page):
    success goes back to `done_url` with a message; a refusal or an invalid form renders the
    page again with the form as sent (`page(form)`, a 400 response). `kwargs` go to the service
    with the form's values (or `values`)."""
    from django.contrib import messages
    from django.shortcuts import redirect

    if form.is_valid():
        data = form.cleaned_data if values is None else values
        done = call_service(form, service, actor=request.user, **kwargs, **data)
        if done is not None:
            messages.success(request, done_message)
            return redirect(done_url)
    return page(form)
