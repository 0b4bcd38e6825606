"""Publish a finished build by mirroring its output folder into the published folder.

Only files whose content changed are written, each through a temporary file
in the same folder and ``os.replace``, so a reader of the published folder
reads either the old or the new version of a file, never part of one. Files
and folders that are no longer in the build are deleted. Unchanged files are
not touched, so their modification times stay and a no-op publish only reads
metadata.

Before it writes anything, a publish checks that the disk can hold every file
it will copy, so that a short disk leaves the last good book whole
(:class:`NotEnoughSpace`). A write that fails anyway part way raises
:class:`PublishInterrupted` with how far it got.
"""

from __future__ import annotations

import dataclasses as dc
import filecmp
import os
import shutil
import tempfile
from pathlib import Path

from coursebook.disk_space import PUBLISH_MARGIN, free_bytes

TEMP_PREFIX = ".coursebook-publish-"


@dc.dataclass
class PublishResult:
    """Relative paths (POSIX form) that one publish copied or deleted, and how many files it left alone."""

    copied: list[str] = dc.field(default_factory=list)
    deleted: list[str] = dc.field(default_factory=list)
    unchanged: int = 0


class NotEnoughSpace(Exception):
    """The disk of the published folder cannot hold the files to copy; nothing was changed."""

    def __init__(self, files: int, needed: int, free: int) -> None:
        super().__init__(f"{files} files of {needed} bytes to copy, {free} bytes free")
        self.files = files
        self.needed = needed
        self.free = free


class PublishInterrupted(Exception):
    """Writing the published folder failed part way; ``result`` lists what was done before."""

    def __init__(self, error: OSError, result: PublishResult, to_copy: int) -> None:
        super().__init__(str(error))
        self.error = error
        self.result = result
        self.to_copy = to_copy


def publish(source: Path, target: Path) -> PublishResult:
    """Make ``target`` a copy of the folder ``source``, writing only what changed."""
    result = PublishResult()
    source_files = _relative_files(source)
    target_files = _relative_files(target) if target.is_dir() else set()

    to_delete = sorted(target_files - source_files)
    to_copy = []
    for relative in sorted(source_files):
        if relative in target_files and _same_file(source / relative, target / relative):
            result.unchanged += 1
        else:
            to_copy.append(relative)

    # Each copy goes through a temporary file beside the old one, so the
    # new file needs room before the old one is freed.
    needed = sum((source / relative).stat().st_size for relative in to_copy)
    free = free_bytes(target)
    if to_copy and needed + PUBLISH_MARGIN > free:
        raise NotEnoughSpace(len(to_copy), needed, free)

    try:
        for relative in to_delete:
            (target / relative).unlink()
            result.deleted.append(relative)
        for relative in to_copy:
            _replace_file(source / relative, target / relative)
            result.copied.append(relative)
    except OSError as exc:
        raise PublishInterrupted(exc, result, len(to_copy)) from exc

    _remove_empty_folders(target, source)
    return result


def _relative_files(folder: Path) -> set[str]:
    found = set()
    for directory, _, names in os.walk(folder):
        prefix = os.path.relpath(directory, folder)
        for name in names:
            found.add(name if prefix == "." else f"{prefix}/{name}".replace(os.sep, "/"))
    return found


def _same_file(source: Path, target: Path) -> bool:
    source_stat = source.stat()
    target_stat = target.stat()
    if source_stat.st_size != target_stat.st_size:
        return False
    # Copies keep the source's modification time, so equal size and time
    # mean the file was not rewritten since it was published (rsync's quick
    # check). A file rewritten with identical bytes is compared byte by byte
    # and left alone.
    if source_stat.st_mtime_ns == target_stat.st_mtime_ns:
        return True
    return filecmp.cmp(source, target, shallow=False)


def _replace_file(source: Path, target: Path) -> None:
    if target.is_dir() and not target.is_symlink():
        shutil.rmtree(target)
    target.parent.mkdir(parents=True, exist_ok=True)

    handle, temporary = tempfile.mkstemp(prefix=TEMP_PREFIX, dir=target.parent)
    os.close(handle)
    try:
        # copy2 also copies the permission bits, which replaces mkstemp's
        # owner-only mode, and the modification time that _same_file reads.
        shutil.copy2(source, temporary)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _remove_empty_folders(target: Path, source: Path) -> None:
    if not target.is_dir():
        return
    # Bottom-up, so a folder whose subfolders were all removed is empty by
    # the time it is visited.
    for directory, _, _ in os.walk(target, topdown=False):
        path = Path(directory)
        if path == target or (source / path.relative_to(target)).is_dir():
            continue
        if not any(path.iterdir()):
            path.rmdir()
