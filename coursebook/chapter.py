"""The parsed form of a course chapter, with the source line of every part."""

from __future__ import annotations

import dataclasses as dc
from pathlib import Path
from typing import Union


@dc.dataclass
class Markdown:
    """Verbatim chapter markdown starting at ``line``."""

    text: str
    line: int


@dc.dataclass
class CodeBlock:
    """A ``<codeblock id>``; its body is the hint."""

    id: str
    hint: str
    line: int
    hint_line: int


@dc.dataclass
class Option:
    """An ``<opt text>`` of a choice; its body is the feedback."""

    text: str
    correct: bool
    feedback: str
    line: int
    feedback_line: int


@dc.dataclass
class Choice:
    """A ``<choice>`` with its options."""

    id: str | None
    options: list[Option]
    line: int
    body: str = ""
    body_line: int = 0


@dc.dataclass
class Slides:
    """A ``<slides source>`` deck reference, optionally a slide range."""

    source: str
    line: int
    start: int | None = None
    end: int | None = None


Part = Union[Markdown, CodeBlock, Choice, Slides]


@dc.dataclass
class Exercise:
    """An ``<exercise id title>`` section and what it contains."""

    id: str
    title: str
    line: int
    type: str | None = None
    parts: list[Part] = dc.field(default_factory=list)

    def codeblocks(self) -> list[CodeBlock]:
        return [part for part in self.parts if isinstance(part, CodeBlock)]


@dc.dataclass
class Chapter:
    """A whole chapter file."""

    path: Path
    front_matter: dict
    title: str
    title_line: int
    description: str | None
    parts: list[Exercise | Markdown]

    def exercises(self) -> list[Exercise]:
        return [part for part in self.parts if isinstance(part, Exercise)]

    def codeblocks(self) -> list[CodeBlock]:
        return [block for exercise in self.exercises() for block in exercise.codeblocks()]
