"""Archive-wide alias resolution: which mentions name the same entity.

Mentions are grouped by a *variant key*: the matching key mapped to its
gazetteer line's canonical key, then folded further for spelling variants
the press mixes (ريونغ/ريونج, مسؤول/مسئول, "عبد الله"/"عبدالله"). A person's family
name alone ("بوتين", "كيم") joins the one full name in the same article that
ends with it (or starts with it, for East Asian order), else the one such
full name in the archive; when several fit, the short form stays unlinked, unless
the article names one of them more than twice as often as any other.
Mentions are assigned to groups, never groups joined through a shared short
form, so a bare first name cannot merge two people. Curation is applied
last and wins.

Everything is computed from sorted data, so the result does not depend on
the order the articles arrive in.
"""

from __future__ import annotations

import re
from functools import lru_cache
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Iterable, Sequence

from site_builder.ner import gazetteer
from site_builder.text.fold import fold
from site_builder.text.slugs import slugify
from site_builder.text.tokens import WORD, known_reading, name_key
from site_builder.link.curation import Curation
from site_builder.model import ENTITY_TYPES, Article, Entity, Link, Mention, Resolution

_NG = re.compile(r"نغ\b")
_ABD = re.compile(r"\bعبد (?=ال|رب)")
_IBN = re.compile(r" ابن (?=\S)")


@lru_cache(maxsize=200_000)
def variant_key(key: str) -> str:
    """A looser key under which spelling variants of one name coincide (cached: keys repeat).

    The letters fold as the "alias" profile says (ؤ ئ → ء, hyphens as spaces);
    on top, three spellings of names: نغ/نج at a word's end, "عبد ال" and "عبد ربه" joined, and
    "ابن" inside a name written "بن" («محمد بن سلمان ابن عبدالعزيز»; a name that
    begins with «ابن», «ابن خلدون», keeps it).
    """
    key = _NG.sub("نج", fold(key, "alias"))
    return _IBN.sub(" بن ", _ABD.sub("عبد", " ".join(key.split())))


@dataclass(slots=True)
class _Use:
    """One mention on its way to an entity."""

    slug: str
    mention: Mention
    group: str | None
    kind: str = ""
    """For a paper or club named after a place, the word naming its kind before it («صحيفة»)."""
    told: bool = False
    """Written «لـ«…»», as the news names the paper it speaks to («وقال لـ«الجزيرة»»)."""


def resolve(articles: Sequence[Article], curation: Curation | None = None) -> Resolution:
    curation = curation or Curation()
    gaz = gazetteer.for_curation(curation)
    used: set[int] = set()
    uses = _uses(sorted(articles, key=lambda a: a.slug), curation, gaz, used)
    _join_lineages(uses)
    _attach_short_forms(uses, gaz)
    groups = _merge(uses, curation, used)
    entities, ids = _entities(groups, uses, curation, gaz, used)
    links: dict[str, list[Link]] = {a.slug: [] for a in articles}
    for use in uses:
        if use.group is not None and use.group in ids:
            m = use.mention
            links[use.slug].append(Link(m.start, m.end, ids[use.group]))
    warnings = tuple(f"curation rule matched nothing ({r.describe()})"
                     for n, r in enumerate(curation.rules) if n not in used) + _shared_addresses(entities)
    return Resolution(
        entities=dict(sorted(entities.items())),
        links={slug: tuple(sorted(ls, key=lambda l: (l.start, l.end))) for slug, ls in sorted(links.items())},
        warnings=warnings,
    )


# -- grouping ----------------------------------------------------------------

def _uses(articles: Iterable[Article], curation: Curation, gaz: gazetteer.Gazetteer,
          used: set[int]) -> list[_Use]:
    """Every kept mention with its first group: curated, split or variant key."""
    curated, split, hide_all, hide_one = _curation_keys(curation)
    out = []
    for article in articles:
        for m in sorted(article.mentions, key=lambda m: (m.start, m.end)):
            key = m.key
            rule = hide_all.get(key, hide_one.get((article.slug, key)))
            if rule is not None:
                used.add(rule)
                continue
            if key in curated:
                group = curated[key]
            elif key in split:
                used.add(split[key])
                group = "split:" + key
            else:
                group = variant_key(gaz.canonical(key))
                kind = _kind_before(article.text, m.start) if m.type == "organization" else ""
                if kind or (m.type == "organization" and _listed_place(gaz, key)):
                    out.append(_Use(article.slug, m, "media:" + group, kind))
                    continue  # «الرياض» the paper is not the city, «قناة الجزيرة» not «نادي الجزيرة»
            out.append(_Use(article.slug, m, group, told=_told(article.text, m.start)))
    _group_media(out, gaz)
    _join_clubs(out)
    return out


