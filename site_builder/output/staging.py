"""Write the site beside the old one and swap it in only when complete.

A build that fails, is interrupted or runs out of disk leaves the previous
site exactly as it was. The output folder is only ever replaced when it is
empty or carries our marker file, so a mistyped ``--output`` cannot delete
someone's documents.
"""

from __future__ import annotations

import errno
import fcntl
import os
import shutil
from pathlib import Path, PurePosixPath
from typing import Iterable

from site_builder.errors import OutputError
from site_builder.model import OutputFile

MARKER = ".site-builder"
"""File present in every folder this tool built; nothing else is replaced."""
_MARKER_TEXT = "Built by site-builder; this folder is replaced on every build.\n"


def check_output_folder(output: Path, root: Path, protected: Iterable[Path] = ()) -> None:
    """Refuse output folders that would replace something that is not a built site."""
    output = output.resolve()
    home = Path.home().resolve()
    forbidden = {root.resolve(), home, Path("/"), *(p.resolve() for p in protected)}
    if output in forbidden or any(p.is_relative_to(output) for p in forbidden if p != Path("/")):
        raise OutputError(f"refusing to build into {output}: it holds the site's own files",
                          hint="choose an empty folder such as '_site'")
    if output.exists():
        if not output.is_dir():
            raise OutputError(f"output {output} exists and is not a folder", hint="choose another --output")
        if any(output.iterdir()) and not (output / MARKER).exists():
            raise OutputError(f"refusing to replace {output}: it is not empty and was not built by site-builder",
                              hint="empty it or choose another --output")


