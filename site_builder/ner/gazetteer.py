"""The curated name lists in ``site_builder/ner/data``, loaded once per process.

Names are indexed by their tuple of normalized words so that a scan can try
the longest name first at each word. Variants written on one line
("كوريا الشمالية | كوريا الديمقراطية") share the first form's key, which
is how alias resolution learns that they name one thing.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Sequence

from site_builder.text.fold import fold
from site_builder.text.tokens import Reading, Token, name_key, name_readings, readings

DATA_DIR = Path(__file__).resolve().parent / "data"

# Files of named things, earliest wins when two files list the same name.
NAME_FILES: tuple[tuple[str, str], ...] = (
    ("persons.txt", "person"),
    ("organizations.txt", "organization"),
    ("misc.txt", "misc"),
    ("places.txt", "place"),
    ("cldr_territories.tsv", "place"),
    ("cldr_cities.tsv", "place"),
)
WORD_FILES = ("titles.txt", "reporting_verbs.txt", "org_heads.txt", "place_heads.txt",
              "org_domains.txt", "given_names.txt", "foreign_given_names.txt", "surname_first.txt", "particles.txt",
              "nisba.txt", "common_words.txt", "sport_clubs.txt", "sport_words.txt", "prose_phrases.txt",
              "club_nationalities.txt")

Words = tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Entry:
    """A known name: its type and the key of its line's first form."""

    type: str
    canonical: str


@dataclass(frozen=True, slots=True)
class Match:
    """A gazetteer name found at a token: ``size`` tokens, the first read as ``reading``."""

    size: int
    reading: Reading
    entry: Entry


@dataclass(frozen=True)
class Phrases:
    """A set of word sequences with the longest length per first word."""

    items: frozenset[Words]
    longest: dict[str, int] = field(hash=False, compare=False)

    @classmethod
    def of(cls, seqs: Iterable[Words]) -> "Phrases":
        items = frozenset(s for s in seqs if s)
        longest: dict[str, int] = {}
        for seq in items:
            longest[seq[0]] = max(longest.get(seq[0], 0), len(seq))
        return cls(items, longest)

    def match(self, forms: Sequence[str], i: int, stop: int | None = None,
              first: str | None = None) -> int:
        """Length of the longest phrase at ``forms[i]`` ending by ``stop`` (0 if none).

        ``first`` replaces ``forms[i]`` (a proclitic-stripped reading).
        """
        head = forms[i] if first is None else first
        top = self.longest.get(head, 0)
        for size in range(min(top, (len(forms) if stop is None else stop) - i), 0, -1):
            if (head, *forms[i + 1:i + size]) in self.items:
                return size
        return 0


@dataclass(frozen=True)
class Gazetteer:
    names: dict[Words, Entry]
    first_len: dict[str, int]
    aliases: dict[str, str]
    """Key of every listed form → key of its line's canonical form."""
    display: dict[str, str]
    """Canonical key → the canonical form as written in the data file."""
    titles: Phrases
    reporting: frozenset[str]
    org_heads: frozenset[str]
    place_heads: Phrases
    domains: Phrases
    nisba: Phrases
    given: frozenset[str]
    given_phrases: Phrases
    foreign_given: frozenset[str]
    surname_first: frozenset[str]
    particles: frozenset[str]
    common: frozenset[str]
    prose: frozenset[Words]
    """Phrases of prose shaped like names (``prose_phrases.txt``): never a mention."""
    clubs: frozenset[str]
    """Clubs named by one ordinary word, a club only after a word of the game (``sport``)."""
    sport: frozenset[str]
    club_nationalities: Phrases
    """Masculine adjectives of countries: after a city, they make it a club (``city_clubs``)."""
    countries: frozenset[str]
    """Keys of the countries and territories (CLDR, not its regions): no club is named after
    one, and a listed country holds the place a tagger found inside it («جنوب أفريقيا»)."""
    regions: frozenset[str]
    """Keys of CLDR's regions («أفريقيا», «شرق آسيا»): no club is named after one either."""
    ordinary: frozenset[str]
    """``ordinary_forms``: words that are no name alone, unless context makes them one."""
    name_words: frozenset[str]
    """``name_words``: every word a list says can be part of a person's name."""
    digest: str

    def lookup(self, tokens: Sequence[Token], forms: Sequence[str], i: int,
               stop: int | None = None) -> Match | None:
        """Longest known name starting at token ``i`` and ending by ``stop``,
        the first word read whole or with proclitics removed (whole wins a tie)."""
        best: Match | None = None
        limit = (len(forms) if stop is None else stop) - i
        for reading in name_readings(tokens[i].text):
            top = self.first_len.get(reading.form, 0)
            for size in range(min(top, limit), 0, -1):
                if best is not None and size <= best.size:
                    break
                entry = self.names.get((reading.form, *forms[i + 1:i + size]))
                if entry is not None:
                    best = Match(size, reading, entry)
                    break
        return best

    def canonical(self, key: str) -> str:
        return self.aliases.get(key, key)


