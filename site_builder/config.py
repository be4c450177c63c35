"""Typed site configuration read from ``site.toml``.

Every option has a default; an unknown key or a value of the wrong type is an
error that names the option (with a suggestion for typos), so a mistake never
silently falls back to a default. Every mistake in the file is reported at
once, one line each, so one edit fixes them all.
"""

from __future__ import annotations

import dataclasses
import difflib
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from site_builder.errors import ConfigError
from site_builder.text.dates import DIGITS, MONTHS
from site_builder.text.fold import spelling_key
from site_builder.text.slugs import slugify

CONFIG_NAME = "site.toml"


@dataclass(frozen=True)
class EntityConfig:
    enabled: bool = True
    """Recognise and link named entities."""
    curation: str = "entities.toml"
    """Curation file (relative to the site root): add, merge, split, retype, suppress."""
    related: int = 5
    """How many related articles each article lists."""
    cooccurring: int = 10
    """How many co-occurring entities each entity page lists."""
    page_articles: int = 3
    """Articles an entity must be named in to get a page of its own. From three articles on,
    a page shows what no article does: the mentions over time, who reported it, the names
    beside it. A name of one or two articles (four in five at 30,000 articles) is still
    highlighted, and its highlights link to the search for the name, which lists the same
    articles and also those that write it without its being recognised. An archive of
    fewer articles gives a page to the names of all of them (a one-article sample shows
    its entity pages). 1 gives every entity a page (a site about a quarter larger at
    30,000 articles)."""
    model: str = "shipped"
    """The statistical tagger run before the gazetteer: "shipped" (the model in the package,
    the default), the path of a model written by ``ner train``, or "" for the rules alone
    (lighter and faster: about 170,000 words a second against 62,000, but fewer names:
    site-level F1 0.66 against 0.77 on ANERcorp text)."""


@dataclass(frozen=True)
class DatesConfig:
    hijri: bool = True
    """Show the Umm al-Qura Hijri date beside the Gregorian one on article pages and day
    headings, as Saudi and Gulf newspapers print it."""
    months: str = "gregorian-arabic"
    """Names of the Gregorian months: "gregorian-arabic" (يناير، فبراير …) or "levantine"
    (كانون الثاني، شباط …)."""


@dataclass(frozen=True)
class DataConfig:
    archive: bool = True
    """Write the archive as data: the SQLite database data/archive.sqlite.xz (about 0.7 KB
    an article: turn it off when the site must be smaller)."""
    csv: bool = False
    """Also write each table as data/TABLE.csv.gz (about 0.8 KB more an article; the same
    rows as the database, for programs that read CSV but not SQLite)."""


@dataclass(frozen=True)
class SourceConfig:
    """One ``[sources.ID]`` table: how the source ID is shown. Front matter may name it
    by its id or by this name."""

    name: str = ""
    """Display name (default: the one the importer ships for ID, else ID itself)."""
    url: str = ""
    """The source's home page."""


@dataclass(frozen=True)
class SiteConfig:
    root: Path
    """Folder holding site.toml; every relative path below is relative to it."""
    title: str = "أرشيف الأخبار"
    description: str = "أرشيف لمقالات إخبارية عربية مع الكيانات المسماة والروابط بينها والبحث."
    base_url: str = "http://localhost:8000/"
    """Public address of the site, ending in "/"; a path such as /repo/ is kept in every link."""
    language: str = "ar"
    content: tuple[str, ...] = ("seeds", "content")
    """Folders read recursively for .md and .txt articles."""
    output: str = "_site"
    templates: str = "templates"
    """Site templates; they override the default theme, which stays reachable as "default:NAME"."""
    static: str = "static"
    """Site static files, copied over the default theme's."""
    extra_css: tuple[str, ...] = ()
    """Stylesheets in the site's static folder (paths inside it), linked after the theme's."""
    extra_js: tuple[str, ...] = ()
    """Scripts in the site's static folder (paths inside it), loaded after the theme's."""
    per_page: int = 30
    """Articles per listing page."""
    cache: str = ".site-cache"
    """Analysis cache folder; delete it (or use --no-cache) to re-analyse everything."""
    search: bool = True
    """Build the Pagefind index."""
    digits: str = "arabic-indic"
    """Digits of every number and date a page shows: "arabic-indic" (٠١٢٣) or "latin" (0123)."""
    dates: DatesConfig = field(default_factory=DatesConfig)
    entities: EntityConfig = field(default_factory=EntityConfig)
    data: DataConfig = field(default_factory=DataConfig)
    sources: Mapping[str, SourceConfig] = field(default_factory=dict)
    """``[sources.ID]`` tables: source id → display name and home page."""

    def path(self, rel: str) -> Path:
        return (self.root / rel).resolve()


_NESTED = {"entities": EntityConfig, "dates": DatesConfig, "data": DataConfig}
_TABLES = {"sources": SourceConfig}
"""Options that are a table of tables, one per id the user chooses."""


def load_config(path: Path | None = None, overrides: dict[str, Any] | None = None,
                root: Path | None = None) -> SiteConfig:
    """Read site.toml (optional when absent at the default place) and apply overrides."""
    root = (root or Path.cwd()).resolve()
    data: dict[str, Any] = {}
    if path is None:
        path = root / CONFIG_NAME
        if not path.exists():
            path = None
    else:
        path = path.resolve()
        if not path.exists():
            raise ConfigError("configuration file not found", path)
        root = path.parent
    if path is not None:
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except UnicodeDecodeError as exc:
            raise ConfigError(f"not UTF-8 text ({exc.reason})", path) from None
        except tomllib.TOMLDecodeError as exc:
            line = getattr(exc, "lineno", None) or _line_of(str(exc))
            raise ConfigError(f"invalid TOML: {exc}", path, line) from None
    for key, value in (overrides or {}).items():
        if value is not None:
            data[key] = value
    where = str(path or CONFIG_NAME)
    problems: list[ConfigError] = []
    config = _build(SiteConfig, data, where, "", problems, extra={"root": root})
    problems.extend(_check(config, where))
    if problems:
        raise ConfigError.of(problems)
    return config


