"""Reading articles: source files and front matter, Markdown and plain-text bodies."""
