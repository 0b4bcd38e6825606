"""Run a real ``sphinx-build`` on a small test root from ``tests/roots``.

Each root mirrors the repository layout: pages under ``book/`` (chapters in
``book/chapters``, decks in ``book/slides``) and snippet scripts under
``snippets/``. :func:`build_root` copies a root into a temporary folder,
optionally replaces or deletes some of its files, writes ``conf.py`` there and
builds in a subprocess with ``-W --keep-going -n``, as ``make book`` does.
"""

from __future__ import annotations

import dataclasses as dc
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from bs4 import BeautifulSoup

ROOTS_DIR = Path(__file__).resolve().parent / "roots"

CONF_TEMPLATE = """\
project = "시험용 책"
language = "ko"
extensions = ["coursebook.sphinx"]
exclude_patterns = ["slides/**", "_build"]
html_theme = "sphinx_book_theme"
nb_execution_mode = "cache"
nb_execution_cache_path = {cache_path!r}
# Above myst-nb's 30 s default: the hidden cell before every code block
# imports torch, which can take tens of seconds while the disk cache is cold.
nb_execution_timeout = 120
coursebook_provision = False
# Checking names against fastai imports it, which takes seconds; the tests
# of the check turn it on with -D coursebook_api_check=1.
coursebook_api_check = False
coursebook_chapters_dir = "book/chapters"
coursebook_snippets_dir = "snippets"
coursebook_slides_dir = "book/slides"
"""

# Sphinx prints "path:line: WARNING: message [type.subtype]". myst-nb 1.4
# appends its own tag a second time, so the pattern captures the last tag.
_WARNING_RE = re.compile(r"^(?P<location>.*?): WARNING: (?P<message>.*?) \[(?P<tag>[\w.-]+)\]$")


@dc.dataclass(frozen=True)
class BuildWarning:
    """One warning line that Sphinx printed."""

    location: str
    message: str
    tag: str


@dc.dataclass
class BuildResult:
    """Exit status, output streams and folders of one fixture build."""

    returncode: int
    stdout: str
    stderr: str
    warnings_file_text: str
    root_dir: Path
    html_dir: Path

    def warnings(self, tag: str | None = None) -> list[BuildWarning]:
        """Parse the warnings printed on stderr, optionally only those tagged ``tag``."""
        found = []
        for line in self.stderr.splitlines():
            match = _WARNING_RE.match(line)
            if match and (tag is None or match["tag"] == tag):
                found.append(BuildWarning(match["location"], match["message"], match["tag"]))
        return found

    def page(self, docname: str) -> BeautifulSoup:
        path = self.html_dir / f"{docname}.html"
        return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")

    def page_text(self, docname: str) -> str:
        return (self.html_dir / f"{docname}.html").read_text(encoding="utf-8")


def copy_root(name: str, dest: Path, files: dict[str, str | None] | None = None) -> Path:
    """Copy ``tests/roots/<name>`` to ``dest``; ``files`` replaces (text) or deletes (``None``) files."""
    shutil.copytree(ROOTS_DIR / name, dest)
    for relative, text in (files or {}).items():
        path = dest / relative
        if text is None:
            path.unlink()
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    return dest


def build_root(
    name: str,
    dest: Path,
    *,
    files: dict[str, str | None] | None = None,
    overrides: dict[str, str] | None = None,
    jobs: int | None = None,
    env: dict[str, str] | None = None,
) -> BuildResult:
    """Copy root ``name`` into ``dest``, write its ``conf.py`` and build its HTML (``jobs`` processes, as ``-j``).

    ``env`` adds environment variables to the build's, which its kernels inherit.
    """
    root = copy_root(name, dest.resolve(), files)
    build_dir = root / "_build"
    build_dir.mkdir()
    (root / "conf.py").write_text(
        CONF_TEMPLATE.format(cache_path=str(build_dir / "jupyter_cache")), encoding="utf-8"
    )
    return run_build(root, overrides=overrides, jobs=jobs, env=env)


def run_build(
    root: Path,
    *,
    overrides: dict[str, str] | None = None,
    timeout: float = 300,
    jobs: int | None = None,
    env: dict[str, str] | None = None,
) -> BuildResult:
    """Build ``root`` (made by :func:`build_root`) again; ``overrides`` are ``-D`` settings.

    The doctrees and the execution cache stay in ``root/_build``, so a second
    run is an incremental build.
    """
    build_dir = root / "_build"
    warnings_file = build_dir / "warnings.txt"
    command = [
        sys.executable, "-m", "sphinx", "--no-color",
        "-b", "html", "-W", "--keep-going", "-n",
        "-c", str(root),
        "-d", str(build_dir / "doctrees"),
        "-w", str(warnings_file),
    ]
    if jobs is not None:
        command += ["-j", str(jobs)]
    for key, value in (overrides or {}).items():
        command += ["-D", f"{key}={value}"]
    command += [str(root / "book"), str(build_dir / "html")]

    completed = subprocess.run(
        command, cwd=root, capture_output=True, text=True, timeout=timeout, env={**os.environ, **(env or {})}
    )
    return BuildResult(
        returncode=completed.returncode,
        stdout=completed.stdout,
        stderr=completed.stderr,
        warnings_file_text=warnings_file.read_text(encoding="utf-8") if warnings_file.exists() else "",
        root_dir=root,
        html_dir=build_dir / "html",
    )
