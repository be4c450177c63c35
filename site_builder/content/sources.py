"""Read article files (Markdown with YAML front matter, or plain text) into SourceDocs.

Reading is the only stage that looks at the user's files, so every message it
raises names the file and, where known, the line, and says how to fix it.
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import os
import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator
from urllib.parse import quote

import yaml

from site_builder.content.front_matter import simple_mapping
from site_builder.errors import ContentError
from site_builder.model import ArticleMeta, SourceDoc
from site_builder.text.slugs import slugify

SUFFIXES = (".md", ".markdown", ".txt")
KNOWN_KEYS = ("title", "date", "source", "author", "dateline", "url", "tags", "slug")
_FENCE = re.compile(r"^---[ \t]*$")
_HEADING = re.compile(r"^#{1,6}\s+(.*?)\s*#*\s*$")
_SLUG_OK = re.compile(r"^[\w][\w\-]*$", re.UNICODE)
_ISO_DATE = re.compile(r"^\d{4}-\d\d-\d\d([ T].*)?$")
_WEB_URL = re.compile(r"^https?://[^\s<>\"']+$", re.IGNORECASE)
_WEB_SCHEME = re.compile(r"^\s*https?://\S", re.IGNORECASE)
_UNSAFE_IN_URL = re.compile(r"[\s<>\"']")
"""Scraped addresses often hold raw spaces or quotes: escaped, they are good links again."""
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml is ~10× faster, same safety
MAX_BYTES = 8 * 2**20
"""Larger files are not news articles (a dump, a binary): analysing them would
stall the build and the reader's browser, so they are reported and skipped."""


def find_sources(root: Path, folders: tuple[str, ...]) -> list[tuple[Path, bool]]:
    """Article files under the content folders, in a stable order, each with
    whether it is a symbolic link leading outside the content folders.

    Hidden files and folders (editor backups, .git) are skipped; linked
    folders are not entered (their files inside the site are found where they
    really are), and links leading outside are listed so they can be reported.
    """
    bases = [os.path.realpath(root / folder) for folder in folders]
    found: dict[str, bool] = {}
    for base in bases:
        if not os.path.isdir(base):
            continue
        for folder, subfolders, files in os.walk(base):
            for name in list(subfolders):
                path = os.path.join(folder, name)
                if name.startswith(".") or os.path.islink(path):
                    subfolders.remove(name)
                    if not name.startswith(".") and not _inside(os.path.realpath(path), bases):
                        found[path] = True
            for name in files:
                if name.startswith(".") or not name.lower().endswith(SUFFIXES):
                    continue
                path = os.path.join(folder, name)
                outside = os.path.islink(path) and not _inside(os.path.realpath(path), bases)
                if outside or os.path.isfile(path):
                    found[path] = outside
    return [(Path(path), found[path]) for path in sorted(found)]


def _inside(path: str, bases: list[str]) -> bool:
    return any(path == base or path.startswith(base + os.sep) for base in bases)


def read_source(path: Path, root: Path) -> SourceDoc:
    """Read one article file; raise ContentError naming the file and line."""
    shown = shown_path(path, root)
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise ContentError(f"the file is {size / 2**20:.0f} MB; articles over {MAX_BYTES // 2**20} MB are skipped",
                           shown, hint="split it into one file per article")
    data = path.read_bytes()
    text = _decode(data, shown)
    if not text.strip():
        raise ContentError("the file is empty", shown, hint="write a headline and a body, or delete it")
    if path.suffix.lower() == ".txt":
        meta, body, body_line = _read_plain(text, shown)
        fmt = "txt"
    else:
        meta, body, body_line = _read_markdown(text, shown)
        fmt = "md"
    slug = meta.pop("slug", None) or slugify(path.stem, "article")
    warnings = []
    if meta.get("url") and _WEB_SCHEME.match(meta["url"]):
        meta["url"] = _UNSAFE_IN_URL.sub(lambda m: quote(m.group()), meta["url"].strip())
    if meta.get("url") and not _WEB_URL.match(meta["url"]):
        warnings.append(f"{shown}: 'url' is not a web address ({meta['url'][:60]!r}); it is not linked")
        meta["url"] = ""
    return SourceDoc(path=shown, slug=slug, meta=_make_meta(meta), body=body, fmt=fmt,
                     body_line=body_line, digest=hashlib.sha256(data).hexdigest(), warnings=tuple(warnings))


