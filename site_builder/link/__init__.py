"""The archive as a whole: propagation across articles, curation, alias resolution, the site graph."""
