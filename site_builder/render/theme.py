"""Where the default theme lives, and which static files a site publishes.

In a checkout the theme sits at the top of the repository (``templates/`` and
``static/``) so site owners find it; an installed wheel carries the same
folders as ``site_builder/_theme``. The site's own ``static`` folder overrides
the theme file by file, so a site can replace one stylesheet and keep the rest.
"""

from __future__ import annotations

from pathlib import Path

from site_builder.config import SiteConfig

_PACKAGE = Path(__file__).resolve().parent.parent


def _theme_dir(name: str) -> Path:
    """Prefer the installed copy; fall back to the repository's top level."""
    installed = _PACKAGE / "_theme" / name
    if installed.is_dir():
        return installed
    return _PACKAGE.parent / name


def default_template_dir() -> Path:
    return _theme_dir("templates")


def default_static_dir() -> Path:
    return _theme_dir("static")


def _files_under(folder: Path) -> dict[str, Path]:
    """Output-relative POSIX path → file, skipping hidden files and folders."""
    if not folder.is_dir():
        return {}
    found: dict[str, Path] = {}
    for path in folder.rglob("*"):
        rel = path.relative_to(folder)
        if path.is_file() and not any(part.startswith(".") for part in rel.parts):
            found[rel.as_posix()] = path
    return found


def static_files(config: SiteConfig) -> list[tuple[str, Path]]:
    """Every static file to publish, sorted; the site's files win over the theme's.

    When the site's static folder *is* the default theme folder (building the
    repository's own example site) each file appears once.
    """
    files = _files_under(default_static_dir())
    files.update(_files_under(config.path(config.static)))
    return sorted(files.items())
