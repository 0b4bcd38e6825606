"""Incremental builds: what a rebuild executes after no change or one edit."""

from __future__ import annotations

import re

from sphinx_build import build_root, run_build

EXECUTED_RE = re.compile(r"^(?P<path>\S+): Executed notebook in", re.MULTILINE)


def executed_pages(output: str) -> list[str]:
    return sorted(match["path"].rsplit("/", 1)[-1] for match in EXECUTED_RE.finditer(output))


def test_cold_build_executes_each_chapter(tmp_path):
    result = build_root("two-chapters", tmp_path / "book")
    assert result.returncode == 0, result.stderr
    assert executed_pages(result.stdout + result.stderr) == ["chapter1.md", "chapter3.md"]


def test_rebuild_without_change_executes_nothing(tmp_path):
    first = build_root("two-chapters", tmp_path / "book")
    assert first.returncode == 0, first.stderr
    again = run_build(first.root_dir)
    assert again.returncode == 0, again.stderr
    assert "Executing notebook" not in again.stdout + again.stderr


def test_snippet_edit_reexecutes_only_its_page(tmp_path):
    first = build_root("two-chapters", tmp_path / "book")
    assert first.returncode == 0, first.stderr
    solution = first.root_dir / "snippets" / "chapter3" / "solution_03_01.py"
    solution.write_text(solution.read_text(encoding="utf-8").replace("1 + 2", "2 + 1"), encoding="utf-8")

    again = run_build(first.root_dir)
    assert again.returncode == 0, again.stderr
    assert executed_pages(again.stdout + again.stderr) == ["chapter3.md"]
