"""Personal-data fields encrypted at rest, with a key kept outside the database, and found by
exact match through a keyed hash. The first user is the youth's national identity number.

The field key is read from UNGSAM_FIELD_KEY, else the file named by UNGSAM_FIELD_KEY_FILE, else
the file `.dev-field-key` in the project folder, which the app makes itself on a developer's
machine (DEBUG on). With DEBUG off and no key, everything here refuses with
`ImproperlyConfigured` (`ungsam.lib.keyfile` is the mechanism, shared with the audit key).

- `encrypt(text, purpose=...)` gives an ASCII token `v1:<base64url(nonce + ciphertext)>`:
  AES-256-GCM, a random 96-bit nonce per value, the purpose and version as associated data.
  The version lets a later key rotation add `v2` beside it.
- `decrypt(token, purpose=...)` gives the text back, or raises `FieldDecryptionError` for a
  token that was changed, made under another key, or made for another purpose (a ciphertext
  copied into another column): never garbage.
- `search_hash(text, purpose=...)` is an HMAC-SHA256 hex digest for an indexed column, so an
  exact value can be looked up without decrypting every row. It hashes exactly the text given:
  normalise first (e.g. remove spaces from a national identity number).

Each purpose ("people.youth.national_id") gets its own subkeys, one for encryption and one for
hashing, derived from the master key with HKDF-SHA256."""

import base64
import binascii
import functools
import hashlib
import hmac
import os
import re
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

from ungsam.lib import keyfile

MIN_KEY_LENGTH = keyfile.MIN_KEY_LENGTH
NO_KEY_MESSAGE = (
    "No field key. Set UNGSAM_FIELD_KEY (at least 32 random characters) or UNGSAM_FIELD_KEY_FILE "
    "to a file that holds it, kept outside the database and its backups, and backed up itself: "
    "without it the encrypted national identity numbers cannot be read (docs/operations.md). "
    "Refusing to store or show them without it."
)

VERSION = "v1"
NONCE_BYTES = 12  # 96 bits, the size GCM is made for
TAG_BYTES = 16
_PURPOSE = re.compile(r"[A-Za-z0-9_.-]+")
_BODY = re.compile(r"[A-Za-z0-9_-]+={0,2}")  # base64url, as encrypt writes it


class FieldDecryptionError(Exception):
    """A token that does not decrypt under this key and purpose: changed, foreign, or not a
    token at all. The message never holds the token or any plaintext."""


def dev_key_path() -> Path:
    return Path(settings.FIELD_DEV_KEY_FILE)


def field_key() -> bytes:
    """The master key, or ImproperlyConfigured. Cached per configured value (tests may change
    it)."""
    return keyfile.load_key(
        settings.FIELD_KEY, dev_key_path(), name="field key", missing_message=NO_KEY_MESSAGE
    )


def require_field_key() -> None:
    field_key()


def field_key_source() -> str:
    """Where the key comes from, for `check --deploy`: "environment", "development file" or
    "missing"."""
    return keyfile.key_source(settings.FIELD_KEY, dev_key_path())


def _check_purpose(purpose: str) -> bytes:
    if not isinstance(purpose, str) or not _PURPOSE.fullmatch(purpose):
        raise ValueError(f"A purpose is letters, digits, '.', '_' and '-', not {purpose!r}.")
    return purpose.encode("ascii")


@functools.cache
def _subkey(master: bytes, use: bytes, purpose: bytes) -> bytes:
    # A key per use and purpose: a ciphertext for one column does not open under another's
    # key, and a search hash reveals nothing about the encryption key or another column.
    info = b"ungsam-field/" + VERSION.encode("ascii") + b"/" + use + b"/" + purpose
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(master)


def _encryption_key(purpose: str) -> bytes:
    return _subkey(field_key(), b"encrypt", _check_purpose(purpose))


def _hash_key(purpose: str) -> bytes:
    return _subkey(field_key(), b"search-hash", _check_purpose(purpose))


def _associated_data(purpose: str) -> bytes:
    # Bound into the tag as well as into the key: a token opens only for its own version and
    # purpose, even if the key derivation were ever shared.
    return b"ungsam-field:" + VERSION.encode("ascii") + b":" + _check_purpose(purpose)


