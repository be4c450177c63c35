"""The Pagefind search index, built in parts, and its canonical bundle."""
