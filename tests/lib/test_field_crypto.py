"""Personal-data fields are encrypted at rest under a key kept outside the database, and found
by an exact-match hash: a token opens only under its own key and purpose, and a changed token
is refused, never read as something else."""

import base64
import os
import re
import stat

import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.core.exceptions import ImproperlyConfigured
from hypothesis import given
from hypothesis import strategies as st

from ungsam.lib import field_crypto, keyfile
from ungsam.lib.field_crypto import FieldDecryptionError, decrypt, encrypt, search_hash

NATIONAL_ID = "people.youth.national_id"
OTHER = "people.contact.phone"
SAMI = "Áilu Čđŋšŧž čđŋšŧž"


def body(token: str) -> bytes:
    return base64.urlsafe_b64decode(token.split(":", 1)[1])


def token_of(raw: bytes) -> str:
    return "v1:" + base64.urlsafe_b64encode(raw).decode("ascii")


@pytest.fixture
def no_key(settings, tmp_path):
    """No configured key, and a development file that does not exist yet (in tmp_path, so the
    project folder's own file does not count)."""
    settings.FIELD_KEY = None
    settings.FIELD_DEV_KEY_FILE = tmp_path / ".dev-field-key"
    return tmp_path / ".dev-field-key"


@pytest.mark.parametrize("text", ["12345678901", SAMI, "", "a:b v1:c"])
def test_it_round_trips_text(text):
    token = encrypt(text, purpose=NATIONAL_ID)
    assert decrypt(token, purpose=NATIONAL_ID) == text


def test_the_token_is_versioned_ascii_and_hides_the_value():
    token = encrypt("12345678901", purpose=NATIONAL_ID)
    assert re.fullmatch(r"v1:[A-Za-z0-9_-]+=*", token)
    assert "12345678901" not in token
    assert len(body(token)) == 12 + len("12345678901") + 16  # nonce, ciphertext, tag


def test_two_encryptions_of_one_value_differ_but_hash_alike():
    first, second = (encrypt(SAMI, purpose=NATIONAL_ID) for _ in range(2))
    assert first != second
    assert body(first)[:12] != body(second)[:12]  # a new nonce each time
    assert search_hash(SAMI, purpose=NATIONAL_ID) == search_hash(SAMI, purpose=NATIONAL_ID)


def test_the_search_hash_is_a_keyed_hex_digest_per_purpose(settings):
    value = "12345678901"
    digest = search_hash(value, purpose=NATIONAL_ID)
    assert re.fullmatch(r"[0-9a-f]{64}", digest)
    assert search_hash("12345678902", purpose=NATIONAL_ID) != digest
    assert search_hash(value, purpose=OTHER) != digest
    settings.FIELD_KEY = "another-field-key-" + "k" * 32
    assert search_hash(value, purpose=NATIONAL_ID) != digest


def test_the_search_hash_key_is_not_the_encryption_key():
    assert field_crypto._hash_key(NATIONAL_ID) != field_crypto._encryption_key(NATIONAL_ID)
    assert field_crypto._encryption_key(NATIONAL_ID) != field_crypto._encryption_key(OTHER)


def test_a_token_for_one_purpose_does_not_open_for_another():
    token = encrypt("12345678901", purpose=NATIONAL_ID)
    with pytest.raises(FieldDecryptionError):
        decrypt(token, purpose=OTHER)


def test_the_associated_data_is_checked_not_only_the_purposes_key():
    # Sealed under the right key but without the purpose and version bound in: refused.
    nonce = os.urandom(12)
    key = field_crypto._encryption_key(NATIONAL_ID)
    forged = token_of(nonce + AESGCM(key).encrypt(nonce, b"12345678901", None))
    with pytest.raises(FieldDecryptionError):
        decrypt(forged, purpose=NATIONAL_ID)


@pytest.mark.parametrize(
    "position", [0, 11, 12, -17, -1], ids=["nonce", "nonce-end", "text", "text-end", "tag"]
)
def test_a_flipped_byte_is_refused(position):
    raw = bytearray(body(encrypt("12345678901", purpose=NATIONAL_ID)))
    raw[position] ^= 0x01
    with pytest.raises(FieldDecryptionError):
        decrypt(token_of(bytes(raw)), purpose=NATIONAL_ID)


def test_a_token_made_under_another_key_is_refused(settings):
    settings.FIELD_KEY = "the-old-field-key-" + "o" * 32
    token = encrypt("12345678901", purpose=NATIONAL_ID)
    assert decrypt(token, purpose=NATIONAL_ID) == "12345678901"
    settings.FIELD_KEY = "the-new-field-key-" + "n" * 32
    with pytest.raises(FieldDecryptionError):
        decrypt(token, purpose=NATIONAL_ID)


@pytest.mark.parametrize(
    "token",
    ["", "12345678901", "v1:", "v1:!!!!", "v1:AAAA", "v2:" + "A" * 40, "v1:" + "A" * 39, "v1:æøå"],
)
def test_something_that_is_no_token_is_refused(token):
    with pytest.raises(FieldDecryptionError):
        decrypt(token, purpose=NATIONAL_ID)


