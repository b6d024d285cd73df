"""Reading settings from the environment; a bad value stops start-up with a clear message."""

import os
import re
from datetime import date

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, not {raw!r}") from exc


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def split_words(raw: str) -> list[str]:
    """Space-separated words, as OpenID Connect writes acr_values; commas are accepted too."""
    return [word for word in re.split(r"[\s,]+", raw) if word]


def env_words(name: str, default: list[str]) -> list[str]:
    """A space- (or comma-) separated list; unset or blank gives the default, never nothing."""
    words = split_words(os.environ.get(name) or "")
    return words or default


def env_secret(name: str) -> str | None:
    """A secret from NAME, or from the file named by NAME_FILE (container secrets)."""
    path = os.environ.get(f"{name}_FILE")
    if path:
        with open(path, encoding="utf-8") as handle:
            return handle.read().strip()
    return os.environ.get(name) or None


def env_day_months(name: str, default: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Days of the year as "dd.mm" separated by commas ("15.11,01.02"), as (day, month) pairs
    in the order given; unset or blank gives the default. 29 February is refused: it is not a
    day of every year."""
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    days = []
    for item in raw.split(","):
        match = re.fullmatch(r"\s*(\d{1,2})\.(\d{1,2})\s*", item)
        if match is None:
            raise ImproperlyConfigured(
                f"{name} must be days as dd.mm, comma-separated, not {raw!r}"
            )
        day, month = int(match[1]), int(match[2])
        try:
            date(2023, month, day)  # a year without 29 February
        except ValueError as exc:
            raise ImproperlyConfigured(
                f"{name} names no day of every year: {item.strip()!r}"
            ) from exc
        days.append((day, month))
    return days


def env_int_set(name: str, default: set[int], allowed: range) -> set[int]:
    """Integers separated by commas ("4,5"), each within `allowed`; unset gives the default
    (blank: none)."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    values = set()
    for item in (part.strip() for part in raw.split(",")):
        if not item:
            continue
        if not item.isdigit() or int(item) not in allowed:
            raise ImproperlyConfigured(
                f"{name} must be numbers from {allowed.start} to {allowed.stop - 1}, not {raw!r}"
            )
        values.add(int(item))
    return values
