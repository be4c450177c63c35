"""The entities most likely wrong, for the site owner to check: ``entities review``.

Recognition makes a few kinds of mistakes that show on the site and that the
curation file (``entities.toml``) fixes. Each is found from what the build
already knows, the archive's entities and the mentions linked to them:

- *glued*: a name that is another name plus an ordinary word of the dictionary
  at one edge («عسير أثناء», «يلتقي كيم»): a word taken into a name it does not
  belong to;
- *type*: an entity whose mentions the recogniser typed differently (a club
  read as a place in some articles), shown under the type most of them got;
- *merge*: two pages of one person, the shorter name the beginning of the
  longer one («سلمان بن عبدالعزيز» and «سلمان بن عبدالعزيز آل سعود»), or the
  same name written with «ابن» and with «بن».

Every finding comes with a rule ready to paste into ``entities.toml``, and the
list is ordered most-mentioned first, since those are the pages readers meet.
The build writes it into the cache folder (``FILE``); the command prints it.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Sequence

from site_builder.model import Article, Entity, Resolution
from site_builder.ner import gazetteer
from site_builder.text.fold import fold

FILE = "entities-review.txt"
MIN_SHARE = 0.2
"""Share of an entity's mentions that must carry another type for a type finding."""
LIMIT = 200
"""Findings kept, most mentioned first."""


@dataclass(frozen=True, slots=True)
class Finding:
    kind: str
    mentions: int
    name: str
    why: str
    rule: str
    """The ``entities.toml`` table that fixes it, ready to paste."""


def review(articles: Sequence[Article], resolution: Resolution) -> list[Finding]:
    """Findings of every kind, most mentioned first (then by kind and name)."""
    counts, types = _mention_counts(articles, resolution)
    entities = resolution.entities
    ordinary, given = _word_classes()
    found = [*_glued(entities, counts, ordinary, given), *_types(entities, counts, types),
             *_merges(entities, counts, ordinary, given)]
    once = {(f.kind, f.name, f.rule): f for f in found}  # found by two kinds of check: one finding
    return sorted(once.values(), key=lambda f: (-f.mentions, f.kind, f.name))[:LIMIT]


def render(findings: Iterable[Finding]) -> str:
    """The list as the command prints it and the build writes it."""
    lines = ["# Entities most likely wrong, most mentioned first.",
             "# Paste a rule into entities.toml to fix one; leave it out if the name is right.", ""]
    for f in findings:
        lines += [f"# {f.kind}: {f.name} ({f.mentions} mentions): {f.why}", f.rule, ""]
    return "\n".join(lines)


def _mention_counts(articles: Sequence[Article], resolution: Resolution):
    """Mentions per entity, and per entity the types the recogniser gave them."""
    counts: Counter = Counter()
    types: dict[str, Counter] = defaultdict(Counter)
    for article in articles:
        kinds = {(m.start, m.end): m.type for m in article.mentions}
        for link in resolution.links.get(article.slug, ()):
            counts[link.entity] += 1
            kind = kinds.get((link.start, link.end))
            if kind is not None:
                types[link.entity][kind] += 1
    return counts, types


def _glued(entities: dict[str, Entity], counts: Counter, ordinary: frozenset[str],
           given: frozenset[str]) -> Iterable[Finding]:
    """A name that is another name plus an ordinary word at one edge: «عسير أثناء» is
    «عسير» and a preposition, «يلتقي كيم» a verb and «كيم». At the end, a word with the
    article is left alone (الولايات المتحدة، الخليج العربي: adjectives belong to names),
    and so are a first word with the article (الخليج العربي، البحر الأحمر) and an
    organisation's first word (ريال مدريد، وزارة الصحة: heads of names)."""
    listed = {" ".join(k) for k in gazetteer.load().names}
    known = {_key(e.name) for e in entities.values()} | listed
    heads = _heads()
    for id_, entity in sorted(entities.items()):
        words = _key(entity.name).split()
        if entity.type == "misc" or len(words) < 2 or " ".join(words) in listed:
            continue  # a listed name (جنوب أفريقيا، قطاع غزة) is a name as it is
        last = words[-1]
        if not last.startswith("ال") and _ordinary(last, ordinary, given) and " ".join(words[:-1]) in known:
            edge = entity.name.split()[-1]
        elif (entity.type != "organization" and not words[0].startswith("ال") and words[0] not in heads
              and _ordinary(words[0], ordinary, given) and " ".join(words[1:]) in known):
            edge = entity.name.split()[0]
        else:
            continue
        yield Finding("glued", counts[id_], entity.name, f"«{edge}» is an ordinary word glued to a name",
                      _table("suppress", text=entity.name))


