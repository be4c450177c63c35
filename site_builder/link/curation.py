"""The site owner's corrections to entity recognition: ``entities.toml``.

Automatic recognition gets most names right; this file fixes the rest. Each
rule is a TOML array-of-tables entry; names are matched after Arabic
normalisation (diacritics, hamza forms, ة/ه and ى/ي do not matter)::

    [[entity]]                 # a name the built-in lists do not know
    name = "مركز الملك فيصل للبحوث والدراسات الإسلامية"
    type = "organization"      # person | place | organization | misc
    aliases = ["مركز الملك فيصل"]

    [[merge]]                  # several names are one entity
    name = "كوريا الشمالية"     # the name to display
    aliases = ["بيونغ يانغ"]

    [[split]]                  # a form that must stay its own entity
    name = "عبدالله"
    type = "person"            # optional

    [[rename]]                 # choose the displayed name
    name = "بوتين"             # any name of the entity
    to = "فلاديمير بوتين"

    [[retype]]
    name = "المنتدى الاقتصادي الشرقي"
    type = "misc"

    [[suppress]]               # not a name, anywhere
    text = "الغرب"

    [[suppress]]               # not a name in one article only
    text = "أمل"
    article = "2015-07-21-amal"

A missing file is an empty curation. Mistakes raise one ``CurationError``
naming every one of them, each with the line of the offending table or key
and, for a misspelt key or type, the closest valid spelling.
"""

from __future__ import annotations

import difflib
import hashlib
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from site_builder.errors import CurationError
from site_builder.model import ENTITY_TYPES


@dataclass(frozen=True, slots=True)
class Rule:
    """One table of the file, kept with its line for warnings."""

    kind: str
    line: int
    name: str = ""
    type: str | None = None
    aliases: tuple[str, ...] = ()
    to: str = ""
    article: str | None = None

    def describe(self) -> str:
        extra = f" in article {self.article!r}" if self.article else ""
        return f"line {self.line}: [[{self.kind}]] {self.name!r}{extra}"


# Keys each kind of table takes: (required, optional).
SCHEMA: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "entity": (("name", "type"), ("aliases",)),
    "merge": (("name", "aliases"), ()),
    "split": (("name",), ("type",)),
    "rename": (("name", "to"), ()),
    "retype": (("name", "type"), ()),
    "suppress": (("text",), ("article",)),
}


