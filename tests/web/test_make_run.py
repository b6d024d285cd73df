"""`make run` prints an address where every login works: a security key (WebAuthn) needs a
host name as its relying-party id, and fails with "invalid domain" at http://127.0.0.1."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import require_tool

ROOT = Path(__file__).resolve().parents[2]


def run_commands(*make_args: str) -> str:
    """What `make run` would do, without doing it (`make -n` prints the recipe, variables
    expanded: the port given on the command line or the default)."""
    require_tool("make", "the two commands are make targets")
    env = {k: v for k, v in os.environ.items() if k not in ("PORT", "MAKEFLAGS", "MFLAGS")}
    result = subprocess.run(
        ["make", "-n", "run", *make_args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    recipe = result.stdout.split("manage.py migrate", 1)
    assert len(recipe) == 2, f"no run recipe in: {result.stdout}"
    return recipe[1]


@pytest.mark.parametrize(("make_args", "port"), [((), "8000"), (("PORT=8001",), "8001")])
def test_make_run_prints_localhost_and_listens_on_the_loopback_address(make_args, port):
    recipe = run_commands(*make_args)
    printed = " ".join(re.findall(r'echo "([^"]*)"', recipe))
    assert f"http://localhost:{port}" in printed
    assert "127.0.0.1" not in printed
    # never on every interface
    assert re.search(rf"runserver 127\.0\.0\.1:{port}(;|\n)", recipe), recipe
    assert re.findall(r"\b80\d\d\b", recipe) == [port, port], "another port in the recipe"


def test_make_run_starts_the_task_worker_beside_the_server_and_stops_it_with_it():
    recipe = run_commands()
    assert "manage.py db_worker &" in recipe  # in the background, beside the server
    assert "trap 'kill -- -$worker" in recipe  # its process group ends when the server does
    assert recipe.index("db_worker") < recipe.index("runserver")


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
    assert "make run PORT=8001" in block, "the README does not say how to use another port"
