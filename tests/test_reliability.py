"""The previous site survives whatever happens to a build; bad input never costs good articles."""

from __future__ import annotations

import fcntl
import hashlib
import os
import random
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import build_site, write_site
from site_builder.errors import OutputError

WORDS = ("وزير الخارجية الرياض القاهرة اجتماع مجلس الأمن اقتصاد النفط أسعار السوق المملكة الحكومة "
         "مشروع الطاقة التعليم الصحة المدينة جامعة الملك سعود الرئيس بوتين روسيا").split()


def article_text(i: int) -> str:
    # words in an order of their own: rotations of one sequence would be copies of one story
    words = " ".join(random.Random(i).choices(WORDS, k=60))
    return (f"---\ntitle: خبر رقم {i}\ndate: 2015-07-{1 + i % 28:02d}\nsource: مصدر {i % 3}\n---\n"
            f"{words}.\n\nوقال الرئيس فلاديمير بوتين إن روسيا مستعدة للحوار.\n")


def many_articles(count: int) -> dict[str, str]:
    return {f"content/a{i:04d}.md": article_text(i) for i in range(count)}


def tree_digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def leftovers(root: Path) -> list[str]:
    return sorted(p.name for p in root.iterdir() if p.name.startswith("._site"))


def cli(root: Path, *args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "site_builder", "build", *args], cwd=root,
                          capture_output=True, text=True, **kwargs)


# ------------------------------------------------------------------ atomic output

