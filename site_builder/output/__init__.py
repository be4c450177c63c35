"""Writing the site: a staging folder swapped in whole, in-place updates, the render pool."""
