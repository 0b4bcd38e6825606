"""The ``coursebook-choice`` and ``coursebook-opt`` directives.

Without JavaScript every option is a ``<details>`` whose body tells whether it
is correct and shows its feedback, so a reader can check an answer by opening
the option they chose.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective

from coursebook.sphinx.nodes import details, summary, widget

if TYPE_CHECKING:
    from sphinx.application import Sphinx

VERDICT_CORRECT = "정답입니다!"
VERDICT_WRONG = "오답입니다. 다시 생각해 보세요."
LABEL_CHOICE = "선택형 문제"


class ChoiceDirective(SphinxDirective):
    """A multiple-choice question; its body contains the ``coursebook-opt`` directives."""

    has_content = True
    option_spec = {"id": directives.unchanged}

    def run(self) -> list[nodes.Node]:
        serial = self.env.new_serialno("coursebook-choice") + 1
        choice_id = self.options.get("id") or str(serial)
        choice = widget(
            classes=["cb-choice"],
            ids=[f"choice-{choice_id}"],
            data={"choice": choice_id},
            html_attributes={"role": "group", "aria-label": LABEL_CHOICE},
        )
        self.set_source_info(choice)
        self.state.nested_parse(self.content, self.content_offset, choice)

        options = widget(tag="ol", classes=["cb-options"])
        for child in list(choice.children):
            if isinstance(child, widget) and "cb-opt" in child["classes"]:
                choice.remove(child)
                options += child
        choice += options
        return [choice]


class OptDirective(SphinxDirective):
    """One option; the argument is its text and the body its feedback."""

    required_arguments = 1
    final_argument_whitespace = True
    has_content = True
    option_spec = {"correct": directives.flag}

    def run(self) -> list[nodes.Node]:
        correct = "correct" in self.options
        item = widget(tag="li", classes=["cb-opt"], data={"correct": "true" if correct else "false"})
        self.set_source_info(item)

        toggle = details(classes=["cb-opt-toggle"])
        text_nodes, messages = self.state.inline_text(self.arguments[0], self.lineno)
        toggle += summary(self.arguments[0], "", *text_nodes)

        feedback = widget(classes=["cb-feedback", "cb-correct" if correct else "cb-wrong"])
        verdict = VERDICT_CORRECT if correct else VERDICT_WRONG
        feedback += nodes.paragraph(verdict, verdict, classes=["cb-verdict"])
        if self.content:
            self.state.nested_parse(self.content, self.content_offset, feedback)
        toggle += feedback
        item += toggle
        return [item, *messages]


def setup_choice(app: Sphinx) -> None:
    app.add_directive("coursebook-choice", ChoiceDirective)
    app.add_directive("coursebook-opt", OptDirective)