def ctrl_c_stops() -> None:
    """In the child: Ctrl-C stops it, as in a terminal, even when the tests run in a job that
    ignores SIGINT (a shell's background job does, and Python keeps an ignored SIGINT ignored)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.mark.slow
@pytest.mark.parametrize("how", [signal.SIGINT, signal.SIGTERM, signal.SIGKILL])
def test_interrupted_build_leaves_the_previous_site_intact(make_site, how):
    root = make_site(many_articles(300))
    assert cli(root).returncode == 0
    before = tree_digest(root / "_site")
    (root / "content" / "a0000.md").write_text(article_text(0).replace("خبر", "تغيير"), encoding="utf-8")
    process = subprocess.Popen([sys.executable, "-m", "site_builder", "build", "--no-cache"], cwd=root,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, preexec_fn=ctrl_c_stops)
    staging = root / "._site.staging"
    deadline = time.monotonic() + 60
    while not (staging / "articles").exists() and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    assert process.poll() is None, "the build ended before it could be interrupted"
    process.send_signal(how)
    _, stderr = process.communicate(timeout=60)
    assert tree_digest(root / "_site") == before
    if how != signal.SIGKILL:
        assert process.returncode == 130
        assert b"previous site is left as it was" in stderr and b"Traceback" not in stderr
        assert leftovers(root) == []
    run = cli(root)  # the next build cleans up after a killed one
    assert run.returncode == 0, run.stderr
    assert leftovers(root) == []
    assert "تغيير" in (root / "_site" / "articles" / "a0000" / "index.html").read_text(encoding="utf-8")


def test_full_disk_keeps_the_previous_site(make_site, monkeypatch):
    import errno

    from site_builder.output import staging as output
    root = make_site(many_articles(5))
    build_site(root)
    before = tree_digest(root / "_site")
    real_write = output.Path.write_bytes
    calls = {"n": 0}

    def failing(self, data):
        calls["n"] += 1
        if calls["n"] > 10:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(self, data)

    monkeypatch.setattr(output.Path, "write_bytes", failing)
    with pytest.raises(OutputError, match="disk is full"):
        build_site(root, use_cache=False)
    monkeypatch.undo()
    assert tree_digest(root / "_site") == before
    assert leftovers(root) == []


def test_a_permission_error_while_writing_keeps_the_previous_site(make_site, monkeypatch):
    import errno

    from site_builder.output import staging as output
    root = make_site(many_articles(5))
    build_site(root)
    before = tree_digest(root / "_site")
    real_write = output.Path.write_bytes

    def refused(self, data):
        if "articles" in self.parts:
            raise PermissionError(errno.EACCES, "Permission denied")
        return real_write(self, data)

    monkeypatch.setattr(output.Path, "write_bytes", refused)
    with pytest.raises(OutputError, match=r"cannot write articles/.*Permission denied.*previous site is kept"):
        build_site(root, use_cache=False)
    monkeypatch.undo()
    assert tree_digest(root / "_site") == before
    assert leftovers(root) == []


def test_a_second_build_at_the_same_time_is_refused(make_site):
    root = make_site(many_articles(3))
    build_site(root)
    before = tree_digest(root / "_site")
    with open(root / "._site.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        run = cli(root)
    assert run.returncode == 2
    assert "another build is writing" in run.stderr
    assert tree_digest(root / "_site") == before


@pytest.mark.parametrize("target", [".", "content", "HOME", "notes"])
def test_output_folders_that_are_not_ours_are_refused(make_site, target, tmp_path):
    root = make_site({**many_articles(2), "notes/keep.txt": "mine"})
    env = dict(os.environ, HOME=str(tmp_path / "home"))
    (tmp_path / "home").mkdir()
    (tmp_path / "home" / "diary.txt").write_text("private")
    output = str(tmp_path / "home") if target == "HOME" else target
    run = cli(root, "--output", output, env=env)
    assert run.returncode == 2 and "refusing" in run.stderr, run.stderr
    assert (root / "notes" / "keep.txt").read_text() == "mine"
    assert (tmp_path / "home" / "diary.txt").read_text() == "private"
    assert (root / "content" / "a0000.md").exists()


def test_a_site_we_built_is_replaced(make_site):
    root = make_site(many_articles(2))
    assert cli(root).returncode == 0
    (root / "content" / "a0001.md").unlink()
    assert cli(root).returncode == 0
    assert not (root / "_site" / "articles" / "a0001").exists()


# ------------------------------------------------------------------ determinism

def test_output_is_identical_whatever_the_worker_count_and_file_order(tmp_path, monkeypatch):
    from site_builder.output import pool as render_pool
    from site_builder.executors import local as local_executor
    monkeypatch.setattr(render_pool, "POOL_THRESHOLD", 1)  # render in worker processes with jobs=2
    pools = []

    class Recorded(local_executor.ProcessPoolExecutor):
        def __init__(self, *args, **kwargs):
            pools.append(kwargs["max_workers"])
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(local_executor, "ProcessPoolExecutor", Recorded)
    files = many_articles(220)
    one = write_site(tmp_path / "one", files)
    reverse = dict(reversed(list(files.items())))  # created in the opposite order
    two = write_site(tmp_path / "two", reverse)
    first = build_site(one, search=True, jobs=1, use_cache=False).output
    second = build_site(two, search=True, jobs=3, use_cache=False).output
    # analysis in three workers; rendering beside the indexer: one worker, and the
    # building process does its share
    assert pools == [3, 1]
    assert tree_digest(first) == tree_digest(second)


def _pids(state, batch):
    return [os.getpid() for _ in batch]


def test_a_job_that_fills_caches_runs_in_workers_only():
    """The recogniser's word caches grow with every article; analysed in the building
    process, they would stay there for the rest of the build."""
    from site_builder.executors import Job
    from site_builder.executors.local import LocalProcesses
    items = list(range(40))
    helped = list(LocalProcesses(2).map(Job("t", _pids, None, batch=4), items, lambda batch: None))
    alone = list(LocalProcesses(2).map(Job("t", _pids, None, batch=4, parent_helps=False), items, lambda batch: None))
    assert os.getpid() in helped and len(helped) == len(alone) == 40
    assert os.getpid() not in alone


def test_a_job_that_leaves_a_core_to_the_indexer_starts_one_worker_fewer():
    """Pagefind keeps a core busy beside the render: a render worker more would copy the
    archive and gain no time."""
    from site_builder.executors import Job
    from site_builder.executors.local import LocalProcesses
    items = list(range(40))
    two = list(LocalProcesses(2).map(Job("t", _pids, None, batch=4, spare=1), items, lambda batch: None))
    three = list(LocalProcesses(3).map(Job("t", _pids, None, batch=4, spare=1), items, lambda batch: None))
    assert set(two) == {os.getpid()}
    assert len(set(three)) == 2 and os.getpid() in three and len(three) == 40
    assert LocalProcesses(4).workers(Job("t", _pids, None, spare=1)) == 2
    assert LocalProcesses(2).workers(Job("t", _pids, None, spare=1, parent_helps=False)) == 1


def test_a_template_error_in_a_worker_process_names_the_template(make_site, monkeypatch):
    from site_builder.output import pool as render_pool
    from site_builder.errors import TemplateError
    monkeypatch.setattr(render_pool, "POOL_THRESHOLD", 1)
    root = make_site({**many_articles(30), "templates/article.html":
                      "{% extends 'default:article.html' %}{% block main %}{{ article.nothing.here }}{% endblock %}"})
    with pytest.raises(TemplateError, match=r"templates/article.html:1: template error"):
        build_site(root, jobs=2, use_cache=False)
    assert leftovers(root) == []


# ------------------------------------------------------------------ bad input

GOOD = "---\ntitle: خبر سليم\ndate: 2015-07-21\n---\nوصل الرئيس فلاديمير بوتين إلى موسكو.\n"
BAD_INPUTS = {
    "invalid UTF-8": ("content/bin.md", b"---\ntitle: x\n---\n\xff\xfe\xfa", "content/bin.md:4: not valid UTF-8"),
    "empty file": ("content/empty.md", "", "content/empty.md: the file is empty"),
    "broken YAML": ("content/yaml.md", "---\ntitle: [x\n---\nنص", "content/yaml.md:2: front matter is not valid YAML"),
    "unclosed front matter": ("content/open.md", "---\ntitle: x\nنص", "content/open.md:1: front matter is not closed"),
    "misspelt key": ("content/typo.md", "---\ntitel: x\n---\nنص", "content/typo.md:2: unknown front-matter key 'titel'"),
    "wrong type": ("content/type.md", "---\ntitle: [a, b]\n---\nنص", "content/type.md:2: 'title' must be text"),
    "impossible date": ("content/date.md", "---\ntitle: x\ndate: 2015-02-30\n---\nنص", "content/date.md:3: impossible date"),
    "duplicate slug": ("content/sub/good.md", GOOD, "content/sub/good.md: slug 'good' is already used"),
    "slug leaving the output": ("content/evil.md", "---\ntitle: x\nslug: ../../etc\n---\nنص",
                                "content/evil.md:3: 'slug' may hold only letters"),
    "huge file": ("content/huge.txt", "عنوان\n" + "كلمة " * (11 * 2**20 // 10), "content/huge.txt: the file is"),
}


def test_bad_input_is_one_clear_line_each_and_the_rest_is_published(make_site):
    """Every kind of bad file at once, in one archive: each gets its own one line, none
    stops the others (one build for all the kinds keeps the suite quick)."""
    root = make_site({"content/good.md": GOOD, **{rel: data for rel, data, _ in BAD_INPUTS.values()}})
    started = time.monotonic()
    run = cli(root)
    assert time.monotonic() - started < 60
    assert run.returncode == 1, run.stderr
    assert "Traceback" not in run.stderr
    lines = [line for line in run.stderr.splitlines() if line.startswith("error:")]
    assert len(lines) == len(BAD_INPUTS), run.stderr
    for case, (_, _, message) in BAD_INPUTS.items():
        assert len([line for line in lines if message in line]) == 1, (case, run.stderr)
    assert (root / "_site" / "articles" / "good" / "index.html").is_file()
    assert run.stderr.count("\n") < len(BAD_INPUTS) + 10


UNUSUAL = {
    "bom.md": b"\xef\xbb\xbf---\ntitle: BOM\n---\n" + "نص".encode(),
    "crlf.md": b"---\r\ntitle: CRLF\r\n---\r\n\xd9\x86\xd8\xb5\r\n",
    "mixed.md": "---\ntitle: Mixed عربي English 123 עברית Русский\n---\n"
                "قال Vladimir Putin (بوتين) إن 2015 عام مهم. שלום мир.\n",
}


def test_unusual_but_valid_files_are_built(make_site):
    root = make_site({f"content/{name}": data for name, data in UNUSUAL.items()})
    run = cli(root, "--strict")
    assert run.returncode == 0, run.stderr
    for name in UNUSUAL:
        assert (root / "_site" / "articles" / name.removesuffix(".md") / "index.html").is_file()


def test_strict_fails_on_a_warning_and_keeps_the_old_site(make_site):
    root = make_site({"content/good.md": GOOD})
    assert cli(root).returncode == 0
    before = tree_digest(root / "_site")
    (root / "content" / "link.md").write_text("---\ntitle: x\nurl: javascript:alert(1)\n---\nنص", encoding="utf-8")
    run = cli(root, "--strict")
    assert run.returncode == 2 and "--strict" in run.stderr
    assert tree_digest(root / "_site") == before
    assert cli(root).returncode == 0  # without --strict a warning does not stop the build


@pytest.mark.parametrize("name, text, message", [
    ("site.toml", 'title = "x"\nper_page = "many"\n', "site.toml: option 'per_page' must be a whole number"),
    ("site.toml", 'title = "x"\ncontnet = ["content"]\n', "did you mean 'content'"),
    ("site.toml", 'title = "x\n', "site.toml:1: invalid TOML"),
    ("entities.toml", '[[suppress]]\ntext = "x"\n\n[[supress]]\ntext = "y"\n', "entities.toml:4"),
])
def test_invalid_configuration_names_the_option_and_line(make_site, name, text, message):
    root = make_site({"content/good.md": GOOD})
    (root / name).write_text(text, encoding="utf-8")
    run = cli(root)
    assert run.returncode == 2
    assert message in run.stderr and "Traceback" not in run.stderr
    assert not (root / "_site").exists()


# ------------------------------------------------------------------ hostile content

HOSTILE = '<script>alert("x")</script>'


def test_hostile_front_matter_is_escaped_everywhere(make_site):
    text = (f"---\ntitle: '{HOSTILE} عنوان'\nauthor: '\"><img src=x onerror=alert(1)>'\nsource: '</script><b>src'\n"
            f"url: 'https://example.com/?q=\"><script>alert(1)</script>'\ndate: 2015-07-21\n---\n"
            f"نص فيه {HOSTILE} و<iframe src=\"https://evil.example\"></iframe> و[رابط](javascript:alert(1)).\n")
    root = make_site({"content/evil.md": text})
    build_site(root, search=True)
    site = root / "_site"
    for path in site.rglob("*"):
        if path.suffix not in (".html", ".xml", ".json") or "pagefind" in path.parts:
            continue
        content = path.read_text(encoding="utf-8")
        assert "<script>alert" not in content, path
        assert "<img src=x" not in content and "<iframe" not in content, path
        assert "javascript:" not in content, path
        assert "</script><b>" not in content, path
    page = (site / "articles" / "evil" / "index.html").read_text(encoding="utf-8")
    for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S):
        assert "<" not in block


def test_pages_load_nothing_from_other_hosts_and_carry_a_csp(default_site):
    for page in default_site.rglob("*.html"):
        if "pagefind" in page.relative_to(default_site).parts:
            continue
        html = page.read_text(encoding="utf-8")
        assert 'http-equiv="Content-Security-Policy"' in html, page
        for tag in re.findall(r"<(?:script|link|img|iframe|source|video|audio)\b[^>]*>", html):
            if "rel=\"canonical\"" in tag or "rel=\"alternate\"" in tag:
                continue
            assert not re.search(r'(src|href)="(https?:)?//', tag), (page, tag)
