"""Builds that go wrong: killed mid-execution, or two at once on one build folder."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from coursebook.build_lock import BuildLock, BuildLockTimeout
from sphinx_build import CONF_TEMPLATE, copy_root

REPO = Path(__file__).resolve().parent.parent

SECOND_CHAPTER = """\
---
title: '2장: 느린 장'
prev: null
next: null
---

<exercise id="1" title="기다리기">

<codeblock id="02_01">
</codeblock>

</exercise>
"""


INDEX = "# 시험용 책\n\n```{toctree}\nchapters/chapter1\nchapters/chapter2\n```\n"


def _marking_solution(marker: Path, seconds: int) -> str:
    """Return a solution that appends a line to ``marker`` each time it runs, then sleeps."""
    return f"# %%\nimport time\nwith open({str(marker)!r}, 'a') as f:\n    f.write('ran\\n')\ntime.sleep({seconds})\nprint('done')\n"


def _make_book(root: Path, *, fast_marker: Path, slow_marker: Path, slow_seconds: int, conf: str = "") -> Path:
    files = {
        "snippets/chapter1/solution_01_01.py": _marking_solution(fast_marker, 0),
        "book/chapters/chapter2.md": SECOND_CHAPTER,
        "book/index.md": INDEX,
        "snippets/chapter2/exc_02_01.py": "# %%\nprint(___)\n",
        "snippets/chapter2/solution_02_01.py": _marking_solution(slow_marker, slow_seconds),
        "snippets/chapter2/test_02_01.py": "# %%\nassert True\n",
    }
    copy_root("one-codeblock", root, files)
    (root / "conf.py").write_text(
        CONF_TEMPLATE.format(cache_path=str(root / "_build" / "jupyter_cache")) + conf, encoding="utf-8"
    )
    return root


def _build_command(root: Path) -> list[str]:
    return [
        sys.executable, "-m", "sphinx", "--no-color", "-b", "html", "-W", "--keep-going",
        "-c", str(root), "-d", str(root / "_build" / "doctrees"),
        str(root / "book"), str(root / "_build" / "html"),
    ]


def _start_build(root: Path) -> subprocess.Popen:
    # A new session, so the kernel that the build starts can be killed with it.
    return subprocess.Popen(
        _build_command(root),
        cwd=root,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        start_new_session=True,
    )


def _wait_for_cache_entries(root: Path, *, count: int, timeout: float) -> None:
    folder = root / "_build" / "jupyter_cache" / "coursebook-blocks"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if len(list(folder.glob("*/*.json"))) >= count:
            return
        time.sleep(0.2)
    raise AssertionError(f"fewer than {count} code block cache entries in {folder} after {timeout} s")


def _wait_for_line(path: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if path.is_file() and path.read_text(encoding="utf-8"):
            return
        time.sleep(0.2)
    raise AssertionError(f"{path} was not written within {timeout} s")


def _lines(path: Path) -> int:
    return len(path.read_text(encoding="utf-8").splitlines()) if path.is_file() else 0


# -- the lock on its own ------------------------------------------------------


def test_lock_second_holder_times_out(tmp_path):
    first = BuildLock(tmp_path)
    first.acquire(timeout=0)
    with pytest.raises(BuildLockTimeout) as raised:
        BuildLock(tmp_path).acquire(timeout=0)
    assert raised.value.holder.startswith(f"PID {os.getpid()},")
    first.release()


def test_lock_free_after_release(tmp_path):
    first = BuildLock(tmp_path)
    first.acquire(timeout=0)
    first.release()
    second = BuildLock(tmp_path)
    second.acquire(timeout=0)
    second.release()


def test_lock_waiter_told_once(tmp_path):
    first = BuildLock(tmp_path)
    first.acquire(timeout=0)
    holders_reported = []
    with pytest.raises(BuildLockTimeout):
        BuildLock(tmp_path).acquire(timeout=1.2, on_wait=holders_reported.append)
    assert len(holders_reported) == 1
    first.release()


def test_lock_released_when_holder_killed(tmp_path):
    holder = subprocess.Popen(
        [sys.executable, "-c", f"from coursebook.build_lock import BuildLock; BuildLock(__import__('pathlib').Path({str(tmp_path)!r})).acquire(0); print('held', flush=True); __import__('time').sleep(60)"],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert holder.stdout.readline().strip() == "held"
    holder.kill()
    holder.wait()
    lock = BuildLock(tmp_path)
    lock.acquire(timeout=0)
    lock.release()


# -- real builds ----------------------------------------------------------------


@pytest.mark.build
def test_killed_build_rebuilds_and_keeps_cache(tmp_path):
    fast, slow = tmp_path / "fast.txt", tmp_path / "slow.txt"
    root = _make_book(tmp_path / "root", fast_marker=fast, slow_marker=slow, slow_seconds=60)

    build = _start_build(root)
    try:
        # The two code blocks run on two kernels at once, so the fast one is
        # only known to be cached once its entry exists.
        _wait_for_line(slow, timeout=240)
        _wait_for_cache_entries(root, count=1, timeout=240)
    finally:
        os.killpg(build.pid, signal.SIGKILL)
        build.communicate()
    assert (_lines(fast), _lines(slow)) == (1, 1)

    # The slow solution now finishes at once, so only its page re-executes.
    (root / "snippets/chapter2/solution_02_01.py").write_text(_marking_solution(slow, 0), encoding="utf-8")
    rebuilt = subprocess.run(
        _build_command(root), cwd=root, capture_output=True, text=True, timeout=300,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert _lines(fast) == 1, "chapter 1 ran again instead of coming from the cache"
    assert _lines(slow) == 2
    assert "done" in (root / "_build/html/chapters/chapter2.html").read_text(encoding="utf-8")


@pytest.mark.build
def test_second_build_waits_for_first(tmp_path):
    fast, slow = tmp_path / "fast.txt", tmp_path / "slow.txt"
    root = _make_book(tmp_path / "root", fast_marker=fast, slow_marker=slow, slow_seconds=5)

    first = _start_build(root)
    _wait_for_line(root / "_build" / "coursebook-build.lock", timeout=60)
    second = _start_build(root)
    first_out, first_err = first.communicate(timeout=300)
    second_out, second_err = second.communicate(timeout=300)

    assert first.returncode == 0, first_err
    assert second.returncode == 0, second_err
    assert "그 빌드가 끝날 때까지 최대 3600초 기다립니다" in second_out
    assert (_lines(fast), _lines(slow)) == (1, 1), "the second build executed again instead of using the cache"


@pytest.mark.build
def test_second_build_refuses_after_timeout(tmp_path):
    fast, slow = tmp_path / "fast.txt", tmp_path / "slow.txt"
    root = _make_book(
        tmp_path / "root", fast_marker=fast, slow_marker=slow, slow_seconds=60, conf="coursebook_lock_timeout = 0\n"
    )

    first = _start_build(root)
    try:
        _wait_for_line(root / "_build" / "coursebook-build.lock", timeout=60)
        second = subprocess.run(
            _build_command(root), cwd=root, capture_output=True, text=True, timeout=120,
            env={**os.environ, "PYTHONPATH": str(REPO)},
        )
    finally:
        os.killpg(first.pid, signal.SIGKILL)
        first.communicate()

    assert second.returncode == 2
    assert "이 빌드를 시작하지 않았습니다" in second.stderr
    assert "Traceback" not in second.stderr
