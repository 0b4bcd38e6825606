"""Executed outputs of code blocks, one cache entry per code block.

Every solution script is a standalone program, so each code block is executed
and cached on its own: editing one snippet re-executes only that code block.
An entry's key is a hash of everything its outputs depend on (see
:func:`block_key`); an entry never changes once written, and a new key is a
new file.
"""

from __future__ import annotations

import dataclasses as dc
import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Literal, get_args

import nbformat

Status = Literal["ok", "error", "timeout", "dead"]

# Bumped when the entry format or the way blocks execute changes, so entries
# written by an older coursebook are executed again instead of misread.
FORMAT = 3


@dc.dataclass
class BlockResult:
    """Outputs of one executed code block, cell by cell, with how the run went.

    ``outputs`` and ``seconds`` hold one item per cell of the block, the
    prelude included. ``failed_cell`` is the index of the cell that raised,
    timed out or was running when the kernel died; ``None`` when ``status`` is
    ``"ok"``. ``executed_at`` is a Unix time.
    """

    key: str
    codeblock: str
    status: Status
    outputs: list[list[dict]]
    seconds: list[float | None]
    versions: dict[str, str | None]
    executed_at: float
    failed_cell: int | None = None
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.status == "ok"

    def total_seconds(self) -> float | None:
        measured = [value for value in self.seconds[1:] if value is not None]
        return round(sum(measured), 3) if measured else None


def block_key(sources: list[str], context: dict[str, object]) -> str:
    """Hash the cell sources of a code block with the ``context`` they run in.

    ``context`` contains what the outputs depend on besides the code: the
    provisioned inputs, library versions, helper modules and folders.
    """
    payload = json.dumps({"format": FORMAT, "sources": sources, "context": context}, sort_keys=True)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


class BlockCache:
    """A folder of executed code blocks, one JSON file per key."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"

    def get(self, key: str) -> BlockResult | None:
        """Return the entry stored under ``key``, or ``None`` when there is none or it is unreadable or invalid."""
        path = self.path(key)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            result = BlockResult(**data)
        except (OSError, ValueError, TypeError):
            return None
        # An entry edited by hand or by another program must not reach the page
        # builder, which fails with a traceback on a malformed output.
        return result if _is_valid(result) else None

    def put(self, result: BlockResult) -> None:
        """Store ``result``; a build killed while writing leaves no partial entry."""
        path = self.path(result.key)
        path.parent.mkdir(parents=True, exist_ok=True)
        data = json.dumps(dc.asdict(result), ensure_ascii=False)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                stream.write(data)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _is_valid(result: BlockResult) -> bool:
    """Check the field types of an entry read from disk and its outputs against the nbformat schema."""
    if result.status not in get_args(Status) or not isinstance(result.versions, dict):
        return False
    if not _is_number(result.executed_at) or not isinstance(result.seconds, list):
        return False
    if not all(value is None or _is_number(value) for value in result.seconds):
        return False
    if result.failed_cell is not None and not isinstance(result.failed_cell, int):
        return False
    if not isinstance(result.outputs, list) or not all(isinstance(outputs, list) for outputs in result.outputs):
        return False
    try:
        for outputs in result.outputs:
            # Validates the cell, its outputs included, against the nbformat 4 schema.
            nbformat.v4.new_code_cell(outputs=outputs)
    except nbformat.ValidationError:
        return False
    return True
