"""Incremental builds: which code blocks a rebuild executes after no change or one edit.

The ``incremental`` root has chapter 1 with code blocks 01_01 and 01_02 (which
imports the helper module ``snippets/chapter1/shapes.py``) and chapter 3 with
code block 03_01.
"""

from __future__ import annotations

import pytest

from execution_log import executed_codeblocks
from sphinx_build import BuildResult, build_root, run_build

pytestmark = pytest.mark.build


def log(result: BuildResult) -> str:
    return result.stdout + result.stderr


def edit(result: BuildResult, relative: str, old: str, new: str) -> None:
    path = result.root_dir / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {relative}"
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture
def first(tmp_path) -> BuildResult:
    result = build_root("incremental", tmp_path / "book")
    assert result.returncode == 0, result.stderr
    return result


def test_cold_build_executes_every_codeblock(first):
    assert sorted(executed_codeblocks(log(first))) == ["01_01", "01_02", "03_01"]


def test_cold_build_output_from_helper(first):
    assert "area: 6" in first.page("chapters/chapter1").get_text()


def test_noop_rebuild_executes_nothing(first):
    again = run_build(first.root_dir)
    assert again.returncode == 0, again.stderr
    assert executed_codeblocks(log(again)) == []
    # No kernel started: the planning line only appears when blocks execute.
    assert "개를 실행합니다" not in log(again)
    assert "wrote 0 exercise notebooks" in log(again)


def test_snippet_edit_reexecutes_only_its_codeblock(first):
    edit(first, "snippets/chapter1/solution_01_01.py", "1 + 2", "2 + 2")
    again = run_build(first.root_dir)
    assert again.returncode == 0, again.stderr
    assert executed_codeblocks(log(again)) == ["01_01"]
    text = again.page("chapters/chapter1").get_text()
    assert "total: 4" in text
    assert "area: 6" in text


def test_helper_edit_reexecutes_its_importer(first):
    edit(first, "snippets/chapter1/shapes.py", "return width * height", "return width * height * 10")
    again = run_build(first.root_dir)
    assert again.returncode == 0, again.stderr
    assert executed_codeblocks(log(again)) == ["01_02"]
    assert "area: 60" in again.page("chapters/chapter1").get_text()


def test_prose_edit_reexecutes_nothing(first):
    edit(first, "book/chapters/chapter1.md", "아래 코드를 실행해 보세요.", "아래 코드를 돌려 보세요.")
    again = run_build(first.root_dir)
    assert again.returncode == 0, again.stderr
    assert executed_codeblocks(log(again)) == []
    text = again.page("chapters/chapter1").get_text()
    assert "아래 코드를 돌려 보세요." in text
    assert "total: 3" in text


def test_other_chapter_edit_leaves_chapter1(first):
    edit(first, "snippets/chapter3/solution_03_01.py", "1 + 2", "2 + 1")
    again = run_build(first.root_dir)
    assert again.returncode == 0, again.stderr
    assert executed_codeblocks(log(again)) == ["03_01"]


def test_reverted_edit_comes_from_cache(first):
    edit(first, "snippets/chapter1/solution_01_01.py", "1 + 2", "2 + 2")
    assert run_build(first.root_dir).returncode == 0
    edit(first, "snippets/chapter1/solution_01_01.py", "2 + 2", "1 + 2")
    again = run_build(first.root_dir)
    assert again.returncode == 0, again.stderr
    assert executed_codeblocks(log(again)) == []
    assert "total: 3" in again.page("chapters/chapter1").get_text()
