"""Tests of coursebook.notebook: cells, source map and diagnostics of a chapter's notebook."""

from __future__ import annotations

from pathlib import Path

import pytest

from coursebook.notebook import chapter_notebook
from coursebook.parser import parse_chapter
from chapter2_facts import CHAPTER2_CODEBLOCKS

REPO_ROOT = Path(__file__).resolve().parents[1]
CHAPTER2 = REPO_ROOT / "book" / "chapters" / "chapter2.md"
SNIPPETS_DIR = REPO_ROOT / "snippets"
SLIDES_DIR = REPO_ROOT / "book" / "slides"


# A one-code-block chapter; the code block tag is on line 7 and the slides
# tag on line 10.
SMALL_CHAPTER = """\
---
title: 작은 장
---

<exercise id="1" title="코드">

<codeblock id="01_01">
</codeblock>

<slides source="deck">
</slides>

</exercise>
"""
SMALL_CODEBLOCK_LINE = 7
SMALL_SLIDES_LINE = 10


def chapter_line(map_entry: int) -> int:
    """Return the 1-based chapter line of a cell's first line from its ``source_map`` entry.

    The converter stores a cell that starts on line L as L - 2, because
    myst-nb 1.4 adds one to the entry and MyST adds one more when it reports
    a line. The fixture build tests check that warnings land on the author's line.
    """
    return map_entry + 2


@pytest.fixture(scope="module")
def chapter2_notebook():
    chapter, _ = parse_chapter(CHAPTER2.read_text(encoding="utf-8"), CHAPTER2)
    return chapter_notebook(chapter, snippets_dir=SNIPPETS_DIR, slides_dir=SLIDES_DIR)


@pytest.fixture(scope="module")
def chapter2_lines() -> list[str]:
    return CHAPTER2.read_text(encoding="utf-8").split("\n")


def cells_with_lines(notebook):
    return list(zip(notebook.cells, notebook.metadata["source_map"]))


def directive_cell(notebook, codeblock_id: str):
    header = f"```{{coursebook-codeblock}} {codeblock_id}\n"
    return next(
        (cell, entry) for cell, entry in cells_with_lines(notebook) if cell.source.startswith(header)
    )


def write_snippets(snippets_dir: Path, codeblock_id: str, kinds: tuple[str, ...]) -> None:
    folder = snippets_dir / "chapter1"
    folder.mkdir(parents=True, exist_ok=True)
    for kind in kinds:
        (folder / f"{kind}_{codeblock_id}.py").write_text("# %%\nvalue = 1\n", encoding="utf-8")


# -- chapter 2 ---------------------------------------------------------------


def test_chapter2_source_map_length(chapter2_notebook):
    notebook, _ = chapter2_notebook
    assert len(notebook.metadata["source_map"]) == len(notebook.cells)


def test_chapter2_no_missing_snippets(chapter2_notebook):
    _, diagnostics = chapter2_notebook
    assert [d for d in diagnostics if d.code == "codeblock-missing-snippet"] == []


@pytest.mark.parametrize(("codeblock_id", "line"), CHAPTER2_CODEBLOCKS)
def test_chapter2_codeblock_cell_line(chapter2_notebook, codeblock_id, line):
    notebook, _ = chapter2_notebook
    _, entry = directive_cell(notebook, codeblock_id)
    assert chapter_line(entry) == line


def test_chapter2_first_codeblock_map_entry(chapter2_notebook):
    notebook, _ = chapter2_notebook
    _, entry = directive_cell(notebook, "02_01")
    assert entry == 24 - 2


def test_chapter2_hint_keeps_chapter_lines(chapter2_notebook, chapter2_lines):
    notebook, _ = chapter2_notebook
    cell, entry = directive_cell(notebook, "02_01")
    hint_index = 1
    assert cell.source.split("\n")[hint_index] == chapter2_lines[chapter_line(entry) + hint_index - 1]


