"""The recogniser's tables kept between processes: the same names, and never a failed build."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import SEED
from site_builder.ner.recogniser import Recogniser
from site_builder.ner.tagger import default_model
from site_builder.state import tables_cache


@pytest.fixture
def cache_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(tables_cache, "_loaded", {})
    return tmp_path / "cache" / "site-builder"


def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


def recognise_in_a_new_process(cache: Path) -> str:
    script = ("import sys; from site_builder.ner.recogniser import Recogniser; "
              "from site_builder.ner.tagger import default_model; "
              "print(repr(Recogniser(None, default_model()).recognise(sys.stdin.read())))")
    run = subprocess.run([sys.executable, "-c", script], input=seed_text(), capture_output=True, text=True,
                         env={"XDG_CACHE_HOME": str(cache.parent), "PATH": "/usr/bin:/bin"}, check=True)
    return run.stdout.strip()


def test_a_recogniser_read_from_the_cache_finds_the_same_names(cache_home):
    fresh = Recogniser(None, default_model())
    [kept] = list(cache_home.glob("recogniser-*.pickle"))
    assert recognise_in_a_new_process(cache_home) == repr(fresh.recognise(seed_text()))
    assert list(cache_home.glob("recogniser-*.pickle")) == [kept]  # read, not written again
    assert fresh.recognise(seed_text())  # the seed has names: the comparison says something


def test_a_damaged_cache_file_is_built_again(cache_home):
    expected = repr(Recogniser(None, default_model()).recognise(seed_text()))
    [kept] = list(cache_home.glob("recogniser-*.pickle"))
    kept.write_bytes(b"not a pickle")
    assert recognise_in_a_new_process(cache_home) == expected
    assert kept.stat().st_size > 1_000_000


def test_a_folder_that_cannot_be_written_is_no_error(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache folder would be")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    monkeypatch.setattr(tables_cache, "_loaded", {})
    assert Recogniser(None, default_model()).recognise(seed_text())


def test_other_inputs_are_other_tables(cache_home):
    calls = []
    assert tables_cache.cached_tables("t", "a", lambda: calls.append("a") or 1) == 1
    assert tables_cache.cached_tables("t", "b", lambda: calls.append("b") or 2) == 2
    assert tables_cache.cached_tables("t", "a", lambda: calls.append("again") or 3) == 1
    assert calls == ["a", "b"]
    assert len(list(cache_home.glob("t-*.pickle"))) == 2

