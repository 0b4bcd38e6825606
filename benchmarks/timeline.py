"""Print the log of one four-chapter build on every core, each line with the seconds since the start.

Usage: ``python benchmarks/timeline.py CACHE_DIR``, where ``CACHE_DIR`` contains
provisioned data and weights (``_build/cache`` after one ``make book``). The
book is the same four-chapter fixture as ``bench.py`` builds (chapter 2 and
three copies), built as ``make book`` builds it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from bench import four_chapter_book


def main() -> int:
    work, command = four_chapter_book(Path(sys.argv[1]).resolve())

    # Unbuffered, so that each line is timed when Sphinx writes it.
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=work, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    for line in process.stdout:
        if line.strip() and "[coursebook.api-stale]" not in line:
            print(f"{time.perf_counter() - start:6.2f} {line.rstrip()[:160]}")
    status = process.wait()
    print(f"{time.perf_counter() - start:6.2f} exit status {status}")

    shutil.rmtree(work, ignore_errors=True)
    return status


if __name__ == "__main__":
    sys.exit(main())
