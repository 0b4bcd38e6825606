"""Chapter-level parts of a page: description, data notice and chapter links."""

from __future__ import annotations

import posixpath
from typing import TYPE_CHECKING

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from coursebook.sphinx.nodes import widget

if TYPE_CHECKING:
    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)

STANDIN_TITLE = "대체 자료로 실행한 페이지"
STANDIN_TEXT = (
    "이 빌드는 아래 자료를 구하지 못해 빌드가 그 자리에서 만든 대체 자료로 코드를 실행했습니다. "
    "그래서 이 페이지의 그림과 학습 결과는 실제 자료로 실행한 결과와 다릅니다: "
)
STANDIN_FIX = "실제 자료로 다시 빌드하려면 COURSEBOOK_DATA_DIR에 자료 폴더를 지정하거나 네트워크가 되는 곳에서 빌드하세요."
NAV_PREV = "이전 장"
NAV_NEXT = "다음 장"


class ChapterDirective(SphinxDirective):
    """The chapter's description, and a notice when its outputs came from stand-ins."""

    has_content = True
    option_spec = {"uses": directives.unchanged}

    def run(self) -> list[nodes.Node]:
        result: list[nodes.Node] = []
        if self.content:
            description = widget(classes=["cb-description"])
            self.state.nested_parse(self.content, self.content_offset, description)
            result.append(description)

        uses = self.options.get("uses", "").split()
        inputs = getattr(self.env.app, "coursebook_inputs", None)
        if inputs is not None:
            result.extend(self._notices(inputs, uses))
        return result

    def _notices(self, inputs, uses: list[str]) -> list[nodes.Node]:
        result: list[nodes.Node] = []
        standins = [status for status in inputs.standins() if status.key in uses]
        if standins:
            notice = nodes.admonition(classes=["warning", "cb-standin-notice"])
            notice += nodes.title(STANDIN_TITLE, STANDIN_TITLE)
            names = ", ".join(status.title_ko for status in standins)
            text = STANDIN_TEXT + names + "."
            notice += nodes.paragraph(text, text)
            notice += nodes.paragraph(STANDIN_FIX, STANDIN_FIX)
            result.append(notice)

        credits = [inputs.attribution(key) for key in uses if key not in {s.key for s in standins}]
        credits = [text for text in credits if text]
        if credits:
            box = widget(classes=["cb-attribution"])
            for text in credits:
                box += nodes.paragraph(text, text)
            result.append(box)
        return result


class chapter_nav(nodes.General, nodes.Element):
    """Links to the previous and next chapters, resolved once all pages are known."""


class ChapterNavDirective(SphinxDirective):
    option_spec = {"prev": directives.unchanged, "next": directives.unchanged}

    def run(self) -> list[nodes.Node]:
        node = chapter_nav(prev=self.options.get("prev", ""), next=self.options.get("next", ""))
        self.set_source_info(node)
        return [node]


def target_docname(link: str, docname: str) -> str:
    """Map a front matter link such as ``/chapter1`` to a docname beside ``docname``."""
    name = link.strip().strip("/")
    return posixpath.join(posixpath.dirname(docname), name) if "/" not in name else name


class ResolveChapterNav(SphinxPostTransform):
    """Keep only links to chapters that exist, so the page has no dead link."""

    default_priority = 5

    def run(self, **kwargs) -> None:
        for node in list(self.document.findall(chapter_nav)):
            nav = widget(tag="nav", classes=["cb-chapter-nav"], html_attributes={"aria-label": "장 이동"})
            for key, label in (("prev", NAV_PREV), ("next", NAV_NEXT)):
                link = node[key]
                if not link or link in ("null", "None"):
                    continue
                target = target_docname(link, self.env.docname)
                if target not in self.env.found_docs:
                    logger.info("%s: 앞머리의 %s 링크 %s에 해당하는 장이 없어 링크를 넣지 않았습니다.", self.env.docname, key, link)
                    continue
                uri = self.app.builder.get_relative_uri(self.env.docname, target)
                title = self.env.titles[target].astext() if target in self.env.titles else link
                paragraph = nodes.paragraph(classes=[f"cb-nav-{key}"])
                paragraph += nodes.reference("", f"{label}: {title}", refuri=uri, internal=True)
                nav += paragraph
            node.replace_self(nav.children and [nav] or [])


def setup_chapter(app: Sphinx) -> None:
    app.add_node(chapter_nav)
    app.add_directive("coursebook-chapter", ChapterDirective)
    app.add_directive("coursebook-chapter-nav", ChapterNavDirective)
    app.add_post_transform(ResolveChapterNav)
