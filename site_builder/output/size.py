"""How much the written site weighs, measured against the limits of common static hosts.

A host refuses a site that is too large, or a single file too large, and an
archive grows by itself: the build reports the size of every site it writes,
and warns before a deploy fails rather than after. Sizes are file bytes (what
a host stores and counts), not the blocks a disk allocates.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

SITE_BYTES = 1_000_000_000
"""GitHub Pages publishes sites of at most 1 GB."""
FILE_BYTES = 25 * 2**20
"""Cloudflare Pages serves files of at most 25 MiB; GitHub warns about files over 50 MB."""
FOLDER_FILES = 50_000
"""Entries in one folder beyond which uploads, listings and some file systems slow down or fail."""


@dataclass(frozen=True)
class OutputSize:
    bytes: int
    files: int
    largest: tuple[str, int] = ("", 0)
    """The largest file (path relative to the site, bytes)."""
    big_files: tuple[tuple[str, int], ...] = ()
    """Files over ``FILE_BYTES``."""
    full_folders: tuple[tuple[str, int], ...] = ()
    """Folders holding more than ``FOLDER_FILES`` entries."""

    @property
    def megabytes(self) -> float:
        return self.bytes / 1e6


def measure_site(site: Path) -> OutputSize:
    """File bytes and file count of the site at ``site`` (hard links count once per name)."""
    total = files = 0
    largest = (0, "")
    big: list[tuple[str, int]] = []
    full: list[tuple[str, int]] = []
    folders = [str(site)]
    while folders:
        folder = folders.pop()
        entries = list(os.scandir(folder))
        if len(entries) > FOLDER_FILES:
            full.append((_relative(site, folder) + "/", len(entries)))
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                folders.append(entry.path)
                continue
            size = entry.stat(follow_symlinks=False).st_size
            total, files = total + size, files + 1
            largest = max(largest, (size, entry.path))
            if size > FILE_BYTES:
                big.append((_relative(site, entry.path), size))
    return OutputSize(total, files, (_relative(site, largest[1]), largest[0]) if files else ("", 0),
                      tuple(sorted(big)), tuple(sorted(full)))


def limit_warnings(size: OutputSize) -> list[str]:
    """One line per limit the site goes beyond, naming the limit."""
    lines = []
    if size.bytes > SITE_BYTES:
        lines.append(f"the site is {size.megabytes:,.0f} MB, over GitHub Pages' limit of "
                     f"{SITE_BYTES / 1e6:,.0f} MB for a published site")
    for path, bytes_ in size.big_files:
        lines.append(f"{path} is {bytes_ / 2**20:,.1f} MiB, over the {FILE_BYTES / 2**20:,.0f} MiB "
                     f"that some hosts accept for one file")
    for path, entries in size.full_folders:
        lines.append(f"the folder {path} holds {entries:,} files and folders, more than the "
                     f"{FOLDER_FILES:,} that some hosts and tools handle in one folder")
    return lines


def _relative(site: Path, path: str) -> str:
    rel = Path(path).relative_to(site).as_posix()
    return "" if rel == "." else rel
