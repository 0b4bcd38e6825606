"""Check fastai names in chapter text against the installed fastai.

:class:`CheckApiNames` reads every code span and every bold identifier of a
chapter page: prose, hints, choice options and feedback, and slide decks. A
stale name (renamed or deprecated) is logged at info level with its file and
line and gets a Korean editor's note beside it, so a chapter written for an
older fastai still builds with ``-W``. A name that fastai does not define
(``learn.fine_tunes()``) is a ``coursebook.api-unknown`` warning, which fails
a strict build. A list of callback events also gets a note naming the events
it leaves out, and a heading that names a stale name as a plain word gets a
note under it. :mod:`coursebook.api_check` contains the rule for what counts
as a fastai name.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.transforms import SphinxTransform
from sphinx.util import logging

from coursebook.api_check import Finding, is_event_name
from coursebook.diagnostics import WARNING_TYPE
from coursebook.fastai_facts import FastaiFacts
from coursebook.sphinx.config import get_config, resolve
from coursebook.sphinx.fastai_facts import facts_for
from coursebook.sphinx.nodes import widget
from coursebook.sphinx.reader import is_chapter

if TYPE_CHECKING:
    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)

# Sphinx adds the "[type.subtype]" tag to warnings only, so info lines about
# stale names carry it in their text, for readers who search the log for it.
STALE_TAG = f"[{WARNING_TYPE}.api-stale]"

NOTE_LABEL = "편집자 주"
NOTE_CLASS = "cb-api-note"
TITLE_NOTE_CLASS = "cb-title-note"
_WORD_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


class SourceLocator:
    """Find the line of each code span, reading the source files in document order.

    Docutils gives a line only to block nodes, and a slide deck is parsed with
    the line of its ``slides`` tag, so the exact line comes from searching the
    file for the span's markup after the previous match.
    """

    def __init__(self) -> None:
        self._lines: dict[Path, list[str]] = {}
        self._cursor: dict[Path, tuple[int, int]] = {}

    def locate(self, path: Path, markup: str, fallback: int | None) -> int | None:
        lines = self._lines.get(path)
        if lines is None:
            lines = path.read_text(encoding="utf-8").splitlines() if path.is_file() else []
            self._lines[path] = lines
        row, column = self._cursor.get(path, (0, 0))
        for index in range(row, len(lines)):
            found = lines[index].find(markup, column if index == row else 0)
            if found >= 0:
                self._cursor[path] = (index, found + len(markup))
                return index + 1
        # Out of document order (or not in the file at all): any occurrence.
        for index, line in enumerate(lines):
            if markup in line:
                return index + 1
        return fallback


def _node_line(node: nodes.Node) -> int | None:
    while node is not None:
        if getattr(node, "line", None):
            return node.line
        node = node.parent
    return None


def _skipped(node: nodes.Node) -> bool:
    """Return whether ``node`` is generated text rather than an author's code span."""
    if "cb-live-default" in node.get("classes", []):
        return True
    parent = node.parent
    while parent is not None:
        classes = parent.get("classes", []) if isinstance(parent, nodes.Element) else []
        if "cb-codeblock-label" in classes or NOTE_CLASS in classes or parent.get("nb_element"):
            return True
        parent = parent.parent
    return False


def _block_of(node: nodes.Node) -> nodes.Element:
    """Return the paragraph-like element that holds ``node``; notes are counted per block."""
    parent = node.parent
    while parent is not None and not isinstance(parent, (nodes.TextElement, nodes.Structural)):
        parent = parent.parent
    return parent or node.parent


def _code_spans(block: nodes.Element) -> set[str]:
    return {literal.astext() for literal in block.findall(nodes.literal)}