def test_chapter2_prose_cells_start_on_their_line(chapter2_notebook, chapter2_lines):
    notebook, _ = chapter2_notebook
    mismatched = []
    for cell, entry in cells_with_lines(notebook):
        if cell.cell_type != "markdown" or cell.source.startswith(("#", "`")):
            continue
        # The parser strips trailing spaces at the end of a prose block.
        first_line = cell.source.split("\n")[0].rstrip()
        if chapter2_lines[chapter_line(entry) - 1].rstrip() != first_line:
            mismatched.append((chapter_line(entry), first_line))
    assert mismatched == []


@pytest.mark.parametrize(
    ("number", "line"),
    [(1, 11), (5, 114), (8, 191)],
)
def test_chapter2_exercise_heading_line(chapter2_notebook, number, line):
    notebook, _ = chapter2_notebook
    entry = next(entry for cell, entry in cells_with_lines(notebook) if cell.source.startswith(f"## {number}. "))
    assert chapter_line(entry) == line


@pytest.mark.parametrize(
    ("prefix", "line"),
    [("````{coursebook-choice}", 30), ("```{coursebook-slides} chapter2_05", 116)],
    ids=["choice", "slides"],
)
def test_chapter2_tag_cell_line(chapter2_notebook, prefix, line):
    notebook, _ = chapter2_notebook
    entry = next(entry for cell, entry in cells_with_lines(notebook) if cell.source.startswith(prefix))
    assert chapter_line(entry) == line


def test_chapter2_solution_cells_follow_directive(chapter2_notebook):
    notebook, _ = chapter2_notebook
    cells = notebook.cells
    index = next(i for i, cell in enumerate(cells) if cell.source.startswith("```{coursebook-codeblock} 02_01\n"))
    following = [cell.metadata["coursebook"] for cell in cells[index + 1 : index + 5]]
    assert [(meta["codeblock"], meta["role"]) for meta in following] == [
        ("02_01", "prelude"),
        ("02_01", "solution"),
        ("02_01", "solution"),
        ("02_01", "solution"),
    ]


def test_chapter2_solution_cells_tagged(chapter2_notebook):
    notebook, _ = chapter2_notebook
    solution_cells = [
        cell for cell in notebook.cells if cell.metadata.get("coursebook", {}).get("role") == "solution"
    ]
    tagged = sorted({cell.metadata["coursebook"]["codeblock"] for cell in solution_cells})
    assert tagged == [codeblock_id for codeblock_id, _ in CHAPTER2_CODEBLOCKS]


def test_chapter2_solution_cells_map_to_codeblock(chapter2_notebook):
    notebook, _ = chapter2_notebook
    lines = dict(CHAPTER2_CODEBLOCKS)
    wrong = []
    for cell, entry in cells_with_lines(notebook):
        codeblock_id = cell.metadata.get("coursebook", {}).get("codeblock")
        if codeblock_id is not None and chapter_line(entry) != lines[codeblock_id]:
            wrong.append((codeblock_id, chapter_line(entry)))
    assert wrong == []


def test_chapter2_solution_cells_name_script_line(chapter2_notebook):
    notebook, _ = chapter2_notebook
    wrong = []
    for cell in notebook.cells:
        meta = cell.metadata.get("coursebook", {})
        if meta.get("role") != "solution":
            continue
        script_lines = Path(meta["source"]).read_text(encoding="utf-8").split("\n")
        if script_lines[meta["line"] - 1] != cell.source.split("\n")[0]:
            wrong.append((meta["source"], meta["line"]))
    assert wrong == []


def test_chapter2_first_solution_cell_lines(chapter2_notebook):
    notebook, _ = chapter2_notebook
    metas = [cell.metadata["coursebook"] for cell in notebook.cells if cell.metadata.get("coursebook", {}).get("codeblock") == "02_01"]
    assert [(Path(meta["source"]).name, meta["line"]) for meta in metas if "source" in meta] == [
        ("solution_02_01.py", 2),
        ("solution_02_01.py", 5),
        ("solution_02_01.py", 15),
    ]


def test_chapter2_prelude_hidden(chapter2_notebook):
    notebook, _ = chapter2_notebook
    preludes = [cell for cell in notebook.cells if cell.metadata.get("coursebook", {}).get("role") == "prelude"]
    assert {tuple(cell.metadata["tags"]) for cell in preludes} == {("remove-cell",)}


