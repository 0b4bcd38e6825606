"""Embed the expected fills of each code block's ``___`` blanks in the page.

The page's script turns every blank into an input and checks the learner's
fills against ``data-blanks``, a JSON list of ``{"expected", "kind"}``.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from sphinx.transforms import SphinxTransform
from sphinx.util import logging

from coursebook.blanks import BlankAlignmentError, align_blanks, count_blanks
from coursebook.diagnostics import WARNING_TYPE
from coursebook.snippets import find_snippets
from coursebook.sphinx.codeblock import exercise_code
from coursebook.sphinx.config import get_config, resolve
from coursebook.sphinx.nodes import widget

if TYPE_CHECKING:
    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)


class EmbedBlanks(SphinxTransform):
    default_priority = 420

    def apply(self, **kwargs) -> None:
        snippets_dir = resolve(self.app, get_config(self.app).snippets_dir)
        for block in list(self.document.findall(widget)):
            if "cb-codeblock" not in block["classes"]:
                continue
            files = find_snippets(snippets_dir, block["data"]["codeblock"])
            if files.exercise is None or files.solution is None:
                continue
            exercise = files.exercise.read_text(encoding="utf-8")
            if "___" not in exercise:
                continue

            try:
                blanks = align_blanks(exercise, files.solution.read_text(encoding="utf-8"))
                visible_count = count_blanks(exercise_code(files.exercise))
            except BlankAlignmentError as exc:
                self._warn(block, f"{files.exercise.name}의 빈칸을 정답 스크립트와 맞추지 못했습니다: {exc}")
                continue
            if visible_count != len(blanks):
                self._warn(
                    block,
                    f"{files.exercise.name}의 빈칸 {visible_count}개 중 정답 스크립트와 맞춘 것은 {len(blanks)}개입니다. "
                    "문자열이나 주석 안의 ___는 빈칸으로 쓸 수 없습니다.",
                )
                continue
            block["data"]["blanks"] = json.dumps([blank.as_data() for blank in blanks], ensure_ascii=False)

    def _warn(self, block: widget, message: str) -> None:
        logger.warning(
            message + " 이 코드 블록은 페이지에서 채점하지 않습니다.",
            type=WARNING_TYPE,
            subtype="blank-unaligned",
            location=block,
        )


def setup_blanks(app: Sphinx) -> None:
    app.add_transform(EmbedBlanks)
