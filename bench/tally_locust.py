"""Locust load for `tally_post_p95_ms` in `make bench` (run headless by bench/run.sh): field
users tapping at once (each about once a second, the busiest a thumb gets), each posting taps
with fresh keys to the tally's JSON endpoint as tally.js does (the session cookie, a CSRF
cookie and the same token in X-CSRFToken). Every answer but 201 counts as a failure, so a tap
saved twice or refused fails the bench.

Environment:
  BENCH_SESSIONS_FILE  one session key per line (a field worker's); each user takes its own
  BENCH_TALLY_UNIT     the outreach unit's id
  BENCH_TALLY_PLACES   place ids, comma-separated (a user taps at one of them)
"""

import itertools
import json
import os
import random
import secrets
import uuid
from datetime import datetime
from pathlib import Path

from locust import between, task
from locust.contrib.fasthttp import FastHttpUser

PATH = "/feltarbeid/telling/trykk/"
SESSIONS = [
    line.strip()
    for line in Path(os.environ["BENCH_SESSIONS_FILE"]).read_text().splitlines()
    if line.strip()
]
UNIT = int(os.environ["BENCH_TALLY_UNIT"])
PLACES = [int(p) for p in os.environ["BENCH_TALLY_PLACES"].split(",") if p]
GENDERS = ["girl", "boy", "other", "unknown"]
AGES = ["barneskole", "ungdomsskole", "vgs", "over18", "unknown"]
CHANNELS = ["field", "field", "field", "internet", "social_media", "gaming"]
_next_user = itertools.count()


class FieldWorker(FastHttpUser):
    # A busy field worker taps about once a second at most (a group of youth at the station);
    # with no pause at all, 20 users would measure the queue in front of the workers, not a tap.
    wait_time = between(0.5, 1.5)

    def on_start(self):
        n = next(_next_user)
        token = secrets.token_hex(16)  # 32 characters: a CSRF secret Django accepts as is
        self.headers = {
            "Cookie": f"sessionid={SESSIONS[n % len(SESSIONS)]}; csrftoken={token}",
            "X-CSRFToken": token,
            "Content-Type": "application/json",
            "Accept": "application/json",
        }
        self.rng = random.Random(n)  # noqa: S311 (load shape, no secret)
        self.place = PLACES[n % len(PLACES)]

    @task
    def tap(self):
        body = {
            "key": str(uuid.uuid4()),
            "unit": UNIT,
            "place": self.place,
            "channel": self.rng.choice(CHANNELS),
            "gender": self.rng.choice(GENDERS),
            "age_group": self.rng.choice(AGES),
            "depth": self.rng.choice([1, 1, 1, 2, 3]),
            "tapped_at": datetime.now().astimezone().isoformat(timespec="milliseconds"),
        }
        with self.client.post(
            PATH, data=json.dumps(body), headers=self.headers, catch_response=True
        ) as response:
            if response.status_code != 201:
                response.failure(f"status {response.status_code} {(response.text or '')[:200]}")
            else:
                response.success()
