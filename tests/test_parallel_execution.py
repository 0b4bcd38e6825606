"""Code blocks of several chapters execute on several kernels at once.

The ``four-chapters`` root has four chapters with one code block each; every
solution sleeps 8 s and prints its kernel's process id. Sleeping rather than
computing keeps the measured overlap independent of other load on the
machine; ``make bench`` measures the CPU-bound case on chapter 2.
"""

from __future__ import annotations

import re
import time

import pytest

from execution_log import executed_codeblocks
from sphinx_build import BuildResult, build_root

pytestmark = pytest.mark.build

CHAPTERS = ("chapter1", "chapter2", "chapter3", "chapter4")


def timed_build(tmp_path, workers: int) -> tuple[BuildResult, float]:
    started = time.perf_counter()
    result = build_root(
        "four-chapters", tmp_path / f"workers-{workers}", overrides={"coursebook_execution_workers": str(workers)}
    )
    seconds = time.perf_counter() - started
    assert result.returncode == 0, result.stderr
    return result, seconds


def kernel_ids(result: BuildResult) -> list[str]:
    ids = []
    for chapter in CHAPTERS:
        match = re.search(r"kernel: (\d+)", result.page(f"chapters/{chapter}").get_text())
        assert match, f"{chapter} shows no output"
        ids.append(match.group(1))
    return ids


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    folder = tmp_path_factory.mktemp("parallel")
    return timed_build(folder, 1), timed_build(folder, 2)


def test_serial_build_uses_one_kernel(builds):
    (serial, _), _ = builds
    assert len(set(kernel_ids(serial))) == 1


def test_parallel_build_uses_two_kernels(builds):
    _, (parallel, _) = builds
    assert len(set(kernel_ids(parallel))) == 2


def test_parallel_build_executes_every_codeblock(builds):
    _, (parallel, _) = builds
    assert sorted(executed_codeblocks(parallel.stdout + parallel.stderr)) == ["01_01", "02_01", "03_01", "04_01"]


def test_parallel_wall_time_ratio(builds):
    (_, serial_seconds), (_, parallel_seconds) = builds
    ratio = parallel_seconds / serial_seconds
    assert ratio <= 0.65, f"two kernels took {parallel_seconds:.1f} s, one kernel {serial_seconds:.1f} s (ratio {ratio:.2f})"
