"""A signed-in user reaches her own account pages from her name in the header: change
password, two-factor login and sessions (issue 12, section 3)."""

import re

import pytest


@pytest.mark.parametrize("persona", ["los_a", "admin", "analyst"])
def test_it_offers_password_two_factor_and_sessions_from_her_name(personas, login, persona):
    user = getattr(personas, persona)
    client = login(user)
    body = client.get("/").content.decode()
    header = body.split("<header", 1)[1].split("</header>", 1)[0]
    menu = re.search(r'<div class="ds-dropdown" popover id="account-menu".*?</div>', header, re.S)
    assert menu, "no account menu in the header"
    assert f'popovertarget="account-menu">{user.get_full_name()}' in header
    links = dict(re.findall(r'href="([^"]+)">([^<]+)</a>', menu.group(0)))
    assert links == {
        "/konto/password/change/": "Endre passord",
        "/konto/2fa/": "Tofaktorinnlogging",
        "/konto/sessions/": "Økter",
    }
    for url in links:
        assert client.get(url).status_code == 200, url
    assert "<script>" not in header and "onclick" not in header


def test_it_shows_no_account_menu_to_anonymous_visitors(client, db):
    body = client.get("/konto/login/").content.decode()
    assert "account-menu" not in body
