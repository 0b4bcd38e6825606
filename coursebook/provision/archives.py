"""Reproducible ``.tar.gz`` archives and sha256 digests of files.

An archive written here depends only on its members' names and bytes: the
members are sorted and every timestamp, owner and mode is fixed, so packing
the same folder twice gives the same file and the same digest.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import os
import tarfile
from pathlib import Path

# 2000-01-01T00:00:00Z. GNU tar warns about "implausibly old" times near 0.
ARCHIVE_MTIME = 946_684_800

_CHUNK_SIZE = 1 << 20

MemberSource = bytes | Path | None
"""Contents of an archive member: bytes, a file to read, or None for a directory."""


def sha256_file(path: Path) -> str:
    """Return the hex sha256 digest of the file at ``path``."""
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        while chunk := file.read(_CHUNK_SIZE):
            digest.update(chunk)
    return digest.hexdigest()


def with_parent_dirs(members: dict[str, MemberSource]) -> dict[str, MemberSource]:
    """Return ``members`` plus a directory entry for every parent folder."""
    result = dict(members)
    for name in members:
        parts = name.split("/")[:-1]
        for depth in range(1, len(parts) + 1):
            result.setdefault("/".join(parts[:depth]), None)
    return result


def write_tar_gz(dest: Path, members: dict[str, MemberSource]) -> None:
    """Write a gzip-compressed tar archive of ``members`` to ``dest``.

    Keys are POSIX member names. A lexicographic sort puts every folder
    before its contents, which extraction needs.
    """
    with open(dest, "wb") as raw:
        # An empty file name and mtime 0 keep the gzip header free of the
        # output path and the current time.
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as compressed:
            with tarfile.open(fileobj=compressed, mode="w", format=tarfile.PAX_FORMAT) as tar:
                for name in sorted(members):
                    _add_member(tar, name, members[name])


def pack_folder(folder: Path, root_name: str) -> dict[str, MemberSource]:
    """List the files under ``folder`` as archive members below ``root_name/``.

    Links to files are packed as the files they point to. Links to folders
    are not followed, so a link cycle cannot make the walk endless.
    """
    members: dict[str, MemberSource] = {root_name: None}
    for current, dir_names, file_names in os.walk(folder):
        relative = Path(current).relative_to(folder)
        prefix = root_name if relative == Path(".") else f"{root_name}/{relative.as_posix()}"
        for dir_name in dir_names:
            if not os.path.islink(os.path.join(current, dir_name)):
                members[f"{prefix}/{dir_name}"] = None
        for file_name in file_names:
            path = Path(current, file_name)
            if path.is_file():
                members[f"{prefix}/{file_name}"] = path
    return members


def _add_member(tar: tarfile.TarFile, name: str, source: MemberSource) -> None:
    info = tarfile.TarInfo(name)
    info.mtime = ARCHIVE_MTIME
    info.uid = info.gid = 0
    info.uname = info.gname = "root"
    if source is None:
        info.type = tarfile.DIRTYPE
        info.mode = 0o755
        tar.addfile(info)
        return

    info.mode = 0o644
    if isinstance(source, bytes):
        info.size = len(source)
        tar.addfile(info, io.BytesIO(source))
        return

    with open(source, "rb") as file:
        info.size = os.fstat(file.fileno()).st_size
        tar.addfile(info, file)
