"""Session fixtures shared by the test modules: the real book's builds and the browser."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from coursebook.disk_space import free_bytes
from book_build import SHARED_DATA, Build, run_build
from browser import browser, chromium_path, close_shared_browser  # noqa: F401  (fixtures)


# A full run writes about 1.4 GiB of builds under pytest's temporary folder
# (du -sh of the run's basetemp, 2026-12-05). On a fuller disk, CI saw every
# test after some point error, then the run hang until its time limit.
REQUIRED_FREE = 2 * 2**30


def pytest_sessionstart(session):
    basetemp = session.config.option.basetemp
    folder = Path(basetemp) if basetemp else Path(tempfile.gettempdir())
    free = free_bytes(folder)
    if free < REQUIRED_FREE:
        pytest.exit(
            f"only {free / 2**30:.1f} GiB free on the disk of {folder}; the test run writes about 1.4 GiB "
            f"and needs {REQUIRED_FREE / 2**30:.0f} GiB free. Free some space and run the tests again.",
            returncode=3,
        )


@pytest.fixture(scope="session")
def real_build(tmp_path_factory) -> Build:
    if not (SHARED_DATA / "archives").is_dir():
        pytest.skip(f"the tiny real datasets are not on this machine ({SHARED_DATA})")
    build = run_build(tmp_path_factory.mktemp("real"), data_dir=SHARED_DATA)
    assert build.returncode == 0, build.log
    return build


@pytest.fixture(scope="session")
def standin_build(tmp_path_factory) -> Build:
    build = run_build(tmp_path_factory.mktemp("standin"), data_dir=None)
    assert build.returncode == 0, build.log
    return build


@pytest.fixture(scope="session", params=["real", "standin"])
def any_build(request) -> Build:
    return request.getfixturevalue(f"{request.param}_build")


@pytest.fixture(scope="session", autouse=True)
def _close_browser_at_session_end():
    yield
    close_shared_browser()
