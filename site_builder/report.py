"""What the user sees while a build runs: progress, problems, the summary.

Problems are counted here so the CLI can set the exit status (and so
``--strict`` can fail a build); repeated warnings of one kind are grouped so a
31,000-article log stays readable.
"""

from __future__ import annotations

import logging
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import TextIO

_SHOW_PER_KIND = 5


@dataclass
class Reporter:
    stream: TextIO = field(default_factory=lambda: sys.stderr)
    quiet: bool = False
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    _kinds: Counter = field(default_factory=Counter)
    _task: str = ""
    _total: int = 0
    _done: int = 0
    _last_draw: float = 0.0

    @property
    def interactive(self) -> bool:
        return not self.quiet and self.stream.isatty()

    def error(self, message: str) -> None:
        self.errors.append(message)
        self._clear_bar()
        print(f"error: {message}", file=self.stream)

    def warning(self, message: str, kind: str | None = None) -> None:
        """Show a warning; after a few of one ``kind`` the rest are only counted."""
        self.warnings.append(message)
        key = kind or message
        self._kinds[key] += 1
        if self._kinds[key] <= _SHOW_PER_KIND and not self.quiet:
            self._clear_bar()
            print(f"warning: {message}", file=self.stream)

    def info(self, message: str) -> None:
        if not self.quiet:
            self._clear_bar()
            print(message, file=self.stream)

    def start(self, task: str, total: int) -> None:
        self._task, self._total, self._done = task, total, 0
        if not self.interactive and not self.quiet and total >= 500:
            print(f"{task}: {total} …", file=self.stream)

    def advance(self, count: int = 1) -> None:
        self._done += count
        now = time.monotonic()
        if self.interactive and (now - self._last_draw > 0.1 or self._done >= self._total):
            self._last_draw = now
            width = 30
            filled = int(width * self._done / max(self._total, 1))
            bar = "#" * filled + "-" * (width - filled)
            self.stream.write(f"\r{self._task:<12} [{bar}] {self._done}/{self._total}")
            self.stream.flush()
        elif not self.interactive and not self.quiet and self._total >= 5000 and self._done % 5000 == 0:
            print(f"  {self._done}/{self._total}", file=self.stream)

    def finish(self) -> None:
        self._clear_bar()

    def _clear_bar(self) -> None:
        if self.interactive and self._total:
            self.stream.write("\r" + " " * 70 + "\r")
            self.stream.flush()

    def grouped_counts(self) -> list[str]:
        """'N more like this' lines for the kinds that were cut short."""
        return [f"… and {n - _SHOW_PER_KIND} more warnings like: {kind}"
                for kind, n in self._kinds.items() if n > _SHOW_PER_KIND]


def setup_logging(quiet: bool, debug: bool = False) -> None:
    """Library modules log; this routes their records to stderr in one style."""
    level = logging.DEBUG if debug else (logging.ERROR if quiet else logging.WARNING)
    logging.basicConfig(level=level, format="%(levelname)s: %(message)s")
