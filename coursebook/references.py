"""Check the files a chapter refers to: snippet scripts, their blanks and slide decks.

The converter and ``coursebook check`` both call :func:`check_references`, so
the build and the check report the same problems at the same lines.
"""

from __future__ import annotations

from pathlib import Path

from coursebook.blanks import fillable_blanks
from coursebook.chapter import Chapter, CodeBlock, Slides
from coursebook.diagnostics import Diagnostic
from coursebook.snippet_checks import check_deck, check_snippet
from coursebook.snippets import find_snippets

KINDS_KO = {"exc": "연습 코드", "solution": "정답", "test": "테스트"}


def check_references(chapter: Chapter, *, snippets_dir: Path, slides_dir: Path) -> list[Diagnostic]:
    """Report missing snippet scripts and decks of ``chapter``, then problems inside the existing ones."""
    diagnostics: list[Diagnostic] = []
    checked: set[Path] = set()
    for exercise in chapter.exercises():
        for part in exercise.parts:
            if isinstance(part, CodeBlock) and part.id:
                diagnostics += _check_codeblock(part, chapter.path, snippets_dir, checked)
            elif isinstance(part, Slides) and part.source:
                diagnostics += _check_slides(part, chapter.path, slides_dir, checked)
    return diagnostics


def _check_codeblock(block: CodeBlock, chapter_path: Path, snippets_dir: Path, checked: set[Path]) -> list[Diagnostic]:
    diagnostics = []
    files = find_snippets(snippets_dir, block.id)
    missing = files.missing_kinds()
    if missing:
        names = ", ".join(f"{kind}_{block.id}.py({KINDS_KO[kind]})" for kind in missing)
        diagnostics.append(
            Diagnostic(
                "codeblock-missing-snippet",
                f"코드 블록 {block.id}의 스크립트가 없습니다: {names}. {snippets_dir} 아래에 만드세요.",
                chapter_path,
                block.line,
            )
        )
    for path in files.existing():
        if path not in checked:
            checked.add(path)
            diagnostics += check_snippet(path)
    _, problem = fillable_blanks(files)
    if problem is not None:
        diagnostics.append(Diagnostic("blank-unaligned", problem, chapter_path, block.line))
    return diagnostics


def _check_slides(slides: Slides, chapter_path: Path, slides_dir: Path, checked: set[Path]) -> list[Diagnostic]:
    path = slides_dir / f"{slides.source}.md"
    if not path.is_file():
        return [
            Diagnostic(
                "slides-missing",
                f"슬라이드 파일 {path}이 없습니다. 파일을 만들거나 source 값을 고치세요.",
                chapter_path,
                slides.line,
            )
        ]
    if path in checked:
        return []
    checked.add(path)
    return check_deck(path)
