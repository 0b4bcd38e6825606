"""Download and Colab links of each code block's exercise notebook.

The read phase links every code block to ``notebooks/<id>.ipynb``. The
``build-finished`` handler writes those files into the HTML output from the
exercise scripts.
"""

from __future__ import annotations

import posixpath
from typing import TYPE_CHECKING

import nbformat
from docutils import nodes
from sphinx.transforms import SphinxTransform
from sphinx.util import logging

from coursebook.exercise_notebook import exercise_notebook
from coursebook.snippets import find_snippets, index_snippets
from coursebook.sphinx.config import CoursebookConfig, get_config, resolve
from coursebook.sphinx.nodes import widget

if TYPE_CHECKING:
    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)

NOTEBOOKS_DIR = "notebooks"
LABEL_DOWNLOAD = "노트북 내려받기 (.ipynb)"
LABEL_COLAB = "Colab에서 열기"


def colab_url(config: CoursebookConfig, codeblock_id: str) -> str | None:
    """Return the Colab address of a code block's notebook, or ``None`` with no repository configured."""
    if not config.colab_repository:
        return None
    folder = config.colab_path.strip("/")
    path = f"{folder}/{codeblock_id}.ipynb" if folder else f"{codeblock_id}.ipynb"
    return f"https://colab.research.google.com/github/{config.colab_repository}/blob/{config.colab_branch}/{path}"


def _link(href: str, label: str, classes: list[str], **attributes: str) -> widget:
    anchor = widget(tag="a", classes=classes, html_attributes={"href": href, **attributes})
    anchor += nodes.Text(label)
    return anchor


class AddNotebookLinks(SphinxTransform):
    """Put the notebook links right below each code block's exercise code."""

    default_priority = 420

    def apply(self, **kwargs) -> None:
        if self.app.builder.format != "html":
            return
        config = get_config(self.app)
        snippets_dir = resolve(self.app, config.snippets_dir)
        # NOTE: the relative link assumes the "html" builder's layout, where
        # the page of docname "a/b" is a/b.html; "dirhtml" needs one "../" more.
        page_dir = posixpath.dirname(self.env.docname)

        for block in list(self.document.findall(widget)):
            if "cb-codeblock" not in block["classes"]:
                continue
            codeblock_id = block["data"]["codeblock"]
            if find_snippets(snippets_dir, codeblock_id).exercise is None:
                continue

            links = widget(tag="p", classes=["cb-notebook-links"])
            href = posixpath.relpath(f"{NOTEBOOKS_DIR}/{codeblock_id}.ipynb", page_dir or ".")
            links += _link(href, LABEL_DOWNLOAD, ["cb-notebook-download"], download=f"{codeblock_id}.ipynb")
            url = colab_url(config, codeblock_id)
            if url is not None:
                links += _link(url, LABEL_COLAB, ["cb-colab-link"], target="_blank", rel="noopener")
            block.insert(_index_after_code(block), links)


def _index_after_code(block: widget) -> int:
    for index, child in enumerate(block.children):
        if isinstance(child, nodes.literal_block) and "cb-exercise-code" in child["classes"]:
            return index + 1
    return len(block.children)


def write_notebooks(app: Sphinx, exception: Exception | None) -> None:
    """Write ``notebooks/<id>.ipynb`` into the HTML output for every exercise script."""
    if exception is not None or app.builder.format != "html":
        return
    snippets_dir = resolve(app, get_config(app).snippets_dir)
    target = app.builder.outdir / NOTEBOOKS_DIR
    target.mkdir(parents=True, exist_ok=True)
    written = 0
    for codeblock_id, files in index_snippets(snippets_dir).items():
        if files.exercise is None:
            continue
        notebook = exercise_notebook(files)
        nbformat.validate(notebook)
        text = nbformat.writes(notebook) + "\n"
        path = target / f"{codeblock_id}.ipynb"
        # An unchanged file keeps its time stamp, so nothing downstream copies it again.
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            written += 1
    logger.info("wrote %d exercise notebooks to %s", written, target)


def setup_notebooks(app: Sphinx) -> None:
    app.add_transform(AddNotebookLinks)
    app.connect("build-finished", write_notebooks)