_CLUB = name_key("نادي") + " "


def _join_clubs(uses: list[_Use]) -> None:
    """«نادي الهلال» is the club the archive also names bare, «الهلال»: one page, not two
    (the full SaudiNewsNet archive had both for every big club, e.g. 318 + 555 mentions of
    Al-Ittihad). Only when the bare name is itself read as an organisation outside any kind:
    a club named after a place («نادي أبها») keeps the page of its own beside the city, and
    a name the archive often writes as a paper spoken to («لـ«الجزيرة»», one use in ten
    or more) stays apart."""
    told = Counter(u.group for u in uses if u.told)
    named = Counter(u.group for u in uses if u.mention.type == "organization" and not u.kind and ":" not in u.group)
    bare = {group for group, n in named.items() if told[group] * 10 < n}
    for use in uses:
        if use.mention.type == "organization" and use.group.startswith(_CLUB) and use.group[len(_CLUB):] in bare:
            use.group = use.group[len(_CLUB):]


def _told(text: str, start: int) -> bool:
    """Whether the name at ``start`` opens a quotation right after «ل» or «لـ»."""
    before = text[max(0, start - 4):start].rstrip()
    return before.endswith(("ل«", "لـ«", "ل\"", "لـ\""))


def _group_media(uses: list[_Use], gaz: gazetteer.Gazetteer) -> None:
    """A paper or club named after a place joins the name with its kind: «جريدة «الرياض»»
    is the group of «جريدة الرياض» as the rules read it whole, so both are one entity. A
    mention quoted without its kind («لـ«الرياض»») takes the kind the archive most often
    writes before that name; a name never written after its kind keeps a group of its own."""
    kinds: dict[str, Counter] = defaultdict(Counter)
    for use in uses:
        if use.group.startswith("media:") and use.kind:
            kinds[use.group][use.kind] += 1
    for use in uses:
        if use.group.startswith("media:") and (use.kind or kinds.get(use.group)):
            counts = kinds[use.group]
            use.kind = use.kind or min(counts, key=lambda k: (-counts[k], k))
            use.group = variant_key(gaz.canonical(f"{name_key(use.kind)} {use.mention.key}"))


def _listed_place(gaz: gazetteer.Gazetteer, key: str) -> bool:
    """Whether the lists give ``key`` as a place. The recogniser reads a listed place as an
    organisation only on strong evidence (a newspaper in quotation marks after «صحيفة» or a
    reporting verb, a name after «نادي»): then it is that paper or club, an entity of its
    own beside the place, not a vote on the place's type."""
    entry = gaz.names.get(tuple(gaz.canonical(key).split()))
    return entry is not None and entry.type == "place"


_KINDS = {"صحيفه": "صحيفة", "جريده": "جريدة", "مجله": "مجلة", "قناه": "قناة", "اذاعه": "إذاعة", "نادي": "نادي"}
"""Words naming the kind of a paper or club (as matching forms) and how its name shows them."""


def _kind_before(text: str, start: int) -> str:
    """The kind word just before a mention («صحيفة «الرياض»», «لنادي الرياض»), or ""."""
    words = WORD.findall(text[max(0, start - 16):start])
    reading = known_reading(words[-1], _KINDS.keys()) if words else None
    return _KINDS[reading.form] if reading is not None else ""


def _curation_keys(curation: Curation):
    curated: dict[str, str] = {}
    split: dict[str, int] = {}
    hide_all: dict[str, int] = {}
    hide_one: dict[tuple[str, str], int] = {}
    for n, rule in enumerate(curation.rules):
        if rule.kind == "entity":
            for form in (rule.name, *rule.aliases):
                curated.setdefault(name_key(form), f"entity:{n}")
        elif rule.kind == "split":
            split.setdefault(name_key(rule.name), n)
        elif rule.kind == "suppress" and rule.article:
            hide_one.setdefault((rule.article, name_key(rule.name)), n)
        elif rule.kind == "suppress":
            hide_all.setdefault(name_key(rule.name), n)
    return curated, split, hide_all, hide_one


_DYNASTY = "ال"
"""«آل» as variant keys write it: «سلمان بن عبدالعزيز آل سعود»."""
_GENERATION = frozenset({"بن", "ابن", "بنت"})
_LINEAGE = _GENERATION | {_DYNASTY}


