"""Serve code cells' image outputs as WebP, at no more pixels than the page can show.

myst-nb writes each PNG or JPEG output of a code cell as it came from the
kernel. Before Sphinx's image collector copies them to ``_images``, this
module points each such image node at a re-encoded file (see
:mod:`coursebook.image_encoding`, which keeps the original when that is
smaller), gives it ``width`` and ``height`` so the layout does not move
while it loads, and marks it ``loading="lazy"``, so an image inside a
closed solution is fetched only when the reader opens it. Chromium loads
lazy images at once when JavaScript is off.
Images that authors place in the Markdown are left as they are.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

from docutils import nodes

from coursebook.image_encoding import convert_cached
from coursebook.sphinx.block_execution import default_workers
from coursebook.sphinx.config import get_config

if TYPE_CHECKING:
    from sphinx.application import Sphinx

CONVERTED_SUFFIXES = (".png", ".jpg", ".jpeg")
# Inside the doctree folder, because the files are derived from the executed
# notebooks just like the pickled doctrees, and `make clean` removes both.
# NOTE: encodings of outputs that a later build no longer produces stay in
# the folder until `make clean`, as myst-nb's own PNG files do.
CACHE_FOLDER = "coursebook-images"
# Sphinx's image collector listens to doctree-read at the default priority
# 500. This handler must run first, so that the collector copies the WebP file.
PRIORITY = 400


def convert_output_images(app: Sphinx, doctree: nodes.document) -> None:
    if app.builder.format != "html":
        return
    config = get_config(app)
    max_pixels = 2 * config.image_max_width
    cache_dir = Path(app.doctreedir) / CACHE_FOLDER
    docname = app.env.docname
    images = [
        image
        for image in doctree.findall(nodes.image)
        if _is_cell_output(image) and image["uri"].lower().endswith(CONVERTED_SUFFIXES)
    ]
    sources = [Path(app.env.relfn2path(image["uri"], docname)[1]) for image in images]

    # Pillow encodes without holding the GIL, so threads use as many cores
    # as the build runs kernels on.
    threads = max(1, min(len(images), config.execution_workers or default_workers()))
    with ThreadPoolExecutor(threads) as pool:
        encodings = list(pool.map(lambda source: convert_cached(source, cache_dir, max_pixels), sources))

    for image, encoded in zip(images, encodings):
        _set_uri(image, encoded.path, Path(app.srcdir))
        if not any(key in image for key in ("width", "height", "scale")):
            # The CSS width of an output is its pixel width before scaling,
            # so a scaled image takes the same room as the original.
            css_width = encoded.source_width
            image["width"] = str(css_width)
            image["height"] = str(round(encoded.height * css_width / encoded.width))
        image.setdefault("loading", "lazy")


def _is_cell_output(image: nodes.image) -> bool:
    parent = image.parent
    while parent is not None:
        if isinstance(parent, nodes.container) and parent.get("nb_element") == "cell_code_output":
            return True
        parent = parent.parent
    return False


def _set_uri(image: nodes.image, path: Path, srcdir: Path) -> None:
    # A leading "/" makes the path relative to the source folder, the form
    # myst-nb uses for its own output files, which may lie outside it.
    relative = os.path.relpath(path.resolve(), srcdir.resolve())
    image["uri"] = "/" + Path(relative).as_posix()
    # The collector fills candidates from the new uri.
    if "candidates" in image:
        del image["candidates"]


def setup_output_images(app: Sphinx) -> None:
    app.connect("doctree-read", convert_output_images, priority=PRIORITY)
