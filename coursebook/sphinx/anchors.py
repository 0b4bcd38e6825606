"""Readable section anchors that keep their Hangul.

Docutils builds section ids from ASCII letters only, so every all-Hangul
heading gets ``id1``, ``id2``… and those numbers shift when a heading is added
above. :class:`ReadableSectionIds` gives each section a GitHub-style slug of
its title (``데이터 준비`` becomes ``데이터-준비``) and makes it the section's
first id, so the page's table of contents and permalinks use it. Exercise
sections keep ``exercise-<id>`` first and get the slug of their title
without its number second. The docutils ids and MyST's own slugs stay as
extra ids, so old links still land.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.transforms import SphinxTransform

from coursebook.slugs import exercise_slug, heading_slug

if TYPE_CHECKING:
    from sphinx.application import Sphinx

EXERCISE_ID_PREFIX = "exercise-"


def section_slug(section: nodes.section) -> str:
    """Return the GitHub-style slug of ``section``'s title, or ``""`` when it has none."""
    title = next(iter(section.findall(nodes.title)), None)
    if title is None:
        return ""
    if "coursebook_exercise" in section:
        return exercise_slug(title.astext())
    return heading_slug(title.astext())


class ReadableSectionIds(SphinxTransform):
    """Put a title slug, unique within the page, first among each section's ids."""

    # After MyST's AddSlugIds (700), which adds its own slugs as extra ids
    # once docutils and Sphinx have assigned theirs.
    default_priority = 710

    def apply(self, **kwargs) -> None:
        for section in self.document.findall(nodes.section):
            slug = section_slug(section)
            if not slug:
                continue
            slug = self._claim(slug, section)

            ids = [identifier for identifier in section["ids"] if identifier != slug]
            leading = [identifier for identifier in ids[:1] if identifier.startswith(EXERCISE_ID_PREFIX)]
            section["ids"] = leading + [slug] + ids[len(leading) :]

    def _claim(self, slug: str, section: nodes.section) -> str:
        """Return ``slug``, or ``slug-1``, ``slug-2``…, the first that is free or already ``section``'s."""
        candidate, number = slug, 1
        while self.document.ids.get(candidate, section) is not section:
            candidate = f"{slug}-{number}"
            number += 1
        self.document.ids[candidate] = section
        return candidate


def setup_anchors(app: Sphinx) -> None:
    app.add_transform(ReadableSectionIds)
