"""Per-article analysis cache, keyed by content hash.

Analysis (Markdown, entity recognition) is the expensive per-article step; an
unchanged article is never analysed twice. The cache is one SQLite file, so
31,000 entries are not 31,000 small files. A missing, corrupt or old cache is
just a miss: the build never fails because of it.

The cache remembers the last build that used each entry (``keep``), and an entry that
neither this build nor the one before used is removed: without that the file
grew by a whole archive's analyses with every new version of the recogniser and
kept every old version of an edited article (five versions, 1.4 GB, at 30,000
articles). Two builds, so that trying another configuration and coming back
does not analyse the archive again.
"""

from __future__ import annotations

import logging
import pickle
import sqlite3
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)


class AnalysisCache:
    def __init__(self, folder: Path | None):
        self._db: sqlite3.Connection | None = None
        if folder is None:
            return
        try:
            folder.mkdir(parents=True, exist_ok=True)
            self._db = self._open(folder / "analysis.sqlite")
        except (OSError, sqlite3.Error) as exc:
            log.warning("analysis cache disabled (%s); everything will be analysed", exc)

    @staticmethod
    def _open(path: Path) -> sqlite3.Connection:
        try:
            db = sqlite3.connect(path)
            _create(db)
        except sqlite3.DatabaseError:
            path.unlink(missing_ok=True)  # not a database: start afresh
            db = sqlite3.connect(path)
            _create(db)
        return db

    def get_many(self, keys: list[str]) -> dict[str, Any]:
        if self._db is None or not keys:
            return {}
        found: dict[str, Any] = {}
        try:
            for start in range(0, len(keys), 500):
                chunk = keys[start:start + 500]
                marks = ",".join("?" * len(chunk))
                for key, blob in self._db.execute(f"SELECT key, value FROM analysis WHERE key IN ({marks})", chunk):
                    try:
                        found[key] = pickle.loads(blob)
                    except Exception:  # an entry from another version of the tool: a miss
                        continue
        except sqlite3.Error as exc:
            log.warning("analysis cache unreadable (%s); re-analysing", exc)
        return found

    def put_many(self, items: dict[str, Any]) -> None:
        if self._db is None or not items:
            return
        try:
            with self._db:
                self._db.executemany("INSERT OR REPLACE INTO analysis VALUES (?, ?)",
                                     ((k, pickle.dumps(v, protocol=pickle.HIGHEST_PROTOCOL))
                                      for k, v in items.items()))
        except sqlite3.Error as exc:
            log.warning("analysis cache not updated (%s)", exc)

    def keep(self, keys: list[str]) -> None:
        """Mark ``keys`` as the current build's, and remove the entries that neither this
        build nor the previous one used (``keys`` must be the whole archive's). The marks
        are a table of their own, so marking never rewrites the analyses."""
        if self._db is None:
            return
        try:
            with self._db:
                build = self._db.execute("SELECT COALESCE(MAX(build), 0) + 1 FROM uses").fetchone()[0]
                self._db.executemany("INSERT OR REPLACE INTO uses VALUES (?, ?)", ((key, build) for key in keys))
                self._db.execute("DELETE FROM uses WHERE build < ?", (build - 1,))
                self._db.execute("DELETE FROM analysis WHERE key NOT IN (SELECT key FROM uses)")
            pages, free = (self._db.execute(f"PRAGMA {name}").fetchone()[0] for name in ("page_count", "freelist_count"))
            if free > pages // 2:  # most of the file is gone: give the disk back
                self._db.execute("VACUUM")
        except sqlite3.Error as exc:
            log.warning("analysis cache not tidied (%s)", exc)

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None


def _create(db: sqlite3.Connection) -> None:
    db.execute("CREATE TABLE IF NOT EXISTS analysis (key TEXT PRIMARY KEY, value BLOB)")
    db.execute("CREATE TABLE IF NOT EXISTS uses (key TEXT PRIMARY KEY, build INTEGER)")
