"""Say at the end of a failed build that its output folder now contains the failed pages.

``sphinx-build -W --keep-going`` writes every page before it exits with
status 1, so a direct build overwrites the last good HTML. ``make book``
(``python -m coursebook build``) builds into a staging folder instead and
publishes only a successful build, so the note suggests it. Builds of that
command get no note, because the command prints its own message.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.util import logging

from coursebook.staged_build import STAGING_ENV

if TYPE_CHECKING:
    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)


def build_failed(app: Sphinx, exception: BaseException | None) -> bool:
    """Return whether the build that is finishing will exit with a non-zero status."""
    if exception is not None or app.statuscode != 0:
        return True
    # Sphinx 9's Sphinx.build() sets statuscode from -W only after the
    # build-finished event, from these two attributes, so the event has to
    # read them itself. Both are private, checked against Sphinx 9.0.4.
    fail_on_warnings = getattr(app, "_fail_on_warnings", False)
    warning_count = getattr(app, "_warncount", 0)
    return bool(fail_on_warnings and warning_count)


def _is_staging_build(app: Sphinx) -> bool:
    staging = os.environ.get(STAGING_ENV)
    return bool(staging) and Path(staging).resolve() == Path(app.outdir).resolve()


def note_failed_output(app: Sphinx, exception: BaseException | None) -> None:
    if not build_failed(app, exception) or _is_staging_build(app):
        return
    # Info, not a warning: a warning would add one to the count that Sphinx
    # prints next and would itself fail a -W build.
    logger.info(
        "빌드에 실패했습니다. 출력 폴더 %s에는 이제 실패한 빌드의 페이지가 섞여 있을 수 있습니다. "
        "마지막으로 성공한 결과를 남기려면 make book(python -m coursebook build)으로 빌드하세요.",
        app.outdir,
    )


def setup_failed_output(app: Sphinx) -> None:
    # Late, so that warnings from other build-finished handlers are counted.
    app.connect("build-finished", note_failed_output, priority=900)
