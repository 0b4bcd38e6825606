"""Readable anchors: the slug of a heading, shared by the converter and the build."""

from __future__ import annotations

import re

from myst_parser.slugs import github_slugify

# The converter titles exercise N "N. title"; the number changes when an
# exercise is added above, so an exercise's slug leaves it out.
EXERCISE_NUMBER_RE = re.compile(r"^\d+\.\s+")


def heading_slug(text: str) -> str:
    """Return the GitHub-style slug of a heading's text, keeping Hangul (``데이터 준비`` -> ``데이터-준비``)."""
    return github_slugify(" ".join(text.split())).strip("-")


def exercise_slug(title: str) -> str:
    """Return the slug of an exercise heading without its ``N.`` number."""
    return heading_slug(EXERCISE_NUMBER_RE.sub("", " ".join(title.split())))
