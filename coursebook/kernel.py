"""Run a notebook in a fresh Jupyter kernel and report the first failure."""

from __future__ import annotations

import dataclasses as dc
import os
from collections.abc import Mapping
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError

from coursebook.cell_errors import CellError, error_output, locate


@dc.dataclass(frozen=True)
class RunResult:
    """Outcome of one notebook run."""

    notebook: nbformat.NotebookNode
    error: CellError | None
    timed_out: bool = False

    @property
    def ok(self) -> bool:
        return self.error is None


def run_notebook(
    notebook: nbformat.NotebookNode,
    *,
    cwd: Path,
    env: Mapping[str, str] | None = None,
    timeout: int = 600,
) -> RunResult:
    """Execute ``notebook`` in place in a new ``python3`` kernel.

    ``env`` is added to this process's environment for the kernel only.
    ``timeout`` is the limit for one cell, in seconds.
    """
    client = NotebookClient(
        notebook,
        timeout=timeout,
        kernel_name="python3",
        allow_errors=False,
        resources={"metadata": {"path": str(cwd)}},
    )
    kernel_env = {**os.environ, **(env or {})}

    try:
        client.execute(env=kernel_env)
    except CellTimeoutError:
        return RunResult(notebook, locate(_last_started_cell(notebook), None), timed_out=True)
    except CellExecutionError:
        return RunResult(notebook, _first_error(notebook))
    return RunResult(notebook, None)


def _last_started_cell(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    started = [
        cell
        for cell in notebook.cells
        if cell.cell_type == "code" and cell.get("execution_count") is not None
    ]
    return started[-1] if started else notebook.cells[0]


def _first_error(notebook: nbformat.NotebookNode) -> CellError:
    for cell in notebook.cells:
        output = error_output(cell) if cell.cell_type == "code" else None
        if output is not None:
            return locate(cell, output)
    return locate(_last_started_cell(notebook), None)
