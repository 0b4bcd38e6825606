"""Sphinx extension that turns course chapters into executed book pages.

Add ``"coursebook.sphinx"`` to ``extensions``; it sets up myst-nb itself.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from coursebook import __version__
from coursebook.sphinx.anchors import setup_anchors
from coursebook.sphinx.api_notes import setup_api_notes
from coursebook.sphinx.blanks import setup_blanks
from coursebook.sphinx.block_execution import setup_block_execution
from coursebook.sphinx.fastai_facts import setup_fastai_facts
from coursebook.sphinx.chapter import setup_chapter
from coursebook.sphinx.choice import setup_choice
from coursebook.sphinx.codeblock import setup_codeblock
from coursebook.sphinx.config import register as setup_config
from coursebook.sphinx.encoding import setup_encoding
from coursebook.sphinx.execution import setup_execution
from coursebook.sphinx.exercise import setup_exercise
from coursebook.sphinx.failed_output import setup_failed_output
from coursebook.sphinx.kernel_warnings import setup_kernel_warnings
from coursebook.sphinx.korean_interface import setup_korean_interface
from coursebook.sphinx.korean_search import setup_korean_search
from coursebook.sphinx.long_outputs import setup_long_outputs
from coursebook.sphinx.lock import setup_lock
from coursebook.sphinx.markdown import setup_markdown
from coursebook.sphinx.nodes import setup_nodes
from coursebook.sphinx.notebooks import setup_notebooks
from coursebook.sphinx.reader import setup_reader
from coursebook.sphinx.report import setup_report
from coursebook.sphinx.safety import setup_safety
from coursebook.sphinx.section_search import setup_section_search
from coursebook.sphinx.slides import setup_slides
from coursebook.sphinx.typography import setup_typography

if TYPE_CHECKING:
    from sphinx.application import Sphinx

STATIC_DIR = Path(__file__).resolve().parent.parent / "_static"


def _add_static(app: Sphinx) -> None:
    if app.builder.format == "html":
        app.config.html_static_path.append(str(STATIC_DIR))
        app.add_css_file("coursebook.css")
        # Deferred so the widgets are enhanced after the page has parsed.
        app.add_js_file("coursebook.js", loading_method="defer")


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("myst_nb")
    setup_markdown(app)
    setup_config(app)
    setup_lock(app)
    setup_nodes(app)
    setup_reader(app)
    setup_encoding(app)
    setup_exercise(app)
    setup_anchors(app)
    setup_codeblock(app)
    setup_choice(app)
    setup_slides(app)
    setup_blanks(app)
    setup_notebooks(app)
    setup_chapter(app)
    setup_execution(app)
    setup_block_execution(app)
    setup_safety(app)
    setup_long_outputs(app)
    setup_api_notes(app)
    setup_fastai_facts(app)
    setup_kernel_warnings(app)
    setup_report(app)
    setup_korean_search(app)
    setup_section_search(app)
    setup_korean_interface(app)
    setup_typography(app)
    setup_failed_output(app)
    app.connect("builder-inited", _add_static)
    app.setup_extension("coursebook.sphinx.page_weight")
    # Each read process keeps its own fingerprints, merged by env-merge-info.
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
