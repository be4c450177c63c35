"""The words of the interface, from one table: the theme's ``labels.toml``, with the site's over it.

A site's ``templates/labels.toml`` lists only the labels it changes
(``home = "البداية"``, or ``person`` under ``[types]``); every other label
stays the theme's. A name the theme does not have is an error that names it,
so a typo never silently keeps the theme's word. The build reads the labels
too: ``source`` and ``types`` name the search filters.
"""

from __future__ import annotations

import difflib
import tomllib
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from site_builder.config import SiteConfig
from site_builder.errors import TemplateError
from site_builder.render.theme import default_template_dir

LABELS = "labels.toml"


def load_labels(config: SiteConfig) -> SimpleNamespace:
    """The labels as attributes: in a template ``{{ labels.home }}`` is then a single lookup."""
    theme_file = default_template_dir() / LABELS
    labels = _read(theme_file)
    site_file = config.path(config.templates) / LABELS
    if site_file.is_file() and site_file != theme_file.resolve():
        for key, value in _read(site_file).items():
            _check(key, value, labels, site_file)
            labels[key] = {**labels[key], **value} if isinstance(value, dict) else value
    return SimpleNamespace(**labels)


def _read(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise TemplateError(f"invalid labels: {exc}", path) from None


def _check(key: str, value: Any, theme: dict[str, Any], path: Path) -> None:
    """Every label the site sets is one the theme has, of the same kind (a text, or a table of texts)."""
    if key not in theme:
        close = difflib.get_close_matches(key, list(theme), n=1)
        raise TemplateError(f"unknown label '{key}'", path,
                            hint=f"did you mean '{close[0]}'?" if close else f"the theme's labels are in {LABELS}")
    known = theme[key]
    if isinstance(known, dict):
        if not isinstance(value, dict):
            raise TemplateError(f"label '{key}' must be a table ([{key}])", path)
        for name, text in value.items():
            if name not in known:
                raise TemplateError(f"unknown label '{key}.{name}'", path,
                                    hint="known: " + ", ".join(f"{key}.{k}" for k in known))
            if not isinstance(text, str):
                raise TemplateError(f"label '{key}.{name}' must be a string, not {text!r}", path)
    elif not isinstance(value, str):
        raise TemplateError(f"label '{key}' must be a string, not {value!r}", path)
