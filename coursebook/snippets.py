"""Snippet files of a code block and the notebooks built from them.

Each ``<codeblock id="ID">`` of a chapter owns three jupytext ``py:percent``
scripts under the snippets folder: ``exc_ID.py`` (the learner's starting
point), ``solution_ID.py`` and ``test_ID.py``. The book executes the solution
and the snippet tests execute solution or exercise followed by the test, both
through :func:`codeblock_notebook`, so a line that a kernel runs and plain
Python would skip (a commented magic, say) behaves the same in both.
"""

from __future__ import annotations

import dataclasses as dc
import re
from pathlib import Path
from typing import Literal

import jupytext
import nbformat

from coursebook.figure_fonts import PRELUDE_SOURCE as HANGUL_FONT_SOURCE
from coursebook.output_limit import PRELUDE_SOURCE as OUTPUT_LIMIT_SOURCE
from coursebook.sources import read_source

KINDS = ("exc", "solution", "test")
_FILE_RE = re.compile(r"^(exc|solution|test)_(.+)\.py$")
_CELL_MARKER_RE = re.compile(r"^# %%")

# Fixed seeds make two cold builds embed the same training numbers. The cell
# seeds Python, NumPy and PyTorch directly, so a code block that never imports
# fastai does not pay for importing it. It also lets matplotlib draw Hangul.
SEED = 42

# Each Python warning is written to stderr as one line: this prefix and a JSON
# object with category, message, filename, lineno and the category's MRO.
# The book decides from these lines which warnings the page shows
# (coursebook.warning_policy).
WARNING_PREFIX = "[coursebook-warning] "

# Folders that installed packages live in; a warning raised from a file there
# comes from a library, not from the code on the page.
LIBRARY_DIRS = ("site-packages", "dist-packages")

PRELUDE_SOURCE = f"""\
import json as _coursebook_json
import random as _coursebook_random
import sys as _coursebook_sys
import warnings as _coursebook_warnings
import numpy as _coursebook_np
import torch as _coursebook_torch
_coursebook_random.seed({SEED})
_coursebook_np.random.seed({SEED})
_coursebook_torch.manual_seed({SEED})
def _coursebook_showwarning(message, category, filename, lineno, file=None, line=None,
                            _json=_coursebook_json, _sys=_coursebook_sys):
    # A library warns while it is imported only in the first block that a
    # kernel runs with the import, so such a record would depend on which
    # blocks ran before on the same kernel. It is not about the page's code.
    if any(_folder in str(filename).replace(chr(92), "/").split("/") for _folder in {LIBRARY_DIRS!r}):
        _frame = _sys._getframe(1)
        while _frame is not None:
            if _frame.f_code.co_filename.startswith("<frozen importlib"):
                return
            _frame = _frame.f_back
    record = {{"category": category.__name__, "message": str(message), "filename": filename, "lineno": lineno,
              "categories": [cls.__name__ for cls in category.__mro__]}}
    _sys.stderr.write({WARNING_PREFIX!r} + _json.dumps(record, ensure_ascii=False) + "\\n")
_coursebook_warnings.showwarning = _coursebook_showwarning
del _coursebook_json, _coursebook_random, _coursebook_sys, _coursebook_warnings, _coursebook_np, _coursebook_torch
del _coursebook_showwarning
{HANGUL_FONT_SOURCE}
{OUTPUT_LIMIT_SOURCE}
"""

Variant = Literal["solution", "exercise"]


@dc.dataclass(frozen=True)
class SnippetFiles:
    """The snippet scripts of one code block; a missing file is ``None``."""

    codeblock_id: str
    exercise: Path | None
    solution: Path | None
    test: Path | None

    def existing(self) -> list[Path]:
        return [p for p in (self.exercise, self.solution, self.test) if p is not None]

    def missing_kinds(self) -> list[str]:
        pairs = zip(KINDS, (self.exercise, self.solution, self.test))
        return [kind for kind, path in pairs if path is None]


def snippet_path(snippets_dir: Path, kind: str, codeblock_id: str) -> Path:
    """Return where the ``kind`` script of ``codeblock_id`` is expected.

    Scripts live in one sub-folder per chapter (``snippets/chapter2/``), but
    code block ids are unique across the book, so the lookup searches every
    sub-folder and falls back to the folder named after the id's chapter.
    """
    name = f"{kind}_{codeblock_id}.py"
    found = sorted(snippets_dir.glob(f"**/{name}"))
    if found:
        return found[0]
    chapter = codeblock_id.split("_", 1)[0].lstrip("0") or "0"
    return snippets_dir / f"chapter{chapter}" / name


