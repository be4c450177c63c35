"""The build reports what the written site weighs and warns before a host would refuse it."""

from __future__ import annotations

import os
import subprocess
import sys

from conftest import build_site

from site_builder.output import size

ARTICLE = "---\ntitle: خبر {n}\ndate: 2015-07-{day:02d}\nsource: okaz\n---\nوصل الرئيس فلاديمير بوتين إلى موسكو {n}.\n"


def _site(make_site, articles: int = 3):
    return make_site({f"content/a{n}.md": ARTICLE.format(n=n, day=1 + n % 28) for n in range(articles)})


def _file_bytes(folder):
    sizes = [os.lstat(os.path.join(root, name)).st_size for root, _, names in os.walk(folder) for name in names]
    return sum(sizes), len(sizes)


def test_the_result_and_the_summary_give_file_bytes_and_file_count(make_site):
    root = _site(make_site)
    result = build_site(root)
    assert (result.size.bytes, result.size.files) == _file_bytes(root / "_site")
    assert result.size.largest[0] and result.size.largest[1] == max(
        os.lstat(os.path.join(r, n)).st_size for r, _, names in os.walk(root / "_site") for n in names)
    assert result.warnings == []
    for _ in range(2):  # the second build finds nothing changed: its site is measured too
        run = subprocess.run([sys.executable, "-m", "site_builder", "build"], cwd=root, capture_output=True,
                             text=True)
        assert run.returncode == 0, run.stderr
        written, files = _file_bytes(root / "_site")
        assert f"({files:,} files, {written / 1e6:,.1f} MB)" in run.stderr


def test_a_site_over_the_github_pages_limit_is_a_warning_naming_it(make_site, monkeypatch):
    monkeypatch.setattr(size, "SITE_BYTES", 1000)
    result = build_site(_site(make_site))
    [warning] = [w for w in result.warnings if "GitHub Pages" in w]
    assert "limit of 0 MB for a published site" in warning
    assert (result.output / "index.html").is_file()  # a warning, not a failure


def test_a_file_over_the_per_file_limit_is_named(make_site, monkeypatch):
    monkeypatch.setattr(size, "FILE_BYTES", 50_000)
    result = build_site(_site(make_site))
    big = {path for path, _ in result.size.big_files}
    assert "fonts/noto-naskh-arabic-bold.woff2" in big and "index.html" not in big
    assert any(w.startswith("fonts/noto-naskh-arabic-bold.woff2 is ") and "MiB" in w for w in result.warnings)


def test_a_folder_with_too_many_files_is_named(make_site, monkeypatch):
    monkeypatch.setattr(size, "FOLDER_FILES", 4)
    result = build_site(_site(make_site, articles=6))
    folders = dict(result.size.full_folders)
    assert folders["articles/"] == 6
    assert any("the folder articles/ holds 6 files and folders, more than the 4" in w for w in result.warnings)
