"""The audit key comes from outside the database: the environment, a file, or on a developer's
machine a file the app makes itself. Without it the server and every command that writes or
verifies the log refuse, with a message that says what to set."""

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from ungsam.access import keys

ROOT = Path(__file__).resolve().parents[2]


def run(tmp_path, code_or_args, *, debug: bool, key: str | None = None):
    """A fresh Python with production-like settings whose development key file lives in
    tmp_path (so the project folder's own file does not count)."""
    (tmp_path / "keytest_settings.py").write_text(
        "from ungsam.settings import *  # noqa\n"
        f"AUDIT_DEV_KEY_FILE = {str(tmp_path / '.dev-audit-key')!r}\n"
        f"AUDIT_CHECKPOINTS = {str(tmp_path / 'checkpoints.jsonl')!r}\n"
        f"DATABASES['default']['NAME'] = {str(tmp_path / 'db.sqlite3')!r}\n"
    )
    env = {
        "PATH": os.environ.get("PATH", ""),
        "PYTHONPATH": f"{tmp_path}:{ROOT}",
        "DJANGO_SETTINGS_MODULE": "keytest_settings",
        "DJANGO_SECRET_KEY": "s" * 60,
        "DJANGO_DEBUG": "true" if debug else "false",
        "DATABASE_URL": "sqlite:///" + str(tmp_path / "db.sqlite3"),
    }
    if key is not None:
        env["UNGSAM_AUDIT_KEY"] = key
    if isinstance(code_or_args, str):
        argv = [sys.executable, "-c", code_or_args]
    else:
        argv = [sys.executable, "manage.py", *code_or_args]
    return subprocess.run(
        argv, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False
    )


@pytest.mark.parametrize("command", [["verify_audit"], ["audit_checkpoint"]])
def test_it_refuses_commands_without_a_key_when_debug_is_off(tmp_path, command):
    result = run(tmp_path, command, debug=False)
    assert result.returncode != 0
    assert "No audit key" in result.stderr and "UNGSAM_AUDIT_KEY" in result.stderr


@pytest.mark.parametrize("server", ["ungsam.wsgi", "ungsam.asgi"])
def test_it_refuses_to_serve_without_a_key_when_debug_is_off(tmp_path, server):
    result = run(tmp_path, f"import {server}", debug=False)
    assert result.returncode != 0
    assert "No audit key" in result.stderr


def test_it_makes_a_private_development_key_when_debug_is_on(tmp_path):
    assert run(tmp_path, ["migrate", "-v0"], debug=True).returncode == 0
    result = run(tmp_path, ["verify_audit"], debug=True)
    assert result.returncode == 0, result.stderr
    made = tmp_path / ".dev-audit-key"
    assert made.exists()
    assert stat.S_IMODE(made.stat().st_mode) == 0o600
    assert len(made.read_text().strip()) >= keys.MIN_KEY_LENGTH
    # Once made, the same key is used again.
    before = made.read_text()
    assert run(tmp_path, ["verify_audit"], debug=False).returncode == 0
    assert made.read_text() == before


def test_it_takes_the_key_from_the_environment_first(tmp_path):
    assert run(tmp_path, ["migrate", "-v0"], debug=True, key="e" * 40).returncode == 0
    result = run(tmp_path, ["verify_audit"], debug=True, key="e" * 40)
    assert result.returncode == 0, result.stderr
    assert not (tmp_path / ".dev-audit-key").exists()


def test_it_refuses_a_short_key(settings):
    settings.AUDIT_KEY = "too-short"
    with pytest.raises(ImproperlyConfigured, match="at least 32"):
        keys.audit_key()


def test_it_warns_the_deploy_check_about_a_development_key(tmp_path):
    (tmp_path / ".dev-audit-key").write_text("d" * 48)
    result = run(tmp_path, ["check", "--deploy"], debug=False)
    assert "ungsam.W002" in result.stdout + result.stderr
