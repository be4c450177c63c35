"""The recogniser's tables, kept between processes in the user's cache folder.

Building the recogniser's tables from the shipped lists and the model takes
about 1.4 s; reading them back from one pickle takes about 0.2 s. Every build
process pays that cost once (a one-article site builds in half the time with
the tables cached), and so does every Dask worker that receives a recogniser.
The tables are the same for every site of one installation, so they live in
the user's cache folder (``$XDG_CACHE_HOME/site-builder``, else
``~/.cache/site-builder``), not in a site's ``.site-cache``.

The key is a hash of everything the tables are made from: the package's own
files (code and data), the model's bytes and the site's curated names. An
edited list or a new version of the code is a new key, never a stale table.
A folder that cannot be written, or a file that cannot be read, is a miss: the
tables are then built as before, and the build never fails because of this cache.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
from pathlib import Path
from typing import Any, Callable

log = logging.getLogger(__name__)

PACKAGE_DIR = Path(__file__).resolve().parent.parent
KEEP = 4
"""Table files kept in the folder (the newest); older keys are removed."""

_package_digest: str | None = None
_loaded: dict[str, Any] = {}


def cache_folder() -> Path:
    """The user's cache folder of this tool."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "site-builder"


def package_digest() -> str:
    """Hash of the package's files (about 10 ms; once per process)."""
    global _package_digest
    if _package_digest is None:
        digest = hashlib.sha256()
        for path in sorted(PACKAGE_DIR.rglob("*")):
            if path.is_file() and path.suffix != ".pyc" and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(PACKAGE_DIR)).encode() + b"\0" + path.read_bytes())
        _package_digest = digest.hexdigest()
    return _package_digest


def cached_tables(kind: str, inputs: str, make: Callable[[], Any]) -> Any:
    """``make()``, or what it returned before for the same ``inputs`` and package files.

    ``kind`` names the file (``kind-KEY.pickle``); ``inputs`` is a string that
    changes whenever ``make`` would return something else for reasons outside
    the package (a model file elsewhere, the site's curation).
    """
    key = hashlib.sha256(f"{package_digest()}\0{inputs}".encode()).hexdigest()[:24]
    if key in _loaded:
        return _loaded[key]
    path = cache_folder() / f"{kind}-{key}.pickle"
    tables = _read(path)
    if tables is None:
        tables = make()
        _write(path, tables)
    _loaded[key] = tables
    return tables


def _read(path: Path) -> Any:
    try:
        with open(path, "rb") as handle:
            return pickle.load(handle)
    except FileNotFoundError:
        return None
    except Exception as exc:  # a damaged or foreign file is only a miss
        log.info("recogniser tables not read from %s (%s); building them", path, exc)
        return None


def _write(path: Path, tables: Any) -> None:
    scratch = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(scratch, "wb") as handle:
            pickle.dump(tables, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(scratch, path)  # readers see a whole file or none
        _prune(path)
    except OSError as exc:
        log.info("recogniser tables not kept in %s (%s)", path.parent, exc)
        try:
            scratch.unlink(missing_ok=True)
        except OSError:
            pass  # no folder, no scratch file


def _prune(kept: Path) -> None:
    """Remove the older files of the same kind beyond the newest ``KEEP``."""
    kind = kept.name.rsplit("-", 1)[0]
    files = sorted(kept.parent.glob(f"{kind}-*.pickle"), key=_mtime, reverse=True)
    for old in files[KEEP:]:
        if old != kept:
            old.unlink(missing_ok=True)


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0
