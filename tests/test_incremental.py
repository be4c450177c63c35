"""Rebuilds keep what did not change, and give exactly what a cold build gives."""

from __future__ import annotations

import shutil

from conftest import build_site, write_site
from test_reliability import many_articles, tree_digest


def edit(root, rel, old, new):
    path = root / rel
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


def test_unchanged_rebuild_renders_only_the_summary_files(make_site):
    root = make_site(many_articles(40))
    cold = build_site(root, search=True)
    before = tree_digest(root / "_site")
    warm = build_site(root, search=True)
    assert cold.rendered == cold.files
    assert warm.rendered == 0, warm.rendered
    assert tree_digest(root / "_site") == before
    assert warm.timings.get("search", 0) < cold.timings["search"]


def test_changed_article_rebuild_equals_a_cold_build(make_site, tmp_path):
    root = make_site(many_articles(40))
    first = build_site(root, search=True)
    edit(root, "content/a0007.md", "وقال الرئيس فلاديمير بوتين", "وقال رئيس الوزراء ديمتري ميدفيديف")
    edit(root, "content/a0011.md", "خبر رقم 11", "عنوان جديد تماما")
    (root / "content" / "a0020.md").unlink()
    incremental = build_site(root, search=True)
    # The entity lists show mention counts: those of the types and letters of the changed
    # entities are rendered again, and in an archive this small they are many.
    lists = sum(path.startswith(("entities/index.html", "entities/by_type/")) for path in incremental.changed)
    assert 0 < incremental.rendered - lists < (first.files - lists) / 2
    cold_root = tmp_path / "cold"
    shutil.copytree(root, cold_root, ignore=shutil.ignore_patterns("_site", ".site-cache"))
    cold = build_site(cold_root, search=True, use_cache=False)
    assert tree_digest(root / "_site") == tree_digest(cold.output)
    page = (root / "_site" / "articles" / "a0011" / "index.html").read_text(encoding="utf-8")
    assert "عنوان جديد تماما" in page
    assert not (root / "_site" / "articles" / "a0020").exists()


def test_template_change_renders_everything_again(make_site):
    root = make_site(many_articles(10))
    build_site(root)
    (root / "templates").mkdir()
    (root / "templates" / "article.html").write_text(
        "{% extends 'default:article.html' %}{% block title %}معدل — {{ super() }}{% endblock %}", encoding="utf-8")
    result = build_site(root)
    assert result.rendered == result.files
    assert "معدل" in (root / "_site" / "articles" / "a0003" / "index.html").read_text(encoding="utf-8")


def test_a_site_edited_by_hand_is_not_trusted(make_site):
    root = make_site(many_articles(10))
    build_site(root)
    (root / "_site" / ".site-builder").write_text("Built by site-builder\nsite 0000\n")
    (root / "_site" / "articles" / "a0001" / "index.html").write_text("تعديل يدوي")
    result = build_site(root)
    assert result.rendered == result.files
    assert "تعديل يدوي" not in (root / "_site" / "articles" / "a0001" / "index.html").read_text(encoding="utf-8")


def test_build_into_a_new_folder_can_reuse_the_previous_one(tmp_path):
    root = write_site(tmp_path / "site", many_articles(10))
    first = build_site(root, output=tmp_path / "one")
    edit(root, "content/a0002.md", "خبر رقم 2", "خبر معدل")
    second = build_site(root, output=tmp_path / "two", reuse_from=first.output)
    assert second.rendered < second.files / 2
    assert (tmp_path / "one" / "index.html").exists()
    assert "خبر معدل" in (tmp_path / "two" / "articles" / "a0002" / "index.html").read_text(encoding="utf-8")


def test_in_place_update_equals_a_cold_build_and_a_failure_changes_nothing(make_site, tmp_path):
    from site_builder.state.resident import Resident
    root = make_site(many_articles(30))
    memory = Resident()
    build_site(root, search=True, state=memory)
    edit(root, "content/a0004.md", "خبر رقم 4", "خبر محدث")
    (root / "content" / "a0009.md").unlink()
    updated = build_site(root, search=True, state=memory)
    assert updated.rendered < updated.files / 2
    cold_root = tmp_path / "cold"
    shutil.copytree(root, cold_root, ignore=shutil.ignore_patterns("_site", ".site-cache"))
    cold = build_site(cold_root, search=True, use_cache=False)
    assert tree_digest(root / "_site") == tree_digest(cold.output)
    before = tree_digest(root / "_site")
    (root / "templates").mkdir()
    (root / "templates" / "list.html").write_text("{{ missing_variable }}", encoding="utf-8")
    edit(root, "content/a0005.md", "خبر رقم 5", "لن يظهر")
    try:
        build_site(root, search=True, state=memory)
    except Exception as exc:
        assert type(exc).__name__ == "TemplateError"
    assert tree_digest(root / "_site") == before


