"""Read which code blocks a build executed from its log."""

from __future__ import annotations

import re

# Block execution logs one line per executed code block:
# "코드 블록 02_11 실행: 3.2초", or "코드 블록 02_11 실행 실패(...)" when it failed.
EXECUTED_RE = re.compile(r"^코드 블록 (\S+) 실행[: ]", re.MULTILINE)


def executed_codeblocks(log: str) -> list[str]:
    """Return the ids of the code blocks that the build logged as executed, in log order."""
    return EXECUTED_RE.findall(log)
