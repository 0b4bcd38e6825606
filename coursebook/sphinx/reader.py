"""Read chapter files as notebooks, through myst-nb's own parser.

myst-nb picks a notebook reader by file suffix. Chapter files are ``.md``
like every other page, so :class:`CoursebookParser` swaps in a reader bound to
the one chapter being parsed and leaves every other page to myst-nb.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

import nbformat
from myst_nb.sphinx_ import Parser as MystNbParser
from sphinx.util import logging

from coursebook.diagnostics import WARNING_TYPE, Diagnostic
from coursebook.notebook import chapter_notebook
from coursebook.parser import parse_chapter
from coursebook.sources import read_source
from coursebook.sphinx.config import get_config, resolve

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)

READER = "coursebook.sphinx.reader.read_chapter"


def log_diagnostic(diagnostic: Diagnostic, docname: str, chapter_path: Path) -> None:
    """Log ``diagnostic`` at its file and line, with its code as the subtype."""
    if diagnostic.path is not None and Path(diagnostic.path) == chapter_path:
        location: object = (docname, diagnostic.line)
    else:
        location = diagnostic.location()
    logger.warning(diagnostic.message, type=WARNING_TYPE, subtype=diagnostic.code, location=location)


def read_chapter(
    text: str,
    *,
    docname: str,
    chapter_path: str,
    snippets_dir: str,
    slides_dir: str,
    inputs_fingerprint: str,
    asset_markers: dict[str, tuple[str, ...]],
    fill_outputs: Callable[[nbformat.NotebookNode], None] | None = None,
) -> nbformat.NotebookNode:
    """Convert chapter ``text`` to its page notebook, logging every diagnostic.

    ``fill_outputs`` puts the executed outputs into the notebook's code cells.
    """
    path = Path(chapter_path)
    # Sphinx has already decoded the file; reading its bytes again finds the
    # byte-order mark and invalid bytes at their lines, as the check does.
    diagnostics = read_source(path)[1]
    chapter, found = parse_chapter(text, path)
    diagnostics += found
    notebook, more = chapter_notebook(
        chapter,
        snippets_dir=Path(snippets_dir),
        slides_dir=Path(slides_dir),
        inputs_fingerprint=inputs_fingerprint,
        asset_markers=asset_markers,
    )
    for diagnostic in diagnostics + more:
        log_diagnostic(diagnostic, docname, path)
    if fill_outputs is not None:
        fill_outputs(notebook)
    return notebook


def is_chapter(app: Sphinx, docname: str) -> bool:
    chapters = resolve(app, get_config(app).chapters_dir)
    source = Path(app.env.doc2path(docname)).resolve()
    return chapters in source.parents


class CoursebookParser(MystNbParser):
    """myst-nb's parser, reading chapter files with :func:`read_chapter`."""

    def parse(self, inputstring: str, document: nodes.document) -> None:
        # Imported here: block execution needs is_chapter from this module.
        from coursebook.sphinx.block_execution import planner_for, store_page_records

        env = document.settings.env
        app = env.app
        if not is_chapter(app, env.docname):
            super().parse(inputstring, document)
            return

        config = get_config(app)
        state = getattr(app, "coursebook_inputs", None)
        chapter_path = Path(env.doc2path(env.docname)).resolve()
        planner = planner_for(app)
        reader_kwargs = {
            "docname": env.docname,
            "chapter_path": str(chapter_path),
            "snippets_dir": str(resolve(app, config.snippets_dir)),
            "slides_dir": str(resolve(app, config.slides_dir)),
            "inputs_fingerprint": state.fingerprint() if state else "",
            "asset_markers": state.markers() if state else {},
            "fill_outputs": partial(planner.fill, docname=env.docname, chapter_dir=chapter_path.parent),
        }
        original = env.mystnb_config
        formats = dict(original.custom_formats)
        formats[".md"] = (READER, reader_kwargs, False)
        # The code blocks have executed already, each cached on its own; myst-nb only renders.
        env.mystnb_config = original.copy(custom_formats=formats, execution_mode="off")
        try:
            super().parse(inputstring, document)
        finally:
            env.mystnb_config = original
        store_page_records(app, env, env.docname)


def setup_reader(app: Sphinx) -> None:
    app.add_source_parser(CoursebookParser, override=True)
