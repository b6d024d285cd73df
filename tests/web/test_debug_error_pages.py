"""With DEBUG on (`make run`), a missing page or a refusal shows Ungsam's own Norwegian page,
not Django's English technical page; crashes keep the technical page (DEBUG's help)."""

import pytest
from django.core.exceptions import MiddlewareNotUsed, PermissionDenied
from django.core.handlers.exception import response_for_exception
from django.http import Http404, HttpResponse
from django.test import Client, RequestFactory

from ungsam.web.debug_errors import DebugErrorPagesMiddleware


@pytest.fixture
def debug(settings):
    settings.DEBUG = True
    return settings


def assert_our_404(response):
    page = response.content.decode()
    assert response.status_code == 404
    assert '<html lang="nb"' in page and "Fant ikke siden" in page, page[:300]
    assert "technical" not in page and "Using the URLconf" not in page


def test_it_shows_our_404_for_a_path_no_pattern_matches(debug, db):
    assert_our_404(Client().get("/finnes-ikke/"))


def test_it_shows_our_404_when_a_view_raises_http404(debug, personas, login):
    client = login(personas.los_a)
    assert_our_404(client.get(f"/ungdom/{personas.youth_b.pk}/"))


def test_it_still_adds_the_slash(debug, personas, login):
    response = login(personas.los_a).get("/ungdom")
    assert response.status_code == 301 and response["Location"] == "/ungdom/"


def test_it_shows_our_403_and_keeps_the_technical_page_for_crashes(debug, db):
    request = RequestFactory().get("/noe/")
    request.user = type("Anonymous", (), {"is_authenticated": False})()
    request.LANGUAGE_CODE = "nb"
    middleware = DebugErrorPagesMiddleware(lambda r: HttpResponse())
    # A refusal reaches Django's own handling, which renders handler403 also with DEBUG on.
    assert middleware.process_exception(request, PermissionDenied()) is None
    response = response_for_exception(request, PermissionDenied())
    assert response.status_code == 403
    assert "Ikke tillatt" in response.content.decode()
    assert middleware.process_exception(request, ValueError("boom")) is None
    assert middleware.process_exception(request, Http404()).status_code == 404


def test_it_is_not_loaded_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(MiddlewareNotUsed):
        DebugErrorPagesMiddleware(lambda r: HttpResponse())
