"""Which source each front-matter ``source`` value names, and the address of each source.

A value is a source id (``okaz``, ``Okaz``) or a name (``عكاظ``), matched with
marks, case and spacing aside. Ids are those of the site's ``[sources.ID]`` tables and
those the importers ship; a shipped source's name counts only in an archive
that uses its id, since a name such as «الجزيرة» belongs to more than one
newspaper. Any other value is a source of its own, named by the value, whose
address is made from it.

Addresses must be distinct whatever the values are: two values whose address
would be the same (``؟؟`` and ``!!``, ``Okaz`` and ``okaz``) are different
sources, so the first in the order of the values keeps the address and each
other one gets the address followed by a hash of its value — stable from one
build to the next, whatever the order the files are read in — and the clash is
reported once, as a warning.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from typing import Iterable, Mapping

from site_builder.model import Source, Sources
from site_builder.text.fold import spelling_key
from site_builder.text.slugs import slugify

FALLBACK = "unknown"
"""The address of a source whose name has no letter or digit."""


def known_sources(declared: Mapping[str, tuple[str, str]], shipped: Mapping[str, Source]) -> dict[str, Source]:
    """The shipped sources with the site's ``(name, url)`` for an id over them; an empty
    name or url keeps the shipped one (or the id, for a name)."""
    known = dict(shipped)
    for id_, (name, url) in declared.items():
        base = shipped.get(id_)
        known[id_] = Source(id_, name or (base.name if base else id_), url or (base.url if base else ""))
    return known


def name_sources(values: Iterable[str], known: Mapping[str, Source], declared: Iterable[str] = ()) -> Sources:
    """The sources of ``values`` (front-matter ``source`` of every article; empty ones are
    no source). ``declared`` are the ids of ``known`` whose names front matter may use;
    the names of the other known sources may be used once the archive uses their id."""
    values = sorted(set(values) - {""})
    ids = {value: spelling_key(value) for value in values if spelling_key(value) in known}
    by_name = {spelling_key(known[id_].name): id_ for id_ in [*ids.values(), *declared]}
    own: dict[str, list[str]] = defaultdict(list)
    for value in values:
        if value in ids:
            continue
        if spelling_key(value) in by_name:
            ids[value] = by_name[spelling_key(value)]
        else:
            own[spelling_key(value)].append(value)  # one name, however it is written
    by_id = {id_: known[id_] for id_ in sorted(set(ids.values()))}
    wanted: dict[str, list[list[str]]] = defaultdict(list)
    for spellings in own.values():
        wanted[slugify(spellings[0], FALLBACK)].append(spellings)
    warnings = []
    for slug, claimants in sorted(wanted.items()):  # a hashed address sorts after its slug: never taken later
        holders = [(by_id[slug].name, slug)] if slug in by_id else []
        for spellings in sorted(claimants):
            name = spellings[0]
            id_ = _free(slug, name, by_id) if slug in by_id else slug
            by_id[id_] = Source(id_, name)
            ids.update((value, id_) for value in spellings)
            holders.append((name, id_))
        if len(holders) > 1:
            pairs = ", ".join(f"{name!r} at sources/{id_}/" for name, id_ in holders)
            warnings.append(f"sources whose names make the same address 'sources/{slug}/' are kept apart: "
                            f"{pairs} (a [sources.ID] table in site.toml chooses their ids and names)")
    return Sources(by_id={id_: by_id[id_] for id_ in sorted(by_id)}, ids=ids, warnings=tuple(warnings))


def _free(slug: str, value: str, taken: Mapping[str, Source]) -> str:
    """``slug-<hash of value>``, longer until no other source has it."""
    digest = hashlib.sha1(value.encode("utf-8")).hexdigest()
    size = 6
    while f"{slug}-{digest[:size]}" in taken:
        size += 2
    return f"{slug}-{digest[:size]}"
