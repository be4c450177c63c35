"""Make Pagefind's bundle byte-identical from one build to the next.

Pagefind 1.5 writes filter values (and the list of filters in its metadata
file) in hash-map order, which changes from run to run, and names each file
after a hash of its content. Everything else it writes is stable. We sort
those lists, and rename the rewritten files after a hash of their new
content, updating the references (filters → metadata → entry file).
"""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path

import cbor2

_MAGIC = b"pagefind_dcd"


def _read(path: Path):
    raw = gzip.decompress(path.read_bytes())
    if not raw.startswith(_MAGIC):
        raise ValueError(f"{path.name} is not a Pagefind data file")
    return cbor2.loads(raw[len(_MAGIC):])


def _encode(value) -> bytes:
    return gzip.compress(_MAGIC + cbor2.dumps(value), mtime=0)


def _name(prefix: str, data: bytes, digits: int) -> str:
    return f"{prefix}_{hashlib.sha256(data).hexdigest()[:digits]}"


def canonicalise(bundle: Path) -> None:
    """Sort filter values and filters in every language index of ``bundle``."""
    entry_path = bundle / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    for language, info in entry["languages"].items():
        meta_path = bundle / f"pagefind.{info['hash']}.pf_meta"
        meta = _read(meta_path)
        filters = meta[3]
        renamed = []
        for key, old in filters:
            old_path = bundle / "filter" / f"{old}.pf_filter"
            name, values = _read(old_path)
            data = _encode([name, sorted(values, key=lambda item: item[0])])
            new = _name(language, data, 7)
            old_path.unlink()
            (bundle / "filter" / f"{new}.pf_filter").write_bytes(data)
            renamed.append([key, new])
        meta[3] = sorted(renamed, key=lambda item: item[0])
        data = _encode(meta)
        info["hash"] = _name(language, data, 10)
        meta_path.unlink()
        (bundle / f"pagefind.{info['hash']}.pf_meta").write_bytes(data)
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
