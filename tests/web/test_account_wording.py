"""No English and no foreign wording in Bokmål on the account pages (issue 12, section 3).

allauth's and Django's Bokmål catalogs say "Endre Passord", "Vennligst skriv inn ditt passord"
and "Tofaktorautentisering" where Ungsam says "Endre passord" and "tofaktorinnlogging", and
Django 5.2's password-length message has no Bokmål at all. Ungsam's own catalog words them
(ungsam/lib/library_messages.py keeps them in `make messages`) and takes precedence."""

import gettext
import re
from pathlib import Path

import allauth
import pytest
from django.conf import settings
from django.contrib.auth.password_validation import get_default_password_validators
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation.template import templatize

from ungsam.lib import library_messages

ALLAUTH_TEMPLATES = Path(allauth.__file__).parent / "templates"
# The allauth pages, messages and emails Ungsam serves (the rest are switched off: sign-up,
# email addresses, phone, login by code, passkey login, social account management).
SERVED = [
    "account/account_inactive.html",
    "account/base_reauthenticate.html",
    "account/logout.html",
    "account/password_change.html",
    "account/password_reset.html",
    "account/password_reset_done.html",
    "account/password_reset_from_key.html",
    "account/password_reset_from_key_done.html",
    "account/reauthenticate.html",
    "account/snippets/already_logged_in.html",
    "account/messages/logged_in.txt",
    "account/messages/logged_out.txt",
    "account/messages/password_changed.txt",
    "account/email/password_reset_key_subject.txt",
    "mfa/authenticate.html",
    "mfa/index.html",
    "mfa/reauthenticate.html",
    "mfa/recovery_codes/generate.html",
    "mfa/recovery_codes/index.html",
    "mfa/totp/deactivate_form.html",
    "mfa/trust.html",
    "mfa/webauthn/add_form.html",
    "mfa/webauthn/authenticator_confirm_delete.html",
    "mfa/webauthn/authenticator_list.html",
    "mfa/webauthn/edit_form.html",
    "mfa/messages/recovery_codes_generated.txt",
    "mfa/messages/totp_activated.txt",
    "mfa/messages/totp_deactivated.txt",
    "mfa/messages/webauthn_added.txt",
    "mfa/messages/webauthn_removed.txt",
    "usersessions/usersession_list.html",
    "usersessions/messages/sessions_logged_out.txt",
]
# Words that are not Ungsam's: the polite filler, the other name for two-factor login, the
# spelling without a hyphen.
FOREIGN_WORDING = re.compile(r"vennligst|tofaktorautentisering|innlogging i to trinn|\bepost", re.I)
GETTEXT_CALL = re.compile(r"\b(n?gettext)\(((?:u?'(?:[^'\\]|\\.)*'|[^')])*)\)")


def our_catalog() -> dict:
    mo = Path(settings.LOCALE_PATHS[0]) / "nb" / "LC_MESSAGES" / "django.mo"
    with mo.open("rb") as f:
        return gettext.GNUTranslations(f)._catalog


def template_msgids(name: str) -> list[str]:
    """The msgids of a template, found as makemessages finds them."""
    path = ALLAUTH_TEMPLATES / name
    assert path.exists(), f"allauth has no {name} any more: update SERVED"
    msgids = []
    for call in GETTEXT_CALL.finditer(templatize(path.read_text(), origin=str(path))):
        first = re.match(r"u?'((?:[^'\\]|\\.)*)'", call.group(2))
        msgids.append(first.group(1).encode("latin-1", "backslashreplace").decode("unicode_escape"))
    return msgids


def in_catalog(catalog: dict, msgid: str) -> bool:
    return msgid in catalog or (msgid, 0) in catalog


@pytest.mark.parametrize("name", SERVED)
def test_it_words_every_message_of_the_allauth_pages_itself(name):
    catalog = our_catalog()
    msgids = template_msgids(name)
    assert msgids, f"found no messages in {name}"
    missing = [m for m in msgids if not in_catalog(catalog, m)]
    assert not missing, f"{name}: not in locale/nb (allauth's wording shows): {missing}"


def test_it_keeps_the_library_messages_it_words():
    catalog = our_catalog()
    assert [m for m in library_messages.MESSAGES if not in_catalog(catalog, m)] == []


def test_it_uses_the_house_wording_throughout_its_catalog():
    foreign = [
        f"{msgid!r}: {text!r}"
        for msgid, text in our_catalog().items()
        if msgid and FOREIGN_WORDING.search(text)
    ]
    assert not foreign, "\n".join(foreign)


def failing_password(validator) -> str:
    return {
        "UserAttributeSimilarityValidator": "lise.losvik",
        "MinimumLengthValidator": "kort",
        "CommonPasswordValidator": "password123",
        "NumericPasswordValidator": "20262027202820",
    }[type(validator).__name__]


@pytest.mark.parametrize(
    "validator", get_default_password_validators(), ids=lambda v: type(v).__name__
)
def test_each_password_rule_speaks_bokmal(validator, django_user_model):
    user = django_user_model(username="lise.losvik", first_name="Lise", last_name="Losvik")

    def said(language: str) -> list[str]:
        with translation.override(language):
            try:
                validator.validate(failing_password(validator), user)
            except ValidationError as error:
                return [*error.messages, str(validator.get_help_text())]
        pytest.fail(f"{type(validator).__name__} accepted {failing_password(validator)!r}")

    english, bokmal = said("en"), said("nb")
    assert not set(english) & set(bokmal), f"English in Bokmål: {set(english) & set(bokmal)}"


def test_the_password_change_page_answers_in_bokmal(personas, login):
    client = login(personas.los_a)
    page = client.get("/konto/password/change/").content.decode()
    assert "Endre passord" in page and "Endre Passord" not in page
    response = client.post(
        "/konto/password/change/",
        {"oldpassword": "feil", "password1": "kort", "password2": "kort"},
    )
    page = response.content.decode()
    assert "Skriv inn passordet du har nå." in page or "Feil passord." in page
    assert "Passordet er for kort. Det må ha minst 12 tegn." in page
    assert "This password" not in page and "Vennligst" not in page
