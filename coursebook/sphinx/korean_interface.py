"""Korean interface strings that the themes leave in English or get wrong.

Sphinx 9, pydata-sphinx-theme and sphinx-book-theme translate most of their
chrome into Korean, but some strings are missing, empty or hard-coded in
English. This module adds them for pages built with ``language = "ko"``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx

# Loads after Sphinx's translations.js (priority 500).
SEARCH_STRINGS_JS = "coursebook_ko.js"


def add_korean_assets(app: Sphinx) -> None:
    if app.builder.format != "html" or app.config.language != "ko":
        return
    app.add_js_file(SEARCH_STRINGS_JS, priority=510)


def setup_korean_interface(app: Sphinx) -> None:
    app.connect("builder-inited", add_korean_assets)