def encrypt(plaintext: str, *, purpose: str) -> str:
    """An ASCII token for `plaintext`; a new random nonce each time, so two tokens of one value
    differ (use `search_hash` to find equal values)."""
    if not isinstance(plaintext, str):
        raise TypeError(f"encrypt takes text, not {type(plaintext).__name__}.")
    key = _encryption_key(purpose)
    nonce = os.urandom(NONCE_BYTES)
    sealed = AESGCM(key).encrypt(nonce, plaintext.encode("utf-8"), _associated_data(purpose))
    return f"{VERSION}:{base64.urlsafe_b64encode(nonce + sealed).decode('ascii')}"


def decrypt(token: str, *, purpose: str) -> str:
    """The text `encrypt` was given for this purpose, or FieldDecryptionError."""
    key = _encryption_key(purpose)
    if not isinstance(token, str):
        raise FieldDecryptionError(f"Not a token: {type(token).__name__}.")
    version, separator, body = token.partition(":")
    if not separator or version != VERSION:
        raise FieldDecryptionError(f"Not a {VERSION} field token (purpose {purpose}).")
    try:
        if not _BODY.fullmatch(body):
            raise binascii.Error("not base64url")
        raw = base64.urlsafe_b64decode(body)
    except binascii.Error as error:
        raise FieldDecryptionError(f"A field token that is not base64 (purpose {purpose}).") from (
            error
        )
    if len(raw) < NONCE_BYTES + TAG_BYTES:
        raise FieldDecryptionError(f"A field token that is too short (purpose {purpose}).")
    nonce, sealed = raw[:NONCE_BYTES], raw[NONCE_BYTES:]
    try:
        plain = AESGCM(key).decrypt(nonce, sealed, _associated_data(purpose))
    except InvalidTag as error:
        raise FieldDecryptionError(
            f"A field token that was changed, or made under another key or for another purpose "
            f"than {purpose}."
        ) from error
    try:
        return plain.decode("utf-8")
    except UnicodeDecodeError as error:  # authentic but not ours: never return garbage
        raise FieldDecryptionError(f"A field token that holds no text (purpose {purpose}).") from (
            error
        )


def search_hash(value: str, *, purpose: str) -> str:
    """HMAC-SHA256 hex digest of exactly `value`, with the purpose's own hashing key: equal
    values give equal hashes, for an exact-match lookup in an indexed column."""
    if not isinstance(value, str):
        raise TypeError(f"search_hash takes text, not {type(value).__name__}.")
    return hmac.new(_hash_key(purpose), value.encode("utf-8"), hashlib.sha256).hexdigest()


# --- Files: bytes, not text -------------------------------------------------------------------

_BYTES_MAGIC = b"UNGSAM-F1\n"  # names the format (and its version) at the head of a stored file


def encrypt_bytes(data: bytes, *, purpose: str, context: bytes = b"") -> bytes:
    """`data` sealed as `encrypt` seals text (AES-256-GCM, the purpose's own key, a random
    nonce): the format's name, then the nonce, the ciphertext and its tag. `context` is bound
    into the tag (a file's storage name): a sealed file copied over another does not open."""
    if not isinstance(data, bytes | bytearray):
        raise TypeError(f"encrypt_bytes takes bytes, not {type(data).__name__}.")
    nonce = os.urandom(NONCE_BYTES)
    sealed = AESGCM(_encryption_key(purpose)).encrypt(
        nonce, bytes(data), _associated_data(purpose) + b":" + context
    )
    return _BYTES_MAGIC + nonce + sealed


def decrypt_bytes(blob: bytes, *, purpose: str, context: bytes = b"") -> bytes:
    """The bytes `encrypt_bytes` sealed for this purpose and context, or FieldDecryptionError."""
    key = _encryption_key(purpose)
    if not blob.startswith(_BYTES_MAGIC) or len(blob) < len(_BYTES_MAGIC) + NONCE_BYTES + TAG_BYTES:
        raise FieldDecryptionError(f"Not a sealed file (purpose {purpose}).")
    body = blob[len(_BYTES_MAGIC) :]
    try:
        return AESGCM(key).decrypt(
            body[:NONCE_BYTES], body[NONCE_BYTES:], _associated_data(purpose) + b":" + context
        )
    except InvalidTag as error:
        raise FieldDecryptionError(
            f"A sealed file that was changed, moved, or made under another key (purpose {purpose})."
        ) from error
