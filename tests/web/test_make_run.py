"""`make run` prints an address where every login works: a security key (WebAuthn) needs a
host name as its relying-party id, and fails with "invalid domain" at http://127.0.0.1."""

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_recipe() -> str:
    makefile = (ROOT / "Makefile").read_text()
    recipe = re.search(r"^run:.*\n((?:\t.*\n)+)", makefile, re.M)
    assert recipe, "no run target in the Makefile"
    return recipe.group(1)


def test_make_run_prints_localhost_and_listens_on_the_loopback_address():
    recipe = run_recipe()
    printed = " ".join(re.findall(r'echo "([^"]*)"', recipe))
    assert "http://localhost:8000" in printed
    assert "127.0.0.1:8000" not in printed
    assert "runserver 127.0.0.1:8000" in recipe  # never on every interface


def test_the_demo_answers_to_both_names():
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOWED_HOSTS"}
    env["DJANGO_DEBUG"] = "true"
    hosts = subprocess.run(
        [sys.executable, "-c", "from ungsam import settings; print(settings.ALLOWED_HOSTS)"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "'localhost'" in hosts and "'127.0.0.1'" in hosts


def test_the_readme_gives_the_same_address():
    readme = (ROOT / "README.md").read_text()
    block = readme.split("## Two commands", 1)[1].split("##", 1)[0]
    assert "http://localhost:8000" in block
    assert "http://127.0.0.1:8000" not in block
