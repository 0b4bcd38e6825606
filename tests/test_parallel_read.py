"""Reading and writing pages in several processes (``-j``, as ``make book`` does) gives the same site."""

from __future__ import annotations

import filecmp
import shutil
from pathlib import Path

import pytest

from sphinx_build import build_root, run_build


# The index shares words with the chapters, so the search index lists pages
# for the same term, in the order the pages were merged.
INDEX = """\
# 시험용 책

## 코드 블록 실행하기

아래 코드를 실행해 보세요. 계산하기와 코드 블록은 장마다 나옵니다.

```{toctree}
chapters/chapter1
chapters/chapter3
```
"""


def _site_files(html_dir: Path) -> list[str]:
    # Sphinx's build record names the run's options, which differ on purpose.
    return sorted(
        str(path.relative_to(html_dir)) for path in html_dir.rglob("*") if path.is_file() and path.name != ".buildinfo"
    )


@pytest.fixture(scope="module")
def serial_and_parallel(tmp_path_factory):
    """Build one root serially, keep its site, then build it again from scratch with two processes."""
    base = tmp_path_factory.mktemp("parallel-read")
    serial = build_root("two-chapters", base / "root", files={"book/index.md": INDEX})
    serial_html = base / "serial-html"
    shutil.copytree(serial.html_dir, serial_html)
    serial.html_dir = serial_html

    # The execution cache stays, so both sites show the same outputs.
    for name in ("doctrees", "html"):
        shutil.rmtree(serial.root_dir / "_build" / name)
    parallel = run_build(serial.root_dir, jobs=2)
    return serial, parallel


def test_both_builds_pass(serial_and_parallel):
    serial, parallel = serial_and_parallel
    assert serial.returncode == 0, serial.stderr
    assert parallel.returncode == 0, parallel.stderr


def test_parallel_build_writes_same_files(serial_and_parallel):
    serial, parallel = serial_and_parallel
    assert _site_files(parallel.html_dir) == _site_files(serial.html_dir)


def test_parallel_build_same_search_index(serial_and_parallel):
    serial, parallel = serial_and_parallel
    # The entries of each term list their pages in page order, whichever read process finished first.
    assert (parallel.html_dir / "searchindex.js").read_text(encoding="utf-8") == (
        serial.html_dir / "searchindex.js"
    ).read_text(encoding="utf-8")


def test_parallel_build_same_pages(serial_and_parallel):
    serial, parallel = serial_and_parallel
    # The second build's execution report shows the outputs as taken from the cache.
    pages = [
        name
        for name in _site_files(serial.html_dir)
        if name.endswith((".html", ".ipynb")) and name != "execution-report.html"
    ]
    assert pages
    different = [
        name for name in pages if not filecmp.cmp(serial.html_dir / name, parallel.html_dir / name, shallow=False)
    ]
    assert different == []


def test_section_entries_sorted_by_page():
    import types

    from coursebook.sphinx.section_search import sort_section_entries

    # Parallel read processes merge in the order they finish: here the index first.
    entries = {"index": [("실행", "top", "")], "chapters/chapter1": [("실행", "exercise-1", "main")]}
    env = types.SimpleNamespace(_search_index_index_entries=entries)
    sort_section_entries(None, env)
    assert list(env._search_index_index_entries) == ["chapters/chapter1", "index"]
    assert env._search_index_index_entries["index"] == [("실행", "top", "")]


def test_section_entries_sorted_after_reading():
    import types

    from coursebook.sphinx.section_search import setup_section_search, sort_section_entries

    connected = []
    app = types.SimpleNamespace(connect=lambda event, handler, *args, **kwargs: connected.append((event, handler)))
    setup_section_search(app)
    assert ("env-updated", sort_section_entries) in connected


@pytest.mark.parametrize(
    ("options", "jobs"),
    [([], ["-j", "auto"]), (["-j", "1"], ["-j", "1"]), (["-j3"], ["-j3"]), (["--jobs=2", "-E"], ["--jobs=2"])],
)
def test_make_book_jobs_default_auto(tmp_path, options, jobs):
    from coursebook.staged_build import sphinx_command
    from coursebook.staging import BuildFolders

    command = sphinx_command(BuildFolders(tmp_path), options)
    job_options = [part for part in command if part.startswith(("-j", "--jobs")) or part in ("auto", "1")]
    assert job_options == jobs
