"""Leave out theme scripts that a page downloads but never uses.

pydata-sphinx-theme 0.20 loads on every page:

- ``fontawesome.js``, 1.5 MB (540 KB gzip-compressed), which replaces each
  ``<i class="fa-…">`` icon with an inline SVG. The theme's stylesheet already
  draws the same icons from the Font Awesome web font, which the browser
  downloads anyway because the icons are in the HTML before any script runs,
  and which is what readers without JavaScript see. So every icon shipped
  twice.
- ``searchtools.js``, ``language_data.js`` and ``searchindex.js`` outside the
  search page, for its search-as-you-type box. With ``search_as_you_type``
  off (the theme's default) the box sends the query to ``search.html``,
  which loads these scripts itself.

``layout.html`` passes the theme's head markup through the
``coursebook_without_scripts`` filter with the list this module puts in the
page context.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

if TYPE_CHECKING:
    from sphinx.application import Sphinx

ICON_SCRIPTS = ("_static/scripts/fontawesome.js",)
SEARCH_SCRIPTS = ("_static/searchtools.js", "_static/language_data.js", "searchindex.js")
CONTEXT_KEY = "coursebook_unused_scripts"
FILTER_NAME = "coursebook_without_scripts"


def without_scripts(html: str, paths: Iterable[str]) -> Markup:
    """Remove the ``<script src>`` elements of ``html`` that load one of ``paths``.

    ``paths`` are relative to the output folder. A ``src`` may add ``../``
    steps before a path and a query string such as ``?digest=…`` after it.
    """
    for path in paths:
        pattern = rf'[ \t]*<script\b[^>]*\bsrc="(?:\.\./)*{re.escape(path)}(?:\?[^"]*)?"[^>]*>\s*</script>[ \t]*\n?'
        html = re.sub(pattern, "", str(html))
    return Markup(html)


def unused_scripts(context: dict[str, Any]) -> tuple[str, ...]:
    """Return the scripts the page in ``context`` can go without."""
    search_as_you_type = str(context.get("theme_search_as_you_type", "false")).lower() == "true"
    if search_as_you_type:
        return ICON_SCRIPTS
    return ICON_SCRIPTS + SEARCH_SCRIPTS


def add_filter(app: Sphinx) -> None:
    if app.builder.format == "html":
        app.builder.templates.environment.filters[FILTER_NAME] = without_scripts


def note_unused_scripts(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree) -> None:
    context[CONTEXT_KEY] = unused_scripts(context)


def setup_page_assets(app: Sphinx) -> None:
    app.connect("builder-inited", add_filter)
    app.connect("html-page-context", note_unused_scripts)
