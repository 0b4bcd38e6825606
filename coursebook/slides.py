"""Split a slide deck file into slides.

A deck is markdown with slides separated by a line holding only ``---``
(outside fenced code). A slide's first heading is its title, and a line
``Notes:`` outside fenced code starts the speaker notes that fill the rest of
the slide.
"""

from __future__ import annotations

import dataclasses as dc
import re

_FENCE_RE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_HEADING_RE = re.compile(r"^#{1,6}\s+(.*?)\s*#*\s*$")
_NOTES_RE = re.compile(r"^Notes:\s*(.*)$")


@dc.dataclass
class Slide:
    """One slide; ``body_line`` and ``notes_line`` are the 1-based deck lines where that text starts."""

    title: str
    body: str
    body_line: int
    notes: str
    notes_line: int


def split_deck(text: str) -> list[Slide]:
    """Split deck ``text`` into slides, skipping empty ones."""
    chunks: list[tuple[int, list[str]]] = [(1, [])]
    # Index of each chunk's first "Notes:" line outside fenced code.
    notes_at: dict[int, int] = {}
    fence: str | None = None
    for number, line in enumerate(text.replace("\r\n", "\n").split("\n"), start=1):
        match = _FENCE_RE.match(line)
        if fence is None and match:
            fence = match.group(1)
        elif fence is not None and match and match.group(1).startswith(fence) and not line.strip().strip(fence[0]):
            fence = None
        elif fence is None and line.strip() == "---":
            chunks.append((number + 1, []))
            continue
        elif fence is None and _NOTES_RE.match(line):
            notes_at.setdefault(len(chunks) - 1, len(chunks[-1][1]))
        chunks[-1][1].append(line)

    slides = (_slide(first, lines, notes_at.get(index)) for index, (first, lines) in enumerate(chunks))
    return [slide for slide in slides if slide is not None]


def _slide(first: int, lines: list[str], notes_at: int | None) -> Slide | None:
    if not "".join(lines).strip():
        return None

    title = ""
    body_start = 0
    for index, line in enumerate(lines):
        if not line.strip():
            continue
        heading = _HEADING_RE.match(line)
        if heading:
            title = heading.group(1)
            body_start = index + 1
        break

    body_lines = lines[body_start:notes_at] if notes_at is not None else lines[body_start:]
    notes = ""
    notes_line = 0
    if notes_at is not None:
        note_lines = [_NOTES_RE.match(lines[notes_at]).group(1), *lines[notes_at + 1 :]]
        notes = "\n".join(note_lines).strip()
        # strip() drops the blank lines before the first line of the notes.
        notes_line = first + notes_at + next((i for i, line in enumerate(note_lines) if line.strip()), 0)

    body = "\n".join(body_lines).strip("\n")
    # strip("\n") drops the empty lines before the first line of the body.
    body_line = first + body_start + next((i for i, line in enumerate(body_lines) if line), 0)
    return Slide(title, body, body_line, notes, notes_line)