def test_preview_keeps_its_site_while_an_article_is_saved_half_written(make_site, monkeypatch):
    from site_builder.preview.session import RebuildSession
    from site_builder.config import load_config
    from site_builder.errors import SiteError
    root = make_site({**many_articles(5), "content/old-bad.md": "---\ntitle: [x\n---\n"})
    monkeypatch.chdir(root)
    builds = RebuildSession()
    config = load_config(root / "site.toml", {"search": False})
    first = list(builds(config, root / "preview"))[-1]
    assert len(builds.state.tolerated_errors) == 1  # a file broken from the start does not stop the preview
    before = tree_digest(first.output)
    (root / "content" / "a0001.md").write_text("---\ntitle: نصف", encoding="utf-8")
    try:
        list(builds(config, root / "preview-2"))
        raise AssertionError("the half-written file should fail the rebuild")
    except SiteError as exc:
        assert "content/a0001.md:1: front matter is not closed" in str(exc)
    assert tree_digest(first.output) == before
    (root / "content" / "a0001.md").write_text("---\ntitle: كامل\n---\nنص كامل", encoding="utf-8")
    fixed = list(builds(config, root / "preview-3"))[-1]
    assert "كامل" in (fixed.output / "articles" / "a0001" / "index.html").read_text(encoding="utf-8")


def test_nothing_changed_leaves_the_site_untouched(make_site):
    root = make_site(many_articles(20))
    build_site(root, search=True)
    index = root / "_site" / "index.html"
    stamp = index.stat().st_ino, index.stat().st_mtime_ns
    again = build_site(root, search=True)
    assert again.rendered == 0 and again.files > 40
    assert (index.stat().st_ino, index.stat().st_mtime_ns) == stamp  # not even relinked
    (root / "static").mkdir()
    (root / "static" / "extra.txt").write_text("new static file")
    build_site(root, search=True)
    assert (root / "_site" / "extra.txt").read_text() == "new static file"


def test_a_build_with_the_same_inputs_skips_analysis_and_linking(make_site):
    root = make_site({**many_articles(20), "entities.toml": '[[suppress]]\ntext = "اسم لا يرد"\n'})
    cold = build_site(root, search=True)
    assert any("matched nothing" in w for w in cold.warnings)
    same = build_site(root, search=True)
    assert "analyse" not in same.timings and "render" not in same.timings
    assert (same.articles, same.entities, same.pages, same.files) == \
        (cold.articles, cold.entities, cold.pages, cold.files)
    assert same.warnings == cold.warnings  # the curation warning is repeated, not lost
    # A page removed by hand, or any input touched, means a real build again.
    (root / "_site" / "articles" / "a0003" / "index.html").unlink()
    again = build_site(root, search=True)
    assert "analyse" in again.timings and (root / "_site" / "articles" / "a0003" / "index.html").exists()
    (root / "static").mkdir()
    (root / "static" / "x.css").write_text("p {}")
    assert "analyse" in build_site(root, search=True).timings
    with open(root / "content" / "a0001.md", "a", encoding="utf-8") as article:
        article.write("\nفقرة جديدة.\n")
    assert "analyse" in build_site(root, search=True).timings


def test_a_changed_program_does_not_take_the_previous_site_as_its_own(make_site, monkeypatch):
    """«Nothing changed» hashes the builder's own source too: after a change of the program
    (a development checkout, an upgrade that kept its version) the build runs its stages."""
    from site_builder.state import pages
    root = make_site({"content/a.md": "---\ntitle: خبر\n---\nزار فلاديمير بوتين موسكو.\n"})
    build_site(root)
    assert [name for name, *_ in build_site(root).timeline] == ["read"]
    monkeypatch.setattr(pages, "code_digest", lambda: "a changed program")
    assert "link" in [name for name, *_ in build_site(root).timeline]


def cached_analyses(root) -> int:
    import sqlite3
    with sqlite3.connect(root / ".site-cache" / "analysis.sqlite") as db:
        return db.execute("SELECT COUNT(*) FROM analysis").fetchone()[0]


def test_the_analysis_cache_forgets_what_two_builds_did_not_use(make_site):
    root = make_site(many_articles(6))
    build_site(root)
    assert cached_analyses(root) == 6
    edit(root, "content/a0001.md", "خبر رقم 1", "عنوان جديد")
    (root / "content" / "a0002.md").unlink()
    build_site(root)
    assert cached_analyses(root) == 7  # the previous build's analyses stay for one more build
    (root / "content" / "a0003.md").write_text("---\ntitle: تعديل\n---\nنص آخر.\n", encoding="utf-8")
    build_site(root)
    assert cached_analyses(root) == 5 + 1  # this build's five, and a0003 as the build before read it


def test_another_configuration_and_back_analyses_nothing_again(make_site, monkeypatch):
    from site_builder import analyse
    analysed = []
    real = analyse.analyse_batch
    monkeypatch.setattr(analyse, "analyse_batch", lambda r, docs: analysed.extend(docs) or real(r, docs))
    root = make_site(many_articles(4))
    build_site(root)
    config = root / "site.toml"
    config.write_text(config.read_text(encoding="utf-8") + '[entities]\nmodel = ""\n', encoding="utf-8")
    build_site(root)  # the rules alone: other analyses
    assert cached_analyses(root) == 8
    config.write_text(config.read_text(encoding="utf-8").replace('[entities]\nmodel = ""\n', ""), encoding="utf-8")
    assert len(analysed) == 8
    build_site(root)
    assert len(analysed) == 8 and cached_analyses(root) == 8
