"""The production static storage answers each name's address from a memo: still the hashed
(cache-busting) name from the manifest, and still an error for a file that was never
collected."""

import json

import pytest

from ungsam.lib.static_storage import StaticFilesStorage


@pytest.fixture
def storage(tmp_path, settings):
    settings.STATIC_URL = "/static/"
    (tmp_path / "site.css").write_text("body{}")
    (tmp_path / "site.4f2a9c.css").write_text("body{}")
    manifest = {"paths": {"site.css": "site.4f2a9c.css"}, "version": "1.1", "hash": "x"}
    (tmp_path / "staticfiles.json").write_text(json.dumps(manifest))
    return StaticFilesStorage(location=tmp_path, base_url="/static/")


def test_it_links_the_hashed_name_every_time(storage):
    assert storage.url("site.css") == "/static/site.4f2a9c.css"
    assert storage.url("site.css") == "/static/site.4f2a9c.css"


def test_the_memo_answers_without_the_manifest(storage):
    storage.url("site.css")
    storage.hashed_files = {}  # were it asked again, the lookup would now fail
    assert storage.url("site.css") == "/static/site.4f2a9c.css"


def test_a_file_never_collected_is_an_error_every_time(storage):
    for _ in range(2):
        with pytest.raises(ValueError, match="Missing staticfiles manifest entry"):
            storage.url("missing.css")


def test_force_asks_the_manifest_storage_itself(storage):
    storage.url("site.css")
    storage.hashed_files = {"site.css": "site.0000.css"}
    assert storage.url("site.css", force=True) == "/static/site.0000.css"
