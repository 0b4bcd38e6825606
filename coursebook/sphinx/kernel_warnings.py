"""Keep library warnings that say nothing to a learner off the page.

:class:`FilterKernelWarnings` reads the warning records that the prelude cell
writes to stderr, sorted by :func:`coursebook.warning_policy.classify`. Hidden
warnings and fastai rename notices leave the page and are listed once per
page in the build log; a rename notice becomes an editor's note with the
current name. Every other warning stays on the page, styled as a warning.
"""

from __future__ import annotations

import importlib.metadata
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.transforms import SphinxTransform
from sphinx.util import logging

from coursebook.sphinx.codeblock import cell_codeblock, is_code_cell
from coursebook.warning_policy import KernelWarning, classify, split_stderr

if TYPE_CHECKING:
    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)

WARNING_TITLE = "경고"
NOTE_CLASS = "cb-kernel-note"


def _fastai_short_version() -> str:
    try:
        return ".".join(importlib.metadata.version("fastai").split(".")[:2])
    except importlib.metadata.PackageNotFoundError:
        return "?"


class FilterKernelWarnings(SphinxTransform):
    """Replace warning records in stderr outputs with what the learner should see."""

    # Before ReportCellErrors and CollectSolutionCells move or replace outputs.
    default_priority = 380

    def apply(self, **kwargs) -> None:
        # Each warning kept off this page, with the code blocks that raised it.
        kept_off: dict[str, list[str]] = {}
        for cell in list(self.document.findall(is_code_cell)):
            codeblock = cell_codeblock(cell) or "?"
            for output in list(cell.findall(nodes.literal_block)):
                if "stderr" not in output.get("classes", []):
                    continue
                records, rest = split_stderr(output.astext())
                if not records:
                    continue
                replacement = self._replacement(records, rest, output, codeblock, kept_off)
                # Not replace_self: it would copy the stderr classes onto a
                # warning box, and it rejects an empty replacement.
                parent = output.parent
                index = parent.index(output)
                parent.remove(output)
                for offset, node in enumerate(replacement):
                    parent.insert(index + offset, node)
                # A cell whose only output was a hidden warning would keep an
                # empty, invisible output box.
                if not parent.children and parent.get("nb_element") == "cell_code_output":
                    parent.parent.remove(parent)

        for description, codeblocks in kept_off.items():
            logger.info(
                "페이지에 싣지 않은 경고(코드 블록 %s): %s",
                ", ".join(dict.fromkeys(codeblocks)),
                description,
                location=(self.env.docname, None),
            )

    def _replacement(
        self,
        records: list[KernelWarning],
        rest: str,
        output: nodes.literal_block,
        codeblock: str,
        kept_off: dict[str, list[str]],
    ) -> list[nodes.Node]:
        result: list[nodes.Node] = []
        if rest.strip():
            result.append(nodes.literal_block(rest, rest, classes=list(output["classes"])))
        for record in records:
            action = classify(record)
            if action == "show":
                result.append(self._warning_box(record))
                continue
            kept_off.setdefault(record.describe(), []).append(codeblock)
            rename = record.rename()
            if action == "note" and rename is not None:
                result.append(self._rename_note(*rename))
        return result

    @staticmethod
    def _warning_box(record: KernelWarning) -> nodes.Node:
        box = nodes.admonition(classes=["warning", "cb-kernel-warning"])
        box += nodes.title(WARNING_TITLE, WARNING_TITLE)
        text = f"{record.category}: {record.message}"
        box += nodes.literal_block(text, text, classes=["cb-kernel-warning-text"])
        return box

    @staticmethod
    def _rename_note(old: str, new: str) -> nodes.Node:
        note = nodes.paragraph(classes=[NOTE_CLASS])
        note += nodes.Text("편집자 주: 이 코드의 ")
        note += nodes.literal(old, old)
        note += nodes.Text(f"는 예전 이름입니다. 현재 fastai {_fastai_short_version()}에서는 ")
        note += nodes.literal(new, new)
        note += nodes.Text("입니다.")
        return note


def setup_kernel_warnings(app: Sphinx) -> None:
    app.add_transform(FilterKernelWarnings)
