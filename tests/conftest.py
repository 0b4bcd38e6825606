"""Session fixtures shared by the test modules: the real book's builds and the browser."""

from __future__ import annotations

import pytest

from book_build import SHARED_DATA, Build, run_build
from browser import browser, chromium_path, close_shared_browser  # noqa: F401  (fixtures)


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