def test_a_token_with_standard_base64_letters_is_refused():
    token = encrypt("12345678901", purpose=NATIONAL_ID)
    assert decrypt(token, purpose=NATIONAL_ID)
    with pytest.raises(FieldDecryptionError):
        decrypt(token.replace("-", "+").replace("_", "/") + "+", purpose=NATIONAL_ID)


@pytest.mark.parametrize("purpose", ["", "people youth", "people/youth", "æ"])
def test_a_purpose_is_a_plain_name(purpose):
    with pytest.raises(ValueError, match="purpose"):
        encrypt("x", purpose=purpose)


def test_it_refuses_without_a_key_when_debug_is_off(settings, no_key):
    settings.DEBUG = False
    for attempt in (
        field_crypto.require_field_key,
        lambda: encrypt("x", purpose=NATIONAL_ID),
        lambda: search_hash("x", purpose=NATIONAL_ID),
        lambda: decrypt("v1:AAAA", purpose=NATIONAL_ID),
    ):
        with pytest.raises(ImproperlyConfigured, match="No field key") as refused:
            attempt()
        assert "UNGSAM_FIELD_KEY" in str(refused.value)
        assert "UNGSAM_FIELD_KEY_FILE" in str(refused.value)
    assert field_crypto.field_key_source() == "missing"
    assert not no_key.exists()


def test_it_makes_a_private_development_key_when_debug_is_on_and_reuses_it(settings, no_key):
    settings.DEBUG = True
    token = encrypt(SAMI, purpose=NATIONAL_ID)
    assert no_key.exists()
    assert stat.S_IMODE(no_key.stat().st_mode) == 0o600
    made = no_key.read_text()
    assert len(made.strip()) >= field_crypto.MIN_KEY_LENGTH
    assert field_crypto.field_key_source() == "development file"
    # Read again from the file (not the cache), and with DEBUG off: the same key.
    keyfile.load_key.cache_clear()
    settings.DEBUG = False
    assert decrypt(token, purpose=NATIONAL_ID) == SAMI
    assert no_key.read_text() == made


def test_the_development_key_is_not_the_audit_keys(settings, no_key, tmp_path):
    settings.DEBUG = True
    settings.AUDIT_KEY = None
    settings.AUDIT_DEV_KEY_FILE = tmp_path / ".dev-audit-key"
    from ungsam.access import keys

    assert field_crypto.field_key() != keys.audit_key()
    assert (tmp_path / ".dev-audit-key").exists()


def test_it_takes_the_configured_key_first(settings, no_key):
    settings.DEBUG = True
    settings.FIELD_KEY = "configured-field-key-" + "c" * 32
    assert field_crypto.field_key() == settings.FIELD_KEY.encode()
    assert field_crypto.field_key_source() == "environment"
    assert not no_key.exists()


def test_it_refuses_a_short_key(settings):
    settings.FIELD_KEY = "x" * 31
    with pytest.raises(ImproperlyConfigured, match="field key is 31 characters.*at least 32"):
        encrypt("x", purpose=NATIONAL_ID)
    settings.FIELD_KEY = "x" * 32
    assert decrypt(encrypt("x", purpose=NATIONAL_ID), purpose=NATIONAL_ID) == "x"


def test_it_refuses_a_short_development_key(settings, no_key):
    no_key.write_text("short\n")
    with pytest.raises(ImproperlyConfigured, match="field key is 5 characters"):
        field_crypto.require_field_key()


def test_it_reads_a_development_key_another_process_just_made(settings, no_key, monkeypatch):
    # Two workers start at once with DEBUG on: the one that loses the O_EXCL race uses the
    # winner's key instead of failing or writing its own.
    settings.DEBUG = True
    real_open = os.open

    def lose_the_race(path, flags, mode=0o777):
        with open(real_open(path, os.O_WRONLY | os.O_CREAT, 0o600), "w") as handle:
            handle.write("the-other-workers-key-" + "w" * 32 + "\n")
        raise FileExistsError(path)

    monkeypatch.setattr(keyfile.os, "open", lose_the_race)
    assert keyfile.read_dev_key(no_key) == "the-other-workers-key-" + "w" * 32


def test_a_cache_of_one_key_does_not_answer_for_another_development_file(settings, tmp_path):
    settings.DEBUG = True
    settings.FIELD_KEY = None
    settings.FIELD_DEV_KEY_FILE = tmp_path / "first"
    first = field_crypto.field_key()
    settings.FIELD_DEV_KEY_FILE = tmp_path / "second"
    assert field_crypto.field_key() != first


@given(st.text())
def test_any_text_round_trips(text):
    assert decrypt(encrypt(text, purpose=NATIONAL_ID), purpose=NATIONAL_ID) == text


@given(st.text(), st.text())
def test_the_search_hash_is_equal_exactly_when_the_text_is(first, second):
    hashes_equal = search_hash(first, purpose=NATIONAL_ID) == search_hash(
        second, purpose=NATIONAL_ID
    )
    assert hashes_equal == (first == second)
