"""Importers turn published corpora into article files the site reads.

Each importer writes plain Markdown with YAML front matter into the site's
content folders, so the imported articles can be reviewed, edited and kept
under version control like hand-written ones. ``KNOWN_SOURCES`` are the
sources the importers name by id, with their display names.
"""

from site_builder.importers.saudinewsnet import ImportReport, import_saudinewsnet
from site_builder.importers.saudinewsnet_sources import SOURCES as KNOWN_SOURCES

__all__ = ["ImportReport", "import_saudinewsnet", "KNOWN_SOURCES"]