@lru_cache(maxsize=1)
def _heads() -> frozenset[str]:
    """Words that begin names of places and bodies (قطاع، إقليم، وزارة) and the compass
    words that begin regions (شمال أفريقيا): ordinary words, but a name's own."""
    lines = [*gazetteer.data_lines("place_heads.txt"), *gazetteer.data_lines("org_heads.txt"),
             "شمال جنوب شرق غرب وسط"]
    return frozenset(_key(word) for line in lines for word in line.split())


def _key(name: str) -> str:
    return " ".join(fold(name, "match").split())


@lru_cache(maxsize=1)
def _word_classes() -> tuple[frozenset[str], frozenset[str]]:
    """The dictionary's ordinary words and the given names, as matching forms."""
    return gazetteer.ordinary_forms(), gazetteer.load().given


def _ordinary(form: str, ordinary: frozenset[str], given: frozenset[str]) -> bool:
    return form in ordinary and form not in given


def _types(entities: dict[str, Entity], counts: Counter, types: dict[str, Counter]) -> Iterable[Finding]:
    for id_, entity in sorted(entities.items()):
        votes = types.get(id_)
        if not votes or len(votes) < 2:
            continue
        other, n = min(((t, c) for t, c in votes.items() if t != entity.type), key=lambda tc: (-tc[1], tc[0]))
        if n >= MIN_SHARE * sum(votes.values()):
            spread = ", ".join(f"{t} {c}" for t, c in sorted(votes.items(), key=lambda tc: (-tc[1], tc[0])))
            yield Finding("type", counts[id_], entity.name, f"shown as {entity.type}; its mentions: {spread}",
                          _table("retype", name=entity.name, type=other))


def _merges(entities: dict[str, Entity], counts: Counter, ordinary: frozenset[str],
            given: frozenset[str]) -> Iterable[Finding]:
    """Two pages of one person: a name and the same name carried on by «بن …» or «آل …»
    («سلمان بن عبدالعزيز» and «سلمان بن عبدالعزيز آل سعود»), or one name written with
    «ابن» and with «بن». A longer name that goes on with another word is another person
    («عبدالله بن عبدالعزيز الموسى»), or a glued word when that word is an ordinary one
    («محمد بن سلمان طياري»)."""
    persons = {id_: e for id_, e in entities.items() if e.type == "person"}
    by_words: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for id_, e in persons.items():
        by_words[_words(e.name)].append(id_)
    for id_, e in sorted(persons.items()):
        words = _words(e.name)
        shorter = [(size, other) for size in range(len(words) - 1, 1, -1)
                   for other in sorted(by_words.get(words[:size], ()))]
        if shorter and _ordinary(words[-1], ordinary, given):  # «محمد بن نايف بن عبدالعزيز ركعتين»
            name = persons[shorter[-1][1]].name
            yield Finding("glued", counts[id_], e.name, f"«{name}» … and an ordinary word",
                          _table("suppress", text=e.name))
            continue
        for size, other in shorter:
            if words[size] in ("بن", "ال"):
                yield _merge(e, persons[other], counts, "the one begins the other")
        for same in sorted(by_words.get(words, ())):
            if same < id_:
                yield _merge(e, persons[same], counts, "the same name")


def _merge(one: Entity, other: Entity, counts: Counter, relation: str) -> Finding:
    """A merge of two pages under the name readers meet most (the longer on a tie), so that
    a rare misspelt long form («… آل سعودد») never becomes the name of a leader's page. A
    longer name that carries on with «بن» may also be another person of the family: the
    owner decides, hence a finding and no automatic merge."""
    shown, alias = sorted((one, other), key=lambda e: (-counts[e.id], -len(e.name), e.name))
    return Finding("merge", counts[shown.id] + counts[alias.id], shown.name,
                   f"one page with «{alias.name}» ({counts[alias.id]} of them): {relation}",
                   _table("merge", name=shown.name, aliases=[alias.name]))


def _words(name: str) -> tuple[str, ...]:
    """A person's name as words to compare: «ابن» read as «بن» inside a name («آل» folds to «ال»)."""
    words = fold(name, "match").split()
    return tuple("بن" if w == "ابن" and i else w for i, w in enumerate(words))


def _table(kind: str, **keys) -> str:
    lines = [f"[[{kind}]]"]
    for key, value in keys.items():
        if isinstance(value, list):
            lines.append(f"{key} = [{', '.join(_quoted(v) for v in value)}]")
        else:
            lines.append(f"{key} = {_quoted(value)}")
    return "\n".join(lines)


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def write(folder: Path, articles: Sequence[Article], resolution: Resolution) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / FILE).write_text(render(review(articles, resolution)), encoding="utf-8")
