"""Add the self-hosted Korean fonts and the Korean typography rules to HTML pages."""

from __future__ import annotations

from typing import TYPE_CHECKING

from coursebook.fonts import FONTS

if TYPE_CHECKING:
    from sphinx.application import Sphinx

TYPOGRAPHY_CSS = "korean-typography.css"


def add_typography(app: Sphinx) -> None:
    if app.builder.format != "html":
        return
    for font in FONTS:
        app.add_css_file(font.css_path)
    app.add_css_file(TYPOGRAPHY_CSS)


def setup_typography(app: Sphinx) -> None:
    app.connect("builder-inited", add_typography)
