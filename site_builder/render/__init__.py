"""Pages from the linked archive: the Jinja environment, page plans, feeds, sitemaps, data files, URLs."""
