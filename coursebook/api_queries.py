"""Collect, from a chapter's source, the lookups the fastai name check will make in it.

The check runs on the parsed page, but the lookups are resolved in a process
that has fastai imported: a kernel that has just executed the chapter's
code. So they are collected before reading, from the source text. The
collection takes too much rather than too little: an unused result costs
nothing, while a lookup missed here makes the build process import fastai
when it reads the page.
"""

from __future__ import annotations

import dataclasses as dc
import re

# One line only: a fence (```python) must not pair with the next fence.
_CODE_SPAN_RE = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)")
# Markdown lets an author escape the underscores of a bold name (**begin\_fit**).
_STRONG_RE = re.compile(r"\*\*((?:[A-Za-z_]|\\_)(?:\w|\\_)*)\*\*|__([A-Za-z_]\w*)__")
_WORD_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_ROLE_RE = re.compile(r"\{fastai-default\}`([^`\n]+)`")


@dc.dataclass
class ApiQueries:
    """Lookups in fastai: code span texts, single names and parameter defaults."""

    spans: set[str] = dc.field(default_factory=set)
    names: set[str] = dc.field(default_factory=set)
    defaults: set[str] = dc.field(default_factory=set)

    def update(self, other: ApiQueries) -> None:
        self.spans |= other.spans
        self.names |= other.names
        self.defaults |= other.defaults

    def __bool__(self) -> bool:
        return bool(self.spans or self.names or self.defaults)

    def to_json(self) -> dict[str, list[str]]:
        return {"spans": sorted(self.spans), "names": sorted(self.names), "defaults": sorted(self.defaults)}

    @classmethod
    def from_json(cls, data: dict[str, list[str]]) -> ApiQueries:
        return cls(set(data.get("spans", ())), set(data.get("names", ())), set(data.get("defaults", ())))


def code_span_text(content: str) -> str:
    """Return the text of a code span as CommonMark gives it: one space stripped from each side."""
    if len(content) > 1 and content.startswith(" ") and content.endswith(" ") and content.strip():
        return content[1:-1]
    return content


def queries_in(text: str) -> ApiQueries:
    """Return the lookups the name check may make in a page written as ``text``."""
    queries = ApiQueries()
    for line in text.splitlines():
        for match in _CODE_SPAN_RE.finditer(line):
            queries.spans.add(code_span_text(match[2]))
        for match in _STRONG_RE.finditer(line):
            queries.spans.add((match[1] or match[2]).replace("\\_", "_"))
        queries.defaults.update(match[1] for match in _ROLE_RE.finditer(line))
    # Headings are checked word by word, and event listings span by span.
    queries.names.update(_WORD_RE.findall(text))
    queries.names.update(span for span in queries.spans if span.isidentifier())
    return queries
