"""The ``coursebook-slides`` directive and the ``fastai-default`` role.

Every slide stays in the HTML, one ``<section>`` each, so readers without
JavaScript and printouts see the whole deck.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from docutils import nodes
from docutils.parsers.rst import directives
from docutils.statemachine import StringList
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective, SphinxRole

from coursebook.diagnostics import WARNING_TYPE
from coursebook.sphinx.fastai_facts import facts_for
from coursebook.slides import split_deck
from coursebook.sources import read_source
from coursebook.sphinx.config import get_config, resolve
from coursebook.sphinx.nodes import details, widget

if TYPE_CHECKING:
    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)

LABEL_NOTES = "발표자 노트"
LABEL_DECK = "슬라이드"


class SlidesDirective(SphinxDirective):
    """Render the deck ``<slides dir>/<source>.md``."""

    required_arguments = 1
    option_spec = {"start": directives.positive_int, "end": directives.positive_int}

    def run(self) -> list[nodes.Node]:
        source = self.arguments[0]
        path = resolve(self.env.app, get_config(self.env.app).slides_dir) / f"{source}.md"
        self.env.note_dependency(str(path))
        if not path.is_file():
            # The converter has already reported the missing deck with its line.
            message = f"슬라이드 파일 {path.name}을 찾지 못했습니다."
            return [nodes.paragraph(message, message, classes=["cb-notice"])]

        # The converter has already reported encoding problems of the deck.
        slides = split_deck(read_source(path)[0])
        start = self.options.get("start", 1)
        end = self.options.get("end", len(slides))
        chosen = slides[start - 1 : end]

        deck = widget(
            classes=["cb-slides"],
            ids=[f"slides-{source}"],
            data={"slides": source, "count": str(len(chosen))},
            html_attributes={"aria-roledescription": "carousel", "aria-label": LABEL_DECK},
        )
        self.set_source_info(deck)
        for number, slide in enumerate(chosen, start=1):
            deck += self._slide(source, number, len(chosen), slide, path)
        return [deck]

    def _slide(self, source: str, number: int, total: int, slide, path: Path) -> nodes.Node:
        section = widget(
            tag="section",
            classes=["cb-slide"],
            ids=[f"slide-{source}-{number}"],
            html_attributes={"aria-roledescription": "slide", "aria-label": f"{number} / {total}"},
        )
        if slide.title:
            title_nodes, messages = self.state.inline_text(slide.title, self.lineno)
            section += nodes.rubric(slide.title, "", *title_nodes, classes=["cb-slide-title"])
            section += messages
        if slide.body.strip():
            self.state.nested_parse(StringList(slide.body.split("\n"), source=str(path)), 0, section)
        if slide.notes:
            notes = details(summary=LABEL_NOTES, classes=["cb-slide-notes"])
            self.state.nested_parse(StringList(slide.notes.split("\n"), source=str(path)), 0, notes)
            section += notes
        return section


class FastaiDefaultRole(SphinxRole):
    """Show the default of a parameter as the installed library defines it."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        try:
            value = facts_for(getattr(self.env, "app", None)).default(self.text)
        except LookupError as exc:
            logger.warning(
                f"{{fastai-default}} 역할을 풀지 못했습니다: {exc}. 모듈 경로와 매개변수 이름을 확인하세요.",
                type=WARNING_TYPE,
                subtype="default-unresolved",
                location=self.get_location(),
            )
            value = "?"
        return [nodes.literal(value, value, classes=["cb-live-default"])], []


def setup_slides(app: Sphinx) -> None:
    app.add_directive("coursebook-slides", SlidesDirective)
    app.add_role("fastai-default", FastaiDefaultRole())
