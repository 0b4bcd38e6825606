"""Keep pages that are not valid UTF-8 out of the build, with a located warning.

Sphinx 9 reads each source with a strict decoder, so one byte that is not
UTF-8 would stop the whole build with a ``UnicodeDecodeError`` traceback.
Before reading, every outdated page is decoded here. A page that fails is
reported at the line of its first invalid byte and left out of this build.
"""

from __future__ import annotations

import codecs
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.util import logging

from coursebook.diagnostics import WARNING_TYPE
from coursebook.sources import invalid_utf8

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)

SKIPPED_NOTE = "이 페이지는 이번 빌드에서 뺐습니다."


def skip_undecodable_pages(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    for docname in list(docnames):
        path = Path(env.doc2path(docname))
        try:
            data = path.read_bytes()
        except OSError:
            continue
        # Sphinx's default source_encoding, utf-8-sig, accepts a byte-order
        # mark; the chapter reader reports one.
        bom_length = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
        diagnostic = invalid_utf8(data[bom_length:], path, offset_base=bom_length)
        if diagnostic is None:
            continue
        logger.warning(
            f"{diagnostic.message} {SKIPPED_NOTE}",
            type=WARNING_TYPE,
            subtype=diagnostic.code,
            location=(docname, diagnostic.line),
        )
        docnames.remove(docname)
        # Sphinx writes every found page, and a page never read has no doctree.
        env.found_docs.discard(docname)


def setup_encoding(app: Sphinx) -> None:
    app.connect("env-before-read-docs", skip_undecodable_pages)