def shown_path(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def _decode(data: bytes, shown: str) -> str:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ContentError(f"not valid UTF-8 (byte 0x{data[exc.start]:02x})", shown, line,
                           hint="save the file as UTF-8") from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise ContentError("contains a NUL character: this is not a text file", shown, line)
    return text


def _read_plain(text: str, shown: str) -> tuple[dict[str, Any], str, int]:
    lines = text.split("\n")
    for number, line in enumerate(lines):
        if line.strip():
            body = "\n".join(lines[number + 1:])
            return {"title": line.strip()}, body, number + 2
    raise ContentError("the file is empty", shown)  # unreachable: checked before


def _read_markdown(text: str, shown: str) -> tuple[dict[str, Any], str, int]:
    lines = text.split("\n")
    meta: dict[str, Any] = {}
    body_start = 0
    if lines and _FENCE.match(lines[0]):
        end = next((i for i in range(1, len(lines)) if _FENCE.match(lines[i])), None)
        if end is None:
            raise ContentError("front matter is not closed", shown, 1,
                               hint="add a line with '---' after the front matter")
        meta = _parse_front_matter("\n".join(lines[1:end]), shown)
        body_start = end + 1
    body_lines = lines[body_start:]
    if "title" not in meta:
        meta["title"] = _title_from_body(body_lines, shown)
    return meta, "\n".join(body_lines), body_start + 1


def _title_from_body(lines: list[str], shown: str) -> str:
    for index, line in enumerate(lines):
        if line.strip():
            match = _HEADING.match(line)
            if match:
                del lines[index]  # the heading becomes the page title, not body text
                return match.group(1)
            return line.strip()
    raise ContentError("no title: the front matter has no 'title' and the body is empty", shown)


def _parse_front_matter(source: str, shown: str) -> dict[str, Any]:
    try:
        data = simple_mapping(source)
        if data is None:
            data = yaml.load(source, Loader=_YAML_LOADER)
    except ValueError as exc:  # YAML's own date parser: 'date: 2015-02-30'
        line = _line_of_key(source.split("\n"), "date")
        raise ContentError(f"impossible date ({exc})", shown, line, hint="write dates as YYYY-MM-DD") from None
    except yaml.YAMLError as exc:
        # Where the broken construct starts (an unclosed bracket or quote) is
        # where the fix goes; the problem mark is often the end of the block.
        mark = getattr(exc, "context_mark", None) or getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ContentError(f"front matter is not valid YAML: {problem}", shown, line,
                           hint="check quotes and 'key: value' pairs") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ContentError("front matter must be 'key: value' pairs", shown, 2)
    meta: dict[str, Any] = {}
    for key, value in data.items():
        key = str(key)
        try:
            meta[key] = _check_value(key, value, shown)
        except ContentError as exc:  # the line is looked for only when there is something to say
            exc.line = _line_of_key(source.split("\n"), key)
            raise
    return meta


def _line_of_key(lines: list[str], key: str) -> int | None:
    for number, line in enumerate(lines):
        if line.startswith(f"{key}:"):
            return number + 2  # +1 for 1-based, +1 for the opening fence
    return None


def _check_value(key: str, value: Any, shown: str) -> Any:
    """``value`` as the article's metadata; a ContentError without a line (the caller adds it)."""
    if key == "date":
        return _parse_date(value, shown)
    if key == "tags":
        if isinstance(value, str):
            value = [part.strip() for part in value.split(",") if part.strip()]
        if not isinstance(value, list) or not all(isinstance(t, (str, int)) for t in value):
            raise ContentError("'tags' must be a list of words", shown, hint="tags: [سياسة, اقتصاد]")
        return tuple(str(t) for t in value)
    if key in KNOWN_KEYS:
        if value is None:
            return ""
        if not isinstance(value, (str, int, float)) or isinstance(value, bool):
            raise ContentError(f"'{key}' must be text, not {type(value).__name__}", shown)
        value = str(value).strip()
        if key == "slug" and value and not _SLUG_OK.match(value):
            raise ContentError(f"'slug' may hold only letters, digits, '-' and '_': {value!r}", shown,
                               hint=f"use '{slugify(value)}'")
        return value
    close = _close_key(key)
    if close:
        raise ContentError(f"unknown front-matter key '{key}'", shown, hint=f"did you mean '{close}'?")
    return value  # other keys are kept for templates (ArticleMeta.extra)


@lru_cache(maxsize=1024)
def _close_key(key: str) -> str | None:
    """The known key a misspelt ``key`` was meant to be; an archive repeats its own keys
    (``date_extracted`` in each of 30,000 articles), so each is compared once."""
    return next(iter(difflib.get_close_matches(key, KNOWN_KEYS, n=1, cutoff=0.75)), None)


def _parse_date(value: Any, shown: str) -> dt.date | dt.datetime | None:
    """A day, or a day and a time (``2015-07-21 10:32``): the time orders the day's articles."""
    if value in (None, ""):
        return None
    if isinstance(value, (dt.date, dt.datetime)):
        return value
    text = str(value).strip()
    if _ISO_DATE.match(text):
        try:
            return dt.datetime.fromisoformat(text) if len(text) > 10 else dt.date.fromisoformat(text)
        except ValueError:
            pass
        try:
            return dt.date.fromisoformat(text[:10])
        except ValueError:
            pass
    raise ContentError(f"impossible date {text!r}", shown, hint="write dates as YYYY-MM-DD")


def _make_meta(meta: dict[str, Any]) -> ArticleMeta:
    extra = {k: v for k, v in meta.items() if k not in KNOWN_KEYS}
    date = meta.get("date")
    moment = date if isinstance(date, dt.datetime) else None
    return ArticleMeta(title=str(meta.get("title") or ""), date=moment.date() if moment else date,
                       source=meta.get("source", ""), author=meta.get("author", ""),
                       dateline=meta.get("dateline", ""), url=meta.get("url", ""), tags=meta.get("tags", ()),
                       extra=extra, time=moment.time() if moment else None)  # wall-clock time as written, offset aside


def read_remembered(path: Path, root: Path, memo: dict[Path, tuple[tuple[int, int], SourceDoc]]) -> SourceDoc:
    """``read_source``, skipped when the file's size and modification time are those in ``memo``."""
    info = path.stat()
    stamp = (info.st_mtime_ns, info.st_size)
    known = memo.get(path)
    if known is None or known[0] != stamp:
        known = memo[path] = (stamp, read_source(path, root))
    return known[1]


def read_all(root: Path, folders: tuple[str, ...],
             memo: dict[Path, tuple[tuple[int, int], SourceDoc]] | None = None) -> Iterator[SourceDoc | ContentError]:
    """Every article of the site, or the error that kept it out, in path order.

    ``memo`` (kept by a long-running preview between builds) skips files whose
    size and modification time did not change.
    """
    for path, outside in find_sources(root, folders):
        if outside:
            yield ContentError("symbolic link leads outside the content folders; skipped", shown_path(path, root),
                               hint="copy the file into the content folder instead")
            continue
        try:
            yield read_source(path, root) if memo is None else read_remembered(path, root, memo)
        except ContentError as exc:
            yield exc
        except OSError as exc:
            yield ContentError(f"cannot read the file: {exc.strerror}", shown_path(path, root))