def data_lines(name: str) -> Iterable[str]:
    """The lines of a shipped data file, without blank lines and ``#`` comments."""
    text = (DATA_DIR / name).read_text(encoding="utf-8")
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            yield line


@lru_cache(maxsize=1)
def ordinary_words() -> frozenset[str]:
    """Words of the Arramooz dictionary that are not proper nouns, and the recogniser's common
    words: what a word alone is, unless context makes it a name."""
    words = {word for word, _, classes in (line.partition("\t") for line in data_lines("arramooz_words.tsv"))
             if classes == "word"}
    return frozenset(words | set(data_lines("common_words.txt")))


@lru_cache(maxsize=1)
def ordinary_forms() -> frozenset[str]:
    """``ordinary_words`` as the recogniser's matching forms (folded)."""
    return frozenset(fold(word, "match") for word in ordinary_words())


@lru_cache(maxsize=1)
def name_words() -> frozenset[str]:
    """Every word a list says can be part of a person's name, as matching forms."""
    words = {name_key(line.split("\t")[0]) for line in data_lines("wikidata_names.tsv")}
    words |= {name_key(word) for word, _, classes in (line.partition("\t") for line in data_lines("arramooz_words.tsv"))
              if "name" in classes.split(",")}
    return frozenset(words)


def _words(text: str) -> Words:
    return tuple(name_key(text).split())


def _read_words(name: str) -> list[Words]:
    return [w for w in (_words(line) for line in data_lines(name)) if w]


def _read_names(name: str) -> list[list[str]]:
    """Each line's forms, canonical first (tab-separated files: first column)."""
    if name.endswith(".tsv"):
        return [[line.split("\t")[0]] for line in data_lines(name)]
    return [[f.strip() for f in line.split("|") if f.strip()] for line in data_lines(name)]


def _data_digest() -> str:
    h = hashlib.sha256()
    for name, _ in NAME_FILES:
        h.update((DATA_DIR / name).read_bytes())
    for name in WORD_FILES:
        h.update((DATA_DIR / name).read_bytes())
    return h.hexdigest()[:16]


def _flat(seqs: Iterable[Words]) -> frozenset[str]:
    return frozenset(" ".join(s) for s in seqs)


def build(extra: Sequence[tuple[str, Sequence[str]]] = (), extra_digest: str = "") -> Gazetteer:
    """Load every data file; ``extra`` adds (type, [canonical, *aliases])
    groups (from the curation file) ahead of the shipped lists."""
    words = {name: _read_words(name) for name in WORD_FILES}
    common = _flat(words["common_words.txt"])
    foreign = _flat(words["foreign_given_names.txt"])
    given = _flat(words["given_names.txt"]) | foreign
    groups = [(etype, list(forms)) for etype, forms in extra]
    for name, etype in NAME_FILES:
        groups.extend((etype, forms) for forms in _read_names(name))
    names: dict[Words, Entry] = {}
    aliases: dict[str, str] = {}
    display: dict[str, str] = {}
    curated = len(extra)
    for n, (etype, forms) in enumerate(groups):
        canonical = " ".join(_words(forms[0]))
        display.setdefault(canonical, " ".join(forms[0].split()))
        for form in forms:
            seq = _words(form)
            if not seq or seq in names:
                continue
            if n >= curated and len(seq) == 1 and (seq[0] in common or len(seq[0]) < 3):
                continue  # a shipped single word that is also a common word
            names[seq] = Entry(etype, canonical)
            aliases.setdefault(" ".join(seq), canonical)
    first_len: dict[str, int] = {}
    for seq in names:
        first_len[seq[0]] = max(first_len.get(seq[0], 0), len(seq))
    titles = Phrases.of(words["titles.txt"])
    heads = _flat(words["org_heads.txt"])
    title_words = frozenset(w for seq in titles.items for w in seq)
    never = common | title_words | _flat(titles.items) | _flat(words["reporting_verbs.txt"]) | heads \
        | _flat(words["nisba.txt"]) | _flat(words["place_heads.txt"])
    states, regions = _territories()
    return Gazetteer(
        names=names, first_len=first_len, aliases=aliases, display=display, titles=titles,
        reporting=_flat(words["reporting_verbs.txt"]), org_heads=heads,
        place_heads=Phrases.of(words["place_heads.txt"]),
        domains=Phrases.of(words["org_domains.txt"]), nisba=Phrases.of(words["nisba.txt"]),
        given=given, given_phrases=Phrases.of(words["given_names.txt"] + words["foreign_given_names.txt"]),
        foreign_given=foreign, surname_first=_flat(words["surname_first.txt"]),
        particles=_flat(words["particles.txt"]), common=never - given,
        prose=frozenset(words["prose_phrases.txt"]),
        clubs=_flat(words["sport_clubs.txt"]), sport=_flat(words["sport_words.txt"]),
        club_nationalities=Phrases.of(words["club_nationalities.txt"]),
        countries=_countries(aliases, states), regions=regions,
        ordinary=ordinary_forms(), name_words=name_words(),
        digest=hashlib.sha256((_data_digest() + extra_digest).encode()).hexdigest()[:16],
    )


