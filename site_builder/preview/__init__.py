"""The local preview: server, rebuild session, quick edits, GitHub Pages rules, live reload, watcher."""
