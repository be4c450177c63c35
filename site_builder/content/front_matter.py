"""Front matter of one-line ``key: value`` pairs, read without building a YAML document.

Nearly every article's front matter is a handful of such lines (an importer's
title, date, source, author, address). libyaml parses them quickly, but PyYAML
then builds every node and value in Python: about 0.3 ms an article, a third of
reading a 30,000-article archive, paid again by every build and every no-op
check. Here each line is matched by one expression and each value is typed by
PyYAML's own resolver and constructors (``2015-08-10`` a date, ``yes`` a
boolean, ``12`` a number), so the result is what ``yaml.safe_load`` gives.
Anything else (quotes, lists, comments after a value, continuation lines, a
value that YAML would read as more than a plain scalar) is left to YAML: this
is a shortcut for the common case, never a second YAML dialect.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

_PAIR = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*):(?:[ ]+(.*?))?[ ]*")
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
"""A plain scalar may not start with these (YAML 1.1, 9.1.3): such a value goes to YAML."""
_QUOTED = re.compile(r"'([^']*)'|\"([^\"\\]*)\"")
"""A quoted value with no quote or escape inside (``''``, ``"x"``): text as it stands."""
_STR = "tag:yaml.org,2002:str"
_resolver = yaml.resolver.Resolver()
_constructor = yaml.constructor.SafeConstructor()


def simple_mapping(source: str) -> dict[str, Any] | None:
    """The mapping ``source`` holds when every line is ``key: plain value`` (or blank),
    with the values YAML would give; ``None`` when YAML must read it."""
    if yaml.reader.Reader.NON_PRINTABLE.search(source):
        return None  # YAML refuses the file: let it say so
    pairs: list[tuple[str, str, bool]] = []
    for line in source.split("\n"):
        if not line.strip():
            continue
        match = _PAIR.fullmatch(line)
        if match is None:
            return None
        key, value = match.group(1), match.group(2) or ""
        if _resolver.resolve(yaml.ScalarNode, key, (True, False)) != _STR:
            return None  # «yes:», «null:»: YAML's key would be no text
        quoted = _QUOTED.fullmatch(value)
        if quoted is not None:
            pairs.append((key, quoted.group(1) if quoted.group(1) is not None else quoted.group(2), True))
            continue
        if value and (value[0] in _INDICATORS or ": " in value or " #" in value or value.endswith(":")
                      or "\t" in value):
            return None
        pairs.append((key, value, False))
    found: dict[str, Any] = {}
    for key, value, quoted in pairs:  # only once every line is plain: YAML reports a bad line before any value
        tag = _STR if quoted else _resolver.resolve(yaml.ScalarNode, value, (True, False))
        # A date YAML cannot make (2015-02-30) raises ValueError here, as yaml.load does.
        found[key] = value if tag == _STR else _constructor.yaml_constructors[tag](
            _constructor, yaml.ScalarNode(tag, value))
    return found
