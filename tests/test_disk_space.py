"""A short disk is named in Korean, and a publish that cannot fit leaves the last good book whole.

The disks here are real: a small tmpfs mounted on the book's ``_build``
folder, so Sphinx and the publish step meet a real ``ENOSPC``. Mounting
needs root with the mount capability; elsewhere these tests skip.
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

from coursebook.disk_space import LOW_SPACE, MIB, low_space_warning, mib
from coursebook.publish import NotEnoughSpace, PublishInterrupted, PublishResult
from coursebook.staged_build import publish_failure_message
from coursebook.staging import BuildFolders
from test_staged_build import _build, _write_book

EARLY_WARNING_RE = re.compile(
    r"^경고: _build 폴더가 있는 디스크에 남은 공간이 \d+ MiB뿐입니다\. 처음 하는 빌드는 256 MiB 가까이 쓸 수 있어 "
    r"중간에 멈출 수 있습니다\. 공간을 비운 뒤 빌드하세요\.$",
    re.MULTILINE,
)
FULL_DISK_RE = re.compile(
    r"^_build 폴더가 있는 디스크에 남은 공간이 \d+ MiB뿐입니다\. 위 오류에 'No space left on device'가 있다면 "
    r"디스크가 가득 차서 실패한 것입니다\. 공간을 비운 뒤 다시 빌드하세요\(make clean은 빌드 결과와 실행 캐시를 지웁니다\)\.$",
)
SHORT_PUBLISH_RE = re.compile(
    r"^빌드는 성공했지만 _build/html에 반영하지 못했습니다: 바뀐 파일 (\d+)개\((\d+) MiB\)를 복사해야 하는데 "
    r"디스크에 남은 공간이 (\d+) MiB뿐입니다\. _build/html 폴더는 바꾸지 않았으며, 새 페이지는 _build/staging에서 "
    r"볼 수 있습니다\. 공간을 비운 뒤 다시 빌드하세요\.$",
)


@pytest.fixture
def small_disk():
    """Mount tmpfs disks of a given size; unmount them at the end."""
    mounted = []

    def mount(folder: Path, size: int) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        result = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            pytest.skip(f"cannot mount a tmpfs here: {result.stderr.strip()}")
        mounted.append(folder)
        return folder

    yield mount

    for folder in reversed(mounted):
        subprocess.run(["umount", "--lazy", str(folder)], check=False)


def _folder_bytes(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def test_full_disk_build_names_cause(tmp_path, small_disk):
    root = _write_book(tmp_path / "book")
    small_disk(root / "_build", 256 * 1024)

    result = _build(root)

    assert result.returncode == 2, result.stderr
    assert "No space left on device" in result.stderr
    assert EARLY_WARNING_RE.search(result.stderr), result.stderr
    assert FULL_DISK_RE.match(result.stderr.rstrip("\n").splitlines()[-1]), result.stderr
    assert not (root / "_build" / "html").exists()


def test_short_publish_changes_nothing(tmp_path, small_disk):
    # A first build on the ordinary disk measures _build.
    measured = _write_book(tmp_path / "measured")
    assert _build(measured).returncode == 0
    staging_files = sum(1 for path in (measured / "_build" / "staging").rglob("*") if path.is_file())
    unpublished = _folder_bytes(measured / "_build") - _folder_bytes(measured / "_build" / "html")

    # Room for the build but not for a second copy of its pages.
    root = _write_book(tmp_path / "book")
    small_disk(root / "_build", unpublished + 4 * MIB)
    result = _build(root)

    assert result.returncode == 1, result.stderr
    match = SHORT_PUBLISH_RE.match(result.stderr.rstrip("\n").splitlines()[-1])
    assert match, result.stderr
    assert int(match[1]) == staging_files
    assert int(match[3]) < int(match[2]) + 8
    assert not (root / "_build" / "html").exists()
    assert (root / "_build" / "staging" / "index.html").is_file()


def test_interrupted_publish_counts_copies():
    folders = BuildFolders(Path.cwd())
    done = PublishResult(copied=["a.html", "b.html"])
    error = PublishInterrupted(OSError(28, "No space left on device", "/x/_build/html/c.html"), done, 5)

    message = publish_failure_message(folders, error)

    assert message == (
        "빌드는 성공했지만 _build/html에 반영하다가 멈췄습니다: No space left on device (/x/_build/html/c.html). "
        "바뀐 파일 5개 중 2개만 복사해서 _build/html에는 이전 빌드와 새 빌드의 파일이 섞여 있습니다. "
        "새 페이지는 _build/staging에서 볼 수 있습니다. 원인을 고친 뒤 다시 빌드하면 나머지 파일을 반영합니다."
    )


def test_short_space_message_rounds_up():
    folders = BuildFolders(Path.cwd())

    message = publish_failure_message(folders, NotEnoughSpace(3, MIB + 1, MIB - 1))

    assert message == (
        "빌드는 성공했지만 _build/html에 반영하지 못했습니다: 바뀐 파일 3개(2 MiB)를 복사해야 하는데 디스크에 "
        "남은 공간이 0 MiB뿐입니다. _build/html 폴더는 바꾸지 않았으며, 새 페이지는 _build/staging에서 볼 수 있습니다. "
        "공간을 비운 뒤 다시 빌드하세요."
    )


def test_no_warning_with_room(tmp_path):
    free = os.statvfs(tmp_path).f_bavail * os.statvfs(tmp_path).f_frsize

    assert (low_space_warning(tmp_path, "_build") is None) == (free >= LOW_SPACE)


def test_mib_rounding():
    assert mib(0) == "0 MiB"
    assert mib(1) == "1 MiB"
    assert mib(5 * MIB) == "5 MiB"
    assert mib(MIB - 1, up=False) == "0 MiB"

