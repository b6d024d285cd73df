"""Norwegian national identity numbers (11 digits) for the youth register: fødselsnummer,
D-numbers, H-numbers and Skatteetaten's synthetic test numbers.

Why our own rather than python-stdnum: from 1 January 2032 Skatteetaten lets the first control
digit come from a weighted remainder of 0, 1, 2 or 3 (the classic rule allows only 0), and the new
rule applies to every number issued from then on, people born earlier included. A youth given a
new number in 2032 may well have been born in 2015, so whether a number is accepted must never
depend on the date in it. python-stdnum knows only the classic rule, and it does not know the
synthetic test numbers (month + 80) that the test environments hand out.

The register keeps the birth date as a field of its own, and that is the source of the century:
the number is only checked against it (matches_birth_date). Nothing here derives a century, an
age or a sex from the number: the register's birth date is the authority for the first two, and
the numbers issued under the new rule are not meant to tell the third.

Error messages never contain the number: it is personal data and must not reach the logs.
"""

import datetime
import re
from dataclasses import dataclass, field

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

_W1 = (3, 7, 6, 1, 8, 9, 4, 5, 2)
_W2 = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)
# Remainders of (weighted d1..d9 + K1) mod 11 that a valid K1 may leave: 0 is the classic rule,
# 1–3 were added for numbers issued from 2032. Which one matched says nothing about the person.
_K1_REMAINDERS = frozenset({0, 1, 2, 3})
# [0-9] rather than \d, which would let Arabic-Indic and other Unicode digits through to int().
_ELEVEN_DIGITS = re.compile(r"[0-9]{11}")
# What people type between the groups: "010203 12345", "010203-12345", "01.02.03 12345".
_SEPARATORS = str.maketrans("", "", " .-")

_D_OFFSET = 40  # on the day
_H_OFFSET = 40  # on the month
_SYNTHETIC_OFFSET = 80  # on the month


class NationalIdKind(models.TextChoices):
    FNR = "fnr", _("national identity number")
    D_NUMBER = "d_number", _("D number")
    H_NUMBER = "h_number", _("H number")


class NationalIdError(ValueError):
    """A refused number. `message` is for the user (lazy, translated when shown); `code` is one
    of "format", "date", "control", "synthetic", for forms and tests to tell the cases apart."""

    def __init__(self, message: Promise | str, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


@dataclass(frozen=True, slots=True)
class ParsedId:
    # Kept out of repr so that a logged or printed result does not carry the whole number.
    value: str = field(repr=False)
    kind: NationalIdKind
    synthetic: bool
    day: int
    month: int
    yy: int


def normalize(value: str) -> str:
    """The number without the separators a person might type; anything else is left for
    validate to refuse, rather than guessing what was meant."""
    return value.translate(_SEPARATORS)


def validate(value: str, *, allow_synthetic: bool) -> ParsedId:
    number = normalize(value)
    if not _ELEVEN_DIGITS.fullmatch(number):
        raise NationalIdError(_("A national identity number has 11 digits."), "format")
    digits = [int(c) for c in number]
    # Control digits first: a typing error is the likeliest fault and the most useful to name.
    k1_remainder = (sum(w * d for w, d in zip(_W1, digits[:9], strict=True)) + digits[9]) % 11
    k2_remainder = (sum(w * d for w, d in zip(_W2, digits[:10], strict=True)) + digits[10]) % 11
    if k1_remainder not in _K1_REMAINDERS or k2_remainder != 0:
        raise NationalIdError(
            _("The number has a wrong control digit. Check that it is typed correctly."),
            "control",
        )

    day, month, yy = int(number[0:2]), int(number[2:4]), int(number[4:6])
    kind = NationalIdKind.FNR
    synthetic = False
    # Offsets beyond the ranges (day 72+, month 53–80 or 93+) fall out as impossible dates below.
    if day > _D_OFFSET:
        day -= _D_OFFSET
        kind = NationalIdKind.D_NUMBER
    if month > _SYNTHETIC_OFFSET:
        month -= _SYNTHETIC_OFFSET
        synthetic = True
    elif month > _H_OFFSET:
        if kind == NationalIdKind.D_NUMBER:
            raise NationalIdError(_("The date in the number is not a real date."), "date")
        month -= _H_OFFSET
        kind = NationalIdKind.H_NUMBER
    if not _is_date_in_some_century(day, month, yy):
        raise NationalIdError(_("The date in the number is not a real date."), "date")

    if synthetic and not allow_synthetic:
        raise NationalIdError(_("Synthetic test numbers are not accepted here."), "synthetic")
    return ParsedId(value=number, kind=kind, synthetic=synthetic, day=day, month=month, yy=yy)


def _is_date_in_some_century(day: int, month: int, yy: int) -> bool:
    # The number does not say its century, so only ask whether the date exists in one of them:
    # 29 February is real for yy=00 (2000 was a leap year) and not for yy=01.
    for year in (1900 + yy, 2000 + yy):
        try:
            datetime.date(year, month, day)
        except ValueError:
            continue
        return True
    return False


def mask(value: str) -> str:
    """For showing or logging: the date part, which the register shows anyway, and no more."""
    number = normalize(value)
    if _ELEVEN_DIGITS.fullmatch(number):
        return number[:6] + "*****"
    # Something that is not a number may still be a mistyped one: hide all of it.
    return "*" * len(value)


def matches_birth_date(parsed: ParsedId, birth_date: datetime.date) -> bool:
    """Whether the number fits the register's birth date. The date decides the century; the
    two-digit year in the number is compared as written."""
    return (parsed.day, parsed.month, parsed.yy) == (
        birth_date.day,
        birth_date.month,
        birth_date.year % 100,
    )
