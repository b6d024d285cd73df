"""What a security reviewer checks first: headers, CSP, and production settings."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PROD_ENV = {
    "PATH": os.environ.get("PATH", ""),
    "DJANGO_SETTINGS_MODULE": "ungsam.settings",
    "DJANGO_SECRET_KEY": "k" * 20 + "-production-like-secret-with-enough-entropy-9f8e7d6c5b4a",
    "DJANGO_DEBUG": "false",
    "DJANGO_ALLOWED_HOSTS": "ungsam.fiktivik.kommune.no",
    "UNGSAM_AUDIT_KEY": "a" * 20 + "-production-like-audit-key-kept-apart-from-the-db-1f2e3d",
    "UNGSAM_FIELD_KEY": "f" * 20 + "-production-like-field-key-kept-apart-from-the-db-7c6b5a",
}


def manage(*args, env):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_it_sends_the_security_headers(personas, login):
    response = login(personas.los_a).get("/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert "no-store" in response["Cache-Control"]


def test_it_has_no_inline_script_or_style_in_pages(personas, login):
    body = login(personas.leader_a).get("/").content.decode()
    assert "<script>" not in body and " style=" not in body
    assert "http://" not in body.replace("http://www.w3.org", "")
    assert "https://" not in body


def test_it_passes_the_deploy_check_with_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PROD_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_it_refuses_to_start_with_demo_mfa_skipping_in_production():
    result = manage("check", env={**PROD_ENV, "UNGSAM_DEMO_SKIP_MFA": "true"})
    assert result.returncode != 0
    assert "UNGSAM_DEMO_SKIP_MFA" in result.stderr


@pytest.mark.parametrize("server", ["ungsam.wsgi", "ungsam.asgi"])
def test_it_refuses_to_start_without_a_secret_key(server):
    env = {k: v for k, v in PROD_ENV.items() if k != "DJANGO_SECRET_KEY"}
    result = manage("check", "--deploy", env=env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr
    served = subprocess.run(
        [sys.executable, "-c", f"import {server}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert served.returncode != 0
    assert "DJANGO_SECRET_KEY" in served.stderr


@pytest.mark.parametrize("value", ["maybe", "2"])
def test_it_refuses_a_bad_boolean_setting(value):
    result = manage("check", env={**PROD_ENV, "DJANGO_DEBUG": value})
    assert result.returncode != 0
    assert "DJANGO_DEBUG" in result.stderr


def test_it_shows_no_error_details_to_users(client, db, settings):
    settings.DEBUG = False
    response = client.get("/finnes-ikke/")
    assert response.status_code == 404
    assert "Traceback" not in response.content.decode()
