"""Errors a user can fix. The CLI turns each into one line and a clean exit.

Anything that is not a ``SiteError`` is a bug in the tool and keeps its traceback.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from pathlib import Path


class SiteError(Exception):
    """A problem in the user's input, reported as ``path:line: message (hint)``.

    An input checked as a whole (site.toml, entities.toml) raises one error
    holding every problem found, so the user fixes them all in one go; it
    reads as one such line per problem, and its own fields are the first's.
    """

    def __init__(self, message: str, path: str | Path | None = None,
                 line: int | None = None, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line
        self.hint = hint
        self._several: tuple[SiteError, ...] = ()

    @classmethod
    def of(cls, problems: Sequence[SiteError]) -> SiteError:
        """One error reporting all of ``problems`` (at least one), in their order."""
        first = problems[0]
        error = cls(first.message, first.path, first.line, first.hint)
        if len(problems) > 1:
            error._several = tuple(problems)
        return error

    @property
    def problems(self) -> tuple[SiteError, ...]:
        return self._several or (self,)

    def __reduce__(self):
        # Keeps path, line, hint and the other problems when the error crosses
        # from a worker process.
        return _rebuild, (type(self), self.message, self.path, self.line, self.hint, self._several)

    def __str__(self) -> str:
        if self._several:
            return "\n".join(str(problem) for problem in self._several)
        where = ""
        if self.path:
            where = self.path + (f":{self.line}" if self.line else "") + ": "
        hint = f" ({self.hint})" if self.hint else ""
        return f"{where}{self.message}{hint}"


def _rebuild(kind, message, path, line, hint, several=()):
    error = Exception.__new__(kind)
    SiteError.__init__(error, message, path, line, hint)
    error._several = several
    return error


class ConfigError(SiteError):
    """site.toml (or an option given on the command line) is wrong."""


class ContentError(SiteError):
    """One article cannot be read; the build skips it and goes on."""


class CurationError(SiteError):
    """The entity curation file is wrong."""


class TemplateError(SiteError):
    """A template cannot be loaded or rendered."""


class SearchIndexError(SiteError):
    """Pagefind failed to index the site."""


class OutputError(SiteError):
    """The output folder cannot be written or is not ours to replace."""


def requires(module: str, package: str, extra: str, purpose: str) -> None:
    """Stop with one line naming the extra to install when ``module``, used only by
    an optional feature (``purpose``), cannot be imported; call it before the
    work starts, so a missing package costs no time and shows no traceback."""
    try:
        importlib.import_module(module)
    except ImportError:
        raise SiteError(f"{purpose} needs the {package} package",
                        hint=f"pip install 'site-builder[{extra}]'") from None
