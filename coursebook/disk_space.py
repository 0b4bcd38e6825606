"""Free space on the disk of a book's build, as ``coursebook build`` reports it.

A full disk makes Sphinx, the kernels and the publish step fail with an
``OSError`` that names a file but not the cause an author can act on. The
build reads the free space before it starts, after a failure, and before it
publishes, so that a short disk is named in Korean with what to do.
"""

from __future__ import annotations

import shutil
from pathlib import Path

MIB = 2**20

# A cold build of the course's chapter 2 writes about 100 MiB under _build:
# execution cache, provisioned data, staging and published pages. Below
# this, a build can stop part way.
LOW_SPACE = 256 * MIB

# Left free after a publish, for the lock files and the next build's notes.
PUBLISH_MARGIN = 8 * MIB


def free_bytes(path: Path) -> int:
    """Return the bytes free for this user on the disk of ``path``, or of its nearest existing parent."""
    for folder in (path, *path.parents):
        if folder.exists():
            return shutil.disk_usage(folder).free
    return shutil.disk_usage(Path.cwd()).free


def mib(size: int, *, up: bool = True) -> str:
    """Return ``size`` bytes as whole MiB.

    Sizes to write round up, so that a small file never shows as 0; free
    space rounds down (``up=False``), so that a full disk shows as 0.
    """
    whole = -(-size // MIB) if up else size // MIB
    return f"{whole} MiB"


def low_space_warning(build: Path, display_path: str) -> str | None:
    """Return a warning when the disk of ``build`` has less than :data:`LOW_SPACE` free; the message names ``display_path``."""
    free = _short_of_space(build)
    if free is None:
        return None
    return (
        f"경고: {display_path} 폴더가 있는 디스크에 남은 공간이 {free}뿐입니다. 처음 하는 빌드는 "
        f"{mib(LOW_SPACE)} 가까이 쓸 수 있어 중간에 멈출 수 있습니다. 공간을 비운 뒤 빌드하세요."
    )


def full_disk_note(build: Path, display_path: str) -> str | None:
    """Return a note for a failed build when the disk of ``build`` is nearly full, else None."""
    free = _short_of_space(build)
    if free is None:
        return None
    return (
        f"{display_path} 폴더가 있는 디스크에 남은 공간이 {free}뿐입니다. 위 오류에 "
        f"'No space left on device'가 있다면 디스크가 가득 차서 실패한 것입니다. 공간을 비운 뒤 "
        f"다시 빌드하세요(make clean은 빌드 결과와 실행 캐시를 지웁니다)."
    )


def _short_of_space(build: Path) -> str | None:
    free = free_bytes(build)
    return mib(free, up=False) if free < LOW_SPACE else None
