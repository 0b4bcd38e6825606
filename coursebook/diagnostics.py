"""Authoring diagnostics: a stable code, a Korean message and a location.

Every problem the converter finds in a chapter is a :class:`Diagnostic`. The
Sphinx extension logs them with ``type="coursebook"`` and the code's subtype,
so ``-W`` turns them into failures and ``suppress_warnings`` can target one
code (``coursebook.codeblock-missing-snippet``).
"""

from __future__ import annotations

import dataclasses as dc
from pathlib import Path

WARNING_TYPE = "coursebook"

# Each code is documented here once; the message is written where the problem
# is found, because it names the values involved.
CODES: dict[str, str] = {
    "front-matter-missing": "chapter has no YAML front matter",
    "front-matter-invalid": "front matter is not valid YAML or not a mapping",
    "front-matter-title": "front matter has no title",
    "tag-unclosed": "an opening tag has no closing tag",
    "tag-mismatched": "a closing tag does not match the open tag",
    "tag-unknown": "a tag that the course format does not define",
    "tag-malformed": "a course tag that cannot be read, such as an unclosed quote or a tag split over lines",
    "tag-nesting": "a tag in a place the course format does not allow",
    "attribute-missing": "a required attribute is missing",
    "attribute-unknown": "an attribute that the tag does not define",
    "attribute-invalid": "an attribute value is not allowed",
    "duplicate-id": "two exercises or code blocks share an id",
    "codeblock-missing-snippet": "a code block's snippet script is missing",
    "snippet-unused": "a snippet script that no code block of the book uses",
    "snippet-syntax": "a snippet script that Python cannot compile",
    "choice-no-correct": "a choice has no correct option",
    "choice-several-correct": "a choice has more than one correct option",
    "slides-missing": "the slide deck named by a slides tag does not exist",
    "default-unresolved": "a fastai-default role names no existing parameter",
    "link-invalid": "a malformed link",
    "encoding": "a file is not valid UTF-8 or has a byte-order mark",
    "chapter-empty": "a chapter file that is empty or contains only whitespace",
    "snippet-error": "a snippet raised an exception or timed out while the book executed it",
    "api-stale": "a fastai name in the text was renamed or deprecated; logged at info level with a note on the page",
    "api-unknown": "a fastai name in the text does not exist in the installed fastai",
    "blank-unaligned": "the blanks of an exercise script do not line up with its solution",
}


@dc.dataclass(frozen=True)
class Diagnostic:
    """One authoring problem at a file and line."""

    code: str
    message: str
    path: Path | None = None
    line: int | None = None

    def __post_init__(self) -> None:
        if self.code not in CODES:
            raise ValueError(f"unknown diagnostic code {self.code!r}; known: {', '.join(CODES)}")

    @property
    def qualified_code(self) -> str:
        return f"{WARNING_TYPE}.{self.code}"

    def location(self) -> str:
        if self.path is None:
            return "<chapter>"
        return f"{self.path}:{self.line}" if self.line else str(self.path)

    def format(self) -> str:
        return f"{self.location()}: {self.message} [{self.qualified_code}]"


class AuthoringError(Exception):
    """Raised when a chapter cannot be converted; carries its diagnostics."""

    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = diagnostics
        super().__init__("\n".join(d.format() for d in diagnostics))
