"""Make Pagefind's bundle byte-identical from one build to the next.

Pagefind 1.5 writes filter values (and the list of filters in its metadata
file) in hash-map order, which changes from run to run, and names each file
after a hash of its content. Everything else it writes is stable. We sort
those lists, and rename the rewritten files after a hash of their new
content, updating the references (filters → metadata → entry file).

The metadata file, which every first search downloads whole, lists each
page's fragment by name. Pagefind's names are content hashes, which do not
compress (about 7 bytes a page). We rename the fragments to one tag for the
whole bundle, itself a hash of all the fragment names, plus the page number:
names that compress to about 2 bytes a page, and that still change whenever
any page does, so no stale fragment is ever served from a cache.
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
        meta[1] = _compact_fragments(bundle / "fragment", language, meta[1])
        data = _encode(meta)
        info["hash"] = _name(language, data, 10)
        meta_path.unlink()
        (bundle / f"pagefind.{info['hash']}.pf_meta").write_bytes(data)
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def _compact_fragments(folder: Path, language: str, pages: list) -> list:
    """Rename page fragments to ``<language>_<tag>.<page number>``; returns the new page list."""
    tag = hashlib.sha256("\n".join(name for name, _ in pages).encode("utf-8")).hexdigest()[:8]
    names: dict[str, str] = {}  # two identical pages share one fragment
    renamed = []
    for number, (old, words) in enumerate(pages):
        if old not in names:
            names[old] = f"{language}_{tag}.{number:x}"
            (folder / f"{old}.pf_fragment").rename(folder / f"{names[old]}.pf_fragment")
        renamed.append([names[old], words])
    return renamed
