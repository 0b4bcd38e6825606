"""Expected fills of the ``___`` blanks in an exercise script.

The fills are not written down anywhere: aligning the token streams of the
exercise and its solution with :mod:`difflib` recovers, for each blank, the
solution text that replaces it. The browser then checks the learner's fills
against these texts without a server.
"""

from __future__ import annotations

import dataclasses as dc
import difflib
import io
import textwrap
import tokenize
from typing import Literal

from coursebook.snippets import SnippetFiles, exercise_code
from coursebook.sources import read_source

BLANK = "___"

# Tokens that carry no code of their own. Dropping them keeps a reflowed
# line or an extra comment from breaking the alignment.
_SKIPPED = {tokenize.COMMENT, tokenize.NL, tokenize.ENCODING, tokenize.ENDMARKER}
# A fill containing one of these spans several lines, so it is not checked as one line.
_LINE_STRUCTURE = {tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT}


class BlankAlignmentError(ValueError):
    """The exercise's blanks do not line up with its solution."""


@dc.dataclass(frozen=True)
class Blank:
    """One blank: ``expected`` is the solution's text in its place.

    ``kind`` is ``"exact"`` when the fill fits on one line and can be checked.
    It is ``"free"`` when the fill spans lines (a function body, say) or the
    solution changed more than the blank. The page then shows the fill beside
    the learner's code instead of a verdict.
    """

    expected: str
    kind: Literal["exact", "free"]

    def as_data(self) -> dict[str, str]:
        return {"expected": self.expected, "kind": self.kind}


def _tokens(source: str) -> list[tokenize.TokenInfo]:
    readline = io.StringIO(source).readline
    try:
        return [token for token in tokenize.generate_tokens(readline) if token.type not in _SKIPPED]
    except (tokenize.TokenError, SyntaxError) as exc:
        raise BlankAlignmentError(f"could not tokenize the script: {exc}") from exc


def _source_span(lines: list[str], first: tokenize.TokenInfo, last: tokenize.TokenInfo) -> str:
    """Return the source text from the start of ``first`` to the end of ``last``.

    A span over several lines is dedented as a whole, so a function body
    reads as it would on its own.
    """
    (start_row, start_col), (end_row, end_col) = first.start, last.end
    if start_row == end_row:
        return lines[start_row - 1][start_col:end_col]
    parts = [" " * start_col, lines[start_row - 1][start_col:]]
    parts.extend(lines[start_row:end_row - 1])
    parts.append(lines[end_row - 1][:end_col])
    return textwrap.dedent("".join(parts)).rstrip("\n")


def align_blanks(exercise: str, solution: str) -> list[Blank]:
    """Return the expected fill of every ``___`` in ``exercise``, in source order.

    Raises :class:`BlankAlignmentError` when a script does not tokenize or a
    blank has no counterpart in the solution.
    """
    exercise_tokens = _tokens(exercise)
    solution_tokens = _tokens(solution)
    solution_lines = solution.splitlines(keepends=True)

    def key(token: tokenize.TokenInfo) -> tuple[int, str]:
        return token.type, token.string

    matcher = difflib.SequenceMatcher(
        a=[key(t) for t in exercise_tokens], b=[key(t) for t in solution_tokens], autojunk=False
    )
    blanks: list[Blank] = []
    for tag, a_start, a_end, b_start, b_end in matcher.get_opcodes():
        replaced = exercise_tokens[a_start:a_end]
        count = sum(1 for token in replaced if token.string == BLANK)
        if count == 0:
            continue
        if tag == "equal":
            raise BlankAlignmentError(f"the solution still contains {BLANK} at line {replaced[0].start[0]}")
        filled = solution_tokens[b_start:b_end]
        if not filled:
            raise BlankAlignmentError(f"the solution has nothing in place of the blank at line {replaced[0].start[0]}")

        expected = _source_span(solution_lines, filled[0], filled[-1])
        spans_lines = any(token.type in _LINE_STRUCTURE for token in filled)
        # One blank replaced by code alone can be checked. A blank with other
        # changed tokens around it, or several blanks in one change, cannot be
        # split reliably, so each of them shows the whole changed text.
        exact = count == 1 and len(replaced) == 1 and not spans_lines
        blanks.extend(Blank(expected, "exact" if exact else "free") for _ in range(count))
    return blanks


def count_blanks(code: str) -> int:
    """Count the ``___`` name tokens in ``code``, as the page will show them."""
    return sum(1 for token in _tokens(code) if token.type == tokenize.NAME and token.string == BLANK)


def fillable_blanks(files: SnippetFiles) -> tuple[list[Blank], str | None]:
    """Align the blanks of a code block's exercise with its solution.

    Return the blanks and no problem, or no blanks and a Korean message that
    explains why the page cannot check them. A code block without an exercise or
    a solution, or an exercise without ``___``, has no blanks and no problem.
    """
    if files.exercise is None or files.solution is None:
        return [], None
    exercise = read_source(files.exercise)[0]
    if BLANK not in exercise:
        return [], None

    unchecked = " 이 코드 블록은 페이지에서 채점하지 않습니다."
    try:
        blanks = align_blanks(exercise, read_source(files.solution)[0])
        visible_count = count_blanks(exercise_code(files.exercise))
    except BlankAlignmentError as exc:
        return [], f"{files.exercise.name}의 빈칸을 정답 스크립트와 맞추지 못했습니다: {exc}{unchecked}"
    if visible_count != len(blanks):
        return [], (
            f"{files.exercise.name}의 빈칸 {visible_count}개 중 정답 스크립트와 맞춘 것은 {len(blanks)}개입니다. "
            f"문자열이나 주석 안의 ___는 빈칸으로 쓸 수 없습니다.{unchecked}"
        )
    return blanks, None
