"""The archive as data for other programs: ``data/archive.sqlite.xz``, and on request one
``.csv.gz`` per table.

The database is written like every other file of the build (into the staging
folder, swapped in whole). Its rows are made twice, once to key the file and once to
write it (0.3 s per 3,000 articles), rather than held from planning to the end of
the render (18.5 MiB per 3,000 articles); the database is made in a scratch file and
compressed from there, not in memory. The same rows give the same bytes: rows go in
sorted, indexes are made after them, and neither SQLite, xz nor gzip is given a
time to record. Its schema (``SCHEMA``) is documented in README.md
("Data for analysis"), whose example queries a test runs on a built site.

Why compressed, and why the CSV files are not written by default: at 30,000
articles the database is 81 MB (its sentences are 59 MB of Arabic text), and
the same tables as CSV another 23 MB; with them the site no longer fits the
size a static host allows for the archive's growth (see "Size limits" in
README.md). As xz the database is a fifth of its size, and one command
(``xz -dk``, or 7-Zip) gives the file Datasette, pandas and R open. The CSV
files repeat the database row for row, so they are an option (``data.csv``).
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import lzma
import sqlite3
import tempfile
from pathlib import Path
from typing import Iterator

from site_builder.model import PlannedFile, SiteGraph
from site_builder.render.data_tables import Table, archive_tables

SCHEMA = """
CREATE TABLE sources (id TEXT PRIMARY KEY, name TEXT NOT NULL, url TEXT, articles INTEGER NOT NULL)
  WITHOUT ROWID;
CREATE TABLE articles (id INTEGER PRIMARY KEY, slug TEXT NOT NULL, title TEXT NOT NULL, date TEXT,
  time TEXT, source TEXT REFERENCES sources (id), dateline TEXT, author TEXT, url TEXT);
CREATE TABLE entities (id INTEGER PRIMARY KEY, slug TEXT NOT NULL, name TEXT NOT NULL, type TEXT NOT NULL,
  mentions INTEGER NOT NULL, articles INTEGER NOT NULL, first_seen TEXT, last_seen TEXT);
CREATE TABLE aliases (entity INTEGER NOT NULL REFERENCES entities (id), alias TEXT NOT NULL,
  PRIMARY KEY (entity, alias)) WITHOUT ROWID;
CREATE TABLE sentences (id INTEGER PRIMARY KEY, text TEXT NOT NULL);
CREATE TABLE mentions (article INTEGER NOT NULL REFERENCES articles (id), start INTEGER NOT NULL,
  stop INTEGER NOT NULL, entity INTEGER NOT NULL REFERENCES entities (id),
  sentence INTEGER NOT NULL REFERENCES sentences (id), sentence_offset INTEGER NOT NULL,
  PRIMARY KEY (article, start)) WITHOUT ROWID;
CREATE TABLE cooccurrences (entity INTEGER NOT NULL REFERENCES entities (id),
  other INTEGER NOT NULL REFERENCES entities (id), articles INTEGER NOT NULL,
  PRIMARY KEY (entity, other)) WITHOUT ROWID;
CREATE TABLE syndication (article INTEGER PRIMARY KEY REFERENCES articles (id),
  story INTEGER NOT NULL REFERENCES articles (id), position INTEGER NOT NULL);
"""
INDEXES = """
CREATE INDEX mentions_entity ON mentions (entity);
CREATE INDEX syndication_story ON syndication (story);
CREATE VIEW mentions_in_context AS
SELECT m.article, a.slug, a.date, a.source, m.entity, e.name AS entity_name, e.type,
       substr(s.text, m.sentence_offset + 1, m.stop - m.start) AS surface, s.text AS sentence, m.sentence_offset
FROM mentions AS m JOIN articles AS a ON a.id = m.article JOIN entities AS e ON e.id = m.entity
     JOIN sentences AS s ON s.id = m.sentence;
"""
PAGE_SIZE = 16384
"""Measured on the SaudiNewsNet archive: 4 % smaller than 4096 (its sentences fill the pages better)."""


DATABASE = "data/archive.sqlite.xz"
XZ_PRESET = 6
"""Measured on the 81 MB database of 30,000 articles: preset 6 gives 15.9 MB in 45 s of one
core, 3 gives 21.6 MB in 12 s, 2 gives 22.5 MB in 7.5 s, gzip -6 27.5 MB. The file is slow
(``PlannedFile.slow``): it is compressed while the search index is built, which leaves
a core partly idle, and a rebuild keeps it while the archive is unchanged."""


def data_files(graph: SiteGraph, archive: bool = True, csv_files: bool = False) -> Iterator[PlannedFile]:
    """The compressed database, and the CSV files when ``csv_files`` is on (nothing when
    ``archive`` is off); each keyed by a hash of its rows, so an unchanged archive keeps its
    files."""
    if not archive:
        return
    tables = archive_tables(graph)
    digest = hashlib.blake2b(SCHEMA.encode() + INDEXES.encode(), digest_size=16)
    for table in tables:
        digest.update(repr((table.name, table.columns, table.rows)).encode())
    key = ("archive", digest.hexdigest())
    yield PlannedFile(DATABASE, key, lambda: database_xz(archive_tables(graph)), slow=True)
    if not csv_files:
        return  # the rows are made again when the database is written
    for table in tables:
        yield PlannedFile(f"data/{table.name}.csv.gz", (key, table.name), lambda table=table: csv_gz_bytes(table))


def database_xz(tables: list[Table]) -> bytes:
    """The database holding ``tables`` as an .xz file, made in a scratch file."""
    with tempfile.TemporaryDirectory(prefix="site-builder-data-") as scratch:
        path = Path(scratch) / "archive.sqlite"
        write_database(tables, path)
        return xz_file(path)


def write_database(tables: list[Table], path: Path) -> None:
    """The database file holding ``tables`` at ``path``."""
    db = sqlite3.connect(path)
    try:
        db.execute(f"PRAGMA page_size = {PAGE_SIZE}")
        db.executescript(SCHEMA)
        with db:
            for table in tables:
                marks = ", ".join("?" * len(table.columns))
                db.executemany(f"INSERT INTO {table.name} ({', '.join(table.columns)}) VALUES ({marks})", table.rows)
        db.executescript(INDEXES)
        db.execute("ANALYZE")  # the statistics let a query on a name use the index (0.6 s to 6 ms)
        db.execute("VACUUM")  # pages in order, none free
    finally:
        db.close()


def xz_file(path: Path) -> bytes:
    """The file at ``path`` as an .xz file (LZMA2, CRC64: what ``xz -d`` and 7-Zip read),
    read a megabyte at a time."""
    compressor = lzma.LZMACompressor(format=lzma.FORMAT_XZ, preset=XZ_PRESET)
    parts = []
    with path.open("rb") as data:
        while chunk := data.read(1 << 20):
            parts.append(compressor.compress(chunk))
    parts.append(compressor.flush())
    return b"".join(parts)


def csv_gz_bytes(table: Table) -> bytes:
    """The table as UTF-8 CSV with a header line, gzip-compressed (no time in the header)."""
    text = io.StringIO(newline="")
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(table.columns)
    writer.writerows(table.rows)
    return gzip.compress(text.getvalue().encode("utf-8"), compresslevel=6, mtime=0)  # 9: 3 % smaller, 3 times slower
