"""`dashboard_queries`: the SQL statements one dashboard request by a logged-in case worker
sends (BEGIN, COMMIT, SAVEPOINT and RELEASE not counted), in-process, against the bench
database with the bench's settings. Also `dashboard_writes`: how many of them write.

Usage: python bench/dashboard_queries.py SESSION_KEY"""

import json
import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ungsam.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

TRANSACTION = re.compile(r"^\s*(BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE)", re.I)
WRITE = re.compile(r"^\s*(WITH\b.*\bINSERT\b|INSERT|UPDATE|DELETE)", re.I | re.S)


def main() -> None:
    client = Client(HTTP_HOST=settings.ALLOWED_HOSTS[0])
    client.cookies[settings.SESSION_COOKIE_NAME] = sys.argv[1]
    client.get("/")  # the first request of a session refreshes it (once a minute)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/")
    if response.status_code != 200:
        sys.exit(f"[bench] FAILED: dashboard answered {response.status_code}")
    sql = [q["sql"] for q in ctx.captured_queries if not TRANSACTION.match(q["sql"])]
    for statement in sql:
        print(f"[bench]   {statement[:140]}", file=sys.stderr)
    rows = [
        ("dashboard_queries", len(sql), "statements"),
        ("dashboard_writes", sum(1 for s in sql if WRITE.match(s)), "statements"),
    ]
    for name, value, unit in rows:
        print(json.dumps({"name": name, "value": value, "unit": unit}))


if __name__ == "__main__":
    main()
