"""The staging folder that ``coursebook build`` builds into, and the state kept next to it.

Sphinx decides what to write by comparing its saved environment and the
pages already in the output folder with the sources. Two cases would let a
stale staging folder pass as a good build, and :func:`prepare_staging`
handles both before Sphinx starts:

* After a failed or stopped build, Sphinx would not re-read the pages that
  warned (so it would not warn again) and would keep half-written pages.
  Removing the saved environment makes it read and write every page again.
* Sphinx never deletes the page of a removed source. When a file under
  ``book/`` has disappeared since the last published build, the staging
  folder is emptied, so that the build writes only current pages.
"""

from __future__ import annotations

import dataclasses as dc
import os
import shutil
from pathlib import Path

# Present from the start of a build until its output is published. Finding
# it at the start means the previous build failed or was stopped.
UNPUBLISHED_MARKER = "staging.unpublished"

# The files under book/ when the published build started, one relative path a line.
SOURCES_MANIFEST = "staging.sources"

# Sphinx 9's sphinx.environment.ENV_PICKLE_FILENAME, written out here so
# that the command does not import Sphinx.
ENV_PICKLE_NAME = "environment.pickle"


@dc.dataclass(frozen=True)
class BuildFolders:
    """The folders of one book's build, all under ``root/_build``."""

    root: Path

    @property
    def sources(self) -> Path:
        return self.root / "book"

    @property
    def build(self) -> Path:
        return self.root / "_build"

    @property
    def staging(self) -> Path:
        # A direct child of _build, like _build/html, so the extension's
        # build lock (in the output folder's parent) is the same file for
        # this command and for a direct sphinx-build into _build/html.
        return self.build / "staging"

    @property
    def published(self) -> Path:
        return self.build / "html"

    @property
    def doctrees(self) -> Path:
        return self.build / "doctrees"


def prepare_staging(folders: BuildFolders) -> list[str]:
    """Reset what would make the next build reuse stale output, and return the files under ``book/``.

    The caller records that list with :func:`finish_staging` after a publish.
    Prints one Korean line for each reset, because each makes the build slower.
    """
    marker = folders.build / UNPUBLISHED_MARKER
    if marker.exists():
        # NOTE: with -d among the Sphinx options the environment is elsewhere and stays.
        (folders.doctrees / ENV_PICKLE_NAME).unlink(missing_ok=True)
        print("지난 빌드가 실패했거나 중단되어, 이번에는 모든 페이지를 다시 읽고 씁니다.")

    sources = _source_files(folders.sources)
    if folders.staging.exists() and _sources_removed(folders, sources):
        shutil.rmtree(folders.staging)
        print(f"책에서 없어진 파일이 있어, 그 페이지가 남지 않도록 {folders.staging.name} 폴더를 비우고 모든 페이지를 다시 씁니다.")

    marker.touch()
    return sources


def finish_staging(folders: BuildFolders, sources: list[str]) -> None:
    """Record that the staging folder was published from a build of ``sources``."""
    (folders.build / SOURCES_MANIFEST).write_text("".join(f"{path}\n" for path in sources), encoding="utf-8")
    (folders.build / UNPUBLISHED_MARKER).unlink()


def _sources_removed(folders: BuildFolders, sources: list[str]) -> bool:
    try:
        recorded = (folders.build / SOURCES_MANIFEST).read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        # A staging folder without a record was not made by this command's
        # last published build, so nothing is known about its pages.
        return True
    return bool(set(recorded) - set(sources))


def _source_files(folder: Path) -> list[str]:
    found = []
    for directory, _, names in os.walk(folder):
        relative = Path(directory).relative_to(folder)
        found.extend((relative / name).as_posix() for name in names)
    return sorted(found)
