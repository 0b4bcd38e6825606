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
import tempfile
import time
from pathlib import Path

from bench import add_chapter_copies, copy_book, sphinx_command


def main() -> int:
    provisioned = Path(sys.argv[1]).resolve()
    work = Path(tempfile.mkdtemp(prefix="coursebook-timeline-"))
    copy_book(work)
    add_chapter_copies(work, (3, 4, 5))
    command = sphinx_command(
        work,
        f"coursebook_cache_dir={provisioned}",
        f"nb_execution_cache_path={work / '_build' / '.jupyter_cache'}",
    )

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