@dataclass(frozen=True, slots=True)
class Curation:
    rules: tuple[Rule, ...] = ()
    digest: str = ""
    """Hash of the file's bytes ("" when there is no file): a cache key."""
    path: str = ""

    def recogniser_names(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """(type, (name, *aliases)) for every name the recogniser must know."""
        out = []
        for rule in self.rules:
            if rule.kind == "entity" or (rule.kind == "split" and rule.type):
                out.append((rule.type or "misc", (rule.name, *rule.aliases)))
        return tuple(out)


def load_curation(path: Path) -> Curation:
    """Read ``entities.toml``; a missing file means no corrections."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Curation()
    except OSError as exc:
        raise CurationError(f"cannot read the curation file: {exc.strerror}", path) from exc
    return parse_curation(raw, path)


def parse_curation(raw: bytes, path: Path | str = "entities.toml") -> Curation:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CurationError("the curation file is not UTF-8", path,
                            hint="save it as UTF-8") from exc
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"at line (\d+)", str(exc))
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))
        raise CurationError(f"invalid TOML: {message}", path,
                            int(found.group(1)) if found else None) from exc
    where = _Locator(text)
    rules: list[Rule] = []
    problems: list[CurationError] = []
    for kind, tables in data.items():
        if kind not in SCHEMA:
            problems.append(CurationError(f"unknown rule [[{kind}]]", path, where.table(kind, 0),
                                          _suggest(kind, SCHEMA, "[[{}]]")))
        elif not isinstance(tables, list) or not all(isinstance(t, dict) for t in tables):
            problems.append(CurationError(f"{kind} must be written as [[{kind}]] tables", path,
                                          where.table(kind, 0), f"write [[{kind}]] above its keys"))
        else:
            for n, table in enumerate(tables):
                rule = _rule(kind, n, table, path, where, problems)
                if rule is not None:
                    rules.append(rule)
    if problems:
        raise CurationError.of(sorted(problems, key=lambda p: p.line or 0))
    rules.sort(key=lambda r: r.line)
    return Curation(tuple(rules), hashlib.sha256(raw).hexdigest()[:16], str(path))


def _rule(kind: str, n: int, table: dict[str, Any], path: Path | str,
          where: "_Locator", problems: list[CurationError]) -> Rule | None:
    """The rule written in ``table``, or None after adding its mistakes to ``problems``."""
    required, optional = SCHEMA[kind]
    line = where.table(kind, n)
    found = len(problems)
    for key in table:
        if key not in required + optional:
            problems.append(CurationError(f"unknown key {key!r} in [[{kind}]]", path,
                                          where.key(kind, n, key) or line,
                                          _suggest(key, required + optional, "{}")))
    for key in required:
        if key not in table:
            problems.append(CurationError(f"[[{kind}]] needs {key!r}", path, line,
                                          f"add {key} = \"...\""))
    values = {}
    for key, value in table.items():
        if key in required + optional:
            try:
                values[key] = _value(kind, n, key, value, path, where)
            except CurationError as problem:
                problems.append(problem)
    if len(problems) > found:
        return None
    return Rule(kind=kind, line=line or 0, name=values.get("name", values.get("text", "")),
                type=values.get("type"), aliases=tuple(values.get("aliases", ())),
                to=values.get("to", ""), article=values.get("article"))


def _value(kind: str, n: int, key: str, value: Any, path: Path | str, where: "_Locator") -> Any:
    line = where.key(kind, n, key) or where.table(kind, n)
    if key == "aliases":
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise CurationError(f"{key} in [[{kind}]] must be a list of names", path, line,
                                'e.g. aliases = ["...", "..."]')
        return [v.strip() for v in value]
    if not isinstance(value, str) or not value.strip():
        raise CurationError(f"{key} in [[{kind}]] must be a non-empty text", path, line,
                            f'write {key} = "..."')
    value = value.strip()
    if key == "type" and value not in ENTITY_TYPES:
        raise CurationError(f"unknown entity type {value!r}", path, line,
                            _suggest(value, ENTITY_TYPES, '"{}"', " | ".join(ENTITY_TYPES)))
    return value


def _suggest(word: str, choices: Any, fmt: str, fallback: str | None = None) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.5)
    if close:
        return "did you mean " + fmt.format(close[0]) + "?"
    return "expected one of: " + (fallback or ", ".join(fmt.format(c) for c in choices))


class _Locator:
    """Finds the line of the n-th ``[[kind]]`` table, or of a key in it
    (tomllib does not report positions of valid content)."""

    def __init__(self, text: str):
        self.lines = text.splitlines()
        self.headers: dict[str, list[int]] = {}
        self.all_headers: list[int] = []
        for no, line in enumerate(self.lines, start=1):
            found = re.match(r"\s*\[\[\s*([^\]\s]+)\s*\]\]", line) or re.match(r"\s*\[\s*([^\]\s]+)\s*\]", line)
            if found:
                self.headers.setdefault(found.group(1).strip("\"'"), []).append(no)
                self.all_headers.append(no)

    def table(self, kind: str, n: int) -> int | None:
        found = self.headers.get(kind, [])
        if n < len(found):
            return found[n]
        for no, line in enumerate(self.lines, start=1):  # e.g. kind = [...] inline
            if re.match(rf"\s*{re.escape(kind)}\s*=", line):
                return no
        return None

    def key(self, kind: str, n: int, key: str) -> int | None:
        start = self.table(kind, n)
        if start is None:
            return None
        later = [h for h in self.all_headers if h > start]
        end = later[0] if later else len(self.lines) + 1
        for no in range(start + 1, end):
            if re.match(rf"\s*[\"']?{re.escape(key)}[\"']?\s*=", self.lines[no - 1]):
                return no
        return None
