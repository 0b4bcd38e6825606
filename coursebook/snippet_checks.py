"""Check snippet scripts and slide decks without running them."""

from __future__ import annotations

import functools
import re
from pathlib import Path

from coursebook.diagnostics import Diagnostic
from coursebook.snippets import script_notebook
from coursebook.sources import read_source

# IPython line and cell magics and shell escapes (``%time``, ``%%capture``,
# ``!ls``) are not Python; they are compiled as ``pass`` at the same indentation.
_MAGIC_RE = re.compile(r"^(?P<indent>\s*)(?:%|!)")


def _without_magics(source: str) -> str:
    return "\n".join(_MAGIC_RE.sub(r"\g<indent>pass #", line) for line in source.split("\n"))


def check_snippet(path: Path) -> list[Diagnostic]:
    """Report encoding problems and syntax errors of snippet script ``path``.

    Each code cell is compiled as the kernel would run it, and a syntax error
    is reported at the script's own line. Results are reused while the file's
    size and modification time stay the same, because every chapter that is
    converted again re-checks its snippets.
    """
    stat = path.stat()
    return list(_check_snippet_cached(path, stat.st_mtime_ns, stat.st_size))


@functools.lru_cache(maxsize=1024)
def _check_snippet_cached(path: Path, mtime_ns: int, size: int) -> tuple[Diagnostic, ...]:
    return tuple(_check_snippet(path))


def _check_snippet(path: Path) -> list[Diagnostic]:
    text, diagnostics = read_source(path)
    notebook = script_notebook(text, path)
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        cell_line = cell.metadata["coursebook"]["line"]
        try:
            compile(_without_magics(cell.source), str(path), "exec")
        except SyntaxError as exc:
            line = cell_line + (exc.lineno or 1) - 1
            diagnostics.append(
                Diagnostic(
                    "snippet-syntax",
                    f"스크립트에 문법 오류가 있습니다: {exc.msg}. 이 줄의 괄호, 따옴표, 들여쓰기를 확인하세요.",
                    path,
                    line,
                )
            )
        except ValueError as exc:
            # compile() raises ValueError for a NUL character in the source.
            diagnostics.append(
                Diagnostic(
                    "snippet-syntax",
                    f"스크립트를 컴파일하지 못했습니다: {exc}. 파일에서 NUL 문자를 지우세요.",
                    path,
                    cell_line,
                )
            )
    return diagnostics


def check_deck(path: Path) -> list[Diagnostic]:
    """Report encoding problems of slide deck ``path``."""
    return read_source(path)[1]
