"""Role names in settings (UNGSAM_MFA_REQUIRED_ROLES, UNGSAM_PROTECTED_ADDRESS_ROLES): a blank
value keeps the default and a misspelt role stops `manage.py check`, so neither can quietly
let a role in without a second factor."""

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from ungsam.env import env_words
from ungsam.web.checks import role_settings_name_roles


def test_a_blank_mfa_setting_keeps_every_role_behind_a_second_factor(monkeypatch):
    monkeypatch.setenv("UNGSAM_MFA_REQUIRED_ROLES", "  ")
    assert env_words("UNGSAM_MFA_REQUIRED_ROLES", ["caseworker", "admin"]) == [
        "caseworker",
        "admin",
    ]


def test_the_default_settings_name_only_roles():
    assert role_settings_name_roles(None) == []


@pytest.mark.parametrize("setting", ["MFA_REQUIRED_ROLES", "PROTECTED_ADDRESS_ROLES"])
def test_a_misspelt_role_stops_check(settings, setting):
    setattr(settings, setting, ["caseworker", "case_worker"])
    errors = role_settings_name_roles(None)
    assert [e.id for e in errors] == ["ungsam.E003"]
    assert "case_worker" in errors[0].msg
    with pytest.raises(SystemCheckError):
        call_command("check")