class Staging:
    """A sibling folder the build writes into; swapped in by ``commit``."""

    def __init__(self, output: Path):
        self.output = output.resolve()
        self.path = self.output.parent / f".{self.output.name}.staging"
        self._old = self.output.parent / f".{self.output.name}.old"
        self._lock_path = self.output.parent / f".{self.output.name}.lock"
        self._lock = None
        self._written: set[str] = set()
        self.site_id = ""
        """Written into the marker on success, so the next build can trust this site."""
        self.stale: tuple[str, ...] = ()
        """Files of the previous build this one no longer produces (``Update`` removes them)."""

    def __getstate__(self) -> dict:
        """The folder as a worker on another machine gets it: it writes files into it,
        and never locks, commits or removes it."""
        return {**self.__dict__, "_lock": None}

    def __enter__(self) -> "Staging":
        self.output.parent.mkdir(parents=True, exist_ok=True)
        self._lock = open(self._lock_path, "w")
        try:
            fcntl.flock(self._lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            self._lock.close()
            raise OutputError(f"another build is writing {self.output}", hint="wait for it to finish") from None
        for leftover in (self.path, self._old):  # from a build that was killed
            shutil.rmtree(leftover, ignore_errors=True)
        self.path.mkdir()
        (self.path / MARKER).write_text(_MARKER_TEXT)
        return self

    def __exit__(self, kind, exc, tb) -> None:
        try:
            if kind is None:
                self._commit()
        finally:
            shutil.rmtree(self.path, ignore_errors=True)
            shutil.rmtree(self._old, ignore_errors=True)
            self._lock.close()
            self._lock_path.unlink(missing_ok=True)

    def _commit(self) -> None:
        (self.path / MARKER).write_text(_MARKER_TEXT + (f"site {self.site_id}\n" if self.site_id else ""))
        if self.output.exists():
            os.replace(self.output, self._old)
        try:
            os.replace(self.path, self.output)
        except OSError:
            if self._old.exists():
                os.replace(self._old, self.output)  # put the old site back
            raise

    def write(self, file: OutputFile) -> bool:
        """Write one file; True when it differs from what the site had (always, here).

        Two files for one path are refused before writing starts (``writer.refuse_shared_paths``).
        """
        target = self._target(file.path)
        self._written.add(file.path)
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            target.write_bytes(file.data)
        except OSError as exc:
            raise _write_error(exc, file.path) from None
        return True

    def copy(self, rel: str, source: Path) -> bool:
        """Copy a static file; True when the site had no such file before (always, here)."""
        target = self._target(rel)
        if rel in self._written:
            return False  # a rendered page wins over a static file of the same name
        self._written.add(rel)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
        except OSError as exc:
            raise _write_error(exc, rel) from None
        return True

    def mark_written(self, rels) -> None:
        """Record files another process wrote into this folder."""
        self._written.update(rels)

    def link(self, rel: str, source: Path) -> bool:
        """Keep a file of the previous site (a hard link: no copy); False if it is gone."""
        target = self._target(rel)
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(source, target)
        except FileNotFoundError:
            return False
        except OSError:
            try:
                shutil.copyfile(source, target)
            except OSError:
                return False
        self._written.add(rel)
        return True

    def link_tree(self, rel: str, source: Path) -> bool:
        """Keep a whole folder of the previous site (the search index)."""
        if not source.is_dir():
            return False
        for path in sorted(source.rglob("*")):
            if path.is_file() and not self.link(f"{rel}/{path.relative_to(source).as_posix()}", path):
                return False
        return True

    def _target(self, rel: str) -> Path:
        pure = PurePosixPath(rel)
        if pure.is_absolute() or ".." in pure.parts or not pure.parts:
            raise OutputError(f"output path {rel!r} would leave the output folder")
        return self.path.joinpath(*pure.parts)


class Update(Staging):
    """Bring a site we built up to date in place, touching only what changed.

    For the preview server: changed files are written to a small side folder
    first, so a failing build changes nothing; then they are moved into place
    one by one and files no longer produced are removed. Unlike ``Staging``
    the site is not replaced as a whole, which would mean one hard link per
    file on every keystroke.
    """

    def __enter__(self) -> "Update":
        super().__enter__()
        (self.path / MARKER).unlink()
        self._output_str = str(self.output)
        return self

    def link(self, rel: str, source: Path) -> bool:
        # The file is already in place: nothing to do but check it is there
        # (plain strings: this runs once per page of the archive).
        if os.path.isfile(os.path.join(self._output_str, rel)) and str(source) == os.path.join(self._output_str, rel):
            self._written.add(rel)
            return True
        return super().link(rel, source)

    def write(self, file: OutputFile) -> bool:
        # A page rendered again often comes out the same (an edit that did not
        # change what it shows): leave it, so open tabs need not reload.
        self._target(file.path)  # refuses paths that leave the folder
        if file.path not in self._written and holds(self.output / file.path, file.data):
            self._written.add(file.path)
            return False
        return super().write(file)

    def link_tree(self, rel: str, source: Path) -> bool:
        if source == self.output / rel and source.is_dir():
            self._written.update(f"{rel}/{p.relative_to(source).as_posix()}" for p in source.rglob("*") if p.is_file())
            return True
        return super().link_tree(rel, source)

    def copy(self, rel: str, source: Path) -> bool:
        if rel not in self._written and holds(self.output / rel, source.read_bytes()):
            self._written.add(rel)
            return False
        return super().copy(rel, source)

    def _commit(self) -> None:
        for path in sorted(self.path.rglob("*")):
            if path.is_file():
                target = self.output / path.relative_to(self.path)
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(path, target)
        for rel in self.stale:
            if rel not in self._written:
                (self.output / rel).unlink(missing_ok=True)
                _remove_empty_parents(self.output / rel, self.output)
        (self.output / MARKER).write_text(_MARKER_TEXT + (f"site {self.site_id}\n" if self.site_id else ""))


def _write_error(exc: OSError, rel: str) -> OutputError:
    if exc.errno == errno.ENOSPC:
        return OutputError("the disk is full; the previous site is kept")
    return OutputError(f"cannot write {rel} in the output folder: {exc.strerror or exc}; "
                       "the previous site is kept", hint="check the folder's permissions and free space")


def holds(path: Path, data: bytes) -> bool:
    """Whether the file at ``path`` holds exactly ``data``."""
    try:
        return path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False


def _remove_empty_parents(path: Path, top: Path) -> None:
    folder = path.parent
    while folder != top and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent
