"""The browser's icon: every page names it, and /favicon.ico (asked for where a page names none,
such as a PDF) leads to it, so no page logs a 404 for it (tests/e2e's Recorder fails on one)."""

from django.contrib.staticfiles import finders

ICON = "ungsam/favicon.svg"


def test_it_sends_favicon_ico_to_the_icon(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"] == f"/static/{ICON}"


def test_it_ships_the_icon_as_a_static_file():
    path = finders.find(ICON)
    assert path, f"{ICON} is not a static file"
    with open(path, encoding="utf-8") as icon:
        assert icon.read().startswith("<svg")


def test_it_names_the_icon_on_every_page(client, db):
    page = client.get("/konto/login/").content.decode()
    assert f'<link rel="icon" href="/static/{ICON}" type="image/svg+xml">' in page