def _line_of(message: str) -> int | None:
    import re
    match = re.search(r"line (\d+)", message)
    return int(match.group(1)) if match else None


def _build(cls, data: dict[str, Any], where: str, prefix: str, problems: list[ConfigError],
           extra: dict | None = None):
    """``cls`` from ``data``; each wrong option goes to ``problems`` and keeps its default,
    so the checks that follow see no second, made-up mistake."""
    fields = {f.name: f for f in dataclasses.fields(cls) if f.name != "root"}
    values: dict[str, Any] = dict(extra or {})
    for key, value in data.items():
        try:
            values[key] = _option(fields, key, value, where, prefix, problems)
        except ConfigError as problem:
            problems.append(problem)
    return cls(**values)


def _option(fields: dict[str, dataclasses.Field], key: str, value: Any, where: str, prefix: str,
            problems: list[ConfigError]) -> Any:
    name = prefix + key
    if key not in fields:
        close = difflib.get_close_matches(key, list(fields), n=1)
        hint = f"did you mean '{prefix}{close[0]}'?" if close else \
            "known options: " + ", ".join(prefix + k for k in fields)
        raise ConfigError(f"unknown option '{name}'", where, hint=hint)
    if key in _NESTED:
        if not isinstance(value, dict):
            raise ConfigError(f"option '{name}' must be a table ([{name}])", where)
        return _build(_NESTED[key], value, where, name + ".", problems)
    if key in _TABLES:
        if not isinstance(value, dict) or not all(isinstance(v, dict) for v in value.values()):
            raise ConfigError(f"option '{name}' must hold tables ([{name}.ID])", where)
        return {id_: _build(_TABLES[key], table, where, f"{name}.{id_}.", problems)
                for id_, table in value.items()}
    return _coerce(fields[key], value, name, where)


def _coerce(f: dataclasses.Field, value: Any, name: str, where: str) -> Any:
    default = f.default if f.default is not dataclasses.MISSING else f.default_factory()
    if isinstance(default, bool):
        ok = isinstance(value, bool)
        want = "true or false"
    elif isinstance(default, int):
        ok = isinstance(value, int) and not isinstance(value, bool)
        want = "a whole number"
    elif isinstance(default, tuple):
        if isinstance(value, str):
            value = [value]
        ok = isinstance(value, list) and all(isinstance(v, str) for v in value)
        want = "a list of strings"
        value = tuple(value) if ok else value
    else:
        ok = isinstance(value, str)
        want = "a string"
    if not ok:
        raise ConfigError(f"option '{name}' must be {want}, not {value!r}", where)
    return value


def _check(config: SiteConfig, where: str) -> Iterator[ConfigError]:
    """Mistakes in values of the right type."""
    parts = urlsplit(config.base_url)
    if not config.base_url.endswith("/"):
        yield ConfigError(f"option 'base_url' must end with '/': {config.base_url!r}", where,
                          hint=f"use '{config.base_url}/'")
    if parts.scheme not in ("http", "https", "") or (parts.scheme and not parts.netloc):
        yield ConfigError(f"option 'base_url' must be an http(s) URL or a path: {config.base_url!r}",
                          where, hint="e.g. 'https://user.github.io/archive/'")
    if config.per_page < 1:
        yield ConfigError("option 'per_page' must be at least 1", where)
    if config.entities.related < 0 or config.entities.cooccurring < 0:
        yield ConfigError("options 'entities.related' and 'entities.cooccurring' must not be negative", where)
    if not config.content:
        yield ConfigError("option 'content' must name at least one folder", where)
    for name, value, allowed in (("digits", config.digits, DIGITS), ("dates.months", config.dates.months, MONTHS)):
        if value not in allowed:
            close = difflib.get_close_matches(value, list(allowed), n=1)
            yield ConfigError(f"option '{name}' must be one of {', '.join(map(repr, allowed))}, not {value!r}",
                              where, hint=f"did you mean {close[0]!r}?" if close else None)
    yield from _check_sources(config.sources, where)
    for name in ("extra_css", "extra_js"):
        for rel in getattr(config, name):
            if urlsplit(rel).scheme or rel.startswith("/") or ".." in rel.split("/"):
                yield ConfigError(f"option '{name}' must list paths inside the static folder, not {rel!r}", where,
                                  hint="pages load only the site's own files, e.g. 'css/extra.css'")
            if not (config.path(config.static) / rel).is_file():
                yield ConfigError(f"option '{name}': {rel!r} is not a file in the static folder '{config.static}'",
                                  where)


def _check_sources(sources: Mapping[str, SourceConfig], where: str) -> Iterator[ConfigError]:
    """Each id is an address as it stands, each home page a web address, each name one source's."""
    named: dict[str, str] = {}
    for id_, source in sources.items():
        if slugify(id_, "") != id_:
            yield ConfigError(f"source id '{id_}' must be lowercase letters, digits and '-'", where,
                              hint=f"use [sources.{slugify(id_, 'source')}]")
        if source.url and urlsplit(source.url).scheme not in ("http", "https"):
            yield ConfigError(f"option 'sources.{id_}.url' must be an http(s) address: {source.url!r}", where)
        key = spelling_key(source.name)
        if key in named:
            yield ConfigError(f"sources '{named[key]}' and '{id_}' have the same name {source.name!r}", where,
                              hint="give each source its own name, or merge them into one id")
        elif key:
            named[key] = id_
