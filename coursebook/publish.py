"""Publish a finished build by mirroring its output folder into the published folder.

Only files whose content changed are written, each through a temporary file
in the same folder and ``os.replace``, so a reader of the published folder
reads either the old or the new version of a file, never part of one. Files
and folders that are no longer in the build are deleted. Unchanged files are
not touched, so their modification times stay and a no-op publish only reads
metadata.
"""

from __future__ import annotations

import dataclasses as dc
import filecmp
import os
import shutil
import tempfile
from pathlib import Path

TEMP_PREFIX = ".coursebook-publish-"


@dc.dataclass
class PublishResult:
    """Relative paths (POSIX form) that one publish copied or deleted, and how many files it left alone."""

    copied: list[str] = dc.field(default_factory=list)
    deleted: list[str] = dc.field(default_factory=list)
    unchanged: int = 0


def publish(source: Path, target: Path) -> PublishResult:
    """Make ``target`` a copy of the folder ``source``, writing only what changed."""
    result = PublishResult()
    source_files = _relative_files(source)
    target_files = _relative_files(target) if target.is_dir() else set()

    for relative in sorted(target_files - source_files):
        (target / relative).unlink()
        result.deleted.append(relative)

    for relative in sorted(source_files):
        if relative in target_files and _same_file(source / relative, target / relative):
            result.unchanged += 1
            continue
        _replace_file(source / relative, target / relative)
        result.copied.append(relative)

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
