"""Find malformed and dead links in a chapter's markdown.

Links are read with markdown-it, so links in code stay unchecked. Reported
with the ``link-invalid`` code at the link's line:

- a target wrapped in a second pair of parentheses, ``[x]((https://…))``;
- an empty target, ``[x]()``;
- a link to a file next to the chapter that does not exist;
- an anchor (``#데이터-준비``) that the chapter, or the linked chapter, does
  not contain. A chapter's anchors are its heading slugs, its exercises'
  title slugs and the ``exercise-N`` and ``codeblock-ID`` ids the build
  gives them.

NOTE: a link written as raw HTML (``<a href>``) is not checked, and neither
is a malformed link that markdown-it does not read as a link at all, such as
``[x]((https://…)`` with unbalanced parentheses.
"""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

from markdown_it import MarkdownIt

from coursebook.chapter import Chapter, Choice, CodeBlock, Exercise, Markdown
from coursebook.diagnostics import Diagnostic
from coursebook.slugs import exercise_slug, heading_slug

_SCHEME_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:|^//")
_MARKDOWN = MarkdownIt("commonmark")


def markdown_texts(chapter: Chapter) -> Iterator[tuple[str, int]]:
    """Yield every markdown text of ``chapter`` with its first line in the file."""
    for part in chapter.parts:
        if isinstance(part, Markdown):
            yield part.text, part.line
            continue
        for child in part.parts:
            if isinstance(child, Markdown):
                yield child.text, child.line
            elif isinstance(child, CodeBlock) and child.hint:
                yield child.hint, child.hint_line
            elif isinstance(child, Choice):
                if child.body:
                    yield child.body, child.body_line
                for option in child.options:
                    if option.feedback:
                        yield option.feedback, option.feedback_line


def _unique(slugs: list[str]) -> set[str]:
    """Suffix repeated slugs ``-1``, ``-2``… in order, as the build does."""
    seen: set[str] = set()
    for slug in slugs:
        candidate, number = slug, 1
        while candidate in seen:
            candidate = f"{slug}-{number}"
            number += 1
        seen.add(candidate)
    return seen


def chapter_anchors(chapter: Chapter) -> set[str]:
    """Return the anchors that the built page of ``chapter`` contains."""
    slugs = [heading_slug(chapter.title)] if chapter.title else []
    for part in chapter.parts:
        if isinstance(part, Exercise):
            slugs.append(exercise_slug(part.title))
            for child in part.parts:
                if isinstance(child, Markdown):
                    slugs += [heading_slug(text) for text in _headings(child.text)]
        else:
            slugs += [heading_slug(text) for text in _headings(part.text)]

    anchors = _unique([slug for slug in slugs if slug])
    anchors |= {f"exercise-{exercise.id}" for exercise in chapter.exercises()}
    anchors |= {f"codeblock-{block.id}" for block in chapter.codeblocks()}
    return anchors


def _headings(text: str) -> list[str]:
    """Return the plain text of each heading in markdown ``text``."""
    tokens = _MARKDOWN.parse(text)
    headings = []
    for index, token in enumerate(tokens[:-1]):
        if token.type == "heading_open":
            inline = tokens[index + 1]
            headings.append("".join(child.content for child in inline.children or [] if child.type in ("text", "code_inline")))
    return headings


def find_links(text: str, first_line: int) -> Iterator[tuple[str, int]]:
    """Yield each link target in markdown ``text`` with its line; ``text`` starts at ``first_line``."""
    for token in _MARKDOWN.parse(text):
        if token.type != "inline" or token.map is None:
            continue
        cursor = 0
        for child in token.children or []:
            if child.type != "link_open":
                continue
            position = token.content.find("](", cursor)
            cursor = position + 2 if position >= 0 else cursor
            line = first_line + token.map[0] + token.content.count("\n", 0, max(position, 0))
            yield urllib.parse.unquote(str(child.attrGet("href") or "")), line


def check_links(chapter: Chapter, chapters: dict[Path, Chapter] | None = None) -> list[Diagnostic]:
    """Return a ``link-invalid`` diagnostic for each malformed or dead link in ``chapter``.

    ``chapters`` maps resolved paths to parsed chapters for checking anchors
    in links to other chapters; a linked file missing from it is parsed.
    """
    diagnostics = []
    own_anchors = chapter_anchors(chapter)
    for text, first_line in markdown_texts(chapter):
        for target, line in find_links(text, first_line):
            message = _link_problem(target, chapter, own_anchors, chapters or {})
            if message:
                diagnostics.append(Diagnostic("link-invalid", message, chapter.path, line))
    return diagnostics


def _link_problem(target: str, chapter: Chapter, own_anchors: set[str], chapters: dict[Path, Chapter]) -> str | None:
    stripped = target.strip()
    if not stripped:
        return "링크 대상이 비어 있습니다. [글자](주소)의 괄호 안에 주소나 #앵커를 넣으세요."
    if stripped.startswith("(") and stripped.endswith(")"):
        return f"링크 대상이 괄호로 한 번 더 감싸여 있습니다: '{stripped}'. [글자](주소)처럼 괄호를 한 쌍만 쓰세요."
    if _SCHEME_RE.match(stripped):
        return None

    path_part, _, anchor = stripped.partition("#")
    if not path_part:
        if anchor not in own_anchors:
            return f"링크한 앵커가 이 장에 없습니다: '#{anchor}'. 있는 앵커: {_sample(own_anchors)}"
        return None

    base = chapter.path.parent
    candidates = [base / path_part, base / f"{path_part}.md"]
    linked = next((candidate for candidate in candidates if candidate.is_file()), None)
    if linked is None:
        return f"링크한 파일이 없습니다: '{path_part}'. 장 파일 이름(예: chapter3.md)과 경로를 확인하세요."
    if anchor and linked.suffix == ".md":
        other = chapters.get(linked.resolve()) or _parse(linked)
        if other is not None and anchor not in chapter_anchors(other):
            return f"링크한 앵커가 {path_part}에 없습니다: '#{anchor}'. 있는 앵커: {_sample(chapter_anchors(other))}"
    return None


def _sample(anchors: set[str], limit: int = 5) -> str:
    names = sorted(anchors)
    if not names:
        return "(없음)"

    listed = ", ".join(f"#{name}" for name in names[:limit])
    if len(names) > limit:
        listed += " …"
    return listed


def _parse(path: Path) -> Chapter | None:
    from coursebook.parser import parse_chapter

    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    chapter, _ = parse_chapter(text, path, check_links=False)
    return chapter
