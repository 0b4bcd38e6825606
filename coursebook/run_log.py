"""Read the run log that the prelude cell writes while a page executes.

The log is JSON lines (see :data:`coursebook.snippets.RUN_LOG_SOURCE`): a
``versions`` record, then one record per executed cell with its execution
count and wall-clock seconds.
"""

from __future__ import annotations

import dataclasses as dc
import json
from pathlib import Path


@dc.dataclass
class RunLog:
    """Package versions of the kernel and the seconds each cell took, by execution count."""

    versions: dict[str, str | None] = dc.field(default_factory=dict)
    seconds: dict[int, float] = dc.field(default_factory=dict)


def read_run_log(path: Path) -> RunLog:
    """Parse the run log at ``path``; lines that are not valid records are skipped."""
    log = RunLog()
    if not path.is_file():
        return log
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            record = json.loads(line)
        except ValueError:
            continue
        if not isinstance(record, dict):
            continue
        if isinstance(record.get("versions"), dict):
            # A kernel restarted with the same log writes its versions again;
            # the last record is the kernel that ran the later cells.
            log.versions = record["versions"]
        elif isinstance(record.get("execution_count"), int) and isinstance(record.get("seconds"), (int, float)):
            log.seconds[record["execution_count"]] = float(record["seconds"])
    return log
