"""Hold a lock on the build folder for the whole build.

Two builds of one book at once would execute into one jupyter-cache and
write one doctree folder. The second build waits for the first, up to
``coursebook_lock_timeout`` seconds, and then stops with a Korean message.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.util import logging

from coursebook.build_lock import BuildLock, BuildLockTimeout
from coursebook.sphinx.config import get_config

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

logger = logging.getLogger(__name__)


EXIT_LOCKED = 2


def build_folder(app: Sphinx) -> Path:
    """Return the folder that contains the output folder, such as ``_build`` for ``_build/html``."""
    return Path(app.outdir).resolve().parent


def acquire_build_lock(app: Sphinx, config: Config) -> None:
    folder = build_folder(app)
    timeout = max(get_config(app).lock_timeout, 0)
    lock = BuildLock(folder)

    def on_wait(holder: str) -> None:
        logger.info(
            "다른 빌드(%s)가 빌드 폴더 %s를 쓰고 있어, 그 빌드가 끝날 때까지 최대 %d초 기다립니다.",
            holder or "프로세스 정보 없음",
            folder,
            timeout,
        )

    try:
        lock.acquire(timeout, on_wait)
    except BuildLockTimeout as exc:
        logger.error(
            "다른 빌드(%s)가 빌드 폴더 %s를 %d초 넘게 쓰고 있어 이 빌드를 시작하지 않았습니다. "
            "그 빌드가 끝난 뒤 다시 실행하세요. 기다릴 시간은 conf.py의 coursebook_lock_timeout(초)으로 정합니다. "
            "잠금 파일: %s",
            exc.holder or "프로세스 정보 없음",
            folder,
            int(exc.waited),
            exc.path,
        )
        # sphinx-build 9 prints any exception with a traceback and a request
        # to report a Sphinx bug, so this user-facing stop exits directly.
        # NOTE: a program that runs Sphinx in its own process exits too.
        raise SystemExit(EXIT_LOCKED) from None
    app.coursebook_build_lock = lock  # type: ignore[attr-defined]  # Sphinx has no slot for extension state


def release_build_lock(app: Sphinx, exception: BaseException | None) -> None:
    lock = getattr(app, "coursebook_build_lock", None)
    if lock is not None:
        lock.release()


def setup_lock(app: Sphinx) -> None:
    # After the config validator (priority 500) and before builder-inited,
    # so that provisioning and execution only ever run under the lock.
    app.connect("config-inited", acquire_build_lock, priority=600)
    app.connect("build-finished", release_build_lock)
