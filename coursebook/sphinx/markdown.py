"""Add the coursebook's markdown-it plugins to every parser MyST creates.

myst-parser 5.2 and myst-nb 1.4 offer no setting for extra markdown-it
plugins: each module that parses markdown imports
``myst_parser.parsers.mdit.create_md_parser`` by name and calls it per
document. :func:`install_markdown_plugins` rebinds that name in each of those
modules to a wrapper that applies :data:`PLUGINS` to the parser it returns,
so chapters, plain MyST pages and markdown cell outputs parse alike. This is
the only place the coursebook patches MyST.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from coursebook.hangul_emphasis import hangul_emphasis_plugin

if TYPE_CHECKING:
    from collections.abc import Callable

    from markdown_it import MarkdownIt
    from sphinx.application import Sphinx

PLUGINS: tuple[Callable[[MarkdownIt], None], ...] = (hangul_emphasis_plugin,)

# Modules that bind ``create_md_parser`` at import time, in myst-parser 5.2
# and myst-nb 1.4. A module missing from a later release is skipped.
PARSER_MODULES = (
    "myst_parser.parsers.mdit",
    "myst_parser.parsers.docutils_",
    "myst_parser.parsers.sphinx_",
    "myst_nb.core.read",
    "myst_nb.core.render",
    "myst_nb.docutils_",
    "myst_nb.sphinx_",
)

_WRAPPED = "_coursebook_plugins"


def with_plugins(create_md_parser: Callable[..., MarkdownIt]) -> Callable[..., MarkdownIt]:
    """Wrap MyST's ``create_md_parser`` so the parsers it returns use :data:`PLUGINS`."""
    if getattr(create_md_parser, _WRAPPED, False):
        return create_md_parser

    def create_md_parser_with_plugins(*args: Any, **kwargs: Any) -> MarkdownIt:
        md = create_md_parser(*args, **kwargs)
        for plugin in PLUGINS:
            md.use(plugin)
        return md

    setattr(create_md_parser_with_plugins, _WRAPPED, True)
    create_md_parser_with_plugins.__wrapped__ = create_md_parser  # type: ignore[attr-defined]
    return create_md_parser_with_plugins


def install_markdown_plugins() -> None:
    """Rebind ``create_md_parser`` in every module of :data:`PARSER_MODULES`; repeat calls do nothing."""
    for name in PARSER_MODULES:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        if hasattr(module, "create_md_parser"):
            module.create_md_parser = with_plugins(module.create_md_parser)


def setup_markdown(app: Sphinx) -> None:
    install_markdown_plugins()
