"""Pages from the linked archive: the Jinja environment and labels, entity links, page plans, feeds,
sitemaps, data files, URLs."""
