"""Property test: a mutated chapter 2 converts or yields located diagnostics, and never raises.

Mutations delete, duplicate and swap whole lines, course tags and tag
attributes, and insert characters that matter to the format. The example
count is ``COURSEBOOK_FUZZ_EXAMPLES`` (200 by default, about ten seconds).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import nbformat
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coursebook.notebook import chapter_notebook
from coursebook.parser import parse_chapter

REPO = Path(__file__).resolve().parent.parent
CHAPTER_PATH = REPO / "book" / "chapters" / "chapter2.md"
CHAPTER_TEXT = CHAPTER_PATH.read_text(encoding="utf-8")
EXAMPLES = int(os.environ.get("COURSEBOOK_FUZZ_EXAMPLES", "200"))

_TAG_RE = re.compile(r"</?(?:exercise|codeblock|choice|opt|slides)\b[^>\n]*>")
_ATTRIBUTE_RE = re.compile(r"""\s[A-Za-z_]+="[^"\n]*\"""")
INSERTIONS = ["<", ">", '"', "'", "`", "```", "---", "\n", "\t", "\r\n", "</", "/>", "=", "<opt", "<exercise ", "\ufeff"]


def _spans(pattern: re.Pattern, text: str) -> list[tuple[int, int]]:
    return [match.span() for match in pattern.finditer(text)]


def _pick(items: list, index: int):
    return items[index % len(items)] if items else None


def _delete_span(text: str, span) -> str:
    return text[: span[0]] + text[span[1] :]


def _duplicate_span(text: str, span) -> str:
    return text[: span[1]] + text[span[0] : span[1]] + text[span[1] :]


def _swap_spans(text: str, first, second) -> str:
    if first == second:
        return text
    first, second = sorted((first, second))
    if first[1] > second[0]:
        return text
    return text[: first[0]] + text[second[0] : second[1]] + text[first[1] : second[0]] + text[first[0] : first[1]] + text[second[1] :]


def mutate(text: str, operation: str, first: int, second: int) -> str:
    """Apply one mutation; ``first`` and ``second`` pick lines, tags, attributes or positions."""
    if operation.endswith("line"):
        lines = text.split("\n")
        i, j = first % len(lines), second % len(lines)
        if operation == "delete-line":
            del lines[i]
        elif operation == "duplicate-line":
            lines.insert(i, lines[i])
        else:
            lines[i], lines[j] = lines[j], lines[i]
        return "\n".join(lines)
    if operation == "insert":
        position = first % (len(text) + 1)
        return text[:position] + INSERTIONS[second % len(INSERTIONS)] + text[position:]

    pattern = _TAG_RE if operation.endswith("tag") else _ATTRIBUTE_RE
    spans = _spans(pattern, text)
    span = _pick(spans, first)
    if span is None:
        return text
    if operation.startswith("delete"):
        return _delete_span(text, span)
    if operation.startswith("duplicate"):
        return _duplicate_span(text, span)
    return _swap_spans(text, span, _pick(spans, second))


OPERATIONS = [
    f"{verb}-{unit}"
    for verb in ("delete", "duplicate", "swap")
    for unit in ("line", "tag", "attribute")
] + ["insert"]

mutations = st.lists(
    st.tuples(st.sampled_from(OPERATIONS), st.integers(0, 10**6), st.integers(0, 10**6)), min_size=1, max_size=6
)


@pytest.fixture(scope="module")
def sources(tmp_path_factory) -> tuple[Path, Path]:
    """Snippet scripts for every code block id and a deck for every slides source of chapter 2."""
    root = tmp_path_factory.mktemp("fuzz")
    snippets, slides = root / "snippets" / "chapter2", root / "slides"
    snippets.mkdir(parents=True)
    slides.mkdir()
    for codeblock_id in re.findall(r'<codeblock id="([^"]+)"', CHAPTER_TEXT):
        for kind in ("exc", "solution", "test"):
            (snippets / f"{kind}_{codeblock_id}.py").write_text("# %%\nvalue = 1\nprint(value)\n", encoding="utf-8")
    for source in re.findall(r'<slides source="([^"]+)"', CHAPTER_TEXT):
        (slides / f"{source}.md").write_text("# 슬라이드\n\n내용\n", encoding="utf-8")
    return root / "snippets", slides


def test_unmutated_chapter_has_no_diagnostics(sources):
    snippets_dir, slides_dir = sources
    chapter, diagnostics = parse_chapter(CHAPTER_TEXT, CHAPTER_PATH)
    _, more = chapter_notebook(chapter, snippets_dir=snippets_dir, slides_dir=slides_dir)
    assert diagnostics + more == []


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=mutations)
def test_mutated_chapter_never_raises(sources, steps):
    snippets_dir, slides_dir = sources
    text = CHAPTER_TEXT
    for operation, first, second in steps:
        text = mutate(text, operation, first, second)

    chapter, diagnostics = parse_chapter(text, CHAPTER_PATH)
    notebook, more = chapter_notebook(chapter, snippets_dir=snippets_dir, slides_dir=slides_dir)

    line_count = text.replace("\r\n", "\n").count("\n") + 1
    for diagnostic in diagnostics + more:
        assert diagnostic.path is not None, diagnostic
        assert isinstance(diagnostic.line, int), diagnostic
        assert 1 <= diagnostic.line <= line_count, diagnostic
        assert diagnostic.message.strip(), diagnostic
    nbformat.validate(notebook)