def test_chapter2_nav_cell(chapter2_notebook):
    notebook, _ = chapter2_notebook
    assert notebook.cells[-1].source == "```{coursebook-chapter-nav}\n:prev: /chapter1\n```"


# -- missing files -----------------------------------------------------------


@pytest.fixture
def small_chapter():
    chapter, diagnostics = parse_chapter(SMALL_CHAPTER, Path("chapter1.md"))
    assert diagnostics == []
    return chapter


def test_complete_snippets_no_diagnostic(tmp_path, small_chapter):
    write_snippets(tmp_path / "snippets", "01_01", ("exc", "solution", "test"))
    (tmp_path / "slides").mkdir()
    (tmp_path / "slides" / "deck.md").write_text("# 슬라이드\n", encoding="utf-8")
    _, diagnostics = chapter_notebook(small_chapter, snippets_dir=tmp_path / "snippets", slides_dir=tmp_path / "slides")
    assert diagnostics == []


def test_missing_solution_diagnostic(tmp_path, small_chapter):
    write_snippets(tmp_path / "snippets", "01_01", ("exc", "test"))
    _, diagnostics = chapter_notebook(small_chapter, snippets_dir=tmp_path / "snippets", slides_dir=tmp_path)
    missing = [d for d in diagnostics if d.code == "codeblock-missing-snippet"]
    assert [(d.path, d.line) for d in missing] == [(Path("chapter1.md"), SMALL_CODEBLOCK_LINE)]
    assert "solution_01_01.py" in missing[0].message
    assert "exc_01_01.py" not in missing[0].message


def test_missing_solution_adds_no_code_cells(tmp_path, small_chapter):
    write_snippets(tmp_path / "snippets", "01_01", ("exc", "test"))
    notebook, _ = chapter_notebook(small_chapter, snippets_dir=tmp_path / "snippets", slides_dir=tmp_path)
    roles = [cell.metadata["coursebook"]["role"] for cell in notebook.cells if cell.cell_type == "code"]
    assert roles == ["inputs"]


def test_missing_all_snippets_one_diagnostic(tmp_path, small_chapter):
    _, diagnostics = chapter_notebook(small_chapter, snippets_dir=tmp_path / "snippets", slides_dir=tmp_path)
    missing = [d for d in diagnostics if d.code == "codeblock-missing-snippet"]
    assert len(missing) == 1
    for name in ("exc_01_01.py", "solution_01_01.py", "test_01_01.py"):
        assert name in missing[0].message


def test_missing_deck_diagnostic(tmp_path, small_chapter):
    write_snippets(tmp_path / "snippets", "01_01", ("exc", "solution", "test"))
    _, diagnostics = chapter_notebook(small_chapter, snippets_dir=tmp_path / "snippets", slides_dir=tmp_path / "slides")
    assert [(d.code, d.path, d.line) for d in diagnostics] == [("slides-missing", Path("chapter1.md"), SMALL_SLIDES_LINE)]


# -- choice directives -------------------------------------------------------


def test_choice_cell_source():
    chapter, _ = parse_chapter(
        "---\ntitle: 장\n---\n"
        '<exercise id="1" title="문제">\n'
        "<choice>\n"
        '<opt text="`가` 코드" correct="true">맞습니다.</opt>\n'
        '<opt text="나">:-( 아닙니다.</opt>\n'
        "</choice>\n"
        "</exercise>\n",
        Path("chapter1.md"),
    )
    notebook, _ = chapter_notebook(chapter, snippets_dir=Path("snippets"), slides_dir=Path("slides"))
    choice = next(cell.source for cell in notebook.cells if "{coursebook-choice}" in cell.source)
    # A backtick fence cannot carry a backtick in its argument, and a body
    # line that starts with ":" right after the header would be read as an option.
    assert choice == (
        "````{coursebook-choice}\n"
        "~~~{coursebook-opt} `가` 코드\n"
        ":correct:\n"
        "맞습니다.\n"
        "~~~\n"
        "\n"
        "```{coursebook-opt} 나\n"
        "\n"
        ":-( 아닙니다.\n"
        "```\n"
        "````"
    )
