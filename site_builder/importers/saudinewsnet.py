"""Import the SaudiNewsNet corpus (daily .zip files of JSON articles).

Each article becomes ``<into>/saudinewsnet/<source>/<YYYY-MM>/<id>.md``, its
``source`` the corpus's id of the newspaper (the build knows their Arabic names,
``saudinewsnet_sources``). The
id is ASCII and derived from the article URL only, so importing the same data
again yields the same paths and the same slugs (the build uses the file stem
as the slug) and rewrites nothing. The body is escaped so that the text of an
article can never turn into Markdown structure or HTML.

The scraped text is cleaned on the way: page furniture is cut (the rules and
the list are in ``boilerplate``), the byline is split into ``dateline`` and
``author`` and taken out of the text when the scraper left it there
(``bylines``). The summary says how many articles lost what.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import json
import os
import re
import unicodedata
import zipfile
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator, Sequence

import yaml

from site_builder.errors import ContentError
from site_builder.importers.boilerplate import clean_body
from site_builder.importers.bylines import Byline, take_byline
from site_builder.text.fold import fold

CORPUS = "saudinewsnet"
FIELDS = ("source", "url", "date_extracted", "title", "author", "content")
TITLE_WORDS = 12
TITLE_CHARS = 90

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_NOT_ASCII_NAME = re.compile(r"[^a-z0-9_-]+")
_WS = re.compile(r"[ \t\r\n]*")
# Characters that start a block construct (heading, quote, list, fence) when
# they open a paragraph; a paragraph is one line, so setext headings and
# tables cannot form.
_LEADING_BLOCK = re.compile(r"^([#>+-])")
_LEADING_NUMBER = re.compile(r"^(\d+)([.)])")
# Characters that start inline constructs anywhere (emphasis, code, links).
_INLINE = re.compile(r"([\\`*_\[\]])")
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


@dataclass
class ImportReport:
    """What an import did; ``skipped`` holds one error per article or file left out."""

    written: int = 0
    unchanged: int = 0
    duplicates: int = 0
    empty: int = 0
    """Articles without any text, left out (the corpus has a few hundred)."""
    untitled: int = 0
    """Articles without a title; one was derived from the first words of the text."""
    skipped: list[ContentError] = field(default_factory=list)
    removed: Counter = field(default_factory=Counter)
    """What was cut from the text (``boilerplate``'s kinds, and bylines) → articles."""
    datelines: int = 0
    """Articles whose byline gave a dateline."""

    @property
    def total(self) -> int:
        return (self.written + self.unchanged + self.duplicates + self.empty
                + len(self.skipped))

    def summary(self) -> str:
        cut = ", ".join(f"{n} {kind}" for kind, n in sorted(self.removed.items(), key=lambda kv: (-kv[1], kv[0])))
        return (f"{self.written} written, {self.unchanged} unchanged, "
                f"{self.duplicates} duplicates, {self.empty} without text, "
                f"{len(self.skipped)} skipped, {self.untitled} titles derived from the text; "
                f"cut from the text of written articles: {cut or 'nothing'}; "
                f"{self.datelines} datelines taken from bylines")


@dataclass(frozen=True)
class _Article:
    stable_id: str
    rel_path: str
    url_key: str
    text_key: str
    text: str
    derived_title: bool
    removed: frozenset[str]
    has_dateline: bool


def import_saudinewsnet(files: Sequence[Path], into: Path) -> ImportReport:
    """Write one Markdown file per article; bad files and articles are reported, not fatal."""
    report = ImportReport()
    writer = _Writer(Path(into) / CORPUS, report)
    seen_urls: set[str] = set()
    seen_texts: set[str] = set()
    for items in _converted([Path(f) for f in files]):
        for item in items:
            if item is None:
                report.empty += 1
            elif isinstance(item, _Problem):
                report.skipped.append(item.error())
            elif item.url_key in seen_urls or item.text_key in seen_texts:
                report.duplicates += 1
            else:
                seen_urls.add(item.url_key)
                seen_texts.add(item.text_key)
                report.untitled += item.derived_title
                report.removed.update(item.removed)
                report.datelines += item.has_dateline
                writer.store(item)
    return report


@dataclass(frozen=True)
class _Problem:
    """A ContentError's fields: the exception itself loses them when sent between processes."""

    message: str
    path: str | None
    line: int | None
    hint: str | None

    @classmethod
    def of(cls, exc: ContentError) -> _Problem:
        return cls(exc.message, exc.path, exc.line, exc.hint)

    def error(self) -> ContentError:
        return ContentError(self.message, self.path, self.line, self.hint)


def _converted(files: list[Path]) -> Iterator[list[_Article | _Problem | None]]:
    """Each file's articles, in order; files are converted in parallel when there are several.

    Conversion (JSON, YAML, escaping) is most of the work and each file is
    independent; duplicates are decided afterwards, in input order, so the
    result does not depend on the number of processes.
    """
    workers = min(len(files), os.cpu_count() or 1)
    if workers < 2:
        yield from map(_convert_file, files)
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        yield from pool.map(_convert_file, files)


def _convert_file(path: Path) -> list[_Article | _Problem | None]:
    try:
        records = _read_records(path)
    except ContentError as exc:
        return [_Problem.of(exc)]
    items: list[_Article | _Problem | None] = []
    for line, record in records:
        try:
            items.append(_article(record, str(path), line))
        except ContentError as exc:
            items.append(_Problem.of(exc))
    return items


class _Writer:
    """Writes articles under ``target``, skipping identical files and known ids."""

    def __init__(self, target: Path, report: ImportReport):
        self.target = target
        self.report = report
        self.existing = _existing_ids(target)
        self.folders: set[Path] = set()

    def store(self, article: _Article) -> None:
        """Write unless identical; an id already imported under another month is a duplicate."""
        earlier = self.existing.get(article.stable_id)
        if earlier is not None and earlier != article.rel_path:
            self.report.duplicates += 1
            return
        self.existing[article.stable_id] = article.rel_path
        dest = self.target / article.rel_path
        data = article.text.encode("utf-8")
        if earlier is None:
            self._create(dest, data)
        elif _same_bytes(dest, data):
            self.report.unchanged += 1
            return
        else:  # replace in one step: a running preview never reads half a file
            tmp = dest.with_name(f".{dest.name}.tmp")
            tmp.write_bytes(data)
            os.replace(tmp, dest)
        self.report.written += 1

    def _create(self, dest: Path, data: bytes) -> None:
        if dest.parent not in self.folders:
            dest.parent.mkdir(parents=True, exist_ok=True)
            self.folders.add(dest.parent)
        dest.write_bytes(data)


def _same_bytes(path: Path, data: bytes) -> bool:
    try:
        return path.read_bytes() == data
    except FileNotFoundError:
        return False


def _existing_ids(target: Path) -> dict[str, str]:
    """Ids already imported, so a re-import never creates a second file for one slug."""
    if not target.is_dir():
        return {}
    return {p.stem: p.relative_to(target).as_posix() for p in target.rglob("*.md")}


# Reading -------------------------------------------------------------------

def _read_records(path: Path) -> list[tuple[int, Any]]:
    """(line, article) pairs from a .zip holding one JSON file, or from a .json file.

    Lines count in the JSON text; a zip holds a single JSON file, so messages
    name the zip.
    """
    suffix = path.suffix.lower()
    where = str(path)
    if suffix == ".zip":
        raw = _zip_member(path)
    elif suffix == ".json":
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise ContentError(f"cannot read file ({exc.strerror})", path) from None
    else:
        raise ContentError("not a SaudiNewsNet file", path, hint="expected .zip or .json")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ContentError(f"not UTF-8 text (byte {exc.start})", where) from None
    return _json_array(text, where)


def _zip_member(path: Path) -> bytes:
    try:
        with zipfile.ZipFile(path) as archive:
            names = [n for n in archive.namelist() if n.lower().endswith(".json")]
            if len(names) != 1:
                raise ContentError(f"expected one .json file in the archive, found {len(names)}",
                                   path)
            return archive.read(names[0])
    except zipfile.BadZipFile:
        raise ContentError("not a valid zip archive", path) from None
    except OSError as exc:
        raise ContentError(f"cannot read file ({exc.strerror})", path) from None


def _json_array(text: str, where: str) -> list[tuple[int, Any]]:
    """Decode a JSON array element by element to know the line each article starts on."""
    decoder = json.JSONDecoder()
    items: list[tuple[int, Any]] = []
    pos = _WS.match(text, 0).end()
    line = 1 + text.count("\n", 0, pos)
    if text[pos:pos + 1] != "[":
        raise ContentError("expected a JSON array of articles", where, line)
    pos = _WS.match(text, pos + 1).end()
    line = 1 + text.count("\n", 0, pos)
    if text[pos:pos + 1] == "]":
        return []
    while True:
        try:
            value, end = decoder.raw_decode(text, pos)
        except json.JSONDecodeError as exc:
            raise ContentError(f"invalid JSON: {exc.msg}", where, exc.lineno) from None
        items.append((line, value))
        after = _WS.match(text, end).end()
        char = text[after:after + 1]
        if char == "]":
            if text[after + 1:].strip():
                raise ContentError("invalid JSON: text after the array", where,
                                   line + text.count("\n", pos, after))
            break
        if char != ",":
            err_line = line + text.count("\n", pos, after)
            raise ContentError("invalid JSON: expected ',' or ']' after an article", where,
                               err_line)
        nxt = _WS.match(text, after + 1).end()
        line += text.count("\n", pos, nxt)
        pos = nxt
    return items


# Converting ----------------------------------------------------------------

def _article(record: Any, where: str, line: int) -> _Article | None:
    """The article to write, or None when it has no text at all."""
    if not isinstance(record, dict):
        raise ContentError("an article must be a JSON object", where, line)
    missing = [k for k in FIELDS if k not in record]
    if missing:
        raise ContentError("article lacks " + ", ".join(missing), where, line)
    values = {k: _clean(record[k], k, where, line) for k in FIELDS}
    if not values["url"]:
        raise ContentError("article has an empty url", where, line)
    extracted = _extracted(values["date_extracted"], where, line)
    date = extracted.date()
    source = _NOT_ASCII_NAME.sub("-", _one_line(values["source"]).lower()).strip("-") or "unknown"
    cleaned = cleaned_text(values["content"], values["author"], source)
    paragraphs = cleaned.paragraphs
    if not paragraphs:
        return None
    # Some scraped titles keep the page's character references (&quot;سبق&quot;): a title is
    # plain text, so they are resolved here rather than shown as written.
    title = _one_line(html.unescape(values["title"]))
    derived = not title
    if derived:
        title = _title_from(paragraphs[0])
    url = _one_line(values["url"])
    stable_id = f"{source}-{hashlib.sha1(url.encode('utf-8')).hexdigest()[:12]}"
    # The corpus's time is when its crawler fetched the page, paper after paper, not when
    # the article appeared: it is kept as it is, and the day alone dates the article.
    meta: dict[str, Any] = {"title": title, "date": date, "source": _one_line(values["source"])}
    if cleaned.byline.dateline:
        meta["dateline"] = cleaned.byline.dateline
    meta.update(author=cleaned.byline.author, url=url, date_extracted=extracted)
    text = _markdown(meta, paragraphs)
    return _Article(stable_id=stable_id, rel_path=f"{source}/{date:%Y-%m}/{stable_id}.md",
                    url_key=url, text_key=_text_key(title if not derived else "", paragraphs),
                    text=text, derived_title=derived, removed=frozenset(cleaned.removed),
                    has_dateline=bool(cleaned.byline.dateline))


@dataclass(frozen=True)
class CleanText:
    paragraphs: list[str]
    byline: Byline
    removed: Counter
    """Kinds of furniture cut (``boilerplate``), and "bylines" when the text held one."""


def cleaned_text(content: str, author: str, source: str) -> CleanText:
    """An article's paragraphs without page furniture, and its byline split (``source``: the paper's id)."""
    cleaned = clean_body(_paragraphs(content), source)
    byline, paragraphs, moved = take_byline(_one_line(author), cleaned.paragraphs, source)
    removed = cleaned.removed + Counter({"bylines": 1} if moved else {})
    return CleanText(paragraphs, byline, removed)


def _clean(value: Any, key: str, where: str, line: int) -> str:
    if value is None and key in ("title", "author"):
        return ""
    if not isinstance(value, str):
        raise ContentError(f"article field '{key}' must be a string", where, line)
    if not unicodedata.is_normalized("NFC", value):
        value = unicodedata.normalize("NFC", value)
    return _CONTROL.sub("", value)


def _extracted(value: str, where: str, line: int) -> dt.datetime:
    try:
        return dt.datetime.fromisoformat(value.strip())
    except ValueError:
        raise ContentError(f"bad date_extracted {value!r}", where, line,
                           hint="expected YYYY-MM-DD hh:mm:ss") from None


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _paragraphs(content: str) -> list[str]:
    return [p for p in (_one_line(raw) for raw in content.split("\n")) if p]


def _title_from(paragraph: str) -> str:
    words = paragraph.split(" ")
    title = " ".join(words[:TITLE_WORDS])
    if len(title) > TITLE_CHARS:
        title = title[:TITLE_CHARS].rsplit(" ", 1)[0] or title[:TITLE_CHARS]
    return title + ("…" if title != paragraph else "")


def _text_key(title: str, paragraphs: list[str]) -> str:
    """Same article text up to spacing, diacritics and tatweel is the same article."""
    text = fold(title + "\n" + "\n".join(paragraphs), "dedupe")
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def _markdown(meta: dict[str, Any], paragraphs: list[str]) -> str:
    # The safe dumper, with libyaml's emitter when present: the pure-Python one
    # takes most of the import time and writes the same text.
    head = yaml.dump(meta, Dumper=_DUMPER, allow_unicode=True, sort_keys=False,
                     width=1 << 20)
    body = "\n\n".join(escape_paragraph(p) for p in paragraphs)
    return f"---\n{head}---\n\n{body}\n"


def escape_paragraph(text: str) -> str:
    """Make a paragraph of plain text read back as exactly that text, never as markup."""
    text = text.replace("&", "&amp;").replace("<", "&lt;")
    text = _INLINE.sub(r"\\\1", text)
    text = _LEADING_NUMBER.sub(r"\1\\\2", text)
    if text.startswith("~"):
        return "&#126;" + text[1:]
    return _LEADING_BLOCK.sub(r"\\\1", text)
