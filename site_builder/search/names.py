"""The archive's names, as the search index and the search page share them.

A name written with particles (لموسكو, وسلمان, بدبي) is found from the bare
name and the other way round only if both sides know it is a name: the index
lists the bare key on the pages that write it with particles, and the search
page removes the particles from a query word whose rest is a name. Both use
one list, built here from the entities the archive links and written to
``search/names/XXXX.json``, one file per first letter (XXXX: its code point),
so a query fetches the two or three letters it needs, a few kilobytes. Every linked entity counts, even one mentioned once:
reading «وسقوط» as و + «سقوط» is right even if «سقوط» was a wrong find. What
must never happen is cutting a word that is a word of its own: ordinary
words that would read as particles + a name (وزير if زير were a name) come
from the dictionary the tagger uses, and are never cut.
"""

from __future__ import annotations

import json

from site_builder.model import SiteGraph
from site_builder.ner.gazetteer import ordinary_words
from site_builder.text.search_keys import NameList

NAMES_FOLDER = "search/names/"


def archive_names(graph: SiteGraph) -> NameList:
    names = [(form, stats.mentions if (stats := graph.entity_stats.get(entity_id)) else 1)
             for entity_id, entity in sorted(graph.entities.items()) for form in (entity.name, *entity.aliases)]
    return NameList.of(names, ordinary_words())


def name_files(names: NameList) -> dict[tuple[str, str], bytes]:
    """(letter, output path) → bytes of each letter's file."""
    return {(letter, f"{NAMES_FOLDER}{ord(letter):04x}.json"):
            (json.dumps(shard, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")
            for letter, shard in names.shards().items()}

