"""Check a book's chapters, snippet scripts and slide decks without building it.

The checks are the build's own: each chapter goes through
:func:`~coursebook.parser.parse_chapter` and the converter, so ``coursebook
check`` reports the same codes at the same lines as ``sphinx-build``. Nothing
is executed, and neither fastai nor torch is imported.
"""

from __future__ import annotations

import ast
import dataclasses as dc
from pathlib import Path

from coursebook.diagnostics import WARNING_TYPE, Diagnostic
from coursebook.notebook import chapter_notebook
from coursebook.parser import parse_chapter
from coursebook.snippet_checks import check_deck, check_snippet
from coursebook.snippets import index_snippets
from coursebook.sources import read_source

# conf.py values the check reads, with the extension's defaults.
_LAYOUT_DEFAULTS = {
    "coursebook_chapters_dir": "book/chapters",
    "coursebook_snippets_dir": "snippets",
    "coursebook_slides_dir": "book/slides",
    "suppress_warnings": [],
}


@dc.dataclass(frozen=True)
class BookLayout:
    """Source folders of a book, and the codes its ``conf.py`` suppresses."""

    root: Path
    chapters_dir: Path
    snippets_dir: Path
    slides_dir: Path
    suppress_warnings: tuple[str, ...] = ()


@dc.dataclass
class CheckReport:
    """Diagnostics of one check run and how many files it read."""

    diagnostics: list[Diagnostic] = dc.field(default_factory=list)
    chapters: int = 0
    snippets: int = 0
    decks: int = 0


def read_conf_values(conf_path: Path) -> dict[str, object]:
    """Return the literal top-level assignments of ``conf_path`` that the check uses.

    ``conf.py`` is parsed, not run, so a check never imports what it imports.
    A value that is not a Python literal keeps its default.
    """
    values = dict(_LAYOUT_DEFAULTS)
    if not conf_path.is_file():
        return values
    tree = ast.parse(read_source(conf_path)[0], filename=str(conf_path))
    for statement in tree.body:
        if not isinstance(statement, ast.Assign):
            continue
        for target in statement.targets:
            if isinstance(target, ast.Name) and target.id in values:
                try:
                    values[target.id] = ast.literal_eval(statement.value)
                except ValueError:
                    pass
    return values


def read_layout(root: Path) -> BookLayout:
    """Read the source folders of the book whose ``conf.py`` is in ``root``."""
    values = read_conf_values(root / "conf.py")
    suppress = values["suppress_warnings"]
    return BookLayout(
        root=root,
        chapters_dir=root / str(values["coursebook_chapters_dir"]),
        snippets_dir=root / str(values["coursebook_snippets_dir"]),
        slides_dir=root / str(values["coursebook_slides_dir"]),
        suppress_warnings=tuple(str(item) for item in suppress) if isinstance(suppress, (list, tuple)) else (),
    )


def check_chapter(path: Path, layout: BookLayout) -> tuple[list[str], list[Diagnostic]]:
    """Check one chapter and the files it refers to; return its code block ids and diagnostics."""
    text, diagnostics = read_source(path)
    chapter, found = parse_chapter(text, path)
    _, references = chapter_notebook(chapter, snippets_dir=layout.snippets_dir, slides_dir=layout.slides_dir)
    ids = [block.id for block in chapter.codeblocks() if block.id]
    return ids, diagnostics + found + references


def check_book(layout: BookLayout) -> CheckReport:
    """Check every chapter, snippet script and slide deck of the book."""
    report = CheckReport()
    used: set[str] = set()
    for path in sorted(layout.chapters_dir.rglob("*.md")):
        ids, diagnostics = check_chapter(path, layout)
        used.update(ids)
        report.chapters += 1
        report.diagnostics += diagnostics

    for codeblock_id, files in index_snippets(layout.snippets_dir).items():
        report.snippets += len(files.existing())
        if codeblock_id in used:
            continue
        for path in files.existing():
            report.diagnostics.append(
                Diagnostic(
                    "snippet-unused",
                    f"스크립트 {path.name}를 쓰는 코드 블록이 없습니다. "
                    f'장에 <codeblock id="{codeblock_id}">를 넣거나 파일을 지우세요.',
                    path,
                    1,
                )
            )
            report.diagnostics += check_snippet(path)

    for path in sorted(layout.slides_dir.rglob("*.md")):
        report.decks += 1
        report.diagnostics += check_deck(path)
    report.diagnostics = _unique(report.diagnostics)
    return report


def check_paths(paths: list[Path], layout: BookLayout) -> CheckReport:
    """Check the given files, or every file under the given folders, by kind.

    A ``.py`` file is a snippet script, a ``.md`` file under the slides folder
    a deck, and any other ``.md`` file a chapter. A folder contributes only
    the chapters, decks and snippets inside the configured folders, so
    ``book/index.md`` is not read as a chapter. Unused snippets are only found
    by :func:`check_book`, which reads every chapter.
    """
    report = CheckReport()
    slides_dir = layout.slides_dir.resolve()
    for path in _expand(paths, layout):
        if path.suffix == ".py":
            report.snippets += 1
            report.diagnostics += check_snippet(path)
        elif slides_dir in path.resolve().parents:
            report.decks += 1
            report.diagnostics += check_deck(path)
        else:
            report.chapters += 1
            report.diagnostics += check_chapter(path, layout)[1]
    report.diagnostics = _unique(report.diagnostics)
    return report


def is_suppressed(diagnostic: Diagnostic, suppress: list[str] | tuple[str, ...]) -> bool:
    """Tell whether ``suppress`` (entries like ``coursebook`` or ``coursebook.encoding``) names ``diagnostic``."""
    return WARNING_TYPE in suppress or diagnostic.qualified_code in suppress


def _expand(paths: list[Path], layout: BookLayout) -> list[Path]:
    sources = {
        ".md": (layout.chapters_dir.resolve(), layout.slides_dir.resolve()),
        ".py": (layout.snippets_dir.resolve(),),
    }
    files = []
    for path in paths:
        if not path.is_dir():
            files.append(path)
            continue
        for candidate in sorted(path.rglob("*")):
            folders = sources.get(candidate.suffix, ())
            resolved = candidate.resolve()
            if candidate.is_file() and any(folder in resolved.parents for folder in folders):
                files.append(candidate)
    return files


def _unique(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """Drop repeats, such as a snippet checked for two chapters, keeping the first."""
    seen = set()
    unique = []
    for diagnostic in diagnostics:
        key = (str(diagnostic.path and Path(diagnostic.path).resolve()), diagnostic.line, diagnostic.code, diagnostic.message)
        if key not in seen:
            seen.add(key)
            unique.append(diagnostic)
    return unique
