"""A read-only page writes one thing: its audit row. Session activity and the sliding expiry
are written at most once a minute; the dashboard sends at most seven SQL statements."""

import importlib
import re

import pytest
from allauth.usersessions.models import UserSession
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ungsam.access.middleware import SessionActivityMiddleware

TRANSACTION = re.compile(r"^\s*(BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE)", re.I)
WRITE = re.compile(r"^\s*(WITH\b.*\bINSERT\b|INSERT|UPDATE|DELETE)", re.I | re.S)
AUDIT_TABLES = ("access_auditevent", "access_auditsubject")


def statements(ctx) -> list[str]:
    return [q["sql"] for q in ctx.captured_queries if not TRANSACTION.match(q["sql"])]


def dashboard(client):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/")
    assert response.status_code == 200
    return response, statements(ctx)


@pytest.fixture
def warm(personas, login):
    """Lise, logged in, after her first request (which refreshes the session once)."""
    client = login(personas.los_a)
    dashboard(client)
    return client


def test_it_writes_only_the_audit_row_on_a_read_only_page(warm):
    _, sql = dashboard(warm)
    writes = [s for s in sql if WRITE.match(s)]
    assert writes, "the dashboard shows youth, so it must write its audit row"
    assert all(any(t in s for t in AUDIT_TABLES) for s in writes), writes
    # PostgreSQL writes the row and the youth it names in one statement.
    assert len(writes) == (1 if connection.vendor == "postgresql" else 2), writes


def test_it_sends_at_most_seven_statements_for_a_case_workers_dashboard(warm, personas):
    from tests.test_query_counts import add_youth

    add_youth(personas, 12)  # Lise's list grows past what the card shows
    response, sql = dashboard(warm)
    assert len(response.context["my_youth"]) == 8 and response.context["my_youth_count"] == 13
    # Seven on PostgreSQL: the session (database sessions in tests; none with Redis), the user
    # with her roles, the card's youth with their grants and count, one statement of counts (how
    # many she may see, consents lapsing, handovers offered, her reports of concern whose
    # feedback is overdue), the audit append (the locked chain head, then the row with its youth
    # in one statement), and her open actions from the teams' meetings with the overdue meetings
    # she coordinates (issue 15 item 4). SQLite writes the row and its youth in two statements.
    budget = 7 if connection.vendor == "postgresql" else 8
    assert len(sql) <= budget, "\n".join(sql)


def test_it_refreshes_the_session_and_its_activity_once_a_minute(warm, personas):
    session = warm.session
    seen = UserSession.objects.get(session_key=session.session_key).last_seen_at
    # A minute later (the session's own clock moved back by 61 s):
    session[SessionActivityMiddleware.SESSION_KEY] -= 61
    session.save()
    with CaptureQueriesContext(connection) as ctx:
        warm.get("/")
    writes = [s for s in statements(ctx) if WRITE.match(s)]
    assert any("usersessions_usersession" in s for s in writes)
    assert UserSession.objects.get(session_key=session.session_key).last_seen_at > seen
    # ...and the next request within the minute writes neither again.
    _, sql = dashboard(warm)
    assert not any("usersession" in s or "django_session" in s for s in sql if WRITE.match(s))


def test_it_keeps_sessions_in_redis_when_redis_is_set(monkeypatch):
    import ungsam.settings as base

    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/9")
    reloaded = importlib.reload(base)
    try:
        assert reloaded.SESSION_ENGINE == "django.contrib.sessions.backends.cache"
        assert reloaded.CACHES["default"]["BACKEND"].endswith("RedisCache")
    finally:
        monkeypatch.delenv("REDIS_URL")
        importlib.reload(base)
    assert base.SESSION_ENGINE == "django.contrib.sessions.backends.db"
