"""Translations: both catalogs are complete, the committed .mo files match the .po files, and the
UI speaks Norwegian Bokmål by default and English when the user chooses it.

After changing user-facing text, run `make messages` and fill in the new nb (and en) entries."""

import struct
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

from tests.conftest import require_tool

LANGUAGES = ["nb", "en"]


def po_path(language: str) -> Path:
    return Path(settings.LOCALE_PATHS[0]) / language / "LC_MESSAGES" / "django.po"


def msgfmt(*args: str) -> subprocess.CompletedProcess:
    require_tool("msgfmt", "gettext's msgfmt checks and compiles the translation catalogs")
    return subprocess.run(  # noqa: S603
        ["msgfmt", *args],  # noqa: S607
        capture_output=True,
        text=True,
        check=False,
    )


def mo_messages(data: bytes) -> dict[bytes, bytes]:
    """The (msgid → msgstr) pairs of a GNU .mo file, read with the standard library only.

    Comparing the messages rather than the bytes keeps the check independent of which gettext
    version wrote the file (the versions differ in hash table layout, not in content)."""
    magic = struct.unpack("<I", data[:4])[0]
    order = "<" if magic == 0x950412DE else ">"
    _revision, count, ids_at, strs_at = struct.unpack(order + "4I", data[4:20])
    messages = {}
    for i in range(count):
        id_len, id_off = struct.unpack(order + "2I", data[ids_at + 8 * i : ids_at + 8 * i + 8])
        str_len, str_off = struct.unpack(order + "2I", data[strs_at + 8 * i : strs_at + 8 * i + 8])
        messages[data[id_off : id_off + id_len]] = data[str_off : str_off + str_len]
    return messages


@pytest.mark.parametrize("language", LANGUAGES)
def test_it_has_every_message_translated(language):
    po = po_path(language)
    assert po.exists(), f"{po} is missing: run `make messages`"
    result = msgfmt("--check-format", "--statistics", "-o", "/dev/null", str(po))
    assert result.returncode == 0, result.stderr
    assert "translated message" in result.stderr, result.stderr
    assert "untranslated" not in result.stderr, f"{po}: {result.stderr}"
    assert "fuzzy" not in result.stderr, f"{po}: {result.stderr}"
    # msgfmt does not count the header; a fuzzy header is still a half-done catalog.
    assert "#, fuzzy" not in po.read_text(encoding="utf-8")


@pytest.mark.parametrize("language", LANGUAGES)
def test_it_has_the_compiled_catalog_up_to_date(language, tmp_path):
    po = po_path(language)
    committed = po.with_suffix(".mo")
    assert committed.exists(), f"{committed} is missing: run `make messages`"
    fresh = tmp_path / "django.mo"
    result = msgfmt("--check-format", "-o", str(fresh), str(po))
    assert result.returncode == 0, result.stderr
    stale = mo_messages(committed.read_bytes()) != mo_messages(fresh.read_bytes())
    assert not stale, f"{committed} does not match {po.name}: run `make messages`"


def test_it_shows_the_login_page_in_norwegian_by_default(client, db):
    page = client.get("/konto/login/").content.decode()
    assert 'lang="nb"' in page
    assert "Logg inn" in page
    assert "Log in" not in page


def test_it_shows_the_login_page_in_english_after_the_user_chooses_english(client, db):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/konto/login/"})
    assert response.status_code == 302
    page = client.get("/konto/login/").content.decode()
    assert 'lang="en"' in page
    assert "Log in" in page
    assert "Logg inn" not in page


def test_it_stays_norwegian_whatever_the_browser_asks_for(client, db):
    response = client.get("/konto/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert 'lang="nb"' in response.content.decode()
    assert response["Content-Language"] == "nb"