def _join_lineages(uses: list[_Use]) -> None:
    """One person under the short and the long form of a lineage name.

    Arab names grow by lineage: «محمد بن نايف», «محمد بن نايف بن عبدالعزيز», «… آل
    سعود». A longer form that only adds the dynasty («آل سعود») is the same person, when
    it is the one such form or named more than twice as often as the others together
    (a typo does not keep the king apart). One that adds generations («بن عبدالعزيز») may
    be another man («عبدالله بن عبدالعزيز بن مساعد» is not the king), so it joins only when it is
    the only way the archive extends the short form and is named at least as often: the
    formal name in full is the one the press writes.
    """
    counts = Counter(u.group for u in uses if u.mention.type == "person" and _plain_group(u.group))
    longer: dict[str, list[str]] = defaultdict(list)  # short form -> its direct extensions
    for name in counts:
        words = name.split()
        for k in range(len(words) - 2, 1, -1):
            short = " ".join(words[:k])
            if short in counts and words[k] in _LINEAGE:
                longer[short].append(name)
                break
    parent: dict[str, str] = {}
    joined: Counter = Counter()  # mentions of the forms joined under a name
    for short in sorted(longer, key=lambda n: -len(n.split())):  # the longest names first
        size = len(short.split())
        extra = {name: name.split()[size:] for name in longer[short]}
        dynasty = sorted((n for n, more in extra.items() if more[0] == _DYNASTY and len(more) == 2),
                         key=lambda n: (-counts[n], n))
        if dynasty and dynasty[0] not in parent and counts[dynasty[0]] > 2 * sum(counts[n] for n in dynasty[1:]):
            parent[dynasty[0]] = short  # a typo («آل سعودد») once does not keep the king apart
            joined[short] += counts[dynasty[0]]
        generations = [n for n, more in extra.items() if more[0] in _GENERATION]
        if len(generations) == 1 and short not in parent and \
                counts[generations[0]] + joined[generations[0]] >= counts[short]:
            parent[short] = generations[0]
            joined[generations[0]] += counts[short]

    _join_patronymics(counts, parent)

    def root(name: str) -> str:
        while name in parent:
            name = parent[name]
        return name

    for use in uses:
        if use.group in parent and use.mention.type == "person":
            use.group = root(use.group)


def _join_patronymics(counts: Counter, parent: dict[str, str]) -> None:
    """«عادل الجبير» and «عادل بن أحمد الجبير»: the given and the family name, with and without
    the father's name between them, are one person when the archive writes that family name
    with one father's name only (two, «محمد بن علي الشهري» and «محمد بن سعد الشهري», are
    two men the short form cannot tell apart)."""
    full: dict[tuple[str, str], list[str]] = defaultdict(list)
    for name in counts:
        words = name.split()
        if len(words) == 4 and words[1] in _GENERATION:
            full[words[0], words[3]].append(name)
    for (given, family), names in sorted(full.items()):
        short = f"{given} {family}"
        if len(names) == 1 and short in counts and names[0] not in parent:
            parent[names[0]] = short


def _attach_short_forms(uses: list[_Use], gaz: gazetteer.Gazetteer) -> None:
    """Point one-word person mentions at the full name they abbreviate.

    Full names are indexed by their last word (and first word, for names
    written surname first), so the cost grows with the mentions, not with
    mentions × names.
    """
    in_article: dict[str, _NameIndex] = defaultdict(_NameIndex)
    archive = _NameIndex()
    counts: Counter = Counter()  # (article, full name) -> mentions
    for use in uses:
        if use.mention.type == "person" and _plain_group(use.group) and " " in use.group:
            in_article[use.slug].add(use.group)
            archive.add(use.group)
            counts[use.slug, use.group] += 1
    for use in uses:
        group = use.group
        if use.mention.type != "person" or not _plain_group(group) or " " in group:
            continue
        if group in gaz.given and group not in gaz.surname_first:
            use.group = None  # a bare given name names too many people
            continue
        here = in_article[use.slug].find(group, gaz) if use.slug in in_article else set()
        if len(here) > 1:
            here = _most_named(here, use.slug, counts)
        found = here or archive.find(group, gaz)
        if len(found) == 1:
            use.group = next(iter(found))
        elif len(found) > 1:
            use.group = None  # ambiguous: leave it unlinked


def _most_named(names: set[str], slug: str, counts: Counter) -> set[str]:
    """Of the article's full names a short form fits, the one it names more than twice as
    often as any other («سيغموند فرويد» three times, a stray «أمل فرويد» once); else all."""
    ranked = sorted(names, key=lambda name: (-counts[slug, name], name))
    top, second = counts[slug, ranked[0]], counts[slug, ranked[1]]
    return {ranked[0]} if top > 2 * second else names