class CheckApiNames(SphinxTransform):
    """Log stale and unknown fastai names and put an editor's note beside each."""

    # After the code block and slide directives have built their nodes.
    default_priority = 420

    def apply(self, **kwargs) -> None:
        app = self.env.app
        if not get_config(app).api_check or not is_chapter(app, self.env.docname):
            return
        spans = [node for node in self.document.findall(self._is_span) if not _skipped(node)]
        titles = [node for node in self.document.findall(nodes.title) if isinstance(node.parent, nodes.section)]
        if not spans and not titles:
            return

        facts = facts_for(app)
        self.chapter_path = Path(self.env.doc2path(self.env.docname)).resolve()
        self.slides_dir = resolve(app, get_config(app).slides_dir)
        self.locator = SourceLocator()
        self.logged: set[tuple[str, int | None, str]] = set()
        self.noted: set[tuple[int, str]] = set()
        self.lines: dict[int, tuple[Path, int | None]] = {}

        for node in spans:
            place = self._locate(node)
            self.lines[id(node)] = place
            finding = facts.check(node.astext())
            if finding is not None:
                self._handle(node, finding, place, facts)
        self._check_listings(facts)
        for title in titles:
            self._check_title(title, facts)

    @staticmethod
    def _is_span(node: nodes.Node) -> bool:
        if isinstance(node, nodes.literal):
            return True
        # Bold identifiers too: chapters list events as "**begin_fit**: ...".
        return isinstance(node, nodes.strong) and node.astext().isidentifier()

    def _source_of(self, node: nodes.Node) -> Path:
        parent = node.parent
        while parent is not None:
            if isinstance(parent, widget) and "cb-slides" in parent.get("classes", []):
                return self.slides_dir / f"{parent['data']['slides']}.md"
            parent = parent.parent
        return self.chapter_path

    def _locate(self, node: nodes.Node) -> tuple[Path, int | None]:
        path = self._source_of(node)
        markup = f"`{node.astext()}`" if isinstance(node, nodes.literal) else f"**{node.astext()}**"
        fallback = _node_line(node) if path == self.chapter_path else None
        return path, self.locator.locate(path, markup, fallback)

    def _location(self, place: tuple[Path, int | None]) -> object:
        path, line = place
        if path == self.chapter_path:
            return (self.env.docname, line)
        return f"{path}:{line}" if line else str(path)

    def _handle(self, node: nodes.Node, finding: Finding, place, facts: FastaiFacts) -> None:
        block = _block_of(node)
        if finding.kind == "stale" and finding.current in _code_spans(block):
            # The text already names the current name beside the old one.
            return

        key = (str(place[0]), place[1], finding.name)
        if key not in self.logged:
            self.logged.add(key)
            self._log(finding, place, facts)
        if (id(block), finding.name) in self.noted:
            return
        self.noted.add((id(block), finding.name))
        anchor = node.parent if isinstance(node.parent, nodes.reference) else node
        anchor.parent.insert(anchor.parent.index(anchor) + 1, self._note(finding, facts))

    def _log(self, finding: Finding, place, facts: FastaiFacts) -> None:
        location = self._location(place)
        if finding.kind == "stale":
            # Info, not a warning: the note on the page informs the reader, and
            # the chapter must still build with -W.
            logger.info(
                "`%s`의 현재 이름은 `%s`입니다(fastai %s). 페이지에 편집자 주를 달았습니다. %s",
                finding.name,
                finding.current,
                facts.version,
                STALE_TAG,
                location=location,
            )
            return
        hint = f" 비슷한 이름: `{finding.current}`." if finding.current else ""
        logger.warning(
            "`%s`에서 `%s`는 설치된 fastai %s에 없는 이름입니다. 철자를 확인하거나 현재 이름으로 고치세요.%s",
            finding.written,
            finding.name,
            facts.version,
            hint,
            type=WARNING_TYPE,
            subtype="api-unknown",
            location=location,
        )

    @staticmethod
    def _note(finding: Finding, facts: FastaiFacts) -> nodes.inline:
        note = nodes.inline(classes=[NOTE_CLASS])
        if finding.kind == "stale":
            note += nodes.Text(f" ({NOTE_LABEL}: 현재 fastai {facts.short_version}에서는 ")
            note += nodes.literal(finding.current, finding.current)
            note += nodes.Text("입니다)")
            return note
        note += nodes.Text(f" ({NOTE_LABEL}: fastai {facts.short_version}에는 ")
        note += nodes.literal(finding.name, finding.name)
        note += nodes.Text("라는 이름이 없습니다")
        if finding.current:
            note += nodes.Text(". 비슷한 이름: ")
            note += nodes.literal(finding.current, finding.current)
        note += nodes.Text(")")
        return note

    def _check_listings(self, facts: FastaiFacts) -> None:
        """Name the events that a list or paragraph of events leaves out."""
        for listing in list(self.document.findall(self._is_listing)):
            spans = [node for node in listing.findall(self._is_span) if id(node) in self.lines]
            names = [node.astext() for node in spans if is_event_name(node.astext())]
            omitted = facts.omitted(names)
            if not omitted:
                continue
            first = min(
                (self.lines[id(node)] for node in spans if is_event_name(node.astext())),
                key=lambda place: place[1] or 0,
            )
            logger.info(
                "이벤트 목록에 fastai %s의 이벤트 %s가 빠졌습니다. 페이지에 편집자 주를 달았습니다. %s",
                facts.version,
                ", ".join(f"`{event}`" for event in omitted),
                STALE_TAG,
                location=self._location(first),
            )
            note = nodes.paragraph(classes=[NOTE_CLASS])
            note += nodes.Text(f"{NOTE_LABEL}: 현재 fastai {facts.short_version}에는 이 목록에 없는 이벤트도 있습니다: ")
            for position, event in enumerate(omitted):
                if position:
                    note += nodes.Text(", ")
                note += nodes.literal(event, event)
            note += nodes.Text(".")
            listing.parent.insert(listing.parent.index(listing) + 1, note)

    def _check_title(self, title: nodes.title, facts: FastaiFacts) -> None:
        """Note stale names written as plain words in a heading, such as an exercise title.

        Only stale names count, because a heading's other words are prose. The
        note goes under the heading, so the table of contents keeps its text.
        """
        words = [
            word
            for text in title.findall(nodes.Text)
            if not isinstance(text.parent, nodes.literal)
            for word in _WORD_RE.findall(text.astext())
        ]
        stale = [(word, facts.current(word)) for word in dict.fromkeys(words)]
        stale = [(word, current) for word, current in stale if current is not None and current not in words]
        if not stale:
            return

        section = title.parent
        note = nodes.paragraph(classes=[NOTE_CLASS, TITLE_NOTE_CLASS])
        note += nodes.Text(f"{NOTE_LABEL}: 제목의 ")
        for position, (word, current) in enumerate(stale):
            if position:
                note += nodes.Text(", ")
            note += nodes.literal(word, word)
            note += nodes.Text(f"는 현재 fastai {facts.short_version}에서는 ")
            note += nodes.literal(current, current)
            logger.info(
                "제목의 `%s`의 현재 이름은 `%s`입니다(fastai %s). 제목 아래에 편집자 주를 달았습니다. %s",
                word,
                current,
                facts.version,
                STALE_TAG,
                location=(self.env.docname, _node_line(title)),
            )
        note += nodes.Text("입니다.")
        section.insert(section.index(title) + 1, note)

    @staticmethod
    def _is_listing(node: nodes.Node) -> bool:
        if isinstance(node, (nodes.bullet_list, nodes.enumerated_list)):
            return not any(isinstance(parent, nodes.list_item) for parent in _ancestors(node))
        if isinstance(node, nodes.paragraph):
            return not any(isinstance(parent, nodes.list_item) for parent in _ancestors(node))
        return False


def _ancestors(node: nodes.Node):
    parent = node.parent
    while parent is not None:
        yield parent
        parent = parent.parent


def setup_api_notes(app: Sphinx) -> None:
    app.add_transform(CheckApiNames)

