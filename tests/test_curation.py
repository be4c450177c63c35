"""entities.toml: the format a site owner writes, and the errors they see."""

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import build_site
from site_builder.link.curation import Curation, load_curation, parse_curation
from site_builder.errors import CurationError

EXAMPLE = """\
# corrections for this archive
[[entity]]
name = "مركز الملك فيصل للبحوث"
type = "organization"
aliases = ["مركز الملك فيصل"]

[[merge]]
name = "كوريا الشمالية"
aliases = ["بيونغ يانغ"]

[[split]]
name = "عبدالله"

[[rename]]
name = "بوتين"
to = "فلاديمير بوتين"

[[retype]]
name = "المنتدى الاقتصادي الشرقي"
type = "misc"

[[suppress]]
text = "الغرب"

[[suppress]]
text = "أمل"
article = "2015-07-21-amal"
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "entities.toml"
    path.write_text(text, encoding="utf-8")
    return path


def error_for(tmp_path: Path, text: str) -> CurationError:
    with pytest.raises(CurationError) as info:
        load_curation(write(tmp_path, text))
    return info.value


def test_missing_file_is_an_empty_curation(tmp_path):
    curation = load_curation(tmp_path / "entities.toml")
    assert curation == Curation()
    assert curation.rules == () and curation.digest == ""


def test_every_kind_of_rule_is_read_in_file_order(tmp_path):
    curation = load_curation(write(tmp_path, EXAMPLE))
    assert [(r.kind, r.line) for r in curation.rules] == [
        ("entity", 2), ("merge", 7), ("split", 11), ("rename", 14), ("retype", 18),
        ("suppress", 22), ("suppress", 25)]
    entity, merge, split, rename, retype, hide_all, hide_one = curation.rules
    assert (entity.name, entity.type, entity.aliases) == (
        "مركز الملك فيصل للبحوث", "organization", ("مركز الملك فيصل",))
    assert (merge.name, merge.aliases) == ("كوريا الشمالية", ("بيونغ يانغ",))
    assert (split.name, split.type) == ("عبدالله", None)
    assert (rename.name, rename.to) == ("بوتين", "فلاديمير بوتين")
    assert (retype.name, retype.type) == ("المنتدى الاقتصادي الشرقي", "misc")
    assert (hide_all.name, hide_all.article) == ("الغرب", None)
    assert (hide_one.name, hide_one.article) == ("أمل", "2015-07-21-amal")


def test_recogniser_learns_added_names(tmp_path):
    curation = load_curation(write(tmp_path, EXAMPLE))
    assert curation.recogniser_names() == (
        ("organization", ("مركز الملك فيصل للبحوث", "مركز الملك فيصل")),)


def test_digest_follows_the_file_bytes(tmp_path):
    first = load_curation(write(tmp_path, EXAMPLE)).digest
    same = load_curation(write(tmp_path, EXAMPLE)).digest
    other = load_curation(write(tmp_path, EXAMPLE + "\n[[suppress]]\ntext = \"الشرق\"\n")).digest
    assert first == same != other and len(first) == 16


@pytest.mark.parametrize("text, line, message, hint", [
    ('[[merge]]\nname = "أ"\naliases = ["ب"]\n\n[[supress]]\ntext = "x"\n',
     5, "unknown rule [[supress]]", "did you mean [[suppress]]?"),
    ('[[entity]]\nname = "أ"\ntype = "person"\nalias = ["ب"]\n',
     4, "unknown key 'alias' in [[entity]]", "did you mean aliases?"),
    ('[[retype]]\nname = "أ"\ntype = "organisation"\n',
     3, "unknown entity type 'organisation'", 'did you mean "organization"?'),
    ('[[rename]]\nname = "أ"\n', 1, "[[rename]] needs 'to'", 'add to = "..."'),
    ('[[merge]]\nname = "أ"\naliases = "ب"\n',
     3, "aliases in [[merge]] must be a list of names", None),
    ('[[suppress]]\ntext = ""\n', 2, "text in [[suppress]] must be a non-empty text", None),
    ('[[entity]]\nname = "أ\n', 2, "invalid TOML", None),
    ('merge = "x"\n', 1, "merge must be written as [[merge]] tables", None),
])
def test_mistakes_name_the_line_and_a_fix(tmp_path, text, line, message, hint):
    err = error_for(tmp_path, text)
    assert err.line == line
    assert err.message.startswith(message)
    if hint:
        assert err.hint == hint
    assert str(err).startswith(f"{tmp_path / 'entities.toml'}:{line}: ")


def test_second_table_of_a_kind_is_located(tmp_path):
    err = error_for(tmp_path, '[[split]]\nname = "أ"\n\n[[split]]\nname = "ب"\ntipe = "person"\n')
    assert err.line == 6 and err.hint == "did you mean type?"


def test_non_utf8_file_is_refused(tmp_path):
    path = tmp_path / "entities.toml"
    path.write_bytes('[[suppress]]\ntext = "ا"\n'.encode("cp1256"))
    with pytest.raises(CurationError, match="UTF-8"):
        load_curation(path)


def test_parse_matches_load(tmp_path):
    assert parse_curation(EXAMPLE.encode(), tmp_path / "entities.toml") == \
        load_curation(write(tmp_path, EXAMPLE))


SEVERAL_MISTAKES = """\
[[entity]]
name = "أ"
type = "persn"
alias = ["ب"]

[[supress]]
text = "x"

[[rename]]
name = "ب"
"""


def test_every_mistake_is_reported_at_once_in_file_order(tmp_path):
    err = error_for(tmp_path, SEVERAL_MISTAKES)
    where = tmp_path / "entities.toml"
    assert str(err).splitlines() == [
        f'{where}:3: unknown entity type \'persn\' (did you mean "person"?)',
        f"{where}:4: unknown key 'alias' in [[entity]] (did you mean aliases?)",
        f"{where}:6: unknown rule [[supress]] (did you mean [[suppress]]?)",
        f'{where}:9: [[rename]] needs \'to\' (add to = "...")']
    assert (err.line, err.hint) == (3, 'did you mean "person"?')


def test_the_build_command_reports_all_mistakes_and_keeps_the_site(make_site):
    root = make_site({"content/a.md": "---\ntitle: خبر\ndate: 2015-07-21\n---\nنص الخبر.\n"})
    build_site(root)
    before = (root / "_site" / "index.html").read_bytes()
    (root / "entities.toml").write_text(SEVERAL_MISTAKES, encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "site_builder", "build"], cwd=root,
                         capture_output=True, text=True)
    assert run.returncode == 2 and "Traceback" not in run.stderr
    for line in (3, 4, 6, 9):
        assert f"entities.toml:{line}: " in run.stderr
    assert (root / "_site" / "index.html").read_bytes() == before
