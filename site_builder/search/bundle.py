"""Make Pagefind's bundle byte-identical from one build to the next.

Pagefind 1.5 writes filter values (and the list of filters in its metadata
file) in hash-map order, which changes from run to run, and names each file
after a hash of its content. Everything else it writes is stable. We sort
those lists, and rename the rewritten files after a hash of their new
content, updating the references (filters → metadata → entry file).

The metadata file, which every first search downloads whole, lists each
page's fragment by name. Pagefind's names are content hashes, which do not
compress (about 7 bytes a page). We rename the fragments to one tag for the
whole bundle, itself a hash of all the fragment names, plus the article's rank
in the archive, newest first: names that compress to about 2.5 bytes a page,
that still change whenever any page does (so no stale fragment is ever served
from a cache), and that let the search page put results in date order from
their names alone (a result's ``id`` is its fragment's name). Pagefind's own
sort list would cost 2.2 bytes a page more in the metadata (33 KB for 15,000).

A query downloads, for each of its words, the one word-index chunk whose
range holds it. Pagefind closes a chunk once it has grown past a size, so the
words sorted just before a very common one share its chunk: «امير» came with
«ان», 150 KB for a word of 25 KB. We split the chunks that hold such a word
(``_rechunk``) so that it is alone in its own: a word never brings a bigger
neighbour with it.

Pagefind also matches the words a query word begins (its extensions: «مسيول»
finds «مسيولية»), but only those in the one chunk it loads, and it closes a
chunk right after a very common word, so that word's extensions start the next
chunk: «مسؤول» found 275 articles more than «مسئول» for that alone. We move a
chunk's leading extensions of the word before into that word's chunk
(``_keep_extensions``), so a word finds its extensions wherever it falls.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path

import cbor2

_MAGIC = b"pagefind_dcd"
# Pagefind's chunk size (word positions, plus one per page): it closes a chunk
# once past it. Smaller chunks mean fewer bytes per word and a longer chunk list
# in the metadata every query loads; at 15,000 pages a part has some 1,200
# chunks of 11 KB (median, compressed) and a list of 16 KB.
CHUNK_SIZE = 6000
# A chunk file bigger than this holds a word bigger than a chunk (3 % of the files).
SPLIT_ABOVE = 40_000
# What it is split into: 20,000 bytes of encoded entries compress to about 9 KB,
# a typical chunk.
PIECE_BYTES = 20_000


def _payload(path: Path) -> bytes:
    """A Pagefind data file inflated, without its signature."""
    raw = gzip.decompress(path.read_bytes())
    if not raw.startswith(_MAGIC):
        raise ValueError(f"{path.name} is not a Pagefind data file")
    return raw[len(_MAGIC):]


def _read(path: Path):
    return cbor2.loads(_payload(path))


def _encode(value) -> bytes:
    return gzip.compress(_MAGIC + cbor2.dumps(value), mtime=0)


def _name(prefix: str, data: bytes, digits: int) -> str:
    return f"{prefix}_{hashlib.sha256(data).hexdigest()[:digits]}"


def canonicalise(bundle: Path, ranks: dict[str, int] | None = None) -> str:
    """Sort filter values and filters in every language index of ``bundle`` and name its
    fragments by ``ranks`` (a page's URL → its rank, newest first; pages it does not
    list come after, in Pagefind's order); returns the tag the fragments' names begin
    with (that of the first language)."""
    entry_path = bundle / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    tags: list[str] = []
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
        meta[1] = _compact_fragments(bundle / "fragment", language, meta[1], ranks or {})
        tags.append(meta[1][0][0].rsplit(".", 1)[0] if meta[1] else language)
        meta[2] = _keep_extensions(bundle / "index", language, _rechunk(bundle / "index", language, meta[2]))
        data = _encode(meta)
        info["hash"] = _name(language, data, 10)
        meta_path.unlink()
        (bundle / f"pagefind.{info['hash']}.pf_meta").write_bytes(data)
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return tags[0] if tags else ""


def _compact_fragments(folder: Path, language: str, pages: list, ranks: dict[str, int]) -> list:
    """Rename page fragments to ``<language>_<tag>.<rank in hex>``; returns the new page list."""
    tag = hashlib.sha256("\n".join(name for name, _ in pages).encode("utf-8")).hexdigest()[:8]
    names: dict[str, str] = {}  # two identical pages share one fragment
    renamed = []
    unlisted = max(ranks.values(), default=-1) + 1
    for number, (old, words) in enumerate(pages):
        if old not in names:
            path = folder / f"{old}.pf_fragment"
            rank = ranks.get(json.loads(_payload(path)).get("url", "")) if ranks else None
            names[old] = f"{language}_{tag}.{(unlisted + number if rank is None else rank):x}"
            path.rename(folder / f"{names[old]}.pf_fragment")
        renamed.append([names[old], words])
    return renamed


def _rechunk(folder: Path, language: str, chunks: list) -> list:
    """Split each chunk bigger than ``SPLIT_ABOVE`` so that a word too big for a chunk
    is alone in its own; returns the new chunk list ``[from, to, name]``.

    Only those chunks are decoded (a tenth of the index): the others, and the
    bounds between them, stay as Pagefind wrote them."""
    listed: list[list] = []
    for start, end, name in chunks:
        path = folder / f"{name}.pf_index"
        if path.stat().st_size <= SPLIT_ABOVE:
            listed.append([start, end, name])
            continue
        words = _read(path)[0]
        path.unlink()
        pieces = list(_pieces(words))
        first = len(listed)
        for piece in pieces:
            listed.append([piece[0][0], piece[-1][0], _write_chunk(folder, language, _encode([piece]))])
        _shorten_bounds(listed[first:])
        listed[first][0], listed[-1][1] = start, end  # the bounds with the neighbours
    return listed


def _pieces(words: list):
    """Consecutive words in groups of at most ``PIECE_BYTES`` encoded, a bigger word alone."""
    group: list = []
    size = 0
    for entry in words:
        weight = len(cbor2.dumps(entry))
        if group and size + weight > PIECE_BYTES:
            yield group
            group, size = [], 0
        group.append(entry)
        size += weight
    if group:
        yield group


def _keep_extensions(folder: Path, language: str, chunks: list) -> list:
    """Move the words that extend a chunk's last word from the start of the next chunk into
    its own; returns the new chunk list.

    A boundary splits such a run exactly when the next chunk's first bound extends this
    one's last bound by one character (the bounds are the shortest prefixes that tell
    the two chunks apart, so the last bound is then the last word itself). The chunks
    on either side are moved as encoded bytes: only the words moved are parsed, so
    the pass costs about what inflating and compressing those chunks does."""
    held: dict[int, list] = {}  # index → [count of entries, their encoded bytes]

    def hold(index: int) -> list:
        if index not in held:
            raw = _payload(folder / f"{chunks[index][2]}.pf_index")
            count, at = _cbor_head(raw, 1)  # a chunk is [[entry, …]]
            held[index] = [count, raw[at:]]
        return held[index]

    grown: dict[int, str] = {}  # index → its new last word
    cut: set[int] = set()
    for index in range(len(chunks) - 1):
        last, following = chunks[index][1], chunks[index + 1][0]
        if not (following.startswith(last) and len(following) == len(last) + 1):
            continue
        after = hold(index + 1)
        moved, end, word = 0, 0, ""
        while moved < after[0]:
            next_word, next_end = _entry_word(after[1], end)
            if not next_word.startswith(last):
                break
            moved, end, word = moved + 1, next_end, next_word
        if not moved:
            continue
        before = hold(index)
        before[0] += moved
        before[1] += after[1][:end]
        after[0] -= moved
        after[1] = after[1][end:]
        grown[index] = word
        cut.add(index + 1)
    listed: list[list] = []
    for index, (start, end, name) in enumerate(chunks):
        if index not in grown and index not in cut:
            listed.append([start, end, name])
            continue
        (folder / f"{name}.pf_index").unlink()
        count, body = held[index]
        if not count:
            continue  # all of it moved to the chunk before
        data = gzip.compress(_MAGIC + b"\x81" + _array_bytes(count) + body, compresslevel=6, mtime=0)
        if index in cut:  # its first word is new: the prefix that tells it from the word before
            start = _first_bound(grown[index - 1], _entry_word(body, 0)[0])
        listed.append([start, grown.get(index, end), _write_chunk(folder, language, data)])
    return listed


def _write_chunk(folder: Path, language: str, data: bytes) -> str:
    """Write a word-index chunk under the shortest name its hash gives that is not taken;
    returns the name."""
    digits = 7
    while (folder / f"{_name(language, data, digits)}.pf_index").exists() and digits < 64:
        digits += 1  # two chunks alike in their first digits
    name = _name(language, data, digits)
    (folder / f"{name}.pf_index").write_bytes(data)
    return name


def _first_bound(previous: str, first: str) -> str:
    """The shortest prefix of ``first`` that sorts after ``previous`` (Pagefind's bound)."""
    common = 0
    for a, b in zip(previous, first):
        if a != b:
            break
        common += 1
    return first[:common + 1]


def _cbor_head(data: bytes, at: int) -> tuple[int, int]:
    """The argument of the CBOR head at ``at`` and where the head ends."""
    info = data[at] & 31
    if info < 24:
        return info, at + 1
    width = 1 << (info - 24)  # 24 → 1 byte, 25 → 2, 26 → 4, 27 → 8
    return int.from_bytes(data[at + 1:at + 1 + width], "big"), at + 1 + width


def _skip(data: bytes, at: int) -> int:
    """Where the CBOR item at ``at`` ends (unsigned and negative integers, text, arrays)."""
    major = data[at] >> 5
    value, at = _cbor_head(data, at)
    if major in (2, 3):
        return at + value
    if major == 4:
        for _ in range(value):
            at = _skip(data, at)
    elif major == 5:
        for _ in range(2 * value):
            at = _skip(data, at)
    return at


def _entry_word(data: bytes, at: int) -> tuple[str, int]:
    """The word of the index entry ``[word, pages, …]`` at ``at`` and where the entry ends."""
    items, position = _cbor_head(data, at)
    length, position = _cbor_head(data, position)
    word = data[position:position + length].decode("utf-8")
    position += length
    for _ in range(items - 1):
        position = _skip(data, position)
    return word, position


def _array_bytes(length: int) -> bytes:
    """The CBOR head of an array of ``length`` items."""
    if length < 24:
        return bytes([0x80 + length])
    for code, width in ((0x98, 1), (0x99, 2), (0x9A, 4)):
        if length < 1 << (8 * width):
            return bytes([code]) + length.to_bytes(width, "big")
    raise ValueError("too many words for one chunk")


def _shorten_bounds(listed: list) -> None:
    """Each chunk's first word shortened, as Pagefind does, to the prefix that tells it
    from the word before, so a word typed in part still finds the chunk of its
    completions. The last word stays whole: Pagefind shortens it too, and then
    misses it when another word of the query found its chunk (the word sorts after
    its own shortened bound)."""
    for left, right in zip(listed, listed[1:]):
        right[0] = _first_bound(left[1], right[0])
