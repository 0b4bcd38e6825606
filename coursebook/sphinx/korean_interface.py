"""Korean interface strings that the themes leave in English or get wrong.

Sphinx 9, pydata-sphinx-theme 0.20 and sphinx-book-theme 1.4 translate most
of their chrome into Korean, but some strings are missing, empty, awkward or
hard-coded in English. For ``language = "ko"`` this module:

- puts the catalogs in ``coursebook/locale/ko`` first in the ``sphinx`` and
  ``booktheme`` gettext chains, so their entries win and every other string
  falls back to the themes' own catalogs;
- adds ``coursebook/templates``, whose components replace the theme
  templates that hard-code English labels;
- sets Korean defaults for the search box text and the contents title;
- loads ``coursebook_ko.js`` for the search page's summary line.
"""

from __future__ import annotations

import io
from gettext import GNUTranslations
from pathlib import Path
from typing import TYPE_CHECKING

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from sphinx.locale import translators

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

PACKAGE_DIR = Path(__file__).resolve().parent.parent
LOCALE_DIR = PACKAGE_DIR / "locale"
TEMPLATES_DIR = PACKAGE_DIR / "templates"

# Loads after Sphinx's translations.js (priority 500).
SEARCH_STRINGS_JS = "coursebook_ko.js"

THEME_DEFAULTS = {"search_bar_text": "이 책에서 검색…", "toc_title": "목차"}


def load_catalog(domain: str, language: str) -> GNUTranslations | None:
    """Compile ``locale/<language>/LC_MESSAGES/<domain>.po`` in memory, or return None if it is missing."""
    po_path = LOCALE_DIR / language / "LC_MESSAGES" / f"{domain}.po"
    if not po_path.is_file():
        return None
    with po_path.open("rb") as po_file:
        catalog = read_po(po_file, locale=language, domain=domain)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return GNUTranslations(buffer)


def put_catalog_first(domain: str, language: str) -> GNUTranslations | None:
    """Make the coursebook catalog of ``domain`` the first in Sphinx's gettext chain for it."""
    ours = load_catalog(domain, language)
    if ours is None:
        return None
    current = translators.get(("general", domain))
    if current is not None:
        ours.add_fallback(current)
    translators["general", domain] = ours
    return ours


def set_theme_defaults(app: Sphinx, config: Config) -> None:
    if config.language != "ko":
        return
    # The themes look their header and sidebar items up by bare file name in
    # their own components folders, which they add to templates_path, so
    # ours must be a templates_path entry of its own too.
    config.templates_path = [*config.templates_path, str(TEMPLATES_DIR), str(TEMPLATES_DIR / "components")]
    options = dict(config.html_theme_options or {})
    for key, value in THEME_DEFAULTS.items():
        options.setdefault(key, value)
    config.html_theme_options = options


def add_korean_interface(app: Sphinx) -> None:
    if app.builder.format != "html" or app.config.language != "ko":
        return
    # The book theme registers its catalog while the builder loads the theme,
    # after this extension's setup, so its chain is reordered only now.
    put_catalog_first("booktheme", "ko")
    app.connect("html-page-context", add_search_strings)


def add_search_strings(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    # Only the search page shows the summary line, so other pages skip the file.
    if pagename == "search":
        app.add_js_file(SEARCH_STRINGS_JS, priority=510)


def setup_korean_interface(app: Sphinx) -> None:
    if app.config.language == "ko":
        # Jinja templates translate through app.translator, set before any
        # extension loads, so the new head of the chain replaces it too.
        ours = put_catalog_first("sphinx", "ko")
        if ours is not None:
            app.translator = ours
    app.connect("config-inited", set_theme_defaults)
    app.connect("builder-inited", add_korean_interface)
