"""The ``coursebook-codeblock`` directive: exercise code, hint and solution.

The converter follows each code block directive with the code cells of its
solution. :class:`CollectSolutionCells` moves those executed cells, with
their outputs, into the code block's "정답 보기" toggle.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.transforms import SphinxTransform
from sphinx.util.docutils import SphinxDirective

from coursebook.snippets import KINDS, exercise_code, find_snippets, snippet_path
from coursebook.sphinx.config import get_config, resolve
from coursebook.sphinx.nodes import details, widget

if TYPE_CHECKING:
    from sphinx.application import Sphinx

LABEL_EXERCISE = "실습 코드"
LABEL_HINT = "힌트 보기"
LABEL_SOLUTION = "정답 보기"
NOTICE_NO_SOLUTION = "이 코드 블록에는 아직 정답 스크립트가 없습니다."


class CodeBlockDirective(SphinxDirective):
    """Render one ``<codeblock id>``; the directive body is the hint."""

    required_arguments = 1
    has_content = True

    def run(self) -> list[nodes.Node]:
        codeblock_id = self.arguments[0]
        snippets_dir = resolve(self.env.app, get_config(self.env.app).snippets_dir)
        files = find_snippets(snippets_dir, codeblock_id)
        # Sphinx re-reads a page whose dependency does not exist, so noting the
        # expected path of a missing script rebuilds the page once it is added.
        for kind in KINDS:
            self.env.note_dependency(str(snippet_path(snippets_dir, kind, codeblock_id)))

        block = widget(classes=["cb-codeblock"], ids=[f"codeblock-{codeblock_id}"], data={"codeblock": codeblock_id})
        self.set_source_info(block)

        label = nodes.paragraph("", "", classes=["cb-codeblock-label"])
        label += nodes.Text(f"{LABEL_EXERCISE} ")
        label += nodes.literal(codeblock_id, codeblock_id)
        block += label

        if files.exercise is not None:
            code = exercise_code(files.exercise)
            literal = nodes.literal_block(code, code, language="python", classes=["cb-exercise-code"])
            literal["source"] = str(files.exercise)
            block += literal

        if self.content:
            hint = details(summary=LABEL_HINT, classes=["cb-hint"])
            self.state.nested_parse(self.content, self.content_offset, hint)
            block += hint

        solution = details(summary=LABEL_SOLUTION, classes=["cb-solution"])
        if files.solution is None:
            solution += nodes.paragraph(NOTICE_NO_SOLUTION, NOTICE_NO_SOLUTION, classes=["cb-notice"])
        block += solution
        return [block]


def is_code_cell(node: nodes.Node) -> bool:
    return isinstance(node, nodes.container) and node.get("nb_element") == "cell_code"


def cell_codeblock(node: nodes.Node) -> str | None:
    metadata = node.get("cell_metadata") or {}
    return (metadata.get("coursebook") or {}).get("codeblock")


class CollectSolutionCells(SphinxTransform):
    """Move each code block's solution cells into its solution toggle."""

    default_priority = 400

    def apply(self, **kwargs) -> None:
        for block in list(self.document.findall(widget)):
            if "cb-codeblock" not in block["classes"]:
                continue
            codeblock_id = block["data"]["codeblock"]
            solution = next(child for child in block.children if isinstance(child, details) and "cb-solution" in child["classes"])

            sibling = block.next_node(descend=False, siblings=True)
            while sibling is not None and is_code_cell(sibling) and cell_codeblock(sibling) == codeblock_id:
                following = sibling.next_node(descend=False, siblings=True)
                sibling.parent.remove(sibling)
                solution += sibling
                sibling = following


def setup_codeblock(app: Sphinx) -> None:
    app.add_directive("coursebook-codeblock", CodeBlockDirective)
    app.add_transform(CollectSolutionCells)