def find_snippets(snippets_dir: Path, codeblock_id: str) -> SnippetFiles:
    """Locate the three scripts of ``codeblock_id`` under ``snippets_dir``."""
    paths = []
    for kind in KINDS:
        path = snippet_path(snippets_dir, kind, codeblock_id)
        paths.append(path if path.is_file() else None)
    return SnippetFiles(codeblock_id, *paths)


def index_snippets(snippets_dir: Path) -> dict[str, SnippetFiles]:
    """Map every code block id that has at least one script to its files."""
    ids = set()
    for path in snippets_dir.glob("**/*.py"):
        match = _FILE_RE.match(path.name)
        if match:
            ids.add(match.group(2))
    return {cid: find_snippets(snippets_dir, cid) for cid in sorted(ids)}


def read_script(path: Path) -> nbformat.NotebookNode:
    """Read a ``py:percent`` script into a notebook.

    Each code cell gets ``metadata.coursebook`` with the script's path and the
    1-based line of the cell's first source line, so that an error inside the
    cell can be reported at the author's line. Bytes that are not UTF-8 are
    read as replacement characters; :func:`coursebook.snippet_checks.check_snippet`
    reports them.
    """
    text, _ = read_source(path)
    return script_notebook(text, path)


def script_notebook(text: str, path: Path) -> nbformat.NotebookNode:
    """Read ``text``, the content of script ``path``, as :func:`read_script` does."""
    notebook = jupytext.reads(text, fmt="py:percent")
    lines = text.splitlines()
    markers = [i for i, line in enumerate(lines) if _CELL_MARKER_RE.match(line)]

    search_from = 0
    marker_iter = iter(markers)
    for cell in notebook.cells:
        next_marker = next(marker_iter, None)
        if next_marker is not None:
            search_from = next_marker + 1
        first = cell.source.splitlines()[0] if cell.source else ""
        line = _find_line(lines, first, search_from)
        cell.metadata["coursebook"] = {"source": str(path), "line": line}
    return notebook


def exercise_code(path: Path) -> str:
    """Return the learner's code of an exercise script, without cell markers."""
    cells = read_script(path).cells
    return "\n\n".join(cell.source for cell in cells if cell.source.strip())


def _find_line(lines: list[str], first: str, start: int) -> int:
    """Return the 1-based line at or after ``start`` that contains ``first``.

    jupytext comments out magics (``%time`` is stored as ``# %time``), so a
    commented copy of the line matches too.
    """
    wanted = first.strip()
    for index in range(start, len(lines)):
        candidate = lines[index].strip()
        if candidate == wanted or candidate.removeprefix("# ") == wanted:
            return index + 1
    return start + 1


def prelude_cell() -> nbformat.NotebookNode:
    """Return the hidden cell that seeds the random generators and records warnings."""
    cell = nbformat.v4.new_code_cell(PRELUDE_SOURCE)
    cell.metadata["tags"] = ["remove-cell"]
    cell.metadata["coursebook"] = {"role": "prelude"}
    return cell


def codeblock_cells(
    files: SnippetFiles, variant: Variant = "solution"
) -> list[nbformat.NotebookNode]:
    """Return the prelude and the ``variant`` script's cells of one code block.

    Every cell is tagged with the code block id in ``metadata.coursebook``.
    """
    path = files.solution if variant == "solution" else files.exercise
    if path is None:
        raise FileNotFoundError(f"{variant} script of code block {files.codeblock_id}")

    cells = [prelude_cell()]
    cells.extend(read_script(path).cells)
    for cell in cells:
        cell.metadata["coursebook"]["codeblock"] = files.codeblock_id
        cell.metadata["coursebook"].setdefault("role", variant)
    return [cell for cell in cells if cell.cell_type == "code"]


def codeblock_notebook(
    files: SnippetFiles, variant: Variant = "solution", *, with_test: bool = False
) -> nbformat.NotebookNode:
    """Build the notebook that runs one code block, optionally with its test."""
    cells = codeblock_cells(files, variant)
    if with_test:
        if files.test is None:
            raise FileNotFoundError(f"test script of code block {files.codeblock_id}")
        for cell in read_script(files.test).cells:
            if cell.cell_type == "code":
                cell.metadata["coursebook"].update(codeblock=files.codeblock_id, role="test")
                cells.append(cell)

    notebook = nbformat.v4.new_notebook(cells=cells)
    notebook.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    return notebook
