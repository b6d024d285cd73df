"""Without the field key no national identity number can be stored or shown, so production
neither serves without it nor passes `check --deploy`, and the check says when the key is only
the development file."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.checks import Error, Warning, run_checks

from ungsam.web.checks import field_key_is_set

ROOT = Path(__file__).resolve().parents[2]


def serve(tmp_path, server: str, **extra_env: str) -> subprocess.CompletedProcess:
    """`import ungsam.wsgi` (or asgi) in a fresh Python with production settings, whose
    development field key file lives in tmp_path (so the project folder's own does not count)."""
    (tmp_path / "fieldkey_settings.py").write_text(
        "from ungsam.settings import *  # noqa\n"
        f"FIELD_DEV_KEY_FILE = {str(tmp_path / '.dev-field-key')!r}\n"
        f"AUDIT_DEV_KEY_FILE = {str(tmp_path / '.dev-audit-key')!r}\n"
    )
    env = {
        "PATH": os.environ.get("PATH", ""),
        "PYTHONPATH": f"{tmp_path}:{ROOT}",
        "DJANGO_SETTINGS_MODULE": "fieldkey_settings",
        "DJANGO_SECRET_KEY": "s" * 60,
        "DJANGO_DEBUG": "false",
        "DATABASE_URL": "sqlite:///" + str(tmp_path / "db.sqlite3"),
        "UNGSAM_AUDIT_KEY": "a" * 48,
        **extra_env,
    }
    return subprocess.run(
        [sys.executable, "-c", f"import {server}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize("server", ["ungsam.wsgi", "ungsam.asgi"])
def test_it_refuses_to_serve_without_a_field_key_when_debug_is_off(tmp_path, server):
    result = serve(tmp_path, server)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "No field key" in result.stderr and "UNGSAM_FIELD_KEY" in result.stderr
    assert not (tmp_path / ".dev-field-key").exists()


def test_it_refuses_to_serve_with_a_short_field_key(tmp_path):
    result = serve(tmp_path, "ungsam.wsgi", UNGSAM_FIELD_KEY="f" * 20)
    assert result.returncode != 0
    assert "field key is 20 characters" in result.stderr


def test_it_serves_with_the_field_key_from_a_file(tmp_path):
    key_file = tmp_path / "field-key"
    key_file.write_text("f" * 48 + "\n")
    result = serve(tmp_path, "ungsam.wsgi", UNGSAM_FIELD_KEY_FILE=str(key_file))
    assert result.returncode == 0, result.stderr


def deploy_ids() -> set[str]:
    return {message.id for message in run_checks(include_deployment_checks=True)}


def test_the_deploy_check_passes_with_a_configured_key(settings):
    settings.FIELD_KEY = "configured-field-key-" + "c" * 32
    assert field_key_is_set(None) == []
    assert not {"ungsam.W004", "ungsam.E004"} & deploy_ids()


def test_the_deploy_check_warns_about_a_development_key(settings, tmp_path):
    settings.FIELD_KEY = None
    settings.FIELD_DEV_KEY_FILE = tmp_path / ".dev-field-key"
    (tmp_path / ".dev-field-key").write_text("d" * 48)
    [message] = field_key_is_set(None)
    assert isinstance(message, Warning) and message.id == "ungsam.W004"
    assert ".dev-field-key" in message.msg and "UNGSAM_FIELD_KEY" in message.msg
    assert "ungsam.W004" in deploy_ids()


def test_the_deploy_check_fails_without_a_key(settings, tmp_path):
    settings.FIELD_KEY = None
    settings.FIELD_DEV_KEY_FILE = tmp_path / ".dev-field-key"
    [message] = field_key_is_set(None)
    assert isinstance(message, Error) and message.id == "ungsam.E004"
    assert "UNGSAM_FIELD_KEY" in message.msg
    assert "ungsam.E004" in deploy_ids()
    # The check only looks: it never makes the development file.
    assert not (tmp_path / ".dev-field-key").exists()


def test_the_field_key_check_ids_are_its_own():
    sources = [path.read_text() for path in (ROOT / "ungsam").rglob("*.py")]
    for check_id in ("ungsam.W004", "ungsam.E004"):
        assert sum(source.count(f'"{check_id}"') for source in sources) == 1