class _NameIndex:
    """Full names by last and by first word."""

    def __init__(self):
        self.by_last: dict[str, set[str]] = defaultdict(set)
        self.by_first: dict[str, set[str]] = defaultdict(set)

    def add(self, full: str) -> None:
        parts = full.split()
        self.by_last[parts[-1]].add(full)
        self.by_first[parts[0]].add(full)

    def find(self, word: str, gaz: gazetteer.Gazetteer) -> set[str]:
        found = set(self.by_last.get(word, ()))
        if word in gaz.surname_first:
            found |= self.by_first.get(word, set())
        return found


def _plain_group(group: str | None) -> bool:
    return group is not None and ":" not in group


def _merge(uses: list[_Use], curation: Curation, used: set[int]) -> dict[str, str]:
    """Group → representative after [[merge]] rules (union-find)."""
    parent: dict[str, str] = {}

    def find(g: str) -> str:
        while parent.get(g, g) != g:
            g = parent[g]
        return g

    merges = [(n, rule) for n, rule in enumerate(curation.rules) if rule.kind == "merge"]
    by_key = _groups_by_key(uses) if merges else {}
    for n, rule in merges:
        hit = sorted({g for form in (rule.name, *rule.aliases) for g in by_key.get(name_key(form), ())})
        if hit:
            used.add(n)
        for g in hit[1:]:
            a, b = sorted((find(hit[0]), find(g)))
            parent[b] = a
        if hit:
            parent.setdefault(f"merge-name:{n}", find(hit[0]))
    return {g: find(g) for g in {u.group for u in uses if u.group is not None}} | {
        k: find(v) for k, v in parent.items() if k.startswith("merge-name:")}


def _groups_by_key(uses: Iterable[_Use]) -> dict[str, set[str]]:
    """Matching key (and variant key) of every mention → its groups."""
    out: dict[str, set[str]] = defaultdict(set)
    for use in uses:
        if use.group is not None:
            out[use.mention.key].add(use.group)
            out[variant_key(use.mention.key)].add(use.group)
    return out


# -- entities ----------------------------------------------------------------

def _entities(groups: dict[str, str], uses: list[_Use], curation: Curation,
              gaz: gazetteer.Gazetteer, used: set[int]):
    members: dict[str, list[_Use]] = defaultdict(list)
    for use in uses:
        if use.group is not None:
            use.group = groups[use.group]
            members[use.group].append(use)
    names = {g: _name(g, ms, curation, gaz) for g, ms in members.items()}
    types = {g: _type(g, ms, curation) for g, ms in members.items()}
    for n, rule in enumerate(curation.rules):
        if rule.kind == "merge":
            target = groups.get(f"merge-name:{n}")
            if target in names:
                names[target] = rule.name
    renames = any(rule.kind in ("rename", "retype") for rule in curation.rules)
    by_key = _groups_by_key(u for u in uses if u.group is not None) if renames else {}
    for n, rule in enumerate(curation.rules):
        hit = sorted(by_key.get(name_key(rule.name), ())) if rule.kind in ("rename", "retype") else []
        for g in hit:
            used.add(n)
            if rule.kind == "rename":
                names[g] = rule.to
            else:
                types[g] = rule.type
        if rule.kind == "entity" and f"entity:{n}" in members:
            used.add(n)
    ids = _ids(names)
    entities = {}
    for g, ms in members.items():
        forms = {_surface(u.mention) for u in ms}
        if g.startswith("entity:"):
            forms |= set(curation.rules[int(g.split(":")[1])].aliases)
        entities[ids[g]] = Entity(ids[g], names[g], types[g], listed_aliases(names[g], forms))
    return entities, ids


def listed_aliases(name: str, forms: Iterable[str]) -> tuple[str, ...]:
    """An entity's other names, one per spelling: forms that differ only by diacritics,
    tatweel, the seat of a hamza, ة/ه or the spaces between words (اليمــن، إيران/أيران،
    جدّه/جدة، عبدالعزيز/عبد العزيز، أبوظبي/أبو ظبي، بن/ابن) are one name, and the entity's own
    name is not repeated. Of one spelling's forms the plainest is kept."""
    own = _spelling(name)
    kept: dict[str, str] = {}
    for form in forms:
        key = _spelling(form)
        if key != own and (key not in kept or _plainer(form, kept[key])):
            kept[key] = form
    return tuple(sorted(kept.values()))


