"""The archive as data: data/archive.sqlite.xz, the CSV files on request, and the queries README.md
shows."""

from __future__ import annotations

import csv
import gzip
import lzma
import re
import sqlite3

import pytest

from conftest import REPO, build_site, open_archive, write_site
from site_builder.errors import ConfigError
from test_syndication import _copies

TABLES = ["sources", "articles", "entities", "aliases", "sentences", "mentions", "cooccurrences", "syndication"]


def readme_queries() -> list[str]:
    """The SQL blocks of README.md's "Data for analysis" section, as a reader copies them."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text.split("\n## Data for analysis\n", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sql\n(.*?)```", section, re.S)


WITH_CSV = 'title = "أرشيف"\n[data]\ncsv = true\n'


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    root = write_site(tmp_path_factory.mktemp("data") / "site", _copies(), WITH_CSV)
    result = build_site(root)
    assert not result.errors
    return result.output


def test_every_query_the_readme_shows_answers(archive):
    queries = readme_queries()
    assert len(queries) >= 5
    db = open_archive(archive / "data" / "archive.sqlite.xz")
    for query in queries:
        assert db.execute(query).fetchall(), query
    assert 'href="/data/"' in (archive / "index.html").read_text(encoding="utf-8")  # every footer
    page = (archive / "data" / "index.html").read_text(encoding="utf-8")
    assert 'href="/data/archive.sqlite.xz"' in page and 'href="/data/mentions.csv.gz"' in page


def test_mentions_in_context_give_the_name_inside_its_sentence(archive):
    db = open_archive(archive / "data" / "archive.sqlite.xz")
    rows = db.execute("SELECT surface, sentence, sentence_offset, entity_name FROM mentions_in_context").fetchall()
    assert rows and all(sentence[offset:offset + len(surface)] == surface for surface, sentence, offset, _ in rows)
    assert ("باكستان", "باكستان") in {(surface, name) for surface, _, _, name in rows}
    # a sentence is stored once, however many copies print it
    texts = [t for t, in db.execute("SELECT text FROM sentences")]
    assert len(texts) == len(set(texts))


def test_syndication_table_groups_the_copies(archive):
    db = open_archive(archive / "data" / "archive.sqlite.xz")
    rows = db.execute("SELECT a.slug, f.slug, y.position FROM syndication y JOIN articles a ON a.id = y.article "
                      "JOIN articles f ON f.id = y.story ORDER BY y.position").fetchall()
    assert rows == [("okaz-1", "okaz-1", 0), ("was-1", "okaz-1", 1), ("madina-1", "okaz-1", 2),
                    ("watan-1", "okaz-1", 3)]


def test_csv_files_hold_the_same_rows_as_the_database(archive):
    db = open_archive(archive / "data" / "archive.sqlite.xz")
    for table in TABLES:
        with gzip.open(archive / "data" / f"{table}.csv.gz", "rt", encoding="utf-8", newline="") as f:
            header, *rows = list(csv.reader(f))
        columns = [name for _, name, *_ in db.execute(f"PRAGMA table_info({table})")]
        assert header == columns, table
        stored = db.execute(f"SELECT * FROM {table}").fetchall()
        assert rows == [["" if v is None else str(v) for v in row] for row in stored], table


def test_the_database_is_the_same_bytes_for_the_same_archive(archive, tmp_path):
    again = build_site(write_site(tmp_path / "again", _copies(), WITH_CSV))
    for name in ["archive.sqlite.xz", "mentions.csv.gz"]:
        assert (again.output / "data" / name).read_bytes() == (archive / "data" / name).read_bytes()


def test_it_is_a_plain_sqlite_file_once_decompressed(archive, tmp_path):
    """What a reader does with the download: ``xz -dk archive.sqlite.xz``, then open the file."""
    path = tmp_path / "archive.sqlite"
    path.write_bytes(lzma.decompress((archive / "data" / "archive.sqlite.xz").read_bytes()))
    assert path.read_bytes()[:16] == b"SQLite format 3\x00"
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    plan = " ".join(row[-1] for row in db.execute(
        "EXPLAIN QUERY PLAN SELECT * FROM mentions WHERE entity = 1"))
    assert "mentions_entity" in plan


def test_by_default_the_database_is_written_without_the_csv_files(make_site):
    out = build_site(make_site(_copies())).output
    assert sorted(p.name for p in (out / "data").iterdir()) == ["archive.sqlite.xz", "index.html"]
    page = (out / "data" / "index.html").read_text(encoding="utf-8")
    assert "archive.sqlite.xz" in page and ".csv.gz" not in page


def test_the_switch_turns_the_data_off(make_site):
    root = make_site(_copies(), 'title = "أرشيف"\n[data]\narchive = false\ncsv = true\n')
    out = build_site(root).output
    assert [p.name for p in (out / "data").iterdir()] == ["index.html"]  # the page of feeds, no data files
    assert "archive.sqlite" not in (out / "data" / "index.html").read_text(encoding="utf-8")


def test_a_misspelt_data_option_is_named(make_site):
    root = make_site({}, "[data]\narchiv = false\n")
    with pytest.raises(ConfigError, match=r"data\.archiv.*did you mean 'data\.archive'"):
        build_site(root)
