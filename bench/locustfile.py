"""Locust load for `make bench` (run headless by bench/run.sh, one path per run).

Environment:
  BENCH_PATH           path to GET (default "/")
  BENCH_SESSIONS_FILE  file with one session key per line; each simulated user takes its own.
                       Unset for anonymous requests (the /healthz baseline).
  BENCH_EXPECT         text the 200 response body must contain (e.g. the user's name).
"""

import itertools
import os
from pathlib import Path

from locust import constant, task
from locust.contrib.fasthttp import FastHttpUser

PATH = os.environ.get("BENCH_PATH", "/")
EXPECT = os.environ.get("BENCH_EXPECT", "")
_sessions_file = os.environ.get("BENCH_SESSIONS_FILE", "")
SESSIONS = (
    [line.strip() for line in Path(_sessions_file).read_text().splitlines() if line.strip()]
    if _sessions_file
    else []
)
_next_user = itertools.count()


class BenchUser(FastHttpUser):
    wait_time = constant(0)

    def on_start(self):
        self.headers = {}
        if SESSIONS:
            key = SESSIONS[next(_next_user) % len(SESSIONS)]
            self.headers["Cookie"] = f"sessionid={key}"

    @task
    def get_path(self):
        with self.client.get(
            PATH, headers=self.headers, allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != 200:
                where = response.headers.get("Location", "") if response.headers else ""
                response.failure(f"status {response.status_code} {where}".strip())
            elif EXPECT and EXPECT not in (response.text or ""):
                response.failure(f"200 without {EXPECT!r} in the body")
            else:
                response.success()
