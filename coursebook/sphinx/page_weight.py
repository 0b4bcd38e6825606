"""Keep the chapter page light: re-encoded output images and no unused theme scripts."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from coursebook import __version__
from coursebook.sphinx.output_images import setup_output_images
from coursebook.sphinx.page_assets import setup_page_assets

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def setup(app: Sphinx) -> dict[str, Any]:
    setup_output_images(app)
    setup_page_assets(app)
    # Encoded images go to a cache folder under unique temporary names and
    # are renamed into place, so parallel readers never write one file.
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
