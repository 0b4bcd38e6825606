"""Docutils nodes shared by the course widgets, with their HTML writers.

Each widget renders as plain HTML that works without JavaScript: toggles are
``<details>`` elements. Builders other than HTML render the children only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.writers.html5 import HTML5Translator


class details(nodes.General, nodes.Element):
    """A ``<details>`` toggle; ``summary`` is its label, ``open`` its state."""


class summary(nodes.General, nodes.TextElement):
    """The label of a :class:`details` when it contains inline markup."""


class widget(nodes.General, nodes.Element):
    """A ``<div>`` (or ``tag``) with classes and ``data-*`` attributes, for a course widget."""


def visit_details_html(self: HTML5Translator, node: details) -> None:
    classes = self.attval(" ".join(node.get("classes", [])))
    opened = " open" if node.get("open") else ""
    ident = f' id="{self.attval(node["ids"][0])}"' if node.get("ids") else ""
    self.body.append(f'<details class="{classes}"{ident}{opened}>')
    if node.get("summary"):
        self.body.append(f'<summary>{self.encode(node["summary"])}</summary>\n')


def visit_summary_html(self: HTML5Translator, node: summary) -> None:
    self.body.append("<summary>")


def depart_summary_html(self: HTML5Translator, node: summary) -> None:
    self.body.append("</summary>\n")


def depart_details_html(self: HTML5Translator, node: details) -> None:
    self.body.append("</details>\n")


def visit_widget_html(self: HTML5Translator, node: widget) -> None:
    tag = node.get("tag", "div")
    attributes = {f"data-{key}": value for key, value in node.get("data", {}).items()}
    for key, value in node.get("html_attributes", {}).items():
        attributes[key] = value
    self.body.append(self.starttag(node, tag, "", **attributes))


def depart_widget_html(self: HTML5Translator, node: widget) -> None:
    self.body.append(f"</{node.get('tag', 'div')}>\n")


def _visit_children_only(self, node: nodes.Element) -> None:
    pass


def _depart_children_only(self, node: nodes.Element) -> None:
    pass


def setup_nodes(app: Sphinx) -> None:
    others = {name: (_visit_children_only, _depart_children_only) for name in ("latex", "text", "man", "texinfo")}
    app.add_node(details, html=(visit_details_html, depart_details_html), **others)
    app.add_node(summary, html=(visit_summary_html, depart_summary_html), **others)
    app.add_node(widget, html=(visit_widget_html, depart_widget_html), **others)
