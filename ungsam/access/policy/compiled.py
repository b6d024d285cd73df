"""SQL compiled from the policy's querysets, reused while the user's grounds stay the same.

Django builds and compiles a grant-annotated query anew on every request: for the dashboard's
youth card that was about 5 ms of Python, a third of the whole request, against 0.4 ms for
PostgreSQL to run it. The SQL and its parameters are a function of the user and of the
grounds `case_conditions` is built from (`conditions_key`), so they are kept per process,
keyed on exactly that. A change of the user's roles changes the key and the next request
compiles again; nothing about which rows come back is cached, only the text of the question."""

from collections.abc import Callable, Hashable

from django.db import connection
from django.db.models import QuerySet

from ungsam.access.policy.grants import conditions_key

# Entries are small (a statement and a handful of ids); the bound only keeps a process that
# meets very many users from growing without end.
MAX_ENTRIES = 4096
_compiled: dict[Hashable, tuple[str, tuple] | None] = {}
_MISSING = object()


def compiled_sql(
    user, name: Hashable, build: Callable[[], QuerySet], *, count: bool = False
) -> tuple[str, tuple] | None:
    """(sql, params) of `build()`, compiled once per (name, user's grounds, database); with
    count=True, of the number of rows it returns. None when the user has no grounds at all
    (`build()` is `.none()`: there is no question to ask).

    `build` must depend on nothing but the user's grounds and what `name` says (a page size,
    say): a filter typed by the user or today's date belongs in `name`, or outside the cache."""
    key = (name, count, connection.vendor, conditions_key(user))
    hit = _compiled.get(key, _MISSING)
    if hit is _MISSING:
        queryset = build()
        if queryset.query.is_empty():
            _compiled[key] = None
            return None
        if count:
            queryset = queryset.order_by().values("pk")
        sql, params = queryset.query.sql_with_params()
        if count:
            sql = f"SELECT COUNT(*) FROM ({sql}) AS counted"  # noqa: S608 (Django-compiled SQL)
        hit = (sql, tuple(params))
        if len(_compiled) >= MAX_ENTRIES:
            _compiled.clear()
        _compiled[key] = hit
    return hit
