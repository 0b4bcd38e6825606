"""``coursebook check`` reads every file as UTF-8 whatever the locale."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from book_files import CHAPTER, edit_chapter, write_book

REPO = Path(__file__).resolve().parent.parent

# A Korean title and a problem after it: a reader that used the locale's
# encoding would fail on the title or report the wrong line.
BROKEN_CHAPTER = edit_chapter('<codeblock id="01_01">', '<codeblock id="01_01" lang="파이썬">')
EXPECTED_LINE = f"{CHAPTER}:9: "


def _check(root: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    environment = {key: value for key, value in os.environ.items() if not key.startswith(("LC_", "PYTHONUTF8", "PYTHONIOENCODING"))}
    environment.update(PYTHONPATH=str(REPO), **env)
    return subprocess.run(
        [sys.executable, "-m", "coursebook", "check"], cwd=root, env=environment, capture_output=True, timeout=60
    )


@pytest.fixture
def book(tmp_path) -> Path:
    return write_book(tmp_path / "book", {CHAPTER: BROKEN_CHAPTER})


@pytest.fixture(scope="session")
def euc_kr_locale(tmp_path_factory) -> dict[str, str]:
    """Compile ko_KR.EUC-KR into a temporary LOCPATH, or skip when the system cannot."""
    if shutil.which("localedef") is None:
        pytest.skip("localedef is not installed, so the ko_KR.EUC-KR locale cannot be built")
    folder = tmp_path_factory.mktemp("locales")
    completed = subprocess.run(
        ["localedef", "-f", "EUC-KR", "-i", "ko_KR", str(folder / "ko_KR.EUC-KR")], capture_output=True, text=True
    )
    if not (folder / "ko_KR.EUC-KR").is_dir():
        pytest.skip(f"localedef could not build ko_KR.EUC-KR: {completed.stderr.strip()}")
    return {"LOCPATH": str(folder), "LANG": "ko_KR.EUC-KR", "LC_ALL": "ko_KR.EUC-KR"}


def test_c_locale_reports_line(book):
    completed = _check(book, {"LANG": "C", "LC_ALL": "C"})
    assert completed.returncode == 1, completed.stderr
    assert completed.stdout.decode("utf-8").startswith(EXPECTED_LINE)


def test_c_locale_without_coercion_reports_line(book):
    # With coercion and UTF-8 mode off, stdout is ASCII; Korean is escaped, never a crash.
    completed = _check(book, {"LANG": "C", "LC_ALL": "C", "PYTHONCOERCECLOCALE": "0", "PYTHONUTF8": "0"})
    assert completed.returncode == 1, completed.stderr
    assert b"Traceback" not in completed.stderr
    assert completed.stdout.decode("ascii").startswith(EXPECTED_LINE)


def test_c_locale_clean_book(tmp_path):
    root = write_book(tmp_path / "book")
    completed = _check(root, {"LANG": "C", "LC_ALL": "C", "PYTHONCOERCECLOCALE": "0", "PYTHONUTF8": "0"})
    assert completed.returncode == 0, completed.stdout + completed.stderr


def test_euc_kr_locale_reports_line(book, euc_kr_locale):
    completed = _check(book, euc_kr_locale)
    assert completed.returncode == 1, completed.stderr
    output = completed.stdout.decode("euc-kr")
    assert output.startswith(EXPECTED_LINE)
    assert "'lang' 속성을 쓸 수 없습니다" in output
