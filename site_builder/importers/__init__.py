"""Importers turn published corpora into article files the site reads.

Each importer writes plain Markdown with YAML front matter into the site's
content folders, so the imported articles can be reviewed, edited and kept
under version control like hand-written ones.
"""

from site_builder.importers.saudinewsnet import ImportReport, import_saudinewsnet

__all__ = ["ImportReport", "import_saudinewsnet"]
