"""Check the execution report page and the version line on chapter pages."""

from __future__ import annotations

import importlib.metadata
import platform

import pytest

from coursebook.block_cache import BlockCache
from execution_log import executed_codeblocks
from sphinx_build import BuildResult, build_root, run_build

pytestmark = pytest.mark.build

CHAPTER = "chapters/chapter1"
CHAPTER_FILE = "book/chapters/chapter1.md"


@pytest.fixture(scope="module")
def one_block(tmp_path_factory) -> BuildResult:
    return build_root("one-codeblock", tmp_path_factory.mktemp("report") / "root")


def report_rows(result: BuildResult) -> list[list[str]]:
    page = result.page("execution-report")
    rows = page.select("table.cb-report-codeblocks tbody tr")
    return [[cell.get_text(strip=True) for cell in row.select("td")] for row in rows]


def test_report_lists_codeblock(one_block):
    assert one_block.returncode == 0, one_block.stderr
    rows = report_rows(one_block)
    assert [row[0] for row in rows] == ["01_01"]
    assert rows[0][1] == "solution_01_01.py"
    assert rows[0][2] == "1"
    assert float(rows[0][3]) >= 0
    assert rows[0][4] == "새로 실행"
    assert rows[0][5] == "없음"


def test_report_versions_from_kernel(one_block):
    cells = one_block.page("execution-report").select("table.cb-report-versions td")
    versions = dict(zip([cell.get_text() for cell in cells[::2]], [cell.get_text() for cell in cells[1::2]]))
    assert versions["Python"] == platform.python_version()
    assert versions["fastai"] == importlib.metadata.version("fastai")
    assert versions["fastcore"] == importlib.metadata.version("fastcore")
    assert versions["PyTorch"] == importlib.metadata.version("torch")
    assert versions["torchvision"] == importlib.metadata.version("torchvision")


def test_report_title_korean(one_block):
    page = one_block.page("execution-report")
    assert page.html["lang"] == "ko"
    assert "실행 보고서" in [heading.get_text() for heading in page.select("h1")]


def test_chapter_shows_fastai_version(one_block):
    line = one_block.page(CHAPTER).select_one(".cb-executed-with")
    fastai_version = importlib.metadata.version("fastai")
    assert f"fastai {fastai_version}" in line.get_text()
    assert line.a["href"] == "../execution-report.html"


def test_times_stay_out_of_notebook(one_block):
    # The code block's cache entry keeps the times; the executed notebook has none.
    notebook = (one_block.root_dir / "_build" / "jupyter_execute" / "chapters" / "chapter1.ipynb").read_text()
    assert '"seconds"' not in notebook
    folder = one_block.root_dir / "_build" / "jupyter_cache" / "coursebook-blocks"
    entries = [BlockCache(folder).get(path.stem) for path in folder.glob("*/*.json")]
    assert [entry.codeblock for entry in entries] == ["01_01"]
    assert entries[0].versions["fastai"] == importlib.metadata.version("fastai")
    # The prelude cell and the solution's one cell.
    assert len(entries[0].seconds) == 2


def test_cached_page_keeps_versions(tmp_path):
    first = build_root("one-codeblock", tmp_path / "root")
    assert first.returncode == 0, first.stderr
    chapter = first.root_dir / CHAPTER_FILE
    chapter.write_text(chapter.read_text(encoding="utf-8").replace("실행해 보세요.", "실행해 봅시다."), encoding="utf-8")

    again = run_build(first.root_dir)
    assert again.returncode == 0, again.stderr
    assert executed_codeblocks(again.stdout + again.stderr) == []
    rows = report_rows(again)
    assert rows[0][4] == "캐시에서 가져옴"
    assert rows[0][3] != "기록 없음"
    assert "fastai" in again.page(CHAPTER).select_one(".cb-executed-with").get_text()
