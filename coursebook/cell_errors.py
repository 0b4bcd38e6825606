"""Locate the author's line behind a failed notebook cell.

IPython names the frames of a cell ``Cell In[N], line L``. Each cell built by
:mod:`coursebook.snippets` records its script and first line, so the failing
line of the script is that first line plus ``L - 1``.
"""

from __future__ import annotations

import dataclasses as dc
import re

import nbformat

_ANSI_RE = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
_CELL_FRAME_RE = re.compile(r"Cell In\s*\[\d*\],\s*line (\d+)")
_SYNTAX_LINE_RE = re.compile(r"^\s*Cell In\s*\[\d*\],\s*line (\d+)", re.MULTILINE)


@dc.dataclass(frozen=True)
class CellError:
    """Location and summary of a snippet cell's failure."""

    source: str | None
    line: int | None
    summary: str

    def location(self) -> str | None:
        if self.source is None:
            return None
        return f"{self.source}:{self.line}" if self.line else self.source


def strip_ansi(text: str) -> str:
    return _ANSI_RE.sub("", text)


def error_output(cell: nbformat.NotebookNode) -> nbformat.NotebookNode | None:
    """Return the first ``error`` output of a code cell, if any."""
    for output in cell.get("outputs", []):
        if output.get("output_type") == "error":
            return output
    return None


def line_in_cell(traceback: list[str]) -> int | None:
    """Return the 1-based line of the innermost frame that lies in the cell."""
    text = strip_ansi("\n".join(traceback))
    lines = _CELL_FRAME_RE.findall(text) or _SYNTAX_LINE_RE.findall(text)
    return int(lines[-1]) if lines else None


def locate(cell: nbformat.NotebookNode, output: nbformat.NotebookNode | None) -> CellError:
    """Describe the failure of ``cell`` from its error ``output``.

    With no error output (a cell that timed out, say) the location is the
    cell's first line.
    """
    meta = cell.get("metadata", {}).get("coursebook", {})
    source = meta.get("source")
    first_line = meta.get("line")

    if output is None:
        return CellError(source, first_line, "")

    summary = f"{output.get('ename', 'Error')}: {output.get('evalue', '')}".rstrip(": ")
    offset = line_in_cell(output.get("traceback", []))
    line = first_line + offset - 1 if first_line and offset else first_line
    return CellError(source, line, summary)
