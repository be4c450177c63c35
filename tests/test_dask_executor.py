"""A Dask cluster builds the same site, byte for byte, as the worker processes of one machine."""

from __future__ import annotations

import random
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import build_site, write_site
from test_reliability import ctrl_c_stops, leftovers, tree_digest

distributed = pytest.importorskip("distributed", reason="the Dask executor needs 'site-builder[cluster]'")

PEOPLE = ["فلاديمير بوتين", "باراك أوباما", "الملك سلمان بن عبدالعزيز", "عادل الجبير", "بان كي مون"]
PLACES = ["الرياض", "موسكو", "القاهرة", "جدة", "دمشق", "طهران"]
BODIES = ["مجلس الأمن", "الأمم المتحدة", "جامعة الملك سعود", "وزارة الصحة"]
WORDS = "اجتماع اقتصاد النفط أسعار السوق الحكومة مشروع الطاقة التعليم المدينة الحوار الأزمة".split()


def article(i: int) -> str:
    """An article of its own: names, places and words drawn for it, dated over a year and a half."""
    pick = random.Random(i)
    paragraphs = [f"قال {pick.choice(PEOPLE)} في {pick.choice(PLACES)} إن {pick.choice(BODIES)} "
                  f"{' '.join(pick.choices(WORDS, k=25))}." for _ in range(3)]
    return (f"---\ntitle: {pick.choice(PEOPLE)} في {pick.choice(PLACES)} ({i})\n"
            f"date: {2014 + i % 2}-{1 + i % 12:02d}-{1 + i % 28:02d}\nsource: مصدر {i % 4}\n---\n"
            + "\n\n".join(paragraphs) + "\n")


def archive(count: int) -> dict[str, str]:
    return {f"content/{i % 5}/a{i:04d}.md": article(i) for i in range(count)}


@pytest.fixture(scope="module")
def scheduler():
    """The address of a real cluster on this machine: two worker processes of one thread."""
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=":0") as cluster:
        yield cluster.scheduler_address


@pytest.mark.slow
def test_a_dask_cluster_builds_the_same_site_byte_for_byte(tmp_path, scheduler):
    files = archive(300)
    here = build_site(write_site(tmp_path / "here", files), search=True, use_cache=False, jobs=2)
    with distributed.Client(scheduler) as client, distributed.get_task_stream(client) as tasks:
        there = build_site(write_site(tmp_path / "there", files), search=True, use_cache=False,
                           executor="dask", scheduler=scheduler)
    assert here.articles == there.articles == 300 and here.entities > 10
    assert tree_digest(here.output) == tree_digest(there.output)
    workers = {(task["key"].split("-")[0], task["worker"]) for task in tasks.data}
    assert {stage for stage, _ in workers} >= {"analysing", "rendering"}
    assert len({worker for stage, worker in workers if stage == "rendering"}) == 2


@pytest.mark.slow
def test_an_error_in_a_dask_worker_reads_as_in_a_local_build(tmp_path):
    """Without --scheduler the build starts a cluster of its own, and stops it after the error."""
    broken = {**archive(20), "templates/article.html":
              "{% extends 'default:article.html' %}{% block main %}{{ article.nothing.here }}{% endblock %}"}
    runs = []
    for name, options in (("local", ()), ("dask", ("--executor", "dask", "--jobs", "2"))):
        root = write_site(tmp_path / name, broken)
        run = subprocess.run([sys.executable, "-m", "site_builder", "build", "--quiet", *options],
                             cwd=root, capture_output=True, text=True)
        runs.append((run.returncode, run.stderr.replace(str(root), "SITE")))
        assert leftovers(root) == [] and not (root / "_site").exists()
    local, dask = runs
    assert dask == local
    assert dask[0] == 2 and dask[1].startswith("error: SITE/templates/article.html:1: template error")
    assert dask[1].count("\n") == 1


@pytest.mark.slow
@pytest.mark.parametrize("how", [signal.SIGINT, signal.SIGTERM])
def test_an_interrupted_dask_build_keeps_the_previous_site_and_stops_its_cluster(tmp_path, how):
    root = write_site(tmp_path / "site", archive(300))
    before = tree_digest(build_site(root).output)
    build = subprocess.Popen([sys.executable, "-m", "site_builder", "build", "--no-cache", "--executor", "dask",
                              "--jobs", "2"], cwd=root, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                             preexec_fn=ctrl_c_stops)
    deadline = time.monotonic() + 120
    while not (root / "._site.staging" / "articles").exists() and build.poll() is None \
            and time.monotonic() < deadline:
        time.sleep(0.01)
    assert build.poll() is None, "the build ended before it could be interrupted"
    workers = [int(pid) for task in Path(f"/proc/{build.pid}/task").iterdir()
               for pid in (task / "children").read_text().split()]
    build.send_signal(how)
    _, stderr = build.communicate(timeout=60)
    assert build.returncode == 130 and "previous site is left as it was" in stderr and "Traceback" not in stderr
    assert tree_digest(root / "_site") == before
    assert leftovers(root) == []
    deadline = time.monotonic() + 10
    while (alive := [pid for pid in workers if _alive(pid)]) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert workers and not alive


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ")[1][0] != "Z"
    except (OSError, IndexError):
        return False


def test_a_scheduler_that_does_not_answer_is_one_line(tmp_path, monkeypatch):
    from site_builder.errors import SiteError
    from site_builder.executors import cluster
    monkeypatch.setattr(cluster, "CONNECT_TIMEOUT", 1)
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        address = f"tcp://127.0.0.1:{probe.getsockname()[1]}"
    root = write_site(tmp_path / "site", archive(3))
    with pytest.raises(SiteError, match=f"^cannot use the Dask scheduler at {address}: .*dask scheduler"):
        build_site(root, executor="dask", scheduler=address)
    assert not (root / "_site").exists()
