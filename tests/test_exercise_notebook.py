"""Build the learner's notebook of each chapter 2 exercise."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from coursebook.exercise_notebook import INSTALL_SOURCE, exercise_notebook
from coursebook.snippets import SnippetFiles, find_snippets

SNIPPETS = Path(__file__).resolve().parent.parent / "snippets"
CODEBLOCK_IDS = [f"02_{number:02d}" for number in range(1, 14)]


@pytest.mark.parametrize("codeblock_id", CODEBLOCK_IDS)
def test_notebook_valid(codeblock_id):
    notebook = exercise_notebook(find_snippets(SNIPPETS, codeblock_id))
    nbformat.validate(notebook)
    assert notebook.cells[0].cell_type == "markdown"
    assert notebook.cells[1].source == INSTALL_SOURCE


@pytest.mark.parametrize("codeblock_id", CODEBLOCK_IDS)
def test_notebook_has_exercise_code(codeblock_id):
    files = find_snippets(SNIPPETS, codeblock_id)
    notebook = exercise_notebook(files)
    code = "\n".join(cell.source for cell in notebook.cells[2:])
    exercise = files.exercise.read_text(encoding="utf-8")
    for line in exercise.splitlines():
        if line.strip() and not line.startswith("# %%"):
            assert line.removeprefix("# ") in code or line in code


def test_notebook_has_no_build_metadata():
    notebook = exercise_notebook(find_snippets(SNIPPETS, "02_01"))
    assert all("coursebook" not in cell.metadata for cell in notebook.cells)


def test_install_cell_runs_only_in_colab():
    assert 'if "google.colab" in sys.modules:\n    !pip install -q fastai' in INSTALL_SOURCE


def test_notebook_without_exercise_rejected():
    with pytest.raises(FileNotFoundError, match="exercise script of code block 09_09"):
        exercise_notebook(SnippetFiles("09_09", None, None, None))


def test_notebook_same_each_time():
    files = find_snippets(SNIPPETS, "02_07")
    assert nbformat.writes(exercise_notebook(files)) == nbformat.writes(exercise_notebook(files))


def test_notebook_cell_ids_by_position():
    notebook = exercise_notebook(find_snippets(SNIPPETS, "02_07"))
    assert [cell.id for cell in notebook.cells] == [f"cell-{index}" for index in range(len(notebook.cells))]
