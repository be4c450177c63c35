"""Getting and rendering templates, with a mistake in one reported as a ``TemplateError``.

A site owner edits templates; a typo there must name the template file and
line to fix, not end in a traceback through the renderer.
"""

from __future__ import annotations

import traceback
from typing import Any

import jinja2

from site_builder.errors import TemplateError

_TEMPLATE_SUFFIXES = (".html", ".xml", ".txt", ".j2", ".jinja")


def load(env: jinja2.Environment, names: str | tuple[str, ...]) -> jinja2.Template:
    """The template ``names`` names, or the first of several that exists."""
    try:
        return env.get_template(names) if isinstance(names, str) else env.select_template(names)
    except jinja2.TemplateError as exc:
        raise _template_error(exc, names if isinstance(names, str) else names[-1]) from None


def render(template: jinja2.Template, context: dict[str, Any]) -> str:
    name = template.filename or template.name or ""
    try:
        return template.render(context)
    except jinja2.TemplateError as exc:
        raise _template_error(exc, name) from None
    except Exception as exc:  # noqa: BLE001 - only mistakes made inside a template
        if _in_template(exc):
            raise _template_error(exc, name) from None
        raise


def _template_error(exc: BaseException, name: str) -> TemplateError:
    """Name the template file and line a site owner has to fix."""
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return TemplateError(f"template syntax error: {exc.message}", exc.filename or exc.name or name,
                             exc.lineno)
    where, line = name, None
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename and frame.filename.endswith(_TEMPLATE_SUFFIXES):
            where, line = frame.filename, frame.lineno
    if isinstance(exc, jinja2.TemplateNotFound):
        return TemplateError(f"template not found: {exc.name}", where, line,
                             hint="add it to the site's templates folder or name a theme template")
    message = getattr(exc, "message", None) or str(exc)
    return TemplateError(f"template error: {message}", where, line)


def _in_template(exc: BaseException) -> bool:
    """True when the innermost frame is template code (a mistake in a site template)."""
    frames = traceback.extract_tb(exc.__traceback__)
    return bool(frames) and frames[-1].filename.endswith(_TEMPLATE_SUFFIXES)
