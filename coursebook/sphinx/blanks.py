"""Embed the expected fills of each code block's ``___`` blanks in the page.

The page's script turns every blank into an input and checks the learner's
fills against ``data-blanks``, a JSON list of ``{"expected", "kind"}``.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from sphinx.transforms import SphinxTransform

from coursebook.blanks import fillable_blanks
from coursebook.snippets import find_snippets
from coursebook.sphinx.config import get_config, resolve
from coursebook.sphinx.nodes import widget

if TYPE_CHECKING:
    from sphinx.application import Sphinx


class EmbedBlanks(SphinxTransform):
    """Put the expected fills of each code block into its ``data-blanks`` attribute.

    A code block whose blanks do not line up gets no attribute. The
    converter has already reported it as ``blank-unaligned`` at the code
    block's line, so ``coursebook check`` reports it too.
    """

    default_priority = 420

    def apply(self, **kwargs) -> None:
        snippets_dir = resolve(self.app, get_config(self.app).snippets_dir)
        for block in list(self.document.findall(widget)):
            if "cb-codeblock" not in block["classes"]:
                continue
            blanks, problem = fillable_blanks(find_snippets(snippets_dir, block["data"]["codeblock"]))
            if blanks and problem is None:
                block["data"]["blanks"] = json.dumps([blank.as_data() for blank in blanks], ensure_ascii=False)


def setup_blanks(app: Sphinx) -> None:
    app.add_transform(EmbedBlanks)
