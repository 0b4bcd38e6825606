"""Make authored HTML safe on every page, and mark external links ``noopener noreferrer``.

Raw HTML nodes come from HTML that authors write in chapters, option texts,
feedback, hints and slides, and from ``{raw}`` directives. They pass through
:func:`~coursebook.sanitize.sanitize_html`. Raw HTML that executed snippets
produce (a table, a progress bar) is left as it is: it comes from the
book's own code, not from page text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.transforms import SphinxTransform
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging

from coursebook.diagnostics import WARNING_TYPE
from coursebook.sanitize import EXTERNAL_REL, is_external_url, is_safe_url, sanitize_html

if TYPE_CHECKING:
    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)

_OUTPUT_ELEMENTS = ("cell_code", "cell_code_output")


def is_cell_output(node: nodes.Node) -> bool:
    """Tell whether ``node`` sits inside a myst-nb code cell, whose outputs the book itself produced."""
    parent = node.parent
    while parent is not None:
        if isinstance(parent, nodes.container) and parent.get("nb_element") in _OUTPUT_ELEMENTS:
            return True
        parent = parent.parent
    return False


class SanitizeRawHtml(SphinxTransform):
    """Replace the text of each authored raw HTML node with its sanitized form."""

    default_priority = 420

    def apply(self, **kwargs) -> None:
        for node in list(self.document.findall(nodes.raw)):
            if "html" not in node.get("format", "").split() or is_cell_output(node):
                continue
            safe = sanitize_html(node.astext())
            node.replace_self(nodes.raw(safe, safe, format="html", classes=node.get("classes", [])))


class SecureLinks(SphinxPostTransform):
    """Drop unsafe link targets and mark external links ``rel="noopener noreferrer"``."""

    default_priority = 900
    formats = ("html",)

    def run(self, **kwargs) -> None:
        for node in self.document.findall(nodes.reference):
            uri = node.get("refuri")
            if uri is None:
                continue
            if not is_safe_url(uri):
                logger.warning(
                    "링크 주소 %s는 쓸 수 없는 스킴이라 링크를 없앴습니다. http:, https:, mailto: 주소나 책 안의 경로를 쓰세요.",
                    uri,
                    type=WARNING_TYPE,
                    subtype="link-invalid",
                    location=node,
                )
                node["refuri"] = "#"
            elif is_external_url(uri):
                node["rel"] = EXTERNAL_REL


def setup_safety(app: Sphinx) -> None:
    app.add_transform(SanitizeRawHtml)
    app.add_post_transform(SecureLinks)