def _spelling(form: str) -> str:
    """What ``listed_aliases`` compares: the alias fold without spaces, since the news
    writes «عبد» and «أبو» apart or joined to the next word at random (756 of the 9,672
    aliases of the SaudiNewsNet archive differed from another only so); «ابن» inside a
    lineage is «بن» written in full («فيصل بن خالد ابن عبدالعزيز»)."""
    return fold(form, "alias").replace(" ابن ", " بن ").replace(" ", "")


def _plainer(form: str, other: str) -> bool:
    """Fewer marks and tatweel, then the first in order: which form of a spelling is shown."""
    marks = len(form) - len(fold(form, "plain"))
    other_marks = len(other) - len(fold(other, "plain"))
    return (marks, form) < (other_marks, other)


def _surface(m: Mention) -> str:
    """The name as written, with the article "لل" swallowed put back."""
    return _surface_of(m.text, m.key)


@lru_cache(maxsize=262_144)
def _surface_of(written: str, key: str) -> str:
    """``_surface`` of a mention's text and key: an archive writes each name in a few ways
    only, and its entities ask for each mention's three times."""
    text = " ".join(written.split())
    if name_key(text) != key and key.startswith("ال") and not text.startswith(("ال", "أل", "إل")):
        return "ال" + text
    return text


def _name(group: str, ms: list[_Use], curation: Curation, gaz: gazetteer.Gazetteer) -> str:
    """Curated name, else the gazetteer's canonical form, else the most
    frequent full form (persons: among the longest forms)."""
    if group.startswith("entity:"):
        return curation.rules[int(group.split(":")[1])].name
    kinds = Counter(u.kind for u in ms if u.kind)
    if kinds:  # «جريدة الرياض»: the paper's kind and the place's name
        kind = min(kinds, key=lambda k: (-kinds[k], k))
        return f"{kind} {_written_name([u for u in ms if u.kind == kind], gaz)}"
    return _written_name(ms, gaz)


def _written_name(ms: list[_Use], gaz: gazetteer.Gazetteer) -> str:
    """The gazetteer's canonical form of the mentions, else their most frequent full form."""
    counts = Counter(_surface(u.mention) for u in ms)
    listed = Counter(gaz.display[k] for k in (gaz.canonical(u.mention.key) for u in ms)
                     if k in gaz.display)
    if listed:
        return min(listed, key=lambda s: (-listed[s], s))
    pool = counts
    if any(u.mention.type == "person" for u in ms):
        longest = max(len(s.split()) for s in counts)
        pool = Counter({s: c for s, c in counts.items() if len(s.split()) == longest})
    first: dict[str, tuple[str, int]] = {}
    for use in ms:  # on a tie, the form a reader meets first (by article, then position)
        form = _surface(use.mention)
        first[form] = min(first.get(form, (use.slug, use.mention.start)), (use.slug, use.mention.start))
    return min(pool, key=lambda s: (-pool[s], first[s], s))


def _type(group: str, ms: list[_Use], curation: Curation) -> str:
    if group.startswith("entity:"):
        return curation.rules[int(group.split(":")[1])].type or "misc"
    votes = Counter(u.mention.type for u in ms)
    return min(votes, key=lambda t: (-votes[t], ENTITY_TYPES.index(t)))


def _shared_addresses(entities: dict[str, Entity]) -> tuple[str, ...]:
    """One warning per address that several entities' names make (each got its own, ``_ids``)."""
    wanted: dict[str, list[Entity]] = defaultdict(list)
    for entity in entities.values():
        wanted[slugify(entity.name, "entity")].append(entity)
    return tuple(
        f"entities whose names make the same address 'entities/{slug}/' are kept apart: "
        + ", ".join(f"{e.name!r} ({e.type}) at entities/{e.id}/" for e in sorted(found, key=lambda e: e.id))
        + " (a [[merge]] or [[rename]] in the curation file settles it)"
        for slug, found in sorted(wanted.items()) if len(found) > 1)


def _ids(names: dict[str, str]) -> dict[str, str]:
    """Group → unique slug of its name; clashes get -2, -3 … in key order, a paper or club
    named after a place after the place (the city keeps «entities/الرياض/»)."""
    out: dict[str, str] = {}
    taken: set[str] = set()
    for group in sorted(names, key=lambda g: (slugify(names[g]), g.startswith("media:"), g)):
        base = slugify(names[group], "entity")
        slug, n = base, 1
        while slug in taken:
            n += 1
            slug = f"{base}-{n}"
        taken.add(slug)
        out[group] = slug
    return out
