"""The ``coursebook build`` command: build into a staging folder, publish only a successful build.

``sphinx-build -W --keep-going`` writes every page, including the pages of a
failing build, before it exits with status 1. Building into
``_build/staging`` and copying to ``_build/html`` only after exit status 0
keeps the last good book readable while a broken one is being fixed. The
staging folder stays between builds because Sphinx rewrites only the pages
whose output is older than their source, so incremental and no-op builds stay
fast.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from coursebook.build_lock import BuildLock, BuildLockTimeout
from coursebook.disk_space import full_disk_note, low_space_warning, mib
from coursebook.publish import NotEnoughSpace, PublishInterrupted, PublishResult, publish
from coursebook.staging import BuildFolders, finish_staging, prepare_staging

# Sphinx runs with this variable set to the staging folder, so that the
# extension leaves out its note about a failed build's pages there.
STAGING_ENV = "COURSEBOOK_STAGING_DIR"

# Held from the start of the build to the end of the publish, so one build
# never publishes a staging folder that another build is writing.
PUBLISH_LOCK_NAME = "coursebook-publish.lock"
PUBLISH_LOCK_TIMEOUT = 3600

EXIT_PUBLISH_FAILED = 1
EXIT_LOCKED = 2
EXIT_INTERRUPTED = 130


def sphinx_command(folders: BuildFolders, sphinx_options: list[str]) -> list[str]:
    """Return the ``sphinx-build`` command line of ``make book``, writing into the staging folder.

    Pages are read and written by one process per core (``-j auto``) unless
    ``sphinx_options`` choose a number, as the code blocks run on one kernel
    per core.
    """
    jobs = [] if _chooses_jobs(sphinx_options) else ["-j", "auto"]
    return [
        sys.executable, "-m", "sphinx",
        "-b", "html", "-W", "--keep-going", "-n",
        *jobs,
        "-c", str(folders.root),
        "-d", str(folders.doctrees),
        *sphinx_options,
        str(folders.sources),
        str(folders.staging),
    ]


def _chooses_jobs(sphinx_options: list[str]) -> bool:
    return any(option in ("-j", "--jobs") or option.startswith(("-j", "--jobs=")) for option in sphinx_options)


def run_build(root: Path, sphinx_options: list[str]) -> int:
    """Build the book in ``root``, publish it when Sphinx exits with 0, and return the exit status."""
    folders = BuildFolders(root)
    folders.build.mkdir(exist_ok=True)
    lock = BuildLock(folders.build, PUBLISH_LOCK_NAME)

    def on_wait(holder: str) -> None:
        print(
            f"다른 coursebook build({holder or '프로세스 정보 없음'})가 {_shown(folders.build)}에서 빌드하고 있어, "
            f"그 빌드가 끝날 때까지 최대 {PUBLISH_LOCK_TIMEOUT}초 기다립니다.",
            file=sys.stderr,
        )

    try:
        lock.acquire(PUBLISH_LOCK_TIMEOUT, on_wait)
    except BuildLockTimeout as exc:
        print(
            f"다른 coursebook build({exc.holder or '프로세스 정보 없음'})가 {int(exc.waited)}초 넘게 끝나지 않아 "
            f"이 빌드를 시작하지 않았습니다. 그 빌드가 끝난 뒤 다시 실행하세요. 잠금 파일: {_shown(exc.path)}",
            file=sys.stderr,
        )
        return EXIT_LOCKED

    try:
        return _build_and_publish(folders, sphinx_options)
    finally:
        lock.release()


def _build_and_publish(folders: BuildFolders, sphinx_options: list[str]) -> int:
    sources = prepare_staging(folders)
    warning = low_space_warning(folders.build, _shown(folders.build))
    if warning:
        print(warning, file=sys.stderr)

    status = _run_sphinx(folders, sphinx_options)
    if status != 0:
        print(failure_message(folders, status), file=sys.stderr)
        note = full_disk_note(folders.build, _shown(folders.build))
        if note:
            print(note, file=sys.stderr)
        return status

    try:
        result = publish(folders.staging, folders.published)
    except (NotEnoughSpace, PublishInterrupted) as exc:
        print(publish_failure_message(folders, exc), file=sys.stderr)
        return EXIT_PUBLISH_FAILED
    finish_staging(folders, sources)
    print(success_message(folders, result))
    return 0


def _run_sphinx(folders: BuildFolders, sphinx_options: list[str]) -> int:
    # A child process, not build_main in this one: Sphinx, myst-nb and the
    # extension change process-wide state (logging, os.environ, kernels), and
    # the extension's build lock ends its process with SystemExit. In a child
    # every way Sphinx can end becomes an exit status that decides the publish.
    environment = {**os.environ, STAGING_ENV: str(folders.staging)}
    # conf.py may use paths relative to the working folder (myst-nb resolves
    # nb_execution_cache_path that way), and make book runs in the root.
    # Messages printed so far must reach a pipe before the child's own output.
    sys.stdout.flush()
    sys.stderr.flush()
    process = subprocess.Popen(sphinx_command(folders, sphinx_options), cwd=folders.root, env=environment)
    try:
        return process.wait()
    except KeyboardInterrupt:
        # A terminal's Ctrl-C reaches Sphinx too; a SIGINT sent to this
        # process alone is passed on. Waiting lets Sphinx stop its kernels.
        process.send_signal(signal.SIGINT)
        process.wait()
        return EXIT_INTERRUPTED


def failure_message(folders: BuildFolders, status: int) -> str:
    """Return the Korean message for a build that exited with ``status``, which is not 0."""
    staging = _shown(folders.staging)
    published = _shown(folders.published)
    if folders.published.is_dir():
        # NOTE: a folder that a direct sphinx-build wrote counts as the last
        # good build too, because nothing records who wrote it.
        published_state = f"{published} 폴더는 바꾸지 않았으며, 마지막으로 성공한 빌드의 결과가 그대로 있습니다."
    else:
        published_state = f"아직 성공한 빌드가 없어 {published} 폴더는 없습니다."
    return (
        f"빌드에 실패했습니다(sphinx-build 종료 코드 {status}). {published_state} "
        f"실패한 빌드의 페이지는 {staging}에서 볼 수 있습니다. 위의 경고와 오류를 고친 뒤 다시 빌드하세요."
    )


def publish_failure_message(folders: BuildFolders, error: NotEnoughSpace | PublishInterrupted) -> str:
    """Return the Korean message for a successful build that could not be published."""
    staging = _shown(folders.staging)
    published = _shown(folders.published)
    if isinstance(error, NotEnoughSpace):
        return (
            f"빌드는 성공했지만 {published}에 반영하지 못했습니다: 바뀐 파일 {error.files}개({mib(error.needed)})를 "
            f"복사해야 하는데 디스크에 남은 공간이 {mib(error.free, up=False)}뿐입니다. {published} 폴더는 바꾸지 않았으며, "
            f"새 페이지는 {staging}에서 볼 수 있습니다. 공간을 비운 뒤 다시 빌드하세요."
        )
    cause = error.error.strerror or str(error.error)
    where = f" ({error.error.filename})" if error.error.filename else ""
    return (
        f"빌드는 성공했지만 {published}에 반영하다가 멈췄습니다: {cause}{where}. 바뀐 파일 {error.to_copy}개 중 "
        f"{len(error.result.copied)}개만 복사해서 {published}에는 이전 빌드와 새 빌드의 파일이 섞여 있습니다. "
        f"새 페이지는 {staging}에서 볼 수 있습니다. 원인을 고친 뒤 다시 빌드하면 나머지 파일을 반영합니다."
    )


def success_message(folders: BuildFolders, result: PublishResult) -> str:
    """Return the Korean message for a build that succeeded and was published as ``result``."""
    index = _shown(folders.published / "index.html")
    return (
        f"빌드에 성공해 책을 {_shown(folders.published)}에 반영했습니다"
        f"(바뀐 파일 {len(result.copied)}개 복사, 없어진 파일 {len(result.deleted)}개 삭제). "
        f"책: {index}"
    )


def _shown(path: Path) -> str:
    """Return ``path`` relative to the working folder when it is inside it, else absolute."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path.resolve())
