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
from typing import Literal

Status = Literal["ok", "error", "timeout", "dead"]

# Bumped when the entry format or the way blocks execute changes, so entries
# written by an older coursebook are executed again instead of misread.
FORMAT = 1


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
        """Return the entry stored under ``key``, or ``None`` when there is none or it is unreadable."""
        path = self.path(key)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return BlockResult(**data)
        except (OSError, ValueError, TypeError):
            return None

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
