"""Run ``sphinx-build`` on the repository's own book, as ``make book`` does."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = ROOT.parent / "shared" / "data"


@dataclass
class Build:
    returncode: int
    log: str
    html_dir: Path

    def page(self, name: str = "chapters/chapter2.html") -> BeautifulSoup:
        return BeautifulSoup((self.html_dir / name).read_text(encoding="utf-8"), "html.parser")


def run_build(workdir: Path, *, data_dir: Path | None, extra: tuple[str, ...] = ()) -> Build:
    """Run ``sphinx-build`` on the repository's book with caches under ``workdir``, as ``make book`` does."""
    env = {key: value for key, value in os.environ.items() if key != "COURSEBOOK_DATA_DIR"}
    if data_dir is not None:
        env["COURSEBOOK_DATA_DIR"] = str(data_dir)
    html_dir = workdir / "html"
    command = [
        sys.executable, "-m", "sphinx", "--no-color",
        "-b", "html", "-W", "--keep-going", "-n",
        # As make book reads and writes pages: one process per core.
        "-j", "auto",
        "-c", str(ROOT),
        "-d", str(workdir / "doctrees"),
        "-D", f"coursebook_cache_dir={workdir / 'cache'}",
        "-D", f"nb_execution_cache_path={workdir / 'jupyter_cache'}",
        "-D", "coursebook_download=0",
        *extra,
        str(ROOT / "book"),
        str(html_dir),
    ]
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=1800)
    return Build(result.returncode, result.stdout + result.stderr, html_dir)
