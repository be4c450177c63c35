import pytest

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
