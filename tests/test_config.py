import pickle
import subprocess
import sys

import pytest

from conftest import build_site
from site_builder.config import load_config
from site_builder.errors import ConfigError


def write(tmp_path, text):
    path = tmp_path / "site.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_without_a_file(tmp_path):
    config = load_config(root=tmp_path)
    assert config.output == "_site"
    assert config.content == ("seeds", "content")
    assert config.base_url.endswith("/")


def test_unknown_option_suggests_the_right_name(tmp_path):
    with pytest.raises(ConfigError) as caught:
        load_config(write(tmp_path, 'titel = "x"\n'))
    assert "unknown option 'titel'" in str(caught.value)
    assert "did you mean 'title'" in str(caught.value)
    assert "site.toml" in str(caught.value)


def test_unknown_nested_option(tmp_path):
    with pytest.raises(ConfigError, match=r"entities\.curaton.*did you mean 'entities\.curation'"):
        load_config(write(tmp_path, '[entities]\ncuraton = "x.toml"\n'))


def test_wrong_type_names_the_option(tmp_path):
    with pytest.raises(ConfigError, match="option 'per_page' must be a whole number"):
        load_config(write(tmp_path, 'per_page = "ten"\n'))


def test_invalid_toml_names_the_line(tmp_path):
    with pytest.raises(ConfigError) as caught:
        load_config(write(tmp_path, 'title = "ok"\nbase_url = \n'))
    assert caught.value.line == 2


def test_base_url_must_end_with_slash(tmp_path):
    with pytest.raises(ConfigError, match="must end with '/'"):
        load_config(write(tmp_path, 'base_url = "https://u.github.io/archive"\n'))


def test_command_line_override_wins(tmp_path):
    config = load_config(write(tmp_path, 'base_url = "http://a/"\n'), {"base_url": "https://u.github.io/r/"})
    assert config.base_url == "https://u.github.io/r/"
    assert config.root == tmp_path


THREE_MISTAKES = 'titel = "x"\nper_page = "ten"\nbase_url = "https://u.github.io/archive"\n'


def test_every_mistake_is_reported_at_once(tmp_path):
    with pytest.raises(ConfigError) as caught:
        load_config(write(tmp_path, THREE_MISTAKES))
    where = tmp_path / "site.toml"
    assert str(caught.value).splitlines() == [
        f"{where}: unknown option 'titel' (did you mean 'title'?)",
        f"{where}: option 'per_page' must be a whole number, not 'ten'",
        f"{where}: option 'base_url' must end with '/': 'https://u.github.io/archive' "
        "(use 'https://u.github.io/archive/')"]
    assert len(caught.value.problems) == 3
    assert caught.value.message == "unknown option 'titel'"


def test_a_wrong_option_keeps_its_default_for_the_checks(tmp_path):
    """per_page of the wrong type is one mistake, not also 'must be at least 1'."""
    with pytest.raises(ConfigError) as caught:
        load_config(write(tmp_path, 'per_page = "ten"\n[entities]\nrelated = "5"\n'))
    assert [p.message for p in caught.value.problems] == [
        "option 'per_page' must be a whole number, not 'ten'",
        "option 'entities.related' must be a whole number, not '5'"]


def test_all_problems_survive_a_worker_process(tmp_path):
    with pytest.raises(ConfigError) as caught:
        load_config(write(tmp_path, THREE_MISTAKES))
    copy = pickle.loads(pickle.dumps(caught.value))
    assert type(copy) is ConfigError and str(copy) == str(caught.value)


def test_the_build_command_reports_all_mistakes_and_keeps_the_site(make_site):
    root = make_site({"content/a.md": "---\ntitle: خبر\ndate: 2015-07-21\n---\nنص الخبر.\n"})
    build_site(root)
    before = (root / "_site" / "index.html").read_bytes()
    (root / "site.toml").write_text(THREE_MISTAKES, encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "site_builder", "build"], cwd=root,
                         capture_output=True, text=True)
    assert run.returncode == 2 and "Traceback" not in run.stderr
    assert "unknown option 'titel' (did you mean 'title'?)" in run.stderr
    assert "option 'per_page' must be a whole number" in run.stderr
    assert "option 'base_url' must end with '/'" in run.stderr
    assert (root / "_site" / "index.html").read_bytes() == before


def test_extra_css_and_js_are_files_of_the_static_folder(tmp_path):
    (tmp_path / "static" / "css").mkdir(parents=True)
    (tmp_path / "static" / "css" / "extra.css").write_text("", encoding="utf-8")
    config = load_config(write(tmp_path, 'extra_css = "css/extra.css"\n'))
    assert config.extra_css == ("css/extra.css",) and config.extra_js == ()
    for value in ("https://cdn.example.com/x.css", "/css/extra.css", "../static/css/extra.css"):
        with pytest.raises(ConfigError, match="option 'extra_css' must list paths inside the static folder"):
            load_config(write(tmp_path, f'extra_css = ["{value}"]\n'))
    with pytest.raises(ConfigError, match="option 'extra_js': 'js/x.js' is not a file in the static folder"):
        load_config(write(tmp_path, 'extra_js = ["js/x.js"]\n'))
