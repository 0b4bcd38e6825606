"""The ``coursebook-exercise`` marker: stable anchors for exercise sections.

Docutils derives section ids from heading text and numbers Hangul headings
``id1``, ``id2``, which change when a heading is added above. The marker gives
its section the id ``exercise-<id>`` first, so links and the page's table of
contents use it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.transforms import SphinxTransform
from sphinx.util.docutils import SphinxDirective

if TYPE_CHECKING:
    from sphinx.application import Sphinx


class exercise_marker(nodes.General, nodes.Element):
    """Placed right after an exercise heading; removed by :class:`AnchorExercises`."""


class ExerciseDirective(SphinxDirective):
    required_arguments = 1
    option_spec = {"number": directives.unchanged, "type": directives.unchanged}

    def run(self) -> list[nodes.Node]:
        marker = exercise_marker(
            exercise=self.arguments[0],
            number=self.options.get("number", ""),
            type=self.options.get("type", ""),
        )
        self.set_source_info(marker)
        return [marker]


class AnchorExercises(SphinxTransform):
    default_priority = 410

    def apply(self, **kwargs) -> None:
        for marker in list(self.document.findall(exercise_marker)):
            section = marker.parent
            marker.parent.remove(marker)
            if not isinstance(section, nodes.section):
                continue

            anchor = f"exercise-{marker['exercise']}"
            if anchor not in self.document.ids:
                section["ids"].insert(0, anchor)
                self.document.ids[anchor] = section
            section["classes"].append("cb-exercise")
            if marker["type"]:
                section["classes"].append(f"cb-exercise-{marker['type']}")
            section["coursebook_exercise"] = marker["exercise"]


def setup_exercise(app: Sphinx) -> None:
    app.add_node(exercise_marker)
    app.add_directive("coursebook-exercise", ExerciseDirective)
    app.add_transform(AnchorExercises)