_MORE_COUNTRIES = ("إنجلترا", "إنكلترا", "اسكتلندا", "إسكتلندا", "ويلز", "أيرلندا الشمالية", "الدنمارك", "المجر",
                   "الكونغو", "الكونغو الديمقراطية", "ساحل العاج", "البوسنة", "التشيك", "روسيا البيضاء",
                   "السعودية", "الإمارات", "أمريكا", "أميركا", "بريطانيا")


def _territories() -> tuple[frozenset[str], frozenset[str]]:
    """Keys of CLDR's territories, split into states (a letter code) and regions (a
    numeric code: «شرق أفريقيا»)."""
    states, regions = set(), set()
    for line in data_lines("cldr_territories.tsv"):
        name, code = line.split("\t")[0], line.split("\t")[-1]
        (regions if code.isdigit() else states).add(" ".join(_words(name)))
    return frozenset(states), frozenset(regions)


def _countries(aliases: dict[str, str], states: frozenset[str]) -> frozenset[str]:
    """Keys of CLDR's countries and territories (``states``), with the other forms the lists
    give them («بريطانيا»), other spellings the press uses, and the nations of the United
    Kingdom, which field their own teams. (Not added to the name lists: the tagger reads those
    as features, so a list edit would change what the shipped model sees.)"""
    keys = set(states) | {" ".join(_words(name)) for name in _MORE_COUNTRIES}
    return frozenset(keys | {key for key, canonical in aliases.items() if canonical in keys})


def for_curation(curation) -> Gazetteer:
    """The gazetteer extended with a curation's names (``None``: shipped lists)."""
    if curation is None:
        return load()
    return load(curation.recogniser_names(), curation.digest)


@lru_cache(maxsize=8)
def load(extra: tuple[tuple[str, tuple[str, ...]], ...] = (), extra_digest: str = "") -> Gazetteer:
    """The gazetteer for one curation (cached: every article shares it)."""
    return build(extra, extra_digest)


@lru_cache(maxsize=1)
def place_keys() -> frozenset[str]:
    """Name keys of every shipped place name, GeoNames' towns included (the rules leave those
    to the tagger); the importer reads datelines with them."""
    files = [name for name, etype in NAME_FILES if etype == "place"] + ["geonames_places.tsv"]
    return frozenset(" ".join(_words(form)) for name in files for forms in _read_names(name) for form in forms)


@lru_cache(maxsize=1)
def town_phrases() -> frozenset[Words]:
    """GeoNames' towns of two words or more whose first word begins no person's name (no
    given name, no title), as matching words: «خان يونس», «ديار بكر». The tagger reads such a
    town as a person by its second word; the lists say what it is."""
    gaz = load()
    never_first = gaz.given | frozenset(w for seq in gaz.titles.items for w in seq) | gaz.particles
    return frozenset(seq for forms in _read_names("geonames_places.tsv") for seq in map(_words, forms)
                     if len(seq) >= 2 and seq[0] not in never_first)


@lru_cache(maxsize=1)
def given_name_keys() -> frozenset[str]:
    """Name keys of given names: the curated lists and the given names of people in Wikidata."""
    wikidata = (line.split("\t") for line in data_lines("wikidata_names.tsv"))
    names = {" ".join(_words(word)) for word, classes, *_ in wikidata if "given" in classes.split(",")}
    return frozenset(names | load().given)
