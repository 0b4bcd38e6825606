"""The downloadable notebook of one code block's exercise.

The notebook is built from the jupytext exercise script, so the learner starts
from the same code the page shows, blanks included.
"""

from __future__ import annotations

import nbformat

from coursebook.snippets import SnippetFiles, read_script

# Colab has no fastai preinstalled. Elsewhere the learner's own environment is
# left alone. IPython runs an indented ``!`` line as a shell command too.
INSTALL_SOURCE = """\
# Colab에서 실행할 때만 fastai를 설치합니다.
import sys
if "google.colab" in sys.modules:
    !pip install -q fastai"""

INTRO_TEMPLATE = """\
# 실습 코드 {codeblock_id}

`___` 자리를 채운 다음 위에서부터 차례로 실행해 보세요."""


def exercise_notebook(files: SnippetFiles) -> nbformat.NotebookNode:
    """Build the learner's notebook: an intro, the Colab install cell, then the exercise cells.

    Raises ``FileNotFoundError`` when the code block has no exercise script.
    """
    if files.exercise is None:
        raise FileNotFoundError(f"exercise script of code block {files.codeblock_id}")

    cells = [
        nbformat.v4.new_markdown_cell(INTRO_TEMPLATE.format(codeblock_id=files.codeblock_id)),
        nbformat.v4.new_code_cell(INSTALL_SOURCE),
    ]
    for cell in read_script(files.exercise).cells:
        if not cell.source.strip():
            continue
        # The build's source paths and line numbers mean nothing to a learner.
        cell.metadata.pop("coursebook", None)
        cells.append(cell)

    # Ids from the position, not nbformat's random ones, so the same script
    # gives the same file and a rebuild leaves the published file alone.
    for index, cell in enumerate(cells):
        cell.id = f"cell-{index}"

    notebook = nbformat.v4.new_notebook(cells=cells)
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    notebook.metadata["language_info"] = {"name": "python"}
    return notebook
