"""Show a visible note where an executed cell's output was cut.

The prelude cell caps each cell's stdout and stderr in the kernel and marks
the cut with record lines (:mod:`coursebook.output_limit`).
:class:`CapLongOutputs` removes those lines and puts a Korean note under the
cut output. It also cuts any single text output that is still longer than
:data:`~coursebook.output_limit.OUTPUT_LIMIT`, such as a cell whose last
expression is a string of ten million characters, since the kernel cap only
covers the two streams.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.transforms import SphinxTransform
from sphinx.util import logging

from coursebook.output_limit import OUTPUT_LIMIT, Truncation, split_records
from coursebook.sphinx.codeblock import cell_codeblock, is_code_cell

if TYPE_CHECKING:
    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)

NOTE_CLASS = "cb-output-truncated"

# myst-nb 1.4 classes of the text outputs: stdout, stderr and text/plain.
# NOTE: a long text/html output (a huge table, say) is not cut, because
# cutting HTML at a character count could leave broken markup.
_STREAM_CLASSES = ("stream", "stderr")
_TEXT_CLASSES = (*_STREAM_CLASSES, "text_plain")


def truncation_note_text(limit: int, dropped: int | None) -> str:
    """Return the note under an output cut after ``limit`` characters; ``dropped`` may be unknown."""
    text = f"출력이 너무 길어 처음 {limit:,}자만 보여 줍니다"
    if dropped is None:
        # The cell was stopped (by the time limit, say) before the kernel
        # could count what it dropped.
        return text + "."
    return text + f"(잘린 분량: {dropped:,}자)."


def _has_class(node: nodes.Node, names: tuple[str, ...]) -> bool:
    classes = node.get("classes", [])
    return "output" in classes and any(name in classes for name in names)


def _set_text(block: nodes.literal_block, text: str) -> None:
    block.clear()
    block += nodes.Text(text)
    # Sphinx highlights a literal block only while rawsource matches its text.
    block.rawsource = text


class CapLongOutputs(SphinxTransform):
    """Replace the kernel's truncation records with notes and cut overlong text outputs."""

    # Before FilterKernelWarnings (380), which would keep a record line that
    # it finds in stderr as plain output text.
    default_priority = 370

    def apply(self, **kwargs) -> None:
        for cell in list(self.document.findall(is_code_cell)):
            codeblock = cell_codeblock(cell) or "?"
            self._replace_records(cell, codeblock)
            for block in list(cell.findall(nodes.literal_block)):
                if _has_class(block, _TEXT_CLASSES) and len(block.astext()) > OUTPUT_LIMIT:
                    self._cut(block, codeblock)

    def _replace_records(self, cell: nodes.Element, codeblock: str) -> None:
        records: list[Truncation] = []
        # The note goes where the first record was: right after the kept text.
        anchor: tuple[nodes.Element, int] | None = None

        for block in list(cell.findall(nodes.literal_block)):
            if not _has_class(block, _STREAM_CLASSES):
                continue
            found, rest = split_records(block.astext())
            if not found:
                continue
            records.extend(found)
            parent = block.parent
            index = parent.index(block)
            if rest.strip():
                _set_text(block, rest)
                index += 1
            else:
                parent.remove(block)
            if anchor is None:
                anchor = (parent, index)

        if anchor is None:
            return

        counts = [record.dropped for record in records if record.dropped is not None]
        dropped = max(counts) if counts else None
        parent, index = anchor
        parent.insert(index, self._note(records[0].limit, dropped))
        self._log(codeblock, records[0].limit, dropped)

    def _cut(self, block: nodes.literal_block, codeblock: str) -> None:
        text = block.astext()
        dropped = len(text) - OUTPUT_LIMIT
        _set_text(block, text[:OUTPUT_LIMIT])
        parent = block.parent
        parent.insert(parent.index(block) + 1, self._note(OUTPUT_LIMIT, dropped))
        self._log(codeblock, OUTPUT_LIMIT, dropped)

    def _log(self, codeblock: str, limit: int, dropped: int | None) -> None:
        # Info, not a warning: a long output is shown cut, and the build must
        # still pass -W.
        logger.info(
            "코드 블록 %s의 출력이 %s자를 넘어 잘랐습니다(잘린 분량: %s).",
            codeblock,
            f"{limit:,}",
            "알 수 없음" if dropped is None else f"{dropped:,}자",
            location=(self.env.docname, None),
        )

    @staticmethod
    def _note(limit: int, dropped: int | None) -> nodes.paragraph:
        text = truncation_note_text(limit, dropped)
        return nodes.paragraph(text, text, classes=[NOTE_CLASS])


def setup_long_outputs(app: Sphinx) -> None:
    app.add_transform(CapLongOutputs)
